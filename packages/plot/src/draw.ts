// Draws figures with BokehJS. Used twice: imported by mountPlot (pages built with a bundler),
// and compiled to plain JavaScript text (src/generated/runtime.ts, by scripts/generate-runtime.mjs)
// which standalone HTML files inline. So this file has no runtime imports, and drawFigure uses
// only its arguments and the browser's globals.
import type { Decimated, DecimateOptions } from './decimate.js';
import type { ShapeSpec } from './shape.js';
import type { PlotSpec } from './spec.js';
import type { FigureSpec } from './wire.js';

/** A Bokeh signal, as much of it as drawFigure uses. */
export interface BokehSignal {
  /** Calls `slot` whenever the signal is emitted; returns whether it was newly connected. */
  connect(slot: () => void): boolean;
  /** Stops calling `slot`; returns whether it was connected. */
  disconnect(slot: () => void): boolean;
}

/** A BokehJS model: something with a `change` signal. */
export interface BokehModel {
  /** Emitted when a property of the model changes. */
  readonly change: BokehSignal;
}

/** Bokeh's Range1d, as much of it as drawFigure uses. */
export interface BokehRange extends BokehModel {
  /** The low end shown, in data units. */
  start: number;
  /** The high end shown, in data units. */
  end: number;
  /** Where the reset tool puts `start` (null: the initial `start`). */
  reset_start: number | null;
  /** Where the reset tool puts `end` (null: the initial `end`). */
  reset_end: number | null;
}

/** The part of the BokehJS API that drawFigure uses (satisfied by the `Bokeh` global and by `@bokeh/bokehjs`'s api module). */
export interface BokehLike {
  /** Bokeh's plotting API (`Bokeh.Plotting`). */
  readonly Plotting: {
    /** Makes a figure with the given attributes (title, size, tools, ...). */
    figure(attrs: Record<string, unknown>): BokehFigure;
    /** Draws `obj` into `target`; resolves to the drawn view. */
    show(obj: BokehFigure, target: HTMLElement): Promise<BokehPlotView>;
  };
  /** Bokeh's `Range1d` model: a range with fixed start and end. */
  readonly Range1d: {
    /** Makes a range from `start` to `end`. */
    new (attrs: { start: number; end: number }): BokehRange;
  };
  /** Bokeh's `ColumnDataSource` model: named columns of data that glyphs draw. */
  readonly ColumnDataSource: {
    /** Makes a data source of the given columns. */
    new (attrs: { data: Record<string, unknown> }): BokehSource;
  };
  /** Bokeh's `HoverTool` model: a tooltip over glyphs. */
  readonly HoverTool: {
    /** Makes a hover tool with the given attributes (renderers, tooltips, ...). */
    new (attrs: Record<string, unknown>): BokehModel;
  };
  /** Bokeh's `LinearColorMapper` model: values to palette colours, linearly. */
  readonly LinearColorMapper: {
    /** Makes a mapper of `[low, high]` onto `palette`. */
    new (attrs: { palette: string[]; low: number; high: number }): BokehColorMapper;
  };
  /** Bokeh's `ColorBar` model: the legend of a colour mapping. */
  readonly ColorBar: {
    /** Makes a colour bar with the given attributes (color_mapper, title, ...). */
    new (attrs: Record<string, unknown>): BokehModel;
  };
}

/** Bokeh's LinearColorMapper, as much of it as drawFigure uses. */
export interface BokehColorMapper extends BokehModel {
  /** Colours from low to high values. */
  palette: string[];
  /** The value mapped to the first colour. */
  low: number;
  /** The value mapped to the last colour. */
  high: number;
}

/** Bokeh's ColumnDataSource, as much of it as drawFigure uses. */
export interface BokehSource {
  /** The columns, by name; replacing it redraws the glyphs that use the source. */
  data: Record<string, unknown>;
}

