import { decimateMinMax } from './decimate.js';
import { PlotError } from './errors.js';

/**
 * A recording as neurite's `Vector` provides it: its values, and optionally what it is and its
 * unit (`label: 'v'`, `unit: 'mV'`), which become axis labels such as `v (mV)`.
 */
export interface Recording {
  /** The recorded values. */
  toArray(): Float64Array;
  /** What was recorded, e.g. `'t'` or `'soma(0.5).v'`. */
  readonly label?: string;
  /** The unit of the values, e.g. `'ms'` or `'mV'`. */
  readonly unit?: string;
}

/** One axis' worth of values: a {@link Recording} or plain numbers (an array or typed array). */
export type Series = ArrayLike<number> | Recording;

/**
 * The y values of one call: one series, an array of series, or named series
 * (`{ soma: vSoma, dend: vDend }`: the names go to the legend).
 */
export type SeriesSet = Series | readonly Series[] | Readonly<Record<string, Series>>;

/** How a line is stroked. */
export type LineDash = 'solid' | 'dashed' | 'dotted' | 'dotdash' | 'dashdot';

/** Bokeh tools a figure can offer in its toolbar. */
export type PlotTool = 'pan' | 'wheel_zoom' | 'box_zoom' | 'reset' | 'save' | 'hover' | 'crosshair';

/** Where the legend sits inside the plot area. */
export type LegendLocation =
  | 'top_left'
  | 'top_center'
  | 'top_right'
  | 'center_left'
  | 'center'
  | 'center_right'
  | 'bottom_left'
  | 'bottom_center'
  | 'bottom_right';

/** Options shared by {@link plot} and {@link plotTraces}; every one is optional. */
export interface FigureOptions {
  /** Title above the plot (default: none). */
  readonly title?: string;
  /** The x axis label, verbatim (default: from the x recording, e.g. `t (ms)`). */
  readonly xLabel?: string;
  /** The y axis label, verbatim (default: from the y recordings, e.g. `v (mV)`). */
  readonly yLabel?: string;
  /** Unit of x when the data does not carry one (plain arrays). */
  readonly xUnit?: string;
  /** Unit of y when the data does not carry one (plain arrays). */
  readonly yUnit?: string;
  /** Width in CSS pixels (default 800); the minimum width when `responsive`. */
  readonly width?: number;
  /** Height in CSS pixels (default 400). */
  readonly height?: number;
  /** Stretch to the width of the containing element (default false). */
  readonly responsive?: boolean;
  /** Initial x range (default: the data's extent). */
  readonly xRange?: readonly [number, number];
  /** Initial y range (default: the data's extent plus 5% each side). */
  readonly yRange?: readonly [number, number];
  /** Show a legend, and where (default: `'top_right'` with two or more traces, else none). */
  readonly legend?: boolean | LegendLocation;
  /** Toolbar tools (default: pan, wheel_zoom, box_zoom, reset, save, hover). */
  readonly tools?: readonly PlotTool[];
  /** Draw at most a few points per pixel column of long traces (default true; data is kept). */
  readonly decimate?: boolean;
  /** Line colours, cycled over the traces (default: Bokeh's Category10). */
  readonly colors?: readonly string[];
  /** Line width in pixels (default 2). */
  readonly lineWidth?: number;
  /** Legend names of the traces, in order, when `ys` is a series or an array of series. */
  readonly names?: readonly string[];
}

/** One line of {@link plotTraces}' general form: its own x and y and, optionally, its style. */
export interface TraceInput {
  /** The x values of this trace, usually its recorded time. */
  readonly x: Series;
  /** The y values of this trace; as many as `x`. */
  readonly y: Series;
  /** Legend name (default: the y recording's label, else `y1`, `y2`, ...). */
  readonly name?: string;
  /** CSS colour (default: from the figure's colours). */
  readonly color?: string;
  /** Line width in pixels. */
  readonly lineWidth?: number;
  /** Line dash pattern (default solid). */
  readonly dash?: LineDash;
}

/** Input of {@link plotTraces}: one x shared by all y (`{ x: t, ys: { v } }`)... */
export interface SharedXInput extends FigureOptions {
  /** The x values every trace shares, usually the recorded time. */
  readonly x: Series;
  /** The y values: one series, an array of series, or named series (the names go to the legend). */
  readonly ys: SeriesSet;
}

