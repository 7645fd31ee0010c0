#!/usr/bin/env node
// `pnpm test:packages`: proves that each published package works on its own, outside the workspace.
//
// Builds, packs every package under packages/ with `pnpm pack` (which rewrites `workspace:`
// dependencies to versions and applies `publishConfig`), then in empty folders under the OS temp
// folder installs the tarballs with plain `npm install` (third-party dependencies come from the
// registry) and uses them as a user would:
//
//   tutorial   only `neurite`: the tutorial in TypeScript, type-checked and run; a .mod compiled at run time
//   compiler   only `@neurite/nmodl-compiler`: `nmodlc` on a .mod file, `compileMod` and its diagnostics
//   io         only `@neurite/io`: a CSV file converted to .npz, pickle and JSON and read back exactly
//   cli        `@neurite/cli` installed globally (into a temp prefix): `neurite --help`, `neurite run`
//   vite       `neurite` + `@neurite/plot` bundled into a page by Vite (run in Chromium when present)
//
// Internal dependencies (`@neurite/core@^0.1.0`, ...) are not on the registry: a folder's
// package.json depends on its one package by tarball and redirects the others to their tarballs
// with npm `overrides`, so npm installs exactly what that package declares. The global install
// names all the tarballs it needs in one `npm install -g` command.
//
// Prints one line per scenario and a closing line `pack-test: N passed, N failed`; exits non-zero
// when anything fails. Options: --no-build (use the existing dist/), --keep (keep the temp
// folder), --only a,b (run some scenarios).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;

// Versions of the third-party tools the scenarios install (the same as the workspace's).
const TYPESCRIPT = 'typescript@5.9.3';
const VITE = 'vite@8.3.8';

// A clean environment for npm and the installed tools: nothing of the workspace on PATH, no
// settings that pnpm passes to the scripts it runs.
const KEEP_NPM = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_cafile', 'npm_config_strict_ssl']);
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (/^(npm_|pnpm_)/i.test(k) && !KEEP_NPM.has(k.toLowerCase())) continue;
  if (k === 'NODE_PATH' || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
  env[k] = v;
}
env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => p && !p.startsWith(root)).join(delimiter);
env.npm_config_update_notifier = 'false';
env.npm_config_fund = 'false';
env.npm_config_audit = 'false';

/** Runs a command to completion, capturing its output; rejects with the output on failure. */
function exec(cmd, argv, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 240_000);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${cmd}: ${e.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !opts.expectFailure) resolve(out);
      else if (code !== 0 && opts.expectFailure) resolve(out);
      else reject(new Error(`\`${[cmd, ...argv].join(' ')}\` ${signal ? `killed by ${signal}` : `exited with ${code}`}\n${out.trim()}`));
    });
  });
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// pnpm itself: the one on PATH, else the version of the root package.json's packageManager.
const pnpm = (() => {
  if (spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0) return ['pnpm'];
  const pm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager ?? 'pnpm';
  return ['npx', '--yes', pm];
})();

// ---------------------------------------------------------------------------------------------
// Build and pack.

const started = Date.now();
if (!args.includes('--no-build')) {
  console.log('building ...');
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0 || spawnSync(process.execPath, [join(root, 'scripts', 'code-cache', 'write.mjs'), '--quiet'], { stdio: 'inherit' }).status !== 0) {
    console.log('pack-test: 0 passed, 1 failed (build)');
    process.exit(1);
  }
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'neurite-pack-test-')));
check(relative(root, work).startsWith('..'), 'the temp folder must be outside the workspace');
const cleanup = () => { if (!keep) rmSync(work, { recursive: true, force: true }); };
process.on('SIGINT', () => { cleanup(); process.exit(130); });

