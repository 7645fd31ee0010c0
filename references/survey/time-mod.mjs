#!/usr/bin/env node
// Times one .mod file in neurite on agree.mjs's cell (cell.mjs: a soma with hh and the mechanism,
// an IClamp; dt = 0.025, from -65 mV). Prints the compile time, finitialize's and the time per step of
// continuerun (a run of --tstop ms, default 20), and the final v. Needs the packages built.
//
//   node references/survey/time-mod.mjs FILE.mod [--tstop 20]
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { agreeCell, loadNeurite } from './cell.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const neurite = await loadNeurite(resolve(here, '../..'));
const { compileMod, formatDiagnostic, fileIncludes } = neurite;

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node references/survey/time-mod.mjs FILE.mod [--tstop 20]');
  process.exit(2);
}
const at = args.indexOf('--tstop');
const tstop = at >= 0 ? Number(args[at + 1]) : 20;

const text = readFileSync(file, 'latin1');
const t0 = performance.now();
const r = compileMod(text, { filename: file, include: fileIncludes(file) });
const compileMs = performance.now() - t0;
if (!r.plugin) {
  for (const d of r.diagnostics) console.error(formatDiagnostic(d, { filename: file, source: text }));
  process.exit(1);
}
const { h, soma } = agreeCell(neurite, r.plugin);
const v = h.Vector().record(soma(0.5)._ref_v);
const t1 = performance.now();
h.finitialize(-65);
const t2 = performance.now();
h.continuerun(tstop);
const t3 = performance.now();
const steps = Math.round(h.t / h.dt);
console.log(`${file}: compile ${compileMs.toFixed(0)} ms, finitialize ${(t2 - t1).toFixed(1)} ms, ` +
  `${((1000 * (t3 - t2)) / steps).toFixed(1)} us per step over ${steps} steps, final v ${v[v.size() - 1]} mV`);
