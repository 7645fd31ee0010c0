/** What {@link decimateMinMax} should keep. */
export interface DecimateOptions {
  /** How many buckets the window is cut into: the plot's width in device pixels is right. */
  readonly buckets: number;
  /** Left edge of the visible window, in data units (default: the first x). Only for sorted x. */
  readonly start?: number;
  /** Right edge of the visible window, in data units (default: the last x). Only for sorted x. */
  readonly end?: number;
  /** Whether `x` never decreases; checked (one pass) when omitted. */
  readonly sorted?: boolean;
  /** Keep every point when the window holds at most this many (default: 4 × buckets). */
  readonly threshold?: number;
}

/** The points to draw, chosen by {@link decimateMinMax}: a subset of the input, in input order. */
export interface Decimated {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** False when every point of the window was kept. */
  readonly decimated: boolean;
}

/**
 * Chooses the points worth drawing of a long trace: the window `[start, end]` is cut into
 * `buckets` columns and each column keeps its first, lowest, highest and last point, so a line
 * through the kept points covers exactly the pixels the full line would (spikes survive, however
 * narrow). One point beyond each edge of the window is kept too, so the line reaches the edges.
 * A `NaN` in `y` is kept as a gap. With unsorted `x` (a phase plot), columns are runs of
 * consecutive indices instead. The input is never modified: decimation is for display only.
 *
 * @example
 * ```ts
 * import { decimateMinMax } from '@neurite/plot';
 * const t = Float64Array.from({ length: 1_000_000 }, (_, i) => i * 0.001);
 * const v = t.map((ti) => (Math.abs(ti - 500) < 0.05 ? 40 : -65));
 * const shown = decimateMinMax(t, v, { buckets: 800 });
 * console.log(shown.x.length <= 4 * 802, Math.max(...shown.y)); // true 40
 * ```
 */
export function decimateMinMax(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: DecimateOptions,
): Decimated {
  // Also compiled into the script of standalone HTML files (see draw.ts' header): no imports.
  const n = Math.min(x.length, y.length);
  const buckets = Math.max(1, Math.floor(options.buckets) || 1);
  const threshold = options.threshold === undefined ? 4 * buckets : options.threshold;
  let sorted = options.sorted;
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < n; i++) {
      if (!(x[i] >= x[i - 1])) {
        sorted = false;
        break;
      }
    }
  }
  let lo = 0;
  let hi = n - 1;
  if (sorted && n > 0) {
    if (options.start !== undefined) {
      let a = 0;
      let b = n; // first index with x >= start
      while (a < b) {
        const m = (a + b) >>> 1;
        if (x[m] < options.start) a = m + 1;
        else b = m;
      }
      lo = Math.max(0, a - 1);
    }
    if (options.end !== undefined) {
      let a = 0;
      let b = n; // first index with x > end
      while (a < b) {
        const m = (a + b) >>> 1;
        if (x[m] <= options.end) a = m + 1;
        else b = m;
      }
      hi = Math.min(n - 1, a);
    }
  }
  const count = hi - lo + 1;
  if (count <= 0) return { x: new Float64Array(0), y: new Float64Array(0), decimated: false };
  if (count <= threshold) {
    const kx = new Float64Array(count);
    const ky = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      kx[i] = x[lo + i];
      ky[i] = y[lo + i];
    }
    return { x: kx, y: ky, decimated: false };
  }
  const x0 = sorted ? (options.start !== undefined ? options.start : x[lo]) : 0;
  const x1 = sorted ? (options.end !== undefined ? options.end : x[hi]) : 0;
  const byValue = sorted && x1 > x0;
  const scale = byValue ? buckets / (x1 - x0) : buckets / count;
  const ox: number[] = [];
  const oy: number[] = [];
  let open = false;
  let cur = 0;
  let first = 0;
  let last = 0;
  let minI = 0;
  let maxI = 0;
  let gap = false;
  for (let i = lo; i <= hi + 1; i++) {
    const done = i > hi;
    const yi = done ? 0 : y[i];
    const missing = yi !== yi;
    let b = 0;
    if (!done && !missing) {
      b = byValue ? Math.floor((x[i] - x0) * scale) : Math.floor((i - lo) * scale);
      if (b < -1) b = -1;
      else if (b > buckets) b = buckets;
    }
    if (open && (done || missing || b !== cur)) {
      // Flush the column: first, min and max in index order, last; each index once.
      let p = first;
      ox.push(x[p]);
      oy.push(y[p]);
      const m1 = minI < maxI ? minI : maxI;
      const m2 = minI < maxI ? maxI : minI;
      if (m1 !== p) {
        ox.push(x[m1]);
        oy.push(y[m1]);
        p = m1;
      }
      if (m2 !== p) {
        ox.push(x[m2]);
        oy.push(y[m2]);
        p = m2;
      }
      if (last !== p) {
        ox.push(x[last]);
        oy.push(y[last]);
      }
      open = false;
      gap = false;
    }
    if (done) break;
    if (missing) {
      if (!gap) {
        ox.push(x[i]);
        oy.push(NaN);
        gap = true;
      }
      continue;
    }
    if (!open) {
      open = true;
      cur = b;
      first = last = minI = maxI = i;
    } else {
      last = i;
      if (yi < y[minI]) minI = i;
      if (yi > y[maxI]) maxI = i;
    }
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy), decimated: true };
}
