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
    const order = sectionOrder(sections);
    let nroots = 0; // (the roots come first)
    while (nroots < order.length && order[nroots]._parent === null) nroots++;
    this.order = order;
    const nsec = order.length;
    let n = nroots;
    for (let q = 0; q < nsec; q++) n += order[q]._nseg + 1;
    this.n = n;
    // The depth of each section's connection node (nodes to the root). A section's nodes from
    // its connection point are one deeper each, so the number of nodes at each depth is counted
    // by adding 1 from depth + 1 to depth + nseg + 1 (as differences, summed below).
    const index = new Map<SectionImpl, number>();
    const depth0 = new Int32Array(nsec);
    let maxDepth = 0;
    for (let q = 0; q < nsec; q++) {
      const s = order[q];
      index.set(s, q);
      if (s._parent !== null) {
        const pq = index.get(s._parent.sec)!;
        const ps = order[pq];
        depth0[q] = depth0[pq] + 1 + positionOf(ps._nseg, ps._childEnd === 1, s._parent.x);
      }
      const last = depth0[q] + s._nseg + 1;
      if (last > maxDepth) maxDepth = last;
    }
    const count = new Int32Array(maxDepth + 2);
    count[0] = nroots;
    for (let q = 0; q < nsec; q++) {
      count[depth0[q] + 1]++;
      count[depth0[q] + order[q]._nseg + 2]--;
    }
    for (let d = 2; d <= maxDepth; d++) count[d] += count[d - 1];
    // Nodes numbered by depth, and within one depth in the order of sections breadth-first and
    // of segments from the connection point: `next[d]` is the next free number at depth d.
    const next = new Int32Array(maxDepth + 1);
    for (let d = 1; d <= maxDepth; d++) next[d] = next[d - 1] + count[d - 1];
    const placed: SectionNodes[] = [];
    for (let q = 0; q < nsec; q++) {
      const s = order[q];
      const nseg = s._nseg;
      let connection = q;
      if (s._parent !== null) {
        const pl = placed[index.get(s._parent.sec)!];
        const pos = positionOf(pl.nseg, pl.reversed, s._parent.x);
        connection = pos < 0 ? pl.connection : pl.nodes[pos];
      }
      const nodes = new Int32Array(nseg + 1);
      const d0 = depth0[q] + 1;
      for (let p = 0; p <= nseg; p++) nodes[p] = next[d0 + p]++;
      const sn: SectionNodes = { nodes, nseg, connection, reversed: s._childEnd === 1 };
      placed.push(sn);
      this.sections.set(s, sn);
    }
    const m = new HinesMatrix(n, { wasm: options.wasm, reserve: 2 * arenaBytes(n, 8) + (options.reserve?.(n) ?? 0) });
    this.matrix = m;
    const area = (this.area = m.f64(n).fill(100));
    const membraneArea = (this.membraneArea = new Float64Array(n));
    const ri = (this.ri = new Float64Array(n).fill(Infinity));
    const diam = (this.diam = m.f64(n));
    const { parent, a, b, cm } = m;
    // Each section's nodes from its connection point: its parent's area is set by then (a root's
    // is 100; the connection belongs to an earlier section).
    for (let q = 0; q < nsec; q++) {
      const s = order[q];
      const { nodes, nseg, connection, reversed } = placed[q];
      // With 3-D points the frusta decide areas and resistances (arrays in node order from the
      // connection); otherwise cylinders of the segment diameters. One point: NEURON's 1e-9 um.
      const g: SegmentGeometry | undefined = s._pt3d.length >= 2 ? segmentGeometry(s._pt3d, nseg, s._Ra, s._arc) : undefined;
      const dx = (s._pt3d.length === 1 ? 1e-9 : s._L) / nseg;
      const sdiam = s._diam;
      const scm = s._cm;
      const Ra = s._Ra;
      let rright = 0;
      let up = connection;
      for (let p = 0; p < nseg; p++) {
        const j = reversed ? nseg - 1 - p : p;
        const node = nodes[p];
        let nodeArea: number;
        let rleft: number;
        let rnext: number;
        if (g) {
          nodeArea = g.area[p];
          rleft = g.rLeft[p];
          rnext = g.rRight[p];
        } else {
          const d = sdiam[j];
          nodeArea = PI * d * dx;
          rleft = (1e-2 * Ra * (dx / 2)) / ((PI * d * d) / 4);
          rnext = rleft;
        }
        area[node] = nodeArea;
        membraneArea[node] = nodeArea;
        cm[node] = scm[j];
        diam[node] = sdiam[j];
        ri[node] = rleft + rright;
        const rinv = 1 / (rleft + rright);
        parent[node] = up;
        a[node] = (-1e2 * rinv) / area[up];
        b[node] = (-1e2 * rinv) / nodeArea;
        up = node;
        rright = rnext;
      }
      const end = nodes[nseg];
      ri[end] = rright;
      const rinv = 1 / rright;
      parent[end] = up;
      a[end] = (-1e2 * rinv) / area[up];
      b[end] = (-1e2 * rinv) / area[end];
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
    const pos = positionOf(s.nseg, s.reversed, x);
    return pos < 0 ? s.connection : s.nodes[pos];
  }

  /** The node of segment j (in arc order) of a section. */
  nodeOfSegment(sec: SectionImpl, j: number): number {
    const s = this.sections.get(sec)!;
    return s.nodes[s.reversed ? s.nseg - 1 - j : j]!;
  }
}

