// The step loop: continuerun and fadvance take the same steps, observers and recordings see
// every step, changes made during a run (by an observer) take effect at the next step, and the
// ion bookkeeping (Nernst potentials where concentrations are written, current sums zeroed
// every step) holds.
import { describe, expect, it } from 'vitest';
import { ABI_VERSION, Catalogue, createH, nernst, type H, type MechanismType, type Section } from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';

/** na leak: i = g (v - ena) [mA/cm2], written into ina (and g into dina/dv). */
function naLeak(name: string, g0: number): MechanismType {
  return {
    abiVersion: ABI_VERSION,
    name,
    kind: 'density',
    electrodeCurrent: false,
    fields: [
      { name: 'g', kind: 'parameter', unit: 'S/cm2', default: g0, range: true },
      { name: 'i', kind: 'assigned', unit: 'mA/cm2', default: 0, range: true },
    ],
    globals: [],
    ions: [{ ion: 'na', read: ['ena'], write: ['ina'] }],
    createKernels: () => ({
      init() {},
      current(m, nodes) {
        const [g, i] = m.fields;
        const na = m.ions[0];
        for (let k = 0; k < m.count; k++) {
          const n = m.nodeIndex[k];
          const cur = g[k] * (nodes.v[n] - na.e[n]);
          i[k] = cur;
          nodes.rhs[n] -= cur;
          nodes.d[n] += g[k];
          na.i[n] += cur;
          na.didv[n] += g[k];
        }
      },
    }),
  };
}

/** nai accumulates the na current: d(nai)/dt = -k ina. */
const naAccumulator: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'naacc',
  kind: 'density',
  electrodeCurrent: false,
  fields: [{ name: 'k', kind: 'parameter', unit: '1', default: 50, range: true }],
  globals: [],
  ions: [{ ion: 'na', read: ['ina', 'nai'], write: ['nai'] }],
  createKernels: () => ({
    init() {},
    advance(m, _nodes, ctx) {
      const [kf] = m.fields;
      const na = m.ions[0];
      for (let k = 0; k < m.count; k++) {
        const n = m.nodeIndex[k];
        na.ci[n] -= kf[k] * na.i[n] * ctx.dt;
      }
    },
  }),
};

const catalogue = new Catalogue([testPas, naLeak('nal', 2e-4), naLeak('nal2', 5e-5), naAccumulator, testIClamp]).freeze();

type Stim = Record<string, number>;

/** A soma with two dendrites, pas everywhere, a current pulse; records v at three places. */
function model(h: H) {
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  const dends = [0, 1].map((j) => {
    const d = h.Section({ name: `dend${j}` });
    d.L = 150;
    d.diam = 1 + j;
    d.nseg = 5;
    d.connect(soma(1));
    return d;
  });
  for (const s of [soma, ...dends]) s.insert('pas');
  const stim = h.pointProcess('IClamp', soma(0.5)) as unknown as Stim;
  stim.delay = 0.5;
  stim.dur = 1;
  stim.amp = 0.3;
  const rec = [soma(0.5), dends[0](0.9), dends[1](0.3)].map((seg) => h.Vector().record(seg._ref_v));
  return { soma, dends, rec };
}

const arrays = (vs: { toArray(): Float64Array }[]): number[][] => vs.map((v) => [...v.toArray()]);

