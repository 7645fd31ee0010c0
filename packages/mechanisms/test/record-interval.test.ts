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
});
