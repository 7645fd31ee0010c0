// Vector.play and record(ref, Dt) as events on NEURON's queue, against NEURON 8.2.2
// (fixtures/play_events/model.py): time order at a step's start and end, ties by which was sent
// first, times every Dt as sums, and a continuous play's events at its times.
import { describe, expect, it } from 'vitest';
import { createH, type Reference } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, type ReferenceCase } from './support/reference.js';

interface Run { target: 'v' | 'g' | 'e'; cont: number; vals: number[]; dt_play: number | null; times: number[] | null; recdt: number | null; dt: number; so: number }

describe('Vector.play and record(ref, Dt) as NEURON 8.2.2 delivers them', () => {
  it('four runs: step and continuous plays into v, pas.g and pas.e, with recordings every Dt or every step', () => {
    const ref = loadReference('play_events') as ReferenceCase & { runs: Run[] };
    expect(ref.runs.length).toBe(4);
    ref.runs.forEach((run, i) => {
      const h = createH({ catalogue: defaultCatalogue });
      const soma = h.Section({ name: 'soma' });
      soma.L = 20; soma.diam = 20;
      soma.insert('hh').insert('pas');
      const dend = h.Section({ name: 'dend' });
      dend.L = 100; dend.diam = 2; dend.nseg = 3;
      dend.insert('pas');
      dend.connect(soma(1));
      const seg = dend(0.5);
      const pas = seg.pas as unknown as Record<string, Reference>;
      const target = { v: seg._ref_v, g: pas._ref_g!, e: pas._ref_e! }[run.target];
      const pv = h.Vector(run.vals);
      if (run.times === null) pv.play(target, run.dt_play!);
      else pv.play(target, h.Vector(run.times), run.cont);
      const recs: Record<string, Reference> = { 'soma(0.5).v': soma(0.5)._ref_v, 'dend(0.9).v': dend(0.9)._ref_v, played: target };
      const vecs = Object.fromEntries(Object.entries(recs).map(([k, r]) => [k, run.recdt === null ? h.Vector().record(r) : h.Vector().record(r, run.recdt)]));
      h.dt = run.dt;
      h.secondorder = run.so;
      h.finitialize(-65);
      h.continuerun(15);
      for (const [k, vec] of Object.entries(vecs)) {
        const want = ref.traces[`${k} [run ${i + 1}]`]!;
        expect(vec.size(), `${k} [run ${i + 1}]`).toBe(want.length);
        const d = maxAbsDiff(vec.toArray(), want);
        expect(d, `${k} [run ${i + 1}]: ${d}`).toBeLessThanOrEqual(1e-6);
      }
    });
  });
});
