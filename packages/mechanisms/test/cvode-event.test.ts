// h.cvode.event(t, fn) with the fixed step, against NEURON 8.2.2 (references/cvode_event.py): when
// each callback runs (after the first step that ends at or after its time, NEURON's quarter-step
// guard for times on the grid), what it sees, and the run its changes make.
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('cvode.event callbacks as NEURON 8.2.2 runs them', () => {
  it('change an IClamp and a conductance at their times; one schedules another', () => {
    const ref = loadReference('cvode_event') as ReturnType<typeof loadReference> & { calls: (string | number)[][] };
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = soma.diam = 20;
    soma.insert('hh');
    const stim = h.IClamp(soma(0.5));
    stim.delay = 0; stim.dur = 1e9; stim.amp = 0;
    const calls: (string | number)[][] = [];
    const setter = (amp: number) => () => { calls.push(['amp', amp, h.t]); stim.amp = amp; };
    const slow = () => { calls.push(['gnabar', h.t]); soma(0.5).hh.gnabar = 0.06; };
    const later = () => { calls.push(['schedule', h.t]); h.CVode().event(12.3, slow); };
    h.dt = 0.025;
    const t = h.Vector().record(h._ref_t);
    const v = h.Vector().record(soma(0.5)._ref_v);
    h.finitialize(-65);
    const cv = h.CVode();
    for (const [te, amp] of [[2, 0.9], [2.1, 0], [7.01, 0.5], [7.5, 0]] as const) cv.event(te, setter(amp));
    cv.event(3, later);
    h.continuerun(20);
    expect(calls).toEqual(ref.calls);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    const d = maxAbsDiff(v.toArray(), ref.traces['soma(0.5).v']!);
    expect(d, `v: max |diff| ${d}`).toBeLessThanOrEqual(1e-6);
  });

  it('h.stoprun set in a callback ends continuerun after that step; the next continuerun goes on', () => {
    const ref = loadReference('cvode_event') as ReturnType<typeof loadReference> & { stoprun: number[] };
    const h = createH({ catalogue: defaultCatalogue });
    h.Section({ name: 'soma' }).insert('hh');
    h.dt = 0.025;
    h.finitialize(-65);
    h.cvode.event(5, () => { h.stoprun = 1; });
    h.continuerun(10);
    const seen = [h.t, h.stoprun];
    h.continuerun(10);
    seen.push(h.t, h.stoprun);
    expect(seen).toEqual(ref.stoprun);
  });

  it('finitialize forgets pending events; a time already past is ignored; the time used is returned', () => {
    const h = createH({ catalogue: defaultCatalogue });
    h.Section({ name: 'soma' });
    h.dt = 0.025;
    h.finitialize(-65);
    let n = 0;
    expect(h.cvode.event(1, () => { n++; })).toBe(1 - 0.025 / 4); // (on the grid: a quarter step earlier)
    expect(h.cvode.event(1.01, () => { n++; })).toBe(1.01);
    h.finitialize(-65);
    h.continuerun(2);
    expect(n).toBe(0);
    h.cvode.event(0.5, () => { n++; });
    h.continuerun(3);
    expect(n).toBe(0);
  });
});