/** ...or traces with their own x each (`{ traces: [{ x: t1, y: v1 }, { x: t2, y: v2 }] }`). */
export interface TracesInput extends FigureOptions {
  /** The lines to draw, each with its own x and y and optionally its own style. */
  readonly traces: readonly TraceInput[];
}

/** What {@link plotTraces} accepts. */
export type PlotInput = SharedXInput | TracesInput;

/** One drawn line of a {@link PlotSpec}: full data (a snapshot) and style. */
export interface TraceSpec {
  /** Legend name of the trace. */
  readonly name: string;
  /** The x values, all of them (a copy of the input). */
  readonly x: Float64Array;
  /** The y values, all of them (a copy of the input); as many as `x`. */
  readonly y: Float64Array;
  /** Whether `x` never decreases (then zooming re-decimates only the visible window). */
  readonly xSorted: boolean;
  /** CSS colour of the line. */
  readonly color: string;
  /** Line width in pixels. */
  readonly lineWidth: number;
  /** Line dash pattern. */
  readonly dash: LineDash;
}

/**
 * A figure, fully resolved: what {@link mountPlot} draws and {@link renderPlotHtml} writes.
 * Plain data (no Bokeh objects), made by {@link plot} or {@link plotTraces}; it holds a copy of
 * the data, so later changes to the recordings do not change it.
 */
export interface PlotSpec {
  /** Marks the object as a line figure (see {@link isPlotSpec}). */
  readonly kind: 'neurite-plot';
  /** Version of this format; 1. */
  readonly version: 1;
  /** Title above the plot; `''` for none. */
  readonly title: string;
  /** The x axis label, e.g. `t (ms)`; `''` for none. */
  readonly xLabel: string;
  /** The y axis label, e.g. `v (mV)`; `''` for none. */
  readonly yLabel: string;
  /** Width in CSS pixels; the minimum width when `responsive`. */
  readonly width: number;
  /** Height in CSS pixels. */
  readonly height: number;
  /** Whether the figure stretches to the width of the containing element. */
  readonly responsive: boolean;
  /** Initial x range `[start, end]`, in the data's x units. */
  readonly xRange: readonly [number, number];
  /** Initial y range `[start, end]`, in the data's y units. */
  readonly yRange: readonly [number, number];
  /** The lines, in drawing order. */
  readonly traces: readonly TraceSpec[];
  /** Where the legend goes, or null for none. */
  readonly legend: LegendLocation | null;
  /** Toolbar tools. */
  readonly tools: readonly PlotTool[];
  /** Whether long traces are drawn decimated (a few points per pixel column; the data is kept). */
  readonly decimate: boolean;
}

/**
 * Bokeh's Category10 palette: the line colours of a figure unless `colors` says otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_COLORS, plot } from '@neurite/plot';
 * const spec = plot(t, [v1, v2], { colors: DEFAULT_COLORS.slice(2) }); // start at green
 * ```
 */
export const DEFAULT_COLORS: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/**
 * The toolbar of a figure unless `tools` says otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOOLS, plot } from '@neurite/plot';
 * const spec = plot(t, v, { tools: [...DEFAULT_TOOLS, 'crosshair'] });
 * ```
 */
export const DEFAULT_TOOLS: readonly PlotTool[] = ['pan', 'wheel_zoom', 'box_zoom', 'reset', 'save', 'hover'];

const LEGEND_LOCATIONS: ReadonlySet<string> = new Set([
  'top_left', 'top_center', 'top_right', 'center_left', 'center', 'center_right',
  'bottom_left', 'bottom_center', 'bottom_right',
]);
const TOOLS: ReadonlySet<string> = new Set(['pan', 'wheel_zoom', 'box_zoom', 'reset', 'save', 'hover', 'crosshair']);
const DASHES: ReadonlySet<string> = new Set(['solid', 'dashed', 'dotted', 'dotdash', 'dashdot']);

interface Resolved {
  readonly values: Float64Array;
  readonly label: string | undefined;
  readonly unit: string | undefined;
}

function isRecording(s: unknown): s is Recording {
  return typeof s === 'object' && s !== null && typeof (s as { toArray?: unknown }).toArray === 'function';
}

