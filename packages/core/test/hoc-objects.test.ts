// NEURON's SectionRef, secname and List against NEURON 8.2.2 (fixtures/hoc_objects/model.py) on
// the tree of fixtures/topology: children at a parent's 0 end, a section connected by its 1 end,
// a child on that reversed section's distal 0 end, and a second root.
import { describe, expect, it } from 'vitest';
import { Catalogue, createH, type Section } from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';
import { readFileSync } from 'node:fs';

interface Facts { parent: string | null; trueparent: string | null; root: string; has_parent: boolean; has_trueparent: boolean; nchild: number; child: string[]; secname: string }
const ref = JSON.parse(readFileSync(new URL('./fixtures/hoc_objects/reference.json', import.meta.url), 'utf8')) as {
  sectionref: Record<string, Facts>; list_counts: number[][]; list_lookup: [boolean, number, number]; list_trace: number[]; list_order: string[]; list_order_after_remove: string[];
};

function tree() {
  const h = createH({ catalogue: new Catalogue([testPas, testIClamp]) });
  const sec = (name: string, nseg: number): Section => { const s = h.Section({ name }); s.nseg = nseg; return s; };
  const [soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, axon0, axon1] = ([
    ['soma', 1], ['dend1', 5], ['dend2', 3], ['dend3', 1], ['rev', 4], ['dend1a', 2], ['dend1b', 1], ['twig', 3], ['axon0', 3], ['axon1', 2],
  ] as const).map(([n, k]) => sec(n, k)) as [Section, Section, Section, Section, Section, Section, Section, Section, Section, Section];
  dend1.connect(soma(1));
  dend2.connect(soma(0));
  dend3.connect(soma(0.5));
  rev.connect(soma(0.5), 1);
  dend1a.connect(dend1(0.3));
  dend1b.connect(dend1(1));
  twig.connect(rev(0));
  axon1.connect(axon0(1));
  return { h, soma, dend1, sections: [soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, axon0, axon1] };
}

describe('SectionRef, secname and List as NEURON 8.2.2 has them', () => {
  it('SectionRef: parent, trueparent, root, children; h.secname', () => {
    const { h, sections } = tree();
    for (const s of sections) {
      const sr = h.SectionRef({ sec: s });
      const facts: Facts = {
        parent: sr.has_parent() ? sr.parent.name() : null,
        trueparent: sr.has_trueparent() ? sr.trueparent.name() : null,
        root: sr.root.name(),
        has_parent: sr.has_parent(),
        has_trueparent: sr.has_trueparent(),
        nchild: sr.nchild(),
        child: sr.child.map((c) => c.name()),
        secname: h.secname({ sec: s }),
      };
      expect(facts, s.name()).toEqual(ref.sectionref[s.name()]);
      expect(sr.sec).toBe(s);
    }
    const root = h.SectionRef(sections[0]!);
    expect(() => root.parent).toThrowError('SectionRef.parent: soma is a root section and has no parent (check has_parent() first)');
    expect(() => h.SectionRef({} as { sec: Section })).toThrowError(/h\.SectionRef\(\{ sec \}\): name the section/);
  });

  it('List: every IClamp or NetCon as they are made; a List of objects through its methods', () => {
    const { h, soma, dend1 } = tree();
    const iclamps = h.List('IClamp');
    const netcons = h.List('NetCon');
    const counts = [[iclamps.count(), netcons.count()]];
    const stims = [h.pointProcess('IClamp', soma(0.5)), h.pointProcess('IClamp', dend1(1))];
    counts.push([iclamps.count(), netcons.count()]);
    const ncs = [h.NetCon(soma(0.5)._ref_v, null, { sec: soma })];
    counts.push([iclamps.count(), netcons.count()]);
    expect(counts).toEqual(ref.list_counts);
    expect([iclamps.o(0) === stims[0], iclamps.index(stims[1]!), netcons.index(ncs[0]!)]).toEqual(ref.list_lookup);
    expect(() => iclamps.append(stims[0]!)).toThrowError('List.append: a List of every IClamp follows them as they are made and removed; it cannot be changed');

    const lst = h.List();
    const trace = [lst.append(stims[0]!), lst.prepend(stims[1]!), lst.insrt(1, ncs[0]!)];
    expect(lst.toArray().map(String)).toEqual(ref.list_order);
    trace.push(lst.index(ncs[0]!), lst.remove(0));
    expect([...lst].map(String)).toEqual(ref.list_order_after_remove);
    trace.push(lst.index(stims[1]!), lst.remove_all(), lst.count());
    expect(trace).toEqual(ref.list_trace);
    expect(() => lst.o(0)).toThrowError('List.o(i): i is a whole number from 0 to -1 (the list has 0 objects), got 0');
    expect(() => h.List('Vector')).toThrowError(/List\('Vector'\): neurite lists every object of these kinds: NetCon, IClamp; for others, make a List\(\) and append to it/);
  });
});
