// Micro-benchmark of the hh kernels: the plugin that compileMod makes from hh.mod today
// ("generated") against a hand-written kernel with the same arithmetic in the same order but
// another shape ("locals"): field arrays and loop variables are locals of the kernel function
// instead of closure variables, BREAKPOINT's two evaluations (v + 0.001 and v) keep their
// intermediate values in locals and store each field once, and the TABLE lookup of rates()
// returns through locals instead of the GLOBAL array (the last instance's values are written to
// the GLOBALs after the loop, so `minf_hh` and friends read the same as before).
// The final states must be bitwise the same (checked).
//
//   node bench/micro/hh-kernel.mjs [count=10000] [steps=4000]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compileMod } from '@neurite/nmodl-compiler';
import { makeLocalsHh } from './hh-locals.mjs';

const count = Number(process.argv[2] ?? 10000);
const steps = Number(process.argv[3] ?? 4000);
const here = dirname(fileURLToPath(import.meta.url));
const modFile = join(here, '..', '..', 'packages', 'mechanisms', 'mod', 'hh.mod');
const { plugin } = compileMod(readFileSync(modFile, 'utf8'), { filename: 'hh.mod' });

function makeData() {
  const n = count + 1;
  const nodeIndex = new Int32Array(count).map((_, k) => k + 1);
  const fields = plugin.fields.map((f) => new Float64Array(count).fill(f.default));
  const globals = new Float64Array(plugin.globals.map((g) => g.default));
  const ion = (e) => ({ e: new Float64Array(n).fill(e), ci: new Float64Array(n), co: new Float64Array(n), i: new Float64Array(n), didv: new Float64Array(n) });
  const m = { count, nodeIndex, fields, globals, ions: [ion(50), ion(-77)] };
  const nodes = { v: new Float64Array(n).fill(-65), rhs: new Float64Array(n), d: new Float64Array(n), area: new Float64Array(n).fill(100) };
  const ctx = { t: 0, dt: 0.025, celsius: 6.3, secondorder: 0 };
  return { m, nodes, ctx };
}

/** Runs `steps` steps of current + advance with a v that sweeps -80..+40 mV across instances
 * and time, so every branch of the table lookup runs. */
function run(kind) {
  const { m, nodes, ctx } = makeData();
  const gen = plugin.createKernels();
  const K = kind === 'generated' ? gen : makeLocalsHh(plugin).createKernels();
  for (let i = 1; i <= count; i++) nodes.v[i] = -65 + 0.001 * (i % 100);
  gen.init(m, nodes, ctx);
  let tCur = 0, tAdv = 0;
  for (let s = 0; s < steps; s++) {
    const base = -80 + (120 * (s % 400)) / 400;
    for (let i = 1; i <= count; i++) nodes.v[i] = base + 0.01 * (i % 50);
    nodes.rhs.fill(0);
    nodes.d.fill(0);
    for (const ion of m.ions) { ion.i.fill(0); ion.didv.fill(0); }
    const t0 = performance.now();
    K.current(m, nodes, ctx);
    const t1 = performance.now();
    K.advance(m, nodes, ctx);
    const t2 = performance.now();
    tCur += t1 - t0;
    tAdv += t2 - t1;
  }
  return { tCur, tAdv, m, nodes };
}

const per = (ms) => ((ms * 1e6) / (steps * count)).toFixed(1);
const results = {};
for (let round = 0; round < 2; round++) {
  for (const kind of ['generated', 'locals']) {
    const r = run(kind);
    results[kind] = r;
    console.log(`${kind}: current ${r.tCur.toFixed(0)} ms (${per(r.tCur)} ns/instance/step), advance ${r.tAdv.toFixed(0)} ms (${per(r.tAdv)} ns/instance/step)`);
  }
}
let differ = 0;
const a = results.generated, b = results.locals;
// (Fields that are not RANGE variables, hh's copies of ena and ek, are scratch of the kernels:
// the generated code no longer stores them back.)
a.m.fields.forEach((f, j) => {
  if (!plugin.fields[j].range) return;
  for (let k = 0; k < count; k++) if (!Object.is(f[k], b.m.fields[j][k])) differ++;
});
for (const key of ['rhs', 'd']) for (let i = 0; i < a.nodes[key].length; i++) if (!Object.is(a.nodes[key][i], b.nodes[key][i])) differ++;
a.m.globals.forEach((g, j) => { if (!Object.is(g, b.m.globals[j])) differ++; });
console.log(differ === 0 ? 'same results, bit for bit' : `DIFFERENT in ${differ} values`);
