import type { MechanismType } from './abi.js';
import { Catalogue, rangeVarName } from './catalogue.js';
import { NeuriteError, shown } from './errors.js';
import { ION_KEYS, ION_UNITS, ionNames } from './solver/ions.js';
import type { PointProcess } from './model/point-process.js';
import type { Section, SectionOptions } from './model/section.js';
import type { MechanismView, Segment } from './model/segment.js';
import type { Reference } from './recording/reference.js';
import type { Vector } from './recording/vector.js';
import { Simulation, type DistanceArgs, type FInitializeHandler, type LoadedMorphology, type NetConOptions, type NetConSource, type RunObserver } from './simulation.js';
import type { SectionList } from './model/section-list.js';
import type { NetCon } from './run/netcon.js';
import type { Random } from './random/random.js';
import type { ParallelContext } from './run/parallel.js';
import type { List } from './model/hoc-list.js';
import type { SectionRef } from './model/section-ref.js';
import { libmExp } from './libm/exp.js';

/**
 * Where a point process goes, as its constructor takes it: a segment, `h.IClamp(soma(0.5))`, or
 * NEURON's older form, an x and the section, `h.IClamp(0.5, { sec: soma })`.
 */
export type PointLocation = [] | [seg: Segment] | [x: number, options: { sec: Section }];

