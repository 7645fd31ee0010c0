// `diam` in a .mod file: the diameter [um] of the instance's segment, from core's NodeData.diam.
import { describe, expect, it } from 'vitest';
import { Catalogue, createH } from '@neurite/core';
import { compileMod } from '../src/index.js';
import { ctx, field, makeInstances } from './helpers.js';

const MOD = 'NEURON { SUFFIX dm RANGE x, y }\nASSIGNED { diam (um) x y }\nINITIAL { y = 2 * diam }\nBREAKPOINT { x = diam }\n';

describe('diam', () => {
  it('compiles without a diagnostic', () => {
    expect(compileMod(MOD, { filename: 'dm.mod' }).diagnostics).toEqual([]);
  });

  it.each([true, false])('reads the diameter of each segment in a simulation (wasm: %s), also after it changes', (wasm) => {
    const r = compileMod(MOD, { filename: 'dm.mod' });
    const h = createH({ catalogue: new Catalogue([r.plugin!]), wasm });
    const s = h.Section('s');
    s.nseg = 3;
    s.insert('dm');
    s.diam = 7;
    s(0.5).diam = 4;
    h.finitialize(-65);
    h.fadvance();
    const xs = [1 / 6, 0.5, 5 / 6];
    expect(xs.map((x) => s(x).diam)).toEqual([7, 4, 7]);
    expect(xs.map((x) => s(x).mech('dm').x)).toEqual(xs.map((x) => s(x).diam));
    expect(xs.map((x) => s(x).mech('dm').y)).toEqual(xs.map((x) => 2 * s(x).diam));
    s.diam = 9;
    h.fadvance();
    expect(xs.map((x) => s(x).mech('dm').x)).toEqual([9, 9, 9]);
  });

  it('stops with an error naming NodeData.diam where core gives the kernels no diameters', () => {
    const mech = compileMod(MOD).plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    expect(() => mech.createKernels().init(m, nodes, ctx())).toThrow(/NodeData.diam/);
    mech.createKernels().init(m, { ...nodes, diam: new Float64Array([3]) }, ctx());
    expect(field(mech, m, 'y')[0]).toBe(6);
  });
});
