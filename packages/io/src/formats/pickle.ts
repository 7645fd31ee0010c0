/**
 * Python pickle, read and written without running any Python: a safe unpickler that builds
 * plain data (dicts, lists, tuples, numbers, strings, bytes, None, bools, sets) and NEURON
 * `h.Vector`s, refusing every global outside a short allow-list; and a writer of recordings as
 * a dict of lists of floats or of NEURON Vectors. Browser-safe: bytes in, bytes out.
 */
import { IoError } from '../errors.js';
import { Table, resolveColumns, type RecordingSet } from '../table.js';

/**
 * A Python tuple, as read from a pickle (lists are plain arrays; tuples keep their own type).
 *
 * @example
 * ```ts
 * import { PyTuple, unpickle } from '@neurite/io';
 * const value = unpickle(bytes);
 * if (value instanceof PyTuple) console.log(value.items.length);
 * ```
 */
export class PyTuple {
  /**
   * @param items - the tuple's items
   * @example
   * ```ts
   * new PyTuple([1, 'a']).items[1]; // 'a'
   * ```
   */
  constructor(readonly items: readonly PyValue[]) {}
}

/**
 * A numpy array from a pickle that is not 1-D (1-D numeric arrays are read as `Float64Array`):
 * its shape and its values as doubles in C (row-major) order.
 *
 * @example
 * ```ts
 * import { PyNdArray, unpickle } from '@neurite/io';
 * const grid = (unpickle(bytes) as Map<PyValue, PyValue>).get('grid');
 * if (grid instanceof PyNdArray) console.log(grid.shape, grid.data[grid.shape[1]!]); // row 1, column 0
 * ```
 */
export class PyNdArray {
  /**
   * @param shape - size of each dimension
   * @param data - the values, row-major
   * @example
   * ```ts
   * new PyNdArray([2, 2], new Float64Array([1, 2, 3, 4])).shape; // [2, 2]
   * ```
   */
  constructor(
    readonly shape: readonly number[],
    readonly data: Float64Array,
  ) {}
}

/**
 * A Python value as read from a pickle: `None` → `null`; bool → boolean; float → number;
 * int → number (`bigint` outside ±`Number.MAX_SAFE_INTEGER`); str → string; bytes and bytearray → `Uint8Array`;
 * list → array; tuple → {@link PyTuple}; dict → `Map`; set and frozenset → `Set`;
 * NEURON `h.Vector` and 1-D numpy arrays → `Float64Array`; other numpy arrays → {@link PyNdArray};
 * numpy scalars → number.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Float64Array
  | PyValue[]
  | PyTuple
  | Map<PyValue, PyValue>
  | Set<PyValue>
  | PyNdArray;

/** Options for reading pickles. */
export interface PickleReadOptions {
  /** Name of the file or source, used in error messages. */
  source?: string;
}

/** Options for writing pickles. */
export interface PickleWriteOptions {
  /**
   * `'lists'` (default): a dict of lists of floats, loadable by any `python3`.
   * `'vectors'`: a dict of NEURON Vectors (as `pickle.dump` of `h.Vector`s writes them), which
   * load as `h.Vector`s where NEURON is installed (and only there).
   */
  as?: 'lists' | 'vectors';
  /** Pickle protocol, 2 to 5. Default 4 (Python 3.8's default). */
  protocol?: 2 | 3 | 4 | 5;
}

// Opcode bytes.
const OP = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, POP_MARK: 0x31, DUP: 0x32, FLOAT: 0x46, INT: 0x49, BININT: 0x4a,
  BININT1: 0x4b, LONG: 0x4c, BININT2: 0x4d, NONE: 0x4e, PERSID: 0x50, BINPERSID: 0x51, REDUCE: 0x52,
  STRING: 0x53, BINSTRING: 0x54, SHORT_BINSTRING: 0x55, UNICODE: 0x56, BINUNICODE: 0x58, APPEND: 0x61,
  BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64, EMPTY_DICT: 0x7d, APPENDS: 0x65, GET: 0x67, BINGET: 0x68,
  INST: 0x69, LONG_BINGET: 0x6a, LIST: 0x6c, EMPTY_LIST: 0x5d, OBJ: 0x6f, PUT: 0x70, BINPUT: 0x71,
  LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74, EMPTY_TUPLE: 0x29, SETITEMS: 0x75, BINFLOAT: 0x47,
  PROTO: 0x80, NEWOBJ: 0x81, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87,
  NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b, BINBYTES: 0x42, SHORT_BINBYTES: 0x43,
  SHORT_BINUNICODE: 0x8c, BINUNICODE8: 0x8d, BINBYTES8: 0x8e, EMPTY_SET: 0x8f, ADDITEMS: 0x90,
  FROZENSET: 0x91, NEWOBJ_EX: 0x92, STACK_GLOBAL: 0x93, MEMOIZE: 0x94, FRAME: 0x95, BYTEARRAY8: 0x96,
  NEXT_BUFFER: 0x97, READONLY_BUFFER: 0x98,
} as const;

const OP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(OP).map(([k, v]) => [v, k]));

/**
 * Names of the Python globals the unpickler accepts (`module.name`); each is emulated, never
 * looked up. Any other global in a pickle is a `PICKLE_FORBIDDEN_GLOBAL` error.
 *
 * @example
 * ```ts
 * import { PICKLE_ALLOWED_GLOBALS } from '@neurite/io';
 * PICKLE_ALLOWED_GLOBALS.includes('neuron._pkl'); // true
 * PICKLE_ALLOWED_GLOBALS.includes('os.system');   // false
 * ```
 */
export const PICKLE_ALLOWED_GLOBALS: readonly string[] = Object.freeze([
  'neuron._pkl',
  '_codecs.encode',
  'builtins.bytes',
  'builtins.bytearray',
  'builtins.set',
  'builtins.frozenset',
  '__builtin__.bytes',
  '__builtin__.bytearray',
  '__builtin__.set',
  '__builtin__.frozenset',
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.ndarray',
  'numpy.dtype',
]);

/** A global from the allow-list, sitting on the stack until it is called. */
class AllowedGlobal {
  constructor(readonly name: string) {}
}

/** A NEURON Vector made by `neuron._pkl(0)`, waiting for its state (BUILD). */
class PendingVector {
  value: Float64Array = new Float64Array(0);
  built = false;
}

