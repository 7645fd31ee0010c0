import { PlotError } from './errors.js';
import type { PlotTool } from './spec.js';

/** A 3D point of a section's outline (µm), as NEURON's `pt3dadd(x, y, z, diam)`. */
export interface ShapePoint {
  /** x coordinate [µm]. */
  readonly x: number;
  /** y coordinate [µm]. */
  readonly y: number;
  /** z coordinate [µm]. */
  readonly z: number;
  /** Diameter at this point [µm]. */
  readonly diam: number;
}

/**
 * One section of a {@link shapePlot}: drawn along its 3D points when every section has them,
 * otherwise laid out in 2D from `length`, `parent` and `parentX` (as NEURON's `define_shape`
 * does for cells without 3D data).
 */
export interface ShapeSection {
  /** The section's name, e.g. `'soma'` or `'dend[3]'`. */
  readonly name: string;
  /** Its 3D points, from 0 to 1 along the section. */
  readonly points?: readonly ShapePoint[];
  /** Length `L` in µm (for the 2D layout; default: from the points, else 100). */
  readonly length?: number;
  /** Diameter in µm (for the 2D layout; default 1). */
  readonly diam?: number;
  /** The name of the section it is attached to (none for a root). */
  readonly parent?: string | null;
  /** Where on the parent it is attached, 0 to 1 (default 1). */
  readonly parentX?: number;
  /**
   * The range variable to colour by: one value per segment (the section is cut into as many
   * equal pieces), or one value for the whole section. None: drawn in one colour.
   */
  readonly values?: ArrayLike<number> | number;
}

/** Options of {@link shapePlot}. */
export interface ShapeOptions {
  /** Title above the plot. */
  readonly title?: string;
  /** The name of the range variable, e.g. `'v'`, for the colour bar and hover. */
  readonly variable?: string;
  /** Its unit, e.g. `'mV'`. */
  readonly unit?: string;
  /** The values mapped to the ends of the palette (default: the values' extent). */
  readonly colorRange?: readonly [number, number];
  /** Colours from low to high values (default: a viridis-like ramp of 64). */
  readonly palette?: readonly string[];
  /** Which plane 3D points are projected on (default `'xy'`). */
  readonly view?: 'xy' | 'xz' | 'zy';
  /** Width in CSS pixels (default 600). */
  readonly width?: number;
  /** Height in CSS pixels (default 500). */
  readonly height?: number;
  /** Toolbar tools (default: pan, wheel_zoom, box_zoom, reset, save, hover). */
  readonly tools?: readonly PlotTool[];
}

/** A shape plot, fully resolved: one coloured piece per segment. Made by {@link shapePlot}. */
export interface ShapeSpec {
  /** Marks the object as a shape plot (see {@link isShapeSpec}). */
  readonly kind: 'neurite-shape';
  /** Version of this format; 1. */
  readonly version: 1;
  /** Title above the plot; `''` for none. */
  readonly title: string;
  /** Width in CSS pixels. */
  readonly width: number;
  /** Height in CSS pixels. */
  readonly height: number;
  /** Toolbar tools. */
  readonly tools: readonly PlotTool[];
  /** x coordinates (µm, projected) of each piece's polyline. */
  readonly xs: readonly Float64Array[];
  /** y coordinates of each piece's polyline. */
  readonly ys: readonly Float64Array[];
  /** Each piece's segment, e.g. `dend(0.25)`. */
  readonly labels: readonly string[];
  /** Each piece's value (NaN without values). */
  readonly values: Float64Array;
  /** Each piece's CSS colour. */
  readonly colors: readonly string[];
  /** Each piece's line width in pixels (from its diameter). */
  readonly lineWidths: Float64Array;
  /** The colour bar, or null without values. */
  readonly colorBar: {
    /** The colour bar's title: the variable and its unit, e.g. `v (mV)`. */
    readonly title: string;
    /** The value at the low end of the palette. */
    readonly low: number;
    /** The value at the high end of the palette. */
    readonly high: number;
    /** Colours from low to high values. */
    readonly palette: readonly string[];
  } | null;
}

/** Viridis at 9 stops; interpolated to 64 colours. */
const VIRIDIS_STOPS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function hex(c: number): string {
  return Math.round(c).toString(16).padStart(2, '0');
}

function ramp(stops: readonly string[], n: number): string[] {
  const rgb = stops.map((s) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)));
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const f = (k / (n - 1)) * (rgb.length - 1);
    const i = Math.min(rgb.length - 2, Math.floor(f));
    const u = f - i;
    out.push(`#${[0, 1, 2].map((c) => hex(rgb[i][c] * (1 - u) + rgb[i + 1][c] * u)).join('')}`);
  }
  return out;
}

