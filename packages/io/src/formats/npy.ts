/**
 * NumPy `.npy` (one array) and `.npz` (a zip of named arrays, as `np.savez` writes it).
 * Arrays are written as float64, little-endian (`'<f8'`). Browser-safe: bytes in, bytes out;
 * compressed `.npz` entries are inflated with `fflate`.
 */
import { deflateSync, inflateSync } from 'fflate';
import { IoError } from '../errors.js';
import { Table, commonLength, resolveColumns, type ColumnSource, type RecordingSet } from '../table.js';

/** An n-dimensional array of doubles in C (row-major) order. */
export interface NdArray {
  /** Size of each dimension; `[]` for a scalar, `[n]` for a vector, `[rows, columns]` for a table. */
  shape: number[];
  /** The values, row-major; `data.length` is the product of `shape`. */
  data: Float64Array;
}

/** Options for reading `.npy` / `.npz`. */
export interface NpyReadOptions {
  /** Name of the file or source, used in error messages. */
  source?: string;
}

/** Options for turning a 2-D `.npy` into a {@link Table}. */
export interface NpyTableOptions extends NpyReadOptions {
  /** Column names (default `'0'`, `'1'`, ...). */
  names?: readonly string[];
}

/** Options for writing `.npz`. */
export interface NpzWriteOptions {
  /** Deflate each entry, as `np.savez_compressed` does. Default `false` (as `np.savez`). */
  compress?: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const CHUNK = 1 << 20;

function toU8(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array && data.constructor === Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** Bytes to text, one byte per code point (browsers decode the 'latin1' label as windows-1252). */
function latin1Text(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}

function isSingleColumn(x: unknown): x is ColumnSource {
  if (x instanceof Table) return false;
  if (typeof x !== 'object' || x === null) return false;
  if (typeof (x as { toArray?: unknown }).toArray === 'function') return true;
  if (ArrayBuffer.isView(x)) return true;
  if (Array.isArray(x)) return x.length === 0 || typeof x[0] === 'number';
  return false;
}

function npyHeader(shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let h = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
  const total = Math.ceil((10 + h.length + 1) / 64) * 64;
  h = h.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = h.length & 255;
  out[9] = h.length >> 8;
  for (let i = 0; i < h.length; i++) out[10 + i] = h.charCodeAt(i);
  return out;
}

/** Yields the data bytes of columns interleaved row by row (or one column), little-endian. */
function* dataChunks(cols: readonly ArrayLike<number>[], rows: number): Generator<Uint8Array, void, undefined> {
  const m = cols.length;
  if (m === 0 || rows === 0) return;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK / (8 * m)));
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const end = Math.min(rows, start + rowsPerChunk);
    const buf = new Float64Array((end - start) * m);
    if (m === 1) {
      const c = cols[0]!;
      if (c instanceof Float64Array) buf.set(c.subarray(start, end));
      else for (let i = start; i < end; i++) buf[i - start] = +c[i]!;
    } else {
      let k = 0;
      for (let i = start; i < end; i++) for (let j = 0; j < m; j++) buf[k++] = +cols[j]![i]!;
    }
    const bytes = new Uint8Array(buf.buffer);
    if (!hostLittle) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
    yield bytes;
  }
}

/**
 * Writes `.npy` bytes in chunks: one column gives a 1-D array (`shape (n,)`); a recording set
 * gives a 2-D array with one column per recording (`shape (n, columns)`, like
 * `np.column_stack`). Always `'<f8'`.
 *
 * @example
 * ```ts
 * import { npyChunks } from '@neurite/io';
 * for (const chunk of npyChunks(new Float64Array([1, 2, 3]))) file.write(chunk);
 * ```
 */
