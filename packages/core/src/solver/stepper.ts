/**
 * The fixed step in WebAssembly: a loop that runs whole steps (the currents, the tree matrix's
 * solve, the states' advance, the recordings' samples) without coming back to JavaScript, for as
 * long as no event is due and no threshold is crossed. Its work is the JavaScript step's
 * (`Simulation`'s `#steps`), in the same order and with the same arithmetic, so the numbers
 * are the same to the bit; what it saves is the JavaScript around the kernels, which V8 runs in
 * its interpreter until it has optimized it (most of a short simulation's time).
 *
 * The loop is one small module, assembled here and shipped as bytes, that reads everything from a
 * block of the solver's memory (a {@link StepProgram}): the matrix's arrays, the mechanisms'
 * kernels (WebAssembly functions in a table, called as `(data, t)`, see `WasmStepKernels`; or
 * JavaScript ones, called back through an import), the arrays to zero, the threshold detectors,
 * and the recordings with their buffers.
 * @module
 */
import type { WasmStep } from './hines.js';
import {
  BLOCK, BR, BR_IF, CALL, CALL_INDIRECT, ELSE, END, F64, F64_ADD, F64_EQ, F64_GE, F64_GT, F64_LE,
  F64_LOAD, F64_LT, F64_MUL, F64_NE, F64_STORE, FUNCREF, I32, I32_ADD, I32_AND, I32_CONST, I32_EQZ,
  I32_GE_S, I32_LOAD, I32_LT_S, I32_NE, I32_OR, I32_SHL, I32_STORE, I32_SUB, IF, LOCAL_GET,
  LOCAL_SET, LOCAL_TEE, LOOP, MEMORY_FILL, RETURN, UNREACHABLE, VOID, compiledOnce, fromHex, name,
  nameSection, scratchMemory, section, sleb, uleb, vec,
} from './wasm-bytes.js';

/** Byte offsets of the program's header in its block. */
const T = 0, HALF = 16, TS = 24, TEV = 32, CFAC = 40, VFAC = 48; // (8: unused)
const NSTEP = 56, K = 60, SINGLE = 64, HOOKS = 68, N = 72, MAT = 76; // MAT: parent a b cm v rhs d icap
const NZERO = 108, ZEROS = 112, NCUR = 116, CURS = 120, NADV = 124, ADVS = 128, NDET = 132, DETS = 136, NREC = 140, RECS = 144, CAP = 148;
/** SKIP: what of the next step's start is done (1: threshold checks, 2: events); REASON: why the
 * loop stopped (see {@link StepProgram.reason}); NCROSS, CROSS: the detectors that crossed. */
const SKIP = 152, REASON = 156, NCROSS = 160, CROSS = 164;
/** NION, IONS: secondorder 2's ion corrections, one entry per species. */
const NION = 168, IONS = 172;
const HEADER = 176;
/** Bytes of one entry of each list: an array to zero (address, bytes); a kernel (function, data);
 * a detector (address, above, threshold); a recording (source, count, buffer, -); a species'
 * correction (its current sums, their dI/dv, its node list, the list's length). */
const ZERO_ENTRY = 8, CALL_ENTRY = 8, DET_ENTRY = 16, REC_ENTRY = 16, ION_ENTRY = 16;

/** What {@link StepProgram.run} returned: every step asked for was taken. */
export const STEPS_DONE = -1;
/** What {@link StepProgram.run} returned: the sum of dv was NaN (t is the step's end; the states
 * were not advanced). */
export const STEPS_NAN = -2;
/** What the loop does besides the step when {@link StepProgram.begin} asks: call back for the
 * Nernst potentials; secondorder 2's ion corrections (in the loop, see `StepProgramSpec.ions`). */
export const HOOK_NERNST = 1, HOOK_SECOND_ORDER = 2;
/** Why {@link StepProgram.run} stopped before a step: detectors crossed their thresholds upwards
 * ({@link StepProgram.crossings}), an event is due by the step's middle, a recording's buffer is
 * full. */
export const STOP_CROSSED = 1, STOP_EVENT = 2, STOP_FULL = 4;

