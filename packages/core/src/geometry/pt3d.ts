/**
 * A section's geometry from its 3-D points, as NEURON 8.2.2 computes it (`nrn_area_ri` and
 * `diam_from_list` in `treeset.cpp`, `nrn_length_change`, `nrn_diam_change`), established by
 * experiment against NEURON itself (see `references/morphology_*.py` and the geometry tests).
 *
 * Pure and browser-safe: no I/O, no globals.
 *
 * Rules reproduced:
 * - NEURON stores x, y, z and diam of each 3-D point as 32-bit floats; every function here rounds
 *   its inputs with `Math.fround` first, so passing the values given to `pt3dadd` or the values
 *   read back with `x3d()` gives the same result.
 * - Arc length: `arc[0] = 0`, `arc[i] = arc[i-1] + sqrt(dx^2 + dy^2 + dz^2)` where each difference
 *   is taken in single precision and the rest in double precision. `L` is the last arc.
 * - Each segment of length `ds = L / nseg` is split into two halves; each half is integrated over
 *   the frusta between consecutive points, cut where a half ends inside a frustum (the diameter is
 *   linearly interpolated there: `th = (s - arc[j]) / (arc[j+1] - arc[j])`,
 *   `d = (1 - th) d[j] + th d[j+1]`). Segment i's halves end at `s = i ds + ds/2` and at that
 *   `s + ds/2`. A half takes every point but the last with `arc <= s` (so a zero-length step at a
 *   boundary belongs to the half ending there), then always ends with a piece interpolated
 *   between the current point j and j+1 up to `s`, even of length 0 (th = 1 when those two
 *   points coincide), and even when `s` exceeds L by a rounding error (th slightly above 1: the
 *   diameter extrapolated, which next to a zero-diameter end is a tiny negative number and gives a
 *   huge negative resistance, as NEURON reports). Pieces of length below 1e-15 count as 1e-15,
 *   so next to a zero diameter each adds 1e15 to the resistance sum.
 * - Per frustum of length `dx` and end diameters `d1`, `d2` (taken as absolute values):
 *   area `PI/2 (d1 + d2) sqrt(dx^2 + (d2 - d1)^2 / 4)` (lateral area, so a zero-length step in
 *   diameter adds the annulus between them), `diam * ds += (d1 + d2) dx / 2` (segment diam is the
 *   mean diameter over the segment), and resistance `1e-2 Ra 4/PI * dx/(d1 d2)` [megohm], where
 *   first `dx = max(dx, 1e-15)` and `d1 d2 / dx` is replaced by 1e-15 when it is 0 (a zero
 *   diameter gives a huge but finite resistance, 1.27e15 megohm per such frustum at Ra = 100).
 * - Degenerate: with one point NEURON uses cylinders of length 1e-9 um; with all points at one
 *   place it reports L = 1e-9 and keeps the previous segment diams (here: diam is Infinity;
 *   area and resistances agree).
 * - Sections with fewer than two points use cylinders: area `PI d L / nseg`, each half
 *   `1e-2 Ra (ds/2) / (PI d^2 / 4)`.
 * - NEURON's `seg.ri()` is `rLeft[j] + rRight[j-1]` (just `rLeft[0]` for the first segment), and
 *   the far end `sec(1).ri()` is `rRight[nseg-1]`.
 * - The arrays run from the first 3-D point, which NEURON puts at the section's connection end:
 *   for a section attached by its 0 end (as Import3d makes them) index j is `seg(x)` with
 *   j = floor(x nseg); for one attached by its 1 end, `seg(x)` is index nseg-1-floor(x nseg), and
 *   `rLeft` is the half towards the connection (measured: the arrays are in node order from the
 *   connection, whatever the orientation).
 * @module
 */

const PI = Math.PI;

/** One 3-D point: x, y, z [um] and diameter [um], as `pt3dadd(x, y, z, diam)` takes them. */
export type Pt3dPoint = readonly [x: number, y: number, z: number, diam: number];

