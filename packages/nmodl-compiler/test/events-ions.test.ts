import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventServices, MechanismType } from '@neurite/core/abi';
import { compileMod } from '../src/index.js';
import { ctx, field, makeInstances } from './helpers.js';

const load = (name: string): MechanismType => {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const r = compileMod(text, { filename: name });
  if (!r.plugin) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.plugin;
};

describe('NET_RECEIVE', () => {
  const syn = load('netcon.mod');
  it('declares its weight vector length and handles NetCon events and self-events', () => {
    expect(syn.kind).toBe('point');
    expect(syn.netReceiveArgs).toBe(1);
    const { m, nodes } = makeInstances(syn, 2);
    const sent: [MechanismType, number, number, number][] = [];
    const events: EventServices = {
      send: (type, k, delay, flag) => { sent.push([type, k, delay, flag]); },
      fire: () => {},
      move: () => {},
    };
    const k = syn.createKernels();
    k.init(m, nodes, ctx());
    const weights = new Float64Array([9, 0.5, 9]);
    k.netReceive!(m, 1, weights, 1, 0, nodes, ctx({ t: 2, events }));
    expect(field(syn, m, 'g')[1]).toBe(0.5);
    expect(field(syn, m, 'g')[0]).toBe(0);
    expect(sent).toEqual([[syn, 1, 1, 7]]);
    k.netReceive!(m, 1, weights, 1, 7, nodes, ctx({ t: 3, events }));
    expect(field(syn, m, 'count')[1]).toBe(7);
    expect(field(syn, m, 'g')[1]).toBe(0.5);
  });
  it('decays the conductance with cnexp and injects its current (nA, scaled by 100/area)', () => {
    const { m, nodes } = makeInstances(syn, 1);
    nodes.v[0] = -65;
    nodes.area[0] = 200;
    const k = syn.createKernels();
    k.init(m, nodes, ctx());
    field(syn, m, 'g')[0] = 0.01;
    k.current!(m, nodes, ctx());
    expect(nodes.rhs[0]).toBeCloseTo(-(0.01 * (-65 - 0)) * (100 / 200), 14);
    expect(nodes.d[0]).toBeCloseTo(0.01 * (100 / 200), 9);
    k.advance!(m, nodes, ctx({ dt: 0.025 }));
    expect(field(syn, m, 'g')[0]).toBeCloseTo(0.01 * Math.exp(-0.025 / 0.1), 15);
  });
});

describe('ions: READ ica, WRITE cai with STATE cai', () => {
  const cad = load('cadx.mod');
  it('reads the concentration from the ion, integrates it and writes it back', () => {
    expect(cad.ions).toEqual([{ ion: 'ca', read: ['ica', 'cai'], write: ['cai'] }]);
    expect(cad.fields.find((f) => f.name === 'cai')).toMatchObject({ kind: 'state', range: true });
    const { m, nodes, ions } = makeInstances(cad, 1);
    const ca = ions[0]!;
    ca.ci[0] = 5e-5;
    const k = cad.createKernels();
    k.init(m, nodes, ctx());
    expect(ca.ci[0]).toBe(1e-4); // INITIAL cai = cainf, written back
    ca.i[0] = -0.01; // inward calcium current, mA/cm2
    k.advance!(m, nodes, ctx({ dt: 0.025 }));
    const F = 96485.33212331001;
    const drive = -(10000 * -0.01) / (2 * F * 0.1);
    const a = -1 / 200;
    const b = drive + 1e-4 / 200;
    const expected = 1e-4 + (1 - Math.exp(0.025 * a)) * (-b / a - 1e-4);
    expect(ca.ci[0]).toBe(expected);
    expect(field(cad, m, 'cai')[0]).toBe(expected);
  });
});

describe('NET_RECEIVE INITIAL, CONSTRUCTOR, RANDOM, script-callable methods', () => {
  const syn = load('stdp.mod');
  it('declares randoms and methods', () => {
    expect(syn.randoms).toEqual(['rng']);
    expect(syn.methods).toEqual([{ name: 'scaled', arity: 1 }, { name: 'reseed', arity: 2 }]);
    expect(syn.netReceiveArgs).toBe(3);
  });
  it('runs each hook on the right data', () => {
    const { m: base, nodes } = makeInstances(syn, 2);
    const draws: number[] = [];
    const ids: number[][] = [];
    const stream = (seed: number) => ({
      uniform01: () => { draws.push(seed); return seed / 10; },
      negexp: () => 1, normal: () => 0,
      setIds: (a: number, b?: number, c?: number) => { ids.push([a, b ?? 0, c ?? 0]); },
      setSequence: () => {},
    });
    const m = { ...base, randoms: [[stream(1), stream(2)]] };
    const k = syn.createKernels();
    k.construct!(m, 1);
    expect(field(syn, m, 'made')[1]).toBe(1);
    expect(field(syn, m, 'made')[0]).toBe(0);
    k.init(m, nodes, ctx());
    const weights = new Float64Array([0.5, 7, 7]);
    k.netReceiveInit!(m, 1, weights, 0, nodes, ctx());
    expect([...weights]).toEqual([0.5, -1e9, 0]);
    k.netReceive!(m, 1, weights, 0, 0, nodes, ctx({ t: 3 }));
    expect([...weights]).toEqual([0.5, 3, 1]);
    expect(field(syn, m, 'g')[1]).toBe(0.5);
    expect(field(syn, m, 'nev')[1]).toBe(1);
    expect(field(syn, m, 'u')[1]).toBe(0.2);
    expect(draws).toEqual([2]);
    expect(k.call!('scaled', m, 0, [3], nodes, ctx())).toBe(6);
    expect(k.call!('reseed', m, 1, [4, 5], nodes, ctx())).toBe(0);
    expect(ids).toEqual([[4, 5, 0]]);
  });
});

describe('point-process ion currents', () => {
  it('enter the ion scaled by 1e2/area in nocmodl\'s order of operations', () => {
    const r = compileMod('NEURON { POINT_PROCESS PPca USEION ca READ eca WRITE ica RANGE g }\nPARAMETER { g = 0.001 }\nASSIGNED { v ica eca }\nBREAKPOINT { ica = g*(v - eca) }\n');
    const pp = r.plugin!;
    const { m, nodes, ions } = makeInstances(pp, 1);
    nodes.v[0] = -65; nodes.area[0] = 314.1592653589793; ions[0]!.e[0] = 132.5;
    pp.createKernels().current!(m, nodes, ctx());
    const i0 = 0.001 * (-65 - 132.5);
    const i1 = 0.001 * (-65 + 0.001 - 132.5);
    expect(ions[0]!.i[0]).toBe(i0 * 1e2 / 314.1592653589793);
    expect(ions[0]!.didv[0]).toBe((i1 - i0) / 0.001 * 1e2 / 314.1592653589793);
    expect(nodes.rhs[0]).toBe(-(i0 * (1e2 / 314.1592653589793)));
  });
});

describe('NEURON\'s legacy random generator', () => {
  it('set_seed and exprand give the values NEURON\'s C gives (values from CPython on glibc)', () => {
    const mech = load('legacyrand.mod');
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.call!('seed', m, 0, [7], nodes, ctx());
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) { k.call!('draw', m, 0, [], nodes, ctx()); xs.push(field(mech, m, 'x')[0]!); }
    expect(xs).toEqual([1.0031142092823109, 0.06773663186921583, 8.194634974737527, 0.10534950073698997, 0.6057217463804847]);
  });
});
