// PARAMETER defaults as NEURON 8.2.2 has them: its translator writes them into C with %g (six
// significant digits, an exact tie to even), while CONSTANTs and numbers in code keep every
// digit. Compared with what NEURON reports for test/fixtures/pdefaults.mod
// (references/parameter_defaults.py writes test/reference/parameter_defaults.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { cPrintfG } from '../src/passes/analyze/c-format.js';
import { ctx, field, makeInstances } from './helpers.js';

const text = readFileSync(new URL('./fixtures/pdefaults.mod', import.meta.url), 'utf8');
const neuron = (JSON.parse(readFileSync(new URL('./reference/parameter_defaults.json', import.meta.url), 'utf8')) as { values: Record<string, number> }).values;

describe('PARAMETER defaults', () => {
  it('are NEURON\'s, digit for digit (RANGE and GLOBAL; CONSTANTs and numbers in code untouched)', () => {
    const r = compileMod(text, { filename: 'pdefaults.mod' });
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    mech.createKernels().init(m, nodes, ctx());
    const ours: Record<string, number> = {};
    for (const name of ['r', 'rsmall', 'c_seen', 'lit_seen']) ours[name] = field(mech, m, name)[0]!;
    let at = 0;
    for (const g of mech.globals) { ours[g.name] = m.globals[at]!; at += g.length ?? 1; }
    for (const [name, value] of Object.entries(neuron)) expect(ours[name], name).toBe(value);
    expect(ours.gtie).toBe(1234560); // an exact tie, to even
  });
  it('round as C\'s printf("%g") does', () => {
    expect([15.87301587302, 1234565, 1234575, 999999.5, -2.5e-300, 0, 0.1 + 0.2].map((x) => cPrintfG(x))).toEqual([15.873, 1234560, 1234580, 1000000, -2.5e-300, 0, 0.3]);
  });
  it('keep values of six significant digits or fewer as they are, and round longer ones', () => {
    // A fixed sequence of values over many magnitudes: x = m * 10^k, m in [1, 10).
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const x = (1 + 9 * random()) * 10 ** Math.floor(-30 + 60 * random()) * (random() < 0.5 ? -1 : 1);
      const short = Number(x.toPrecision(1 + (i % 6)));
      expect(cPrintfG(short)).toBe(short);
      // (toPrecision rounds the exact value too; it breaks exact ties upwards, which random
      // values of 15 or more digits do not meet.)
      expect(cPrintfG(x)).toBe(Number(x.toPrecision(6)));
    }
    for (const x of [100, 1234560, 120000000, 1e21, 1.5e-7, 0.000123, -54.3]) expect(cPrintfG(x)).toBe(x);
  });
});
