// The hh kernels that compileMod makes from hh.mod, run in JavaScript and in WebAssembly (two
// instances at a time) on the same instance data in one WebAssembly.Memory, as core lays it out:
// time per instance and step of `current` and `advance`, and a check that both give the same
// bits. `--scalar` translates without two-lane loops (one instance at a time). `--rounds N`
// (default 2) runs both N times and prints the last round's times, or with N > 2 the fastest and
// the median round's (steadier on a shared machine). `--mod FILE` runs another .mod file with hh's
// ions (na and k), e.g. packages/mechanisms/test/fixtures/mod/hhpow.mod (hh with m^3 and n^4
// written with ^, without a TABLE).
//
//   node bench/micro/hh-wasm.mjs [count=10000] [steps=2000] [--scalar] [--rounds N] [--mod FILE]
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compileMod } from '@neurite/nmodl-compiler';

const argv = process.argv.slice(2);
const scalar = argv.includes('--scalar');
const ROUNDS = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 2;
const [count, steps] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds' && argv[i - 1] !== '--mod').map(Number);
const COUNT = count || 10000, STEPS = steps || 2000;
const here = dirname(fileURLToPath(import.meta.url));
const file = argv.includes('--mod') ? argv[argv.indexOf('--mod') + 1] : join(here, '..', '..', 'packages', 'mechanisms', 'mod', 'hh.mod');
const text = readFileSync(file, 'utf8');
const filename = basename(file);
const jsOnly = compileMod(text, { filename, wasm: false }).plugin;
const wasmPlugin = compileMod(text, { filename, twoLane: !scalar }).plugin;

function makeData(plugin, inMemory) {
  const n = COUNT + 1;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((n * 8 * 40 + 8 * 4000) / 65536) + 1 });
  let off = 8;
  const f64 = (len) => {
    if (!inMemory) return new Float64Array(len);
    const a = new Float64Array(memory.buffer, off, len);
    off += 8 * len;
    return a;
  };
  const nodeIndex = inMemory ? new Int32Array(memory.buffer, off, COUNT) : new Int32Array(COUNT);
  off += 8 * Math.ceil(COUNT / 2);
  for (let k = 0; k < COUNT; k++) nodeIndex[k] = k + 1;
  const fields = plugin.fields.map((f) => f64(COUNT).fill(f.default));
  const globals = f64(plugin.globals.length);
  plugin.globals.forEach((g, i) => (globals[i] = g.default));
  const ion = (e) => ({ e: f64(n).fill(e), ci: f64(n), co: f64(n), i: f64(n), didv: f64(n) });
  const ions = [ion(50), ion(-77)];
  const nodes = { v: f64(n).fill(-65), rhs: f64(n), d: f64(n), area: f64(n).fill(100), diam: f64(n).fill(1) };
  const scratch = f64(plugin.scratch ?? 0);
  const m = { count: COUNT, nodeIndex, fields, globals, ions, randoms: [], ...(inMemory ? { memory, scratch } : {}) };
  return { m, nodes, ctx: { t: 0, dt: 0.025, celsius: 6.3, secondorder: 0 } };
}

/** STEPS steps of current + advance with v sweeping -80..+40 mV across instances and time. */
function run(plugin, inMemory) {
  const { m, nodes, ctx } = makeData(plugin, inMemory);
  const K = plugin.createKernels();
  for (let i = 1; i <= COUNT; i++) nodes.v[i] = -65 + 0.001 * (i % 100);
  K.init(m, nodes, ctx);
  let tCur = 0, tAdv = 0;
  for (let s = 0; s < STEPS; s++) {
    const base = -80 + (120 * (s % 400)) / 400;
    for (let i = 1; i <= COUNT; i++) nodes.v[i] = base + 0.01 * (i % 50);
    nodes.rhs.fill(0);
    nodes.d.fill(0);
    for (const ion of m.ions) { ion.i.fill(0); ion.didv.fill(0); }
    const t0 = performance.now();
    K.current(m, nodes, ctx);
    const t1 = performance.now();
    K.advance(m, nodes, ctx);
    tCur += t1 - t0;
    tAdv += performance.now() - t1;
  }
  const out = [...m.fields, m.globals, nodes.rhs, nodes.d, ...m.ions.flatMap((i) => [i.i, i.didv])].map((a) => a.slice());
  return { tCur, tAdv, out };
}

const per = (ms) => ((ms * 1e6) / (STEPS * COUNT)).toFixed(1);
const results = {};
const times = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, plugin, inMemory] of [['JavaScript', jsOnly, false], [scalar ? 'WebAssembly, one at a time' : 'WebAssembly, two at a time', wasmPlugin, true]]) {
    const r = run(plugin, inMemory);
    results[name] = r.out;
    if (round > 0) (times[name] ??= []).push(r);
  }
}
for (const [name, rs] of Object.entries(times)) {
  if (ROUNDS <= 2) {
    console.log(`${name}: current ${per(rs[0].tCur)} ns, advance ${per(rs[0].tAdv)} ns per instance and step`);
    continue;
  }
  const stat = (k) => { const v = rs.map((r) => r[k]).sort((x, y) => x - y); return `${per(v[0])} (median ${per(v[v.length >> 1])})`; };
  console.log(`${name}: current ${stat('tCur')} ns, advance ${stat('tAdv')} ns per instance and step, fastest of ${rs.length} rounds`);
}
const [a, b] = Object.values(results);
let differ = 0;
a.forEach((arr, j) => { for (let i = 0; i < arr.length; i++) if (!Object.is(arr[i], b[j][i])) differ++; });
console.log(differ === 0 ? 'same results, bit for bit' : `DIFFERENT in ${differ} values`);
