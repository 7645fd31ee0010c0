// A ring network: N hh cells (soma + dendrite), each exciting the next through an ExpSyn, started
// by one NetStim event. Spikes travel round the ring; the raster is printed and plotted.
// Run it with `neurite run examples/ring.ts` (or `pnpm --filter neurite-examples ring`).
import { mkdirSync } from 'node:fs';
import { h } from 'neurite';
import { ms, mV } from 'neurite/units';
import { plot } from '@neurite/plot';
import { writePlotHtml } from '@neurite/plot/node';

const N = 5;
const cells = Array.from({ length: N }, (_, i) => {
  const soma = h.Section({ name: `cell${i}_soma` });
  soma.L = soma.diam = 20; // [um]
  soma.insert('hh');
  const dend = h.Section({ name: `cell${i}_dend` });
  dend.L = 200; dend.diam = 1; dend.nseg = 5; // [um]
  dend.insert('pas');
  for (const seg of dend) { seg.pas.g = 1e-4; seg.pas.e = -65; }
  dend.connect(soma(1));
  const syn = h.ExpSyn(dend(0.5));
  syn.tau = 2; // [ms]
  return { soma, dend, syn };
});

// Each cell's soma drives the next cell's synapse: threshold 10 mV, delay 1 ms, weight 0.05 uS.
const raster = cells.map((cell, i) => {
  const nc = h.NetCon(cell.soma(0.5)._ref_v, cells[(i + 1) % N].syn, { sec: cell.soma });
  nc.threshold = 10;
  nc.delay = 1;
  nc.weight[0] = 0.05;
  const spikes = h.Vector();
  nc.record(spikes);
  return spikes;
});

const stim = h.NetStim();
stim.number = 1;
stim.start = 1; // [ms]
const kick = h.NetCon(stim, cells[0].syn);
kick.delay = 1;
kick.weight[0] = 0.05;

const t = h.Vector().record(h._ref_t);
const vs = cells.map((c) => h.Vector().record(c.soma(0.5)._ref_v));
h.finitialize(-65 * mV);
h.continuerun(100 * ms);

raster.forEach((spikes, i) => console.log(`cell${i}: ${spikes.to_python().map((x) => x.toFixed(3)).join(' ')} ms`));
const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
const file = new URL('ring.html', out).pathname;
await writePlotHtml(plot(t, Object.fromEntries(vs.map((v, i) => [`cell${i}`, v])), { title: 'Ring network: soma v' }), file);
console.log(`plot: ${file}`);
