// Micro-benchmark of the tree-matrix step of the solver on the node order of the bench's cable
// (a binary tree of sections with nseg 10, sections in breadth-first order, one root node):
// "current" is the five loops of Simulation.fadvance (capacitance, axial terms, elimination,
// back substitution, v update); "fused" does the same arithmetic in two sweeps, with the
// constant part of the diagonal precomputed. Both produce the same dv (checked).
//
//   node bench/micro/solver.mjs [ncomp=10000] [steps=4000]
import { performance } from 'node:perf_hooks';

const ncomp = Number(process.argv[2] ?? 10000);
const steps = Number(process.argv[3] ?? 4000);
const NSEG = 10;
const nsec = ncomp / NSEG;

// Node order as in the solver's Layout: root node, then per section (breadth first) its nseg
// segment nodes and its far end.
const n = 1 + nsec * (NSEG + 1);
const parent = new Int32Array(n).fill(-1);
const farEnd = new Int32Array(nsec);
{
  const order = [];
  const children = Array.from({ length: nsec }, () => []);
  for (let i = 1; i < nsec; i++) children[(i - 1) >> 1].push(i);
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    order.push(queue[q]);
    queue.push(...children[queue[q]]);
  }
  let next = 1;
  for (const s of order) {
    const connection = s === 0 ? 0 : farEnd[(s - 1) >> 1];
    for (let p = 0; p <= NSEG; p++) parent[next + p] = p === 0 ? connection : next + p - 1;
    farEnd[s] = next + NSEG;
    next += NSEG + 1;
  }
}
const rand = (() => { let s = 12345; return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32); })();
const a = new Float64Array(n), b = new Float64Array(n), cm = new Float64Array(n);
for (let i = 1; i < n; i++) { a[i] = -(0.5 + rand()); b[i] = -(0.5 + rand()); cm[i] = 1; }
const dt = 0.025;

function makeState() {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = -65 + (10 * ((i * 7919) % 1000)) / 1000;
  return { v, rhs: new Float64Array(n), d: new Float64Array(n), icap: new Float64Array(n) };
}
/** What the mechanisms' current kernels leave in rhs and d (a stand-in: the same every step). */
function currents(s) {
  const { rhs, d, v } = s;
  for (let i = 0; i < n; i++) { rhs[i] = -0.001 * (v[i] + 65); d[i] = 0.0003; }
}

function current(s) {
  const { v, rhs, d, icap } = s;
  const cfac = 0.001 / dt;
  for (let i = 0; i < n; i++) d[i] += cfac * cm[i];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) continue;
    const dv = v[p] - v[i];
    rhs[i] -= b[i] * dv;
    rhs[p] += a[i] * dv;
    d[i] -= b[i];
    d[p] -= a[i];
  }
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0) continue;
    const f = a[i] / d[i];
    d[p] -= f * b[i];
    rhs[p] -= f * rhs[i];
  }
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0) rhs[i] -= b[i] * rhs[p];
    rhs[i] /= d[i];
  }
  let check = 0;
  for (let i = 0; i < n; i++) {
    const dv = rhs[i];
    v[i] += dv;
    icap[i] = cfac * cm[i] * dv;
    check += dv;
  }
  return check;
}

// The constant part of the diagonal: capacitance plus the axial conductances, per layout and dt.
const dconst = new Float64Array(n);
{
  const cfac = 0.001 / dt;
  for (let i = 0; i < n; i++) dconst[i] = cfac * cm[i];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) continue;
    dconst[i] -= b[i];
    dconst[p] -= a[i];
  }
}

function fused(s) {
  const { v, rhs, d, icap } = s;
  const cfac = 0.001 / dt;
  // Leaves to root: finish row i (axial current from the parent, constant diagonal), then
  // eliminate it into the parent's row. Children (higher indices) were finished before i.
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i];
    const di = d[i] + dconst[i];
    const dv = v[p] - v[i];
    const ri = rhs[i] - b[i] * dv;
    const ai = a[i];
    const f = ai / di;
    d[i] = di;
    rhs[i] = ri;
    d[p] -= f * b[i];
    rhs[p] += ai * dv - f * ri;
  }
  for (let i = 0; i < 1; i++) { d[i] += dconst[i]; } // roots (parent < 0): here node 0 only
  let check = 0;
  // Root to leaves: back substitution and the v update in one sweep.
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    let x = rhs[i];
    if (p >= 0) x -= b[i] * rhs[p];
    x /= d[i];
    rhs[i] = x;
    v[i] += x;
    icap[i] = cfac * cm[i] * x;
    check += x;
  }
  return check;
}

function time(fn) {
  const s = makeState();
  // Warm up, then time `steps` steps.
  for (let k = 0; k < 200; k++) { currents(s); fn(s); }
  const s2 = makeState();
  let tc = 0, tf = 0;
  for (let k = 0; k < steps; k++) {
    const t0 = performance.now();
    currents(s2);
    const t1 = performance.now();
    fn(s2);
    tf += performance.now() - t1;
    tc += t1 - t0;
  }
  return { ms: tf, v: s2.v };
}

// Same answer (a few ulps: the sums are ordered differently).
{
  const s1 = makeState(), s2 = makeState();
  let worst = 0;
  for (let k = 0; k < 100; k++) { currents(s1); current(s1); currents(s2); fused(s2); }
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(s1.v[i] - s2.v[i]));
  console.log(`max |v_current - v_fused| after 100 steps: ${worst.toExponential(2)} mV`);
}
for (let round = 0; round < 2; round++) {
  for (const [name, fn] of [['current (5 loops)', current], ['fused (2 sweeps)', fused]]) {
    const r = time(fn);
    console.log(`${name}: ${r.ms.toFixed(0)} ms for ${steps} steps of ${n} nodes = ${((r.ms * 1e6) / (steps * n)).toFixed(1)} ns/node/step`);
  }
}