function isSeries(s: unknown): s is Series {
  if (isRecording(s)) return true;
  if (typeof s !== 'object' || s === null) return false;
  if (ArrayBuffer.isView(s)) return true;
  return Array.isArray(s) ? s.length === 0 || typeof s[0] === 'number' : typeof (s as { length?: unknown }).length === 'number';
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s;
}

/** Converts a series to a fresh Float64Array; `what` names it in error messages. */
function resolveSeries(s: unknown, what: string, cache: Map<unknown, Resolved>): Resolved {
  const hit = cache.get(s);
  if (hit) return hit;
  let values: Float64Array;
  let label: string | undefined;
  let unit: string | undefined;
  if (isRecording(s)) {
    const a: unknown = s.toArray();
    if (!(a instanceof Float64Array)) throw new PlotError('BAD_INPUT', `${what}: toArray() did not return a Float64Array`);
    values = a.slice();
    label = nonEmpty(s.label);
    unit = nonEmpty(s.unit);
  } else if (ArrayBuffer.isView(s) && !(s instanceof DataView)) {
    if (typeof (s as unknown as ArrayLike<unknown>)[0] === 'bigint') {
      throw new PlotError('BAD_INPUT', `${what}: BigInt arrays cannot be plotted; convert them to numbers`);
    }
    values = Float64Array.from(s as unknown as ArrayLike<number>);
  } else if (isSeries(s)) {
    const a = s as ArrayLike<unknown>;
    values = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'number') {
        throw new PlotError('BAD_INPUT', `${what}[${i}] is ${v === null ? 'null' : typeof v}, not a number`);
      }
      values[i] = v;
    }
  } else {
    throw new PlotError(
      'BAD_INPUT',
      `${what} is not plottable: expected a recording (with toArray()), an array or a typed array of numbers`,
    );
  }
  if (values.length === 0) {
    throw new PlotError('EMPTY', `${what} has no points (was the simulation run before plotting?)`);
  }
  const r: Resolved = { values, label, unit };
  cache.set(s, r);
  return r;
}

/** `name (unit)`, `name`, `(unit)` or `''`. */
function axisLabel(name: string | undefined, unit: string | undefined): string {
  if (name && unit) return `${name} (${unit})`;
  if (name) return name;
  if (unit) return `(${unit})`;
  return '';
}

function checkPositive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new PlotError('BAD_OPTION', `${name} must be a positive number of pixels, got ${String(v)}`);
  }
  return v;
}

function checkRange(name: string, r: readonly [number, number] | undefined): readonly [number, number] | undefined {
  if (r === undefined) return undefined;
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw new PlotError('BAD_OPTION', `${name} must be [start, end] with finite start < end, got ${JSON.stringify(r)}`);
  }
  return [r[0], r[1]];
}

function extent(arrays: readonly Float64Array[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < lo && v !== -Infinity) lo = v;
      if (v > hi && v !== Infinity) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function padded(e: [number, number] | undefined, fraction: number): readonly [number, number] {
  if (!e) return [0, 1];
  const [lo, hi] = e;
  if (hi > lo) {
    const pad = (hi - lo) * fraction;
    return [lo - pad, hi + pad];
  }
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
  return [lo - pad, hi + pad];
}

function isSorted(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i] >= x[i - 1])) return false;
  return true;
}

interface RawTrace {
  readonly x: Resolved;
  readonly y: Resolved;
  readonly name: string | undefined;
  readonly style: Partial<Pick<TraceInput, 'color' | 'lineWidth' | 'dash'>>;
}

