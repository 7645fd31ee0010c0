/**
 * `exp` for WebAssembly kernels, giving the same double as JavaScript's `Math.exp` in V8 for
 * every input (V8 computes it with fdlibm's algorithm, which this follows step by step:
 * reduction x = k ln2 + r with ln2 split in two parts, a rational approximation on
 * [-ln2/2, ln2/2], scaling by 2^k), so that a kernel gives the same numbers in WebAssembly as
 * in JavaScript. A test compares the two on millions of arguments and every special case.
 * @module
 */
import { Code, ModuleBuilder, Op, Simd } from './encoder.js';

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;
const O_THRESHOLD = 7.09782712893383973096e+02;
const U_THRESHOLD = -7.45133219101941108420e+02;
const TWO_M1000 = 9.33263618503218878990e-302;
/** The high word of 700 (|x| < 700 where a high word without sign is below it). */
const HIGH_700 = 0x4085e000;

/** The locals `emitExp` works in: x (f64, the argument), three i32 and five f64 scratch. */
export interface ExpLocals {
  readonly x: number;
  readonly hx: number;
  readonly xsb: number;
  readonly k: number;
  readonly hi: number;
  readonly lo: number;
  readonly t: number;
  readonly c: number;
  readonly y: number;
}

/**
 * Emits exp(x) inline: with x in its local, leaves exp(x) on the stack (a `block` with an f64
 * result; the early results leave it by `br`). Inline, the three exps of a gate update overlap
 * in the processor instead of waiting on each call.
 * @example
 * ```ts
 * emitExp(code, { x: 0, hx: 1, xsb: 2, k: 3, hi: 4, lo: 5, t: 6, c: 7, y: 8 });
 * ```
 */
export function emitExp(c: Code, L: ExpLocals): void {
  const { x: X, hx: HX, xsb: XSB, k: K, hi: HI, lo: LO, t: T, c: C, y: Y } = L;
  let depth = 0;
  const open = (): void => { c.open(Op.if); depth++; };
  const end = (): void => { c.op(Op.end); depth--; };
  /** Leaves the value on the stack as exp's result. */
  const ret = (): void => { c.op(Op.br).u32(depth); };
  c.open(Op.block, 'f64');
  // hx = high word of x; xsb = sign; hx = |hx|
  c.get(X).op(Op.i64_reinterpret_f64).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64).tee(HX);
  c.i32(31).op(Op.i32_shr_u).set(XSB);
  c.get(HX).i32(0x7fffffff).op(Op.i32_and).set(HX);
  // |x| >= 709.78..: non-finite arguments, overflow and underflow.
  c.get(HX).i32(0x40862e42).op(Op.i32_ge_u); open();
  {
    c.get(HX).i32(0x7ff00000).op(Op.i32_ge_u); open();
    {
      c.get(X).get(X).op(Op.f64_ne); open(); c.get(X).get(X).op(Op.f64_add); ret(); end();
      c.get(XSB); open(); c.f64(0); ret(); end();
      c.get(X); ret();
    }
    end();
    c.get(X).f64(O_THRESHOLD).op(Op.f64_gt); open(); c.f64(Infinity); ret(); end();
    c.get(X).f64(U_THRESHOLD).op(Op.f64_lt); open(); c.f64(0); ret(); end();
  }
  end();
  // Argument reduction.
  c.get(HX).i32(0x3fd62e42).op(Op.i32_gt_u); open();
  {
    c.get(HX).i32(0x3ff0a2b2).op(Op.i32_lt_u); open();
    {
      // V8 returns e for exp(1) exactly.
      c.get(X).f64(1).op(Op.f64_eq); open(); c.f64(Math.E); ret(); end();
      c.get(XSB); open();
      c.get(X).f64(LN2_HI).op(Op.f64_add).set(HI).f64(-LN2_LO).set(LO).i32(-1).set(K);
      c.op(Op.else);
      c.get(X).f64(LN2_HI).op(Op.f64_sub).set(HI).f64(LN2_LO).set(LO).i32(1).set(K);
      end();
    }
    c.op(Op.else);
    {
      c.f64(INV_LN2).get(X).op(Op.f64_mul).f64(-0.5).f64(0.5).get(XSB).op(Op.select).op(Op.f64_add).op(Op.i32_trunc_f64_s).set(K);
      c.get(K).op(Op.f64_convert_i32_s).set(T);
      c.get(X).get(T).f64(LN2_HI).op(Op.f64_mul).op(Op.f64_sub).set(HI);
      c.get(T).f64(LN2_LO).op(Op.f64_mul).set(LO);
    }
    end();
    c.get(HI).get(LO).op(Op.f64_sub).set(X);
  }
  c.op(Op.else);
  {
    c.get(HX).i32(0x3e300000).op(Op.i32_lt_u); open(); c.f64(1).get(X).op(Op.f64_add); ret(); end();
    c.i32(0).set(K);
  }
  end();
  // c = x - t*(P1 + t*(P2 + t*(P3 + t*(P4 + t*P5)))), t = x*x
  c.get(X).get(X).op(Op.f64_mul).set(T);
  c.get(X);
  c.get(T);
  c.f64(P1).get(T).f64(P2).get(T).f64(P3).get(T).f64(P4).get(T).f64(P5);
  c.op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add);
  c.op(Op.f64_mul).op(Op.f64_sub).set(C);
  // k == 0: 1 - ((x*c)/(c-2) - x)
  c.get(K).op(Op.i32_eqz); open();
  c.f64(1).get(X).get(C).op(Op.f64_mul).get(C).f64(2).op(Op.f64_sub).op(Op.f64_div).get(X).op(Op.f64_sub).op(Op.f64_sub); ret();
  end();
  // y = 1 - ((lo - (x*c)/(2-c)) - hi)
  c.f64(1).get(LO).get(X).get(C).op(Op.f64_mul).f64(2).get(C).op(Op.f64_sub).op(Op.f64_div).op(Op.f64_sub).get(HI).op(Op.f64_sub).op(Op.f64_sub).set(Y);
  const twoTo = (shift: number): void => {
    // 2^(k + shift) as a double: (0x3ff00000 + ((k + shift) << 20)) in the high word.
    c.i32(0x3ff00000).get(K);
    if (shift !== 0) c.i32(shift).op(Op.i32_add);
    c.i32(20).op(Op.i32_shl).op(Op.i32_add).op(Op.i64_extend_i32_u).i64(32n).op(Op.i64_shl).op(Op.f64_reinterpret_i64);
  };
  c.get(K).i32(-1021).op(Op.i32_ge_s); open();
  {
    c.get(K).i32(1024).op(Op.i32_eq); open(); c.get(Y).f64(2).op(Op.f64_mul).f64(2 ** 1023).op(Op.f64_mul); ret(); end();
    c.get(Y);
    twoTo(0);
    c.op(Op.f64_mul); ret();
  }
  end();
  c.get(Y);
  twoTo(1000);
  c.op(Op.f64_mul).f64(TWO_M1000).op(Op.f64_mul);
  c.op(Op.end);
}

