import { describe, expect, it } from 'vitest';
import { Catalogue, createH, type H, type Section } from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';
import { loadReference, maxAbsDiff, type ReferenceCase } from './support/reference.js';

const catalogue = new Catalogue([testPas, testIClamp]).freeze();

type Sec = Section & { g_pas: number; e_pas: number };

function checkTraces(ref: ReferenceCase, t: ArrayLike<number>, got: Record<string, ArrayLike<number>>, tol: number): void {
  expect(maxAbsDiff(t, ref.t)).toBe(0);
  for (const [label, values] of Object.entries(got)) {
    const d = maxAbsDiff(values, ref.traces[label]);
    expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(tol);
  }
}

function passiveSoma(h: H, secondorder: number) {
  h.secondorder = secondorder;
  const soma = h.Section({ name: 'soma' }) as Sec;
  soma.L = 20;
  soma.diam = 20;
  soma.insert('pas');
  soma.g_pas = 1e-4;
  soma.e_pas = -65;
  const stim = h.pointProcess('IClamp', soma(0.5)) as unknown as Record<string, number> & { _ref_i: never };
  stim.delay = 5;
  stim.dur = 20;
  stim.amp = 0.1;
  h.dt = 0.025;
  const seg = soma(0.5);
  const t = h.Vector().record(h._ref_t);
  const v = h.Vector().record(seg._ref_v);
  const pasI = h.Vector().record(seg.mech('pas').ref('i'));
  const icap = h.Vector().record(seg._ref_i_cap);
  const iclamp = h.Vector().record(stim._ref_i);
  h.finitialize(-65);
  h.continuerun(50);
  return { t, traces: { 'soma(0.5).v': v, 'soma(0.5).pas.i': pasI, 'soma(0.5).i_cap': icap, 'iclamp.i': iclamp } };
}

describe('passive soma against NEURON 8.2.2', () => {
  for (const [name, so] of [['passive_soma', 0], ['passive_soma_so2', 2]] as const) {
    it(`${name}: every trace within 1e-9`, () => {
      const ref = loadReference(name);
      const h = createH({ catalogue });
      const { t, traces } = passiveSoma(h, so);
      expect(t.size()).toBe(ref.t.length);
      checkTraces(ref, t.toArray(), Object.fromEntries(Object.entries(traces).map(([k, vec]) => [k, vec.toArray()])), 1e-9);
    });
  }
});

function passiveTree(h: H, secondorder: number) {
  h.secondorder = secondorder;
  const mk = (name: string, L: number, diam: number, nseg: number): Sec => {
    const s = h.Section({ name }) as Sec;
    s.L = L;
    s.diam = diam;
    s.nseg = nseg;
    return s;
  };
  const soma = mk('soma', 20, 20, 1);
  const dendA = mk('dendA', 200, 2, 11);
  const dendB = mk('dendB', 150, 1.5, 7);
  const dendC = mk('dendC', 100, 1, 5);
  dendA.connect(soma(1));
  dendB.connect(soma(0));
  dendC.connect(dendA(0.5));
  for (const sec of [soma, dendA, dendB, dendC]) {
    sec.Ra = 100;
    sec.cm = 1;
    sec.insert('pas');
    for (const seg of sec) {
      const pas = seg.mech('pas');
      pas.g = 1e-4;
      pas.e = -65;
    }
  }
  const stim = h.pointProcess('IClamp', dendC(1)) as unknown as Record<string, number> & { _ref_i: never };
  stim.delay = 5;
  stim.dur = 20;
  stim.amp = 0.05;
  return { soma, dendA, dendB, dendC, stim };
}

describe('passive tree against NEURON 8.2.2', () => {
  for (const [name, so] of [['passive_tree', 0], ['passive_tree_so2', 2]] as const) {
    it(`${name}: v at every node within 1e-9`, () => {
      const ref = loadReference(name);
      const h = createH({ catalogue });
      const { stim, ...secs } = passiveTree(h, so);
      const byName: Record<string, Section> = { soma: secs.soma, dendA: secs.dendA, dendB: secs.dendB, dendC: secs.dendC };
      const vecs: Record<string, ReturnType<H['Vector']>> = {};
      for (const [label, loc] of Object.entries(ref.locations!)) {
        vecs[label] = h.Vector().record(byName[loc.section](loc.x)._ref_v);
      }
      vecs['iclamp.i'] = h.Vector().record(stim._ref_i);
      const t = h.Vector().record(h._ref_t);
      h.dt = 0.025;
      h.finitialize(-65);
      h.continuerun(50);
      expect(Object.keys(vecs).length).toBe(Object.keys(ref.traces).length);
      checkTraces(ref, t.toArray(), Object.fromEntries(Object.entries(vecs).map(([k, vec]) => [k, vec.toArray()])), 1e-9);
    });
  }

  it('segment area() and ri() equal NEURON\'s', () => {
    const ref = loadReference('passive_tree');
    const h = createH({ catalogue });
    const secs = passiveTree(h, 0);
    const byName: Record<string, Section> = { soma: secs.soma, dendA: secs.dendA, dendB: secs.dendB, dendC: secs.dendC };
    for (const [label, g] of Object.entries(ref.geometry!)) {
      const [, name, x] = /^(\w+)\(([\d.]+)\)$/.exec(label)!;
      const sec = byName[name];
      // The label rounds x to 6 digits; take the segment centre it names.
      const seg = [...sec].find((s) => Math.abs(s.x - Number(x)) < 1e-6)!;
      expect(seg.area(), label).toBeCloseTo(g.area_um2, 12);
      expect(Math.abs(seg.ri() - g.ri_megohm) / g.ri_megohm, label).toBeLessThan(1e-14);
    }
  });

  it('prints NEURON\'s topology and psection', () => {
    const ref = loadReference('passive_tree');
    let printed = '';
    const h = createH({ catalogue, print: (s) => { printed += s; } });
    const secs = passiveTree(h, 0);
    expect(h.topology()).toBe(1);
    expect(printed).toBe(ref.topology);
    h.finitialize(-65);
    h.continuerun(50);
    const expected = ref.psection as Record<string, Record<string, unknown>>;
    for (const sec of [secs.soma, secs.dendA, secs.dendB, secs.dendC]) {
      const got = JSON.parse(JSON.stringify(sec.psection())) as Record<string, unknown>;
      got.hoc_internal_name = '__nrnsec_<address>';
      const want = expected[sec.name()];
      const pasGot = (got.density_mechs as Record<string, Record<string, number[]>>).pas;
      const pasWant = (want.density_mechs as Record<string, Record<string, number[]>>).pas;
      expect(maxAbsDiff(pasGot.i, pasWant.i)).toBeLessThan(1e-15);
      pasGot.i = pasWant.i;
      expect(got).toEqual(want);
    }
  });
});
