// FUNCTION_TABLE: the values a script gives (MechanismType.setFunctionTable) looked up with
// NEURON's arithmetic (its functabl.cpp). Against NEURON on a whole model:
// packages/mechanisms/test/features.test.ts (ftab.mod).
import { describe, expect, it } from 'vitest';
import type { FunctionTableValues, MechanismType, TableSource } from '@neurite/core/abi';
import { compileMod } from '../src/index.js';
import { ctx, makeInstances } from './helpers.js';

const MOD = `NEURON { POINT_PROCESS P }
FUNCTION_TABLE f1(x)
FUNCTION_TABLE f2(x, y)
FUNCTION_TABLE f3(x, y, z)
FUNCTION g1(x) { g1 = f1(x) }
FUNCTION g2(x, y) { g2 = f2(x, y) }
FUNCTION g3(x, y, z) { g3 = f3(x, y, z) }
`;

function compiled(): { mech: MechanismType; call: (name: string, ...args: number[]) => number } {
  const r = compileMod(MOD, { filename: 'p.mod' });
  if (!r.plugin) throw new Error(JSON.stringify(r.diagnostics.map((d) => [d.range.start.line, d.message])));
  const mech = r.plugin;
  const { m, nodes } = makeInstances(mech, 1);
  const k = mech.createKernels();
  return { mech, call: (name, ...args) => k.call!(name, m, 0, args, nodes, ctx()) };
}

const at = (values: number[]): TableSource => { const a = Float64Array.from(values); return () => [a, 0]; };

describe('FUNCTION_TABLE', () => {
  it('lists its tables and looks each up as NEURON does', () => {
    const { mech, call } = compiled();
    expect(mech.functionTables).toEqual([{ name: 'f1', arity: 1 }, { name: 'f2', arity: 2 }, { name: 'f3', arity: 3 }]);
    const set = (name: string, v: FunctionTableValues): void => mech.setFunctionTable!(name, v);

    expect(() => call('g1', 0)).toThrow('P: FUNCTION_TABLE f1 has no values: give them with pp.table_f1(...) on a P before a run');
    set('f1', { constant: 2.5 });
    expect([call('g1', -1e9), call('g1', 0), call('g1', 1e9)]).toEqual([2.5, 2.5, 2.5]);

    // Given points (a binary search), the ends held, linear in between.
    set('f1', { values: at([10, 20, 40, 80]), axes: [{ size: 4, points: at([0, 1, 3, 7]) }] });
    expect(call('g1', -5)).toBe(10);
    expect(call('g1', 0)).toBe(10);
    expect(call('g1', 2)).toBe((1 - 0.5) * 20 + 0.5 * 40);
    expect(call('g1', 3)).toBe(40);
    expect(call('g1', 6)).toBe((1 - 0.75) * 40 + 0.75 * 80);
    expect(call('g1', 100)).toBe(80);

    // An even grid: index (x - min) / ((max - min) / (n - 1)), truncated.
    set('f1', { values: at([1, 3, 9]), axes: [{ size: 3, min: -10, max: 10 }] });
    const x1 = (-2.5 - -10) / (20 / 2);
    expect(call('g1', -2.5)).toBe((1 - x1) * 1 + x1 * 3);
    expect(call('g1', 10)).toBe(9);
    expect(call('g1', -11)).toBe(1);

    // Two arguments, bilinear; the last argument varies fastest.
    const t2 = [1, 2, 3, 10, 20, 30];
    set('f2', { values: at(t2), axes: [{ size: 2, min: 0, max: 1 }, { size: 3, points: at([0, 1, 2]) }] });
    const fx = 0.25, fy = 0.5;
    const y1 = (1 - fy) * t2[0]! + fy * t2[1]!;
    const y2 = (1 - fy) * t2[3]! + fy * t2[4]!;
    expect(call('g2', 0.25, 0.5)).toBe((1 - fx) * y1 + fx * y2);
    expect(call('g2', 1, 2)).toBe(30);
    expect(call('g2', 0, 1.5)).toBe((1 - 0.5) * 2 + 0.5 * 3);

    // Three arguments: the point at or below, no interpolation.
    const t3 = Array.from({ length: 8 }, (_, i) => i);
    set('f3', { values: at(t3), axes: [0, 1, 2].map(() => ({ size: 2, min: 0, max: 1 })) });
    expect(call('g3', 0.9, 0.9, 0.9)).toBe(0);
    expect(call('g3', 1, 0.2, 1)).toBe(5);

    // The values are read at each lookup, as NEURON reads through its pointer.
    const live = Float64Array.from([1, 2]);
    set('f1', { values: () => [live, 0], axes: [{ size: 2, min: 0, max: 1 }] });
    expect(call('g1', 1)).toBe(2);
    live[1] = 5;
    expect(call('g1', 1)).toBe(5);
    expect(() => set('nope', { constant: 1 })).toThrow('P has no FUNCTION_TABLE nope');
  });

  it('takes its arguments as a FUNCTION does, and needs one or more', () => {
    const errors = (text: string): [number, string][] => compileMod(text).diagnostics.map((d) => [d.range.start.line, d.message]);
    expect(errors('NEURON { SUFFIX x }\nASSIGNED { p }\nBREAKPOINT { p = f(1, 2) }\nFUNCTION_TABLE f(a)\n')).toEqual([[3, '`f` takes 1 argument(s), found 2']]);
    expect(errors('NEURON { SUFFIX x }\nASSIGNED { p }\nBREAKPOINT { p = f() }\nFUNCTION_TABLE f()\n')).toEqual([[4, 'FUNCTION_TABLE f must have one or more arguments']]);
  });
});
