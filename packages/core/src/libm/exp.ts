/**
 * e^x as NEURON's mechanisms compute it: the C library's `exp`, glibc's (2.28 and later) as it
 * runs on x86-64 processors with FMA (glibc then picks its FMA build; AArch64 builds fuse the
 * same operations).
 *
 * V8's `Math.exp` (fdlibm's algorithm) is within 1 ulp of e^x and so is glibc's, but they are
 * different functions: on arguments drawn uniformly from [-40, 40] they differ by one ulp in
 * about 8% of the draws. A mechanism's rates go through `exp` at every step; the difference
 * usually stays in the last bits of v, but a model that runs away (v at +150 mV, a calcium
 * concentration near 0) amplifies it until the traces part (`references/fuzz`, mechanisms seed
 * 1751: 6.4e-4 mV with `Math.exp`, bit for bit the same as NEURON with this function).
 *
 * Method (glibc's, described in its source and in ARM's optimized-routines): x = k ln2/128 + r,
 * |r| <= ln2/256; e^x = 2^(k/128) e^r = 2^floor(k/128) H_j (1 + T_j) e^r, j = k mod 128, from a
 * table of H_j and T_j (./exp-table.ts); e^r - 1 by a polynomial of degree 5; the result
 * `scale + scale * tmp`. The FMA build fuses the product that gives k with its rounding, and seven
 * multiply-adds (two in the reduction, four in the polynomial, the final one). Rounded twice
 * instead, three change results often enough to matter: the final one (a different double once
 * in about a thousand calls), the polynomial's `r^2 (C2 + r C3) + (T + r)` (once in about 10^6)
 * and k's (when the rounded product is a half-integer). This function computes the final one
 * exactly (Dekker's product and fast two-sum, error-free) and the second with its `r^2 / 2` part
 * exact, and where either two-step sum is a tie, which could round either way, or k's product
 * rounded to a half-integer, it takes an exact path in BigInt (about once in 10^5 calls; so do
 * |x| >= 512, infinities and NaN). The others it rounds twice, as plain double arithmetic: by
 * their error bounds that changes the result about once in 10^10 calls. Same bits as glibc on
 * every argument of the committed fixture (`test/fixtures/libm/`, 600 of them chosen where double
 * rounding changes the result), and on random arguments: `node packages/core/scripts/exp-check.mjs
 * 20000000 2` (after a build; Python's `math.exp` gives the C library's values) finds none of 2 *
 * 10^7 that differs, where V8's `Math.exp` differs on 1,088,245. The compiler's WebAssembly
 * kernels compute the same function, operation for operation.
 * @module
 */
import { decompose, splitHigh } from './bits.js';
import { EXP_TABLE } from './exp-table.js';

const INV_LN2_N = 184.6649652337873; // 128 / ln 2
const NEG_LN2_HI_N = -0.005415212348111709; // -ln 2 / 128, high part (exact products with k)
const NEG_LN2_LO_N = -1.2864023111638346e-14; // its low part
const SHIFT = 6755399441055744.0; // 1.5 * 2^52
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const ONE_PLUS_ULP = 1.0000000000000002;
const TWO_M54 = 5.551115123125783e-17;
/** 1 +- 2^-6: the last sum's residual stretched and shrunk (see libmExp). */
const STRETCH = 1.015625;
const SHRINK = 0.984375;

/**
 * {@link EXP_TABLE} with each H_k's halves (Veltkamp's split) beside it: T_k, H_k, hi(H_k),
 * lo(H_k) at [4k] to [4k + 3]. The layout the compiler's WebAssembly kernels read (they get a copy).
 * @example
 * ```ts
 * import { EXP_TABLE_SPLIT } from '@neurite/core';
 * EXP_TABLE_SPLIT[5] === EXP_TABLE[3]; // H_1 = 2^(1/128), rounded
 * ```
 */
