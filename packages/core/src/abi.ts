/**
 * The mechanism ABI: the contract between neurite's solver and a mechanism plugin (a compiled
 * `.mod` file, or a hand-written module that follows the same rules).
 *
 * A plugin is a plain value, a {@link MechanismType}: metadata (fields, globals, ions) plus a
 * factory of {@link MechanismKernels}. Core allocates every array; kernels never allocate while a
 * simulation steps. A kernel receives one {@link InstanceData} per mechanism type: a structure of
 * arrays holding every instance of that mechanism in the model, plus the node arrays it reads
 * (voltage) and writes (current balance, matrix diagonal).
 *
 * One fixed step of the solver (t -> t + dt), and where each hook runs:
 *
 * 1. event delivery: {@link MechanismKernels.netReceive} (NMODL `NET_RECEIVE`) for queued events
 *    due by t + dt/2;
 * 2. t += dt/2; ions recompute Nernst potentials where a concentration is written, and zero
 *    their current sums;
 * 3. {@link MechanismKernels.current} (NMODL `BREAKPOINT` currents) adds membrane current
 *    [mA/cm2] to `rhs` (with a minus sign) and its conductance dI/dv [S/cm2] to `d`;
 * 4. the solver adds capacitance and axial terms and solves the tree matrix for dv;
 * 5. v += dv, t += dt/2;
 * 6. {@link MechanismKernels.advance} (NMODL `SOLVE ... METHOD`) integrates states over dt with
 *    the new v; recorders sample.
 *
 * `finitialize(v_init)` sets t = 0 and v, initialises ions, then calls
 * {@link MechanismKernels.init} (NMODL `INITIAL`) for every mechanism in catalogue order, then
 * {@link MechanismKernels.current} once so that currents are defined at t = 0.
 *
 * @example
 * ```ts
 * import { ABI_VERSION, type MechanismType } from '@neurite/core/abi';
 * // A leak channel i = g (v - e), written by hand against the ABI.
 * export const leak: MechanismType = {
 *   abiVersion: ABI_VERSION, name: 'leak', kind: 'density', electrodeCurrent: false,
 *   fields: [
 *     { name: 'g', kind: 'parameter', unit: 'S/cm2', default: 0.001, range: true },
 *     { name: 'e', kind: 'parameter', unit: 'mV', default: -70, range: true },
 *     { name: 'i', kind: 'assigned', unit: 'mA/cm2', default: 0, range: true },
 *   ],
 *   globals: [], ions: [],
 *   createKernels: () => ({
 *     init() {},
 *     current(m, nodes) {
 *       const [g, e, i] = m.fields;
 *       for (let k = 0; k < m.count; k++) {
 *         const n = m.nodeIndex[k];
 *         i[k] = g[k] * (nodes.v[n] - e[k]);
 *         nodes.rhs[n] -= i[k];
 *         nodes.d[n] += g[k];
 *       }
 *     },
 *   }),
 * };
 * ```
 * @module
 */

/**
 * The version of this ABI. A plugin built for another version is refused by the catalogue.
 *
 * @example
 * ```ts
 * import { ABI_VERSION, type MechanismType } from '@neurite/core/abi';
 * const compatible = (type: MechanismType): boolean => type.abiVersion === ABI_VERSION;
 * ```
 */
export const ABI_VERSION = 1 as const;

/** Density mechanisms live in every segment of a section (`sec.insert('hh')`); point processes
 * are objects placed at one location (`h.IClamp(seg)`); artificial cells have no location and
 * only exchange events. */
export type MechanismKind = 'density' | 'point' | 'artificial';

/** NMODL's classes of per-instance variables: PARAMETER, ASSIGNED and STATE. */
export type FieldKind = 'parameter' | 'assigned' | 'state';

