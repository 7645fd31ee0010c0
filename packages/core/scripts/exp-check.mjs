// libmExp against the C library's exp on random arguments: Python's math.exp (glibc's, on the
// machine that runs this) computes the reference values. Prints how many of N differ, and the
// first few. Run after a build (it imports dist/):
//
//   node packages/core/scripts/exp-check.mjs [N=2000000] [seed=1] [--near]
//
// The arguments: a quarter uniform on [-40, 40] (mechanisms' rates), a quarter on [-512, 512],
// a quarter with magnitudes log-uniform from 1e-18 to 500, a quarter on [-0.01, 0.01]. With
// --near, only those of them (about 1 in 200) where the last sum, h + h tmp rounded twice, lies
// within 2^-8 of its half ulp of a point half way between two doubles: where libmExp decides
// whether to compute it exactly.
import { EXP_TABLE_SPLIT, libmExp } from '../dist/libm/index.js';
import { glibcExpPairs } from './glibc-exp.mjs';

const near = process.argv.includes('--near');
const [N, seed] = [Number(process.argv[2] ?? 2_000_000), Number(process.argv[3] ?? 1)].map((v, i) => (Number.isFinite(v) ? v : [2_000_000, 1][i]));
const pairs = glibcExpPairs(N, seed);

/** Whether glibc's algorithm rounded twice leaves h + p within 2^-8 half ulps of a half-way point. */
function nearHalfWay(x) {
  if (!(Math.abs(x) < 512)) return false;
  const kd = 184.6649652337873 * x + 6755399441055744 - 6755399441055744;
  const r = x + kd * -0.005415212348111709 + kd * -1.2864023111638346e-14;
  const j = 4 * ((kd | 0) & 127);
  const r2 = r * r;
  const tmp = r2 * r2 * (r * 0.008333335853059549 + 0.0416666808410674) + (r2 * (r * 0.16666666666665886 + 0.49999999999996786) + (EXP_TABLE_SPLIT[j] + r));
  const h = EXP_TABLE_SPLIT[j + 1], p = tmp * h, s = h + p, t = p - (s - h);
  const half = s >= 1 ? 2 ** -53 : 2 ** -54;
  // (below a power of two the half-way point is half as far)
  return Math.abs(Math.abs(t) - half) < half * 2 ** -8 || (s === 1 && Math.abs(t + 2 ** -54) < 2 ** -62);
}

let differ = 0, fromV8 = 0, checked = 0;
const first = [];
for (let i = 0; i < pairs.length; i += 2) {
  const x = pairs[i], want = pairs[i + 1];
  if (near && !nearHalfWay(x)) continue;
  checked++;
  if (!Object.is(libmExp(x), want)) {
    differ++;
    if (first.length < 5) first.push(`exp(${x}): libmExp ${libmExp(x)}, C library ${want}`);
  }
  if (!Object.is(Math.exp(x), want)) fromV8++;
}
console.log(`${checked} arguments${near ? ` (near half-way points, of ${pairs.length / 2})` : ''}: libmExp differs from the C library's exp on ${differ}; V8's Math.exp on ${fromV8}`);
for (const f of first) console.log(`  ${f}`);
process.exitCode = differ === 0 ? 0 : 1;
