/**
 * The tree matrix of the plain cable (no extracellular layers), solved by Hines elimination in
 * three passes over the node arrays. Each pass is a function with one loop: V8 optimizes a
 * large model's loop on the stack during its first step, and a function whose only loop is
 * that one has seen every other operation by then (a function with several loops would be
 * optimized before its later loops ran, and deoptimized when they do).
 *
 * The arithmetic and its order are NEURON's, so results agree with it to the last bit.
 */
import type { Layout } from './layout.js';

/** The node arrays the solver works on. */
export interface MatrixNodes {
  readonly v: Float64Array;
  readonly rhs: Float64Array;
  readonly d: Float64Array;
  readonly icap: Float64Array;
}

/** Zeroes the current balance (`rhs`) and the diagonal (`d`) before the currents are added. */
export function zeroMatrix(nodes: MatrixNodes): void {
  const rhs = nodes.rhs;
  const d = nodes.d;
  // (A loop rather than fill(): a call into the runtime costs more than the few nodes of a
  // small model.)
  for (let i = 0; i < rhs.length; i++) {
    rhs[i] = 0;
    d[i] = 0;
  }
}

/** Capacitance (`cfac * cm`) on the diagonal, and the axial terms between each node and its
 * parent into rhs and d. */
export function assemble(lay: Layout, nodes: MatrixNodes, cfac: number): void {
  const n = lay.n;
  const parent = lay.parent;
  const a = lay.a;
  const b = lay.b;
  const cm = lay.cm;
  const v = nodes.v;
  const rhs = nodes.rhs;
  const d = nodes.d;
  for (let i = 0; i < n; i++) {
    d[i] += cfac * cm[i];
    const p = parent[i];
    if (p < 0) continue;
    const dv = v[p] - v[i];
    rhs[i] -= b[i] * dv;
    rhs[p] += a[i] * dv;
    d[i] -= b[i];
    d[p] -= a[i];
  }
}

/** Hines elimination, leaves to root (children have higher indices than their parents). */
export function eliminate(lay: Layout, nodes: MatrixNodes): void {
  const parent = lay.parent;
  const a = lay.a;
  const b = lay.b;
  const rhs = nodes.rhs;
  const d = nodes.d;
  for (let i = lay.n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0) continue;
    const f = a[i] / d[i];
    d[p] -= f * b[i];
    rhs[p] -= f * rhs[i];
  }
}

/** Back substitution, root to leaves, leaving dv in rhs; then v += vfac * dv and the capacitive
 * current `icap = cfac * cm * dv`. Returns the sum of dv (NaN when some dv is). */
export function backSubstitute(lay: Layout, nodes: MatrixNodes, cfac: number, vfac: number): number {
  const n = lay.n;
  const parent = lay.parent;
  const b = lay.b;
  const cm = lay.cm;
  const v = nodes.v;
  const rhs = nodes.rhs;
  const d = nodes.d;
  const icap = nodes.icap;
  let check = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0) rhs[i] -= b[i] * rhs[p];
    const dv = (rhs[i] /= d[i]);
    v[i] += vfac * dv;
    icap[i] = cfac * cm[i] * dv;
    check += dv;
  }
  return check;
}
