import { NeuriteError, shown } from '../errors.js';
import { Reference } from './reference.js';
import { setInspect } from '../inspect.js';

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
  /** @internal Where `vec.printf()` writes (the simulation's print function); console.log when absent. */
  _print?(text: string): void;
}

const RAW = Symbol('neurite.vector.raw');

/**
 * NEURON's `h.Vector`: a growable array of doubles that can record a simulation variable.
 * Elements read and write as `vec[i]`; `toArray()` gives a Float64Array copy.
 *
 * As in NEURON, methods that change the vector return the same vector (so calls chain:
 * `v.c().sub(v.mean()).abs()`), and methods such as `c`, `at`, `histogram` return a new one.
 * Ranges `(start, end)` include `end`, and non-integer indices are truncated as NEURON does.
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
  /**
   * Element i. Writing past the end throws (use `append` or `resize`); reading past the end
   * gives `undefined`, as a JS array does (NEURON raises an index error there).
   */
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
   * follows the line through the points (extrapolated past the last one), set at each half step
   * (continuous needs a time vector, as in NEURON).
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
  /**
   * References to the elements (NEURON's `vec._ref_x[i]`): `vec._ref_x[i]` points at element i
   * wherever the vector's storage is, for what takes a pointer (`h.table_tau_kd(vec._ref_x[0],
   * n, vmin, vmax)`, `record`, `play`). The index must be below the size.
   * @example `const first = vec._ref_x[0]; first.set(-65);`
   */
  readonly _ref_x: { readonly [index: number]: Reference };
  /** The same shared Float64Array as {@link Vector.x} (NEURON's `vec.as_numpy()`). */
  as_numpy(): Float64Array;
  /** The elements as a plain array (NEURON's `to_python()`). */
  to_python(): number[];
  /**
   * Appends numbers and the elements of vectors, in any mix; returns this vector.
   * A vector cannot append itself (append a copy, `v.append(v.c())`), as in NEURON.
   * @example `h.Vector([1]).append(2, h.Vector([3, 4]), 5) // [1, 2, 3, 4, 5]`
   */
  append(...values: (number | Vector)[]): Vector;
  /**
   * Inserts numbers and the elements of vectors before element `index` (0 to size; size
   * appends); returns this vector. NEURON's spelling, `insrt`.
   * @example `h.Vector([1, 2, 3]).insrt(1, 7, 8) // [1, 7, 8, 2, 3]`
   */
  insrt(index: number, ...values: (number | Vector)[]): Vector;
  /**
   * Removes element `start`, or elements `start` to `end` (inclusive); returns this vector.
   * @example `h.Vector([3, 1, 4, 1, 5]).remove(1, 2) // [3, 1, 5]`
   */
  remove(start: number, end?: number): Vector;
  /** Sets the length, keeping existing elements and filling new ones with 0; returns this vector. */
  resize(n: number): Vector;
  /** Empties the vector (size 0); returns this vector. */
  clear(): Vector;
  /**
   * Makes the elements those of an array (NEURON's `from_python`): the size becomes its length;
   * returns this vector.
   * @example `h.Vector().from_python([1, 2, 3]) // [1, 2, 3]`
   */
  from_python(values: ArrayLike<number> | Iterable<number>): Vector;
  /** Element `i` (0 to size - 1), checked as NEURON's `get`. */
  get(i: number): number;
  /** Sets element `i` (0 to size - 1) to `value`; returns this vector. */
  set(i: number, value: number): Vector;
  /**
   * The number of elements there is room for before the vector's storage grows; with `n` (at
   * least the size), makes room for `n`. As NEURON's `buffer_size`.
   */
  buffer_size(n?: number): number;
  /**
   * Largest element, of all or of elements `start` to `end` (inclusive); 0 for an empty vector, as NEURON.
   * @example `v.max(10, 20)`
   */
  max(start?: number, end?: number): number;
  /** Smallest element, of all or of elements `start` to `end` (inclusive); 0 for an empty vector, as NEURON. */
  min(start?: number, end?: number): number;
  /** Sum of the elements, of all or of elements `start` to `end` (inclusive); 0 when empty. */
  sum(start?: number, end?: number): number;
  /**
   * Mean of the elements, or of elements `start` to `end` (inclusive; NEURON requires end > start).
   * Throws for an empty vector, as NEURON ("must have size > 0").
   * NEURON 8.2.2's `mean(start, end)` computes `sum / end - start + 1` (an operator-precedence
   * bug); neurite gives the true mean of the range.
   * @example `h.Vector([3, 1, 4, 1, 5]).mean(1, 3) // 2`
   */
  mean(start?: number, end?: number): number;
  /**
   * Sample variance, sum((x - mean)^2) / (n - 1), as NEURON computes it (two passes), of all
   * elements (n >= 2) or of elements `start` to `end` (inclusive; end > start).
   */
  var(start?: number, end?: number): number;
  /** Sample standard deviation, the square root of {@link Vector.var}, with the same ranges. */
  stdev(start?: number, end?: number): number;
  /** Sum of the squares of the elements, of all or of elements `start` to `end` (inclusive). */
  sumsq(start?: number, end?: number): number;
  /** Dot product with a vector of at least this one's size. */
  dot(other: Vector): number;
  /** Euclidean length, the square root of the sum of the squares. */
  mag(): number;
  /**
   * Mean squared difference from `other` (at least this one's size), each term weighted by
   * `weights` when given: `sum(w (x - y)^2) / size`. An empty vector is an error, as in NEURON.
   * @example `h.Vector([1, 2, 3]).meansqerr(h.Vector([1, 2, 4])) // 1/3`
   */
  meansqerr(other: Vector, weights?: Vector): number;
  /**
   * Maps the elements linearly onto `[low, high]` (the smallest to `low`, the largest to
   * `high`); returns the scale factor, `(high - low) / (max - min)`, or 0 (elements unchanged)
   * when all are equal.
   * @example `h.Vector([1, 2, 3, 5]).scale(0, 1) // 0.25; the vector is [0, 0.25, 0.5, 1]`
   */
  scale(low: number, high: number): number;
  /**
   * Index of the first largest element, of all or among elements `start` to `end` (inclusive);
   * -1 when empty. NEURON 8.2.2's `max_ind(start, end)` adds `start` twice; neurite gives the index.
   * @example `h.Vector([3, 1, 4, 1, 5, 9]).max_ind(0, 3) // 2`
   */
  max_ind(start?: number, end?: number): number;
  /**
   * Index of the first smallest element, of all or among elements `start` to `end` (inclusive);
   * -1 when empty. NEURON 8.2.2's `min_ind(start, end)` adds `start` twice; neurite gives the index.
   */
  min_ind(start?: number, end?: number): number;
  /**
   * The median: the middle element of the sorted values, or the mean of the two middle ones
   * for an even size. Throws for an empty vector, as NEURON.
   * @example `h.Vector([3, 1, 4, 1]).median() // 2`
   */
  median(): number;
  /** Whether an element equals `value` within NEURON's `float_epsilon` (1e-11). */
  contains(value: number): boolean;
  /**
   * Whether `other` has the same size and the same elements within NEURON's `float_epsilon`
   * (1e-11). NEURON returns 1 or 0; neurite true or false.
   * @example `h.Vector([1, 2]).eq(h.Vector([1, 2])) // true`
   */
  eq(other: Vector): boolean;
  /**
   * Index of the first element for which `op` holds, -1 when none: `'=='`, `'!='`, `'>'`, `'<'`,
   * `'>='`, `'<='` against `value`, or `'[]'`, `'()'`, `'[)'`, `'(]'` for the range from
   * `value` to `value2` (a bracket includes that end); comparisons within NEURON's
   * `float_epsilon` (1e-11), as NEURON's.
   * @example `v.indwhere('>', -20) // the first sample above -20 mV`
   */
  indwhere(op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): number;
  /**
   * NEURON's `where`: keeps the elements for which `op` holds (the comparisons of
   * {@link Vector.indwhere}), in order. With a `source` vector first, this vector becomes the elements of `source` that
   * pass; without, this vector is filtered in place. Returns this vector.
   * @example
   * ```ts
   * h.Vector([3, 1, 4, 1, 5]).where('>', 2)              // [3, 4, 5]
   * const big = h.Vector().where(v, '[]', -70, -60);  // v's elements from -70 to -60
   * ```
   */
  where(op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): Vector;
  where(source: Vector, op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): Vector;
  /**
   * NEURON's `indvwhere`: as {@link Vector.where}, but gives the indices of the elements that
   * pass (of `source`, or of this vector); returns this vector.
   * @example `h.Vector().indvwhere(v, '>', 0) // indices of positive elements of v`
   */
  indvwhere(op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): Vector;
  indvwhere(source: Vector, op: '==' | '!=' | '>' | '<' | '>=' | '<=' | '[]' | '()' | '[)' | '(]', value: number, value2?: number): Vector;
  /**
   * A new vector with elements `start` to `end` (inclusive; from `start` to the last when
   * `end` is omitted; all when both are), recording nothing (NEURON's `c()`; the same as `at`).
   * @example `h.Vector([3, 1, 4, 1]).c(1, 2) // [1, 4]`
   */
  c(start?: number, end?: number): Vector;
  /** A new vector with elements `start` to `end` (inclusive), as {@link Vector.c}. */
  at(start?: number, end?: number): Vector;
  /**
   * NEURON's `copy`: copies elements of `source` (a vector or an array) into this vector;
   * returns this vector. The forms:
   * - `copy(src)`: this vector becomes a copy of `src` (same size);
   * - `copy(src, destStart)`: `src` goes to elements from `destStart` on;
   * - `copy(src, srcStart, srcEnd)`: elements `srcStart` to `srcEnd` of `src` go to elements
   *   from 0 on (`srcEnd` -1 means the last);
   * - `copy(src, destStart, srcStart, srcEnd[, destInc, srcInc])`: the same to elements from
   *   `destStart` on, taking every `srcInc`-th element and writing every `destInc`-th;
   * - `copy(src, srcIndices[, destIndices])`: `this[i] = src[i]` for each i of `srcIndices`,
   *   or `this[destIndices[k]] = src[srcIndices[k]]`; indices out of range are skipped.
   *
   * Except in that last form this vector grows (with zeros) to hold what is copied; only
   * `copy(src)` shrinks it. Copying a vector into itself reads the elements as they were
   * before the copy (NEURON 8.2.2 reads them as it overwrites them).
   * @example `h.Vector([1, 2, 3, 4, 5]).copy(h.Vector([7, 8]), 2) // [1, 2, 7, 8, 5]`
   */
  copy(source: Vector | ArrayLike<number>): Vector;
  copy(source: Vector | ArrayLike<number>, destStart: number): Vector;
  copy(source: Vector | ArrayLike<number>, srcStart: number, srcEnd: number): Vector;
  copy(source: Vector | ArrayLike<number>, destStart: number, srcStart: number, srcEnd: number, destInc?: number, srcInc?: number): Vector;
  copy(source: Vector | ArrayLike<number>, srcIndices: Vector, destIndices?: Vector): Vector;
  /**
   * Sets every element, or elements `start` to `end` (inclusive), to `value`; returns this vector.
   * @example `h.Vector(5).fill(1, 1, 3) // [0, 1, 1, 1, 0]`
   */
  fill(value: number, start?: number, end?: number): Vector;
  /**
   * NEURON's `indgen`, in place; returns this vector:
   * - `indgen()`: element i becomes i;
   * - `indgen(step)`: i * step;
   * - `indgen(start, step)`: start + i * step (these three keep the size);
   * - `indgen(start, stop, step)`: resizes to floor((stop - start) / step + 1e-9) + 1 elements
   *   start, start + step, ... (so up to `stop`); |step| must be at most |stop - start|.
   * @example `h.Vector().indgen(0, 1, 0.25) // [0, 0.25, 0.5, 0.75, 1]`
   */
  indgen(): Vector;
  indgen(step: number): Vector;
  indgen(start: number, step: number): Vector;
  indgen(start: number, stop: number, step: number): Vector;
  /** Adds a number, or a vector of the same size element by element, in place; returns this vector. */
  add(x: number | Vector): Vector;
  /** Subtracts a number or a vector of the same size, in place; returns this vector. */
  sub(x: number | Vector): Vector;
  /** Multiplies by a number or a vector of the same size, in place; returns this vector. */
  mul(x: number | Vector): Vector;
  /** Divides by a number or a vector of the same size, in place; returns this vector. */
  div(x: number | Vector): Vector;
  /**
   * Absolute values, in place, or of `source` into this vector (resized to its size); returns this vector.
   * @example `h.Vector([-1, 2]).abs() // [1, 2]`
   */
  abs(source?: Vector): Vector;
  /**
   * Square roots, in place or of `source` into this vector; returns this vector. A negative
   * element throws, as NEURON ("sqrt argument out of domain").
   */
  sqrt(source?: Vector): Vector;
  /** Natural logarithms, in place or of `source` into this vector (log 0 is -Infinity, of a negative NaN, as NEURON); returns this vector. */
  log(source?: Vector): Vector;
  /**
   * Fills the vector (its size unchanged) with a sine wave of `freq` [Hz] and `phase` [rad],
   * element i at time i * `dt` [ms] (1 ms by default): `sin(2 pi freq dt i / 1000 + phase)`;
   * returns this vector.
   * @example `h.Vector(40).sin(25, 0, 1) // one period every 40 elements`
   */
  sin(freq: number, phase: number, dt?: number): Vector;
  /**
   * Sums each run of `factor` elements (of `source`, or of this vector) into one: size
   * floor(n / factor); returns this vector.
   * @example `h.Vector([1, 2, 3, 4, 5]).rebin(2) // [3, 7]`
   */
  rebin(factor: number): Vector;
  rebin(source: Vector, factor: number): Vector;
  /**
   * This vector becomes `source` sampled at `factor` times its rate (floor(n factor) elements,
   * element i being source's floor(i / factor)); returns this vector.
   * @example `h.Vector().resample(h.Vector([1, 2]), 2) // [1, 1, 2, 2]`
   */
  resample(source: Vector, factor: number): Vector;
  /**
   * This vector becomes the histogram of `data`: `size` bins of width `step` from `start`,
   * element i counting the values in [start + i step, start + (i + 1) step); returns this vector.
   * @example `h.Vector().hist(h.Vector([0.5, 1.5, 1.7, 9]), 0, 3, 1) // [1, 2, 0]`
   */
  hist(data: Vector, start: number, size: number, step: number): Vector;
  /** A copy of elements `start` to `end` (all by default) with this vector's label (NEURON's `cl`). */
  cl(start?: number, end?: number): Vector;
  /** Base-10 logarithms, in place or of `source` into this vector; returns this vector. */
  log10(source?: Vector): Vector;
  /** Rounds down, in place or of `source` into this vector; returns this vector. */
  floor(source?: Vector): Vector;
  /** Hyperbolic tangents, in place or of `source` into this vector; returns this vector. */
  tanh(source?: Vector): Vector;
  /**
   * Raises the elements (or those of `source`, into this vector) to the power `p`; returns this
   * vector. `p` = 0.5 throws for a negative element and `p` = -1 for a zero one, as NEURON
   * (NEURON 8.2.2's `pow(source, -1)` tests this vector's old elements instead of `source`'s).
   * @example `h.Vector([1, 2, 3]).pow(2) // [1, 4, 9]`
   */
  pow(p: number): Vector;
  pow(source: Vector, p: number): Vector;
  /**
   * Replaces each element x (or elements `start` to `end`, inclusive) by `fn(x)`; returns this
   * vector. NEURON takes the name of a hoc function; neurite takes a JS function.
   * @example `v.apply(Math.exp)`, `v.apply((x) => x * x, 0, 9)`
   */
  apply(fn: (x: number) => number, start?: number, end?: number): Vector;
  /**
   * NEURON's `deriv`: the derivative with step `dx` (default 1), in place or of `source` into
   * this vector; returns this vector. `method` 2 (default): central differences
   * (x[i+1] - x[i-1]) / (2 dx) inside, one-sided at the two ends, same size; `method` 1:
   * forward differences (x[i+1] - x[i]) / dx, one element fewer. Needs 2 elements or more.
   * @example `h.Vector([0, 1, 4, 9]).deriv(0.5) // [2, 4, 8, 10]`
   */
  deriv(dx?: number, method?: 1 | 2): Vector;
  deriv(source: Vector, dx?: number, method?: 1 | 2): Vector;
  /**
   * NEURON's `integral`: the running sum y[0] = x[0], y[i] = y[i-1] + x[i] * dx (`dx` default 1),
   * in place or of `source` into this vector; returns this vector. Needs 1 element or more.
   * @example `h.Vector([1, 2, 3]).integral() // [1, 3, 6]`
   */
  integral(dx?: number): Vector;
  integral(source: Vector, dx?: number): Vector;
  /**
   * NEURON's `interpolate`: this vector becomes the values at `xdest` of the piecewise-linear
   * function through (`xsrc`, `ysrc`) (`ysrc` defaults to this vector's elements), constant
   * beyond the ends; points where `xsrc` does not increase are skipped. Returns this vector.
   * @example `h.Vector().interpolate(h.Vector([0.5, 5]), h.Vector([0, 1, 2]), h.Vector([0, 10, 40])) // [5, 40]`
   */
  interpolate(xdest: Vector, xsrc: Vector, ysrc?: Vector): Vector;
  /**
   * NEURON's `index`: this vector becomes `source[indices[i]]` for each i (indices truncated to
   * integers; 0 where out of range); `source` defaults to this vector. Returns this vector.
   * @example `h.Vector().index(h.Vector([10, 20, 30]), h.Vector([2, 0])) // [30, 10]`
   */
  index(indices: Vector): Vector;
  index(source: Vector, indices: Vector): Vector;
  /**
   * NEURON's `ind`: a new vector of this vector's elements at `indices`, skipping those out of range.
   * @example `h.Vector([10, 20, 30]).ind(h.Vector([2, 7, 0])) // [30, 10]`
   */
  ind(indices: Vector): Vector;
  /**
   * The indices that sort this vector (ties in their original order): a new vector, or written
   * into `dest`, which is returned. `h.Vector().index(v, v.sortindex())` sorts v.
   * @example `h.Vector([3, 1, 2]).sortindex() // [1, 2, 0]`
   */
  sortindex(dest?: Vector): Vector;
  /**
   * Shifts the elements `n` places to the right (left for negative `n`), wrapping around; with
   * a second argument (NEURON's form is `rotate(n, 0)`) the places left empty are 0 instead.
   * In place; returns this vector. (For |n| >= size without wrapping NEURON 8.2.2 leaves some
   * elements, as for `rotate(2 * size, 0)`; neurite gives all zeros.)
   * @example `h.Vector([1, 2, 3, 4]).rotate(1) // [4, 1, 2, 3]`
   */
  rotate(n: number, wrap?: 0): Vector;
  /**
   * A new vector counting the elements in bins of `width` from `low` to `high`, as NEURON:
   * floor((high - low) / width) + 2 bins, element x falling in bin floor((x - low) / width) + 1
   * (so bin 0 holds those in [low - width, low)); elements outside every bin are not counted.
   * @example `h.Vector([0.5, 1.5, 1.7]).histogram(0, 2, 1) // [0, 1, 2, 0]`
   */
  histogram(low: number, high: number, width: number): Vector;
  /**
   * Prints the elements (or elements `start` to `end`) to the simulation's print function
   * (console.log when it has none), as NEURON: with `%g\t` and a new line after every 5 and at
   * the end, or with a C `format` (`%g`, `%f`, `%e`, `%d`, width, precision and flags) per
   * element and nothing else. Returns the number printed.
   * @example `h.Vector([1, 2.5]).printf() // prints "1\t2.5\t", returns 2`
   */
  printf(format?: string, start?: number, end?: number): number;
  printf(start: number, end: number): number;
  /** Reverses the elements in place; returns this vector. */
  reverse(): Vector;
  /** Sorts the elements in increasing order, in place; returns this vector. */
  sort(): Vector;
}

