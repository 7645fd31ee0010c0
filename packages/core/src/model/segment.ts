import { NeuriteError, requirePositive } from '../errors.js';
import { segmentVolume } from '../geometry/pt3d.js';
import { setInspect } from '../inspect.js';
import { segmentIndex } from '../solver/layout.js';
import type { Reference } from '../recording/reference.js';
import type { PointProcess } from './point-process.js';
import { formatX, type Section } from './section.js';

/** What every mechanism view has besides its variables. */
export interface MechanismViewMethods {
  /** The mechanism's name (`hh`, or an ion's, `na_ion`). */
  name(): string;
  /** True for an ion's view (`seg.na_ion`), as NEURON's `mech.is_ion()`. */
  is_ion(): boolean;
  /** A reference to one of its variables, for recording: `seg.mech('hh').ref('m')`. */
  ref(variable: string): Reference;
  /** Its range variables in NEURON's order, as NEURON's `for var in seg.hh`. */
  [Symbol.iterator](): Iterator<RangeVar>;
}

/**
 * One range variable of a mechanism at a segment, as NEURON's `nrn.RangeVar` (what iterating a
 * mechanism gives): its NEURON name, its length (elements of an array variable), and its values
 * by index, read and written.
 *
 * @example
 * ```ts
 * for (const v of soma(0.5).hh) console.log(v.name(), v[0]); // gnabar_hh 0.12, ...
 * ```
 */
export class RangeVar {
  [index: number]: number;

  /** @internal Made by iterating a mechanism view. */
  constructor(
    private readonly _name: string,
    /** Its number of elements (1 but for array variables). */
    readonly length: number,
    get: (j: number) => number,
    set: (j: number, value: number) => void,
    private readonly _mech: MechanismView,
  ) {
    for (let j = 0; j < length; j++) {
      Object.defineProperty(this, j, { get: () => get(j), set: (x: number) => set(j, x), enumerable: true });
    }
  }

  /** NEURON's name of the variable: `gnabar_hh`, `ena`, `xraxial`. */
  name(): string {
    return this._name;
  }

  /** The mechanism view it belongs to. */
  mech(): MechanismView {
    return this._mech;
  }

  /** NEURON's name, as {@link RangeVar.name}. */
  toString(): string {
    return this._name;
  }
}

/**
 * The view of an ion's variables at a segment (`seg.na_ion`: `ena`, `nai`, `nao`, `ina`,
 * `dina_dv_`), read and written through the segment's own (`seg.ena`), as NEURON's.
 * @internal
 */
export function ionView(seg: SegmentBase, name: string, variables: readonly string[]): MechanismView {
  const at = seg as unknown as Record<string, number | Reference>;
  const view: Record<string, unknown> = {};
  for (const v of variables) {
    Object.defineProperty(view, v, { get: () => at[v], set: (x: number) => { at[v] = x; }, enumerable: true });
    Object.defineProperty(view, `_ref_${v}`, { get: () => at[`_ref_${v}`] });
  }
  const methods: MechanismViewMethods & { toString(): string } = {
    name: () => name,
    is_ion: () => true,
    ref: (variable) => {
      if (!variables.includes(variable)) {
        throw new NeuriteError('UNKNOWN_VARIABLE', `${name} has no variable '${variable}'; it has ${variables.join(', ')}`);
      }
      return at[`_ref_${variable}`] as Reference;
    },
    *[Symbol.iterator]() {
      for (const v of variables) yield new RangeVar(v, 1, () => at[v] as number, (_, x) => { at[v] = x; }, view as MechanismView);
    },
    toString: () => name,
  };
  for (const [k, f] of Object.entries(Object.getOwnPropertyDescriptors(methods))) Object.defineProperty(view, k, { ...f, enumerable: false });
  setInspect(view, (v: Record<string, number>, inspect, options) => `${name} ${inspect(Object.fromEntries(variables.map((x) => [x, v[x]])), options)}`, () => name);
  Object.defineProperty(view, Symbol.iterator, { value: methods[Symbol.iterator], enumerable: false });
  return view as MechanismView;
}

/** Range variables of one mechanism in one segment, e.g. `soma(0.5).hh`: numbers in the units of
 * the mechanism's fields (typed views, from mechanism packages, also have `_ref_<name>`). */
