/**
 * Writing nmodlc's outputs whole or not at all (Node only). A file is written to a temporary file
 * in the same folder, flushed to disk, then renamed over its name; if anything fails on the way
 * (a full disk, a file size limit, no permission), the temporary file is removed and a file already
 * under that name is left as it was. The compiler's other code reads no files and writes none.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The codes of {@link WriteFileError}. */
export type WriteFileErrorCode = 'WRITE_FAILED';

/**
 * A file that could not be written. `file` names it, `reason` says why in a few words (the system's
 * message, e.g. `EFBIG: file too large, write`); the message says both on one line.
 * @example
 * ```ts
 * try {
 *   writeFileAtomic('out/hh.ts', source);
 * } catch (e) {
 *   if (e instanceof WriteFileError) console.error(`nmodlc: ${e.message}`);
 * }
 * ```
 */
export class WriteFileError extends Error {
  /** What went wrong: `WRITE_FAILED`. */
  readonly code: WriteFileErrorCode;
  /** The file that was to be written. */
  readonly file: string;
  /** Why it could not be, in the system's words. */
  readonly reason: string;

  /**
   * @param file - the file that was to be written
   * @param cause - what the file system threw
   * @example
   * ```ts
   * throw new WriteFileError('out/hh.ts', err);
   * ```
   */
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot write ${file}: ${reason}`, { cause });
    this.name = 'WriteFileError';
    this.code = 'WRITE_FAILED';
    this.file = file;
    this.reason = reason;
  }
}

/** A name for the temporary file beside `file`: hidden, unique to this process and call. */
function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `text` (UTF-8) to `file` whole or not at all: to a temporary file in the same folder,
 * flushed, then renamed over `file`. On failure the temporary file is removed, `file` keeps what it
 * had (or stays absent), and a {@link WriteFileError} naming `file` is thrown.
 * @example
 * ```ts
 * writeFileAtomic(join(out, 'hh.ts'), result.source);
 * ```
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = tempPath(file);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) {
      try { closeSync(fd); } catch { /* already closed */ }
    }
    try { unlinkSync(temp); } catch { /* never created, or already gone */ }
    throw new WriteFileError(file, e);
  }
}
