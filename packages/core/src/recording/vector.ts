import { NeuriteError, shown } from '../errors.js';
import { Reference } from './reference.js';

/** What a simulation needs from a vector to record into it. */
export interface RecordTarget {
  /** @internal */ _recordStart(): void;
  /** @internal */ _push(value: number): void;
}

/** Registers recordings and plays; implemented by the simulation. */
export interface Recorder {
  /** @internal */ _addRecording(vec: VectorImpl, ref: Reference, interval: number | undefined): void;
  /** @internal */ _removeRecording(vec: VectorImpl): void;
  /** @internal */ _addPlay(vec: VectorImpl, ref: Reference, times: VectorImpl | number, continuous: boolean): void;
}

const RAW = Symbol('neurite.vector.raw');

/**
 * NEURON's `h.Vector`: a growable array of doubles that can record a simulation variable.
 * Elements read and write as `vec[i]`; `toArray()` gives a Float64Array copy.
 *
 * @example
 * ```ts
 * const v = h.Vector().record(soma(0.5)._ref_v);
 * const t = h.Vector().record(h._ref_t);
 * h.finitialize(-65); h.continuerun(40);
 * console.log(v.size(), v[0], Math.max(...v));
 * ```
 */
export interface Vector extends Iterable<number> {
  [index: number]: number;
  /** Number of elements. */
  readonly length: number;
  /** Label of the recorded variable (`soma(0.5).v`), if any. */
  label: string | undefined;
  /** Unit of the elements (`mV`), if known. */
  unit: string | undefined;
  /** Number of elements, as NEURON's `size()`. */
  size(): number;
  /** Records `ref` at every step (or every `interval` ms) from the next `finitialize`; returns this vector. */
  record(ref: Reference, interval?: number): Vector;
  /**
   * Plays this vector into a variable (NEURON's `vec.play(ref, tvec, continuous)`): element i
   * is the value from time `tvec[i]` on (or from i * `dt` when a number is given), applied at
   * the start of the step whose midpoint passes that time; with `continuous`, the variable
   * follows the line through the points (extrapolated past the last one), set at each half step.
   * @example
   * ```ts
   * h.Vector([0, 0.5, 0]).play(stim._ref_amp, h.Vector([0, 1, 2]), true);
   * ```
   */
  play(ref: Reference, times: Vector | ArrayLike<number> | number, continuous?: boolean | number): Vector;
  /** Stops recording or playing. */
  play_remove(): Vector;
  /** A Float64Array copy of the elements. */
  toArray(): Float64Array;
  /**
   * The elements as a Float64Array that shares the vector's storage (NEURON's `vec.x`):
   * `vec.x[i] = 2` writes element i. It stays the vector's storage until the vector grows
   * (a recording, `append`, `resize`); take it again after.
   * @example `const x = vec.x; x[0] = -65;`
   */
  readonly x: Float64Array;
  /** The same shared Float64Array as {@link Vector.x} (NEURON's `vec.as_numpy()`). */
  as_numpy(): Float64Array;
  /** The elements as a plain array (NEURON's `to_python()`). */
  to_python(): number[];
  /** Appends values; returns this vector. */
  append(...values: number[]): Vector;
  /** Sets the length, keeping existing elements and filling new ones with 0. */
  resize(n: number): Vector;
  /** Largest element (0 for an empty vector, as NEURON). */
  max(): number;
  /** Smallest element (0 for an empty vector, as NEURON). */
  min(): number;
  /** Sum of the elements. */
  sum(): number;
  /** Mean of the elements. */
  mean(): number;
  /** Sample variance, sum((x - mean)^2) / (n - 1), as NEURON computes it (two passes); n >= 2. */
  var(): number;
  /** Sample standard deviation, the square root of {@link Vector.var}; n >= 2. */
  stdev(): number;
  /** Sum of the squares of the elements. */
  sumsq(): number;
  /** Dot product with a vector of at least this one's size. */
  dot(other: Vector): number;
  /** Index of the first largest element, -1 when empty. */
  max_ind(): number;
  /** Index of the first smallest element, -1 when empty. */
  min_ind(): number;
  /** Whether an element equals `value` within NEURON's `float_epsilon` (1e-9). */
  contains(value: number): boolean;
  /**
   * Index of the first element for which `op` holds, -1 when none: `'=='`, `'!='`, `'>'`, `'<'`,
   * `'>='`, `'<='` against `value`, or `'[]'`, `'()'`, `'[)'`, `'(]'` for the range from
   * `value` to `value2`; comparisons within NEURON's `float_epsilon` (1e-9), as NEURON's.
   * @example `v.indwhere('>', -20) // the first sample above -20 mV`
   */
  indwhere(op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): number;
  /** A new vector with the same elements (NEURON's `c()`), recording nothing. */
  c(): Vector;
  /** Makes this vector a copy of `source`; returns this vector. */
  copy(source: Vector | ArrayLike<number>): Vector;
  /** Sets every element to `value`; returns this vector. */
  fill(value: number): Vector;
  /** Adds a number, or a vector of the same size element by element, in place; returns this vector. */
  add(x: number | Vector): Vector;
  /** Subtracts a number or a vector of the same size, in place; returns this vector. */
  sub(x: number | Vector): Vector;
  /** Multiplies by a number or a vector of the same size, in place; returns this vector. */
  mul(x: number | Vector): Vector;
  /** Divides by a number or a vector of the same size, in place; returns this vector. */
  div(x: number | Vector): Vector;
  /** Reverses the elements in place; returns this vector. */
  reverse(): Vector;
  /** Sorts the elements in increasing order, in place; returns this vector. */
  sort(): Vector;
}

