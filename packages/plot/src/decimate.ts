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
  /** The x values of the points kept, in their original order. */
  readonly x: Float64Array;
  /** The y values of the points kept; as many as `x`. */
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
  const ox: number[] = [];
  const oy: number[] = [];
  let gap = false;
  // Column k holds x in [x0 + k·w, x0 + (k+1)·w) (by index for unsorted x); column -1 what lies
  // before the window and column `buckets` what lies after it (one point each at most).
  let i = lo;
  for (let k = -1; k <= buckets && i <= hi; k++) {
    let j: number; // end (exclusive) of column k
    if (k === buckets) j = hi + 1;
    else if (byValue) {
      const edge = x0 + ((k + 1) * (x1 - x0)) / buckets;
      let a = i;
      let b = hi + 1;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (x[m] < edge) a = m + 1;
        else b = m;
      }
      j = a;
    } else {
      j = k < 0 ? lo : lo + Math.ceil(((k + 1) * count) / buckets);
      if (j > hi + 1) j = hi + 1;
    }
    // Keep the column's first, lowest, highest and last point, in index order, each once; a run
    // of NaN in y becomes one NaN point (a gap in the line) and splits the column.
    let p = i;
    while (p < j) {
      const yp = y[p];
      if (yp !== yp) {
        if (!gap) {
          ox.push(x[p]);
          oy.push(NaN);
          gap = true;
        }
        p++;
        continue;
      }
      const first = p;
      let minI = p;
      let maxI = p;
      let lo2 = yp;
      let hi2 = yp;
      p++;
      while (p < j) {
        const v = y[p];
        if (v !== v) break;
        if (v < lo2) {
          lo2 = v;
          minI = p;
        } else if (v > hi2) {
          hi2 = v;
          maxI = p;
        }
        p++;
      }
      const last = p - 1;
      let q = first;
      ox.push(x[q]);
      oy.push(y[q]);
      const m1 = minI < maxI ? minI : maxI;
      const m2 = minI < maxI ? maxI : minI;
      if (m1 !== q) {
        ox.push(x[m1]);
        oy.push(y[m1]);
        q = m1;
      }
      if (m2 !== q) {
        ox.push(x[m2]);
        oy.push(y[m2]);
        q = m2;
      }
      if (last !== q) {
        ox.push(x[last]);
        oy.push(y[last]);
      }
      gap = false;
    }
    i = j;
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy), decimated: true };
}
