// libmExp against the C library's exp on random arguments: Python's math.exp (glibc's, on the
// machine that runs this) computes the reference values. Prints how many of N differ, and the
// first few. Run after a build (it imports dist/):
//
//   node packages/core/scripts/exp-check.mjs [N=2000000] [seed=1]
//
// The arguments: a quarter uniform on [-40, 40] (mechanisms' rates), a quarter on [-512, 512],
// a quarter with magnitudes log-uniform from 1e-18 to 500, a quarter on [-0.01, 0.01].
import { spawnSync } from 'node:child_process';
import { libmExp } from '../dist/libm/index.js';

const N = Number(process.argv[2] ?? 2_000_000);
const seed = Number(process.argv[3] ?? 1);
const python = `
import math, random, struct, sys
n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
out = bytearray()
for i in range(n):
    m = i % 4
    if m == 0: x = rng.uniform(-40, 40)
    elif m == 1: x = rng.uniform(-512, 512)
    elif m == 2: x = rng.choice((-1, 1)) * math.exp(rng.uniform(math.log(1e-18), math.log(500)))
    else: x = rng.uniform(-0.01, 0.01)
    out += struct.pack('<dd', x, math.exp(x))
sys.stdout.buffer.write(out)
`;
const r = spawnSync(process.env.PYTHON ?? 'python3', ['-c', python, String(N), String(seed)], { maxBuffer: 16 * N + 1024 });
if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
const pairs = new Float64Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length / 8);
let differ = 0, fromV8 = 0;
const first = [];
for (let i = 0; i < pairs.length; i += 2) {
  const x = pairs[i], want = pairs[i + 1];
  if (!Object.is(libmExp(x), want)) {
    differ++;
    if (first.length < 5) first.push(`exp(${x}): libmExp ${libmExp(x)}, C library ${want}`);
  }
  if (!Object.is(Math.exp(x), want)) fromV8++;
}
console.log(`${pairs.length / 2} arguments: libmExp differs from the C library's exp on ${differ}; V8's Math.exp on ${fromV8}`);
for (const f of first) console.log(`  ${f}`);
process.exitCode = differ === 0 ? 0 : 1;
