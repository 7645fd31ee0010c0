// Where the tutorial cell's first run in a process spends its time: finitialize, then the 40 ms
// run in pieces (to 2, 10, 12, 14, 20, 30, 40 ms), each timed, printed as one line. Run it
// several times, with and without V8 flags, to see which first-run costs are V8's:
//
//   node bench/micro/first-run.mjs
//   node --liftoff-only bench/micro/first-run.mjs        (no optimizing tier-up of WebAssembly)
//   node --no-lazy bench/micro/first-run.mjs             (JavaScript compiled when loaded)
//   NEURITE_CODE_CACHE=off node bench/micro/first-run.mjs (the packages without their code caches)
//
// (A V8 flag on the command line also keeps the code caches from serving: V8 takes a cache only
// under the flags that made it. `--after-load "FLAGS"` sets V8 flags once the packages have
// loaded from their caches, e.g. `--after-load "--liftoff-only"` or `--after-load
// "--trace-wasm-compilation-times"`.) The line also gives the number of garbage collections that
// fell in the run (`gc`). With --threads (Linux) it adds, for each of the process's threads that
// ran or waited during the run, its time on a CPU and its time runnable but waiting for one
// (`/proc/self/task/*/schedstat`, ms): the main thread first.
//
// With --processes N it runs itself in N fresh processes and prints the median of each piece and
// every process's total.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const afterLoad = process.argv.indexOf('--after-load');
const processes = process.argv.indexOf('--processes');
const threads = process.argv.includes('--threads');
if (processes > 0) {
  const n = Number(process.argv[processes + 1]);
  const runs = [];
  const perThread = [];
  const own = [...(afterLoad > 0 ? ['--after-load', process.argv[afterLoad + 1]] : []), ...(threads ? ['--threads'] : [])];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...own], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const [pieces, threadText] = r.stdout.trim().split(' | ');
    if (threadText) perThread.push(threadText);
    runs.push(pieces.split(', ').map((piece) => [piece.replace(/ [\d.]+( ms)?$/, ''), Number(/([\d.]+)( ms)?$/.exec(piece)[1])]));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const totals = runs.map((r) => r[r.length - 1][1]).sort((a, b) => a - b);
  console.log(runs[0].map(([name], k) => `${name} ${median(runs.map((r) => r[k][1])).toFixed(2)}`).join(', ')
    + ` (medians of ${n} processes)\ntotals, sorted: ${totals.map((t) => t.toFixed(2)).join(' ')} ms`
    + `\nprocesses with a garbage collection in the run: ${runs.filter((r) => r.some(([name, x]) => name === 'gc' && x > 0)).length}`
    + perThread.map((t, i) => `\n${runs[i][runs[i].length - 1][1].toFixed(2)} ms: ${t}`).sort((a, b) => parseFloat(a.slice(1)) - parseFloat(b.slice(1))).join(''));
  process.exit(0);
}
const gcs = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e); }).observe({ entryTypes: ['gc'] });
const { createH } = await import('neurite');
if (afterLoad > 0) setFlagsFromString(process.argv[afterLoad + 1]);

const h = createH();
const soma = h.Section({ name: 'soma' });
soma.L = 20;
soma.diam = 20;
soma.insert('hh');
const stim = h.IClamp(soma(0.5));
stim.delay = 2;
stim.dur = 0.1;
stim.amp = 0.9;
h.Vector().record(soma(0.5)._ref_v);

/** Each thread's [time on a CPU, time runnable and waiting] in ns, by thread id. */
const schedstat = () => new Map(readdirSync('/proc/self/task').map((tid) => [tid, readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').slice(0, 2).map(Number)]));
const sched0 = threads ? schedstat() : null;
const t0 = performance.now();
h.finitialize(-65);
const out = [`finitialize ${(performance.now() - t0).toFixed(2)}`];
let at = performance.now();
for (const to of [2, 10, 12, 14, 20, 30, 40]) {
  h.continuerun(to);
  const now = performance.now();
  out.push(`to ${to}: ${(now - at).toFixed(2)}`);
  at = now;
}
// (The observer reports after the run.)
await new Promise((resolve) => setTimeout(resolve, 10));
out.push(`gc ${gcs.filter((e) => e.startTime + e.duration > t0 && e.startTime < at).length}`);
out.push(`total ${(at - t0).toFixed(2)} ms`);
const threadText = [];
if (sched0) {
  const ms = (ns) => (ns / 1e6).toFixed(2);
  for (const [tid, [run, wait]] of schedstat()) {
    const [run0, wait0] = sched0.get(tid) ?? [0, 0];
    if (run > run0 || wait > wait0) threadText.push(`${Number(tid) === process.pid ? 'main' : tid} ran ${ms(run - run0)} waited ${ms(wait - wait0)}`);
  }
}
console.log(out.join(', ') + (threadText.length > 0 ? ` | threads (ms): ${threadText.join('; ')}` : ''));
