// Imports the compiler and compiles a .mod file once to a loaded plugin, and nothing else: a
// process for tools that count what a first compile costs, by difference with a process that only
// imports (--import-only). For example, instructions by function with valgrind:
//
//   valgrind --tool=callgrind --callgrind-out-file=with.out node bench/micro/compile-once.mjs
//   valgrind --tool=callgrind --callgrind-out-file=without.out node bench/micro/compile-once.mjs --import-only
//   callgrind_annotate --inclusive=yes with.out    (and the same of without.out: the difference)
//
// With --window, prints `WINDOW <start> <end>`: the compile's span on the monotonic clock (ns), the
// clock `perf record -k mono` stamps its samples with, so that a profile can keep the samples of
// the compile alone:
//
//   perf record -e cpu-clock -F 20000 -k mono -o p.data node bench/micro/compile-once.mjs --window
//   perf script -i p.data -F time,ip,sym --ns      (the samples whose time is inside the window)
//
//   node bench/micro/compile-once.mjs [--file packages/mechanisms/mod/hh.mod] [--import-only] [--window]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const file = argv.includes('--file') ? argv[argv.indexOf('--file') + 1] : fileURLToPath(new URL('../../packages/mechanisms/mod/hh.mod', import.meta.url));
const { compileMod } = await import('@neurite/nmodl-compiler');
if (!argv.includes('--import-only')) {
  const text = readFileSync(file, 'utf8');
  const start = process.hrtime.bigint();
  const r = compileMod(text, { filename: file.split(/[\\/]/).pop() });
  if (!r.plugin) throw new Error(`did not compile: ${JSON.stringify(r.diagnostics)}`);
  r.plugin.createKernels();
  const end = process.hrtime.bigint();
  if (argv.includes('--window')) console.log(`WINDOW ${start} ${end}`);
}
