// Ion concentrations and reversal potentials, each in a channel of our own compiled at run time and compared with
// NEURON 8.2.2 running the same .mod file (fixtures/<case>/model.py).
import { describe, expect, it } from 'vitest';
import { createH, type H, type MechanismType, type Section } from '@neurite/core';
import { compileMod, formatDiagnostic } from '@neurite/nmodl-compiler';
import { defaultCatalogue } from '../src/index.js';
import { fixtureText, loadReference, maxAbsDiff, recordAll, thresholdTimes, type ReferenceCase } from './support/reference.js';

const TOL = 1e-6;

function compileFixture(file: string): MechanismType {
  const text = fixtureText(`mod/${file}`);
  const r = compileMod(text, { filename: file });
  if (!r.plugin) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { filename: file, source: text })).join('\n'));
  return r.plugin;
}

function withMechanisms(...files: string[]): H {
  return createH({ catalogue: defaultCatalogue.extend(...files.map(compileFixture)) });
}

function soma(h: H, name = 'soma'): Section {
  const s = h.Section({ name });
  s.L = 20;
  s.diam = 20;
  return s;
}

function check(ref: ReferenceCase, t: { toArray(): Float64Array }, vecs: Record<string, { toArray(): Float64Array }>): void {
  expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
  for (const [label, vec] of Object.entries(vecs)) {
    const d = maxAbsDiff(vec.toArray(), ref.traces[label]);
    expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(TOL);
  }
}

describe('calcium against NEURON 8.2.2', () => {
  it('calcium: a decay mechanism writing cai, an HVA channel reading eca, a GHK T channel', () => {
    const ref = loadReference('calcium');
    const h = withMechanisms('cad.mod', 'cahv.mod', 'cat_ghk.mod');
    const secs: Record<string, Section> = {};
    for (const [name, chan] of [['somaA', 'cahv'], ['somaB', 'catg']] as const) {
      const s = soma(h, name);
      s.insert('hh').insert(chan).insert('cad');
      const stim = h.IClamp(s(0.5));
      stim.delay = 2; stim.dur = 20; stim.amp = 0.3;
      secs[name] = s;
    }
    secs.somaB(0.5).mech('catg').pbar = 2e-4;
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, secs);
    expect(Object.keys(vecs).length).toBe(12);
    h.finitialize(-65);
    h.continuerun(25);
    check(ref, t, vecs);
  });

});
