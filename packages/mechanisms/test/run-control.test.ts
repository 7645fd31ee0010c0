// stdrun's run loop as NEURON 8.2.2 runs it (fixtures/continuerun_epsilon/model.py): where
// continuerun stops, with hoc's comparison (less by more than float_epsilon).
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, type ReferenceCase } from './support/reference.js';

interface RunCase { dt: number; steps_per_ms: number; tstop: number; dt_used: number; t1: number; samples1: number; t2: number; samples2: number }

describe('continuerun against NEURON 8.2.2', () => {
  it('stops where stdrun stops: t < tstop - dt/2 by more than 1e-11, whatever the rounding of t', () => {
    const ref = loadReference('continuerun_epsilon') as ReferenceCase & { cases: RunCase[] };
    expect(ref.cases.length).toBe(6);
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.insert('pas');
    const v = h.Vector().record(soma(0.5)._ref_v);
    for (const c of ref.cases) {
      h.steps_per_ms = c.steps_per_ms;
      h.dt = c.dt;
      h.tstop = c.tstop;
      h.stdinit();
      expect(h.dt, `dt of ${JSON.stringify(c)}`).toBe(c.dt_used);
      h.continuerun(c.tstop);
      expect([h.t, v.size()], `first run of ${JSON.stringify(c)}`).toEqual([c.t1, c.samples1]);
      h.continuerun(h.t + 5);
      expect([h.t, v.size()], `second run of ${JSON.stringify(c)}`).toEqual([c.t2, c.samples2]);
    }
  });
});
