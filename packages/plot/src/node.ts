import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { PlotError } from './errors.js';
import { renderPlotHtml } from './html.js';
import type { RenderHtmlOptions } from './html.js';
import type { PlotInput } from './spec.js';
import type { FigureSpec } from './wire.js';

/** Options of {@link plotHtml} and {@link writePlotHtml}. */
export type PlotHtmlOptions = Omit<RenderHtmlOptions, 'bokehScripts'>;

/** What {@link writePlotHtml} wrote. */
export interface WrittenPlot {
  /** Absolute path of the file. */
  readonly file: string;
  /** Its size in bytes. */
  readonly bytes: number;
}

/** The BokehJS files inlined into standalone pages, in load order. */
const BOKEH_FILES = ['build/js/bokeh.min.js', 'build/js/bokeh-api.min.js'] as const;

let bokehScripts: Promise<readonly string[]> | undefined;

/**
 * Reads the BokehJS scripts that standalone pages inline (`bokeh.min.js`, `bokeh-api.min.js`
 * of the installed `@bokeh/bokehjs`, about 1.5 MB), once per process.
 *
 * @throws {PlotError} `BOKEH_UNAVAILABLE` when `@bokeh/bokehjs` is not installed
 * @example
 * ```ts
 * import { renderPlotHtml, plot } from '@neurite/plot';
 * import { readBokehScripts } from '@neurite/plot/node';
 * const html = renderPlotHtml(plot(t, v), { bokehScripts: await readBokehScripts() });
 * ```
 */
export function readBokehScripts(): Promise<readonly string[]> {
  bokehScripts ??= (async () => {
    let dir: string;
    try {
      dir = dirname(createRequire(import.meta.url).resolve('@bokeh/bokehjs/package.json'));
    } catch (e) {
      throw new PlotError('BOKEH_UNAVAILABLE', 'cannot find @bokeh/bokehjs; install it next to @neurite/plot', { cause: e });
    }
    try {
      return await Promise.all(BOKEH_FILES.map((f) => readFile(join(dir, f), 'utf8')));
    } catch (e) {
      throw new PlotError('BOKEH_UNAVAILABLE', `cannot read BokehJS from ${dir}: ${String(e)}`, { cause: e });
    }
  })();
  bokehScripts.catch(() => {
    bokehScripts = undefined;
  });
  return bokehScripts;
}

/**
 * The standalone HTML page of a figure (or several), BokehJS inlined: see
 * {@link renderPlotHtml}.
 *
 * @example
 * ```ts
 * import { plot } from '@neurite/plot';
 * import { plotHtml } from '@neurite/plot/node';
 * const html = await plotHtml(plot(t, v), { title: 'Soma voltage' });
 * ```
 */
export async function plotHtml(
  figures: FigureSpec | PlotInput | readonly FigureSpec[],
  options: PlotHtmlOptions = {},
): Promise<string> {
  return renderPlotHtml(figures, { ...options, bokehScripts: await readBokehScripts() });
}

/**
 * Writes a figure (or several) as one self-contained HTML file that works offline from
 * `file://` (BokehJS inlined, no CDN). The file is replaced atomically: written to a temporary
 * file in the same folder, then renamed, so readers never see half a file.
 *
 * @param figures a figure (from `plot` or `shapePlot`), `{ x: t, ys: { v } }`, or an array of figures
 * @param file where to write, e.g. `'v.html'`
 * @throws {PlotError} `WRITE_FAILED`, `BOKEH_UNAVAILABLE`, and what `plotTraces` throws
 * @example
 * ```ts
 * import { plot } from '@neurite/plot';
 * import { writePlotHtml } from '@neurite/plot/node';
 * await writePlotHtml(plot(t, v, { title: 'Spike' }), 'spike.html');
 * await writePlotHtml({ x: t, ys: { soma: vSoma, dend: vDend } }, 'both.html');
 * ```
 */
export async function writePlotHtml(
  figures: FigureSpec | PlotInput | readonly FigureSpec[],
  file: string,
  options: PlotHtmlOptions = {},
): Promise<WrittenPlot> {
  const html = await plotHtml(figures, options);
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, html, 'utf8');
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new PlotError('WRITE_FAILED', `cannot write ${target}: ${String(e)}`, { cause: e });
  }
  return { file: target, bytes: Buffer.byteLength(html, 'utf8') };
}
