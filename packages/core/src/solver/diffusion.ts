import type { MechanismKernels, NodeData, StepContext } from '../abi.js';
import type { MechanismStore } from '../model/store.js';
import type { SectionImpl } from '../model/section.js';
import type { Layout } from './layout.js';

/**
 * NMODL `LONGITUDINAL_DIFFUSION` of one mechanism, solved as NEURON's fixed step solves it
 * (its ldifus.cpp, "stagger"): after every mechanism's states are advanced, each element of each
 * diffusing state takes one implicit Euler step of diffusion between neighbouring segments of
 * the sections that have the mechanism, a tree system solved by elimination from the leaves.
 *
 * The tree: instances in node order, each one's parent the instance at its node's parent; where
 * that node has none (a section's far end, which has no membrane), the instance at the parent's
 * parent, else at the first segment of the parent section; otherwise a root. Between an
 * instance and its parent, with dx = L/nseg of each one's section and the rates D (averaged)
 * and volumes V the mechanism gives: a = -2/dxp/(dxc + dxp) D/Vp, b = -2/dxc/(dxc + dxp) D/Vc.
 *
 * @example
 * ```ts
 * const dif = new LongitudinalDiffusion(store, layout);
 * dif.step(store.kernels!, nodes, ctx); // after the advance kernels
 * ```
 */
export class LongitudinalDiffusion {
  /** Instance numbers in node order. */
  readonly #order: Int32Array;
  /** Each one's parent, as a position in {@link #order}, or -1. */
  readonly #parent: Int32Array;
  readonly #af: Float64Array;
  readonly #bf: Float64Array;
  readonly #a: Float64Array;
  readonly #b: Float64Array;
  readonly #d: Float64Array;
  readonly #rhs: Float64Array;
  /** Rates and volumes in instance order (the kernel's), and in node order. */
  readonly #rateK: Float64Array;
  readonly #volK: Float64Array;
  readonly #rate: Float64Array;
  readonly #vol: Float64Array;
  /** Per diffusing state: its field and the field's length. */
  readonly #fields: readonly { readonly index: number; readonly length: number }[];

  constructor(readonly store: MechanismStore, layout: Layout) {
    const n = store.count;
    const nodeIndex = store.nodeIndex;
    const order = Int32Array.from({ length: n }, (_, k) => k).sort((x, y) => nodeIndex[x] - nodeIndex[y]);
    this.#order = order;
    const at = new Int32Array(layout.n).fill(-1);
    for (let j = 0; j < n; j++) at[nodeIndex[order[j]]] = j;
    // Each node's section, and the section's length per segment (NEURON's section_length / nseg).
    const sectionOf = new Map<number, SectionImpl>();
    for (const [sec, sn] of layout.sections) for (let p = 0; p < sn.nseg; p++) sectionOf.set(sn.nodes[p], sec);
    const dx = (sec: SectionImpl): number => (sec._pt3d.length === 1 ? 1e-9 : sec._L) / sec._nseg;
    const firstOf = (sec: SectionImpl | undefined): number => {
      const sn = sec === undefined ? undefined : layout.sections.get(sec);
      return sn === undefined ? -1 : at[sn.nodes[0]];
    };
    const up = layout.matrix.parent;
    const parent = (this.#parent = new Int32Array(n).fill(-1));
    const af = (this.#af = new Float64Array(n));
    const bf = (this.#bf = new Float64Array(n));
    for (let j = 0; j < n; j++) {
      const node = nodeIndex[order[j]];
      const sec = sectionOf.get(node)!;
      const pn = up[node];
      let p = pn < 0 ? -1 : at[pn];
      if (p < 0 && pn >= 0) {
        const ppn = up[pn];
        p = ppn >= 0 ? at[ppn] : -1;
        if (p < 0) p = firstOf(sec._parent?.sec);
      }
      parent[j] = p;
      if (p >= 0) {
        const dxc = dx(sec);
        const dxp = dx(sectionOf.get(nodeIndex[order[p]])!);
        // (NEURON multiplies af by the section's rallbranch, 1.)
        af[j] = 2 / dxp / (dxc + dxp);
        bf[j] = 2 / dxc / (dxc + dxp);
      }
    }
    this.#a = new Float64Array(n);
    this.#b = new Float64Array(n);
    this.#d = new Float64Array(n);
    this.#rhs = new Float64Array(n);
    this.#rateK = new Float64Array(n);
    this.#volK = new Float64Array(n);
    this.#rate = new Float64Array(n);
    this.#vol = new Float64Array(n);
    this.#fields = (store.type.diffusion ?? []).map((d) => {
      const index = store.fieldIndex.get(d.field);
      if (index === undefined) throw new Error(`internal error: ${store.type.name} diffuses a field it does not have (${d.field})`);
      return { index, length: store.lengths[index] };
    });
  }

  /** One step of diffusion, of every element of every diffusing state, in their order. */
  step(kernels: MechanismKernels, nodes: NodeData, ctx: StepContext): void {
    const fields = this.#fields;
    for (let w = 0; w < fields.length; w++) {
      const f = fields[w];
      for (let i = 0; i < f.length; i++) this.#stagger(kernels, nodes, ctx, w, i, f.index, f.length);
    }
  }

  #stagger(kernels: MechanismKernels, nodes: NodeData, ctx: StepContext, which: number, element: number, field: number, length: number): void {
    const store = this.store;
    const n = store.count;
    kernels.diffusion!(which, element, store, nodes, ctx, this.#rateK, this.#volK);
    const order = this.#order, parent = this.#parent, af = this.#af, bf = this.#bf;
    const a = this.#a, b = this.#b, d = this.#d, rhs = this.#rhs, rate = this.#rate, vol = this.#vol;
    const state = store.fields[field];
    const dt = ctx.dt;
    for (let j = 0; j < n; j++) {
      const k = order[j];
      rate[j] = this.#rateK[k];
      vol[j] = this.#volK[k];
      d[j] = 0;
      const p = parent[j];
      if (p > -1) {
        const dc = (rate[j] + rate[p]) / 2;
        a[j] = (-af[j] * dc) / vol[p];
        b[j] = (-bf[j] * dc) / vol[j];
      }
    }
    for (let j = 0; j < n; j++) {
      const p = parent[j];
      d[j] += 1 / dt;
      rhs[j] = state[order[j] * length + element] / dt;
      if (p > -1) {
        d[j] -= b[j];
        d[p] -= a[j];
      }
    }
    // Elimination from the leaves, then back substitution from the roots.
    for (let j = n - 1; j > 0; j--) {
      const p = parent[j];
      if (p > -1) {
        const q = a[j] / d[j];
        d[p] -= q * b[j];
        rhs[p] -= q * rhs[j];
      }
    }
    for (let j = 0; j < n; j++) {
      const p = parent[j];
      if (p > -1) rhs[j] -= b[j] * rhs[p];
      rhs[j] /= d[j];
    }
    for (let j = 0; j < n; j++) state[order[j] * length + element] = rhs[j];
  }
}
