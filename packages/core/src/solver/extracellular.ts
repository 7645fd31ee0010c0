import { ABI_VERSION, type MechanismType } from '../abi.js';
import type { MechanismStore } from '../model/store.js';
import type { Layout } from './layout.js';

/** Number of extracellular layers (NEURON's default `nlayer_extracellular`). */
export const NLAYER = 2;

/**
 * NEURON's `extracellular` mechanism: `nlayer` layers of extracellular potential around every
 * node of the sections that have it, each layer with an axial resistance `xraxial` [MOhm/cm] and
 * a conductance `xg` [S/cm2] and capacitance `xc` [uF/cm2] to the next layer out (the last to
 * ground through the battery `e_extracellular` [mV]).
 *
 * It is not an ordinary density mechanism: it adds unknowns (the layer potentials `vext`) to the
 * tree matrix. So it is declared here as a plugin with `solver: 'extracellular'`, which tells
 * the solver to build and solve the larger system; it has no kernels of its own.
 *
 * @example
 * ```ts
 * const h = createH({ catalogue: new Catalogue([extracellular, ...]) });
 * axon.insert('extracellular');
 * axon(0.5).xg[0] = 10;                 // [S/cm2]
 * h.Vector().record(axon(0.5)._ref_vext[0]);
 * ```
 */
export const extracellular: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'extracellular',
  kind: 'density',
  electrodeCurrent: false,
  solver: 'extracellular',
  fields: [
    { name: 'xraxial', kind: 'parameter', unit: 'MOhm/cm', default: 1e9, length: NLAYER, range: true, limits: [1e-9, 1e15] },
    { name: 'xg', kind: 'parameter', unit: 'S/cm2', default: 1e9, length: NLAYER, range: true, limits: [0, 1e15] },
    { name: 'xc', kind: 'parameter', unit: 'uF/cm2', default: 0, length: NLAYER, range: true, limits: [0, 1e15] },
    { name: 'e_extracellular', kind: 'parameter', unit: 'mV', default: 0, range: true },
  ],
  globals: [],
  ions: [],
  source: { title: 'extracellular layers (built into the solver)' },
  createKernels: () => ({ init() {} }),
};

const F_XRAXIAL = 0;
const F_XG = 1;
const F_XC = 2;
const F_E = 3;

/**
 * The extracellular part of the matrix: per node, the layer potentials, their coupling to the
 * membrane and to each other, and the axial coupling of each layer along the cable. With it the
 * system has 1 + NLAYER unknowns per node (the internal potential change and the layer potential
 * changes), solved by block Hines elimination in the node order of the tree.
 */
