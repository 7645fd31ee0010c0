/**
 * x^3 and x^4 for WebAssembly kernels: core's `libmPow3` and `libmPow4` (correctly rounded),
 * operation for operation, so that a kernel gives the same numbers in WebAssembly as in
 * JavaScript. x^2 = s + e1 exactly (Dekker's product), the leading product of x^n again exact
 * (p + e2), the rest in one rounded sum; where that sum stretched and shrunk by 2^-40 rounds with p
 * to the same double, that double, else (and for |x| outside [2^-200, 2^200], zeros, infinities and
 * NaN) the imported function itself (`libm_pow3`, `libm_pow4`: core's, exact through BigInt).
 * @module
 */
import { Code, ModuleBuilder, Op, Simd, type ValType } from './encoder.js';

const SPLIT = 134217729;
const STRETCH = 1 + 2 ** -40;
const SHRINK = 1 - 2 ** -40;

/**
 * Adds `pow<n>(x: f64) -> f64` (n = 3 or 4; `slow` the imported core function) and returns its index.
 * With `fma` (relaxed SIMD's multiply-add where it rounds once: core's `wasmFusedMultiplyAdd`), the
 * products' exact errors come from it instead of Dekker's products: the same values.
 * @example
 * ```ts
 * const mod = new ModuleBuilder();
 * const pow3 = addPowInt(mod, 3, mod.importFunction('m', 'libm_pow3', ['f64'], ['f64']));
 * ```
 */
export function addPowInt(mod: ModuleBuilder, n: 3 | 4, slow: number, fma = false): number {
  const fn = mod.declare(['f64'], ['f64'], undefined, `pow${n}`);
  const types: ValType[] = [];
  const local = (): number => { types.push('f64'); return types.length; };
  const [ax, xh, xl, s, e1, p, sh, sl, e2, tail, r] = Array.from({ length: 11 }, local);
  const c = new Code();
  /** Sets `hi` to a's high half (Veltkamp's split) and `lo` to the rest. */
  const split = (a: number, hi: number, lo: number): void => {
    c.f64(SPLIT).get(a).op(Op.f64_mul).tee(lo).get(lo).get(a).op(Op.f64_sub).op(Op.f64_sub).set(hi);
    c.get(a).get(hi).op(Op.f64_sub).set(lo);
  };
  /** Pushes ((ah bh - prod) + ah bl + al bh) + al bl: a b - prod, exactly. */
  const dekker = (ah: number, al: number, bh: number, bl: number, prod: number): void => {
    c.get(ah).get(bh).op(Op.f64_mul).get(prod).op(Op.f64_sub);
    c.get(ah).get(bl).op(Op.f64_mul).op(Op.f64_add);
    c.get(al).get(bh).op(Op.f64_mul).op(Op.f64_add);
    c.get(al).get(bl).op(Op.f64_mul).op(Op.f64_add);
  };
  /** Pushes a b - prod, exactly: fma(a, b, -prod), on splats. */
  const fused = (a: number, b: number, prod: number): void => {
    c.get(a).simd(Simd.f64x2_splat).get(b).simd(Simd.f64x2_splat).get(prod).op(Op.f64_neg).simd(Simd.f64x2_splat);
    c.simd(Simd.f64x2_relaxed_madd).simd(Simd.f64x2_extract_lane).op(0);
  };
  c.open(Op.block);
  // !(2^-200 <= |x| <= 2^200): the exact path
  c.get(0).op(Op.f64_abs).tee(ax).f64(2 ** -200).op(Op.f64_ge).get(ax).f64(2 ** 200).op(Op.f64_le).op(Op.i32_and).op(Op.i32_eqz);
  c.op(Op.br_if).u32(0);
  if (!fma) split(ax, xh, xl);
  c.get(ax).get(ax).op(Op.f64_mul).set(s);
  if (fma) fused(ax, ax, s); else dekker(xh, xl, xh, xl, s);
  c.set(e1);
  if (!fma) split(s, sh, sl);
  if (n === 3) {
    c.get(s).get(ax).op(Op.f64_mul).set(p);
    if (fma) fused(s, ax, p); else dekker(sh, sl, xh, xl, p);
    c.set(e2);
    c.get(e2).get(e1).get(ax).op(Op.f64_mul).op(Op.f64_add).set(tail);
  } else {
    c.get(s).get(s).op(Op.f64_mul).set(p);
    if (fma) fused(s, s, p); else dekker(sh, sl, sh, sl, p);
    c.set(e2);
    c.get(e2).f64(2).get(s).get(e1).op(Op.f64_mul).op(Op.f64_mul).op(Op.f64_add).set(tail);
  }
  c.get(p).get(tail).op(Op.f64_add).set(r);
  // r != p + tail (1 + 2^-40) or r != p + tail (1 - 2^-40): the exact path
  c.get(r).get(p).get(tail).f64(STRETCH).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_ne);
  c.get(r).get(p).get(tail).f64(SHRINK).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_ne).op(Op.i32_or);
  c.op(Op.br_if).u32(0);
  if (n === 3) c.get(r).op(Op.f64_neg).get(r).get(0).f64(0).op(Op.f64_lt).op(Op.select);
  else c.get(r);
  c.op(Op.return);
  c.op(Op.end);
  c.get(0).call(slow);
  c.op(Op.end);
  mod.define(fn, types, c);
  return fn;
}