const NO_SAMPLES = new Float64Array(0);

/** A mechanism kernel as the loop calls it: a WebAssembly function `(data, t)`, or the JavaScript
 * callback's kernel number. */
export type StepCall = { readonly wasm: (data: number, t: number) => void; readonly data: number } | { readonly js: number };

/** The arrays of the tree matrix (views into the memory). */
interface MatrixArrays {
  readonly n: number;
  readonly parent: Int32Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly cm: Float64Array;
  readonly v: Float64Array;
  readonly rhs: Float64Array;
  readonly d: Float64Array;
  readonly icap: Float64Array;
}

/** What a {@link StepProgram} runs. Every array is a view into `memory`. */
export interface StepProgramSpec {
  readonly memory: WebAssembly.Memory;
  /** The program's block of the memory ({@link StepProgram.bytes} long at least). */
  readonly block: Float64Array;
  /** The matrix's solve in WebAssembly (`HinesMatrix.wasmSolve`). */
  readonly solve: WasmStep;
  readonly matrix: MatrixArrays;
  /** Arrays zeroed at the start of each step's currents (rhs and d, the ions' current sums). */
  readonly zeros: readonly (Float64Array | Int32Array)[];
  readonly currents: readonly StepCall[];
  readonly advances: readonly StepCall[];
  /** Number of threshold detectors (set with {@link StepProgram.detector}). */
  readonly detectors: number;
  /** Byte address of each recording's source, sampled after every step (samples at an interval
   * are NEURON's events, which the JavaScript loop takes). */
  readonly recordings: readonly { readonly address: number }[];
  /** Samples each recording's buffer holds. */
  readonly capacity: number;
  /** secondorder 2's correction of each species' current sums after the solve, `i[k] += didv[k]
   * * rhs[k]` at each of its nodes k in order (the species in order), when the hooks ask for
   * {@link HOOK_SECOND_ORDER}: the arrays are views into the memory; the node lists are copied
   * into the block. */
  readonly ions: readonly { readonly i: Float64Array; readonly didv: Float64Array; readonly nodes: Int32Array }[];
  /** `code >= 0`: call JavaScript kernel `code` at time t; `-1` ({@link HOOK_NERNST}, before the
   * currents when the hooks ask for it): Nernst potentials. */
  readonly js: (code: number, t: number) => void;
}

/**
 * One layout's step loop in WebAssembly, over a block of the solver's memory.
 * @example
 * ```ts
 * const prog = StepProgram.create(spec); // null where WebAssembly is refused
 * prog.begin({ t: 0, dt: 0.025, ts: 39.9875, nstep: 1, single: false, cfac: 0.04, vfac: 1, hooks: 0 });
 * for (;;) {
 *   prog.nextEvent = queue.peekTime();
 *   const r = prog.run();
 *   if (r === STEPS_DONE) break;
 *   // ... prog.reason: spikes of prog.crossings(), events due by prog.t + dt/2, or
 *   // prog.samples(j) of full buffers, in JavaScript ...
 *   prog.resume();
 * }
 * ```
 */
export class StepProgram {
  readonly #f: Float64Array;
  readonly #i: Int32Array;
  /** Element offsets (in #f, #i) of the detectors' and recordings' entries. */
  readonly #det: number;
  readonly #cross: number;
  readonly #rec: number;
  readonly #run: (p: number) => number;
  readonly #p: number;