/** NEURON's `float_epsilon`: the tolerance of Vector comparisons (`contains`, `indwhere`). */
const EPSILON = 1e-9;

/** @internal The storage behind a {@link Vector}. */
export class VectorImpl implements RecordTarget {
  data: Float64Array;
  length = 0;
  label: string | undefined = undefined;
  unit: string | undefined = undefined;

  constructor(private readonly recorder: Recorder | undefined, init?: ArrayLike<number> | Iterable<number> | number) {
    if (typeof init === 'number') {
      if (!Number.isInteger(init) || init < 0) {
        throw new NeuriteError('INVALID_ARGUMENT', `h.Vector(n) needs a whole number n >= 0, got ${init}`);
      }
      this.data = new Float64Array(Math.max(init, 16));
      this.length = init;
    } else if (init !== undefined) {
      const arr = Float64Array.from(init as ArrayLike<number>);
      this.data = arr.length ? arr : new Float64Array(16);
      this.length = arr.length;
    } else {
      this.data = new Float64Array(16);
    }
  }

  _recordStart(): void {
    this.length = 0;
  }

  _push(value: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = value;
  }

  /** Appends the values of `values` (recorded samples, taken in bulk). */
  _pushAll(values: Float64Array): void {
    const end = this.length + values.length;
    if (end > this.data.length) {
      let size = this.data.length * 2;
      while (size < end) size *= 2;
      const d = new Float64Array(size);
      d.set(this.data.subarray(0, this.length));
      this.data = d;
    }
    this.data.set(values, this.length);
    this.length = end;
  }

  size(): number {
    return this.length;
  }

  record(ref: Reference, interval?: number): this {
    if (!this.recorder) throw new NeuriteError('INVALID_ARGUMENT', 'this vector is not attached to a simulation');
    if (!(ref instanceof Reference)) {
      throw new NeuriteError('INVALID_ARGUMENT',
        `vec.record(what): what must be a reference to a variable, such as soma(0.5)._ref_v or h._ref_t, got ${describe(ref)}` +
        (ref === undefined ? ' (a _ref_ name that does not exist, e.g. a misspelled one, gives undefined; check the variable\'s name)' : '; to record a NetCon\'s spike times use nc.record(vec)'));
    }
    if (interval !== undefined && !(interval > 0)) {
      throw new NeuriteError('INVALID_ARGUMENT', `the recording interval must be > 0 ms, got ${interval}`);
    }
    this.label = ref.label;
    this.unit = ref.unit;
    this.recorder._addRecording(this, ref, interval);
    return this;
  }

