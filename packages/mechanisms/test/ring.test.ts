// A ring of five hh cells connected by ExpSyn through NetCons watching soma v (threshold 10 mV,
// delay 1 ms), started by one NetStim event (start 1 ms, NetCon delay 1 ms). Against NEURON 8.2.2.
import { describe, expect, it } from 'vitest';
import { createH, type PointProcess, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('ring network against NEURON 8.2.2', () => {
  it('the same spike raster (every spike time within 1e-6 ms) and traces within 1e-6 mV', () => {
    const ref = loadReference('ring');
    const h = createH({ catalogue: defaultCatalogue });
    const N = 5;
    const cells = Array.from({ length: N }, (_, i) => {
      const soma = h.Section({ name: `cell${i}_soma` });
      soma.L = 20; soma.diam = 20;
      soma.insert('hh');
      const dend = h.Section({ name: `cell${i}_dend` });
      dend.L = 200; dend.diam = 1; dend.nseg = 5;
      dend.insert('pas');
      for (const seg of dend) { seg.pas.g = 1e-4; seg.pas.e = -65; }
      dend.connect(soma(1));
      soma.Ra = 100; dend.Ra = 100;
      const syn = h.ExpSyn(dend(0.5));
      syn.tau = 2; syn.e = 0;
      return { soma, dend, syn };
    });
    const raster: Record<string, ReturnType<typeof h.Vector>> = {};
    cells.forEach((c, i) => {
      const nc = h.NetCon(c.soma(0.5)._ref_v, cells[(i + 1) % N].syn as PointProcess, { sec: c.soma });
      nc.threshold = 10; nc.delay = 1; nc.weight[0] = 0.05;
      raster[`cell${i}`] = h.Vector();
      nc.record(raster[`cell${i}`]);
    });
    const stim = h.pointProcess('NetStim') as PointProcess & Record<string, number>;
    stim.number = 1; stim.start = 1; stim.noise = 0;
    const kick = h.NetCon(stim, cells[0].syn as PointProcess);
    kick.delay = 1;
    kick.weight[0] = 0.05;
    const stimTimes = h.Vector();
    kick.record(stimTimes);
    const t = h.Vector().record(h._ref_t);
    const rec: Record<string, ReturnType<typeof h.Vector>> = {};
    cells.forEach((c, i) => { rec[`cell${i}_soma(0.5).v`] = h.Vector().record(c.soma(0.5)._ref_v); });
    rec['cell0_dend(0.5).v'] = h.Vector().record((cells[0].dend as Section)(0.5)._ref_v);
    rec['cell0.expsyn.g'] = h.Vector().record(cells[0].syn._ref_g);
    h.finitialize(-65);
    h.continuerun(40);
    expect(stimTimes.to_python()).toEqual(ref.spikes.netstim);
    for (const [k, vec] of Object.entries(rec)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
      expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
    for (let i = 0; i < N; i++) {
      const want = ref.spikes[`cell${i}`];
      expect(want.length).toBeGreaterThan(0);
      expect(raster[`cell${i}`].size()).toBe(want.length);
      expect(maxAbsDiff(raster[`cell${i}`].toArray(), want)).toBeLessThanOrEqual(1e-6);
    }
  });
});