/** A figure as drawFigure uses it. */
export interface BokehFigure extends BokehModel {
  /** Adds a line glyph drawing the columns `x` and `y` of `attrs.source`. */
  line(x: { field: string }, y: { field: string }, attrs: Record<string, unknown>): BokehRenderer;
  /** Adds a multi-line glyph: one polyline per row of the columns `xs` and `ys` of `attrs.source`. */
  multi_line(xs: { field: string }, ys: { field: string }, attrs: Record<string, unknown>): BokehRenderer;
  /** Adds tools (e.g. a hover tool) to the toolbar. */
  add_tools(...tools: BokehModel[]): void;
  /** Adds an annotation (e.g. a colour bar) beside the plot area, on `side` (`'right'`, ...). */
  add_layout(model: BokehModel, side: string): void;
  /** The figure's legend. */
  readonly legend: {
    /** Where the legend sits inside the plot area, e.g. `'top_right'`. */
    location: unknown;
    /** What clicking a legend entry does (`'hide'`: hides its line). */
    click_policy: string;
  };
  /** The x range shown. */
  readonly x_range: {
    /** The low end shown, in data units. */
    readonly start: number;
    /** The high end shown, in data units. */
    readonly end: number;
  };
  /** The y range shown. */
  readonly y_range: {
    /** The low end shown, in data units. */
    readonly start: number;
    /** The high end shown, in data units. */
    readonly end: number;
  };
}

/** A glyph renderer (one line). */
export interface BokehRenderer extends BokehModel {
  /** The renderer's name (null: none). */
  name: string | null;
}

/** The view of a drawn figure. */
export interface BokehPlotView {
  /** The element the figure is drawn in. */
  readonly el: HTMLElement;
  /** The plot area (inside the axes), once laid out. */
  readonly frame?: {
    /** The plot area's box, in CSS pixels relative to `el`. */
    readonly bbox: {
      /** Distance from the left edge of `el` [CSS px]. */
      readonly left: number;
      /** Distance from the top edge of `el` [CSS px]. */
      readonly top: number;
      /** Width [CSS px]. */
      readonly width: number;
      /** Height [CSS px]. */
      readonly height: number;
    };
  };
  /** Removes the drawn figure from the page. */
  remove(): void;
}

/** What drawFigure returns: the drawn figure and ways to change it. */
export interface DrawnPlot {
  readonly figure: BokehFigure;
  readonly view: BokehPlotView;
  /** Replaces the data (and labels, ranges, colours) in place; redraws the figure if its layout changed. */
  update(spec: FigureSpec, keepRanges: boolean): Promise<void>;
  /** Removes the figure from the page. */
  dispose(): void;
}

/** The decimation function drawFigure calls (decimateMinMax, passed in so that the drawing code stays self-contained). */
export type DecimateFn = (x: ArrayLike<number>, y: ArrayLike<number>, options: DecimateOptions) => Decimated;

/**
 * Draws a figure into `target` with BokehJS (a line plot or a shape plot) and resolves once
 * Bokeh has drawn it. `target.dataset` reports the state for tests and automation: `frame`
 * (`left,top,width,height` of the plot area in CSS pixels, relative to the figure's element),
 * `xRange` and `yRange` (`start,end` shown), and for line plots `points` (points handed to Bokeh),
 * `total` (points in the data) and `decimateMs` (how long choosing the points took, last time).
 */
export function drawFigure(Bokeh: BokehLike, decimate: DecimateFn, spec: FigureSpec, target: HTMLElement): Promise<DrawnPlot> {
  return spec.kind === 'neurite-shape' ? drawShape(Bokeh, decimate, spec, target) : drawLines(Bokeh, decimate, spec, target);
}

/** Resolves after the browser has painted twice (Bokeh paints on animation frames). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function') {
      setTimeout(resolve, 32);
      return;
    }
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  });
}

/** Writes the plot area's box and the data ranges it shows into `target.dataset`. */
function reportFrame(figure: BokehFigure, view: BokehPlotView | undefined, target: HTMLElement): void {
  const f = view && view.frame;
  if (f) target.dataset.frame = [f.bbox.left, f.bbox.top, f.bbox.width, f.bbox.height].join(',');
  target.dataset.xRange = [figure.x_range.start, figure.x_range.end].join(',');
  target.dataset.yRange = [figure.y_range.start, figure.y_range.end].join(',');
}

