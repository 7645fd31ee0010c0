// What a change of nseg keeps, as NEURON 8.2.2 keeps it: ion concentrations and potentials (each
// new segment takes the old segment holding its centre), and where point processes sit (they move
// with the node they are on). The expected values are NEURON 8.2.2's for the same calls.
import { describe, expect, it } from 'vitest';
import { createH, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

describe('changing nseg, as NEURON 8.2.2', () => {
  it('keeps ion values: each new segment takes the old segment holding its centre', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const s = h.Section({ name: 's' });
    s.insert('hh').insert('pas');
    s.ena = 60;
    s(0.5).nai = 15;
    s(0.5).g_pas = 2e-3;
    s.nseg = 5;
    const each = (f: (seg: ReturnType<Section>) => number) => [...s].map(f);
    expect(each((seg) => seg.ena)).toEqual([60, 60, 60, 60, 60]);
    expect(each((seg) => seg.nai)).toEqual([15, 15, 15, 15, 15]);
    expect(each((seg) => seg.g_pas)).toEqual([0.002, 0.002, 0.002, 0.002, 0.002]);
    s.nseg = 3;
    [...s].forEach((seg, i) => { seg.nai = 20 + i; });
    s.nseg = 7;
    expect(each((seg) => seg.nai)).toEqual([20, 20, 21, 21, 21, 22, 22]);
    s.nseg = 2;
    expect(each((seg) => seg.nai)).toEqual([20, 22]);
  });

  it('moves point processes with their nodes (ties on a boundary by the connection end\'s count)', () => {
    for (const [end, want] of [
      [0, [[3, [1 / 6, 0, 1, 5 / 6]], [9, [1 / 6, 0, 1, 5 / 6]], [1, [0.5, 0, 1, 0.5]], [11, [0.5, 0, 1, 0.5]], [4, [0.375, 0, 1, 0.375]]]],
      [1, [[3, [1 / 6, 0, 1, 5 / 6]], [9, [1 / 6, 0, 1, 5 / 6]], [1, [0.5, 0, 1, 0.5]], [11, [0.5, 0, 1, 0.5]], [4, [0.625, 0, 1, 0.625]], [6, [7 / 12, 0, 1, 7 / 12]]]],
    ] as const) {
      const h = createH({ catalogue: defaultCatalogue });
      const soma = h.Section({ name: 'soma' });
      const d = h.Section({ name: 'd' });
      d.connect(soma(1), end);
      d.nseg = 5;
      const clamps = [0.33, 0, 1, 0.7].map((x) => h.IClamp(d(x)));
      for (const [nseg, xs] of want) {
        d.nseg = nseg;
        const got = clamps.map((c) => c.get_segment()!.x);
        xs.forEach((x, i) => expect(got[i], `attached by its ${end} end, nseg ${nseg}, clamp ${i}`).toBeCloseTo(x, 12));
      }
    }
  });

  it('composes nseg changes made before the next layout, and counts from the connection end', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    const dend = h.Section({ name: 'dend' });
    dend.connect(soma(1));
    dend.nseg = 7;
    dend.insert('hh');
    h.finitialize(-65);
    [...dend].forEach((seg, i) => { seg.nai = 10 + i; });
    soma.insert('pas');
    dend.nseg = 3;
    dend.nseg = 9;
    // NEURON 8.2.2: 11 11 11 13 13 13 15 15 15 (7 -> 3 -> 9, not 7 -> 9)
    expect([...dend].map((seg) => seg.nai)).toEqual([11, 11, 11, 13, 13, 13, 15, 15, 15]);
    // A section attached by its 1 end: a new centre on an old boundary takes the old segment
    // after it counted from that end (NEURON: diam 1 x5 then 2 x4, cm 3 x5 then 1 x4).
    const d = h.Section({ name: 'd' });
    d.connect(soma(1), 1);
    d.nseg = 2;
    d(0.25).diam = 1; d(0.75).diam = 2; d(0.25).cm = 3;
    d.nseg = 9;
    expect([...d].map((seg) => seg.diam)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect([...d].map((seg) => seg.cm)).toEqual([3, 3, 3, 3, 3, 1, 1, 1, 1]);
  });

  it('references follow their node through nseg changes, and a recording of a freed node stops (nseg_pointers)', () => {
    const ref = loadReference('nseg_pointers');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = 20; soma.diam = 20;
    const dend = h.Section({ name: 'dend' });
    dend.L = 200; dend.diam = 1;
    dend.connect(soma(1));
    for (const s of [soma, dend]) s.insert('hh');
    const stim = h.IClamp(soma(0.5));
    stim.delay = 1; stim.dur = 8; stim.amp = 0.5;
    const t = h.Vector().record(h._ref_t);
    const recs: Record<string, ReturnType<typeof h.Vector>> = {
      'a dend(0.3).v': h.Vector().record(dend(0.3)._ref_v),
      'b dend(0.3).hh.m': h.Vector().record(dend(0.3).hh._ref_m),
      'c dend(0.9).v': h.Vector().record(dend(0.9)._ref_v),
    };
    dend.nseg = 4;
    const d = dend(0.3)._ref_v;
    recs['d dend(0.3).v'] = h.Vector().record(d);
    h.finitialize(-65);
    h.continuerun(5);
    dend.nseg = 3;
    h.continuerun(10);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [k, vec] of Object.entries(recs)) {
      expect(vec.size(), k).toBe(ref.traces[k]!.length);
      const diff = maxAbsDiff(vec.toArray(), ref.traces[k]!);
      expect(diff, `${k}: ${diff}`).toBeLessThanOrEqual(1e-6);
    }
    // The freed node's reference says so when read.
    expect(() => d.get()).toThrow(/dend\.nseg changed from 4 to 3 and the node this reference watched is gone/);
  });

  it('a recording at a section\'s connection end follows its parent\'s node through the parent\'s nseg changes (nseg_connection_end)', () => {
    const ref = loadReference('nseg_connection_end');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = 20; soma.diam = 20;
    const dend = h.Section({ name: 'dend' });
    dend.L = 100; dend.diam = 2; dend.nseg = 2;
    dend.connect(soma(1));
    for (const s of [soma, dend]) s.insert('hh');
    const c1 = h.Section({ name: 'c1' });
    const c2 = h.Section({ name: 'c2' });
    for (const c of [c1, c2]) { c.L = 50; c.diam = 1; c.insert('pas'); }
    c1.connect(dend(0.376), 1);
    c2.connect(dend(0.8), 0);
    const stim = h.IClamp(soma(0.5));
    stim.delay = 1; stim.dur = 8; stim.amp = 0.5;
    const t = h.Vector().record(h._ref_t);
    const end = c1(1)._ref_v;
    const recs: Record<string, ReturnType<typeof h.Vector>> = {
      'c1(1).v': h.Vector().record(end),
      'c2(0).v': h.Vector().record(c2(0)._ref_v),
      'c1(0.5).v': h.Vector().record(c1(0.5)._ref_v),
      'c2(0.5).v': h.Vector().record(c2(0.5)._ref_v),
    };
    h.finitialize(-65);
    h.continuerun(4);
    dend.nseg = 1;
    h.continuerun(7);
    dend.nseg = 3;
    h.continuerun(10);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [k, vec] of Object.entries(recs)) {
      expect(vec.size(), k).toBe(ref.traces[k]!.length);
      const diff = maxAbsDiff(vec.toArray(), ref.traces[k]!);
      expect(diff, `${k}: ${diff}`).toBeLessThanOrEqual(1e-6);
    }
    expect(ref.traces['c1(1).v']!.length).toBeLessThan(ref.t.length); // (NEURON's stopped)
    // The freed node's reference names the section whose change freed it.
    expect(() => end.get()).toThrow(/dend\.nseg changed from 2 to 1 and the node this reference watched is gone/);
  });

  it('a section\'s kept node keeps its v when a child attaches to a freed one (nseg_carry)', () => {
    const ref = loadReference('nseg_carry') as ReturnType<typeof loadReference> & { after_change: number[] };
    const h = createH({ catalogue: defaultCatalogue });
    const section = (name: string, L: number, diam: number, nseg: number, Ra: number): Section => {
      const s = h.Section({ name });
      s.L = L; s.diam = diam; s.nseg = nseg; s.Ra = Ra;
      return s;
    };
    const s0 = section('s0', 52.229, 7.522, 1, 105.51);
    s0.insert('hh');
    const s1 = section('s1', 32.016, 4.226, 3, 111.31);
    const s2 = section('s2', 40.035, 0.988, 5, 50.96);
    s2.insert('hh');
    s1.connect(s0(1));
    s2.connect(s1(0.307));
    const stim = h.IClamp(s2(0.182));
    stim.delay = 1.64; stim.dur = 4.47; stim.amp = 0.606;
    const t = h.Vector().record(h._ref_t);
    const recs = { 's0(0.5).v': h.Vector().record(s0(0.5)._ref_v), 's2(0.5).v': h.Vector().record(s2(0.5)._ref_v), 's2(0.1).v': h.Vector().record(s2(0.1)._ref_v) };
    h.dt = 0.05;
    h.finitialize(-65);
    h.continuerun(7);
    s1.nseg = 1;
    expect(maxAbsDiff(Float64Array.from(s1.allseg().map((seg) => seg.v)), ref.after_change)).toBeLessThanOrEqual(1e-9);
    h.continuerun(15);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [k, vec] of Object.entries(recs)) {
      const diff = maxAbsDiff(vec.toArray(), ref.traces[k]!);
      expect(diff, `${k}: ${diff}`).toBeLessThanOrEqual(1e-6);
    }
  });
});