export type MechanismView = { [variable: string]: number } & MechanismViewMethods;

/**
 * Mechanism views by name, on every segment. Mechanism packages add their types here by
 * declaration merging, so that `seg.hh.gnabar` is typed:
 * ```ts
 * declare module '@neurite/core' { interface SegmentMechanisms { hh: HhView } }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SegmentMechanisms {}

/** Range variables by their NEURON names (`gnabar_hh`, `ina`, `_ref_m_hh`), added by mechanism
 * packages through declaration merging like {@link SegmentMechanisms}. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SegmentVariables {}

/**
 * A location on a section: `soma(0.5)`. Reads and writes the values of the segment holding it.
 *
 * @example
 * ```ts
 * const seg = soma(0.5);
 * seg.v;              // [mV]
 * seg.area();         // [um2]
 * seg.hh.gkbar = 0.036;
 * const v = h.Vector().record(seg._ref_v);
 * ```
 */
export class SegmentBase {
  /** @param sec the section @param x arc position, 0..1 */
  constructor(readonly sec: Section, readonly x: number) {}

  /** @internal index of the segment in arc order */
  get _j(): number {
    return segmentIndex(this.x, this.sec._nseg);
  }

  /** Membrane potential [mV]. */
  get v(): number {
    return this.sec._sim._nodeArrays().v[this.node_index()];
  }

  /** Sets the membrane potential [mV] at this segment's node. */
  set v(value: number) {
    this.sec._sim._nodeArrays().v[this.node_index()] = value;
  }

  /** A reference to v, for `h.Vector().record(seg._ref_v)`. */
  get _ref_v(): Reference {
    return this.sec._sim._refNode(this, 'v');
  }

  /** Capacitive current density [mA/cm2] of the last step. */
  get i_cap(): number {
    return this.sec._sim._nodeArrays().icap[this.node_index()];
  }

  /** A reference to i_cap. */
  get _ref_i_cap(): Reference {
    return this.sec._sim._refNode(this, 'i_cap');
  }

  /** Extracellular layer potentials [mV] (`seg.vext[0]`), where `extracellular` is inserted. */
  get vext(): number[] {
    const { ext, node } = this._ext('vext');
    return arrayView(2, (j) => ext.vext[node * 2 + j], (j, x) => { ext.vext[node * 2 + j] = x; });
  }

  /** References to the layer potentials: `seg._ref_vext[0]`. */
  get _ref_vext(): Reference[] {
    this._ext('vext');
    return [0, 1].map((j) => this.sec._sim._refExt(this, `vext[${j}]`, 'mV', (ext, node) => [ext.vext, node * 2 + j]));
  }

  /** Membrane current density [mA/cm2] at this segment, where `extracellular` is inserted. */
  get i_membrane(): number {
    const { ext, node } = this._ext('i_membrane');
    return ext.iMembrane[node];
  }

  /** A reference to i_membrane. */
  get _ref_i_membrane(): Reference {
    this._ext('i_membrane');
    return this.sec._sim._refExt(this, 'i_membrane', 'mA/cm2', (ext, node) => [ext.iMembrane, node]);
  }

  /** Total membrane current [nA] of this node (NEURON's `i_membrane_`), computed when
   * `h.cvode.use_fast_imem(1)` is on; electrode currents are not membrane current. */
  get i_membrane_(): number {
    return this._ref_i_membrane_.get();
  }

  /** A reference to i_membrane_. */
  get _ref_i_membrane_(): Reference {
    return this.sec._sim._refImem(this);
  }

  /** @internal */
  _ext(what: string): { ext: import('../solver/extracellular.js').ExtracellularSystem; node: number } {
    const { ext } = this.sec._sim._extArrays();
    const node = this.node_index();
    if (!ext || !ext.has[node]) {
      throw new NeuriteError('MECHANISM_NOT_INSERTED', `${this.toString()} has no extracellular layers, so no ${what}: insert them with ${this.sec._name}.insert('extracellular')`);
    }
    return { ext, node };
  }

  /** Diameter [um] of this segment. */
  get diam(): number {
    return this.sec._diam[this._j];
  }