/**
 * Point-process constructors on `h`, by name. Mechanism packages add theirs by declaration
 * merging (`IClamp(seg: Segment): PointProcessOf<...>`); any point process in the catalogue is
 * also reachable untyped through `h.pointProcess(name, seg)`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PointProcessConstructors {}

/** Mechanism globals on `h` (`h.usetable_hh`), added by mechanism packages by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HGlobals {}

/** NEURON's `h`: the scripting interface of one simulation. */
export interface HBase {
  /** Makes a section: `h.Section({ name: 'soma' })` or `h.Section('soma')`. */
  Section(options?: SectionOptions | string): Section;
  /** Makes a vector: empty, of n zeros (or n times `value`), or a copy of an array. */
  Vector(init?: ArrayLike<number> | Iterable<number> | number, value?: number): Vector;
  /** t = 0, v = `v` [mV] everywhere (when given), INITIAL blocks, first recording sample. */
  finitialize(v?: number): number;
  /** One time step. */
  fadvance(): number;
  /** Steps until t reaches `tstop` [ms]; returns 0 (as NEURON's). */
  continuerun(tstop: number): number;
  /** `setdt()`, `finitialize(v_init)`, `continuerun(tstop)`; returns 0 (as NEURON's). */
  run(tstop?: number): number;
  /** stdrun's `stdinit()`: `setdt()`, then `finitialize(v_init)`; returns 0. */
  stdinit(): number;
  /** stdrun's `init()`: `finitialize(v_init)`; returns 0. */
  init(): number;
  /** NEURON's `fcurrent()`: currents and what BREAKPOINTs assign, at the present state; returns 1. */
  fcurrent(): number;
  /** NEURON's `frecord_init()`: every recording restarts now with the present value; returns 1. */
  frecord_init(): number;
  /** Rounds dt to a whole number of steps per 1/steps_per_ms, as stdrun does. */
  setdt(): void;
  /** Prints the tree; returns 1. */
  topology(): number;
  /** Every section. */
  allsec(): Section[];
  /** A section list: `h.SectionList()`, or filled from sections. */
  SectionList(sections?: Iterable<Section>): SectionList;
  /** Makes the sections of an SWC or Neurolucida file as NEURON's Import3d does. */
  loadMorphology(text: string, filename: string): LoadedMorphology;
  /** Gives sections without 3-D points NEURON's stylized shape and moves the others to where they attach (NEURON's `define_shape`). */
  define_shape(): number;
  /** Path distance [um]: `distance(seg1, seg2)`; `distance(0, seg)` sets the origin, `distance(seg)`
   * measures from it; NEURON's forms with the section last, `distance({ sec })` (origin at sec(0)),
   * `distance(x, { sec })`, `distance(0 | 1, x, { sec })`, as well. */
  distance(...args: DistanceArgs): number;
  /** Deletes a section (`h.delete_section({ sec })` or `h.delete_section(sec)`). */
  delete_section(sec: Section | { sec: Section }): void;
  /** Accepted for scripts that load `stdrun.hoc` (neurite always has the standard run system); returns 1. */
  load_file(name: string): number;
  /**
   * Makes a NetCon from a source (`seg._ref_v`, a point process, or null) to a target with
   * NET_RECEIVE (or null): `h.NetCon(stim, syn)`, `h.NetCon(seg._ref_v, syn, { sec })`,
   * `h.NetCon(src, syn, threshold, delay, weight)`.
   */
  NetCon(source: NetConSource, target: PointProcess | null, ...rest: (number | NetConOptions | undefined)[]): NetCon;
  /**
   * NEURON's `h.setpointer(ref, name, instance)`: the POINTER variable `name` of `instance` (a
   * point process, or a segment's density mechanism such as `seg.gapd`) reads and writes what
   * `ref` refers to, e.g. another segment's v: `h.setpointer(b(0.5)._ref_v, 'vgap', a(0.5).gapd)`.
   * Every POINTER must be connected before `finitialize`. Returns 0.
   */
  setpointer(ref: Reference, name: string, instance: PointProcess | MechanismView): number;
  /** Makes a point process at x of a section: `h.pointProcess('IClamp', 0.5, { sec: soma })`. */
  pointProcess(name: string, x: number, options: { sec: Section }): PointProcess;
  /** Makes a point process of any catalogue type: `h.pointProcess('IClamp', soma(0.5))` (an
   * artificial cell takes no location). */
  pointProcess(name: string, seg?: Segment): PointProcess;
  /** Adds a mechanism type (e.g. a compiled `.mod`) to this simulation's catalogue. */
  addMechanism(type: MechanismType): void;
  /** Adds a run observer; returns a function that removes it. */
  observe(observer: RunObserver): () => void;
  /** NEURON's `h.cvode` (fixed step only): `use_fast_imem(1)` turns on `seg.i_membrane_`. */
  readonly cvode: CVode;
  /** NEURON's `h.CVode()`: the same object as `h.cvode`. */
  CVode(): CVode;
  /**
   * NEURON's `h.Random()` with the Random123 generator: `r.Random123(1, 2, 3)`, then
   * `r.uniform(0, 1)`, `r.negexp(mean)`, `r.normal(mean, variance)`, `r.repick()`.
   */
  Random(): Random;
  /**
   * NEURON's `h.ParallelContext()` in one process (`nhost()` 1): gids of spike sources
   * (`set_gid2node`, `cell`), `gid_connect`, `spike_record`, `psolve`, and the collectives of
   * one process. Every one made shares the simulation's gids.
   */
  ParallelContext(): ParallelContext;
  /**
   * NEURON's `h.FInitializeHandler([type,] fn)`: `fn` runs in every `finitialize`; type 3 at its
   * start, 0 once v is set (before the INITIAL blocks), 1 (the default) after the INITIAL blocks,
   * 2 just before it returns. `remove()` on the result stops it.
   */
  FInitializeHandler(typeOrFn: number | (() => void), fn?: () => void): FInitializeHandler;
  /** NEURON's `h.List()` of objects, or `h.List('NetCon')` / `h.List('IClamp')`: every object of
   * that kind, as they come and go. */
  List(name?: string): List;
  /** NEURON's `h.SectionRef(sec=s)`: `h.SectionRef({ sec: s })` (or `h.SectionRef(s)`). */
  SectionRef(options: { sec: Section } | Section): SectionRef;
  /**
   * NEURON's `h.ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit, sec=s)`: how the
   * section handles an ion species (see {@link Simulation.ionStyle}); returns the style it had.
   * @example
   * ```ts
   * h.ion_style('na_ion', 1, 2, 1, 0, 1, { sec: soma }); // ena = Nernst of nai0, nao0 at finitialize
   * h.ion_style('na_ion', { sec: soma });                // 53
   * ```
   */
  ion_style(ion: string, ...args: [options: { sec: Section } | Section] | [cStyle: number, eStyle: number, einit: number, eadvance: number, cinit: number, options: { sec: Section } | Section]): number;
  /**
   * NEURON's `h.ismembrane('hh', sec=s)`: 1 when the section has the density mechanism (or the
   * ion, `'na_ion'`, that its mechanisms use; `'capacitance'` and `'morphology'` always), else 0.
   * @example `if (h.ismembrane('hh', { sec: soma })) soma(0.5).hh.gkbar = 0.04;`
   */
  ismembrane(mechanism: string, options: { sec: Section } | Section): number;
  /**
   * NEURON's `h.units(name)`: the unit of a variable, as NEURON names it (`'gnabar_hh'`
   * `'S/cm2'`, `'v'` `'mV'`, `'ena'` `'mV'`, `'nai'` `'mM'`); `''` for one without (`'m_hh'`,
   * `'usetable_hh'`, `'secondorder'`). An unknown name is an error.
   * @example `h.units('gkbar_hh') // 'S/cm2'`
   */
  units(name: string): string;
  /** NEURON's `h.secname(sec=s)`: the hoc name NEURON gives a section made in Python,
   * `_pysec.<name>` (`sec.name()` is `<name>`). */
  secname(options: { sec: Section } | Section): string;
  /** Time [ms]. */
  t: number;
  /** Time step [ms]. */
  dt: number;
  /** Stop time of `run()` [ms]. */
  tstop: number;
  /** Initial potential of `run()` [mV]. */
  v_init: number;
  /** Temperature [degC]. */
  celsius: number;
  /** 0: implicit Euler; 2: Crank-Nicolson. */
  secondorder: number;
  /** Steps per ms for `setdt()`. */
  steps_per_ms: number;
  /** stdrun's `stoprun`: 1 (set in a `cvode.event` callback) ends `continuerun` after that
   * step; `continuerun` sets it to 0 when it starts. */
  stoprun: number;
  /** A reference to t. */
  readonly _ref_t: Reference;
  /** The mechanisms this simulation knows. */
  readonly catalogue: Catalogue;
  /** The simulation behind this `h`. */
  readonly simulation: Simulation;
}

