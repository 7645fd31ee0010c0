/**
 * NEURON's `nrnran123` streams: reproducible, independent random streams identified by up to
 * three uint32 ids plus one global index, each drawing from Philox4x32-10.
 *
 * The layout, as NEURON 8.2.2 has it (and as `references/random_streams.py` measures):
 *
 * * counter = `[seq, id3, id1, id2]`, key = `[globalIndex, 0]`;
 * * one Philox call gives four uint32; `which` (0..3) says which one is drawn next; after the
 *   fourth, `seq` is incremented and Philox is called again (so the next block is computed
 *   eagerly, with the global index of that moment);
 * * a uint32 `u` becomes the double `(u + 1) * (1 / (2^32 + 1))`, in the open interval (0, 1);
 * * `negexp` = `-log(uniform01)`;
 *   (`log` is the correctly rounded logarithm of `./log.ts`, the closest match of glibc's `log`,
 *   which NEURON uses; `Math.log` differs from it in about 7% of the draws);
 * * `normal` = Marsaglia's polar method on two uniforms mapped to (-1, 1), rejecting w > 1, and
 *   returning only the first of the pair (no cache);
 * * `seq` as a single number (hoc's `Random.seq()`) is `4 * seq + which`.
 *
 * Streams do not allocate per draw, so NMODL kernels (NetStim's noise) can call them in the
 * inner loop.
 * @module
 */

import { NeuriteError, shown } from '../errors.js';
import { log } from './log.js';
import { philox4x32 } from './philox.js';

/** 1 / (2^32 + 1), rounded to double: NEURON's SHIFT32. */
export const SHIFT32 = 1.0 / 4294967297.0;

/** The largest uint32. */
export const MAX_UINT32 = 4294967295;

/** The largest value `Random.seq(n)` accepts, 2^34 - 1 (4 draws per counter value). */
export const MAX_SEQ = 17179869183;

/**
 * The state NEURON keeps in one process-wide static: the global index, key word 0 of every
 * stream. Streams made with the same context share it, as all of NEURON's streams do; a
 * change affects each stream from its next Philox call on (the block already drawn stays).
 *
 * @example
 * ```ts
 * const ctx = new Random123Context();
 * ctx.globalIndex = 7;
 * const s = new Random123Stream(1, 2, 3, ctx);
 * ```
 */
export class Random123Context {
  private gix = 0;

  /** Key word 0 of every stream of this context (NEURON's `Random123_globalindex`). A uint32. */
  get globalIndex(): number {
    return this.gix;
  }

  /** Sets key word 0 of every stream of this context; a uint32. */
  set globalIndex(value: number) {
    this.gix = toUint32('globalIndex', value);
  }
}

/**
 * The context streams use when none is given, playing the part of NEURON's process-wide
 * global index.
 *
 * @example
 * ```ts
 * defaultRandom123Context.globalIndex = 3;
 * ```
 */
export const defaultRandom123Context = new Random123Context();

/**
 * Checks that `value` is a number in [0, 2^32 - 1] and truncates it, as NEURON's
 * `(uint32_t)chkarg(i, 0., 4294967295.)` does. Throws `INVALID_ARGUMENT` otherwise.
 *
 * @example
 * ```ts
 * toUint32('id1', 3.7); // 3
 * ```
 */
export function toUint32(what: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > MAX_UINT32) {
    throw new NeuriteError('INVALID_ARGUMENT',
      `${what} must be a number from 0 to 4294967295 (a uint32), got ${shown(value)}; ` +
      'pass a non-negative integer below 2^32');
  }
  return Math.trunc(value) >>> 0;
}

/**
 * A uint32 as NEURON's `nrnran123_uint2dbl` maps it: `(u + 1) * SHIFT32`, in (0, 1).
 *
 * @example
 * ```ts
 * uint2dbl(0);          // 2.3283064359965952e-10
 * uint2dbl(4294967295); // 0.9999999997671694
 * ```
 */
export function uint2dbl(u: number): number {
  return ((u >>> 0) + 1.0) * SHIFT32;
}

/**
 * One `nrnran123` stream: counter `[seq, id3, id1, id2]`, key `[globalIndex, 0]`, four draws
 * per Philox call. Bit-exact with NEURON 8.2.2's `nrnran123_ipick`, `nrnran123_dblpick`,
 * `nrnran123_negexp` and `nrnran123_normal`; no allocation per draw.
 *
 * @example
 * ```ts
 * const s = new Random123Stream(1, 2, 3);
 * s.uniform01(); // 0.980861897351951, as NEURON's Random123(1, 2, 3) gives
 * s.negexp();    // -log of the next uniform
 * s.seq;         // 2 draws taken: 2
 * s.seq = 0;     // back to the start
 * ```
 */
export class Random123Stream {
  /** The first id (counter word 2). */
  id1: number;
  /** The second id (counter word 3). */
  id2: number;
  /** The third id (counter word 1). */
  id3: number;
  /** Where the global index (key word 0) is read at each Philox call. */
  readonly context: Random123Context;

  private counter = 0;
  private which = 0;
  private readonly block = new Uint32Array(4);

