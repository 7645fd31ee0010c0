// h.FInitializeHandler of each type, against NEURON 8.2.2 (references/finitialize_handlers.py):
// where in finitialize each type runs, in what order, and the run that follows.
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('FInitializeHandler as NEURON 8.2.2 runs it', () => {
  it('types 3, 0, 1 and 2 at their places in finitialize, in the order they were made', () => {
    const ref = loadReference('finitialize_handlers') as ReturnType<typeof loadReference> & { calls: (string | number)[][] };
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = soma.diam = 20;
    soma.insert('hh');
    const stim = h.IClamp(soma(0.5));
    stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;
    const calls: (string | number)[][] = [];
    const seg = () => soma(0.5);
    h.FInitializeHandler(3, () => { calls.push(['3', h.t, seg().v]); seg().hh.gnabar = 0.13; });
    h.FInitializeHandler(0, () => { calls.push(['0', h.t, seg().v]); seg().v = -60; });
    h.FInitializeHandler(() => { calls.push(['1', h.t, seg().v, seg().hh.m]); seg().hh.m = 0.2; });
    const fi2 = h.FInitializeHandler(2, () => { calls.push(['2', h.t, seg().v, seg().hh.m]); });
    h.FInitializeHandler(1, () => { calls.push(['1b', h.t, seg().hh.m]); });
    h.dt = 0.025;
    const t = h.Vector().record(h._ref_t);
    const vecs = { 'soma(0.5).v': h.Vector().record(seg()._ref_v), 'soma(0.5).hh.m': h.Vector().record(seg().hh._ref_m) };
    h.finitialize(-65);
    h.continuerun(10);
    expect(calls).toEqual(ref.calls);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [label, v] of Object.entries(vecs)) {
      const d = maxAbsDiff(v.toArray(), ref.traces[label]!);
      expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(1e-6);
    }
    // remove() stops a handler; a bad type says which types there are.
    fi2.remove();
    calls.length = 0;
    h.finitialize(-65);
    expect(calls.map((c) => c[0])).toEqual(['3', '0', '1', '1b']);
    expect(() => h.FInitializeHandler(4, () => {})).toThrowError(/type is 0 \(before the INITIAL blocks\), 1 \(after them\), 2 \(at the end of finitialize\) or 3 \(at its start\), got 4/);
  });
});
