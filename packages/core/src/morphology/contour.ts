/**
 * Import3d's treatment of a Neurolucida soma contour: its centre (`contourcenter`) and its
 * replacement by a centroid line with diameters (`contour2centroid`), including the symmetric
 * eigen-decomposition NEURON's `Matrix.symmeig` performs (Meschach's Householder
 * tridiagonalization and implicit QR with Wilkinson shifts), so that the principal axis comes out
 * with the same sign and the centroid runs in the same direction as in NEURON.
 * @module
 */

/** A 3x3 (or n x n) matrix as rows. */
type Mat = number[][];

/**
 * Eigenvalues and eigenvectors (the columns of `Q`) of a symmetric matrix, computed in the same
 * sequence of operations as Meschach's `symmeig` (used by NEURON's `Matrix.symmeig`), so that the
 * signs of the eigenvectors agree.
 *
 * @example
 * ```ts
 * const { values, Q } = symmeig([[2, 1, 0], [1, 2, 0], [0, 0, 0]]);
 * // values: [1, 3, 0] in Meschach's order; Q[i][j] is component i of eigenvector j
 * ```
 */
export function symmeig(A: readonly (readonly number[])[]): { values: number[]; Q: Mat } {
  const n = A.length;
  const H: Mat = A.map((r) => r.slice());
  const diag = new Array<number>(n).fill(0);
  const beta = new Array<number>(n).fill(0);
  // Hfactor
  const limit = n - 1;
  for (let k = 0; k < limit; k++) {
    const hh = H.map((r) => r[k]);
    // hhvec(hh, k+1, &beta[k], hh, &H[k+1][k])
    const i0 = k + 1;
    let ip = 0;
    for (let i = i0; i < n; i++) ip += hh[i] * hh[i];
    const norm = Math.sqrt(ip);
    if (norm <= 0) {
      beta[k] = 0;
    } else {
      beta[k] = 1 / (norm * (norm + Math.abs(hh[i0])));
      const newval = hh[i0] > 0 ? -norm : norm;
      H[i0][k] = newval;
      hh[i0] -= newval;
    }
    diag[k] = hh[k + 1];
    // _hhtrcols(H, k+1, k+1, hh, beta[k], w)
    const b = beta[k];
    if (b !== 0) {
      const j0 = k + 1;
      const w = new Array<number>(n).fill(0);
      for (let i = k + 1; i < n; i++) {
        if (hh[i] !== 0) for (let j = j0; j < n; j++) w[j] += hh[i] * H[i][j];
      }
      for (let i = k + 1; i < n; i++) {
        if (hh[i] !== 0) {
          const s = -b * hh[i];
          for (let j = j0; j < n; j++) H[i][j] += s * w[j];
        }
      }
      // hhtrrows(H, 0, k+1, hh, beta[k])
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let j = j0; j < n; j++) p += H[i][j] * hh[j];
        const scale = b * p;
        if (scale === 0) continue;
        for (let j = j0; j < n; j++) H[i][j] += -scale * hh[j];
      }
    }
  }
  // makeHQ
  const Q: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const t1 = new Array<number>(n).fill(0);
    t1[i] = 1;
    for (let j = limit - 1; j >= 0; j--) {
      const t2 = H.map((r) => r[j]);
      t2[j + 1] = diag[j];
      // hhtrvec(t2, beta[j], j+1, t1, t1)
      let p = 0;
      for (let k = j + 1; k < n; k++) p += t2[k] * t1[k];
      const scale = beta[j] * p;
      for (let k = j + 1; k < n; k++) t1[k] += -scale * t2[k];
    }
    for (let j = 0; j < n; j++) Q[j][i] = t1[j];
  }
  const a = new Array<number>(n);
  const bb = new Array<number>(Math.max(n - 1, 0));
  for (let i = 0; i < n - 1; i++) {
    a[i] = H[i][i];
    bb[i] = H[i][i + 1];
  }
  a[n - 1] = H[n - 1][n - 1];
  trieig(a, bb, Q);
  return { values: a, Q };
}

const MACHEPS = 2.220446049250313e-16;

function givens(x: number, y: number): [number, number] {
  const norm = Math.sqrt(x * x + y * y);
  return norm === 0 ? [1, 0] : [x / norm, y / norm];
}

function rotCols(Q: Mat, i: number, k: number, c: number, s: number): void {
  for (let j = 0; j < Q.length; j++) {
    const temp = c * Q[j][i] + s * Q[j][k];
    Q[j][k] = -s * Q[j][i] + c * Q[j][k];
    Q[j][i] = temp;
  }
}

