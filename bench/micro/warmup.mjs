// How the tutorial cell's step time falls as V8 optimises the step path: the 40 ms run (1600
// steps) timed in blocks of 100 steps, then the same run repeated in the same process, then the
// same model built anew (another createH) and run, as a second model in a process would be.
//
//   node bench/micro/warmup.mjs
import { performance } from 'node:perf_hooks';
import { createH } from 'neurite';

function model() {
  const h = createH();
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  const stim = h.IClamp(soma(0.5));
  stim.delay = 2;
  stim.dur = 0.1;
  stim.amp = 0.9;
  const v = h.Vector().record(soma(0.5)._ref_v);
  return { h, v };
}

const { h, v } = model();

const t0 = performance.now();
h.finitialize(-65);
const init = performance.now() - t0;
const blocks = [];
for (let b = 0; b < 16; b++) {
  const t = performance.now();
  h.continuerun((b + 1) * 2.5);
  blocks.push(performance.now() - t);
}
console.log(`finitialize: ${init.toFixed(2)} ms`);
console.log(`steps 1-1600 in blocks of 100 (µs per step): ${blocks.map((x) => (x * 10).toFixed(1)).join(' ')}`);
console.log(`first run: ${(init + blocks.reduce((s, x) => s + x, 0)).toFixed(2)} ms, final v ${v[v.size() - 1]}`);
const again = [];
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  h.finitialize(-65);
  h.continuerun(40);
  again.push((performance.now() - t).toFixed(2));
}
console.log(`the same run again (ms): ${again.join(' ')}`);
const anew = [];
for (let r = 0; r < 3; r++) {
  const m = model();
  const t = performance.now();
  m.h.finitialize(-65);
  m.h.continuerun(40);
  anew.push((performance.now() - t).toFixed(2));
}
console.log(`the model built anew and run (ms): ${anew.join(' ')}`);
