import { describe, expect, it } from 'vitest';
import { Catalogue, NeuriteError, createH, type PointProcess } from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

const catalogue = new Catalogue([testPas, testIClamp]).freeze();
type Stim = PointProcess & Record<string, number> & { _ref_amp: never; _ref_i: never };

describe('Vector.play against NEURON 8.2.2', () => {
  const ref = loadReference('vector_play');
  for (const label of ['[step]', '[continuous]', '[Dt=0.2]']) {
    it(`drives an IClamp amplitude ${label}: amp, i and v exactly as NEURON`, () => {
      const h = createH({ catalogue });
      const soma = h.Section({ name: 'soma' }) as ReturnType<typeof h.Section> & { g_pas: number; e_pas: number };
      soma.L = 20; soma.diam = 20;
      soma.insert('pas');
      soma.g_pas = 1e-4; soma.e_pas = -65;
      const stim = h.pointProcess('IClamp', soma(0.5)) as Stim;
      stim.delay = 0; stim.dur = 1e9;
      const tvec = h.Vector(ref.tvec as number[]);
      const avec = h.Vector(ref.avec as number[]);
      if (label === '[Dt=0.2]') h.Vector(ref.dtvec as number[]).play(stim._ref_amp, 0.2);
      else avec.play(stim._ref_amp, tvec, label === '[continuous]');
      const t = h.Vector().record(h._ref_t);
      const amp = h.Vector().record(stim._ref_amp);
      const i = h.Vector().record(stim._ref_i);
      const v = h.Vector().record(soma(0.5)._ref_v);
      stim.amp = 7;
      h.finitialize(-65);
      h.continuerun(1);
      expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
      expect(maxAbsDiff(amp.toArray(), ref.traces[`iclamp.amp ${label}`])).toBe(0);
      expect(maxAbsDiff(i.toArray(), ref.traces[`iclamp.i ${label}`])).toBe(0);
      expect(maxAbsDiff(v.toArray(), ref.traces[`soma(0.5).v ${label}`])).toBeLessThanOrEqual(1e-9);
    });
  }

  it('refuses mismatched or decreasing time vectors, and a continuous play without one', () => {
    const h = createH({ catalogue });
    const soma = h.Section('soma');
    const stim = h.pointProcess('IClamp', soma(0.5)) as Stim;
    expect(() => h.Vector([1, 2]).play(stim._ref_amp, h.Vector([0]))).toThrowError(NeuriteError);
    expect(() => h.Vector([1, 2]).play(stim._ref_amp, [1, 0])).toThrowError(/must not decrease/);
    expect(() => h.Vector([1, 2]).play(stim._ref_amp, 0)).toThrowError(/dt must be > 0/);
    // NEURON 8.2.2: "Second argument of Vector.play in continuous mode must be a time vector"
    expect(() => h.Vector([1, 2]).play(stim._ref_amp, 2, true)).toThrowError(/continuous play needs a time vector/);
    expect(() => h.Vector([1, 2]).play(stim._ref_amp, 2, 1)).toThrowError(NeuriteError);
  });
});
