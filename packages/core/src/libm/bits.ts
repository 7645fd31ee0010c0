/**
 * The exact arithmetic the libm functions share: Veltkamp's split (for Dekker's exact products)
 * and a double's integer significand and exponent (for their exact BigInt paths).
 * @module
 */

const SPLIT = 134217729; // 2^27 + 1

/**
 * The high 26 bits of a (Veltkamp's split): a - splitHigh(a) is exact and has 27 bits.
 * @example
 * ```ts
 * const hi = splitHigh(0.1), lo = 0.1 - hi; // hi * hi, hi * lo, lo * lo are exact
 * ```
 */
export function splitHigh(a: number): number {
  const g = SPLIT * a;
  return g - (g - a);
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/**
 * x = m * 2^e exactly, m an integer (negative for negative x; x finite).
 * @example
 * ```ts
 * decompose(0.75); // [3n * 2n ** 51n, -53]
 * ```
 */
export function decompose(x: number): [bigint, number] {
  F64[0] = x;
  const u = U64[0]!;
  const biased = Number((u >> 52n) & 0x7ffn);
  let m = u & 0xfffffffffffffn;
  if (biased !== 0) m |= 1n << 52n;
  return [u >> 63n ? -m : m, (biased === 0 ? 1 : biased) - 1075];
}