/** Draws a shape plot: one coloured piece per segment, a colour bar, hover naming the segment. */
function drawShape(Bokeh: BokehLike, decimate: DecimateFn, spec: ShapeSpec, target: HTMLElement): Promise<DrawnPlot> {
  const figure = Bokeh.Plotting.figure({
    title: spec.title || null,
    width: spec.width,
    height: spec.height,
    match_aspect: true,
    lod_threshold: null,
    tools: spec.tools.filter((t) => t !== 'hover').join(','),
    toolbar_location: spec.tools.length > 0 ? 'right' : null,
    output_backend: 'canvas',
  });
  const columns = (s: ShapeSpec): Record<string, unknown> => ({
    xs: s.xs.slice(),
    ys: s.ys.slice(),
    color: s.colors.slice(),
    width: s.lineWidths,
    label: s.labels.slice(),
    value: s.values,
  });
  const source = new Bokeh.ColumnDataSource({ data: columns(spec) });
  const renderer = figure.multi_line({ field: 'xs' }, { field: 'ys' }, {
    source,
    line_color: { field: 'color' },
    line_width: { field: 'width' },
    line_cap: 'round',
    line_join: 'round',
  });
  let mapper: BokehColorMapper | null = null;
  if (spec.colorBar) {
    mapper = new Bokeh.LinearColorMapper({ palette: spec.colorBar.palette.slice(), low: spec.colorBar.low, high: spec.colorBar.high });
    figure.add_layout(new Bokeh.ColorBar({ color_mapper: mapper, title: spec.colorBar.title || null }), 'right');
  }
  if (spec.tools.indexOf('hover') >= 0) {
    const tooltips: [string, string][] = [['', '@label']];
    if (spec.colorBar) tooltips.push([spec.colorBar.title || 'value', '@value{0.[000]}']);
    figure.add_tools(new Bokeh.HoverTool({ renderers: [renderer], tooltips, line_policy: 'interp' }));
  }
  return Bokeh.Plotting.show(figure, target).then((view) => {
    reportFrame(figure, view, target);
    let disposed = false;
    const handle: DrawnPlot = {
      figure,
      view,
      update: (next: FigureSpec): Promise<void> => {
        if (next.kind !== 'neurite-shape' || next.xs.length !== spec.xs.length || !next.colorBar !== !spec.colorBar || next.title !== spec.title) {
          handle.dispose();
          return drawFigure(Bokeh, decimate, next, target).then((fresh) => {
            Object.assign(handle, { figure: fresh.figure, view: fresh.view, update: fresh.update, dispose: fresh.dispose });
          });
        }
        source.data = columns(next);
        if (mapper && next.colorBar) {
          mapper.low = next.colorBar.low;
          mapper.high = next.colorBar.high;
        }
        return nextPaint();
      },
      dispose: (): void => {
        if (disposed) return;
        disposed = true;
        view.remove();
        delete target.dataset.frame;
        delete target.dataset.xRange;
        delete target.dataset.yRange;
      },
    };
    return nextPaint().then(() => {
      reportFrame(figure, view, target);
      return handle;
    });
  });
}

/**
 * Draws a line plot. Long traces are min/max-decimated to the plot's pixel width, and again for
 * the visible window while the user pans or zooms: the full data stays in `spec`.
 */
