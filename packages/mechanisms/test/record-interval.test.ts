// Vector.record(ref, Dt): samples every Dt ms as NEURON 8.2.2 takes them (events on its queue,
// at the end and the start of steps; several in a step when Dt < dt; t's sample is the sample
// time), across two continueruns. Against references/record_interval.py.
import { describe, expect, it } from 'vitest';
import { createH, type Vector } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('recording at intervals, against NEURON 8.2.2', () => {
  it('the same sample times, counts and values as NEURON, and the same after a second continuerun', () => {
    const ref = loadReference('record_interval');
    for (const wasm of [true, false]) {
      const h = createH({ catalogue: defaultCatalogue, wasm });
      const soma = h.Section({ name: 'soma' });
      soma.L = soma.diam = 20;
      soma.insert('hh');
      const stim = h.IClamp(soma(0.5));
      stim.delay = 0.5; stim.dur = 1; stim.amp = 0.5;
      h.dt = 0.025;
      const vecs: Record<string, Vector> = { t: h.Vector().record(h._ref_t), 'soma(0.5).v': h.Vector().record(soma(0.5)._ref_v) };
      for (const dt of [0.1, 0.01, 0.06, 0.25]) {
        vecs[`t every ${dt}`] = h.Vector().record(h._ref_t, dt);
        vecs[`soma(0.5).v every ${dt}`] = h.Vector().record(soma(0.5)._ref_v, dt);
      }
      vecs['stim.i every 0.05'] = h.Vector().record(stim._ref_i, 0.05);
      h.finitialize(-65);
      const check = (suffix: string): void => {
        for (const [k, vec] of Object.entries(vecs)) {
          const want = ref.traces[`${k}${suffix}`] ?? (k === 't' && suffix === '' ? ref.t : undefined);
          expect(want, `${k}${suffix} in the reference`).toBeDefined();
          expect(vec.size(), `${k}${suffix}: size (wasm ${wasm})`).toBe(want!.length);
          const d = maxAbsDiff(vec.toArray(), want!);
          expect(d, `${k}${suffix}: ${d}`).toBeLessThanOrEqual(k.startsWith('t') ? 0 : 1e-9);
        }
      };
      h.continuerun(2);
      check(' [to 2]');
      h.continuerun(2.5);
      check('');
    }
  });

  it('frecord_init restarts recordings mid-run, fcurrent recomputes currents, as NEURON 8.2.2', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const s = h.Section({ name: 's' });
    s.L = s.diam = 20;
    s.insert('hh');
    const t = h.Vector().record(h._ref_t), v = h.Vector().record(s(0.5)._ref_v), t2 = h.Vector().record(h._ref_t, 0.1);
    h.finitialize(-65);
    // NEURON: ina -0.0012200571764654333 after finitialize; with gnabar halved, fcurrent() -> 1 and
    // ina -0.0006100285882327166, gna 5.304596419414927e-06, v still -65.
    expect(s(0.5).ina).toBe(-0.0012200571764654333);
    s(0.5).hh.gnabar = 0.06;
    expect(h.fcurrent()).toBe(1);
    expect([s(0.5).ina, s(0.5).hh.gna, s(0.5).v]).toEqual([-0.0006100285882327166, 5.304596419414927e-6, -65]);
    s(0.5).hh.gnabar = 0.12;
    // NEURON: frecord_init() -> 1; sizes 1, 0 (the interval's first sample comes with the next
    // step), 1; after continuerun(1.5): 21 samples, and t2 = [0.9999999999999984, ...1.3999999999999988].
    h.continuerun(1);
    expect(h.frecord_init()).toBe(1);
    expect([t.size(), t2.size(), v.size()]).toEqual([1, 0, 1]);
    h.continuerun(1.5);
    expect(t.size()).toBe(21);
    expect(t2.to_python()).toEqual([0.9999999999999984, 1.0999999999999985, 1.1999999999999986, 1.2999999999999987, 1.3999999999999988]);
    expect([h.init(), h.t]).toEqual([0, 0]);
    // fcurrent leaves the capacitive current of the last step alone (NEURON's does).
    h.fadvance(); h.fadvance();
    const icap = s(0.5).i_cap;
    expect(icap).not.toBe(0);
    h.fcurrent();
    expect(s(0.5).i_cap).toBe(icap);
  });
});
