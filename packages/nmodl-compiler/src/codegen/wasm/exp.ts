/**
 * `exp` for WebAssembly kernels: the function of core's `libmExp` (glibc's `exp`, NEURON's),
 * operation for operation, so that a kernel gives the same numbers in WebAssembly as in
 * JavaScript and as NEURON. glibc's algorithm: x = k ln2/128 + r; e^x = 2^floor(k/128) H_j
 * (1 + T_j + (e^r - 1)), j = k mod 128, from a table in memory (core's `EXP_TABLE_SPLIT`, which
 * the plugin copies into its scratch: T_j, H_j and H_j's halves, 32 bytes per j); e^r - 1 by a
 * polynomial; three of glibc's fused multiply-adds by error-free transformations (see core's
 * `libm/exp.ts`). What this fast path leaves (|x| >= 512, |x| < 2^-54, NaN, a reduction near a
 * half-integer, a tie in a two-step sum) goes to the imported `libm_exp`: libmExp itself. The
 * two-lane function does the same on both lanes of an f64x2, and sends both lanes through the
 * one-lane function when either leaves the fast path. A test compares them with libmExp on
 * millions of arguments and every special case.
 * @module
 */
import { Code, ModuleBuilder, Op, Simd, type ValType } from './encoder.js';

const INV_LN2_N = 184.6649652337873;
const NEG_LN2_HI_N = -0.005415212348111709;
const NEG_LN2_LO_N = -1.2864023111638346e-14;
const SHIFT = 6755399441055744.0;
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const SPLIT = 134217729;
const ONE_PLUS_ULP = 1.0000000000000002;
const TWO_M54 = 5.551115123125783e-17;
const TWO_M35 = 2.9103830456733704e-11;

/** The high 26 bits of a (Veltkamp's split), as core computes them. */
function splitHigh(a: number): number {
  const g = SPLIT * a;
  return g - (g - a);
}
const LO_1 = splitHigh(NEG_LN2_LO_N);
const LO_2 = NEG_LN2_LO_N - LO_1;
const C3_HI = splitHigh(C3);
const C3_LO = C3 - C3_HI;

/** Doubles of the table the functions read (T_j, H_j, hi(H_j), lo(H_j) for j = 0..127). */
export const EXP_TABLE_LENGTH = 512;
/** The table's name among a plugin's scratch tables (its copy of core's EXP_TABLE_SPLIT). */
export const EXP_TABLE_NAME = '_t_libm_exp';

/** An operand: a local, or a constant (the same in both lanes). */
type Operand = { readonly local: number } | { readonly k: number };
const loc = (local: number): Operand => ({ local });
const num = (k: number): Operand => ({ k });

/** Emits the same arithmetic on f64 (one lane) or f64x2 (two lanes). */
class Lanes {
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
  lt(): this { return this.op(Op.f64_lt, Simd.f64x2_lt); }
  ge(): this { return this.op(Op.f64_ge, Simd.f64x2_ge); }
  and(): this { return this.op(Op.i32_and, Simd.v128_and); }
  or(): this { return this.op(Op.i32_or, Simd.v128_or); }
  /** The mask on the stack to an i32: true in some lane. */
  any(): this { if (this.two) this.c.simd(Simd.v128_any_true); return this; }
}

/** The locals the fast path computes in (f64 or v128, one set per function). */
interface Locals {
  readonly x: number; readonly z: number; readonly kd: number; readonly y: number; readonly a: number;
  readonly s: number; readonly zz: number; readonly w: number; readonly r: number;
  readonly rh: number; readonly rl: number; readonly p23: number; readonly p45: number;
  readonly r2: number; readonly r2h: number; readonly r2l: number; readonly ph: number; readonly pl: number;
  readonly q: number; readonly tmp: number; readonly th: number; readonly tl: number;
  readonly t: number; readonly h: number; readonly hh: number; readonly hl: number; readonly e: number;
  /** The fused multiply-adds' temporaries. */
  readonly fp: number; readonly fe: number; readonly fs: number; readonly fz: number; readonly ft: number; readonly fw: number;
  readonly c: number;
  /** The tie mask (i32, or v128 for two lanes). */
  readonly tie: number;
}