/** One per-instance variable of a mechanism (a column of its structure of arrays). */
export interface FieldSpec {
  /** The NMODL name, e.g. `gnabar`. Users see it as `seg.hh.gnabar` and `seg.gnabar_hh`. */
  readonly name: string;
  /** Whether it is a PARAMETER, an ASSIGNED or a STATE. */
  readonly kind: FieldKind;
  /** The unit as written in the `.mod` file, e.g. `S/cm2`, `mV`, `nA`, `1` for none. */
  readonly unit: string;
  /** The value every new instance starts with. */
  readonly default: number;
  /** Elements per instance for array variables (`x[3]`); 1 when absent. */
  readonly length?: number;
  /** True when users can read and write it per instance (RANGE variables, STATEs, and every
   * variable of a point process); false for per-instance scratch the kernels keep to themselves.
   * `psection()` lists the range fields of density mechanisms in declaration order. */
  readonly range: boolean;
  /** `<lo, hi>` limits from a PARAMETER declaration, for documentation and GUIs. */
  readonly limits?: readonly [number, number];
}

/** A variable shared by every instance of a mechanism in one simulation (NMODL GLOBAL, and
 * PARAMETERs not declared RANGE). Users set it as `h.<name>_<mechanism>`, e.g. `h.usetable_hh`. */
export interface GlobalSpec {
  /** The NMODL name, e.g. `usetable`; users see it as `h.usetable_hh`. */
  readonly name: string;
  /** The unit as written in the `.mod` file, e.g. `ms`, `1` for none. */
  readonly unit: string;
  /** The value it starts with in every new simulation. */
  readonly default: number;
  /** Elements for array globals (`x[3]`); 1 when absent. */
  readonly length?: number;
}

/** Which variables of an ion species a mechanism reads and writes (NMODL `USEION`). */
export interface IonUseSpec {
  /** The ion's name, e.g. `na`, `k`, `ca`. */
  readonly ion: string;
  /** Its charge, from `VALENCE`; when absent the species' known valence (na 1, k 1, ca 2). */
  readonly valence?: number;
  /** Variables read, by their NMODL names: `ena`, `nai`, `nao`, `ina`, ... */
  readonly read: readonly string[];
  /** Variables written: the current (`ina`) and/or concentrations (`nai`, `nao`) or `ena`. */
  readonly write: readonly string[];
}

/** Node-indexed arrays of one ion species. Index with {@link InstanceData.nodeIndex}. */
export interface IonArrays {
  /** Reversal potential [mV]. */
  readonly e: Float64Array;
  /** Inside concentration [mM]. */
  readonly ci: Float64Array;
  /** Outside concentration [mM]. */
  readonly co: Float64Array;
  /** Total transmembrane current of the species [mA/cm2]; core zeroes it before `current`. */
  readonly i: Float64Array;
  /** dI/dv of that current [S/cm2], used by `secondorder = 2`; core zeroes it before `current`. */
  readonly didv: Float64Array;
}

/** The node arrays of the cable (one entry per node of the tree matrix). */
export interface NodeData {
  /** Membrane potential [mV]. */
  readonly v: Float64Array;
  /** Right-hand side of the current balance [mA/cm2]: kernels subtract outward membrane current. */
  readonly rhs: Float64Array;
  /** Matrix diagonal [S/cm2]: kernels add the conductance dI/dv of their current. */
  readonly d: Float64Array;
  /** Node area [um2] as the matrix uses it: nodes without membrane (section ends) count 100, so
   * that a point process there is scaled by 100/100 = 1 as NEURON does. */
  readonly area: Float64Array;
  /** Segment diameter [um] at each node (NMODL's `diam`); 0 at section ends. */
  readonly diam?: Float64Array;
}

/**
 * Where one instance's POINTER variable points: element `index` of `array` (a segment's `v`,
 * another mechanism's variable, ...). Kernels read and write `array[index]`.
 * @example
 * ```ts
 * const vgap = m.pointers![0]![k]!;
 * const i = g * (v - vgap.array[vgap.index]);
 * ```
 */
export interface PointerTarget {
  /** The array holding the variable. */
  readonly array: Float64Array;
  /** Its index in `array`. */
  readonly index: number;
}