/** The discretized geometry of one section, per segment in arc order (from x = 0 to x = 1). */
export interface SegmentGeometry {
  /** Section length [um]: the last arc length, or the given L for a cylinder. */
  readonly L: number;
  /** Membrane area of each segment [um2]. */
  readonly area: Float64Array;
  /** Segment diameter [um]: the mean diameter over the segment (NEURON's `seg.diam`). */
  readonly diam: Float64Array;
  /** Axial resistance of the half of each segment towards x = 0 [megohm]. */
  readonly rLeft: Float64Array;
  /** Axial resistance of the half of each segment towards x = 1 [megohm]. */
  readonly rRight: Float64Array;
}

/**
 * A point rounded to single precision, as NEURON stores it.
 *
 * @example
 * ```ts
 * float32Point([0.1, 0, 0, 2]) // [0.10000000149011612, 0, 0, 2]
 * ```
 */
export function float32Point(p: Pt3dPoint): Pt3dPoint {
  return [Math.fround(p[0]), Math.fround(p[1]), Math.fround(p[2]), Math.fround(p[3])];
}

/**
 * The arc length from the first point to each point [um] (NEURON's `arc3d(i)`).
 *
 * @example
 * ```ts
 * arc3d([[0, 0, 0, 1], [3, 4, 0, 1], [3, 4, 12, 1]]) // Float64Array [0, 5, 17]
 * ```
 */