describe('ion values written while a model is built', () => {
  /** Builds a model from the same seeded sequence of inserts, ion writes (section-wide and one
   * segment), nseg changes, connections and deletions; with `readBack`, each write is read back at
   * once, which lays the model out then. Returns every segment's ion values and v after 2 ms. */
  function build(readBack: boolean): number[] {
    const h = createH({ catalogue: defaultCatalogue });
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const secs: Section[] = [];
    for (let i = 0; i < 40; i++) {
      const s = h.Section({ name: `s${i}` });
      if (secs.length > 0) s.connect(secs[Math.floor(rand() * secs.length)]!(1));
      s.nseg = 1 + Math.floor(rand() * 4);
      s.insert(rand() < 0.8 ? 'hh' : 'pas');
      secs.push(s);
      const sec = secs[Math.floor(rand() * secs.length)]!;
      if (!sec.exists() || !sec.has_membrane('hh')) continue;
      const seg = sec(rand());
      const v = Math.round(rand() * 100);
      const what = Math.floor(rand() * 6);
      if (what === 0) { sec.ena = v; if (readBack) expect(sec.ena).toBe(v); }
      if (what === 1) { sec.ek = -v; if (readBack) expect(sec.ek).toBe(-v); }
      if (what === 2) { seg.nai = v / 7; if (readBack) expect(seg.nai).toBe(v / 7); }
      if (what === 3) { seg.ko = v / 9; if (readBack) expect(seg.ko).toBe(v / 9); }
      if (what === 4) sec.nseg = 1 + Math.floor(rand() * 5);
      if (what === 5 && rand() < 0.3 && sec !== secs[0]) h.delete_section(sec);
    }
    const stim = h.IClamp(secs[0]!(0.5));
    stim.delay = 0.5;
    stim.dur = 1;
    stim.amp = 0.5;
    h.finitialize(-65);
    h.continuerun(2);
    const out: number[] = [];
    for (const s of secs) {
      if (!s.exists()) continue;
      for (const seg of s) {
        out.push(seg.v);
        if (s.has_membrane('hh')) out.push(seg.ena, seg.ek, seg.nai, seg.nao, seg.ki, seg.ko);
      }
    }
    return out;
  }

  it('are the same whether the model is laid out after each write or once at the end', () => {
    const once = build(false);
    const each = build(true);
    expect(once.length).toBeGreaterThan(100);
    expect(once).toEqual(each);
  });
});
