#!/usr/bin/env node
// Writes the V8 code caches of the packages' Node.js variants (`dist/**/*.vm.cache`, read by
// `dist/vm-load.js`; scripts/code-cache/vm-script.mjs says why), after every package is built:
// runs warmup.mjs in a child process with NEURITE_CODE_CACHE=write, which saves, when it exits,
// the code V8 compiled for each script it loaded. Prints how many scripts have a cache.
//
// A cache serves only the script it was made from (its first line names the script's hash) and
// only the V8 that made it, with the same flags; otherwise the script is compiled as usual. Run
// after every build (the root's build, tutorial, bench and test commands do).
//
//   node scripts/code-cache/write.mjs [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

const r = spawnSync(process.execPath, [fileURLToPath(new URL('./warmup.mjs', import.meta.url))], {
  env: { ...process.env, NEURITE_CODE_CACHE: 'write' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (r.status !== 0) {
  console.error(`code-cache: the warm-up failed (exit ${r.status ?? r.signal}); the packages run without code caches`);
  process.exit(1);
}

let cached = 0, bytes = 0;
for (const file of scripts) {
  const cache = file.replace(/\.js$/, '.cache');
  if (!existsSync(cache) || statSync(cache).mtimeMs < statSync(file).mtimeMs) continue;
  const head = readFileSync(cache).subarray(0, 64).toString('latin1');
  if (!head.startsWith('neurite code cache 1 ')) continue;
  cached++;
  bytes += statSync(cache).size;
}
if (!process.argv.includes('--quiet')) console.log(`code-cache: ${cached} of ${scripts.length} scripts cached (${(bytes / 1024).toFixed(0)} KiB)`);