/** A numpy dtype made by `numpy.dtype('f8', False, True)`; BUILD sets its byte order. */
class PendingDtype {
  order = '=';
  constructor(readonly code: string) {}
}

/** A numpy array made by `_reconstruct(ndarray, (0,), b'b')`, waiting for its state (BUILD). */
class PendingNdArray {
  value: Float64Array | PyNdArray | undefined;
}

/**
 * A list read for a table: numbers go straight into a growable Float64Array (no JavaScript
 * array of the values); anything else turns it into a plain list. Once used as a value it is
 * frozen, and appending to it afterwards is an error (never a silently shorter column).
 */
class FloatList {
  data = new Float64Array(1024);
  length = 0;
  items: PyValue[] | undefined;
  final: PyValue | undefined;
  push(v: PyValue): boolean {
    if (this.final !== undefined) return false;
    if (this.items === undefined && typeof v === 'number') {
      if (this.length === this.data.length) {
        const next = new Float64Array(this.data.length * 2);
        next.set(this.data);
        this.data = next;
      }
      this.data[this.length++] = v;
      return true;
    }
    if (this.items === undefined) this.items = Array.from(this.data.subarray(0, this.length));
    this.items.push(v);
    return true;
  }
  finish(): PyValue {
    if (this.final === undefined) {
      this.final = this.items ?? (this.length === this.data.length ? this.data : this.data.slice(0, this.length));
      this.data = new Float64Array(0);
    }
    return this.final;
  }
}

/** A tuple holding functions or pending objects: only for REDUCE arguments and BUILD states. */
class ArgTuple extends PyTuple {}

const MARK = Symbol('mark');
type StackItem = PyValue | AllowedGlobal | PendingVector | PendingDtype | PendingNdArray | FloatList | typeof MARK;

const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * Bytes to text, one byte per code point (true ISO-8859-1). `TextDecoder('latin1')` is not
 * used: browsers decode that label as windows-1252.
 */
const latin1 = {
  decode(b: Uint8Array): string {
    let out = '';
    for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
    return out;
  },
};