export function arc3d(points: readonly Pt3dPoint[]): Float64Array {
  const n = points.length;
  const arc = new Float64Array(n); // [um]
  for (let i = 1; i < n; i++) {
    const a = points[i - 1];
    const b = points[i];
    // NEURON subtracts the single-precision coordinates in single precision.
    const dx = Math.fround(Math.fround(b[0]) - Math.fround(a[0]));
    const dy = Math.fround(Math.fround(b[1]) - Math.fround(a[1]));
    const dz = Math.fround(Math.fround(b[2]) - Math.fround(a[2]));
    arc[i] = arc[i - 1] + Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return arc;
}

/**
 * The length of a section with these points [um]: the last arc length (0 without points).
 *
 * @example
 * ```ts
 * sectionLength([[0, 0, 0, 1], [3, 4, 0, 1]]) // 5
 * ```
 */
export function sectionLength(points: readonly Pt3dPoint[]): number {
  const arc = arc3d(points);
  return arc.length ? arc[arc.length - 1] : 0;
}

/**
 * Area, diam and half-segment axial resistances of each of `nseg` segments of a section with 3-D
 * points, integrated over the frusta as NEURON 8.2.2 does (see the module comment). With fewer
 * than two points NEURON ignores the points; use {@link cylinderGeometry} then.
 *
 * @param points the section's 3-D points in arc order (at least 2)
 * @param nseg number of segments
 * @param Ra axial resistivity [ohm cm]
 * @param arcs the arc lengths NEURON holds for the points [um], when they are not simply
 *   {@link arc3d} of the points: after `L` was set, NEURON scales the stored arcs instead of
 *   recomputing them (see {@link rescaleToLength})
 * @example
 * ```ts
 * const g = segmentGeometry([[0, 0, 0, 2], [10, 0, 0, 2]], 1, 100);
 * g.area[0]  // PI * 2 * 10 [um2]
 * g.rLeft[0] // 1e-2 * 100 * 5 / (PI * 2 * 2 / 4) [megohm]
 * ```
 */
export function segmentGeometry(
  points: readonly Pt3dPoint[], nseg: number, Ra: number, arcs?: ArrayLike<number>,
): SegmentGeometry {
  const npt = points.length;
  if (npt < 2) {
    throw new RangeError(`segmentGeometry needs at least 2 points, got ${npt}; use cylinderGeometry`);
  }
  if (!Number.isInteger(nseg) || nseg < 1) throw new RangeError(`nseg must be a positive integer, got ${nseg}`);
  const arc = arcs ? Float64Array.from(arcs) : arc3d(points); // [um]
  if (arc.length !== npt) throw new RangeError(`got ${arc.length} arc lengths for ${npt} points`);
  const dia = new Float64Array(npt); // [um]
  for (let i = 0; i < npt; i++) dia[i] = Math.abs(Math.fround(points[i][3]));
  const L = arc[npt - 1];
  const ds = L / nseg; // [um]
  const rfac = (1e-2 * Ra * 4) / PI; // turns sum(dx / (d1 d2)) [1/um] into [megohm]
  const area = new Float64Array(nseg);
  const diam = new Float64Array(nseg);
  const rLeft = new Float64Array(nseg);
  const rRight = new Float64Array(nseg);
  let j = 0;
  let x1 = arc[0];
  let y1 = dia[0];
  for (let i = 0; i < nseg; i++) {
    let si = i * ds;
    let a = 0; // [um2]
    let dsum = 0; // [um2] integral of the diameter over arc length
    for (let half = 0; half < 2; half++) {
      const sj = si + ds / 2;
      let ri = 0; // [1/um]
      for (;;) {
        let x2: number;
        let y2: number;
        let last = false;
        if (j < npt - 2 && arc[j + 1] <= sj) {
          // whole frusta up to sj; never the last one, which is always reached by interpolation
          j++;
          x2 = arc[j];
          y2 = dia[j];
        } else {
          // up to sj, interpolated between points j and j+1 in exactly this form (it decides the
          // tiny, even negative, diameter left next to a zero-diameter end, hence the resistance
          // there); sj may lie a rounding error beyond L, and then th is a little above 1
          const span = arc[j + 1] - arc[j];
          const th = span !== 0 ? (sj - arc[j]) / span : 1;
          x2 = sj;
          y2 = (1 - th) * dia[j] + th * dia[j + 1];
          last = true;
        }
        let delta = x2 - x1;
        if (delta < 1e-15) delta = 1e-15;
        dsum += ((y1 + y2) * delta) / 2;
        a += (PI / 2) * (y1 + y2) * Math.sqrt(delta * delta + ((y2 - y1) * (y2 - y1)) / 4);
        let g = (y1 * y2) / delta;
        if (g === 0) g = 1e-15;
        ri += 1 / g;
        x1 = x2;
        y1 = y2;
        if (last) break;
      }
      if (half === 0) rLeft[i] = ri * rfac;
      else rRight[i] = ri * rfac;
      si = sj;
    }
    area[i] = a;
    diam[i] = dsum / ds;
  }
  return { L, area, diam, rLeft, rRight };
}

/**
 * Geometry of a section without 3-D points: nseg cylinders of length L/nseg.
 *
 * @param L section length [um]
 * @param diam diameter of each segment in arc order [um]
 * @param Ra axial resistivity [ohm cm]
 * @example
 * ```ts
 * cylinderGeometry(100, [2, 2, 2], 100).area[0] // PI * 2 * 100 / 3 [um2]
 * ```
 */
export function cylinderGeometry(L: number, diam: ArrayLike<number>, Ra: number): SegmentGeometry {
  const nseg = diam.length;
  const dx = L / nseg; // [um]
  const area = new Float64Array(nseg);
  const d = new Float64Array(nseg);
  const rLeft = new Float64Array(nseg);
  const rRight = new Float64Array(nseg);
  for (let i = 0; i < nseg; i++) {
    d[i] = diam[i];
    area[i] = PI * d[i] * dx;
    rLeft[i] = (1e-2 * Ra * (dx / 2)) / ((PI * d[i] * d[i]) / 4);
    rRight[i] = rLeft[i];
  }
  return { L, area, diam: d, rLeft, rRight };
}

/** What a section holds that decides its geometry. */
export interface SectionShape {
  /** The 3-D points, if any. */
  readonly points?: readonly Pt3dPoint[];
  /** The arc lengths NEURON holds for them [um], if not {@link arc3d} of the points. */
  readonly arcs?: ArrayLike<number>;
  /** Length [um] (used without 3-D points). */
  readonly L: number;
  /** Diameter of each segment in arc order [um] (used without 3-D points); its length is nseg. */
  readonly diam: ArrayLike<number>;
  /** Axial resistivity [ohm cm]. */
  readonly Ra: number;
}

/**
 * A section's segment geometry as NEURON's `nrn_area_ri` decides it: from the frusta with two or
 * more 3-D points ({@link segmentGeometry}); with exactly one point, cylinders of length 1e-9 um
 * (what NEURON 8.2.2 does; it reports L = 1e-9); otherwise cylinders of length L.
 *
 * @example
 * ```ts
 * const g = sectionGeometry({ points: sec.pt3d, L: sec.L, diam: sec.diam, Ra: sec.Ra });
 * layoutArea.set(g.area, base); // [um2]
 * ```
 */
export function sectionGeometry(s: SectionShape): SegmentGeometry {
  const n = s.points?.length ?? 0;
  if (n >= 2) return segmentGeometry(s.points!, s.diam.length, s.Ra, s.arcs);
  return cylinderGeometry(n === 1 ? 1e-9 : s.L, s.diam, s.Ra);
}

/**
 * NEURON's `seg.ri()` for each segment [megohm]: the resistance from the segment's node to the
 * previous node along the section (`rLeft[j] + rRight[j-1]`; `rLeft[0]` for the first), then one
 * more entry for the far end `sec(1).ri()` (`rRight[nseg-1]`).
 *
 * @example
 * ```ts
 * const g = segmentGeometry([[0, 0, 0, 2], [10, 0, 0, 2]], 2, 100);
 * nodeResistances(g) // Float64Array [rLeft0, rRight0 + rLeft1, rRight1]
 * ```
 */
export function nodeResistances(g: SegmentGeometry): Float64Array {
  const nseg = g.area.length;
  const ri = new Float64Array(nseg + 1); // [megohm]
  for (let i = 0; i < nseg; i++) ri[i] = g.rLeft[i] + (i > 0 ? g.rRight[i - 1] : 0);
  ri[nseg] = g.rRight[nseg - 1];
  return ri;
}

/**
 * The volume of the segment holding `x` [um3], as NEURON 8.2.2's `seg.volume()`: 0 at the ends
 * (x = 0 or 1, which have no volume). With two or more 3-D points, the frusta between the
 * segment's ends on the stored arc lengths (each end's diameter interpolated linearly between the
 * points around it, `PI/12 dx (d0^2 + d0 d1 + d1^2)` each); otherwise a cylinder of the segment's
 * diameter and length `L / nseg`.
 *
 * @param points the section's 3-D points (diameters taken as absolute values)
 * @param arcs the arc length NEURON holds for each point [um]
 * @param L the section's length [um]
 * @param nseg its number of segments
 * @param x the location, 0..1
 * @param diam the segment's diameter [um] (used without 3-D points)
 * @example
 * ```ts
 * segmentVolume([], [], 20, 1, 0.5, 20) // PI * 20 * 20 / 4 * 20 [um3]
 * segmentVolume([[0, 0, 0, 2], [10, 0, 0, 4]], [0, 10], 10, 1, 0.5, 3) // PI / 12 * 10 * (4 + 8 + 16)
 * ```
 */
export function segmentVolume(
  points: readonly Pt3dPoint[], arcs: ArrayLike<number>, L: number, nseg: number, x: number, diam: number,
): number {
  if (!(x > 0 && x < 1)) return 0;
  const length = L / nseg; // [um]
  const iseg = Math.trunc(x * nseg);
  const left = iseg * length; // [um] arc of the segment's ends
  const right = (iseg + 1) * length;
  const npt = points.length;
  if (npt < 2) return (Math.PI * diam * diam / 4) * length;
  const d = (i: number): number => Math.abs(points[i][3]);
  // the last point whose arc is below the segment's start (the first when none is)
  let lo = 0;
  let hi = npt;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (arcs[mid] < left) lo = mid;
    else hi = mid;
  }
  const lerp = (x0: number, x1: number, y0: number, y1: number, at: number): number => (x1 === x0 ? y0 : y0 + ((y1 - y0) * (at - x0)) / (x1 - x0));
  const frustum = (dx: number, d0: number, d1: number): number => dx * (d0 * d0 + d0 * d1 + d1 * d1);
  let arc0 = left;
  let d0 = lerp(arcs[lo], arcs[lo + 1], d(lo), d(lo + 1), left);
  let sum = 0; // [um3] * 12 / PI
  let i = lo + 1;
  for (; i < npt && arcs[i] < right; i++) {
    sum += frustum(arcs[i] - arc0, d0, d(i));
    arc0 = arcs[i];
    d0 = d(i);
  }
  if (i < npt) sum += frustum(right - arc0, d0, lerp(arc0, arcs[i], d0, d(i), right));
  return sum * (Math.PI / 12);
}

