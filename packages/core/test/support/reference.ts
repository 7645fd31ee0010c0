import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A NEURON reference case as its model.py wrote it (see the model.py beside each reference.json). */
export interface ReferenceCase {
  case: string;
  dt: number;
  tstop: number;
  v_init: number;
  celsius: number;
  secondorder: number;
  t: number[];
  traces: Record<string, number[]>;
  spikes: Record<string, number[]>;
  topology?: string;
  psection?: Record<string, unknown>;
  psection_before?: Record<string, unknown>;
  locations?: Record<string, { section: string; x: number }>;
  geometry?: Record<string, { area_um2: number; ri_megohm: number }>;
  [key: string]: unknown;
}

/** Loads fixtures/<name>/reference.json. */
export function loadReference(name: string): ReferenceCase {
  const file = fileURLToPath(new URL(`../fixtures/${name}/reference.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as ReferenceCase;
}

/** Largest |a[i] - b[i]|; throws if the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