const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);
/** name -> { tgz, manifest (the packed package.json) } */
const packs = new Map();
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgDir = join(root, 'packages', dir);
  if (!existsSync(join(pkgDir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const before = new Set(readdirSync(tarballDir));
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballDir], { cwd: pkgDir, encoding: 'utf8' });
  const made = readdirSync(tarballDir).filter((f) => !before.has(f) && f.endsWith('.tgz'));
  if (r.status !== 0 || made.length !== 1) {
    console.log(`pnpm pack failed in packages/${dir}:\n${r.stdout}${r.stderr}`);
    console.log('pack-test: 0 passed, 1 failed (pack)');
    cleanup();
    process.exit(1);
  }
  const tgz = join(tarballDir, made[0]);
  const packed = JSON.parse(spawnSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }).stdout);
  packs.set(manifest.name, { tgz, manifest: packed });
}
console.log(`packed ${packs.size} packages: ${[...packs.keys()].join(', ')}`);

/** The workspace packages that `names` need when installed (themselves and their dependencies). */
function closure(names) {
  const out = new Set();
  const visit = (n) => {
    if (out.has(n)) return;
    const p = packs.get(n);
    check(p, `no tarball for ${n}`);
    out.add(n);
    for (const [dep, range] of Object.entries({ ...p.manifest.dependencies, ...p.manifest.peerDependencies })) {
      check(!String(range).startsWith('workspace:'), `${n} depends on ${dep}@${range} in its tarball`);
      if (packs.has(dep)) visit(dep);
    }
  };
  names.forEach(visit);
  return out;
}

/**
 * Makes an empty project folder whose package.json depends on `main` (tarballs) and `extra`
 * (registry specs), with every other workspace package redirected to its tarball, and installs it.
 */
async function project(name, main, extra = {}, files = {}) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const dependencies = {};
  for (const n of main) dependencies[n] = `file:${packs.get(n).tgz}`;
  const overrides = {};
  for (const [n, p] of packs) if (!main.includes(n)) overrides[n] = `file:${p.tgz}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `neurite-pack-test-${name}`, private: true, type: 'module',
    dependencies, devDependencies: extra, overrides,
  }, null, 2));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  // Exactly the workspace packages that `main` needs, each a real folder here (not a link).
  const expected = closure(main);
  const installed = [...packs.keys()].filter((n) => existsSync(join(dir, 'node_modules', n, 'package.json')));
  check(installed.sort().join() === [...expected].sort().join(),
    `installed ${installed.join(', ')}; expected ${[...expected].join(', ')}`);
  for (const n of installed) {
    const real = realpathSync(join(dir, 'node_modules', n));
    check(real.startsWith(dir + sep), `${n} resolves to ${real}, outside the project`);
  }
  return dir;
}

const bin = (dir, name) => join(dir, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const near = (a, b, tol) => Math.abs(a - b) <= tol;
const read = (p) => readFileSync(p, 'utf8');
const kaMod = read(join(root, 'packages/mechanisms/test/fixtures/mod/ka.mod'));

// NEURON's tutorial cell: the reference values of soma(0.5).v (NEURON 8.2.2, dt 0.025 ms, 40 ms).
const TUTORIAL_V = { min: -76.14, max: 36.96, samples: 1601 };

// A small leak mechanism (the one of the examples/web page), compiled at run time.
const LEAK2_MOD = `TITLE leak2: an extra leak current
NEURON {
  SUFFIX leak2
  NONSPECIFIC_CURRENT i
  RANGE g, e
}
PARAMETER {
  g = 0.0005 (S/cm2)
  e = -70 (mV)
}
ASSIGNED {
  v (mV)
  i (mA/cm2)
}
BREAKPOINT {
  i = g * (v - e)
}
`;

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm' };

/** Serves `root` on 127.0.0.1, opens it in headless Chromium and returns what the page posts to /result. */
async function runPage(root, chromium, timeoutMs = 120_000) {
  let done;
  const posted = new Promise((resolve) => (done = resolve));
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/result') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => { res.end(); done(body); });
      return;
    }
    const path = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(root) || !existsSync(path)) { res.statusCode = 404; res.end(); return; }
    const file = statSync(path).isDirectory() ? join(path, 'index.html') : path;
    res.setHeader('content-type', MIME[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(work, 'chromium-'));
  const browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--remote-debugging-port=0', url], { env, stdio: 'ignore', detached: true });
  let timer;
  try {
    return await Promise.race([
      posted,
      new Promise((_, reject) => browser.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before the page reported`)))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the page reported nothing in ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    try { process.kill(-browser.pid, 'SIGKILL'); } catch { /* already gone */ }
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

