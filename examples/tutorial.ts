// NEURON's tutorial "Scripting NEURON basics", line for line in TypeScript with neurite.
// Run it with `pnpm tutorial` from the repository root; it writes its data and plot to ./out/.
import { mkdirSync } from 'node:fs';
import { h } from 'neurite';
import { ms, mV } from 'neurite/units';
import { loadCsv, loadJson, loadPickle, saveCsv, saveJson, savePickle } from '@neurite/io/node';
import { plot } from '@neurite/plot';
import { writePlotHtml } from '@neurite/plot/node';

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });

h.load_file('stdrun.hoc');

// Step 2: create a cell
const soma = h.Section({ name: 'soma' });
h.topology();
console.log(soma.psection());

// Step 3: set the cell's morphology
soma.L = 20;
soma.diam = 20;

// Step 4: insert ion channels
soma.insert('hh');
for (const sec of h.allsec()) {
  for (const seg of sec) {
    for (const mech of seg) console.log(String(sec), String(seg), mech.name());
  }
}
console.log(`gkbar in soma(0.5): ${soma(0.5).hh.gkbar} S/cm2 (also soma(0.5).gkbar_hh = ${soma(0.5).gkbar_hh})`);

// Step 5: insert a stimulus
const iclamp = h.IClamp(soma(0.5));
console.log(Object.keys(Object.getPrototypeOf(iclamp) as object));
iclamp.delay = 2;
iclamp.dur = 0.1;
iclamp.amp = 0.9;
console.log(soma.psection());

// Step 6: set up recording variables
const v = h.Vector().record(soma(0.5)._ref_v);
const t = h.Vector().record(h._ref_t);

// Step 7: run the simulation
h.finitialize(-65 * mV);
h.continuerun(40 * ms);
console.log(`ran to t = ${h.t} ms: ${t.size()} samples, peak v = ${v.max().toFixed(3)} mV`);

// Step 8: plot the results
const plotFile = new URL('tutorial.html', out).pathname;
await writePlotHtml(plot(t, v, { title: 'soma(0.5).v', xLabel: 't (ms)', yLabel: 'v (mV)' }), plotFile);
console.log(`plot: ${plotFile}`);

// Step 9: save and load the results
const data = { t, v };
const csvFile = new URL('data.csv', out).pathname;
const jsonFile = new URL('data.json', out).pathname;
const pickleFile = new URL('data.p', out).pathname;
saveCsv(csvFile, data);
saveJson(jsonFile, data, { indent: 4 });
savePickle(pickleFile, data);
for (const [file, load] of [[csvFile, (f: string) => loadCsv(f, { names: ['t', 'v'] })], [jsonFile, loadJson], [pickleFile, loadPickle]] as const) {
  const back = load(file);
  const vBack = h.Vector(back.columns.v);
  const same = vBack.size() === v.size() && vBack.to_python().every((x, i) => Object.is(x, v[i]));
  console.log(`${file}: ${back.names.join(', ')} read back ${same ? 'exactly' : 'DIFFERENT'}`);
}