/**
 * Adds `exp(x: f64) -> f64` to a module and returns its function index.
 * @example
 * ```ts
 * const mod = new ModuleBuilder();
 * const exp = addExp(mod, 'exp');
 * ```
 */
export function addExp(mod: ModuleBuilder, exportName?: string): number {
  const fn = mod.declare(['f64'], ['f64'], exportName, 'exp');
  const c = new Code();
  emitExp(c, { x: 0, hx: 1, xsb: 2, k: 3, hi: 4, lo: 5, t: 6, c: 7, y: 8 });
  c.op(Op.end);
  mod.define(fn, ['i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'f64'], c);
  return fn;
}

/** The locals of the two-lane exp's full path (all v128). */
interface X2Locals { readonly x: number; readonly hx: number; readonly k: number; readonly hi: number; readonly lo: number; readonly t: number; readonly c: number }

/**
 * exp of both lanes of the f64x2 in local `L.x`, left on the stack: fdlibm's reduction and scaling
 * two lanes per instruction for 2^-28 <= |x| < 708 (other than 1), else both lanes through the
 * one-lane function `scalar`. The same operations as {@link emitExp}, so the same bits.
 */
function emitExpX2Full(c: Code, L: X2Locals, scalar: number): void {
  c.open(Op.block, 'v128');
  // Outside the common range (or exactly 1): lane by lane.
  fullOutside(c, L);
  c.simd(Simd.v128_any_true).open(Op.if);
  for (let lane = 0; lane < 2; lane++) {
    c.get(L.x).simd(Simd.f64x2_extract_lane).op(lane).call(scalar);
    if (lane === 0) c.simd(Simd.f64x2_splat); else c.simd(Simd.f64x2_replace_lane).op(1);
  }
  c.op(Op.br).u32(1);
  c.op(Op.end);
  fullReduce(c, L);
  poly2(c, L.x, L.t, L.c);
  fullResult(c, L);
  c.op(Op.end);
}

/** Sets L.hx (the high words without sign, in 64-bit lanes) and pushes the lanes the full
 * two-lane path does not take: |x| >= 708 (by the high word; `bound`, the high word of a smaller
 * limit, instead), |x| < 2^-28, or x = 1. */
function fullOutside(c: Code, L: X2Locals, bound = 0x40862000): void {
  c.get(L.x).i32(32).simd(Simd.i64x2_shr_u);
  c.i64x2(0x7fffffffn);
  c.simd(Simd.v128_and).set(L.hx);
  c.get(L.hx);
  c.i64x2(BigInt(bound));
  c.simd(Simd.i64x2_ge_s);
  c.get(L.hx);
  c.i64x2(0x3e300000n);
  c.simd(Simd.i64x2_lt_s).simd(Simd.v128_or);
  c.get(L.x);
  c.f64x2(1);
  c.simd(Simd.f64x2_eq).simd(Simd.v128_or);
}

/** The reduction: k, and x = hi - lo with hi = x - k*ln2hi, lo = k*ln2lo (L.x overwritten). */
function fullReduce(c: Code, L: X2Locals): void {
  // k: 0 where |x| <= 0.5 ln2 (by the high word), +-1 below 1.5 ln2, else trunc(x/ln2 +- 0.5).
  c.f64x2(INV_LN2);
  c.get(L.x).simd(Simd.f64x2_mul);
  c.f64x2(0.5);
  c.get(L.x);
  c.f64x2(-0);
  c.simd(Simd.v128_and).simd(Simd.v128_or); // copysign(0.5, x)
  c.simd(Simd.f64x2_add).simd(Simd.f64x2_trunc).set(L.t);
  c.f64x2(1);
  c.get(L.x);
  c.f64x2(-0);
  c.simd(Simd.v128_and).simd(Simd.v128_or).set(L.k); // copysign(1, x)
  c.get(L.k).get(L.t).get(L.hx);
  c.i64x2(0x3ff0a2b2n);
  c.simd(Simd.i64x2_lt_s).simd(Simd.v128_bitselect).set(L.k);
  c.f64x2(0);
  c.get(L.k).get(L.hx);
  c.i64x2(0x3fd62e42n);
  c.simd(Simd.i64x2_le_s).simd(Simd.v128_bitselect).set(L.k);
  // hi = x - k*ln2hi; lo = k*ln2lo; x = hi - lo
  c.get(L.x).get(L.k);
  c.f64x2(LN2_HI);
  c.simd(Simd.f64x2_mul).simd(Simd.f64x2_sub).set(L.hi);
  c.get(L.k);
  c.f64x2(LN2_LO);
  c.simd(Simd.f64x2_mul).set(L.lo);
  c.get(L.hi).get(L.lo).simd(Simd.f64x2_sub).set(L.x);
}

/** After the polynomial (L.c): pushes 1 - ((lo - (x*c)/(2-c)) - hi), scaled by 2^k. */
function fullResult(c: Code, L: X2Locals): void {
  c.f64x2(1);
  c.get(L.lo).get(L.x).get(L.c).simd(Simd.f64x2_mul);
  c.f64x2(2);
  c.get(L.c).simd(Simd.f64x2_sub).simd(Simd.f64x2_div).simd(Simd.f64x2_sub);
  c.get(L.hi).simd(Simd.f64x2_sub).simd(Simd.f64x2_sub);
  // * 2^k: (k + 1023 + 2^52) holds k + 1023 in its low bits; shifted into the exponent field.
  c.get(L.k);
  c.f64x2(1023 + 2 ** 52);
  c.simd(Simd.f64x2_add);
  c.i64x2(0x4330000000000000n);
  c.simd(Simd.i64x2_sub).i32(52).simd(Simd.i64x2_shl);
  c.simd(Simd.f64x2_mul);
}

/** Two lanes: c = x - t*(P1 + t*(P2 + t*(P3 + t*(P4 + t*P5)))), t = x*x, into local cc. */
function poly2(c: Code, x: number, t: number, cc: number): void {
  c.get(x).get(x).simd(Simd.f64x2_mul).set(t);
  c.get(x);
  c.get(t);
  c.f64x2(P1).get(t).f64x2(P2).get(t).f64x2(P3).get(t).f64x2(P4).get(t).f64x2(P5);
  c.simd(Simd.f64x2_mul).simd(Simd.f64x2_add).simd(Simd.f64x2_mul).simd(Simd.f64x2_add).simd(Simd.f64x2_mul).simd(Simd.f64x2_add).simd(Simd.f64x2_mul).simd(Simd.f64x2_add);
  c.simd(Simd.f64x2_mul).simd(Simd.f64x2_sub).set(cc);
}

/** The polynomial part shared by the short paths: c = x - t*(P1 + ... t*P5), t = x*x; leaves
 * 1 - ((x*c)/(c-2) - x) (exp when |x| <= ln2/2) on the stack. */
function shortPath(c: Code, x: number, t: number, cc: number): void {
  c.get(x).get(x).op(Op.f64_mul).set(t);
  c.get(x);
  c.get(t);
  c.f64(P1).get(t).f64(P2).get(t).f64(P3).get(t).f64(P4).get(t).f64(P5);
  c.op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add).op(Op.f64_mul).op(Op.f64_add);
  c.op(Op.f64_mul).op(Op.f64_sub).set(cc);
  c.f64(1).get(x).get(cc).op(Op.f64_mul).get(cc).f64(2).op(Op.f64_sub).op(Op.f64_div).get(x).op(Op.f64_sub).op(Op.f64_sub);
}

/**
 * exp(x) of the f64 in local `x`, on the stack: inline when 2^-28 <= |x| <= ln2/2 (the common case
 * in rate equations: no reduction, no scaling), else a call of the whole function `full`
 * ({@link addExp}). Keeps kernels small.
 * @example
 * ```ts
 * emitExpShort(code, x, hx, t, c, expFunctionIndex);
 * ```
 */
export function emitExpShort(c: Code, x: number, hx: number, t: number, cc: number, full: number): void {
  c.get(x).op(Op.i64_reinterpret_f64).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64).i32(0x7fffffff).op(Op.i32_and).tee(hx);
  // 0x3e300000 <= hx <= 0x3fd62e42, as one unsigned comparison of hx - 0x3e300000.
  c.i32(0x3e300000).op(Op.i32_sub).i32(0x3fd62e42 - 0x3e300000).op(Op.i32_le_u).open(Op.if, 'f64');
  shortPath(c, x, t, cc);
  c.op(Op.else);
  c.get(x).call(full);
  c.op(Op.end);
}

