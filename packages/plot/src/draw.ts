// Draws a PlotSpec with BokehJS. Used twice: imported by mountPlot (pages built with a bundler),
// and compiled to plain JavaScript text (src/generated/runtime.ts, by scripts/generate-runtime.mjs)
// which standalone HTML files inline. So this file has no runtime imports, and drawPlot uses
// only its arguments and the browser's globals.
import type { Decimated, DecimateOptions } from './decimate.js';
import type { PlotSpec } from './spec.js';

/** A Bokeh signal, as much of it as drawPlot uses. */
export interface BokehSignal {
  connect(slot: () => void): boolean;
  disconnect(slot: () => void): boolean;
}

/** A BokehJS model: something with a `change` signal. */
export interface BokehModel {
  readonly change: BokehSignal;
}

/** Bokeh's Range1d, as much of it as drawPlot uses. */
export interface BokehRange extends BokehModel {
  start: number;
  end: number;
  reset_start: number | null;
  reset_end: number | null;
}

/** The part of the BokehJS API that drawPlot uses (satisfied by the `Bokeh` global and by `@bokeh/bokehjs`'s api module). */
export interface BokehLike {
  readonly Plotting: {
    figure(attrs: Record<string, unknown>): BokehFigure;
    show(obj: BokehFigure, target: HTMLElement): Promise<BokehPlotView>;
  };
  readonly Range1d: new (attrs: { start: number; end: number }) => BokehRange;
  readonly ColumnDataSource: new (attrs: { data: Record<string, ArrayLike<number>> }) => BokehSource;
  readonly HoverTool: new (attrs: Record<string, unknown>) => BokehModel;
}

/** Bokeh's ColumnDataSource, as much of it as drawPlot uses. */
export interface BokehSource {
  data: Record<string, ArrayLike<number>>;
}

/** A figure as drawPlot uses it. */
export interface BokehFigure extends BokehModel {
  line(x: { field: string }, y: { field: string }, attrs: Record<string, unknown>): BokehRenderer;
  add_tools(...tools: BokehModel[]): void;
  readonly legend: { location: unknown; click_policy: string };
  readonly xaxis: { axis_label: string };
  readonly yaxis: { axis_label: string };
}

/** A glyph renderer (one line). */
export interface BokehRenderer extends BokehModel {
  name: string | null;
}

/** The view of a drawn figure. */
export interface BokehPlotView {
  readonly el: HTMLElement;
  readonly frame?: { readonly bbox: { readonly left: number; readonly top: number; readonly width: number; readonly height: number } };
  remove(): void;
}

/** What drawPlot returns: the drawn figure and ways to change it. */
export interface DrawnPlot {
  readonly figure: BokehFigure;
  readonly view: BokehPlotView;
  /** Replaces the data (and labels, ranges, colours) in place; redraws the figure if its layout changed. */
  update(spec: PlotSpec, keepRanges: boolean): Promise<void>;
  /** Removes the figure from the page. */
  dispose(): void;
}

/** The decimation function drawPlot calls (decimateMinMax, passed in so that drawPlot stays self-contained). */
export type DecimateFn = (x: ArrayLike<number>, y: ArrayLike<number>, options: DecimateOptions) => Decimated;

/**
 * Draws `spec` into `target` with BokehJS and resolves once Bokeh has built the figure and the
 * decimated data matches the plot's real width. While the user pans or zooms, long traces are
 * decimated again for the visible window. `target.dataset` reports the state for tests and
 * automation: `frame` (`left,top,width,height` of the plot area in CSS pixels, relative to the
 * figure's element), `points` (points handed to Bokeh) and `total` (points in the data).
 */
export function drawPlot(Bokeh: BokehLike, decimate: DecimateFn, spec: PlotSpec, target: HTMLElement): Promise<DrawnPlot> {
  let current = spec;
  const xRange = new Bokeh.Range1d({ start: spec.xRange[0], end: spec.xRange[1] });
  const yRange = new Bokeh.Range1d({ start: spec.yRange[0], end: spec.yRange[1] });
  const figure = Bokeh.Plotting.figure({
    title: spec.title || null,
    width: spec.width,
    height: spec.height,
    sizing_mode: spec.responsive ? 'stretch_width' : 'fixed',
    min_width: spec.responsive ? Math.min(spec.width, 300) : undefined,
    x_range: xRange,
    y_range: yRange,
    x_axis_label: spec.xLabel || null,
    y_axis_label: spec.yLabel || null,
    tools: spec.tools.filter((t) => t !== 'hover').join(','),
    toolbar_location: spec.tools.length > 0 ? 'right' : null,
    output_backend: 'canvas',
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
    const f = view && view.frame;
    if (f) target.dataset.frame = [f.bbox.left, f.bbox.top, f.bbox.width, f.bbox.height].join(',');
  };
  const schedule = (): void => {
    if (pending || disposed) return;
    pending = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(refresh);
    else setTimeout(refresh, 16);
  };
  const nextPaint = (): Promise<void> =>
    new Promise((resolve) => {
      if (typeof requestAnimationFrame !== 'function') {
        setTimeout(resolve, 32);
        return;
      }
      requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
    });

  return Bokeh.Plotting.show(figure, target).then((v) => {
    view = v;
    xRange.change.connect(schedule);
    refresh();
    return nextPaint().then((): DrawnPlot => {
      const handle: DrawnPlot = {
        figure,
        view: v,
        update: (next: PlotSpec, keepRanges: boolean): Promise<void> => {
          const same =
            next.traces.length === current.traces.length &&
            next.legend === current.legend &&
            next.title === current.title &&
            next.width === current.width &&
            next.height === current.height &&
            next.responsive === current.responsive &&
            next.tools.join() === current.tools.join() &&
            next.traces.every((t, i) => t.name === current.traces[i].name);
          if (!same) {
            // A different layout: draw afresh in the same element, keep this handle working.
            disposed = true;
            v.remove();
            return drawPlot(Bokeh, decimate, next, target).then((fresh) => {
              Object.assign(handle, { figure: fresh.figure, view: fresh.view, update: fresh.update, dispose: fresh.dispose });
            });
          }
          current = next;
          figure.xaxis.axis_label = next.xLabel;
          figure.yaxis.axis_label = next.yLabel;
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
          delete target.dataset.points;
          delete target.dataset.total;
        },
      };
      return handle;
    });
  });
}