export function* npyChunks(data: ColumnSource | RecordingSet): Generator<Uint8Array, void, undefined> {
  if (isSingleColumn(data)) {
    const values = resolveColumns([{ name: '0', data }])[0]!.values;
    yield npyHeader([values.length]);
    yield* dataChunks([values], values.length);
    return;
  }
  const cols = resolveColumns(data as RecordingSet);
  const values = cols.map((c) => c.values);
  const rows = commonLength(
    cols.map((c) => c.name),
    values,
  );
  yield npyHeader([rows, cols.length]);
  yield* dataChunks(values, rows);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Formats `.npy` bytes (see {@link npyChunks}); `np.load` reads them to the same doubles.
 *
 * @example
 * ```ts
 * import { formatNpy } from '@neurite/io';
 * const bytes = formatNpy([0, 0.025, 0.05]);    // shape (3,)
 * const table = formatNpy({ t: [0, 1], v: [-65, -64] }); // shape (2, 2)
 * ```
 */
export function formatNpy(data: ColumnSource | RecordingSet): Uint8Array {
  return concat([...npyChunks(data)]);
}

interface DType {
  size: number;
  read: (dv: DataView, offset: number) => number;
}

function dtypeOf(descr: string): DType | undefined {
  const m = /^([<>|=])([fiub])([1248])$/.exec(descr);
  if (!m) return undefined;
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  const le = order === '<' || order === '|' || (order === '=' && hostLittle);
  if (kind === 'f' && size === 8) return { size, read: (dv, o) => dv.getFloat64(o, le) };
  if (kind === 'f' && size === 4) return { size, read: (dv, o) => dv.getFloat32(o, le) };
  if (kind === 'i' && size === 1) return { size, read: (dv, o) => dv.getInt8(o) };
  if (kind === 'u' && size === 1) return { size, read: (dv, o) => dv.getUint8(o) };
  if (kind === 'b' && size === 1) return { size, read: (dv, o) => (dv.getUint8(o) ? 1 : 0) };
  if (kind === 'i' && size === 2) return { size, read: (dv, o) => dv.getInt16(o, le) };
  if (kind === 'u' && size === 2) return { size, read: (dv, o) => dv.getUint16(o, le) };
  if (kind === 'i' && size === 4) return { size, read: (dv, o) => dv.getInt32(o, le) };
  if (kind === 'u' && size === 4) return { size, read: (dv, o) => dv.getUint32(o, le) };
  return undefined;
}

/**
 * Parses `.npy` bytes into an {@link NdArray} (C order). Reads float64 and float32 of either byte
 * order, and integers of up to 32 bits, all as doubles (exactly). Other dtypes, object arrays
 * and truncated data are errors naming the byte offset.
 *
 * @example
 * ```ts
 * import { parseNpy } from '@neurite/io';
 * const { shape, data } = parseNpy(bytes); // shape [1601], data Float64Array
 * ```
 */
export function parseNpy(bytes: ArrayBuffer | ArrayBufferView, options: NpyReadOptions = {}): NdArray {
  const b = toU8(bytes);
  const source = options.source;
  const h = parseNpyHeader(b, options);
  const { shape, count, dataOffset: dataStart } = h;
  const needed = count * h.itemSize;
  if (dataStart + needed > b.length) {
    throw new IoError('NPY_TRUNCATED', `expected ${needed} bytes of data (${count} values) from byte ${dataStart}, but the data ends at byte ${b.length}`, { source, offset: b.length });
  }
  const out = new Float64Array(count);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (h.descr === '<f8' && hostLittle && (b.byteOffset + dataStart) % 8 === 0) {
    out.set(new Float64Array(b.buffer, b.byteOffset + dataStart, count));
  } else {
    for (let i = 0; i < count; i++) out[i] = h.read(dv, dataStart + i * h.itemSize);
  }
  if (h.fortranOrder && shape.length > 1) return { shape, data: fortranToC(out, shape) };
  return { shape, data: out };
}

/** What an `.npy` header says. */
export interface NpyHeader {
  /** The dtype text, e.g. `'<f8'`. */
  descr: string;
  /** Whether data is stored column-major. */
  fortranOrder: boolean;
  /** Array shape. */
  shape: number[];
  /** Number of values (product of shape). */
  count: number;
  /** Byte offset where the data starts. */
  dataOffset: number;
  /** Bytes per value. */
  itemSize: number;
  /** Reads one value at a byte offset, as a double. */
  read: (dv: DataView, offset: number) => number;
}

/**
 * Parses the header of `.npy` bytes (the data need not be there): for readers that fetch the
 * data themselves. Errors as {@link parseNpy}.
 *
 * @example
 * ```ts
 * import { parseNpyHeader } from '@neurite/io';
 * const { shape, dataOffset } = parseNpyHeader(firstBytes);
 * ```
 */
export function parseNpyHeader(bytes: ArrayBuffer | ArrayBufferView, options: NpyReadOptions = {}): NpyHeader {
  const b = toU8(bytes);
  const source = options.source;
  for (let i = 0; i < 6; i++) {
    if (b[i] !== MAGIC[i]) {
      throw new IoError('NPY_BAD_MAGIC', b.length < 6 ? `expected the 6-byte .npy magic "\\x93NUMPY", but the data has only ${b.length} bytes` : 'expected the .npy magic "\\x93NUMPY" at the start', {
        source,
        offset: Math.min(i, b.length),
      });
    }
  }
  if (b.length < 10) throw new IoError('NPY_TRUNCATED', `expected a version and header length at byte 6, but the data ends at byte ${b.length}`, { source, offset: b.length });
  const major = b[6]!;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (b.length < 12) throw new IoError('NPY_TRUNCATED', `expected a 4-byte header length at byte 8, but the data ends at byte ${b.length}`, { source, offset: b.length });
    headerLen = dv.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new IoError('NPY_BAD_HEADER', `expected .npy format version 1, 2 or 3, found ${major}.${b[7]}`, { source, offset: 6 });
  }
  if (headerStart + headerLen > b.length) {
    throw new IoError('NPY_TRUNCATED', `expected a ${headerLen}-byte header at byte ${headerStart}, but the data ends at byte ${b.length}`, { source, offset: b.length });
  }
  const headerBytes = b.subarray(headerStart, headerStart + headerLen);
  const header = major === 3 ? new TextDecoder('utf-8').decode(headerBytes) : latin1Text(headerBytes);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeM = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr) {
    if (/'descr'\s*:\s*\[/.test(header)) throw new IoError('NPY_UNSUPPORTED_DTYPE', 'expected a plain numeric dtype, found a structured dtype', { source, offset: headerStart });
    throw new IoError('NPY_BAD_HEADER', `expected 'descr' in the header, found ${JSON.stringify(header.trim())}`, { source, offset: headerStart });
  }
  if (!fortran || !shapeM) throw new IoError('NPY_BAD_HEADER', `expected 'fortran_order' and 'shape' in the header, found ${JSON.stringify(header.trim())}`, { source, offset: headerStart });
  const dtype = dtypeOf(descr[1]!);
  if (!dtype) {
    throw new IoError('NPY_UNSUPPORTED_DTYPE', `expected a float64, float32 or up-to-32-bit integer dtype, found ${JSON.stringify(descr[1])}`, { source, offset: headerStart });
  }
  const dims = shapeM[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (!dims.every((d) => /^[0-9]+L?$/.test(d))) throw new IoError('NPY_BAD_HEADER', `expected a shape of whole numbers, found (${shapeM[1]})`, { source, offset: headerStart });
  const shape = dims.map((d) => parseInt(d, 10));
  const count = shape.reduce((p, d) => p * d, 1);
  return { descr: descr[1]!, fortranOrder: fortran[1] === 'True', shape, count, dataOffset: headerStart + headerLen, itemSize: dtype.size, read: dtype.read };
}

function fortranToC(data: Float64Array, shape: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  // Fortran strides.
  const fs = new Array<number>(nd);
  let s = 1;
  for (let k = 0; k < nd; k++) {
    fs[k] = s;
    s *= shape[k]!;
  }
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let k = 0; k < nd; k++) f += idx[k]! * fs[k]!;
    out[c] = data[f]!;
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * Turns an {@link NdArray} into a {@link Table}: a 1-D array is one column, a 2-D array of shape
 * `(rows, columns)` gives one column per array column.
 *
 * @example
 * ```ts
 * import { ndarrayToTable, parseNpy } from '@neurite/io';
 * const table = ndarrayToTable(parseNpy(bytes), { names: ['t', 'v'] });
 * ```
 */
export function ndarrayToTable(array: NdArray, options: NpyTableOptions = {}): Table {
  const { shape, data } = array;
  const source = options.source;
  let cols: Float64Array[];
  if (shape.length === 1) cols = [data];
  else if (shape.length === 2) {
    const [rows, m] = shape as [number, number];
    cols = [];
    for (let j = 0; j < m; j++) {
      const c = new Float64Array(rows);
      for (let i = 0; i < rows; i++) c[i] = data[i * m + j]!;
      cols.push(c);
    }
  } else {
    throw new IoError('NPY_BAD_HEADER', `expected a 1-D or 2-D array for a table, found shape (${shape.join(', ')})`, { source });
  }
  const names = options.names ?? cols.map((_, j) => String(j));
  if (names.length !== cols.length) {
    throw new IoError('BAD_NAME', `expected ${cols.length} names for the array's ${cols.length} columns, got ${names.length}`, { source });
  }
  return new Table(names, cols);
}

// ---------------------------------------------------------------------------------------------
// .npz: a zip archive of .npy files.

let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();

function u16(x: number): number[] {
  return [x & 255, (x >>> 8) & 255];
}
function u32(x: number): number[] {
  return [x & 255, (x >>> 8) & 255, (x >>> 16) & 255, (x >>> 24) & 255];
}
const DOS_DATE = u16(((1980 - 1980) << 9) | (1 << 5) | 1); // 1980-01-01, as zipfile uses for no date

/**
 * Writes `.npz` bytes in chunks: each column becomes `<name>.npy` (1-D, `'<f8'`) inside a zip,
 * as `np.savez(file, t=t, v=v)` writes them, so `np.load(file)['v']` gives the column. With
 * `compress: true`, entries are deflated as `np.savez_compressed` does.
 *
 * @example
 * ```ts
 * import { npzChunks } from '@neurite/io';
 * for (const chunk of npzChunks({ t, v })) file.write(chunk);
 * ```
 */
export function* npzChunks(data: RecordingSet, options: NpzWriteOptions = {}): Generator<Uint8Array, void, undefined> {
  const cols = resolveColumns(data);
  const central: number[][] = [];
  let offset = 0;
  for (const col of cols) {
    if (col.name.length === 0 || /[\/\\\0]/.test(col.name)) {
      throw new IoError('BAD_NAME', `column name ${JSON.stringify(col.name)}: expected a non-empty name without '/', '\\\\' or NUL for an .npz entry`);
    }
    const name = encoder.encode(col.name + '.npy');
    const method = options.compress ? 8 : 0;
    // Local header with a data descriptor (bit 3) and UTF-8 names (bit 11): sizes follow the data.
    const flags = 0x0808;
    const local = [...u32(0x04034b50), ...u16(20), ...u16(flags), ...u16(method), ...u16(0), ...DOS_DATE, ...u32(0), ...u32(0), ...u32(0), ...u16(name.length), ...u16(0)];
    const head = new Uint8Array(local.length + name.length);
    head.set(local, 0);
    head.set(name, local.length);
    yield head;
    let crc = 0;
    let size = 0;
    let csize = 0;
    if (method === 0) {
      for (const chunk of npyChunks(col.values)) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
      csize = size;
    } else {
      const raw = formatNpy(col.values);
      crc = crc32(raw);
      size = raw.length;
      const z = deflateSync(raw, { level: 6 });
      csize = z.length;
      yield z;
    }
    if (size > 0xfffffffe || offset > 0xfffffffe) throw new IoError('NPZ_UNSUPPORTED', 'expected each .npz entry and the archive to stay below 4 GiB');
    yield new Uint8Array([...u32(0x08074b50), ...u32(crc), ...u32(csize), ...u32(size)]);
    const cd = [
      ...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(flags), ...u16(method), ...u16(0), ...DOS_DATE,
      ...u32(crc), ...u32(csize), ...u32(size), ...u16(name.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0),
      ...u32(0x01800000), ...u32(offset), ...name,
    ];
    central.push(cd);
    offset += head.length + csize + 16;
  }
  const cdBytes = concat(central.map((c) => new Uint8Array(c)));
  yield cdBytes;
  yield new Uint8Array([
    ...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(cols.length), ...u16(cols.length), ...u32(cdBytes.length), ...u32(offset), ...u16(0),
  ]);
}

/**
 * Formats `.npz` bytes (see {@link npzChunks}).
 *
 * @example
 * ```ts
 * import { formatNpz } from '@neurite/io';
 * const bytes = formatNpz({ t: [0, 0.025], v: [-65, -64.99] }); // np.load(...)['t']
 * ```
 */
export function formatNpz(data: RecordingSet, options: NpzWriteOptions = {}): Uint8Array {
  return concat([...npzChunks(data, options)]);
}

/**
 * Parses `.npz` bytes (from `np.savez`, `np.savez_compressed` or {@link formatNpz}) into a
 * {@link Table}: one column per 1-D entry, named without `.npy`, in archive order. Entries that
 * are not 1-D are errors (use {@link parseNpzArrays} for those). CRCs are checked.
 *
 * @example
 * ```ts
 * import { parseNpz } from '@neurite/io';
 * const table = parseNpz(bytes, { source: 'run.npz' });
 * table.get('v');
 * ```
 */
export function parseNpz(bytes: ArrayBuffer | ArrayBufferView, options: NpyReadOptions = {}): Table {
  const arrays = parseNpzArrays(bytes, options);
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const [name, arr] of arrays) {
    if (arr.shape.length !== 1) {
      throw new IoError('NPZ_UNSUPPORTED', `expected 1-D arrays in the .npz for a table, found ${JSON.stringify(name)} with shape (${arr.shape.join(', ')})`, { source: options.source });
    }
    names.push(name);
    cols.push(arr.data);
  }
  return new Table(names, cols);
}