/**
 * exp of both lanes of the f64x2 in local `x`, on the stack: inline when both are in the short
 * path's range, else a call of `full` (a function made by {@link addExpX2}).
 * @example
 * ```ts
 * emitExpX2Short(code, x, t, c, expX2FunctionIndex);
 * ```
 */
export function emitExpX2Short(c: Code, x: number, t: number, cc: number, full: number): void {
  // hx - 0x3e300000 <= 0x3fd62e42 - 0x3e300000 in both lanes (unsigned, as 64-bit lanes with the
  // high word only: a signed comparison after the subtraction, both sides small and positive).
  c.get(x).i32(32).simd(Simd.i64x2_shr_u).i64x2(0x7fffffffn).simd(Simd.v128_and);
  c.i64x2(0x3e300000n).simd(Simd.i64x2_sub).set(t);
  c.get(t).i64x2(0n).simd(Simd.i64x2_ge_s).get(t).i64x2(BigInt(0x3fd62e42 - 0x3e300000)).simd(Simd.i64x2_le_s).simd(Simd.v128_and);
  c.simd(Simd.i64x2_all_true).open(Op.if, 'v128');
  poly2(c, x, t, cc);
  c.f64x2(1).get(x).get(cc).simd(Simd.f64x2_mul).get(cc).f64x2(2).simd(Simd.f64x2_sub).simd(Simd.f64x2_div).get(x).simd(Simd.f64x2_sub).simd(Simd.f64x2_sub);
  c.op(Op.else);
  c.get(x).call(full);
  c.op(Op.end);
}