  /** Sets the diameter [um] (> 0) of this segment. */
  set diam(value: number) {
    requirePositive(`${this.toString()}.diam`, value, 'um');
    const diams = [...this.sec._diam];
    diams[this._j] = value;
    this.sec._setDiams(diams);
  }

  /** Specific membrane capacitance [uF/cm2] of this segment. */
  get cm(): number {
    return this.sec._cm[this._j];
  }

  /** Sets the specific membrane capacitance [uF/cm2] (>= 0) of this segment. */
  set cm(value: number) {
    requirePositive(`${this.toString()}.cm`, value, 'uF/cm2', true);
    this.sec._cm[this._j] = value;
    this.sec._sim._invalidate();
  }

  /** Membrane area [um2] (0 at the section ends). */
  area(): number {
    return this.sec._sim._layout().membraneArea[this.node_index()];
  }

  /**
   * The segment's volume [um3], as NEURON's `seg.volume()`: a cylinder of its diameter and length
   * `L / nseg`, or the frusta of the section's 3-D points over the segment; 0 at x = 0 and 1.
   * @example `soma(0.5).volume() // PI * diam^2 / 4 * L / nseg [um3]`
   */
  volume(): number {
    const sec = this.sec;
    return segmentVolume(sec._pt3d, sec._arc, sec.L, sec._nseg, this.x, this.x > 0 && this.x < 1 ? this.diam : 0);
  }

  /** Axial resistance from this segment's node to its parent node [megohm]. */
  ri(): number {
    return this.sec._sim._layout().ri[this.node_index()];
  }

  /** The index of this location's node in the tree matrix. */
  node_index(): number {
    return this.sec._sim._layout().nodeOf(this.sec, this.x);
  }

  /** The point processes at this segment's node. */
  point_processes(): PointProcess[] {
    return [...this.sec._pointProcesses].filter((p) => p.get_segment()?.node_index() === this.node_index());
  }

  /** A view of one mechanism, for mechanisms added at run time: `seg.mech('mychan').gbar`. */
  mech(name: string): MechanismView {
    return this.sec._sim._mechanismView(this, name);
  }

  /**
   * The density mechanisms and ions of this segment, as `for mech in seg` in NEURON and in its
   * order: the last inserted first, each ion in front of the mechanisms that use it (at x = 0 and
   * 1, which have no membrane, only extracellular's layers).
   * @example `[...soma(0.5)].map((m) => m.name()) // ['k_ion', 'na_ion', 'hh', 'pas']`
   */
  *[Symbol.iterator](): Iterator<MechanismView> {
    const end = this.x <= 0 || this.x >= 1;
    const catalogue = this.sec._sim.catalogue;
    for (const name of [...this.sec._propOrder]) {
      // (The ends have only the layers of the solver's extracellular mechanism.)
      if (end && catalogue.find(name)?.solver !== 'extracellular') continue;
      yield this.mech(name);
    }
  }

  /** NEURON's name of the segment, e.g. `soma(0.5)`. */
  toString(): string {
    return `${this.sec._name}(${formatX(this.x)})`;
  }

  /** NEURON's name of the segment, e.g. `"soma(0.5)"` (what `JSON.stringify` writes). */
  toJSON(): string {
    return this.toString();
  }
}

// (console.log shows NEURON's names: soma(0.5); gnabar_hh [ 0.12 ].)
setInspect(SegmentBase.prototype, (seg: SegmentBase) => seg.toString(), (seg) => seg.toString());
setInspect(RangeVar.prototype, (v: RangeVar, inspect, options) => `${v.name()} ${inspect(Array.from({ length: v.length }, (_, j) => v[j]), options)}`, (v) => v.name());

/** An array-like view of `len` values read and written through callbacks (`seg.vext[0]`). */
export function arrayView(len: number, get: (j: number) => number, set: (j: number, value: number) => void): number[] {
  const view = {} as Record<number, number>;
  for (let j = 0; j < len; j++) {
    Object.defineProperty(view, j, { get: () => get(j), set: (x: number) => set(j, x), enumerable: true });
  }
  Object.defineProperty(view, 'length', { value: len });
  return view as unknown as number[];
}

/** A segment with its mechanisms' views and range variables. */
export type Segment = SegmentBase & SegmentMechanisms & SegmentVariables;
