// NEURON's extracellular layers and membrane currents (core's extracellular system with hh and
// pas), against NEURON 8.2.2 (packages/core/test/fixtures/extracellular/model.py).
import { describe, expect, it } from 'vitest';
import { createH, type H, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, refFor } from './support/reference.js';

const ref = loadReference('extracellular', '../../../core/test/fixtures');

function build(h: H, ext: boolean, finite: boolean) {
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
  stim.delay = 1; stim.dur = 0.5; stim.amp = 0.5;
  return { axon, dend };
}

describe('extracellular against NEURON 8.2.2', () => {
  for (const [label, ext, finite, so] of [['[none]', false, false, 0], ['[default]', true, false, 0], ['[finite]', true, true, 0], ['[finite so2]', true, true, 2]] as const) {
    it(`${label}: v, vext, i_membrane and i_membrane_ within 1e-6`, () => {
      const h = createH({ catalogue: defaultCatalogue });
      h.cvode.use_fast_imem(1);
      h.secondorder = so;
      const secs: Record<string, Section> = build(h, ext, finite);
      if (finite) {
        const e = h.Vector([0, -30, 0]);
        e.play((secs.axon(0.5) as unknown as { _ref_e_extracellular: never })._ref_e_extracellular, h.Vector([0, 2, 3]));
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
    });
  }
});
