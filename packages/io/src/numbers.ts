/**
 * Number text as Python writes it (`repr(float)`), and strict parsing of number text.
 * Every finite double is written with the fewest digits that read back to the same double.
 */

/**
 * Formats a double exactly as Python's `repr(float)` does: shortest round-trip digits, fixed
 * notation for exponents -4..15 (with `.0` for whole numbers), otherwise `1.5e-05` style;
 * `-0.0`, `inf`, `-inf`, `nan`. Both Python and JavaScript read the text back to the same double.
 *
 * @example
 * ```ts
 * import { formatFloat } from '@neurite/io';
 * formatFloat(0.1 + 0.2 - 0.2); // '0.10000000000000003'
 * formatFloat(-65);             // '-65.0'
 * formatFloat(1e-5);            // '1e-05'
 * ```
 */
export function formatFloat(x: number): string {
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(x);
    // Whole numbers: String gives no dot; Python adds '.0'.
    return s.indexOf('.') === -1 ? s + '.0' : s;
  }
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (x !== x) return 'nan';
  if (a === Infinity) return x > 0 ? 'inf' : '-inf';
  // Shortest digits with their exponent, then Python's layout.
  const t = x.toExponential(); // e.g. '-1.2345e-7', '1e+21'
  const ePos = t.indexOf('e');
  const mantissa = t.slice(0, ePos);
  const exp = Number(t.slice(ePos + 1));
  const sign = exp < 0 ? '-' : '+';
  const ae = exp < 0 ? -exp : exp;
  return `${mantissa}e${sign}${ae < 10 ? '0' : ''}${ae}`;
}

/**
 * Formats a double the way Python's `json.dump` does: like {@link formatFloat}, with `NaN`,
 * `Infinity` and `-Infinity` for the non-finite values.
 *
 * @example
 * ```ts
 * import { formatJsonFloat } from '@neurite/io';
 * formatJsonFloat(NaN); // 'NaN'
 * formatJsonFloat(2);   // '2.0'
 * ```
 */
export function formatJsonFloat(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return formatFloat(x);
}

const enum C {
  Plus = 43,
  Minus = 45,
  Dot = 46,
  D0 = 48,
  D9 = 57,
  LowerE = 101,
  UpperE = 69,
}

/**
 * Parses the text of one number as Python's `float()` accepts it, minus exotic forms: optional
 * sign, decimal digits with an optional point and exponent, or `inf`/`infinity`/`nan` in any
 * case. Surrounding spaces and tabs are ignored. Returns `undefined` for anything else
 * (empty text, `0x10`, `1,5`, `abc`), so callers can report a precise error.
 *
 * @example
 * ```ts
 * import { parseFloatStrict } from '@neurite/io';
 * parseFloatStrict('-64.99925452909274'); // -64.99925452909274
 * parseFloatStrict('1e-05');              // 0.00001
 * parseFloatStrict('12abc');              // undefined
 * ```
 */
export function parseFloatStrict(text: string): number | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (start === end) return undefined;
  let i = start;
  let c = text.charCodeAt(i);
  if (c === C.Plus || c === C.Minus) {
    i++;
    c = text.charCodeAt(i);
  }
  let digits = 0;
  while (c >= C.D0 && c <= C.D9) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (c === C.Dot) {
    c = text.charCodeAt(++i);
    while (c >= C.D0 && c <= C.D9) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return parseSpecial(text.slice(start, end));
  if (c === C.LowerE || c === C.UpperE) {
    c = text.charCodeAt(++i);
    if (c === C.Plus || c === C.Minus) c = text.charCodeAt(++i);
    let expDigits = 0;
    while (c >= C.D0 && c <= C.D9) {
      expDigits++;
      c = text.charCodeAt(++i);
    }
    if (expDigits === 0) return undefined;
  }
  if (i !== end) return undefined;
  return Number(start === 0 && end === text.length ? text : text.slice(start, end));
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function parseSpecial(s: string): number | undefined {
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  switch (body.toLowerCase()) {
    case 'inf':
    case 'infinity':
      return sign * Infinity;
    case 'nan':
      return NaN;
    default:
      return undefined;
  }
}