/** All instances of one mechanism type in one simulation, as a structure of arrays. */
export interface InstanceData {
  /** Number of instances. */
  readonly count: number;
  /** The node of each instance. */
  readonly nodeIndex: Int32Array;
  /** One array per {@link FieldSpec}, in `fields` order; element `k * length + j` is element j
   * of instance k. Arrays may be replaced between calls (when the model grows): read them at the
   * start of each call, never cache them across calls. */
  readonly fields: readonly Float64Array[];
  /** The values of the mechanism's {@link GlobalSpec}s, in order (array globals flattened). */
  readonly globals: Float64Array;
  /** The arrays of each ion in {@link MechanismType.ions} order. */
  readonly ions: readonly IonArrays[];
  /** For each name in {@link MechanismType.randoms}, the stream of each instance. */
  readonly randoms: readonly (readonly RandomStream[])[];
  /** For each name in {@link MechanismType.pointers}, where each instance's POINTER points: core
   * sets every one before a kernel runs (an unset POINTER stops `finitialize` with an error) and
   * makes them anew when the model is laid out again; read them at the start of each call. */
  readonly pointers?: readonly (readonly PointerTarget[])[];
  /**
   * The WebAssembly memory the data lives in, for kernels compiled to WebAssembly that import it
   * and work on the arrays by byte offset (`array.byteOffset`). When set, all of these are views
   * into `memory.buffer`: {@link nodeIndex}, every array of {@link fields}, {@link globals} and
   * {@link scratch}; the five arrays of every entry of {@link ions}; and `v`, `rhs`, `d`, `area`
   * and `diam` of the {@link NodeData} core passes to the kernels. Float64Arrays start at 8-byte
   * aligned addresses, and so does `nodeIndex`. The instance arrays have room for `count`
   * instances (`count * length` elements for a field); rely on nothing past that.
   *
   * Undefined whenever that does not hold: without WebAssembly (the solver then runs in
   * JavaScript; also with `createH({ wasm: false })`), and for a store that got more instances
   * than it had when the model was last laid out for the solver (as in the CONSTRUCTORs of new
   * instances), until the next layout, which comes before the next `finitialize` or step. The
   * memory may be a new object
   * after every layout, and the arrays move with it: take the memory and the addresses at each
   * call, never keep them across calls (an instance made for one memory is made anew for the
   * next).
   * @example
   * ```ts
   * current(m, nodes, ctx) {
   *   if (m.memory) wasmCurrent(m.memory, m.count, m.nodeIndex.byteOffset, m.fields[0].byteOffset, nodes.v.byteOffset);
   *   else jsCurrent(m, nodes, ctx);
   * }
   * ```
   */
  readonly memory?: WebAssembly.Memory;
  /** {@link MechanismType.scratch} zeroed f64 values for the kernels' own data (e.g. lookup
   * tables), in {@link memory}; undefined when `memory` is. Its content may be lost at each
   * layout (a new memory): kernels refill it then, e.g. when `memory` is not the one they saw
   * last. */
  readonly scratch?: Float64Array;
}

/** A random stream of an instance (NMODL `RANDOM`): NEURON's Random123 streams. */
export interface RandomStream {
  /** A uniform draw in (0, 1). */
  uniform01(): number;
  /** An exponential draw of the given mean (`random_negexp`). */
  negexp(mean?: number): number;
  /** A standard normal draw (`random_normal`). */
  normal(): number;
  /** New ids, sequence 0 (`random_setids`). */
  setIds(id1: number, id2?: number, id3?: number): void;
  /** Moves to a position (`random_setseq`). */
  setSequence(sequence: number, which?: number): void;
}

/** The run state a kernel may read. */
export interface StepContext {
  /** Simulation time [ms]: t + dt/2 in `current`, t + dt in `advance`, 0 in `init`. */
  readonly t: number;
  /** Time step [ms]. */
  readonly dt: number;
  /** Temperature [degC]. */
  readonly celsius: number;
  /** 0 for implicit Euler, 2 for Crank-Nicolson. */
  readonly secondorder: number;
  /** Event services for `NET_RECEIVE` and `net_send`; absent where the solver has no queue. */
  readonly events?: EventServices;
  /** A new Random123 stream with these ids at sequence 0, in the simulation's Random123 context
   * (NEURON's `nrnran123_newstream3`, for VERBATIM C that makes its own streams). */
  readonly newStream?: (id1: number, id2: number, id3: number) => RandomStream;
  /** The C library's `rand()`/`srand()` as glibc computes them, one per process (VERBATIM C
   * calls them; NEURON's process starts glibc's default sequence). */
  readonly libc?: { rand(): number; srand(seed: number): void };
}

