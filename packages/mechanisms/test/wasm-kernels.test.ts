// The whole simulation with the mechanisms' WebAssembly kernels against the same model with
// JavaScript everywhere (`createH({ wasm: false })`): every recorded value the same, bit for bit.
import { describe, expect, it } from 'vitest';
import { createH, type H } from '@neurite/core';
import { compileMod } from '@neurite/nmodl-compiler';
import { defaultCatalogue } from '../src/index.js';
import { fixtureText, refFor } from './support/reference.js';

// Counts the WebAssembly instances made, to know that the kernels' WebAssembly did run.
let instances = 0;
const RealInstance = WebAssembly.Instance;

/** Channels of the fixtures compiled at run time: a calcium current and calcium accumulation
 * (an ion read and written by two mechanisms), an A-type potassium current. */
const extra = ['cahv.mod', 'cad.mod', 'ka.mod'].map((file) => {
  const r = compileMod(fixtureText(`mod/${file}`), { filename: file });
  if (!r.plugin) throw new Error(`${file} did not compile`);
  return r.plugin;
});

/** A branched hh cable with pas dendrites, calcium and A-type channels in one dendrite, an IClamp
 * and ten ExpSyns driven by NetStims; returns every recorded trace. */
function run(wasm: boolean): Float64Array[] {
  const h: H = createH({ wasm, catalogue: defaultCatalogue.extend(...extra) });
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  soma.nseg = 3;
  soma.insert('hh');
  const dends = [0, 1].map((i) => {
    const d = h.Section({ name: `dend${i}` });
    d.L = 300;
    d.diam = 1;
    d.nseg = 21;
    d.insert('hh');
    for (const seg of d) seg.hh.gnabar = 0.06;
    d.insert('pas');
    d.connect(soma(1));
    return d;
  });
  for (const p of extra) dends[0]!.insert(p.name);
  const stim = h.IClamp(soma(0.5));
  stim.delay = 1;
  stim.dur = 0.5;
  stim.amp = 1;
  const keep: unknown[] = [];
  for (let k = 0; k < 10; k++) {
    const syn = h.ExpSyn(dends[k % 2]!((k + 0.5) / 10));
    syn.tau = 1 + k / 10;
    const ns = h.NetStim();
    ns.start = 2 + k;
    ns.interval = 3;
    ns.number = 4;
    ns.noise = 0;
    const nc = h.NetCon(ns, syn);
    nc.weight[0] = 0.002;
    keep.push(syn, ns, nc);
  }
  const refs = [soma(0.5), dends[0]!(0.3), dends[1]!(0.9)].map((seg) => h.Vector().record(seg._ref_v));
  refs.push(h.Vector().record(refFor('dend0(0.5).cai', { dend0: dends[0]! })));
  const t = h.Vector().record(h._ref_t);
  h.finitialize(-65);
  h.continuerun(30);
  return [t, ...refs].map((v) => v.toArray());
}

describe('WebAssembly kernels in a simulation', () => {
  it('give the same traces as JavaScript kernels, bit for bit, and did run', () => {
    const a = run(false);
    instances = 0;
    WebAssembly.Instance = new Proxy(RealInstance, {
      construct(target, args: [WebAssembly.Module, WebAssembly.Imports?]) {
        instances++;
        return new target(...args);
      },
    });
    let b: Float64Array[];
    try {
      b = run(true);
    } finally {
      WebAssembly.Instance = RealInstance;
    }
    // (hh, pas, ExpSyn and the three channels have 8 instances or more: their kernels are
    // WebAssembly.)
    expect(instances).toBeGreaterThanOrEqual(6);
    expect(b.length).toBe(a.length);
    let differ = 0;
    let spikes = 0;
    a.forEach((arr, j) => {
      expect(b[j]!.length).toBe(arr.length);
      for (let i = 0; i < arr.length; i++) if (!Object.is(arr[i], b[j]![i])) differ++;
      if (j > 0 && j < a.length - 1) for (let i = 1; i < arr.length; i++) if (arr[i - 1]! < 0 && arr[i]! >= 0) spikes++;
    });
    expect(differ).toBe(0);
    // The model does something: action potentials in the recorded traces.
    expect(spikes).toBeGreaterThan(2);
  });
});
