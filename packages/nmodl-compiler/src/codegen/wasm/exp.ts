/**
 * `exp` for WebAssembly kernels: the function of core's `libmExp` (glibc's `exp`, NEURON's),
 * operation for operation, so that a kernel gives the same numbers in WebAssembly as in
 * JavaScript and as NEURON. glibc's algorithm: x = k ln2/128 + r; e^x = 2^floor(k/128) H_j
 * (1 + T_j + (e^r - 1)), j = k mod 128, from a table in memory (core's `EXP_TABLE_SPLIT`, which
 * the plugin copies into its scratch: T_j, H_j and H_j's halves, 32 bytes per j); e^r - 1 by a
 * polynomial; the fused multiply-adds that matter by error-free transformations (see core's
 * `libm/exp.ts`). What this fast path leaves (|x| >= 512, NaN, k's product rounded to a
 * half-integer, a tie in a two-step sum) goes to
 * the imported `libm_exp`: libmExp itself. The two-lane function does the same on both lanes of an
 * f64x2, and sends both lanes through the one-lane function when either leaves the fast path; a
 * batch does several two-lane exps at once, their operations interleaved. A test compares them
 * with libmExp on 300,000 arguments and every special case.
 * @module
 */
import { Code, ModuleBuilder, Op, Simd, type ValType } from './encoder.js';
import { Lanes, loc, num, type Operand } from './lanes.js';

const INV_LN2_N = 184.6649652337873;
const NEG_LN2_HI_N = -0.005415212348111709;
const NEG_LN2_LO_N = -1.2864023111638346e-14;
const SHIFT = 6755399441055744.0;
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const SPLIT = 134217729;
const STRETCH = 1.015625;
const SHRINK = 0.984375;
const ONE_PLUS_ULP = 1.0000000000000002;

/** Doubles of the table the functions read (T_j, H_j, hi(H_j), lo(H_j) for j = 0..127). */
export const EXP_TABLE_LENGTH = 512;
/** The table's name among a plugin's scratch tables (its copy of core's EXP_TABLE_SPLIT). */
export const EXP_TABLE_NAME = '_t_libm_exp';

/** The locals the fast path computes in for one exp (f64, or v128 for two lanes). */
interface Locals {
  readonly x: number; readonly kd: number; readonly a: number;
  readonly s: number; readonly w: number; readonly r: number; readonly p23: number; readonly p45: number;
  readonly r2: number; readonly q: number; readonly tmp: number; readonly th: number; readonly tl: number;
  readonly t: number; readonly h: number; readonly hh: number; readonly hl: number; readonly e: number;
  /** The fused multiply-add's temporaries, and the table's two loads (two lanes). */
  readonly fp: number; readonly fe: number; readonly fs: number; readonly fw: number;
  readonly c: number; readonly l0: number; readonly l1: number;
  /** Two lanes: each lane's 2^floor(k/128) (its bits). */
  readonly sc: number;
  /** The tie mask (i32, or v128 for two lanes). */
  readonly tie: number;
  /** i32: k (one lane; two lanes keep theirs in a vector) and each lane's table entry's address. */
  readonly k: readonly number[];
  readonly addr: readonly number[];
}

const FLOAT_LOCALS = ['kd', 'a', 's', 'w', 'r', 'p23', 'p45', 'r2', 'q', 'tmp', 'th', 'tl', 't', 'h', 'hh', 'hl', 'e', 'fp', 'fe', 'fs', 'fw', 'c', 'l0', 'l1', 'sc'] as const;

