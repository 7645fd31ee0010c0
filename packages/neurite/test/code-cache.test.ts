// The packages' Node.js variants (scripts/code-cache/): each ES module of dist/ also as a script
// that `vm.Script` compiles with V8's code cache. Checked here: the rewriting of a module into a
// script and its shim keeps what the module exports and does; a cache serves only its own
// script; the built packages load through their caches and compute the same bits as without.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const scripts = fileURLToPath(new URL('../../../scripts/code-cache/', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface VmParts {
  script: string;
  ascii: boolean;
  exports: string[];
}
interface VmScriptModule {
  toVmScript(code: string, file: string, relink: (s: string) => string): VmParts;
  shimSource(parts: VmParts, where: { scriptName: string; loader: string; comment: string }): string;
}
const vm = (await import(pathToFileURL(join(scripts, 'vm-script.mjs')).href)) as VmScriptModule;
const relink = (s: string): string => (s.startsWith('.') ? s.replace(/\.js$/, '.node.js') : s);

const work = mkdtempSync(join(tmpdir(), 'neurite-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes modules as the build would: `x.js`, its script `x.vm.js` and shim `x.node.js`. */
function writeVariants(dir: string, modules: Record<string, string>): Record<string, VmParts> {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(scripts, 'vm-load.js'), join(dir, 'vm-load.js'));
  const parts: Record<string, VmParts> = {};
  for (const [name, code] of Object.entries(modules)) {
    writeFileSync(join(dir, name), code);
    const p = vm.toVmScript(code, name, relink);
    parts[name] = p;
    writeFileSync(join(dir, name.replace(/\.js$/, '.vm.js')), p.script);
    writeFileSync(join(dir, name.replace(/\.js$/, '.node.js')), vm.shimSource(p, { scriptName: name.replace(/\.js$/, '.vm.js'), loader: './vm-load.js', comment: 'test' }));
  }
  return parts;
}

/** Runs `code` (an ES module) in a fresh Node process; returns its stdout as JSON. */
function runNode(cwd: string, code: string, env: Record<string, string> = {}, flags: readonly string[] = []): unknown {
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`node exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const MODULES = {
  'dep.js': [
    'export const one = 1;',
    'export default function twice(x) { return 2 * x; }',
    'export class Box { constructor(v) { this.v = v; } }',
    'export const \u00b5m = 1e-3;',
  ].join('\n'),
  'side.js': 'globalThis.sideEffects = (globalThis.sideEffects ?? 0) + 1;\nexport {};\n',
  'mod.js': [
    '#!/usr/bin/env node',
    'import twice, { one as uno, Box } from "./dep.js";',
    'import * as dep from "./dep.js";',
    'import "./side.js";',
    'import { basename } from "node:path";',
    'const made = new Box(uno);',
    '// import("./not-a-call.js") in a comment, and in a string: "import.meta"',
    'const text = "import(\'x\')";',
    'function where() { return basename(new URL(import.meta.url).pathname); }',
    'async function later() { const d = await import("./dep.js"); return d.one + dep.one; }',
    'const \u00b5 = dep.\u00b5m;',
    'export { made, twice as double, where, later, text, \u00b5 };',
    'export * from "./dep.js";',
    'export default 42;',
  ].join('\n'),
};

describe('a module rewritten as a script and a shim', () => {
  const dir = join(work, 'forms');
  writeVariants(dir, MODULES);

  it('exports what the module exports, computed the same way', () => {
    const probe = (file: string): string => `
      const m = await import('./${file}');
      const d = await import('./${file.replace('mod', 'dep')}');
      console.log(JSON.stringify({
        keys: Object.keys(m).sort(), boxed: m.made instanceof d.Box, made: m.made.v, double: m.double(21),
        µ: m.µ, one: m.one, def: m.default, where: m.where(), later: await m.later(), text: m.text, side: globalThis.sideEffects,
      }));`;
    const esm = runNode(dir, probe('mod.js')) as Record<string, unknown>;
    const node = runNode(dir, probe('mod.node.js')) as Record<string, unknown>;
    expect(esm.keys).toEqual(['Box', 'default', 'double', 'later', 'made', 'one', 'text', 'where', 'µ', 'µm']);
    expect(node).toEqual({ ...esm, where: 'mod.node.js' });
    expect(esm.where).toBe('mod.js');
    expect(node.boxed).toBe(true); // one Box class: the shim's and the script's imports agree
    expect(node.side).toBe(1); // the side-effect module ran once
  });

  it('keeps every line of the module where it was', () => {
    const code = MODULES['mod.js'];
    const script = vm.toVmScript(code, 'mod.js', relink).script;
    const a = code.split('\n'), b = script.split('\n');
    expect(b.length).toBe(a.length + 2); // the closing `return` and `})`
    expect(b[5]).toBe(a[5]);
    expect(b[8]).toBe(a[8].replace('import.meta', () => '$$vm_meta'));
    // The import bindings are all read on the first line.
    expect(b[0]).toMatch(/^\(function .*const twice = \$\$vm_imports\[0\]\.default;.*\/\/ +$/);
  });

  it('refuses forms a script cannot carry, naming the file', () => {
    expect(() => vm.toVmScript('const x = await Promise.resolve(1);\nexport { x };', 'tla.js', relink)).toThrow(/tla\.js: top-level await/);
    expect(() => vm.toVmScript('let n = 0;\nexport function bump() { n++; }\nexport { n };', 'live.js', relink)).toThrow(/live\.js: exported `n` is assigned/);
    expect(() => vm.toVmScript('let n = 0;\nexport function bump() { [n] = [n + 1]; }\nexport { n };', 'pattern.js', relink)).toThrow(/pattern\.js: exported `n` is assigned/);
    expect(() => vm.toVmScript('export function f() {}\nf = null;', 'fn.js', relink)).toThrow(/fn\.js: exported `f` is assigned/);
    expect(() => vm.toVmScript('for await (const x of []) {}\nexport {};', 'forawait.js', relink)).toThrow(/forawait\.js: top-level await/);
    expect(() => vm.toVmScript('const $$vm_meta = 1;\nexport { $$vm_meta };', 'name.js', relink)).toThrow(/name\.js: the name \$\$vm_meta/);
  });

  it('uses a cache only with the script it was made from', () => {
    const probe = `await import('./dep.node.js'); console.log(JSON.stringify(globalThis[Symbol.for('neurite.codeCache')].map((e) => e.cached)));`;
    // (Not what a bundler would see: the shims read their scripts from beside them.)
    const cacheFile = join(dir, 'dep.vm.cache');
    rmSync(cacheFile, { force: true });
    expect(runNode(dir, probe)).toEqual([false]);
    runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' });
    expect(existsSync(cacheFile)).toBe(true);
    expect(runNode(dir, probe)).toEqual([true]);
    expect(runNode(dir, probe, { NEURITE_CODE_CACHE: 'off' })).toEqual([false]);
    // A cache whose first line names another script is not used (the script's text could differ
    // in ways V8's own check, of its length, does not see): its SHA-1 and what its stat said.
    const bytes = readFileSync(cacheFile);
    const header = bytes.subarray(0, bytes.indexOf(10) + 1).toString('latin1');
    expect(header).toMatch(/^neurite code cache 4 [0-9a-f]{40} \d+ [\d.]+ [\d.]+ \d+ \d+ *\n$/);
    expect(header.length).toBe(256);
    const other = header.replace(/[0-9a-f]{40} \d+/, (m) => `${'0'.repeat(40)} ${m.split(' ')[1]}1`);
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(other, 'latin1'), bytes.subarray(header.length)]));
    expect(runNode(dir, probe)).toEqual([false]);
    // The cache as written serves without the SHA-1 being computed (node:crypto is not loaded)...
    writeFileSync(cacheFile, bytes);
    const withCrypto = `await import('./dep.node.js'); console.log(JSON.stringify([process.moduleLoadList.some((m) => m === 'NativeModule crypto'), ...globalThis[Symbol.for('neurite.codeCache')].map((e) => e.cached)]));`;
    expect(runNode(dir, withCrypto)).toEqual([false, true]);
    // ... and with another modification time (a copy, an install) its SHA-1 decides.
    const script = join(dir, 'dep.vm.js');
    const { atime, mtime } = statSync(script);
    utimesSync(script, atime, new Date(mtime.getTime() - 5000));
    expect(runNode(dir, withCrypto)).toEqual([true, true]);
    // An edit of the same length whose modification time is then set back (`touch -r`, a copy
    // with `cp -p` over the file): its change time differs, and the SHA-1 decides.
    const text0 = readFileSync(script, 'utf8');
    runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' });
    expect(runNode(dir, withCrypto)).toEqual([false, true]);
    const ref = join(dir, 'times.ref');
    writeFileSync(ref, '');
    spawnSync('touch', ['-r', script, ref]);
    writeFileSync(script, text0.replace('const one = 1;', 'const one = 8;'));
    spawnSync('touch', ['-r', ref, script]);
    expect(statSync(script).mtimeMs).toBe(statSync(ref).mtimeMs);
    const stale = `const d = await import('./dep.node.js'); console.log(JSON.stringify([d.one, ...globalThis[Symbol.for('neurite.codeCache')].map((e) => e.cached)]));`;
    expect(runNode(dir, stale)).toEqual([8, false]);
    writeFileSync(script, text0);
    // A script whose times are not older than its cache (a clock too coarse to tell an edit made
    // just after the cache was written): the SHA-1 decides, though the stat is the one recorded.
    const now = statSync(script);
    utimesSync(script, now.atime, new Date(Date.now() + 60_000));
    runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' });
    expect(runNode(dir, withCrypto)).toEqual([true, true]);
    writeFileSync(script, text0);
    writeFileSync(cacheFile, bytes);
    // A script edited in place, its length kept (as a patch would), is not run from the old cache.
    const text = readFileSync(script, 'utf8');
    writeFileSync(script, text.replace('const one = 1;', 'const one = 7;'));
    const edited = `const d = await import('./dep.node.js'); console.log(JSON.stringify([d.one, ...globalThis[Symbol.for('neurite.codeCache')].map((e) => e.cached)]));`;
    expect(runNode(dir, edited)).toEqual([7, false]);
    writeFileSync(script, text);
  });

  it('writes caches for the flags the process was started with', () => {
    // (While writing, the loader turns V8's Sparkplug and bytecode flushing off, and back on
    // before the caches are written; a process started without Sparkplug keeps it off.)
    const probe = `await import('./dep.node.js'); console.log(JSON.stringify(globalThis[Symbol.for('neurite.codeCache')].map((e) => e.cached)));`;
    const noSparkplug = ['--no-sparkplug'];
    rmSync(join(dir, 'dep.vm.cache'), { force: true });
    runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' }, noSparkplug);
    expect(runNode(dir, probe, {}, noSparkplug)).toEqual([true]);
    expect(runNode(dir, probe)).toEqual([false]);
    runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' });
    expect(runNode(dir, probe)).toEqual([true]);
    expect(runNode(dir, probe, {}, noSparkplug)).toEqual([false]);
  });

  it('keeps Sparkplug off while writing until the main thread writes, whatever worker threads do', () => {
    // A worker that loads a script and exits writes its caches; the flags are the process's, and
    // only the main thread's loader sets them back.
    const probe = [
      `import { Worker } from 'node:worker_threads';`,
      `const dep = await import('./dep.node.js');`,
      `await new Promise((r) => new Worker("import('./side.node.js')", { eval: true }).on('exit', r));`,
      `for (let i = 0; i < 5000; i++) dep.default(i);`,
      `console.log(JSON.stringify([%ActiveTierIsIgnition(dep.default), %ActiveTierIsSparkplug(dep.default)]));`,
    ].join('\n');
    const flags = ['--allow-natives-syntax', '--no-opt'];
    expect(runNode(dir, probe, { NEURITE_CODE_CACHE: 'write' }, flags)).toEqual([true, false]);
    expect(runNode(dir, probe, { NEURITE_CODE_CACHE: 'off' }, flags)).toEqual([false, true]);
  });
});

describe('what a module does, the same through its shim', () => {
  const dir = join(work, 'semantics');
  writeVariants(dir, {
    'log.js': 'export const order = globalThis.order ??= [];\n',
    'poly.js': 'import { order } from "./log.js";\norder.push("poly");\nexport {};\n',
    'a.js': 'import { order } from "./log.js";\norder.push("a");\nexport const a = 1;\n',
    // esbuild puts an import where the source module it came from starts: below code that runs first.
    'late.js': [
      'const early = f();',
      'import { a } from "./a.js";',
      'function f() { return a + 1; }',
      'export { early };',
    ].join('\n'),
    'order.js': 'import "./poly.js";\nimport { a } from "./a.js";\nimport { order } from "./log.js";\nexport const seen = [...order, a];\n',
    'names.js': [
      'const micro = /\u00b5/;',
      'const x = 1;',
      'export { x as new, micro };',
      'export default function () { return 2; }',
    ].join('\n'),
  });
  const probe = (suffix: string): unknown => runNode(dir, `
    const order = await import('./order${suffix}');
    const late = await import('./late${suffix}');
    const names = await import('./names${suffix}');
    console.log(JSON.stringify({ seen: order.seen, early: late.early, micro: names.micro.test('\u00b5'), isNew: names.new, def: [names.default.name, names.default()] }));`);

  it('evaluates imports in the module\'s order, binds them before its code runs, keeps regular expressions, names and anonymous defaults', () => {
    const esm = probe('.js');
    expect(esm).toEqual({ seen: ['poly', 'a', 1], early: 2, micro: true, isNew: 1, def: ['default', 2] });
    expect(probe('.node.js')).toEqual(esm);
  });
});

describe('the built packages', () => {
  const dist = join(packageDir, 'dist');
  it('load through their code caches and give the same bits as without them', () => {
    expect(existsSync(join(dist, 'index.node.js')), 'the packages are not built: run `pnpm build`').toBe(true);
    const caches = readdirSync(dist).filter((f) => f.endsWith('.vm.cache'));
    expect(caches, 'no code caches: run `pnpm build` (scripts/code-cache/write.mjs writes them)').not.toHaveLength(0);
    const probe = `
      const { createH } = await import('neurite');
      const h = createH();
      const soma = h.Section({ name: 'soma' });
      soma.L = soma.diam = 20;
      soma.insert('hh');
      const stim = h.IClamp(soma(0.5));
      stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;
      const v = h.Vector().record(soma(0.5)._ref_v);
      h.finitialize(-65);
      h.continuerun(10);
      const loaded = globalThis[Symbol.for('neurite.codeCache')];
      console.log(JSON.stringify({ bits: Buffer.from(Float64Array.from(v.to_python()).buffer).toString('base64'), loaded }));`;
    const on = runNode(packageDir, probe) as { bits: string; loaded: { file: string; cached: boolean }[] };
    const off = runNode(packageDir, probe, { NEURITE_CODE_CACHE: 'off' }) as typeof on;
    const names = on.loaded.map((e) => e.file.replace(/.*\/packages\//, ''));
    expect(names).toEqual(expect.arrayContaining(['core/dist/index.vm.js', 'mechanisms/dist/index.vm.js', 'neurite/dist/index.vm.js']));
    expect(on.loaded.filter((e) => !e.cached).map((e) => e.file)).toEqual([]);
    expect(off.loaded.every((e) => !e.cached)).toBe(true);
    expect(on.bits).toBe(off.bits);
    expect(on.bits.length).toBeGreaterThan(1000);
  });
});
