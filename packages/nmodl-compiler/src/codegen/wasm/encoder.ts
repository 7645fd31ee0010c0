/**
 * A small writer of WebAssembly binary modules: the sections a mechanism's kernels need (types,
 * imported memory and functions, functions, mutable globals, exports, code) and the instructions
 * they use, as bytes. No text format, no validation beyond what the engine does when it compiles
 * the module.
 * @module
 */

/** WebAssembly value types used by the kernels. */
export type ValType = 'i32' | 'i64' | 'f64' | 'v128';

const VALTYPE: Readonly<Record<ValType, number>> = { i32: 0x7f, i64: 0x7e, f64: 0x7c, v128: 0x7b };

/** Opcodes by name (single-byte ones, and `0xfc`/`0xfd`-prefixed ones as arrays). */
export const Op = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d,
  return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, f64_load: 0x2b, i32_store: 0x36, f64_store: 0x39,
  i32_const: 0x41, i64_const: 0x42, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_gt_u: 0x4b,
  i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c, i32_and: 0x71, i32_or: 0x72, i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76,
  i64_eq: 0x51, i64_sub: 0x7d, i64_and: 0x83, i64_shl: 0x86, i64_shr_u: 0x88,
  f64_abs: 0x99, f64_neg: 0x9a, f64_ceil: 0x9b, f64_floor: 0x9c, f64_trunc: 0x9d, f64_nearest: 0x9e, f64_sqrt: 0x9f,
  f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3, f64_min: 0xa4, f64_max: 0xa5,
  i32_wrap_i64: 0xa7, i32_trunc_f64_s: 0xaa, i64_extend_i32_u: 0xad, f64_convert_i32_s: 0xb7,
  i64_reinterpret_f64: 0xbd, f64_reinterpret_i64: 0xbf,
} as const;

function append(to: number[], from: readonly number[]): void {
  for (const b of from) to.push(b);
}

/** SIMD opcodes (after the `0xfd` prefix) used by the two-lane kernels. */
export const Simd = {
  v128_load: 0x00, v128_store: 0x0b, i64x2_splat: 0x12, f64x2_splat: 0x14,
  i64x2_extract_lane: 0x1d, i64x2_replace_lane: 0x1e, f64x2_extract_lane: 0x21, f64x2_replace_lane: 0x22,
  f64x2_eq: 0x47, f64x2_ne: 0x48, f64x2_lt: 0x49, f64x2_gt: 0x4a, f64x2_le: 0x4b, f64x2_ge: 0x4c,
  v128_not: 0x4d, v128_and: 0x4e, v128_andnot: 0x4f, v128_or: 0x50, v128_bitselect: 0x52, v128_any_true: 0x53,
  f64x2_ceil: 0x74, f64x2_floor: 0x75, f64x2_trunc: 0x7a,
  f64x2_abs: 0xec, f64x2_neg: 0xed, f64x2_sqrt: 0xef, f64x2_add: 0xf0, f64x2_sub: 0xf1, f64x2_mul: 0xf2, f64x2_div: 0xf3,
  f64x2_min: 0xf4, f64x2_max: 0xf5,
  i64x2_shl: 0xcb, i64x2_shr_u: 0xcd, i64x2_add: 0xce, i64x2_sub: 0xd1,
  i64x2_all_true: 0xc3, i64x2_lt_s: 0xd8, i64x2_gt_s: 0xd9, i64x2_le_s: 0xda, i64x2_ge_s: 0xdb,
  i32x4_splat: 0x11, i32x4_extract_lane: 0x1b, i32x4_shl: 0xab, i32x4_shr_s: 0xac, i32x4_add: 0xae,
  i64x2_extend_low_i32x4_s: 0xc7, i32x4_trunc_sat_f64x2_s_zero: 0xfc,
  /** Relaxed SIMD's a * b + c (fused or not, as the engine chooses: see core's wasmFusedMultiplyAdd). */
  f64x2_relaxed_madd: 0x107,
} as const;

/** Block result types for `block`, `loop` and `if`. */
export type BlockType = 'void' | ValType;

/** Bytes of one function body: its instructions, appended in order. */
export class Code {
  readonly bytes: number[] = [];

  /** Appends another piece of code. */
  append(other: Code): this {
    for (const b of other.bytes) this.bytes.push(b);
    return this;
  }

  op(code: number): this {
    this.bytes.push(code);
    return this;
  }

