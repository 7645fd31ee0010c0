import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileKernelModule, compileWithV8Flags, eagerTierUp } from '../src/libm/compile.js';
import { runOnce, withV8Flags } from '../src/libm/v8-flags.js';

/** A module exporting `f(n)`: the sum n + (n - 1) + ... + 1, in a loop. */
const SUM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
  0x0a, 0x1b, 0x01, 0x19, 0x01, 0x01, 0x7f,
  0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b,
  0x20, 0x01, 0x0b,
]);

const sum = (mod: WebAssembly.Module): ((n: number) => number) => (new WebAssembly.Instance(mod).exports as { f(n: number): number }).f;

/** Runs a script in a fresh Node that compiles SUM with compileKernelModule, calls it once, waits,
 * and prints what V8 said it compiled (`--trace-wasm-compilation-times`). */
function traced(env: Record<string, string>, flags: string[] = []): string {
  const src = fileURLToPath(new URL('../src/libm/compile.ts', import.meta.url));
  const script = `
    const { compileKernelModule } = await import(${JSON.stringify(src)});
    const bytes = new Uint8Array(${JSON.stringify([...SUM])});
    const f = new WebAssembly.Instance(compileKernelModule(bytes)).exports.f;
    if (f(10) !== 55) throw new Error('wrong sum');
    await new Promise((resolve) => setTimeout(resolve, 300));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--trace-wasm-compilation-times', ...flags, '--input-type=module', '-e', script], {
    encoding: 'utf8', env: { ...process.env, ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('compileKernelModule', () => {
  it('compiles the same module as new WebAssembly.Module', () => {
    expect(sum(compileKernelModule(SUM))(100)).toBe(5050);
    expect(sum(compileWithV8Flags(SUM, []))(4)).toBe(10);
    expect(() => compileKernelModule(SUM.subarray(0, 20))).toThrow(WebAssembly.CompileError);
  });

  it('sets V8\'s flags back: a code cache made after a compile is taken by a plain process', () => {
    // (V8 takes a code cache only under the flags it was made with; a flag left set shows in a
    // fresh process, not in the one that set it.)
    const dir = mkdtempSync(join(tmpdir(), 'neurite-flags-'));
    const src = fileURLToPath(new URL('../src/libm/compile.ts', import.meta.url));
    const flagsSrc = fileURLToPath(new URL('../src/libm/v8-flags.ts', import.meta.url));
    const source = 'function twice(x) { return 2 * x; } twice(21);';
    const make = (body: string): void => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
        const { writeFileSync } = await import('node:fs');
        const { Script } = await import('node:vm');
        const m = await import(${JSON.stringify(src)});
        const f = await import(${JSON.stringify(flagsSrc)});
        const cache = () => writeFileSync(${JSON.stringify(join(dir, 'cache'))}, new Script(${JSON.stringify(source)}, { filename: 'probe.js' }).createCachedData());
        const bytes = new Uint8Array(${JSON.stringify([...SUM])});
        ${body}
      `], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    // (Checked by a plain node of its own.)
    const taken = (): boolean => {
      const r = spawnSync(process.execPath, ['-e', `
        const { Script } = require('node:vm');
        const cachedData = require('node:fs').readFileSync(${JSON.stringify(join(dir, 'cache'))});
        process.stdout.write(String(!new Script(${JSON.stringify(source)}, { filename: 'probe.js', cachedData }).cachedDataRejected));
      `], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout === 'true';
    };
    try {
      make('m.compileKernelModule(bytes); m.compileWithV8Flags(bytes, [\'experimental-wasm-relaxed-simd\']); f.runOnce(() => 1); cache();');
      expect(taken()).toBe(true);
      // (The check itself: a flag left set is seen.)
      make('(await import(\'node:v8\')).setFlagsFromString(\'--no-wasm-dynamic-tiering\'); cache();');
      expect(taken()).toBe(false);
      // runOnce sets its flag while its work runs; a window inside another leaves the flag to the
      // outer one.
      make('f.runOnce(() => f.runOnce(() => 0) + cache());');
      expect(taken()).toBe(false);
      make('f.withV8Flags([\'no-sparkplug\'], () => f.withV8Flags([\'no-sparkplug\'], () => 0)); cache();');
      expect(taken()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has V8 optimize a function right after its first compile, unless told not to', () => {
    expect(eagerTierUp()).toBe(true);
    // One call of a function of a few instructions: far from V8's budget for optimizing it.
    expect(traced({})).toMatch(/using TurboFan/);
    expect(traced({ NEURITE_WASM_EAGER: '0' })).not.toMatch(/using TurboFan/);
    // (A process that chose its own tiers keeps them.)
    expect(traced({}, ['--no-wasm-lazy-compilation'])).not.toMatch(/using TurboFan/);
  });
});