/** Makes the locals of one exp whose argument is in local `x`, through `local` (which adds one). */
function makeLocals(x: number, two: boolean, local: (type: ValType) => number): Locals {
  const L: Record<string, number | number[]> = { x };
  for (const n of FLOAT_LOCALS) L[n] = local(two ? 'v128' : 'f64');
  L.tie = local(two ? 'v128' : 'i32');
  const lanes = two ? 2 : 1;
  L.k = two ? [] : [local('i32')];
  L.addr = Array.from({ length: lanes }, () => local('i32'));
  return L as unknown as Locals;
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

/** out = fma(a, b, cc) as core's `fused` computes it (|cc| >= |a b|); ORs its tie test into L.tie
 * (a tie only where the product is inexact). */
function fused(V: Lanes, L: Locals, a: Operand, ah: Operand, al: Operand, b: Operand, bh: Operand, bl: Operand, cc: Operand, out: number): void {
  const c = V.c;
  V.push(a).push(b).mul(); c.set(L.fp);
  // e = ah*bh - p + ah*bl + al*bh + al*bl
  V.push(ah).push(bh).mul().push(loc(L.fp)).sub();
  V.push(ah).push(bl).mul().add();
  V.push(al).push(bh).mul().add();
  V.push(al).push(bl).mul().add(); c.set(L.fe);
  // s = c + p; w = p - (s - c) + e; r = s + w
  V.push(cc).push(loc(L.fp)).add(); c.set(L.fs);
  V.push(loc(L.fp)).push(loc(L.fs)).push(cc).sub().sub().push(loc(L.fe)).add(); c.set(L.fw);
  V.push(loc(L.fs)).push(loc(L.fw)).add(); c.set(out);
  tieTest(V, L, out, L.fw, L.fs, L.fe);
}

/** tie |= r + (w - (r - s)) * ONE_PLUS_ULP != r, and (with `exactIfZero`) that local != 0. */
function tieTest(V: Lanes, L: Locals, r: number, w: number, s: number, exactIfZero?: number): void {
  V.push(loc(r)).push(loc(w)).push(loc(r)).push(loc(s)).sub().sub().push(num(ONE_PLUS_ULP)).mul().add().push(loc(r)).ne();
  if (exactIfZero !== undefined) V.push(loc(exactIfZero)).push(num(0)).ne().and();
  V.push(loc(L.tie)).or();
  V.c.set(L.tie);
}

/** Pushes "some site's ties" (an i32). */
function anyTie(V: Lanes, Ls: readonly Locals[]): void {
  Ls.forEach((L, g) => { V.push(loc(L.tie)); if (g > 0) V.or(); });
  V.any();
}

/** k (and, two lanes, k >> 7 + 1023 as the scale's exponent) from L.kd, the address of the table's
 * entry (T, H, hi(H), lo(H)) and its T and H in L.t and L.h. */
function tableEntry(V: Lanes, L: Locals, table: number): void {
  const c = V.c;
  if (V.two) {
    c.get(L.kd).simd(Simd.i32x4_trunc_sat_f64x2_s_zero).tee(L.fp);
    c.i32(7).simd(Simd.i32x4_shr_s).i32(1023).simd(Simd.i32x4_splat).simd(Simd.i32x4_add).simd(Simd.i64x2_extend_low_i32x4_s).i32(52).simd(Simd.i64x2_shl).set(L.sc);
    // each lane's entry: table + (k & 127) * 32
    c.get(L.fp).i32(127).simd(Simd.i32x4_splat).simd(Simd.v128_and).i32(5).simd(Simd.i32x4_shl).gget(table).simd(Simd.i32x4_splat).simd(Simd.i32x4_add).tee(L.fp);
    L.addr.forEach((a, lane) => { if (lane > 0) c.get(L.fp); c.simd(Simd.i32x4_extract_lane).op(lane).set(a); });
  } else {
    c.get(L.kd).op(Op.i32_trunc_f64_s).set(L.k[0]!);
    c.gget(table).get(L.k[0]!).i32(127).op(Op.i32_and).i32(5).op(Op.i32_shl).op(Op.i32_add).set(L.addr[0]!);
  }
  entryPair(V, L, 0, L.t, L.h);
}

/** The two doubles at `offset` in the table entry (each lane's) into `first` and `second`. */
function entryPair(V: Lanes, L: Locals, offset: number, first: number, second: number): void {
  const c = V.c;
  if (V.two) {
    const [a0, a1] = L.addr as [number, number];
    c.get(a0).simdMem(Simd.v128_load, offset).set(L.l0).get(a1).simdMem(Simd.v128_load, offset).set(L.l1);
    c.get(L.l0).get(L.l1).shuffleF64(0).set(first);
    c.get(L.l0).get(L.l1).shuffleF64(1).set(second);
  } else {
    const a0 = L.addr[0]!;
    c.get(a0).mem(Op.f64_load, offset).set(first);
    c.get(a0).mem(Op.f64_load, offset + 8).set(second);
  }
}

/** Calls `leave` where some lane of some argument is not within (-512, 512) (NaN included). */
function inRange(V: Lanes, Ls: readonly Locals[], leave: (inner: number) => void): void {
  Ls.forEach((L, g) => {
    V.push(loc(L.x)).abs().push(num(512)).lt();
    if (g > 0) V.and();
  });
  if (V.two) V.c.simd(Simd.i64x2_all_true);
  V.c.op(Op.i32_eqz);
  leave(0);
}

/**
 * {@link fastPath} with the processor's fused multiply-add (two lanes): glibc's operations as
 * written, each multiply-add it fuses fused, so no test but the range's. Leaves each result,
 * before the scaling by 2^floor(k/128), in its L.e.
 */
function fusedPath(V: Lanes, Ls: readonly Locals[], table: number, leave: (inner: number) => void): void {
  const c = V.c;
  inRange(V, Ls, leave);
  // kd = fma(128/ln2, x, SHIFT) - SHIFT; r = fma(kd, lo, fma(kd, hi, x))
  for (const L of Ls) {
    V.push(num(INV_LN2_N)).push(loc(L.x)).push(num(SHIFT)).fma().push(num(SHIFT)).sub(); c.set(L.kd);
  }
  for (const L of Ls) {
    V.push(loc(L.kd)).push(num(NEG_LN2_LO_N)).push(loc(L.kd)).push(num(NEG_LN2_HI_N)).push(loc(L.x)).fma().fma(); c.set(L.r);
  }
  for (const L of Ls) tableEntry(V, L, table);
  // p23 = fma(r, C3, C2); p45 = fma(r, C5, C4); r2 = r r
  for (const L of Ls) {
    V.push(loc(L.r)).push(num(C3)).push(num(C2)).fma(); c.set(L.p23);
    V.push(loc(L.r)).push(num(C5)).push(num(C4)).fma(); c.set(L.p45);
    V.push(loc(L.r)).push(loc(L.r)).mul(); c.set(L.r2);
  }
  // tmp = fma(r2 r2, p45, fma(r2, p23, T + r)); e = fma(H, tmp, H)
  for (const L of Ls) {
    V.push(loc(L.r2)).push(loc(L.r2)).mul().push(loc(L.p45));
    V.push(loc(L.r2)).push(loc(L.p23)).push(loc(L.t)).push(loc(L.r)).add().fma().fma(); c.set(L.tmp);
  }
  for (const L of Ls) {
    V.push(loc(L.h)).push(loc(L.tmp)).push(loc(L.h)).fma(); c.set(L.e);
  }
}

/**
 * The fast path of the exps of `Ls` (each argument in its L.x), their operations interleaved
 * phase by phase so that the processor overlaps the exps; every phase's test that sends the
 * arguments to the slow path calls `leave` (with an i32 condition on the stack). Leaves each
 * result, before the scaling by 2^floor(k/128), in its L.e.
 */
function fastPath(V: Lanes, Ls: readonly Locals[], table: number, leave: (inner: number) => void): void {
  const c = V.c;
  inRange(V, Ls, leave);
  // z = INV_LN2_N * x (in L.r for now); kd = z + SHIFT - SHIFT; |z - kd| == 1/2: glibc's fused
  // product might round to the other integer
  for (const L of Ls) {
    V.push(num(INV_LN2_N)).push(loc(L.x)).mul(); c.tee(L.r);
    V.push(num(SHIFT)).add().push(num(SHIFT)).sub(); c.set(L.kd);
  }
  Ls.forEach((L, g) => {
    V.push(loc(L.r)).push(loc(L.kd)).sub().abs().push(num(0.5)).eq();
    if (g > 0) V.or();
  });
  V.any();
  leave(0);
  // r = x + kd hi + kd lo
  for (const L of Ls) {
    V.push(loc(L.x)).push(loc(L.kd)).push(num(NEG_LN2_HI_N)).mul().add().push(loc(L.kd)).push(num(NEG_LN2_LO_N)).mul().add(); c.set(L.r);
  }
  for (const L of Ls) tableEntry(V, L, table);
  // The polynomial: p23 = r C3 + C2; r2 = r r; c = T + r
  for (const L of Ls) {
    V.push(loc(L.r)).push(num(C3)).mul().push(num(C2)).add(); c.set(L.p23);
    V.push(loc(L.r)).push(loc(L.r)).mul(); c.set(L.r2);
    V.push(loc(L.t)).push(loc(L.r)).add(); c.set(L.c);
  }
  // q = c + r2/2 + r2 (p23 - 1/2), one rounding: s = c + a; w = a - (s - c) + b; q = s + w
  for (const L of Ls) {
    V.push(loc(L.r2)).push(num(0.5)).mul(); c.set(L.a);
    V.push(loc(L.c)).push(loc(L.a)).add(); c.set(L.s);
    V.push(loc(L.a)).push(loc(L.s)).push(loc(L.c)).sub().sub();
    V.push(loc(L.r2)).push(loc(L.p23)).push(num(0.5)).sub().mul().add(); c.set(L.w);
    V.push(loc(L.s)).push(loc(L.w)).add(); c.set(L.q);
  }
  for (const L of Ls) {
    if (V.two) c.f64x2(0); else c.i32(0);
    c.set(L.tie);
    tieTest(V, L, L.q, L.w, L.s);
  }
  anyTie(V, Ls);
  leave(0);
  // p45 = r C5 + C4; tmp = r2 r2 p45 + q; p = tmp H; s = H + p; t = p - (s - H) (s + t = H + p exactly)
  for (const L of Ls) {
    V.push(loc(L.r)).push(num(C5)).mul().push(num(C4)).add(); c.set(L.p45);
    V.push(loc(L.r2)).push(loc(L.r2)).mul().push(loc(L.p45)).mul().push(loc(L.q)).add(); c.set(L.tmp);
    V.push(loc(L.tmp)).push(loc(L.h)).mul(); c.set(L.fp);
    V.push(loc(L.h)).push(loc(L.fp)).add(); c.set(L.fs);
    V.push(loc(L.fp)).push(loc(L.fs)).push(loc(L.h)).sub().sub(); c.set(L.fw);
  }
  // e = fma(tmp, H, H) is s unless s + t (1 + 2^-6) and s + t (1 - 2^-6) round apart (see core)
  Ls.forEach((L, g) => {
    V.push(loc(L.fs)).push(loc(L.fw)).push(num(STRETCH)).mul().add();
    V.push(loc(L.fs)).push(loc(L.fw)).push(num(SHRINK)).mul().add().ne();
    if (g > 0) V.push(loc(Ls[0]!.tie)).or();
    c.set(Ls[0]!.tie);
  });
  V.push(loc(Ls[0]!.tie)).any();
  c.open(Op.if);
  for (const L of Ls) {
    // hi(H) and lo(H), needed only here
    entryPair(V, L, 16, L.hh, L.hl);
    if (V.two) c.f64x2(0); else c.i32(0);
    c.set(L.tie);
    halves(V, L.tmp, L.th, L.tl);
    fused(V, L, loc(L.tmp), loc(L.th), loc(L.tl), loc(L.h), loc(L.hh), loc(L.hl), loc(L.h), L.e);
  }
  anyTie(V, Ls);
  leave(1);
  c.op(Op.else);
  for (const L of Ls) c.get(L.fs).set(L.e);
  c.op(Op.end);
}

/** Pushes 2^(k >> 7) (k an i32 in local `k`) as a double. */
function scaleOf(c: Code, k: number): void {
  c.get(k).i32(7).op(Op.i32_shr_s).i32(1023).op(Op.i32_add).op(Op.i64_extend_i32_u).i64(52n).op(Op.i64_shl).op(Op.f64_reinterpret_i64);
}

/** Pushes L.e scaled by 2^floor(k/128). */
function scaled(c: Code, L: Locals, two: boolean): void {
  c.get(L.e);
  if (two) {
    c.get(L.sc).simd(Simd.f64x2_mul);
  } else {
    scaleOf(c, L.k[0]!);
    c.op(Op.f64_mul);
  }
}

/** A function's locals, numbered after its parameters. */
function localsOf(nparams: number): { types: ValType[]; local: (type: ValType) => number } {
  const types: ValType[] = [];
  return { types, local: (type) => { types.push(type); return nparams + types.length - 1; } };
}

/**
 * Adds `exp(x: f64) -> f64` (reading the table at the address in global `table`; `slow` the
 * imported libmExp) and returns its function index. With `fma`, its fast path is
 * {@link fusedPath}'s (on a splat of x).
 * @example
 * ```ts
 * const mod = new ModuleBuilder();
 * const slow = mod.importFunction('m', 'libm_exp', ['f64'], ['f64']);
 * const table = mod.global('i32');
 * const exp = addExp(mod, table, slow, { exportName: 'exp' });
 * ```
 */
export function addExp(mod: ModuleBuilder, table: number, slow: number, options: ExpOptions = {}): number {
  return defineExp(mod, false, table, 'exp', options, (c) => c.get(0).call(slow));
}

/**
 * Adds `exp_x2(x: v128) -> v128`, exp of both lanes (each as {@link addExp}'s `exp`, the function
 * `scalar`, computes it), and returns its function index.
 * @example
 * ```ts
 * const exp2 = addExpX2(mod, table, addExp(mod, table, slow));
 * ```
 */
export function addExpX2(mod: ModuleBuilder, table: number, scalar: number, options: ExpOptions = {}): number {
  // (Where either lane leaves the fast path, both lanes through the one-lane function.)
  return defineExp(mod, true, table, 'exp_x2', options, (c) => {
    c.get(0).simd(Simd.f64x2_extract_lane).op(0).call(scalar).simd(Simd.f64x2_splat);
    c.get(0).simd(Simd.f64x2_extract_lane).op(1).call(scalar).simd(Simd.f64x2_replace_lane).op(1);
  });
}

/** How the exp functions are made. */
export interface ExpOptions {
  /** The function's export name (none: not exported). */
  readonly exportName?: string;
  /** Use relaxed SIMD's fused multiply-add (only where core's `wasmFusedMultiplyAdd()` is true). */
  readonly fma?: boolean;
}

/** An exp function of one lane or two: the fast path, else what `slow` pushes (from parameter 0). */
function defineExp(mod: ModuleBuilder, two: boolean, table: number, name: string, options: ExpOptions, slow: (c: Code) => void): number {
  const type: ValType = two ? 'v128' : 'f64';
  const fn = mod.declare([type], [type], options.exportName, name);
  const c = new Code();
  const { types, local } = localsOf(1);
  const leave = (inner: number): void => void c.op(Op.br_if).u32(inner);
  c.open(Op.block);
  if (options.fma === true) {
    // (One lane: both lanes of a splat, the first taken.)
    let x = 0;
    if (!two) c.get(0).simd(Simd.f64x2_splat).set((x = local('v128')));
    const L = makeLocals(x, true, local);
    fusedPath(new Lanes(c, true), [L], table, leave);
    scaled(c, L, true);
    if (!two) c.simd(Simd.f64x2_extract_lane).op(0);
  } else {
    const L = makeLocals(0, two, local);
    fastPath(new Lanes(c, two), [L], table, leave);
    scaled(c, L, two);
  }
  c.op(Op.return);
  c.op(Op.end);
  slow(c);
  c.op(Op.end);
  mod.define(fn, types, c);
  return fn;
}

/**
 * Emits the two-lane exps of the arguments in locals `xs` together, inline, into locals `rs`: the
 * fast paths of all of them side by side when every lane of every argument takes it (there the
 * limits of hoc's exp, at -700 and 700, do not apply), else `slow()`, which sets every `rs`
 * (each as its statement would). Adds its locals through `local`; opens two blocks.
 * @example
 * ```ts
 * emitExpX2Batch(code, (t) => newLocal(st, t), tableGlobal, [x0, x1, x2], [r0, r1, r2], () => slowPath());
 * ```
 */
export function emitExpX2Batch(c: Code, local: (type: ValType) => number, table: number, xs: readonly number[], rs: readonly number[], slow: () => void, fma = false): void {
  const Ls = xs.map((x) => makeLocals(x, true, local));
  const V = new Lanes(c, true);
  c.open(Op.block);
  c.open(Op.block);
  (fma ? fusedPath : fastPath)(V, Ls, table, (inner) => c.op(Op.br_if).u32(inner));
  Ls.forEach((L, g) => { scaled(c, L, true); c.set(rs[g]!); });
  c.op(Op.br).u32(1);
  c.op(Op.end);
  slow();
  c.op(Op.end);
}
