#!/usr/bin/env node
// `pnpm lint:packages`: checks what each package under packages/ would publish.
//
// Builds, packs every package with `pnpm pack`, then checks each tarball:
//   - our rules: README.md, LICENSE and package.json are in it; no tests, fixtures, sources, source
//     maps or build info; every `exports`, `types` and `bin` target is in it; no `workspace:`
//     ranges and no `source` export condition (its target, src/, is not shipped); `engines.node`,
//     `type: module` and `sideEffects` set; every package that dist/ imports is a dependency; in the
//     repository, `publishConfig.exports` is `exports` without the `source` conditions;
//   - publint (--strict: warnings are errors);
//   - @arethetypeswrong/cli with the esm-only profile (the packages are ES modules for Node 20+
//     and bundlers: CommonJS `require` and node10 resolution are not supported).
//
// publint and attw are installed at pinned versions into a temp folder, not into the workspace.
// Prints a table and a closing line `lint:packages: N passed, N failed` (one per package); exits
// non-zero when any package fails. Options: --no-build, --verbose (print the tools' full output).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const PUBLINT = 'publint@0.3.25';
const ATTW = '@arethetypeswrong/cli@0.18.5';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');

const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
const run = (cmd, argv, opts = {}) => spawnSync(cmd, argv, { encoding: 'utf8', env, maxBuffer: 64 << 20, ...opts });

// pnpm itself: the one on PATH, else the version of the root package.json's packageManager.
const pnpm = (() => {
  if (spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0) return ['pnpm'];
  const pm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager ?? 'pnpm';
  return ['npx', '--yes', pm];
})();

if (!args.includes('--no-build')) {
  console.log('building ...');
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0 || spawnSync(process.execPath, [join(root, 'scripts', 'code-cache', 'write.mjs'), '--quiet'], { stdio: 'inherit' }).status !== 0) {
    console.log('lint:packages: 0 passed, 1 failed (build)');
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'neurite-lint-packages-'));
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('SIGINT', () => { cleanup(); process.exit(130); });

// The tools, outside the workspace.
const tools = join(work, 'tools');
mkdirSync(tools);
writeFileSync(join(tools, 'package.json'), '{ "private": true }\n');
{
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', PUBLINT, ATTW], { cwd: tools });
  if (r.status !== 0) {
    console.log(`npm install ${PUBLINT} ${ATTW} failed:\n${r.stdout}${r.stderr}`);
    console.log('lint:packages: 0 passed, 1 failed (tools)');
    cleanup();
    process.exit(1);
  }
}
const toolBin = (name) => join(tools, 'node_modules', '.bin', name);

/** The exports map without the `source` conditions: what the tarball's package.json must have. */
function withoutSource(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(withoutSource);
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'source').map(([k, x]) => [k, withoutSource(x)]));
}

/** Every target path of an exports map, with the conditions that lead to it. */
function targets(v, path = []) {
  if (typeof v === 'string') return [{ path, target: v }];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => targets(x, [...path, k]));
}

