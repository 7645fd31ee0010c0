/**
 * The little of the WebAssembly binary format that core's hand-assembled modules need (the tree
 * matrix's solve, the step loop): the opcodes they use, LEB128 numbers, vectors, sections, names,
 * and hexadecimal.
 * @module
 */
import { compileKernelModule } from '../libm/compile.js';

// Opcodes and value types.
export const UNREACHABLE = 0x00, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, RETURN = 0x0f;
export const CALL = 0x10, CALL_INDIRECT = 0x11, VOID = 0x40;
export const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
export const I32_LOAD = 0x28, F64_LOAD = 0x2b, I32_STORE = 0x36, F64_STORE = 0x39, I32_CONST = 0x41;
export const I32_EQZ = 0x45, I32_NE = 0x47, I32_LT_S = 0x48, I32_GE_S = 0x4e;
export const F64_EQ = 0x61, F64_NE = 0x62, F64_LT = 0x63, F64_GT = 0x64, F64_LE = 0x65, F64_GE = 0x66;
export const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_AND = 0x71, I32_OR = 0x72, I32_SHL = 0x74;
export const F64_ADD = 0xa0, F64_SUB = 0xa1, F64_MUL = 0xa2, F64_DIV = 0xa3;
export const MEMORY_FILL = [0xfc, 0x0b, 0x00] as const;
export const I32 = 0x7f, F64 = 0x7c, FUNCREF = 0x70;

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

/** The name section (custom section "name"): the module's name and its functions' names, which
 * profilers and stack traces show. */
export const nameSection = (module: string, functions: readonly (readonly [number, string])[]): number[] =>
  section(0, [...name('name'), ...section(0, name(module)), ...section(1, vec(functions.map(([i, n]) => [...uleb(i), ...name(n)])))]);

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

/**
 * A function that compiles a module from `bytes()` on its first call and returns it then and
 * after (once per process); null where WebAssembly is missing or refuses to compile.
 *
 * V8 compiles a module's functions lazily, each at its first call. `warm`, given the module once
 * compiled, calls its functions once so that they are compiled now (with the module, when a
 * simulation is made) rather than in the first steps of a run; an exception in it is ignored.
 * The module is compiled with `compileKernelModule`: V8 optimizes each function in the background
 * right after that first compile.
 * @example
 * ```ts
 * const solveModule = compiledOnce(() => fromHex(SOLVE_HEX), (mod) => callOnce(mod));
 * const mod = solveModule(); // WebAssembly.Module | null
 * ```
 */
export function compiledOnce(bytes: () => Uint8Array<ArrayBuffer>, warm?: (mod: WebAssembly.Module) => void): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = typeof WebAssembly === 'object' ? compileKernelModule(bytes()) : null;
      } catch {
        compiled = null;
      }
      if (compiled !== null && warm !== undefined) {
        try {
          warm(compiled);
        } catch {
          // (compiled at the first call instead)
        }
      }
    }
    return compiled;
  };
}

/** A memory of one page for {@link compiledOnce}'s `warm` calls (zeroed: every count reads 0). */
export function scratchMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1 });
}
