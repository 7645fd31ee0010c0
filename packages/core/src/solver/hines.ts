/**
 * The tree matrix of the plain cable (no extracellular layers) and its fixed-step solve by Hines
 * elimination (NEURON's axial terms of `setup_tree_matrix`, `triang` and `bksub`), NEURON's
 * arithmetic in NEURON's order, so results agree with it to the last bit.
 *
 * The arrays live in one block of memory ({@link HinesMatrix}) and the solve is a small
 * WebAssembly function, assembled here byte by byte, where the runtime has WebAssembly (no
 * bounds checks, fewer loads per node: about 6-7 ns per node and step, as NEURON). Elsewhere
 * (a page whose Content-Security-Policy refuses WebAssembly) the same three passes run in
 * JavaScript as closures over the arrays: V8 compiles a closure that is the only one made from
 * its function with the arrays as constants (no per-access checks of their shape and length),
 * which makes them 2-3 times faster than over arrays read from objects for the first layout of
 * a process; each pass is a closure with one loop, so that V8 optimizing a large model's loop on
 * the stack during its first step has seen every other operation by then.
 * @module
 */
import {
  BLOCK, BR, BR_IF, ELSE, END, F64, F64_ADD, F64_DIV, F64_LOAD, F64_MUL, F64_STORE, F64_SUB, I32,
  I32_ADD, I32_CONST, I32_EQZ, I32_GE_S, I32_LOAD, I32_LT_S, I32_SHL, I32_SUB, IF, LOCAL_GET,
  LOCAL_SET, LOCAL_TEE, LOOP, VOID, compiledOnce, fromHex, name, nameSection, scratchMemory, section, uleb, vec,
} from './wasm-bytes.js';

/** The matrix arrays the JavaScript passes work on. */
interface MatrixShape {
  readonly n: number;
  readonly parent: Int32Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly cm: Float64Array;
}

/** The node arrays the solver works on. */
export interface MatrixNodes {
  readonly v: Float64Array;
  readonly rhs: Float64Array;
  readonly d: Float64Array;
  readonly icap: Float64Array;
}

/** The passes of one layout's solver in JavaScript. */
export interface HinesSolver {
  /** Capacitance (`cfac * cm`) on the diagonal, and the axial terms between each node and its
   * parent into rhs and d. */
  assemble(cfac: number): void;
  /** Hines elimination, leaves to root (children have higher indices than their parents). */
  eliminate(): void;
  /** Back substitution, root to leaves, leaving dv in rhs; then v += vfac * dv and the
   * capacitive current `icap = cfac * cm * dv`. Returns the sum of dv (NaN when some dv is). */
  backSubstitute(cfac: number, vfac: number): number;
}

/** The JavaScript passes over a matrix and its node arrays (where WebAssembly is refused). */
export function hinesSolver(lay: MatrixShape, nodes: MatrixNodes): HinesSolver {
  const n = lay.n;
  const parent = lay.parent;
  const a = lay.a;
  const b = lay.b;
  const cm = lay.cm;
  const v = nodes.v;
  const rhs = nodes.rhs;
  const d = nodes.d;
  const icap = nodes.icap;
  return {
    assemble(cfac: number): void {
      for (let i = 0; i < n; i++) {
        d[i] += cfac * cm[i];
        const p = parent[i];
        if (p < 0) continue;
        const dv = v[p] - v[i];
        rhs[i] -= b[i] * dv;
        rhs[p] += a[i] * dv;
        d[i] -= b[i];
        d[p] -= a[i];
      }
    },
    eliminate(): void {
      for (let i = n - 1; i >= 0; i--) {
        const p = parent[i];
        if (p < 0) continue;
        const f = a[i] / d[i];
        d[p] -= f * b[i];
        rhs[p] -= f * rhs[i];
      }
    },
    backSubstitute(cfac: number, vfac: number): number {
      let check = 0;
      for (let i = 0; i < n; i++) {
        const p = parent[i];
        if (p >= 0) rhs[i] -= b[i] * rhs[p];
        const dv = (rhs[i] /= d[i]);
        v[i] += vfac * dv;
        icap[i] = cfac * cm[i] * dv;
        check += dv;
      }
      return check;
    },
  };
}

/** The WebAssembly solve, over byte offsets into the solver's memory: `(n, parent, a, b, cm, v,
 * rhs, d, icap, cfac, vfac) -> sum of dv`. */