/** NEURON's `float_epsilon` (hoc_epsilon, 1e-11 by default): the tolerance of Vector comparisons. */
const EPSILON = 1e-11;
/** The tolerance of `indgen(start, stop, step)`'s count, a constant of NEURON's ivocvect.cpp. */
const INDGEN_EPSILON = 1e-9;
/** NEURON's largest index argument, 2^53. */
const MAX_INT = 9007199254740992;

/** @internal The storage behind a {@link Vector}. */
export class VectorImpl implements RecordTarget {
  data: Float64Array;
  length = 0;
  label: string | undefined = undefined;
  unit: string | undefined = undefined;

  /**
   * `init`: nothing (empty), a size n (NEURON truncates a fractional n) whose elements are
   * `fillValue` (NEURON's `h.Vector(n, value)`; 0 by default), or the elements.
   */
  constructor(private readonly recorder: Recorder | undefined, init?: ArrayLike<number> | Iterable<number> | number, fillValue = 0) {
    if (typeof init === 'number') {
      if (!(init >= 0 && init <= 1e10)) {
        throw new NeuriteError('INVALID_ARGUMENT', `h.Vector(n) needs a size n >= 0, got ${init}`);
      }
      if (typeof fillValue !== 'number') {
        throw new NeuriteError('INVALID_ARGUMENT', `h.Vector(n, value): value must be a number, got ${describe(fillValue)}`);
      }
      const n = Math.trunc(init);
      this.data = new Float64Array(Math.max(n, 16));
      if (fillValue !== 0) this.data.fill(fillValue, 0, n);
      this.length = n;
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
    if (this.length === this.data.length) this.#reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Appends the values of `values` (recorded samples, taken in bulk). */
  _pushAll(values: Float64Array): void {
    const end = this.length + values.length;
    this.#reserve(end);
    this.data.set(values, this.length);
    this.length = end;
  }

  /** Makes room for `n` elements (exactly n with `exact`, else the next doubling), keeping the current ones. */
  #reserve(n: number, exact = false): void {
    if (n <= this.data.length) return;
    let size = exact ? n : Math.max(this.data.length * 2, 16);
    while (size < n) size *= 2;
    const d = new Float64Array(size);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }

  /** Sets the length to `n`, new elements 0. */
  #setLength(n: number): void {
    this.#reserve(n);
    if (n > this.length) this.data.fill(0, this.length, n);
    this.length = n;
  }

