/**
 * `Random`, NEURON's `h.Random` for the Random123 generator: a stream plus a current
 * distribution, with NEURON 8.2.2's arithmetic for each distribution (the libg++ classes
 * NEURON's `Random` is built on), so that every draw equals NEURON's bit for bit.
 * @module
 */

import { NeuriteError, shown } from '../errors.js';
import { log } from './log.js';
import { defaultRandom123Context, Random123Context, Random123Stream, toUint32 } from './stream.js';

/** The distributions {@link Random} can draw from. */
export type RandomDistribution = 'uniform' | 'negexp' | 'normal' | 'discunif';

/** Options of {@link Random}. */
export interface RandomOptions {
  /**
   * Where the global index lives (NEURON: one per process). Default: the shared
   * {@link defaultRandom123Context}.
   */
  context?: Random123Context;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function requireNumber(method: string, what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NeuriteError('INVALID_ARGUMENT',
      `Random.${method}: ${what} must be a finite number, got ${shown(value)}`);
  }
  return value;
}

/**
 * A random number generator with a current distribution, as NEURON's `h.Random`, for the
 * Random123 generator (the only one neurite has: ACG, MLCG, MCellRan4 and Isaac64 are not
 * provided, so call {@link Random.Random123} before drawing).
 *
 * As in NEURON, choosing a distribution (`uniform`, `negexp`, `normal`, `discunif`) returns its
 * first draw, and `repick()` draws again from it. A new `Random` has NEURON's default
 * distribution, normal with mean 0 and variance 1. Distributions are computed as NEURON 8.2.2
 * computes them:
 *
 * * `uniform(a, b)`: `lo + (hi - lo) * u` with lo, hi = min, max of a, b;
 * * `negexp(mean)`: `-mean * log(u)`;
 * * `normal(mean, variance)`: polar method on `2u - 1` pairs, rejecting w > 1;
 *   `x1 * sqrt(variance) + mean`, and the next `repick()` returns the cached
 *   `x2 * sqrt(variance) + mean` without drawing;
 * * `discunif(a, b)`: a, b truncated to integers, lo, hi = min, max;
 *   `lo + floor((hi - lo + 1) * u)`;
 *
 * where `u` is the stream's next double in (0, 1) (see {@link Random123Stream.uniform01}).
 *
 * @example
 * ```ts
 * const r = new Random();
 * r.Random123(1, 2, 3);
 * r.uniform(0, 1);                                   // 0.980861897351951
 * const xs = Array.from({ length: 10 }, () => r.repick());
 * r.normal(0, 4);                                    // mean 0, standard deviation 2
 * r.seq();                                           // how many uniforms were drawn
 * ```
 */
export class Random {
  private readonly context: Random123Context;
  private gen: Random123Stream | null = null;
  private dist: RandomDistribution = 'normal';
  // parameters of the current distribution
  private low = 0;
  private delta = 1;
  private mean = 0;
  private stdDev = 1;
  private cached = 0;
  private haveCached = false;

  /** A Random without a generator; call {@link Random.Random123} before drawing. */
  constructor(options: RandomOptions = {}) {
    this.context = options.context ?? defaultRandom123Context;
  }

  /**
   * Uses a new Random123 stream with ids (id1, id2, id3), each a uint32 (default 0), at sequence
   * 0. Keeps the current distribution (and, for `normal`, a cached second value), as NEURON
   * does. Returns 0. Ids outside [0, 2^32 - 1] throw `INVALID_ARGUMENT`.
   *
   * @example
   * ```ts
   * r.Random123(gid, 7); // a stream per cell, reproducible across runs and machines
   * ```
   */
  Random123(id1 = 0, id2 = 0, id3 = 0): number {
    this.gen = new Random123Stream(
      toUint32('Random123 id1', id1), toUint32('Random123 id2', id2), toUint32('Random123 id3', id3),
      this.context);
    return 0;
  }

  /**
   * Sets (with an argument) and returns the global index, key word 0 of every Random123 stream
   * of this Random's context. A stream sees the change from its next Philox call on, i.e. at the
   * latest 4 draws later; call `seq(0)` (or `Random123(...)`) on each stream to restart it.
   *
   * @example
   * ```ts
   * r.Random123_globalindex(5); // 5
   * r.Random123_globalindex();  // 5
   * ```
   */
  Random123_globalindex(index?: number): number {
    if (index !== undefined) this.context.globalIndex = toUint32('Random123_globalindex', index);
    return this.context.globalIndex;
  }

  /**
   * Sets (with an argument) and returns the position in the stream, in uniform draws:
   * `4 * counter + which`, 0 .. 2^34 - 1 (fractions are truncated as NEURON does).
   *
   * @example
   * ```ts
   * const at = r.seq();
   * const a = r.repick();
   * r.seq(at);
   * r.repick() === a; // true (except right after a normal draw, whose cache is not reset)
   * ```
   */
  seq(n?: number): number {
    const g = this.generator('seq');
    if (n !== undefined) g.seq = n;
    return g.seq;
  }