const LOCAL_NAMES = ['z', 'kd', 'y', 'a', 's', 'zz', 'w', 'r', 'rh', 'rl', 'p23', 'p45', 'r2', 'r2h', 'r2l', 'ph', 'pl', 'q', 'tmp', 'th', 'tl', 't', 'h', 'hh', 'hl', 'e', 'fp', 'fe', 'fs', 'fz', 'ft', 'fw', 'c'] as const;

/** Locals numbered from `first` (after the parameter x = 0), of `type`; the tie mask after them. */
function makeLocals(first: number, two: boolean): { L: Locals; types: ValType[] } {
  const L: Record<string, number> = { x: 0 };
  let next = first;
  for (const n of LOCAL_NAMES) L[n] = next++;
  L.tie = next++;
  const types: ValType[] = [...LOCAL_NAMES.map((): ValType => (two ? 'v128' : 'f64')), two ? 'v128' : 'i32'];
  return { L: L as unknown as Locals, types };
}

/** Sets `hi` to splitHigh(a), `lo` to a - hi. */
function halves(V: Lanes, a: number, hi: number, lo: number): void {
  const c = V.c;
  // g = SPLIT * a (in lo for now); hi = g - (g - a)
  V.push(num(SPLIT)).push(loc(a)).mul();
  c.tee(lo);
  V.push(loc(lo)).push(loc(a)).sub().sub();
  c.set(hi);
  V.push(loc(a)).push(loc(hi)).sub();
  c.set(lo);
}

/** out = fma(a, b, cc) as core's `fused` computes it; ORs its tie test into L.tie. */
function fused(V: Lanes, L: Locals, a: Operand, ah: Operand, al: Operand, b: Operand, bh: Operand, bl: Operand, cc: Operand, out: number): void {
  const c = V.c;
  V.push(a).push(b).mul(); c.set(L.fp);
  // e = ah*bh - p + ah*bl + al*bh + al*bl
  V.push(ah).push(bh).mul().push(loc(L.fp)).sub();
  V.push(ah).push(bl).mul().add();
  V.push(al).push(bh).mul().add();
  V.push(al).push(bl).mul().add(); c.set(L.fe);
  // s = p + c; z = s - p; t = p - (s - z) + (c - z)
  V.push(loc(L.fp)).push(cc).add(); c.tee(L.fs);
  V.push(loc(L.fp)).sub(); c.set(L.fz);
  V.push(loc(L.fp)).push(loc(L.fs)).push(loc(L.fz)).sub().sub();
  V.push(cc).push(loc(L.fz)).sub().add(); c.set(L.ft);
  // w = t + e; r = s + w
  V.push(loc(L.ft)).push(loc(L.fe)).add(); c.set(L.fw);
  V.push(loc(L.fs)).push(loc(L.fw)).add(); c.set(out);
  tieTest(V, L, out, L.fw, L.fs);
}

/** tie |= r + (w - (r - s)) * ONE_PLUS_ULP != r. */
function tieTest(V: Lanes, L: Locals, r: number, w: number, s: number): void {
  V.push(loc(r)).push(loc(w)).push(loc(r)).push(loc(s)).sub().sub().push(num(ONE_PLUS_ULP)).mul().add().push(loc(r)).ne();
  V.push(loc(L.tie)).or();
  V.c.set(L.tie);
}

/**
 * From x: the range test and kd's test (each leaves a "take the slow path" condition, i32 or
 * v128 mask, for `leave` to branch on), then r, its tie test in L.tie.
 */
