import type { InstanceData, MechanismKernels, MechanismType, NodeData, RandomStream, StepContext } from './abi.js';
import { rangeVarName, type Catalogue } from './catalogue.js';
import { NeuriteError, shown } from './errors.js';
import { PointProcess } from './model/point-process.js';
import type { PsectionResult } from './model/psection.js';
import type { PointLocation } from './h.js';
import { Section, checkX, formatX, trueParent, type SectionImpl, type SectionOptions } from './model/section.js';
import { RangeVar, SegmentBase, arrayView, ionView, type MechanismView, type Segment } from './model/segment.js';
import { setInspect } from './inspect.js';
import { InstanceHandle, MechanismStore, unsetPointer } from './model/store.js';
import { Reference } from './recording/reference.js';
import { VectorImpl, makeVector, vectorImpl, type Recorder, type Vector } from './recording/vector.js';
import { ION_KEYS, ION_STYLE_EINIT, ION_STYLE_WRITES_CI, ION_STYLE_WRITES_CO, ION_UNITS, IonState, KNOWN_IONS, ionNames, ionUse, ionWrites, nernst, promoteIonStyle, unknownSpecies } from './solver/ions.js';
import { Layout, keptSegment, relocatedSegment, sectionOrder, segmentIndex } from './solver/layout.js';
import { arenaBytes, wasmModule as solveModule } from './solver/hines.js';
import { ExtracellularSystem, NLAYER } from './solver/extracellular.js';
import { LongitudinalDiffusion } from './solver/diffusion.js';
import { HOOK_NERNST, HOOK_SECOND_ORDER, STEPS_DONE, STEPS_NAN, STOP_CROSSED, STOP_EVENT, STOP_FULL, StepProgram, stepperModule, type StepCall } from './solver/stepper.js';
import { Random123Context, Random123Stream } from './random/stream.js';
import { Random } from './random/random.js';
import { libcRandom } from './random/libc.js';
import { topologyText } from './model/topology.js';
import { SectionList } from './model/section-list.js';
import { GidTable, ParallelContext } from './run/parallel.js';
import { List } from './model/hoc-list.js';
import { SectionRef } from './model/section-ref.js';
import { functionTableValues } from './model/function-table.js';
import { connectionPoint, stylizedPoints, translatePoints } from './geometry/pt3d.js';
import { importMorphology, type MorphologySpec } from './morphology/import3d.js';
import { EventQueue, type QueuedEvent, type TimedEvent } from './run/events.js';
import { Detector, NetCon, pointRecordsOf, type NetConHost } from './run/netcon.js';
import type { EventServices } from './abi.js';

/** A handler of {@link Simulation.FInitializeHandler}. */
export interface FInitializeHandler {
  /** When it runs in `finitialize`: 0, 1, 2 or 3. */
  readonly type: number;
  /** Stops it from running. */
  remove(): void;
}

/** Trailing options of `h.NetCon(...)`, as NEURON's Python keyword arguments. */
/** The arguments of {@link Simulation.distance}: `(seg)`, `(0 | 1, seg)`, `(seg1, seg2)`, or with the
 * section last, `({ sec })`, `(x, { sec })`, `(0 | 1, x, { sec })`. */
export type DistanceArgs =
  | [seg: Segment] | [mode: number, seg: Segment] | [a: Segment, b: Segment]
  | [options: { sec: Section }] | [x: number, options: { sec: Section }] | [mode: number, x: number, options: { sec: Section }];

export interface NetConOptions {
  /** The section of a watched voltage (NEURON's `sec=`); accepted for compatibility. */
  sec?: Section;
}

/** A NetCon's source: a variable to watch (`seg._ref_v`), a point process that fires, or null. */
export type NetConSource = Reference | PointProcess | null;

/** Sections made from a morphology file. */
export interface LoadedMorphology {
  /** In NEURON's creation order. */
  readonly sections: Section[];
  /** By name: `soma[0]`, `dend[3]`, ... */
  readonly byName: Record<string, Section>;
  /** By type name: `soma`, `axon`, `dend`, `apic`, ... (the names without the index). */
  readonly groups: Record<string, Section[]>;
  /** Import3d's warnings (disconnected trees, one-point or zero-length sections removed, ...). */
  readonly warnings: readonly {
    /** The warning's code, a `MorphologyWarningCode` (e.g. `DISCONNECTED_TREE`). */
    readonly code: string;
    /** A description for people. */
    readonly message: string;
  }[];
}

/**
 * NEURON's `topol_distance`: the path length [um] between the nodes of two locations (a
 * location is measured at its node: the centre of its segment, or an end), as NEURON sums it:
 * the section later in `order` steps up to its parent (adding its node's distance from the
 * section's attached end) until both are in one section, then the two nodes' difference there.
 * Locations in different trees are 1e20 apart, as in NEURON.
 */
function pathDistance(a: Segment, b: Segment, order: ReadonlyMap<SectionImpl, number>): number {
  const length = (sec: SectionImpl): number => (sec._pt3d.length === 1 ? 1e-9 : sec._L);
  // A node as its section and its place from the connection end: -1 the connection end (the
  // parent's node there), nseg the far end, else a segment.
  const place = (sec: SectionImpl, x: number): number => {
    const xp = sec._childEnd === 1 ? 1 - x : x;
    if (xp <= 0) return -1;
    if (xp >= 1) return sec._nseg;
    const j = segmentIndex(x, sec._nseg);
    return sec._childEnd === 1 ? sec._nseg - 1 - j : j;
  };
  const nodeDist = (sec: SectionImpl, p: number): number => (p < 0 ? 0 : p === sec._nseg ? length(sec) : length(sec) * ((p + 0.5) / sec._nseg));
  // Steps up: the node where the section attaches, in its parent (null past a root, whose node
  // is the root's own).
  const up = (sec: SectionImpl): { sec: SectionImpl | null; p: number } => {
    const parent = sec._parent;
    return parent ? { sec: parent.sec, p: place(parent.sec, parent.x) } : { sec: null, p: -1 };
  };
  let s1: SectionImpl | null = a.sec as unknown as SectionImpl;
  let p1 = place(s1, a.x);
  let s2: SectionImpl | null = b.sec as unknown as SectionImpl;
  let p2 = place(s2, b.x);
  let root1: SectionImpl | null = null;
  let root2: SectionImpl | null = null;
  let d = 0;
  while (s1 !== s2) {
    if (s1 === null || (s2 !== null && order.get(s2)! >= order.get(s1)!)) {
      d += nodeDist(s2!, p2);
      root2 = s2;
      ({ sec: s2, p: p2 } = up(s2!));
    } else {
      d += nodeDist(s1, p1);
      root1 = s1;
      ({ sec: s1, p: p1 } = up(s1));
    }
  }
  if (s1 === null) return root1 === root2 ? d : 1e20;
  if (p1 !== p2) {
    const x1 = nodeDist(s1, p1);
    const x2 = nodeDist(s1, p2);
    d += x1 < x2 ? x2 - x1 : x1 - x2;
  }
  return d;
}

/** Options of a {@link Simulation}. */
export interface SimulationOptions {
  /** The mechanisms it can use. */
  catalogue: Catalogue;
  /** Where `topology()` and other printing goes; defaults to `console.log` (without the final newline). */
  print?: (text: string) => void;
  /** `false` solves the tree matrix in JavaScript and keeps every array in JavaScript memory
   * even where WebAssembly is available (kernels then see no `InstanceData.memory`); the
   * numbers are the same to the last bit. Defaults to true. */
  wasm?: boolean;
  /** `false` keeps the step loop in JavaScript where it could run in WebAssembly (see
   * `solver/stepper.ts`); the numbers are the same to the last bit. Defaults to true. */
  wasmSteps?: boolean;
}

/** A run observer: optional hooks a simulation calls as it runs (e.g. a streaming writer). */
export interface RunObserver {
  /** After `finitialize`, once recordings took their first sample. */
  onInit?(): void;
  /** After each time step, once recordings sampled. */
  onStep?(): void;
  /** When `continuerun` or `run` returns. */
  onFinish?(): void;
}

interface Recording {
  vec: VectorImpl;
  ref: Reference;
  interval: number | undefined;
  array: Float64Array;
  index: number;
  next: number;
}

interface Play {
  vec: VectorImpl;
  ref: Reference;
  /** Times of the values, or the interval between them [ms]. */
  times: VectorImpl | number;
  continuous: boolean;
  array: Float64Array;
  index: number;
  /** Next element to apply (step play). */
  next: number;
  /** Upper point of the current interpolation interval (continuous play). */
  interval: number;
  /** The times of a play every Dt, as sums (see playTime). */
  sums?: number[];
}

/** The weights of an event that is not a NetCon's (a play's value, a recording's sample). */
const EMPTY_WEIGHTS = new Float64Array(0);

/** hoc's float_epsilon: its comparisons (`t < ts` in stdrun's loops) are true only beyond it. */
const HOC_EPSILON = 1e-11;

/** A kernel that adds currents (`MechanismKernels.current`) or advances states (`advance`). */
type StepKernel = NonNullable<MechanismKernels['current']>;

/** Marks the errors of goneSegment (a reference whose node NEURON freed). */
const SEGMENT_GONE_MARK = Symbol('neurite.segmentGone');

/**
 * Points each watcher (detector, play, recording) at its variable's current storage. A watcher
 * whose node NEURON freed (its section's nseg changed) is left out of the list returned, as
 * NEURON drops it; its vector keeps what it has. `moved`: some watcher's storage changed, or one
 * went.
 */
function resolveAll<W extends { ref: Reference; array: Float64Array; index: number }>(list: readonly W[]): { list: W[]; moved: boolean } {
  let kept: W[] | undefined;
  let moved = false;
  for (let j = 0; j < list.length; j++) {
    const w = list[j]!;
    let at: readonly [Float64Array, number];
    try {
      at = w.ref._resolve();
    } catch (e) {
      if (!(e instanceof NeuriteError && (e as unknown as Record<symbol, unknown>)[SEGMENT_GONE_MARK] === true)) throw e;
      kept ??= list.slice(0, j);
      continue;
    }
    if (w.array !== at[0] || w.index !== at[1]) {
      w.array = at[0];
      w.index = at[1];
      moved = true;
    }
    kept?.push(w);
  }
  return { list: kept ?? (list as W[]), moved: moved || kept !== undefined };
}

interface NodeArrays {
  v: Float64Array;
  rhs: Float64Array;
  d: Float64Array;
  icap: Float64Array;
}

/** The time of element i of a play [ms]. */
function playTime(p: Play, i: number): number {
  if (typeof p.times !== 'number') return p.times.data[i];
  // (Every Dt: NEURON sends each event at the last one's time plus Dt, so the times are sums.)
  const sums = (p.sums ??= [0]);
  while (sums.length <= i) sums.push(sums[sums.length - 1]! + p.times);
  return sums[i]!;
}

/** The value of a continuous play at time t, as NEURON's continuous play: linear interpolation
 * on the interval of points around t (after the last of equal times), the first value before
 * the start, the last interval's line extended past the end. With `search` false the interval
 * found by the previous call is kept (NEURON re-evaluates at the end of a step on the interval
 * it found at the step's midpoint). */
function playValueAt(p: Play, t: number, search = true): number {
  const y = p.vec.data;
  const n = p.vec.length;
  if (n === 0) return p.array[p.index];
  if (search) {
    if (n === 1 || t <= playTime(p, 0)) {
      p.interval = 0;
    } else if (t >= playTime(p, n - 1)) {
      p.interval = n - 1;
    } else {
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (playTime(p, mid) <= t) lo = mid;
        else hi = mid;
      }
      p.interval = hi;
    }
  }
  const hi = p.interval;
  if (hi === 0) return y[0];
  const t0 = playTime(p, hi - 1);
  const t1 = playTime(p, hi);
  const x0 = y[hi - 1];
  const x1 = y[hi];
  if (t0 === t1) return (x0 + x1) / 2;
  return x0 + (x1 - x0) * ((t - t0) / (t1 - t0));
}

/** The index of a live instance; for a reference taken from an instance that was removed since
 * (its section's nseg changed, the mechanism was uninserted), an error instead of another
 * instance's value. */
function liveIndex(h: InstanceHandle, label: string): number {
  if (!h.alive) {
    throw new NeuriteError('MECHANISM_NOT_INSERTED', `${label} no longer exists (the mechanism was removed, or its section's nseg changed): take the reference again, e.g. seg.mech._ref_x`);
  }
  return h.index;
}

/** The kernels of NMODL's BEFORE and AFTER blocks. */
const BA_KERNELS = ['beforeInitial', 'afterInitial', 'beforeBreakpoint', 'afterSolve', 'beforeStep'] as const;

/**
 * One independent model and its solver: sections, mechanisms, point processes, recordings and
 * run control. `createH()` wraps one in NEURON's `h` interface; most users never touch it directly.
 *
 * @example
 * ```ts
 * const sim = new Simulation({ catalogue });
 * const soma = sim.Section({ name: 'soma' });
 * sim.finitialize(-65);
 * sim.continuerun(10);
 * ```
 */
export class Simulation implements Recorder, NetConHost {
  /** The mechanisms this simulation can use. */
  catalogue: Catalogue;
  /** Time step [ms]. */
  dt = 0.025;
  /** Temperature [degC]. */
  celsius = 6.3;
  /** 0: implicit Euler; 2: Crank-Nicolson with ion current correction. */
  secondorder = 0;
  /** Stop time for `run()` [ms] (stdrun's default 5). */
  tstop = 5;
  /** Initial potential for `run()` [mV]. */
  v_init = -65;
  /** Steps per ms used by `setdt()` (stdrun's default 40). */
  steps_per_ms = 40;
  /** Time steps per `continuerun` loop iteration, set by `setdt()`. */
  nstep_steprun = 1;
  /** stdrun's `stoprun`: set to 1 (in a `cvode.event` callback, say), it ends `continuerun` and
   * `psolve` after the step at hand; `continuerun` sets it back to 0 when it starts. */
  stoprun = 0;

