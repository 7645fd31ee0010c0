import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libmPow3, libmPow4 } from '../src/libm/pow.js';

// Written by fixtures/libm/pow_model.py: x^3 and x^4 rounded to the nearest double (exact rational
// arithmetic), and the C library's pow(x, 3) and pow(x, 4), on draws over the ranges mechanisms use,
// on arguments outside [2^-200, 2^200], and on arguments whose powers lie exactly half way.
const ref = JSON.parse(readFileSync(new URL('./fixtures/libm/pow_reference.json', import.meta.url), 'utf8')) as {
  description: string; pow: [number, number, number, number, number][];
};
const HALF_WAY = 150; // the last entries

describe('libmPow3 and libmPow4 (correctly rounded x^3 and x^4)', () => {
  it('round x^3 and x^4 to the nearest double on every argument of the fixture', () => {
    expect(ref.pow.length).toBeGreaterThan(1300);
    const wrong = ref.pow.filter(([x, c3, c4]) => !Object.is(libmPow3(x), c3) || !Object.is(libmPow4(x), c4));
    expect(wrong).toEqual([]);
  });

  it('agree with the C library\'s pow (NEURON\'s) far more often than V8\'s Math.pow does', () => {
    const drawn = ref.pow.slice(0, -HALF_WAY);
    const count = (f: (x: number, n: number) => number): number =>
      drawn.filter(([x, , , g3, g4]) => !Object.is(f(x, 3), g3) || !Object.is(f(x, 4), g4)).length;
    const ours = count((x, n) => (n === 3 ? libmPow3(x) : libmPow4(x)));
    const v8 = count(Math.pow);
    expect(ours).toBeLessThanOrEqual(5);
    expect(v8).toBeGreaterThan(100);
  });

  it('keep zeros, infinities and NaN as Math.pow does', () => {
    for (const x of [0, -0, Infinity, -Infinity, NaN]) {
      expect(Object.is(libmPow3(x), Math.pow(x, 3)), `${x}^3`).toBe(true);
      expect(Object.is(libmPow4(x), Math.pow(x, 4)), `${x}^4`).toBe(true);
    }
  });
});