describe('the step loop', () => {
  for (const so of [0, 2]) {
    it(`continuerun and a loop of fadvance give the same v to the last bit (secondorder ${so})`, () => {
      const a = createH({ catalogue });
      const b = createH({ catalogue });
      const ma = model(a);
      const mb = model(b);
      a.secondorder = so;
      b.secondorder = so;
      a.finitialize(-65);
      a.continuerun(5);
      b.finitialize(-65);
      while (b.t < 5 - b.dt / 2) b.fadvance();
      expect(a.t).toBe(b.t);
      expect(ma.rec[0].size()).toBe(201);
      expect(arrays(ma.rec)).toEqual(arrays(mb.rec));
    });
  }

  it('observers see finitialize, every step (with recordings already sampled) and the end of each run', () => {
    const h = createH({ catalogue });
    const { rec } = model(h);
    const seen: string[] = [];
    let steps = 0;
    const stop = h.observe({
      onInit: () => seen.push(`init ${rec[0].size()}`),
      onStep: () => {
        steps++;
        expect(rec[0].size()).toBe(steps + 1);
      },
      onFinish: () => seen.push(`finish ${steps}`),
    });
    h.finitialize(-65);
    h.continuerun(1);
    h.fadvance();
    h.continuerun(2);
    stop();
    h.continuerun(3);
    expect(seen).toEqual(['init 1', 'finish 40', 'finish 80']);
    expect(steps).toBe(80);
    expect(rec[0].size()).toBe(121);
  });

  it('steps nstep_steprun at a time, as stdrun', () => {
    const h = createH({ catalogue });
    model(h);
    h.steps_per_ms = 20;
    h.setdt();
    expect(h.simulation.nstep_steprun).toBe(2);
    h.finitialize(-65);
    h.continuerun(0.03);
    expect(h.t).toBeCloseTo(0.05, 12);
    h.simulation.nstep_steprun = 1;
    h.continuerun(0.08);
    expect(h.t).toBeCloseTo(0.075, 12);
  });

  it('a change made by an observer during a run takes effect at the next step', () => {
    // The same change at the same step, once from an observer inside continuerun and once
    // between calls of fadvance: the same traces, in the new discretization after the change.
    const run = (useObserver: boolean) => {
      const h = createH({ catalogue });
      const m = model(h);
      let step = 0;
      const change = () => {
        step++;
        if (step === 30) {
          m.dends[0].nseg = 9;
          m.dends[1].insert('nal');
        }
        if (step === 50) m.rec.push(h.Vector().record(m.dends[0](0.5)._ref_v));
      };
      h.finitialize(-65);
      if (useObserver) {
        h.observe({ onStep: change });
        h.continuerun(3);
      } else {
        while (h.t < 3 - h.dt / 2) {
          h.fadvance();
          change();
        }
      }
      return arrays(m.rec);
    };
    const a = run(true);
    const b = run(false);
    expect(a).toEqual(b);
    expect(a[3].length).toBe(70);
  });

  it('zeroes ion current sums every step and keeps Nernst potentials where concentrations are written', () => {
    const h = createH({ catalogue });
    const { soma, dends } = model(h);
    soma.insert('nal');
    soma.insert('nal2');
    soma.insert('naacc');
    dends[0].insert('nal');
    const s = soma(0.5) as unknown as Record<string, unknown>;
    const d = dends[0](0.5) as unknown as Record<string, unknown>;
    const rec = (x: unknown) => h.Vector().record(x as never);
    const ina = rec(s._ref_ina);
    const nai = rec(s._ref_nai);
    const ena = rec(s._ref_ena);
    const i1 = rec((soma(0.5) as unknown as { mech(n: string): { ref(v: string): unknown } }).mech('nal').ref('i'));
    const i2 = rec((soma(0.5) as unknown as { mech(n: string): { ref(v: string): unknown } }).mech('nal2').ref('i'));
    const dina = rec(d._ref_ina);
    const di = rec((dends[0](0.5) as unknown as { mech(n: string): { ref(v: string): unknown } }).mech('nal').ref('i'));
    const dena = rec(d._ref_ena);
    h.finitialize(-65);
    h.continuerun(3);
    const n = ina.size();
    expect(n).toBe(121);
    for (let k = 0; k < n; k++) {
      expect(ina[k]).toBe(i1[k] + i2[k]);
      expect(dina[k]).toBe(di[k]);
      expect(dena[k]).toBe(50);
      // e is refreshed at the start of each step, from the concentration the last step left.
      expect(ena[k]).toBe(nernst(nai[k === 0 ? 0 : k - 1], 140, 1, h.celsius));
    }
    expect(nai[n - 1]).not.toBe(10);
    // finitialize resets the written concentration and the potential that follows it.
    h.finitialize(-65);
    expect(nai[0]).toBe(10);
    expect(ena[0]).toBe(nernst(10, 140, 1, h.celsius));
  });

  it('secondorder 2 corrects ion currents by di/dv * dv', () => {
    const h = createH({ catalogue });
    const { soma } = model(h);
    soma.insert('nal');
    h.secondorder = 2;
    const seg = soma(0.5) as unknown as Record<string, unknown> & { mech(n: string): { ref(v: string): unknown } };
    const ina = h.Vector().record(seg._ref_ina as never);
    const i = h.Vector().record(seg.mech('nal').ref('i') as never);
    const v = h.Vector().record(soma(0.5)._ref_v);
    h.finitialize(-65);
    h.continuerun(2);
    for (let k = 1; k < ina.size(); k++) {
      // v moved by 2 dv; the current follows by g * dv.
      expect(ina[k]).toBeCloseTo(i[k] + 2e-4 * ((v[k] - v[k - 1]) / 2), 14);
    }
    expect(Math.max(...[...ina].map((x, k) => Math.abs(x - i[k])))).toBeGreaterThan(0);
  });
});

// (Section is used in the types of the model's sections.)
export type { Section };