/** 3-D points with the arc lengths NEURON holds for them. */
export interface Pt3dWithArcs {
  readonly points: Pt3dPoint[];
  /** Arc length of each point from the first [um]. */
  readonly arc: Float64Array;
}

/**
 * The points after the user sets `L` on a section that has 3-D points (NEURON's
 * `nrn_length_change`): with `fac = L / oldL`, every point moves along the line from the first
 * point (`x0 + (x - x0) fac`, stored in single precision), diameters stay, and the stored arc
 * lengths are scaled (`arc fac`, not recomputed from the moved points, so the last arc is exactly
 * the new L). The first point stays put, so the far end moves; children follow only at the next
 * `define_shape` (see {@link translatePoints}).
 *
 * @param arcs the arc lengths held before the change [um]; {@link arc3d} of the points if omitted
 * @param L the new length [um]
 * @example
 * ```ts
 * rescaleToLength([[1, 1, 0, 2], [4, 5, 0, 4]], 10).points // [[1, 1, 0, 2], [7, 9, 0, 4]]
 * ```
 */
export function rescaleToLength(points: readonly Pt3dPoint[], L: number, arcs?: ArrayLike<number>): Pt3dWithArcs {
  const p = points.map(float32Point);
  const arc = arcs ? Float64Array.from(arcs) : arc3d(p);
  if (p.length < 2) return { points: p, arc };
  const fac = L / arc[arc.length - 1];
  const [x0, y0, z0] = p[0];
  for (let i = 0; i < arc.length; i++) arc[i] *= fac;
  return {
    points: p.map(([x, y, z, d]) =>
      float32Point([x0 + (x - x0) * fac, y0 + (y - y0) * fac, z0 + (z - z0) * fac, d])),
    arc,
  };
}

