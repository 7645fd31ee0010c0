/**
 * A correctly rounded natural logarithm for the random streams.
 *
 * NEURON computes `negexp` and `normal` with the C library's `log`. glibc's `log` (2.28 and
 * later) is within 0.52 ulp and almost always correctly rounded; V8's `Math.log` (an fdlibm port)
 * is within 1 ulp but differs from glibc in about 7% of the uniform draws of a stream. So the
 * streams use this function instead: it returns the double nearest to ln(x), which agrees with
 * glibc on all but about 1 in 1,300 uniform draws (0.07-0.08%: where glibc itself rounds the
 * wrong way, by one ulp; `references/random_streams.py` measures the rate).
 *
 * Method: x = 2^e * m with m in [sqrt(1/2), sqrt(2)); F = m rounded to a multiple of 1/128;
 * ln(m) = ln(F) + 2 atanh(s), s = (m - F) / (m + F), |s| < 2^-8.5. ln(F) and ln 2 come as
 * double-double constants computed once (with BigInt fixed-point arithmetic) when the module is
 * loaded. Per call, first a sum in plain doubles with a bound on its error: where that bound
 * cannot change its rounding (nearly always when ln x is not near 0), that is the result;
 * elsewhere double-double arithmetic (about 2^-100 relative error before the final rounding).
 * No allocation.
 * @module
 */

// ------------------------------------------------------------------ setup (BigInt) ---

const FIX_BITS = 200n;
const ONE = 1n << FIX_BITS;
const SCALE = 2 ** Number(FIX_BITS);

/** 2 atanh(p/q) in fixed point (value * 2^FIX_BITS), for |p/q| <= 1/3. */
function fixedTwoAtanh(p: bigint, q: bigint): bigint {
  // 2 * sum z^(2k+1) / (2k+1), z = p/q
  let term = (ONE * p) / q; // z
  const q2 = q * q;
  const p2 = p * p;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * p2) / q2;
  }
  return 2n * sum;
}

/** The double-double split [hi, lo] of a fixed-point value. */
function toDoubleDouble(v: bigint): [number, number] {
  const hiScaled = Number(v); // rounded to nearest
  const rest = v - BigInt(hiScaled);
  return [hiScaled / SCALE, Number(rest) / SCALE];
}

const LN2_FIXED = fixedTwoAtanh(1n, 3n); // ln 2 = 2 atanh(1/3)
const [LN2_HI, LN2_LO] = toDoubleDouble(LN2_FIXED);

const TABLE_BITS = 7;
const TABLE_SCALE = 1 << TABLE_BITS; // 128
const J_MIN = 90;                    // floor(128 * sqrt(1/2))
const J_MAX = 182;                   // ceil(128 * sqrt(2))
const LOGF_HI = new Float64Array(J_MAX - J_MIN + 1);
const LOGF_LO = new Float64Array(J_MAX - J_MIN + 1);
for (let j = J_MIN; j <= J_MAX; j++) {
  // ln(j/128) = 2 atanh((j - 128) / (j + 128))
  const [hi, lo] = toDoubleDouble(fixedTwoAtanh(BigInt(j - TABLE_SCALE), BigInt(j + TABLE_SCALE)));
  LOGF_HI[j - J_MIN] = hi;
  LOGF_LO[j - J_MIN] = lo;
}

// ln 2 in two parts, the first with 42 significant bits (e times it is exact for |e| < 2^11).
const LN2_A = Math.round(LN2_HI * 2 ** 42) / 2 ** 42;
const LN2_B = toDoubleDouble(LN2_FIXED - BigInt(LN2_A * SCALE))[0];
/** The fast path's margin: above its sum's error bound (2^-58.7, see log). */
const EPS = 2 ** -57;

const TWO_THIRDS_HI = 2 / 3;
const TWO_THIRDS_LO = toDoubleDouble((2n * ONE) / 3n - BigInt(TWO_THIRDS_HI * SCALE))[0];
const SQRT2 = Math.SQRT2;

// Reading the exponent of a double, through one shared scratch buffer.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI_WORD = U32[1] === 0x3ff00000 ? 1 : 0;

// 2^(1023 - b) for the biased exponents b of normal doubles.
const INV_POW2 = new Float64Array(2047);
for (let b = 1; b < 2047; b++) INV_POW2[b] = 2 ** (1023 - b);

// Dekker's splitter for exact products without FMA.
const SPLITTER = 134217729; // 2^27 + 1

// ----------------------------------------------------------------------- per call ---

