// How long `import 'neurite'` takes in a fresh Node process (median of N processes): the start-up
// a script pays before its first line runs (the packages are built: `pnpm build`).
//
//   node bench/micro/import.mjs [N]
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const n = Number(process.argv[2] ?? 9);
const probe = `
const t0 = performance.now();
await import('neurite');
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms }));
`;
const times = [];
for (let i = 0; i < n; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: dirname(fileURLToPath(import.meta.url)), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  times.push(JSON.parse(r.stdout.trim()).ms);
}
times.sort((a, b) => a - b);
console.log(`import 'neurite': median ${times[n >> 1].toFixed(1)} ms over ${n} fresh processes (min ${times[0].toFixed(1)}, max ${times[n - 1].toFixed(1)})`);
