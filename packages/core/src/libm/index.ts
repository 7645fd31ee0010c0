/**
 * The C library's math functions as NEURON computes with them (glibc's), bit for bit where V8's
 * differ: `@neurite/core/libm`, light enough for generated mechanisms and the compiler to import.
 * @example
 * ```ts
 * import { libmExp } from '@neurite/core/libm';
 * libmExp(1); // 2.718281828459045
 * ```
 * @module
 */
export { libmExp, EXP_TABLE_SPLIT } from './exp.js';
export { EXP_TABLE } from './exp-table.js';
export { libmPow3, libmPow4 } from './pow.js';
export { compileFusedModule, wasmFusedMultiplyAdd } from './fma.js';
export { compileKernelModule } from './compile.js';
export { runOnce } from './v8-flags.js';