  /** The elements (a view; copy it before changing this vector's size or elements). */
  get #view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  #newVector(values: ArrayLike<number>): Vector {
    return makeVector(new VectorImpl(this.recorder, values));
  }

  /** Elements `start` to `end` (inclusive) given as a method's optional range, checked as NEURON's chkarg. */
  #range(method: string, start: unknown, end: unknown): [number, number] {
    const top = this.length - 1;
    if (start === undefined && end === undefined) return [0, top];
    if (end === undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(start, end) needs both start and end (element indices, end included), got only start`);
    }
    const s = indexArg(method, 'start', start, 0, top, this.length);
    return [s, indexArg(method, 'end', end, s, top, this.length)];
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
      if (continuous) {
        throw new NeuriteError('INVALID_ARGUMENT', `play(ref, ${times}, continuous): continuous play needs a time vector, as NEURON's: give the times, play(ref, tvec, true), or play the steps, play(ref, ${times})`);
      }
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
    return this.#view;
  }

  get _ref_x(): { readonly [index: number]: Reference } {
    return new Proxy({}, {
      get: (_, prop) => {
        const i = indexOf(prop);
        if (i < 0) return undefined;
        if (i >= this.length) {
          throw new NeuriteError('INVALID_ARGUMENT', `vec._ref_x[${i}]: index ${i} is past the end of a vector of size ${this.length}`);
        }
        return new Reference(`${this.label ?? 'Vector'}.x[${i}]`, this.unit ?? '', () => [this.data, i], this);
      },
    });
  }

  as_numpy(): Float64Array {
    return this.x;
  }

  to_python(): number[] {
    return Array.from(this.#view);
  }

  append(...values: unknown[]): this {
    const parts = this.#insertable('append', values, 0);
    for (const p of parts) {
      if (typeof p === 'number') this._push(p);
      else this._pushAll(p);
    }
    return this;
  }

  insrt(index: number, ...values: unknown[]): this {
    const at = indexArg('insrt', 'index', index, 0, this.length, this.length, true);
    const parts = this.#insertable('insrt', values, 1);
    const tail = this.data.slice(at, this.length);
    this.length = at;
    for (const p of parts) {
      if (typeof p === 'number') this._push(p);
      else this._pushAll(p);
    }
    this._pushAll(tail);
    return this;
  }

  /** The numbers and vectors' elements given to `append` or `insrt` (argument numbers from `first` + 1). */
  #insertable(method: string, values: unknown[], first: number): (number | Float64Array)[] {
    return values.map((v, k) => {
      if (typeof v === 'number') return v;
      const impl = rawOf(v);
      if (!impl) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(...): argument ${first + k + 1} must be a number or a vector, got ${describe(v)}`);
      }
      if (impl === this) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(vec): a vector cannot take its own elements; give a copy, vec.${method}(${method === 'insrt' ? 'i, ' : ''}vec.c())`);
      }
      return impl.data.slice(0, impl.length);
    });
  }

  remove(start: number, end?: number): this {
    const top = this.length - 1;
    const s = indexArg('remove', 'start', start, 0, top, this.length);
    const e = end === undefined ? s : indexArg('remove', 'end', end, s, top, this.length);
    this.data.copyWithin(s, e + 1, this.length);
    this.length -= e - s + 1;
    return this;
  }

  resize(n: number): this {
    if (typeof n !== 'number' || !(n >= 0 && n <= MAX_INT)) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.resize(n): n must be a size >= 0, got ${describe(n)}`);
    }
    this.#setLength(Math.trunc(n));
    return this;
  }

  clear(): this {
    this.length = 0;
    return this;
  }

  from_python(values: ArrayLike<number> | Iterable<number>): this {
    if (values === null || typeof values !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.from_python(values): values must be an array of numbers, got ${describe(values)}`);
    }
    const arr = Float64Array.from(values as ArrayLike<number>);
    this.length = 0;
    this.#setLength(arr.length);
    this.data.set(arr);
    return this;
  }

  get(i: number): number {
    return this.data[indexArg('get', 'i', i, 0, this.length - 1, this.length)];
  }

  set(i: number, value: number): this {
    if (typeof value !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `vec.set(i, value): value must be a number, got ${describe(value)}`);
    this.data[indexArg('set', 'i', i, 0, this.length - 1, this.length)] = value;
    return this;
  }

  buffer_size(n?: number): number {
    // (Exactly n, as NEURON's reserve: not the growth's next power of two.)
    if (n !== undefined) this.#reserve(indexArg('buffer_size', 'n', n, this.length, MAX_INT, this.length, true), true);
    return this.data.length;
  }

  mag(): number {
    return Math.sqrt(this.sumsq());
  }

  meansqerr(other: Vector, weights?: Vector): number {
    const y = vectorArg('meansqerr', 'other', other);
    const w = weights === undefined ? undefined : vectorArg('meansqerr', 'weights', weights);
    const n = this.length;
    if (n === 0 || n > y.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.meansqerr(other): other must have at least this vector's size (${n}), and that must be > 0; got ${y.length}`);
    }
    if (w && n > w.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.meansqerr(other, weights): weights must have at least this vector's size (${n}), got ${w.length}`);
    }
    let err = 0;
    for (let i = 0; i < n; i++) {
      const d = this.data[i] - y.data[i];
      err += w ? d * d * w.data[i] : d * d;
    }
    return err / n;
  }

  scale(low: number, high: number): number {
    if (typeof low !== 'number' || typeof high !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.scale(low, high): both must be numbers, got ${describe(low)} and ${describe(high)}`);
    }
    if (this.length === 0) return 0;
    const min = this.min();
    const r = this.max() - min;
    if (!(r > 0)) return 0;
    const sf = (high - low) / r;
    for (let i = 0; i < this.length; i++) this.data[i] = (this.data[i] - min) * sf + low;
    return sf;
  }

  sin(freq: number, phase: number, dt = 1): this {
    if (typeof freq !== 'number' || typeof phase !== 'number' || typeof dt !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.sin(freq, phase[, dt]): freq [Hz], phase [rad] and dt [ms] must be numbers, got ${describe(freq)}, ${describe(phase)}, ${describe(dt)}`);
    }
    const period = ((2 * Math.PI) / 1000) * freq * dt; // (NEURON's order of operations)
    for (let i = 0; i < this.length; i++) this.data[i] = Math.sin(period * i + phase);
    return this;
  }

  rebin(a: Vector | number, b?: number): this {
    const hasSource = typeof a !== 'number';
    const src = hasSource ? vectorArg('rebin', 'source', a).toArray() : this.#view.slice();
    const f = hasSource ? b : a;
    if (typeof f !== 'number' || !(f >= 1)) throw new NeuriteError('INVALID_ARGUMENT', `vec.rebin(${hasSource ? 'source, ' : ''}factor): factor must be a whole number >= 1, got ${describe(f)}`);
    const k = Math.trunc(f);
    const n = Math.trunc(src.length / k);
    this.#setLength(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += src[i * k + j];
      this.data[i] = acc;
    }
    return this;
  }

  resample(source: Vector, factor: number): this {
    const src = vectorArg('resample', 'source', source).toArray();
    const most = Math.trunc(src.length / 2);
    if (typeof factor !== 'number' || !(factor >= 0 && factor <= most)) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.resample(source, factor): factor must be from 0 to half the source's size (${most}), as NEURON's; got ${describe(factor)}`);
    }
    const n = Math.trunc(src.length * factor);
    this.length = 0;
    this.#setLength(n);
    for (let i = 0; i < n; i++) this.data[i] = src[Math.trunc(i / factor)];
    return this;
  }

  hist(data: Vector, start: number, size: number, step: number): this {
    const src = vectorArg('hist', 'data', data);
    if (src === this) throw new NeuriteError('INVALID_ARGUMENT', 'vec.hist(data, ...): data must be another vector');
    if (typeof start !== 'number' || typeof size !== 'number' || !(size >= 0)) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.hist(data, start, size, step): start must be a number and size a count >= 0, got ${describe(start)} and ${describe(size)}`);
    }
    if (typeof step !== 'number' || !(step >= 1e-99 && step <= 1e99)) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.hist(data, start, size, step): step must be from 1e-99 to 1e99, got ${describe(step)}`);
    }
    const n = Math.trunc(size);
    this.length = 0;
    this.#setLength(n);
    for (let i = 0; i < src.length; i++) {
      const k = Math.floor((src.data[i] - start) / step);
      if (k >= 0 && k < n) this.data[k] += 1;
    }
    return this;
  }

  cl(start?: number, end?: number): Vector {
    const v = this.#at('cl', start, end);
    v.label = this.label;
    return v;
  }

  max(start?: number, end?: number): number {
    const i = this.#extreme('max', start, end, 1);
    return i < 0 ? 0 : this.data[i];
  }

  min(start?: number, end?: number): number {
    const i = this.#extreme('min', start, end, -1);
    return i < 0 ? 0 : this.data[i];
  }

  max_ind(start?: number, end?: number): number {
    return this.#extreme('max_ind', start, end, 1);
  }

  min_ind(start?: number, end?: number): number {
    return this.#extreme('min_ind', start, end, -1);
  }

  /** Index of the first largest (`sign` 1) or smallest (-1) element of the range; -1 when empty. */
  #extreme(method: string, start: unknown, end: unknown, sign: 1 | -1): number {
    if (this.length === 0) return -1;
    const [s, e] = this.#range(method, start, end);
    let k = s;
    for (let i = s + 1; i <= e; i++) if (sign > 0 ? this.data[i] > this.data[k] : this.data[i] < this.data[k]) k = i;
    return k;
  }

  sum(start?: number, end?: number): number {
    const [s, e] = this.#range('sum', start, end);
    let acc = 0;
    for (let i = s; i <= e; i++) acc += this.data[i];
    return acc;
  }

  sumsq(start?: number, end?: number): number {
    const [s, e] = this.#range('sumsq', start, end);
    let acc = 0;
    for (let i = s; i <= e; i++) acc += this.data[i] * this.data[i];
    return acc;
  }

  mean(start?: number, end?: number): number {
    if (start === undefined && end === undefined && this.length === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', 'vec.mean(): the vector is empty; the mean needs size > 0, as NEURON\'s');
    }
    const [s, e] = this.#spanOfTwo('mean', start, end);
    return this.sum(s, e) / (e - s + 1);
  }

  var(start?: number, end?: number): number {
    return this.#variance('var', start, end);
  }

  stdev(start?: number, end?: number): number {
    return Math.sqrt(this.#variance('stdev', start, end));
  }

  /** A range of at least two elements (NEURON's "end - start must be > 0" for mean, var and stdev). */
  #spanOfTwo(method: string, start: unknown, end: unknown): [number, number] {
    const [s, e] = this.#range(method, start, end);
    if (start !== undefined && e - s < 1) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(start, end): end must be > start (NEURON's "end - start must be > 0"), got ${s} and ${e}`);
    }
    return [s, e];
  }

  #variance(method: string, start: unknown, end: unknown): number {
    if (start === undefined && end === undefined && this.length < 2) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}() needs a vector of size 2 or more, got size ${this.length}`);
    }
    const [s, e] = this.#spanOfTwo(method, start, end);
    const m = this.sum(s, e) / (e - s + 1);
    let acc = 0;
    for (let i = s; i <= e; i++) acc += (this.data[i] - m) * (this.data[i] - m);
    return acc / (e - s);
  }

  dot(other: Vector): number {
    const o = operand(other, 'dot', this.length, true) as Float64Array;
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i] * o[i];
    return s;
  }

  median(): number {
    const n = this.length;
    if (n === 0) throw new NeuriteError('INVALID_ARGUMENT', 'vec.median(): the vector is empty; the median needs size > 0, as NEURON\'s');
    const sorted = this.data.slice(0, n).sort();
    const h = n >> 1;
    return 2 * h === n ? (sorted[h - 1] + sorted[h]) / 2 : sorted[h];
  }

  contains(value: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.data[i] - value < EPSILON && value - this.data[i] < EPSILON) return true;
    return false;
  }

  eq(other: Vector): boolean {
    const o = vectorArg('eq', 'other', other);
    if (o.length !== this.length) return false;
    for (let i = 0; i < this.length; i++) {
      const d = this.data[i] - o.data[i];
      if (!(d < EPSILON && -d < EPSILON)) return false;
    }
    return true;
  }

  indwhere(op: string, value: number, value2 = Number.NaN): number {
    const test = comparison('indwhere', op, value, value2);
    for (let i = 0; i < this.length; i++) if (test(this.data[i])) return i;
    return -1;
  }

  where(...args: unknown[]): this {
    return this.#select('where', args, false);
  }

  indvwhere(...args: unknown[]): this {
    return this.#select('indvwhere', args, true);
  }

  #select(method: string, args: unknown[], indices: boolean): this {
    const source = rawOf(args[0]);
    const values = (source ?? this).data.slice(0, (source ?? this).length);
    const [op, value, value2] = source ? args.slice(1) : args;
    const test = comparison(method, op, value, value2 ?? Number.NaN);
    this.length = 0;
    for (let i = 0; i < values.length; i++) if (test(values[i])) this._push(indices ? i : values[i]);
    return this;
  }

  c(start?: number, end?: number): Vector {
    return this.#at('c', start, end);
  }

  at(start?: number, end?: number): Vector {
    return this.#at('at', start, end);
  }

  #at(method: string, start: unknown, end: unknown): Vector {
    if (start === undefined && end === undefined) return this.#newVector(this.#view);
    const top = this.length - 1;
    const s = indexArg(method, 'start', start, 0, top, this.length);
    const e = end === undefined ? top : indexArg(method, 'end', end, s, top, this.length);
    return this.#newVector(this.data.subarray(s, e + 1));
  }

  copy(source: Vector | ArrayLike<number>, ...rest: unknown[]): this {
    const src = Float64Array.from(operand(source, 'copy', 0, false));
    let n = 0;
    while (n < rest.length && rest[n] !== undefined) n++;
    if (n > 0 && rawOf(rest[0])) return this.#copyIndexed(src, rest[0], rest[1]);
    const top = src.length - 1;
    let srcStart = 0;
    let srcEnd = top;
    let srcInc = 1;
    let destStart = 0;
    let destInc = 1;
    const destStartArg = (x: unknown) => {
      if (typeof x !== 'number' || !(x > -1 && x <= MAX_INT)) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.copy(src, destStart, ...): destStart must be an index >= 0, got ${describe(x)}`);
      }
      return Math.trunc(x);
    };
    if (n === 1) {
      destStart = destStartArg(rest[0]);
    } else if (n === 2) {
      srcStart = indexArg('copy', 'srcStart', rest[0], 0, top, src.length);
      srcEnd = indexArg('copy', 'srcEnd', rest[1], -1, top, src.length);
    } else if (n >= 3) {
      destStart = destStartArg(rest[0]);
      srcStart = indexArg('copy', 'srcStart', rest[1], 0, top, src.length);
      srcEnd = indexArg('copy', 'srcEnd', rest[2], -1, top, src.length);
      if (n >= 4) {
        if (n < 5) throw new NeuriteError('INVALID_ARGUMENT', 'vec.copy(src, destStart, srcStart, srcEnd, destInc, srcInc) needs srcInc after destInc');
        destInc = positiveStep('copy', 'destInc', rest[3]);
        srcInc = positiveStep('copy', 'srcInc', rest[4]);
      }
    }
    if (srcEnd === -1) srcEnd = top;
    else if (srcEnd < srcStart) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.copy(src, ..., srcStart, srcEnd): srcEnd (${srcEnd}) is smaller than srcStart (${srcStart})`);
    }
    const size = Math.trunc((srcEnd - srcStart) / srcInc) * destInc + destStart + 1;
    if (this.length < size || (this.length > size && n === 0)) this.#setLength(size);
    for (let i = srcStart, j = destStart; i <= srcEnd; i += srcInc, j += destInc) this.data[j] = src[i];
    return this;
  }

  #copyIndexed(src: Float64Array, srcIndices: unknown, destIndices: unknown): this {
    const si = vectorArg('copy', 'srcIndices', srcIndices).toArray();
    const index = (x: number) => Math.trunc(x + EPSILON);
    if (destIndices !== undefined) {
      const di = vectorArg('copy', 'destIndices', destIndices).toArray();
      const m = Math.min(si.length, di.length);
      for (let k = 0; k < m; k++) {
        const ix = index(si[k]);
        const iy = index(di[k]);
        if (ix >= 0 && iy >= 0 && ix < src.length && iy < this.length) this.data[iy] = src[ix];
      }
    } else {
      const nx = Math.min(src.length, this.length);
      for (const x of si) {
        const i = index(x);
        if (i >= 0 && i < nx) this.data[i] = src[i];
      }
    }
    return this;
  }

  fill(value: number, start?: number, end?: number): this {
    if (typeof value !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `vec.fill(value): value must be a number, got ${describe(value)}`);
    if (start === undefined && end === undefined) {
      this.data.fill(value, 0, this.length);
      return this;
    }
    const [s, e] = this.#range('fill', start, end);
    this.data.fill(value, s, e + 1);
    return this;
  }

  indgen(...args: number[]): this {
    let n = this.length;
    let start = 0;
    let step = 1;
    args.forEach((a, k) => {
      if (typeof a !== 'number' || Number.isNaN(a)) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.indgen(...): argument ${k + 1} must be a number, got ${describe(a)}`);
      }
    });
    if (args.length >= 3) {
      const [from, stop, by] = args as [number, number, number];
      const span = Math.abs(stop - from);
      if (!(Math.abs(by) <= span) || by === 0) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.indgen(start, stop, step): step must be nonzero and at most |stop - start| = ${span} in size, got ${by}`);
      }
      const count = Math.floor((stop - from) / by + INDGEN_EPSILON) + 1;
      if (count < 0) {
        throw new NeuriteError('INVALID_ARGUMENT', `vec.indgen(${from}, ${stop}, ${by}): the step goes away from stop (NEURON's "empty set")`);
      }
      if (count > MAX_INT) throw new NeuriteError('INVALID_ARGUMENT', `vec.indgen(${from}, ${stop}, ${by}): too many elements`);
      n = count;
      this.#setLength(n);
      start = from;
      step = by;
    } else if (args.length === 2) {
      [start, step] = args as [number, number];
    } else if (args.length === 1) {
      step = args[0]!;
    }
    for (let i = 0; i < n; i++) this.data[i] = i * step + start;
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

  #elementwise(x: number | Vector, name: string, f: (a: number, b: number) => number): this {
    if (typeof x === 'number') {
      for (let i = 0; i < this.length; i++) this.data[i] = f(this.data[i], x);
      return this;
    }
    const o = operand(x, name, this.length, false) as Float64Array;
    for (let i = 0; i < this.length; i++) this.data[i] = f(this.data[i], o[i]);
    return this;
  }

  /** `f` of each element of `source` (or of this vector) into this vector. */
  #map(method: string, source: unknown, f: (x: number, i: number) => number): this {
    const values = source === undefined ? this.#view.slice() : vectorArg(method, 'source', source).toArray();
    this.#setLength(values.length);
    for (let i = 0; i < values.length; i++) this.data[i] = f(values[i], i);
    return this;
  }

  abs(source?: Vector): this {
    return this.#map('abs', source, Math.abs);
  }

  sqrt(source?: Vector): this {
    return this.#map('sqrt', source, (x, i) => checkedSqrt('sqrt', x, i));
  }

  log(source?: Vector): this {
    return this.#map('log', source, Math.log);
  }

  log10(source?: Vector): this {
    return this.#map('log10', source, Math.log10);
  }

  floor(source?: Vector): this {
    return this.#map('floor', source, Math.floor);
  }

  tanh(source?: Vector): this {
    return this.#map('tanh', source, Math.tanh);
  }

  pow(a: number | Vector, b?: number): this {
    const hasSource = typeof a !== 'number';
    const p = hasSource ? b : a;
    if (typeof p !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `vec.pow(${hasSource ? 'source, ' : ''}p): p must be a number, got ${describe(p)}`);
    return this.#map('pow', hasSource ? a : undefined, (x, i) => {
      if (p === -1) {
        if (x === 0) throw new NeuriteError('INVALID_ARGUMENT', `vec.pow(-1): element ${i} is 0`);
        return 1 / x;
      }
      if (p === 0) return 1;
      if (p === 0.5) return checkedSqrt('pow', x, i);
      if (p === 1) return x;
      if (p === 2) return x * x;
      return cPow(x, p);
    });
  }

  apply(fn: (x: number) => number, start?: number, end?: number): this {
    if (typeof fn !== 'function') {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.apply(fn): fn must be a JS function (x) => y (NEURON's hoc function names are not supported), got ${describe(fn)}`);
    }
    if (this.length === 0 && start === undefined) return this;
    const [s, e] = this.#range('apply', start, end);
    for (let i = s; i <= e; i++) this.data[i] = Number(fn(this.data[i]));
    return this;
  }

  deriv(a?: number | Vector, b?: number, c?: number): this {
    const hasSource = a !== undefined && typeof a !== 'number';
    const src = hasSource ? vectorArg('deriv', 'source', a).toArray() : this.#view.slice();
    const [dxArg, methodArg] = hasSource ? [b, c] : [a as number | undefined, b];
    const n = src.length;
    if (n < 2) throw new NeuriteError('INVALID_ARGUMENT', `vec.deriv(): needs 2 elements or more, got ${n}`);
    if (dxArg !== undefined && typeof dxArg !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `vec.deriv(dx): dx must be a number, got ${describe(dxArg)}`);
    const dx = dxArg ?? 1;
    const method = methodArg === undefined ? 2 : indexArg('deriv', 'method', methodArg, 1, 2, 0);
    if (method === 2) {
      this.#setLength(n);
      this.data[0] = (src[1] - src[0]) / dx;
      this.data[n - 1] = (src[n - 1] - src[n - 2]) / dx;
      const dx2 = dx * 2;
      for (let i = 1; i < n - 1; i++) this.data[i] = (src[i + 1] - src[i - 1]) / dx2;
    } else {
      this.#setLength(n - 1);
      for (let i = 0; i < n - 1; i++) this.data[i] = (src[i + 1] - src[i]) / dx;
    }
    return this;
  }

  integral(a?: number | Vector, b?: number): this {
    const hasSource = a !== undefined && typeof a !== 'number';
    const src = hasSource ? vectorArg('integral', 'source', a).toArray() : this.#view.slice();
    const dxArg = hasSource ? b : a as number | undefined;
    if (dxArg !== undefined && typeof dxArg !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `vec.integral(dx): dx must be a number, got ${describe(dxArg)}`);
    const dx = dxArg ?? 1;
    if (src.length === 0) throw new NeuriteError('INVALID_ARGUMENT', 'vec.integral(): needs 1 element or more, got an empty vector');
    this.#setLength(src.length);
    this.data[0] = src[0];
    for (let i = 1; i < src.length; i++) this.data[i] = this.data[i - 1] + src[i] * dx;
    return this;
  }

  interpolate(xdest: Vector, xsrc: Vector, ysrc?: Vector): this {
    const xd = vectorArg('interpolate', 'xdest', xdest).toArray();
    const xs = vectorArg('interpolate', 'xsrc', xsrc).toArray();
    const ys = ysrc === undefined ? this.#view.slice() : vectorArg('interpolate', 'ysrc', ysrc).toArray();
    const ns = xs.length;
    const nd = xd.length;
    if (ns === 0) throw new NeuriteError('INVALID_ARGUMENT', 'vec.interpolate(xdest, xsrc, ysrc): xsrc is empty');
    if (ys.length < ns) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.interpolate(xdest, xsrc, ysrc): ${ysrc === undefined ? 'this vector (the y values)' : 'ysrc'} has ${ys.length} elements, fewer than xsrc's ${ns}`);
    }
    this.#setLength(nd);
    const y = this.data;
    let id = 0;
    for (; id < nd && xd[id] <= xs[0]; id++) y[id] = ys[0];
    for (let is = 1; is < ns && id < nd; is++) {
      if (xs[is] <= xs[is - 1]) continue;
      while (xd[id] <= xs[is]) {
        const t = (xd[id] - xs[is - 1]) / (xs[is] - xs[is - 1]);
        y[id] = (1 - t) * ys[is - 1] + t * ys[is];
        if (++id >= nd) break;
      }
    }
    for (; id < nd; id++) y[id] = ys[ns - 1];
    return this;
  }

  index(a: Vector, b?: Vector): this {
    const data = (b === undefined ? this.#view : vectorArg('index', 'source', a).x).slice();
    const indices = vectorArg('index', 'indices', b === undefined ? a : b).toArray();
    this.#setLength(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const j = Math.trunc(indices[i]);
      this.data[i] = j >= 0 && j < data.length ? data[j] : 0;
    }
    return this;
  }

  ind(indices: Vector): Vector {
    const out: number[] = [];
    for (const x of vectorArg('ind', 'indices', indices).toArray()) {
      const j = Math.trunc(x);
      if (j >= 0 && j < this.length) out.push(this.data[j]);
    }
    return this.#newVector(out);
  }

  sortindex(dest?: Vector): Vector {
    const x = this.#view;
    const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => (x[a] > x[b] ? 1 : x[a] < x[b] ? -1 : 0));
    if (dest === undefined) return this.#newVector(order);
    const d = vectorArg('sortindex', 'dest', dest);
    d.length = 0;
    d._pushAll(Float64Array.from(order));
    return dest;
  }

  rotate(n: number, wrap?: 0): this {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new NeuriteError('INVALID_ARGUMENT', `vec.rotate(n): n must be a number, got ${describe(n)}`);
    const size = this.length;
    const r = Math.trunc(n);
    if (size === 0 || r === 0) return this;
    const old = this.data.slice(0, size);
    if (wrap === undefined) {
      const k = ((r % size) + size) % size;
      for (let i = 0; i < size; i++) this.data[(i + k) % size] = old[i];
    } else {
      this.data.fill(0, 0, size);
      for (let i = 0; i < size; i++) {
        const j = i + r;
        if (j >= 0 && j < size) this.data[j] = old[i];
      }
    }
    return this;
  }

  histogram(low: number, high: number, width: number): Vector {
    for (const [name, v] of [['low', low], ['high', high], ['width', width]] as const) {
      if (typeof v !== 'number' || Number.isNaN(v)) throw new NeuriteError('INVALID_ARGUMENT', `vec.histogram(low, high, width): ${name} must be a number, got ${describe(v)}`);
    }
    if (!(high >= low)) throw new NeuriteError('INVALID_ARGUMENT', `vec.histogram(low, high, width): high (${high}) must be >= low (${low})`);
    if (!(width > 0 && width <= high - low)) {
      throw new NeuriteError('INVALID_ARGUMENT', `vec.histogram(low, high, width): width must be > 0 and at most high - low = ${high - low}, got ${width}`);
    }
    const counts = new Float64Array(Math.floor((high - low) / width) + 2);
    for (let i = 0; i < this.length; i++) {
      const k = Math.floor((this.data[i] - low) / width) + 1;
      if (k >= 0 && k < counts.length) counts[k]++;
    }
    return this.#newVector(counts);
  }

  printf(...args: unknown[]): number {
    let format = '%g\t';
    let byFive = true;
    let k = 0;
    if (typeof args[0] === 'string') {
      format = args[0];
      byFive = false;
      k = 1;
    }
    const top = this.length - 1;
    let start = 0;
    let end = top;
    if (args[k] !== undefined) {
      start = indexArg('printf', 'start', args[k], 0, top, this.length);
      if (args[k + 1] === undefined) throw new NeuriteError('INVALID_ARGUMENT', 'vec.printf(start, end) needs both start and end');
      end = indexArg('printf', 'end', args[k + 1], start, top, this.length);
    }
    let text = '';
    for (let i = start; i <= end; i++) {
      text += cFormat(format, this.data[i]);
      if (byFive && (i - start + 1) % 5 === 0) text += '\n';
    }
    if (byFive) text += '\n';
    if (this.recorder?._print) this.recorder._print(text);
    else console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
    return end - start + 1;
  }

  reverse(): this {
    this.#view.reverse();
    return this;
  }

  sort(): this {
    this.#view.sort();
    return this;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.data[i];
  }
}

