// Morphologies through h: sections from SWC and Neurolucida files, their 3-D points, segment
// geometry from frusta, h.distance and define_shape, against NEURON 8.2.2 running Import3d on the
// same files (fixtures/morphology/*.json, written by references/morphology_*.py).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createH, MorphologyError } from '../src/index.js';

interface Geo { name: string; L: number; area: number[]; ri: number[]; diam: number[]; distance: number[] }
interface Ref {
  sections: { name: string; parent: string | null; parentX: number | null; points: number[][]; arc: number[] }[];
  nseg1: Geo[];
  nseg5: Geo[];
  afterDefineShape: Record<string, number[][]>;
}

const read = (f: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/morphology/${f}`, import.meta.url)), 'utf8');
const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('morphologies through h against NEURON 8.2.2', () => {
  for (const file of ['cell.swc', 'cell.asc', 'branchy.swc', 'two_trees.swc', 'outside.asc']) {
    it(`${file}: sections, parents, 3-D points, area/ri/diam per segment, distances, define_shape`, () => {
      const ref = JSON.parse(read(`${file}.json`)) as Ref;
      const h = createH();
      const cell = h.loadMorphology(read(file), file);
      const secs = h.allsec();
      expect(secs.map((s) => s.name())).toEqual(ref.sections.map((s) => s.name));
      for (const want of ref.sections) {
        const sec = cell.byName[want.name];
        expect(sec.parentseg()?.sec.name() ?? null, want.name).toBe(want.parent);
        if (want.parentX !== null) expect(sec.parentseg()!.x).toBe(want.parentX);
        expect(sec.n3d()).toBe(want.points.length);
        want.points.forEach(([x, y, z, d], i) => {
          expect([sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)], `${want.name} point ${i}`).toEqual([x, y, z, d]);
          expect(sec.arc3d(i)).toBe(want.arc[i]);
        });
      }
      let worst = 0;
      for (const [nseg, geo] of [[1, ref.nseg1], [5, ref.nseg5]] as const) {
        for (const s of secs) s.nseg = nseg;
        for (const s of secs) s.Ra = 100;
        const soma = secs.find((s) => s.name().startsWith('soma'))!;
        h.distance(0, soma(0.5));
        for (const g of geo) {
          const sec = cell.byName[g.name];
          worst = Math.max(worst, rel(sec.L, g.L));
          [...sec].forEach((seg, j) => {
            worst = Math.max(worst, rel(seg.area(), g.area[j]), rel(seg.ri(), g.ri[j]), rel(seg.diam, g.diam[j]), rel(h.distance(seg), g.distance[j]));
          });
          worst = Math.max(worst, rel(sec(1).ri(), g.ri[nseg]));
        }
      }
      expect(worst).toBeLessThan(1e-9);
      h.define_shape();
      for (const [name, pts] of Object.entries(ref.afterDefineShape)) {
        const sec = cell.byName[name];
        pts.forEach(([x, y, z], i) => {
          expect(Math.abs(sec.x3d(i) - x) + Math.abs(sec.y3d(i) - y) + Math.abs(sec.z3d(i) - z), `${name} point ${i}`).toBeLessThan(1e-5);
        });
      }
    });
  }

  it('a malformed file is an error with the file, line and what was expected', () => {
    const h = createH();
    expect(() => h.loadMorphology('1 1 0 0 0 5 -1\n2 3 oops 0 0 1 1\n', 'bad.swc')).toThrowError(MorphologyError);
    expect(() => h.loadMorphology('1 1 0 0 0 5 -1\n2 3 oops 0 0 1 1\n', 'bad.swc')).toThrowError(/bad\.swc:2/);
    expect(h.allsec()).toEqual([]);
  });

  it('pt3d editing follows NEURON: L from the points, setting L rescales them', () => {
    const h = createH();
    const d = h.Section('d');
    d.pt3dadd(0, 0, 0, 2);
    d.pt3dadd(3, 4, 0, 2);
    expect(d.L).toBe(5);
    expect(d(0.5).area()).toBeCloseTo(Math.PI * 2 * 5, 12);
    d.L = 10;
    expect([d.x3d(1), d.y3d(1)]).toEqual([6, 8]);
    d.pt3dchange(1, 4);
    expect(d.diam3d(1)).toBe(4);
    d.pt3dremove(0);
    expect(d.n3d()).toBe(1);
    expect(d.L).toBe(1e-9); // NEURON: one point makes a 1e-9 um section
    d.pt3dclear();
    expect(d.n3d()).toBe(0);
    expect(() => d.x3d(0)).toThrowError(/out of range/);
  });

  it('SectionList holds sections for loops', () => {
    const h = createH();
    const a = h.Section('a');
    const b = h.Section('b').connect(a(1));
    const sl = h.SectionList();
    sl.wholetree(b);
    expect([...sl].map(String)).toEqual(['a', 'b']);
    expect(sl.remove(a)).toBe(1);
    expect(sl.length).toBe(1);
  });

  it('SectionList keeps a section as often as it was added, as NEURON 8.2.2\'s', () => {
    // NEURON: append a, b, a -> [a, b, a]; remove(a) -> 1, [b, a]; wholetree twice -> [a, b, a, b];
    // remove(a list of a, b, a) from [a, b, a] -> 3, [].
    const h = createH();
    const a = h.Section('a');
    const b = h.Section('b').connect(a(1));
    const sl = h.SectionList().append(a).append({ sec: b }).append(a);
    expect([...sl].map(String)).toEqual(['a', 'b', 'a']);
    expect(sl.remove(a)).toBe(1);
    expect([...sl].map(String)).toEqual(['b', 'a']);
    expect([...h.SectionList().wholetree({ sec: a }).wholetree(a)].map(String)).toEqual(['a', 'b', 'a', 'b']);
    const three = h.SectionList([a, b, a]);
    expect(h.SectionList([a, b, a]).remove(three)).toBe(3);
    expect(() => sl.append({ sec: 'a' } as never)).toThrow(/sec must be a section/);
  });
});