function build(raw: readonly RawTrace[], o: FigureOptions): PlotSpec {
  if (raw.length === 0) throw new PlotError('EMPTY', 'nothing to plot: no y series given');
  const colors = o.colors && o.colors.length > 0 ? o.colors : DEFAULT_COLORS;
  const lineWidth = checkPositive('lineWidth', o.lineWidth, 2);

  // y axis: a label shared by every trace, and the unit they share.
  const yUnits = new Set(raw.map((r) => r.y.unit).filter((u): u is string => u !== undefined));
  const yUnit = o.yUnit ?? (yUnits.size === 1 ? [...yUnits][0] : undefined);
  const yLabels = new Set(raw.map((r) => r.y.label ?? r.name));
  const yName = yLabels.size === 1 ? [...yLabels][0] : undefined;
  const xUnits = new Set(raw.map((r) => r.x.unit).filter((u): u is string => u !== undefined));
  const xLabels = new Set(raw.map((r) => r.x.label));
  const xName = xLabels.size === 1 ? [...xLabels][0] : undefined;
  const xUnit = o.xUnit ?? (xUnits.size === 1 ? [...xUnits][0] : undefined);

  const traces: TraceSpec[] = raw.map((r, i) => {
    const label = r.name ?? r.y.label ?? `y${i + 1}`;
    if (r.x.values.length !== r.y.values.length) {
      throw new PlotError(
        'LENGTH_MISMATCH',
        `trace '${label}': x has ${r.x.values.length} points but y has ${r.y.values.length}`,
      );
    }
    const dash = r.style.dash ?? 'solid';
    if (!DASHES.has(dash)) throw new PlotError('BAD_OPTION', `trace '${label}': unknown dash '${String(dash)}'`);
    // With mixed units on one axis, the legend says which is which.
    const name = yUnits.size > 1 && r.y.unit && o.yUnit === undefined ? `${label} (${r.y.unit})` : label;
    return {
      name,
      x: r.x.values,
      y: r.y.values,
      xSorted: isSorted(r.x.values),
      color: r.style.color ?? colors[i % colors.length],
      lineWidth: r.style.lineWidth === undefined ? lineWidth : checkPositive('lineWidth', r.style.lineWidth, 2),
      dash,
    };
  });

  let legend: LegendLocation | null;
  if (o.legend === undefined) legend = traces.length > 1 ? 'top_right' : null;
  else if (o.legend === true) legend = 'top_right';
  else if (o.legend === false) legend = null;
  else if (LEGEND_LOCATIONS.has(o.legend)) legend = o.legend;
  else throw new PlotError('BAD_OPTION', `legend must be true, false or a location such as 'top_right', got '${String(o.legend)}'`);

  const tools = o.tools ?? DEFAULT_TOOLS;
  for (const t of tools) {
    if (!TOOLS.has(t)) throw new PlotError('BAD_OPTION', `unknown tool '${String(t)}'; known: ${[...TOOLS].join(', ')}`);
  }

  const xs = [...new Set(traces.map((t) => t.x))];
  const xRange = checkRange('xRange', o.xRange) ?? padded(extent(xs), 0);
  const yRange = checkRange('yRange', o.yRange) ?? padded(extent(traces.map((t) => t.y)), 0.05);

  return {
    kind: 'neurite-plot',
    version: 1,
    title: o.title ?? '',
    xLabel: o.xLabel ?? axisLabel(xName, xUnit),
    yLabel: o.yLabel ?? axisLabel(yName, yUnit),
    width: checkPositive('width', o.width, 800),
    height: checkPositive('height', o.height, 400),
    responsive: o.responsive ?? false,
    xRange,
    yRange,
    traces,
    legend,
    tools: [...tools],
    decimate: o.decimate ?? true,
  };
}

/**
 * Makes a line figure of `ys` against `x`: the tutorial's `plot(t, v)` in one call. Axis labels
 * come from the recordings (`t (ms)`, `v (mV)`); several traces get a legend. The result is a
 * plain {@link PlotSpec} holding a copy of the data: draw it with {@link mountPlot} in a page, or
 * write it with `writePlotHtml` from `@neurite/plot/node`.
 *
 * @param x the x values, usually the recorded time
 * @param ys one series, an array of series, or named series (`{ soma: v1, dend: v2 }`)
 * @param options title, labels, units, size, ranges, legend, tools, colours
 * @throws {PlotError} `EMPTY`, `LENGTH_MISMATCH`, `BAD_INPUT` or `BAD_OPTION`
 * @example
 * ```ts
 * import { plot } from '@neurite/plot';
 * import { writePlotHtml } from '@neurite/plot/node';
 * const spec = plot(t, v); // t, v: recorded Vectors
 * await writePlotHtml(spec, 'v.html');
 * const both = plot([0, 1, 2], { a: [0, 1, 0], b: [1, 0, 1] }, { xUnit: 'ms', yUnit: 'mV' });
 * ```
 */
