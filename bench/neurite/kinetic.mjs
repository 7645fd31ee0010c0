// A cell whose time goes to a KINETIC scheme, in neurite: the same model as
// bench/neuron/kinetic.py (hh, cahv and cashell, 34 KINETIC states per compartment, in 100
// compartments; the .mod files compiled here, before the timed span). Prints the time of
// finitialize + continuerun and the final v at 10 sites.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createH } from 'neurite';
import { args, emit, timed } from './common.mjs';

const a = args();
const tstop = Number(a.tstop ?? 100);
const nsec = Number(a.sections ?? 10);

const mods = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'mechanisms', 'test', 'fixtures', 'mod');
const h = createH();
for (const f of ['cahv.mod', 'cashell.mod']) h.compile(readFileSync(join(mods, f), 'utf8'), { filename: f });
h.load_file('stdrun.hoc');
const secs = [];
for (let i = 0; i < nsec; i++) {
  const s = h.Section({ name: `sec${i}` });
  s.L = 100;
  s.diam = 2;
  s.nseg = 10;
  s.Ra = 100;
  s.insert('hh');
  s.insert('cahv');
  s.insert('cashell');
  for (const seg of s) seg.cahv.gbar = 0.002;
  if (secs.length > 0) s.connect(secs[secs.length - 1](1));
  secs.push(s);
}
const iclamp = h.IClamp(secs[0](0.05));
iclamp.delay = 2;
iclamp.dur = 80;
iclamp.amp = 0.3;
const vs = secs.map((s) => h.Vector().record(s(0.55)._ref_v));

const { s: simS, cpu: simCpuS } = timed(() => { h.finitialize(-65); h.continuerun(tstop); });

emit({ sim: 'neurite', model: 'kinetic', sim_s: simS, sim_cpu_s: simCpuS, steps: Math.round(h.t / h.dt),
  v_final: vs.map((v) => v[v.size() - 1]), v_max: vs.map((v) => v.max()), samples: vs[0].size() });
