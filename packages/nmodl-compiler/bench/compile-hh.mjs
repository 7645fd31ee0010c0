// Compile time of hh.mod, from text to a loadable plugin (parse, passes, codegen, new Function).
// Run with `pnpm --filter @neurite/nmodl-compiler bench` (builds first).
import { readFileSync } from 'node:fs';
import { compileMod } from '../dist/index.js';

const text = readFileSync(new URL('../test/fixtures/hh.mod', import.meta.url), 'utf8');
const run = (options) => {
  const r = compileMod(text, { filename: 'hh.mod', ...options });
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('hh.mod did not compile');
  if (options.instantiate === false && r.source.length === 0) throw new Error('no TypeScript');
  return r;
};
for (let i = 0; i < 50; i++) run({}); // warm up the JIT
const N = 500;
const measure = (label, options) => {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) run(options);
  const ms = (performance.now() - t0) / N;
  console.log(`${label.padEnd(44)} ${ms.toFixed(3)} ms`);
};
const cold0 = performance.now();
measure('hh.mod: parse to loadable plugin (mean)', {});
measure('hh.mod: parse to TypeScript text (nmodlc)', { instantiate: false });
console.log(`(${N} compiles each, warm; total ${(performance.now() - cold0).toFixed(0)} ms)`);

// Kernel throughput of the compiled hh: current + advance over 10 000 instances.
{
  const mech = run({}).plugin;
  const n = 10000;
  const fields = mech.fields.map((f) => new Float64Array(n).fill(f.default));
  const globals = new Float64Array(mech.globals.map((g) => g.default));
  const ion = () => ({ e: new Float64Array(n), ci: new Float64Array(n), co: new Float64Array(n), i: new Float64Array(n), didv: new Float64Array(n) });
  const m = { count: n, nodeIndex: new Int32Array(n).map((_, i) => i), fields, globals, ions: [ion(), ion()], randoms: [] };
  const nodes = { v: new Float64Array(n).fill(-65), rhs: new Float64Array(n), d: new Float64Array(n), area: new Float64Array(n).fill(100) };
  const ctx = { t: 0, dt: 0.025, celsius: 6.3, secondorder: 0 };
  const k = mech.createKernels();
  k.init(m, nodes, ctx);
  for (let s = 0; s < 50; s++) { k.current(m, nodes, ctx); k.advance(m, nodes, ctx); }
  const steps = 200;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) { k.current(m, nodes, ctx); k.advance(m, nodes, ctx); }
  const ns = ((performance.now() - t0) * 1e6) / (steps * n);
  console.log(`${'hh kernels: current + advance per instance'.padEnd(44)} ${ns.toFixed(1)} ns`);
}
