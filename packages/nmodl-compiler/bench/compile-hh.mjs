// Compile time of hh.mod, from text to a loadable plugin (parse, passes, codegen, new Function).
// Run with `pnpm --filter @neurite/nmodl-compiler bench` (builds first).
import { readFileSync } from 'node:fs';
import { compileMod } from '../dist/index.js';

const text = readFileSync(new URL('../test/fixtures/hh.mod', import.meta.url), 'utf8');
const run = (options) => {
  const r = compileMod(text, { filename: 'hh.mod', ...options });
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('hh.mod did not compile');
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
measure('hh.mod: parse to source only (no new Function)', { instantiate: false });
console.log(`(${N} compiles each, warm; total ${(performance.now() - cold0).toFixed(0)} ms)`);
