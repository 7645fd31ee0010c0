// NetStim (our .mod, with its Random123 stream) driving synapses and integrate-and-fire cells,
// against NEURON 8.2.2: event times, NetCon delays and weight changes, noisy trains.
import { describe, expect, it } from 'vitest';
import { createH, type H, type PointProcess } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, refFor, thresholdTimes, type ReferenceCase } from './support/reference.js';

type PP = PointProcess & Record<string, number> & { noiseFromRandom123(id1: number, id2: number, id3: number): number; noiseFromRandom(r?: unknown): number };
const pp = (h: H, name: string, seg?: Parameters<H['pointProcess']>[1]): PP => h.pointProcess(name, seg) as PP;

function checkTraces(ref: ReferenceCase, t: { toArray(): Float64Array }, vecs: Record<string, { toArray(): Float64Array }>): void {
  expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
  for (const [k, vec] of Object.entries(vecs)) {
    const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
    expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
  }
}

function hhSoma(h: H) {
  const soma = h.Section({ name: 'soma' });
  soma.L = 20; soma.diam = 20;
  soma.insert('hh');
  return soma;
}

function pasSoma(h: H) {
  const soma = h.Section({ name: 'soma' });
  soma.L = 20; soma.diam = 20;
  soma.insert('pas');
  soma(0.5).pas.g = 1e-4;
  soma(0.5).pas.e = -65;
  return soma;
}

