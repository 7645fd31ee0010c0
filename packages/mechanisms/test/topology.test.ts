// A branched tree with a reversed section (attached by its 1 end), two roots, hh and pas, and
// two IClamps (fixtures/topology/model.py): v at every node, topology() and psection().
import { describe, expect, it } from 'vitest';
import { createH, type H, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, recordAll } from './support/reference.js';

function build(h: H) {
  const mk = (name: string, L: number, diam: number, nseg: number): Section => {
    const s = h.Section({ name });
    s.L = L; s.diam = diam; s.nseg = nseg; s.Ra = 100; s.cm = 1;
    return s;
  };
  const soma = mk('soma', 20, 20, 1);
  const dend1 = mk('dend1', 100, 2, 5);
  const dend2 = mk('dend2', 60, 1.5, 3);
  const dend3 = mk('dend3', 30, 1, 1);
  const rev = mk('rev', 80, 1, 4);
  const dend1a = mk('dend1a', 40, 1, 2);
  const dend1b = mk('dend1b', 20, 0.8, 1);
  const twig = mk('twig', 30, 0.5, 3);
  dend1.connect(soma(1));
  dend2.connect(soma(0));
  dend3.connect(soma(0.5));
  rev.connect(soma, 0.5, 1);
  dend1a.connect(dend1(0.3));
  dend1b.connect(dend1(1));
  twig.connect(rev(0));
  const axon0 = mk('axon[0]', 200, 1, 3);
  const axon1 = mk('axon[1]', 100, 1, 2);
  axon1.connect(axon0(1));
  const all = [soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, axon0, axon1];
  soma.insert('hh');
  for (const s of all.slice(1)) {
    s.insert('pas');
    for (const seg of s) { seg.pas.g = 1e-4; seg.pas.e = -65; }
  }
  const stim1 = h.IClamp(dend1(1));
  stim1.delay = 1; stim1.dur = 3; stim1.amp = 0.2;
  const stim2 = h.IClamp(axon1(0.5));
  stim2.delay = 1; stim2.dur = 3; stim2.amp = 0.1;
  return { secs: Object.fromEntries(all.map((s) => [s.name(), s])), stim1, stim2 };
}

describe('a tree with a reversed section against NEURON 8.2.2', () => {
  it('v at every node within 1e-6 mV, topology and psection equal', () => {
    // The case lives with core's fixtures (its topology text is tested there without mechanisms).
    const ref = loadReference('topology', '../../../core/test/fixtures');
    let printed = '';
    const h = createH({ catalogue: defaultCatalogue, print: (s) => { printed += s; } });
    const { secs, stim1, stim2 } = build(h);
    h.topology();
    expect(printed).toBe(ref.topology);
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, secs, { stim1, stim2 });
    expect(Object.keys(vecs).length).toBe(Object.keys(ref.traces).length);
    h.finitialize(ref.v_init);
    h.continuerun(ref.tstop);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [label, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[label]);
      expect(d, `${label}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
    const want = ref.psection as Record<string, Record<string, unknown>>;
    for (const [name, sec] of Object.entries(secs)) {
      const got = JSON.parse(JSON.stringify(sec.psection())) as Record<string, unknown>;
      got.hoc_internal_name = '__nrnsec_<address>';
      const flat = (o: unknown, p = ''): [string, unknown][] =>
        o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => flat(v, `${p}.${k}`)) : [[p, o]];
      const w = new Map(flat(want[name]));
      const g = new Map(flat(got));
      expect([...g.keys()].sort(), name).toEqual([...w.keys()].sort());
      for (const [k, x] of w) {
        if (typeof x === 'number') expect(Math.abs((g.get(k) as number) - x), `${name}${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
        else expect(g.get(k), `${name}${k}`).toEqual(x);
      }
    }
  });
});