function toU8(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array && data.constructor === Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

class Unpickler {
  private pos = 0;
  private readonly view: DataView;
  private stack: StackItem[] = [];
  private readonly memo = new Map<number, StackItem>();
  private opStart = 0;
  private op = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly source: string | undefined,
    private readonly floatLists = false,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private err(code: 'PICKLE_MALFORMED' | 'PICKLE_UNSUPPORTED_OPCODE' | 'PICKLE_FORBIDDEN_GLOBAL' | 'PICKLE_UNSUPPORTED_PROTOCOL', detail: string, offset = this.opStart): IoError {
    return new IoError(code, detail, { source: this.source, offset });
  }

  private opName(): string {
    return OP_NAMES[this.op] ?? `0x${this.op.toString(16).padStart(2, '0')}`;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.bytes.length) {
      throw new IoError(
        'PICKLE_TRUNCATED',
        `expected ${n} byte${n === 1 ? '' : 's'} of ${what} at byte ${this.pos}, but the data ends at byte ${this.bytes.length} (truncated pickle?)`,
        { source: this.source, offset: this.pos },
      );
    }
  }

  private u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }
  private u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  private u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.need(Number.MAX_SAFE_INTEGER, what);
    return Number(v);
  }
  private take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private line(what: string): string {
    const nl = this.bytes.indexOf(10, this.pos);
    if (nl === -1) {
      throw new IoError('PICKLE_TRUNCATED', `expected a line ending in a newline for ${what} at byte ${this.pos}, but the data ends at byte ${this.bytes.length}`, {
        source: this.source,
        offset: this.pos,
      });
    }
    const s = latin1.decode(this.bytes.subarray(this.pos, nl));
    this.pos = nl + 1;
    return s;
  }
  private utf8(b: Uint8Array): string {
    try {
      return utf8.decode(b);
    } catch (e) {
      throw this.err('PICKLE_MALFORMED', `expected UTF-8 text for ${this.opName()}`, this.opStart);
    }
  }

  private push(v: StackItem): void {
    this.stack.push(v);
  }
  private pop(): StackItem {
    if (this.stack.length === 0) throw this.err('PICKLE_MALFORMED', `expected a value on the stack for ${this.opName()}, found an empty stack`);
    const v = this.stack.pop()!;
    if (v === MARK) throw this.err('PICKLE_MALFORMED', `expected a value on the stack for ${this.opName()}, found a MARK`);
    return v;
  }
  private top(): StackItem {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined || v === MARK) throw this.err('PICKLE_MALFORMED', `expected a value on the stack for ${this.opName()}`);
    return v;
  }
  private popMark(): StackItem[] {
    const i = this.stack.lastIndexOf(MARK);
    if (i === -1) throw this.err('PICKLE_MALFORMED', `expected a MARK on the stack for ${this.opName()}`);
    const items = this.stack.slice(i + 1);
    this.stack.length = i;
    return items;
  }

  /** Turns stack items into plain values (a pending vector becomes its array). */
  private plain(v: StackItem, what: string): PyValue {
    if (v instanceof PendingVector) {
      if (!v.built) throw this.err('PICKLE_MALFORMED', `expected the NEURON Vector to receive its state (BUILD) before being used as ${what}`);
      return v.value;
    }
    if (v instanceof FloatList) return v.finish();
    if (v instanceof PendingNdArray) {
      if (v.value === undefined) throw this.err('PICKLE_MALFORMED', `expected the numpy array to receive its state (BUILD) before being used as ${what}`);
      return v.value;
    }
    if (v instanceof AllowedGlobal) throw this.err('PICKLE_MALFORMED', `expected data for ${what}, found the function ${v.name}`);
    if (v instanceof PendingDtype) throw this.err('PICKLE_MALFORMED', `expected data for ${what}, found a numpy dtype`);
    if (v instanceof ArgTuple) throw this.err('PICKLE_MALFORMED', `expected data for ${what}, found a tuple holding a function or dtype`);
    if (v === MARK) throw this.err('PICKLE_MALFORMED', `expected data for ${what}, found a MARK`);
    return v;
  }

  private memoGet(i: number): void {
    if (!this.memo.has(i)) throw this.err('PICKLE_MALFORMED', `expected memo entry ${i} to exist for ${this.opName()}`);
    this.push(this.memo.get(i)!);
  }
  private memoPut(i: number): void {
    this.memo.set(i, this.top());
  }

  private asInt(v: bigint): number | bigint {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  private longLE(b: Uint8Array): number | bigint {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return this.asInt(v);
  }

  private global(module: string, name: string): void {
    const full = `${module}.${name}`;
    if (!PICKLE_ALLOWED_GLOBALS.includes(full)) {
      throw this.err(
        'PICKLE_FORBIDDEN_GLOBAL',
        `the pickle asks for the Python global ${full}, which is not allowed (allowed: ${PICKLE_ALLOWED_GLOBALS.join(', ')}); nothing was run`,
      );
    }
    this.push(new AllowedGlobal(full.replace(/^__builtin__\./, 'builtins.')));
  }

  private call(fn: StackItem, argsItem: StackItem): StackItem {
    if (!(fn instanceof AllowedGlobal)) throw this.err('PICKLE_MALFORMED', `expected a callable from the allow-list for ${this.opName()}, found ${describe(fn)}`);
    if (!(argsItem instanceof PyTuple)) throw this.err('PICKLE_MALFORMED', `expected an argument tuple for ${fn.name}, found ${describe(argsItem)}`);
    const args = argsItem.items;
    switch (fn.name) {
      case 'neuron._pkl':
        return new PendingVector();
      case '_codecs.encode': {
        const [text, enc] = args;
        if (typeof text !== 'string' || (enc !== 'latin1' && enc !== 'latin-1')) {
          throw this.err('PICKLE_MALFORMED', `expected _codecs.encode(str, 'latin1'), found other arguments`);
        }
        return latin1Bytes(text, this);
      }
      case 'builtins.bytes': {
        if (args.length === 0) return new Uint8Array(0);
        const [a, enc] = args;
        if (a instanceof Uint8Array) return a.slice();
        if (typeof a === 'string' && (enc === 'latin1' || enc === 'latin-1')) return latin1Bytes(a, this);
        throw this.err('PICKLE_MALFORMED', 'expected bytes() arguments as Python pickles them');
      }
      case 'builtins.bytearray': {
        if (args.length === 0) return new Uint8Array(0);
        const [a, enc] = args;
        if (a instanceof Uint8Array) return a.slice();
        if (typeof a === 'string' && (enc === 'latin1' || enc === 'latin-1')) return latin1Bytes(a, this);
        if (Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 256)) return Uint8Array.from(a as number[]);
        throw this.err('PICKLE_MALFORMED', 'expected bytearray() arguments as Python pickles them');
      }
      case 'builtins.set':
      case 'builtins.frozenset': {
        if (args.length === 0) return new Set<PyValue>();
        const a = args[0];
        if (Array.isArray(a)) return new Set<PyValue>(a);
        if (a instanceof PyTuple) return new Set<PyValue>(a.items);
        throw this.err('PICKLE_MALFORMED', `expected a list for ${fn.name}(...)`);
      }
      case 'numpy.core.multiarray._reconstruct':
      case 'numpy._core.multiarray._reconstruct': {
        const cls = args[0] as StackItem | undefined;
        if (!(cls instanceof AllowedGlobal) || cls.name !== 'numpy.ndarray') throw this.err('PICKLE_MALFORMED', 'expected _reconstruct(numpy.ndarray, ...)');
        return new PendingNdArray();
      }
      case 'numpy.dtype': {
        const code = args[0];
        if (typeof code !== 'string') throw this.err('PICKLE_MALFORMED', 'expected numpy.dtype(<type code>, ...)');
        return new PendingDtype(code);
      }
      case 'numpy.core.multiarray.scalar':
      case 'numpy._core.multiarray.scalar': {
        const dtype = args[0] as StackItem | undefined;
        const raw = args[1];
        if (!(dtype instanceof PendingDtype) || !(raw instanceof Uint8Array)) throw this.err('PICKLE_MALFORMED', 'expected numpy scalar(dtype, bytes)');
        const values = this.numpyValues(dtype, raw, 1);
        return values[0]!;
      }
      case 'numpy.core.numeric._frombuffer':
      case 'numpy._core.numeric._frombuffer': {
        const [buf, dtypeItem, shapeItem, order] = args as readonly StackItem[];
        if (!(buf instanceof Uint8Array) || !(dtypeItem instanceof PendingDtype) || !(shapeItem instanceof PyTuple) || (order !== 'C' && order !== 'F')) {
          throw this.err('PICKLE_MALFORMED', 'expected _frombuffer(buffer, dtype, shape, order)');
        }
        return this.ndarray(this.shapeOf(shapeItem), dtypeItem, order === 'F', buf);
      }
      default:
        throw this.err('PICKLE_FORBIDDEN_GLOBAL', `the global ${fn.name} cannot be called`);
    }
  }

  private build(target: StackItem, stateItem: StackItem): void {
    if (target instanceof PendingDtype) {
      const items = stateItem instanceof PyTuple ? stateItem.items : [];
      const order = items[1];
      if (typeof order !== 'string' || !['<', '>', '|', '='].includes(order)) throw this.err('PICKLE_MALFORMED', 'expected a numpy dtype state with a byte order');
      if (items[2] !== null && items[2] !== undefined) throw this.err('PICKLE_MALFORMED', `expected a plain numpy dtype, found a structured or sub-array dtype`);
      target.order = order;
      return;
    }
    if (target instanceof PendingNdArray) {
      if (target.value !== undefined) throw this.err('PICKLE_MALFORMED', 'expected one BUILD per numpy array, found a second');
      const items = stateItem instanceof PyTuple ? (stateItem.items as readonly StackItem[]) : [];
      const [version, shape, dtype, fortran, raw] = items.length === 5 ? items : [undefined, ...items];
      if (items.length === 5 && version !== 1) throw this.err('PICKLE_MALFORMED', 'expected numpy array state version 1');
      if (!(shape instanceof PyTuple) || !(dtype instanceof PendingDtype) || typeof fortran !== 'boolean') {
        throw this.err('PICKLE_MALFORMED', 'expected a numpy array state (version, shape, dtype, is_fortran, data)');
      }
      if (!(raw instanceof Uint8Array)) throw this.err('PICKLE_MALFORMED', `expected the raw data of a numeric numpy array (object arrays are not supported)`);
      target.value = this.ndarray(this.shapeOf(shape), dtype, fortran, raw);
      return;
    }
    const state = this.plain(stateItem, 'an object state');
    if (!(target instanceof PendingVector)) {
      throw this.err('PICKLE_MALFORMED', `expected BUILD to apply to a NEURON Vector (the only object type supported), found ${describe(target)}`);
    }
    if (target.built) throw this.err('PICKLE_MALFORMED', 'expected one BUILD per NEURON Vector, found a second');
    if (!(state instanceof PyTuple) || state.items.length !== 4) {
      throw this.err('PICKLE_MALFORMED', 'expected the NEURON Vector state (version, byte-order mark, size, data)');
    }
    const [version, mark, size, data] = state.items;
    if (version !== 1) throw this.err('PICKLE_MALFORMED', `expected NEURON Vector state version 1, found ${describe(version ?? null)}`);
    if (!(mark instanceof Uint8Array) || mark.length !== 8) throw this.err('PICKLE_MALFORMED', 'expected an 8-byte byte-order mark in the NEURON Vector state');
    const mv = new DataView(mark.buffer, mark.byteOffset, 8);
    let little: boolean;
    if (mv.getFloat64(0, true) === 2) little = true;
    else if (mv.getFloat64(0, false) === 2) little = false;
    else throw this.err('PICKLE_MALFORMED', 'expected the byte-order mark of a NEURON Vector (the double 2.0), found other bytes');
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw this.err('PICKLE_MALFORMED', 'expected a non-negative size in the NEURON Vector state');
    if (!(data instanceof Uint8Array) || data.length < size * 8 || data.length % 8 !== 0) {
      throw this.err('PICKLE_MALFORMED', `expected at least ${size * 8} bytes (${size} doubles) of NEURON Vector data, found ${data instanceof Uint8Array ? data.length : describe(data ?? null)}`);
    }
    const out = new Float64Array(size);
    if (little && data.byteOffset % 8 === 0) {
      out.set(new Float64Array(data.buffer, data.byteOffset, size));
    } else {
      const dv = new DataView(data.buffer, data.byteOffset, size * 8);
      for (let i = 0; i < size; i++) out[i] = dv.getFloat64(i * 8, little);
    }
    target.value = out;
    target.built = true;
  }

  load(): PyValue {
    const b = this.bytes;
    for (;;) {
      this.opStart = this.pos;
      if (this.pos >= b.length) {
        throw new IoError('PICKLE_TRUNCATED', `expected an opcode at byte ${this.pos} (the pickle has no STOP), but the data ends there (truncated pickle?)`, {
          source: this.source,
          offset: this.pos,
        });
      }
      const op = (this.op = b[this.pos++]!);
      switch (op) {
        case OP.PROTO: {
          const p = this.u8('protocol number');
          if (p > 5) throw this.err('PICKLE_UNSUPPORTED_PROTOCOL', `expected pickle protocol 0 to 5, found ${p}`);
          break;
        }
        case OP.FRAME:
          this.u64('frame length');
          break;
        case OP.STOP: {
          const v = this.pop();
          return this.plain(v, 'the pickled value');
        }
        case OP.MARK:
          this.push(MARK);
          break;
        case OP.POP:
          if (this.stack.length === 0) throw this.err('PICKLE_MALFORMED', 'expected a value to POP, found an empty stack');
          this.stack.pop();
          break;
        case OP.POP_MARK:
          this.popMark();
          break;
        case OP.DUP:
          this.push(this.top());
          break;
        case OP.NONE:
          this.push(null);
          break;
        case OP.NEWTRUE:
          this.push(true);
          break;
        case OP.NEWFALSE:
          this.push(false);
          break;
        case OP.INT: {
          const s = this.line('INT');
          if (s === '01') this.push(true);
          else if (s === '00') this.push(false);
          else if (/^[+-]?[0-9]+$/.test(s)) this.push(this.asInt(BigInt(s)));
          else throw this.err('PICKLE_MALFORMED', `expected an integer after INT, found ${JSON.stringify(s)}`);
          break;
        }
        case OP.LONG: {
          const s = this.line('LONG').replace(/L$/, '');
          if (!/^[+-]?[0-9]+$/.test(s)) throw this.err('PICKLE_MALFORMED', `expected an integer after LONG, found ${JSON.stringify(s)}`);
          this.push(this.asInt(BigInt(s)));
          break;
        }
        case OP.FLOAT: {
          const s = this.line('FLOAT').trim();
          const x = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s) ? Number(s) : parsePySpecial(s);
          if (x === undefined) throw this.err('PICKLE_MALFORMED', `expected a float after FLOAT, found ${JSON.stringify(s)}`);
          this.push(x);
          break;
        }
        case OP.BININT:
          this.push(this.i32('BININT'));
          break;
        case OP.BININT1:
          this.push(this.u8('BININT1'));
          break;
        case OP.BININT2:
          this.push(this.u16('BININT2'));
          break;
        case OP.LONG1: {
          const n = this.u8('LONG1 length');
          this.push(this.longLE(this.take(n, 'LONG1 data')));
          break;
        }
        case OP.LONG4: {
          const n = this.i32('LONG4 length');
          if (n < 0) throw this.err('PICKLE_MALFORMED', 'expected a non-negative LONG4 length');
          this.push(this.longLE(this.take(n, 'LONG4 data')));
          break;
        }
        case OP.BINFLOAT: {
          this.need(8, 'BINFLOAT');
          this.push(this.view.getFloat64(this.pos, false));
          this.pos += 8;
          break;
        }
        case OP.STRING: {
          const s = this.line('STRING');
          const m = /^(['"])(.*)\1$/s.exec(s);
          if (!m) throw this.err('PICKLE_MALFORMED', 'expected a quoted string after STRING');
          this.push(unescapePy2(m[2]!, this));
          break;
        }
        case OP.BINSTRING: {
          const n = this.i32('BINSTRING length');
          this.push(latin1.decode(this.take(n, 'BINSTRING data')));
          break;
        }
        case OP.SHORT_BINSTRING: {
          const n = this.u8('SHORT_BINSTRING length');
          this.push(latin1.decode(this.take(n, 'SHORT_BINSTRING data')));
          break;
        }
        case OP.UNICODE:
          this.push(rawUnicodeEscape(this.line('UNICODE')));
          break;
        case OP.BINUNICODE: {
          const n = this.u32('BINUNICODE length');
          this.push(this.utf8(this.take(n, 'BINUNICODE data')));
          break;
        }
        case OP.SHORT_BINUNICODE: {
          const n = this.u8('SHORT_BINUNICODE length');
          this.push(this.utf8(this.take(n, 'SHORT_BINUNICODE data')));
          break;
        }
        case OP.BINUNICODE8: {
          const n = this.u64('BINUNICODE8 length');
          this.push(this.utf8(this.take(n, 'BINUNICODE8 data')));
          break;
        }
        case OP.BINBYTES: {
          const n = this.u32('BINBYTES length');
          this.push(this.take(n, 'BINBYTES data').slice());
          break;
        }
        case OP.SHORT_BINBYTES: {
          const n = this.u8('SHORT_BINBYTES length');
          this.push(this.take(n, 'SHORT_BINBYTES data').slice());
          break;
        }
        case OP.BINBYTES8: {
          const n = this.u64('BINBYTES8 length');
          this.push(this.take(n, 'BINBYTES8 data').slice());
          break;
        }
        case OP.BYTEARRAY8: {
          const n = this.u64('BYTEARRAY8 length');
          this.push(this.take(n, 'BYTEARRAY8 data').slice());
          break;
        }
        case OP.EMPTY_LIST:
          this.push(this.floatLists ? new FloatList() : []);
          break;
        case OP.LIST:
          this.push(this.popMark().map((v) => this.plain(v, 'a list item')));
          break;
        case OP.APPEND: {
          const v = this.plain(this.pop(), 'a list item');
          this.append(this.top(), [v]);
          break;
        }
        case OP.APPENDS: {
          const items = this.popMark();
          const list = this.top();
          this.append(
            list,
            items.map((it) => this.plain(it, 'a list item')),
          );
          break;
        }
        case OP.EMPTY_TUPLE:
          this.push(new PyTuple([]));
          break;
        case OP.TUPLE:
          this.push(this.tuple(this.popMark()));
          break;
        case OP.TUPLE1: {
          const a = this.pop();
          this.push(this.tuple([a]));
          break;
        }
        case OP.TUPLE2: {
          const b2 = this.pop();
          const a = this.pop();
          this.push(this.tuple([a, b2]));
          break;
        }
        case OP.TUPLE3: {
          const c = this.pop();
          const b2 = this.pop();
          const a = this.pop();
          this.push(this.tuple([a, b2, c]));
          break;
        }
        case OP.EMPTY_DICT:
          this.push(new Map<PyValue, PyValue>());
          break;
        case OP.DICT: {
          const items = this.popMark();
          if (items.length % 2 !== 0) throw this.err('PICKLE_MALFORMED', 'expected an even number of items (key, value pairs) for DICT');
          const d = new Map<PyValue, PyValue>();
          for (let i = 0; i < items.length; i += 2) d.set(this.plain(items[i]!, 'a dict key'), this.plain(items[i + 1]!, 'a dict value'));
          this.push(d);
          break;
        }
        case OP.SETITEM: {
          const v = this.plain(this.pop(), 'a dict value');
          const k = this.plain(this.pop(), 'a dict key');
          const d = this.top();
          if (!(d instanceof Map)) throw this.err('PICKLE_MALFORMED', `expected a dict for SETITEM, found ${describe(d)}`);
          d.set(k, v);
          break;
        }
        case OP.SETITEMS: {
          const items = this.popMark();
          const d = this.top();
          if (!(d instanceof Map)) throw this.err('PICKLE_MALFORMED', `expected a dict for SETITEMS, found ${describe(d)}`);
          if (items.length % 2 !== 0) throw this.err('PICKLE_MALFORMED', 'expected an even number of items (key, value pairs) for SETITEMS');
          for (let i = 0; i < items.length; i += 2) d.set(this.plain(items[i]!, 'a dict key'), this.plain(items[i + 1]!, 'a dict value'));
          break;
        }
        case OP.EMPTY_SET:
          this.push(new Set<PyValue>());
          break;
        case OP.ADDITEMS: {
          const items = this.popMark();
          const s = this.top();
          if (!(s instanceof Set)) throw this.err('PICKLE_MALFORMED', `expected a set for ADDITEMS, found ${describe(s)}`);
          for (const it of items) s.add(this.plain(it, 'a set item'));
          break;
        }
        case OP.FROZENSET:
          this.push(new Set<PyValue>(this.popMark().map((v) => this.plain(v, 'a set item'))));
          break;
        case OP.GLOBAL: {
          const module = this.line('GLOBAL module');
          const name = this.line('GLOBAL name');
          this.global(module, name);
          break;
        }
        case OP.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw this.err('PICKLE_MALFORMED', 'expected two strings (module, name) for STACK_GLOBAL');
          this.global(module, name);
          break;
        }
        case OP.REDUCE: {
          const args = this.pop();
          const fn = this.pop();
          this.push(this.call(fn, args));
          break;
        }
        case OP.BUILD: {
          const state = this.pop();
          this.build(this.top(), state);
          break;
        }
        case OP.PUT: {
          const s = this.line('PUT');
          if (!/^[0-9]+$/.test(s)) throw this.err('PICKLE_MALFORMED', 'expected a memo index after PUT');
          this.memoPut(Number(s));
          break;
        }
        case OP.BINPUT:
          this.memoPut(this.u8('BINPUT index'));
          break;
        case OP.LONG_BINPUT:
          this.memoPut(this.u32('LONG_BINPUT index'));
          break;
        case OP.MEMOIZE:
          this.memoPut(this.memo.size);
          break;
        case OP.GET: {
          const s = this.line('GET');
          if (!/^[0-9]+$/.test(s)) throw this.err('PICKLE_MALFORMED', 'expected a memo index after GET');
          this.memoGet(Number(s));
          break;
        }
        case OP.BINGET:
          this.memoGet(this.u8('BINGET index'));
          break;
        case OP.LONG_BINGET:
          this.memoGet(this.u32('LONG_BINGET index'));
          break;
        default: {
          const name = OP_NAMES[op];
          const why =
            name === 'INST' || name === 'OBJ' || name === 'NEWOBJ' || name === 'NEWOBJ_EX'
              ? 'building Python objects is not supported'
              : name === 'PERSID' || name === 'BINPERSID'
                ? 'persistent ids need the program that wrote the pickle'
                : name === 'EXT1' || name === 'EXT2' || name === 'EXT4'
                  ? 'the copyreg extension registry is not supported'
                  : name === 'NEXT_BUFFER' || name === 'READONLY_BUFFER'
                    ? 'out-of-band buffers are not supported'
                    : 'this is not a known pickle opcode';
          throw this.err(
            'PICKLE_UNSUPPORTED_OPCODE',
            name ? `opcode ${name} (0x${op.toString(16)}) is not supported: ${why}` : `expected a pickle opcode, found byte 0x${op.toString(16).padStart(2, '0')}: ${why}`,
          );
        }
      }
    }
  }

  private shapeOf(t: PyTuple): number[] {
    const dims = t.items.map((d) => (typeof d === 'number' && Number.isInteger(d) && d >= 0 ? d : -1));
    if (dims.some((d) => d < 0)) throw this.err('PICKLE_MALFORMED', 'expected a numpy shape of whole numbers');
    return dims;
  }

  /** Decodes `count` values of a numpy dtype from raw bytes, exactly, as doubles. */
  private numpyValues(dtype: PendingDtype, raw: Uint8Array, count: number): Float64Array {
    const m = /^([fiub])([1248])$/.exec(dtype.code) ?? (dtype.code === '?' ? ['?', 'b', '1'] : null);
    if (!m) throw this.err('PICKLE_MALFORMED', `expected a numeric numpy dtype (float, int, uint, bool), found ${JSON.stringify(dtype.code)}`);
    const kind = m[1]!;
    const size = Number(m[2]);
    if (raw.length < count * size) throw this.err('PICKLE_MALFORMED', `expected ${count * size} bytes of numpy data, found ${raw.length}`);
    const le = dtype.order === '<' || dtype.order === '|' || (dtype.order === '=' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const o = i * size;
      let x: number;
      if (kind === 'f') {
        if (size === 8) x = dv.getFloat64(o, le);
        else if (size === 4) x = dv.getFloat32(o, le);
        else throw this.err('PICKLE_MALFORMED', `expected float32 or float64, found ${JSON.stringify(dtype.code)}`);
      } else if (kind === 'b') x = raw[o] ? 1 : 0;
      else if (size === 1) x = kind === 'i' ? dv.getInt8(o) : dv.getUint8(o);
      else if (size === 2) x = kind === 'i' ? dv.getInt16(o, le) : dv.getUint16(o, le);
      else if (size === 4) x = kind === 'i' ? dv.getInt32(o, le) : dv.getUint32(o, le);
      else {
        const big = kind === 'i' ? dv.getBigInt64(o, le) : dv.getBigUint64(o, le);
        x = Number(big);
        if (BigInt(x) !== big) throw this.err('PICKLE_MALFORMED', `expected 64-bit integers that doubles hold exactly, found ${big}`);
      }
      out[i] = x;
    }
    return out;
  }

  private ndarray(shape: number[], dtype: PendingDtype, fortran: boolean, raw: Uint8Array): Float64Array | PyNdArray {
    const count = shape.reduce((a, b) => a * b, 1);
    let data = this.numpyValues(dtype, raw, count);
    if (fortran && shape.length > 1) {
      // Column-major to row-major.
      const out = new Float64Array(count);
      const nd = shape.length;
      const idx = new Array<number>(nd).fill(0);
      for (let c = 0; c < count; c++) {
        let f = 0;
        for (let k = nd - 1; k >= 0; k--) f = f * shape[k]! + idx[k]!;
        out[c] = data[f]!;
        for (let k = nd - 1; k >= 0; k--) {
          if (++idx[k]! < shape[k]!) break;
          idx[k] = 0;
        }
      }
      data = out;
    }
    return shape.length === 1 ? data : new PyNdArray(shape, data);
  }

  private append(list: StackItem, values: PyValue[]): void {
    if (Array.isArray(list)) {
      for (const v of values) list.push(v);
    } else if (list instanceof FloatList) {
      for (const v of values) {
        if (!list.push(v)) throw this.err('PICKLE_MALFORMED', 'expected a list to be complete before it is used (appending to it later is not supported)');
      }
    } else throw this.err('PICKLE_MALFORMED', `expected a list to append to, found ${describe(list)}`);
  }

  /** A tuple of plain values, or an ArgTuple when it holds functions or pending objects. */
  private tuple(items: StackItem[]): PyTuple {
    let special = false;
    for (const v of items) {
      if (v === MARK) throw this.err('PICKLE_MALFORMED', 'expected tuple items, found a MARK');
      if (v instanceof AllowedGlobal || v instanceof PendingDtype || v instanceof ArgTuple) special = true;
      else if (v instanceof PendingVector && !v.built) special = true;
      else if (v instanceof PendingNdArray && v.value === undefined) special = true;
    }
    if (special) return new ArgTuple(items as unknown as PyValue[]);
    return new PyTuple(items.map((v) => this.plain(v, 'a tuple item')));
  }

  fail(detail: string): IoError {
    return this.err('PICKLE_MALFORMED', detail);
  }
}

