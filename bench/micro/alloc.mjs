// Where a bench model allocates: runs one of the neurite side's scripts in this process under
// V8's sampling heap profiler, counting objects that the garbage collector already freed, and
// prints the allocation sites by bytes.
//
//   node bench/micro/alloc.mjs ring.mjs --tstop 400
//   node bench/micro/alloc.mjs cable.mjs --ncomp 1000
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
});
const out = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true; // the script's BENCH_RESULT line is not wanted here
await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'neurite', script)).href);
process.stdout.write = out;
const { profile } = await session.post('HeapProfiler.stopSampling');
const bySite = new Map();
let total = 0;
(function walk(node, stack) {
  const f = node.callFrame;
  const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  if (node.selfSize) {
    const key = `${here}  <- ${stack}`;
    bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const c of node.children) walk(c, `${f.functionName || '(anonymous)'}`);
})(profile.head, '');
console.log(`${(total / 1e6).toFixed(1)} MB allocated (sampled)`);
for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(v / 1e6).toFixed(2)} MB  ${k}`);