function reduce(V: Lanes, L: Locals, leave: () => void): void {
  const c = V.c;
  // !(|x| < 512 && |x| >= 2^-54) (NaN fails both)
  V.push(loc(L.x)).abs(); c.tee(L.z);
  V.push(num(512)).lt().push(loc(L.z)).push(num(TWO_M54)).ge().and();
  if (V.two) c.simd(Simd.i64x2_all_true);
  c.op(Op.i32_eqz);
  leave();
  // z = INV_LN2_N * x; kd = z + SHIFT - SHIFT
  V.push(num(INV_LN2_N)).push(loc(L.x)).mul(); c.tee(L.z);
  V.push(num(SHIFT)).add().push(num(SHIFT)).sub(); c.set(L.kd);
  // |abs(z - kd) - 0.5| < 2^-35
  V.push(loc(L.z)).push(loc(L.kd)).sub().abs().push(num(0.5)).sub().abs().push(num(TWO_M35)).lt().any();
  leave();
  // y = x + kd*hi; a = kd*LO_1; s = y + a; zz = s - y; w = y - (s - zz) + (a - zz) + kd*LO_2
  V.push(loc(L.x)).push(loc(L.kd)).push(num(NEG_LN2_HI_N)).mul().add(); c.set(L.y);
  V.push(loc(L.kd)).push(num(LO_1)).mul(); c.set(L.a);
  V.push(loc(L.y)).push(loc(L.a)).add(); c.tee(L.s);
  V.push(loc(L.y)).sub(); c.set(L.zz);
  V.push(loc(L.y)).push(loc(L.s)).push(loc(L.zz)).sub().sub();
  V.push(loc(L.a)).push(loc(L.zz)).sub().add();
  V.push(loc(L.kd)).push(num(LO_2)).mul().add(); c.set(L.w);
  V.push(loc(L.s)).push(loc(L.w)).add(); c.set(L.r);
  if (V.two) c.f64x2(0); else c.i32(0);
  c.set(L.tie);
  tieTest(V, L, L.r, L.w, L.s);
}

/** From r and the table values (L.t, L.h, L.hh, L.hl): e = H (1 + tmp) before the scaling. */
function polynomial(V: Lanes, L: Locals): void {
  const c = V.c;
  halves(V, L.r, L.rh, L.rl);
  fused(V, L, loc(L.r), loc(L.rh), loc(L.rl), num(C3), num(C3_HI), num(C3_LO), num(C2), L.p23);
  V.push(loc(L.r)).push(num(C5)).mul().push(num(C4)).add(); c.set(L.p45);
  V.push(loc(L.r)).push(loc(L.r)).mul(); c.set(L.r2);
  halves(V, L.r2, L.r2h, L.r2l);
  halves(V, L.p23, L.ph, L.pl);
  V.push(loc(L.t)).push(loc(L.r)).add(); c.set(L.c);
  fused(V, L, loc(L.r2), loc(L.r2h), loc(L.r2l), loc(L.p23), loc(L.ph), loc(L.pl), loc(L.c), L.q);
  V.push(loc(L.r2)).push(loc(L.r2)).mul().push(loc(L.p45)).mul().push(loc(L.q)).add(); c.set(L.tmp);
  halves(V, L.tmp, L.th, L.tl);
  fused(V, L, loc(L.tmp), loc(L.th), loc(L.tl), loc(L.h), loc(L.hh), loc(L.hl), loc(L.h), L.e);
}

/** Pushes 2^(k >> 7) (k an i32 in local `k`) as a double. */
function scaleOf(c: Code, k: number): void {
  c.get(k).i32(7).op(Op.i32_shr_s).i32(1023).op(Op.i32_add).op(Op.i64_extend_i32_u).i64(52n).op(Op.i64_shl).op(Op.f64_reinterpret_i64);
}

/**
 * Adds `exp(x: f64) -> f64` (reading the table at the address in global `table`; `slow` the
 * imported libmExp) and returns its function index.
 * @example
 * ```ts
 * const mod = new ModuleBuilder();
 * const slow = mod.importFunction('m', 'libm_exp', ['f64'], ['f64']);
 * const table = mod.global('i32');
 * const exp = addExp(mod, table, slow, 'exp');
 * ```
 */
