/**
 * The little of the WebAssembly binary format that core's hand-assembled modules need (the tree
 * matrix's solve, the step loop): LEB128 numbers, vectors, sections, names, and hexadecimal.
 * @module
 */

/** An unsigned LEB128 number. */
export function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0) byte |= 0x80;
    out.push(byte);
  } while (x !== 0);
  return out;
}

/** A signed LEB128 number (for `i32.const`). */
export function sleb(x: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. */
export const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
/** A section: its id, its size, then its body. */
export const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];
/** A name (UTF-8; ASCII here). */
export const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

/** Bytes from their hexadecimal text. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  // (Node's Buffer decodes natively; elsewhere a loop, which V8 runs in its interpreter.)
  const B = (globalThis as { Buffer?: { from(s: string, encoding: string): Uint8Array } }).Buffer;
  if (B !== undefined) return new Uint8Array(B.from(hex, 'hex'));
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
  return bytes;
}

/** The value of a lower-case hexadecimal digit's character code. */
function hexDigit(c: number): number {
  return c <= 57 ? c - 48 : c - 87; // '0'-'9', 'a'-'f'
}