/**
 * The point diameters after the user sets a segment's `diam` (or the section's) on a section with
 * 3-D points (NEURON's `nrn_diam_change` without `pt3dconst`): every point takes the diam of the
 * segment holding its arc position x = arc/L (x = 1 belongs to the last segment; a point on a
 * segment boundary to the segment after it). Then NEURON recomputes the segment diams from the
 * points ({@link segmentGeometry}), so a set value is not kept in general.
 *
 * @param segDiam diam of each segment in arc order, with the user's change applied [um]
 * @param arcs the arc lengths NEURON holds for the points [um]; {@link arc3d} of them if omitted
 * @example
 * ```ts
 * diamsFromSegments([[0, 0, 0, 2], [5, 0, 0, 3], [10, 0, 0, 4]], [1, 3.5])
 * // [[0, 0, 0, 1], [5, 0, 0, 3.5], [10, 0, 0, 3.5]]
 * ```
 */
export function diamsFromSegments(
  points: readonly Pt3dPoint[], segDiam: ArrayLike<number>, arcs?: ArrayLike<number>,
): Pt3dPoint[] {
  const p = points.map(float32Point);
  const arc = arcs ? Float64Array.from(arcs) : arc3d(p);
  const L = arc.length ? arc[arc.length - 1] : 0;
  const nseg = segDiam.length;
  return p.map(([x, y, z], i) => {
    const xs = L > 0 ? arc[i] / L : 0;
    let k = Math.floor(xs * nseg);
    if (k >= nseg) k = nseg - 1;
    if (k < 0) k = 0;
    return float32Point([x, y, z, segDiam[k]]);
  });
}