/** The storage of `x` when it is a vector. */
export function rawOf(x: unknown): VectorImpl | undefined {
  return x !== null && typeof x === 'object' ? (x as { [RAW]?: VectorImpl })[RAW] : undefined;
}

/** The storage of a vector argument, or an error naming the method and the argument. */
function vectorArg(method: string, name: string, x: unknown): VectorImpl {
  const impl = rawOf(x);
  if (!impl) throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(...): ${name} must be a vector, got ${describe(x)}`);
  return impl;
}

/**
 * An index argument checked as NEURON's `chkarg(low, high)` and truncated: a number from `low`
 * to `high`. `size` is the vector's size, for the message.
 */
function indexArg(method: string, name: string, x: unknown, low: number, high: number, size: number, inclusiveSize = false): number {
  if (typeof x !== 'number' || !(x >= low && x <= high)) {
    const what = typeof x !== 'number' ? describe(x) : String(x);
    const where = size === 0 && !inclusiveSize && name !== 'method' ? ' (the vector is empty)' :
      high < low ? '' : ` (from ${low} to ${high}${name === 'method' ? '' : `, the vector has size ${size}`})`;
    throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(...): ${name} must be ${name === 'method' ? '1 or 2' : 'an index'}${where}, got ${what}`);
  }
  return Math.trunc(x);
}