/**
 * Parses `.npz` bytes into a map of entry name (without `.npy`) to {@link NdArray}, in archive
 * order.
 *
 * @example
 * ```ts
 * import { parseNpzArrays } from '@neurite/io';
 * const arrays = parseNpzArrays(bytes);
 * arrays.get('v')?.shape; // [1601]
 * ```
 */
export function parseNpzArrays(bytes: ArrayBuffer | ArrayBufferView, options: NpyReadOptions = {}): Map<string, NdArray> {
  const b = toU8(bytes);
  const source = options.source;
  const read = (offset: number, length: number): Uint8Array => b.subarray(offset, Math.min(b.length, offset + length));
  const out = new Map<string, NdArray>();
  for (const entry of readZipDirectory(read, b.length, source)) {
    const raw = readZipEntry(read, b.length, entry, source);
    out.set(entry.key, parseNpy(raw, { source: source === undefined ? entry.name : `${source}/${entry.name}` }));
  }
  return out;
}

/** One entry of a zip central directory. @internal */
export interface ZipEntry {
  name: string;
  /** Name without `.npy`. */
  key: string;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  localOffset: number;
}

/** Random access to the archive: up to `length` bytes at `offset` (fewer at the end). @internal */
export type ZipReader = (offset: number, length: number) => Uint8Array;