/** Where arc position x of a section is, counted from its connection point: -1 at the
 * connection, p for the p-th segment's node, nseg at the far end. */
function positionOf(nseg: number, reversed: boolean, x: number): number {
  const xp = reversed ? 1 - x : x;
  if (xp === 0) return -1;
  if (xp === 1) return nseg;
  const j = segmentIndex(x, nseg);
  return reversed ? nseg - 1 - j : j;
}

/** The index of the segment holding arc position x (0 <= x <= 1) of a section with nseg segments. */
export function segmentIndex(x: number, nseg: number): number {
  const j = Math.floor(x * nseg);
  return j >= nseg ? nseg - 1 : j < 0 ? 0 : j;
}

/**
 * The sections in node order (NEURON's secorder): the roots in the order given, then breadth-first
 * through each section's children (in their sibling order).
 * @example `sectionOrder(h.allsec() as SectionImpl[])[0] // the first root`
 */
export function sectionOrder(sections: readonly SectionImpl[]): SectionImpl[] {
  const order: SectionImpl[] = [];
  for (const s of sections) if (s._parent === null) order.push(s);
  for (let q = 0; q < order.length; q++) {
    const children = order[q]._children;
    for (let c = 0; c < children.length; c++) order.push(children[c]);
  }
  return order;
}

/**
 * The old segment (of `n1`, counted from the connection end) whose node and values new segment
 * `i2` (of `n2`) keeps when nseg changes, as NEURON's node_realloc picks it: the one holding the
 * new centre, a centre on an old boundary going to the old segment after it (from that end).
 * @example
 * ```ts
 * keptSegment(1, 2, 9) // 0: 1.5/9 of the way lies in the first half
 * keptSegment(4, 2, 9) // 1: the centre 4.5/9 is the boundary; the segment after it
 * ```
 */
export function keptSegment(i2: number, n1: number, n2: number): number {
  return Math.trunc(n1 * ((i2 + 0.5) / n2));
}

/**
 * Where a point process on segment `i1` (counted from the connection end) of `n1` segments goes
 * when the section gets `n2` segments, as NEURON moves it with the node it is on: with more
 * segments, the old node lands on segment floor(n2 (i1 + 1/2) / n1); with fewer (or as many),
 * a node kept for a new segment j (the one holding j's centre) takes it to j, and any other old
 * node's point processes go to the first new segment whose far end is at or past the old node
 * (so a node on a boundary goes to the segment before it).
 * @example
 * ```ts
 * relocatedSegment(5, 11, 4) // 1: the old centre 0.5 is the end of new segment 1
 * relocatedSegment(1, 5, 3)  // 0
 * ```
 */
export function relocatedSegment(i1: number, n1: number, n2: number): number {
  if (n2 > n1) return Math.trunc(n2 * ((i1 + 0.5) / n1));
  for (let i2 = 0; i2 < n2; i2++) if (keptSegment(i2, n1, n2) === i1) return i2;
  const x1 = (i1 + 0.5) / n1;
  for (let i2 = 0; i2 < n2; i2++) if (x1 <= (i2 + 1) / n2) return i2;
  return n2 - 1;
}