export function plot(x: Series, ys: SeriesSet, options: FigureOptions = {}): PlotSpec {
  const cache = new Map<unknown, Resolved>();
  const xr = resolveSeries(x, 'x', cache);
  const raw: RawTrace[] = [];
  const names = options.names ?? [];
  if (isSeries(ys)) {
    raw.push({ x: xr, y: resolveSeries(ys, 'y', cache), name: names[0], style: {} });
  } else if (Array.isArray(ys)) {
    (ys as readonly unknown[]).forEach((y, i) => {
      raw.push({ x: xr, y: resolveSeries(y, `ys[${i}]`, cache), name: names[i], style: {} });
    });
  } else if (typeof ys === 'object' && ys !== null) {
    for (const [name, y] of Object.entries(ys as Readonly<Record<string, unknown>>)) {
      raw.push({ x: xr, y: resolveSeries(y, `ys.${name}`, cache), name, style: {} });
    }
  } else {
    throw new PlotError('BAD_INPUT', 'ys must be a series, an array of series or an object of named series');
  }
  return build(raw, options);
}

/**
 * The object form of {@link plot}: `{ x, ys, ...options }`, or `{ traces, ...options }` where each
 * trace has its own x (recordings at different times) and style.
 *
 * @throws {PlotError} `EMPTY`, `LENGTH_MISMATCH`, `BAD_INPUT` or `BAD_OPTION`
 * @example
 * ```ts
 * import { plotTraces } from '@neurite/plot';
 * const a = plotTraces({ x: t, ys: { soma: vSoma, dend: vDend }, title: 'Back-propagation' });
 * const b = plotTraces({
 *   traces: [
 *     { x: t1, y: v1, name: 'control' },
 *     { x: t2, y: v2, name: 'TTX', dash: 'dashed', color: 'black' },
 *   ],
 * });
 * ```
 */
export function plotTraces(input: PlotInput): PlotSpec {
  if (typeof input !== 'object' || input === null) {
    throw new PlotError('BAD_INPUT', 'plotTraces expects { x, ys } or { traces }');
  }
  if ('traces' in input) {
    if (!Array.isArray(input.traces)) throw new PlotError('BAD_INPUT', 'traces must be an array');
    const cache = new Map<unknown, Resolved>();
    const raw = input.traces.map((t: TraceInput, i: number): RawTrace => {
      if (typeof t !== 'object' || t === null) throw new PlotError('BAD_INPUT', `traces[${i}] is not an object`);
      return {
        x: resolveSeries(t.x, `traces[${i}].x`, cache),
        y: resolveSeries(t.y, `traces[${i}].y`, cache),
        name: t.name ?? input.names?.[i],
        style: { color: t.color, lineWidth: t.lineWidth, dash: t.dash },
      };
    });
    return build(raw, input);
  }
  return plot(input.x, input.ys, input);
}

/**
 * Tells a {@link PlotSpec} apart from the inputs of {@link plotTraces}.
 *
 * @example
 * ```ts
 * import { isPlotSpec, plot, plotTraces } from '@neurite/plot';
 * const spec = isPlotSpec(value) ? value : plotTraces(value);
 * ```
 */
export function isPlotSpec(value: unknown): value is PlotSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'neurite-plot' &&
    (value as { version?: unknown }).version === 1
  );
}

/** A trace as it is drawn: decimated for a given width, see {@link displayTraces}. */
export interface DisplayTrace {
  /** Legend name of the trace. */
  readonly name: string;
  /** The x values of the points drawn. */
  readonly x: Float64Array;
  /** The y values of the points drawn; as many as `x`. */
  readonly y: Float64Array;
  /** Points of the full trace. */
  readonly total: number;
}

/**
 * The points drawn of each trace when the figure shows `range` of x across `pixels` columns:
 * min/max decimation of long traces (spikes survive), everything for short ones. The renderer
 * does the same; this is for checks and for other renderers.
 *
 * @example
 * ```ts
 * import { displayTraces, plot } from '@neurite/plot';
 * const [v] = displayTraces(plot(t, v1e6), 800);
 * console.log(v.x.length, 'of', v.total, 'points drawn');
 * ```
 */
export function displayTraces(
  spec: PlotSpec,
  pixels: number,
  range: readonly [number, number] = spec.xRange,
): DisplayTrace[] {
  return spec.traces.map((t) => {
    const d = decimateMinMax(t.x, t.y, {
      buckets: pixels,
      start: range[0],
      end: range[1],
      sorted: t.xSorted,
      threshold: spec.decimate ? 4 * pixels : Infinity,
    });
    return { name: t.name, x: d.x, y: d.y, total: t.x.length };
  });
}
