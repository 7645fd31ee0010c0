/**
 * `@neurite/io/node`: reading and writing files in Node.js. Every save goes to a temporary file
 * in the same folder, is flushed to disk, then renamed over the real name, so a crash or a full
 * disk never leaves a truncated file under that name.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IoError } from './errors.js';
import type { ColumnSource, RecordingSet } from './table.js';
import { Table } from './table.js';
import {
  CsvParser,
  CsvStream,
  csvChunks,
  type CsvReadOptions,
  type CsvStreamOptions,
  type CsvWriteOptions,
  type StreamColumn,
  type TextSink,
} from './formats/csv.js';
import { JsonTableParser, jsonChunks, type JsonWriteOptions } from './formats/json.js';
import { parsePickle, pickleChunks, unpickle, type PickleWriteOptions, type PyValue } from './formats/pickle.js';
import {
  ndarrayToTable,
  npyChunks,
  npzChunks,
  parseNpy,
  parseNpyHeader,
  parseNpzArrays,
  readZipDirectory,
  readZipEntry,
  zipCrc32,
  zipEntryDataStart,
  type NdArray,
  type NpzWriteOptions,
  type ZipReader,
} from './formats/npy.js';

export { IoError, Table };
export type { ColumnSource, NamedColumn, RecordingSet, VectorLike } from './table.js';
export type { CsvReadOptions, CsvStreamOptions, CsvWriteOptions, StreamColumn, TextSink } from './formats/csv.js';
export type { JsonWriteOptions } from './formats/json.js';
export type { PickleWriteOptions, PyValue } from './formats/pickle.js';
export type { NdArray, NpzWriteOptions } from './formats/npy.js';

function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function writeFailed(file: string, e: unknown): IoError {
  const reason = e instanceof Error ? e.message : String(e);
  return new IoError('WRITE_FAILED', `could not write the file (${reason}); any previous file of that name is unchanged`, { source: file, cause: e });
}

function writeAll(fd: number, chunk: string | Uint8Array): void {
  const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not possible on every platform; the rename itself is what keeps files whole.
  }
}

/**
 * A file being written safely: text or bytes go to a temporary file next to `file`; `close()`
 * flushes it to disk and renames it to `file`; `abort()` removes it. Use it as the sink of
 * {@link csvFileStream} / `csvStream`, or for your own formats.
 *
 * @example
 * ```ts
 * import { FileSink } from '@neurite/io/node';
 * const sink = new FileSink('run.csv');
 * sink.write('0.0,-65.0\r\n');
 * sink.close(); // run.csv now exists, complete
 * ```
 */
export class FileSink implements TextSink {
  /** The final file name. */
  readonly file: string;
  /** The temporary file written until `close()`. */
  readonly tempFile: string;
  private fd: number | undefined;

  /**
   * @param file - the file to create or replace on `close()`
   */
  constructor(file: string) {
    this.file = file;
    this.tempFile = tempPath(file);
    try {
      this.fd = openSync(this.tempFile, 'wx');
    } catch (e) {
      throw writeFailed(file, e);
    }
  }

  /**
   * Appends text (UTF-8) or bytes to the temporary file.
   * @example
   * ```ts
   * sink.write('t,v\r\n');
   * ```
   */
  write(chunk: string | Uint8Array): void {
    if (this.fd === undefined) throw new IoError('STREAM_CLOSED', 'cannot write: the file is closed', { source: this.file });
    try {
      writeAll(this.fd, chunk);
    } catch (e) {
      this.abort();
      throw writeFailed(this.file, e);
    }
  }