export const EXP_TABLE_SPLIT: Float64Array = new Float64Array(512);
for (let k = 0; k < 128; k++) {
  const h = EXP_TABLE[2 * k + 1]!;
  EXP_TABLE_SPLIT.set([EXP_TABLE[2 * k]!, h, splitHigh(h), h - splitHigh(h)], 4 * k);
}

/** 2^j for an integer j in [-1022, 1023] (exact). */
const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let j = 1; j <= 1023; j++) POW2[1022 + j] = POW2[1021 + j]! * 2;
for (let j = 1; j <= 1022; j++) POW2[1022 - j] = POW2[1023 - j]! / 2;

/**
 * a * b + c rounded once (as a fused multiply-add), a and b given with their halves
 * (Veltkamp's split), for finite operands with |c| >= |a * b| (the use here) whose
 * product and sum do not overflow (a product below 2^-960, from a tiny x, may lose its error
 * term: the sum is then 1, a power of two, which the caller computes exactly anyway). The
 * product's rounding error comes from Dekker's product, the sum's from Dekker's fast two-sum;
 * adding the two errors rounds once more, which changes the result only when the sum then falls
 * exactly half way between two doubles: then NaN, and the caller computes again exactly. (Not
 * when the product is exact, as a * 1 is for every x near 0, where H = 1: the sum is then the
 * exact a * b + c, rounded once.)
 */
function fused(a: number, ah: number, al: number, b: number, bh: number, bl: number, c: number): number {
  const p = a * b;
  const e = ah * bh - p + ah * bl + al * bh + al * bl; // p + e = a * b exactly
  const s = c + p;
  const t = p - (s - c); // s + t = p + c exactly
  const w = t + e;
  const r = s + w;
  return e !== 0 && r + (w - (r - s)) * ONE_PLUS_ULP !== r ? NaN : r;
}

/** a * b + c rounded once, exactly, through BigInt (the slow path's). */
function fmaExact(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a), [mb, eb] = decompose(b), [mc, ec] = decompose(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  let s = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (s === 0n) return a * b + c;
  const negative = s < 0n;
  if (negative) s = -s;
  // Keep 64 bits and a sticky bit: Number() then rounds as the exact value would round.
  const extra = s.toString(2).length - 64;
  let scaled = e;
  if (extra > 0) {
    const lost = (s & ((1n << BigInt(extra)) - 1n)) !== 0n;
    s = (s >> BigInt(extra)) | (lost ? 1n : 0n);
    scaled += extra;
  }
  const v = Number(s) * 2 ** scaled;
  return negative ? -v : v;
}

/**
 * e^x, bit for bit as glibc's `exp` on x86-64 with FMA (NEURON's `exp` in `.mod` files, and hoc's
 * `exp` after its limits).
 *
 * @param x the exponent (any number; NaN gives NaN)
 * @returns e^x rounded as glibc rounds it (within 0.51 ulp of e^x)
 * @example
 * ```ts
 * import { libmExp } from '@neurite/core';
 * libmExp(11.31578947368421); // 82107.89661354215 (Math.exp gives 82107.89661354217)
 * ```
 */
