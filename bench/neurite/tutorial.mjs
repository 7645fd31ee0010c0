// NEURON's tutorial cell ("Scripting NEURON basics") in neurite: a soma with hh and an IClamp,
// 40 ms. Prints the time of finitialize + continuerun and the final v.
import { performance } from 'node:perf_hooks';
import { createH } from 'neurite';
import { args, cpuSeconds, emit } from './common.mjs';

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

const t0 = performance.now(), c0 = cpuSeconds();
h.finitialize(-65);
h.continuerun(tstop);
const simS = (performance.now() - t0) / 1000;
const simCpuS = cpuSeconds() - c0;
const vFinal = v[v.size() - 1];
const vMax = v.max();

// Diagnostics (--runs N): the same simulation again in this process, to separate the JIT's
// warm-up from the steady state. The bench reports only the first run.
const again = [];
for (let r = 1; r < Number(a.runs ?? 1); r++) {
  const t1 = performance.now();
  h.finitialize(-65);
  h.continuerun(tstop);
  again.push((performance.now() - t1) / 1000);
}

emit({ sim: 'neurite', model: 'tutorial', sim_s: simS, sim_cpu_s: simCpuS, steps: Math.round(h.t / h.dt),
  v_final: [vFinal], v_max: [vMax], samples: v.size(), t_samples: t.size(), again_s: again });