  /**
   * The underlying stream (for code that draws raw uniforms, like NMODL's `nrnran123_*` calls).
   *
   * @example
   * ```ts
   * r.Random123(1, 2, 3);
   * const u = r.stream.uniform01();
   * ```
   */
  get stream(): Random123Stream {
    return this.generator('stream');
  }

  /** The current distribution. */
  get distribution(): RandomDistribution {
    return this.dist;
  }

  /**
   * Makes the distribution uniform on [min(a, b), max(a, b)) and returns a draw:
   * `lo + (hi - lo) * u`.
   *
   * @example
   * ```ts
   * r.uniform(-1, 1);
   * ```
   */
  uniform(a: number, b: number): number {
    requireNumber('uniform', 'a', a);
    requireNumber('uniform', 'b', b);
    this.dist = 'uniform';
    this.low = a < b ? a : b;
    this.delta = (a < b ? b : a) - this.low;
    return this.repick();
  }

  /**
   * Makes the distribution exponential with the given mean and returns a draw:
   * `-mean * log(u)`.
   *
   * @example
   * ```ts
   * const isi = r.negexp(10); // ms
   * ```
   */
  negexp(mean: number): number {
    requireNumber('negexp', 'mean', mean);
    this.dist = 'negexp';
    this.mean = mean;
    return this.repick();
  }

  /**
   * Makes the distribution normal with the given mean and **variance** (not standard deviation,
   * as in NEURON) and returns a draw. Draws come in pairs: the second is cached and returned by
   * the next `repick()` without touching the stream. A negative variance is an `INVALID_VALUE`.
   *
   * @example
   * ```ts
   * r.normal(-65, 4); // mean -65, standard deviation 2
   * ```
   */
  normal(mean: number, variance: number): number {
    requireNumber('normal', 'mean', mean);
    requireNumber('normal', 'variance', variance);
    if (variance < 0) {
      throw new NeuriteError('INVALID_VALUE',
        `Random.normal: the variance must be >= 0, got ${variance}; ` +
        'the second argument is the variance (standard deviation squared)');
    }
    this.dist = 'normal';
    this.mean = mean;
    this.stdDev = Math.sqrt(variance);
    this.haveCached = false;
    return this.repick();
  }

  /**
   * Makes the distribution the integers from min(a, b) to max(a, b), both included, each
   * equally likely, and returns a draw. a and b are truncated to integers (as C's `long()`)
   * and must be safe integers.
   *
   * @example
   * ```ts
   * r.discunif(1, 6); // a die
   * ```
   */
  discunif(a: number, b: number): number {
    requireNumber('discunif', 'a', a);
    requireNumber('discunif', 'b', b);
    const ia = Math.trunc(a);
    const ib = Math.trunc(b);
    if (Math.abs(ia) > MAX_SAFE || Math.abs(ib) > MAX_SAFE || Math.abs(ib - ia) >= MAX_SAFE) {
      throw new NeuriteError('INVALID_ARGUMENT',
        `Random.discunif: the bounds must be integers with |a|, |b|, |b - a| below 2^53, got ${a}, ${b}`);
    }
    this.dist = 'discunif';
    this.low = ia < ib ? ia : ib;
    this.delta = (ia < ib ? ib : ia) - this.low + 1;
    return this.repick();
  }

  /**
   * A new draw from the current distribution (NEURON's `repick`).
   *
   * @example
   * ```ts
   * r.negexp(1);
   * const more = [r.repick(), r.repick()];
   * ```
   */
  repick(): number {
    const g = this.generator('repick');
    switch (this.dist) {
      case 'uniform':
        return this.low + this.delta * g.uniform01();
      case 'negexp':
        return -this.mean * log(g.uniform01());
      case 'discunif':
        return this.low + Math.floor(this.delta * g.uniform01());
      case 'normal': {
        if (this.haveCached) {
          this.haveCached = false;
          return this.cached * this.stdDev + this.mean;
        }
        for (;;) {
          const v1 = 2 * g.uniform01() - 1;
          const v2 = 2 * g.uniform01() - 1;
          const w = v1 * v1 + v2 * v2;
          if (w <= 1) {
            const y = Math.sqrt((-2 * log(w)) / w);
            this.cached = v2 * y;
            this.haveCached = true;
            return v1 * y * this.stdDev + this.mean;
          }
        }
      }
    }
  }

  /**
   * The same as {@link Random.repick} (neurite's shorter name; NEURON 8.2 has only `repick`).
   *
   * @example
   * ```ts
   * r.uniform(0, 1);
   * const u = r.pick();
   * ```
   */
  pick(): number {
    return this.repick();
  }

  private generator(method: string): Random123Stream {
    if (this.gen === null) {
      throw new NeuriteError('INVALID_VALUE',
        `Random.${method}: this Random has no generator; call r.Random123(id1, id2, id3) first ` +
        '(neurite provides only the Random123 generator, not ACG, MLCG, MCellRan4 or Isaac64)');
    }
    return this.gen;
  }
}
