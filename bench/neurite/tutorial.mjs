// NEURON's tutorial cell ("Scripting NEURON basics") in neurite: a soma with hh and an IClamp,
// 40 ms. Prints the time of finitialize + continuerun and the final v.
import { createH } from 'neurite';
import { args, emit, timed } from './common.mjs';

const a = args();
const tstop = Number(a.tstop ?? 40);

const h = createH();
h.load_file('stdrun.hoc');
const soma = h.Section({ name: 'soma' });
soma.L = 20;
soma.diam = 20;
soma.insert('hh');
const iclamp = h.IClamp(soma(0.5));
iclamp.delay = 2;
iclamp.dur = 0.1;
iclamp.amp = 0.9;
const v = h.Vector().record(soma(0.5)._ref_v);
const t = h.Vector().record(h._ref_t);

const run = () => { h.finitialize(-65); h.continuerun(tstop); };
const { s: simS, cpu: simCpuS } = timed(run);
const vFinal = v[v.size() - 1];
const vMax = v.max();

// Diagnostics (--runs N): the same simulation again in this process, to separate the JIT's
// warm-up from the steady state. The bench reports only the first run.
const again = [];
for (let r = 1; r < Number(a.runs ?? 1); r++) {
  again.push(timed(run).s);
}

emit({ sim: 'neurite', model: 'tutorial', sim_s: simS, sim_cpu_s: simCpuS, steps: Math.round(h.t / h.dt),
  v_final: [vFinal], v_max: [vMax], samples: v.size(), t_samples: t.size(), again_s: again });
