// The step loop in WebAssembly (core's solver/stepper.ts) against the same model with the step
// loop in JavaScript (`createH({ wasmSteps: false })`): every recorded value and every spike time
// the same, bit for bit, on models that take each of its paths: threshold detectors and events,
// recordings every step, secondorder 2's ion correction, Nernst potentials of a mechanism that
// writes a concentration, kernels without WebAssembly (called back), several steps per continuerun
// group, fadvance, runs in pieces, and a NaN. Recordings at an interval take their samples as
// NEURON's events (test/record-interval.test.ts): a model with one runs the loop in JavaScript.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABI_VERSION, createH, type H, type MechanismType, type PointProcess, type Reference } from '@neurite/core';
import { compileMod } from '@neurite/nmodl-compiler';
import { defaultCatalogue } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixtureText, refFor } from './support/reference.js';

// Counts the step programs made (instances of a module that exports `run`), to know that the
// WebAssembly step loop did run.
let programs = 0;
const RealInstance = WebAssembly.Instance;
beforeEach(() => {
  programs = 0;
  WebAssembly.Instance = new Proxy(RealInstance, {
    construct(target, args: [WebAssembly.Module, WebAssembly.Imports?]) {
      if (WebAssembly.Module.exports(args[0]).some((e) => e.name === 'run')) programs++;
      return new target(...args);
    },
  });
});
afterEach(() => {
  WebAssembly.Instance = RealInstance;
});

/** Calcium accumulation and a calcium current from the fixtures (a concentration written: Nernst
 * every step), and pas compiled without WebAssembly kernels (called back in JavaScript). */
const cad = compileMod(fixtureText('mod/cad.mod'), { filename: 'cad.mod' }).plugin!;
const cahv = compileMod(fixtureText('mod/cahv.mod'), { filename: 'cahv.mod' }).plugin!;
const pasText = readFileSync(fileURLToPath(new URL('../mod/pas.mod', import.meta.url)), 'utf8');
const pasJs = compileMod(pasText.replace(/SUFFIX pas/, 'SUFFIX pasjs'), { filename: 'pasjs.mod', wasm: false }).plugin!;
const catalogue = defaultCatalogue.extend(cad, cahv, pasJs);

type Model = (h: H) => { vectors: { toArray(): Float64Array }[]; run(): void };

/** Runs a model with the step loop in WebAssembly and in JavaScript; returns both runs' vectors. */
function both(model: Model): { wasm: Float64Array[]; js: Float64Array[]; programs: number } {
  const out = (wasmSteps: boolean): Float64Array[] => {
    const h = createH({ catalogue, wasmSteps });
    const m = model(h);
    m.run();
    return m.vectors.map((v) => v.toArray());
  };
  const js = out(false);
  expect(programs).toBe(0);
  const wasm = out(true);
  return { wasm, js, programs };
}

function expectSame(a: Float64Array[], b: Float64Array[]): void {
  expect(b.length).toBe(a.length);
  a.forEach((x, j) => {
    expect(b[j]!.length).toBe(x.length);
    let differ = 0;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], b[j]![i])) differ++;
    expect(differ).toBe(0);
  });
}

/** A 20 um hh soma with a passive dendrite of 1 um diameter on its end. */
function hhCell(h: H, somaName: string, dendName: string, dendL: number, dendNseg: number) {
  const soma = h.Section({ name: somaName });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  const dend = h.Section({ name: dendName });
  dend.L = dendL;
  dend.diam = 1;
  dend.nseg = dendNseg;
  dend.insert('pas');
  dend.connect(soma(1));
  return { soma, dend };
}