/**
 * hoc's constants and math functions on `h`, with NEURON 8.2.2's values (`h.PI`, `h.cos(x)`):
 * what scripts written for NEURON call. `exp` is hoc's (0 below -700, exp(700) above 700, and the C
 * library's exp between, bit for bit: {@link libmExp}); `log`, `log10` and `sqrt` of a negative
 * number are errors, as in hoc.
 * @example `const x = r * h.cos((2 * h.PI * i) / n);`
 */
export interface HocMath {
  /** pi. */
  readonly PI: number;
  /** e, the base of natural logarithms. */
  readonly E: number;
  /** Euler's constant gamma. */
  readonly GAMMA: number;
  /** Degrees per radian [deg/rad]. */
  readonly DEG: number;
  /** The golden ratio. */
  readonly PHI: number;
  /** Faraday's constant [C/mol] (2018 CODATA, as NEURON 8.2's units). */
  readonly FARADAY: number;
  /** The gas constant [J/(mol K)] (2018 CODATA). */
  readonly R: number;
  /** Avogadro's constant [1/mol]. */
  readonly Avogadro_constant: number;
  /** Sine of x [rad]. */
  sin(x: number): number;
  /** Cosine of x [rad]. */
  cos(x: number): number;
  /** Arc tangent [rad]. */
  atan(x: number): number;
  /** Arc tangent of y/x in (-pi, pi] [rad]. */
  atan2(y: number, x: number): number;
  /** Hyperbolic tangent. */
  tanh(x: number): number;
  /** e^x; 0 below x = -700 and e^700 above 700 (hoc's range). */
  exp(x: number): number;
  /** Natural logarithm of x >= 0. */
  log(x: number): number;
  /** Base-10 logarithm of x >= 0. */
  log10(x: number): number;
  /** Square root of x >= 0. */
  sqrt(x: number): number;
  /** Absolute value. */
  abs(x: number): number;
  /** x truncated towards zero (hoc's `int`). */
  int(x: number): number;
}