/** Meschach's `trieig`: eigenvalues of the symmetric tridiagonal (a, b), rotating Q. */
function trieig(a: number[], b: number[], Q: Mat): void {
  const n = a.length;
  const sgn = (x: number): number => (x >= 0 ? 1 : -1);
  let iMin = 0;
  while (iMin < n) {
    let iMax = n - 1;
    for (let i = iMin; i < n - 1; i++) {
      if (b[i] === 0) {
        iMax = i;
        break;
      }
    }
    if (iMax <= iMin) {
      iMin = iMax + 1;
      continue;
    }
    let split = false;
    while (!split) {
      const d = (a[iMax - 1] - a[iMax]) / 2;
      const bSqr = b[iMax - 1] * b[iMax - 1];
      const mu = a[iMax] - bSqr / (d + sgn(d) * Math.sqrt(d * d + bSqr));
      let [c, s] = givens(a[iMin] - mu, b[iMin]);
      s = -s;
      let c2 = c * c;
      let s2 = 1 - c2;
      let cs = c * s;
      let ak1 = c2 * a[iMin] + s2 * a[iMin + 1] - 2 * cs * b[iMin];
      let bk1 = cs * (a[iMin] - a[iMin + 1]) + (c2 - s2) * b[iMin];
      let ak2 = s2 * a[iMin] + c2 * a[iMin + 1] + 2 * cs * b[iMin];
      let bk2 = iMin < iMax - 1 ? c * b[iMin + 1] : 0;
      let z = iMin < iMax - 1 ? -s * b[iMin + 1] : 0;
      a[iMin] = ak1;
      a[iMin + 1] = ak2;
      b[iMin] = bk1;
      if (iMin < iMax - 1) b[iMin + 1] = bk2;
      rotCols(Q, iMin, iMin + 1, c, -s);
      for (let i = iMin + 1; i < iMax; i++) {
        [c, s] = givens(b[i - 1], z);
        s = -s;
        c2 = c * c;
        s2 = 1 - c2;
        cs = c * s;
        const bk = c * b[i - 1] - s * z;
        ak1 = c2 * a[i] + s2 * a[i + 1] - 2 * cs * b[i];
        bk1 = cs * (a[i] - a[i + 1]) + (c2 - s2) * b[i];
        ak2 = s2 * a[i] + c2 * a[i + 1] + 2 * cs * b[i];
        bk2 = i + 1 < iMax ? c * b[i + 1] : 0;
        z = i + 1 < iMax ? -s * b[i + 1] : 0;
        a[i] = ak1;
        a[i + 1] = ak2;
        b[i] = bk1;
        if (i < iMax - 1) b[i + 1] = bk2;
        if (i > iMin) b[i - 1] = bk;
        rotCols(Q, i, i + 1, c, -s);
      }
      for (let i = iMin; i < iMax; i++) {
        if (Math.abs(b[i]) < MACHEPS * (Math.abs(a[i]) + Math.abs(a[i + 1]))) {
          b[i] = 0;
          split = true;
        }
      }
    }
  }
}

