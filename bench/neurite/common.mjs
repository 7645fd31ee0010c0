// Shared helpers of the neurite side of the bench: argument parsing, memory, timing, JSON output.

/** Parses `--key value` pairs into an object of strings. */
export function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i].replace(/^-+/, '')] = argv[i + 1];
  return out;
}

/** Collects garbage when node runs with --expose-gc, then returns the resident set size. */
export function rssBytes() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  return process.memoryUsage().rss;
}

/** Prints the result as one JSON line, marked so the orchestrator can find it. */
export function emit(result) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

/**
 * Runs `fn` and returns its wall time and the process's CPU time over it, in seconds.
 * @example
 * const run = timed(() => { h.finitialize(-65); h.continuerun(40); }); // { s, cpu }
 */
export function timed(fn) {
  const t0 = performance.now(), c0 = cpuSeconds();
  fn();
  return { s: (performance.now() - t0) / 1000, cpu: cpuSeconds() - c0 };
}

/** CPU time (user + system, every thread of the process) in seconds. */
export function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