/**
 * exp of both lanes of several f64x2s at once (locals `xs`, results into locals `rs`), their
 * chains of dependent operations side by side, step by step, which lets the processor overlap
 * them: when every lane of every argument is in the short path's range, the short paths (as
 * {@link emitExpX2Short}'s); else, when every lane is in the full two-lane path's range and below
 * 700 in size (so that hoc_Exp's limits, where the arguments come from, do not apply), the full
 * paths (as the function {@link addExpX2} makes), in `wide`'s scratch locals (one set per
 * argument); else `slow` emits the code that sets each of `rs` (typically one
 * {@link emitExpX2Short} each). The same operations on each argument, so the same bits. `ts`
 * and `cs` are scratch locals, one per argument.
 * @example
 * ```ts
 * emitExpX2Batch(code, [x0, x1], [t0, t1], [c0, c1], [r0, r1], [w0, w1], () => { ... });
 * ```
 */
export function emitExpX2Batch(c: Code, xs: readonly number[], ts: readonly number[], cs: readonly number[], rs: readonly number[], wide: readonly { readonly x: number; readonly hx: number; readonly k: number; readonly hi: number; readonly lo: number }[], slow: () => void): void {
  xs.forEach((x, g) => {
    c.get(x).i32(32).simd(Simd.i64x2_shr_u).i64x2(0x7fffffffn).simd(Simd.v128_and);
    c.i64x2(0x3e300000n).simd(Simd.i64x2_sub).set(ts[g]!);
    c.get(ts[g]!).i64x2(0n).simd(Simd.i64x2_ge_s).get(ts[g]!).i64x2(BigInt(0x3fd62e42 - 0x3e300000)).simd(Simd.i64x2_le_s).simd(Simd.v128_and);
    if (g > 0) c.simd(Simd.v128_and);
  });
  c.simd(Simd.i64x2_all_true).open(Op.if);
  polyBatch(c, xs, ts, cs);
  // 1 - ((x*c)/(c - 2) - x)
  cs.forEach((cc, g) => {
    const x = xs[g]!;
    c.f64x2(1).get(x).get(cc).simd(Simd.f64x2_mul).get(cc).f64x2(2).simd(Simd.f64x2_sub).simd(Simd.f64x2_div).get(x).simd(Simd.f64x2_sub).simd(Simd.f64x2_sub).set(rs[g]!);
  });
  c.op(Op.else);
  const Ls: X2Locals[] = wide.map((w, g) => ({ ...w, t: ts[g]!, c: cs[g]! }));
  Ls.forEach((L, g) => {
    c.get(xs[g]!).set(L.x);
    fullOutside(c, L, HIGH_700);
    if (g > 0) c.simd(Simd.v128_or);
  });
  c.simd(Simd.v128_any_true).open(Op.if);
  slow();
  c.op(Op.else);
  for (const L of Ls) fullReduce(c, L);
  polyBatch(c, Ls.map((L) => L.x), ts, cs);
  Ls.forEach((L, g) => { fullResult(c, L); c.set(rs[g]!); });
  c.op(Op.end);
  c.op(Op.end);
}

