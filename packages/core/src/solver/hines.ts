/**
 * The tree matrix of the plain cable (no extracellular layers), solved by Hines elimination in
 * three passes over the node arrays, NEURON's arithmetic in NEURON's order (so results agree
 * with it to the last bit).
 *
 * A solver is made per layout, as closures over that layout's arrays. V8 compiles a closure that
 * is the only one made from its function with the arrays as constants (no per-access checks of
 * the arrays' shape and length), which makes the passes 2-3 times faster than over arrays read
 * from objects; later layouts in the same process get ordinary code, as fast as that.
 *
 * Each pass is a closure with one loop: V8 optimizes a large model's loop on the stack during
 * its first step, and a function whose only loop is that one has seen every other operation by
 * then (a function with several loops would be optimized before its later loops ran, and
 * deoptimized when they do).
 */
import type { Layout } from './layout.js';

/** The node arrays the solver works on. */
export interface MatrixNodes {
  readonly v: Float64Array;
  readonly rhs: Float64Array;
  readonly d: Float64Array;
  readonly icap: Float64Array;
}

/** The passes of one layout's solver. */
export interface HinesSolver {
  /** Zeroes the current balance (`rhs`) and the diagonal (`d`) before the currents are added. */
  zero(): void;
  /** Capacitance (`cfac * cm`) on the diagonal, and the axial terms between each node and its
   * parent into rhs and d. */
  assemble(cfac: number): void;
  /** Hines elimination, leaves to root (children have higher indices than their parents). */
  eliminate(): void;
  /** Back substitution, root to leaves, leaving dv in rhs; then v += vfac * dv and the
   * capacitive current `icap = cfac * cm * dv`. Returns the sum of dv (NaN when some dv is). */
  backSubstitute(cfac: number, vfac: number): number;
}

/** The solver of a layout and its node arrays. */
export function hinesSolver(lay: Layout, nodes: MatrixNodes): HinesSolver {
  const n = lay.n;
  const parent = lay.parent;
  const a = lay.a;
  const b = lay.b;
  const cm = lay.cm;
  const v = nodes.v;
  const rhs = nodes.rhs;
  const d = nodes.d;
  const icap = nodes.icap;
  return {
    zero(): void {
      // (A loop rather than fill(): a call into the runtime costs more than the few nodes of
      // a small model.)
      for (let i = 0; i < n; i++) {
        rhs[i] = 0;
        d[i] = 0;
      }
    },
    assemble(cfac: number): void {
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
    },
    eliminate(): void {
      for (let i = n - 1; i >= 0; i--) {
        const p = parent[i];
        if (p < 0) continue;
        const f = a[i] / d[i];
        d[p] -= f * b[i];
        rhs[p] -= f * rhs[i];
      }
    },
    backSubstitute(cfac: number, vfac: number): number {
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
    },
  };
}
