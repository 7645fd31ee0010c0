// Where a .mod file's first compile in a process spends its time: compileMod's phases (its
// `timings` option), then `createKernels`, and the garbage collections that fell in the compile,
// printed as one line. The first compile is what a program that compiles a mechanism at run
// time waits for; with --warm N the line also gives the median total of N more compiles.
//
//   node bench/micro/compile-phases.mjs [--file packages/mechanisms/mod/hh.mod] [--warm N]
//   node bench/micro/compile-phases.mjs --processes 15     (the medians of 15 fresh processes)
//
// `--after-load "FLAGS"` sets V8 flags once the compiler has loaded from its code cache (a flag on
// the command line keeps the cache from serving), e.g. `--after-load "--trace-gc"`. `--calibrate`
// also times a CPU-bound loop (3e6 square roots) just before and just after the compile (`loopBefore`,
// `loopAfter`, ms): whether a slow compile came with a slow processor. `--calls` counts the calls of
// the compiler's functions in the compile (V8's precise coverage; it slows the compile itself).
// `--heap` gives the young generation's free space before the compile (`youngFreeKiB`) and
// what the compile allocates (`allocKiB`, V8's sampling heap profiler every 128 bytes, freed
// objects included; it slows the compile): a compile allocating more than the free space meets a
// scavenge. `--profile FILE` writes a CPU profile of the compile (the inspector's profiler, every
// 20 µs, started after the import so that the code caches serve) to FILE, for
// `node bench/profile-summary.mjs FILE` (with --processes N, FILE-1 ... FILE-N).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const file = opt('--file', fileURLToPath(new URL('../../packages/mechanisms/mod/hh.mod', import.meta.url)));
const processes = Number(opt('--processes', 0));
const warm = Number(opt('--warm', 0));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (processes > 0) {
  const own = argv.filter((a, i) => a !== '--processes' && argv[i - 1] !== '--processes');
  const runs = [];
  for (let i = 0; i < processes; i++) {
    const args = own.map((a, j) => (own[j - 1] === '--profile' ? `${a}-${i + 1}` : a));
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  const keys = Object.keys(runs[0]);
  console.log(`${keys.map((k) => `${k} ${median(runs.map((r) => r[k] ?? 0)).toFixed(2)}`).join(', ')} (ms, medians of ${processes} processes)`);
  console.log(`totals, sorted: ${runs.map((r) => r.total).sort((a, b) => a - b).map((t) => t.toFixed(2)).join(' ')} ms`);
  process.exit(0);
}

const text = readFileSync(file, 'utf8');
const filename = file.split(/[\\/]/).pop();
const gcs = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e); }).observe({ entryTypes: ['gc'] });
const { compileMod } = await import('@neurite/nmodl-compiler');
const after = opt('--after-load', null);
if (after !== null) setFlagsFromString(after);
const calibrate = argv.includes('--calibrate');
const loop = () => {
  const s = performance.now();
  let x = 0;
  for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
  return x > 0 ? performance.now() - s : NaN;
};
if (calibrate) loop(); // (its first run compiles it)
const loopBefore = calibrate ? loop() : undefined;
const heap = argv.includes('--heap');
const profileFile = opt('--profile', null);
// (Before the profiler, which allocates too.)
const youngFree = heap ? getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space').space_available_size : undefined;
let session = null;
if (argv.includes('--calls') || heap || profileFile !== null) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
}
if (argv.includes('--calls')) {
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await session.post('Profiler.takePreciseCoverage');
}
if (profileFile !== null) {
  // (performance.now's first call loads Node's timing modules: before the profile starts.)
  performance.now();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 20 });
  await session.post('Profiler.start');
}
if (heap) {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

const t0 = performance.now();
const r = compileMod(text, { filename, timings: true });
const t1 = performance.now();
if (!r.plugin) throw new Error(`${filename} did not compile: ${JSON.stringify(r.diagnostics)}`);
r.plugin.createKernels();
const t2 = performance.now();
const loopAfter = calibrate ? loop() : undefined;
let calls, alloc;
if (profileFile !== null) writeFileSync(profileFile, JSON.stringify((await session.post('Profiler.stop')).profile));
if (heap) {
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const total = (n) => n.selfSize + n.children.reduce((t, c) => t + total(c), 0);
  alloc = { youngFreeKiB: youngFree / 1024, allocKiB: total(profile.head) / 1024 };
}
if (argv.includes('--calls')) {
  const counts = (await session.post('Profiler.takePreciseCoverage')).result
    .filter((sc) => sc.url.includes('nmodl-compiler'))
    .flatMap((sc) => sc.functions.map((f) => f.ranges[0].count))
    .filter((c) => c > 0);
  calls = { functions: counts.length, calls: counts.reduce((a, b) => a + b, 0) };
}
// (Observer entries arrive asynchronously: wait for them.)
await new Promise((resolve) => setTimeout(resolve, 20));
const gc = gcs.filter((e) => e.startTime + e.duration > t0 && e.startTime < t2);
const out = { ...r.timings, createKernels: t2 - t1, total: t2 - t0, gc: gc.length, gcMs: gc.reduce((s, e) => s + e.duration, 0), ...(calibrate ? { loopBefore, loopAfter } : {}), ...calls, ...alloc };
if (warm > 0) {
  const ts = [];
  for (let i = 0; i < warm; i++) {
    const s = performance.now();
    compileMod(text, { filename }).plugin.createKernels();
    ts.push(performance.now() - s);
  }
  out.warm = median(ts);
}
console.log(JSON.stringify(out));
