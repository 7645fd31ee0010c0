// The ring network in neurite: the same model as bench/neuron/ring.py (references/ring.py with
// N = 100 cells), started by one event into cell 0's synapse at 2 ms. Prints the time of
// finitialize + continuerun, the final v of 10 somas and the spike times.
import { createH } from 'neurite';
import { args, emit, timed } from './common.mjs';

const a = args();
const ncells = Number(a.cells ?? 100);
const tstop = Number(a.tstop ?? 100);

const h = createH();
h.load_file('stdrun.hoc');
const cells = Array.from({ length: ncells }, (_, i) => {
  const soma = h.Section({ name: `cell${i}_soma` });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  const dend = h.Section({ name: `cell${i}_dend` });
  dend.L = 200;
  dend.diam = 1;
  dend.nseg = 5;
  dend.insert('pas');
  for (const seg of dend) {
    seg.pas.g = 1e-4;
    seg.pas.e = -65;
  }
  dend.connect(soma(1));
  soma.Ra = 100;
  dend.Ra = 100;
  const syn = h.ExpSyn(dend(0.5));
  syn.tau = 2;
  syn.e = 0;
  return { soma, dend, syn };
});
const netcons = [];
const rasters = [];
cells.forEach((c, i) => {
  const nc = h.NetCon(c.soma(0.5)._ref_v, cells[(i + 1) % ncells].syn, { sec: c.soma });
  nc.threshold = 10;
  nc.delay = 1;
  nc.weight[0] = 0.05;
  const vec = h.Vector();
  nc.record(vec);
  netcons.push(nc);
  rasters.push(vec);
});
const kick = h.NetCon(null, cells[0].syn);
kick.weight[0] = 0.05;
const sites = Array.from({ length: 10 }, (_, k) => cells[Math.floor((k * ncells) / 10)]);
const recs = sites.map((c) => h.Vector().record(c.soma(0.5)._ref_v));
h.dt = 0.025;

let initS = 0;
const { s: simS, cpu: simCpuS } = timed(() => {
  initS = timed(() => h.finitialize(-65)).s;
  kick.event(2);
  h.continuerun(tstop);
});

emit({ sim: 'neurite', model: 'ring', cells: ncells, sim_s: simS, sim_cpu_s: simCpuS, init_s: initS, steps: Math.round(h.t / h.dt),
  v_final: recs.map((r) => r[r.size() - 1]), samples: recs[0].size(),
  spikes: rasters.flatMap((r) => r.to_python()), spike_counts: rasters.map((r) => r.size()) });
