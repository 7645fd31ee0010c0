// h.distance against NEURON 8.2.2 (fixtures/distances/model.py): NEURON measures a location at
// its node, and sums the path section by section in its section order.
import { describe, expect, it } from 'vitest';
import { createH, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, type ReferenceCase } from './support/reference.js';

type SecRow = [string, number, number, string | null, number | null, number | null];

describe('h.distance against NEURON 8.2.2', () => {
  it('between nodes: an even nseg, children by their 1 end, at a middle and at a 0 end, 3-D points, two trees', () => {
    const ref = loadReference('distances') as ReferenceCase & { sections: SecRow[]; xs: number[]; from_origin: number[]; pairs: [number, number][]; between: number[] };
    const h = createH({ catalogue: defaultCatalogue });
    const secs: Record<string, Section> = {};
    for (const [name, L, nseg] of ref.sections) {
      const s = h.Section({ name });
      s.L = L; s.nseg = nseg;
      secs[name] = s;
    }
    for (const [name, , , parent, px, cx] of ref.sections) if (parent !== null) secs[name]!.connect(secs[parent]!(px!), cx!);
    const f = secs.f!;
    f.pt3dclear();
    for (const [x, y, z, d] of [[0, 0, 0, 1], [10, 5, 0, 1], [25, 5, 3, 1], [40, 0, 0, 1]] as const) f.pt3dadd(x, y, z, d);
    const locs = ref.sections.flatMap(([name]) => ref.xs.map((x) => secs[name]!(x)));
    h.distance(0, secs.soma!(0.5));
    expect(locs.map((seg) => h.distance(seg))).toEqual(ref.from_origin);
    expect(ref.pairs.map(([i, j]) => h.distance(locs[i]!, locs[j]!))).toEqual(ref.between);
    expect(ref.between).toContain(1e20); // (two trees)
  });

  it('follows the model as it changes (a new connection, a deleted section, a new section)', () => {
    const ref = loadReference('distances') as ReferenceCase & { after_changes: number[] };
    const h = createH({ catalogue: defaultCatalogue });
    const p = h.Section({ name: 'p' });
    const q = h.Section({ name: 'q' });
    p.L = 100;
    q.L = 50;
    h.distance(0, p(0));
    const got = [h.distance(q(1))]; // (two trees)
    q.connect(p(1));
    got.push(h.distance(q(1)));
    const r = h.Section({ name: 'r' });
    r.L = 20;
    r.connect(q(1));
    got.push(h.distance(r(1)));
    q.connect(p(0.5));
    got.push(h.distance(r(1)));
    h.delete_section(q);
    got.push(h.distance(r(1)));
    expect(got).toEqual(ref.after_changes);
  });
});
