import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../src/index.js';

function ramp(n: number, f: (i: number) => number) {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

/** For each pixel column, the min and max of the points falling in it. */
function columnExtents(x: ArrayLike<number>, y: ArrayLike<number>, x0: number, x1: number, cols: number) {
  const lo = new Array<number>(cols).fill(Infinity);
  const hi = new Array<number>(cols).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const c = Math.floor(((x[i] - x0) / (x1 - x0)) * cols);
    if (c < 0 || c >= cols) continue;
    lo[c] = Math.min(lo[c], y[i]);
    hi[c] = Math.max(hi[c], y[i]);
  }
  return { lo, hi };
}

describe('decimateMinMax', () => {
  it('keeps every point of short traces', () => {
    const d = decimateMinMax([0, 1, 2], [5, 6, 7], { buckets: 10 });
    expect(d.decimated).toBe(false);
    expect([...d.x]).toEqual([0, 1, 2]);
    expect([...d.y]).toEqual([5, 6, 7]);
  });

  it('keeps each column’s first, min, max and last: the same extent per pixel as the full data', () => {
    const n = 200_000;
    const x = ramp(n, (i) => i * 0.005);
    const y = ramp(n, (i) => Math.sin(i / 300) * 10 + Math.sin(i * 1.7) * 3 + (i % 9973 === 0 ? 50 : 0));
    const cols = 640;
    const d = decimateMinMax(x, y, { buckets: cols });
    expect(d.decimated).toBe(true);
    expect(d.x.length).toBeLessThanOrEqual(4 * (cols + 2));
    const full = columnExtents(x, y, 0, x[n - 1], cols);
    const kept = columnExtents(d.x, d.y, 0, x[n - 1], cols);
    expect(kept.lo).toEqual(full.lo);
    expect(kept.hi).toEqual(full.hi);
    for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThanOrEqual(d.x[i - 1]); // input order
  });

  it('decimates only the window, plus one point beyond each edge', () => {
    const n = 100_000;
    const x = ramp(n, (i) => i);
    const y = ramp(n, (i) => (i === 50_500 ? 1 : 0));
    const d = decimateMinMax(x, y, { buckets: 100, start: 50_000, end: 51_000 });
    expect(d.x[0]).toBe(49_999);
    expect(d.x[d.x.length - 1]).toBe(51_001);
    expect(d.x.length).toBeLessThanOrEqual(4 * 102);
    expect(Math.max(...d.y)).toBe(1);
    const few = decimateMinMax(x, y, { buckets: 100, start: 10.5, end: 20.5 });
    expect([...few.x]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(decimateMinMax(x, y, { buckets: 100, start: 2e6, end: 3e6 }).x.length).toBe(1); // the last point
  });

  it('keeps NaN gaps, once per run', () => {
    const n = 10_000;
    const x = ramp(n, (i) => i);
    const y = ramp(n, (i) => (i >= 5000 && i < 5100 ? NaN : 1));
    const d = decimateMinMax(x, y, { buckets: 50 });
    expect([...d.y].filter((v) => Number.isNaN(v)).length).toBe(1);
    expect(d.x[[...d.y].findIndex((v) => Number.isNaN(v))]).toBe(5000);
  });

  it('uses index columns for unsorted x (phase plots) and keeps the extremes', () => {
    const n = 50_000;
    const x = ramp(n, (i) => Math.cos(i / 100));
    const y = ramp(n, (i) => Math.sin(i / 100) * (i === 33_333 ? 2 : 1));
    const d = decimateMinMax(x, y, { buckets: 200 });
    expect(d.decimated).toBe(true);
    expect(d.x.length).toBeLessThanOrEqual(4 * 202);
    expect(Math.max(...d.y)).toBe(Math.max(...y));
    expect(Math.min(...d.y)).toBe(Math.min(...y));
  });

  it('is fast: 10^6 points in well under 100 ms', () => {
    const n = 1_000_000;
    const x = ramp(n, (i) => i * 0.001);
    const y = ramp(n, (i) => Math.sin(i / 1000));
    decimateMinMax(x, y, { buckets: 2000, sorted: true });
    const start = performance.now();
    const d = decimateMinMax(x, y, { buckets: 2000, sorted: true, start: 100, end: 900 });
    const ms = performance.now() - start;
    expect(d.x.length).toBeLessThanOrEqual(4 * 2002);
    expect(ms).toBeLessThan(100);
  });
});