  /**
   * Flushes to disk and renames the temporary file to the real name. Calling it again does nothing.
   * @example
   * ```ts
   * sink.close();
   * ```
   */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    try {
      fsyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.tempFile, this.file);
    } catch (e) {
      this.abort();
      throw writeFailed(this.file, e);
    }
    syncDir(dirname(this.file));
  }

  /**
   * Gives up: closes and deletes the temporary file; the real file is left as it was.
   * @example
   * ```ts
   * sink.abort();
   * ```
   */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempFile);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Writes chunks to `file` safely (temporary file, flush, rename). If writing fails part way (full
 * disk, an error in a chunk generator), the temporary file is removed and `file` is untouched.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@neurite/io/node';
 * writeFileAtomic('notes.txt', ['hello\n']);
 * ```
 */
export function writeFileAtomic(file: string, chunks: Iterable<string | Uint8Array>): void {
  const sink = new FileSink(file);
  try {
    for (const chunk of chunks) sink.write(chunk);
  } catch (e) {
    sink.abort();
    throw e;
  }
  sink.close();
}

/**
 * Saves a recording as CSV (default: the tutorial's rows of `t,v`, no header, `\r\n`).
 * @example
 * ```ts
 * import { saveCsv } from '@neurite/io/node';
 * saveCsv('data.csv', { t, v });
 * saveCsv('named.csv', { t, v }, { header: true });
 * ```
 */
export function saveCsv(file: string, data: RecordingSet, options: CsvWriteOptions = {}): void {
  writeFileAtomic(file, csvChunks(data, options));
}

const READ_CHUNK = 1 << 20;

/**
 * Loads a CSV file into a {@link Table}, reading it in pieces (the file's text is never held
 * whole). Errors name the file, line and column.
 * @example
 * ```ts
 * import { loadCsv } from '@neurite/io/node';
 * const table = loadCsv('data.csv', { names: ['t', 'v'] });
 * h.Vector(table.get('v'));
 * ```
 */
export function loadCsv(file: string, options: CsvReadOptions = {}): Table {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    // Pass 1: count line feeds, to allocate the columns once.
    let lines = 1;
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, READ_CHUNK, pos);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      pos += n;
    }
    // Pass 2: parse.
    const parser = new CsvParser({ ...options, source: options.source ?? file }, lines);
    readTextChunks(file, (text) => parser.push(text));
    return parser.finish();
  } finally {
    closeSync(fd);
  }
}

/**
 * Saves a recording as JSON, `{"t": [...], "v": [...]}` (indented by 4 as the tutorial, or
 * `indent: null` for one line).
 * @example
 * ```ts
 * import { saveJson } from '@neurite/io/node';
 * saveJson('data.json', { t, v });
 * ```
 */
export function saveJson(file: string, data: RecordingSet, options: JsonWriteOptions = {}): void {
  writeFileAtomic(file, jsonChunks(data, options));
}

/**
 * Loads a JSON file of the form `{"name": [numbers], ...}` into a {@link Table}.
 * @example
 * ```ts
 * import { loadJson } from '@neurite/io/node';
 * const { columns } = loadJson('data.json');
 * ```
 */
export function loadJson(file: string): Table {
  const parser = new JsonTableParser({ source: file });
  readTextChunks(file, (text) => parser.push(text));
  return parser.finish();
}

/** Reads a UTF-8 file in pieces, handing each decoded piece to `onText`. */
function readTextChunks(file: string, onText: (text: string) => void): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const decoder = new TextDecoder('utf-8');
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, READ_CHUNK, pos);
      if (n === 0) break;
      onText(decoder.decode(buf.subarray(0, n), { stream: true }));
      pos += n;
    }
    const rest = decoder.decode();
    if (rest) onText(rest);
  } finally {
    closeSync(fd);
  }
}

/**
 * Saves a recording as a Python pickle: a dict of lists of floats by default, or of NEURON
 * Vectors with `as: 'vectors'`.
 * @example
 * ```ts
 * import { savePickle } from '@neurite/io/node';
 * savePickle('data.p', { t, v });                      // python3: pickle.load -> {'t': [...], 'v': [...]}
 * savePickle('vectors.p', { t, v }, { as: 'vectors' }); // NEURON: pickle.load -> {'t': h.Vector, ...}
 * ```
 */
export function savePickle(file: string, data: RecordingSet, options: PickleWriteOptions = {}): void {
  writeFileAtomic(file, pickleChunks(data, options));
}

/**
 * Loads a pickle of recordings (e.g. the tutorial's `data.p`) into a {@link Table}, safely:
 * no Python code runs, unknown globals are refused.
 * @example
 * ```ts
 * import { loadPickle } from '@neurite/io/node';
 * const table = loadPickle('data.p');
 * ```
 */
export function loadPickle(file: string): Table {
  return parsePickle(readFileSync(file), { source: file });
}

/**
 * Loads any plain-data pickle as a {@link PyValue} (dicts as `Map`, tuples as `PyTuple`, ...).
 * @example
 * ```ts
 * import { loadPickleValue } from '@neurite/io/node';
 * const value = loadPickleValue('settings.p');
 * ```
 */
export function loadPickleValue(file: string): PyValue {
  return unpickle(readFileSync(file), { source: file });
}

/**
 * Saves `.npy`: one column as a 1-D array, a recording set as a 2-D `(rows, columns)` array.
 * @example
 * ```ts
 * import { saveNpy } from '@neurite/io/node';
 * saveNpy('v.npy', v);
 * saveNpy('tv.npy', { t, v }); // np.load -> shape (n, 2)
 * ```
 */
export function saveNpy(file: string, data: ColumnSource | RecordingSet): void {
  writeFileAtomic(file, npyChunks(data));
}

/**
 * Loads `.npy` as a {@link Table} (1-D: one column; 2-D: one column per array column).
 * @example
 * ```ts
 * import { loadNpy } from '@neurite/io/node';
 * const table = loadNpy('tv.npy', { names: ['t', 'v'] });
 * ```
 */
export function loadNpy(file: string, options: { names?: readonly string[] } = {}): Table {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, 65536 + 12));
    readExact(fd, head, 0, file);
    const h = parseNpyHeader(head, { source: file });
    const littleHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const direct = littleHost && h.descr === '<f8' && (h.shape.length === 1 || (h.shape.length === 2 && !h.fortranOrder));
    if (!direct) return ndarrayToTable(loadNpyArray(file), { ...options, source: file });
    const needed = h.count * 8;
    if (h.dataOffset + needed > size) {
      throw new IoError('NPY_TRUNCATED', `expected ${needed} bytes of data (${h.count} values) from byte ${h.dataOffset}, but the file ends at byte ${size}`, {
        source: file,
        offset: size,
      });
    }
    // Read the data straight into the columns: no copy of the whole file is held.
    const rows = h.shape[0]!;
    const m = h.shape.length === 1 ? 1 : h.shape[1]!;
    const cols = Array.from({ length: m }, () => new Float64Array(rows));
    if (m === 1) readExact(fd, new Uint8Array(cols[0]!.buffer), h.dataOffset, file);
    else if (m > 0) {
      const rowsPer = Math.max(1, Math.floor(READ_CHUNK / (8 * m)));
      const buf = new Float64Array(rowsPer * m);
      for (let r0 = 0; r0 < rows; r0 += rowsPer) {
        const r1 = Math.min(rows, r0 + rowsPer);
        const part = new Uint8Array(buf.buffer, 0, (r1 - r0) * m * 8);
        readExact(fd, part, h.dataOffset + r0 * m * 8, file);
        let k = 0;
        for (let r = r0; r < r1; r++) for (let j = 0; j < m; j++) cols[j]![r] = buf[k++]!;
      }
    }
    const names = options.names ?? cols.map((_, j) => String(j));
    if (names.length !== m) throw new IoError('BAD_NAME', `expected ${m} names for the array's ${m} columns, got ${names.length}`, { source: file });
    return new Table(names, cols);
  } finally {
    closeSync(fd);
  }
}

