import type { SectionImpl } from '../model/section.js';
import { segmentGeometry, type SegmentGeometry } from '../geometry/pt3d.js';
import { HinesMatrix, arenaBytes } from './hines.js';

const PI = Math.PI;

/** Where one section's nodes are in the node arrays. */
export interface SectionNodes {
  /** The section's nodes from its connection point: `nodes[p]` is the node of the p-th segment
   * from the connection end (p < nseg), `nodes[nseg]` the node at the far end (no membrane). */
  readonly nodes: Int32Array;
  readonly nseg: number;
  /** The node at the section's connection end: the parent's node, or a root node. */
  readonly connection: number;
  /** True when the section is attached by its 1 end, so arc position x is 1 - x from the parent. */
  readonly reversed: boolean;
}

/** Options of a {@link Layout}. */
export interface LayoutOptions {
  /** `false` solves the matrix in JavaScript even where WebAssembly is available. */
  readonly wasm?: boolean;
  /** Bytes to reserve in the matrix's memory for other arrays, given the number of nodes (see
   * {@link HinesMatrix.f64}); {@link Layout.area} and {@link Layout.diam} are counted apart.
   * (Reserve here rather than with `matrix.reserve` later: growing the memory would detach
   * `area` and `diam`.) */
  readonly reserve?: (n: number) => number;
}

/**
 * The discretized cable: node arrays in an order where every parent precedes its children, so
 * that the tree matrix is solved by Hines elimination in two sweeps.
 *
 * Nodes: one root node (no membrane) per tree, the centre of each segment, and each section's
 * far end. They are numbered by depth in the tree (the number of nodes to the root), and within
 * one depth in the order of sections breadth-first and of segments from the connection point.
 * Neighbouring nodes then belong to different branches, which lets the processor overlap the
 * elimination of one node with the next (a cable numbered section by section is a chain of
 * dependent divisions). Children of one node keep their relative order, so every node's sums
 * are formed in the same order either way, and the numbers are the same to the last bit.
 */
export class Layout {
  readonly n: number;
  /** The tree matrix and node state arrays (parent, a, b, cm, v, rhs, d, icap) and their solve. */
  readonly matrix: HinesMatrix;
  /** Matrix area [um2]: membrane area, or 100 at nodes without membrane. In the matrix's memory,
   * as {@link diam}. */
  readonly area: Float64Array;
  /** Membrane area [um2] (0 at section ends). */
  readonly membraneArea: Float64Array;
  /** Resistance from each node to its parent [megohm] (Infinity at roots). */
  readonly ri: Float64Array;
  /** Segment diameter [um] at each segment's node; 0 at section ends and roots. */
  readonly diam: Float64Array;
  readonly sections = new Map<SectionImpl, SectionNodes>();
  /** Sections in node order. */
  readonly order: SectionImpl[];

