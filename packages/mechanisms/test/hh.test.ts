import { describe, expect, it } from 'vitest';
import { createH, type H } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, recordAll, thresholdTimes, type ReferenceCase } from './support/reference.js';

// Traces agree with NEURON 8.2.2 within this many mV (and the NMODL units of other variables).
const TOL = 1e-6;

function tutorialCell(h: H, amp = 0.9) {
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  const iclamp = h.IClamp(soma(0.5));
  iclamp.delay = 2;
  iclamp.dur = 0.1;
  iclamp.amp = amp;
  return { soma, iclamp };
}

function compare(ref: ReferenceCase, vecs: Record<string, { toArray(): Float64Array }>, suffix = ''): Record<string, number> {
  const worst: Record<string, number> = {};
  for (const [label, vec] of Object.entries(vecs)) {
    worst[label] = maxAbsDiff(vec.toArray(), ref.traces[label]);
  }
  for (const [label, d] of Object.entries(worst)) expect(d, `${label}${suffix}: max |diff| ${d}`).toBeLessThanOrEqual(TOL);
  return worst;
}

describe('the tutorial against NEURON 8.2.2', () => {
  it('every trace of both runs (v_init -65 and -70) within 1e-6, spike times within 1e-6 ms', () => {
    const ref = loadReference('tutorial');
    const h = createH({ catalogue: defaultCatalogue });
    const { soma, iclamp } = tutorialCell(h);
    const t = h.Vector().record(h._ref_t);
    const first = recordAll(h, ref, { soma }, { iclamp });
    expect(Object.keys(first).length).toBe(11);
    h.finitialize(-65);
    h.continuerun(40);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    compare(ref, first);
    const v = first['soma(0.5).v'].toArray();
    const spikes = thresholdTimes(t.toArray(), v, 0);
    expect(maxAbsDiff(spikes, ref.spikes['soma(0.5).v NetCon threshold=0'])).toBeLessThanOrEqual(1e-6);

    const second = recordAll(h, ref, { soma }, { iclamp }, ' [v_init=-70]');
    expect(Object.keys(second).length).toBe(6);
    h.finitialize(-70);
    h.continuerun(40);
    compare(ref, second);
  });

  it('psection() after the run equals NEURON\'s', () => {
    const ref = loadReference('tutorial');
    const h = createH({ catalogue: defaultCatalogue });
    const { soma } = tutorialCell(h);
    const before = JSON.parse(JSON.stringify(soma.psection())) as Record<string, unknown>;
    before.hoc_internal_name = '__nrnsec_<address>';
    expect(before).toEqual(ref.psection_before);
    h.finitialize(-65);
    h.continuerun(40);
    const after = JSON.parse(JSON.stringify(soma.psection())) as Record<string, unknown>;
    after.hoc_internal_name = '__nrnsec_<address>';
    // Values agree to rounding; compare numbers with a tolerance and everything else exactly.
    const flat = (o: unknown, p = ''): [string, unknown][] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => flat(v, `${p}.${k}`)) : [[p, o]];
    const want = new Map(flat(ref.psection_after));
    const got = new Map(flat(after));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, w] of want) {
      if (typeof w === 'number') expect(Math.abs((got.get(k) as number) - w), k).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
      else expect(got.get(k), k).toEqual(w);
    }
  });
});

describe('tutorial variants against NEURON 8.2.2', () => {
  const variants: [string, (h: H) => void, number][] = [
    ['tutorial_usetable0', (h) => { h.usetable_hh = 0; }, 0.9],
    ['tutorial_celsius16', (h) => { h.celsius = 16.3; }, 0.9],
    ['tutorial_celsius25', (h) => { h.celsius = 25; }, 0.9],
    ['tutorial_amp03', () => {}, 0.3],
    ['tutorial_amp2', () => {}, 2],
    ['tutorial_so2', (h) => { h.secondorder = 2; }, 0.9],
  ];
  for (const [name, setup, amp] of variants) {
    it(`${name}: every trace within 1e-6`, () => {
      const ref = loadReference(name);
      const h = createH({ catalogue: defaultCatalogue });
      setup(h);
      const { soma, iclamp } = tutorialCell(h, amp);
      const t = h.Vector().record(h._ref_t);
      const vecs = recordAll(h, ref, { soma }, { iclamp });
      h.finitialize(ref.v_init);
      h.continuerun(ref.tstop);
      expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
      compare(ref, vecs);
      const spikes = thresholdTimes(t.toArray(), vecs['soma(0.5).v'].toArray(), 0);
      expect(spikes.length).toBe(ref.spikes['soma(0.5).v NetCon threshold=0'].length);
      expect(maxAbsDiff(spikes, ref.spikes['soma(0.5).v NetCon threshold=0'])).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('hh axon against NEURON 8.2.2', () => {
  it('v along a 101-segment axon within 1e-6; spike times and conduction velocity', () => {
    const ref = loadReference('hh_axon');
    const h = createH({ catalogue: defaultCatalogue });
    const axon = h.Section({ name: 'axon' });
    axon.L = 1000;
    axon.diam = 1;
    axon.nseg = 101;
    axon.Ra = 100;
    axon.insert('hh');
    const iclamp = h.IClamp(axon(0));
    iclamp.delay = 1;
    iclamp.dur = 0.5;
    iclamp.amp = 0.3;
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, { axon }, { iclamp });
    h.finitialize(-65);
    h.continuerun(10);
    compare(ref, vecs);
    for (const x of ['0.1', '0.5', '0.9']) {
      const v = vecs[`axon(${x}).v`].toArray();
      const spikes = thresholdTimes(t.toArray(), v, 0);
      expect(maxAbsDiff(spikes, ref.spikes[`axon(${x}).v NetCon threshold=0`])).toBeLessThanOrEqual(1e-6);
    }
  });
});
