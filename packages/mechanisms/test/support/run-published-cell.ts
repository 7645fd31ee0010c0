// The published L5PC cell's somatic step outside the test, to time or profile it:
//
//   NEURITE_PUBLISHED_CELL=/tmp/published_cell npx tsx packages/mechanisms/test/support/run-published-cell.ts [tstop]
//   NEURITE_PUBLISHED_CELL=/tmp/published_cell node --import tsx --cpu-prof --cpu-prof-dir=bench/out/prof \
//     packages/mechanisms/test/support/run-published-cell.ts
//   node bench/profile-summary.mjs bench/out/prof/*.cpuprofile --under continuerun
//
// Prints the time of finitialize + continuerun (what the test prints, and neuron_run.py for
// NEURON) and the final soma v, and before it the time of compiling the cell's .mod files and of
// building the cell (its morphology, inserts and channel densities).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../../src/index.js';
import { MORPHOLOGY, applyProtocol, buildCell, compileModel, type PublishedReference } from './published-cell.js';

const dir = process.env.NEURITE_PUBLISHED_CELL;
if (!dir) throw new Error('set NEURITE_PUBLISHED_CELL to the model\'s folder (references/published_cell/README.md)');
const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as PublishedReference;
const tstop = Number(process.argv[2] ?? ref.tstop);
const t0 = performance.now();
const h = createH({ catalogue: defaultCatalogue.extend(...compileModel(dir)) });
const t1 = performance.now();
const cell = buildCell(h, readFileSync(join(dir, MORPHOLOGY), 'utf8'));
const t2 = performance.now();
console.log(`published cell: compiling its .mod files ${(t1 - t0).toFixed(0)} ms; building the cell ${(t2 - t1).toFixed(0)} ms`);
applyProtocol(h, cell.byName, ref);
const v = h.Vector().record(cell.soma(0.5)._ref_v);
const started = performance.now();
h.finitialize(ref.v_init);
h.continuerun(tstop);
const seconds = (performance.now() - started) / 1000;
console.log(`published cell, ${tstop} ms: finitialize + continuerun ${seconds.toFixed(2)} s; soma v at the end ${v[v.size() - 1]} mV`);
