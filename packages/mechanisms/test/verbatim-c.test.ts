// VERBATIM C code, translated by our compiler, against NEURON 8.2.2 compiling the same test
// mechanisms (fixtures/verbatim_c/model.py): a Vector played by an artificial cell through a
// variable used as a pointer slot, and synapses drawing from a Random given by setRNG
// (NEURON's POINTER-slot idiom) or from scop_random, with C braces around NMODL statements.
import { describe, expect, it } from 'vitest';
import { createH, type MechanismType, type PointProcess } from '@neurite/core';
import { compileMod, formatDiagnostic } from '@neurite/nmodl-compiler';
import { defaultCatalogue } from '../src/index.js';
import { fixtureText, loadReference, maxAbsDiff } from './support/reference.js';

const TOL = 1e-6;

function compileFixture(file: string): MechanismType {
  const text = fixtureText(`mod/${file}`);
  const r = compileMod(text, { filename: file });
  if (!r.plugin) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { filename: file, source: text })).join('\n'));
  return r.plugin;
}

type Syn = PointProcess & { setRNG(r?: unknown): number; releases(): number; half_releases(): number; nrelease: number; _ref_g: never; _ref_i: never };
type Src = PointProcess & { play(v?: unknown): number; idx: number; tnext: number };
type RSyn = PointProcess & { setScales(v?: unknown): number; uniform(): number; _ref_g: never; _ref_lastpick: never };
type Cell = PointProcess & { setStream(...ids: number[]): number; made(): number; peek(): number; mean: number; nfired: number };

describe('VERBATIM C against NEURON 8.2.2', () => {
  const ref = loadReference('verbatim_c') as ReturnType<typeof loadReference> & {
    scalars: { nrelease: number[]; releases: number; half_releases: number; idx: number; tnext: number; nfired: number[]; made: number; rnc_pick: number; uniform: number[] };
  };

  function model() {
    const h = createH({ catalogue: defaultCatalogue.extend(compileFixture('eventtimes.mod'), compileFixture('probsyn.mod'), compileFixture('streamcell.mod'), compileFixture('randsyn.mod')) });
    const soma = h.Section({ name: 'soma' });
    soma.L = 20;
    soma.diam = 20;
    soma.insert('pas');
    (soma(0.5) as unknown as { pas: { g: number; e: number } }).pas.g = 1e-4;
    (soma(0.5) as unknown as { pas: { g: number; e: number } }).pas.e = -65;
    const times = h.Vector(Array.from({ length: 17 }, (_, k) => 1 + 2.5 * k));
    const src = h.pointProcess('EventTimes') as Src;
    src.play(times);
    const syns = [0, 1, 2].map(() => h.pointProcess('ProbSyn', soma(0.5)) as Syn);
    const rng = h.Random();
    rng.Random123(1, 2, 3);
    rng.uniform(0, 1);
    syns[0]!.setRNG(rng);
    const ncs = syns.map((syn, k) => {
      const nc = h.NetCon(src, syn);
      nc.delay = 1;
      nc.weight[0] = [0.002, 0.003, 0][k]!;
      return nc;
    });
    const srcTimes = h.Vector();
    ncs[0]!.record(srcTimes);
    const rsyn = h.pointProcess('RandSyn', soma(0.5)) as RSyn;
    rsyn.setScales(h.Vector([1, 2, 3, 4]));
    const rnc = h.NetCon(src, rsyn);
    rnc.delay = 0.5;
    rnc.weight[0] = 0.001;
    const cells = [0, 1].map(() => h.pointProcess('StreamCell') as Cell);
    cells[0]!.setStream(1, 2, 3);
    cells[1]!.setStream(5, 6);
    cells[1]!.mean = 2.5;
    const cellTimes = cells.map((c) => {
      const v = h.Vector();
      h.NetCon(c, null).record(v);
      return v;
    });
    return { h, soma, src, syns, srcTimes, cells, cellTimes, rsyn, rnc };
  }

  it('traces, event times and counts as NEURON has them', () => {
    const { h, soma, src, syns, srcTimes, cells, cellTimes, rsyn, rnc } = model();
    const t = h.Vector().record(h._ref_t);
    const vecs: Record<string, ReturnType<typeof h.Vector>> = { 'soma(0.5).v': h.Vector().record(soma(0.5)._ref_v) };
    syns.forEach((syn, k) => {
      vecs[`s${k + 1}.g`] = h.Vector().record(syn._ref_g);
      vecs[`s${k + 1}.i`] = h.Vector().record(syn._ref_i);
    });
    vecs['rsyn.g'] = h.Vector().record(rsyn._ref_g);
    vecs['rsyn.lastpick'] = h.Vector().record(rsyn._ref_lastpick);
    expect(Object.keys(vecs).sort()).toEqual(Object.keys(ref.traces).sort());
    h.finitialize(-65);
    h.continuerun(50);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [label, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[label]!);
      expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(TOL);
    }
    expect(Array.from(srcTimes.toArray())).toEqual(ref.spikes['EventTimes']);
    expect(syns.map((s) => s.nrelease)).toEqual(ref.scalars.nrelease);
    expect(syns[0]!.releases()).toBe(ref.scalars.releases);
    expect(syns[0]!.half_releases()).toBe(ref.scalars.half_releases); // C's integer division
    expect(src.idx).toBe(ref.scalars.idx);
    expect(src.tnext).toBe(ref.scalars.tnext);
    // Cells drawing from Random123 streams of their own (nrnran123), restarted by INITIAL.
    const streamTrains = (suffix: string) => cellTimes.forEach((v, k) => {
      const expected = ref.spikes[`StreamCell${k}${suffix}`]!;
      expect(v.size()).toBe(expected.length);
      expect(maxAbsDiff(v.toArray(), expected)).toBeLessThanOrEqual(1e-9);
    });
    streamTrains('');
    expect(cells.map((c) => c.nfired)).toEqual(ref.scalars.nfired);
    expect(cells[0]!.made()).toBe(ref.scalars.made);
    // The C library's rand(): glibc's sequence from srand(7), as in NEURON's process.
    expect(rnc.weight[1]).toBe(ref.scalars.rnc_pick);
    expect([rsyn.uniform(), rsyn.uniform(), rsyn.uniform()]).toEqual(ref.scalars.uniform);
    h.finitialize(-65);
    h.continuerun(50);
    streamTrains(' second run');
    // A FUNCTION whose VERBATIM C is not taken (nrnran123_getseq's out-arguments) compiles, and
    // stops with an error that says why when called.
    expect(() => cells[0]!.peek()).toThrowError(/StreamCell: FUNCTION peek \(line \d+ of streamcell\.mod\) cannot run: its VERBATIM C code is not supported: the address `&seq`/);
  });

  it('a method whose VERBATIM code reads script arguments takes objects, and says which argument is wrong', () => {
    const { h, src, syns } = model();
    expect(() => syns[0]!.setRNG(h.Vector())).toThrowError(/ProbSyn: argument 1 must be a Random \(h\.Random\(\)\)/);
    expect(() => src.play(h.Random())).toThrowError(/EventTimes: argument 1 must be a Vector \(h\.Vector\(\)\)/);
    // Without an argument, setRNG empties the slot: the draws come from scop_random again.
    expect(syns[0]!.setRNG()).toBe(0);
    // A method without VERBATIM argument reading still takes exactly its declared arguments.
    expect(() => (syns[0] as unknown as { releases(x: number): number }).releases(1)).toThrowError(/takes 0 arguments, got 1/);
  });
});