function describe(v: StackItem): string {
  if (v === MARK) return 'a MARK';
  if (v instanceof AllowedGlobal) return `the function ${v.name}`;
  if (v instanceof PendingVector) return 'a NEURON Vector';
  if (v instanceof PendingNdArray) return 'a numpy array';
  if (v instanceof PendingDtype) return 'a numpy dtype';
  if (v instanceof FloatList) return 'a list';
  return pyTypeName(v);
}

function pyTypeName(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return 'a bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a number' : 'a float';
  if (typeof v === 'bigint') return 'an int';
  if (typeof v === 'string') return 'a str';
  if (v instanceof Float64Array) return 'a NEURON Vector';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof PyTuple) return 'a tuple';
  if (v instanceof Map) return 'a dict';
  if (v instanceof PyNdArray) return `a ${v.shape.length}-D numpy array`;
  return 'a set';
}

function latin1Bytes(text: string, u: { fail(d: string): IoError }): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) throw u.fail('expected latin-1 text to encode as bytes');
    out[i] = c;
  }
  return out;
}

function parsePySpecial(s: string): number | undefined {
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (l === 'nan' || l === '+nan' || l === '-nan') return NaN;
  return undefined;
}

function unescapePy2(s: string, u: { fail(d: string): IoError }): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };
    const r = map[e];
    if (r === undefined) throw u.fail(`expected a known escape in a STRING, found \\${e}`);
    return r;
  });
}

function rawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, a: string | undefined, b: string | undefined) =>
    String.fromCodePoint(parseInt((a ?? b)!, 16)),
  );
}

/**
 * Reads a pickle without running Python code. Only plain data and NEURON Vectors are built;
 * any global outside {@link PICKLE_ALLOWED_GLOBALS} is a `PICKLE_FORBIDDEN_GLOBAL` error,
 * object-building opcodes are `PICKLE_UNSUPPORTED_OPCODE`, and truncated data is
 * `PICKLE_TRUNCATED`; each names the byte offset.
 *
 * @example
 * ```ts
 * import { unpickle } from '@neurite/io';
 * const value = unpickle(bytes); // Map { 't' => Float64Array [...], 'v' => Float64Array [...] }
 * ```
 */
export function unpickle(data: ArrayBuffer | ArrayBufferView, options: PickleReadOptions = {}): PyValue {
  return new Unpickler(toU8(data), options.source).load();
}

function toColumn(v: PyValue, name: string, source: string | undefined): Float64Array {
  if (v instanceof Float64Array) return v;
  const items = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : undefined;
  if (items === undefined) {
    throw new IoError('PICKLE_NOT_A_TABLE', `expected ${JSON.stringify(name)} to be a list, tuple or NEURON Vector of numbers, found ${pyTypeName(v)}`, { source });
  }
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x === 'number') out[i] = x;
    else if (typeof x === 'bigint') out[i] = Number(x);
    else throw new IoError('PICKLE_NOT_A_TABLE', `expected a number at ${JSON.stringify(name)}[${i}], found ${pyTypeName(x ?? null)}`, { source });
  }
  return out;
}