export type WasmStep = (n: number, parent: number, a: number, b: number, cm: number, v: number, rhs: number, d: number, icap: number, cfac: number, vfac: number) => number;

/** Hands out arrays from the memory past the matrix (see {@link HinesMatrix.f64}). */
export interface ArenaAllocator {
  /** A zeroed Float64Array of `length` elements, 8-byte aligned. */
  f64(length: number): Float64Array;
  /** A zeroed Int32Array of `length` elements, its start 8-byte aligned. */
  i32(length: number): Int32Array;
}

/** The bytes an array of `count` elements of `size` bytes takes in the arena (rounded up to a
 * multiple of 8, so that the next array stays 8-byte aligned). */
export function arenaBytes(count: number, size: 4 | 8): number {
  return (count * size + 7) & ~7;
}

/** Options of a {@link HinesMatrix}. */
export interface HinesMatrixOptions {
  /** `false` runs the JavaScript loops even where WebAssembly is available (and then there is no
   * {@link HinesMatrix.memory}). */
  readonly wasm?: boolean;
  /** Bytes to reserve past the matrix arrays for {@link HinesMatrix.f64} and
   * {@link HinesMatrix.i32} (see {@link arenaBytes}); more can be added later with
   * {@link HinesMatrix.reserve}. */
  readonly reserve?: number;
}

const PAGE = 65536;

/**
 * The arrays of the tree matrix (parent, a, b, cm) and the node state (v, rhs, d, icap), and the
 * solve over them.
 *
 * Where the solve runs in WebAssembly, the arrays are views into one `WebAssembly.Memory`
 * ({@link HinesMatrix.memory}), and other arrays can be placed in the same memory after them
 * ({@link HinesMatrix.reserve}, {@link HinesMatrix.f64}, {@link HinesMatrix.i32}), so that
 * other WebAssembly modules importing the memory reach them by byte offset.
 * @example
 * ```ts
 * const m = new HinesMatrix(3);
 * m.parent.set([-1, 0, 1]);
 * // ... fill a, b, cm, v; the membrane currents add into rhs and d ...
 * const sumDv = m.solve(0.001 / 0.025, 1); // v += dv at every node
 * ```
 */
export class HinesMatrix implements ArenaAllocator {
  /** Number of nodes. */
  readonly n: number;
  /** True when the solve runs in WebAssembly. */
  readonly wasm: boolean;
  /** The memory holding every array of the matrix (and those of {@link f64} and {@link i32});
   * undefined when the solve runs in JavaScript. */
  readonly memory: WebAssembly.Memory | undefined;
  readonly #step: WasmStep | null;
  readonly #js: HinesSolver | null;
  #parent!: Int32Array;
  #a!: Float64Array;
  #b!: Float64Array;
  #cm!: Float64Array;
  #v!: Float64Array;
  #rhs!: Float64Array;
  #d!: Float64Array;
  #icap!: Float64Array;
  /** The first free byte of the arena, and the end of the reserved bytes. */
  #next: number;
  #end: number;