export class ExtracellularSystem {
  readonly n: number;
  /** 1 where the node has extracellular layers. */
  readonly has: Uint8Array;
  /** Instance of `extracellular` whose parameters apply at each node (-1: a section end or a
   * root node, where xg = xc = 0). */
  readonly inst: Int32Array;
  /** Layer potentials [mV], node-major: vext[node * NLAYER + j]. */
  readonly vext: Float64Array;
  /** Membrane current density at segment nodes [mA/cm2] (NEURON's `i_membrane`). */
  readonly iMembrane: Float64Array;
  /** Layer axial coupling [S/cm2], as the tree matrix's a and b, node-major. */
  readonly ax: Float64Array;
  readonly bx: Float64Array;
  // Per-step matrix: 3x3 diagonal blocks, right-hand sides, and elimination scratch.
  readonly #m = 1 + NLAYER;
  readonly #D: Float64Array;
  readonly #R: Float64Array;
  readonly #Z: Float64Array;
  readonly #savG: Float64Array;
  readonly #savRhs: Float64Array;
  /** Nodes with layers, in node order. */
  readonly nodes: Int32Array;
  readonly #scratch = {
    blk: new Float64Array((1 + NLAYER) * (1 + NLAYER)),
    col: new Float64Array(1 + NLAYER),
    am: new Float64Array(1 + NLAYER),
    bm: new Float64Array(1 + NLAYER),
  };

  constructor(readonly layout: Layout, readonly store: MechanismStore) {
    const n = layout.n;
    this.n = n;
    this.has = new Uint8Array(n);
    this.inst = new Int32Array(n).fill(-1);
    this.vext = new Float64Array(n * NLAYER);
    this.iMembrane = new Float64Array(n);
    this.ax = new Float64Array(n * NLAYER);
    this.bx = new Float64Array(n * NLAYER);
    const m = this.#m;
    this.#D = new Float64Array(n * m * m);
    this.#R = new Float64Array(n * m);
    this.#Z = new Float64Array(n * m * m);
    this.#savG = new Float64Array(n);
    this.#savRhs = new Float64Array(n);
    // Every node of a section with extracellular has layers, and so does its root node.
    for (let k = 0; k < store.count; k++) this.inst[store.nodeIndex[k]] = k;
    const withExt = new Set<number>();
    for (const [sec, s] of layout.sections) {
      if (!sec._mechs.has(extracellular.name)) continue;
      for (let p = 0; p <= s.nseg; p++) withExt.add(s.nodes[p]!);
      if (sec._parent === null) withExt.add(s.connection);
    }
    for (const i of withExt) this.has[i] = 1;
    this.nodes = Int32Array.from([...withExt].sort((a, b) => a - b));
    this.computeCoefficients();
  }

  /** Layer axial couplings from xraxial (half-segment resistances, as the internal ones). */
  computeCoefficients(): void {
    const { layout, store } = this;
    const xraxial = store.fields[F_XRAXIAL];
    this.ax.fill(0);
    this.bx.fill(0);
    for (const [sec, s] of layout.sections) {
      if (!sec._mechs.has(extracellular.name)) continue;
      const dx = sec._L / s.nseg;
      // half-segment resistance of each layer at each node [megohm]; 0 at the far end
      const half = (node: number, j: number): number => {
        const k = this.inst[node];
        return k < 0 ? 0 : 1e-4 * xraxial[k * NLAYER + j] * (dx / 2);
      };
      for (let p = 0; p <= s.nseg; p++) {
        const node = s.nodes[p]!;
        const parent = layout.parent[node];
        for (let j = 0; j < NLAYER; j++) {
          const r = p === 0 ? half(node, j) : half(node, j) + half(s.nodes[p - 1]!, j);
          if (p === s.nseg && r === 0) continue;
          this.ax[node * NLAYER + j] = -1e2 / (r * layout.area[parent]);
          this.bx[node * NLAYER + j] = -1e2 / (r * layout.area[node]);
        }
      }
    }
  }

  /** Resets the layer potentials (finitialize). */
  reset(): void {
    this.vext.fill(0);
    this.iMembrane.fill(0);
  }

  /**
   * Adds the extracellular terms to the right-hand sides and builds the blocks, given the
   * membrane-only `rhs` and `d` (currents and capacitance, before the internal axial terms),
   * the electrode currents' share at each node (`elRhs`, `elD`), and the capacitance factor.
   * Also applies the internal axial corrections for vi = vm + vext[0] to `rhs`.
   */
  assemble(rhs: Float64Array, d: Float64Array, elRhs: Float64Array, elD: Float64Array, cfac: number): void {
    const { has, inst, vext, ax, bx, layout } = this;
    const { a, b, parent } = layout;
    const xg = this.store.fields[F_XG];
    const xc = this.store.fields[F_XC];
    const e = this.store.fields[F_E];
    const m = this.#m;
    const D = this.#D;
    const R = this.#R;
    D.fill(0);
    R.fill(0);
    const n = this.n;
    for (let i = 0; i < n; i++) {
      if (!has[i]) {
        for (let j = 1; j < m; j++) D[(i * m + j) * m + j] = 1;
      }
    }
    for (const i of this.nodes) {
      // ext rhs[0] starts with the electrode currents, then loses the membrane balance
      R[i * m + 1] = elRhs[i] - rhs[i];
      this.#savRhs[i] = R[i * m + 1];
      const dm = elD[i] + d[i];
      this.#savG[i] = dm;
      D[(i * m + 1) * m + 1] += dm;
      D[(i * m + 0) * m + 1] -= dm;
      D[(i * m + 1) * m + 0] -= dm;
    }
    for (const i of this.nodes) {
      const p = parent[i];
      if (p < 0) continue;
      if (has[p]) {
        for (let j = 0; j < NLAYER; j++) {
          const dv = vext[p * NLAYER + j] - vext[i * NLAYER + j];
          R[i * m + 1 + j] -= bx[i * NLAYER + j] * dv;
          R[p * m + 1 + j] += ax[i * NLAYER + j] * dv;
          if (j === 0) {
            rhs[i] -= b[i] * dv;
            rhs[p] += a[i] * dv;
          }
        }
      } else {
        const dv = -vext[i * NLAYER];
        rhs[i] -= b[i] * dv;
        rhs[p] += a[i] * dv;
      }
      const k = inst[i];
      const base = k * NLAYER;
      let jj = NLAYER - 1;
      if (k >= 0) {
        R[i * m + 1 + jj] -= xg[base + jj] * (vext[i * NLAYER + jj] - e[k]);
        for (jj--; jj >= 0; jj--) {
          const x = xg[base + jj] * (vext[i * NLAYER + jj] - vext[i * NLAYER + jj + 1]);
          R[i * m + 1 + jj] -= x;
          R[i * m + 2 + jj] += x;
        }
        for (let j = 0; j < NLAYER; j++) {
          const mfac = xg[base + j] + xc[base + j] * cfac;
          D[(i * m + 1 + j) * m + 1 + j] += mfac;
          if (j + 1 < NLAYER) {
            D[(i * m + 2 + j) * m + 2 + j] += mfac;
            D[(i * m + 1 + j) * m + 2 + j] -= mfac;
            D[(i * m + 2 + j) * m + 1 + j] -= mfac;
          }
        }
      }
      if (has[p]) {
        for (let j = 0; j < NLAYER; j++) {
          D[(i * m + 1 + j) * m + 1 + j] -= bx[i * NLAYER + j];
          D[(p * m + 1 + j) * m + 1 + j] -= ax[i * NLAYER + j];
        }
      }
    }
    // Children without layers whose parent has them: vi of the parent is vm + vext[0].
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0 || has[i] || !has[p]) continue;
      const dv = vext[p * NLAYER];
      rhs[i] -= b[i] * dv;
      rhs[p] += a[i] * dv;
    }
  }

  /**
   * Solves the whole system in place, given the internal diagonal `d` (with axial terms) and
   * right-hand side `rhs`: afterwards rhs holds the change of internal potential, and the
   * layer changes are in the system (apply with {@link update}).
   */
  solve(rhs: Float64Array, d: Float64Array): void {
    const { has, ax, bx, layout } = this;
    const { a, b, parent } = layout;
    const m = this.#m;
    const D = this.#D;
    const R = this.#R;
    const Z = this.#Z;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      D[i * m * m] = d[i];
      R[i * m] = rhs[i];
    }
    const { blk, col, am, bm } = this.#scratch;
    const couple = (i: number, p: number): void => {
      am[0] = a[i];
      bm[0] = b[i];
      for (let j = 0; j < NLAYER; j++) {
        const both = has[i] && has[p];
        am[1 + j] = both ? ax[i * NLAYER + j] : 0;
        bm[1 + j] = both ? bx[i * NLAYER + j] : 0;
      }
    };
    for (let i = n - 1; i >= 0; i--) {
      const p = parent[i];
      if (p < 0) continue;
      couple(i, p);
      // Z_i = D_i^-1 diag(bm), y_i = D_i^-1 R_i (y stored back into R_i)
      for (let c = 0; c < m; c++) {
        for (let r = 0; r < m * m; r++) blk[r] = D[i * m * m + r];
        for (let r = 0; r < m; r++) col[r] = r === c ? bm[c] : 0;
        solveSmall(blk, col, m);
        for (let r = 0; r < m; r++) Z[(i * m + r) * m + c] = col[r];
      }
      for (let r = 0; r < m * m; r++) blk[r] = D[i * m * m + r];
      for (let r = 0; r < m; r++) col[r] = R[i * m + r];
      solveSmall(blk, col, m);
      for (let r = 0; r < m; r++) R[i * m + r] = col[r];
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < m; c++) D[(p * m + r) * m + c] -= am[r] * Z[(i * m + r) * m + c];
        R[p * m + r] -= am[r] * R[i * m + r];
      }
    }
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0) {
        for (let r = 0; r < m * m; r++) blk[r] = D[i * m * m + r];
        for (let r = 0; r < m; r++) col[r] = R[i * m + r];
        solveSmall(blk, col, m);
        for (let r = 0; r < m; r++) R[i * m + r] = col[r];
      } else {
        for (let r = 0; r < m; r++) {
          let s = R[i * m + r];
          for (let c = 0; c < m; c++) s -= Z[(i * m + r) * m + c] * R[p * m + c];
          R[i * m + r] = s;
        }
      }
      rhs[i] = R[i * m];
    }
  }

  /** Applies the solution: vext += dvext, v -= dvext[0] (so v stays vi - vext[0]); records
   * i_membrane. `rhs` holds the internal changes; returns nothing. */
  update(v: Float64Array, rhs: Float64Array): void {
    const m = this.#m;
    const R = this.#R;
    for (const i of this.nodes) {
      for (let j = 0; j < NLAYER; j++) this.vext[i * NLAYER + j] += R[i * m + 1 + j];
      v[i] -= R[i * m + 1];
      const dvm = rhs[i] - R[i * m + 1];
      this.iMembrane[i] = this.#savG[i] * dvm + this.#savRhs[i];
    }
  }

  /** The layer-0 change at node i after {@link solve} [mV]. */
  dvext0(i: number): number {
    return this.#R[i * this.#m + 1];
  }
}

/** Solves the small dense system A x = b in place (Gaussian elimination, partial pivoting). */
function solveSmall(A: Float64Array, b: Float64Array, m: number): void {
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]) > Math.abs(A[piv * m + c])) piv = r;
    if (piv !== c) {
      for (let k = 0; k < m; k++) {
        const t = A[c * m + k];
        A[c * m + k] = A[piv * m + k];
        A[piv * m + k] = t;
      }
      const t = b[c];
      b[c] = b[piv];
      b[piv] = t;
    }
    const dcc = A[c * m + c];
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c] / dcc;
      if (f === 0) continue;
      for (let k = c; k < m; k++) A[r * m + k] -= f * A[c * m + k];
      b[r] -= f * b[c];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < m; k++) s -= A[r * m + k] * b[k];
    b[r] = s / A[r * m + r];
  }
}