/**
 * Turns an unpickled value into a {@link Table}: a dict with str keys of lists, tuples or NEURON
 * Vectors of numbers (the tutorial's `{'t': t, 'v': v}`), or a list/tuple of such columns
 * (named `'0'`, `'1'`, ...).
 *
 * @example
 * ```ts
 * import { pickleToTable, unpickle } from '@neurite/io';
 * const table = pickleToTable(unpickle(bytes));
 * ```
 */
export function pickleToTable(value: PyValue, options: PickleReadOptions = {}): Table {
  const source = options.source;
  if (value instanceof Map) {
    const names: string[] = [];
    const cols: Float64Array[] = [];
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new IoError('PICKLE_NOT_A_TABLE', `expected dict keys to be str, found ${pyTypeName(k)}`, { source });
      names.push(k);
      cols.push(toColumn(v, k, source));
    }
    return new Table(names, cols);
  }
  const items = Array.isArray(value) ? value : value instanceof PyTuple ? value.items : undefined;
  if (items && items.every((x) => x instanceof Float64Array || Array.isArray(x) || x instanceof PyTuple)) {
    return new Table(
      items.map((_, i) => String(i)),
      items.map((x, i) => toColumn(x, String(i), source)),
    );
  }
  throw new IoError('PICKLE_NOT_A_TABLE', `expected a dict of columns ({'t': [...], 'v': [...]}), found ${pyTypeName(value)}`, { source });
}