/** A step argument of `copy`: a number >= 1, truncated. */
function positiveStep(method: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !(x >= 1 && x <= MAX_INT)) {
    throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(...): ${name} must be a whole number >= 1, got ${describe(x)}`);
  }
  return Math.trunc(x);
}

/** The test of an `indwhere`/`where` comparison, within NEURON's float_epsilon. */
function comparison(method: string, op: unknown, value: unknown, value2: unknown): (x: number) => boolean {
  const e = EPSILON;
  const a = value as number;
  const b = value2 as number;
  const tests: Record<string, (x: number) => boolean> = {
    '==': (x) => x - a < e && a - x < e,
    '!=': (x) => !(x - a < e && a - x < e),
    '>': (x) => x > a + e,
    '<': (x) => x < a - e,
    '>=': (x) => x >= a - e,
    '<=': (x) => x <= a + e,
    '()': (x) => x > a + e && x < b - e,
    '[]': (x) => x >= a - e && x <= b + e,
    '[)': (x) => x >= a - e && x < b - e,
    '(]': (x) => x > a + e && x <= b + e,
  };
  const test = typeof op === 'string' && Object.hasOwn(tests, op) ? tests[op] : undefined;
  if (!test) {
    throw new NeuriteError('INVALID_ARGUMENT', `${method}(${typeof op === 'string' ? `'${op}'` : describe(op)}, ...): the comparison must be one of ==, !=, >, <, >=, <=, [], (), [), (]`);
  }
  if (typeof value !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `${method}('${op}', value): value must be a number, got ${describe(value)}`);
  if ((op as string).length === 2 && '[('.includes((op as string)[0]!) && (typeof value2 !== 'number' || Number.isNaN(value2))) {
    throw new NeuriteError('INVALID_ARGUMENT', `${method}('${op}', low, high) needs both ends of the range`);
  }
  return test;
}

/** sqrt that throws for a negative element, as NEURON's (hoc's "sqrt argument out of domain"). */
function checkedSqrt(method: string, x: number, i: number): number {
  if (x < 0) throw new NeuriteError('INVALID_ARGUMENT', `vec.${method}(): element ${i} is ${x}; the square root of a negative number is out of domain (NEURON: "sqrt argument out of domain")`);
  return Math.sqrt(x);
}

/** C's pow: as Math.pow except that 1 to any power and -1 to an infinite one are 1. */
function cPow(x: number, p: number): number {
  if (x === 1 || (x === -1 && (p === Infinity || p === -Infinity))) return 1;
  return Math.pow(x, p);
}

/** `format` (C printf text with one number conversion) applied to `x`, for `vec.printf`. */
function cFormat(format: string, x: number): string {
  return format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d*))?([gGeEfFdi%])/g, (_m, flags: string, width: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const prec = precision === undefined ? 6 : Number(precision || 0);
    let body: string;
    const ax = Math.abs(x);
    if (Number.isNaN(x)) body = 'nan';
    else if (!Number.isFinite(x)) body = 'inf';
    else if (conv === 'd' || conv === 'i') body = String(Math.trunc(ax));
    else if (conv === 'f' || conv === 'F') body = ax.toFixed(prec);
    else if (conv === 'e' || conv === 'E') body = expForm(ax, prec);
    else body = gForm(ax, prec === 0 ? 1 : prec, flags.includes('#'));
    if (conv === 'E' || conv === 'G' || conv === 'F') body = body.toUpperCase();
    const negative = x < 0 || Object.is(x, -0);
    const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const w = Number(width || 0);
    const pad = Math.max(0, w - sign.length - body.length);
    if (flags.includes('-')) return sign + body + ' '.repeat(pad);
    if (flags.includes('0') && Number.isFinite(x)) return sign + '0'.repeat(pad) + body;
    return ' '.repeat(pad) + sign + body;
  });
}

/** C's %e of a non-negative finite number: d.ddde+XX. */
function expForm(x: number, prec: number): string {
  const [m, e] = x.toExponential(prec).split('e') as [string, string];
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** C's %g of a non-negative finite number with `prec` significant digits. */
function gForm(x: number, prec: number, keepZeros: boolean): string {
  const exp = x === 0 ? 0 : Number(x.toExponential(prec - 1).split('e')[1]);
  const strip = (s: string) => (keepZeros || !s.includes('.') ? s : s.replace(/\.?0+$/, ''));
  if (exp < -4 || exp >= prec) {
    const [m, e] = expForm(x, prec - 1).split('e') as [string, string];
    return `${strip(m)}e${e}`;
  }
  return strip(x.toFixed(prec - 1 - exp));
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
// (console.log shows the size, the label of a recording, and the elements.)
setInspect(VectorImpl.prototype, (v: VectorImpl, inspect, options) => `Vector(${v.length})${v.label ? ` ${JSON.stringify(v.label)}` : ''} ${inspect(Array.from(v.data.subarray(0, v.length)), options)}`, () => 'Vector');

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
