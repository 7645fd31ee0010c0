// The WebAssembly kernels' exp against the C library's on random arguments (core's
// scripts/glibc-exp.mjs: Python's math.exp, glibc's): the one-lane function, and the two-lane one
// on neighbouring arguments, emulated and (where this engine fuses relaxed SIMD's multiply-add)
// fused. Prints how many differ, and the first few; exits 1 if any does.
//
//   npx tsx packages/nmodl-compiler/scripts/exp-check-wasm.ts [N=2000000] [seed=1]   (after a build)
import { libmExp, wasmFusedMultiplyAdd } from '@neurite/core/libm';
import { glibcExpPairs } from '../../core/scripts/glibc-exp.mjs';
import { expModule } from '../test/exp-module.js';

const N = Number(process.argv[2] ?? 2_000_000);
const seed = Number(process.argv[3] ?? 1);
const pairs = glibcExpPairs(N, seed);

let failed = false;
for (const fma of wasmFusedMultiplyAdd() ? [false, true] : [false]) {
  const { exp, pair, a } = expModule(fma, libmExp);
  let one = 0, two = 0;
  const first: string[] = [];
  for (let i = 0; i + 3 < pairs.length; i += 4) {
    const x = pairs[i]!, ex = pairs[i + 1]!, y = pairs[i + 2]!, ey = pairs[i + 3]!;
    for (const [arg, want] of [[x, ex], [y, ey]] as const) {
      const got = exp(arg);
      if (!Object.is(got, want)) {
        one++;
        if (first.length < 5) first.push(`exp(${arg}) = ${got}, C library ${want}`);
      }
    }
    a[0] = x;
    a[1] = y;
    pair(0);
    if (!Object.is(a[2], ex) || !Object.is(a[3], ey)) two++;
  }
  console.log(`${pairs.length / 2} arguments, ${fma ? 'fused' : 'emulated'}: the one-lane exp differs from the C library's on ${one}, the two-lane on ${two} of ${Math.floor(pairs.length / 4)} pairs`);
  for (const f of first) console.log(`  ${f}`);
  failed ||= one + two > 0;
}
if (!wasmFusedMultiplyAdd()) console.log('(no fused multiply-add here: the emulation only)');
process.exitCode = failed ? 1 : 0;
