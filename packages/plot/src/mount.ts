import { decimateMinMax } from './decimate.js';
import { drawFigure } from './draw.js';
import type { BokehLike, DrawnPlot } from './draw.js';
import { PlotError } from './errors.js';
import { isShapeSpec } from './shape.js';
import { isPlotSpec, plotTraces } from './spec.js';
import type { PlotInput } from './spec.js';
import type { FigureSpec } from './wire.js';

/** Options of {@link mountPlot}. */
export interface MountOptions {
  /**
   * The BokehJS API to draw with (default: imported on first use from
   * `@bokeh/bokehjs/build/js/lib/api/main.js`). Pass `window.Bokeh` when the page already loads
   * BokehJS with `<script>` tags.
   */
  readonly bokeh?: BokehLike;
}

/** Options of {@link MountedPlot.update}. */
export interface UpdateOptions {
  /** Keep the current (possibly zoomed) view instead of the new data's ranges (default false). */
  readonly keepRanges?: boolean;
}

/** A figure drawn in the page by {@link mountPlot}. */
export interface MountedPlot {
  /** The element the figure lives in. */
  readonly element: HTMLElement;
  /** The figure's current data and settings. */
  readonly spec: FigureSpec;
  /**
   * Shows new data (e.g. after re-running a simulation): in place, without rebuilding the
   * figure, when the traces keep their names; resolves once the new data is drawn.
   */
  update(spec: FigureSpec | PlotInput, options?: UpdateOptions): Promise<void>;
  /** Removes the figure from the page. */
  dispose(): void;
}

let bokehModule: Promise<BokehLike> | undefined;

function loadBokeh(): Promise<BokehLike> {
  bokehModule ??= import('@bokeh/bokehjs/build/js/lib/api/main.js').then(
    (m) => m as unknown as BokehLike,
    (e: unknown) => {
      bokehModule = undefined;
      throw new PlotError('BOKEH_UNAVAILABLE', `could not load BokehJS: ${String(e)}`, { cause: e });
    },
  );
  return bokehModule;
}

function toSpec(s: FigureSpec | PlotInput): FigureSpec {
  return isPlotSpec(s) || isShapeSpec(s) ? s : plotTraces(s);
}

/**
 * Draws a figure into an element of a web page (a Vite page, say) with BokehJS: pan, zoom, save
 * and hover tools; long traces are decimated to the pixels and decimated again as you zoom.
 * Resolves once the figure is drawn. Builds with Vite need `keepNames` (see the README).
 *
 * @param element the element, or a CSS selector for it
 * @param spec a figure from {@link plot} or {@link shapePlot}, or an input of {@link plotTraces}
 * @throws {PlotError} `BAD_INPUT` for a missing element, `BOKEH_UNAVAILABLE`, `RENDER_FAILED`
 * @example
 * ```ts
 * import { mountPlot, plot } from '@neurite/plot';
 * const fig = await mountPlot('#trace', plot(t, v));
 * slider.oninput = async () => {
 *   run(Number(slider.value));
 *   await fig.update(plot(t, v));
 * };
 * ```
 */
export async function mountPlot(
  element: HTMLElement | string,
  spec: FigureSpec | PlotInput,
  options: MountOptions = {},
): Promise<MountedPlot> {
  if (typeof element === 'string' && typeof document === 'undefined') {
    throw new PlotError('BAD_INPUT', 'mountPlot draws in a web page; in Node, write a file with writePlotHtml from @neurite/plot/node');
  }
  const el = typeof element === 'string' ? document.querySelector<HTMLElement>(element) : element;
  if (!el) throw new PlotError('BAD_INPUT', `mountPlot: no element matches '${String(element)}'`);
  let current = toSpec(spec);
  const bokeh = options.bokeh ?? (await loadBokeh());
  let drawn: DrawnPlot;
  try {
    drawn = await drawFigure(bokeh, decimateMinMax, current, el);
  } catch (e) {
    throw new PlotError('RENDER_FAILED', `BokehJS could not draw the figure: ${String(e)}`, { cause: e });
  }
  return {
    element: el,
    get spec() {
      return current;
    },
    async update(next: FigureSpec | PlotInput, updateOptions: UpdateOptions = {}): Promise<void> {
      const s = toSpec(next);
      current = s;
      await drawn.update(s, updateOptions.keepRanges ?? false);
    },
    dispose(): void {
      drawn.dispose();
    },
  };
}