/**
 * The default palette of shape plots: 64 colours, dark purple (low) to yellow (high), a
 * viridis-like ramp.
 *
 * @example
 * ```ts
 * import { SHAPE_PALETTE, shapePlot } from '@neurite/plot';
 * const spec = shapePlot(sections, { palette: [...SHAPE_PALETTE].reverse() }); // yellow for low values
 * ```
 */
export const SHAPE_PALETTE: readonly string[] = ramp(VIRIDIS_STOPS, 64);

interface Polyline {
  /** Projected coordinates and diameters of the points, and cumulative length along them. */
  readonly x: number[];
  readonly y: number[];
  readonly d: number[];
  readonly s: number[];
}

/** The 2D layout of a tree without 3D points: roots along x, children fanned out from their parents. */
function layout(sections: readonly ShapeSection[]): Map<string, Polyline> {
  const byName = new Map(sections.map((s) => [s.name, s]));
  const children = new Map<string, ShapeSection[]>();
  const roots: ShapeSection[] = [];
  for (const s of sections) {
    if (s.parent === undefined || s.parent === null) roots.push(s);
    else {
      if (!byName.has(s.parent)) throw new PlotError('BAD_INPUT', `section '${s.name}': parent '${s.parent}' is not among the sections`);
      const list = children.get(s.parent) ?? [];
      list.push(s);
      children.set(s.parent, list);
    }
  }
  const out = new Map<string, Polyline>();
  const lengthOf = (s: ShapeSection) => (s.length !== undefined && s.length > 0 ? s.length : 100);
  const place = (s: ShapeSection, x0: number, y0: number, angle: number, depth: number): void => {
    if (depth > sections.length) throw new PlotError('BAD_INPUT', `section '${s.name}' is its own ancestor`);
    const L = lengthOf(s);
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const d = s.diam ?? 1;
    out.set(s.name, { x: [x0, x0 + L * dx], y: [y0, y0 + L * dy], d: [d, d], s: [0, L] });
    // Children attached at the same place fan out over ±60° around the parent's direction (or
    // around the opposite direction for those attached at the parent's 0 end).
    const groups = new Map<number, ShapeSection[]>();
    for (const c of children.get(s.name) ?? []) {
      const px = c.parentX ?? 1;
      const g = groups.get(px) ?? [];
      g.push(c);
      groups.set(px, g);
    }
    for (const [px, group] of groups) {
      const base = px === 0 ? angle + Math.PI : angle;
      group.forEach((c, i) => {
        const spread = group.length === 1 ? 0 : ((i / (group.length - 1)) * 2 - 1) * (Math.PI / 3);
        place(c, x0 + px * L * dx, y0 + px * L * dy, base + spread, depth + 1);
      });
    }
  };
  let y = 0;
  for (const r of roots) {
    place(r, 0, y, 0, 0);
    y -= lengthOf(r) + 50;
  }
  if (out.size !== sections.length) throw new PlotError('BAD_INPUT', 'the sections form a cycle');
  return out;
}

function fromPoints(s: ShapeSection, view: 'xy' | 'xz' | 'zy'): Polyline {
  const pts = s.points ?? [];
  if (pts.length < 2) throw new PlotError('BAD_INPUT', `section '${s.name}' needs at least 2 points, has ${pts.length}`);
  const x: number[] = [];
  const y: number[] = [];
  const d: number[] = [];
  const cum: number[] = [];
  let total = 0;
  pts.forEach((p, i) => {
    for (const k of ['x', 'y', 'z', 'diam'] as const) {
      if (!Number.isFinite(p[k])) throw new PlotError('BAD_INPUT', `section '${s.name}' point ${i}: ${k} is not a finite number`);
    }
    if (i > 0) {
      const q = pts[i - 1];
      total += Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z); // arc length in 3D, as NEURON
    }
    cum.push(total);
    x.push(view === 'zy' ? p.z : p.x);
    y.push(view === 'xz' ? p.z : p.y);
    d.push(p.diam);
  });
  return { x, y, d, s: cum };
}

/** The part of `line` from arc length a to b, with interpolated end points. */
function cut(line: Polyline, a: number, b: number): { x: number[]; y: number[]; diam: number } {
  const x: number[] = [];
  const y: number[] = [];
  const at = (s: number): [number, number, number] => {
    const n = line.s.length;
    if (s <= line.s[0]) return [line.x[0], line.y[0], line.d[0]];
    for (let i = 1; i < n; i++) {
      if (s <= line.s[i]) {
        const span = line.s[i] - line.s[i - 1];
        const u = span > 0 ? (s - line.s[i - 1]) / span : 0;
        return [
          line.x[i - 1] + u * (line.x[i] - line.x[i - 1]),
          line.y[i - 1] + u * (line.y[i] - line.y[i - 1]),
          line.d[i - 1] + u * (line.d[i] - line.d[i - 1]),
        ];
      }
    }
    return [line.x[n - 1], line.y[n - 1], line.d[n - 1]];
  };
  const [x0, y0, d0] = at(a);
  x.push(x0);
  y.push(y0);
  let dsum = d0;
  let dn = 1;
  for (let i = 0; i < line.s.length; i++) {
    if (line.s[i] > a && line.s[i] < b) {
      x.push(line.x[i]);
      y.push(line.y[i]);
      dsum += line.d[i];
      dn++;
    }
  }
  const [x1, y1, d1] = at(b);
  x.push(x1);
  y.push(y1);
  return { x, y, diam: (dsum + d1) / (dn + 1) };
}