  private constructor(spec: StepProgramSpec, mod: WebAssembly.Module) {
    const block = spec.block;
    const p = block.byteOffset;
    this.#p = p;
    this.#f = new Float64Array(block.buffer, p, block.length);
    this.#i = new Int32Array(block.buffer, p, 2 * block.length);
    const f = this.#f, i = this.#i;
    const m = spec.matrix;
    i[N >> 2] = m.n;
    [m.parent, m.a, m.b, m.cm, m.v, m.rhs, m.d, m.icap].forEach((x, j) => { i[(MAT >> 2) + j] = x.byteOffset; });
    // The lists, one after the other past the header.
    let at = HEADER;
    const list = (count: number, entry: number, countAt: number, listAt: number): number => {
      at = (at + 7) & ~7;
      const start = at;
      i[countAt >> 2] = count;
      i[listAt >> 2] = p + start;
      at += count * entry;
      return start;
    };
    const zeros = list(spec.zeros.length, ZERO_ENTRY, NZERO, ZEROS);
    spec.zeros.forEach((x, j) => { i[(zeros >> 2) + 2 * j] = x.byteOffset; i[(zeros >> 2) + 2 * j + 1] = x.byteLength; });
    const table = new WebAssembly.Table({ element: 'anyfunc', initial: spec.currents.length + spec.advances.length });
    let slot = 0;
    const calls = (cs: readonly StepCall[], countAt: number, listAt: number): void => {
      const start = list(cs.length, CALL_ENTRY, countAt, listAt) >> 2;
      cs.forEach((c, j) => {
        if ('js' in c) {
          i[start + 2 * j] = -1 - c.js;
        } else {
          table.set(slot, c.wasm);
          i[start + 2 * j] = slot++;
          i[start + 2 * j + 1] = c.data;
        }
      });
    };
    calls(spec.currents, NCUR, CURS);
    calls(spec.advances, NADV, ADVS);
    this.#det = list(spec.detectors, DET_ENTRY, NDET, DETS) >> 2;
    this.#cross = list(spec.detectors, 4, NCROSS, CROSS) >> 2;
    i[NCROSS >> 2] = 0;
    const rec = list(spec.recordings.length, REC_ENTRY, NREC, RECS);
    this.#rec = rec >> 2;
    at = (at + 7) & ~7;
    i[CAP >> 2] = spec.capacity;
    spec.recordings.forEach((r, j) => {
      const e = (rec >> 2) + 4 * j;
      i[e] = r.address;
      i[e + 1] = 0;
      i[e + 2] = p + at;
      at += 8 * spec.capacity;
    });
    const ions = list(spec.ions.length, ION_ENTRY, NION, IONS) >> 2;
    spec.ions.forEach((c, j) => {
      const e = ions + 4 * j;
      i[e] = c.i.byteOffset;
      i[e + 1] = c.didv.byteOffset;
      i[e + 2] = p + at;
      i[e + 3] = c.nodes.length;
      if (at + 4 * c.nodes.length <= 8 * block.length) i.set(c.nodes, at >> 2);
      at += 4 * c.nodes.length;
    });
    if (at > 8 * block.length) throw new Error(`internal error: the step program needs ${at} bytes, its block has ${8 * block.length}`);
    const instance = new WebAssembly.Instance(mod, { env: { mem: spec.memory, k: table, js: spec.js, solve: spec.solve } });
    this.#run = instance.exports.run as (p: number) => number;
  }

  /** The program, or null where WebAssembly is missing or refused. */
  static create(spec: StepProgramSpec): StepProgram | null {
    const mod = stepperModule();
    return mod === null ? null : new StepProgram(spec, mod);
  }

  /** The bytes a program's block needs for these numbers of entries and samples per recording,
   * and of species and their nodes (all species' together) for secondorder 2's corrections. */
  static bytes(zeros: number, calls: number, detectors: number, recordings: number, capacity: number, ions = 0, ionNodes = 0): number {
    const r8 = (x: number): number => (x + 7) & ~7;
    return r8(HEADER) + r8(zeros * ZERO_ENTRY) + 2 * r8(calls * CALL_ENTRY) + detectors * DET_ENTRY + r8(4 * detectors) + recordings * (REC_ENTRY + 8 * capacity) +
      ions * ION_ENTRY + 4 * ionNodes + 8;
  }

  /** Sets a detector: the byte address of the value it watches, its threshold [mV], and whether
   * the value is above it now. */
  detector(j: number, address: number, threshold: number, above: boolean): void {
    const e = this.#det + 4 * j;
    this.#i[e] = address;
    this.#i[e + 1] = above ? 1 : 0;
    this.#f[(e >> 1) + 1] = threshold;
  }

