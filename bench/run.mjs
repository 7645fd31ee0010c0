#!/usr/bin/env node
// The neurite benchmark: runs the same models in NEURON 8.2.2 and in neurite, alternating, each
// run in a fresh process, and writes the medians and the ratio neurite/NEURON to RESULTS.md.
//
//   pnpm bench                 # the full run (about 10 minutes on 2 cores), writes bench/RESULTS.md
//   pnpm bench --quick         # a smoke run (about 1 minute), writes bench/out/RESULTS.quick.md
//   node bench/run.mjs --reps 5 --large-reps 2 --only tutorial,cable1e3,compile
//   (--tutorial-reps N: the tutorial cell's repetitions, 15 by default: its first run in a
//   process is bimodal, see README.md, and a median of 5 would flip with the draw)
//
// See README.md for what is measured and how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const HH_MOD = join(ROOT, 'packages', 'mechanisms', 'mod', 'hh.mod');
const TOLERANCE_MV = 1e-6;

// ------------------------------------------------------------------ options ---

function parseOptions(argv) {
  const o = { quick: false, reps: 5, tutorialReps: 15, midReps: 3, largeReps: 1, only: null, output: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--mid-reps') o.midReps = Number(argv[++i]);
    else if (a === '--tutorial-reps') o.tutorialReps = Number(argv[++i]);
    else if (a === '--large-reps') o.largeReps = Number(argv[++i]);
    else if (a === '--only') o.only = new Set(argv[++i].split(','));
    else if (a === '--output') o.output = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}; see --help`);
  }
  if (o.quick) {
    o.reps = 1;
    o.tutorialReps = 1;
    o.midReps = 1;
    o.largeReps = 0;
  }
  return o;
}

const opts = parseOptions(process.argv.slice(2));
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

// ------------------------------------------------------------ processes ---

/** Runs a command to completion; returns its wall time and the BENCH_RESULT line's JSON. */
function runProcess(cmd, args, { cwd = HERE, env } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (r.status !== 0 || !line) {
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}):\n${(r.stderr ?? '').slice(-2000)}${(r.stdout ?? '').slice(-1000)}`);
  }
  return { wall_s: wall, ...JSON.parse(line.slice('BENCH_RESULT '.length)) };
}

function tryRun(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  return r.status === 0 ? (r.stdout ?? '').trim() : null;
}

// --------------------------------------------------------------- NEURON ---

/** A python3 that can `from neuron import h`, installing Debian's packages when missing and
 * allowed; null (with the reason) when there is none. */
