// NEURON's standard point processes, written as our own .mod files, against NEURON 8.2.2.
import { describe, expect, it } from 'vitest';
import { createH, type H, type PointProcess } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, recordAll, refFor, thresholdTimes } from './support/reference.js';

type PP = PointProcess & Record<string, number>;

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
    expect(d, `${k}: ${d}`).toBeLessThanOrEqual(tol);
  }
}

describe('point processes against NEURON 8.2.2', () => {
  it('AlphaSynapse: a time-driven conductance, cut off after 10 tau', () => {
    const ref = loadReference('alphasynapse');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h);
    const alpha = h.pointProcess('AlphaSynapse', soma(0.5)) as PP;
    Object.assign(alpha, { onset: 5, tau: 2, gmax: 0.01, e: 0 });
    const alphaB = h.pointProcess('AlphaSynapse', soma(0.5)) as PP;
    Object.assign(alphaB, { onset: 20, tau: 0.5, gmax: 0.02, e: -80 });
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, { soma }, { alpha, alpha_b: alphaB });
    h.finitialize(-65);
    h.continuerun(40);
    check(ref, t, vecs);
    const spikes = thresholdTimes(t.toArray(), vecs['soma(0.5).v'].toArray(), 10);
    expect(maxAbsDiff(spikes, ref.spikes['soma(0.5).v NetCon threshold=10'])).toBeLessThanOrEqual(1e-6);
  });

  it('SEClamp: three voltage levels through a series resistance (the seclamp case, SEClamp cell)', () => {
    const ref = loadReference('seclamp');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h, 'soma');
    const se = h.pointProcess('SEClamp', soma(0.5)) as PP;
    Object.assign(se, { dur1: 10, amp1: -70, dur2: 20, amp2: 0, dur3: 10, amp3: -70, rs: 0.01 });
    const t = h.Vector().record(h._ref_t);
    const labels = Object.keys(ref.traces).filter((k) => k.startsWith('soma(') || k.startsWith('seclamp'));
    const vecs = Object.fromEntries(labels.map((k) => [k, h.Vector().record(refFor(k, { soma }, { seclamp: se }))]));
    h.finitialize(-65);
    h.continuerun(50);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    expect(Object.keys(vecs).length).toBe(8);
    for (const [k, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
      expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('APCount: counts and times crossings of thresh as NEURON, after each step', () => {
    const ref = loadReference('apcount');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h);
    for (const delay of [2, 12, 14, 30]) {
      const st = h.IClamp(soma(0.5));
      st.delay = delay; st.dur = 0.5; st.amp = 0.6;
    }
    const ap = h.pointProcess('APCount', soma(0.5)) as PP;
    ap.thresh = -20;
    const ap0 = h.pointProcess('APCount', soma(0.5)) as PP;
    ap0.thresh = 0;
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, { soma }, { apcount: ap, apcount0: ap0 });
    h.finitialize(-65);
    h.continuerun(40);
    check(ref, t, vecs);
    // The times APCount records are the samples where n grows (its `time` then).
    const n = vecs['apcount.n'].toArray();
    const time = vecs['apcount.time'].toArray();
    const times = [...n].flatMap((x, k) => (k > 0 && x > n[k - 1] ? [time[k]] : []));
    expect(maxAbsDiff(times, ref.spikes['apcount thresh=-20 record'])).toBeLessThanOrEqual(1e-6);
    expect(ap.n).toBe(3);
  });

  it('APCount.record(vec): the time of every count, the vector emptied by finitialize', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h, 's');
    for (const delay of [1, 6, 11]) {
      const ic = h.IClamp(soma(0.5));
      ic.delay = delay; ic.dur = 1; ic.amp = 0.5;
    }
    const apc = h.APCount(soma(0.5));
    apc.thresh = 0;
    const vec = h.Vector();
    apc.record(vec);
    // NEURON 8.2.2, the same model: n 2.0, vec [1.8749999999999953, 12.299999999999836]; after
    // finitialize and continuerun(8): n 1.0, vec [1.8749999999999953].
    h.finitialize(-65);
    h.continuerun(15);
    expect([apc.n, vec.to_python()]).toEqual([2, [1.8749999999999953, 12.299999999999836]]);
    h.finitialize(-65);
    h.continuerun(8);
    expect([apc.n, vec.to_python()]).toEqual([1, [1.8749999999999953]]);
    apc.record();
    h.finitialize(-65);
    h.continuerun(15);
    expect(vec.to_python()).toEqual([1.8749999999999953]);
  });
});
