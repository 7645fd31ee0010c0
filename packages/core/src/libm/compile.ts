/**
 * How neurite compiles its WebAssembly kernels: so that V8 optimizes each function as soon as it
 * has compiled it for the first time, in the background, rather than once it has run for a while.
 *
 * V8 compiles a WebAssembly function twice: first with its baseline compiler (Liftoff), quickly,
 * into code that runs two to five times slower than its optimizing compiler's (TurboFan). By
 * default ("dynamic tiering") it optimizes a function only once the function has used up a budget
 * of execution, and the code running at that moment (a step loop in its long call) stays baseline
 * code until its next call. A kernel module is compiled when a model first uses its mechanism (an
 * insert), before the simulation: with dynamic tiering off for its compile, V8 optimizes each
 * function on its worker threads right after its first compile, while the model is still being
 * built, so that a short first run (the tutorial's 40 ms) runs optimized code from its start.
 * Functions that never run are never compiled (V8 compiles each at its first call).
 *
 * Node 20 and 22 let a program set V8's flags at run time (`setFlagsFromString`: `nodeV8` in
 * v8-flags.ts).
 * A module keeps the way it was compiled; the flag is set back at once, because V8 takes a code
 * cache only under the flags it was made with. A process started with a flag of its own about
 * WebAssembly's tiers (`--liftoff-only`, `--no-wasm-dynamic-tiering`, ...) is left as it is, and
 * so is every engine without that setter (browsers: their own defaults). The environment variable
 * `NEURITE_WASM_EAGER=0` keeps V8's default (the benchmarks compare the two).
 * @module
 */

import { envSaysNo, nodeV8, startFlags, v8Major, withV8Flags } from './v8-flags.js';

/** The flag that compiles a module's functions optimized at once (inverted: its `--no-` form). */
const DYNAMIC_TIERING = 'wasm-dynamic-tiering';

/** Whether to turn dynamic tiering off while compiling (undefined: not decided yet). */
let eager: boolean | undefined;

function decideEager(): boolean {
  if (envSaysNo('NEURITE_WASM_EAGER') || nodeV8() === undefined) return false;
  // (V8 prints an error for a flag it does not know: only the versions known to have this one,
  // those of Node 18 to 24.)
  const major = v8Major();
  if (!(major >= 10 && major <= 13)) return false;
  // (The process's own choice of tiers stands: flags on the command line or in NODE_OPTIONS.)
  return !/liftoff|wasm-tier|dynamic-tiering|wasm-lazy-compilation/.test(startFlags());
}

/** Whether {@link compileKernelModule} has V8 optimize a module's functions at once. */
export function eagerTierUp(): boolean {
  return (eager ??= decideEager());
}

/**
 * Compiles `bytes` with V8's flags `flags` (names without `--`, each `x` or `no-x`) set for the
 * compile only, and set back after it, the compile failing or not. Throws what the compile throws.
 * @param bytes the module
 * @param flags the flags to set while compiling
 * @returns the compiled module
 * @example
 * ```ts
 * const mod = compileWithV8Flags(bytes, ['experimental-wasm-relaxed-simd']);
 * ```
 */
export function compileWithV8Flags(bytes: Uint8Array, flags: readonly string[]): WebAssembly.Module {
  return withV8Flags(flags, () => new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
}

/** The flags {@link compileKernelModule} sets besides `extra`. */
export function kernelFlags(extra: readonly string[] = []): string[] {
  return eagerTierUp() ? [...extra, `no-${DYNAMIC_TIERING}`] : [...extra];
}

/**
 * Compiles a module of kernels (a mechanism's, the solver's, the step loop's) so that V8
 * optimizes each of its functions right after the function's first compile (see the module's
 * description). Throws what `new WebAssembly.Module` throws.
 * @param bytes the module
 * @returns the compiled module
 * @example
 * ```ts
 * import { compileKernelModule } from '@neurite/core/libm';
 * const mod = compileKernelModule(bytes); // as new WebAssembly.Module(bytes), optimized sooner
 * ```
 */
export function compileKernelModule(bytes: Uint8Array): WebAssembly.Module {
  return compileWithV8Flags(bytes, kernelFlags());
}
