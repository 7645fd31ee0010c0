import { describe, expect, it } from 'vitest';
import { Catalogue, NeuriteError, createH, units } from '../src/index.js';
import { ms, mV } from '../src/units.js';
import { testIClamp, testPas } from './support/plugins.js';

const catalogue = new Catalogue([testPas, testIClamp]).freeze();

function expectCode(fn: () => unknown, code: string, text?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NeuriteError);
    expect((e as NeuriteError).code).toBe(code);
    if (text) expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error(`expected a NeuriteError ${code}`);
}

describe('sections and segments', () => {
  it('have NEURON\'s defaults', () => {
    const h = createH({ catalogue });
    const s = h.Section('s');
    expect([s.L, s.diam, s.Ra, s.cm, s.nseg]).toEqual([100, 500, 35.4, 1, 1]);
    expect([h.celsius, h.dt, h.v_init, h.secondorder, h.tstop]).toEqual([6.3, 0.025, -65, 0, 5]);
    expect(h.load_file('stdrun.hoc')).toBe(1);
    expect(s.name()).toBe('s');
    expect(String(s(0.5))).toBe('s(0.5)');
  });

  it('changing nseg keeps range values of the segment holding each new centre', () => {
    const h = createH({ catalogue });
    const s = h.Section('s');
    s.nseg = 3;
    s.insert('pas');
    [...s].forEach((seg, j) => { seg.mech('pas').g = j + 1; seg.diam = 10 * (j + 1); });
    s.nseg = 9;
    expect([...s].map((seg) => seg.mech('pas').g)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect([...s].map((seg) => seg.diam)).toEqual([10, 10, 10, 20, 20, 20, 30, 30, 30]);
    s.nseg = 1;
    expect(s(0.5).mech('pas').g).toBe(2);
  });

  it('reads and writes range variables both ways, and through references', () => {
    const h = createH({ catalogue });
    const s = h.Section('s');
    s.insert('pas');
    const seg = s(0.5) as ReturnType<typeof s> & { g_pas: number; _ref_e_pas: { get(): number } };
    seg.g_pas = 2e-4;
    expect(seg.mech('pas').g).toBe(2e-4);
    seg.mech('pas').e = -60;
    expect(seg._ref_e_pas.get()).toBe(-60);
    expect(s.has_membrane('pas')).toBe(true);
    s.uninsert('pas');
    expect(s.has_membrane('pas')).toBe(false);
  });

  it('h.Vector records every step or at an interval, and copies arrays', () => {
    const h = createH({ catalogue });
    const s = h.Section('s');
    s.insert('pas');
    const v = h.Vector().record(s(0.5)._ref_v);
    const t = h.Vector().record(h._ref_t);
    const coarse = h.Vector().record(h._ref_t, 1);
    h.finitialize(-65 * mV);
    h.continuerun(5 * ms);
    expect(t.size()).toBe(201);
    expect(v.length).toBe(201);
    expect(t[200]).toBeCloseTo(5, 12);
    expect(Array.from(coarse.toArray(), (x) => Math.round(x * 1000) / 1000)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v.label).toBe('s(0.5).v');
    expect(v.unit).toBe('mV');
    expect([...h.Vector([1, 2, 3])]).toEqual([1, 2, 3]);
    expect(h.Vector(new Float64Array([4, 5]))[1]).toBe(5);
    // pas relaxes v toward e = -70 mV
    expect(v[200]).toBeLessThan(-65);
  });

  it('run() uses tstop, v_init and setdt()', () => {
    const h = createH({ catalogue });
    h.Section('s');
    const t = h.Vector().record(h._ref_t);
    h.tstop = 1;
    h.v_init = -70;
    h.dt = 0.01; // stdrun rounds this to 1/80 ms and takes 2 steps per loop
    h.run();
    expect(h.dt).toBe(0.0125);
    expect(t.size()).toBe(81);
  });

  it('point processes move with loc(x, { sec }) and tell get_loc(); sections their orientation; runs return 0', () => {
    const h = createH({ catalogue });
    const soma = h.Section('soma');
    const dend = h.Section('dend');
    dend.nseg = 5;
    dend.connect(soma(1), 1);
    const stim = h.pointProcess('IClamp', soma(0.5));
    stim.loc(0.33, { sec: dend });
    // (NEURON: the centre of the segment, 0.3, and the section dend)
    expect([stim.get_loc(), String(stim.get_segment()!.sec)]).toEqual([0.3, 'dend']);
    expectCode(() => stim.loc(0.5 as never), 'INVALID_ARGUMENT', /loc\(0\.5, \{ sec: soma \}\)/);
    expect([dend.orientation(), soma.orientation()]).toEqual([1, 0]);
    // A misspelt variable is an error (NEURON: "'amps' is not a defined hoc variable name"), not a new property.
    expect(() => { (stim as unknown as Record<string, number>).amps = 1; }).toThrow(/amps/);
    expect((stim as unknown as Record<string, unknown>).amps).toBeUndefined();
    h.finitialize(-65);
    expect([h.continuerun(0.1), h.run(0.1)]).toEqual([0, 0]);
  });

  it('a point process without a location (h.IClamp(), or its section deleted) takes no part in a run until loc places it', () => {
    const run = (h: ReturnType<typeof createH>, soma: ReturnType<ReturnType<typeof createH>['Section']>) => {
      const v = h.Vector().record(soma(0.5)._ref_v);
      h.finitialize(-65);
      h.continuerun(3);
      return v.toArray();
    };
    const h = createH({ catalogue });
    const soma = h.Section('soma');
    soma.L = soma.diam = 20;
    soma.insert('pas');
    const stim = h.pointProcess('IClamp');
    Object.assign(stim, { delay: 1, dur: 1, amp: 0.1 });
    expect([stim.has_loc(), stim.get_loc(), stim.get_segment()]).toEqual([false, -1, null]);
    const without = run(h, soma);
    expect(Math.max(...without)).toBe(-65);
    stim.loc(soma(0.5));
    const placed = run(h, soma);
    // The same as a clamp placed when made.
    const h2 = createH({ catalogue });
    const soma2 = h2.Section('soma');
    soma2.L = soma2.diam = 20;
    soma2.insert('pas');
    Object.assign(h2.pointProcess('IClamp', soma2(0.5)), { delay: 1, dur: 1, amp: 0.1 });
    expect(Array.from(placed)).toEqual(Array.from(run(h2, soma2)));
    expect(Math.max(...placed)).toBeGreaterThan(-64.5); // (0.1 nA on a passive soma: -64.31 mV at most)
    // A clamp whose section is deleted has no location either: it acts nowhere (it used to act
    // on node 0).
    const h3 = createH({ catalogue });
    const soma3 = h3.Section('soma');
    soma3.L = soma3.diam = 20;
    soma3.insert('pas');
    const d = h3.Section('d');
    const orphan = Object.assign(h3.pointProcess('IClamp', d(0.5)), { delay: 1, dur: 1, amp: 0.1 });
    h3.delete_section({ sec: d });
    expect(orphan.has_loc()).toBe(false);
    expect(Math.max(...run(h3, soma3))).toBe(-65);
  });

  it('stdinit() is setdt() and finitialize(v_init)', () => {
    const h = createH({ catalogue });
    const s = h.Section('s');
    h.v_init = -70;
    h.dt = 0.01;
    h.fadvance();
    expect(h.stdinit()).toBe(0);
    expect([h.t, h.dt, s(0.5).v]).toEqual([0, 0.0125, -70]);
  });

  it('independent simulations do not share state', () => {
    const a = createH({ catalogue });
    const b = createH({ catalogue });
    a.Section('x');
    expect(b.allsec()).toEqual([]);
    a.celsius = 30;
    expect(b.celsius).toBe(6.3);
  });

  it('units are NEURON\'s', () => {
    expect([units.ms, units.s, units.mV, units.V, units.um, units.mm, units.uM]).toEqual([1, 1000, 1, 1000, 1, 1000, 1e-3]);
  });
});

describe('bad input: a typed error that names the culprit and the fix; the model stays usable', () => {
  it('negative or zero geometry', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    expectCode(() => { s.L = -1; }, 'INVALID_VALUE', /soma\.L must be.*> 0 um/);
    expectCode(() => { s.diam = 0; }, 'INVALID_VALUE', /soma\.diam/);
    expectCode(() => { s.Ra = Number.NaN; }, 'INVALID_VALUE', /Ra/);
    expectCode(() => { s.cm = -1; }, 'INVALID_VALUE', /cm/);
    expectCode(() => { s(0.5).diam = -3; }, 'INVALID_VALUE', /soma\(0\.5\)\.diam/);
    // A string that looks like a number is shown as a string, not as the number it looks like.
    expectCode(() => { s.diam = '20' as never; }, 'INVALID_VALUE', /got '20' \(a string\)/);
    expectCode(() => { s.nseg = '3' as never; }, 'INVALID_NSEG', /got '3' \(a string\)/);
    expect(s.L).toBe(100);
    expect(s.diam).toBe(500);
  });

  it('nseg < 1 or not whole', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    expectCode(() => { s.nseg = 0; }, 'INVALID_NSEG', /whole number from 1/);
    expectCode(() => { s.nseg = 2.5; }, 'INVALID_NSEG');
    expect(s.nseg).toBe(1);
  });

  it('x outside [0, 1]', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    expectCode(() => s(1.5), 'LOCATION_OUT_OF_RANGE', /1\.5 is outside soma/);
    expectCode(() => s(-0.1), 'LOCATION_OUT_OF_RANGE');
    expectCode(() => h.Section('d').connect(s, 2), 'LOCATION_OUT_OF_RANGE');
  });

  it('connecting into a loop', () => {
    const h = createH({ catalogue });
    const a = h.Section('a');
    const b = h.Section('b');
    const c = h.Section('c');
    b.connect(a(1));
    c.connect(b(1));
    expectCode(() => a.connect(c(1)), 'TOPOLOGY_LOOP', /loop/);
    expectCode(() => a.connect(a(0.5)), 'TOPOLOGY_LOOP');
    expect(a.parentseg()).toBeNull();
    h.finitialize(-65);
    h.fadvance();
  });

  it('unknown mechanisms and variables of mechanisms not inserted', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    expectCode(() => s.insert('hhh'), 'UNKNOWN_MECHANISM', /unknown mechanism 'hhh'.*Known mechanisms: pas, IClamp/);
    expectCode(() => s(0.5).mech('pas'), 'MECHANISM_NOT_INSERTED', /soma\.insert\('pas'\)/);
    expectCode(() => (s(0.5) as unknown as { g_pas: number }).g_pas, 'MECHANISM_NOT_INSERTED');
    expectCode(() => s.insert('IClamp'), 'NOT_A_DENSITY_MECHANISM', /h\.IClamp/);
    expectCode(() => { (h as unknown as Record<string, number>).usetable_foo = 0; }, 'UNKNOWN_VARIABLE');
  });

  it('a NaN in a run names the segment and time', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    s.insert('pas');
    s(0.5).mech('pas').g = Number.NaN;
    h.finitialize(-65);
    expectCode(() => h.fadvance(), 'NAN_IN_RUN', /soma\(0\.5\) at t = 0\.025 ms/);
  });

  it('deleted sections refuse changes', () => {
    const h = createH({ catalogue });
    const s = h.Section('soma');
    h.delete_section(s);
    expectCode(() => { s.L = 3; }, 'DELETED_SECTION');
  });
});

