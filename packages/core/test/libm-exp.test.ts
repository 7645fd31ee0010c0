import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libmExp } from '../src/libm/exp.js';
import { EXP_TABLE } from '../src/libm/exp-table.js';
// (The generator of the shipped table, with BigInt fixed point.)
import { expTable } from '../scripts/exp-table.mjs';
import { fromHex } from './support/hex.js';

// Written by fixtures/libm/model.py: glibc's exp (2.36, x86-64 with FMA) on arguments that include
// the hard cases (where the fused multiply-adds change the result).
const ref = JSON.parse(readFileSync(new URL('./fixtures/libm/reference.json', import.meta.url), 'utf8')) as {
  note: string; hard: number; near_half: number; x: string[]; exp: string[];
};

describe('libmExp (glibc exp)', () => {
  it('gives glibc\'s bits on every argument of the fixture', () => {
    expect(ref.x.length).toBeGreaterThan(2500);
    expect(ref.hard).toBeGreaterThanOrEqual(500);
    let differs = 0;
    let mathDiffers = 0;
    const first: string[] = [];
    ref.x.forEach((hex, i) => {
      const x = fromHex(hex), want = fromHex(ref.exp[i]!);
      const got = libmExp(x);
      if (!Object.is(got, want)) {
        differs++;
        if (first.length < 5) first.push(`exp(${x}) = ${got}, glibc ${want}`);
      }
      if (!Object.is(Math.exp(x), want)) mathDiffers++;
    });
    expect(first).toEqual([]);
    expect(differs).toBe(0);
    // The fixture's hard cases are hard: V8's exp misses many of them.
    expect(mathDiffers).toBeGreaterThan(300);
  });

  it('keeps its special values', () => {
    expect(libmExp(0)).toBe(1);
    expect(libmExp(-0)).toBe(1);
    expect(libmExp(Infinity)).toBe(Infinity);
    expect(libmExp(-Infinity)).toBe(0);
    expect(libmExp(NaN)).toBeNaN();
    expect(libmExp(710)).toBe(Infinity);
    expect(libmExp(-746)).toBe(0);
    expect(libmExp(1)).toBe(Math.E);
  });

  it('ships the table its generator computes', () => {
    const t = expTable();
    expect(EXP_TABLE.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(Object.is(EXP_TABLE[i], t[i]), `entry ${i}`).toBe(true);
  });

  it('has a table of 2^(k/128) rounded to the nearest double (checked exactly)', () => {
    // H = M 2^-52 is the nearest double to 2^(k/128) iff (2M - 1)^128 <= 2^(k + 53*128) <= (2M + 1)^128.
    for (let k = 0; k < 128; k++) {
      const M = BigInt(EXP_TABLE[2 * k + 1]! * 2 ** 52);
      const target = 1n << BigInt(k + 53 * 128);
      expect((2n * M - 1n) ** 128n <= target && target <= (2n * M + 1n) ** 128n, `H_${k}`).toBe(true);
    }
  });
});