/** The section of `h.secname({ sec })`-style calls (or the section itself). */
function sectionOf(method: string, options: { sec: Section } | Section): Section {
  const sec = typeof options === 'function' ? options : (options as { sec?: Section } | null | undefined)?.sec;
  if (typeof sec !== 'function') {
    throw new NeuriteError('INVALID_ARGUMENT', `h.${method}({ sec }): name the section, e.g. h.${method}({ sec: soma }) (neurite has no currently accessed section)`);
  }
  return sec;
}

/** {@link HocMath}'s values. */
function hocMath(): HocMath {
  const domain = (name: string, x: number): never => {
    throw new NeuriteError('INVALID_VALUE', `h.${name}(${x}): the argument must be >= 0`);
  };
  return {
    PI: Math.PI, E: Math.E, GAMMA: 0.5772156649015329, DEG: 180 / Math.PI, PHI: (1 + Math.sqrt(5)) / 2,
    FARADAY: 96485.33212331001, R: 8.31446261815324, Avogadro_constant: 6.02214076e23,
    sin: Math.sin, cos: Math.cos, atan: Math.atan, atan2: Math.atan2, tanh: Math.tanh,
    exp: (x) => (x < -700 ? 0 : libmExp(Math.min(x, 700))),
    log: (x) => (x < 0 ? domain('log', x) : Math.log(x)),
    log10: (x) => (x < 0 ? domain('log10', x) : Math.log10(x)),
    sqrt: (x) => (x < 0 ? domain('sqrt', x) : Math.sqrt(x)),
    abs: Math.abs,
    int: Math.trunc,
  };
}

/** The units NEURON gives its built-in variables (`''`: none); stdrun's as once it is loaded. */
const BUILTIN_UNITS: Readonly<Record<string, string>> = {
  v: 'mV', t: 'ms', dt: 'ms', celsius: 'degC', L: 'um', diam: 'um', Ra: 'ohm-cm', cm: 'uF/cm2',
  i_cap: 'mA/cm2', area: '', nseg: '', rallbranch: '', secondorder: '', stoprun: '', tstop: '',
  v_init: '', steps_per_ms: '', i_membrane_: '',
  // (The extracellular layers' potentials and membrane current: the solver's, not fields.)
  vext: 'mV', i_membrane: 'mA/cm2',
  PI: '', E: '', GAMMA: '', DEG: '', PHI: '', FARADAY: '', R: '', Avogadro_constant: '',
};

/** NEURON's `units(name)` in a simulation with these mechanisms (see {@link HBase.units}). */
function unitsOf(sim: Simulation, catalogue: Catalogue, name: string): string {
  const shownUnit = (u: string): string => (u === '1' ? '' : u);
  const builtin = BUILTIN_UNITS[name];
  if (builtin !== undefined) return builtin;
  const types = catalogue.names().map((n) => catalogue.get(n));
  // An ion's variables, once a mechanism uses it: ena, nai, nao, ina, dina_dv_, nai0_na_ion.
  for (const ion of new Set(types.flatMap((t) => t.ions.map((u) => u.ion)))) {
    const names = ionNames(ion);
    const key = ION_KEYS.find((k) => names[k] === name);
    if (key !== undefined) return ION_UNITS[key];
    if (name === `${ion}i0_${ion}_ion` || name === `${ion}o0_${ion}_ion`) return ION_UNITS.ci;
  }
  // A density mechanism's range variable, `<name>_<mechanism>` (extracellular's bare: `xg`).
  for (const t of types) {
    if (t.kind !== 'density') continue;
    const f = t.fields.find((x) => x.range && rangeVarName(t, x) === name);
    if (f) return shownUnit(f.unit);
  }
  const global = sim.globalRef(name);
  if (global) return shownUnit(global.unit);
  throw new NeuriteError('UNKNOWN_VARIABLE', `h.units('${name}'): no variable of that name; a mechanism's are named <variable>_<mechanism>, e.g. 'gnabar_hh'`);
}

