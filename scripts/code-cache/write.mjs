#!/usr/bin/env node
// Writes the V8 code caches of the packages' Node.js variants (`dist/**/*.vm.cache`, read by
// `dist/vm-load.js`; scripts/code-cache/vm-script.mjs says why), after every package is built:
// runs the compiler's command and warmup.mjs in child processes with NEURITE_CODE_CACHE=write,
// which save, when they exit, the code V8 compiled for each script they loaded. Prints how many
// scripts have a cache.
//
// A cache serves only the script it was made from (its first line names the script's hash) and
// only the V8 that made it, with the same flags; otherwise the script is compiled as usual. Run
// after every build (the root's build, tutorial, bench and test commands do).
//
//   node scripts/code-cache/write.mjs [--quiet] [--v8-flags "FLAGS"]
//
// `--v8-flags` is for experiments: the caches are written (and checked) under those V8 flags, so
// that only a process started with the same flags takes them, e.g. `--v8-flags
// --min-semi-space-size=16` then `node --min-semi-space-size=16 bench/micro/compile-phases.mjs`.
// Write them again without it afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scripts = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dist = join(root, 'packages', pkg, 'dist');
  if (!existsSync(dist)) continue;
  for (const f of readdirSync(dist, { recursive: true })) if (f.endsWith('.vm.js')) scripts.push(join(dist, f));
}
if (scripts.length === 0) {
  console.error('code-cache: no scripts (*.vm.js) in packages/*/dist: build the packages first');
  process.exit(1);
}

// The compiler's command first (its own script; the compiler's shared code is saved again by the
// warm-up, which runs more of it), then the warm-up of the packages.
// (Without NODE_OPTIONS: V8 takes a cache only under the flags that made it, and a plain `node`
// should find them usable.)
const { NODE_OPTIONS: _flags, ...clean } = process.env;
const argv = process.argv.slice(2);
const v8Flags = argv.includes('--v8-flags') ? argv[argv.indexOf('--v8-flags') + 1].split(/\s+/).filter((f) => f !== '') : [];
const env = { ...clean, NEURITE_CODE_CACHE: 'write' };
const out = mkdtempSync(join(tmpdir(), 'neurite-code-cache-'));
const runs = [[fileURLToPath(new URL('./warmup.mjs', import.meta.url))]];
const nmodlc = join(root, 'packages', 'nmodl-compiler', 'dist', 'bin', 'nmodlc.js');
const mods = join(root, 'packages', 'mechanisms', 'mod');
if (existsSync(nmodlc)) runs.unshift([nmodlc, join(mods, 'hh.mod'), join(mods, 'ExpSyn.mod'), '--js', '-o', out]);
try {
  for (const run of runs) {
    const r = spawnSync(process.execPath, [...v8Flags, ...run], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) {
      console.error(`code-cache: ${run.slice(0, 2).map((a) => a.split('/').pop()).join(' ')} failed (exit ${r.status ?? r.signal}); the packages run without code caches`);
      process.exit(1);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

// Checked as a user's process meets them: a plain \`node\` (with --v8-flags, one with those) loading the packages.
const check = spawnSync(process.execPath, [...v8Flags, fileURLToPath(new URL('./warmup.mjs', import.meta.url)), '--check'], {
  env: { ...clean, NEURITE_CODE_CACHE: 'on' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
});
const loaded = check.status === 0 ? JSON.parse(check.stdout.trim().split('\n').pop()) : null;
const unused = loaded?.filter((e) => !e.cached).map((e) => e.file) ?? ['(the check did not run)'];
if (unused.length > 0) {
  console.error(`code-cache: written, but a plain node${v8Flags.length > 0 ? ` with ${v8Flags.join(' ')}` : ''} does not use them for: ${unused.join(', ')}`);
  process.exit(1);
}
let cached = 0, bytes = 0;
for (const file of scripts) {
  const cache = file.replace(/\.js$/, '.cache');
  if (!existsSync(cache) || statSync(cache).mtimeMs < statSync(file).mtimeMs) continue;
  cached++;
  bytes += statSync(cache).size;
}
if (!argv.includes('--quiet')) console.log(`code-cache: ${cached} of ${scripts.length} scripts cached (${(bytes / 1024).toFixed(0)} KiB); ${loaded.length} loaded from their caches by a plain node${v8Flags.length > 0 ? ` with ${v8Flags.join(' ')}` : ''}`);
