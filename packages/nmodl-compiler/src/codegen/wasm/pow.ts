/**
 * x^3 and x^4 for WebAssembly kernels: core's `libmPow3` and `libmPow4` (correctly rounded),
 * operation for operation, so that a kernel gives the same numbers in WebAssembly as in
 * JavaScript. x^2 = s + e1 exactly (Dekker's product), the leading product of x^n again exact
 * (p + e2), the rest in one rounded sum; where that sum stretched and shrunk by 2^-40 rounds with p
 * to the same double, that double, else (and for |x| outside [2^-200, 2^200], zeros, infinities and
 * NaN) the imported function itself (`libm_pow3`, `libm_pow4`: core's, exact through BigInt). The
 * two-lane function does the same on both lanes of an f64x2, and sends both lanes through the
 * one-lane function where either leaves the fast path.
 * @module
 */
import { Code, ModuleBuilder, Op, Simd, type ValType } from './encoder.js';
import { Lanes, loc, num } from './lanes.js';

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
  return definePow(mod, n, false, fma, (c) => c.get(0).call(slow));
}

/**
 * Adds `pow<n>_x2(x: v128) -> v128`, x^n in both lanes (each as {@link addPowInt}'s function
 * `scalar` computes it), and returns its index.
 * @example
 * ```ts
 * const pow3x2 = addPowIntX2(mod, 3, addPowInt(mod, 3, slow3));
 * ```
 */
export function addPowIntX2(mod: ModuleBuilder, n: 3 | 4, scalar: number, fma = false): number {
  return definePow(mod, n, true, fma, (c) => {
    c.get(0).simd(Simd.f64x2_extract_lane).op(0).call(scalar).simd(Simd.f64x2_splat);
    c.get(0).simd(Simd.f64x2_extract_lane).op(1).call(scalar).simd(Simd.f64x2_replace_lane).op(1);
  });
}

/** A power function of one lane or two: the fast path, else what `slow` pushes (from parameter 0). */
function definePow(mod: ModuleBuilder, n: 3 | 4, two: boolean, fma: boolean, slow: (c: Code) => void): number {
  const type: ValType = two ? 'v128' : 'f64';
  const fn = mod.declare([type], [type], undefined, two ? `pow${n}_x2` : `pow${n}`);
  const types: ValType[] = [];
  const local = (): number => { types.push(type); return types.length; };
  const [ax, xh, xl, s, e1, p, sh, sl, e2, tail, r] = Array.from({ length: 11 }, local);
  const c = new Code();
  // (The fused multiply-add is a two-lane instruction: one lane runs it on splats.)
  const V = new Lanes(c, two);
  const W = new Lanes(c, true);
  /** Sets `hi` to a's high half (Veltkamp's split) and `lo` to the rest. */
  const split = (a: number, hi: number, lo: number): void => {
    V.push(num(SPLIT)).push(loc(a)).mul(); c.tee(lo);
    V.push(loc(lo)).push(loc(a)).sub().sub(); c.set(hi);
    V.push(loc(a)).push(loc(hi)).sub(); c.set(lo);
  };
  /** Pushes ((ah bh - prod) + ah bl + al bh) + al bl: a b - prod, exactly. */
  const dekker = (ah: number, al: number, bh: number, bl: number, prod: number): void => {
    V.push(loc(ah)).push(loc(bh)).mul().push(loc(prod)).sub();
    V.push(loc(ah)).push(loc(bl)).mul().add();
    V.push(loc(al)).push(loc(bh)).mul().add();
    V.push(loc(al)).push(loc(bl)).mul().add();
  };
  /** Pushes a b - prod, exactly: fma(a, b, -prod). */
  const fused = (a: number, b: number, prod: number): void => {
    const lanes = (x: number, negate = false): void => {
      c.get(x);
      if (negate) V.neg();
      if (!two) c.simd(Simd.f64x2_splat);
    };
    lanes(a); lanes(b); lanes(prod, true);
    W.fma();
    if (!two) c.simd(Simd.f64x2_extract_lane).op(0);
  };
  c.open(Op.block);
  // !(2^-200 <= |x| <= 2^200) in some lane: the exact path
  c.get(0); V.abs(); c.tee(ax);
  V.push(num(2 ** -200)).ge().push(loc(ax)).push(num(2 ** 200)).le().and();
  if (two) c.simd(Simd.i64x2_all_true);
  c.op(Op.i32_eqz).op(Op.br_if).u32(0);
  if (!fma) split(ax, xh, xl);
  V.push(loc(ax)).push(loc(ax)).mul(); c.set(s);
  if (fma) fused(ax, ax, s); else dekker(xh, xl, xh, xl, s);
  c.set(e1);
  if (!fma) split(s, sh, sl);
  if (n === 3) {
    V.push(loc(s)).push(loc(ax)).mul(); c.set(p);
    if (fma) fused(s, ax, p); else dekker(sh, sl, xh, xl, p);
    c.set(e2);
    V.push(loc(e2)).push(loc(e1)).push(loc(ax)).mul().add(); c.set(tail);
  } else {
    V.push(loc(s)).push(loc(s)).mul(); c.set(p);
    if (fma) fused(s, s, p); else dekker(sh, sl, sh, sl, p);
    c.set(e2);
    V.push(loc(e2)).push(num(2)).push(loc(s)).push(loc(e1)).mul().mul().add(); c.set(tail);
  }
  V.push(loc(p)).push(loc(tail)).add(); c.set(r);
  // r != p + tail (1 + 2^-40) or r != p + tail (1 - 2^-40) in some lane: the exact path
  V.push(loc(r)).push(loc(p)).push(loc(tail)).push(num(STRETCH)).mul().add().ne();
  V.push(loc(r)).push(loc(p)).push(loc(tail)).push(num(SHRINK)).mul().add().ne().or().any();
  c.op(Op.br_if).u32(0);
  // x^3 has x's sign: -r where x < 0
  if (n === 3) {
    V.push(loc(r)).neg().push(loc(r));
    c.get(0); V.push(num(0)).lt();
    if (two) c.simd(Simd.v128_bitselect); else c.op(Op.select);
  } else {
    c.get(r);
  }
  c.op(Op.return);
  c.op(Op.end);
  slow(c);
  c.op(Op.end);
  mod.define(fn, types, c);
  return fn;
}