describe('more of NEURON\'s API, as its tutorials use it', () => {
  it('hoc constants and math functions on h, with NEURON 8.2.2\'s values and domains', () => {
    const h = createH({ catalogue });
    // (h.PI ... as NEURON 8.2.2 prints them)
    expect([h.PI, h.E, h.GAMMA, h.DEG, h.PHI]).toEqual([3.141592653589793, 2.718281828459045, 0.5772156649015329, 57.29577951308232, 1.618033988749895]);
    expect([h.FARADAY, h.R, h.Avogadro_constant]).toEqual([96485.33212331001, 8.31446261815324, 6.02214076e23]);
    expect([h.cos(h.PI), h.sin(0), h.atan2(0, -1), h.sqrt(4), h.abs(-3), h.int(-2.5), h.log10(100)]).toEqual([-1, 0, Math.PI, 2, 3, -2, 2]);
    expect([h.exp(-800), h.exp(800), h.exp(1)]).toEqual([0, 1.0142320547350045e+304, Math.E]);
    // (NEURON's h.exp is the C library's: here one ulp below V8's Math.exp, 82107.89661354217.)
    expect(h.exp(11.31578947368421)).toBe(82107.89661354215);
    expectCode(() => h.sqrt(-1), 'INVALID_VALUE', /h\.sqrt\(-1\)/);
    expectCode(() => h.log(-1), 'INVALID_VALUE', /h\.log\(-1\)/);
  });

  it('vec.x and as_numpy() share the vector\'s storage; recording something not a reference fails at once', () => {
    const h = createH({ catalogue });
    const v = h.Vector([1, 2, 3]);
    v.x[1] = 5;
    v.as_numpy()[2] = 7;
    expect(v.to_python()).toEqual([1, 5, 7]);
    expect(v.x.length).toBe(3);
    const soma = h.Section('soma');
    const nc = h.NetCon(soma(0.5)._ref_v, null, { sec: soma });
    expectCode(() => h.Vector().record(nc as never), 'INVALID_ARGUMENT', /NetCon\[0\].*nc\.record\(vec\)/);
    const seg = soma(0.5) as unknown as Record<string, never>;
    expectCode(() => h.Vector().record(seg._ref_vv), 'INVALID_ARGUMENT', /got undefined \(a _ref_ name that does not exist/);
  });

  it('a point process at (x, { sec }), and h.distance with the section last', () => {
    const h = createH({ catalogue });
    const soma = h.Section('soma');
    const dend = h.Section('dend');
    dend.L = 100;
    dend.connect(soma(1));
    const stim = h.pointProcess('IClamp', 0.5, { sec: dend });
    expect(String(stim.get_segment())).toBe('dend(0.5)');
    expectCode(() => h.pointProcess('IClamp', 0.5 as never), 'INVALID_ARGUMENT', /IClamp\(0\.5, \{ sec: soma \}\)/);
    expectCode(() => h.pointProcess('IClamp', 'soma' as never), 'INVALID_ARGUMENT', /needs a segment/);
    // (a failed construction makes no point process: the next one is still IClamp[1])
    expect(h.pointProcess('IClamp', soma(0.5)).hname()).toBe('IClamp[1]');
    expect(h.distance({ sec: soma })).toBe(0);
    expect(h.distance(0.5, { sec: dend })).toBe(h.distance(soma(0), dend(0.5)));
    expect(h.distance(1, 1, { sec: dend })).toBe(h.distance(soma(0), dend(1)));
    h.distance(0, 0.5, { sec: dend });
    expect(h.distance(dend(1))).toBe(50);
  });
});
