// NEURON's extracellular layers and membrane currents (core's extracellular system with hh and
// pas), against NEURON 8.2.2 (packages/core/test/fixtures/extracellular/model.py).
import { describe, expect, it } from 'vitest';
import { createH, type H, type Reference, type Section, type Vector } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, refFor } from './support/reference.js';

const ref = loadReference('extracellular', '../../../core/test/fixtures');

function build(h: H, ext: boolean, finite: boolean, amp = 0.5) {
  const axon = h.Section({ name: 'axon' });
  axon.L = 500; axon.diam = 2; axon.nseg = 25; axon.Ra = 100;
  axon.insert('hh');
  const dend = h.Section({ name: 'dend' });
  dend.L = 200; dend.diam = 1; dend.nseg = 9; dend.Ra = 100;
  dend.insert('pas');
  for (const seg of dend) { seg.pas.g = 1e-4; seg.pas.e = -65; }
  dend.connect(axon(1));
  if (ext) {
    for (const s of [axon, dend]) {
      s.insert('extracellular');
      if (finite) {
        for (const seg of s) {
          const x = seg as unknown as Record<string, number[]>;
          x.xraxial[0] = 50; x.xraxial[1] = 1e9;
          x.xg[0] = 10; x.xg[1] = 1e9;
          x.xc[0] = 1; x.xc[1] = 0;
        }
      }
    }
  }
  const stim = h.IClamp(axon(0.1));
  stim.delay = 1; stim.dur = 0.5; stim.amp = amp;
  return { axon, dend, stim };
}

describe('extracellular against NEURON 8.2.2', () => {
  const cases = [['[none]', false, false, 0], ['[default]', true, false, 0], ['[finite]', true, true, 0],
    ['[finite so2]', true, true, 2], ['[ext stim]', true, true, 0]] as const;
  for (const [label, ext, finite, so] of cases) {
    it(`${label}: v, vext, i_membrane and i_membrane_ within 1e-6`, () => {
      const h = createH({ catalogue: defaultCatalogue });
      h.cvode.use_fast_imem(1);
      h.secondorder = so;
      const extStim = label === '[ext stim]';
      const { axon, dend } = build(h, ext, finite, extStim ? 0 : 0.5);
      const secs: Record<string, Section> = { axon, dend };
      if (finite) {
        // a step of e_extracellular at axon(0.5); for [ext stim] a -400 mV pulse that alone fires the axon
        const e = h.Vector(extStim ? [0, -400, 0] : [0, -30, 0]);
        e.play((axon(0.5) as unknown as { _ref_e_extracellular: never })._ref_e_extracellular, h.Vector(extStim ? [0, 1, 1.2] : [0, 2, 3]));
      }
      const t = h.Vector().record(h._ref_t);
      const vecs: Record<string, ReturnType<H['Vector']>> = {};
      for (const full of Object.keys(ref.traces)) {
        if (!full.endsWith(` ${label}`)) continue;
        const bare = full.slice(0, -label.length - 1);
        const m = /^(.*)\.vext\[(\d)\]$/.exec(bare);
        const r = m
          ? (secs[m[1].split('(')[0]](Number(/\(([\d.]+)\)/.exec(m[1])![1])) as unknown as { _ref_vext: never[] })._ref_vext[Number(m[2])]
          : refFor(bare, secs);
        vecs[full] = h.Vector().record(r);
      }
      expect(Object.keys(vecs).length).toBeGreaterThan(10);
      h.finitialize(-65);
      h.continuerun(6);
      expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
      let worst = 0;
      for (const [k, vec] of Object.entries(vecs)) {
        const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
        expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
        worst = Math.max(worst, d);
      }
      console.log(`extracellular ${label}: worst |diff| ${worst}`);
      if (extStim) expect(vecs['axon(0.9).v [ext stim]'].max()).toBeGreaterThan(30);
    });
  }

  it('i_membrane_ summed over every node equals the injected electrode current', () => {
    const h = createH({ catalogue: defaultCatalogue });
    h.cvode.use_fast_imem(1);
    const { axon, dend, stim } = build(h, false, false);
    const segs = [...axon.allseg(), ...dend.allseg().slice(1)];
    const refs = segs.map((s) => s._ref_i_membrane_);
    const iStim = h.Vector().record(stim._ref_i);
    h.finitialize(-65);
    let worst = 0;
    let steps = 0;
    while (h.t < 3) {
      h.fadvance();
      const total = refs.reduce((acc, r) => acc + r.get(), 0); // [nA]
      worst = Math.max(worst, Math.abs(total - iStim[iStim.size() - 1]));
      steps++;
    }
    expect(steps).toBe(120);
    expect(iStim.max()).toBe(0.5);
    expect(worst).toBeLessThan(1e-9);
  });

  it('an SEClamp where there are layers sees the potential inside (v + vext[0]); i_membrane_ with electrodes as NEURON gives it (seclamp_extracellular)', () => {
    const sref = loadReference('seclamp_extracellular');
    const h = createH({ catalogue: defaultCatalogue });
    const cable = h.Section({ name: 'cable' });
    cable.L = 300; cable.diam = 2; cable.nseg = 11;
    cable.insert('hh');
    cable.insert('extracellular');
    for (const seg of cable) {
      const x = seg as unknown as Record<string, number[]>;
      x.xraxial[0] = 50; x.xg[0] = 10; x.xc[0] = 1;
    }
    const clamp = h.SEClamp(cable(0.3));
    Object.assign(clamp, { rs: 1, dur1: 2, amp1: -40, dur2: 3, amp2: -80, dur3: 4, amp3: 0 });
    const stim = h.IClamp(cable(0.8));
    stim.delay = 1; stim.dur = 7; stim.amp = 0.3;
    h.Vector([0, 0, -20, -20, 0, 0]).play((cable(0.5) as unknown as { _ref_e_extracellular: Reference })._ref_e_extracellular, h.Vector([0, 3, 3, 5, 5, 10]), 1);
    const plain = h.Section({ name: 'plain' });
    plain.L = 300; plain.diam = 2; plain.nseg = 11;
    plain.insert('hh');
    const clamp2 = h.SEClamp(plain(0.3));
    Object.assign(clamp2, { rs: 2, dur1: 4, amp1: -50, dur2: 20, amp2: -70 });
    h.cvode.use_fast_imem(1);
    const t = h.Vector().record(h._ref_t);
    const vecs: Record<string, Vector> = {};
    for (const x of [0.3, 0.5, 0.8]) {
      vecs[`cable(${x}).v`] = h.Vector().record(cable(x)._ref_v);
      vecs[`cable(${x}).vext[0]`] = h.Vector().record((cable(x) as unknown as { _ref_vext: Reference[] })._ref_vext[0]!);
    }
    vecs['SEClamp[0].i'] = h.Vector().record(clamp._ref_i);
    vecs['SEClamp[1].i'] = h.Vector().record(clamp2._ref_i);
    for (const seg of [cable(0.3), cable(0.5), plain(0.3), plain(0.7)]) vecs[`${String(seg)}.i_membrane_`] = h.Vector().record(seg._ref_i_membrane_);
    h.finitialize(-65);
    h.continuerun(10);
    expect(maxAbsDiff(t.toArray(), sref.t)).toBe(0);
    expect(Object.keys(vecs)).toEqual(Object.keys(sref.traces));
    for (const [k, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), sref.traces[k]);
      expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
  });
});