/**
 * Reads a zip archive's central directory (zip64 included).
 * @internal
 */
export function readZipDirectory(read: ZipReader, size: number, source: string | undefined): ZipEntry[] {
  const bad = (detail: string, offset: number): IoError => new IoError('NPZ_MALFORMED', detail, { source, offset });
  const tailStart = Math.max(0, size - 22 - 65535 - 20);
  const tail = read(tailStart, size - tailStart);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocdRel = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocdRel = i;
      break;
    }
  }
  if (eocdRel < 0) {
    const head = read(0, 4);
    const isZip = head.length === 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === 0x04034b50;
    throw bad(
      isZip ? 'expected the zip end-of-central-directory record at the end of the .npz, found none (truncated file?)' : 'expected a zip archive (.npz), found other data',
      Math.max(0, size - 22),
    );
  }
  let count = tv.getUint16(eocdRel + 10, true);
  let cdSize = tv.getUint32(eocdRel + 12, true);
  let cdOffset = tv.getUint32(eocdRel + 16, true);
  if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
    const loc = eocdRel - 20;
    if (loc < 0 || tv.getUint32(loc, true) !== 0x07064b50) throw bad('expected a zip64 end-of-central-directory locator', tailStart + Math.max(0, loc));
    const z64 = Number(tv.getBigUint64(loc + 8, true));
    const rec = read(z64, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rec.length < 56 || rv.getUint32(0, true) !== 0x06064b50) throw bad('expected a zip64 end-of-central-directory record', z64);
    count = Number(rv.getBigUint64(32, true));
    cdSize = Number(rv.getBigUint64(40, true));
    cdOffset = Number(rv.getBigUint64(48, true));
  }
  if (cdOffset + cdSize > size) throw bad(`expected the central directory at bytes ${cdOffset}..${cdOffset + cdSize}, but the data ends at byte ${size}`, cdOffset);
  const cd = read(cdOffset, cdSize);
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let e = 0; e < count; e++) {
    if (p + 46 > cd.length || dv.getUint32(p, true) !== 0x02014b50) throw bad(`expected central directory entry ${e + 1} of ${count}`, cdOffset + p);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let csize = dv.getUint32(p + 20, true);
    let usize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen > cd.length) throw bad('expected a complete central directory entry', cdOffset + p);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : latin1Text(nameBytes);
    // Zip64 extra field: present values replace the 0xffffffff ones, in order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = dv.getUint16(x, true);
      const len = dv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (usize === 0xffffffff) (usize = Number(dv.getBigUint64(q, true))), (q += 8);
        if (csize === 0xffffffff) (csize = Number(dv.getBigUint64(q, true))), (q += 8);
        if (localOffset === 0xffffffff) (localOffset = Number(dv.getBigUint64(q, true))), (q += 8);
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (flags & 1) throw new IoError('NPZ_UNSUPPORTED', `entry ${JSON.stringify(name)} is encrypted`, { source, offset: localOffset });
    if (method !== 0 && method !== 8) {
      throw new IoError('NPZ_UNSUPPORTED', `expected stored or deflated entries, found compression method ${method} for ${JSON.stringify(name)}`, { source, offset: localOffset });
    }
    entries.push({ name, key: name.endsWith('.npy') ? name.slice(0, -4) : name, method, crc, csize, usize, localOffset });
  }
  return entries;
}

