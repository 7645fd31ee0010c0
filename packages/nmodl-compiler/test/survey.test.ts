import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMod, formatDiagnostic } from '../src/index.js';

/**
 * Real-world survey: compiles every `.mod` file of NEURON's demo (Debian's `neuron` package
 * installs them in /usr/share/nrn/demo/release) plus this package's own fixtures. Skipped when
 * the folder is absent. Prints the fraction that compiles and the diagnostics of the rest.
 */
const DEMO = '/usr/share/nrn/demo/release';
const FIXTURES = new URL('./fixtures/', import.meta.url);

function survey(files: { name: string; text: string }[]): { ok: string[]; failed: Map<string, string[]> } {
  const ok: string[] = [];
  const failed = new Map<string, string[]>();
  for (const f of files) {
    const r = compileMod(f.text, { filename: f.name });
    if (r.plugin) ok.push(f.name);
    else failed.set(f.name, r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, { filename: f.name, source: f.text })));
  }
  return { ok, failed };
}

function report(label: string, s: ReturnType<typeof survey>): void {
  const total = s.ok.length + s.failed.size;
  const lines = [`${label}: ${s.ok.length}/${total} compile (${((100 * s.ok.length) / total).toFixed(0)} %)`];
  for (const [name, diags] of s.failed) lines.push(`  ${name}:`, ...diags.map((d) => d.replace(/^/gm, '    ')));
  console.log(lines.join('\n'));
}

describe('real-world survey', () => {
  it.skipIf(!existsSync(DEMO))('NEURON demo mechanisms (/usr/share/nrn/demo/release)', () => {
    const files = readdirSync(DEMO).filter((f) => f.endsWith('.mod')).sort().map((name) => ({ name, text: readFileSync(join(DEMO, name), 'utf8') }));
    const s = survey(files);
    report('NEURON demo', s);
    // All ten (cabpump.mod reads diam, which core gives the kernels as NodeData.diam).
    expect(s.ok.length).toBe(10);
  });
  it('own published-style mechanisms (test/fixtures/survey)', () => {
    const dir = new URL('./fixtures/survey/', import.meta.url).pathname;
    const files = readdirSync(dir).filter((f) => f.endsWith('.mod')).sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    const s = survey(files);
    report('own published-style', s);
    // All of them, cadifus (diam, LONGITUDINAL_DIFFUSION) among them.
    expect([...s.failed.keys()]).toEqual([]);
  });
  it('own fixtures all compile', () => {
    const dir = FIXTURES.pathname;
    const files = readdirSync(dir).filter((f) => f.endsWith('.mod') && f !== 'everything.mod').sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    const s = survey(files);
    report('own fixtures', s);
    expect([...s.failed.keys()]).toEqual([]);
  });
});