  u32(n: number): this {
    let x = n >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.bytes.push(b);
    } while (x !== 0);
    return this;
  }

  private s64(n: bigint): this {
    let x = n;
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
      this.bytes.push(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  i32(n: number): this {
    return this.op(Op.i32_const).s64(BigInt(n | 0));
  }

  i64(n: bigint): this {
    return this.op(Op.i64_const).s64(n);
  }

  f64(x: number): this {
    this.op(Op.f64_const);
    const b = new Uint8Array(new Float64Array([x]).buffer);
    for (const byte of b) this.bytes.push(byte);
    return this;
  }

  get(local: number): this { return this.op(Op.local_get).u32(local); }
  set(local: number): this { return this.op(Op.local_set).u32(local); }
  tee(local: number): this { return this.op(Op.local_tee).u32(local); }
  gget(global: number): this { return this.op(Op.global_get).u32(global); }
  gset(global: number): this { return this.op(Op.global_set).u32(global); }
  call(fn: number): this { return this.op(Op.call).u32(fn); }

  /** `f64.load` / `f64.store` / `i32.load` with alignment 2^align and a constant offset. */
  mem(code: number, offset = 0): this {
    const align = code === Op.i32_load || code === Op.i32_store ? 2 : 3;
    return this.op(code).u32(align).u32(offset);
  }

  /** Opens `block`, `loop` or `if` with a result type. */
  open(code: number, type: BlockType = 'void'): this {
    return this.op(code).op(type === 'void' ? 0x40 : VALTYPE[type]);
  }

  /** A `0xfd`-prefixed (SIMD) instruction. */
  simd(sub: number): this {
    return this.op(0xfd).u32(sub);
  }

  /** `v128.const` of two doubles (the same in both lanes). */
  f64x2(x: number): this {
    this.simd(0x0c);
    const b = new Uint8Array(new Float64Array([x, x]).buffer);
    for (const byte of b) this.bytes.push(byte);
    return this;
  }

  /** `v128.const` of two int64 (the same in both lanes). */
  i64x2(x: bigint): this {
    this.simd(0x0c);
    const b = new Uint8Array(new BigInt64Array([x, x]).buffer);
    for (const byte of b) this.bytes.push(byte);
    return this;
  }

  /** `i8x16.shuffle` picking the low (`lane` 0) or high (`lane` 1) double of each of the two
   * f64x2 on the stack: [a.lane, b.lane]. */
  shuffleF64(lane: 0 | 1): this {
    this.simd(0x0d);
    for (let i = 0; i < 16; i++) this.bytes.push((i < 8 ? 0 : 16) + lane * 8 + (i % 8));
    return this;
  }

  /** A SIMD memory instruction with 8-byte alignment and a constant offset. */
  simdMem(sub: number, offset = 0): this {
    return this.simd(sub).u32(3).u32(offset);
  }

  /** A `0xfc`-prefixed instruction (saturating truncations). */
  fc(sub: number): this {
    return this.op(0xfc).u32(sub);
  }
}

interface FuncDef {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly code: Code;
  readonly exportName: string | undefined;
}

/**
 * A module under construction: imported functions first (their indices come first), then the
 * defined functions, in the order they were declared.
 * @example
 * ```ts
 * const mod = new ModuleBuilder();
 * const f = mod.declare(['f64'], ['f64'], 'twice');
 * const c = new Code().get(0).get(0).op(Op.f64_add).op(Op.end);
 * mod.define(f, [], c);
 * const { twice } = new WebAssembly.Instance(new WebAssembly.Module(mod.bytes()), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } }).exports;
 * ```
 */
export class ModuleBuilder {
  readonly #imports: { module: string; name: string; params: ValType[]; results: ValType[] }[] = [];
  readonly #funcs: (FuncDef | null)[] = [];
  readonly #globals: ValType[] = [];
  readonly #names = new Map<number, string>();
  #sealedImports = false;

  /** @param moduleName the module's name in the name section (profilers and stack traces show
   * `moduleName.function`), or none. */
  constructor(readonly moduleName?: string) {}

  /** Imports a function (all imports must come before the first {@link declare}). */
  importFunction(module: string, name: string, params: ValType[], results: ValType[]): number {
    if (this.#sealedImports) throw new Error('imports must be declared before functions');
    this.#imports.push({ module, name, params, results });
    return this.#imports.length - 1;
  }

  /** A mutable global of the given type, initialised to zero; returns its index. */
  global(type: ValType): number {
    this.#globals.push(type);
    return this.#globals.length - 1;
  }

  /** Declares a function (so that calls can name it before its body exists); returns its index.
   * It is named in the name section by `debugName`, else by `exportName`. */
  declare(params: readonly ValType[], results: readonly ValType[], exportName?: string, debugName?: string): number {
    this.#sealedImports = true;
    this.#funcs.push({ params, results, locals: [], code: new Code(), exportName });
    const index = this.#imports.length + this.#funcs.length - 1;
    const name = debugName ?? exportName;
    if (name !== undefined) this.#names.set(index, name);
    return index;
  }

  /** Gives a declared function its extra locals and body (the body ends with `end`). */
  define(index: number, locals: readonly ValType[], code: Code): void {
    const i = index - this.#imports.length;
    const f = this.#funcs[i]!;
    this.#funcs[i] = { ...f, locals, code };
  }

  /** The parameter types of a function (imported or defined). */
  params(index: number): readonly ValType[] {
    return index < this.#imports.length ? this.#imports[index]!.params : this.#funcs[index - this.#imports.length]!.params;
  }

  /** The module's bytes; the memory is imported as `env.memory`. */
  bytes(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, body: Code): void => {
      out.push(id);
      append(out, new Code().u32(body.bytes.length).bytes);
      append(out, body.bytes);
    };
    const name = (c: Code, s: string): void => {
      const b = new TextEncoder().encode(s);
      c.u32(b.length);
      for (const x of b) c.bytes.push(x);
    };
    // Types: one per function signature (duplicates are allowed).
    const sigs = [...this.#imports.map((f) => [f.params, f.results] as const), ...this.#funcs.map((f) => [f!.params, f!.results] as const)];
    const types = new Code().u32(sigs.length);
    for (const [p, r] of sigs) {
      types.op(0x60).u32(p.length);
      for (const t of p) types.op(VALTYPE[t]);
      types.u32(r.length);
      for (const t of r) types.op(VALTYPE[t]);
    }
    section(1, types);
    const imports = new Code().u32(this.#imports.length + 1);
    name(imports, 'env');
    name(imports, 'memory');
    imports.op(0x02).op(0x00).u32(1);
    this.#imports.forEach((f, i) => {
      name(imports, f.module);
      name(imports, f.name);
      imports.op(0x00).u32(i);
    });
    section(2, imports);
    const funcs = new Code().u32(this.#funcs.length);
    this.#funcs.forEach((_, i) => funcs.u32(this.#imports.length + i));
    section(3, funcs);
    if (this.#globals.length > 0) {
      const g = new Code().u32(this.#globals.length);
      for (const t of this.#globals) {
        g.op(VALTYPE[t]).op(0x01);
        if (t === 'f64') g.f64(0);
        else if (t === 'i64') g.i64(0n);
        else g.i32(0);
        g.op(Op.end);
      }
      section(6, g);
    }
    const exported = this.#funcs.map((f, i) => [f!.exportName, this.#imports.length + i] as const).filter(([n]) => n !== undefined);
    const exps = new Code().u32(exported.length);
    for (const [n, idx] of exported) {
      name(exps, n!);
      exps.op(0x00).u32(idx);
    }
    section(7, exps);
    const code = new Code().u32(this.#funcs.length);
    for (const f of this.#funcs) {
      const body = new Code();
      // Locals in runs of one type.
      const runs: [number, ValType][] = [];
      for (const t of f!.locals) {
        const last = runs[runs.length - 1];
        if (last && last[1] === t) last[0]++;
        else runs.push([1, t]);
      }
      body.u32(runs.length);
      for (const [count, t] of runs) body.u32(count).op(VALTYPE[t]);
      append(body.bytes, f!.code.bytes);
      code.u32(body.bytes.length);
      append(code.bytes, body.bytes);
    }
    section(10, code);
    // The name section (custom section "name"): the module's name, and the functions' names.
    if (this.moduleName !== undefined || this.#names.size > 0) {
      const names = new Code();
      name(names, 'name');
      if (this.moduleName !== undefined) {
        const sub = new Code();
        name(sub, this.moduleName);
        names.op(0x00).u32(sub.bytes.length);
        append(names.bytes, sub.bytes);
      }
      const fnNames = new Code().u32(this.#names.size);
      for (const [index, n] of [...this.#names].sort((a, b) => a[0] - b[0])) {
        fnNames.u32(index);
        name(fnNames, n);
      }
      names.op(0x01).u32(fnNames.bytes.length);
      append(names.bytes, fnNames.bytes);
      section(0, names);
    }
    return Uint8Array.from(out);
  }
}
