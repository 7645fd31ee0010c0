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
    // The control amplifier's output vo0 and the clamp current are the amplifier's input error
    // (e0, compared absolutely like v) times its gain (1e5 at the defaults): 1e-10 mV of rounding
    // at the input becomes 1e-5 there. They are compared as gain x 1e-9, i.e. 1e-9 at the input.
    const gain = k.startsWith('vclamp_b') ? 1e3 : 1e5;
    const bound = /\.(i|vo0)$/.test(k) ? gain * 1e-9 : tol;
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
