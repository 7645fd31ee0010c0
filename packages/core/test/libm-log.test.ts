import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { log } from '../src/random/log.js';

// Written by fixtures/libm/log_model.py: ln x rounded to the nearest double (Python's decimal at 40
// digits), on the arguments the Nernst update and the random streams meet and on hard ones, whose
// logarithm lies within 1/16 ulp of a half-way point.
const ref = JSON.parse(readFileSync(new URL('./fixtures/libm/log_reference.json', import.meta.url), 'utf8')) as {
  description: string; log: [number, number][];
};

describe('log (correctly rounded)', () => {
  it('rounds ln x to the nearest double on every argument of the fixture, hard ones included', () => {
    expect(ref.log.length).toBeGreaterThanOrEqual(1500);
    const wrong = ref.log.filter(([x, cr]) => !Object.is(log(x), cr));
    expect(wrong).toEqual([]);
    // (The arguments tell a correctly rounded log from V8's Math.log.)
    expect(ref.log.filter(([x, cr]) => Math.log(x) !== cr).length).toBeGreaterThan(50);
  });

});
