#!/usr/bin/env node
// Published mechanisms run in neurite and in NEURON on the same cell, compared sample by sample.
//
//   node references/survey/agree.mjs <dir> [--limit N] [--jobs J] [--skip RE] [--only RE] [--json out.json] [--cell tree]
//
// Every distinct .mod file under <dir> (as fetched by fetch.sh) that neurite compiles to a density
// mechanism or a point process without POINTERs is put on a single-compartment soma with hh (at
// its defaults; a point process at soma(0.5), driven through a NetCon by a NetStim when it has a
// NET_RECEIVE: 5 events 3 ms apart from 4 ms, weight 0.005, delay 1 ms), with an IClamp of
// 0.3 nA from 2 to 3 ms, run for
// 20 ms at dt = 0.025 from -65 mV, in neurite and, through neuron_cell.py, in NEURON (installed:
// `python3 -c 'import neuron'`; PYTHON chooses the interpreter). Reports the largest |v difference| of each file and how many
// agree within 1e-6 mV. Needs the packages built (`pnpm build`).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agreeCell, loadNeurite, modFiles } from './cell.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const neurite = await loadNeurite(resolve(here, '../..'));
const { compileMod, fileIncludes, catalogue: defaultCatalogue } = neurite;

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: node references/survey/agree.mjs <dir> [--limit N] [--jobs J] [--skip RE] [--only RE] [--json out.json] [--cell tree]');
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const limit = Number(opt('--limit', Infinity));
const jobs = Number(opt('--jobs', 2));
// Files whose path matches are left out (e.g. 'cdp', the calcium-diffusion files).
const skip = opt('--skip') ? new RegExp(opt('--skip')) : null;
// Only files whose path matches (e.g. 'cdp', to run those apart).
const only = opt('--only') ? new RegExp(opt('--only')) : null;
// --cell tree: a soma and a dendrite with the mechanism in both, secondorder 2, celsius 34 (cell.mjs).
const cellVariant = opt('--cell', 'soma');
const TOL = 1e-6;
// NEURON's Python module (Debian's python3-neuron) is where Debian's python3 is; PYTHON overrides.
const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const files = modFiles(root);

// Distinct contents that compile to something this cell can run.
const seen = new Set();
const cases = [];
let skipped = 0;
for (const file of files) {
  if (skip?.test(relative(root, file)) || (only && !only.test(relative(root, file)))) { skipped++; continue; }
  const text = readFileSync(file, 'latin1');
  const hash = createHash('sha256').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  const r = compileMod(text, { filename: file, include: fileIncludes(file) });
  const p = r.plugin;
  if (!p || (p.kind !== 'density' && p.kind !== 'point') || (p.pointers?.length ?? 0) > 0) { skipped++; continue; }
  if (defaultCatalogue.has(p.name)) { skipped++; continue; } // hh, pas, ... would clash with NEURON's own
  cases.push({ file, plugin: p });
  if (cases.length >= limit) break;
}

function runNeurite({ plugin }) {
  const { h, probe } = agreeCell(neurite, plugin, cellVariant);
  const v = h.Vector().record(probe._ref_v);
  h.finitialize(-65);
  h.continuerun(20);
  return Array.from(v.toArray());
}

function runNeuron({ file, plugin }, out) {
  return new Promise((done) => {
    const child = spawn(PYTHON, [join(here, 'neuron_cell.py'), file, plugin.name, plugin.kind, out, ...(plugin.netReceiveArgs ? ['events'] : [])], { cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AGREE_CELL: cellVariant } });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('close', (code) => {
      if (!existsSync(out)) return done({ error: `python exited with ${code}: ${err.slice(-300)}` });
      const r = JSON.parse(readFileSync(out, 'utf8'));
      if (r.v) r.v = r.v.map((x) => (x === null ? NaN : x));
      done(r);
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'neurite-agree-'));
const results = [];
let next = 0;
async function worker() {
  while (next < cases.length) {
    const c = cases[next++];
    const name = relative(root, c.file);
    const ref = await runNeuron(c, join(work, `${results.length}-${Math.random().toString(36).slice(2)}.json`));
    if (ref.error) { results.push({ file: name, status: 'neuron-failed', why: ref.error.split('\n')[0] }); continue; }
    let v;
    try {
      v = runNeurite(c);
    } catch (e) {
      // A run that NEURON too fills with NaN: neurite stops it with an error instead.
      const both = e.code === 'NAN_IN_RUN' && ref.v.some((x) => Number.isNaN(x));
      results.push({ file: name, status: both ? 'both-nan' : 'neurite-failed', why: String(e.message ?? e).split('\n')[0] });
      continue;
    }
    let d = v.length === ref.v.length ? 0 : Infinity;
    for (let i = 0; i < v.length && d !== Infinity; i++) {
      const x = Math.abs(v[i] - ref.v[i]);
      d = Number.isNaN(v[i]) && Number.isNaN(ref.v[i]) ? d : Number.isNaN(x) ? Infinity : Math.max(d, x);
    }
    results.push({ file: name, status: d <= TOL ? 'agree' : 'differ', maxDiff: d });
    process.stderr.write(`${results.length}/${cases.length} ${name}: ${d <= TOL ? 'agree' : 'DIFFER'} (${d.toExponential(2)} mV)\n`);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
rmSync(work, { recursive: true, force: true });

const count = (s) => results.filter((r) => r.status === s).length;
console.log(`${files.length} .mod files, ${seen.size} distinct; ${cases.length} run on the cell (${skipped} skipped: not compiled, POINTERs, artificial cells, a built-in name${skip ? `, or --skip ${skip.source}` : ''}${only ? `, or not --only ${only.source}` : ''})`);
console.log(`agree within ${TOL} mV: ${count('agree')}; NaN in NEURON, NAN_IN_RUN in neurite: ${count('both-nan')}; differ: ${count('differ')}; NEURON could not run: ${count('neuron-failed')}; neurite failed: ${count('neurite-failed')}`);
const worst = results.filter((r) => r.status === 'agree').reduce((m, r) => Math.max(m, r.maxDiff), 0);
console.log(`largest difference among those that agree: ${worst.toExponential(2)} mV`);
for (const r of results.filter((x) => x.status !== 'agree' && x.status !== 'both-nan')) console.log(`  ${r.status.padEnd(14)} ${r.file}${r.maxDiff !== undefined ? ` (${r.maxDiff.toExponential(2)} mV)` : ''}${r.why ? `: ${r.why}` : ''}`);
const json = opt('--json');
if (json) writeFileSync(json, JSON.stringify(results, null, 1));
