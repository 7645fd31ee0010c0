/**
 * C's `printf("%g", x)` as a number: what NEURON 8.2's translator does to PARAMETER defaults
 * (it writes them into the C file with `%g`, six significant digits, so `15.87301587302`
 * becomes `15.873`). Numbers written in code keep every digit.
 * @module
 */

/** 10^n as a BigInt. */
const pow10 = (n: number): bigint => 10n ** BigInt(n);

/**
 * The value of `printf("%.<digits>g", x)` read back as a double: x rounded to `digits`
 * significant decimal digits, an exact tie to even (as glibc rounds the exact binary value).
 * @example
 * ```ts
 * cPrintfG(15.87301587302); // 15.873
 * cPrintfG(1234565);        // 1234560 (a tie: the even last digit)
 * ```
 */
export function cPrintfG(x: number, digits = 6): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  // x's shortest decimal form has at most `digits` significant digits: x is within a tiny
  // fraction of a unit in the last kept digit of that decimal, so it rounds to it, and reads
  // back as x (most values in .mod files).
  if (significantDigits(x) <= digits) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  // The decimal exponent of a (before rounding), from its correctly rounded 21-digit form.
  const e = Number(a.toExponential(20).split('e')[1]);
  // a exactly as num / den (a double is m * 2^q).
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, a);
  const hi = bits.getUint32(0), lo = bits.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let q: number;
  if (exp === 0) q = -1074;
  else { m |= 1n << 52n; q = exp - 1075; }
  let num = q >= 0 ? m << BigInt(q) : m;
  let den = q >= 0 ? 1n : 1n << BigInt(-q);
  // Scaled so that the digits to keep are the integer part.
  const p = digits - 1 - e;
  if (p >= 0) num *= pow10(p); else den *= pow10(-p);
  let k = num / den;
  const r2 = 2n * (num - k * den);
  if (r2 > den || (r2 === den && (k & 1n) === 1n)) k += 1n;
  return sign * Number(`${k}e${-p}`);
}

/** The number of significant digits of x's shortest decimal form (JavaScript's `String(x)`). */
function significantDigits(x: number): number {
  const s = String(Math.abs(x));
  let n = 0, leading = true, end = s.length;
  const e = s.indexOf('e');
  if (e >= 0) end = e;
  let trailing = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) continue; // '.'
    if (leading && c === 48) continue; // leading zeros
    leading = false;
    n++;
    trailing = c === 48 ? trailing + 1 : 0;
  }
  // Trailing zeros of an integer written out (1234560) are not significant.
  return s.includes('.') || e >= 0 ? n : n - trailing;
}