/** The part of NEURON's CVode object neurite has: switches of the fixed-step solver. */
export interface CVode {
  /** Turns the fast membrane current (`seg.i_membrane_` [nA]) on or off; returns 1 when on. */
  use_fast_imem(on?: boolean | number): number;
  /** neurite integrates with fixed steps only: 0 (asking for 1 is an error). */
  active(on?: boolean | number): number;
  /**
   * NEURON's `cvode.event(t, fn)` with fixed steps: `fn` runs after the first step that ends at
   * or after `t` [ms] (a `t` within 1e-6 of a whole number of steps is moved a quarter step
   * earlier, as NEURON does, so that round-off does not put it a step late). `finitialize`
   * forgets pending events. Returns the time used.
   * @example `h.finitialize(-65); h.cvode.event(2, () => { stim.amp = 0.9; }); h.continuerun(10);`
   */
  event(t: number, fn: () => void): number;
}

/** `h` with the point processes and globals of the mechanisms that were typed in. */
export type H = HBase & HocMath & PointProcessConstructors & HGlobals;

/** Options of {@link createH}. */
export interface HOptions {
  /** The mechanisms; an empty catalogue when absent. */
  catalogue?: Catalogue;
  /** Where printing (`topology()`) goes. */
  print?: (text: string) => void;
  /** `false` keeps the solver and every array in JavaScript even where WebAssembly is available
   * (see `SimulationOptions.wasm`); the numbers are the same to the last bit. */
  wasm?: boolean;
  /** `false` keeps the step loop in JavaScript where it could run in WebAssembly (see
   * `SimulationOptions.wasmSteps`); the numbers are the same to the last bit. */
  wasmSteps?: boolean;
}

const SCALARS = ['t', 'dt', 'tstop', 'v_init', 'celsius', 'secondorder', 'steps_per_ms', 'stoprun'] as const;

/**
 * Makes an independent simulation with NEURON's `h` interface. The `neurite` package's `h` is one
 * of these with the standard mechanisms; make more for isolated models (tests, parallel runs).
 *
 * @example
 * ```ts
 * import { createH } from '@neurite/core';
 * const h = createH({ catalogue });
 * const soma = h.Section({ name: 'soma' });
 * h.finitialize(-65);
 * ```
 */