const FORBIDDEN = [
  [/\.map$/, 'a source map (src/ is not shipped)'],
  [/(^|\/)(test|tests|__tests__|fixtures?|scratch|bench|test-artifacts)\//, 'a test, fixture, scratch or bench file'],
  [/\.(test|spec)\.[cm]?[jt]s$/, 'a test file'],
  [/^src\//, 'a source file'],
  [/\.tsbuildinfo$/, 'TypeScript build info'],
  [/(^|\/)(tsconfig[^/]*\.json|vitest\.config\.[cm]?[jt]s|peggy\.config\.json)$/, 'a build or test configuration file'],
];

/** Our own rules for one tarball. */
function ownChecks(dir, files, packed) {
  const problems = [];
  const repo = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  const has = (p) => files.has(posix.normalize(p.replace(/^\.\//, '')));
  for (const f of ['package.json', 'README.md', 'LICENSE']) if (!has(f)) problems.push(`${f} is not in the tarball`);
  for (const f of files) {
    const bad = FORBIDDEN.find(([re]) => re.test(f));
    if (bad) problems.push(`${f} is ${bad[1]}`);
  }
  // exports, types, bin
  if (!packed.exports) problems.push('no "exports"');
  for (const { path, target } of targets(packed.exports)) {
    const where = `exports${path.map((p) => `[${JSON.stringify(p)}]`).join('')}`;
    if (path.includes('source')) problems.push(`${where}: the "source" condition points at ${target}, which is not shipped`);
    else if (target.includes('*')) continue;
    else if (!has(target)) problems.push(`${where}: ${target} is not in the tarball`);
  }
  if (!isDeepStrictEqual(repo.publishConfig?.exports, withoutSource(repo.exports))) {
    problems.push('publishConfig.exports is not "exports" without its "source" conditions (keep them in step)');
  }
  if (packed.types && !has(packed.types)) problems.push(`types: ${packed.types} is not in the tarball`);
  const bins = typeof packed.bin === 'string' ? { [packed.name]: packed.bin } : packed.bin ?? {};
  for (const [name, target] of Object.entries(bins)) {
    if (!has(target)) problems.push(`bin ${name}: ${target} is not in the tarball`);
    else if (!readFileSync(join(work, 'unpacked', dir, 'package', target), 'utf8').startsWith('#!/usr/bin/env node')) {
      problems.push(`bin ${name}: ${target} does not start with #!/usr/bin/env node`);
    }
  }
  // metadata
  if (packed.type !== 'module') problems.push('"type" is not "module"');
  if (!packed.engines?.node) problems.push('no engines.node');
  if (packed.sideEffects === undefined) problems.push('no "sideEffects"');
  if (!packed.license) problems.push('no "license"');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(packed[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(String(range))) problems.push(`${field}.${dep} is ${range}`);
    }
  }
  // every package that the shipped JavaScript imports is declared
  const declared = new Set([packed.name, ...Object.keys({ ...packed.dependencies, ...packed.peerDependencies, ...packed.optionalDependencies })]);
  const builtins = new Set(builtinModules);
  const missing = new Map();
  for (const f of files) {
    if (!/\.(m?js|d\.ts)$/.test(f)) continue;
    // Without comments: doc comments show imports of other packages in their examples.
    const text = readFileSync(join(work, 'unpacked', dir, 'package', f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const specs = [...text.matchAll(/(?:^|[\s;}])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)]
      .map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of specs) {
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtins.has(spec.split('/')[0])) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!declared.has(name)) missing.set(name, f);
    }
  }
  for (const [name, f] of missing) problems.push(`${f} imports ${name}, which is not a dependency`);
  // Every script of a Node.js variant ships with its code cache, made from it (scripts/code-cache/).
  for (const f of files) {
    if (!f.endsWith('.vm.js')) continue;
    const cache = f.replace(/\.js$/, '.cache');
    if (!has(cache)) { problems.push(`${f}: no code cache (${cache}; scripts/code-cache/write.mjs writes them after the build)`); continue; }
    const sha1 = createHash('sha1').update(readFileSync(join(work, 'unpacked', dir, 'package', f))).digest('hex');
    const head = readFileSync(join(work, 'unpacked', dir, 'package', cache)).subarray(0, 256).toString('latin1');
    if (!head.startsWith(`neurite code cache 4 ${sha1} `)) problems.push(`${cache} was made from another ${f}`);
  }
  return problems;
}

/** The first lines of a tool's output that say what is wrong. */
function summary(text) {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trimEnd()).filter(Boolean);
  return lines.slice(0, 40).join('\n');
}

const rows = [];
const unpacked = join(work, 'unpacked');
mkdirSync(unpacked);
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgDir = join(root, 'packages', dir);
  if (!existsSync(join(pkgDir, 'package.json'))) continue;
  const repo = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (repo.private) continue;
  const row = { name: repo.name, files: 0, kib: 0, own: [], publint: '', attw: '' };
  rows.push(row);
  const dest = join(work, 'tarballs', dir);
  mkdirSync(dest, { recursive: true });
  const packed = run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', dest], { cwd: pkgDir });
  const tgzName = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (packed.status !== 0 || !tgzName) {
    row.own.push(`pnpm pack failed: ${packed.stdout}${packed.stderr}`);
    continue;
  }
  const tgz = join(dest, tgzName);
  mkdirSync(join(unpacked, dir));
  run('tar', ['-xzf', tgz, '-C', join(unpacked, dir)]);
  const list = run('tar', ['-tzf', tgz]).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  const files = new Set(list.filter((f) => !f.endsWith('/')));
  row.files = files.size;
  row.kib = readFileSync(tgz).length / 1024;
  const manifest = JSON.parse(readFileSync(join(unpacked, dir, 'package', 'package.json'), 'utf8'));
  row.own = ownChecks(dir, files, manifest);

  const publint = run(toolBin('publint'), ['run', tgz, '--strict'], { cwd: work });
  const publintOut = `${publint.stdout}${publint.stderr}`;
  row.publint = publint.status === 0 && !/\b(Errors?|Warnings?|Suggestions?):/.test(publintOut) ? 'ok' : summary(publintOut);
  if (verbose) console.log(`--- publint ${repo.name}\n${publintOut}`);

  const attw = run(toolBin('attw'), [tgz, '--profile', 'esm-only', '--format', 'table-flipped'], { cwd: work });
  const attwOut = `${attw.stdout}${attw.stderr}`;
  row.attw = attw.status === 0 ? 'ok' : summary(attwOut);
  if (verbose) console.log(`--- attw ${repo.name}\n${attwOut}`);
}

let passed = 0, failed = 0;
console.log(`\n${'package'.padEnd(26)}${'files'.padStart(6)}${'KiB'.padStart(8)}  own     publint attw`);
for (const r of rows) {
  const ok = r.own.length === 0 && r.publint === 'ok' && r.attw === 'ok';
  if (ok) passed += 1; else failed += 1;
  const mark = (x) => (x === 'ok' ? 'ok' : 'FAIL').padEnd(8);
  console.log(`${r.name.padEnd(26)}${String(r.files).padStart(6)}${r.kib.toFixed(1).padStart(8)}  ${mark(r.own.length ? 'x' : 'ok')}${mark(r.publint)}${mark(r.attw).trimEnd()}`);
}
for (const r of rows) {
  if (r.own.length) console.log(`\n${r.name}: our checks\n${r.own.map((p) => `  - ${p}`).join('\n')}`);
  if (r.publint !== 'ok') console.log(`\n${r.name}: publint\n${r.publint}`);
  if (r.attw !== 'ok') console.log(`\n${r.name}: attw (--profile esm-only)\n${r.attw}`);
}
cleanup();
console.log(`\nlint:packages: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