function readExact(fd: number, into: Uint8Array, position: number, file: string): void {
  let off = 0;
  while (off < into.length) {
    const n = readSync(fd, into, off, into.length - off, position + off);
    if (n === 0) throw new IoError('NPY_TRUNCATED', `expected ${into.length - off} more bytes at byte ${position + off}, but the file ends there`, { source: file, offset: position + off });
    off += n;
  }
}

/**
 * Loads `.npy` as an {@link NdArray} (`shape` and row-major `data`).
 * @example
 * ```ts
 * import { loadNpyArray } from '@neurite/io/node';
 * const { shape, data } = loadNpyArray('v.npy');
 * ```
 */
export function loadNpyArray(file: string): NdArray {
  return parseNpy(readFileSync(file), { source: file });
}

/**
 * Saves `.npz`: one `<name>.npy` per column (as `np.savez`), deflated with `compress: true`.
 * @example
 * ```ts
 * import { saveNpz } from '@neurite/io/node';
 * saveNpz('data.npz', { t, v });
 * ```
 */
export function saveNpz(file: string, data: RecordingSet, options: NpzWriteOptions = {}): void {
  writeFileAtomic(file, npzChunks(data, options));
}

/**
 * Loads `.npz` of 1-D arrays as a {@link Table}.
 * @example
 * ```ts
 * import { loadNpz } from '@neurite/io/node';
 * const v = loadNpz('data.npz').get('v');
 * ```
 */
