// A published multi-channel cell on its reconstructed morphology, against NEURON 8.2.2:
// Hay et al. 2011, layer 5b pyramidal cell (ModelDB 139653, L5PCbiophys3.hoc on cell1.asc).
// The model's files are not part of this repository. To run this comparison:
//   sh references/published_cell/fetch.sh /tmp/published_cell [GIT_DIR]
//   python3 references/published_cell/neuron_run.py /tmp/published_cell
//   NEURITE_PUBLISHED_CELL=/tmp/published_cell pnpm vitest run packages/mechanisms/test/published-cell.test.ts
// (see references/published_cell/README.md). Without NEURITE_PUBLISHED_CELL the test is skipped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { MORPHOLOGY, applyProtocol, buildCell, compileModel, segments, type PublishedReference } from './support/published-cell.js';
import { maxAbsDiff, refFor } from './support/reference.js';

const DIR = process.env.NEURITE_PUBLISHED_CELL;
const TOL_V = 1e-6; // [mV]
const TOL_T = 1e-6; // [ms]

function missing(): string | null {
  if (!DIR) return 'NEURITE_PUBLISHED_CELL is not set';
  for (const f of ['mod', MORPHOLOGY, 'reference.json']) {
    if (!existsSync(join(DIR, f))) return `${join(DIR, f)} is missing`;
  }
  return null;
}

/** |a - b| relative to |b| (absolute below 1). */
function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

const reason = missing();

describe('published cell: Hay et al. 2011 L5b pyramidal cell (ModelDB 139653) against NEURON 8.2.2', () => {
  if (reason !== null) {
    it.skip(`skipped: ${reason}; fetch the model and run NEURON first (references/published_cell/README.md), then set NEURITE_PUBLISHED_CELL`, () => {});
    return;
  }
  const dir = DIR!;
  const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as PublishedReference;
  const h = createH({ catalogue: defaultCatalogue.extend(...compileModel(dir)) });
  const cell = buildCell(h, readFileSync(join(dir, MORPHOLOGY), 'utf8'));

  it('the same sections, parents, nseg, Ra, cm, and L, diam, area, ri, distances as the template builds', () => {
    h.distance(0, cell.soma(0.5));
    expect(cell.all.map((s) => s.name()).sort()).toEqual(ref.sections.map((s) => s.name).sort());
    let worst = 0;
    for (const r of ref.sections) {
      const sec = cell.byName[r.name];
      const p = sec.parentseg();
      expect(p ? `${p.sec.name()}(${p.x})` : null, r.name).toBe(r.parent);
      expect(sec.nseg, r.name).toBe(r.nseg);
      expect(sec.Ra, r.name).toBe(r.Ra);
      expect(segments(sec).map((s) => s.cm), r.name).toEqual(r.cm);
      worst = Math.max(worst, rel(sec.L, r.L));
      segments(sec).forEach((seg, j) => {
        worst = Math.max(worst, rel(seg.diam, r.diam[j]), rel(seg.area(), r.area[j]), rel(seg.ri(), r.ri[j]), rel(h.distance(seg), r.distance[j]));
      });
    }
    console.log(`published cell geometry: max relative diff of L, diam, area, ri, distance ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it('the same distance-dependent Ih, Ca_LVAst and Ca_HVA densities in every apical segment', () => {
    for (const [name, fields] of Object.entries(ref.densities)) {
      const sec = cell.byName[name];
      for (const [key, expected] of Object.entries(fields)) {
        const got = segments(sec).map((seg) => (seg as unknown as Record<string, number>)[key]);
        expect(got, `${name}.${key}`).toEqual(expected);
      }
    }
  });

  it(`a somatic step: v at soma and dendrites within ${TOL_V} mV, spike times within ${TOL_T} ms`, () => {
    applyProtocol(h, cell.byName, ref);
    const t = h.Vector().record(h._ref_t);
    const vecs = Object.fromEntries(Object.keys(ref.traces).map((label) => [label, h.Vector().record(refFor(label, cell.byName))]));
    const [spikeLabel, refSpikes] = Object.entries(ref.spikes)[0];
    const spikes = h.Vector();
    const nc = h.NetCon(cell.soma(0.5)._ref_v, null, { sec: cell.soma });
    nc.threshold = ref.threshold;
    nc.record(spikes);
    const started = performance.now();
    h.finitialize(ref.v_init);
    h.continuerun(ref.tstop);
    const seconds = (performance.now() - started) / 1000;

    expect(t.toArray().length).toBe(ref.t.length);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBeLessThanOrEqual(1e-9);
    const report: string[] = [];
    for (const [label, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[label]);
      report.push(`${label}: max |diff| ${d}`);
    }
    const got = Array.from(spikes.toArray());
    report.push(`${spikeLabel}: ${got.length} spikes (NEURON ${refSpikes.length}), max |diff| ${got.length === refSpikes.length ? maxAbsDiff(got, refSpikes) : 'n/a'} ms`);
    // NEURITE_PUBLISHED_CELL_DUMP=<file>: neurite's traces as JSON, to look at the differences
    const dump = process.env.NEURITE_PUBLISHED_CELL_DUMP;
    if (dump) writeFileSync(dump, JSON.stringify(Object.fromEntries(Object.entries(vecs).map(([k, v]) => [k, Array.from(v.toArray())]))));
    console.log(`published cell (${cell.all.length} sections), finitialize + continuerun ${seconds.toFixed(2)} s (neuron_run.py prints NEURON's):\n  ${report.join('\n  ')}`);
    for (const [label, vec] of Object.entries(vecs)) {
      const tol = label.endsWith('.v') ? TOL_V : 1e-12;
      const d = maxAbsDiff(vec.toArray(), ref.traces[label]);
      expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(tol);
    }
    expect(got.length).toBe(refSpikes.length);
    expect(maxAbsDiff(got, refSpikes)).toBeLessThanOrEqual(TOL_T);
  }, 600_000);
});
