import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DiagnosticCode', 'Session', 'UnitTable', 'compileMod', 'formatDiagnostic', 'instantiate', 'parseMod',
    ]);
  });
});

describe('runs in a browser', () => {
  it('imports nothing from Node outside the nmodlc entry (src/bin) and the /node entry (src/node.ts)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../src/', import.meta.url).pathname;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) { if (f !== 'bin') walk(p); continue; }
        if (!/\.(ts|js)$/.test(f) || p === join(root, 'node.ts')) continue;
        if (/from ['"][./]+node\.js['"]/.test(readFileSync(p, 'utf8'))) offenders.push(`${p.slice(root.length)} imports the /node entry`);
        const text = readFileSync(p, 'utf8');
        if (/from ['"](node:|fs['"]|path['"]|child_process)/.test(text) || /\brequire\(/.test(text) || /\bprocess\./.test(text)) offenders.push(p.slice(root.length));
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

describe('compileMod timings', () => {
  const text = 'NEURON { SUFFIX leak RANGE g }\nPARAMETER { g = 0.001 (S/cm2) }\nASSIGNED { v (mV) i (mA/cm2) }\nBREAKPOINT { i = g * v }\n';
  it('gives the time of every phase, in order, with the option', () => {
    const r = api.compileMod(text, { filename: 'leak.mod', timings: true });
    expect(r.plugin).toBeDefined();
    expect(Object.keys(r.timings ?? {})).toEqual(['parse', 'include', 'resolve', 'fold', 'inlineFunctions', 'inlineProcedures', 'analyze', 'emit', 'instantiate']);
    for (const ms of Object.values(r.timings ?? {})) expect(ms).toBeGreaterThanOrEqual(0);
  });
  it('stops at the phase that failed', () => {
    const r = api.compileMod('NEURON { SUFFIX }', { timings: true });
    expect(r.plugin).toBeUndefined();
    expect(Object.keys(r.timings ?? {})).toEqual(['parse']);
  });
  it('leaves out the phases that did not run', () => {
    const r = api.compileMod(text, { timings: true, inlineProcedures: false, instantiate: false });
    expect(Object.keys(r.timings ?? {})).toEqual(['parse', 'include', 'resolve', 'fold', 'inlineFunctions', 'analyze', 'emit']);
  });
  it('gives none without the option', () => {
    expect(api.compileMod(text).timings).toBeUndefined();
  });
});