export function loadNpz(file: string): Table {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const read: ZipReader = (offset, length) => {
      const b = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      readExact(fd, b, offset, file);
      return b;
    };
    const littleHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const names: string[] = [];
    const cols: Float64Array[] = [];
    for (const entry of readZipDirectory(read, size, file)) {
      const where = `${file}/${entry.name}`;
      let col: Float64Array | undefined;
      if (entry.method === 0 && littleHost && entry.csize === entry.usize) {
        // Stored float64 entries are read straight into their column (CRC checked on the way).
        const start = zipEntryDataStart(read, size, entry, file);
        const head = read(start, Math.min(entry.csize, 65536 + 12));
        const h = parseNpyHeader(head, { source: where });
        if (h.descr === '<f8' && h.shape.length === 1 && h.dataOffset + h.count * 8 <= entry.csize) {
          col = new Float64Array(h.count);
          const bytes = new Uint8Array(col.buffer);
          readExact(fd, bytes, start + h.dataOffset, file);
          let crc = zipCrc32(bytes, zipCrc32(head.subarray(0, h.dataOffset)));
          const rest = entry.csize - h.dataOffset - bytes.length;
          if (rest > 0) crc = zipCrc32(read(start + h.dataOffset + bytes.length, rest), crc);
          if (crc !== entry.crc) {
            throw new IoError('NPZ_MALFORMED', `expected entry ${JSON.stringify(entry.name)} to match its CRC-32 (corrupt file?)`, { source: file, offset: start });
          }
        }
      }
      if (col === undefined) {
        const arr = parseNpy(readZipEntry(read, size, entry, file), { source: where });
        if (arr.shape.length !== 1) {
          throw new IoError('NPZ_UNSUPPORTED', `expected 1-D arrays in the .npz for a table, found ${JSON.stringify(entry.key)} with shape (${arr.shape.join(', ')})`, { source: file });
        }
        col = arr.data;
      }
      names.push(entry.key);
      cols.push(col);
    }
    return new Table(names, cols);
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads `.npz` as arrays of any shape, by entry name.
 * @example
 * ```ts
 * import { loadNpzArrays } from '@neurite/io/node';
 * const arrays = loadNpzArrays('data.npz');
 * ```
 */
export function loadNpzArrays(file: string): Map<string, NdArray> {
  return parseNpzArrays(readFileSync(file), { source: file });
}

/** The formats {@link load} and {@link save} recognise. */
export type FileFormat = 'csv' | 'json' | 'pickle' | 'npy' | 'npz';

/**
 * The format of a file name by its extension: `.csv`/`.tsv`/`.txt`, `.json`,
 * `.p`/`.pkl`/`.pickle`, `.npy`, `.npz`.
 * @example
 * ```ts
 * import { formatOf } from '@neurite/io/node';
 * formatOf('data.p'); // 'pickle'
 * ```
 */
export function formatOf(file: string): FileFormat {
  const ext = extname(file).toLowerCase();
  switch (ext) {
    case '.csv':
    case '.tsv':
    case '.txt':
      return 'csv';
    case '.json':
      return 'json';
    case '.p':
    case '.pkl':
    case '.pickle':
      return 'pickle';
    case '.npy':
      return 'npy';
    case '.npz':
      return 'npz';
    default:
      throw new IoError('UNKNOWN_FORMAT', `expected a file name ending in .csv, .tsv, .txt, .json, .p, .pkl, .pickle, .npy or .npz, found ${JSON.stringify(ext || '(none)')}`, {
        source: file,
      });
  }
}

/**
 * Loads a recording file by its extension (see {@link formatOf}); `.tsv` is read with tabs.
 * @example
 * ```ts
 * import { load } from '@neurite/io/node';
 * const table = load('data.json');
 * ```
 */
export function load(file: string, options: { names?: readonly string[] } = {}): Table {
  const format = formatOf(file);
  let table: Table;
  switch (format) {
    case 'csv':
      return loadCsv(file, { ...options, ...(extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}) });
    case 'json':
      table = loadJson(file);
      break;
    case 'pickle':
      table = loadPickle(file);
      break;
    case 'npy':
      return loadNpy(file, options);
    case 'npz':
      table = loadNpz(file);
      break;
  }
  if (options.names) {
    if (options.names.length !== table.names.length) {
      throw new IoError('BAD_NAME', `expected ${table.names.length} names for the file's columns, got ${options.names.length}`, { source: file });
    }
    return new Table(options.names, table.list);
  }
  return table;
}

/**
 * Saves a recording by the file's extension (see {@link formatOf}) with each format's defaults
 * (`.tsv`: tab-separated).
 * @example
 * ```ts
 * import { save } from '@neurite/io/node';
 * save('data.npz', { t, v });
 * ```
 */
export function save(file: string, data: RecordingSet): void {
  switch (formatOf(file)) {
    case 'csv':
      return saveCsv(file, data, extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {});
    case 'json':
      return saveJson(file, data);
    case 'pickle':
      return savePickle(file, data);
    case 'npy':
      return saveNpy(file, data);
    case 'npz':
      return saveNpz(file, data);
  }
}

/**
 * Streams a recording to a CSV file as the simulation runs: returns the observer to register;
 * the file appears (complete) under its name on `close()`.
 * @example
 * ```ts
 * import { csvFileStream } from '@neurite/io/node';
 * const stream = csvFileStream('run.csv', [
 *   { name: 't', source: () => h.t },
 *   { name: 'v', source: () => soma(0.5).v },
 * ]);
 * // register stream as a recording observer, run, then:
 * stream.close();
 * ```
 */
export function csvFileStream(file: string, columns: readonly StreamColumn[], options: CsvStreamOptions = {}): CsvStream {
  return new CsvStream(new FileSink(file), columns, options);
}

