/**
 * The C library's `rand()` and `srand()` as glibc computes them (its `random()`: an additive
 * feedback generator of 31 words seeded by a Lehmer generator), one per process as in C: VERBATIM
 * C of published `.mod` files calls them, and NEURON's process starts glibc's default sequence.
 * @module
 */

/** glibc's `rand()`/`srand()`, one state per process. */
class LibcRandom {
  readonly #r = new Int32Array(34);
  readonly #state = new Uint32Array(31);
  #f = 3;
  #b = 0;

  constructor() {
    this.srand(1);
  }

  /** Seeds the generator as glibc's `srandom` (seed 0 is 1). */
  srand(seed: number): void {
    const s = this.#state;
    let word = seed >>> 0 === 0 ? 1 : seed >>> 0;
    s[0] = word;
    for (let i = 1; i < 31; i++) {
      // 16807 * word mod (2^31 - 1) without overflow (Schrage's method), on the signed value.
      const w = word | 0;
      const hi = Math.trunc(w / 127773);
      const lo = w % 127773;
      word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      s[i] = word;
    }
    this.#f = 3;
    this.#b = 0;
    for (let i = 0; i < 310; i++) this.rand();
  }

  /** The next value, 0 .. 2^31 - 1 (RAND_MAX). */
  rand(): number {
    const s = this.#state;
    s[this.#f] = (s[this.#f]! + s[this.#b]!) >>> 0;
    const result = s[this.#f]! >>> 1;
    if (++this.#f >= 31) this.#f = 0;
    if (++this.#b >= 31) this.#b = 0;
    return result;
  }
}

/**
 * The process's C `rand()`/`srand()` (glibc's sequence; `rand()` first gives 1804289383).
 * @example
 * ```ts
 * libcRandom.srand(7);
 * libcRandom.rand(); // 1045618677, as glibc
 * ```
 */
export const libcRandom: { rand(): number; srand(seed: number): void } = new LibcRandom();
