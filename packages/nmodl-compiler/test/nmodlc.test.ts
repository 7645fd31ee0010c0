import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/bin/nmodlc.js';

describe('nmodlc', () => {
  const dirs: string[] = [];
  const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'nmodlc-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); vi.restoreAllMocks(); });

  it('writes one .ts per .mod file, importing only @neurite/core/abi types', () => {
    const out = tmp();
    const hh = new URL('./fixtures/hh.mod', import.meta.url).pathname;
    const ic = new URL('./fixtures/iclamp.mod', import.meta.url).pathname;
    expect(main([hh, ic, '-o', out])).toBe(0);
    const ts = readFileSync(join(out, 'hh.ts'), 'utf8');
    expect(ts).toContain("import type { InstanceData, MechanismKernels, MechanismType, NodeData, StepContext, WasmStepKernels } from '@neurite/core/abi';");
    expect(ts.match(/^import /gm)).toHaveLength(1);
    expect(ts).toContain('export default _mech;');
    expect(existsSync(join(out, 'iclamp.ts'))).toBe(true);
  });

  it('prints diagnostics as file:line:col with a caret and exits 1 on errors', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.mod');
    writeFileSync(bad, 'NEURON { SUFFIX bad }\nBREAKPOINT { x = 1 }\n');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err.push(String(s)); return true; });
    expect(main([bad, '-o', join(dir, 'out')])).toBe(1);
    expect(err.join('')).toContain(`${bad}:2:14: error NMODL200: undefined name \`x\``);
    expect(err.join('')).toContain('  |              ^');
    expect(existsSync(join(dir, 'out', 'bad.ts'))).toBe(false);
  });

  it('rejects bad usage with exit code 2', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(main([])).toBe(2);
    expect(main(['--frobnicate'])).toBe(2);
    expect(main(['x.mod', '-o'])).toBe(2);
  });
});
