import { NeuriteError, requirePositive, shown } from '../errors.js';
import { segmentIndex } from '../solver/layout.js';
import { setInspect } from '../inspect.js';
import type { Simulation } from '../simulation.js';
import type { InstanceHandle } from './store.js';
import type { PointProcess } from './point-process.js';
import type { Reference } from '../recording/reference.js';
import type { Segment } from './segment.js';
import type { PsectionResult } from './psection.js';
import { arc3d, diamsFromSegments, float32Point, rescaleToLength, segmentGeometry, type Pt3dPoint } from '../geometry/pt3d.js';

/** Options of `h.Section(...)`, as NEURON's Python keyword arguments. */
export interface SectionOptions {
  /** The section's name, as `h.topology()` and `psection()` show it. */
  name?: string;
  /**
   * The cell object the section belongs to (NEURON's `cell=`): the section's name is then
   * `${String(cell)}.${name}`, so give the cell a `toString()` (`BallAndStick[0]`) to tell apart
   * the sections of several cells; `sec.cell()` and `psection().cell` return it.
   * @example
   * ```ts
   * class Cell { constructor(readonly gid: number) { this.soma = h.Section({ name: 'soma', cell: this }); }
   *   toString() { return `Cell[${this.gid}]`; } }
   * new Cell(0).soma.name(); // 'Cell[0].soma'
   * ```
   */
  cell?: object;
}