  play(ref: Reference, times: Vector | ArrayLike<number> | number, continuous: boolean | number = false): this {
    if (!this.recorder) throw new NeuriteError('INVALID_ARGUMENT', 'this vector is not attached to a simulation');
    let t: VectorImpl | number;
    if (typeof times === 'number') {
      if (!(times > 0)) throw new NeuriteError('INVALID_ARGUMENT', `play(ref, dt): dt must be > 0 ms, got ${times}`);
      t = times;
    } else {
      t = (times as { [RAW]?: VectorImpl })[RAW] ?? new VectorImpl(undefined, times as ArrayLike<number>);
      if (t.length !== this.length) {
        throw new NeuriteError('INVALID_ARGUMENT', `play(): the time vector has ${t.length} elements but the values have ${this.length}; give one time per value`);
      }
      for (let i = 1; i < t.length; i++) {
        if (!(t.data[i] >= t.data[i - 1])) throw new NeuriteError('INVALID_ARGUMENT', `play(): times must not decrease (element ${i}: ${t.data[i]} after ${t.data[i - 1]})`);
      }
    }
    this.recorder._addPlay(this, ref, t, Boolean(continuous));
    return this;
  }

  play_remove(): this {
    this.recorder?._removeRecording(this);
    return this;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  get x(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  as_numpy(): Float64Array {
    return this.x;
  }

  to_python(): number[] {
    return Array.from(this.data.subarray(0, this.length));
  }

  append(...values: number[]): this {
    for (const v of values) this._push(v);
    return this;
  }

  resize(n: number): this {
    while (this.data.length < n) this._push(0);
    if (n > this.length) this.data.fill(0, this.length, n);
    this.length = n;
    return this;
  }

  max(): number {
    const i = this.max_ind();
    return i < 0 ? 0 : this.data[i];
  }

  min(): number {
    const i = this.min_ind();
    return i < 0 ? 0 : this.data[i];
  }

  max_ind(): number {
    if (this.length === 0) return -1;
    let k = 0;
    for (let i = 1; i < this.length; i++) if (this.data[i] > this.data[k]) k = i;
    return k;
  }

  min_ind(): number {
    if (this.length === 0) return -1;
    let k = 0;
    for (let i = 1; i < this.length; i++) if (this.data[i] < this.data[k]) k = i;
    return k;
  }

  var(): number {
    const n = this.length;
    if (n < 2) throw new NeuriteError('INVALID_ARGUMENT', `var() and stdev() need a vector of size 2 or more, got size ${n}`);
    const m = this.sum() / n;
    let acc = 0;
    for (let i = 0; i < n; i++) acc += (this.data[i] - m) * (this.data[i] - m);
    return acc / (n - 1);
  }

  stdev(): number {
    return Math.sqrt(this.var());
  }

  sumsq(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i] * this.data[i];
    return s;
  }

  dot(other: Vector): number {
    const o = operand(other, 'dot', this.length, true) as Float64Array;
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i] * o[i];
    return s;
  }

  contains(value: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.data[i] - value < EPSILON && value - this.data[i] < EPSILON) return true;
    return false;
  }

  indwhere(op: string, value: number, value2 = Number.NaN): number {
    const e = EPSILON;
    const test: ((x: number) => boolean) | undefined = {
      '==': (x: number) => x - value < e && value - x < e,
      '!=': (x: number) => !(x - value < e && value - x < e),
      '>': (x: number) => x > value + e,
      '<': (x: number) => x < value - e,
      '>=': (x: number) => x >= value - e,
      '<=': (x: number) => x <= value + e,
      '()': (x: number) => x > value + e && x < value2 - e,
      '[]': (x: number) => x >= value - e && x <= value2 + e,
      '[)': (x: number) => x >= value - e && x < value2 - e,
      '(]': (x: number) => x > value + e && x <= value2 + e,
    }[op];
    if (!test) throw new NeuriteError('INVALID_ARGUMENT', `indwhere('${op}', ...): the comparison must be one of ==, !=, >, <, >=, <=, [], (), [), (]`);
    if (op.length === 2 && '[('.includes(op[0]!) && Number.isNaN(value2)) {
      throw new NeuriteError('INVALID_ARGUMENT', `indwhere('${op}', low, high) needs both ends of the range`);
    }
    for (let i = 0; i < this.length; i++) if (test(this.data[i])) return i;
    return -1;
  }

  c(): Vector {
    return makeVector(new VectorImpl(this.recorder, this.data.subarray(0, this.length)));
  }

  copy(source: Vector | ArrayLike<number>): this {
    const values = source instanceof Float64Array ? source : Float64Array.from(operand(source, 'copy', 0, false) as ArrayLike<number>);
    this.length = 0;
    this._pushAll(values);
    return this;
  }

  fill(value: number): this {
    this.data.fill(value, 0, this.length);
    return this;
  }

  add(x: number | Vector): this {
    return this.#elementwise(x, 'add', (a, b) => a + b);
  }

  sub(x: number | Vector): this {
    return this.#elementwise(x, 'sub', (a, b) => a - b);
  }

  mul(x: number | Vector): this {
    return this.#elementwise(x, 'mul', (a, b) => a * b);
  }

  div(x: number | Vector): this {
    return this.#elementwise(x, 'div', (a, b) => a / b);
  }

  reverse(): this {
    this.data.subarray(0, this.length).reverse();
    return this;
  }

  sort(): this {
    this.data.subarray(0, this.length).sort();
    return this;
  }

  #elementwise(x: number | Vector, name: string, f: (a: number, b: number) => number): this {
    if (typeof x === 'number') {
      for (let i = 0; i < this.length; i++) this.data[i] = f(this.data[i], x);
      return this;
    }
    const o = operand(x, name, this.length, false) as Float64Array;
    for (let i = 0; i < this.length; i++) this.data[i] = f(this.data[i], o[i]);
    return this;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i];
    return s;
  }

  mean(): number {
    return this.sum() / this.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.data[i];
  }
}

