import { requirePositive } from '../errors.js';
import { segmentIndex } from '../solver/layout.js';
import type { Reference } from '../recording/reference.js';
import type { PointProcess } from './point-process.js';
import { formatX, type Section } from './section.js';

/** What every mechanism view has besides its variables. */
export interface MechanismViewMethods {
  /** The mechanism's name (`hh`). */
  name(): string;
  /** A reference to one of its variables, for recording: `seg.mech('hh').ref('m')`. */
  ref(variable: string): Reference;
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

  /** Diameter [um] of this segment. */
  get diam(): number {
    return this.sec._diam[this._j];
  }

  set diam(value: number) {
    requirePositive(`${this.toString()}.diam`, value, 'um');
    this.sec._diam[this._j] = value;
    this.sec._sim._invalidate();
  }

  /** Specific membrane capacitance [uF/cm2] of this segment. */
  get cm(): number {
    return this.sec._cm[this._j];
  }

  set cm(value: number) {
    requirePositive(`${this.toString()}.cm`, value, 'uF/cm2', true);
    this.sec._cm[this._j] = value;
    this.sec._sim._invalidate();
  }

  /** Membrane area [um2] (0 at the section ends). */
  area(): number {
    return this.sec._sim._layout().membraneArea[this.node_index()];
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

  /** The density mechanisms of this segment, as `for mech in seg` in NEURON. */
  *[Symbol.iterator](): Iterator<MechanismView> {
    for (const name of this.sec._mechs.keys()) yield this.mech(name);
  }

  toString(): string {
    return `${this.sec._name}(${formatX(this.x)})`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A segment with its mechanisms' views and range variables. */
export type Segment = SegmentBase & SegmentMechanisms & SegmentVariables;