/**
 * ln(x), correctly rounded (the double nearest to the exact value; ties cannot occur for
 * x != 1). For x <= 0, NaN, +Infinity it returns what `Math.log` returns. Allocation-free.
 *
 * @example
 * ```ts
 * log(0.5);                 // -0.6931471805599453
 * log(0.18351031090516823); // -1.6954844228472228 (glibc's log agrees; Math.log is 1 ulp off)
 * ```
 */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  let e = 0;
  if (x < 2.2250738585072014e-308) { // subnormal: scale into the normal range
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  F64[0] = x;
  const biased = (U32[HI_WORD] >>> 20) & 0x7ff;
  e += biased - 1023;
  // m = x / 2^(biased - 1023), in [1, 2): a product by a power of two, exact (and cheaper than
  // writing the exponent bits back, which stalls the load that reads the double again)
  let m = x * INV_POW2[biased];
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const j = Math.round(m * TABLE_SCALE);
  const f = j / TABLE_SCALE;
  const d = m - f; // exact
  const idx = j - J_MIN;

  // First in plain doubles (Ziv's method): hi + lo below is within 2^-58.7 of ln x (s = d / (m + f)
  // rounded twice, |s| < 2^-8.49: 2^-59.5 in 2s; lo's two roundings: 2^-61 each). Where lo moved by
  // 2^-57 either way rounds with hi to the same double, that double is ln x rounded. Elsewhere
  // (near a half-way point: about 3% of arguments with |ln x| in [2, 4), every one near x = 1)
  // the double-double computation below.
  {
    const s = d / (m + f);
    const z = s * s;
    const a = e * LN2_A; // exact
    const b = LOGF_HI[idx]!;
    const hi = a + b;
    const bb = hi - a;
    const lo = ((a - (hi - bb)) + (b - bb) + e * LN2_B + LOGF_LO[idx]!) + (2 * s + s * z * (2 / 3 + z * (2 / 5 + z * (2 / 7 + z * (2 / 9)))));
    const up = hi + (lo + EPS);
    if (up === hi + (lo - EPS)) return up;
  }

  // s = d / (m + f) as double-double
  const sum = m + f;
  const sumErr = (m - (sum - (sum - m))) + (f - (sum - m)); // twoSum error
  const sHi = d / sum;
  // twoProd(sHi, sum)
  let t = SPLITTER * sHi;
  const aH = t - (t - sHi);
  const aL = sHi - aH;
  t = SPLITTER * sum;
  const bH = t - (t - sum);
  const bL = sum - bH;
  const p = sHi * sum;
  const pErr = ((aH * bH - p) + aH * bL + aL * bH) + aL * bL;
  const sLo = (((d - p) - pErr) - sHi * sumErr) / sum;

  // (2/3) s^3 as double-double
  const s2 = sHi * sHi;
  const s2Err = ((aH * aH - s2) + 2 * aH * aL) + aL * aL;
  t = SPLITTER * s2;
  const cH = t - (t - s2);
  const cL = s2 - cH;
  const s3 = s2 * sHi;
  const s3Err = ((cH * aH - s3) + cH * aL + cL * aH) + cL * aL + s2Err * sHi + 3 * s2 * sLo;
  t = SPLITTER * s3;
  const dH = t - (t - s3);
  const dL = s3 - dH;
  t = SPLITTER * TWO_THIRDS_HI;
  const gH = t - (t - TWO_THIRDS_HI);
  const gL = TWO_THIRDS_HI - gH;
  const c = s3 * TWO_THIRDS_HI;
  const cErr = ((dH * gH - c) + dH * gL + dL * gH) + dL * gL +
    s3 * TWO_THIRDS_LO + s3Err * TWO_THIRDS_HI;

  // the rest of 2 atanh(s): (2/5) s^5 + (2/7) s^7 + ...
  const tail = s3 * s2 * (2 / 5 + s2 * (2 / 7 + s2 * (2 / 9 + s2 * (2 / 11))));

  // e ln2 as double-double (e has at most 11 bits: e * LN2_HI needs twoProd)
  const k = e;
  t = SPLITTER * LN2_HI;
  const lH = t - (t - LN2_HI);
  const lL = LN2_HI - lH;
  const kl = k * LN2_HI;
  const klErr = ((k * lH - kl) + k * lL); // k is exact in < 27 bits, so k*lH, k*lL are exact

  // hi chain with twoSum, low parts accumulated
  let lo = klErr + k * LN2_LO + LOGF_LO[idx] + 2 * sLo + cErr + tail;
  let hi = kl;
  let b = LOGF_HI[idx];
  let s = hi + b;
  let bb = s - hi;
  lo += (hi - (s - bb)) + (b - bb);
  hi = s;
  b = 2 * sHi;
  s = hi + b;
  bb = s - hi;
  lo += (hi - (s - bb)) + (b - bb);
  hi = s;
  b = c;
  s = hi + b;
  bb = s - hi;
  lo += (hi - (s - bb)) + (b - bb);
  hi = s;
  return hi + lo;
}
