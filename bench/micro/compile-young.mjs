// How many bytes a .mod file's first compile allocates in V8's young generation, by phase, against
// the young space a process has free when the compiler has loaded. When a compile allocates more
// than that, the process's young-generation collection falls inside the compile (compile-phases.mjs
// shows it as `gc` and `gcMs`).
//
//   node bench/micro/compile-young.mjs [--file packages/mechanisms/mod/hh.mod]
//
// Two processes: a plain one gives the free space after the import; one started with a young
// generation of 16 MB (`--min-semi-space-size=16`, no collection in what is measured) gives the
// bytes, the difference of the young generation's use at the phase boundaries that compileMod's
// `timings` option reads the clock at (this script reads the heap there too). Under that flag
// V8 does not take the code caches, which changes the time of the import but not what the
// compile allocates.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const file = opt('--file', fileURLToPath(new URL('../../packages/mechanisms/mod/hh.mod', import.meta.url)));
const youngSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
const kB = (bytes) => (bytes / 1024).toFixed(1);

if (!argv.includes('--child')) {
  const run = (flags) => {
    const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...argv, '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const plain = run([]);
  const big = run(['--min-semi-space-size=16']);
  const phases = Object.entries(big.phases).map(([k, v]) => `${k} ${kB(v)}`).join(', ');
  console.log(`young generation, kB: Node's start-up ${kB(big.startUp)}, import ${kB(big.import)}; compile ${kB(big.compile)} (${phases})`);
  console.log(`free after the import in a plain process: ${kB(plain.freeAfterImport)} kB of ${kB(plain.capacity)}; collections in its compile: ${plain.collections}`);
  process.exit(0);
}

const text = readFileSync(file, 'utf8');
const filename = file.split(/[\\/]/).pop();
const startUp = youngSpace().space_used_size;
const { compileMod } = await import('@neurite/nmodl-compiler');
const afterImport = youngSpace();
// The heap at each phase boundary: where compileMod reads the clock.
const used = [];
const now = performance.now.bind(performance);
performance.now = () => {
  used.push(youngSpace().space_used_size);
  return now();
};
const r = compileMod(text, { filename, timings: true });
performance.now = now;
if (!r.plugin) throw new Error(`${filename} did not compile`);
const names = Object.keys(r.timings);
if (used.length !== names.length + 1) throw new Error(`compileMod read the clock ${used.length} times for ${names.length} phases: this script needs updating`);
const phases = Object.fromEntries(names.map((k, i) => [k, used[i + 1] - used[i]]));
const compile = used[used.length - 1] - used[0];
console.log(JSON.stringify({
  startUp,
  import: afterImport.space_used_size - startUp,
  compile,
  // (A collection inside the compile shows as a use that went down.)
  collections: names.filter((k) => phases[k] < 0).length,
  phases,
  freeAfterImport: afterImport.space_available_size,
  capacity: afterImport.space_available_size + afterImport.space_used_size,
}));