/**
 * The points moved by (dx, dy, dz) [um]. `define_shape` translates a child section with 3-D points
 * this way when its first point is not at its parent's connection point (and the child has no
 * logical connection point set by `pt3dstyle`); arc lengths do not change. As NEURON, the shift
 * and the sums are single precision.
 *
 * @example
 * ```ts
 * translatePoints([[4, 5, 6, 1], [10, 5, 6, 1]], 3, 4, 6) // [[7, 9, 12, 1], [13, 9, 12, 1]]
 * ```
 */
export function translatePoints(points: readonly Pt3dPoint[], dx: number, dy: number, dz: number): Pt3dPoint[] {
  const fx = Math.fround(dx), fy = Math.fround(dy), fz = Math.fround(dz);
  return points.map((q) => {
    const [x, y, z, d] = float32Point(q);
    return float32Point([x + fx, y + fy, z + fz, d]);
  });
}

/**
 * Where `define_shape` puts the start of a child attached at arc position x of a parent with 3-D
 * points [um]: on the straight line from the parent's first to its last point,
 * `last s + first (1 - s)` rounded to single precision, with s = x, or 1 - x for a parent attached
 * by its 1 end (whose first point is at x = 1). Not along the points: measured with NEURON 8.2.2,
 * a child at x = 0.3 of an L-shaped parent starts off the parent. `define_shape` then translates
 * the child (and with it its subtree) by this point minus the child's logical connection point
 * (`pt3dstyle`) if it has one, else minus its first point; see {@link translatePoints}.
 *
 * @param x arc position on the parent (0..1)
 * @param parentReversed whether the parent is attached to its own parent by its 1 end
 * @example
 * ```ts
 * connectionPoint([[0, 0, 0, 2], [10, 0, 0, 2], [10, 10, 0, 2]], 0.3) // [3, 3, 0]
 * ```
 */
export function connectionPoint(points: readonly Pt3dPoint[], x: number, parentReversed = false): [number, number, number] {
  if (points.length === 0) throw new RangeError('connectionPoint needs at least one point');
  const a = float32Point(points[0]);
  const b = float32Point(points[points.length - 1]);
  const s = parentReversed ? 1 - x : x;
  return [Math.fround(b[0] * s + a[0] * (1 - s)), Math.fround(b[1] * s + a[1] * (1 - s)), Math.fround(b[2] * s + a[2] * (1 - s))];
}

/**
 * The 3-D points `define_shape` gives a section that has none (NEURON's stylized shape): a
 * straight line of length L in the plane z = const, from `start` at `angle` to the x axis, with a
 * point at each end and one at the centre of each segment, each with the diameter of its segment
 * (the ends with the first and last segment's), all in single precision. The last arc length is
 * L itself, not the length of the rounded points, so L does not change; the next change of a
 * point measures the arcs again.
 *
 * @param start the first point [um], already single precision
 * @param angle the direction [rad], already single precision (NEURON keeps it in a float, and
 *   takes its cosine and sine in single precision)
 * @param L the section's length [um]
 * @param diams the segments' diameters from the first point on [um]
 * @example
 * ```ts
 * const { points, arc } = stylizedPoints([0, 0, 0], 0, 10, [2]);
 * points // [[0, 0, 0, 2], [5, 0, 0, 2], [10, 0, 0, 2]]
 * arc    // Float64Array [0, 5, 10]
 * ```
 */
export function stylizedPoints(start: readonly [number, number, number], angle: number, L: number, diams: ArrayLike<number>): Pt3dWithArcs {
  const [x, y, z] = start;
  // (NEURON's C++ takes cos and sin of its float angle in single precision.)
  const x1 = Math.fround(x + L * Math.fround(Math.cos(angle)));
  const y1 = Math.fround(y + L * Math.fround(Math.sin(angle)));
  const n = diams.length;
  const points: Pt3dPoint[] = [float32Point([x, y, z, diams[0]])];
  for (let j = 0; j < n; j++) {
    const frac = (j + 0.5) / n;
    points.push(float32Point([x * (1 - frac) + x1 * frac, y * (1 - frac) + y1 * frac, z, diams[j]]));
  }
  points.push(float32Point([x1, y1, z, diams[n - 1]]));
  const arc = arc3d(points);
  arc[arc.length - 1] = L;
  return { points, arc };
}