/**
 * Where an entry's data starts (after its local header).
 * @internal
 */
export function zipEntryDataStart(read: ZipReader, size: number, entry: ZipEntry, source: string | undefined): number {
  const lh = read(entry.localOffset, 30);
  const lv = new DataView(lh.buffer, lh.byteOffset, lh.byteLength);
  if (lh.length < 30 || lv.getUint32(0, true) !== 0x04034b50) {
    throw new IoError('NPZ_MALFORMED', `expected the local header of ${JSON.stringify(entry.name)}`, { source, offset: entry.localOffset });
  }
  const dataStart = entry.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  if (dataStart + entry.csize > size) {
    throw new IoError('NPY_TRUNCATED', `expected ${entry.csize} bytes of ${JSON.stringify(entry.name)} from byte ${dataStart}, but the data ends at byte ${size}`, {
      source,
      offset: size,
    });
  }
  return dataStart;
}

/**
 * An entry's uncompressed bytes, CRC checked.
 * @internal
 */
export function readZipEntry(read: ZipReader, size: number, entry: ZipEntry, source: string | undefined): Uint8Array {
  const dataStart = zipEntryDataStart(read, size, entry, source);
  const stored = read(dataStart, entry.csize);
  let raw: Uint8Array;
  if (entry.method === 0) raw = stored;
  else {
    try {
      raw = inflateSync(stored, { out: new Uint8Array(entry.usize) });
    } catch (err) {
      throw new IoError('NPZ_MALFORMED', `expected deflate data for ${JSON.stringify(entry.name)}, which does not inflate`, { source, offset: dataStart, cause: err });
    }
  }
  checkZipCrc(raw, entry, dataStart, source);
  return raw;
}

/** @internal */
export function checkZipCrc(raw: Uint8Array, entry: ZipEntry, offset: number, source: string | undefined, crc = crc32(raw)): void {
  if (raw.length !== entry.usize || crc !== entry.crc) {
    throw new IoError('NPZ_MALFORMED', `expected entry ${JSON.stringify(entry.name)} to match its CRC-32 and size (corrupt file?)`, { source, offset });
  }
}

/** CRC-32 of bytes, continuing from `crc`. @internal */
export function zipCrc32(data: Uint8Array, crc = 0): number {
  return crc32(data, crc);
}

