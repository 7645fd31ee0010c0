import { PlotError } from './errors.js';
import { RUNTIME_JS } from './generated/runtime.js';
import { isShapeSpec } from './shape.js';
import { displayTraces, isPlotSpec, plotTraces } from './spec.js';
import type { PlotInput, PlotSpec } from './spec.js';
import { bytesToBase64, encodeFigure } from './wire.js';
import type { FigureSpec } from './wire.js';

/** Options of {@link renderPlotHtml}. */
export interface RenderHtmlOptions {
  /**
   * The BokehJS scripts to inline, in order: the text of `bokeh.min.js` then `bokeh-api.min.js`
   * from `@bokeh/bokehjs/build/js/`. `@neurite/plot/node` reads them for you (`plotHtml`,
   * `writePlotHtml`); in a page built with Vite, import them with `?raw`.
   */
  readonly bokehScripts: readonly string[];
  /** The page's `<title>` (default: the first figure's title, else `neurite plot`). */
  readonly title?: string;
  /**
   * `'all'` (default) stores every point, so zooming in shows full detail; `'decimated'` stores
   * only the points drawn at the figure's width, for much smaller files of long recordings.
   */
  readonly embed?: 'all' | 'decimated';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A `<script>` element running `js`; as a data: URL when the text could end the element early. */
function scriptTag(js: string): string {
  if (/<\/script|<!--/i.test(js)) {
    return `<script src="data:text/javascript;base64,${bytesToBase64(new TextEncoder().encode(js))}"></script>`;
  }
  return `<script>${js}</script>`;
}

function decimated(spec: PlotSpec): PlotSpec {
  const shown = displayTraces(spec, spec.width);
  return {
    ...spec,
    traces: spec.traces.map((t, i) => ({ ...t, x: shown[i].x, y: shown[i].y })),
  };
}

/**
 * Renders one self-contained HTML page of one or more figures, stacked: BokehJS, the data and
 * the drawing code are all inlined, so the file works offline, opened from `file://`, with no
 * server and no CDN. Works in Node and in browsers (no file system access: the BokehJS text is
 * passed in). When everything is drawn, `document.body.dataset.ready` becomes `'true'`; on
 * failure `document.body.dataset.error` holds the message.
 *
 * @param figures a figure ({@link plot}, {@link shapePlot}), an input of {@link plotTraces}, or an array of figures
 * @throws {PlotError} `BOKEH_UNAVAILABLE` without BokehJS scripts, and what {@link plotTraces} throws
 * @example
 * ```ts
 * import { plot, renderPlotHtml } from '@neurite/plot';
 * import bokeh from '@bokeh/bokehjs/build/js/bokeh.min.js?raw';
 * import bokehApi from '@bokeh/bokehjs/build/js/bokeh-api.min.js?raw';
 * const html = renderPlotHtml(plot(t, v), { bokehScripts: [bokeh, bokehApi] });
 * const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
 * ```
 */
export function renderPlotHtml(
  figures: FigureSpec | PlotInput | readonly FigureSpec[],
  options: RenderHtmlOptions,
): string {
  if (!options || !Array.isArray(options.bokehScripts) || options.bokehScripts.length === 0) {
    throw new PlotError(
      'BOKEH_UNAVAILABLE',
      'renderPlotHtml needs the BokehJS scripts (bokehScripts); in Node use plotHtml or writePlotHtml from @neurite/plot/node',
    );
  }
  const specs: readonly FigureSpec[] = Array.isArray(figures)
    ? (figures as readonly FigureSpec[])
    : [isPlotSpec(figures) || isShapeSpec(figures) ? figures : plotTraces(figures as PlotInput)];
  if (specs.length === 0) throw new PlotError('EMPTY', 'renderPlotHtml: no figure to render');
  specs.forEach((s, i) => {
    if (!isPlotSpec(s) && !isShapeSpec(s)) {
      throw new PlotError('BAD_INPUT', `figures[${i}] is not a figure (make one with plot, plotTraces or shapePlot)`);
    }
  });
  const embed = options.embed ?? 'all';
  if (embed !== 'all' && embed !== 'decimated') {
    throw new PlotError('BAD_OPTION', `embed must be 'all' or 'decimated', got '${String(embed)}'`);
  }
  const wire = specs.map((s) => encodeFigure(embed === 'decimated' && s.kind === 'neurite-plot' && s.decimate ? decimated(s) : s));
  const data = JSON.stringify(wire).replace(/</g, '\\u003c');
  const title = options.title ?? (specs.find((s) => s.title !== '')?.title || 'neurite plot');
  const divs = specs.map((_, i) => `<div class="neurite-plot" id="neurite-plot-${i}"></div>`).join('\n');
  const boot = `(function () {
"use strict";
${RUNTIME_JS}
var figures = JSON.parse(document.getElementById("neurite-plot-data").textContent);
Promise.resolve().then(function () {
  if (typeof Bokeh === "undefined" || !Bokeh.Plotting) throw new Error("BokehJS (with its plotting API) did not load");
  return Promise.all(figures.map(function (wire, i) {
    return drawFigure(Bokeh, decimateMinMax, decodeFigure(wire), document.getElementById("neurite-plot-" + i));
  }));
}).then(function () {
  document.body.dataset.ready = "true";
}, function (e) {
  var message = String(e && e.message ? e.message : e);
  document.body.dataset.error = message;
  var p = document.createElement("p");
  p.className = "neurite-plot-error";
  p.textContent = "The plot could not be drawn: " + message;
  document.body.appendChild(p);
});
})();`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="@neurite/plot">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{margin:16px;font-family:system-ui,sans-serif;background:#fff}.neurite-plot{margin-bottom:16px}.neurite-plot-error{color:#b00020}</style>',
    ...options.bokehScripts.map(scriptTag),
    '</head>',
    '<body>',
    divs,
    `<script type="application/json" id="neurite-plot-data">${data}</script>`,
    scriptTag(boot),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
