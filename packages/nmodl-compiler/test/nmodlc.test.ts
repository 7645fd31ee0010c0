import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/bin/nmodlc.js';
import { WriteFileError, writeFileAtomic } from '../src/bin/write-file.js';

describe('nmodlc', () => {
  const dirs: string[] = [];
  const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'nmodlc-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); vi.restoreAllMocks(); });

  it('writes one .ts per .mod file, importing @neurite/core/abi types and @neurite/core/libm', () => {
    const out = tmp();
    const hh = new URL('./fixtures/hh.mod', import.meta.url).pathname;
    const ic = new URL('./fixtures/iclamp.mod', import.meta.url).pathname;
    expect(main([hh, ic, '-o', out])).toBe(0);
    const ts = readFileSync(join(out, 'hh.ts'), 'utf8');
    expect(ts).toContain("import type { InstanceData, MechanismKernels, MechanismType, NodeData, StepContext, WasmStepKernels } from '@neurite/core/abi';");
    // (hh's rates call exp: the C library's, as NEURON's, from core; and its kernels come in two
    // translations, the second with the processor's fused multiply-adds, which core compiles;
    // core compiles the kernel modules.)
    expect(ts).toContain("import { libmExp as _lexp, EXP_TABLE_SPLIT as _EXP_TAB, compileFusedModule as _lfused, wasmFusedMultiplyAdd as _lfma, compileKernelModule as _lcompile } from '@neurite/core/libm';");
    expect(ts).toMatch(/"fusedBytes":"[A-Za-z0-9+/=]+"/);
    expect(ts.match(/^import /gm)).toHaveLength(2);
    expect(ts).toContain('export default _mech;');
    const iclamp = readFileSync(join(out, 'iclamp.ts'), 'utf8');
    expect(iclamp.match(/^import /gm)).toHaveLength(2);
    expect(iclamp).toContain("import { compileKernelModule as _lcompile } from '@neurite/core/libm';");
    expect(iclamp).not.toContain('new WebAssembly.Module(');
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

  it.skipIf(process.platform === 'win32')('writes nothing but whole files: a write that fails leaves no partial file, no temporary file, one line naming the file', () => {
    const dir = tmp();
    const mod = join(dir, 'kd.mod');
    writeFileSync(mod, readFileSync(new URL('./fixtures/hh.mod', import.meta.url), 'utf8'));
    const out = join(dir, 'out');
    // nmodlc from its source, in a shell whose file size limit (1 block of 512 bytes) is far
    // below the ~45 kB kd.ts: the write fails part way with EFBIG.
    const pkg = fileURLToPath(new URL('..', import.meta.url));
    const run = (): ReturnType<typeof spawnSync> => spawnSync('bash', ['-c', 'ulimit -f 1; exec "$0" --import tsx src/bin/nmodlc.ts "$1" -o "$2"', process.execPath, mod, out], { cwd: pkg, encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(1);
    expect(first.stderr).toBe(`nmodlc: cannot write ${join(out, 'kd.ts')}: EFBIG: file too large, write\n`);
    expect(readdirSync(out)).toEqual([]);
    // A file already there from an earlier run is left as it was.
    writeFileSync(join(out, 'kd.ts'), '// an earlier kd.ts\n');
    const second = run();
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(`nmodlc: cannot write ${join(out, 'kd.ts')}: EFBIG: file too large, write\n`);
    expect(readdirSync(out)).toEqual(['kd.ts']);
    expect(readFileSync(join(out, 'kd.ts'), 'utf8')).toBe('// an earlier kd.ts\n');
  });

  it('reports an output directory it cannot create in one line, with exit code 1', () => {
    const dir = tmp();
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err.push(String(s)); return true; });
    const out = join(file, 'out');
    expect(main([new URL('./fixtures/hh.mod', import.meta.url).pathname, '-o', out])).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toBe(`nmodlc: cannot create the output directory ${out}: ENOTDIR: not a directory, mkdir '${out}'\n`);
  });
});

describe('writeFileAtomic', () => {
  const dirs: string[] = [];
  const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'nmodlc-write-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('creates or replaces a file with the whole text and leaves nothing else', () => {
    const dir = tmp();
    const file = join(dir, 'hh.ts');
    writeFileAtomic(file, 'first\n');
    writeFileAtomic(file, 'second, µ\n');
    expect(readFileSync(file, 'utf8')).toBe('second, µ\n');
    expect(readdirSync(dir)).toEqual(['hh.ts']);
  });

  it('throws a WriteFileError naming the file when it cannot write, and leaves the folder as it was', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hh.ts'), 'old');
    // A directory in place of the file: the rename over it fails after the text was written.
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    let error: unknown;
    try { writeFileAtomic(target, 'text'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(WriteFileError);
    const e = error as WriteFileError;
    expect([e.code, e.file]).toEqual(['WRITE_FAILED', target]);
    expect(e.message).toMatch(new RegExp(`^cannot write ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: E[A-Z]+: `));
    expect(readdirSync(dir).sort()).toEqual(['hh.ts', 'taken']);
    expect(readdirSync(target)).toEqual(['inside']);
    expect(readFileSync(join(dir, 'hh.ts'), 'utf8')).toBe('old');
  });
});
