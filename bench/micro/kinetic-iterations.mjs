// How many Newton iterations the bench's calcium-shell cell (bench/neurite/kinetic.mjs: 100
// compartments of hh, cahv and cashell's 34-state KINETIC scheme, 100 ms) takes per step and
// compartment: cashell compiled, a counter put at the head of its generated Newton loop, and the
// cell run with the JavaScript kernels (the WebAssembly ones are translated from the same code).
//
//   node bench/micro/kinetic-iterations.mjs [--tstop 100]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMod, instantiate } from '@neurite/nmodl-compiler';
import { createH, defaultCatalogue } from 'neurite';

const argv = process.argv.slice(2);
const tstop = argv.includes('--tstop') ? Number(argv[argv.indexOf('--tstop') + 1]) : 100;
const mods = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'mechanisms', 'test', 'fixtures', 'mod');
const compiled = (f) => compileMod(readFileSync(join(mods, f), 'utf8'), { filename: f, instantiate: false }).js;
const loop = 'for (let _it = 0; _it < 50; _it++) {';
const js = compiled('cashell.mod');
if (!js.includes(loop)) throw new Error('cashell.mod\'s kernel has no Newton loop as expected: this script needs updating');
let iterations = 0;
globalThis.__countIteration = () => { iterations++; };
const cashell = instantiate(js.replaceAll(loop, `${loop} globalThis.__countIteration();`));
const catalogue = defaultCatalogue.extend(instantiate(compiled('cahv.mod')), cashell);
const h = createH({ catalogue, wasm: false });
h.load_file('stdrun.hoc');
const secs = [];
for (let i = 0; i < 10; i++) {
  const s = h.Section({ name: `sec${i}` });
  s.L = 100; s.diam = 2; s.nseg = 10; s.Ra = 100;
  s.insert('hh'); s.insert('cahv'); s.insert('cashell');
  for (const seg of s) seg.cahv.gbar = 0.002;
  if (secs.length > 0) s.connect(secs[secs.length - 1](1));
  secs.push(s);
}
const ic = h.IClamp(secs[0](0.05));
ic.delay = 2; ic.dur = 80; ic.amp = 0.3;
h.finitialize(-65);
iterations = 0;
h.continuerun(tstop);
const steps = Math.round(tstop / h.dt);
console.log(`${(iterations / (steps * 100)).toFixed(3)} Newton iterations per step and compartment (${steps} steps, 100 compartments); v at the far end ${secs[9](0.55).v} mV`);
