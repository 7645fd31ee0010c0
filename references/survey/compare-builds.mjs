#!/usr/bin/env node
// Two builds of neurite on the same published mechanisms: this checkout's packages and another
// checkout's (built), on agree.mjs's cell, 20 ms. For every distinct .mod file under <dir> with
// an implicit system (KINETIC, derivimplicit, LINEAR, NONLINEAR, STEADYSTATE) that compiles to a
// density mechanism or a point process, it prints the largest |v difference| and the largest
// relative difference of the mechanism's RANGE variables and STATEs (relative to max(|x|, 1e-9)),
// and the run times. For changes that should not move the numbers (or only by rounding).
//
//   node references/survey/compare-builds.mjs <other-checkout> <dir> [--only RE] [--skip RE]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { agreeCell, loadNeurite, modFiles } from './cell.mjs';

const positional = [];
let only = null, skip = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--only') only = new RegExp(process.argv[++i]);
  else if (a === '--skip') skip = new RegExp(process.argv[++i]);
  else positional.push(a);
}
const [other, root] = positional;
if (!other || !root) {
  console.error('usage: node references/survey/compare-builds.mjs <other-checkout> <dir> [--only RE] [--skip RE]');
  process.exit(2);
}

const here = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const builds = [await loadNeurite(here), await loadNeurite(resolve(other))];

function run(b, file, text) {
  const p = b.compileMod(text, { filename: file, include: b.fileIncludes(file) }).plugin;
  if (!p || (p.kind !== 'density' && p.kind !== 'point') || (p.pointers?.length ?? 0) > 0 || b.catalogue.has(p.name)) return null;
  const { h, soma, pp } = agreeCell(b, p);
  const recs = [h.Vector().record(soma(0.5)._ref_v)];
  for (const f of p.fields) {
    if (!f.range && f.kind !== 'state') continue;
    const ref = pp ? pp[`_ref_${f.name}`] : soma(0.5)[`_ref_${f.name}_${p.name}`];
    if (ref) recs.push(h.Vector().record(Array.isArray(ref) ? ref[0] : ref));
  }
  const t0 = performance.now();
  try {
    h.finitialize(-65);
    h.continuerun(20);
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
  return { ms: performance.now() - t0, traces: recs.map((v) => v.toArray()) };
}

const files = modFiles(root);
const seen = new Set();
let count = 0, worst = 0;
for (const file of files) {
  const name = relative(root, file);
  if ((only && !only.test(name)) || (skip && skip.test(name))) continue;
  const text = readFileSync(file, 'latin1');
  if (!/KINETIC|derivimplicit|NONLINEAR|LINEAR|STEADYSTATE/.test(text)) continue;
  const hash = createHash('sha256').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  const [a, b] = builds.map((x) => run(x, file, text));
  if (!a && !b) continue;
  count++;
  if (!a || !b || a.error || b.error) { console.log(`${name}: this ${a?.error ?? (a ? 'ran' : 'skipped')}; other ${b?.error ?? (b ? 'ran' : 'skipped')}`); continue; }
  let dv = 0, rel = 0;
  a.traces.forEach((x, k) => {
    const y = b.traces[k];
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i]) && Number.isNaN(y[i])) continue;
      const d = Math.abs(x[i] - y[i]);
      if (k === 0) dv = Number.isNaN(d) ? Infinity : Math.max(dv, d);
      else rel = Number.isNaN(d) ? Infinity : Math.max(rel, d / Math.max(Math.abs(y[i]), 1e-9));
    }
  });
  worst = Math.max(worst, dv);
  console.log(`${name}: |dv| ${dv.toExponential(1)} mV, variables rel ${rel.toExponential(1)}, ${b.ms.toFixed(0)} ms (other) -> ${a.ms.toFixed(0)} ms (this)`);
}
console.log(`${count} files; largest |v difference| ${worst.toExponential(2)} mV`);
