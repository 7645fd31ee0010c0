// A module of the WebAssembly kernels' exp functions on their own, for the tests and
// scripts/exp-check-wasm.ts: `exp(x)`, and `pair(p)`, the two-lane exp of the two doubles at
// address p written at p + 16; core's table at address 4096; `slow` the fast path's fallback.
import { EXP_TABLE_SPLIT, compileFusedModule } from '@neurite/core/libm';
import { Code, ModuleBuilder, Op, Simd } from '../src/codegen/wasm/encoder.js';
import { addExp, addExpX2 } from '../src/codegen/wasm/exp.js';

/** The module's functions, its first four doubles (`a`) and its bytes. */
export interface ExpModule {
  readonly exp: (x: number) => number;
  readonly pair: (p: number) => void;
  readonly a: Float64Array;
  readonly bytes: Uint8Array;
}

/**
 * Builds and instantiates the exp functions, emulated or (`fma`) fused; a fused module is compiled
 * by core (throws if it does not compile).
 * @example
 * ```ts
 * const { exp } = expModule(false, libmExp);
 * exp(1); // 2.718281828459045
 * ```
 */
export function expModule(fma: boolean, slow: (x: number) => number): ExpModule {
  const mod = new ModuleBuilder();
  const imported = mod.importFunction('m', 'libm_exp', ['f64'], ['f64']);
  const table = mod.global('i32');
  const exp = addExp(mod, table, imported, { exportName: 'exp', fma });
  const exp2 = addExpX2(mod, table, exp, { fma });
  const setTable = mod.declare(['i32'], [], 'setTable');
  mod.define(setTable, [], new Code().get(0).gset(table).op(Op.end));
  const pair = mod.declare(['i32'], [], 'pair');
  mod.define(pair, [], new Code().get(0).get(0).simdMem(Simd.v128_load).call(exp2).simdMem(Simd.v128_store, 16).op(Op.end));
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float64Array(memory.buffer, 4096, EXP_TABLE_SPLIT.length).set(EXP_TABLE_SPLIT);
  const bytes = mod.bytes();
  const compiled = fma ? compileFusedModule(bytes) : new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  if (compiled === null) throw new Error('the fused module did not compile');
  const x = new WebAssembly.Instance(compiled, { env: { memory }, m: { libm_exp: slow } }).exports;
  (x.setTable as (a: number) => void)(4096);
  return { exp: x.exp as (x: number) => number, pair: x.pair as (p: number) => void, a: new Float64Array(memory.buffer, 0, 4), bytes };
}