function findNeuron() {
  const probe = 'import neuron, sys; from neuron import h; print(neuron.__version__)';
  const pythons = [process.env.NEURON_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  const look = () => {
    for (const py of pythons) {
      const v = tryRun(py, ['-c', probe]);
      if (v) return { python: py, version: v.split('\n').pop() };
    }
    return null;
  };
  let found = look();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = tryRun('sh', ['-c', 'command -v apt-get']);
  if (apt && root) {
    log('NEURON is missing: installing Debian\'s python3-neuron, neuron and neuron-dev with apt-get');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'python3-neuron', 'neuron', 'neuron-dev', 'libinterviews-dev'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    found = look();
    if (found) return found;
    return { missing: 'apt-get could not install a working NEURON (python3-neuron)' };
  }
  return { missing: apt ? 'NEURON is not installed and installing it needs root (apt-get install python3-neuron neuron neuron-dev)' : 'NEURON is not installed and there is no apt-get to install it' };
}

/** Writes a working copy of Debian's nrnivmodl into `dir`: the packaged one looks for
 * nrnmech_makefile in bindir, where Debian does not put it. Returns its path, or null. */
function fixedNrnivmodl(dir) {
  const where = tryRun('sh', ['-c', 'command -v nrnivmodl']);
  if (!where) return null;
  const real = realpathSync(where);
  const text = readFileSync(real, 'utf8');
  const prefix = dirname(dirname(real));
  const candidates = [join(prefix, 'lib', 'nrn'), join(prefix, 'share', 'nrn'), join(prefix, 'bin')];
  const libdir = candidates.find((d) => existsSync(join(d, 'nrnmech_makefile')));
  if (!libdir) return null;
  const broken = '"${bindir}/nrnmech_makefile" "ROOT=${prefix}"';
  const fixed = text.includes(broken) && !existsSync(join(prefix, 'bin', 'nrnmech_makefile'))
    ? text.replace(broken, `"${libdir}/nrnmech_makefile" "ROOT=\${prefix}" "libdir=${libdir}"`)
    : text;
  const out = join(dir, 'nrnivmodl_fixed.sh');
  writeFileSync(out, fixed);
  ensureInterViews(prefix);
  return out;
}

/** nrnivmodl's last step compiles and links `special`, NEURON's executable with the mechanisms,
 * which includes InterViews' `ivstream.h`: Debian has it in libinterviews-dev, which neuron-dev
 * does not pull in. Installs it when missing and this runs as root with apt-get (else the step
 * fails, and the compile table says so). */
function ensureInterViews(prefix) {
  if (existsSync(join(prefix, 'include', 'ivstream.h'))) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !tryRun('sh', ['-c', 'command -v apt-get'])) return;
  log('nrnivmodl needs ivstream.h to link special: installing Debian\'s libinterviews-dev with apt-get');
  spawnSync('apt-get', ['install', '-y', 'libinterviews-dev'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** One nrnivmodl build of `mod` in a fresh directory: the wall time of the whole command
 * (`wall_s`), the time from its start to the last write of `libnrnmech.so` (`lib_s`, the file's
 * modification time: the library Python's `neuron` loads), and whether it built `special`. */
function runNrnivmodl(script, mod, tmp, rep) {
  const dir = join(tmp, `nrnivmodl-${rep}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(mod, join(dir, 'hh.mod'));
  const start = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const r = spawnSync('bash', [script], { cwd: dir, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const arch = tryRun('uname', ['-m']) ?? 'x86_64';
  const lib = join(dir, arch, 'libnrnmech.so');
  if (!existsSync(lib)) throw new Error(`nrnivmodl did not build ${arch}/libnrnmech.so:\n${(r.stderr ?? '').slice(-2000)}`);
  const libS = (Number(statSync(lib, { bigint: true }).mtimeNs) / 1e6 - start) / 1000;
  const special = existsSync(join(dir, arch, 'special'));
  return { sim: 'neuron', model: 'compile', wall_s: wall, lib_s: libS, special, status: r.status };
}

// ---------------------------------------------------------------- cases ---

const neuron = findNeuron();
if (neuron.missing) log(`NEURON skipped: ${neuron.missing}. Only neurite is measured; no ratios.`);
else log(`NEURON ${neuron.version} via ${neuron.python}`);
const haveNeuron = !neuron.missing;

const cableTstop = opts.quick ? 20 : 100;
const cableSizes = opts.quick ? [1e3, 1e4] : [1e3, 1e4, 1e5];
const repsFor = (ncomp) => (ncomp >= 1e5 ? opts.largeReps : ncomp >= 1e4 ? opts.midReps : opts.reps);

/** A simulated model: how to run each side once. */
const cases = [];
cases.push({
  id: 'tutorial', label: 'tutorial cell, 40 ms', reps: opts.tutorialReps, target: 1.0,
  neuron: (cache) => [neuron.python, ['tutorial.py', '--cache', String(cache)], join(HERE, 'neuron')],
  neurite: () => [process.execPath, ['tutorial.mjs'], join(HERE, 'neurite')],
});
// The same cell with Node's V8 thread pool as large as the machine's cores rather than Node's 4:
// V8's background compiling then cannot take the main thread's turn (bench/PROFILE.md, "The
// first run's slow mode"). No target: it shows what the Node option gives.
const cores = os.availableParallelism();
cases.push({
  id: 'tutorial', variant: 'pool', label: `tutorial cell, 40 ms, node --v8-pool-size=${cores}`, reps: opts.tutorialReps, target: null,
  neuron: (cache) => [neuron.python, ['tutorial.py', '--cache', String(cache)], join(HERE, 'neuron')],
  neurite: () => [process.execPath, [`--v8-pool-size=${cores}`, 'tutorial.mjs'], join(HERE, 'neurite')],
});
for (const ncomp of cableSizes) {
  for (const so of [0, 2]) {
    const exp = Math.round(Math.log10(ncomp));
    cases.push({
      id: `cable1e${exp}`, so, ncomp, label: `hh cable 10^${exp} compartments, secondorder ${so}, ${cableTstop} ms`,
      reps: repsFor(ncomp), target: ncomp >= 1e4 ? 0.6 : 1.0,
      neuron: (cache) => [neuron.python, ['cable.py', '--ncomp', String(ncomp), '--secondorder', String(so), '--cache', String(cache), '--tstop', String(cableTstop)], join(HERE, 'neuron')],
      neurite: () => [process.execPath, ['--expose-gc', 'cable.mjs', '--ncomp', String(ncomp), '--secondorder', String(so), '--tstop', String(cableTstop)], join(HERE, 'neurite')],
    });
  }
}
cases.push({
  id: 'ring', label: 'ring network, 100 cells, 100 ms', reps: opts.reps, target: 1.0,
  neuron: (cache) => [neuron.python, ['ring.py', '--cells', '100', '--cache', String(cache)], join(HERE, 'neuron')],
  neurite: () => [process.execPath, ['ring.mjs', '--cells', '100'], join(HERE, 'neurite')],
});
// A cell whose time goes to a KINETIC scheme (34 states per compartment): NEURON loads the test
// mechanisms as nrnivmodl built them (once, before the runs; not timed), neurite compiles them
// in the process, before the timed span.
const KINETIC_MODS = ['cahv.mod', 'cashell.mod'].map((f) => join(ROOT, 'packages', 'mechanisms', 'test', 'fixtures', 'mod', f));
let kineticLib = null;
cases.push({
  id: 'kinetic', label: 'calcium-shell cell (34 KINETIC states per compartment, 100 compartments), 100 ms', reps: opts.reps, target: null,
  neuron: (cache) => [neuron.python, ['kinetic.py', '--cache', String(cache), '--lib', kineticLib ?? 'missing'], join(HERE, 'neuron')],
  neurite: () => [process.execPath, ['kinetic.mjs'], join(HERE, 'neurite')],
});
const selected = cases.filter((c) => c.reps > 0 && (!opts.only || opts.only.has(c.id)));
const doCompile = !opts.only || opts.only.has('compile');

// ------------------------------------------------------------------ run ---

const samples = new Map(); // case key -> { neuron0: [], neuron1: [], neurite: [] }
const key = (c) => `${c.id}/so${c.so ?? 0}${c.variant ? `/${c.variant}` : ''}`;
const maxReps = Math.max(0, ...selected.map((c) => c.reps), doCompile ? opts.reps : 0);
const env = {};
const started = performance.now();
const loadStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** Failed runs: kept out of the medians, listed under the table. A run that fails is tried
 * again twice, 20 s apart: in a shared checkout the packages may be rebuilding for a moment. */
const failures = [];
function attempt(label, fn) {
  for (let tries = 1; ; tries++) {
    try {
      return fn();
    } catch (e) {
      const msg = String(e instanceof Error ? e.message : e).split('\n').filter(Boolean).slice(0, 3).join(' / ');
      if (tries < 3) {
        log(`${label} failed (${msg}); trying again in 20 s`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20_000);
        continue;
      }
      failures.push(`${label}: ${msg}`);
      log(`FAILED ${label}: ${msg}`);
      return null;
    }
  }
}

let tmp = null;
let nrnivmodl = null;
const doKinetic = selected.some((c) => c.id === 'kinetic');
if (doCompile || doKinetic) {
  tmp = mkdtempSync(join(os.tmpdir(), 'neurite-bench-'));
  if (haveNeuron) {
    nrnivmodl = fixedNrnivmodl(tmp);
    if (!nrnivmodl) log('nrnivmodl (or its nrnmech_makefile) not found: the compile and kinetic rows have no NEURON side');
  }
}
if (doKinetic && nrnivmodl) {
  const dir = join(tmp, 'kinetic');
  mkdirSync(dir, { recursive: true });
  for (const f of KINETIC_MODS) copyFileSync(f, join(dir, f.split('/').pop()));
  spawnSync('bash', [nrnivmodl], { cwd: dir, encoding: 'utf8' });
  const lib = join(dir, 'x86_64', '.libs', 'libnrnmech.so');
  if (existsSync(lib)) kineticLib = lib;
  else log('nrnivmodl could not build the kinetic row\'s mechanisms: that row has no NEURON side');
}

for (let rep = 0; rep < maxReps; rep++) {
  for (const c of selected) {
    if (rep >= c.reps) continue;
    const bucket = samples.get(key(c)) ?? { neuron0: [], neuron1: [], neurite: [] };
    samples.set(key(c), bucket);
    // Alternate which side goes first so that neither always runs on a warmer machine.
    const sides = haveNeuron && (c.id !== 'kinetic' || kineticLib) ? ['neuron0', 'neuron1', 'neurite'] : ['neurite'];
    if (rep % 2 === 1) sides.reverse();
    for (const side of sides) {
      const [cmd, args, cwd] = side === 'neurite' ? c.neurite() : c.neuron(side === 'neuron1' ? 1 : 0);
      const r = attempt(`${c.label} [${side}]`, () => runProcess(cmd, args, { cwd, env }));
      if (!r) continue;
      bucket[side].push(r);
      log(`${c.label} [${side}] rep ${rep + 1}/${c.reps}: sim ${r.sim_s.toFixed(3)} s, process ${r.wall_s.toFixed(3)} s`);
    }
  }
  if (doCompile && rep < opts.reps) {
    const bucket = samples.get('compile') ?? { nrnivmodl: [], neurite: [] };
    samples.set('compile', bucket);
    const order = rep % 2 === 1 ? ['neurite', 'nrnivmodl'] : ['nrnivmodl', 'neurite'];
    for (const side of order) {
      if (side === 'nrnivmodl' && !nrnivmodl) continue;
      const r = attempt(`compile hh.mod [${side}]`, () => (side === 'nrnivmodl'
        ? runNrnivmodl(nrnivmodl, HH_MOD, tmp, rep)
        : runProcess(process.execPath, ['compile.mjs', '--file', HH_MOD, '--warm', rep === 0 ? '20' : '0'], { cwd: join(HERE, 'neurite'), env })));
      if (!r) continue;
      bucket[side].push(r);
      log(`compile hh.mod [${side}] rep ${rep + 1}/${opts.reps}: process ${r.wall_s.toFixed(3)} s${r.cold_s !== undefined ? `, compile ${(r.cold_s * 1000).toFixed(1)} ms` : ''}`);
    }
  }
}
if (tmp) rmSync(tmp, { recursive: true, force: true });
const elapsed = (performance.now() - started) / 1000;

// -------------------------------------------------------------- results ---

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const fmtS = (s) => (Number.isNaN(s) ? '—' : s < 0.1 ? `${(s * 1000).toFixed(2)} ms` : `${s.toFixed(3)} s`);
const fmtR = (r) => (Number.isFinite(r) ? r.toFixed(2) : '—');
const verdict = (r, target) => (Number.isFinite(r) ? (r <= target ? 'met' : 'not met') : '—');

/** The largest |v_neurite - v_NEURON| at the recording sites over every pair of runs. */
function agreement(bucket) {
  let worst = 0;
  let pairs = 0;
  for (const a of bucket.neurite) {
    for (const side of ['neuron0', 'neuron1']) {
      for (const b of bucket[side]) {
        pairs++;
        a.v_final.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - b.v_final[i])); });
        if (a.v_final.length !== b.v_final.length || a.samples !== b.samples) worst = Infinity;
        // Networks: the same spikes too (times in ms, held to the same tolerance).
        if (a.spikes || b.spikes) {
          if (!a.spikes || !b.spikes || a.spikes.length !== b.spikes.length) worst = Infinity;
          else a.spikes.forEach((t, i) => { worst = Math.max(worst, Math.abs(t - b.spikes[i])); });
        }
      }
    }
  }
  return pairs > 0 ? worst : NaN;
}

const rows = [];
const warnings = [];
const json = { machine: null, cases: {} };
for (const c of selected) {
  const b = samples.get(key(c));
  if (!b) continue;
  json.cases[key(c)] = b;
  const m = (side, f) => median(b[side].map((r) => r[f]));
  const best = (f) => Math.min(m('neuron0', f), m('neuron1', f));
  const agree = haveNeuron ? agreement(b) : NaN;
  const agreeText = !haveNeuron ? '—' : Number.isNaN(agree) ? 'not compared (failed runs)' : agree <= TOLERANCE_MV ? `${agree.toExponential(1)} mV` : `**${agree.toExponential(1)} mV: DIFFERENT**`;
  if (haveNeuron && agree > TOLERANCE_MV) warnings.push(`${c.label}: final v differs from NEURON by ${agree} mV (more than ${TOLERANCE_MV} mV)`);
  const n = `${b.neurite.length}`;
  for (const [what, f, target] of [['simulation', 'sim_s', c.target], ['simulation, CPU time', 'sim_cpu_s', null], ['whole process', 'wall_s', null]]) {
    const ratio = m('neurite', f) / best(f);
    rows.push(`| ${c.label}: ${what} | ${fmtS(m('neuron0', f))} | ${fmtS(m('neuron1', f))} | ${fmtS(m('neurite', f))} | ${fmtR(ratio)} | ${target === null ? '' : `<= ${target}: ${verdict(ratio, target)}`} | ${what === 'simulation' ? agreeText : ''} | ${n} |`);
  }
}

let compileRows = [];
let compileNotes = [];
const cb = samples.get('compile');
if (cb) {
  json.cases.compile = cb;
  const nrn = median(cb.nrnivmodl.map((r) => r.wall_s));
  const lib = median(cb.nrnivmodl.map((r) => r.lib_s));
  const cold = median(cb.neurite.map((r) => r.cold_s));
  const warm = median(cb.neurite.filter((r) => r.warm_s !== undefined).map((r) => r.warm_s));
  const proc = median(cb.neurite.map((r) => r.wall_s - r.warm_total_s));
  const speed = (x) => (Number.isFinite(nrn / x) ? `${(nrn / x).toFixed(1)}x` : '—');
  const libSpeed = (x) => (Number.isFinite(lib / x) ? `${(lib / x).toFixed(1)}x` : '—');
  const ok = (x) => (Number.isFinite(nrn / x) ? (nrn / x >= 50 ? 'met' : 'not met') : '—');
  const row = (what, x) => `| ${what} | ${fmtS(x)} | ${fmtS(nrn)} | ${speed(x)} | ${ok(x)} | ${fmtS(lib)} | ${libSpeed(x)} |`;
  compileRows = [
    '| neurite | time | nrnivmodl (whole command) | nrnivmodl / neurite | target >= 50x | nrnivmodl until libnrnmech.so | that / neurite |',
    '|---|---:|---:|---:|---|---:|---:|',
    row('compileMod to a loaded plugin, first call in a process', cold),
    row('compileMod to a loaded plugin, warm (median of 20)', warm),
    row('whole process (node start, import the compiler, compile)', proc),
  ];
  const noSpecial = cb.nrnivmodl.filter((r) => r.special === false).length;
  compileNotes = [
    'nrnivmodl is Debian\'s, with its path to nrnmech_makefile fixed (generated into a temporary directory).',
    'It translates hh.mod to C, compiles and links `x86_64/libnrnmech.so` (the library Python\'s `neuron`',
    'loads), then compiles and links `x86_64/special` (NEURON\'s executable with the mechanisms built in);',
    'the target is against the whole command, which is what its user waits for. "Until libnrnmech.so" is',
    'the time from the command\'s start to the library\'s last write (its modification time), for comparison.',
    ...(noSpecial > 0
      ? [`**In ${noSpecial} of ${cb.nrnivmodl.length} runs nrnivmodl did not build special** (InterViews\' \`ivstream.h\` missing:`,
        'Debian\'s libinterviews-dev): those whole-command times are of a command that failed at its last step.']
      : []),
  ];
}

let memoryRows = [];
const big = [...samples.entries()].filter(([k]) => k.startsWith(opts.quick ? 'cable1e4' : 'cable1e5'));
if (big.length) {
  const per = (side) => {
    const xs = big.flatMap(([, b]) => b[side]).map((r) => (r.rss_model - r.rss_baseline) / r.ncomp);
    return median(xs);
  };
  const ncomp = big[0][1].neurite[0]?.ncomp;
  const bytes = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '—');
  const ratio = per('neurite') / Math.min(per('neuron0'), per('neuron1'));
  memoryRows = [
    `| bytes per compartment, ${ncomp} compartments | NEURON (default) | NEURON (cache_efficient) | neurite | neurite/NEURON |`,
    '|---|---:|---:|---:|---:|',
    `| resident memory after finitialize minus after loading the simulator, per compartment | ${bytes(per('neuron0'))} | ${bytes(per('neuron1'))} | ${bytes(per('neurite'))} | ${fmtR(ratio)} |`,
  ];
}

// -------------------------------------------------------------- machine ---

function machine() {
  const cpus = os.cpus();
  const osRelease = (() => {
    try {
      return readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1];
    } catch { return undefined; }
  })();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${cpus[0]?.model ?? 'unknown'} x ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${osRelease ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    node: process.version,
    python: haveNeuron ? tryRun(neuron.python, ['-c', 'import platform; print(platform.python_version())']) : null,
    neuron: haveNeuron ? neuron.version : `not measured: ${neuron.missing}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    loadStart,
  };
}
const mach = machine();
// (Whether neurite's WebAssembly kernels compute the fused multiply-adds with the processor's
// instruction or emulate them: the same numbers, not the same speed. NEURITE_WASM_FMA=0 emulates.)
mach.fma = await import('@neurite/core/libm').then((m) => m.wasmFusedMultiplyAdd(), () => undefined);
json.machine = mach;

const md = [
  '# Benchmark results',
  '',
  `Generated by \`pnpm bench${opts.quick ? ' --quick' : ''}\` (bench/run.mjs); do not edit by hand. See README.md for what is measured.`,
  '',
  '## Machine',
  '',
  `- date: ${mach.date}`,
  `- CPU: ${mach.cpu}; memory ${mach.memory}`,
  `- OS: ${mach.os}`,
  `- Node ${mach.node}; Python ${mach.python ?? '—'}; NEURON ${mach.neuron}`,
  `- neurite's WebAssembly kernels: ${mach.fma === true ? 'the processor\'s fused multiply-add (relaxed SIMD)' : mach.fma === false ? 'fused multiply-adds emulated' : 'unknown'}`,
  `- load average (1, 5, 15 min) at the start: ${mach.loadStart}; at the end: ${mach.load}; the whole run took ${(elapsed / 60).toFixed(1)} min`,
  ...(Math.max(...os.loadavg()) > os.cpus().length
    ? ['- **the machine was busy with other work** (load above its core count): wall times are noisy; the CPU-time rows are less affected']
    : []),
  '',
  '## Simulations',
  '',
  'Medians over the runs, each run a fresh process. "simulation" is `finitialize` + `continuerun` timed',
  'inside the process (Python\'s `time.perf_counter`, Node\'s `performance.now`); "simulation, CPU time" is',
  'the process\'s CPU time over the same span (`time.process_time`, `process.cpuUsage`: every thread, so',
  'neurite\'s includes its JIT compiler and garbage collector threads); "whole process" is the',
  'wall time of the command, start-up and model building included. The ratio is neurite over the faster',
  'of NEURON\'s two settings. "max |Δv|" compares the final v at the recording sites of every neurite run',
  `with every NEURON run (tolerance ${TOLERANCE_MV} mV); for the ring it also compares every spike time`,
  '(ms, same tolerance; a different number of spikes counts as infinite).',
  '',
  '| model | NEURON (default) | NEURON (cache_efficient) | neurite | neurite/NEURON | target | max \\|Δv\\| | runs |',
  '|---|---:|---:|---:|---:|---|---|---:|',
  ...rows,
  '',
  ...(warnings.length ? ['**Warning: the models do not agree**', '', ...warnings.map((w) => `- ${w}`), ''] : []),
  ...(failures.length ? ['**Failed runs** (left out of the medians):', '', ...failures.map((f) => `- ${f.replace(/\|/g, '\\|')}`), ''] : []),
  ...(compileRows.length ? ['## Compiling hh.mod', '', ...compileRows, '', ...compileNotes, ''] : []),
  ...(memoryRows.length ? ['## Memory', '', ...memoryRows, '',
    'Resident set size read from /proc (NEURON) and `process.memoryUsage()` after two forced garbage',
    'collections (neurite), so it includes sections, segments, mechanism data and the solver\'s arrays.', ''] : []),
];
const text = md.join('\n');
const outFile = opts.output ?? (opts.quick ? join(HERE, 'out', 'RESULTS.quick.md') : join(HERE, 'RESULTS.md'));
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, text);
mkdirSync(join(HERE, 'out'), { recursive: true });
writeFileSync(join(HERE, 'out', opts.quick ? 'results.quick.json' : 'results.json'), JSON.stringify(json, null, 1));
console.log(text);
log(`wrote ${relative(process.cwd(), outFile)} in ${(elapsed / 60).toFixed(1)} min`);
if (warnings.length || failures.length) process.exitCode = 1;
