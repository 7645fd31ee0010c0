import type { SectionImpl } from '../model/section.js';
import { segmentGeometry, type SegmentGeometry } from '../geometry/pt3d.js';

const PI = Math.PI;

/** Where one section's nodes are in the node arrays. */
export interface SectionNodes {
  /** Index of the node of the first segment from the connection point; the nseg segment nodes
   * follow, then the node at the far end (no membrane). */
  readonly base: number;
  readonly nseg: number;
  /** The node at the section's connection end: the parent's node, or a root node. */
  readonly connection: number;
  /** True when the section is attached by its 1 end, so arc position x is 1 - x from the parent. */
  readonly reversed: boolean;
}

/**
 * The discretized cable: node arrays in an order where every parent precedes its children, so
 * that the tree matrix is solved by Hines elimination in two sweeps.
 *
 * Nodes: one root node (no membrane) per tree, then, section by section in breadth-first order,
 * the centre of each segment and the section's far end.
 */
export class Layout {
  readonly n: number;
  readonly parent: Int32Array;
  /** Off-diagonal coupling of node i in the parent's row [S/cm2]. */
  readonly a: Float64Array;
  /** Off-diagonal coupling of the parent in node i's row [S/cm2]. */
  readonly b: Float64Array;
  /** Matrix area [um2]: membrane area, or 100 at nodes without membrane. */
  readonly area: Float64Array;
  /** Membrane area [um2] (0 at section ends). */
  readonly membraneArea: Float64Array;
  /** Resistance from each node to its parent [megohm] (Infinity at roots). */
  readonly ri: Float64Array;
  /** Specific capacitance [uF/cm2]; 0 where there is no membrane. */
  readonly cm: Float64Array;
  /** Segment diameter [um] at each segment's node; 0 at section ends and roots. */
  readonly diam: Float64Array;
  readonly sections = new Map<SectionImpl, SectionNodes>();
  /** Sections in node order. */
  readonly order: SectionImpl[];

  constructor(sections: readonly SectionImpl[]) {
    const roots = sections.filter((s) => s._parent === null);
    const order: SectionImpl[] = [];
    const queue = [...roots];
    while (queue.length) {
      const s = queue.shift()!;
      order.push(s);
      queue.push(...s._children);
    }
    this.order = order;
    let n = roots.length;
    for (const s of order) n += s._nseg + 1;
    this.n = n;
    this.parent = new Int32Array(n).fill(-1);
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.area = new Float64Array(n).fill(100);
    this.membraneArea = new Float64Array(n);
    this.ri = new Float64Array(n).fill(Infinity);
    this.cm = new Float64Array(n);
    this.diam = new Float64Array(n);
    const rootNode = new Map<SectionImpl, number>();
    roots.forEach((s, i) => rootNode.set(s, i));
    let next = roots.length;
    const rinv = new Float64Array(n);
    for (const s of order) {
      const nseg = s._nseg;
      const reversed = s._childEnd === 1;
      const connection = s._parent === null ? rootNode.get(s)! : this.nodeOf(s._parent.sec, s._parent.x);
      const base = next;
      next += nseg + 1;
      this.sections.set(s, { base, nseg, connection, reversed });
      // With 3-D points the frusta decide areas and resistances (arrays in node order from the
      // connection); otherwise cylinders of the segment diameters. One point: NEURON's 1e-9 um.
      const g: SegmentGeometry | undefined = s._pt3d.length >= 2 ? segmentGeometry(s._pt3d, nseg, s._Ra, s._arc) : undefined;
      const dx = (s._pt3d.length === 1 ? 1e-9 : s._L) / nseg;
      let rright = 0;
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
          const d = s._diam[j];
          area = PI * d * dx;
          rleft = (1e-2 * s._Ra * (dx / 2)) / ((PI * d * d) / 4);
          rnext = rleft;
        }
        this.area[node] = area;
        this.membraneArea[node] = area;
        this.cm[node] = s._cm[j];
        this.diam[node] = s._diam[j];
        this.ri[node] = rleft + rright;
        rinv[node] = 1 / (rleft + rright);
        this.parent[node] = p === 0 ? connection : node - 1;
        rright = rnext;
      }
      const end = base + nseg;
      this.ri[end] = rright;
      rinv[end] = 1 / rright;
      this.parent[end] = end - 1;
    }
    for (let i = 0; i < n; i++) {
      const p = this.parent[i];
      if (p < 0) continue;
      this.a[i] = (-1e2 * rinv[i]) / this.area[p];
      this.b[i] = (-1e2 * rinv[i]) / this.area[i];
    }
  }

  /** The node at arc position x of a section (the centre of the segment holding x; the
   * connection node at the attached end; the far-end node at the other). */
  nodeOf(sec: SectionImpl, x: number): number {
    const s = this.sections.get(sec);
    if (!s) throw new Error(`internal error: section ${sec._name} is not in the layout`);
    const xp = s.reversed ? 1 - x : x;
    if (xp === 0) return s.connection;
    if (xp === 1) return s.base + s.nseg;
    return this.nodeOfSegment(sec, segmentIndex(x, s.nseg));
  }

  /** The node of segment j (in arc order) of a section. */
  nodeOfSegment(sec: SectionImpl, j: number): number {
    const s = this.sections.get(sec)!;
    return s.base + (s.reversed ? s.nseg - 1 - j : j);
  }
}

/** The index of the segment holding arc position x (0 <= x <= 1) of a section with nseg segments. */
export function segmentIndex(x: number, nseg: number): number {
  const j = Math.floor(x * nseg);
  return j >= nseg ? nseg - 1 : j < 0 ? 0 : j;
}