/** Five hh cells in a ring (soma v watched by NetCons into ExpSyns), one NetStim event to start. */
const ring: Model = (h) => {
  const cells = Array.from({ length: 5 }, (_, i) => {
    const { soma, dend } = hhCell(h, `c${i}`, `d${i}`, 200, 5);
    const syn = h.ExpSyn(dend(0.5));
    syn.tau = 2;
    return { soma, syn };
  });
  const vectors = [];
  for (let i = 0; i < 5; i++) {
    const nc = h.NetCon(cells[i]!.soma(0.5)._ref_v, cells[(i + 1) % 5]!.syn, { sec: cells[i]!.soma });
    nc.threshold = 10;
    nc.delay = 1;
    nc.weight[0] = 0.05;
    const spikes = h.Vector();
    nc.record(spikes);
    vectors.push(spikes);
  }
  const stim = h.pointProcess('NetStim') as PointProcess & Record<string, number>;
  stim.number = 1;
  stim.start = 1;
  const kick = h.NetCon(stim, cells[0]!.syn);
  kick.weight[0] = 0.05;
  vectors.push(h.Vector().record(h._ref_t), h.Vector().record(cells[2]!.soma(0.5)._ref_v));
  vectors.push(h.Vector().record(cells[3]!.syn._ref_g));
  return { vectors, run: () => { h.finitialize(-65); h.continuerun(30); } };
};