/**
 * The elements of a vector argument of `method` (a Vector, or for `copy` any array), checked to
 * have `size` elements (at least `size` when `atLeast`; any size when `size` is 0).
 */
function operand(x: unknown, method: string, size: number, atLeast: boolean): ArrayLike<number> {
  const impl = (x as { [RAW]?: VectorImpl } | null)?.[RAW];
  const values = impl ? impl.data.subarray(0, impl.length) : x;
  if (impl === undefined && (method !== 'copy' || typeof (values as ArrayLike<number> | null)?.length !== 'number')) {
    throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(x): x must be ${method === 'copy' ? 'a vector or an array' : 'a number or a vector'}, got ${describe(x)}`);
  }
  const n = (values as ArrayLike<number>).length;
  if (size > 0 && (atLeast ? n < size : n !== size)) {
    throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(other): other has size ${n}; it must have ${atLeast ? 'at least ' : ''}this vector's size, ${size}`);
  }
  return values as ArrayLike<number>;
}

/** What a value is, for an error message: its class and text. */
function describe(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return shown(value);
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  const text = typeof value === 'object' && typeof (value as { hname?: unknown }).hname === 'function'
    ? (value as { hname(): string }).hname() : String(value);
  return name && !text.includes(name) ? `${name} ${text}` : text;
}

function indexOf(prop: string | symbol): number {
  if (typeof prop !== 'string') return -1;
  const c = prop.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(prop);
  return Number.isInteger(i) && String(i) === prop ? i : -1;
}

/** Wraps storage in the public {@link Vector} (with `vec[i]` element access). */
export function makeVector(impl: VectorImpl): Vector {
  const proxy = new Proxy(impl, {
    get(target, prop) {
      if (prop === RAW) return target;
      const i = indexOf(prop);
      if (i >= 0) return i < target.length ? target.data[i] : undefined;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          const r = (value as (...a: unknown[]) => unknown).apply(target, args);
          return r === target ? proxy : r;
        };
      }
      return value;
    },
    set(target, prop, value) {
      const i = indexOf(prop);
      if (i >= 0) {
        if (i >= target.length) {
          throw new NeuriteError('INVALID_ARGUMENT', `index ${i} is past the end of a vector of size ${target.length}; use resize() or append()`);
        }
        target.data[i] = Number(value);
        return true;
      }
      return Reflect.set(target, prop, value, target);
    },
    has(target, prop) {
      const i = indexOf(prop);
      return i >= 0 ? i < target.length : Reflect.has(target, prop);
    },
  });
  return proxy as unknown as Vector;
}

/** The storage of a public vector (for code in core that records into it). */
export function vectorImpl(v: Vector): VectorImpl {
  return (v as unknown as { [RAW]: VectorImpl })[RAW];
}
