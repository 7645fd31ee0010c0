// seg.volume(), h.ismembrane and h.units against NEURON 8.2.2 (fixtures/segment_queries/model.py).
import { describe, expect, it } from 'vitest';
import { createH, NeuriteError, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, type ReferenceCase } from './support/reference.js';

type Point = [number, number, number, number];
interface Ref extends ReferenceCase {
  xs: number[];
  points: Record<string, Point[]>;
  sections: [string, number | null, number[] | null, number | null][];
  volumes: Record<string, number[]>;
  ismembrane: Record<string, [number, number]>;
  units: Record<string, string>;
  unknown: string[];
  histories: [string, string[]][];
  iteration: Record<string, { mechs: Record<string, string[]>; vars: Record<string, [string, number, number[]][]> }>;
}

const ref = loadReference('segment_queries') as Ref;

/** The fixture's model: the sections, then (as the script does) the mechanisms and the IClamp. */
function build() {
  const h = createH({ catalogue: defaultCatalogue });
  const secs: Record<string, Section> = {};
  const volumes: Record<string, number[]> = {};
  for (const [name, L, diams, nseg] of ref.sections) {
    const s = h.Section({ name });
    secs[name] = s;
    if (diams !== null) {
      s.L = L!;
      s.nseg = diams.length;
      diams.forEach((d, i) => { s((i + 0.5) / diams.length).diam = d; });
    } else {
      for (const p of ref.points[name] ?? ref.points.frusta!) s.pt3dadd(...p);
      s.nseg = nseg!;
      if (name === 'scaled') s.L = 45;
    }
    volumes[name] = ref.xs.map((x) => s(x).volume());
  }
  return { h, secs, volumes };
}

describe('segment queries against NEURON 8.2.2', () => {
  it('seg.volume(): cylinders, frusta of 3-D points (ends between points, a step, a negative diameter, L set), one point, 0 at the ends', () => {
    const { volumes } = build();
    for (const [name, want] of Object.entries(ref.volumes)) {
      const got = volumes[name]!;
      got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}(${ref.xs[i]})`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]!))));
    }
    expect(ref.volumes.frusta![4]).not.toBe(ref.volumes.frusta![1]); // (the segments differ)
  });

  it('h.ismembrane: mechanisms, ions, capacitance, morphology, a point process in the first segment, unknown names', () => {
    const { h, secs } = build();
    const a = secs.soma!;
    const b = secs.taper!;
    a.insert('hh').insert('pas');
    b.insert('pas').uninsert('pas');
    h.IClamp(a(0.5));
    for (const [name, [inA, inB]] of Object.entries(ref.ismembrane)) {
      expect([h.ismembrane(name, { sec: a }), h.ismembrane(name, b)], name).toEqual([inA, inB]);
    }
    expect(ref.ismembrane.IClamp).toEqual([1, 0]);
  });

  it('h.units: built-in, ion and mechanism variables; an unknown name is an error that says how names go', () => {
    const { h } = build();
    for (const [name, unit] of Object.entries(ref.units)) expect(h.units(name), name).toBe(unit);
    for (const name of ref.unknown) {
      expect(() => h.units(name), name).toThrow(NeuriteError);
      expect(() => h.units(name)).toThrow(/gnabar_hh/);
    }
  });

  it('for (const mech of seg) and for (const v of mech): mechanisms and ions in NEURON\'s order, their variables, at the middle and the ends', () => {
    const { h } = build();
    for (const [name, steps] of ref.histories) {
      const s = h.Section({ name });
      for (const step of steps) {
        if (step.startsWith('-')) s.uninsert(step.slice(1));
        else s.insert(step);
      }
      const want = ref.iteration[name]!;
      for (const [x, names] of Object.entries(want.mechs)) expect([...s(Number(x))].map((m) => m.name()), `${name}(${x})`).toEqual(names);
      const vars = Object.fromEntries([...s(0.5)].map((m) => [m.name(), [...m].map((v) => [v.name(), v.length, Array.from({ length: v.length }, (_, j) => v[j])])]));
      expect(vars, name).toEqual(want.vars);
    }
    // (the views read and write what the segment's own variables do)
    const s = h.Section({ name: 'rw' });
    s.insert('hh');
    const seg = s(0.5);
    const ion = [...seg].find((m) => m.name() === 'na_ion')!;
    expect(ion.is_ion()).toBe(true);
    ion.ena = 60;
    expect(seg.ena).toBe(60);
    const g = [...seg.hh].find((v) => v.name() === 'gnabar_hh')!;
    g[0] = 0.2;
    expect(seg.hh.gnabar).toBe(0.2);
    expect(seg.hh.is_ion()).toBe(false);
  });
});
