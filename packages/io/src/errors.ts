/**
 * Error codes raised by `@neurite/io`. Each names one way input or output can go wrong.
 */
export type IoErrorCode =
  | 'CSV_RAGGED_ROW'
  | 'CSV_NOT_A_NUMBER'
  | 'CSV_BAD_QUOTE'
  | 'CSV_EMPTY'
  | 'CSV_BAD_HEADER'
  | 'JSON_SYNTAX'
  | 'JSON_NOT_A_TABLE'
  | 'PICKLE_TRUNCATED'
  | 'PICKLE_UNSUPPORTED_OPCODE'
  | 'PICKLE_UNSUPPORTED_PROTOCOL'
  | 'PICKLE_FORBIDDEN_GLOBAL'
  | 'PICKLE_MALFORMED'
  | 'PICKLE_NOT_A_TABLE'
  | 'NPY_BAD_MAGIC'
  | 'NPY_BAD_HEADER'
  | 'NPY_UNSUPPORTED_DTYPE'
  | 'NPY_TRUNCATED'
  | 'NPZ_MALFORMED'
  | 'NPZ_UNSUPPORTED'
  | 'LENGTH_MISMATCH'
  | 'BAD_COLUMN'
  | 'BAD_NAME'
  | 'NOT_FINITE'
  | 'UNKNOWN_FORMAT'
  | 'WRITE_FAILED'
  | 'STREAM_CLOSED';

/** Where in the input an error was found. All fields are optional; messages include what is known. */
export interface IoErrorPosition {
  /** 1-based line number (text formats). */
  line?: number;
  /** 1-based column number, in characters (text formats). */
  column?: number;
  /** 0-based byte offset (binary formats). */
  offset?: number;
}

/** Options for constructing an {@link IoError}. */
export interface IoErrorOptions extends IoErrorPosition {
  /** Name of the file (or other source) being read or written. */
  source?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error class of `@neurite/io`. `code` says what went wrong, `source` names the file,
 * `line`/`column` or `offset` say where; the message contains all of them in words.
 *
 * @example
 * ```ts
 * import { parseCsv, IoError } from '@neurite/io';
 * try {
 *   parseCsv('1,2\n3\n', { source: 'run.csv' });
 * } catch (e) {
 *   if (e instanceof IoError && e.code === 'CSV_RAGGED_ROW') console.log(e.line); // 2
 * }
 * ```
 */
export class IoError extends Error {
  /** Machine-readable error code. */
  readonly code: IoErrorCode;
  /** File or source name, when known. */
  readonly source: string | undefined;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** 1-based column, when known. */
  readonly column: number | undefined;
  /** 0-based byte offset, when known. */
  readonly offset: number | undefined;

  /**
   * @param code - what went wrong
   * @param detail - what was expected and what was found
   * @param options - file name and position
   * @example
   * ```ts
   * throw new IoError('CSV_NOT_A_NUMBER', 'expected a number, found "abc"', { source: 'a.csv', line: 3, column: 5 });
   * ```
   */
  constructor(code: IoErrorCode, detail: string, options: IoErrorOptions = {}) {
    super(IoError.describe(code, detail, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IoError';
    this.code = code;
    this.source = options.source;
    this.line = options.line;
    this.column = options.column;
    this.offset = options.offset;
  }

  private static describe(code: IoErrorCode, detail: string, o: IoErrorOptions): string {
    const where: string[] = [];
    if (o.line !== undefined) where.push(`line ${o.line}`);
    if (o.column !== undefined) where.push(`column ${o.column}`);
    if (o.offset !== undefined) where.push(`byte ${o.offset}`);
    const src = o.source ?? '<input>';
    const at = where.length > 0 ? `${src}, ${where.join(', ')}` : src;
    return `${at}: ${detail} [${code}]`;
  }
}