describe('the step loop in WebAssembly', () => {
  it('gives the ring network the same spike times and traces as the loop in JavaScript', () => {
    const r = both(ring);
    expect(r.programs).toBeGreaterThan(0);
    expectSame(r.js, r.wasm);
    // The ring goes round: every cell spiked.
    for (let i = 0; i < 5; i++) expect(r.wasm[i]!.length).toBeGreaterThan(0);
    // A sample every step, the first at t = 0.
    expect(r.wasm[7]!.length).toBe(1201);
  });

  it('leaves a model with a recording at an interval to the loop in JavaScript', () => {
    const r = both((h) => {
      const m = ring(h);
      m.vectors.push(h.Vector().record(h._ref_t, 0.1));
      return m;
    });
    expect(r.programs).toBe(0);
    expectSame(r.js, r.wasm);
  });

  it('runs one, two and three instances of a kernel the same (its two-instance loop, a function of its own, called from two up)', () => {
    for (const cells of [1, 2, 3]) {
      programs = 0;
      const r = both((h) => {
        const vectors = [];
        for (let i = 0; i < cells; i++) {
          const { soma } = hhCell(h, `s${i}`, `d${i}`, 100, 1);
          const stim = h.IClamp(soma(0.5));
          stim.delay = 1 + i;
          stim.dur = 0.5;
          stim.amp = 0.5;
          vectors.push(h.Vector().record(soma(0.5)._ref_v));
        }
        return { vectors, run: () => { h.finitialize(-65); h.continuerun(20); } };
      });
      expect(r.programs).toBeGreaterThan(0);
      expectSame(r.js, r.wasm);
      expect(Math.max(...r.wasm[cells - 1]!)).toBeGreaterThan(0); // the last cell spiked
    }
  });

  it('agrees with secondorder 2, a concentration that changes, JavaScript kernels, two steps per group, fadvance and runs in pieces', () => {
    const r = both((h) => {
      const soma = h.Section({ name: 'soma' });
      soma.L = 20;
      soma.diam = 20;
      soma.nseg = 3;
      soma.insert('hh');
      soma.insert('cahv');
      soma.insert('cad');
      const dend = h.Section({ name: 'dend' });
      dend.L = 300;
      dend.diam = 1;
      dend.nseg = 11;
      dend.insert('pasjs');
      dend.connect(soma(1));
      const stim = h.IClamp(soma(0.5));
      stim.delay = 1;
      stim.dur = 3;
      stim.amp = 0.3;
      const vectors = [h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v), h.Vector().record(dend(0.9)._ref_v),
        h.Vector().record(refFor('soma(0.5).cai', { soma })), h.Vector().record(soma(0.5)._ref_ina), h.Vector().record(refFor('soma(0.5).eca', { soma }))];
      return {
        vectors,
        run: () => {
          h.secondorder = 2;
          h.dt = 0.0125;
          h.steps_per_ms = 40;
          h.setdt();
          h.finitialize(-65);
          for (let k = 0; k < 7; k++) h.fadvance();
          h.continuerun(5);
          h.continuerun(12.5);
          h.celsius = 16.3;
          h.continuerun(15);
        },
      };
    });
    expect(r.programs).toBeGreaterThan(0);
    expectSame(r.js, r.wasm);
    // Two steps per group (dt = 0.0125 with 40 steps per ms), taken whole as stdrun's loop does:
    // after 7 fadvances, the last group ends one step past 15 ms.
    expect(r.wasm[0]!.at(-1)).toBeCloseTo(15.0125, 9);
    // Calcium flowed in.
    const cai = r.wasm[3]!;
    expect(Math.max(...cai)).toBeGreaterThan(cai[0]!);
  });

  it('agrees with every standard point process and artificial cell in one model', () => {
    const r = both((h) => {
      const cells = [0, 1, 2].map((i) => {
        return hhCell(h, `soma${i}`, `dend${i}`, 150, 7);
      });
      const se = h.SEClamp(cells[1]!.soma(0.5));
      se.dur1 = 2;
      se.amp1 = -65;
      se.dur2 = 3;
      se.amp2 = -20;
      se.dur3 = 5;
      se.amp3 = -70;
      const vc = h.VClamp(cells[2]!.soma(0.5));
      vc.dur[0] = 1;
      vc.amp[0] = -65;
      vc.dur[1] = 2;
      vc.amp[1] = 10;
      vc.dur[2] = 3;
      vc.amp[2] = -65;
      const alpha = h.AlphaSynapse(cells[0]!.dend(0.5));
      alpha.onset = 1;
      alpha.gmax = 0.02;
      const e2 = h.Exp2Syn(cells[0]!.dend(0.9));
      e2.tau1 = 0.5;
      e2.tau2 = 3;
      const ns = h.NetStim();
      ns.start = 2;
      ns.interval = 2;
      ns.number = 5;
      const nc = h.NetCon(ns, e2);
      nc.weight[0] = 0.01;
      const ap = h.APCount(cells[0]!.soma(0.5));
      ap.thresh = -20;
      const apCount = h.Vector().record(ap._ref_n);
      const fires = [h.IntFire1(), h.IntFire2(), h.IntFire4()].map((cell, k) => {
        const input = h.NetCon(cells[0]!.soma(0.5)._ref_v, cell, { sec: cells[0]!.soma });
        input.threshold = 0;
        input.weight[0] = 2;
        input.delay = 0.5 + k;
        const out = h.Vector();
        const watch = h.NetCon(cell, null);
        watch.record(out);
        return out;
      });
      const vectors = [h.Vector().record(h._ref_t), ...cells.map((c) => h.Vector().record(c.soma(0.5)._ref_v)),
        h.Vector().record(cells[0]!.dend(0.9)._ref_v), h.Vector().record(se._ref_i), h.Vector().record(vc._ref_i),
        h.Vector().record(alpha._ref_i), h.Vector().record(e2._ref_g), apCount, ...fires];
      return { vectors, run: () => { h.finitialize(-65); h.continuerun(12); } };
    });
    expect(r.programs).toBeGreaterThan(0);
    expectSame(r.js, r.wasm);
    // The synapses made cell 0 fire, the APCount saw it, and so did the artificial cells.
    expect(r.wasm[8]!.at(-1)).toBeGreaterThan(0);
    expect(r.wasm[9]!.length + r.wasm[10]!.length + r.wasm[11]!.length).toBeGreaterThan(0);
  });

  it('agrees on channels, pumps, kinetic schemes, WATCH and plasticity from the compiler\'s fixtures', () => {
    const fixtures = new URL('../../nmodl-compiler/test/fixtures/', import.meta.url);
    const files = ['kinetic.mod', 'cadx.mod', 'netcon.mod', 'stdp.mod', 'watch.mod', 'survey/ampa_kinetic.mod',
      'survey/cat.mod', 'survey/exp2syn.mod', 'survey/ih.mod', 'survey/kdr.mod', 'survey/nax.mod', 'survey/burster.mod'];
    const plugins = files.map((f) => {
      const r = compileMod(readFileSync(fileURLToPath(new URL(f, fixtures)), 'utf8'), { filename: f });
      if (!r.plugin) throw new Error(`${f}: ${JSON.stringify(r.diagnostics)}`);
      return r.plugin;
    });
    const extended = catalogue.extend(...plugins);
    const run = (wasmSteps: boolean): Float64Array[] => {
      const h = createH({ catalogue: extended, wasmSteps });
      const soma = h.Section({ name: 'soma' });
      soma.L = 20;
      soma.diam = 20;
      soma.nseg = 3;
      for (const m of ['hh', 'kin3', 'cadx', 'catx', 'ihx', 'kdrx', 'nax']) soma.insert(m);
      const dend = h.Section({ name: 'dend' });
      dend.L = 200;
      dend.diam = 1;
      dend.nseg = 9;
      dend.insert('hh');
      dend.insert('ihx');
      dend.connect(soma(1));
      const pp = (name: string, seg: ReturnType<typeof soma>): PointProcess => h.pointProcess(name, seg);
      const syns = ['ExpSynT', 'StdpX', 'AMPAkin', 'Exp2SynX'].map((name, k) => pp(name, dend((k + 0.5) / 4)));
      const watch = pp('WatchT', soma(0.5));
      const burst = h.pointProcess('BurstGen');
      const ns = h.NetStim();
      ns.start = 1;
      ns.interval = 1.5;
      ns.number = 6;
      const keep = syns.map((syn, k) => {
        const nc = h.NetCon(k % 2 === 0 ? ns : burst, syn);
        nc.weight[0] = 0.01;
        nc.delay = 0.5;
        return nc;
      });
      const back = h.NetCon(soma(0.5)._ref_v, syns[1]!, { sec: soma });
      back.threshold = -20;
      back.weight[0] = 0.01;
      keep.push(back);
      const stim = h.IClamp(soma(0.5));
      stim.delay = 2;
      stim.dur = 1;
      stim.amp = 0.4;
      const vectors = [h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v), h.Vector().record(dend(0.7)._ref_v),
        h.Vector().record(refFor('soma(0.5).cai', { soma })), h.Vector().record((watch as unknown as { _ref_n2: Reference })._ref_n2),
        ...syns.map((syn) => h.Vector().record((syn as unknown as { _ref_i: Reference })._ref_i))];
      h.finitialize(-65);
      h.continuerun(15);
      return vectors.map((v) => v.toArray());
    };
    const js = run(false);
    expect(programs).toBe(0);
    const wasm = run(true);
    expect(programs).toBeGreaterThan(0);
    expectSame(js, wasm);
    // Something happened: the soma fired, calcium moved.
    expect(Math.max(...wasm[1]!)).toBeGreaterThan(0);
    expect(wasm[3]![wasm[3]!.length - 1]).not.toBe(wasm[3]![0]);
  });

  it('leaves t, the samples and the spikes as the loop in JavaScript when a kernel or NET_RECEIVE throws, and goes on alike', () => {
    // A density mechanism whose BREAKPOINT throws once past 2 ms, and a point process whose
    // NET_RECEIVE throws once: plain plugins written against the ABI (JavaScript kernels only).
    const ctl = { boomAt: Infinity, boomNR: 0 };
    const boomd: MechanismType = {
      abiVersion: ABI_VERSION, name: 'boomd', kind: 'density', electrodeCurrent: false, fields: [], globals: [], ions: [],
      createKernels: () => ({
        init: () => {},
        current: (_m, _n, ctx) => { if (ctx.t > ctl.boomAt) { ctl.boomAt = Infinity; throw new Error(`BREAKPOINT failed at ${ctx.t}`); } },
      }),
    };
    const boomPP: MechanismType = {
      abiVersion: ABI_VERSION, name: 'BoomPP', kind: 'point', electrodeCurrent: false, globals: [], ions: [], netReceiveArgs: 1,
      fields: [{ name: 'n', kind: 'assigned', unit: '1', default: 0, range: true }],
      createKernels: () => ({
        init: () => {},
        netReceive: (m, k) => { m.fields[0]![k]! += 1; if (ctl.boomNR > 0) { ctl.boomNR--; throw new Error('NET_RECEIVE failed'); } },
      }),
    };
    const withBooms = catalogue.extend(boomd, boomPP);
    const run = (wasmSteps: boolean): (string | number | Float64Array)[] => {
      ctl.boomAt = Infinity;
      ctl.boomNR = 0;
      const h = createH({ catalogue: withBooms, wasmSteps });
      const soma = h.Section({ name: 'soma' });
      soma.L = 20;
      soma.diam = 20;
      soma.insert('hh');
      soma.insert('boomd');
      const stim = h.IClamp(soma(0.5));
      stim.delay = 3;
      stim.dur = 0.5;
      stim.amp = 0.5;
      const boom = h.pointProcess('BoomPP', soma(0.5));
      const syn = h.ExpSyn(soma(0.5));
      const spikes = h.Vector();
      const toBoom = h.NetCon(soma(0.5)._ref_v, boom, 0, 0, 1);
      toBoom.record(spikes);
      const toSyn = h.NetCon(soma(0.5)._ref_v, syn, 0, 1, 0.001);
      const t = h.Vector().record(h._ref_t);
      const v = h.Vector().record(soma(0.5)._ref_v);
      const out: (string | number | Float64Array)[] = [];
      const attempt = (tstop: number): void => {
        try {
          h.continuerun(tstop);
          out.push('ok');
        } catch (e) {
          out.push((e as Error).message);
        }
        out.push(h.t, t.size());
      };
      h.finitialize(-65);
      ctl.boomAt = 2;
      attempt(5); // BREAKPOINT throws past 2 ms
      ctl.boomNR = 1;
      attempt(10); // the spike's NET_RECEIVE throws
      attempt(12); // and on
      out.push(t.toArray(), v.toArray(), spikes.toArray());
      return out.concat([toSyn.weight[0]!]);
    };
    const js = run(false);
    expect(programs).toBe(0);
    const wasm = run(true);
    expect(programs).toBeGreaterThan(0);
    expect(js[0]).toMatch(/^BREAKPOINT failed at 2\.0/);
    expect(js[3]).toBe('NET_RECEIVE failed');
    expect(wasm.length).toBe(js.length);
    js.forEach((x, i) => {
      if (x instanceof Float64Array) expectSame([x], [wasm[i] as Float64Array]);
      else expect(wasm[i]).toBe(x);
    });
    // One spike, recorded once.
    expect((js.at(-2) as Float64Array).length).toBe(1);
  });

  it('reports a NaN at the same place and time', () => {
    const message = (wasmSteps: boolean): string => {
      const h = createH({ catalogue, wasmSteps });
      const soma = h.Section({ name: 'soma' });
      soma.insert('hh');
      const v = h.Vector().record(soma(0.5)._ref_v);
      h.finitialize(-65);
      h.continuerun(1);
      soma(0.5).hh.gnabar = Number.NaN;
      try {
        h.continuerun(2);
      } catch (e) {
        // (With the samples taken up to the step that failed.)
        return `${(e as { code?: string }).code}: ${(e as Error).message} (${v.size()} samples, t = ${h.t})`;
      }
      return 'no error';
    };
    const js = message(false);
    expect(programs).toBe(0);
    expect(js).toMatch(/^NAN_IN_RUN: .*soma\(0\.5\) at t = 1\.0\d* ms.*\(41 samples, t = 1\.0\d*\)$/);
    expect(message(true)).toBe(js);
    expect(programs).toBeGreaterThan(0);
  });
});