  constructor(sections: readonly SectionImpl[], options: LayoutOptions = {}) {
    // Sections breadth-first from the roots (the roots first, in the order given).
    const order: SectionImpl[] = [];
    for (const s of sections) if (s._parent === null) order.push(s);
    const nroots = order.length;
    for (let q = 0; q < order.length; q++) {
      const children = order[q]._children;
      for (let c = 0; c < children.length; c++) order.push(children[c]);
    }
    this.order = order;
    const nsec = order.length;
    let n = nroots;
    for (let q = 0; q < nsec; q++) n += order[q]._nseg + 1;
    this.n = n;
    // First numbered section by section (the logical order): root q is node q, then each
    // section's nodes from its connection point; renumbered by depth below.
    const parentL = new Int32Array(n).fill(-1);
    const areaL = new Float64Array(n).fill(100);
    const membraneAreaL = new Float64Array(n);
    const riL = new Float64Array(n).fill(Infinity);
    const cmL = new Float64Array(n);
    const diamL = new Float64Array(n);
    const rinv = new Float64Array(n);
    // Depth of each logical node (nodes to its root): a parent precedes its children here too.
    const depth = new Int32Array(n);
    let maxDepth = 0;
    const bases = new Map<SectionImpl, LogicalSection>();
    const logical: LogicalSection[] = [];
    let next = nroots;
    for (let q = 0; q < nsec; q++) {
      const s = order[q];
      const nseg = s._nseg;
      const reversed = s._childEnd === 1;
      const connection = s._parent === null ? q : logicalNodeOf(bases.get(s._parent.sec)!, s._parent.x);
      const base = next;
      next += nseg + 1;
      const l: LogicalSection = { base, nseg, connection, reversed };
      bases.set(s, l);
      logical.push(l);
      // With 3-D points the frusta decide areas and resistances (arrays in node order from the
      // connection); otherwise cylinders of the segment diameters. One point: NEURON's 1e-9 um.
      const g: SegmentGeometry | undefined = s._pt3d.length >= 2 ? segmentGeometry(s._pt3d, nseg, s._Ra, s._arc) : undefined;
      const dx = (s._pt3d.length === 1 ? 1e-9 : s._L) / nseg;
      const diam = s._diam;
      const Ra = s._Ra;
      let rright = 0;
      let dep = depth[connection];
      for (let p = 0; p < nseg; p++) {
        const j = reversed ? nseg - 1 - p : p;
        const node = base + p;
        let area: number;
        let rleft: number;
        let rnext: number;
        if (g) {
          area = g.area[p];
          rleft = g.rLeft[p];
          rnext = g.rRight[p];
        } else {
          const d = diam[j];
          area = PI * d * dx;
          rleft = (1e-2 * Ra * (dx / 2)) / ((PI * d * d) / 4);
          rnext = rleft;
        }
        areaL[node] = area;
        membraneAreaL[node] = area;
        cmL[node] = s._cm[j];
        diamL[node] = diam[j];
        riL[node] = rleft + rright;
        rinv[node] = 1 / (rleft + rright);
        parentL[node] = p === 0 ? connection : node - 1;
        depth[node] = ++dep;
        rright = rnext;
      }
      const end = base + nseg;
      riL[end] = rright;
      rinv[end] = 1 / rright;
      parentL[end] = end - 1;
      depth[end] = ++dep;
      if (dep > maxDepth) maxDepth = dep;
    }
    // Renumber by depth (stable: within a depth, the logical order), by counting.
    const start = new Int32Array(maxDepth + 2);
    for (let i = 0; i < n; i++) start[depth[i] + 1]++;
    for (let k = 1; k <= maxDepth + 1; k++) start[k] += start[k - 1];
    const byDepth = new Int32Array(n);
    const newIndex = new Int32Array(n);
    for (let old = 0; old < n; old++) {
      const i = start[depth[old]]++;
      byDepth[i] = old;
      newIndex[old] = i;
    }
    const m = new HinesMatrix(n, { wasm: options.wasm, reserve: 2 * arenaBytes(n, 8) + (options.reserve?.(n) ?? 0) });
    this.matrix = m;
    const area = (this.area = m.f64(n));
    const membraneArea = (this.membraneArea = new Float64Array(n));
    const ri = (this.ri = new Float64Array(n));
    const diam = (this.diam = m.f64(n));
    const { parent, a, b, cm } = m;
    for (let i = 0; i < n; i++) {
      const old = byDepth[i];
      const pl = parentL[old];
      parent[i] = pl < 0 ? -1 : newIndex[pl];
      area[i] = areaL[old];
      membraneArea[i] = membraneAreaL[old];
      ri[i] = riL[old];
      cm[i] = cmL[old];
      diam[i] = diamL[old];
    }
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0) continue;
      const r = rinv[byDepth[i]];
      a[i] = (-1e2 * r) / area[p];
      b[i] = (-1e2 * r) / area[i];
    }
    for (let q = 0; q < nsec; q++) {
      const l = logical[q];
      const nodes = new Int32Array(l.nseg + 1);
      for (let p = 0; p <= l.nseg; p++) nodes[p] = newIndex[l.base + p];
      this.sections.set(order[q], { nodes, nseg: l.nseg, connection: newIndex[l.connection], reversed: l.reversed });
    }
  }

  /** Parent of each node, -1 at roots (the matrix's array). */
  get parent(): Int32Array {
    return this.matrix.parent;
  }

  /** Off-diagonal coupling of node i in the parent's row [S/cm2]. */
  get a(): Float64Array {
    return this.matrix.a;
  }

  /** Off-diagonal coupling of the parent in node i's row [S/cm2]. */
  get b(): Float64Array {
    return this.matrix.b;
  }

  /** Specific capacitance [uF/cm2]; 0 where there is no membrane. */
  get cm(): Float64Array {
    return this.matrix.cm;
  }

  /** The node at arc position x of a section (the centre of the segment holding x; the
   * connection node at the attached end; the far-end node at the other). */
  nodeOf(sec: SectionImpl, x: number): number {
    const s = this.sections.get(sec);
    if (!s) throw new Error(`internal error: section ${sec._name} is not in the layout`);
    const xp = s.reversed ? 1 - x : x;
    if (xp === 0) return s.connection;
    if (xp === 1) return s.nodes[s.nseg]!;
    return this.nodeOfSegment(sec, segmentIndex(x, s.nseg));
  }

  /** The node of segment j (in arc order) of a section. */
  nodeOfSegment(sec: SectionImpl, j: number): number {
    const s = this.sections.get(sec)!;
    return s.nodes[s.reversed ? s.nseg - 1 - j : j]!;
  }
}

/** A section's nodes in the logical numbering: base + p from the connection point. */
interface LogicalSection {
  readonly base: number;
  readonly nseg: number;
  readonly connection: number;
  readonly reversed: boolean;
}

/** The logical node at arc position x of a section, while the layout is built. */
function logicalNodeOf(s: LogicalSection, x: number): number {
  const xp = s.reversed ? 1 - x : x;
  if (xp === 0) return s.connection;
  if (xp === 1) return s.base + s.nseg;
  const j = segmentIndex(x, s.nseg);
  return s.base + (s.reversed ? s.nseg - 1 - j : j);
}

/** The index of the segment holding arc position x (0 <= x <= 1) of a section with nseg segments. */
export function segmentIndex(x: number, nseg: number): number {
  const j = Math.floor(x * nseg);
  return j >= nseg ? nseg - 1 : j < 0 ? 0 : j;
}