/** Formats x as NEURON prints a segment location (`%g`). */
export function formatX(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * An unbranched cable: `L` um long, cut into `nseg` segments, each with its own `diam` and `cm`
 * and density mechanisms. A section is callable: `soma(0.5)` is the {@link Segment} holding
 * x = 0.5.
 *
 * @example
 * ```ts
 * const soma = h.Section({ name: 'soma' });
 * soma.L = 20; soma.diam = 20;              // [um]
 * soma.insert('hh');
 * soma(0.5).hh.gnabar = 0.12;               // [S/cm2]
 * ```
 */
export interface Section extends SectionVariables {
  /** The segment holding arc position x (0 <= x <= 1); x defaults to 0.5. */
  (x?: number): Segment;
}

/**
 * Section-wide range variables (`soma.g_pas = 1e-4`, `soma.ek = -85`: every segment), added by
 * mechanism packages through declaration merging, like `SegmentVariables`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SectionVariables {}

/**
 * An unbranched cable: `L` [um] long with axial resistivity `Ra` [ohm cm], cut into `nseg`
 * segments, each with its own `diam` [um], `cm` [uF/cm2] and density mechanisms. Made by
 * `h.Section({ name })`. A section is callable: `soma(0.5)` is the {@link Segment} holding
 * x = 0.5.
 *
 * @example
 * ```ts
 * const soma = h.Section({ name: 'soma' });
 * soma.L = 20; soma.diam = 20;              // [um]
 * soma.insert('hh');
 * soma(0.5).hh.gnabar = 0.12;               // [S/cm2]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Section {
  /** @internal */ declare _sim: Simulation;
  /** @internal */ declare _id: number;
  /** @internal */ declare _name: string;
  /** @internal */ declare _cell: object | null;
  /** @internal */ declare _L: number; // [um]
  /** @internal */ declare _Ra: number; // [ohm cm]
  /** @internal */ declare _nseg: number;
  /** @internal every change of nseg, [old, new], in order (references to segments follow their
   * node through them, see simulation.ts's followSegment) */ declare _nsegChanges: [number, number][];
  /** @internal */ declare _diam: number[]; // [um] per segment
  /** @internal */ declare _cm: number[]; // [uF/cm2] per segment
  /** @internal */ declare _parent: { sec: SectionImpl; x: number } | null;
  /** @internal */ declare _childEnd: 0 | 1;
  /** @internal where it was last attached on a parent (kept when disconnected, as NEURON keeps it) */ declare _lastX: number;
  /** @internal after nseg changes not yet laid out: for each segment (from the connection end),
   * the segment of the last layout whose v and ion values it takes */ declare _carry: Int32Array | null;
  /** @internal */ declare _children: SectionImpl[];
  /** @internal */ declare _mechs: Map<string, InstanceHandle[]>;
  /** @internal */ declare _pointProcesses: Set<PointProcess>;
  /** @internal the ion style of every species a density mechanism inserted here used (NEURON keeps
   * a section's ion data when the mechanisms go), as their insertions promoted it or h.ion_style
   * set it */ declare _ionStyles: Map<string, number>;
  /** @internal the density mechanisms and ions (`na_ion`) of its segments in the order NEURON keeps
   * them on a node, first first: each insert puts the mechanism in front, then moves each ion it
   * uses to the front (what `for (const mech of seg)` gives) */ declare _propOrder: string[];
  /** @internal */ declare _deleted: boolean;
  /** @internal 3-D points [um], in single precision as NEURON stores them */ declare _pt3d: Pt3dPoint[];
  /** @internal arc length of each point [um] */ declare _arc: Float64Array;
  /** @internal pt3dstyle's logical connection point [um] */ declare _logical: [number, number, number] | null;

  /** @internal Sections are made by `h.Section()`. */
  protected constructor() {
    throw new TypeError('use h.Section({ name }) to make a section');
  }

  /** The section's name. @example `soma.name() // 'soma'` */
  name(): string {
    return this._name;
  }

  /** The end (0 or 1) by which the section is attached to its parent (NEURON's
   * `sec.orientation()`; a section keeps it when disconnected). @example `dend.orientation() // 0` */
  orientation(): number {
    return this._childEnd;
  }

  /** The cell object the section was made for (`h.Section({ name, cell })`), or null.
   * @example `cell.soma.cell() === cell // true` */
  cell(): object | null {
    return this._cell;
  }

  /** The name as NEURON's `hname()` gives it. @example `soma.hname() // 'soma'` */
  hname(): string {
    return this._name;
  }

  /** The section's name, e.g. `soma` (what template strings show). */
  toString(): string {
    return this._name;
  }

  /** The section's name, e.g. `"soma"` (what `JSON.stringify` writes). */
  toJSON(): string {
    return this._name;
  }

  /** Length [um]. @example `soma.L = 20` */
  get L(): number {
    this._alive();
    // (One 3-D point: NEURON's section is a 1e-9 um cylinder; see sectionGeometry.)
    if (this._pt3d.length === 1) return 1e-9;
    return this._L;
  }

  /** Sets the length [um] (> 0); with 3-D points, they are moved along the line from the first one. */
  set L(value: number) {
    this._alive();
    requirePositive(`${this._name}.L`, value, 'um');
    if (this._pt3d.length >= 2) {
      // NEURON moves the points along the line from the first one and scales their arcs.
      const r = rescaleToLength(this._pt3d, value, this._arc);
      this._pt3d = r.points;
      this._arc = r.arc;
    }
    this._L = value;
    this._sim._invalidate();
  }

  /** Axial resistivity [ohm cm]. @example `soma.Ra = 100` */
  get Ra(): number {
    this._alive();
    return this._Ra;
  }

  /** Sets the axial resistivity [ohm cm] (> 0). */
  set Ra(value: number) {
    this._alive();
    requirePositive(`${this._name}.Ra`, value, 'ohm cm');
    this._Ra = value;
    this._sim._invalidate();
  }

  /** Diameter [um] of the middle segment; setting it sets every segment. @example `soma.diam = 20` */
  get diam(): number {
    this._alive();
    return this._diam[segmentIndex(0.5, this._nseg)];
  }

  /** Sets the diameter [um] (> 0) of every segment. */
  set diam(value: number) {
    this._alive();
    requirePositive(`${this._name}.diam`, value, 'um');
    this._setDiams(this._diam.map(() => value));
  }

  /** @internal Sets segment diameters (arc order); with 3-D points, NEURON changes the points'
   * diameters instead and the segment diameters follow from them. */
  _setDiams(diams: number[]): void {
    if (this._pt3d.length >= 2) {
      this._pt3d = diamsFromSegments(this._pt3d, diams, this._arc);
      this._refreshFromPoints();
    } else {
      this._diam = diams;
    }
    this._sim._invalidate();
  }

  /** @internal L and segment diameters from the 3-D points (with two or more). */
  _refreshFromPoints(): void {
    if (this._pt3d.length < 2) return;
    const g = segmentGeometry(this._pt3d, this._nseg, this._Ra, this._arc);
    const n = this._nseg;
    const reversed = this._childEnd === 1;
    this._L = g.L;
    this._diam = Array.from({ length: n }, (_, j) => g.diam[reversed ? n - 1 - j : j]);
  }

  /**
   * Appends a 3-D point: x, y, z and diameter [um]. With two or more points the section's length
   * and its segments' areas, diameters and resistances follow from them (frusta), as in NEURON.
   * @example `dend.pt3dadd(0, 0, 0, 2); dend.pt3dadd(100, 0, 0, 1);`
   */
  pt3dadd(x: number, y: number, z: number, diam: number): number {
    this._pt3daddAll([[x, y, z, diam]]);
    return 1;
  }

  /** @internal Appends 3-D points (x, y, z, diam [um] each) as that many `pt3dadd`s would, the
   * geometry computed once at the end rather than after each (a morphology's import). */
  _pt3daddAll(points: readonly (readonly [number, number, number, number])[]): void {
    this._alive();
    const added = points.map(([x, y, z, diam]) => {
      for (const [name, v] of [['x', x], ['y', y], ['z', z], ['diam', diam]] as const) {
        if (!Number.isFinite(v)) throw new NeuriteError('INVALID_VALUE', `${this._name}.pt3dadd: ${name} must be a finite number of um, got ${v}`);
      }
      return float32Point([x, y, z, diam]);
    });
    this._pt3d = [...this._pt3d, ...added];
    this._pointsChanged();
  }

  /** Removes every 3-D point (L and the segment diameters stay as they are). */
  pt3dclear(): number {
    this._pt3d = [];
    this._arc = new Float64Array(0);
    this._sim._invalidate();
    return 1;
  }

  /** Inserts a 3-D point before index i. */
  pt3dinsert(i: number, x: number, y: number, z: number, diam: number): void {
    this._pointIndex(i, true);
    const p = [...this._pt3d];
    p.splice(i, 0, float32Point([x, y, z, diam]));
    this._pt3d = p;
    this._pointsChanged();
  }

  /** Removes 3-D point i. */
  pt3dremove(i: number): void {
    this._pointIndex(i);
    this._pt3d = this._pt3d.filter((_, k) => k !== i);
    this._pointsChanged();
  }

  /** Changes 3-D point i: `pt3dchange(i, x, y, z, diam)`, or only its diameter `pt3dchange(i, diam)`. */
  pt3dchange(i: number, ...values: number[]): void {
    this._pointIndex(i);
    const [x, y, z] = this._pt3d[i];
    const next = values.length === 1 ? [x, y, z, values[0]] : values;
    if (next.length !== 4) throw new NeuriteError('INVALID_ARGUMENT', `${this._name}.pt3dchange(i, x, y, z, diam) or pt3dchange(i, diam)`);
    const p = [...this._pt3d];
    p[i] = float32Point(next as [number, number, number, number]);
    this._pt3d = p;
    this._pointsChanged();
  }

  /** Number of 3-D points. */
  n3d(): number {
    return this._pt3d.length;
  }

  /** x of 3-D point i [um]. */
  x3d(i: number): number {
    return this._pt3d[this._pointIndex(i)][0];
  }

  /** y of 3-D point i [um]. */
  y3d(i: number): number {
    return this._pt3d[this._pointIndex(i)][1];
  }

  /** z of 3-D point i [um]. */
  z3d(i: number): number {
    return this._pt3d[this._pointIndex(i)][2];
  }

  /** Diameter of 3-D point i [um]. */
  diam3d(i: number): number {
    return Math.abs(this._pt3d[this._pointIndex(i)][3]);
  }

  /** Arc length of 3-D point i from the first [um]. */
  arc3d(i: number): number {
    return this._arc[this._pointIndex(i)];
  }

  /** NEURON's `pt3dstyle`: with (1, x, y, z) the section logically starts at (x, y, z) [um] and
   * `define_shape` keeps its points where they are relative to that; (0) clears it. Returns 1 when set. */
  pt3dstyle(style?: number, x?: number, y?: number, z?: number): number {
    if (style !== undefined) {
      this._logical = style && x !== undefined && y !== undefined && z !== undefined ? [x, y, z] : null;
    }
    return this._logical ? 1 : 0;
  }

  /** @internal */
  _pointsChanged(): void {
    this._arc = arc3d(this._pt3d);
    this._refreshFromPoints();
    this._sim._invalidate();
  }

  /** @internal */
  _pointIndex(i: number, insert = false): number {
    const n = this._pt3d.length + (insert ? 1 : 0);
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new NeuriteError('LOCATION_OUT_OF_RANGE', `${this._name} has ${this._pt3d.length} 3-D points; index ${i} is out of range 0..${n - 1}`);
    }
    return i;
  }

  /** Specific membrane capacitance [uF/cm2] of the middle segment; setting it sets every segment. */
  get cm(): number {
    this._alive();
    return this._cm[segmentIndex(0.5, this._nseg)];
  }

  /** Sets the specific membrane capacitance [uF/cm2] (>= 0) of every segment. */
  set cm(value: number) {
    this._alive();
    requirePositive(`${this._name}.cm`, value, 'uF/cm2', true);
    this._cm.fill(value);
    this._sim._invalidate();
  }

  /** Number of segments. Changing it re-discretizes: each new segment takes the values of the
   * old segment that holds its centre. @example `dend.nseg = 11` */
  get nseg(): number {
    this._alive();
    return this._nseg;
  }

  /** Membrane potential [mV] of the middle segment; setting it sets every segment's (NEURON's
   * `sec.v`). @example `soma.v = -70; h.finitialize(); // starts from -70` */
  get v(): number {
    return (this as unknown as (x: number) => Segment)(0.5).v;
  }

  set v(value: number) {
    for (const seg of this as unknown as Iterable<Segment>) seg.v = value;
  }

  /** Sets the number of segments (a whole number from 1 to 32767) and re-discretizes. */
  set nseg(value: number) {
    this._alive();
    if (!Number.isInteger(value) || value < 1 || value > 32767) {
      throw new NeuriteError('INVALID_NSEG',
        `${this._name}.nseg must be a whole number from 1 to 32767, got ${shown(value)}; an odd number (1, 3, 5, ...) keeps a node at the centre`);
    }
    if (value === this._nseg) return;
    this._sim._resegment(this, value);
  }

  /**
   * Attaches this section's `childEnd` (0 or 1) to `parent` at `x`; returns this section.
   * NEURON's forms: `dend.connect(soma(1))`, `dend.connect(soma, 1, 0)`, `dend.connect(soma(1), 0)`.
   * @example
   * ```ts
   * dend.connect(soma(1));
   * ```
   */
  connect(parent: Segment | Section, x?: number, childEnd?: number): this {
    this._alive();
    let psec: SectionImpl;
    let px: number;
    let end: number;
    if (typeof parent === 'function') {
      psec = parent as SectionImpl;
      px = x ?? 1;
      end = childEnd ?? 0;
    } else if (parent && typeof parent === 'object' && 'sec' in parent) {
      psec = parent.sec as SectionImpl;
      px = parent.x;
      end = x ?? 0;
    } else {
      throw new NeuriteError('INVALID_ARGUMENT', `connect() takes a segment (soma(1)) or a section and a location (soma, 1); got ${String(parent)}`);
    }
    checkX(px, `${psec._name}`);
    if (end !== 0 && end !== 1) {
      throw new NeuriteError('LOCATION_OUT_OF_RANGE', `the child end of a connection must be 0 or 1, got ${String(end)}`);
    }
    this._sim._connect(this as SectionImpl, psec, px, end);
    return this;
  }

  /** Detaches this section from its parent (it becomes a root). */
  disconnect(): this {
    this._sim._disconnect(this as SectionImpl);
    return this;
  }

  /** The sections attached to this one, in NEURON's order: by where they attach, from the end
   * this section is attached by; the last connected first among those at one place. */
  children(): Section[] {
    return [...this._children];
  }

  /** The segment of the parent this section is attached to, or null for a root. */
  parentseg(): Segment | null {
    return this._parent ? this._parent.sec(this._parent.x) : null;
  }

  /** The segment whose node this section is attached to: as {@link parentseg}, except that an
   * attachment at the parent's own attached end belongs to the grandparent (and at a root's 0 end
   * to no section: null). */
  trueparentseg(): Segment | null {
    const p = trueParent(this as SectionImpl);
    return p ? p.sec(p.x) : null;
  }

  /** The parent section, or null. */
  parentsec(): Section | null {
    return this._parent ? this._parent.sec : null;
  }

  /** This section and all its descendants, depth first. */
  subtree(): Section[] {
    const out: Section[] = [];
    const walk = (s: SectionImpl): void => {
      out.push(s);
      for (const c of s._children) walk(c);
    };
    walk(this as SectionImpl);
    return out;
  }

  /** Every section of the tree this section belongs to. */
  wholetree(): Section[] {
    let root = this as SectionImpl;
    while (root._parent) root = root._parent.sec;
    return root.subtree();
  }

  /** The segments, including the zero-area ends x = 0 and x = 1. */
  allseg(): Segment[] {
    const n = this._nseg;
    const out = [this(0)];
    for (let j = 0; j < n; j++) out.push(this((j + 0.5) / n));
    out.push(this(1));
    return out;
  }

  /** Iterates the segments' centres, as `for seg in sec` in NEURON. */
  *[Symbol.iterator](): Iterator<Segment> {
    const n = this._nseg;
    for (let j = 0; j < n; j++) yield this((j + 0.5) / n);
  }

  /** Inserts a density mechanism into every segment; returns the section.
   * @example `soma.insert('hh').insert('pas')` */
  insert(mechanism: string): this {
    this._alive();
    this._sim._insert(this as SectionImpl, mechanism);
    return this;
  }

  /** Removes a density mechanism; returns the section. */
  uninsert(mechanism: string): this {
    this._alive();
    this._sim._uninsert(this as SectionImpl, mechanism);
    return this;
  }

  /**
   * True when `mechanism` is inserted (with no argument: when any is). As NEURON looks at the
   * section's first segment: an ion its mechanisms use counts (`'na_ion'`), and so do
   * `'capacitance'` and `'morphology'`, which every section has, and a point process placed in
   * that segment.
   * @example `soma.insert('hh'); soma.has_membrane('hh') && soma.has_membrane('na_ion') // true`
   */
  has_membrane(mechanism?: string): boolean {
    if (mechanism === undefined) return this._mechs.size > 0;
    if (this._mechs.has(mechanism) || mechanism === 'capacitance' || mechanism === 'morphology') return true;
    if (mechanism.endsWith('_ion') && this._ionStyles.has(mechanism.slice(0, -4))) return true;
    for (const p of this._pointProcesses) {
      const x = p.get_loc();
      if (p.type.name === mechanism && x > 0 && x < 1 && segmentIndex(x, this._nseg) === 0) return true;
    }
    return false;
  }

  /** A reference to `_ref_v` at the middle (NEURON's `sec._ref_v`). */
  get _ref_v(): Reference {
    return this(0.5)._ref_v;
  }

  /** The section's properties as NEURON's `sec.psection()` dict.
   * @example `soma.psection().density_mechs.hh.gnabar // [0.12]` */
  psection(): PsectionResult {
    return this._sim._psection(this as SectionImpl);
  }

  /** True while the section exists (false after `h.delete_section`). */
  exists(): boolean {
    return !this._deleted;
  }

  /** @internal */
  _alive(): void {
    if (this._deleted) {
      throw new NeuriteError('DELETED_SECTION', `section '${this._name}' was deleted; make a new one with h.Section()`);
    }
  }
}

/** The implementation type of sections inside core. */
export type SectionImpl = Section;

// (console.log of a section shows its name, as NEURON's print(soma).)
setInspect(Section.prototype, (sec: Section) => sec._name, (sec) => sec._name);

/** The section and position owning the node `sec` is attached to (see `trueparentseg`). */
export function trueParent(sec: SectionImpl): { sec: SectionImpl; x: number } | null {
  let p = sec._parent;
  while (p && p.x === (p.sec._childEnd === 1 ? 1 : 0)) p = p.sec._parent;
  return p;
}

/** Throws LOCATION_OUT_OF_RANGE unless 0 <= x <= 1. */
export function checkX(x: number, where: string): void {
  if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
    throw new NeuriteError('LOCATION_OUT_OF_RANGE',
      `location ${String(x)} is outside ${where}: x is the fraction of the section's length, from 0 to 1 (e.g. ${where}(0.5))`);
  }
}
