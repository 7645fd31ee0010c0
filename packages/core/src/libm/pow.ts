/**
 * x^3 and x^4 correctly rounded: the powers NMODL's `m^3` and `n^4` ask for.
 *
 * NEURON's mechanisms compute `m^3` with the C library's `pow` (glibc's: within 0.52 ulp, so the
 * nearest double but for rare arguments near a half-way point); V8's `Math.pow` (fdlibm's
 * algorithm) is also within an ulp, and costs about 66 ns a call. The double nearest to x^3 or
 * x^4 takes a few exact products instead: x^2 = s + e1 exactly (Dekker's product), then
 * x^3 = s x + e1 x, x^4 = s^2 + 2 s e1 + e1^2, the leading product again exact (p + e2), the rest
 * (under 2^-52 of the result) in one rounded sum `tail`, within 2^-103 of the result of x^n. Where
 * tail stretched and shrunk by 2^-40 rounds with p to the same double, so does x^n (the argument
 * is libmExp's; see `exp.ts`); elsewhere, and for |x| outside [2^-200, 2^200], x^n is rounded
 * exactly through BigInt. The compiler's WebAssembly kernels compute the same operations.
 * @module
 */
import { decompose, splitHigh } from './bits.js';

const STRETCH = 1 + 2 ** -40;
const SHRINK = 1 - 2 ** -40;
const LOW = 2 ** -200;
const HIGH = 2 ** 200;

/**
 * x^3 rounded to the nearest double (ties to even), as `pow(x, 3)` computes it but for C
 * libraries' rare misroundings.
 *
 * @param x any number (NaN, infinities and zeros as `Math.pow(x, 3)`)
 * @returns the double nearest to x^3
 * @example
 * ```ts
 * import { libmPow3 } from '@neurite/core/libm';
 * libmPow3(0.1); // 0.0010000000000000002
 * ```
 */
export function libmPow3(x: number): number {
  return nearestPower(x, 3);
}

/**
 * x^4 rounded to the nearest double (ties to even), as `pow(x, 4)` computes it but for C
 * libraries' rare misroundings.
 *
 * @param x any number (NaN, infinities and zeros as `Math.pow(x, 4)`)
 * @returns the double nearest to x^4
 * @example
 * ```ts
 * import { libmPow4 } from '@neurite/core/libm';
 * libmPow4(0.1); // 0.00010000000000000002
 * ```
 */
export function libmPow4(x: number): number {
  return nearestPower(x, 4);
}

/** x^n rounded to the nearest double, n = 3 or 4: the method above. */
function nearestPower(x: number, n: 3 | 4): number {
  const ax = Math.abs(x);
  if (!(ax >= LOW && ax <= HIGH)) return powExact(x, n);
  const xh = splitHigh(ax);
  const xl = ax - xh;
  const s = ax * ax;
  const e1 = ((xh * xh - s) + xh * xl + xh * xl) + xl * xl;
  const sh = splitHigh(s);
  const sl = s - sh;
  let p: number, tail: number;
  if (n === 3) {
    p = s * ax;
    tail = (((sh * xh - p) + sh * xl + sl * xh) + sl * xl) + e1 * ax;
  } else {
    p = s * s;
    tail = (((sh * sh - p) + sh * sl + sh * sl) + sl * sl) + 2 * (s * e1);
  }
  const r = p + tail;
  if (r !== p + tail * STRETCH || r !== p + tail * SHRINK) return powExact(x, n);
  return x < 0 && n === 3 ? -r : r;
}

/** x^n for n = 3 or 4 rounded exactly (BigInt), with Math.pow's NaN, infinities and zeros. */
function powExact(x: number, n: 3 | 4): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return Math.pow(x, n);
  const [m, e] = decompose(Math.abs(x)); // |x| = m 2^e
  const r = roundToDouble(m ** BigInt(n), e * n);
  return x < 0 && n === 3 ? -r : r;
}

/** The double nearest to m 2^e (m > 0; ties to even), subnormal and overflowing results included. */
function roundToDouble(m: bigint, e: number): number {
  const top = e + m.toString(2).length - 1; // the exponent of m 2^e's leading bit
  const lsb = Math.max(top - 52, -1074); // the exponent of the last bit a double keeps there
  const drop = lsb - e;
  if (drop <= 0) return Number(m) * 2 ** e;
  let q = m >> BigInt(drop);
  const rest = m - (q << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** lsb;
}
