import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createH, type Reference, type Section } from 'neurite';
import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../src/model-types.js';
import { FIXTURES, cli, maxDiff, readCsv, tmp } from './helpers.js';

const MODEL = join(FIXTURES, 'netcon.model.json');

/** The same two-cell network written against the neurite API. */
function apiTraces(weight: number): { pre: number[]; post: number[]; g: number[] } {
  const h = createH();
  const cells = ['pre_soma', 'post_soma'].map((name) => {
    const s = h.Section({ name });
    s.L = 20;
    s.diam = 20;
    s.insert('hh');
    return s;
  });
  const [pre, post] = cells as [Section, Section];
  const stim = h.pointProcess('IClamp', pre(0.5)) as unknown as Record<string, number>;
  stim.delay = 2;
  stim.dur = 0.1;
  stim.amp = 0.9;
  const syn = h.pointProcess('ExpSyn', post(0.5));
  (syn as unknown as Record<string, number>).tau = 2;
  (syn as unknown as Record<string, number>).e = 0;
  const nc = h.NetCon(pre(0.5)._ref_v, syn);
  nc.threshold = 0;
  nc.delay = 5;
  nc.weight[0] = weight;
  const vPre = h.Vector().record(pre(0.5)._ref_v);
  const vPost = h.Vector().record(post(0.5)._ref_v);
  const g = h.Vector().record((syn as unknown as Record<string, Reference>)._ref_g!);
  h.finitialize(-65);
  h.continuerun(30);
  return { pre: vPre.to_python(), post: vPost.to_python(), g: g.to_python() };
}

describe.concurrent('netcons in model files', () => {
  it('a NetCon from a watched potential to an ExpSyn gives the same traces as the API', async () => {
    const dir = tmp();
    const r = await cli(['run', MODEL, '--out', 'nc.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const cols = readCsv(join(dir, 'nc.csv'));
    const api = apiTraces(0.01);
    expect(maxDiff(cols.pre!, api.pre)).toBe(0);
    expect(maxDiff(cols.post!, api.post)).toBe(0);
    expect(maxDiff(cols.g!, api.g)).toBe(0);
    // The postsynaptic cell fires, after the presynaptic spike and the 5 ms delay.
    expect(Math.max(...cols.post!)).toBeGreaterThan(0);
    const firstPost = cols.t![cols.post!.findIndex((v) => v > 0)]!;
    const firstPre = cols.t![cols.pre!.findIndex((v) => v > 0)]!;
    expect(firstPost - firstPre).toBeGreaterThan(5);
  });

  it('--set changes a NetCon\'s weight and delay', async () => {
    const dir = tmp();
    const r = await cli(['run', MODEL, '--set', 'nc.weight=0.0005', '--out', 'weak.csv', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const cols = readCsv(join(dir, 'weak.csv'));
    expect(maxDiff(cols.post!, apiTraces(0.0005).post)).toBe(0);
    const bad = await cli(['run', MODEL, '--set', 'nc.wieght=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("a NetCon has no 'wieght' (did you mean 'weight'?)");
  });

  it('reports bad sources and targets with their JSON path', async () => {
    const base = JSON.parse(readFileSync(MODEL, 'utf8')) as ModelDocument;
    const cases: [(d: ModelDocument) => void, string][] = [
      [(d) => { d.netcons!.nc!.target = 'stim'; }, 'at $.netcons.nc.target: IClamp[0] cannot receive events: IClamp has no NET_RECEIVE block'],
      [(d) => { d.netcons!.nc!.target = 'sny'; }, "at $.netcons.nc.target: there is no point process 'sny' (did you mean 'syn'?)"],
      [(d) => { d.netcons!.nc!.source = 'pre_som(0.5)'; }, "at $.netcons.nc.source: 'pre_som(0.5)' is neither a point process nor a section"],
      [(d) => { d.netcons!.nc!.weight = [0.1, 0.2]; }, 'at $.netcons.nc.weight: 2 weights for a weight vector of 1'],
      [(d) => { d.netcons!.nc!.delay = -1; }, 'at $.netcons.nc.delay: must be >= 0, got -1'],
      [(d) => { delete d.pointProcesses!.syn!.at; }, 'at $.pointProcesses.syn: ExpSyn is a point process: it needs a location'],
    ];
    await Promise.all(cases.map(async ([edit, message]) => {
      const doc = structuredClone(base);
      edit(doc);
      const file = join(tmp(), 'm.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const r = await cli(['run', file]);
      expect(r.code, message).toBe(1);
      expect(r.stderr).toContain(message);
    }));
  });
});