/**
 * Reads a pickle of recordings (as the tutorial's `pickle.dump({'t': t, 'v': v}, f)` writes
 * it) into a {@link Table}. Same safety as {@link unpickle}.
 *
 * @example
 * ```ts
 * import { parsePickle } from '@neurite/io';
 * const table = parsePickle(bytes, { source: 'data.p' });
 * h.Vector(table.get('v'));
 * ```
 */
export function parsePickle(data: ArrayBuffer | ArrayBufferView, options: PickleReadOptions = {}): Table {
  // Lists of numbers are read straight into Float64Arrays (they become the columns).
  return pickleToTable(new Unpickler(toU8(data), options.source, true).load(), options);
}

/** Collects bytes in blocks; yields full blocks. */
class ByteSink {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;
  constructor(readonly blockSize: number) {
    this.buf = new Uint8Array(blockSize);
    this.view = new DataView(this.buf.buffer);
  }
  /** Ensures room for n bytes; returns a full block to emit first, if any. */
  room(n: number): Uint8Array | undefined {
    if (this.pos + n <= this.buf.length) return undefined;
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(Math.max(this.blockSize, n));
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
    return out.length > 0 ? out : undefined;
  }
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  u32(x: number): void {
    this.view.setUint32(this.pos, x, true);
    this.pos += 4;
  }
  u64(x: number): void {
    this.view.setBigUint64(this.pos, BigInt(x), true);
    this.pos += 8;
  }
  f64be(x: number): void {
    this.view.setFloat64(this.pos, x, false);
    this.pos += 8;
  }
  rest(): Uint8Array | undefined {
    return this.pos > 0 ? this.buf.subarray(0, this.pos) : undefined;
  }
}

const encoder = new TextEncoder();
const BLOCK = 1 << 20;

/**
 * Writes a recording as a pickle, in chunks of about 1 MiB (for files of any size). By default
 * the pickle is a dict of lists of floats, `{'t': [...], 'v': [...]}`, that any `python3`
 * loads; with `as: 'vectors'` the values are NEURON Vectors (pickled as NEURON does), which load
 * as `h.Vector`s where NEURON is installed.
 *
 * @example
 * ```ts
 * import { pickleChunks } from '@neurite/io';
 * for (const chunk of pickleChunks({ t, v }, { as: 'vectors' })) file.write(chunk);
 * ```
 */