/** {@link poly2} of several arguments, a step of each at a time. */
function polyBatch(c: Code, xs: readonly number[], ts: readonly number[], cs: readonly number[]): void {
  // c = x - t*(P1 + t*(P2 + t*(P3 + t*(P4 + t*P5)))), t = x*x
  xs.forEach((x, g) => c.get(x).get(x).simd(Simd.f64x2_mul).set(ts[g]!));
  ts.forEach((t, g) => c.get(t).f64x2(P5).simd(Simd.f64x2_mul).set(cs[g]!));
  for (const p of [P4, P3, P2, P1]) {
    cs.forEach((cc) => c.f64x2(p).get(cc).simd(Simd.f64x2_add).set(cc));
    cs.forEach((cc, g) => c.get(ts[g]!).get(cc).simd(Simd.f64x2_mul).set(cc));
  }
  cs.forEach((cc, g) => c.get(xs[g]!).get(cc).simd(Simd.f64x2_sub).set(cc));
}

/**
 * Adds `exp2(x: v128) -> v128`, exp of both lanes for any arguments (lanes outside the two-lane
 * range through the one-lane function `scalar`), and returns its index.
 * @example
 * ```ts
 * const exp2 = addExpX2(mod, addExp(mod));
 * ```
 */
export function addExpX2(mod: ModuleBuilder, scalar: number): number {
  const fn = mod.declare(['v128'], ['v128'], undefined, 'exp_x2');
  const c = new Code();
  // locals: 0 x (the parameter); 1..6 hx, k, hi, lo, t, c
  emitExpX2Full(c, { x: 0, hx: 1, k: 2, hi: 3, lo: 4, t: 5, c: 6 }, scalar);
  c.op(Op.end);
  mod.define(fn, ['v128', 'v128', 'v128', 'v128', 'v128', 'v128'], c);
  return fn;
}