function drawLines(Bokeh: BokehLike, decimate: DecimateFn, spec: PlotSpec, target: HTMLElement): Promise<DrawnPlot> {
  let current = spec;
  const xRange = new Bokeh.Range1d({ start: spec.xRange[0], end: spec.xRange[1] });
  const yRange = new Bokeh.Range1d({ start: spec.yRange[0], end: spec.yRange[1] });
  const figure = Bokeh.Plotting.figure({
    title: spec.title || null,
    width: spec.width,
    height: spec.height,
    sizing_mode: spec.responsive ? 'stretch_width' : 'fixed',
    x_range: xRange,
    y_range: yRange,
    x_axis_label: spec.xLabel || null,
    y_axis_label: spec.yLabel || null,
    tools: spec.tools.filter((t) => t !== 'hover').join(','),
    toolbar_location: spec.tools.length > 0 ? 'right' : null,
    output_backend: 'canvas',
    // Bokeh's own level-of-detail mode would draw a grey, coarser line while panning; the data
    // handed to Bokeh is already decimated to the pixels, so it is not needed.
    lod_threshold: null,
  });
  const sources: BokehSource[] = [];
  const renderers: BokehRenderer[] = [];
  const initialPixels = spec.width;
  for (let i = 0; i < spec.traces.length; i++) {
    const t = spec.traces[i];
    const d = spec.decimate
      ? decimate(t.x, t.y, { buckets: initialPixels, sorted: t.xSorted, start: spec.xRange[0], end: spec.xRange[1] })
      : { x: t.x, y: t.y, decimated: false };
    const source = new Bokeh.ColumnDataSource({ data: { x: d.x, y: d.y } });
    const attrs: Record<string, unknown> = {
      source,
      name: t.name,
      line_color: t.color,
      line_width: t.lineWidth,
      line_dash: t.dash,
    };
    if (spec.legend !== null) attrs.legend_label = t.name;
    renderers.push(figure.line({ field: 'x' }, { field: 'y' }, attrs));
    sources.push(source);
  }
  if (spec.legend !== null) {
    figure.legend.location = spec.legend;
    figure.legend.click_policy = 'hide';
  }
  if (spec.tools.indexOf('hover') >= 0) {
    figure.add_tools(
      new Bokeh.HoverTool({
        renderers,
        tooltips: [
          ['', '$name'],
          [spec.xLabel || 'x', '@x{0.[000]}'],
          [spec.yLabel || 'y', '@y{0.[000]}'],
        ],
        line_policy: 'nearest',
      }),
    );
  }

  let view: BokehPlotView | undefined;
  let pending = false;
  let disposed = false;
  const pixelWidth = (): number => {
    const f = view && view.frame;
    const css = f && f.bbox.width > 0 ? f.bbox.width : current.width;
    const dpr = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
    return Math.max(1, Math.ceil(css * dpr));
  };
  // Hand Bokeh the points worth drawing: the visible window and one window's width on either
  // side (so panning shows data at once), min/max-decimated at the pixel resolution.
  const refresh = (): void => {
    pending = false;
    if (disposed) return;
    const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
    const px = pixelWidth();
    const span = xRange.end - xRange.start;
    let points = 0;
    let total = 0;
    for (let i = 0; i < current.traces.length; i++) {
      const t = current.traces[i];
      total += t.x.length;
      if (!current.decimate) {
        if (sources[i].data.x !== t.x) sources[i].data = { x: t.x, y: t.y };
        points += t.x.length;
        continue;
      }
      const d = decimate(t.x, t.y, {
        buckets: 3 * px,
        sorted: t.xSorted,
        start: xRange.start - span,
        end: xRange.end + span,
      });
      sources[i].data = { x: d.x, y: d.y };
      points += d.x.length;
    }
    target.dataset.points = String(points);
    target.dataset.total = String(total);
    target.dataset.decimateMs = ((typeof performance !== 'undefined' ? performance.now() : Date.now()) - started).toFixed(2);
    reportFrame(figure, view, target);
  };
  const schedule = (): void => {
    if (pending || disposed) return;
    pending = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(refresh);
    else setTimeout(refresh, 16);
  };
  return Bokeh.Plotting.show(figure, target).then((v) => {
    view = v;
    xRange.change.connect(schedule);
    refresh();
    return nextPaint().then((): DrawnPlot => {
      const handle: DrawnPlot = {
        figure,
        view: v,
        update: (next: FigureSpec, keepRanges: boolean): Promise<void> => {
          const same =
            next.kind === 'neurite-plot' &&
            next.traces.length === current.traces.length &&
            next.legend === current.legend &&
            next.title === current.title &&
            next.width === current.width &&
            next.height === current.height &&
            next.responsive === current.responsive &&
            next.tools.join() === current.tools.join() &&
            next.xLabel === current.xLabel && // (the hover tool's rows are named after them)
            next.yLabel === current.yLabel &&
            next.traces.every((t, i) => t.name === current.traces[i].name);
          if (!same) {
            // A different layout: draw afresh in the same element, keep this handle working.
            handle.dispose();
            return drawFigure(Bokeh, decimate, next, target).then((fresh) => {
              Object.assign(handle, { figure: fresh.figure, view: fresh.view, update: fresh.update, dispose: fresh.dispose });
            });
          }
          current = next;
          for (let i = 0; i < next.traces.length; i++) {
            const glyph = (renderers[i] as unknown as { glyph: Record<string, unknown> }).glyph;
            glyph.line_color = next.traces[i].color;
            glyph.line_width = next.traces[i].lineWidth;
            glyph.line_dash = next.traces[i].dash;
          }
          if (!keepRanges) {
            xRange.reset_start = xRange.start = next.xRange[0];
            xRange.reset_end = xRange.end = next.xRange[1];
            yRange.reset_start = yRange.start = next.yRange[0];
            yRange.reset_end = yRange.end = next.yRange[1];
          }
          refresh();
          return nextPaint();
        },
        dispose: (): void => {
          if (disposed) return;
          disposed = true;
          xRange.change.disconnect(schedule);
          v.remove();
          delete target.dataset.frame;
          delete target.dataset.xRange;
          delete target.dataset.yRange;
          delete target.dataset.points;
          delete target.dataset.decimateMs;
          delete target.dataset.total;
        },
      };
      return handle;
    });
  });
}