  /** Whether detector j's value was above its threshold at its last check. */
  above(j: number): boolean {
    return this.#i[this.#det + 4 * j + 1] !== 0;
  }

  /** Why the last {@link run} stopped before a step: {@link STOP_CROSSED} | {@link STOP_EVENT} |
   * {@link STOP_FULL}. */
  get reason(): number {
    return this.#i[REASON >> 2]!;
  }

  /** The detectors (numbers, in order) whose values crossed their thresholds upwards at the start
   * of the step the last {@link run} stopped before; their `above` is already set. */
  crossings(): Int32Array {
    return this.#i.subarray(this.#cross, this.#cross + this.#i[NCROSS >> 2]!);
  }

  /** After JavaScript has done what the stop asked for (the crossings' spikes, the events due,
   * the samples): the next {@link run} takes that step without checking again. */
  resume(): void {
    this.#i[SKIP >> 2] = 3;
    this.#i[NCROSS >> 2] = 0;
  }

  /** Starts a stretch of steps from time t, in groups of `nstep` while t < ts (one step when
   * `single`), with the solve's `cfac` (0.001 / dt, doubled at secondorder 2) and `vfac`, and
   * the hooks to call back ({@link HOOK_NERNST} | {@link HOOK_SECOND_ORDER}, or 0). */
  begin(o: { t: number; dt: number; ts: number; nstep: number; single: boolean; cfac: number; vfac: number; hooks: number }): void {
    const f = this.#f, i = this.#i;
    f[T >> 3] = o.t;
    f[HALF >> 3] = 0.5 * o.dt;
    f[TS >> 3] = o.ts;
    f[CFAC >> 3] = o.cfac;
    f[VFAC >> 3] = o.vfac;
    i[NSTEP >> 2] = o.nstep;
    i[K >> 2] = 0;
    i[SINGLE >> 2] = o.single ? 1 : 0;
    i[HOOKS >> 2] = o.hooks;
    i[SKIP >> 2] = 0;
    i[NCROSS >> 2] = 0;
  }

  /** The time of the next event ([ms], Infinity when none): the loop stops before the step that
   * would deliver it. JavaScript kernels called back may set it again. */
  set nextEvent(t: number) {
    this.#f[TEV >> 3] = t;
  }

  /** The time now [ms]. */
  get t(): number {
    return this.#f[T >> 3]!;
  }

  /**
   * Runs steps until done ({@link STEPS_DONE}), a NaN ({@link STEPS_NAN}), or the start of a step
   * that needs JavaScript first (returns its place in its group, >= 0, and sets {@link reason}):
   * a detector's value has crossed its threshold upwards, an event is due by the step's middle,
   * or a recording's buffer is full. At each step's start it checks the detectors (NEURON's
   * threshold detection: a crossing when the value is above and was not), then the next event.
   */
  run(): number {
    return this.#run(this.#p);
  }

