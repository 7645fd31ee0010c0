import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { H, Reference, Section } from '@neurite/core';

/** A NEURON reference case as its model.py wrote it (model.py sits beside reference.json). */
export interface ReferenceCase {
  case: string;
  description: string;
  dt: number;
  tstop: number;
  v_init: number;
  celsius: number;
  secondorder: number;
  t: number[];
  traces: Record<string, number[]>;
  spikes: Record<string, number[]>;
  psection?: Record<string, unknown>;
  psection_after?: Record<string, unknown>;
  [key: string]: unknown;
}

export function loadReference(name: string, fixtures = '../fixtures'): ReferenceCase {
  const file = fileURLToPath(new URL(`${fixtures}/${name}/reference.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as ReferenceCase;
}

export function fixtureText(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8');
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/**
 * The reference a trace label names: `sec(x).v`, `sec(x).ina`, `sec(x).mech.var`,
 * `sec(x).mech.array[k]`, or `<name>.var` for a named point process. A trailing ` [...]` (a
 * variant run) is ignored.
 */
export function refFor(label: string, sections: Record<string, Section>, points: Record<string, object> = {}): Reference {
  const base = label.replace(/ \[.*\]$/, '');
  const m = /^(.+)\(([\d.]+)\)\.(\w+)(?:\.(\w+))?(?:\[(\d+)\])?$/.exec(base);
  if (m) {
    const [, secName, x, a, b, k] = m;
    const seg = sections[secName](Number(x)) as unknown as Record<string, unknown>;
    if (b === undefined) return seg[`_ref_${a}`] as Reference;
    const ref = (seg[a] as Record<string, unknown>)[`_ref_${b}`];
    return (k === undefined ? ref : (ref as Reference[])[Number(k)]) as Reference;
  }
  const [pp, v] = base.split('.');
  return (points[pp] as Record<string, unknown>)[`_ref_${v}`] as Reference;
}

/** Records every trace of `ref` whose label has no variant suffix (or the given suffix). */
export function recordAll(h: H, ref: ReferenceCase, sections: Record<string, Section>, points: Record<string, object> = {}, suffix = '') {
  const vecs: Record<string, ReturnType<H['Vector']>> = {};
  for (const label of Object.keys(ref.traces)) {
    const hasSuffix = / \[.*\]$/.test(label);
    if (suffix ? !label.endsWith(suffix) : hasSuffix) continue;
    vecs[label] = h.Vector().record(refFor(label, sections, points));
  }
  return vecs;
}

/** NetCon-style spike times from a recorded v: t[k] + 1e-10 for the first sample k of each run
 * of samples with v > threshold (NEURON's threshold detection at fixed step). */
export function thresholdTimes(t: ArrayLike<number>, v: ArrayLike<number>, threshold: number): number[] {
  const out: number[] = [];
  let above = false;
  for (let k = 0; k < v.length; k++) {
    if (v[k] > threshold) {
      if (!above) out.push(t[k] + 1e-10);
      above = true;
    } else {
      above = false;
    }
  }
  return out;
}
