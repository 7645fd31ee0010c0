// NEURON's standard point processes, written as our own .mod files, against NEURON 8.2.2.
import { describe, expect, it } from 'vitest';
import { createH, type H, type PointProcess } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, recordAll, thresholdTimes } from './support/reference.js';

type PP = PointProcess & Record<string, number> & Record<string, number[]>;

function hhSoma(h: H, name = 'soma') {
  const s = h.Section({ name });
  s.L = 20; s.diam = 20;
  s.insert('hh');
  return s;
}

function check(ref: ReturnType<typeof loadReference>, t: { toArray(): Float64Array }, vecs: Record<string, { toArray(): Float64Array }>, tol = 1e-6) {
  expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
  expect(Object.keys(vecs).length).toBe(Object.keys(ref.traces).length);
  for (const [k, vec] of Object.entries(vecs)) {
    const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
    // The clamp current and the control amplifier's output are the membrane potential's error
    // times the gain (1e5 at the defaults): 1e-10 mV of rounding in v becomes 1e-5 nA there, on
    // currents up to 2.5e5 nA. Those are compared relative to their range; everything else
    // absolutely.
    const amplified = /\.(i|vo0)$/.test(k);
    const bound = amplified ? 1e-9 * Math.max(...ref.traces[k].map(Math.abs)) : tol;
    expect(d, `${k}: ${d}`).toBeLessThanOrEqual(bound);
  }
}

describe('VClamp against NEURON 8.2.2', () => {
  it('VClamp: the LINEAR amplifier, array parameters dur[3] and amp[3]', () => {
    const ref = loadReference('vclamp');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h, 'soma');
    const somaB = hhSoma(h, 'soma_b');
    const vc = h.pointProcess('VClamp', soma(0.5)) as PP;
    const vcB = h.pointProcess('VClamp', somaB(0.5)) as PP;
    for (const c of [vc, vcB]) {
      [[5, -60], [10, -10], [5, -80]].forEach(([dur, amp], j) => { c.dur[j] = dur; c.amp[j] = amp; });
    }
    Object.assign(vcB, { gain: 1e3, rstim: 5, tau1: 0.01, tau2: 0.1 });
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, { soma, soma_b: somaB }, { vclamp: vc, vclamp_b: vcB });
    h.finitialize(-65);
    h.continuerun(25);
    check(ref, t, vecs);
  });

});
