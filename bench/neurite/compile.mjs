// Compiles a .mod file with neurite's compiler to a loaded plugin (a MechanismType whose kernels
// can be created) and prints the time of the first compile in this process and, with --warm N,
// the median of N more.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { args, emit } from './common.mjs';

const a = args();
const file = a.file;
const text = readFileSync(file, 'utf8');
const filename = basename(file);

const tImport = performance.now();
const { compileMod } = await import('@neurite/nmodl-compiler');
const importS = (performance.now() - tImport) / 1000;

function compileOnce() {
  const t0 = performance.now();
  const r = compileMod(text, { filename });
  if (!r.plugin) throw new Error(`${filename} did not compile: ${JSON.stringify(r.diagnostics)}`);
  r.plugin.createKernels(); // loaded: its code exists as functions in this process
  return [(performance.now() - t0) / 1000, r.plugin];
}

const [coldS, plugin] = compileOnce();
// Optional warm compiles after the first; their total is reported so the orchestrator can take
// it out of the whole-process time.
const nWarm = Number(a.warm ?? 0);
const tWarm = performance.now();
const warm = [];
for (let i = 0; i < nWarm; i++) warm.push(compileOnce()[0]);
const warmTotalS = (performance.now() - tWarm) / 1000;
warm.sort((x, y) => x - y);

emit({ sim: 'neurite', model: 'compile', file: filename, name: plugin.name, import_s: importS, cold_s: coldS, warm_s: nWarm > 0 ? warm[warm.length >> 1] : undefined, warm_total_s: warmTotalS });
