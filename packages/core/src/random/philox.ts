/**
 * Philox4x32-10, the counter-based generator of the Random123 library (Salmon, Moraes, Dror,
 * Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC11), which NEURON's `nrnran123`
 * streams are built on.
 *
 * A Philox call maps a 128-bit counter (four uint32 words) and a 64-bit key (two uint32 words)
 * to four uint32 outputs by ten rounds of
 *
 * ```text
 * (hi0, lo0) = 0xD2511F53 * c0      (full 64-bit product, split in halves)
 * (hi1, lo1) = 0xCD9E8D57 * c2
 * c = [hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0]
 * ```
 *
 * with the key bumped by the Weyl increments (0x9E3779B9, 0xBB67AE85) between rounds.
 * Everything here is plain 32-bit integer arithmetic on JS numbers: `Math.imul` for the low half
 * of a product, a 16-bit split for the high half; no BigInt, no allocation per call.
 * @module
 */

/** Philox4x32 multiplier of counter word 0. */
export const PHILOX_M0 = 0xd2511f53;
/** Philox4x32 multiplier of counter word 2. */
export const PHILOX_M1 = 0xcd9e8d57;
/** Weyl increment of key word 0 (golden ratio). */
export const PHILOX_W0 = 0x9e3779b9;
/** Weyl increment of key word 1 (sqrt(3) - 1). */
export const PHILOX_W1 = 0xbb67ae85;
/** The number of rounds of the variant NEURON uses. */
export const PHILOX_ROUNDS = 10;

const M0_HI = PHILOX_M0 >>> 16;
const M0_LO = PHILOX_M0 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;
const W0_I32 = PHILOX_W0 | 0;
const W1_I32 = PHILOX_W1 | 0;

/**
 * The high 32 bits of the 64-bit product of two uint32, `a` given as its 16-bit halves and `b`
 * as a uint32 or int32 bit pattern; returned as an int32 bit pattern (`| 0`), which keeps V8 on
 * small integers. Every intermediate stays below 2^32, so the double arithmetic is exact.
 */
function mulhi(aHi: number, aLo: number, b: number): number {
  const bHi = b >>> 16;
  const bLo = b & 0xffff;
  const ll = aLo * bLo;                          // < 2^32
  const mid1 = aHi * bLo + (ll >>> 16);          // < 2^32
  const mid2 = aLo * bHi + (mid1 & 0xffff);      // < 2^32
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16)) | 0;
}

/**
 * The high 32 bits of the 64-bit product of two uint32 (`Math.imul(a, b) >>> 0` is the low half).
 *
 * @example
 * ```ts
 * mulhi32(0xffffffff, 0xffffffff); // 0xfffffffe
 * ```
 */
export function mulhi32(a: number, b: number): number {
  return mulhi(a >>> 16, a & 0xffff, b) >>> 0;
}

/**
 * Philox4x32 with `rounds` rounds (10 for Philox4x32-10) of counter (c0, c1, c2, c3) and key
 * (k0, k1), all uint32 (int32 bit patterns work too); writes the four uint32 outputs to
 * `out[offset..offset+3]`. Allocation-free: pass a preallocated `Uint32Array`.
 *
 * @example
 * ```ts
 * const out = new Uint32Array(4);
 * philox4x32(0, 0, 0, 0, 0, 0, out);
 * // out = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] (the Random123 known answer)
 * ```
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, offset = 0, rounds: number = PHILOX_ROUNDS,
): void {
  // int32 bit patterns throughout; the Uint32Array store reinterprets them as uint32
  c0 |= 0; c1 |= 0; c2 |= 0; c3 |= 0; k0 |= 0; k1 |= 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0_I32) | 0;
      k1 = (k1 + W1_I32) | 0;
    }
    const hi0 = mulhi(M0_HI, M0_LO, c0);
    const lo0 = Math.imul(PHILOX_M0, c0);
    const hi1 = mulhi(M1_HI, M1_LO, c2);
    const lo1 = Math.imul(PHILOX_M1, c2);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}
