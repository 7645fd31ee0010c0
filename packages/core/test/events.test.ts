import { describe, expect, it } from 'vitest';
import { Catalogue, NeuriteError, createH, type PointProcess } from '../src/index.js';
import { testExpSyn, testIClamp, testPas, testTicker } from './support/plugins.js';

const catalogue = new Catalogue([testPas, testIClamp, testExpSyn, testTicker]).freeze();
type PP = PointProcess & Record<string, number>;

function setup() {
  const h = createH({ catalogue });
  const soma = h.Section({ name: 'soma' });
  soma.L = 20; soma.diam = 20;
  soma.insert('pas');
  const syn = h.pointProcess('ExpSyn', soma(0.5)) as PP;
  syn.tau = 2;
  const stim = h.pointProcess('Ticker') as PP;
  stim.start = 1; stim.interval = 2; stim.number = 3;
  return { h, soma, syn, stim };
}

describe('events: NetCon, the queue and NET_RECEIVE', () => {
  it('delivers at the step whose midpoint passes the event time; NET_RECEIVE sees t = event time', () => {
    const { h, syn, stim } = setup();
    const nc = h.NetCon(stim, syn);
    nc.weight[0] = 0.01;
    nc.delay = 0.5;
    const times = h.Vector();
    nc.record(times);
    const g = h.Vector().record((syn as unknown as { _ref_g: never })._ref_g);
    const t = h.Vector().record(h._ref_t);
    h.finitialize(-65);
    h.continuerun(10);
    expect(times.to_python()).toEqual([1, 3, 5]);
    expect(stim.fired).toBe(3);
    expect(stim.last).toBe(5);
    // Event at 1.5 ms: delivered at the start of the step from t[k] when 1.5 <= t[k] + dt/2, so
    // g jumps in the sample after t = 1.475 ms (t[59]); before it, g is 0.
    const tt = t.toArray();
    const k = tt.findIndex((x) => 1.5 <= x + 0.0125);
    expect(g[k]).toBe(0);
    // delivered (g = 0.01), then decayed over the step: g = 0.01 exp(-dt/tau)
    expect(g[k + 1]).toBeCloseTo(0.01 * Math.exp(-0.025 / 2), 15);
  });

  it('a NetCon watching v reports t + 1e-10 of the first sample above threshold and delivers after its delay', () => {
    const { h, soma, syn } = setup();
    const clamp = h.pointProcess('IClamp', soma(0.5)) as PP;
    clamp.delay = 1; clamp.dur = 1; clamp.amp = 0.5;
    const watch = h.NetCon(soma(0.5)._ref_v, syn, -60, 2, 0.001, { sec: soma });
    expect([watch.threshold, watch.delay, watch.weight[0]]).toEqual([-60, 2, 0.001]);
    const spikes = h.Vector();
    watch.record(spikes);
    const v = h.Vector().record(soma(0.5)._ref_v);
    const t = h.Vector().record(h._ref_t);
    h.finitialize(-65);
    h.continuerun(6);
    const vv = v.toArray();
    const k = vv.findIndex((x) => x > -60);
    expect(spikes.to_python()).toEqual([t[k] + 1e-10]);
  });

  it('sections of the same name have their own detectors; NetCons on one variable share one', () => {
    // Two cells whose sections are both called 'soma' (as a cell class makes them); only the
    // second is driven past threshold.
    const run = (names: [string, string]) => {
      const h = createH({ catalogue });
      const [a, b] = names.map((name) => {
        const s = h.Section({ name });
        s.L = 20; s.diam = 20;
        s.insert('pas');
        return s;
      });
      const clamp = h.pointProcess('IClamp', b(0.5)) as PP;
      clamp.delay = 1; clamp.dur = 1; clamp.amp = 0.5;
      const spikes = [a, b].map((s) => {
        const nc = h.NetCon(s(0.5)._ref_v, null, { sec: s });
        nc.threshold = -60;
        const vec = h.Vector();
        nc.record(vec);
        return vec;
      });
      // A second NetCon on b's v (a new reference to it) shares b's detector and threshold.
      const again = h.NetCon(b(0.5)._ref_v, null, { sec: b });
      h.finitialize(-65);
      h.continuerun(6);
      return { a: spikes[0].to_python(), b: spikes[1].to_python(), threshold: again.threshold };
    };
    const same = run(['soma', 'soma']);
    const apart = run(['soma_a', 'soma_b']);
    expect(apart.b.length).toBe(1);
    expect(same).toEqual(apart);
    expect(same).toEqual({ a: [], b: apart.b, threshold: -60 });
  });

  it('record(tvec, idvec, id) collects a raster; preseg, postseg, precell, postcell, srcgid', () => {
    const { h, soma, syn, stim } = setup();
    const cell = { toString: () => 'Cell[0]' };
    const axon = h.Section({ name: 'axon', cell });
    axon.L = 10; axon.diam = 1;
    axon.insert('pas');
    axon.connect(soma(1));
    const clamp = h.pointProcess('IClamp', soma(0.5)) as PP;
    clamp.delay = 1; clamp.dur = 1; clamp.amp = 0.5;
    const times = h.Vector(), ids = h.Vector();
    const fromV = h.NetCon(axon(0.5)._ref_v, syn, -60, 1, 0, { sec: axon });
    const fromStim = h.NetCon(stim, null);
    fromV.record(times, ids, 7);
    fromStim.record(times, ids, 3);
    h.finitialize(-65);
    h.continuerun(6);
    // The ticker fires at 1, 3 and 5 ms; the axon crosses -60 mV once, after the clamp starts.
    expect(ids.to_python().filter((id) => id === 3).length).toBe(3);
    expect(ids.to_python().filter((id) => id === 7).length).toBe(1);
    expect(times.size()).toBe(4);
    expect([...times].slice(1).every((t, i) => t >= times[i])).toBe(true);
    expect(() => fromV.record(times, ids)).toThrow(/the id to record with each spike must be a number/);

    expect(String(fromV.preseg())).toBe('Cell[0].axon(0.5)');
    expect(String(fromV.postseg())).toBe('soma(0.5)');
    expect(fromV.precell()).toBe(cell);
    expect(fromV.postcell()).toBe(null);
    expect(fromStim.preseg()).toBe(null);
    expect(fromStim.precell()).toBe(stim);
    expect(fromStim.postseg()).toBe(null);
    expect([fromV.srcgid(), fromStim.srcgid()]).toEqual([-1, -1]);
  });

  it('NetCon defaults, active(), remove(), and a null target for recording only', () => {
    const { h, soma, syn, stim } = setup();
    const nc = h.NetCon(stim, syn);
    expect([nc.threshold, nc.delay, nc.weight[0]]).toEqual([10, 1, 0]);
    expect(nc.hname()).toBe('NetCon[0]');
    expect(nc.valid()).toBe(true);
    nc.active(false);
    nc.weight[0] = 1;
    const g = h.Vector().record((syn as unknown as { _ref_g: never })._ref_g);
    h.finitialize(-65);
    h.continuerun(10);
    expect(g.max()).toBe(0);
    const rec = h.NetCon(soma(0.5)._ref_v, null);
    expect(rec.valid()).toBe(false);
    nc.remove();
  });

  it('nc.event(t) delivers at t without delay', () => {
    const { h, syn, stim } = setup();
    stim.number = 0;
    const nc = h.NetCon(null, syn);
    nc.weight[0] = 0.02;
    const g = h.Vector().record((syn as unknown as { _ref_g: never })._ref_g);
    h.finitialize(-65);
    nc.event(0.1);
    h.continuerun(1);
    expect(g[4]).toBe(0);
    expect(g[5]).toBeGreaterThan(0.019);
  });

  it('bad input: a target without NET_RECEIVE, a negative delay, an event in the past', () => {
    const { h, soma, syn, stim } = setup();
    const clamp = h.pointProcess('IClamp', soma(0.5));
    expect(() => h.NetCon(stim, clamp)).toThrowError(/IClamp has no NET_RECEIVE block/);
    const nc = h.NetCon(stim, syn);
    try {
      nc.delay = -1;
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NeuriteError);
      expect((e as NeuriteError).code).toBe('INVALID_VALUE');
      expect((e as Error).message).toMatch(/NetCon\[0\]\.delay must be .* >= 0/);
    }
    expect(nc.delay).toBe(1);
    h.finitialize(-65);
    h.continuerun(2);
    expect(() => nc.event(1)).toThrowError(/in the past/);
    h.continuerun(4); // the simulation goes on
    expect(h.t).toBeGreaterThan(3.9);
  });
});