/** What a mechanism can ask of the event queue (NMODL `net_send`, `net_event`, `net_move`). */
export interface EventServices {
  /** `net_send(delay, flag)`: a self-event to instance k, delivered at `t + delay`. */
  send(type: MechanismType, k: number, delay: number, flag: number): void;
  /** `net_event(t)`: instance k fires at time t; every NetCon watching it delivers an event. */
  fire(type: MechanismType, k: number, t: number): void;
  /** `net_move(t)`: moves the pending self-event of instance k to time t. */
  move(type: MechanismType, k: number, t: number): void;
  /** NMODL's `FOR_NETCONS`: the weight vectors of the NetCons onto instance k, in the order they
   * were made (a kernel may change their elements). */
  weights?(type: MechanismType, k: number): readonly Float64Array[];
}

/**
 * The computational hooks of a mechanism. Only `init` is required; a mechanism without a
 * current has no `current`, one without states no `advance`.
 */
export interface MechanismKernels {
  /** NMODL `INITIAL`, called by `finitialize` after v = v_init everywhere and ions are
   * initialised: sets states (typically to their steady state at v). */
  init(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /**
   * NMODL `BREAKPOINT` (its current part), once per step at t + dt/2 with the old v and states.
   * For each instance: evaluate the current I at v + 0.001 and at v, take g = (I1 - I0)/0.001,
   * then `rhs[n] -= I0` and `d[n] += g` (density currents in mA/cm2; point-process currents in nA
   * scaled by `1e2 / area[n]`; an electrode current enters with the opposite sign), and add ion
   * currents and their dI/dv into the ion arrays.
   */
  current?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /** NMODL `SOLVE ... METHOD` blocks: integrate states from t to t + dt with the new v
   * (ctx.t = t + dt). Also writes concentrations the mechanism owns (e.g. `cai`). */
  advance?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /**
   * NMODL `NET_RECEIVE`: an event reaches instance k at time `ctx.t`. `weights` holds the
   * NetCon's weight vector from `offset` on (the block's arguments, in order); `flag` is 0 for
   * NetCon events and the `net_send` flag for self-events.
   */
  netReceive?(m: InstanceData, k: number, weights: Float64Array, offset: number, flag: number,
    nodes: NodeData, ctx: StepContext): void;
  /** NMODL `CONSTRUCTOR`: once for each new instance k, when it is created. */
  construct?(m: InstanceData, k: number): void;
  /** NMODL `BEFORE INITIAL`: `finitialize` calls it before any mechanism's `init`. */
  beforeInitial?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /** NMODL `AFTER INITIAL`: `finitialize` calls it after every `init` (and NET_RECEIVE INITIAL). */
  afterInitial?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /** NMODL `BEFORE BREAKPOINT`: before the currents, each time they are computed (each step at
   * t + dt/2 with the old v, and once in `finitialize`), after rhs and d are zeroed. */
  beforeBreakpoint?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /** NMODL `AFTER SOLVE`: each step after every `advance`, with the new v at t + dt. */
  afterSolve?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /** NMODL `BEFORE STEP`: each step after `afterSolve`, before recordings take their sample,
   * and at the end of `finitialize`, before the first sample. */
  beforeStep?(m: InstanceData, nodes: NodeData, ctx: StepContext): void;
  /**
   * Calls one of the mechanism's {@link MechanismType.methods} (a PROCEDURE or FUNCTION) on
   * instance k from a script, e.g. `stim.noiseFromRandom123(1, 2, 3)`; returns its value (0
   * for a PROCEDURE). `args` are its declared arguments; for a method with `varargs`,
   * `scriptArgs` are all the arguments of the script's call, numbers or objects.
   */
  call?(name: string, m: InstanceData, k: number, args: readonly number[], nodes: NodeData, ctx: StepContext, scriptArgs?: readonly unknown[]): number;
  /**
   * NMODL `LONGITUDINAL_DIFFUSION`: for element `index` of the diffusing state
   * `MechanismType.diffusion[which]`, each instance k's diffusion rate (the statement's
   * expression: diffusion constant times cross-section, um4/ms for concentrations in volumes of
   * um2) into `rate[k]` and its COMPARTMENT volume into `volume[k]`. Core calls it each step,
   * after every `advance`, and solves the diffusion between neighbouring segments itself.
   */
  diffusion?(which: number, index: number, m: InstanceData, nodes: NodeData, ctx: StepContext, rate: Float64Array, volume: Float64Array): void;
  /** The `INITIAL` block inside `NET_RECEIVE`: called by `finitialize`, after every `init`, once
   * for each NetCon that targets instance k, to initialise the NetCon's extra weight elements. */
  netReceiveInit?(m: InstanceData, k: number, weights: Float64Array, offset: number,
    nodes: NodeData, ctx: StepContext): void;
  /**
   * The WebAssembly versions of {@link current} and {@link advance}, for a step loop that runs
   * in WebAssembly (core's, when every active mechanism's instance data is in
   * {@link InstanceData.memory}); null when there are none (no memory, no WebAssembly). Called
   * before each stretch of steps: it brings what the kernels read from the closure up to date
   * (TABLEs, `ctx.dt`, `ctx.celsius`, the instance count) in the memory. Optional.
   * @example
   * ```ts
   * const w = kernels.wasmStep?.(m, nodes, ctx);
   * // in WebAssembly, each step: call_indirect w.current (w.data, t + dt/2), ...
   * ```
   */
  wasmStep?(m: InstanceData, nodes: NodeData, ctx: StepContext): WasmStepKernels | null;
}

/**
 * A mechanism's step kernels as WebAssembly functions (exported by a module that imports
 * {@link InstanceData.memory}), each taking `(data: i32, t: f64)`: the same work, in the same
 * order, as the JavaScript kernel of that name called with `ctx.t = t`.
 */
export interface WasmStepKernels {
  /** The BREAKPOINT kernel, absent when it is JavaScript only. */
  readonly current?: (data: number, t: number) => void;
  /** The SOLVE kernel, absent when it is JavaScript only. */
  readonly advance?: (data: number, t: number) => void;
  /** The kernels' first argument: the address of what they read in the memory. */
  readonly data: number;
}

/**
 * Where a FUNCTION_TABLE reads numbers: an array and the index of the first one, found again at
 * each lookup (as NEURON reads through a pointer, so that a script may change the values after).
 */
export type TableSource = () => readonly [Float64Array, number];

/** One argument of a FUNCTION_TABLE: `size` points, evenly from `min` to `max` or at `points`. */
export type FunctionTableAxis =
  | { readonly size: number; readonly min: number; readonly max: number }
  | { readonly size: number; readonly points: TableSource };

/**
 * The values of an NMODL `FUNCTION_TABLE`, as a script gives them (NEURON's
 * `h.table_<name>_<mechanism>(...)`): one constant, or values over a grid of the arguments (the
 * last argument varies fastest), looked up with NEURON's linear interpolation (in one or two
 * arguments; nearest lower point in more) and held at the ends.
 * @example
 * ```ts
 * const values: FunctionTableValues = { constant: 2.5 };
 * ```
 */
export type FunctionTableValues =
  | { readonly constant: number }
  | { readonly values: TableSource; readonly axes: readonly FunctionTableAxis[] };

/** A mechanism plugin: what a compiled `.mod` file exports. */
export interface MechanismType {
  /** The ABI version the plugin was built for: {@link ABI_VERSION}. */
  readonly abiVersion: typeof ABI_VERSION;
  /** SUFFIX for density mechanisms (`hh`), the class name for point processes (`IClamp`). */
  readonly name: string;
  /** Density mechanism, point process or artificial cell. */
  readonly kind: MechanismKind;
  /** Per-instance variables, in the order `psection()` lists them. */
  readonly fields: readonly FieldSpec[];
  /** Variables shared by every instance in one simulation (`h.<name>_<mechanism>`). */
  readonly globals: readonly GlobalSpec[];
  /** The ion species it reads and writes (NMODL `USEION`), in declaration order. */
  readonly ions: readonly IonUseSpec[];
  /** True for NMODL `ELECTRODE_CURRENT` point processes (IClamp, SEClamp): positive current
   * depolarizes. */
  readonly electrodeCurrent: boolean;
  /** Set for mechanisms the solver implements itself because they change the matrix rather than
   * add currents to it: `'extracellular'` adds layers of extracellular potential to every node
   * (see `@neurite/core`'s `extracellular`). Compiled `.mod` files never set it. */
  readonly solver?: 'extracellular';
  /** NMODL `RANDOM` variables: core gives every instance one stream per name. */
  readonly randoms?: readonly string[];
  /** NMODL `POINTER` variables: each instance reads and writes another variable of the model
   * (`h.setpointer(ref, name, instance)` says which), through {@link InstanceData.pointers}. */
  readonly pointers?: readonly string[];
  /** PROCEDUREs and FUNCTIONs that scripts may call on an instance (point processes and
   * artificial cells), with their number of arguments. */
  readonly methods?: readonly {
    /** The PROCEDURE's or FUNCTION's name, e.g. `rates`. */
    readonly name: string;
    /** Its number of arguments. */
    readonly arity: number;
    /** It takes more arguments than it declares, numbers or objects (its VERBATIM code reads
     * them, e.g. a Random for `setRNG(r)`); the declared ones still must be numbers. */
    readonly varargs?: boolean;
  }[];
  /** Number of f64 values the kernels want for data of their own in the WebAssembly memory
   * ({@link InstanceData.scratch}), e.g. lookup tables; 0 when absent. */
  readonly scratch?: number;
  /** Number of arguments of `NET_RECEIVE` (the NetCon weight vector length), 0 when none. */
  readonly netReceiveArgs?: number;
  /**
   * NMODL `LONGITUDINAL_DIFFUSION`: STATE fields (an array field: each element) that diffuse
   * between neighbouring segments of the sections that have the mechanism, in the order core
   * solves them (see {@link MechanismKernels.diffusion}).
   */
  readonly diffusion?: readonly {
    /** The state's field, e.g. `ca`. */
    readonly field: string;
  }[];
  /** NMODL `FUNCTION_TABLE`s: functions whose values scripts give (`h.table_<name>_<mechanism>`,
   * for point processes `pp.table_<name>`), with their number of arguments. */
  readonly functionTables?: readonly {
    /** The function's name, e.g. `tau`. */
    readonly name: string;
    /** Its number of arguments. */
    readonly arity: number;
  }[];
  /**
   * Gives the FUNCTION_TABLE `name` its values, for every instance in the process (as NEURON's
   * tables, one per mechanism). Present when {@link MechanismType.functionTables} is.
   * @example
   * ```ts
   * type.setFunctionTable?.('tau', { constant: 2.5 });
   * ```
   */
  setFunctionTable?(name: string, values: FunctionTableValues): void;
  /**
   * For point processes that count events (NEURON's APCount): instances get `record(vec)`, and
   * core, after `finitialize` and after every step, keeps `vec` as NEURON's APCount keeps it:
   * when the field `count` has grown to n, the vector gets size n and its last element the field
   * `time`. (NMODL has no Vector type, so a `.mod` file cannot say this itself.)
   */
  readonly eventRecord?: {
    /** The field that counts the events, e.g. `n`. */
    readonly count: string;
    /** The field that holds the last event's time [ms], e.g. `time`. */
    readonly time: string;
  };
  /** Where it came from: the `.mod` file name and its TITLE. */
  readonly source?: {
    /** The `.mod` file's name, e.g. `hh.mod`. */
    readonly file?: string;
    /** The file's TITLE line. */
    readonly title?: string;
  };
  /** Creates this mechanism's kernels for one simulation. Called once per simulation before the
   * first `finitialize` that needs it; it may allocate (tables, scratch), the kernels may not. */
  createKernels(): MechanismKernels;
  /**
   * Makes ready what the plugin makes on first use (e.g. compiles its WebAssembly module), so
   * that a run does not wait for it: core calls it when a model first uses the mechanism (an
   * insert, a point process). Optional; calling it again does nothing.
   * @example
   * ```ts
   * hh.prepare?.(); // compiles hh's WebAssembly kernels once per process
   * ```
   */
  prepare?(): void;
}
