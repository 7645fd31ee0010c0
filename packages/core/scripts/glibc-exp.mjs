// Random arguments and the C library's exp of each, from Python's math.exp (glibc's, on the
// machine that runs it): the reference of exp-check.mjs, and of the compiler's
// scripts/exp-check-wasm.ts. A quarter of the arguments uniform on [-40, 40] (mechanisms' rates),
// a quarter on [-512, 512], a quarter with magnitudes log-uniform from 1e-18 to 500, a quarter on
// [-0.01, 0.01].
import { spawnSync } from 'node:child_process';

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

/**
 * `n` arguments drawn with `seed` and glibc's exp of each, interleaved: x0, exp(x0), x1, ...
 * @param {number} n how many
 * @param {number} seed Python's random seed
 * @returns {Float64Array}
 * @example
 * const pairs = glibcExpPairs(1000, 1); // pairs[1] === glibc's exp(pairs[0])
 */
export function glibcExpPairs(n, seed) {
  const r = spawnSync(process.env.PYTHON ?? 'python3', ['-c', python, String(n), String(seed)], { maxBuffer: 16 * n + 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return new Float64Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length / 8);
}