  readonly #time = new Float64Array(1);
  readonly #print: (text: string) => void;
  readonly #wasm: boolean;
  readonly #wasmSteps: boolean;
  /** The step loop in WebAssembly for the current layout, kernels and recordings: undefined
   * until made, null where the step runs in JavaScript (see {@link #stepProgram}). */
  #program: StepProgram | null | undefined;
  /** The block of the solver's memory the step program works in, and its recordings' capacity. */
  #stepBlock: Float64Array | undefined;
  #stepCapacity = 0;
  readonly #sections: SectionImpl[] = [];
  readonly #stores = new Map<string, MechanismStore>();
  readonly #ions = new Map<string, IonState>();
  #recordings: Recording[] = [];
  /** How many of the recordings have an interval (see #sampleIntervals). */
  #intervalRecordings = 0;
  /** Event counters' `record(vec)` (see MechanismType.eventRecord): the point process, its
   * count and time fields, the vector, and the count when last seen. */
  readonly #eventRecords: { p: PointProcess; count: number; time: number; vec: VectorImpl; seen: number }[] = [];
  #plays: Play[] = [];
  #continuousPlays: Play[] = [];
  /** Run observers (an array: iterating it allocates nothing per step). */
  #observers: RunObserver[] = [];
  readonly #pointCounts = new Map<string, number>();
  readonly #pointProcesses = new Set<PointProcess>();
  #layout: Layout | undefined;
  #nodes: NodeArrays = { v: new Float64Array(0), rhs: new Float64Array(0), d: new Float64Array(0), icap: new Float64Array(0) };
  #nodeData: NodeData = { v: this.#nodes.v, rhs: this.#nodes.rhs, d: this.#nodes.d, area: new Float64Array(0) };
  #version = 0;
  /** The {@link #version} POINTERs were last resolved at (-1: never). */
  #pointersVersion = -1;
  #recordVersion = -1;
  #nextSectionId = 0;
  readonly #segmentClass: typeof SegmentBase;
  /** Section.prototype plus this simulation's range-variable accessors (`sec.g_pas`). */
  readonly #sectionProto: object = Object.create(Section.prototype) as object;
  readonly #viewClasses = new Map<string, new (handle: InstanceHandle, label: string, follow?: () => SegmentBase | null, sec?: SectionImpl) => object>();
  readonly #pointClasses = new Map<string, new (sim: Simulation, type: MechanismType, serial: number) => PointProcess>();
  readonly #queue = new EventQueue();
  readonly #netcons: NetCon[] = [];
  readonly #detectors = new Map<string, Detector[]>();
  /** The detectors as an array, for the per-step threshold check. */
  #detectorList: Detector[] = [];
  readonly #pointOfHandle = new Map<InstanceHandle, PointProcess>();
  #netconSerial = 0;
  /** The Random123 global index shared by this simulation's streams (h.Random and RANDOM). */
  readonly random123 = new Random123Context();
  #streamSerial = 0;
  /** The ParallelContext gids. */
  readonly #gids = new GidTable();
  /** Weights of the event being delivered: a `net_send` from NET_RECEIVE carries them on. */
  #deliveringWeights: Float64Array | undefined;
  readonly #events: EventServices = {
    send: (type, k, delay, flag) => {
      const target = this.#pointAt(type, k);
      if (!(delay >= 0)) {
        throw new NeuriteError('INVALID_VALUE', `${target.hname()}: net_send with delay ${delay} ms would schedule an event in the past; delays must be >= 0`);
      }
      this.#queue.push({ time: this.#ctx.t + delay, target, weights: this.#deliveringWeights ?? new Float64Array(Math.max(1, type.netReceiveArgs ?? 1)), flag, netcon: undefined, sent: this.#ctx.t });
    },
    fire: (type, k, t) => {
      const source = this.#pointAt(type, k);
      // (One record per source, as NEURON's PreSyn of the point process.)
      const records = pointRecordsOf(source);
      if (records.size !== 0) for (const r of records) r._push(t);
      for (const nc of this.#netcons) {
        if (nc._sourcePoint !== source) continue;
        if (nc.active() && nc._target) this.#queue.push({ time: t + nc.delay, target: nc._target, weights: nc.weight, flag: 0, netcon: nc, sent: t });
      }
    },
    weights: (type, k) => {
      const target = this.#pointAt(type, k);
      const out: Float64Array[] = [];
      for (const nc of this.#netcons) if (nc._target === target) out.push(nc.weight);
      return out;
    },
    move: (type, k, t) => {
      const e = this.#queue.lastSelfEvent(this.#pointAt(type, k));
      if (e) this.#queue.move(e, t);
    },
  };
  readonly #ctx: { t: number; dt: number; celsius: number; secondorder: number; events: EventServices; newStream: (id1: number, id2: number, id3: number) => RandomStream; libc: typeof libcRandom } = {
    t: 0, dt: 0.025, celsius: 6.3, secondorder: 0, events: this.#events,
    newStream: (id1, id2, id3) => new Random123Stream(id1, id2, id3, this.random123),
    libc: libcRandom,
  };

  constructor(options: SimulationOptions) {
    this.catalogue = options.catalogue;
    this.#print = options.print ?? ((text) => console.log(text.endsWith('\n') ? text.slice(0, -1) : text));
    this.#wasm = options.wasm !== false;
    this.#wasmSteps = options.wasmSteps !== false;
    // The solver's WebAssembly, compiled once per process (here rather than in the first run).
    if (this.#wasm) {
      solveModule();
      if (this.#wasmSteps) stepperModule();
    }
    this.#segmentClass = class Segment extends SegmentBase {};
    for (const type of this.catalogue) this.#installAccessors(type);
  }

  // ---------------------------------------------------------------- model ---

  /** Makes a section (`h.Section({ name: 'soma' })`, `h.Section('soma')`, or one of a cell's:
   * `h.Section({ name: 'soma', cell })`, named `${String(cell)}.soma`). */
  Section(options?: SectionOptions | string): Section {
    const own = typeof options === 'string' ? options : options?.name;
    const cell = typeof options === 'object' ? options.cell ?? null : null;
    if (cell !== null && (typeof cell !== 'object' && typeof cell !== 'function')) {
      throw new NeuriteError('INVALID_ARGUMENT', `h.Section({ cell }): cell must be the object the section belongs to, got ${String(cell)}`);
    }
    const sim = this;
    const fn = function section(x = 0.5): Segment {
      return sim._segment(fn as unknown as SectionImpl, x);
    };
    Object.setPrototypeOf(fn, this.#sectionProto);
    Object.defineProperty(fn, 'name', { value: undefined });
    delete (fn as { name?: unknown }).name;
    const s = fn as unknown as SectionImpl;
    const id = this.#nextSectionId++;
    const name = own ?? `__nrnsec_${id}`;
    Object.assign(s, {
      _sim: this, _id: id, _name: cell !== null ? `${String(cell)}.${name}` : name, _cell: cell, _L: 100, _Ra: 35.4, _nseg: 1, _diam: [500], _cm: [1],
      _parent: null, _childEnd: 0, _lastX: 0, _carry: null, _nsegChanges: [], _children: [], _mechs: new Map(), _pointProcesses: new Set(), _ionStyles: new Map(), _propOrder: [], _deleted: false,
      _pt3d: [], _arc: new Float64Array(0), _logical: null,
    });
    this.#sections.push(s);
    this._invalidate();
    return s;
  }

  /** Makes a section list (NEURON's `h.SectionList()`), optionally filled. */
  SectionList(sections?: Iterable<Section>): SectionList {
    return new SectionList(sections);
  }

  /**
   * Reads an SWC or Neurolucida ASCII morphology (by file name extension, or by content) and
   * makes its sections as NEURON's Import3d does: names `soma[0]`, `dend[3]`, `axon[0]`, `apic[12]`,
   * the same parents, connection points and 3-D points. Returns the sections by name and by type.
   */
  loadMorphology(text: string, filename: string): LoadedMorphology {
    const spec = importMorphology(text, filename);
    return this.instantiateMorphology(spec);
  }

  /** Makes the sections of an imported morphology (see {@link loadMorphology}). */
  instantiateMorphology(spec: MorphologySpec): LoadedMorphology {
    const byName: Record<string, Section> = {};
    for (const m of spec.sections) byName[m.name] = this.Section({ name: m.name });
    const specOf = new Map(spec.sections.map((m) => [m.name, m]));
    for (const name of spec.connectionOrder) {
      const m = specOf.get(name)!;
      if (m.parent !== null) byName[name].connect(byName[m.parent](m.parentX), m.childEnd);
    }
    for (const m of spec.sections) {
      const sec = byName[m.name];
      (sec as SectionImpl)._pt3daddAll(m.points);
      if (m.logicalConnection) sec.pt3dstyle(1, ...m.logicalConnection);
    }
    const groups: Record<string, Section[]> = {};
    for (const m of spec.sections) (groups[m.name.replace(/\[\d+\]$/, '')] ??= []).push(byName[m.name]);
    return { sections: spec.sections.map((m) => byName[m.name]), byName, groups, warnings: spec.warnings };
  }

  /**
   * NEURON's `define_shape()`: gives every section 3-D points, parents first. A section without
   * any gets NEURON's stylized shape ({@link stylizedPoints}): a root starts at (0, 0, 100 i) (i its
   * place among the roots) along the x axis; a child starts where it attaches on the straight line
   * between its parent's first and last points ({@link connectionPoint}), along the parent's
   * direction (backwards from the parent's first half, at a right angle from its middle), fanned
   * out over 0.8 rad when several children attach at the same place. A section with points is moved
   * so that it starts there (or, with `pt3dstyle`, so that its logical start is there). L and the
   * diameters stay as they were, up to the single precision of the points. Returns 1.
   * @example
   * ```ts
   * dend.connect(soma(1));
   * h.define_shape();
   * dend.n3d(); // dend.nseg + 2
   * ```
   */
  define_shape(): number {
    const order = sectionOrder(this.#sections);
    order.forEach((sec, i) => {
      const p = sec._parent;
      // Where the section starts, and the direction it continues (NEURON keeps these in floats).
      let start: [number, number, number] = [0, 0, Math.fround(100 * i)];
      let dx = 1, dy = 0;
      if (p) {
        const pts = p.sec._pt3d;
        const reversed = p.sec._childEnd === 1;
        start = connectionPoint(pts, p.x, reversed);
        dx = Math.fround(pts[pts.length - 1][0] - pts[0][0]);
        dy = Math.fround(pts[pts.length - 1][1] - pts[0][1]);
        if ((reversed ? 1 - p.x : p.x) < 0.5) { dx = -dx; dy = -dy; }
      }
      if (sec._pt3d.length > 0) {
        if (!p) return;
        const from = sec._logical ?? sec._pt3d[0];
        sec._pt3d = translatePoints(sec._pt3d, start[0] - from[0], start[1] - from[1], start[2] - from[2]);
        if (sec._logical) sec._logical = start;
        return;
      }
      let angle = 0;
      if (Math.abs(dy) < 1e-6 && Math.abs(dx) < 1e-6) {
        this.#print(`nrn_define_shape: ${p!.sec._name} first and last 3-d point at same (x,y)\n`);
      } else {
        angle = Math.fround(Math.atan2(dy, dx));
      }
      // (A root keeps the place it was last attached at, as NEURON does: it turns one too.)
      const x = p ? p.x : sec._lastX;
      if (x > 0 && x < 1) angle = Math.fround(angle + Math.PI / 2);
      if (p) {
        // Siblings at the same place fan out, in the order of their parent's list of children.
        const same = p.sec._children.filter((c) => c._parent!.x === x);
        if (same.length > 1) angle = Math.fround(angle + (same.indexOf(sec) / (same.length - 1)) * 0.8 - 0.4);
      }
      const n = sec._nseg;
      const diams = Array.from({ length: n }, (_, j) => sec._diam[sec._childEnd === 1 ? n - 1 - j : j]);
      const shape = stylizedPoints(start, angle, sec._L, diams);
      sec._pt3d = shape.points;
      sec._arc = shape.arc;
      sec._refreshFromPoints();
    });
    this._invalidate();
    return 1;
  }

  /**
   * NEURON's `h.distance`: `distance(seg1, seg2)` is the path length between two locations [um];
   * `distance(0, seg)` sets the origin and `distance(seg)` (or `distance(1, seg)`) measures from it.
   * NEURON's forms that name the section last work too: `distance({ sec })` sets the origin at
   * sec(0), `distance(x, { sec })` measures to sec(x), `distance(0 | 1, x, { sec })`.
   * @example
   * ```ts
   * h.distance(0, soma(0.5));
   * h.distance(dend(1));              // [um] from soma(0.5)
   * h.distance(1, { sec: dend });     // the same
   * ```
   */
  distance(...args: DistanceArgs): number {
    const last = args[args.length - 1];
    if (typeof last === 'object' && last !== null && !(last instanceof SegmentBase)) {
      const sec = (last as { sec?: unknown }).sec;
      if (!(sec instanceof Section)) {
        throw new NeuriteError('INVALID_ARGUMENT', `h.distance(..., { sec }): sec must be a section, got ${String(sec)}`);
      }
      const rest = args.slice(0, -1) as number[];
      if (rest.length === 0) return this.#distance(0, sec(0));
      if (rest.length === 1) return this.#distance(sec(rest[0]));
      return this.#distance(rest[0], sec(rest[1]));
    }
    return this.#distance(...(args as [Segment | number, Segment?]));
  }

  #distance(a: Segment | number, b?: Segment): number {
    if (typeof a === 'number') {
      if (!b) throw new NeuriteError('INVALID_ARGUMENT', 'h.distance(0, seg) sets the origin; h.distance(1, seg) measures from it');
      if (a === 0) {
        this.#distanceOrigin = b;
        return 0;
      }
      a = b;
      b = undefined;
    }
    if (!b) {
      if (!this.#distanceOrigin) throw new NeuriteError('INVALID_ARGUMENT', 'no distance origin: call h.distance(0, seg) first, or give two segments');
      return pathDistance(this.#distanceOrigin, a, this.#sectionOrder());
    }
    return pathDistance(a, b, this.#sectionOrder());
  }

  #distanceOrigin: Segment | undefined;

  /** Each section's place in NEURON's section order (parents first, see sectionOrder), made again
   * only after a change to the model (a cell's channels placed by distance ask it per segment). */
  #sectionOrder(): Map<SectionImpl, number> {
    const c = this.#orderCache;
    if (c !== undefined && c.version === this.#version) return c.order;
    const order = new Map(sectionOrder(this.#sections).map((sec, i) => [sec, i]));
    this.#orderCache = { version: this.#version, order };
    return order;
  }

  #orderCache: { readonly version: number; readonly order: Map<SectionImpl, number> } | undefined;

  /** Every section, in creation order (NEURON's `h.allsec()`). */
  allsec(): Section[] {
    return [...this.#sections];
  }

  /** Removes a section; its children become roots, its point processes lose their location. */
  delete_section(sec: Section): void {
    const s = sec as SectionImpl;
    if (s._deleted) return;
    for (const c of [...s._children]) this._disconnect(c);
    if (s._parent) this._disconnect(s);
    for (const name of [...s._mechs.keys()]) this._uninsert(s, name);
    for (const p of [...s._pointProcesses]) {
      s._pointProcesses.delete(p);
      p._sec = null;
    }
    s._deleted = true;
    this.#sections.splice(this.#sections.indexOf(s), 1);
    this._invalidate();
  }

  /** Makes a recording vector (`h.Vector()`, `h.Vector(array)`, `h.Vector(n)`, or `h.Vector(n, value)`:
   * n elements equal to value). */
  Vector(init?: ArrayLike<number> | Iterable<number> | number, value?: number): Vector {
    return makeVector(new VectorImpl(this, init, value));
  }

  /** @internal `record(vec)` of a point process that counts events (MechanismType.eventRecord). */
  _eventRecord(p: PointProcess, count: number, time: number, vec: Vector | undefined): void {
    const i = this.#eventRecords.findIndex((r) => r.p === p);
    if (i >= 0) this.#eventRecords.splice(i, 1);
    if (vec !== undefined) {
      const impl = vectorImpl(vec);
      impl.label = `${p.hname()} event times`;
      impl.unit = 'ms';
      this.#eventRecords.push({ p, count, time, vec: impl, seen: p._handle.get(count) });
    }
    this.#program = undefined;
  }

  /** After finitialize (`init`: the vectors start empty) and every step: each counter that counted
   * past what was seen sets its vector's size to the count and its last element to the time. */
  #sampleEventRecords(init: boolean): void {
    for (const r of this.#eventRecords) {
      if (init) r.vec.resize(0);
      const n = r.p._handle.get(r.count);
      if (n > r.seen || (init && n > 0)) {
        r.vec.resize(Math.trunc(n));
        if (n >= 1) r.vec.data[Math.trunc(n) - 1] = r.p._handle.get(r.time);
      }
      r.seen = n;
    }
  }

  /** @internal Recorder: where `vec.printf()` prints (the simulation's print function). */
  _print(text: string): void {
    this.#print(text);
  }

  /** Makes a point process of a catalogue type at a segment (`h.IClamp(soma(0.5))`), or at x of a
   * section (`h.IClamp(0.5, { sec: soma })`), or without a location (`h.IClamp()`, placed later
   * with `loc`, as in NEURON); an artificial cell takes no location. */
  pointProcess(typeName: string, ...at: PointLocation | [seg?: Segment]): PointProcess {
    const type = this.catalogue.get(typeName);
    if (type.kind === 'density') {
      throw new NeuriteError('NOT_A_DENSITY_MECHANISM',
        `'${typeName}' is a density mechanism, not a point process: use sec.insert('${typeName}')`);
    }
    let seg: Segment | undefined;
    if (typeof at[0] === 'number') {
      const sec = (at[1] as { sec?: unknown } | undefined)?.sec;
      if (!(sec instanceof Section)) {
        throw new NeuriteError('INVALID_ARGUMENT', `h.${typeName}(${at[0]}) needs its section too: h.${typeName}(soma(${at[0]})) or h.${typeName}(${at[0]}, { sec: soma })`);
      }
      seg = sec(at[0]);
    } else {
      seg = at[0];
    }
    // (`h.IClamp()`: made without a location, as NEURON's; `loc` places it.)
    if (type.kind === 'point' && seg !== undefined && !(seg instanceof SegmentBase)) {
      throw new NeuriteError('INVALID_ARGUMENT', `h.${typeName}(seg) needs a segment such as soma(0.5), got ${String(seg)}`);
    }
    if (type.kind === 'point' && seg !== undefined && (seg.sec as SectionImpl)._deleted) {
      throw new NeuriteError('DELETED_SECTION', `section '${(seg!.sec as SectionImpl)._name}' was deleted`);
    }
    const serial = this.#pointCounts.get(typeName) ?? 0;
    this.#pointCounts.set(typeName, serial + 1);
    const Cls = this.#pointClasses.get(typeName)!;
    const p = new Cls(this, type, serial);
    this.#pointProcesses.add(p);
    if (type.kind === 'point' && seg !== undefined) this._placePoint(p, seg);
    // A misspelt variable (`stim.amps = 1`) is an error, as in NEURON, not a new property.
    Object.preventExtensions(p);
    return p;
  }

  /**
   * NEURON's `h.setpointer(ref, name, instance)`: connects the POINTER `name` of a point process
   * or of a segment's density mechanism (`seg.gapd`) to what `ref` refers to. Returns 0.
   * @example
   * ```ts
   * sim.setpointer(b(0.5)._ref_v, 'vgap', a(0.5).gapd);
   * ```
   */
  setpointer(ref: Reference, name: string, instance: PointProcess | MechanismView): number {
    const view = instance as unknown as { _handle?: unknown; _label?: unknown } | null;
    if (instance instanceof PointProcess) this._setPointer(instance._handle, instance.hname(), name, ref);
    else if (view?._handle instanceof InstanceHandle && typeof view._label === 'string') this._setPointer(view._handle, view._label, name, ref);
    else {
      throw new NeuriteError('INVALID_ARGUMENT', `setpointer(ref, '${name}', instance): instance must be a point process or a segment's mechanism such as soma(0.5).gap, got ${String(instance)}`);
    }
    return 0;
  }

  /**
   * Makes a NetCon (NEURON's `h.NetCon`): from a watched variable (`seg._ref_v`), a point
   * process that fires, or null, to a target with NET_RECEIVE (or null, to record spikes only).
   * Positional `threshold` [mV], `delay` [ms], `weight` as NEURON; trailing `{ sec }` options.
   */
  NetCon(source: NetConSource, target: PointProcess | null, ...rest: (number | NetConOptions | undefined)[]): NetCon {
    const nums = rest.filter((x): x is number => typeof x === 'number');
    if (target !== null && !(target instanceof PointProcess)) {
      throw new NeuriteError('INVALID_ARGUMENT', `the target of a NetCon must be a point process or artificial cell (or null), got ${String(target)}`);
    }
    if (target) {
      const store = this.#store(target.type);
      store.kernels ??= target.type.createKernels();
      if (!store.kernels.netReceive) {
        throw new NeuriteError('INVALID_ARGUMENT',
          `${target.hname()} cannot receive events: ${target.type.name} has no NET_RECEIVE block; connect the NetCon to a synapse such as ExpSyn, or pass null as the target to only record spikes`);
      }
    }
    let detector: Detector | undefined;
    let sourcePoint: PointProcess | null = null;
    if (source instanceof Reference) {
      // One detector per variable: the same label and owner (sections of the same name differ),
      // or v at the same node (soma(0.3)._ref_v and soma(0.4)._ref_v with nseg 1; dend(0) and
      // soma(1)), as NEURON finds its PreSyn by the variable's address when the NetCon is made.
      const sameLabel = this.#detectors.get(source.label);
      detector = sameLabel?.find((d) => d.ref._owner === source._owner);
      const at = source.variable === 'v' && source._segment ? nodeAt(source._segment) : undefined;
      if (!detector && at) {
        detector = this.#detectorList.find((d) => {
          if (d.ref.variable !== 'v' || !d.ref._segment) return false;
          const other = nodeAt(d.ref._segment);
          return other.sec === at.sec && other.node === at.node;
        });
      }
      if (!detector) {
        detector = new Detector(source);
        if (sameLabel) sameLabel.push(detector);
        else this.#detectors.set(source.label, [detector]);
        this.#detectorList = [...this.#detectorList, detector];
        this.#program = undefined;
      }
    } else if (source instanceof PointProcess) {
      sourcePoint = source;
    } else if (source !== null) {
      throw new NeuriteError('INVALID_ARGUMENT', `the source of a NetCon must be a reference such as soma(0.5)._ref_v, a point process, or null; got ${String(source)}`);
    }
    const nc = new NetCon(this, this.#netconSerial++, detector, sourcePoint, target);
    detector?.netcons.push(nc);
    if (nums.length > 0) nc.threshold = nums[0];
    if (nums.length > 1) nc.delay = nums[1];
    if (nums.length > 2) nc.weight[0] = nums[2];
    this.#netcons.push(nc);
    this.#recordVersion = -1;
    return nc;
  }

  /** @internal NetConHost: an event from `nc` at `time`. */
  _queueNetConEvent(nc: NetCon, time: number): void {
    if (!(time >= this.#time[0])) {
      throw new NeuriteError('INVALID_VALUE', `${nc.hname()}.event(${time}): t = ${this.#time[0]} ms already; an event cannot be delivered in the past`);
    }
    this.#queue.push({ time, target: nc._target!, weights: nc.weight, flag: 0, netcon: nc, sent: this.#time[0] });
  }

  /** @internal NetConHost */
  _removeNetCon(nc: NetCon): void {
    const i = this.#netcons.indexOf(nc);
    if (i >= 0) this.#netcons.splice(i, 1);
    if (nc._detector) nc._detector.netcons.splice(nc._detector.netcons.indexOf(nc), 1);
    this.#queue.remove((e) => e.netcon === nc);
  }

  /**
   * @internal `h.table_<name>_<mechanism>(...)`: gives a density mechanism's FUNCTION_TABLE its
   * values (see model/function-table.ts), or undefined when `prop` names none.
   */
  _functionTableSetter(prop: string): ((...args: unknown[]) => number) | undefined {
    if (!prop.startsWith('table_')) return undefined;
    const rest = prop.slice(6);
    for (let cut = rest.lastIndexOf('_'); cut > 0; cut = rest.lastIndexOf('_', cut - 1)) {
      const type = this.catalogue.find(rest.slice(cut + 1));
      const spec = type?.kind === 'density' ? type.functionTables?.find((f) => f.name === rest.slice(0, cut)) : undefined;
      if (type && spec) return (...args: unknown[]) => setFunctionTable(type, spec, `h.${prop}`, args);
    }
    return undefined;
  }

  /** Initial concentrations [mM] of ion species that scripts set (`h.cai0_ca_ion`,
   * `h.cao0_ca_ion`): [inside, outside] by species. */
  readonly #ionConc0 = new Map<string, Float64Array>();

  /** NEURON's ion globals `<ion>i0_<ion>_ion` and `<ion>o0_<ion>_ion` (the concentrations
   * finitialize gives where a mechanism writes them), for a species some mechanism uses. */
  #ionGlobalRef(name: string): Reference | undefined {
    const m = /^(\w+?)([io])0_(\w+)_ion$/.exec(name);
    if (!m || m[1] !== m[3]) return undefined;
    const ion = m[1]!;
    let valence: number | undefined;
    let used = false;
    for (const type of this.catalogue) for (const u of type.ions) if (u.ion === ion) { used = true; valence ??= u.valence; }
    if (!used && !KNOWN_IONS[ion]) return undefined;
    let conc0 = this.#ionConc0.get(ion);
    if (!conc0) {
      const sp = KNOWN_IONS[ion] ?? unknownSpecies(ion, valence ?? 1);
      conc0 = Float64Array.of(sp.ci0, sp.co0);
      this.#ionConc0.set(ion, conc0);
    }
    const held = conc0;
    return new Reference(name, 'mM', () => [held, m[2] === 'i' ? 0 : 1]);
  }

  /**
   * NEURON's `ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit, sec=s)`: sets how the
   * section's segments handle the species (every segment where it is), and returns the style the
   * section's first segment had (-1 where no mechanism there uses the species). Without `style`
   * it only returns it. The style's bits: `c_style` (0 unused, 1 parameter, 2 assigned, 3 state),
   * `4 * cinit` (`finitialize` sets the concentrations to `<ion>i0_<ion>_ion` and
   * `<ion>o0_<ion>_ion`), `8 * e_style`, `32 * einit` (`finitialize` computes e by Nernst),
   * `64 * eadvance` (every step does), 128 and 256 where a mechanism writes the inside or outside
   * concentration. A mechanism using the species inserted in the section later promotes the style
   * as it does a new section's.
   * @example
   * ```ts
   * soma.insert('hh');
   * sim.ionStyle(soma, 'na_ion');                    // 8: ena is a parameter, never computed
   * sim.ionStyle(soma, 'na_ion', [1, 2, 1, 0, 1]);   // ena from nai0_na_ion and nao0_na_ion at finitialize
   * ```
   */
  ionStyle(sec: Section, ionName: string, style?: readonly number[]): number {
    const s = sec as SectionImpl;
    if (s._deleted) throw new NeuriteError('DELETED_SECTION', `ion_style: section '${s._name}' was deleted`);
    const m = /^(\w+)_ion$/.exec(ionName);
    const ion = m?.[1];
    if (ion === undefined || !this.#speciesNames().includes(ion)) {
      throw new NeuriteError('INVALID_ARGUMENT', `ion_style: '${ionName}' is not an ion: name one as NEURON does, e.g. 'ca_ion' (the ions here: ${this.#speciesNames().map((x) => `${x}_ion`).join(', ')})`);
    }
    let bits: number | undefined;
    if (style !== undefined) {
      const names = ['c_style', 'e_style', 'einit', 'eadvance', 'cinit'] as const;
      const max = [3, 3, 1, 1, 1];
      if (style.length !== 5) throw new NeuriteError('INVALID_ARGUMENT', `ion_style('${ionName}', ...): give all five of c_style, e_style, einit, eadvance, cinit (or none, to read the style), got ${style.length}`);
      const v = style.map((x, i) => {
        if (!(typeof x === 'number' && x >= 0 && x <= max[i]!)) {
          throw new NeuriteError('INVALID_VALUE', `ion_style('${ionName}', ...): ${names[i]} must be between 0 and ${max[i]}, got ${String(x)}`);
        }
        return Math.trunc(x);
      });
      bits = v[0]! + 0o10 * v[1]! + 0o40 * v[2]! + 0o100 * v[3]! + 0o4 * v[4]!;
    }
    this.#ensureLayout();
    const state = this.#ions.get(ion);
    const node0 = this.#layout!.sections.get(s)!.nodes[0]!;
    const present = state !== undefined && state.present[node0] === 1;
    const old = present ? state.style[node0]! : -1;
    if (bits !== undefined && state !== undefined) {
      let anywhere = false;
      const nodes = this.#layout!.sections.get(s)!.nodes;
      for (let p = 0; p < s._nseg; p++) if (state.present[nodes[p]!]) anywhere = true;
      if (anywhere) {
        // (Density mechanisms' species; a point process's node alone keeps its promotion.)
        s._ionStyles.set(ion, ((s._ionStyles.get(ion) ?? 0) & (ION_STYLE_WRITES_CI | ION_STYLE_WRITES_CO)) | bits);
        this._invalidate();
      }
    }
    return old;
  }

  /** The ion species some mechanism of the catalogue uses, and NEURON's own. */
  #speciesNames(): string[] {
    const names = new Set(Object.keys(KNOWN_IONS));
    for (const type of this.catalogue) for (const u of type.ions) names.add(u.ion);
    return [...names];
  }

  /** The variable `name` of mechanism globals (`usetable_hh`), or undefined when there is none. */
  globalRef(name: string): Reference | undefined {
    if (name.endsWith('_ion')) {
      const ref = this.#ionGlobalRef(name);
      if (ref) return ref;
    }
    const us = name.lastIndexOf('_');
    for (let cut = us; cut > 0; cut = name.lastIndexOf('_', cut - 1)) {
      const varName = name.slice(0, cut);
      const mech = name.slice(cut + 1);
      const type = this.catalogue.find(mech);
      if (!type) continue;
      const store = this.#store(type);
      const off = store.globalIndex.get(varName);
      if (off === undefined) continue;
      const unit = type.globals.find((g) => g.name === varName)!.unit;
      return new Reference(name, unit, () => [store.globals, off]);
    }
    return undefined;
  }

  // ----------------------------------------------------------- run control ---

  /** Current time [ms]. */
  get t(): number {
    return this.#time[0];
  }

  /** Sets the current time [ms]. */
  set t(value: number) {
    this.#time[0] = value;
  }

  /** A reference to t, for `h.Vector().record(h._ref_t)`. */
  get _ref_t(): Reference {
    return new Reference('t', 'ms', () => [this.#time, 0]);
  }

  /** NEURON's `cvode.use_fast_imem(on)`: computes `i_membrane_` [nA] at every node each step.
   * Returns whether it is on. */
  useFastImem(on?: boolean | number): boolean {
    if (on !== undefined && Boolean(on) !== this.#fastImem) {
      this.#fastImem = Boolean(on);
      this._invalidate();
    }
    return this.#fastImem;
  }

  /** @internal node arrays of the extracellular layers and membrane currents, for references. */
  _extArrays(): { ext: ExtracellularSystem | undefined; imem: Float64Array | undefined } {
    this.#ensureLayout();
    return { ext: this.#ext, imem: this.#el?.imem };
  }

  /** Adds an observer of runs; returns a function that removes it. */
  observe(observer: RunObserver): () => void {
    this.#observers = [...this.#observers, observer];
    this.#program = undefined;
    return () => {
      this.#observers = this.#observers.filter((o) => o !== observer);
      this.#program = undefined;
    };
  }

  /**
   * NEURON's `finitialize(v)`: t = 0, every node's v = `v` (when given), ions and every
   * mechanism's INITIAL, currents at t = 0, and the first sample of every recording.
   */
  finitialize(v?: number): number {
    if (v !== undefined && !Number.isFinite(v)) {
      throw new NeuriteError('INVALID_VALUE', `finitialize(v): v must be a finite number of mV, got ${v}`);
    }
    this.#initHandlers(3); // (the model may still change)
    this.#ensureLayout();
    this.#resolvePointers();
    this.#time[0] = 0;
    this.#queue.clear();
    this.#callbacks = [];
    const detectors = this.#detectorList;
    for (let j = 0; j < detectors.length; j++) detectors[j].above = false;
    this.#resolveRecordings();
    if (this.#plays.length !== 0) this.#initPlays();
    if (this.#ext) {
      this.#ext.reset();
      this.#ext.computeCoefficients();
    }
    this.#el?.imem.fill(0);
    const nodes = this.#nodes;
    if (v !== undefined) nodes.v.fill(v);
    this.#initHandlers(0);
    const ctx = this.#stepContext(0);
    // (As NEURON's nrn_finitialize: BEFORE INITIAL blocks first, then the ions' own
    // initialisation, then the mechanisms' INITIAL.)
    this.#ba('beforeInitial', ctx);
    // (The ions' own initialisation, by each node's ion style: concentrations first, then e.)
    for (const ion of this.#ionList) {
      // (The initial concentrations as scripts may have set them: h.cai0_ca_ion, h.cao0_ca_ion.)
      const conc0 = this.#ionConc0.get(ion.species.name);
      const ci0 = conc0 ? conc0[0] : ion.ci0;
      const co0 = conc0 ? conc0[1] : ion.co0;
      const cinit = ion.cinitNodes;
      for (let j = 0; j < cinit.length; j++) {
        ion.ci[cinit[j]] = ci0;
        ion.co[cinit[j]] = co0;
      }
      const z = ion.species.valence;
      const einit = ion.einitNodes;
      for (let j = 0; j < einit.length; j++) {
        const n = einit[j];
        ion.e[n] = nernst(ion.ci[n], ion.co[n], z, this.celsius);
      }
    }
    for (const store of this.#activeStores()) {
      store.kernels!.init(store, this.#kernelNodes(store), ctx);
      if (store.type.ions.length !== 0) this.#wroteConcentrations(store);
    }
    const netcons = this.#netcons;
    for (let j = 0; j < netcons.length; j++) {
      const nc = netcons[j];
      const target = nc._target;
      if (!target) continue;
      const store = this.#stores.get(target.type.name)!;
      store.kernels?.netReceiveInit?.(store, target._handle.index, nc.weight, 0, this.#nodeData, ctx);
    }
    this.#ba('afterInitial', ctx);
    this.#initHandlers(1);
    this.#currents(this.#stepContext(0));
    if (this.#fastImem) this.#initialMembraneCurrents();
    nodes.icap.fill(0);
    this.#ba('beforeStep', ctx);
    // (Resolved above, unless INITIAL or BREAKPOINT changed the model since.)
    if (this.#recordVersion !== this.#version) this.#resolveRecordings();
    this.#restartRecordings();
    if (this.#eventRecords.length !== 0) this.#sampleEventRecords(true);
    if (this.#callbacks.length !== 0) this.#runCallbacks(); // (those at t <= 0 that INITIAL-time handlers gave)
    this.#initHandlers(2);
    for (const o of this.#observers) o.onInit?.();
    return 1;
  }

  /**
   * After a mechanism's INITIAL, e where it wrote a concentration, as nocmodl's `nrn_wrote_conc`:
   * the Nernst value of the new concentrations at the nodes whose ion style has einit (so that
   * the INITIAL blocks that follow see it).
   */
  #wroteConcentrations(store: MechanismStore): void {
    const ni = store.nodeIndex;
    const count = store.count;
    for (let j = 0; j < store.type.ions.length; j++) {
      const u = store.type.ions[j]!;
      if (ionWrites(u) === 0) continue;
      const ion = this.#ions.get(u.ion)!;
      const z = ion.species.valence;
      for (let k = 0; k < count; k++) {
        const n = ni[k]!;
        if (n >= 0 && (ion.style[n]! & ION_STYLE_EINIT) !== 0) ion.e[n] = nernst(ion.ci[n]!, ion.co[n]!, z, this.celsius);
      }
    }
  }

  /** `cvode.event` callbacks not run yet, by time (then in the order given). */
  #callbacks: { readonly time: number; readonly seq: number; readonly fn: () => void }[] = [];
  #callbackSerial = 0;

  /**
   * NEURON's `cvode.event(t, fn)` with fixed steps: `fn` runs after the first step that ends at
   * or after `t` [ms], with `t` moved a quarter step earlier when it is within 1e-6 of a whole
   * number of steps (NEURON's guard against round-off). A time already past is ignored, as in
   * NEURON; `finitialize` forgets pending events. Returns the time used.
   * @example
   * ```ts
   * sim.finitialize(-65);
   * sim.event(2, () => { stim.amp = 0.9; });
   * ```
   */
  event(t: number, fn: () => void): number {
    if (!Number.isFinite(t)) throw new NeuriteError('INVALID_VALUE', `cvode.event(t, fn): t must be a finite number of ms, got ${shown(t)}`);
    if (typeof fn !== 'function') throw new NeuriteError('INVALID_ARGUMENT', `cvode.event(t, fn): fn must be a function (neurite has no stop-only events), got ${shown(fn)}`);
    let x = t;
    const y = x / this.dt;
    if (y > 1 && Math.abs(Math.floor(y + 1e-6) - y) < 1e-6) x -= this.dt / 4;
    if (x - this.#time[0] < 0) return x;
    const entry = { time: x, seq: this.#callbackSerial++, fn };
    const at = this.#callbacks.findIndex((c) => c.time > x);
    if (at < 0) this.#callbacks.push(entry);
    else this.#callbacks.splice(at, 0, entry);
    return x;
  }

  /** Runs the `cvode.event` callbacks due by now (after a step, or at the end of finitialize). */
  #runCallbacks(): void {
    const t = this.#time[0];
    while (this.#callbacks.length !== 0 && this.#callbacks[0]!.time <= t) this.#callbacks.shift()!.fn();
  }

  /** Steps while t < ts, `nstep_steprun` at a time (stdrun's loop), running the `cvode.event`
   * callbacks after the steps at which they are due. */
  #stepsWithCallbacks(ts: number): void {
    while (this.#callbacks.length !== 0 && this.#time[0] < ts) {
      if (this.nstep_steprun === 1) {
        this.#steps(Math.min(ts, this.#callbacks[0]!.time), false);
        this.#runCallbacks();
      } else {
        for (let k = 0; k < this.nstep_steprun; k++) {
          this.#steps(0, true);
          this.#runCallbacks();
        }
      }
      // (stdrun's loop: `while (t < ts && stoprun == 0)`.)
      if (this.stoprun !== 0) return;
    }
    if (this.#time[0] < ts) this.#steps(ts, false);
  }

  /** NEURON's FInitializeHandlers, by type, in the order they were made. */
  readonly #handlers: { readonly type: 0 | 1 | 2 | 3; readonly fn: () => void }[] = [];

  /**
   * NEURON's `h.FInitializeHandler(type, fn)`: `fn` runs in every `finitialize` — type 3 first
   * (the model may still change), type 0 once v is set and before the INITIAL blocks, type 1
   * (the default) after them and before the currents (the place to change states), type 2 just
   * before `finitialize` returns (after the recordings' first sample). Handlers of one type run
   * in the order they were made. Returns a handle whose `remove()` stops it.
   * @example
   * ```ts
   * sim.FInitializeHandler(1, () => { soma(0.5).hh.m = 0.2; });
   * ```
   */
  FInitializeHandler(type: number, fn: () => void): FInitializeHandler {
    if (type !== 0 && type !== 1 && type !== 2 && type !== 3) {
      throw new NeuriteError('INVALID_ARGUMENT', `FInitializeHandler(type, fn): type is 0 (before the INITIAL blocks), 1 (after them), 2 (at the end of finitialize) or 3 (at its start), got ${shown(type)}`);
    }
    if (typeof fn !== 'function') throw new NeuriteError('INVALID_ARGUMENT', `FInitializeHandler(type, fn): fn must be a function, got ${shown(fn)}`);
    const entry = { type, fn } as const;
    this.#handlers.push(entry);
    return {
      type,
      remove: () => {
        const i = this.#handlers.indexOf(entry);
        if (i >= 0) this.#handlers.splice(i, 1);
      },
    };
  }

  #initHandlers(type: 0 | 1 | 2 | 3): void {
    if (this.#handlers.length === 0) return;
    for (const h of [...this.#handlers]) if (h.type === type) h.fn();
  }

  /** Advances one time step of `dt` (NEURON's `fadvance()`). */
  fadvance(): number {
    this.#steps(0, true);
    if (this.#callbacks.length !== 0) this.#runCallbacks();
    return 1;
  }

  /** Steps while t < tstop - dt/2 (stdrun's `continuerun`, whose `<` is hoc's: less by more
   * than float_epsilon, 1e-11), `nstep_steprun` steps at a time; observers see every step.
   * Returns 0, as NEURON's. */
  continuerun(tstop: number): number {
    if (!Number.isFinite(tstop)) throw new NeuriteError('INVALID_VALUE', `continuerun(tstop): tstop must be a finite number of ms, got ${tstop}`);
    this.stoprun = 0;
    const ts = tstop - this.dt / 2 - HOC_EPSILON;
    if (this.#callbacks.length !== 0) this.#stepsWithCallbacks(ts);
    else this.#steps(ts, false);
    for (const o of this.#observers) o.onFinish?.();
    return 0;
  }

  /**
   * The time steps: one (`single`, for `fadvance`), or stdrun's loop `while (t < ts) for (k <
   * nstep_steprun) step`, in one function that V8 optimizes (on the stack) during a run.
   * Everything that a step usually does not need (layout and recording changes, events, plays,
   * extracellular layers, secondorder 2's ion correction, the NaN report) sits behind a cheap
   * check in a function of its own, so that taking it does not deoptimize this one; the loops
   * over nodes are functions of their own too (see solver/hines.ts).
   *
   * Each step: events due by t + dt/2, t += dt/2, currents, the tree matrix solved for dv,
   * v += dv, t += dt/2, states advanced, recordings sampled, observers told.
   */
  #steps(ts: number, single: boolean): void {
    if (this.#layout === undefined || this.#active === undefined || this.#recordVersion !== this.#version) this.#prepareStep();
    const program = this.#program === undefined ? (this.#program = this.#stepProgram()) : this.#program;
    if (program !== null) {
      this.#runProgram(program, ts, single);
      return;
    }
    const time = this.#time;
    const ctx = this.#ctx;
    while (single || time[0] < ts) {
      for (let k = 0; k < (single ? 1 : this.nstep_steprun); k++) {
        if (this.#layout === undefined || this.#active === undefined || this.#recordVersion !== this.#version) this.#prepareStep();
        const dt = this.dt;
        if (this.#detectorList.length !== 0 || this.#plays.length !== 0 || this.#queue.size !== 0 || this.#intervalRecordings !== 0) this.#deliverEvents();
        time[0] += 0.5 * dt;
        if (this.#continuousPlays.length !== 0) this.#continuousPlay(time[0], true);
        ctx.t = time[0];
        ctx.dt = dt;
        ctx.celsius = this.celsius;
        ctx.secondorder = this.secondorder;
        this.#currents(ctx);
        // secondorder 1 and 2: Crank-Nicolson for v; 2 also corrects the ion currents.
        const cn = this.secondorder !== 0;
        const ionCorrection = this.secondorder === 2;
        const cfac = (0.001 * (cn ? 2 : 1)) / dt;
        let check = 0;
        if (this.#ext === undefined) {
          // The tree matrix without extracellular layers (the same arithmetic, in the same
          // order, as #solveExtracellular).
          const m = this.#layout!.matrix;
          if (this.#el !== undefined) this.#saveElectrodeRows(cfac);
          check = m.solve(cfac, cn ? 2 : 1);
          if (ionCorrection) this.#secondOrderIons(m.rhs);
          if (this.#el !== undefined) this.#membraneCurrents();
        } else {
          check = this.#solveExtracellular(cfac, cn, ionCorrection);
        }
        time[0] += 0.5 * dt;
        if (check !== check) this.#reportNaN();
        ctx.t = time[0];
        if (this.#continuousPlays.length !== 0) this.#continuousPlay(ctx.t, false);
        const fns = this.#advanceFns;
        const kernels = this.#advanceKernels;
        const stores = this.#advanceStores;
        const nodeData = this.#nodeData;
        if (this.#ext === undefined) for (let j = 0; j < fns.length; j++) fns[j].call(kernels[j], stores[j], nodeData, ctx);
        else for (let j = 0; j < fns.length; j++) fns[j].call(kernels[j], stores[j], this.#kernelNodes(stores[j]), ctx);
        if (this.#baStores.length !== 0) {
          this.#ba('afterSolve', ctx);
          this.#ba('beforeStep', ctx);
        }
        if (this.#recordings.length !== 0 || this.#eventRecords.length !== 0) this.#sample();
        const observers = this.#observers;
        for (let j = 0; j < observers.length; j++) observers[j].onStep?.();
        // (As NEURON's step ends: the events due by the new t, after the samples.)
        if (this.#queue.size !== 0 && this.#queue.peekTime() <= time[0]) this.#deliverUntil(time[0]);
      }
      if (single) return;
    }
  }

  /**
   * The step loop in WebAssembly for the model as it is (see `solver/stepper.ts`), or null when
   * a step needs JavaScript throughout: no WebAssembly memory, extracellular layers or
   * i_membrane_, plays, run observers, or a detector or recording of a value outside the memory.
   * Kernels without a WebAssembly version are called back in JavaScript.
   */
  #stepProgram(): StepProgram | null {
    const lay = this.#layout!;
    const memory = lay.matrix.memory;
    const solve = lay.matrix.wasmSolve;
    const block = this.#stepBlock;
    if (!this.#wasmSteps || memory === undefined || solve === undefined || block === undefined) return null;
    if (this.#ext !== undefined || this.#el !== undefined || this.#plays.length !== 0 || this.#observers.length !== 0) return null;
    // (BEFORE and AFTER blocks run between the step's phases: the JavaScript loop calls them.)
    if (this.#baStores.length !== 0) return null;
    const buffer = memory.buffer;
    const address = (array: Float64Array, index: number): number => (array.buffer === buffer ? array.byteOffset + 8 * index : -1);
    for (const det of this.#detectorList) if (address(det.array, det.index) < 0) return null;
    const recordings: { address: number }[] = [];
    // (Event counters' records are kept by the JavaScript loop.)
    if (this.#eventRecords.length !== 0) return null;
    for (const r of this.#recordings) {
      // (Samples at intervals are taken at event times, in the JavaScript loop.)
      if (r.interval !== undefined) return null;
      // (t is the program's: its first slot.)
      const at = r.array === this.#time ? block.byteOffset : address(r.array, r.index);
      if (at < 0) return null;
      recordings.push({ address: at });
    }
    const zeros: Float64Array[] = [lay.matrix.rhs, lay.matrix.d];
    for (const ion of this.#ionList) zeros.push(ion.i, ion.didv);
    if (zeros.some((z) => z.buffer !== buffer)) return null;
    // The kernels: WebAssembly where the mechanism has it for its data in the memory, else
    // JavaScript called back (by number).
    const ctx = this.#stepContext(this.#time[0]);
    const wasmKernels = new Map<MechanismStore, ReturnType<NonNullable<MechanismKernels['wasmStep']>>>();
    const jsCalls: { fn: StepKernel; kernels: MechanismKernels; store: MechanismStore }[] = [];
    const calls = (fns: StepKernel[], kernels: MechanismKernels[], stores: MechanismStore[], which: 'current' | 'advance'): StepCall[] => fns.map((fn, j) => {
      const store = stores[j]!;
      // (Core's own step kernels, LONGITUDINAL_DIFFUSION's, are JavaScript.)
      if (kernels[j]!.wasmStep === undefined) {
        jsCalls.push({ fn, kernels: kernels[j]!, store });
        return { js: jsCalls.length - 1 };
      }
      if (!wasmKernels.has(store)) wasmKernels.set(store, kernels[j]!.wasmStep?.(store, this.#nodeData, ctx) ?? null);
      const w = wasmKernels.get(store);
      const f = w?.[which];
      if (w && f) return { wasm: f, data: w.data };
      jsCalls.push({ fn, kernels: kernels[j]!, store });
      return { js: jsCalls.length - 1 };
    });
    const currents = calls(this.#currentFns, this.#currentKernels, this.#currentStores, 'current');
    const advances = calls(this.#advanceFns, this.#advanceKernels, this.#advanceStores, 'advance');
    const capacity = this.#stepCapacity;
    // (secondorder 2's ion corrections, in the loop.)
    const ions = this.#ionList.map((ion) => ({ i: ion.i, didv: ion.didv, nodes: ion.presentNodes }));
    const ionNodes = ions.reduce((sum, c) => sum + c.nodes.length, 0);
    const need = StepProgram.bytes(zeros.length, Math.max(currents.length, advances.length), this.#detectorList.length, recordings.length, capacity, ions.length, ionNodes);
    if (need > 8 * block.length) return null;
    const queue = this.#queue;
    const nodeData = this.#nodeData;
    let program: StepProgram | null = null;
    const js = (code: number, t: number): void => {
      if (code >= 0) {
        const c = jsCalls[code]!;
        ctx.t = t;
        // (h.t as the JavaScript loop has it at this point, for kernels that read it through a
        // POINTER to h._ref_t.)
        this.#time[0] = t;
        c.fn.call(c.kernels, c.store, nodeData, ctx);
        // (It may have sent an event.)
        program!.nextEvent = queue.peekTime();
      } else if (code === -HOOK_NERNST) {
        for (const ion of this.#ionList) if (ion.eadvanceNodes.length !== 0) ion.updateNernst(this.celsius);
      }
    };
    program = StepProgram.create({
      memory, block, solve, matrix: lay.matrix, zeros, currents, advances, detectors: this.#detectorList.length, recordings, capacity, ions, js,
    });
    return program;
  }

  /**
   * The steps of {@link #steps} with the step loop in WebAssembly. It checks the thresholds and
   * the next event at each step's start; JavaScript makes the spikes of the crossings it reports
   * and delivers the events due (as {@link #deliverEvents}), and takes the samples when a buffer
   * is full and at the end.
   */
  #runProgram(program: StepProgram, ts: number, single: boolean): void {
    const time = this.#time;
    if (!single && !(time[0] < ts)) return;
    const dt = this.dt;
    const cn = this.secondorder !== 0;
    const ctx = this.#stepContext(time[0]);
    // The kernels' arguments (dt, celsius, TABLEs) as they are now.
    const active = this.#active!;
    for (let j = 0; j < active.length; j++) active[j]!.kernels!.wasmStep?.(active[j]!, this.#nodeData, ctx);
    let hooks = 0;
    for (const ion of this.#ionList) if (ion.eadvanceNodes.length !== 0) hooks |= HOOK_NERNST;
    if (this.secondorder === 2 && this.#ionList.length !== 0) hooks |= HOOK_SECOND_ORDER;
    program.begin({ t: time[0], dt, ts, nstep: single ? 1 : this.nstep_steprun, single, cfac: (0.001 * (cn ? 2 : 1)) / dt, vfac: cn ? 2 : 1, hooks });
    const detectors = this.#detectorList;
    for (let j = 0; j < detectors.length; j++) {
      const det = detectors[j]!;
      program.detector(j, det.array.byteOffset + 8 * det.index, det.threshold, det.above);
    }
    const recordings = this.#recordings;
    const queue = this.#queue;
    const takeSamples = (): void => {
      for (let j = 0; j < recordings.length; j++) {
        const samples = program.samples(j);
        if (samples.length !== 0) recordings[j]!.vec._pushAll(samples);
      }
    };
    try {
      for (;;) {
        program.nextEvent = queue.peekTime();
        const r = program.run();
        time[0] = program.t;
        ctx.t = time[0];
        if (r === STEPS_DONE) break;
        if (r === STEPS_NAN) this.#reportNaN();
        const reason = program.reason;
        if (reason & STOP_FULL) takeSamples();
        if (reason & (STOP_CROSSED | STOP_EVENT)) {
          if (reason & STOP_CROSSED) {
            const spike = time[0] + 1e-10;
            const crossed = program.crossings();
            for (let j = 0; j < crossed.length; j++) this.#spike(detectors[crossed[j]!]!, spike);
          }
          const tm = time[0] + 0.5 * this.dt;
          while (queue.peekTime() <= tm) this.#deliver(queue.pop()!);
        }
        program.resume();
      }
    } finally {
      // t, the samples taken so far, the detectors' states and the recordings' next times go back
      // to JavaScript (also when a NaN or a kernel's error ends the run).
      time[0] = program.t;
      ctx.t = time[0];
      takeSamples();
      for (let j = 0; j < detectors.length; j++) detectors[j]!.above = program.above(j);
    }
    // (The last step ends as NEURON's: the events due by the new t. Within the stretch, those
    // are delivered at the next step's start, before anything but its threshold checks.)
    if (queue.size !== 0 && queue.peekTime() <= time[0]) this.#deliverUntil(time[0]);
  }

  /** Brings the layout, the kernel lists and the recordings' storage up to date before a step. */
  #prepareStep(): void {
    this.#ensureLayout();
    this.#resolvePointers();
    this.#activeStores();
    if (this.#recordVersion !== this.#version) this.#resolveRecordings();
  }

  /** The matrix with extracellular layers: capacitance, the electrode's share, axial terms, the
   * block solve, v += dv, icap and i_membrane_. Returns the sum of dv (NaN when some dv is). */
  #solveExtracellular(cfac: number, cn: boolean, ionCorrection: boolean): number {
    const lay = this.#layout!;
    const n = lay.n;
    const { parent, a, b, cm } = lay;
    const { v, rhs, d, icap } = this.#nodes;
    const ext = this.#ext!;
    const el = this.#el!;
    const vfac = cn ? 2 : 1;
    let check = 0;
    this.#saveElectrodeRows(cfac);
    for (let i = 0; i < n; i++) d[i] += cfac * cm[i];
    ext.assemble(rhs, d, el.rhs, el.d, cfac);
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0) continue;
      const dv = v[p] - v[i];
      rhs[i] -= b[i] * dv;
      rhs[p] += a[i] * dv;
      d[i] -= b[i];
      d[p] -= a[i];
    }
    ext.solve(rhs, d);
    if (ionCorrection) this.#secondOrderIons(rhs);
    for (let i = 0; i < n; i++) {
      const dv = rhs[i];
      v[i] += vfac * dv;
      check += dv;
    }
    // v is vi - vext[0]: the layer change comes off v (once, also at secondorder 2, as NEURON).
    ext.update(v, rhs);
    for (const i of ext.nodes) rhs[i] -= ext.dvext0(i);
    for (let i = 0; i < n; i++) icap[i] = cfac * cm[i] * rhs[i];
    this.#membraneCurrents();
    return check;
  }

  /** Before the solve: the rows of the matrix without the axial terms, capacitance included
   * (`d + cfac * cm`, the value the solve's first pass forms), and the electrodes' share: their
   * current comes off rhs, and their conductance is counted once more in d, as NEURON's
   * nocmodl code has it (its `_nrn_sav_d -= _g` beside `NODED -= _g`), so that i_membrane_ is
   * NEURON's where an electrode's current depends on v (SEClamp, VClamp). */
  #saveElectrodeRows(cfac: number): void {
    const el = this.#el!;
    const { rhs, d } = this.#nodes;
    const cm = this.#layout!.cm;
    for (let i = 0; i < rhs.length; i++) {
      el.savD[i] = -el.d[i] + (d[i] + cfac * cm[i]);
      el.savRhs[i] = el.rhs[i] - rhs[i];
    }
  }

  /**
   * i_membrane_ [nA] at the end of `finitialize`, as NEURON's: from the currents just computed
   * (the mechanisms' in rhs, the electrodes' share kept apart) and the axial currents at the
   * initial v, without a solve: the ionic current plus what the electrodes and the axial
   * currents bring, which the capacitive current takes.
   */
  #initialMembraneCurrents(): void {
    const el = this.#el!;
    const lay = this.#layout!;
    const { parent, a, b, area } = lay;
    const { v, rhs } = this.#nodes;
    const n = lay.n;
    const ionic = new Float64Array(n);
    const total = Float64Array.from(rhs);
    for (let i = 0; i < n; i++) ionic[i] = el.rhs[i] - rhs[i];
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0) continue;
      const dv = v[p] - v[i];
      total[i] -= b[i] * dv;
      total[p] += a[i] * dv;
    }
    for (let i = 0; i < n; i++) el.imem[i] = (total[i] + ionic[i]) * area[i] * 0.01;
  }

  /** After the solve (dv in rhs): the membrane current at every node, i_membrane_ [nA]. */
  #membraneCurrents(): void {
    const el = this.#el!;
    const rhs = this.#nodes.rhs;
    const area = this.#layout!.area;
    for (let i = 0; i < rhs.length; i++) el.imem[i] = (el.savD[i] * rhs[i] + el.savRhs[i]) * area[i] * 0.01;
  }


  /** stdrun's `setdt()`: rounds dt so that 1/steps_per_ms is a whole number of steps. */
  setdt(): void {
    const Dt = 1 / this.steps_per_ms;
    let nstep = Math.trunc(Dt / this.dt);
    if (nstep === 0) nstep = 1;
    this.nstep_steprun = nstep;
    if (Math.abs(this.dt * nstep * this.steps_per_ms - 1) > 1e-6) this.dt = Dt / nstep;
  }

  /** stdrun's `stdinit()`: `setdt()`, then `finitialize(v_init)`; returns 0.
   * @example `h.v_init = -70; h.stdinit(); h.continuerun(40);` */
  stdinit(): number {
    this.setdt();
    return this.init();
  }

  /** stdrun's `run()`: `setdt()`, `finitialize(v_init)`, `continuerun(tstop)`. */
  run(tstop?: number): number {
    if (tstop !== undefined) this.tstop = tstop;
    this.setdt();
    this.finitialize(this.v_init);
    return this.continuerun(this.tstop);
  }

  /** Prints the tree (NEURON's `h.topology()`); returns 1. */
  topology(): number {
    this.#print(topologyText(this.#sections));
    return 1;
  }

  /** The text `topology()` prints. */
  topologyText(): string {
    return topologyText(this.#sections);
  }

  // ------------------------------------------------- internals for sections ---

  /** @internal Switches to a catalogue that extends the current one (new mechanisms at run time). */
  _useCatalogue(next: Catalogue): void {
    const known = new Set(this.catalogue.names());
    this.catalogue = next;
    for (const type of next) if (!known.has(type.name)) this.#installAccessors(type);
    this._invalidate();
  }

  /** @internal Marks the layout stale (geometry or structure changed). */
  _invalidate(): void {
    this.#layout = undefined;
    this.#active = undefined;
    this.#program = undefined;
    this.#version++;
  }

  /** @internal */
  _layout(): Layout {
    this.#ensureLayout();
    return this.#layout!;
  }

  /** @internal */
  _nodeArrays(): NodeArrays {
    this.#ensureLayout();
    return this.#nodes;
  }

  /** @internal */
  _segment(sec: SectionImpl, x: number): Segment {
    checkX(x, sec._name);
    return new this.#segmentClass(sec, x) as Segment;
  }

  /** @internal the x of the centre of the segment holding x (0 and 1 stay). */
  _segmentCentre(sec: SectionImpl, x: number): number {
    if (x === 0 || x === 1) return x;
    const n = sec._nseg;
    return (segmentIndex(x, n) + 0.5) / n;
  }

  /** @internal */
  _resegment(sec: SectionImpl, nseg: number): void {
    // (Ion values written to the old segments land on them first, then carry as the others do.)
    if (this.#ionWrites.has(sec)) this.#ensureLayout();
    const old = sec._nseg;
    const reversed = sec._childEnd === 1;
    // The old segment whose values new segment j (in x order) takes (keptSegment counts from the
    // connection end).
    const pick = (j: number): number => {
      const q = keptSegment(reversed ? nseg - 1 - j : j, old, nseg);
      return reversed ? old - 1 - q : q;
    };
    sec._diam = Array.from({ length: nseg }, (_, j) => sec._diam[pick(j)]);
    sec._cm = Array.from({ length: nseg }, (_, j) => sec._cm[pick(j)]);
    for (const [name, handles] of sec._mechs) {
      const store = this.#stores.get(name)!;
      const fresh: InstanceHandle[] = [];
      for (let j = 0; j < nseg; j++) {
        const h = store.alloc(this.#densityOwner(sec, j));
        store.copyValues(handles[pick(j)], h);
        fresh.push(h);
      }
      for (const h of handles) store.free(h);
      // Owners of the new instances refer to the new segment numbers.
      sec._mechs.set(name, fresh);
    }
    // A point process sits at its segment's node, and moves with it as NEURON moves it
    // (relocatedSegment, counted from the connection end), keeping the new place.
    for (const p of sec._pointProcesses) {
      if (p._x === 0 || p._x === 1) continue;
      const j = segmentIndex(p._x, old);
      const i2 = relocatedSegment(reversed ? old - 1 - j : j, old, nseg);
      p._x = ((reversed ? nseg - 1 - i2 : i2) + 0.5) / nseg;
    }
    // v and the ions' values stay in the node arrays until the next layout, which carries them
    // (see #ensureLayout's carry): which segment of the last layout each new segment takes, counted
    // from the connection end, composed with the changes made since that layout.
    const since = sec._carry;
    const carry = new Int32Array(nseg);
    for (let p = 0; p < nseg; p++) {
      const q = keptSegment(p, old, nseg);
      carry[p] = since !== null && since.length === old ? since[q]! : q;
    }
    sec._carry = carry;
    sec._nsegChanges.push([old, nseg]);
    sec._nseg = nseg;
    sec._refreshFromPoints();
    this._invalidate();
  }

  /** @internal */
  _connect(child: SectionImpl, parent: SectionImpl, x: number, childEnd: number): void {
    for (let s: SectionImpl | undefined = parent; s; s = s._parent?.sec) {
      if (s === child) {
        throw new NeuriteError('TOPOLOGY_LOOP',
          `connecting ${child._name} to ${parent._name}(${formatX(x)}) would make a loop: ${parent._name} is ${child === parent ? 'the same section' : `in the subtree of ${child._name}`}; connect it to a section outside that subtree`);
      }
    }
    if (parent._deleted) throw new NeuriteError('DELETED_SECTION', `section '${parent._name}' was deleted`);
    if (child._parent) this._disconnect(child);
    // A section's children are kept in NEURON's order (its sibling list, which orders the nodes,
    // children(), subtree() and topology()): by where they attach, counted from the end the section
    // is attached by, the last connected first among those at one place. Turning a section
    // around reverses its list.
    if (child._childEnd !== childEnd) child._children.reverse();
    child._parent = { sec: parent, x };
    child._childEnd = childEnd as 0 | 1;
    const from = (c: SectionImpl): number => (parent._childEnd === 1 ? 1 - c._parent!.x : c._parent!.x);
    const at = parent._children.findIndex((c) => from(child) <= from(c));
    parent._children.splice(at < 0 ? parent._children.length : at, 0, child);
    this._invalidate();
  }

  /** @internal Detaches a section from its parent (it keeps its orientation, as in NEURON). */
  _disconnect(child: SectionImpl): void {
    const p = child._parent;
    if (!p) return;
    p.sec._children.splice(p.sec._children.indexOf(child), 1);
    child._parent = null;
    child._lastX = p.x;
    this._invalidate();
  }

  /** @internal */
  _insert(sec: SectionImpl, name: string): void {
    const type = this.catalogue.get(name);
    if (type.kind !== 'density') {
      throw new NeuriteError('NOT_A_DENSITY_MECHANISM',
        `'${name}' is a ${type.kind === 'point' ? 'point process' : 'artificial cell'}, not a density mechanism: make one with h.${name}(${sec._name}(0.5))`);
    }
    if (sec._mechs.has(name)) return;
    const store = this.#store(type);
    const handles: InstanceHandle[] = [];
    for (let j = 0; j < sec._nseg; j++) {
      const h = store.alloc(this.#densityOwner(sec, j));
      this.#construct(store, h.index);
      handles.push(h);
    }
    sec._mechs.set(name, handles);
    // (Each species it uses: the section's style promoted by it, as NEURON's nrn_promote.)
    // (Only where it uses a concentration or e, as nocmodl's code calls nrn_promote: a mechanism
    // that only writes the current leaves the style as it is.)
    for (const u of type.ions) {
      const { conc, rev } = ionUse(u);
      const style = sec._ionStyles.get(u.ion) ?? 0;
      sec._ionStyles.set(u.ion, conc !== 0 || rev !== 0 ? promoteIonStyle(style | ionWrites(u), conc, rev) : style);
    }
    // (NEURON's order of a node's mechanisms: the new one in front, then each ion it uses moved
    // to the front, as its allocation asks for them.)
    const order = sec._propOrder.filter((n) => n !== name);
    order.unshift(name);
    for (const u of type.ions) {
      const ion = `${u.ion}_ion`;
      const at = order.indexOf(ion);
      if (at >= 0) order.splice(at, 1);
      order.unshift(ion);
    }
    sec._propOrder = order;
    this._invalidate();
  }

  /** @internal */
  _uninsert(sec: SectionImpl, name: string): void {
    const handles = sec._mechs.get(name);
    if (!handles) return;
    const store = this.#stores.get(name)!;
    for (const h of handles) store.free(h);
    sec._mechs.delete(name);
    sec._propOrder = sec._propOrder.filter((n) => n !== name);
    this._invalidate();
  }

  /** @internal */
  _allocPoint(p: PointProcess): InstanceHandle {
    const store = this.#store(p.type);
    const h = store.alloc({
      // (An artificial cell has no location and runs at node 0; a point process without one
      // does not run.)
      nodeIndex: () => (p._sec ? this.#layout!.nodeOf(p._sec, p._x) : p.type.kind === 'artificial' ? 0 : -1),
    });
    this.#pointOfHandle.set(h, p);
    this.#construct(store, h.index);
    this._invalidate();
    return h;
  }

  /** @internal */
  _placePoint(p: PointProcess, seg: Segment): void {
    if (!(seg instanceof SegmentBase)) {
      throw new NeuriteError('INVALID_ARGUMENT', `${p.hname()} needs a segment such as soma(0.5), got ${String(seg)}`);
    }
    const sec = seg.sec as SectionImpl;
    if (sec._deleted) throw new NeuriteError('DELETED_SECTION', `section '${sec._name}' was deleted`);
    p._sec?._pointProcesses.delete(p);
    p._sec = sec;
    p._x = seg.x;
    sec._pointProcesses.add(p);
    this._invalidate();
  }

  /** @internal */
  _refNode(seg: SegmentBase, what: 'v' | 'i_cap'): Reference {
    const sec = seg.sec as SectionImpl;
    const { follow: at, owner } = followNode(seg);
    const label = `${seg.toString()}.${what}`;
    return new Reference(label, what === 'v' ? 'mV' : 'mA/cm2', () => {
      this.#ensureLayout();
      const now = at();
      if (now === null) throw goneSegment(label, owner, at.freedBy);
      return [what === 'v' ? this.#nodes.v : this.#nodes.icap, this.#layout!.nodeOf(now.sec as SectionImpl, now.x)];
    }, sec, seg as Segment);
  }

  /** @internal a reference into the extracellular node arrays */
  _refExt(seg: SegmentBase, what: string, unit: string, at: (ext: ExtracellularSystem, node: number) => readonly [Float64Array, number]): Reference {
    const sec = seg.sec as SectionImpl;
    const { follow, owner } = followNode(seg);
    const label = `${seg.toString()}.${what}`;
    return new Reference(label, unit, () => {
      this.#ensureLayout();
      const now = follow();
      if (now === null) throw goneSegment(label, owner, follow.freedBy);
      const node = this.#layout!.nodeOf(now.sec as SectionImpl, now.x);
      if (!this.#ext || !this.#ext.has[node]) {
        throw new NeuriteError('MECHANISM_NOT_INSERTED', `${seg.toString()} has no extracellular layers, so no ${what}`);
      }
      return at(this.#ext, node);
    }, sec, seg as Segment);
  }

  /** @internal a reference to i_membrane_ */
  _refImem(seg: SegmentBase): Reference {
    const sec = seg.sec as SectionImpl;
    if (!this.#fastImem) {
      throw new NeuriteError('INVALID_ARGUMENT', `i_membrane_ is computed only with fast membrane current on: call h.cvode.use_fast_imem(1) first`);
    }
    const { follow: at, owner } = followNode(seg);
    const label = `${seg.toString()}.i_membrane_`;
    return new Reference(label, 'nA', () => {
      this.#ensureLayout();
      const now = at();
      if (now === null) throw goneSegment(label, owner, at.freedBy);
      return [this.#el!.imem, this.#layout!.nodeOf(now.sec as SectionImpl, now.x)];
    }, sec, seg as Segment);
  }

  /** @internal */
  _mechanismView(seg: SegmentBase, name: string): MechanismView {
    const sec = seg.sec as SectionImpl;
    if (name.endsWith('_ion') && !this.catalogue.has(name)) {
      const ion = name.slice(0, -4);
      if (!sec._ionStyles.has(ion)) {
        throw new NeuriteError('MECHANISM_NOT_INSERTED', `${seg.toString()} has no ${name}: insert a mechanism that uses ${ion} (one with USEION ${ion})`);
      }
      const names = ionNames(ion);
      return ionView(seg, name, ION_KEYS.map((k) => names[k]));
    }
    const type = this.catalogue.get(name);
    if (type.kind !== 'density') {
      throw new NeuriteError('NOT_A_DENSITY_MECHANISM', `'${name}' is not a density mechanism; its instances are objects made with h.${name}(seg)`);
    }
    const handles = sec._mechs.get(name);
    if (!handles) {
      throw new NeuriteError('MECHANISM_NOT_INSERTED',
        `${seg.toString()} has no '${name}': insert it first with ${sec._name}.insert('${name}')`);
    }
    const View = this.#viewClasses.get(name)!;
    return new View(handles[seg._j], `${seg.toString()}.${name}`, followSegment(seg), sec) as unknown as MechanismView;
  }

  /** @internal */
  _psection(sec: SectionImpl): PsectionResult {
    this.#ensureLayout();
    const lay = this.#layout!;
    const nseg = sec._nseg;
    const point_processes: Record<string, PointProcess[]> = {};
    for (const p of [...sec._pointProcesses].sort((a, b) => a._serial - b._serial)) {
      (point_processes[p.type.name] ??= []).push(p);
    }
    const density_mechs: Record<string, Record<string, number[] | number[][]>> = {};
    for (const type of this.catalogue) {
      const handles = sec._mechs.get(type.name);
      if (!handles) continue;
      const vars: Record<string, number[] | number[][]> = {};
      type.fields.forEach((f, fi) => {
        if (!f.range) return;
        const len = f.length ?? 1;
        // (NEURON's keys are the names without the mechanism's suffix: extracellular's `e`.)
        const key = f.name.endsWith(`_${type.name}`) ? f.name.slice(0, -type.name.length - 1) : f.name;
        vars[key] = len === 1 ? handles.map((h) => h.get(fi)) : handles.map((h) => Array.from({ length: len }, (_, e) => h.get(fi, e)));
      });
      if (type.solver === 'extracellular' && this.#ext) {
        // (NEURON lists the layers' membrane current and potentials with the parameters.)
        const ext = this.#ext;
        const nodes = Array.from({ length: nseg }, (_, j) => lay.nodeOfSegment(sec, j));
        vars.i_membrane = nodes.map((n) => ext.iMembrane[n]!);
        vars.vext = nodes.map((n) => Array.from({ length: NLAYER }, (_, l) => ext.vext[n * NLAYER + l]!));
      }
      density_mechs[type.name] = vars;
    }
    const ions: Record<string, Record<string, number[]>> = {};
    for (const ionName of this.#sectionIons(sec)) {
      const ion = this.#ions.get(ionName)!;
      const names = ionNames(ionName);
      const out: Record<string, number[]> = {};
      for (const k of ION_KEYS) out[names[k]] = Array.from({ length: nseg }, (_, j) => ion[k][lay.nodeOfSegment(sec, j)]);
      ions[ionName] = out;
    }
    const name = (p: { sec: SectionImpl; x: number } | null): string | null => (p ? `${p.sec._name}(${formatX(p.x)})` : null);
    const parent = name(sec._parent);
    const trueparent = name(trueParent(sec));
    return {
      point_processes,
      density_mechs,
      ions,
      morphology: { L: sec._L, diam: [...sec._diam], pts3d: sec._pt3d.map((p) => [p[0], p[1], p[2], p[3]] as [number, number, number, number]), parent, trueparent },
      nseg,
      Ra: sec._Ra,
      cm: [...sec._cm],
      regions: [],
      species: [],
      name: sec._name,
      hoc_internal_name: `__nrnsec_${sec._id}`,
      cell: sec._cell,
    };
  }

  /** @internal Recorder: start recording `ref` into `vec`. */
  _addRecording(vec: VectorImpl, ref: Reference, interval: number | undefined): void {
    this._removeRecording(vec);
    this.#recordings.push({ vec, ref, interval, array: new Float64Array(1), index: 0, next: 0 });
    if (interval !== undefined) this.#intervalRecordings++;
    this.#recordVersion = -1;
    this.#program = undefined;
  }

  /** @internal */
  _removeRecording(vec: VectorImpl): void {
    this.#queue.remove((e) => e.timed?.owner === vec);
    const i = this.#recordings.findIndex((r) => r.vec === vec);
    if (i >= 0) this.#recordings.splice(i, 1);
    this.#intervalRecordings = this.#recordings.filter((r) => r.interval !== undefined).length;
    this.#program = undefined;
    const j = this.#plays.findIndex((p) => p.vec === vec);
    if (j >= 0) this.#plays.splice(j, 1);
    this.#continuousPlays = this.#plays.filter((p) => p.continuous);
  }

  /** @internal Recorder: play `vec` into `ref`. */
  _addPlay(vec: VectorImpl, ref: Reference, times: VectorImpl | number, continuous: boolean): void {
    this._removeRecording(vec);
    this.#plays.push({ vec, ref, times, continuous, array: new Float64Array(1), index: 0, next: 0, interval: 0 });
    this.#continuousPlays = this.#plays.filter((p) => p.continuous);
    this.#recordVersion = -1;
  }

  /**
   * Starts every play, as NEURON's finitialize does: each play's first event (a step play's first
   * value, a continuous play's first time) goes on the queue, and those at t <= 0 are delivered at
   * once. A step play's event applies its value and queues the next; a continuous play's sets the
   * value at that time and queues its next time (the steps set it in between).
   */
  #initPlays(): void {
    const queue = this.#queue;
    for (const p of this.#plays) {
      const n = p.vec.length;
      const nt = typeof p.times === 'number' ? Infinity : p.times.length;
      p.next = 0;
      if (n === 0 || nt === 0) continue;
      const timed: TimedEvent = p.continuous
        ? {
            owner: p.vec,
            deliver: (t) => {
              if (p.next < Math.min(n, nt) - 1) {
                p.next++;
                queue.push({ time: playTime(p, p.next), target: null, weights: EMPTY_WEIGHTS, flag: 0, netcon: undefined, sent: t, timed });
              }
              p.array[p.index] = playValueAt(p, t);
            },
          }
        : {
            owner: p.vec,
            deliver: (t) => {
              p.array[p.index] = p.vec.data[p.next++]!;
              if (p.next < Math.min(n, nt)) {
                queue.push({ time: typeof p.times === 'number' ? t + p.times : p.times.data[p.next]!, target: null, weights: EMPTY_WEIGHTS, flag: 0, netcon: undefined, sent: t, timed });
              }
            },
          };
      queue.push({ time: playTime(p, 0), target: null, weights: EMPTY_WEIGHTS, flag: 0, netcon: undefined, sent: 0, timed });
    }
    this.#deliverUntil(0);
  }

  #continuousPlay(t: number, search: boolean): void {
    for (const p of this.#continuousPlays) p.array[p.index] = playValueAt(p, t, search);
  }

  // ------------------------------------------------------------- private ---

  #store(type: MechanismType): MechanismStore {
    let s = this.#stores.get(type.name);
    if (!s) {
      if (this.#wasm) type.prepare?.();
      // RANDOM streams start with distinct ids (0, serial, 0); scripts set their own with
      // e.g. noiseFromRandom123.
      s = new MechanismStore(type, 4, () => new Random123Stream(0, this.#streamSerial++, 0, this.random123));
      this.#stores.set(type.name, s);
    }
    return s;
  }

  /** Stores with instances, in catalogue order, with kernels created (cached per layout); also
   * lists their `current` and `advance` kernels for the step. */
  #activeStores(): MechanismStore[] {
    if (this.#active) return this.#active;
    const out: MechanismStore[] = [];
    const currentFns: StepKernel[] = [];
    const currentKernels: MechanismKernels[] = [];
    const currentStores: MechanismStore[] = [];
    const advanceFns: StepKernel[] = [];
    const advanceKernels: MechanismKernels[] = [];
    const advanceStores: MechanismStore[] = [];
    for (const type of this.catalogue) {
      const s = this.#stores.get(type.name);
      if (!s || s.count === 0) continue;
      const kernels = (s.kernels ??= type.createKernels());
      out.push(s);
      if (kernels.current) {
        currentFns.push(kernels.current);
        currentKernels.push(kernels);
        currentStores.push(s);
      }
      if (kernels.advance) {
        advanceFns.push(kernels.advance);
        advanceKernels.push(kernels);
        advanceStores.push(s);
      }
    }
    // LONGITUDINAL_DIFFUSION: after every advance kernel (NEURON's long_difus_solve), one
    // solver per mechanism, in catalogue order; made for the layout at its first step.
    for (const s of out) {
      const kernels = s.kernels!;
      if (!s.type.diffusion?.length || !kernels.diffusion) continue;
      let solver: LongitudinalDiffusion | undefined;
      const advance = (_m: InstanceData, nodes: NodeData, ctx: StepContext): void => {
        (solver ??= new LongitudinalDiffusion(s, this._layout())).step(kernels, nodes, ctx);
      };
      advanceFns.push(advance);
      advanceKernels.push({ init: () => {}, advance });
      advanceStores.push(s);
    }
    this.#currentFns = currentFns;
    this.#currentKernels = currentKernels;
    this.#currentStores = currentStores;
    this.#advanceFns = advanceFns;
    this.#advanceKernels = advanceKernels;
    this.#advanceStores = advanceStores;
    this.#baStores = out.filter((st) => BA_KERNELS.some((b) => st.kernels![b] !== undefined));
    this.#active = out;
    this.#program = undefined;
    return out;
  }

  /** The active stores whose mechanisms have BEFORE or AFTER blocks (catalogue order). */
  #baStores: MechanismStore[] = [];

  /** Runs one kind of BEFORE/AFTER block of every mechanism that has it, in catalogue order (as
   * NEURON runs them in the order the mechanisms were registered). */
  #ba(which: (typeof BA_KERNELS)[number], ctx: StepContext): void {
    if (this.#active === undefined) this.#activeStores();
    const stores = this.#baStores;
    for (let j = 0; j < stores.length; j++) {
      const st = stores[j]!;
      st.kernels![which]?.(st, this.#kernelNodes(st), ctx);
    }
  }

  #active: MechanismStore[] | undefined;
  /** The `current` kernels of the active stores (in catalogue order), each with its kernels
   * object (the `this` of the call) and its store: plain arrays, so that the step calls them
   * without looking them up. */
  #currentFns: StepKernel[] = [];
  #currentKernels: MechanismKernels[] = [];
  #currentStores: MechanismStore[] = [];
  /** The `advance` kernels, likewise. */
  #advanceFns: StepKernel[] = [];
  #advanceKernels: MechanismKernels[] = [];
  #advanceStores: MechanismStore[] = [];
  #ionList: IonState[] = [];
  /** The extracellular layers, when a section has them. */
  #ext: ExtracellularSystem | undefined;
  /** Fast membrane current (NEURON's cvode.use_fast_imem): i_membrane_ at every node. */
  #fastImem = false;
  /** Electrode currents' share of rhs and d at each node (for extracellular and i_membrane_). */
  #el: { rhs: Float64Array; d: Float64Array; savedRhs: Float64Array; savedD: Float64Array; mark: Int32Array; stamp: number;
    savD: Float64Array; savRhs: Float64Array; imem: Float64Array } | undefined;

  /** NMODL CONSTRUCTOR of a new instance. */
  #construct(store: MechanismStore, k: number): void {
    const kernels = (store.kernels ??= store.type.createKernels());
    kernels.construct?.(store, k);
  }

  /** @internal a script calls a PROCEDURE or FUNCTION of a point process */
  _callMethod(p: PointProcess, name: string, args: readonly unknown[]): number {
    const spec = p.type.methods?.find((m) => m.name === name);
    if (spec && (spec.varargs ? args.length < spec.arity : args.length !== spec.arity)) {
      throw new NeuriteError('INVALID_ARGUMENT', `${p.hname()}.${name}() takes ${spec.varargs ? 'at least ' : ''}${spec.arity} argument${spec.arity === 1 ? '' : 's'}, got ${args.length}`);
    }
    const numbers = spec?.varargs ? spec.arity : args.length;
    for (let i = 0; i < numbers; i++) {
      const a = args[i];
      if (typeof a !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `${p.hname()}.${name}(): argument ${i + 1} must be a number, got ${shown(a)}`);
    }
    this.#ensureLayout();
    this.#resolvePointers(false);
    const store = this.#stores.get(p.type.name)!;
    const kernels = (store.kernels ??= store.type.createKernels());
    if (!kernels.call) throw new Error(`internal error: ${p.type.name} lists methods but has no call kernel`);
    return kernels.call(name, store, p._handle.index, args.slice(0, numbers) as number[], this.#nodeData, this.#stepContext(this.#time[0]), spec?.varargs ? args : undefined);
  }

  /** NEURON's `h.List()`, or, with a name, the live list of every NetCon (`'NetCon'`) or every
   * point process of a type (`'IClamp'`). */
  List(name?: string): List {
    if (name === undefined) return new List();
    if (name === 'NetCon') return new List({ name, all: () => [...this.#netcons] });
    const type = this.catalogue.find(name);
    if (type && type.kind !== 'density') return new List({ name, all: () => [...this.#pointProcesses].filter((p) => p.type === type) });
    const kinds = ['NetCon', ...[...this.catalogue].filter((t) => t.kind !== 'density').map((t) => t.name)];
    throw new NeuriteError('INVALID_ARGUMENT', `List('${name}'): neurite lists every object of these kinds: ${kinds.join(', ')}; for others, make a List() and append to it`);
  }

  /** NEURON's `h.SectionRef(sec=...)`. */
  SectionRef(sec: Section): SectionRef {
    if (!(sec instanceof Section)) throw new NeuriteError('INVALID_ARGUMENT', `SectionRef({ sec }): sec must be a section, got ${shown(sec)} (neurite has no currently accessed section: name it)`);
    return new SectionRef(sec);
  }

  /** NEURON's `h.ParallelContext()` in one process; every one made for this simulation shares
   * its gids. */
  ParallelContext(): ParallelContext {
    return new ParallelContext(this, this.#gids);
  }

  /** @internal ParallelContext.psolve: NEURON's fixed-step `psolve` (ncs2nrn_integrate): the
   * number of whole steps to tstop (1 + 1e-11), or, for three or fewer, steps while t <= tstop - dt. */
  _psolve(tstop: number): void {
    if (!Number.isFinite(tstop)) throw new NeuriteError('INVALID_VALUE', `psolve(tstop): tstop must be a finite number of ms, got ${shown(tstop)}`);
    const dt = this.dt;
    const end = tstop * (1 + 1e-11);
    const t0 = this.#time[0];
    const n = Math.trunc((end - t0) / dt + 1e-9);
    if (n > 3) {
      // Exactly n steps: t after n - 1 and after n steps (the steps' own additions), and the
      // step loop run to halfway between.
      let before = t0;
      let after = t0;
      for (let k = 0; k < n; k++) {
        before = after;
        after += 0.5 * dt;
        after += 0.5 * dt;
      }
      const nstep = this.nstep_steprun;
      this.nstep_steprun = 1;
      try {
        const ts = before + 0.5 * (after - before);
        if (this.#callbacks.length !== 0) this.#stepsWithCallbacks(ts);
        else this.#steps(ts, false);
      } finally {
        this.nstep_steprun = nstep;
      }
    } else {
      while (this.#time[0] <= end - dt) this.fadvance();
    }
    for (const o of this.#observers) o.onFinish?.();
  }

  /** Makes a random number generator (NEURON's `h.Random()`), Random123 only, sharing this
   * simulation's global index. */
  Random(): Random {
    return new Random({ context: this.random123 });
  }

  #densityOwner(sec: SectionImpl, j: number): { nodeIndex(): number } {
    return { nodeIndex: () => this.#layout!.nodeOfSegment(sec, j) };
  }

  #stepContext(t: number): StepContext & { t: number } {
    // (ctx.events is always set: kernels may send events from INITIAL, BREAKPOINT or SOLVE.)
    const c = this.#ctx;
    c.t = t;
    c.dt = this.dt;
    c.celsius = this.celsius;
    c.secondorder = this.secondorder;
    return c;
  }

  /** Ions, zeroed current sums (Nernst potentials refreshed where concentrations are written),
   * then every mechanism's BREAKPOINT. */
  #currents(ctx: StepContext): void {
    if (this.#active === undefined) this.#activeStores();
    this.#layout!.matrix.zero();
    // (As NEURON's nrn_rhs: BEFORE BREAKPOINT blocks after zeroing, before the ions' and the
    // mechanisms' currents.)
    if (this.#baStores.length !== 0) this.#ba('beforeBreakpoint', ctx);
    const ions = this.#ionList;
    for (let j = 0; j < ions.length; j++) {
      const ion = ions[j];
      if (ion.eadvanceNodes.length !== 0) ion.updateNernst(this.celsius);
      ion.zeroCurrents();
    }
    if (this.#el !== undefined) {
      this.#electrodeCurrents(ctx);
      return;
    }
    const fns = this.#currentFns;
    const kernels = this.#currentKernels;
    const stores = this.#currentStores;
    const nodeData = this.#nodeData;
    for (let j = 0; j < fns.length; j++) fns[j].call(kernels[j], stores[j], nodeData, ctx);
  }

  /**
   * The node data a mechanism's kernels see: for an ELECTRODE_CURRENT point process where there
   * are extracellular layers, v is the potential inside, v + vext[0] (an electrode measures
   * against ground, as nocmodl's code has it), at the nodes with layers; otherwise the nodes'.
   */
  #kernelNodes(store: MechanismStore): NodeData {
    const ext = this.#ext;
    if (ext === undefined || !store.type.electrodeCurrent) return this.#nodeData;
    const v = this.#nodes.v;
    let inside = this.#insideNodes;
    if (inside === undefined || inside.base !== this.#nodeData) {
      // (In the WebAssembly memory beside v, where kernels that run there read node arrays.)
      const vi = this.#insideV ?? new Float64Array(v.length);
      inside = this.#insideNodes = { base: this.#nodeData, data: { ...this.#nodeData, v: vi }, v: vi };
    }
    inside.v.set(v);
    const vext = ext.vext;
    for (const i of ext.nodes) inside.v[i] += vext[i * NLAYER];
    return inside.data;
  }

  /** The array for {@link #kernelNodes}' v, made with the layout (in its memory). */
  #insideV: Float64Array | undefined;
  /** {@link #kernelNodes}' node data and its v, made for the node data it was made from. */
  #insideNodes: { base: NodeData; data: NodeData; v: Float64Array } | undefined;

  /** BREAKPOINTs when the electrode currents' share is kept apart (extracellular layer 0 and
   * i_membrane_ leave it out). */
  #electrodeCurrents(ctx: StepContext): void {
    const el = this.#el!;
    const { rhs, d } = this.#nodes;
    el.rhs.fill(0);
    el.d.fill(0);
    const fns = this.#currentFns;
    const kernels = this.#currentKernels;
    const stores = this.#currentStores;
    const nodeData = this.#nodeData;
    for (let j = 0; j < fns.length; j++) {
      const store = stores[j];
      if (store.type.electrodeCurrent) {
        const ni = store.nodeIndex;
        for (let k = 0; k < store.count; k++) {
          el.savedRhs[ni[k]] = rhs[ni[k]];
          el.savedD[ni[k]] = d[ni[k]];
        }
        fns[j].call(kernels[j], store, this.#kernelNodes(store), ctx);
        const stamp = ++el.stamp;
        for (let k = 0; k < store.count; k++) {
          const n = ni[k];
          if (el.mark[n] === stamp) continue;
          el.mark[n] = stamp;
          el.rhs[n] += rhs[n] - el.savedRhs[n];
          el.d[n] -= d[n] - el.savedD[n];
        }
      } else {
        fns[j].call(kernels[j], store, nodeData, ctx);
      }
    }
  }

  #sectionIons(sec: SectionImpl): string[] {
    const names = new Set<string>();
    // (In the catalogue's order: the species of the density mechanisms the section has had, and
    // of its point processes.)
    for (const type of this.catalogue) {
      const point = type.kind !== 'density' && [...sec._pointProcesses].some((p) => p.type === type);
      for (const u of type.ions) if (point || sec._ionStyles.has(u.ion)) names.add(u.ion);
    }
    return [...names];
  }

  /** Marks the ions of `type` present in every segment of `sec` (in the current layout). */
  #markSectionIons(sec: SectionImpl, type: MechanismType): void {
    if (type.ions.length === 0) return;
    const nodes = this.#layout!.sections.get(sec)!.nodes;
    for (const u of type.ions) {
      const present = this.#ions.get(u.ion)!.present;
      for (let p = 0; p < sec._nseg; p++) present[nodes[p]] = 1;
    }
  }

  #ensureLayout(): void {
    if (this.#layout) return;
    // The previous layout (if any): v and ion concentrations carry over from it by section.
    const old = this.#lastLayout;
    // Every ion species of the catalogue, in the order their states are made below.
    const species: { name: string; valence: number | undefined }[] = [];
    for (const type of this.catalogue) {
      for (const use of type.ions) if (!species.some((sp) => sp.name === use.ion)) species.push({ name: use.ion, valence: use.valence });
    }
    // v, rhs, d and icap live with the layout's matrix (one block of memory for the solve), and
    // so do area and diam, the ions' arrays and the mechanism stores' arrays where it is a
    // WebAssembly.Memory (see InstanceData.memory): room for them is made with the matrix.
    let storeBytes = 0;
    for (const store of this.#stores.values()) storeBytes += store.arenaBytes();
    // (The step program's block: room for more detectors and recordings than there are, for
    // those added before the next layout; beyond it, the step stays in JavaScript until then.)
    const nrec = this.#recordings.length + 32;
    const capacity = Math.max(16, Math.min(1024, Math.floor(16384 / nrec)));
    const stepBytes = (nodes: number): number => (this.#wasm && this.#wasmSteps
      ? StepProgram.bytes(2 + 2 * species.length, this.#stores.size, this.#detectorList.length + 64, nrec, capacity, species.length, species.length * nodes) : 0);
    // (With extracellular layers, the potential inside that electrodes see: see #kernelNodes.)
    const layers = [...this.#stores.values()].some((st) => st.type.solver === 'extracellular' && st.count > 0);
    const lay = new Layout(this.#sections, { wasm: this.#wasm, reserve: (nodes) => storeBytes + species.length * IonState.bytes(nodes) + stepBytes(nodes) + (layers ? arenaBytes(nodes, 8) : 0) });
    const n = lay.n;
    const oldNodes = this.#nodes;
    const m = lay.matrix;
    const memory = m.memory;
    const nodes: NodeArrays = { v: m.v.fill(-65), rhs: m.rhs, d: m.d, icap: m.icap };
    // A section whose nseg changed takes, at each segment, the value of the old segment holding
    // its centre (as NEURON keeps ion concentrations and mechanism values); its far end, the old one.
    const carry = (from: Float64Array, to: Float64Array): void => {
      if (!old) return;
      for (const [sec, s] of lay.sections) {
        const o = old.sections.get(sec);
        if (!o) continue;
        // (A child's connection node is its parent's, carried with the parent's nodes; only a
        // root's is its own.)
        if (sec._parent === null) to[s.connection] = from[o.connection];
        const map = sec._carry;
        if (map === null && o.nseg === s.nseg) {
          for (let p = 0; p <= s.nseg; p++) to[s.nodes[p]!] = from[o.nodes[p]!]!;
        } else {
          // (nodes are counted from the connection end, as NEURON counts them here)
          for (let p = 0; p < s.nseg; p++) {
            const q = map !== null && map.length === s.nseg ? map[p]! : keptSegment(p, o.nseg, s.nseg);
            to[s.nodes[p]!] = from[o.nodes[Math.min(q, o.nseg - 1)]!]!;
          }
          to[s.nodes[s.nseg]!] = from[o.nodes[o.nseg]!]!;
        }
      }
    };
    if (old) carry(oldNodes.v, nodes.v);
    this.#nodes = nodes;
    this.#nodeData = { v: nodes.v, rhs: nodes.rhs, d: nodes.d, area: lay.area, diam: lay.diam };
    // Ions: which species are where, and how their potentials are handled.
    const oldIons = new Map(this.#ions);
    this.#ions.clear();
    for (const sp of species) {
      const st = new IonState(KNOWN_IONS[sp.name] ?? unknownSpecies(sp.name, sp.valence ?? 1), n, memory ? m : undefined);
      const prev = oldIons.get(sp.name);
      if (prev) {
        st.ci0 = prev.ci0;
        st.co0 = prev.co0;
        carry(prev.e, st.e);
        carry(prev.ci, st.ci);
        carry(prev.co, st.co);
      }
      this.#ions.set(sp.name, st);
    }
    for (const [sec, writes] of this.#ionWrites) {
      if (!lay.sections.has(sec)) continue; // (deleted since)
      for (const w of writes.values()) {
        const ion = this.#ions.get(w.ion);
        if (ion !== undefined && w.j < sec._nseg) ion[w.key][lay.nodeOfSegment(sec, w.j)] = w.value;
      }
    }
    this.#ionWrites.clear();
    for (const sec of lay.sections.keys()) sec._carry = null;
    this.#layout = lay;
    this.#lastLayout = lay;
    this.#ionList = [...this.#ions.values()];
    for (const store of this.#stores.values()) {
      store.relocate();
      if (memory) store.adopt(m, memory);
      else store.release();
    }
    const programBytes = stepBytes(n);
    this.#stepBlock = memory && programBytes > 0 ? m.f64(programBytes / 8) : undefined;
    this.#stepCapacity = capacity;
    this.#program = undefined;
    let extStore: MechanismStore | undefined;
    for (const st of this.#stores.values()) if (st.type.solver === 'extracellular' && st.count > 0) extStore ??= st;
    this.#ext = extStore ? new ExtracellularSystem(lay, extStore) : undefined;
    this.#insideV = this.#ext ? m.f64(n) : undefined;
    this.#insideNodes = undefined;
    this.#el = this.#ext || this.#fastImem ? {
      rhs: new Float64Array(n), d: new Float64Array(n), savedRhs: new Float64Array(n), savedD: new Float64Array(n),
      mark: new Int32Array(n), stamp: 0, savD: new Float64Array(n), savRhs: new Float64Array(n), imem: new Float64Array(n),
    } : undefined;
    // How each node uses each species (NEURON ranks a concentration's and e's use 0 none, 1 read,
    // 3 written; the strongest use at a node decides its ion style, see promoteIonStyle).
    // Ion styles. A section keeps, for every species a density mechanism inserted in it used, the
    // style those mechanisms promoted (or h.ion_style set), as NEURON's ion data stay in its
    // segments when the mechanisms go (sec._ionStyles); a point process promotes its node's.
    const pointUses = new Map<string, { conc: Uint8Array; rev: Uint8Array; writes: Int32Array }>();
    for (const store of this.#stores.values()) {
      store.ions = store.type.ions.map((u) => this.#ions.get(u.ion)!);
      const ni = store.nodeIndex;
      const count = store.count;
      const point = store.type.kind !== 'density';
      for (const u of store.type.ions) {
        const { present } = this.#ions.get(u.ion)!;
        for (let k = 0; k < count; k++) if (ni[k] >= 0) present[ni[k]] = 1;
        if (!point || count === 0) continue;
        let use = pointUses.get(u.ion);
        if (!use) pointUses.set(u.ion, use = { conc: new Uint8Array(n), rev: new Uint8Array(n), writes: new Int32Array(n) });
        const { conc, rev } = ionUse(u);
        const writes = ionWrites(u);
        for (let k = 0; k < count; k++) {
          const node = ni[k];
          if (node < 0) continue;
          if (use.conc[node] < conc) use.conc[node] = conc;
          if (use.rev[node] < rev) use.rev[node] = rev;
          use.writes[node] |= writes;
        }
      }
    }
    for (const [sec, { nodes }] of lay.sections) {
      for (const [name, style] of sec._ionStyles) {
        const ion = this.#ions.get(name);
        if (!ion) continue;
        for (let p = 0; p < sec._nseg; p++) {
          ion.present[nodes[p]] = 1;
          ion.style[nodes[p]] = style;
        }
      }
    }
    // Segment-level presence: a section's ions exist in all its segments (a point process's
    // species too).
    if (pointUses.size !== 0) {
      for (const sec of this.#sections) {
        for (const p of sec._pointProcesses) if (this.catalogue.find(p.type.name) === p.type) this.#markSectionIons(sec, p.type);
      }
    }
    for (const [name, use] of pointUses) {
      const ion = this.#ions.get(name)!;
      for (let node = 0; node < n; node++) {
        if (use.conc[node] !== 0 || use.rev[node] !== 0 || use.writes[node] !== 0) ion.style[node] = promoteIonStyle(ion.style[node] | use.writes[node], use.conc[node], use.rev[node]);
      }
    }
    for (const ion of this.#ionList) ion.index();
  }

  #lastLayout: Layout | undefined;
  /** Ion values (e, ci, co: those a layout carries to the next) written while the layout was out
   * of date, by section, the last one of each variable and segment: the next layout applies them
   * after its carry. Without them, a model built as NEURON's scripts build one (an insert, then
   * `sec.ek = -85`, in each section) would be laid out again at every section. */
  readonly #ionWrites = new Map<SectionImpl, Map<string, { ion: string; key: 'e' | 'ci' | 'co'; j: number; value: number }>>();

  /** Points every detector, play and recording at its variable's current storage. */
  #resolveRecordings(): void {
    this.#recordVersion = this.#version;
    // (A detector whose node is gone watches nothing, as NEURON's PreSyn without its variable.)
    const detectors = resolveAll(this.#detectorList);
    const plays = resolveAll(this.#plays);
    const recordings = resolveAll(this.#recordings);
    this.#detectorList = detectors.list;
    this.#plays = plays.list;
    this.#recordings = recordings.list;
    // (The step program has their addresses: made again when one moved or went, kept from run to
    // run otherwise.)
    if (detectors.moved || plays.moved || recordings.moved) this.#program = undefined;
  }

  /** Empties the recordings (resolved) and takes every recording's first sample. */
  #restartRecordings(atInit = true): void {
    const detectors = this.#detectorList;
    for (let j = 0; j < detectors.length; j++) {
      const records = detectors[j].records;
      if (records.size !== 0) for (const r of records) r._recordStart();
    }
    const netcons = this.#netcons;
    for (let j = 0; j < netcons.length; j++) {
      const records = netcons[j]._pointRecords;
      if (records.size !== 0) for (const r of records) r._recordStart();
    }
    const recordings = this.#recordings;
    const queue = this.#queue;
    const t = this.#time[0];
    for (let j = 0; j < recordings.length; j++) {
      const r = recordings[j];
      r.vec._recordStart();
      if (r.interval === undefined) {
        r.vec._push(r.array[r.index]);
        continue;
      }
      // A recording at an interval samples at events of the queue, each queueing the next at its
      // time plus the interval (as NEURON's): finitialize delivers the first at once, a
      // frecord_init later at the start of the next step.
      const interval = r.interval;
      queue.remove((e) => e.timed?.owner === r.vec);
      const timed: TimedEvent = {
        owner: r.vec,
        deliver: (at) => {
          r.vec._push(r.array === this.#time ? at : r.array[r.index]);
          queue.push({ time: at + interval, target: null, weights: EMPTY_WEIGHTS, flag: 0, netcon: undefined, sent: at, timed });
        },
      };
      if (atInit) timed.deliver(t);
      else queue.push({ time: t, target: null, weights: EMPTY_WEIGHTS, flag: 0, netcon: undefined, sent: t, timed });
    }
  }

  /**
   * NEURON's `frecord_init()`: restarts every recording now, without initializing: each vector
   * is emptied and takes the present value as its first sample (one at an interval at the start
   * of the next step, as NEURON's). Returns 1.
   * @example `h.continuerun(100); h.frecord_init(); h.continuerun(200); // only 100-200 ms`
   */
  frecord_init(): number {
    this.#ensureLayout();
    if (this.#recordVersion !== this.#version) this.#resolveRecordings();
    this.#restartRecordings(false);
    return 1;
  }

  /**
   * NEURON's `fcurrent()`: the currents (and what BREAKPOINTs assign: conductances, ion currents)
   * at the present v and states, without advancing anything. Call after `finitialize`. Returns 1.
   * @example `soma(0.5).hh.gnabar = 0; h.fcurrent(); soma(0.5).ina // 0`
   */
  fcurrent(): number {
    this.#ensureLayout();
    this.#resolvePointers();
    this.#currents(this.#stepContext(this.#time[0]));
    return 1;
  }

  /** stdrun's `init()`: `finitialize(v_init)` (and `fcurrent()`, which finitialize's currents
   * already are). Returns 0. @example `h.v_init = -70; h.init(); h.t // 0` */
  init(): number {
    this.finitialize(this.v_init);
    return 0;
  }

  /** secondorder 2: ion currents follow the change of v (di/dv * dv), where the species is
   * present (elsewhere di/dv is 0). */
  #secondOrderIons(rhs: Float64Array): void {
    const ions = this.#ionList;
    for (let j = 0; j < ions.length; j++) ions[j].addSecondOrder(rhs);
  }

  /** Threshold detection at the start of a step, step plays, then every event due by t + dt/2. */
  #deliverEvents(): void {
    const t = this.#time[0];
    const detectors = this.#detectorList;
    for (let j = 0; j < detectors.length; j++) {
      const det = detectors[j];
      if (det.array[det.index] > det.threshold) {
        if (det.above) continue;
        det.above = true;
        this.#spike(det, t + 1e-10);
      } else {
        det.above = false;
      }
    }
    const tm = t + 0.5 * this.dt;
    const queue = this.#queue;
    while (queue.peekTime() <= tm) this.#deliver(queue.pop()!);
  }

  /** Delivers the queued events due by `t` [ms] (NEURON's end of a step). */
  #deliverUntil(t: number): void {
    const queue = this.#queue;
    while (queue.peekTime() <= t) this.#deliver(queue.pop()!);
  }

  /** A detector's variable crossed its threshold: record the spike, queue its NetCons' events. */
  #spike(det: Detector, spike: number): void {
    for (const r of det.records) r._push(spike);
    for (const nc of det.netcons) {
      if (nc.active() && nc._target) this.#queue.push({ time: spike + nc.delay, target: nc._target, weights: nc.weight, flag: 0, netcon: nc, sent: spike });
    }
  }

  #deliver(e: QueuedEvent): void {
    const target = e.target;
    if (target === null) {
      e.timed?.deliver(e.time);
      return;
    }
    const store = this.#stores.get(target.type.name)!;
    const kernels = (store.kernels ??= target.type.createKernels());
    const ctx = this.#ctx;
    const saved = ctx.t;
    ctx.t = e.time;
    this.#deliveringWeights = e.weights;
    try {
      kernels.netReceive?.(store, target._handle.index, e.weights, 0, e.flag, this.#nodeData, ctx);
    } finally {
      this.#deliveringWeights = undefined;
      ctx.t = saved;
    }
  }

  /**
   * NEURON's `h.setpointer(ref, name, instance)`: the POINTER `name` of `instance` (a point
   * process, or a density mechanism of a segment, `seg.gapd`) reads and writes what `ref` refers to.
   * @internal
   */
  _setPointer(handle: InstanceHandle, label: string, name: string, ref: Reference): void {
    const type = handle.store.type;
    const p = (type.pointers ?? []).indexOf(name);
    if (p < 0) {
      const have = type.pointers?.length ? `its POINTERs are ${type.pointers.join(', ')}` : 'it has no POINTER variables';
      throw new NeuriteError('UNKNOWN_VARIABLE', `${label} has no POINTER '${name}'; ${have}`);
    }
    if (!(ref instanceof Reference)) {
      throw new NeuriteError('INVALID_ARGUMENT', `setpointer(ref, '${name}', ${label}): ref must be a reference such as soma(0.5)._ref_v, got ${String(ref)}`);
    }
    if (!handle.alive) throw new NeuriteError('INVALID_ARGUMENT', `setpointer(ref, '${name}', ${label}): that instance was removed`);
    handle.store.pointerRefs[p]![handle.index] = ref;
    this._invalidate();
  }

  /** @internal what instance k's POINTER `name` refers to, or null when not set. */
  _pointerRef(handle: InstanceHandle, name: string): Reference | null {
    const p = (handle.store.type.pointers ?? []).indexOf(name);
    return p < 0 ? null : handle.store.pointerRefs[p]![handle.index] ?? null;
  }

  /**
   * Where every instance's POINTERs point in the current layout. Before a run (`strict`) an
   * unconnected one, or one whose target no longer exists, is an error; for a method call it
   * becomes a target that is an error only when read or written.
   */
  #resolvePointers(strict = true): void {
    if (this.#pointersVersion === this.#version) return;
    for (const store of this.#stores.values()) {
      const names = store.type.pointers;
      if (!names?.length) continue;
      names.forEach((name, p) => {
        const refs = store.pointerRefs[p]!;
        const targets = store.pointers[p]!;
        targets.length = store.total;
        // (Instances without a location are not run: their POINTERs may stay unconnected.)
        for (let k = store.count; k < store.total; k++) targets[k] = unsetPointer(name, this.#instanceLabel(store, k));
        for (let k = 0; k < store.count; k++) {
          const ref = refs[k];
          if (!ref) {
            const who = this.#instanceLabel(store, k);
            if (!strict) { targets[k] = unsetPointer(name, who); continue; }
            throw new NeuriteError('POINTER_NOT_SET', `the POINTER ${name} of ${who} points nowhere: connect it before the run, e.g. h.setpointer(soma(0.5)._ref_v, '${name}', ${who}) (connections are lost when the mechanism's section changes nseg)`);
          }
          let at: readonly [Float64Array, number];
          try {
            at = ref._resolve();
          } catch (e) {
            const who = this.#instanceLabel(store, k);
            throw new NeuriteError('POINTER_NOT_SET', `the POINTER ${name} of ${who} points at ${ref.label}, which no longer exists (${e instanceof Error ? e.message : String(e)}); connect it again with h.setpointer`);
          }
          targets[k] = { array: at[0], index: at[1] };
        }
      });
    }
    if (strict) this.#pointersVersion = this.#version;
  }

  /** NEURON's name of instance k of a store: `GradSyn[0]`, or `b(0.5).gapd`. */
  #instanceLabel(store: MechanismStore, k: number): string {
    const h = store.handles[k]!;
    const p = this.#pointOfHandle.get(h);
    if (p) return p.hname();
    for (const sec of this.#sections) {
      const handles = sec._mechs.get(store.type.name);
      const j = handles?.indexOf(h) ?? -1;
      if (j >= 0) return `${sec((j + 0.5) / sec._nseg).toString()}.${store.type.name}`;
    }
    return `${store.type.name} instance ${k}`;
  }

  #pointAt(type: MechanismType, k: number): PointProcess {
    const store = this.#stores.get(type.name);
    const p = store ? this.#pointOfHandle.get(store.handles[k]) : undefined;
    if (!p) throw new Error(`internal error: no ${type.name} instance ${k}`);
    return p;
  }

  /** Recordings take their sample at the end of a step: every step's, then those with an
   * interval whose sample times have come (see {@link Simulation.#sampleIntervals}). */
  #sample(): void {
    const recordings = this.#recordings;
    for (let j = 0; j < recordings.length; j++) {
      const r = recordings[j];
      if (r.interval === undefined) r.vec._push(r.array[r.index]);
    }
    if (this.#eventRecords.length !== 0) this.#sampleEventRecords(false);
  }







  #reportNaN(): never {
    const lay = this.#layout!;
    const v = this.#nodes.v;
    let where = 'an unknown node';
    for (const [sec, s] of lay.sections) {
      for (let j = 0; j < s.nseg; j++) {
        if (v[lay.nodeOfSegment(sec, j)] !== v[lay.nodeOfSegment(sec, j)]) {
          where = `${sec._name}(${formatX((j + 0.5) / s.nseg)})`;
          break;
        }
      }
      if (where !== 'an unknown node') break;
    }
    throw new NeuriteError('NAN_IN_RUN',
      `the membrane potential became NaN at ${where} at t = ${this.#time[0]} ms; look for a mechanism parameter that is NaN or infinite, a zero time constant, or a dt too large for the model (dt = ${this.dt} ms)`);
  }

  /** A POINTER's value (`syn.vpre`: what it points at), and `syn._ref_vpre`: the reference it
   * points through; setting `_ref_vpre` connects it, as `h.setpointer` does. */
  #pointerAccessors<T>(type: MechanismType, proto: object, of: (o: T) => readonly [InstanceHandle, string]): void {
    const sim = this;
    for (const name of type.pointers ?? []) {
      const target = (o: T): Reference => {
        const [h, label] = of(o);
        const ref = sim._pointerRef(h, name);
        if (!ref) throw new NeuriteError('POINTER_NOT_SET', `the POINTER ${name} of ${label} points nowhere yet: connect it with h.setpointer(soma(0.5)._ref_v, '${name}', ${label})`);
        return ref;
      };
      Object.defineProperty(proto, name, {
        get(this: T) { return target(this).get(); },
        set(this: T, value: number) { target(this).set(value); },
        enumerable: true,
      });
      Object.defineProperty(proto, `_ref_${name}`, {
        get(this: T) { return target(this); },
        set(this: T, ref: Reference) { const [h, label] = of(this); sim._setPointer(h, label, name, ref); },
      });
    }
  }

  #installAccessors(type: MechanismType): void {
    const sim = this;
    if (type.kind === 'density') {
      // seg.hh -> a view with the mechanism's range variables.
      const View = class {
        constructor(readonly _handle: InstanceHandle, readonly _label: string, readonly _follow?: () => SegmentBase | null, readonly _sec?: SectionImpl) {}
        name(): string { return type.name; }
        is_ion(): boolean { return false; }
        ref(variable: string): Reference {
          const r = (this as unknown as Record<string, unknown>)[`_ref_${variable}`];
          if (!(r instanceof Reference)) {
            throw new NeuriteError('UNKNOWN_VARIABLE', `${type.name} has no range variable '${variable}'; it has ${type.fields.filter((f) => f.range).map((f) => f.name).join(', ')}`);
          }
          return r;
        }
        /** Its range variables, as NEURON's `for var in seg.hh` (`var.name()` is `gnabar_hh`). */
        *[Symbol.iterator](): Iterator<RangeVar> {
          const view = this as unknown as MechanismView;
          for (const [fi, f] of type.fields.entries()) {
            if (!f.range) continue;
            const h = this._handle;
            yield new RangeVar(rangeVarName(type, f), f.length ?? 1, (j) => h.get(fi, j), (j, x) => h.set(fi, x, j), view);
          }
          const seg = this._follow?.();
          if (type.solver === 'extracellular' && seg) {
            // (NEURON lists the layers' membrane current and potentials after the parameters.)
            const s = seg as unknown as { i_membrane: number; vext: number[] };
            yield new RangeVar('i_membrane', 1, () => s.i_membrane, () => { throw new NeuriteError('INVALID_ARGUMENT', 'i_membrane is computed; it cannot be set'); }, view);
            yield new RangeVar('vext', NLAYER, (j) => s.vext[j]!, (j, x) => { s.vext[j] = x; }, view);
          }
        }
        toString(): string { return type.name; }
      };
      // (console.log shows the mechanism's range variables: hh { gnabar: 0.12, ... }.)
      setInspect(View.prototype, (v: InstanceType<typeof View>, inspect, options) => {
        const values = Object.fromEntries(type.fields.flatMap((f, fi) => {
          if (!f.range) return [];
          const len = f.length ?? 1;
          return [[f.name, len > 1 ? Array.from({ length: len }, (_, j) => v._handle.get(fi, j)) : v._handle.get(fi)]];
        }));
        return `${type.name} ${inspect(values, options)}`;
      }, () => type.name);
      type.fields.forEach((f, fi) => {
        if (!f.range) return;
        const len = f.length ?? 1;
        Object.defineProperty(View.prototype, f.name, len > 1 ? {
          get(this: InstanceType<typeof View>) { const h = this._handle; return arrayView(len, (j) => h.get(fi, j), (j, x) => h.set(fi, x, j)); },
          enumerable: true,
        } : {
          get(this: InstanceType<typeof View>) { return this._handle.get(fi); },
          set(this: InstanceType<typeof View>, value: number) { this._handle.set(fi, value); },
          enumerable: true,
        });
        // (An array's: one reference per element, `seg.cadifus._ref_ca[3]`, as NEURON's.)
        Object.defineProperty(View.prototype, `_ref_${f.name}`, {
          get(this: InstanceType<typeof View>) {
            const h = this._handle;
            const follow = this._follow;
            const label = (j: number): string => `${this._label}.${f.name}${len > 1 ? `[${j}]` : ''}`;
            // (After an nseg change the instance is another one: the one at the node the
            // reference followed, as NEURON's pointer follows its node.)
            const at = (j: number): InstanceHandle => {
              if (h.alive || follow === undefined) return h;
              const now = follow();
              if (now === null) throw goneSegment(label(j), this._sec!);
              return (sim._mechanismView(now, type.name) as unknown as { _handle: InstanceHandle })._handle;
            };
            const ref = (j: number): Reference => new Reference(label(j), f.unit,
              () => { const hh = at(j); return [hh.store.fields[fi], liveIndex(hh, label(j)) * hh.store.lengths[fi] + j]; }, h);
            return len > 1 ? Array.from({ length: len }, (_, j) => ref(j)) : ref(0);
          },
        });
      });
      this.#pointerAccessors(type, View.prototype, (v: InstanceType<typeof View>) => [v._handle, v._label]);
      this.#viewClasses.set(type.name, View);
      const proto = this.#segmentClass.prototype;
      Object.defineProperty(proto, type.name, {
        get(this: SegmentBase) { return sim._mechanismView(this, type.name); },
        configurable: true,
      });
      type.fields.forEach((f, fi) => {
        if (!f.range) return;
        const handleOf = (seg: SegmentBase): InstanceHandle => {
          const handles = (seg.sec as SectionImpl)._mechs.get(type.name);
          if (!handles) {
            throw new NeuriteError('MECHANISM_NOT_INSERTED',
              `${seg.toString()} has no '${type.name}', so no ${f.name}_${type.name}: insert it first with ${seg.sec._name}.insert('${type.name}')`);
          }
          return handles[seg._j];
        };
        // (Variables of mechanisms built into the solver keep their bare names: seg.xg[0].)
        const rangeName = rangeVarName(type, f);
        const len = f.length ?? 1;
        Object.defineProperty(proto, rangeName, len > 1 ? {
          get(this: SegmentBase) { const h = handleOf(this); return arrayView(len, (j) => h.get(fi, j), (j, x) => h.set(fi, x, j)); },
          configurable: true,
        } : {
          get(this: SegmentBase) { return handleOf(this).get(fi); },
          set(this: SegmentBase, value: number) { handleOf(this).set(fi, value); },
          configurable: true,
        });
        // sec.g_pas: the middle segment's value; setting it sets every segment.
        Object.defineProperty(this.#sectionProto, rangeName, {
          get(this: SectionImpl) { return handleOf(this(0.5)).get(fi); },
          set(this: SectionImpl, value: number) {
            for (let j = 0; j < this._nseg; j++) handleOf(this((j + 0.5) / this._nseg)).set(fi, value);
          },
          configurable: true,
        });
        Object.defineProperty(proto, `_ref_${rangeName}`, {
          get(this: SegmentBase) {
            const seg = this;
            handleOf(seg);
            const at = followSegment(seg);
            const ref = (j: number): Reference => {
              const label = `${seg.toString()}.${type.name}.${f.name}${len > 1 ? `[${j}]` : ''}`;
              return new Reference(label, f.unit, () => {
                const now = at();
                if (now === null) throw goneSegment(label, seg.sec as unknown as SectionImpl);
                const h = handleOf(now);
                return [h.store.fields[fi], h.index * h.store.lengths[fi] + j];
              }, seg.sec, seg as Segment);
            };
            return len > 1 ? Array.from({ length: len }, (_, j) => ref(j)) : ref(0);
          },
          configurable: true,
        });
      });
    } else {
      // A class per type, named after it (so that debuggers and console.log show `IClamp`).
      const Cls = { [type.name]: class extends PointProcess {} }[type.name];
      type.fields.forEach((f, fi) => {
        // `del` is a keyword in Python, so NEURON's Python interface also names it `delay`.
        const names = f.name === 'del' ? ['del', 'delay'] : [f.name];
        const len = f.length ?? 1;
        for (const name of names) {
          Object.defineProperty(Cls.prototype, name, len > 1 ? {
            get(this: PointProcess) { const h = this._handle; return arrayView(len, (j) => h.get(fi, j), (j, x) => h.set(fi, x, j)); },
            enumerable: true,
          } : {
            get(this: PointProcess) { return this._handle.get(fi); },
            set(this: PointProcess, value: number) { this._handle.set(fi, value); },
            enumerable: true,
          });
          Object.defineProperty(Cls.prototype, `_ref_${name}`, {
            get(this: PointProcess) {
              const h = this._handle;
              const label = (j: number): string => `${this.hname()}.${f.name}${len > 1 ? `[${j}]` : ''}`;
              const ref = (j: number): Reference => new Reference(label(j), f.unit,
                () => [h.store.fields[fi], liveIndex(h, label(j)) * h.store.lengths[fi] + j]);
              return len > 1 ? Array.from({ length: len }, (_, j) => ref(j)) : ref(0);
            },
          });
        }
      });
      this.#pointerAccessors(type, Cls.prototype, (p: PointProcess) => [p._handle, p.hname()]);
      for (const f of type.functionTables ?? []) {
        Object.defineProperty(Cls.prototype, `table_${f.name}`, {
          value(this: PointProcess, ...args: unknown[]): number { return setFunctionTable(type, f, `${type.name}.table_${f.name}`, args); },
        });
      }
      for (const m of type.methods ?? []) {
        Object.defineProperty(Cls.prototype, m.name, {
          value(this: PointProcess, ...args: unknown[]): number { return sim._callMethod(this, m.name, args); },
        });
      }
      if (type.eventRecord) {
        const count = type.fields.findIndex((f) => f.name === type.eventRecord!.count);
        const time = type.fields.findIndex((f) => f.name === type.eventRecord!.time);
        if (count < 0 || time < 0) throw new Error(`internal error: ${type.name}'s eventRecord names fields it does not have`);
        Object.defineProperty(Cls.prototype, 'record', {
          /** Records the time of every event into `vec` (NEURON's APCount.record); no argument stops. */
          value(this: PointProcess, vec?: Vector): void { sim._eventRecord(this, count, time, vec); },
        });
      }
      this.#pointClasses.set(type.name, Cls);
    }
    // Ion variables on segments: ena, nai, nao, ina, dina_dv_ and their references.
    for (const use of type.ions) {
      const names = ionNames(use.ion);
      // seg.na_ion: the ion's view, as NEURON's.
      if (!Object.prototype.hasOwnProperty.call(this.#segmentClass.prototype, `${use.ion}_ion`)) {
        Object.defineProperty(this.#segmentClass.prototype, `${use.ion}_ion`, {
          get(this: SegmentBase) { return sim._mechanismView(this, `${use.ion}_ion`); },
          configurable: true,
        });
      }
      for (const key of ION_KEYS) {
        const prop = names[key];
        if (Object.prototype.hasOwnProperty.call(this.#segmentClass.prototype, prop)) continue;
        const locate = (seg: SegmentBase): readonly [Float64Array, number] => {
          this.#ensureLayout();
          const ion = this.#ions.get(use.ion);
          // (An ion's variables are its segments', at 0 and 1 too: the end segment's, as NEURON.)
          const node = this.#layout!.nodeOfSegment(seg.sec as SectionImpl, seg._j);
          if (!ion || !ion.present[node]) {
            throw new NeuriteError('MECHANISM_NOT_INSERTED',
              `${seg.toString()} has no ${use.ion} ion, so no ${prop}: insert a mechanism that uses ${use.ion} (e.g. one with USEION ${use.ion})`);
          }
          return [ion[key], node];
        };
        // (A value the next layout carries waits for it where the layout is out of date and the
        // section has the ion in every segment; see #ionWrites.)
        const carried = key === 'e' || key === 'ci' || key === 'co' ? key : null;
        const write = (seg: SegmentBase, value: number): void => {
          const sec = seg.sec as SectionImpl;
          if (carried !== null && this.#layout === undefined && !sec._deleted && sec._ionStyles.has(use.ion)) {
            let writes = this.#ionWrites.get(sec);
            if (writes === undefined) this.#ionWrites.set(sec, writes = new Map());
            writes.set(`${prop} ${seg._j}`, { ion: use.ion, key: carried, j: seg._j, value: +value });
            return;
          }
          const [a, i] = locate(seg);
          a[i] = value;
        };
        Object.defineProperty(this.#segmentClass.prototype, prop, {
          get(this: SegmentBase) { const [a, i] = locate(this); return a[i]; },
          set(this: SegmentBase, value: number) { write(this, value); },
          configurable: true,
        });
        // sec.ek = -85 sets every segment, as NEURON's Python does; reading gives the middle.
        Object.defineProperty(this.#sectionProto, prop, {
          get(this: SectionImpl) { const [a, i] = locate(this(0.5)); return a[i]; },
          set(this: SectionImpl, value: number) {
            for (let j = 0; j < this._nseg; j++) write(this((j + 0.5) / this._nseg), value);
          },
          configurable: true,
        });
        Object.defineProperty(this.#segmentClass.prototype, `_ref_${prop}`, {
          get(this: SegmentBase) {
            const seg = this;
            locate(seg);
            const at = followSegment(seg);
            const label = `${seg.toString()}.${prop}`;
            return new Reference(label, ION_UNITS[key], () => {
              const now = at();
              if (now === null) throw goneSegment(label, seg.sec as unknown as SectionImpl);
              return locate(now);
            }, seg.sec, seg as Segment);
          },
          configurable: true,
        });
      }
    }
  }
}

/** NEURON's `table_<name>`: gives `type`'s FUNCTION_TABLE `spec` the values in `args`; returns 0. */
function setFunctionTable(type: MechanismType, spec: { readonly name: string; readonly arity: number }, call: string, args: readonly unknown[]): number {
  if (!type.setFunctionTable) throw new Error(`internal error: ${type.name} lists FUNCTION_TABLEs but cannot take their values`);
  type.setFunctionTable(spec.name, functionTableValues(call, spec.arity, args));
  return 0;
}

/**
 * The node holding a segment's v as the sections are now, without laying the model out: a
 * section and a segment number, `nseg` for its far end, -1 for a root's connection end; the
 * connection end of a child is its parent's node there.
 */
function nodeAt(seg: Segment): { sec: SectionImpl; node: number } {
  let sec = seg.sec as unknown as SectionImpl;
  let x = seg.x;
  for (;;) {
    const xp = sec._childEnd === 1 ? 1 - x : x;
    if (xp === 1) return { sec, node: sec._nseg };
    if (xp !== 0) return { sec, node: segmentIndex(x, sec._nseg) };
    if (sec._parent === null) return { sec, node: -1 };
    x = sec._parent.x;
    sec = sec._parent.sec;
  }
}

/**
 * What a reference made at segment `seg` watches after later changes of its section's nseg, as
 * NEURON's pointers do: they point at a node, and NEURON keeps nodes through an nseg change
 * (with more segments, old node i lands on segment floor(n2 (i + 1/2) / n1); with fewer, the
 * node holding a new segment's centre is kept for it, the others are freed). Returns the
 * segment now, or null when its node was freed. The section's ends keep their nodes.
 * @example
 * ```ts
 * const at = followSegment(dend(0.3)); dend.nseg = 11; at() // dend(0.5), where nseg 1's node went
 * ```
 */
function followSegment(seg: SegmentBase): Follower {
  const sec = seg.sec as unknown as SectionImpl;
  const x = seg.x;
  const gen = sec._nsegChanges.length;
  let seen = gen;
  let now: SegmentBase | null = seg;
  const follow: Follower = () => {
    const changes = sec._nsegChanges;
    if (seen === changes.length) return now;
    seen = changes.length;
    if (x === 0 || x === 1) return now;
    const reversed = sec._childEnd === 1;
    // The node's place from the connection end, through each change.
    let n = changes[gen]![0];
    const j = segmentIndex(x, n);
    let p = reversed ? n - 1 - j : j;
    for (let g = gen; g < changes.length; g++) {
      const [n1, n2] = changes[g]!;
      if (n2 > n1) p = Math.trunc(n2 * ((p + 0.5) / n1));
      else {
        let kept = -1;
        for (let i2 = 0; i2 < n2; i2++) if (keptSegment(i2, n1, n2) === p) { kept = i2; break; }
        if (kept < 0) { now = null; follow.freedBy = [n1, n2]; return now; }
        p = kept;
      }
      n = n2;
    }
    const xNow = ((reversed ? n - 1 - p : p) + 0.5) / n;
    now = (sec as unknown as (x: number) => SegmentBase)(xNow);
    return now;
  };
  return follow;
}

/** Where a location is now (see {@link followSegment}); `freedBy`, once it is gone: the nseg change
 * (from, to) that freed its node. */
type Follower = (() => SegmentBase | null) & { freedBy?: readonly [number, number] };

/**
 * Where a reference to a node's own value (v, i_cap, vext, i_membrane_) looks as sections' nseg
 * change, as NEURON's pointer to the node: a section's connection end is its parent's node there,
 * which the parent's nseg changes keep, move or free (the child's own leave it); any other
 * location follows its own section ({@link followSegment}). `owner` is the section whose changes
 * decide it.
 */
function followNode(seg: SegmentBase): { follow: Follower; owner: SectionImpl } {
  const sec = seg.sec as unknown as SectionImpl;
  const parent = sec._parent;
  if (parent !== null && seg.x === sec._childEnd) {
    return followNode((parent.sec as unknown as (x: number) => SegmentBase)(parent.x));
  }
  return { follow: followSegment(seg), owner: sec };
}

/** The error for a reference whose node NEURON freed when its section's nseg changed. */
function goneSegment(label: string, sec: SectionImpl, freedBy?: readonly [number, number]): NeuriteError {
  const last = freedBy ?? sec._nsegChanges[sec._nsegChanges.length - 1];
  return Object.assign(new NeuriteError('INVALID_ARGUMENT',
    `${label}: ${sec._name}.nseg changed${last ? ` from ${last[0]} to ${last[1]}` : ''} and the node this reference watched is gone (as in NEURON, whose recordings of it stop); take the reference again from the segment you want`), { [SEGMENT_GONE_MARK]: true });
}


