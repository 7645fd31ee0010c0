// NEURON's Vector methods that scripts use on recorded traces, against what NEURON 8.2.2 gives for
// the same vector (printed by `h.Vector([3, 1, 4, 1, 5, 9, 2, 6])` and the same calls in Python).
import { describe, expect, it } from 'vitest';
import { NeuriteError, createH } from '../src/index.js';

describe('Vector methods as NEURON\'s', () => {
  const h = createH();
  const make = () => h.Vector([3, 1, 4, 1, 5, 9, 2, 6]);

  it('statistics: var and stdev with n - 1, sums, first indices of the extremes', () => {
    const v = make();
    expect([v.stdev(), v.var(), v.mean(), v.sum(), v.sumsq()]).toEqual([2.748376143938713, 7.553571428571429, 3.875, 31, 173]);
    expect([v.max_ind(), v.min_ind(), v.max(), v.min(), v.dot(v)]).toEqual([5, 1, 9, 1, 173]);
    const empty = h.Vector();
    expect([empty.max(), empty.min(), empty.max_ind(), empty.min_ind()]).toEqual([0, 0, -1, -1]);
    expect(() => h.Vector([1]).stdev()).toThrow(NeuriteError);
  });

  it('_ref_x[i] points at element i wherever the storage goes (NEURON\'s vec._ref_x[i])', () => {
    const v = h.Vector([1, 2]);
    const r = v._ref_x[1];
    expect(r.get()).toBe(2);
    r.set(7);
    expect(v[1]).toBe(7);
    for (let i = 0; i < 100; i++) v.append(i); // the storage grows and moves
    v[1] = 8;
    expect(r.get()).toBe(8);
    expect(() => h.Vector([1])._ref_x[1]).toThrow(NeuriteError);
  });

  it('searches within NEURON\'s float_epsilon (1e-11)', () => {
    const v = make();
    // NEURON 8.2.2: h.float_epsilon -> 1e-11; v.contains(9+1e-10), v.contains(9+1e-12) -> False True;
    // v.indwhere('==', 9+1e-10), v.indwhere('==', 9+1e-12) -> -1 5;
    // v.indwhere('>', 9-1e-10), v.indwhere('>', 9-1e-12) -> 5 -1
    expect([v.contains(9), v.contains(9 + 1e-10), v.contains(9 + 1e-12), v.contains(7)]).toEqual([true, false, true, false]);
    expect([v.indwhere('==', 9 + 1e-10), v.indwhere('==', 9 + 1e-12), v.indwhere('>', 9 - 1e-10), v.indwhere('>', 9 - 1e-12)]).toEqual([-1, 5, 5, -1]);
    expect([v.indwhere('>', 4), v.indwhere('==', 7), v.indwhere('[]', 2, 4), v.indwhere('()', 1, 3), v.indwhere('<=', 1), v.indwhere('!=', 3)]).toEqual([4, -1, 0, 6, 1, 1]);
    expect(() => v.indwhere('~' as never, 1)).toThrow(/one of ==/);
    expect(() => v.indwhere('[]', 1)).toThrow(/both ends/);
  });

  it('arithmetic in place, copies, fill, reverse and sort', () => {
    const v = make();
    const w = v.c().add(1);
    expect(w.to_python()).toEqual([4, 2, 5, 2, 6, 10, 3, 7]);
    expect(v.to_python()).toEqual([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(v.c().mul(2).to_python()).toEqual([6, 2, 8, 2, 10, 18, 4, 12]);
    expect(v.c().sub(h.Vector(8).fill(1)).to_python()).toEqual([2, 0, 3, 0, 4, 8, 1, 5]);
    expect(v.c().div(2).to_python()).toEqual([1.5, 0.5, 2, 0.5, 2.5, 4.5, 1, 3]);
    expect(v.c().reverse().to_python()).toEqual([6, 2, 9, 5, 1, 4, 1, 3]);
    expect(v.c().sort().to_python()).toEqual([1, 1, 2, 3, 4, 5, 6, 9]);
    expect(h.Vector().copy(v).to_python()).toEqual(v.to_python());
    expect(h.Vector(3).fill(7).to_python()).toEqual([7, 7, 7]);
    expect(() => v.c().add(h.Vector([1, 2]))).toThrow(/size 2; it must have this vector's size, 8/);
    expect(() => v.c().add('1' as never)).toThrow(/a number or a vector, got '1' \(a string\)/);
  });
});