  /** The samples recording j took since the last call (a view, valid until the next run), and
   * empties its buffer. */
  samples(j: number): Float64Array {
    const e = this.#rec + 4 * j;
    const count = this.#i[e + 1]!;
    if (count === 0) return NO_SAMPLES;
    this.#i[e + 1] = 0;
    return new Float64Array(this.#f.buffer, this.#i[e + 2]!, count);
  }

}

/**
 * The bytes {@link assembleStepper} makes, in hexadecimal (assembling them costs V8 more, the
 * first time in a process, than reading them). `test/stepper.test.ts` checks that they are the
 * assembler's; after a change to it, print `Buffer.from(assembleStepper()).toString('hex')`.
 */
const STEPPER_WASM =
  '0061736d01000000011a0360027f7c00600b7f7f7f7f7f7f7f7f7f7c7c017c60017f017f022b0403656e76026a730000' +
  '03656e7605736f6c7665000103656e76036d656d02000103656e76016b01700000030201020707010372756e00020ae9' +
  '0701e60704027c057f017c097f20002b0300210120002b03102102200028023c21032000280238210420002802980121' +
  '0503402005410171450440410021094100210620002802880121070240034020062000280284014e0d0120072802002b' +
  '030020072b030864044020072802044504402007410136020420002802a40120094102746a2006360200200941016a21' +
  '090b05200741003602040b200741106a2107200641016a21060c000b0b20090440200020093602a0012000410136029c' +
  '012000410136029801200020013903002000200336023c20030f0b0b200541027145044020002b032020012002a06504' +
  '402000410236029c012000410336029801200020013903002000200336023c20030f0b0b410021054100210620002802' +
  '90012107024003402006200028028c014e0d0120072802042000280294014e04402000410436029c0120004103360298' +
  '01200020013903002000200336023c20030f0b200741106a2107200641016a21060c000b0b20012002a0210120002001' +
  '3903004100210620002802702107024003402006200028026c4e0d01200728020041002007280204fc0b00200741086a' +
  '2107200641016a21060c000b0b20002802444101710440417f200110000b410021062000280278210702400340200620' +
  '002802744e0d012007280200220a4100480440417f200a6b200110000520072802042001200a1100000b200741086a21' +
  '07200641016a21060c000b0b2000280248200028024c200028025020002802542000280258200028025c200028026020' +
  '00280264200028026820002b032820002b033010012108200028024441027104402000280260210f4100210620002802' +
  'ac01210702400340200620002802a8014e0d012007280200210d2007280204210e2007280208210c200728020c211041' +
  '00210b02400340200b20104e0d01200c200b4102746a2802004103742111200d20116a200d20116a2b0300200e20116a' +
  '2b0300200f20116a2b0300a2a0390300200b41016a210b0c000b0b200741106a2107200641016a21060c000b0b0b2001' +
  '2002a021012000200139030020082008620440417e0f0b410021062000280280012107024003402006200028027c4e0d' +
  '012007280200220a4100480440417f200a6b200110000520072802042001200a1100000b200741086a2107200641016a' +
  '21060c000b0b410021062000280290012107024003402006200028028c014e0d01200728020820072802042209410374' +
  '6a20072802002b03003903002007200941016a360204200741106a2107200641016a21060c000b0b200341016a220320' +
  '044e04402000280240200120002b031863457204402000410036023c417f0f0b410021030b0c000b000b001d046e616d' +
  '650008076e657572697465010c01020973746570206c6f6f70';

/** The compiled module, once per process; null where WebAssembly is missing or refused. */
export const stepperModule = compiledOnce(() => stepperWasmBytes(), (mod) => {
  // A program of zeros stops at once (an event due at t = 0), so that V8 compiles `run` now.
  const table = new WebAssembly.Table({ element: 'anyfunc', initial: 0 });
  const none = (): number => 0;
  const run = new WebAssembly.Instance(mod, { env: { mem: scratchMemory(), k: table, js: none, solve: none } }).exports.run as (p: number) => number;
  run(0);
});

/** The module's bytes. */
export function stepperWasmBytes(): Uint8Array<ArrayBuffer> {
  return fromHex(STEPPER_WASM);
}


/**
 * The module: imports `env.mem` (the memory), `env.k` (a table of kernels `(i32, f64) -> ()`),
 * `env.js` (JavaScript kernels and hooks, `(code, t)`) and `env.solve` (the matrix's solve), and
 * exports `run(block) -> i32` (see {@link StepProgram.run}).
 */
export function assembleStepper(): Uint8Array<ArrayBuffer> {
  // Parameter 0: the block's address; then the locals.
  const P = 0, TL = 1, HALFL = 2, KL = 3, NSTEPL = 4, SKIPL = 5, I = 6, E = 7, CHECK = 8, C = 9, FN = 10;
  const J = 11, NODES = 12, IA = 13, DA = 14, RHS = 15, CNT = 16, KK = 17;
  const code: number[] = [];
  const op = (...bytes: number[]): void => { for (const b of bytes) code.push(b); };
  const get = (x: number): void => op(LOCAL_GET, x);
  const set = (x: number): void => op(LOCAL_SET, x);
  const i32 = (x: number): void => op(I32_CONST, ...sleb(x));
  const i32At = (base: number, at: number): void => op(LOCAL_GET, base, I32_LOAD, 2, ...uleb(at));
  const f64At = (base: number, at: number): void => op(LOCAL_GET, base, F64_LOAD, 3, ...uleb(at));
  /** Leaves the step loop for JavaScript: t and the group's place kept, the place returned. */
  const stop = (reason: number, skip: number): void => {
    get(P); i32(reason); op(I32_STORE, 2, ...uleb(REASON));
    get(P); i32(skip); op(I32_STORE, 2, ...uleb(SKIP));
    get(P); get(TL); op(F64_STORE, 3, ...uleb(T)); get(P); get(KL); op(I32_STORE, 2, ...uleb(K)); get(KL); op(RETURN);
  };
  /** `for (i = 0, e = list; i < count; i++, e += size) body` over a list of the header. */
  const each = (countAt: number, listAt: number, size: number, body: () => void): void => {
    i32(0); set(I);
    i32At(P, listAt); set(E);
    op(BLOCK, VOID, LOOP, VOID);
    get(I); i32At(P, countAt); op(I32_GE_S, BR_IF, 1);
    body();
    get(E); i32(size); op(I32_ADD); set(E);
    get(I); i32(1); op(I32_ADD); set(I);
    op(BR, 0, END, END);
  };
  /** Calls the kernels of a list at time t: a table entry (fn >= 0) or JavaScript kernel -1 - fn. */
  const kernels = (countAt: number, listAt: number): void => each(countAt, listAt, CALL_ENTRY, () => {
    i32At(E, 0); op(LOCAL_TEE, FN); i32(0); op(I32_LT_S, IF, VOID);
    i32(-1); get(FN); op(I32_SUB); get(TL); op(CALL, 0);
    op(ELSE);
    i32At(E, 4); get(TL); get(FN); op(CALL_INDIRECT, 0, 0);
    op(END);
  });

  f64At(P, T); set(TL);
  f64At(P, HALF); set(HALFL);
  i32At(P, K); set(KL);
  i32At(P, NSTEP); set(NSTEPL);
  i32At(P, SKIP); set(SKIPL);
  op(LOOP, VOID);
  // The step's start: the threshold checks (unless done before a stop), back to JavaScript with
  // the crossings; then the next event; then room for a sample in every recording.
  get(SKIPL); i32(1); op(I32_AND, I32_EQZ, IF, VOID);
  i32(0); set(C);
  each(NDET, DETS, DET_ENTRY, () => {
    i32At(E, 0); op(F64_LOAD, 3, 0); f64At(E, 8); op(F64_GT, IF, VOID);
    i32At(E, 4); op(I32_EQZ, IF, VOID);
    get(E); i32(1); op(I32_STORE, 2, 4);
    i32At(P, CROSS); get(C); i32(2); op(I32_SHL, I32_ADD); get(I); op(I32_STORE, 2, 0);
    get(C); i32(1); op(I32_ADD); set(C);
    op(END);
    op(ELSE);
    get(E); i32(0); op(I32_STORE, 2, 4);
    op(END);
  });
  get(C); op(IF, VOID);
  get(P); get(C); op(I32_STORE, 2, ...uleb(NCROSS));
  stop(STOP_CROSSED, 1);
  op(END);
  op(END);
  get(SKIPL); i32(2); op(I32_AND, I32_EQZ, IF, VOID);
  f64At(P, TEV); get(TL); get(HALFL); op(F64_ADD, F64_LE, IF, VOID);
  stop(STOP_EVENT, 3);
  op(END);
  op(END);
  i32(0); set(SKIPL);
  each(NREC, RECS, REC_ENTRY, () => {
    i32At(E, 4); i32At(P, CAP); op(I32_GE_S, IF, VOID);
    stop(STOP_FULL, 3);
    op(END);
  });
  // The step: t += dt/2, currents, the solve, t += dt/2, states, samples.
  get(TL); get(HALFL); op(F64_ADD); set(TL);
  get(P); get(TL); op(F64_STORE, 3, ...uleb(T));
  each(NZERO, ZEROS, ZERO_ENTRY, () => { i32At(E, 0); i32(0); i32At(E, 4); op(...MEMORY_FILL); });
  i32At(P, HOOKS); i32(HOOK_NERNST); op(I32_AND, IF, VOID); i32(-1); get(TL); op(CALL, 0); op(END);
  kernels(NCUR, CURS);
  i32At(P, N);
  for (let j = 0; j < 8; j++) i32At(P, MAT + 4 * j);
  f64At(P, CFAC); f64At(P, VFAC);
  op(CALL, 1); set(CHECK);
  // secondorder 2: each species' current sums follow the change of v, i[k] += didv[k] * rhs[k].
  i32At(P, HOOKS); i32(HOOK_SECOND_ORDER); op(I32_AND, IF, VOID);
  i32At(P, MAT + 4 * 5); set(RHS);
  each(NION, IONS, ION_ENTRY, () => {
    i32At(E, 0); set(IA); i32At(E, 4); set(DA); i32At(E, 8); set(NODES); i32At(E, 12); set(CNT);
    i32(0); set(J);
    op(BLOCK, VOID, LOOP, VOID);
    get(J); get(CNT); op(I32_GE_S, BR_IF, 1);
    get(NODES); get(J); i32(2); op(I32_SHL, I32_ADD, I32_LOAD, 2, 0); i32(3); op(I32_SHL); set(KK);
    get(IA); get(KK); op(I32_ADD);
    get(IA); get(KK); op(I32_ADD, F64_LOAD, 3, 0);
    get(DA); get(KK); op(I32_ADD, F64_LOAD, 3, 0);
    get(RHS); get(KK); op(I32_ADD, F64_LOAD, 3, 0);
    op(F64_MUL, F64_ADD, F64_STORE, 3, 0);
    get(J); i32(1); op(I32_ADD); set(J);
    op(BR, 0, END, END);
  });
  op(END);
  get(TL); get(HALFL); op(F64_ADD); set(TL);
  // (t is in the header after each half step: a JavaScript kernel that throws leaves it right.)
  get(P); get(TL); op(F64_STORE, 3, ...uleb(T));
  get(CHECK); get(CHECK); op(F64_NE, IF, VOID);
  i32(STEPS_NAN); op(RETURN);
  op(END);
  kernels(NADV, ADVS);
  // Samples: one per recording, every step.
  each(NREC, RECS, REC_ENTRY, () => {
    i32At(E, 8); i32At(E, 4); op(LOCAL_TEE, C); i32(3); op(I32_SHL, I32_ADD);
    i32At(E, 0); op(F64_LOAD, 3, 0); op(F64_STORE, 3, 0);
    get(E); get(C); i32(1); op(I32_ADD, I32_STORE, 2, 4);
  });
  // The group: after nstep steps, done when single or t >= ts.
  get(KL); i32(1); op(I32_ADD); op(LOCAL_TEE, KL); get(NSTEPL); op(I32_GE_S, IF, VOID);
  i32At(P, SINGLE); get(TL); f64At(P, TS); op(F64_LT, I32_EQZ, I32_OR, IF, VOID);
  get(P); i32(0); op(I32_STORE, 2, ...uleb(K)); i32(STEPS_DONE); op(RETURN);
  op(END);
  i32(0); set(KL);
  op(END);
  op(BR, 0, END);
  op(UNREACHABLE, END);

  const locals = vec([[2, F64], [5, I32], [1, F64], [9, I32]]);
  const body = [...locals, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec([[I32], [F64]]), ...vec([])],
      [0x60, ...vec([...Array<number[]>(9).fill([I32]), [F64], [F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32]]), ...vec([[I32]])],
    ])),
    ...section(2, vec([
      [...name('env'), ...name('js'), 0x00, 0],
      [...name('env'), ...name('solve'), 0x00, 1],
      [...name('env'), ...name('mem'), 0x02, 0x00, 0x01],
      [...name('env'), ...name('k'), 0x01, FUNCREF, 0x00, 0x00],
    ])),
    ...section(3, vec([[2]])),
    ...section(7, vec([[...name('run'), 0x00, 2]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
    ...nameSection('neurite', [[2, 'step loop']]),
  ]);
}
