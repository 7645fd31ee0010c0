// Doubles written by Python's float.hex() (the libm fixtures).

/** A number from Python's float.hex(). */
export function fromHex(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  const m = /^(-?)0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`not a hex float: ${s}`);
  const digits = m[3]!;
  const mantissa = Number(BigInt(`0x${m[2]}${digits}`));
  const v = mantissa * 2 ** (Number(m[4]) - 4 * digits.length);
  return m[1] === '-' ? -v : v;
}
