// Compiles every .mod file under the given folders twice, with PROCEDUREs and FUNCTIONs inlined
// (as compileMod does) and called (`inlineProcedures: false`), runs both plugins' kernels side by
// side in JavaScript and in WebAssembly on the same data, and counts the files whose values
// differ in any bit; also how many gained (or lost) a kernel that runs two instances at a time,
// and any that lost a WebAssembly kernel.
//
//   npx tsx packages/nmodl-compiler/test/compare-kernels.ts DIR... [--steps N]
//
// Files whose kernels take more than a few seconds on the harness's made-up data (large sparse
// schemes) are left out by --skip REGEXP on their path.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileMod } from '../src/index.js';
import { translateKernels, type WasmPlan } from '../src/codegen/wasm/translate.js';
import { differing, run } from './kernel-harness.js';

const argv = process.argv.slice(2);
const dirs: string[] = [];
let steps = 30;
let skip: RegExp | null = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--steps') steps = Number(argv[++i]);
  else if (argv[i] === '--skip') skip = new RegExp(argv[++i]!);
  else dirs.push(argv[i]!);
}
const files: string[] = [];
const walk = (d: string): void => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.mod$/i.test(f)) files.push(p);
  }
};
dirs.forEach(walk);

const twoLane = (p: WasmPlan | null): number => (p ? Object.values(p.kernels).filter((k) => k.twoLane).length : 0);
const seen = new Set<string>();
const count = { files: files.length, unique: 0, withCalls: 0, compiled: 0, same: 0, differ: 0, diagnosticsDiffer: 0, gainedTwoLanes: 0, lostTwoLanes: 0, lostWebAssembly: 0 };
const problems: string[] = [];
for (const f of files) {
  if (skip?.test(f)) continue;
  const text = readFileSync(f, 'utf8');
  const hash = createHash('sha1').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  count.unique++;
  if (!/\b(PROCEDURE|FUNCTION)\b/.test(text)) continue;
  count.withCalls++;
  const called = compileMod(text, { filename: f, inlineProcedures: false });
  const inlined = compileMod(text, { filename: f });
  const key = (r: typeof called): string => JSON.stringify(r.diagnostics.map((d) => [d.code, d.range, d.message]));
  if (key(called) !== key(inlined)) {
    count.diagnosticsDiffer++;
    problems.push(`diagnostics differ: ${f}`);
  }
  if (!called.plugin || !inlined.plugin) continue;
  count.compiled++;
  let bad = false;
  for (const inMemory of [false, true]) {
    const outcome = (p: NonNullable<typeof called.plugin>): Float64Array[] | string => {
      try { return run(p, inMemory, 'plain', steps); } catch (e) { return String(e); }
    };
    const a = outcome(called.plugin), b = outcome(inlined.plugin);
    const n = typeof a === 'string' || typeof b === 'string' ? (a === b ? 0 : 1) : differing(a, b);
    if (n > 0) {
      bad = true;
      problems.push(`${inMemory ? 'WebAssembly' : 'JavaScript'} kernels differ (${n} values): ${f}`);
    }
  }
  if (bad) count.differ++;
  else count.same++;
  const before = translateKernels(called.js), after = translateKernels(inlined.js);
  if (twoLane(after) > twoLane(before)) count.gainedTwoLanes++;
  if (twoLane(after) < twoLane(before)) {
    count.lostTwoLanes++;
    problems.push(`fewer two-instance kernels: ${f}`);
  }
  if (before !== null && (after === null || Object.keys(after.kernels).length < Object.keys(before.kernels).length)) {
    count.lostWebAssembly++;
    problems.push(`fewer WebAssembly kernels: ${f}`);
  }
}
console.log(count);
if (problems.length > 0) console.log(problems.join('\n'));
process.exitCode = count.differ + count.diagnosticsDiffer > 0 ? 1 : 0;