describe('NetStim and event-driven models against NEURON 8.2.2', () => {
  it('synapses: NetStim -> ExpSyn and Exp2Syn on a dendrite, an AlphaSynapse, hh soma', () => {
    const ref = loadReference('synapses');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h);
    const dend = h.Section({ name: 'dend' });
    dend.L = 200; dend.diam = 1; dend.nseg = 21;
    dend.insert('pas');
    for (const seg of dend) { seg.pas.g = 1e-4; seg.pas.e = -65; }
    dend.connect(soma(1));
    for (const s of [soma, dend]) { s.Ra = 100; s.cm = 1; }
    const expsyn = pp(h, 'ExpSyn', dend(0.9));
    Object.assign(expsyn, { tau: 2, e: 0 });
    const exp2syn = pp(h, 'Exp2Syn', dend(0.5));
    Object.assign(exp2syn, { tau1: 0.5, tau2: 5, e: -80 });
    const alpha = pp(h, 'AlphaSynapse', dend(0.2));
    Object.assign(alpha, { onset: 50, tau: 1, gmax: 0.005, e: 0 });
    const stim = pp(h, 'NetStim');
    Object.assign(stim, { interval: 10, number: 5, start: 5, noise: 0 });
    const ncExp = h.NetCon(stim, expsyn);
    ncExp.weight[0] = 0.01; ncExp.delay = 1;
    const ncExp2 = h.NetCon(stim, exp2syn);
    ncExp2.weight[0] = 0.005; ncExp2.delay = 1;
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((k) => [k, h.Vector().record(refFor(k, { soma, dend }, { expsyn, exp2syn, alpha }))]));
    const stimTimes = h.Vector();
    h.NetCon(stim, null).record(stimTimes);
    h.finitialize(-65);
    h.continuerun(ref.tstop);
    checkTraces(ref, t, vecs);
    expect(stimTimes.to_python()).toEqual(ref.spikes['netstim (NetCon record)']);
    expect(maxAbsDiff(thresholdTimes(t.toArray(), vecs['soma(0.5).v'].toArray(), 0), ref.spikes['soma(0.5).v NetCon threshold=0'])).toBeLessThan(1e-6);
  });

  it('expsyn_netstim: two NetCons with different delays and weights from one NetStim', () => {
    const ref = loadReference('expsyn_netstim');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = hhSoma(h);
    const syn = pp(h, 'ExpSyn', soma(0.5));
    Object.assign(syn, { tau: 3, e: 0 });
    const stim = pp(h, 'NetStim');
    Object.assign(stim, { interval: 7, number: 4, start: 3, noise: 0 });
    const a = h.NetCon(stim, syn);
    a.weight[0] = 0.004; a.delay = 1;
    const b = h.NetCon(stim, syn);
    b.weight[0] = 0.002; b.delay = 2.5;
    const times = h.Vector();
    h.NetCon(stim, null).record(times);
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((k) => [k, h.Vector().record(refFor(k, { soma }, { expsyn: syn }))]));
    h.finitialize(-65);
    h.continuerun(40);
    checkTraces(ref, t, vecs);
    expect(times.to_python()).toEqual(ref.spikes.netstim);
  });

  it('netcon_changes: delay read when an event is sent, weight when it is delivered', () => {
    const ref = loadReference('netcon_changes');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = pasSoma(h);
    const syn = pp(h, 'ExpSyn', soma(0.5));
    Object.assign(syn, { tau: 2, e: 0 });
    const stim = pp(h, 'NetStim');
    Object.assign(stim, { interval: 8, number: 5, start: 2, noise: 0 });
    const nc = h.NetCon(stim, syn);
    nc.weight[0] = 0.01; nc.delay = 4;
    const times = h.Vector();
    nc.record(times);
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((k) => [k, h.Vector().record(refFor(k, { soma }, { expsyn: syn }))]));
    h.finitialize(-65);
    h.continuerun(20);
    nc.weight[0] = 0.03;
    nc.delay = 1;
    h.continuerun(40);
    checkTraces(ref, t, vecs);
    expect(times.to_python()).toEqual(ref.spikes.netstim);
  });

  it('netcon_same_node: NetCons watching v at one node share one detector (threshold, record), as NEURON\'s PreSyn', () => {
    const ref = loadReference('netcon_same_node') as ReferenceCase & { thresholds: number[] };
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = 20; soma.diam = 20;
    const dend = h.Section({ name: 'dend' });
    dend.L = 200; dend.diam = 1; dend.nseg = 5;
    dend.connect(soma(1));
    for (const s of [soma, dend]) s.insert('hh');
    const stim = pp(h, 'IClamp', soma(0.5));
    Object.assign(stim, { delay: 1, dur: 18, amp: 0.3 });
    const syns = Array.from({ length: 5 }, () => pp(h, 'ExpSyn', dend(0.9)));
    const made = [[soma(0.3), 10, 0.01, 1], [soma(0.6), -20, 0.02, 2], [soma(1), 30, 0.03, 3], [dend(0), 0, 0.01, 1.5], [dend(0.5), -20, 0.01, 1]] as const;
    const ncs = made.map(([src, th, w, d], k) => {
      const nc = h.NetCon(src._ref_v, syns[k]!, { sec: src.sec });
      nc.threshold = th; nc.weight[0] = w; nc.delay = d;
      return nc;
    });
    const records = ncs.map((nc) => { const v = h.Vector(); nc.record(v); return v; });
    const t = h.Vector().record(h._ref_t);
    const vecs: Record<string, { toArray(): Float64Array }> = Object.fromEntries(syns.map((syn, k) => [`ExpSyn[${k}].i`, h.Vector().record(syn._ref_i as never)]));
    vecs['dend(0.9).v'] = h.Vector().record(dend(0.9)._ref_v);
    h.finitialize(-65);
    h.continuerun(20);
    expect(ncs.map((nc) => nc.threshold)).toEqual(ref.thresholds);
    checkTraces(ref, t, vecs);
    // (The NetCons in the order made: a, b, c, e, d.)
    ['a', 'b', 'c', 'e', 'd'].forEach((name, k) => expect(records[k]!.to_python(), name).toEqual(ref.spikes[name]));
  });

  it('event_boundaries: a step ends by delivering the events due by its t; a point-process source has one spike record', () => {
    const ref = loadReference('event_boundaries') as ReferenceCase & { g_at_pause: number };
    for (const wasm of [true, false]) {
      const h = createH({ catalogue: defaultCatalogue, wasmSteps: wasm });
      const soma = pasSoma(h);
      soma(0.5).pas.e = -70; // (NEURON's default, as the reference has it)
      const syn = pp(h, 'ExpSyn', soma(0.5));
      syn.tau = 3;
      const ns = pp(h, 'NetStim');
      Object.assign(ns, { start: 2, interval: 2, number: 6, noise: 0 });
      const nc = h.NetCon(ns, syn);
      nc.weight[0] = 0.002; nc.delay = 1.99375;
      const cell = pp(h, 'IntFire1');
      cell.tau = 5;
      const drive = h.NetCon(ns, cell);
      drive.weight[0] = 0.6; drive.delay = 0.5;
      const a = h.Vector();
      const b = h.Vector();
      h.NetCon(cell, null).record(a);
      h.NetCon(cell, null).record(b);
      const t = h.Vector().record(h._ref_t);
      const vecs = { 'soma(0.5).v': h.Vector().record(soma(0.5)._ref_v), 'ExpSyn[0].g': h.Vector().record(syn._ref_g as never) };
      h.finitialize(-65);
      h.continuerun(10);
      expect(syn.g, `wasmSteps ${wasm}`).toBe(ref.g_at_pause);
      nc.weight[0] = 0.006;
      h.continuerun(20);
      checkTraces(ref, t, vecs);
      expect(a.to_python()).toEqual(ref.spikes.a);
      expect(b.to_python()).toEqual(ref.spikes.b);
    }
  });

  it('event_ties: events at one time in NEURON\'s queue order (a NetCon\'s event and a recording\'s sample)', () => {
    const ref = loadReference('event_ties') as ReferenceCase & { cases: { dt: number; start: number; delay: number; g: number[] }[] };
    expect(ref.cases.length).toBe(21);
    // (NEURON's order differs from the order of queueing in some of them: both kinds occur.)
    expect(new Set(ref.cases.map((c) => c.g[Math.round((c.start + c.delay) / 0.25)]))).toEqual(new Set([0, 0.01]));
    for (const c of ref.cases) {
      const h = createH({ catalogue: defaultCatalogue });
      const soma = h.Section({ name: 'soma' });
      soma.insert('pas');
      const syn = pp(h, 'ExpSyn', soma(0.5));
      const ns = pp(h, 'NetStim');
      Object.assign(ns, { start: c.start, interval: 2.5, number: 3, noise: 0 });
      const nc = h.NetCon(ns, syn);
      nc.weight[0] = 0.01; nc.delay = c.delay;
      const g = h.Vector().record(syn._ref_g as never, 0.25);
      h.dt = c.dt;
      h.finitialize(-65);
      h.continuerun(4);
      expect(g.to_python(), JSON.stringify({ dt: c.dt, start: c.start, delay: c.delay })).toEqual(c.g);
    }
  });

  it('intfire: IntFire1, IntFire2 and IntFire4 driven by NetStims give NEURON\'s spike times', () => {
    const ref = loadReference('intfire');
    const h = createH({ catalogue: defaultCatalogue });
    h.Section({ name: 'anchor' });
    const if1 = pp(h, 'IntFire1'); Object.assign(if1, { tau: 8, refrac: 3 });
    const if2 = pp(h, 'IntFire2'); Object.assign(if2, { taus: 15, taum: 6 });
    const if2b = pp(h, 'IntFire2'); if2b.ib = 1.3;
    const if4 = pp(h, 'IntFire4'); Object.assign(if4, { taue: 3, taui1: 6, taui2: 12, taum: 20 });
    const exc = pp(h, 'NetStim'); Object.assign(exc, { interval: 2, number: 40, start: 1, noise: 0 });
    const inh = pp(h, 'NetStim'); Object.assign(inh, { interval: 7, number: 10, start: 10, noise: 0 });
    for (const [src, tgt, w, d] of [[exc, if1, 0.45, 1], [inh, if1, -0.3, 1.5], [exc, if2, 0.3, 1], [inh, if2, -0.4, 1],
      [exc, if2b, 0.2, 0.5], [inh, if2b, -0.5, 0.5], [exc, if4, 0.5, 1], [inh, if4, -0.8, 2]] as const) {
      const nc = h.NetCon(src, tgt);
      nc.weight[0] = w; nc.delay = d;
    }
    const cells: Record<string, PP> = { if1, if2, if2b, if4, 'netstim exc': exc, 'netstim inh': inh };
    const spikes = Object.fromEntries(Object.entries(cells).map(([k, c]) => {
      const v = h.Vector();
      h.NetCon(c, null).record(v);
      return [k, v];
    }));
    h.dt = 0.1;
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((k) => [k, h.Vector().record(refFor(k, {}, { if1, if2, if2b, if4 }))]));
    h.finitialize(-65);
    h.continuerun(100);
    checkTraces(ref, t, vecs);
    for (const [k, v] of Object.entries(spikes)) {
      expect(v.size(), k).toBe(ref.spikes[k].length);
      expect(maxAbsDiff(v.toArray(), ref.spikes[k]), k).toBeLessThanOrEqual(1e-6);
    }
  });

  it('netstim_noise: noisy trains from Random123 streams, the same on a second run', () => {
    const ref = loadReference('netstim_noise');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = pasSoma(h);
    const syn = pp(h, 'ExpSyn', soma(0.5));
    Object.assign(syn, { tau: 2, e: 0 });
    const stim = pp(h, 'NetStim');
    Object.assign(stim, { interval: 10, number: 20, start: 5, noise: 0.5 });
    stim.noiseFromRandom123(1, 2, 3);
    const nc = h.NetCon(stim, syn);
    nc.weight[0] = 0.005; nc.delay = 1;
    const times = h.Vector();
    nc.record(times);
    const stimB = pp(h, 'NetStim');
    Object.assign(stimB, { interval: 5, number: 30, start: 0, noise: 1 });
    stimB.noiseFromRandom123(1, 2, 4);
    const timesB = h.Vector();
    h.NetCon(stimB, null).record(timesB);
    h.dt = 0.1;
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((k) => [k, h.Vector().record(refFor(k, { soma }, { expsyn: syn }))]));
    h.finitialize(-65);
    h.continuerun(250);
    checkTraces(ref, t, vecs);
    // Event times within 1e-6 ms: exact except where the platform's log differs by an ulp.
    expect(maxAbsDiff(times.toArray(), ref.spikes['netstim noise=0.5 ids (1,2,3)'])).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(timesB.toArray(), ref.spikes['netstim_b noise=1 ids (1,2,4)'])).toBeLessThanOrEqual(1e-6);
    h.finitialize(-65);
    h.continuerun(250);
    expect(maxAbsDiff(times.toArray(), ref.spikes['netstim noise=0.5 ids (1,2,3) [second run]'])).toBeLessThanOrEqual(1e-6);
  });

  it('netstim_hocrandom: noise from a Random given by noiseFromRandom(r), not restarted by finitialize', () => {
    const ref = loadReference('netstim_hocrandom');
    const h = createH({ catalogue: defaultCatalogue });
    const records = ([[[1, 2, 3], 10, 30, 5, 0.5], [[1, 2, 4], 5, 50, 0, 1]] as const).map(([ids, interval, number, start, noise]) => {
      const ns = pp(h, 'NetStim');
      Object.assign(ns, { interval, number, start, noise });
      const r = h.Random();
      r.Random123(...ids);
      r.negexp(1);
      ns.noiseFromRandom(r);
      const times = h.Vector();
      h.NetCon(ns, null).record(times);
      return times;
    });
    h.dt = 0.025;
    for (const run of [0, 1]) {
      h.finitialize(-65);
      h.continuerun(200);
      records.forEach((times, k) => {
        const expected = ref.spikes[`ns${k} run ${run}`]!;
        expect(times.size()).toBe(expected.length);
        // Within 1e-6 ms: exact except where the platform's log differs by an ulp.
        expect(maxAbsDiff(times.toArray(), expected)).toBeLessThanOrEqual(1e-6);
      });
    }
  });
});
