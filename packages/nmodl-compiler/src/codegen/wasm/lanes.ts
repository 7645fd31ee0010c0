/**
 * Arithmetic written once for one lane (f64) or two (f64x2): the exp and power functions of the
 * WebAssembly kernels run the same operations either way.
 * @module
 */
import { type Code, Op, Simd } from './encoder.js';

/** An operand: a local, or a constant (the same in both lanes). */
export type Operand = { readonly local: number } | { readonly k: number };
export const loc = (local: number): Operand => ({ local });
export const num = (k: number): Operand => ({ k });

/**
 * Emits the same arithmetic on f64 (one lane) or f64x2 (two lanes).
 * @example
 * ```ts
 * const V = new Lanes(code, true);
 * V.push(loc(x)).push(num(2)).mul(); // 2x in both lanes
 * ```
 */
export class Lanes {
  constructor(readonly c: Code, readonly two: boolean) {}
  push(o: Operand): this {
    if ('local' in o) this.c.get(o.local);
    else if (this.two) this.c.f64x2(o.k);
    else this.c.f64(o.k);
    return this;
  }
  private op(scalar: number, vector: number): this {
    if (this.two) this.c.simd(vector); else this.c.op(scalar);
    return this;
  }
  add(): this { return this.op(Op.f64_add, Simd.f64x2_add); }
  sub(): this { return this.op(Op.f64_sub, Simd.f64x2_sub); }
  mul(): this { return this.op(Op.f64_mul, Simd.f64x2_mul); }
  abs(): this { return this.op(Op.f64_abs, Simd.f64x2_abs); }
  ne(): this { return this.op(Op.f64_ne, Simd.f64x2_ne); }
  eq(): this { return this.op(Op.f64_eq, Simd.f64x2_eq); }
  lt(): this { return this.op(Op.f64_lt, Simd.f64x2_lt); }
  and(): this { return this.op(Op.i32_and, Simd.v128_and); }
  or(): this { return this.op(Op.i32_or, Simd.v128_or); }
  neg(): this { return this.op(Op.f64_neg, Simd.f64x2_neg); }
  ge(): this { return this.op(Op.f64_ge, Simd.f64x2_ge); }
  le(): this { return this.op(Op.f64_le, Simd.f64x2_le); }
  /** a * b + c of the three on the stack, rounded once (two lanes only: relaxed SIMD's, where
   * core's `wasmFusedMultiplyAdd()` says it fuses). */
  fma(): this {
    if (!this.two) throw new Error('a fused multiply-add in one lane');
    this.c.simd(Simd.f64x2_relaxed_madd);
    return this;
  }
  /** The mask on the stack to an i32: true in some lane. */
  any(): this { if (this.two) this.c.simd(Simd.v128_any_true); return this; }
}