/** NEURON's `Vector.interpolate(xdest, xsrc)` on ysrc: linear, constant beyond the ends. */
function interpolate(xdest: readonly number[], xsrc: readonly number[], ysrc: readonly number[]): number[] {
  const ns = xsrc.length;
  const out: number[] = [];
  let j = 0;
  for (const xd of xdest) {
    if (xd <= xsrc[0]) {
      out.push(ysrc[0]);
    } else if (xd >= xsrc[ns - 1]) {
      out.push(ysrc[ns - 1]);
    } else {
      while (xsrc[j + 1] <= xd) j++;
      const th = (xd - xsrc[j]) / (xsrc[j + 1] - xsrc[j]);
      out.push((1 - th) * ysrc[j] + th * ysrc[j + 1]);
    }
  }
  return out;
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** `contourcenter` resampling: the contour at 101 points evenly spaced along its open
 * perimeter measured in the xy plane (the closing edge is not included) [um]. */
function resample(xs: readonly number[], ys: readonly number[], zs: readonly number[]): [number[], number[], number[]] {
  const n = xs.length;
  const perim = new Array<number>(n).fill(0);
  for (let i = 1; i < n; i++) {
    const dx = xs[i] - xs[i - 1];
    const dy = ys[i] - ys[i - 1];
    perim[i] = perim[i - 1] + Math.sqrt(dx * dx + dy * dy);
  }
  const step = perim[n - 1] / 100;
  const d: number[] = [];
  for (let i = 0; i <= 100; i++) d.push(i * step);
  return [interpolate(d, perim, xs), interpolate(d, perim, ys), interpolate(d, perim, zs)];
}

/**
 * The centre [um] Import3d gives a contour (`contourcenter`): the mean of 101 points spaced evenly
 * along its perimeter (measured in the xy plane, without the closing edge).
 *
 * @example
 * ```ts
 * contourCenter([0, 10, 10, 0], [0, 0, 10, 10], [0, 0, 0, 0]) // about [6.7, 3.3, 0]: the open path is not the square
 * ```
 */
export function contourCenter(xs: readonly number[], ys: readonly number[], zs: readonly number[]): [number, number, number] {
  const [x, y, z] = resample(xs, ys, zs);
  return [mean(x), mean(y), mean(z)];
}

/**
 * Import3d's `contour2centroid`: a soma contour (x, y, z, d rows, d unused) replaced by 21 points
 * along its principal axis, each with the contour's width across that axis as diameter (the two
 * end diameters averaged with their neighbours so they are not 0).
 *
 * @example
 * ```ts
 * const pts = contourToCentroid(circle); // [[x, y, z, d], ...] 21 points [um]
 * ```
 */
export function contourToCentroid(raw: readonly (readonly number[])[]): [number, number, number, number][] {
  const [X, Y, Z] = resample(raw.map((r) => r[0]), raw.map((r) => r[1]), raw.map((r) => r[2]));
  const c = [mean(X), mean(Y), mean(Z)];
  const rows = [X.map((v) => v - c[0]), Y.map((v) => v - c[1]), Z.map((v) => v - c[2])];
  const m: Mat = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < rows[i].length; k++) s += rows[i][k] * rows[j][k];
      m[i][j] = s;
      m[j][i] = s;
    }
  }
  const { values, Q } = symmeig(m);
  const maxInd = argmax(values);
  const minInd = argmin(values);
  const major = [Q[0][maxInd], Q[1][maxInd], Q[2][maxInd]];
  const mid = 3 - minInd - maxInd;
  const minor = [Q[0][mid], Q[1][mid], 0];
  const mag = Math.sqrt(minor[0] * minor[0] + minor[1] * minor[1]);
  minor[0] /= mag;
  minor[1] /= mag;
  const npt = X.length;
  let d: number[] = [];
  let rad: number[] = [];
  for (let i = 0; i < npt; i++) {
    const p = [rows[0][i], rows[1][i], rows[2][i]];
    d.push(p[0] * major[0] + p[1] * major[1] + p[2] * major[2]);
    rad.push(p[0] * minor[0] + p[1] * minor[1] + p[2] * minor[2]);
  }
  const imax = argmax(d);
  d = [...d.slice(imax), ...d.slice(0, imax)];
  rad = [...rad.slice(imax), ...rad.slice(0, imax)];
  const imin = argmin(d);
  const side2 = d.slice(imin);
  const rad2 = rad.slice(imin);
  d = d.slice(0, imin).reverse();
  rad = rad.slice(0, imin).reverse();
  convexify(d, rad);
  convexify(side2, rad2);
  const all = [...d, ...side2].sort((p, q) => p - q);
  const lo = all[1];
  const hi = all[all.length - 2];
  const t = indgen(lo, hi, (hi - lo) / 20);
  const r1 = interpolate(t, d, rad);
  const r2 = interpolate(t, side2, rad2);
  const out: [number, number, number, number][] = t.map((ti, i) => [
    major[0] * ti + c[0], major[1] * ti + c[1], major[2] * ti + c[2], Math.abs(r1[i] - r2[i]),
  ]);
  out[0][3] = (out[0][3] + out[1][3]) / 2;
  const last = out.length - 1;
  out[last][3] = (out[last][3] + out[last - 1][3]) / 2;
  return out;
}

/** Import3d's loop removing non-increasing positions (kept literally, including its skip). */
function convexify(d: number[], rad: number[]): void {
  for (let j = d.length - 1; j > 0; j--) {
    if (d[j] <= d[j - 1]) {
      d.splice(j, 1);
      rad.splice(j, 1);
      if (j !== d.length) j++;
    }
  }
}

/** NEURON's `Vector.indgen(start, stop, step)`. */
function indgen(start: number, stop: number, step: number): number[] {
  const n = Math.floor((stop - start) / step + 1e-9) + 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + i * step);
  return out;
}

function argmax(v: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}

function argmin(v: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[k]) k = i;
  return k;
}