  /**
   * @param n number of nodes
   * @param options `wasm: false` runs the JavaScript loops even where WebAssembly is available;
   *   `reserve` adds bytes past the matrix for {@link f64} and {@link i32}
   */
  constructor(n: number, options: HinesMatrixOptions = {}) {
    this.n = n;
    const bytes = matrixBytes(n);
    let step: WasmStep | null = null;
    let memory: WebAssembly.Memory | undefined;
    if (options.wasm !== false) {
      const mod = wasmModule();
      if (mod) {
        try {
          const total = bytes + (options.reserve ?? 0);
          const mem = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / PAGE)) });
          const instance = new WebAssembly.Instance(mod, { env: { mem } });
          step = instance.exports.step as WasmStep;
          memory = mem;
        } catch {
          step = null;
        }
      }
    }
    this.#step = step;
    this.wasm = step !== null;
    this.memory = memory;
    this.#views(memory?.buffer ?? new ArrayBuffer(Math.max(8, bytes)));
    this.#parent.fill(-1);
    this.#next = bytes;
    this.#end = memory ? memory.buffer.byteLength : bytes;
    this.#js = step === null ? hinesSolver(this, this) : null;
  }

  /** Makes the matrix arrays, views into `buffer` from byte 0. */
  #views(buffer: ArrayBufferLike): void {
    const n = this.n;
    let offset = 4 * align8(n);
    const f64 = (): Float64Array => {
      const x = new Float64Array(buffer, offset, n);
      offset += 8 * n;
      return x;
    };
    this.#parent = new Int32Array(buffer, 0, n);
    this.#a = f64();
    this.#b = f64();
    this.#cm = f64();
    this.#v = f64();
    this.#rhs = f64();
    this.#d = f64();
    this.#icap = f64();
  }

  /** Parent of each node, -1 at roots; every parent precedes its children. */
  get parent(): Int32Array { return this.#parent; }
  /** Off-diagonal coupling of node i in its parent's row [S/cm2]. */
  get a(): Float64Array { return this.#a; }
  /** Off-diagonal coupling of the parent in node i's row [S/cm2]. */
  get b(): Float64Array { return this.#b; }
  /** Specific capacitance [uF/cm2]; 0 where there is no membrane. */
  get cm(): Float64Array { return this.#cm; }
  /** Membrane potential [mV]. */
  get v(): Float64Array { return this.#v; }
  /** Right-hand side; after {@link HinesMatrix.solve}, the change of v [mV]. */
  get rhs(): Float64Array { return this.#rhs; }
  /** Diagonal. */
  get d(): Float64Array { return this.#d; }
  /** Capacitive current [mA/cm2]. */
  get icap(): Float64Array { return this.#icap; }

  /**
   * Makes room for `bytes` more bytes of {@link f64} and {@link i32} arrays (sizes as
   * {@link arenaBytes} counts them). Where the memory has to grow, its old `ArrayBuffer` is
   * detached: the matrix arrays are made anew (their values kept), while arrays handed out
   * before are no longer usable, so reserve everything before taking arrays. Without
   * WebAssembly the arrays are separate JavaScript arrays and nothing needs reserving.
   */
  reserve(bytes: number): void {
    const memory = this.memory;
    if (memory === undefined) return;
    const need = this.#next + bytes;
    if (need <= this.#end) return;
    memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    this.#views(memory.buffer);
    this.#end = memory.buffer.byteLength;
  }

  /** A zeroed Float64Array of `length` elements from the reserved bytes of the memory, at an
   * 8-byte aligned address (a separate array when there is no memory). (Zeroed without a fill:
   * the arena hands each byte out once, and a memory's bytes are zero until written, those it
   * grows by too; a fill would also make the system commit reserved pages nothing may use.) */
  f64(length: number): Float64Array {
    const memory = this.memory;
    if (memory === undefined) return new Float64Array(length);
    return new Float64Array(memory.buffer, this.#take(arenaBytes(length, 8)), length);
  }

  /** A zeroed Int32Array of `length` elements from the reserved bytes of the memory, starting at
   * an 8-byte aligned address (a separate array when there is no memory); zeroed as in
   * {@link f64}. */
  i32(length: number): Int32Array {
    const memory = this.memory;
    if (memory === undefined) return new Int32Array(length);
    return new Int32Array(memory.buffer, this.#take(arenaBytes(length, 4)), length);
  }

  #take(bytes: number): number {
    const at = this.#next;
    if (at + bytes > this.#end) {
      throw new Error(`internal error: ${bytes} bytes asked of the solver's memory, ${this.#end - at} reserved`);
    }
    this.#next = at + bytes;
    return at;
  }

  /** The WebAssembly function behind {@link solve} (for a step loop in WebAssembly that imports
   * it); undefined where the solve runs in JavaScript. */
  get wasmSolve(): WasmStep | undefined {
    return this.#step ?? undefined;
  }

  /** Zeroes the current balance (`rhs`) and the diagonal (`d`) before the currents are added. */
  zero(): void {
    const n = this.n;
    const rhs = this.#rhs;
    const d = this.#d;
    // (fill() for many nodes, a loop for the few of a small model, where a call into the
    // runtime costs more.)
    if (n > 64) {
      rhs.fill(0);
      d.fill(0);
      return;
    }
    for (let i = 0; i < n; i++) {
      rhs[i] = 0;
      d[i] = 0;
    }
  }

  /**
   * With the membrane currents already in rhs and d: adds the capacitance (`cfac * cm`) and the
   * axial terms, eliminates from the leaves to the roots, substitutes back, and sets
   * rhs = dv, v += vfac * dv, icap = cfac * cm * dv. Returns the sum of dv (NaN when any is).
   */
  solve(cfac: number, vfac: number): number {
    const step = this.#step;
    if (step !== null) {
      return step(this.n, this.#parent.byteOffset, this.#a.byteOffset, this.#b.byteOffset, this.#cm.byteOffset,
        this.#v.byteOffset, this.#rhs.byteOffset, this.#d.byteOffset, this.#icap.byteOffset, cfac, vfac);
    }
    const js = this.#js!;
    js.assemble(cfac);
    js.eliminate();
    return js.backSubstitute(cfac, vfac);
  }
}

/** The bytes of the matrix arrays: parent (padded to 8 bytes), then seven f64 arrays. */
function matrixBytes(n: number): number {
  return 4 * align8(n) + 7 * 8 * n;
}

/** Rounds a count of 4-byte entries up to keep the following 8-byte arrays aligned. */
function align8(n: number): number {
  return (n + 1) & ~1;
}

/**
 * The bytes {@link assembleModule} makes, in hexadecimal: loading them costs nothing, while
 * running the assembler the first time in a process costs V8 about 1.5 ms of compiling small
 * functions. A test checks that they are the assembler's output (`test/hines.test.ts`); after a
 * change to the assembler, print `Buffer.from(assembleModule()).toString('hex')` here.
 */
const STEP_WASM =
  '0061736d01000000011001600b7f7f7f7f7f7f7f7f7f7c7c017c020c0103656e76036d656d0200010302010007080104' +
  '7374657000000a950401920402047f067c4100210b02400340200b20004e0d01200b410374210c2001200b4102746a28' +
  '0200220d410374210e200d41004804402007200c6a2007200c6a2b030020092004200c6a2b0300a2a039030005200520' +
  '0e6a2b03002005200c6a2b0300a1210f2002200c6a2b030021122003200c6a2b030021132006200c6a2006200c6a2b03' +
  '002013200fa2a13903002006200e6a2006200e6a2b03002012200fa2a03903002007200c6a2007200c6a2b0300200920' +
  '04200c6a2b0300a2a02013a13903002007200e6a2007200e6a2b03002012a13903000b200b41016a210b0c000b0b2000' +
  '210b02400340200b450d01200b41016b210b200b410374210c2001200b4102746a280200220d410374210e0240200d41' +
  '00480d002002200c6a2b03002007200c6a2b0300a321102007200e6a2007200e6a2b030020102003200c6a2b0300a2a1' +
  '3903002006200e6a2006200e6a2b030020102006200c6a2b0300a2a13903000b0c000b0b4100210b02400340200b2000' +
  '4e0d01200b410374210c2001200b4102746a280200220d410374210e2006200c6a2b030021140240200d4100480d0020' +
  '142003200c6a2b03002006200e6a2b0300a2a121140b20142007200c6a2b0300a3210f2006200c6a200f390300200520' +
  '0c6a2005200c6a2b0300200a200fa2a03903002008200c6a20092004200c6a2b0300a2200fa23903002011200fa02111' +
  '200b41016a210b0c000b0b20110b001f046e616d650008076e657572697465010e01000b48696e657320736f6c7665';

/** The compiled module, once per process; null where WebAssembly is missing or refused. (A
 * simulation compiles it when it is made: {@link HinesMatrix} then finds it ready.) */
export const wasmModule = compiledOnce(() => stepWasmBytes(), (mod) => {
  // A solve of no nodes, so that V8 compiles `step` now.
  const step = new WebAssembly.Instance(mod, { env: { mem: scratchMemory() } }).exports.step as WasmStep;
  step(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
});

/** The module's bytes, from {@link STEP_WASM}. */
export function stepWasmBytes(): Uint8Array<ArrayBuffer> {
  return fromHex(STEP_WASM);
}


/**
 * The module: imports its memory as `env.mem` and exports `step(n, parent, a, b, cm, v, rhs, d,
 * icap, cfac, vfac) -> sum of dv`, the arrays given as byte offsets. The three loops are those of
 * {@link hinesSolver}'s passes, operation for operation. (Written into one array by small
 * functions, so that assembling costs little even the first time, in V8's interpreter.)
 */
export function assembleModule(): Uint8Array<ArrayBuffer> {
  // Parameters 0-8 (i32 offsets), 9-10 (f64); then the locals.
  const [N, PAR, A, B, CM, V, RHS, D, ICAP, CFAC, VFAC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [I, I8, P, P8, DV, F, CHECK, AI, BI, X] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const code: number[] = [];
  const op = (...bytes: number[]): void => { for (const b of bytes) code.push(b); };
  const get = (x: number): void => op(LOCAL_GET, x);
  const set = (x: number): void => op(LOCAL_SET, x);
  const i32 = (x: number): void => op(I32_CONST, x);
  const load = (base: number, at: number): void => op(LOCAL_GET, base, LOCAL_GET, at, I32_ADD, F64_LOAD, 3, 0);
  /** Stores what `value` leaves on the stack at base + at. */
  const store = (base: number, at: number, value: () => void): void => {
    op(LOCAL_GET, base, LOCAL_GET, at, I32_ADD);
    value();
    op(F64_STORE, 3, 0);
  };
  // i8 = i * 8; p = parent[i]; p8 = p * 8
  const index = (): void => { get(I); i32(3); op(I32_SHL); set(I8); };
  const parentOf = (): void => {
    op(LOCAL_GET, PAR, LOCAL_GET, I, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0, LOCAL_TEE, P, I32_CONST, 3, I32_SHL);
    set(P8);
  };
  // `block ... end`, skipped when the node is a root (p < 0)
  const ifChild = (body: () => void): void => { op(BLOCK, VOID); get(P); i32(0); op(I32_LT_S, BR_IF, 0); body(); op(END); };
  const upLoop = (body: () => void): void => {
    i32(0); set(I);
    op(BLOCK, VOID, LOOP, VOID);
    get(I); get(N); op(I32_GE_S, BR_IF, 1);
    body();
    get(I); i32(1); op(I32_ADD); set(I);
    op(BR, 0, END, END);
  };

  // Capacitance and axial terms, roots to leaves. Each value is loaded and stored once (the
  // JavaScript passes store d[i] and rhs[i] twice; p < i, so the stores in between never touch
  // them and the values are the same).
  upLoop(() => {
    index();
    parentOf();
    get(P); i32(0); op(I32_LT_S, IF, VOID);
    store(D, I8, () => { load(D, I8); get(CFAC); load(CM, I8); op(F64_MUL, F64_ADD); });
    op(ELSE);
    load(V, P8); load(V, I8); op(F64_SUB); set(DV);
    load(A, I8); set(AI);
    load(B, I8); set(BI);
    store(RHS, I8, () => { load(RHS, I8); get(BI); get(DV); op(F64_MUL, F64_SUB); });
    store(RHS, P8, () => { load(RHS, P8); get(AI); get(DV); op(F64_MUL, F64_ADD); });
    store(D, I8, () => { load(D, I8); get(CFAC); load(CM, I8); op(F64_MUL, F64_ADD); get(BI); op(F64_SUB); });
    store(D, P8, () => { load(D, P8); get(AI); op(F64_SUB); });
    op(END);
  });
  // Elimination, leaves to roots.
  get(N); set(I);
  op(BLOCK, VOID, LOOP, VOID);
  get(I); op(I32_EQZ, BR_IF, 1);
  get(I); i32(1); op(I32_SUB); set(I);
  index();
  parentOf();
  ifChild(() => {
    load(A, I8); load(D, I8); op(F64_DIV); set(F);
    store(D, P8, () => { load(D, P8); get(F); load(B, I8); op(F64_MUL, F64_SUB); });
    store(RHS, P8, () => { load(RHS, P8); get(F); load(RHS, I8); op(F64_MUL, F64_SUB); });
  });
  op(BR, 0, END, END);
  // Back substitution, v, icap and the sum of dv, roots to leaves.
  upLoop(() => {
    index();
    parentOf();
    load(RHS, I8); set(X);
    ifChild(() => { get(X); load(B, I8); load(RHS, P8); op(F64_MUL, F64_SUB); set(X); });
    get(X); load(D, I8); op(F64_DIV); set(DV);
    store(RHS, I8, () => get(DV));
    store(V, I8, () => { load(V, I8); get(VFAC); get(DV); op(F64_MUL, F64_ADD); });
    store(ICAP, I8, () => { get(CFAC); load(CM, I8); op(F64_MUL); get(DV); op(F64_MUL); });
    get(CHECK); get(DV); op(F64_ADD); set(CHECK);
  });
  get(CHECK);
  op(END);

  const locals = vec([[4, I32], [6, F64]]);
  const body = [...locals, ...code];
  const params = [...Array<number[]>(9).fill([I32]), [F64], [F64]];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(params), ...vec([[F64]])]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('step'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
    ...nameSection('neurite', [[0, 'Hines solve']]),
  ]);
}