  /**
   * A stream at sequence 0 (NEURON's `nrnran123_newstream3(id1, id2, id3)`). Ids are uint32;
   * fractions are truncated; anything outside [0, 2^32 - 1] is an `INVALID_ARGUMENT`.
   */
  constructor(id1 = 0, id2 = 0, id3 = 0, context: Random123Context = defaultRandom123Context) {
    this.id1 = toUint32('id1', id1);
    this.id2 = toUint32('id2', id2);
    this.id3 = toUint32('id3', id3);
    this.context = context;
    this.setSequence(0, 0);
  }

  /**
   * Gives the stream new ids and restarts it at sequence 0 (NMODL's `random_setids`).
   *
   * @example
   * ```ts
   * s.setIds(1, 2, 3);
   * ```
   */
  setIds(id1: number, id2 = 0, id3 = 0): void {
    this.id1 = toUint32('id1', id1);
    this.id2 = toUint32('id2', id2);
    this.id3 = toUint32('id3', id3);
    this.setSequence(0, 0);
  }

  /**
   * Sets the position: counter word 0 to `sequence`, and the next draw to output `which` of that
   * block (NEURON's `nrnran123_setseq`; a `which` outside 0..3 means 0). Computes the block now,
   * with the current global index.
   *
   * @example
   * ```ts
   * s.setSequence(10, 2); // the next draw is the third uint32 of counter 10
   * ```
   */
  setSequence(sequence: number, which = 0): void {
    this.counter = toUint32('sequence', sequence);
    const w = Math.trunc(which);
    this.which = w >= 0 && w <= 3 ? w : 0;
    this.refill();
  }

  /** Counter word 0 (NEURON's `nrnran123_getseq` first output). */
  get sequence(): number {
    return this.counter;
  }

  /** Which of the four outputs of the current block is drawn next, 0..3. */
  get position(): number {
    return this.which;
  }

  /**
   * The position as one number, `4 * sequence + which` (hoc's `Random.seq()`). Setting it
   * accepts 0 .. 2^34 - 1 and splits it as NEURON does: `sequence = uint32(n / 4)`,
   * `which = trunc(n - 4 * sequence)`.
   *
   * @example
   * ```ts
   * s.seq = 6;           // sequence 1, which 2
   * s.seq;               // 6
   * ```
   */
  get seq(): number {
    return this.counter * 4 + this.which;
  }

  /** Sets the position from one number 0 .. 2^34 - 1: `sequence = uint32(n / 4)`, `which = trunc(n - 4 * sequence)`. */
  set seq(n: number) {
    if (typeof n !== 'number' || Number.isNaN(n) || n < 0 || n > MAX_SEQ) {
      throw new NeuriteError('INVALID_ARGUMENT',
        `seq must be a number from 0 to 17179869183 (2^34 - 1), got ${String(n)}; ` +
        'it counts draws: 4 per Philox counter value');
    }
    const sequence = Math.trunc(n / 4) >>> 0;
    this.setSequence(sequence, Math.trunc(n - sequence * 4));
  }

  /**
   * Back to sequence 0, position 0 (what NetStim's INITIAL and `Random123` do).
   *
   * @example
   * ```ts
   * s.reset();
   * ```
   */
  reset(): void {
    this.setSequence(0, 0);
  }

  /**
   * The next uint32 of the stream (NEURON's `nrnran123_ipick`).
   *
   * @example
   * ```ts
   * new Random123Stream(1, 2, 3).ipick(); // 4212769771
   * ```
   */
  ipick(): number {
    const value = this.block[this.which];
    if (++this.which > 3) {
      this.which = 0;
      this.counter = (this.counter + 1) >>> 0;
      this.refill();
    }
    return value;
  }

  /**
   * The next double in the open interval (0, 1): `(ipick() + 1) / (2^32 + 1)` as NEURON
   * computes it (`nrnran123_dblpick`).
   *
   * @example
   * ```ts
   * new Random123Stream(1, 2, 3).uniform01(); // 0.980861897351951
   * ```
   */
  uniform01(): number {
    return (this.ipick() + 1.0) * SHIFT32;
  }

  /**
   * An exponential draw with the given mean: `-mean * log(uniform01())`. With the default mean
   * of 1 this is NEURON's `nrnran123_negexp`, the `erand()` of NetStim.
   *
   * @example
   * ```ts
   * const isi = interval * s.negexp();
   * ```
   */
  negexp(mean = 1): number {
    return -mean * log(this.uniform01());
  }

  /**
   * A standard normal draw, NEURON's `nrnran123_normal`: polar method, two uniforms per try,
   * u -> 2u - 1, reject while `w = u1^2 + u2^2 > 1`, return `u1 * sqrt(-2 log(w) / w)` (the
   * second value of the pair is discarded).
   *
   * @example
   * ```ts
   * const noise = sigma * s.normal();
   * ```
   */
  normal(): number {
    let u1: number;
    let w: number;
    do {
      u1 = 2.0 * this.uniform01() - 1.0;
      const u2 = 2.0 * this.uniform01() - 1.0;
      w = u1 * u1 + u2 * u2;
    } while (w > 1);
    return u1 * Math.sqrt((-2.0 * log(w)) / w);
  }

  private refill(): void {
    philox4x32(this.counter, this.id3, this.id1, this.id2, this.context.globalIndex, 0, this.block);
  }
}
