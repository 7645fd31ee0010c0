/**
 * Whether WebAssembly kernels may compute glibc's fused multiply-adds with the processor's own
 * instruction: relaxed SIMD's `f64x2.relaxed_madd`, where this engine has it and it rounds once.
 *
 * glibc's `exp` on x86-64 (NEURON's) fuses seven multiply-adds. `libmExp` and the kernels without
 * this emulate the ones that change results (Dekker's product, two-sums, a tie test). With a real
 * fused multiply-add the kernels compute glibc's operations as written, in fewer instructions.
 * The relaxed instruction may round twice on processors without FMA (the specification lets the
 * engine choose), so it is used only where a probe finds it rounding once, in both lanes.
 *
 * Chromium (114 and later) and Node 22 have relaxed SIMD. Node 20's V8 has it behind
 * `--experimental-wasm-relaxed-simd`: it is turned on (V8's flag setter, `nodeV8` in
 * v8-flags.ts) only while such a module is compiled, and off again at once, because V8
 * takes a code cache (Node's own, and neurite's: scripts/code-cache) only under the flags it was
 * made with. A compiled module keeps the features it was compiled with. Setting the environment
 * variable `NEURITE_WASM_FMA=0` keeps the emulation (the same doubles; the benchmarks compare the
 * two).
 * @module
 */
import { compileWithV8Flags, kernelFlags } from './compile.js';
import { envSaysNo, nodeV8 } from './v8-flags.js';

/** The body of `f(a, b, c)`: l = f64x2.relaxed_madd(splat a, splat b, splat c), then
 * l[0] + (l[0] - l[1]) (so a lane that rounds otherwise shows). One local, a v128. */
const PROBE_BODY = [
  0x01, 0x01, 0x7b,
  0x20, 0x00, 0xfd, 0x14, 0x20, 0x01, 0xfd, 0x14, 0x20, 0x02, 0xfd, 0x14, 0xfd, 0x87, 0x02, 0x21, 0x03,
  0x20, 0x03, 0xfd, 0x21, 0x00,
  0x20, 0x03, 0xfd, 0x21, 0x00, 0x20, 0x03, 0xfd, 0x21, 0x01, 0xa1, 0xa0,
  0x0b,
];
/** A module exporting that function as `f`: type (f64, f64, f64) -> f64. */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7c, 0x7c, 0x7c, 0x01, 0x7c,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
  0x0a, PROBE_BODY.length + 2, 0x01, PROBE_BODY.length, ...PROBE_BODY,
]);

const FLAG = 'experimental-wasm-relaxed-simd';

/** How to compile a relaxed-SIMD module here: plainly, or with V8's flag on for the while
 * (undefined: not yet probed; null: no fused multiply-add). */
let compiler: ((bytes: Uint8Array) => WebAssembly.Module) | null | undefined;

function probe(): ((bytes: Uint8Array) => WebAssembly.Module) | null {
  if (envSaysNo('NEURITE_WASM_FMA') || typeof WebAssembly !== 'object') return null;
  let flags: string[] = [];
  if (!WebAssembly.validate(PROBE)) {
    // (With `--wasm-lazy-validation`, V8 11 checks a function's instructions against the flags of
    // the moment it first runs, when the flag is off again: the probe's call then throws.)
    if (nodeV8() === undefined) return null;
    flags = [FLAG];
  }
  const compile = (bytes: Uint8Array): WebAssembly.Module => compileWithV8Flags(bytes, kernelFlags(flags));
  const f = (new WebAssembly.Instance(compile(PROBE)).exports as { f(a: number, b: number, c: number): number }).f;
  // Each exact, and 0 where the product is rounded first: (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60;
  // 0.1 (the double) times 10, less 1, is 2^-54.
  return f(1 + 2 ** -30, 1 - 2 ** -30, -1) === -(2 ** -60) && f(0.1, 10, -1) === 2 ** -54 ? compile : null;
}

/**
 * True when WebAssembly's `f64x2.relaxed_madd` is available here and rounds once (a fused
 * multiply-add), so that kernels can use it for glibc's fused operations (compile those with
 * {@link compileFusedModule}). Probed once per process.
 * @returns whether kernels may use the fused multiply-add
 * @example
 * ```ts
 * import { wasmFusedMultiplyAdd } from '@neurite/core/libm';
 * wasmFusedMultiplyAdd(); // true on x86-64 with FMA and on AArch64 (Node 20.16 and later, Chromium 114 and later)
 * ```
 */
export function wasmFusedMultiplyAdd(): boolean {
  if (compiler === undefined) {
    try {
      compiler = probe();
    } catch {
      compiler = null;
    }
  }
  return compiler !== null;
}

/**
 * Compiles a module that uses `f64x2.relaxed_madd` as a fused multiply-add (the compiler's kernels
 * with `fma`); null where {@link wasmFusedMultiplyAdd} is false or the module does not compile
 * (the generated plugins then compile their plain translation).
 * @param bytes the module
 * @returns the compiled module, or null
 * @example
 * ```ts
 * import { compileFusedModule } from '@neurite/core/libm';
 * const mod = compileFusedModule(plan.bytes) ?? new WebAssembly.Module(plainBytes);
 * ```
 */
export function compileFusedModule(bytes: Uint8Array): WebAssembly.Module | null {
  if (!wasmFusedMultiplyAdd()) return null;
  // (V8's flags are the process's: a worker thread may turn the flag off while this thread
  // compiles, and the compile then fails; tried again, then given up for the caller's plain module.)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return compiler!(bytes);
    } catch {
      // (again)
    }
  }
  return null;
}