export function addExp(mod: ModuleBuilder, table: number, slow: number, exportName?: string): number {
  const fn = mod.declare(['f64'], ['f64'], exportName, 'exp');
  const c = new Code();
  const { L, types } = makeLocals(1, false);
  const k = 1 + types.length, addr = k + 1;
  const V = new Lanes(c, false);
  c.open(Op.block);
  reduce(V, L, () => c.op(Op.br_if).u32(0));
  c.get(L.tie).op(Op.br_if).u32(0);
  // k, and the table's entry: T, H, hi(H), lo(H)
  c.get(L.kd).op(Op.i32_trunc_f64_s).set(k);
  c.gget(table).get(k).i32(127).op(Op.i32_and).i32(5).op(Op.i32_shl).op(Op.i32_add).set(addr);
  c.get(addr).mem(Op.f64_load, 0).set(L.t);
  c.get(addr).mem(Op.f64_load, 8).set(L.h);
  c.get(addr).mem(Op.f64_load, 16).set(L.hh);
  c.get(addr).mem(Op.f64_load, 24).set(L.hl);
  polynomial(V, L);
  c.get(L.tie).op(Op.br_if).u32(0);
  c.get(L.e);
  scaleOf(c, k);
  c.op(Op.f64_mul).op(Op.return);
  c.op(Op.end);
  c.get(0).call(slow);
  c.op(Op.end);
  mod.define(fn, [...types, 'i32', 'i32'], c);
  return fn;
}

/**
 * Adds `exp_x2(x: v128) -> v128`, exp of both lanes (each as {@link addExp}'s `exp`, the function
 * `scalar`, computes it), and returns its function index.
 * @example
 * ```ts
 * const exp2 = addExpX2(mod, table, addExp(mod, table, slow));
 * ```
 */
export function addExpX2(mod: ModuleBuilder, table: number, scalar: number): number {
  const fn = mod.declare(['v128'], ['v128'], undefined, 'exp_x2');
  const c = new Code();
  const { L, types } = makeLocals(1, true);
  const k0 = 1 + types.length, k1 = k0 + 1, a0 = k0 + 2, a1 = k0 + 3, lo = k0 + 4, hi = k0 + 5;
  const V = new Lanes(c, true);
  c.open(Op.block);
  reduce(V, L, () => c.op(Op.br_if).u32(0));
  c.get(L.tie).simd(Simd.v128_any_true).op(Op.br_if).u32(0);
  // Each lane's k and table entry; the lanes' T and H, hi(H) and lo(H) by shuffles.
  c.get(L.kd).simd(Simd.f64x2_extract_lane).op(0).op(Op.i32_trunc_f64_s).set(k0);
  c.get(L.kd).simd(Simd.f64x2_extract_lane).op(1).op(Op.i32_trunc_f64_s).set(k1);
  c.gget(table).get(k0).i32(127).op(Op.i32_and).i32(5).op(Op.i32_shl).op(Op.i32_add).set(a0);
  c.gget(table).get(k1).i32(127).op(Op.i32_and).i32(5).op(Op.i32_shl).op(Op.i32_add).set(a1);
  c.get(a0).simdMem(Simd.v128_load, 0).get(a1).simdMem(Simd.v128_load, 0).tee(lo).shuffleF64(0).set(L.t);
  c.get(a0).simdMem(Simd.v128_load, 0).get(lo).shuffleF64(1).set(L.h);
  c.get(a0).simdMem(Simd.v128_load, 16).get(a1).simdMem(Simd.v128_load, 16).tee(hi).shuffleF64(0).set(L.hh);
  c.get(a0).simdMem(Simd.v128_load, 16).get(hi).shuffleF64(1).set(L.hl);
  polynomial(V, L);
  c.get(L.tie).simd(Simd.v128_any_true).op(Op.br_if).u32(0);
  // e * 2^(k >> 7), lane by lane's scale
  c.get(L.e);
  scaleOf(c, k0);
  c.simd(Simd.f64x2_splat);
  scaleOf(c, k1);
  c.simd(Simd.f64x2_replace_lane).op(1);
  c.simd(Simd.f64x2_mul).op(Op.return);
  c.op(Op.end);
  // Both lanes through the one-lane function.
  c.get(0).simd(Simd.f64x2_extract_lane).op(0).call(scalar).simd(Simd.f64x2_splat);
  c.get(0).simd(Simd.f64x2_extract_lane).op(1).call(scalar).simd(Simd.f64x2_replace_lane).op(1);
  c.op(Op.end);
  mod.define(fn, [...types, 'i32', 'i32', 'i32', 'i32', 'v128', 'v128'], c);
  return fn;
}