describe('runOnce', () => {
  it('returns what its work returns and throws what it throws', () => {
    expect(runOnce(() => 42)).toBe(42);
    expect(() => runOnce(() => { throw new RangeError('inside'); })).toThrow('inside');
    expect(withV8Flags([], () => 'plain')).toBe('plain');
    // (Its flag set back after a throw: the next window sets it again and returns.)
    expect(runOnce(() => runOnce(() => 7))).toBe(7);
  });
});

describe('nodeV8', () => {
  /** Runs `body` in a fresh Node (after `before`, and an import of v8-flags.ts as `f`) and returns
   * what it prints as JSON, with its stderr. */
  function child(before: string, body: string, flags: string[] = []): { out: Record<string, unknown>; stderr: string } {
    const flagsSrc = fileURLToPath(new URL('../src/libm/v8-flags.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', ...flags, '--input-type=module', '-e', `
      ${before}
      const f = await import(${JSON.stringify(flagsSrc)});
      ${body}
    `], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return { out: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>, stderr: r.stderr };
  }

  it('finds the flag setter without loading node:v8 and without a warning, deprecations on or thrown', () => {
    for (const flags of [[], ['--pending-deprecation'], ['--throw-deprecation']]) {
      const { out, stderr } = child('', `
        const loaded = () => process.moduleLoadList.includes('NativeModule v8');
        const before = loaded();
        const v8 = f.nodeV8();
        const x = f.withV8Flags(['no-sparkplug'], () => 42);
        console.log(JSON.stringify({ before, after: loaded(), setter: typeof v8?.setFlagsFromString, x, own: Object.prototype.hasOwnProperty.call(process, 'noDeprecation') }));
      `, flags);
      expect(out.setter).toBe('function');
      expect(out.x).toBe(42);
      expect(out.before).toBe(false);
      expect(out.after).toBe(false);
      expect(out.own).toBe(false);
      expect(stderr).not.toMatch(/Deprecat|DEP0111/);
    }
  });

  it('falls back on node:v8 where the binding is refused (a permission model)', () => {
    const { out } = child(`process.binding = () => { throw new Error('access denied'); };`, `
      const v8 = f.nodeV8();
      console.log(JSON.stringify({ setter: typeof v8?.setFlagsFromString, loaded: process.moduleLoadList.includes('NativeModule v8'), x: f.withV8Flags(['no-sparkplug'], () => 7) }));
    `);
    expect(out).toEqual({ setter: 'function', loaded: true, x: 7 });
  });

  it('leaves process.noDeprecation as it found it', () => {
    const { out } = child('process.noDeprecation = false;', `
      f.nodeV8();
      console.log(JSON.stringify({ noDeprecation: process.noDeprecation }));
    `);
    expect(out.noDeprecation).toBe(false);
    const { out: flagged } = child('', `
      f.nodeV8();
      console.log(JSON.stringify({ noDeprecation: process.noDeprecation }));
    `, ['--no-deprecation']);
    expect(flagged.noDeprecation).toBe(true);
  });
});