export function* pickleChunks(data: RecordingSet, options: PickleWriteOptions = {}): Generator<Uint8Array, void, undefined> {
  const protocol = options.protocol ?? 4;
  if (![2, 3, 4, 5].includes(protocol)) throw new IoError('PICKLE_UNSUPPORTED_PROTOCOL', `expected protocol 2 to 5, got ${String(protocol)}`);
  const mode = options.as ?? 'lists';
  const cols = resolveColumns(data);
  const w = new ByteSink(BLOCK);
  let flushed: Uint8Array | undefined;

  const str = (s: string): Uint8Array | undefined => {
    const b = encoder.encode(s);
    const f = w.room(b.length + 9);
    if (protocol >= 4 && b.length < 256) {
      w.byte(OP.SHORT_BINUNICODE);
      w.byte(b.length);
    } else {
      w.byte(OP.BINUNICODE);
      w.u32(b.length);
    }
    w.bytes(b);
    return f;
  };
  const int = (n: number): void => {
    if (n >= 0 && n < 256) {
      w.byte(OP.BININT1);
      w.byte(n);
    } else if (n >= 0 && n < 65536) {
      w.byte(OP.BININT2);
      w.byte(n & 255);
      w.byte(n >> 8);
    } else if (n >= -0x80000000 && n <= 0x7fffffff) {
      w.byte(OP.BININT);
      w.u32(n >>> 0);
    } else {
      // LONG1 with 8 bytes two's complement (enough for any array length).
      w.byte(OP.LONG1);
      w.byte(8);
      w.u64(n);
    }
  };

  if ((flushed = w.room(2))) yield flushed;
  w.byte(OP.PROTO);
  w.byte(protocol);
  w.byte(OP.EMPTY_DICT);
  if (cols.length > 0) w.byte(OP.MARK);
  let globalMemo = -1;
  let memoCount = 0;
  for (const col of cols) {
    if ((flushed = str(col.name))) yield flushed;
    const v = col.values;
    if (mode === 'lists') {
      if ((flushed = w.room(1))) yield flushed;
      w.byte(OP.EMPTY_LIST);
      for (let start = 0; start < v.length; start += 1000) {
        const end = Math.min(v.length, start + 1000);
        if ((flushed = w.room(2 + 9 * (end - start)))) yield flushed;
        w.byte(OP.MARK);
        for (let i = start; i < end; i++) {
          w.byte(OP.BINFLOAT);
          w.f64be(+v[i]!);
        }
        w.byte(OP.APPENDS);
      }
    } else if (mode === 'vectors') {
      if ((flushed = w.room(64))) yield flushed;
      if (globalMemo < 0) {
        if (protocol >= 4) {
          for (const s of ['neuron', '_pkl']) {
            w.byte(OP.SHORT_BINUNICODE);
            w.byte(s.length);
            w.bytes(encoder.encode(s));
          }
          w.byte(OP.STACK_GLOBAL);
        } else {
          w.byte(OP.GLOBAL);
          w.bytes(encoder.encode('neuron\n_pkl\n'));
        }
        globalMemo = memoCount++;
        w.byte(OP.BINPUT);
        w.byte(globalMemo);
      } else {
        w.byte(OP.BINGET);
        w.byte(globalMemo);
      }
      w.byte(OP.BININT1);
      w.byte(0);
      w.byte(OP.TUPLE1);
      w.byte(OP.REDUCE);
      w.byte(OP.MARK);
      int(1);
      // Byte-order mark: the double 2.0, little-endian (as written on every common machine).
      yield* writeBytesValue(w, new Float64Array([2]), protocol);
      int(v.length);
      yield* writeBytesValue(w, v, protocol);
      if ((flushed = w.room(3))) yield flushed;
      w.byte(OP.TUPLE);
      w.byte(OP.BUILD);
    } else {
      throw new IoError('BAD_COLUMN', `expected as: 'lists' or 'vectors', got ${String(mode)}`);
    }
  }
  if ((flushed = w.room(2))) yield flushed;
  if (cols.length > 0) w.byte(OP.SETITEMS);
  w.byte(OP.STOP);
  const rest = w.rest();
  if (rest) yield rest;
}

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);
const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function doubleBytes(x: number): Uint8Array {
  scratch[0] = x;
  if (!hostLittle) scratchBytes.reverse();
  return scratchBytes;
}

/**
 * Writes the doubles of `v` as one Python bytes value (little-endian): BINBYTES for protocol 3+,
 * or `_codecs.encode(<latin-1 text>, 'latin1')` for protocol 2, as Python itself does.
 */
function* writeBytesValue(w: ByteSink, v: ArrayLike<number>, protocol: number): Generator<Uint8Array, void, undefined> {
  const n = v.length;
  const byteLen = n * 8;
  let f: Uint8Array | undefined;
  if ((f = w.room(32))) yield f;
  if (protocol >= 3) {
    if (byteLen < 256) {
      w.byte(OP.SHORT_BINBYTES);
      w.byte(byteLen);
    } else if (byteLen <= 0xffffffff) {
      w.byte(OP.BINBYTES);
      w.u32(byteLen);
    } else if (protocol >= 4) {
      w.byte(OP.BINBYTES8);
      w.u64(byteLen);
    } else {
      throw new IoError('BAD_COLUMN', 'expected at most 4 GiB per column for pickle protocol 3; use protocol 4');
    }
  } else {
    let utf8Len = 0;
    for (let i = 0; i < n; i++) {
      const b = doubleBytes(+v[i]!);
      for (let k = 0; k < 8; k++) utf8Len += b[k]! < 0x80 ? 1 : 2;
    }
    if (utf8Len > 0xffffffff) throw new IoError('BAD_COLUMN', 'expected at most 4 GiB per column for pickle protocol 2; use protocol 4');
    w.byte(OP.GLOBAL);
    w.bytes(encoder.encode('_codecs\nencode\n'));
    w.byte(OP.BINUNICODE);
    w.u32(utf8Len);
  }
  const step = 65536;
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    if ((f = w.room((protocol >= 3 ? 8 : 16) * (end - start)))) yield f;
    for (let i = start; i < end; i++) {
      const b = doubleBytes(+v[i]!);
      if (protocol >= 3) {
        w.bytes(b);
      } else {
        for (let k = 0; k < 8; k++) {
          const c = b[k]!;
          if (c < 0x80) w.byte(c);
          else {
            w.byte(0xc0 | (c >> 6));
            w.byte(0x80 | (c & 0x3f));
          }
        }
      }
    }
  }
  if (protocol < 3) {
    if ((f = w.room(16))) yield f;
    w.byte(OP.BINUNICODE);
    w.u32(6);
    w.bytes(encoder.encode('latin1'));
    w.byte(OP.TUPLE2);
    w.byte(OP.REDUCE);
  }
}

/**
 * Formats a recording as pickle bytes (see {@link pickleChunks}).
 *
 * @example
 * ```ts
 * import { formatPickle } from '@neurite/io';
 * const bytes = formatPickle({ t: [0, 0.025], v: [-65, -64.99] }); // python3: pickle.load -> dict of lists
 * ```
 */
export function formatPickle(data: RecordingSet, options: PickleWriteOptions = {}): Uint8Array {
  const parts = [...pickleChunks(data, options)];
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