export function libmExp(x: number): number {
  // (|x| < 2^-54 too: the path gives 1 + x, as glibc's own test for it.)
  if (!(Math.abs(x) < 512)) return expSlow(x);
  // k = round(x * 128/ln2), glibc's product unrounded (fused with the add of SHIFT): rounded
  // first, it gives another k only if it rounds to a half-integer (then exactly).
  const z = INV_LN2_N * x;
  const kd = z + SHIFT - SHIFT;
  if (Math.abs(z - kd) === 0.5) return expSlow(x);
  const r = x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  const k = kd | 0;
  const j = 4 * (k & 127);
  // tmp = T_j + (e^r - 1), by the polynomial; the result H_j (1 + tmp) 2^floor(k/128).
  const p23 = r * C3 + C2;
  const p45 = r * C5 + C4;
  const r2 = r * r;
  // q = r^2 p23 + (T_j + r), rounded once but for r^2 (p23 - 1/2) (exact: p23 is within 2^-11 of
  // 1/2, r^2/2 exact): a sum of three, by a fast two-sum.
  const c = EXP_TABLE_SPLIT[j]! + r;
  const a = r2 * 0.5;
  const b = r2 * (p23 - 0.5);
  const s = c + a;
  const w = a - (s - c) + b;
  const q = s + w;
  if (q + (w - (q - s)) * ONE_PLUS_ULP !== q) return expSlow(x);
  const tmp = r2 * r2 * p45 + q;
  // e = h + h tmp, rounded once. Rounded twice (s2 below), it is the same double unless h + p
  // lies within p's rounding error eta of a point half way between two doubles: |p| < 2^-7
  // (|tmp| < 0.0028, h < 2), so |eta| <= 2^-61, and the half-way points next to s2 (in [0.99, 2))
  // are at least 2^-54 from it. Where s2 + t2 (1 - 2^-6) and s2 + t2 (1 + 2^-6) both round to s2,
  // so does h + h tmp: if 2^-6 |t2| (less the products' rounding) covers |eta|, it lies between
  // them; if not, |t2| < 2^-54.9 and it lies nearer s2 than any half-way point. Otherwise (under
  // 2% of calls; the half-way point below a power of two is among them) e is computed exactly.
  const h = EXP_TABLE_SPLIT[j + 1]!;
  const p = tmp * h;
  const s2 = h + p;
  const t2 = p - (s2 - h); // s2 + t2 = h + p exactly
  let e = s2;
  if (s2 + t2 * STRETCH !== s2 + t2 * SHRINK) {
    const th = splitHigh(tmp);
    e = fused(tmp, th, tmp - th, h, EXP_TABLE_SPLIT[j + 2]!, EXP_TABLE_SPLIT[j + 3]!, h);
    if (e !== e) return expSlow(x); // (a tie)
  }
  return e * POW2[1022 + (k >> 7)]!;
}

/**
 * glibc's algorithm as written, each fused multiply-add exact through BigInt: the arguments the
 * fast path leaves (|x| >= 512, infinities and NaN) and the rare ties it meets.
 */
function expSlow(x: number): number {
  const ax = Math.abs(x);
  if (x !== x) return x;
  if (!(ax >= TWO_M54)) return 1 + x;
  if (ax >= 1024) return x === -Infinity ? 0 : x === Infinity ? x : x < 0 ? 0 : Infinity;
  const kd = fmaExact(INV_LN2_N, x, SHIFT) - SHIFT;
  const r = fmaExact(kd, NEG_LN2_LO_N, fmaExact(kd, NEG_LN2_HI_N, x));
  const k = kd | 0;
  const j = k & 127;
  const r2 = r * r;
  const p23 = fmaExact(r, C3, C2);
  const p45 = fmaExact(r, C5, C4);
  const tmp = fmaExact(r2 * r2, p45, fmaExact(r2, p23, EXP_TABLE[2 * j]! + r));
  const h = EXP_TABLE[2 * j + 1]!;
  const e = k >> 7;
  if (ax < 512) return fmaExact(h, tmp, h) * POW2[1022 + e]!;
  if (k > 0) {
    // The scale 2^e H_j may overflow: computed 2^1009 lower, scaled up at the end.
    const scale = h * POW2[1022 + e - 1009]!;
    return fmaExact(scale, tmp, scale) * POW2[1022 + 1009]!;
  }
  // k < 0: the result may be subnormal. glibc's build rounds this branch's products on their own
  // (scale * tmp is computed once for two sums).
  const scale = h * POW2[1022 + e + 1022]!;
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1.0) {
    // Rounded to the subnormal's precision before scaling, to avoid a double rounding.
    let lo = scale - y + st;
    const hi = 1.0 + y;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y === 0) y = 0;
  }
  return y * POW2[0]!;
}