export function createH(options: HOptions = {}): H {
  let catalogue = options.catalogue ?? new Catalogue();
  const sim = new Simulation({ catalogue, print: options.print, wasm: options.wasm, wasmSteps: options.wasmSteps });
  const base: HBase & HocMath = {
    ...hocMath(),
    Section: (o) => sim.Section(o),
    Vector: (init, value) => sim.Vector(init, value),
    finitialize: (v) => sim.finitialize(v),
    fadvance: () => sim.fadvance(),
    continuerun: (tstop) => sim.continuerun(tstop),
    run: (tstop) => sim.run(tstop),
    setdt: () => sim.setdt(),
    stdinit: () => sim.stdinit(),
    init: () => sim.init(),
    fcurrent: () => sim.fcurrent(),
    frecord_init: () => sim.frecord_init(),
    topology: () => sim.topology(),
    allsec: () => sim.allsec(),
    SectionList: (secs) => sim.SectionList(secs),
    loadMorphology: (text, filename) => sim.loadMorphology(text, filename),
    define_shape: () => sim.define_shape(),
    distance: (...args) => sim.distance(...args),
    delete_section: (s) => sim.delete_section(typeof s === 'function' ? s : s.sec),
    load_file: () => 1,
    pointProcess: (name: string, ...at: unknown[]) => sim.pointProcess(name, ...(at as PointLocation)),
    NetCon: (source, target, ...rest) => sim.NetCon(source, target, ...rest),
    setpointer: (ref, name, instance) => sim.setpointer(ref, name, instance),
    addMechanism: (type) => {
      catalogue = catalogue.extend(type);
      sim._useCatalogue(catalogue);
    },
    observe: (o) => sim.observe(o),
    cvode: {
      use_fast_imem: (on) => (sim.useFastImem(on) ? 1 : 0),
      active: (on) => {
        if (on) throw new NeuriteError('INVALID_ARGUMENT', 'neurite has the fixed-step methods only (secondorder 0 or 2); variable-step CVODE is not available');
        return 0;
      },
      event: (t, fn) => sim.event(t, fn),
    },
    CVode: () => base.cvode,
    Random: () => sim.Random(),
    ParallelContext: () => sim.ParallelContext(),
    List: (name) => sim.List(name),
    FInitializeHandler: (typeOrFn, fn) => (typeof typeOrFn === 'function' ? sim.FInitializeHandler(1, typeOrFn) : sim.FInitializeHandler(typeOrFn, fn as () => void)),
    SectionRef: (options) => sim.SectionRef(sectionOf('SectionRef', options)),
    ion_style: (ion, ...args) => {
      const options = args[args.length - 1] as { sec: Section } | Section;
      const style = args.slice(0, -1) as number[];
      return sim.ionStyle(sectionOf('ion_style', options), ion, style.length === 0 ? undefined : style);
    },
    ismembrane: (mechanism, options) => (sectionOf('ismembrane', options).has_membrane(mechanism) ? 1 : 0),
    units: (name) => unitsOf(sim, catalogue, name),
    // (NEURON's hoc name of a section made in Python.)
    secname: (options) => `_pysec.${sectionOf('secname', options).name()}`,
    t: 0, dt: 0, tstop: 0, v_init: 0, celsius: 0, secondorder: 0, steps_per_ms: 0, stoprun: 0,
    get _ref_t() { return sim._ref_t; },
    get catalogue() { return catalogue; },
    get simulation() { return sim; },
  };
  for (const k of SCALARS) {
    Object.defineProperty(base, k, {
      get: () => sim[k],
      set: (value: number) => {
        if (typeof value !== 'number' || Number.isNaN(value)) {
          throw new NeuriteError('INVALID_VALUE', `h.${k} must be a number, got ${shown(value)}`);
        }
        if (k === 'dt' && !(value > 0)) throw new NeuriteError('INVALID_VALUE', `h.dt must be > 0 ms, got ${value}`);
        if (k === 'secondorder' && value !== 0 && value !== 1 && value !== 2) {
          throw new NeuriteError('INVALID_VALUE', `h.secondorder must be 0 (implicit Euler), 1 (Crank-Nicolson) or 2 (Crank-Nicolson, ion currents corrected too), got ${shown(value)}`);
        }
        sim[k] = value;
      },
      enumerable: true,
    });
  }
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string' || prop in target) return Reflect.get(target, prop, receiver);
      const type = catalogue.find(prop);
      if (type && type.kind !== 'density') return (...at: PointLocation) => sim.pointProcess(prop, ...at);
      const ref = sim.globalRef(prop.startsWith('_ref_') ? prop.slice(5) : prop);
      if (ref) return prop.startsWith('_ref_') ? ref : ref.get();
      return sim._functionTableSetter(prop);
    },
    set(target, prop, value, receiver) {
      if (typeof prop !== 'string' || prop in target) return Reflect.set(target, prop, value, receiver);
      const ref = sim.globalRef(prop);
      if (!ref) {
        throw new NeuriteError('UNKNOWN_VARIABLE',
          `h has no variable '${prop}'; mechanism globals are named <variable>_<mechanism>, e.g. h.usetable_hh`);
      }
      ref.set(Number(value));
      return true;
    },
  }) as H;
}