const scenarios = {
  /** Only `neurite`: the tutorial in TypeScript, type-checked by tsc against the shipped types. */
  async tutorial() {
    const tutorial = `// NEURON's "Scripting NEURON basics" with only neurite installed.
import { h, createH, MechanismCompileError } from 'neurite';
import type { Section, Vector } from 'neurite';
import { ms, mV } from 'neurite/units';

h.load_file('stdrun.hoc');
const soma: Section = h.Section({ name: 'soma' });
h.topology();
soma.L = 20;
soma.diam = 20;
export const typesAreChecked = () => {
  // @ts-expect-error: a length is a number (the shipped types are not \`any\`)
  soma.L = 'twenty';
};
soma.insert('hh');
const gkbar: number = soma(0.5).hh.gkbar;

const iclamp = h.IClamp(soma(0.5));
iclamp.delay = 2;
iclamp.dur = 0.1;
iclamp.amp = 0.9;
const psection = soma.psection();

const v: Vector = h.Vector().record(soma(0.5)._ref_v);
const t: Vector = h.Vector().record(h._ref_t);
h.finitialize(-65 * mV);
h.continuerun(40 * ms);
const first = { samples: t.size(), tEnd: h.t, vMin: v.min(), vMax: v.max(), gkbar, mechanisms: Object.keys(psection.density_mechs) };

// A channel of one's own, compiled at run time, in an independent simulator.
const h2 = createH();
h2.compile(${JSON.stringify(LEAK2_MOD)}, { filename: 'leak2.mod' });
const cell = h2.Section({ name: 'cell' });
cell.insert('leak2');
const v2 = h2.Vector().record(cell(0.5)._ref_v);
h2.finitialize(-65);
h2.continuerun(100);
let diagnostic = '';
try {
  h2.compile('NEURON { SUFFIX broken', { filename: 'broken.mod' });
} catch (e) {
  if (e instanceof MechanismCompileError) diagnostic = e.message;
}
const codeCache = (globalThis as unknown as Record<symbol, { file: string; cached: boolean }[]>)[Symbol.for('neurite.codeCache')] ?? [];
console.log(JSON.stringify({ ...first, leak2End: v2[v2.size() - 1], diagnostic, scripts: codeCache.length, uncached: codeCache.filter((e) => !e.cached).map((e) => e.file) }));
`;
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'],
        strict: true, skipLibCheck: false, types: [], outDir: 'out', rootDir: '.',
      },
      include: ['tutorial.ts'],
    };
    const dir = await project('tutorial', ['neurite'], { typescript: TYPESCRIPT.split('@')[1] }, {
      'tutorial.ts': tutorial, 'tsconfig.json': JSON.stringify(tsconfig, null, 2),
    });
    await exec(bin(dir, 'tsc'), ['-p', '.'], { cwd: dir });
    const r = JSON.parse((await exec('node', ['out/tutorial.js'], { cwd: dir })).trim().split('\n').pop());
    check(r.samples === TUTORIAL_V.samples && near(r.tEnd, 40, 1e-9), `ran ${r.samples} samples to ${r.tEnd} ms`);
    check(near(r.vMin, TUTORIAL_V.min, 0.01) && near(r.vMax, TUTORIAL_V.max, 0.01), `v: ${r.vMin}..${r.vMax} mV, NEURON's ${TUTORIAL_V.min}..${TUTORIAL_V.max}`);
    check(r.gkbar === 0.036 && r.mechanisms.includes('hh'), `gkbar ${r.gkbar}, mechanisms ${r.mechanisms}`);
    check(near(r.leak2End, -70, 0.01), `leak2 cell at ${r.leak2End} mV after 100 ms, expected -70`);
    check(/broken\.mod:1/.test(r.diagnostic), `compile error: ${JSON.stringify(r.diagnostic)}`);
    // The packages loaded through their code caches (written by the build, shipped in the tarballs).
    check(r.scripts >= 5 && r.uncached.length === 0, `code caches: ${r.scripts} scripts loaded, without a cache: ${r.uncached.join(', ')}`);
    return `tsc strict with skipLibCheck off; v ${r.vMin.toFixed(2)}..${r.vMax.toFixed(2)} mV; h.compile ok; ${r.scripts} scripts from their code caches`;
  },

  /** Only `@neurite/nmodl-compiler`: `nmodlc` and `compileMod` in a build script. */
  async compiler() {
    const script = `import { compileMod, formatDiagnostic } from '@neurite/nmodl-compiler';
import { readFileSync } from 'node:fs';
const text = readFileSync('ka.mod', 'utf8');
const ok = compileMod(text, { filename: 'ka.mod' });
const bad = compileMod('PARAMETER { gnabar = .12 (S/cm2 }', { filename: 'bad.mod' });
const generated = (await import('./gen/ka.js')).default;
console.log(JSON.stringify({
  name: ok.plugin?.name, kind: ok.plugin?.kind, errors: ok.diagnostics.filter((d) => d.severity === 'error').length,
  badPlugin: bad.plugin === undefined, badCodes: bad.diagnostics.map((d) => d.code),
  formatted: formatDiagnostic(bad.diagnostics[0], { filename: 'bad.mod', source: 'PARAMETER { gnabar = .12 (S/cm2 }' }),
  generatedName: generated?.name, generatedAbi: generated?.abiVersion,
}));
`;
    const dir = await project('compiler', ['@neurite/nmodl-compiler'], {}, { 'ka.mod': kaMod, 'build.mjs': script });
    // nmodlc writes gen/ka.ts (and gen/ka.js with --js): a build step of a modeller's project.
    await exec(bin(dir, 'nmodlc'), ['ka.mod', '-o', 'gen', '--js'], { cwd: dir });
    check(existsSync(join(dir, 'gen/ka.ts')), 'nmodlc wrote no gen/ka.ts');
    check(read(join(dir, 'gen/ka.ts')).includes('export default'), 'gen/ka.ts has no default export');
    // --js writes a function body; make it an ES module to import it.
    writeFileSync(join(dir, 'gen/ka.js'), `export default (function () {\n${read(join(dir, 'gen/ka.js'))}\n})();\n`);
    const r = JSON.parse((await exec('node', ['build.mjs'], { cwd: dir })).trim().split('\n').pop());
    check(r.name === 'ka' && r.kind === 'density' && r.errors === 0, `compileMod(ka.mod): ${JSON.stringify(r)}`);
    check(r.generatedName === 'ka' && r.generatedAbi === 1, `nmodlc's ka.js: name ${r.generatedName}, ABI ${r.generatedAbi}`);
    check(r.badPlugin && r.badCodes.some((c) => /^NMODL1\d\d$/.test(c)) && r.formatted.startsWith('bad.mod:1:'), `diagnostics: ${JSON.stringify(r)}`);
    const help = await exec(bin(dir, 'nmodlc'), ['--help'], { cwd: dir });
    check(help.includes('usage: nmodlc'), 'nmodlc --help');
    return `nmodlc ka.mod -> ka.ts, ka.js; compileMod ok; diagnostics ${r.badCodes.join(',')}`;
  },

  /** Only `@neurite/io`: convert a CSV file to the other formats and read them back. */
  async io() {
    const csv = 't,v\n0,-65\n0.025,-64.99791577\n0.05,-64.9958\n1e-300,5e-324\n';
    const script = `import { load, save, loadNpz, loadPickle, loadJson } from '@neurite/io/node';
import { parseCsv, formatNpy, parseNpy } from '@neurite/io';
import { readFileSync } from 'node:fs';
const table = load('in.csv');
save('out.npz', table);
save('out.p', table);
save('out.json', table);
const same = (a, b) => a.names.join() === b.names.join() && a.list.every((c, i) => c.length === b.list[i].length && c.every((x, j) => Object.is(x, b.list[i][j])));
const fromText = parseCsv(readFileSync('in.csv', 'utf8'));
const npy = parseNpy(formatNpy(table.columns.v));
console.log(JSON.stringify({
  names: table.names, rows: table.rowCount,
  npz: same(table, loadNpz('out.npz')), pickle: same(table, loadPickle('out.p')), json: same(table, loadJson('out.json')),
  text: same(table, fromText), npy: Array.from(npy.data ?? npy).length,
}));
`;
    const dir = await project('io', ['@neurite/io'], {}, { 'in.csv': csv, 'convert.mjs': script });
    const r = JSON.parse((await exec('node', ['convert.mjs'], { cwd: dir })).trim().split('\n').pop());
    check(r.names.join() === 't,v' && r.rows === 4, `read ${JSON.stringify(r)}`);
    check(r.npz && r.pickle && r.json && r.text, `a format did not read back exactly: ${JSON.stringify(r)}`);
    return 'CSV -> .npz, pickle, JSON, read back bit for bit';
  },

  /** `@neurite/cli` installed globally into a temp prefix. */
  async cli() {
    const prefix = join(work, 'global');
    const needed = [...closure(['@neurite/cli'])];
    await exec('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', ...needed.map((n) => packs.get(n).tgz)], { cwd: work });
    const neurite = process.platform === 'win32' ? join(prefix, 'neurite.cmd') : join(prefix, 'bin', 'neurite');
    check(existsSync(neurite), 'npm install -g made no `neurite` command');
    // A folder with no package.json: the command is all a user has.
    const dir = join(work, 'cli-run');
    mkdirSync(dir);
    const help = await exec(neurite, ['--help'], { cwd: dir });
    for (const cmd of ['run', 'compile', 'convert']) check(help.includes(cmd), `neurite --help does not list ${cmd}:\n${help}`);
    const version = (await exec(neurite, ['--version'], { cwd: dir })).trim();
    check(version === packs.get('@neurite/cli').manifest.version, `neurite --version printed ${version}`);
    const model = {
      name: 'tutorial',
      cells: { cell: { sections: { soma: { L: 20, diam: 20, mechanisms: { hh: {} } } } } },
      pointProcesses: { stim: { type: 'IClamp', at: 'soma(0.5)', params: { delay: 2, dur: 0.1, amp: 0.9 } } },
      record: ['soma(0.5).v'],
      run: { dt: 0.025, tstop: 40, v_init: -65 },
      outputs: ['tutorial.csv', 'tutorial.html'],
    };
    writeFileSync(join(dir, 'tutorial.model.json'), JSON.stringify(model, null, 2));
    const summary = JSON.parse(await exec(neurite, ['run', 'tutorial.model.json', '--json'], { cwd: dir }));
    const rec = summary.recordings[0];
    check(near(rec.min, TUTORIAL_V.min, 0.01) && near(rec.max, TUTORIAL_V.max, 0.01) && rec.spikes === 1, `neurite run: ${JSON.stringify(rec)}`);
    check(existsSync(join(dir, 'tutorial.csv')) && existsSync(join(dir, 'tutorial.html')), 'neurite run wrote no tutorial.csv / tutorial.html');
    // A TypeScript script importing neurite, in a folder where nothing is installed.
    writeFileSync(join(dir, 'script.ts'), `import { h } from 'neurite';
import { ms } from 'neurite/units';
const soma = h.Section({ name: 'soma' });
soma.L = 20;
soma.diam = 20;
soma.insert('hh');
const stim = h.IClamp(soma(0.5));
stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;
const v = h.Vector().record(soma(0.5)._ref_v);
h.finitialize(-65);
h.continuerun(40 * ms);
const top: number = v.max();
console.log('peak', top.toFixed(2));
`);
    const out = await exec(neurite, ['run', 'script.ts'], { cwd: dir });
    check(/peak 36\.9\d/.test(out), `neurite run script.ts printed:\n${out}`);
    writeFileSync(join(dir, 'ka.mod'), kaMod);
    await exec(neurite, ['compile', 'ka.mod', '--check'], { cwd: dir });
    const bad = await exec(neurite, ['run', 'missing.json'], { cwd: dir, expectFailure: true });
    check(bad.length > 0, 'neurite run missing.json printed nothing');
    return `npm install -g; --help, --version ${version}, run model (1 spike), run script.ts, compile --check`;
  },

  /** `neurite` + `@neurite/plot` in a web page bundled by Vite. */
  async vite() {
    const page = {
      'index.html': `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8" /><title>neurite</title><link rel="icon" href="data:," /></head>
  <body>
    <div id="plot"></div><pre id="result">running</pre>
    <script>
      // The test serves this page and waits for its result (posted to /result).
      window.report = (text) => {
        document.getElementById('result').textContent = text;
        fetch('/result', { method: 'POST', body: text }).catch(() => {});
      };
      addEventListener('error', (e) => report('error ' + e.message));
      addEventListener('unhandledrejection', (e) => report('error ' + e.reason));
    </script>
    <script type="module" src="./main.ts"></script>
  </body>
</html>
`,
      'main.ts': `import { h } from 'neurite';
import { ms, mV } from 'neurite/units';
import { mountPlot, plot } from '@neurite/plot';

const soma = h.Section({ name: 'soma' });
soma.L = 20;
soma.diam = 20;
soma.insert('hh');
const stim = h.IClamp(soma(0.5));
stim.delay = 2;
stim.dur = 0.1;
stim.amp = 0.9;
const v = h.Vector().record(soma(0.5)._ref_v);
const t = h.Vector().record(h._ref_t);
h.finitialize(-65 * mV);
h.continuerun(40 * ms);
declare function report(text: string): void;
// BokehJS draws on canvases inside shadow roots.
const canvases = (root: ParentNode): number => [...root.querySelectorAll('*')]
  .reduce((n, el) => n + (el.tagName === 'CANVAS' ? 1 : 0) + (el.shadowRoot ? canvases(el.shadowRoot) : 0), 0);
mountPlot(document.getElementById('plot')!, plot(t, v)).then(
  () => setTimeout(() => report('ok ' + v.max().toFixed(2) + ' ' + canvases(document)), 200),
  (e: unknown) => report('error ' + String(e)),
);
`,
      'vite.config.js': `import { defineConfig } from 'vite';
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    // BokehJS registers its models by class name: minification must keep them.
    rolldownOptions: { output: { keepNames: true } },
  },
});
`,
    };
    const dir = await project('vite', ['neurite', '@neurite/plot'], { vite: VITE.split('@')[1] }, page);
    const log = await exec(bin(dir, 'vite'), ['build', '--logLevel', 'warn'], { cwd: dir });
    check(!/externalized for browser compatibility/i.test(log), `a Node module got into the page:\n${log}`);
    const assets = readdirSync(join(dir, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
    check(existsSync(join(dir, 'dist', 'index.html')) && assets.length > 0, 'vite build wrote no page');
    for (const a of assets) {
      const js = read(join(dir, 'dist', 'assets', a));
      check(!/from\s*["']node:|import\(["']node:/.test(js), `dist/assets/${a} imports a node: module`);
    }
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
    if (!chromium) return `vite build: ${assets.length} chunks (no Chromium: the page was not run)`;
    // Serve the built page and let headless Chromium run it; the page posts its result back.
    const result = await runPage(join(dir, 'dist'), chromium);
    check(result.startsWith('ok '), `the page says: ${result}`);
    const [, peak, canvasCount] = result.split(' ');
    check(near(Number(peak), TUTORIAL_V.max, 0.01) && Number(canvasCount) > 0, `the page says: ${result}`);
    return `vite build: ${assets.length} chunks; in Chromium: peak ${peak} mV, BokehJS drew ${canvasCount} canvas(es)`;
  },
};

// ---------------------------------------------------------------------------------------------
// Run the scenarios side by side (each in its own folder) and report.

const names = Object.keys(scenarios).filter((n) => !only || only.includes(n));
let passed = 0, failed = 0;
await Promise.all(names.map(async (name) => {
  const t0 = Date.now();
  try {
    const note = await scenarios[name]();
    passed += 1;
    console.log(`ok    ${name.padEnd(9)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${note}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL  ${name.padEnd(9)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${String(e.message ?? e).replaceAll(work, '<tmp>')}`);
  }
}));
if (keep) console.log(`kept ${work}`);
cleanup();
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`pack-test: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
