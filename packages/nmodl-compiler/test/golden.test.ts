import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';

/** Codegen by golden files: the generated TypeScript for each fixture. The golden files are
 * part of the package's typecheck, so the generated code is checked against the ABI types too.
 * Regenerate with UPDATE_GOLDEN=1. */
describe('codegen golden files', () => {
  it.each(['hh', 'iclamp', 'kinetic', 'netcon', 'stdp', 'watch', 'cadx', 'legacyrand'])('%s.mod', (name) => {
    const text = readFileSync(new URL(`./fixtures/${name}.mod`, import.meta.url), 'utf8');
    const r = compileMod(text, { filename: `${name}.mod`, instantiate: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const golden = new URL(`./golden/${name}.ts`, import.meta.url);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, r.source);
    expect(r.source).toBe(readFileSync(golden, 'utf8'));
  });
});