/**
 * Makes a shape plot of a cell, like NEURON's `PlotShape`: every section drawn from its 3D points
 * (or a simple 2D layout of the tree), each segment coloured by a range variable such as `v`,
 * with a colour bar, line widths following diameters, and hover naming the segment and its
 * value. Draw it like any figure: {@link mountPlot}, or `writePlotHtml` from `@neurite/plot/node`.
 *
 * @throws {PlotError} `EMPTY`, `BAD_INPUT` (unknown parent, too few points, a cycle) or `BAD_OPTION`
 * @example
 * ```ts
 * import { shapePlot } from '@neurite/plot';
 * const spec = shapePlot(
 *   [
 *     { name: 'soma', length: 20, diam: 20, values: [-65] },
 *     { name: 'dend', length: 200, diam: 2, parent: 'soma', parentX: 1, values: [-60, -50, -40, -30, -20] },
 *   ],
 *   { variable: 'v', unit: 'mV' },
 * );
 * ```
 */
export function shapePlot(sections: readonly ShapeSection[], options: ShapeOptions = {}): ShapeSpec {
  if (!Array.isArray(sections) || sections.length === 0) throw new PlotError('EMPTY', 'shapePlot: no sections');
  const names = new Set<string>();
  for (const s of sections) {
    if (typeof s?.name !== 'string' || s.name === '') throw new PlotError('BAD_INPUT', 'every section needs a name');
    if (names.has(s.name)) throw new PlotError('BAD_INPUT', `two sections are named '${s.name}'`);
    names.add(s.name);
  }
  const view = options.view ?? 'xy';
  if (view !== 'xy' && view !== 'xz' && view !== 'zy') throw new PlotError('BAD_OPTION', `view must be 'xy', 'xz' or 'zy', got '${String(view)}'`);
  const use3d = sections.every((s) => s.points !== undefined && s.points.length > 0);
  const lines = use3d ? new Map(sections.map((s) => [s.name, fromPoints(s, view)])) : layout(sections);

  const xs: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const labels: string[] = [];
  const values: number[] = [];
  const diams: number[] = [];
  let any = false;
  for (const s of sections) {
    const line = lines.get(s.name) as Polyline;
    const total = line.s[line.s.length - 1];
    let vals: ArrayLike<number>;
    if (s.values === undefined) vals = [NaN];
    else if (typeof s.values === 'number') vals = [s.values];
    else vals = s.values;
    if (vals.length === 0) throw new PlotError('BAD_INPUT', `section '${s.name}': values is empty`);
    const n = vals.length;
    for (let k = 0; k < n; k++) {
      const v = Number(vals[k]);
      if (s.values !== undefined) {
        if (typeof vals[k] !== 'number') throw new PlotError('BAD_INPUT', `section '${s.name}': values[${k}] is not a number`);
        any = true;
      }
      const piece = cut(line, (total * k) / n, (total * (k + 1)) / n);
      xs.push(Float64Array.from(piece.x));
      ys.push(Float64Array.from(piece.y));
      diams.push(piece.diam);
      values.push(v);
      labels.push(`${s.name}(${Number(((k + 0.5) / n).toPrecision(6))})`);
    }
  }

  const palette = options.palette && options.palette.length > 0 ? options.palette : SHAPE_PALETTE;
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (options.colorRange) {
    const [a, b] = options.colorRange;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
      throw new PlotError('BAD_OPTION', `colorRange must be [low, high] with low < high, got ${JSON.stringify(options.colorRange)}`);
    }
    [low, high] = [a, b];
  } else if (!(low <= high)) {
    [low, high] = [0, 1];
  } else if (low === high) {
    [low, high] = [low - 1, high + 1];
  }
  const colors = values.map((v) => {
    if (!any) return '#333333';
    if (!Number.isFinite(v)) return '#bbbbbb';
    const f = Math.min(1, Math.max(0, (v - low) / (high - low)));
    return palette[Math.min(palette.length - 1, Math.floor(f * palette.length))];
  });
  const maxDiam = Math.max(...diams.filter((d) => d > 0), 1e-9);
  const lineWidths = Float64Array.from(diams, (d) => 1.5 + 8.5 * Math.sqrt(Math.max(0, d) / maxDiam));
  const positive = (name: string, v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    if (!Number.isFinite(v) || v <= 0) throw new PlotError('BAD_OPTION', `${name} must be a positive number of pixels, got ${String(v)}`);
    return v;
  };
  const variable = options.variable ?? '';
  return {
    kind: 'neurite-shape',
    version: 1,
    title: options.title ?? '',
    width: positive('width', options.width, 600),
    height: positive('height', options.height, 500),
    tools: [...(options.tools ?? ['pan', 'wheel_zoom', 'box_zoom', 'reset', 'save', 'hover'])],
    xs,
    ys,
    labels,
    values: Float64Array.from(values),
    colors,
    lineWidths,
    colorBar: any
      ? { title: options.unit ? `${variable || 'value'} (${options.unit})` : variable, low, high, palette: [...palette] }
      : null,
  };
}

