// secondorder = 1: Crank-Nicolson for v without the ion-current correction secondorder = 2 adds,
// against NEURON 8.2.2 (references/secondorder1.py), in both step loops.
import { describe, expect, it } from 'vitest';
import { createH, type Vector } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('secondorder 1 against NEURON 8.2.2', () => {
  it('the same v as secondorder 2, ion currents without the correction, within 1e-6', () => {
    const ref = loadReference('secondorder1');
    for (const wasmSteps of [true, false]) {
      const h = createH({ catalogue: defaultCatalogue, wasmSteps });
      const soma = h.Section({ name: 'soma' });
      soma.L = soma.diam = 20;
      soma.insert('hh');
      const stim = h.IClamp(soma(0.5));
      stim.delay = 1; stim.dur = 1; stim.amp = 0.5;
      h.dt = 0.025;
      for (const so of [1, 2]) {
        h.secondorder = so;
        const s = soma(0.5);
        const vecs: Record<string, Vector> = {
          'soma(0.5).v': h.Vector().record(s._ref_v), 'soma(0.5).ina': h.Vector().record(s._ref_ina),
          'soma(0.5).ik': h.Vector().record(s._ref_ik), 'soma(0.5).hh.m': h.Vector().record(s.hh._ref_m),
        };
        h.finitialize(-65);
        h.continuerun(5);
        for (const [k, vec] of Object.entries(vecs)) {
          const d = maxAbsDiff(vec.toArray(), ref.traces[`${k} [secondorder ${so}]`]!);
          expect(d, `${k} secondorder ${so} (wasm steps ${wasmSteps}): ${d}`).toBeLessThanOrEqual(1e-6);
        }
      }
      // (the two differ in the ion currents, so the test tells them apart)
      expect(maxAbsDiff(ref.traces['soma(0.5).ina [secondorder 1]']!, ref.traces['soma(0.5).ina [secondorder 2]']!)).toBeGreaterThan(1e-3);
    }
  });
});