/**
 * Tells a {@link ShapeSpec} from other values.
 *
 * @example
 * ```ts
 * import { isShapeSpec, shapePlot } from '@neurite/plot';
 * isShapeSpec(shapePlot([{ name: 'soma', length: 20 }])); // true
 * ```
 */
export function isShapeSpec(value: unknown): value is ShapeSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'neurite-shape' &&
    (value as { version?: unknown }).version === 1
  );
}

/** A segment as {@link shapeSections} reads it (neurite's `Segment` fits). */
export interface SegmentLike {
  /** Position along the section, 0 to 1. */
  readonly x: number;
}

/**
 * A section as {@link shapeSections} reads it: neurite's `Section` fits, and so does anything with
 * NEURON's names for these. The 3D-point methods are used when present and the section has at
 * least two points.
 */
export interface SectionLike<S extends SegmentLike = SegmentLike> {
  /** The section's name, e.g. `'soma'` or `'dend[3]'`. */
  name(): string;
  /** Length [µm]. */
  readonly L: number;
  /** Diameter [µm] (of the middle segment, as NEURON's `sec.diam`). */
  readonly diam: number;
  /** Where the section is attached to its parent, or null for a root section. */
  parentseg(): {
    /** The parent section. */
    readonly sec: {
      /** The parent section's name. */
      name(): string;
    };
    /** Position on the parent, 0 to 1. */
    readonly x: number;
  } | null;
  /** The section's segments, in order of x. */
  [Symbol.iterator](): Iterator<S>;
  /** Number of 3D points (NEURON's `n3d()`). */
  n3d?(): number;
  /** x coordinate of 3D point `i` [µm]. */
  x3d?(i: number): number;
  /** y coordinate of 3D point `i` [µm]. */
  y3d?(i: number): number;
  /** z coordinate of 3D point `i` [µm]. */
  z3d?(i: number): number;
  /** Diameter at 3D point `i` [µm]. */
  diam3d?(i: number): number;
}

/**
 * Reads sections (e.g. `h.allsec()`) into the input of {@link shapePlot}: names, lengths,
 * diameters, the tree, 3D points when they have them, and optionally a value per segment, as
 * NEURON's `PlotShape` colours by a range variable.
 *
 * @param sections the sections to draw
 * @param value the range variable to colour by, read from each segment
 * @throws {PlotError} `BAD_INPUT` when a value is not a number
 * @example
 * ```ts
 * import { mountPlot, shapePlot, shapeSections } from '@neurite/plot';
 * const spec = shapePlot(shapeSections(h.allsec(), (seg) => seg.v), { variable: 'v', unit: 'mV' });
 * await mountPlot('#cell', spec);
 * ```
 */
export function shapeSections<S extends SegmentLike>(
  sections: Iterable<SectionLike<S>>,
  value?: (segment: S, section: SectionLike<S>) => number,
): ShapeSection[] {
  const out: ShapeSection[] = [];
  for (const sec of sections) {
    const name = sec.name();
    const parent = sec.parentseg();
    let values: number[] | undefined;
    if (value) {
      values = [];
      for (const seg of sec) {
        const v = value(seg, sec);
        if (typeof v !== 'number') throw new PlotError('BAD_INPUT', `the value of ${name}(${seg.x}) is ${typeof v}, not a number`);
        values.push(v);
      }
    }
    let points: ShapePoint[] | undefined;
    const n = typeof sec.n3d === 'function' ? sec.n3d() : 0;
    if (n >= 2 && sec.x3d && sec.y3d && sec.z3d && sec.diam3d) {
      points = [];
      for (let i = 0; i < n; i++) points.push({ x: sec.x3d(i), y: sec.y3d(i), z: sec.z3d(i), diam: sec.diam3d(i) });
    }
    out.push({
      name,
      length: sec.L,
      diam: sec.diam,
      parent: parent ? parent.sec.name() : null,
      parentX: parent ? parent.x : undefined,
      ...(points ? { points } : {}),
      ...(values ? { values } : {}),
    });
  }
  return out;
}
