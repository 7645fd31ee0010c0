/**
 * Writing recordings: data files by extension (CSV with a header row, JSON, pickle, NumPy) and
 * standalone HTML plots.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { IoError, type ColumnSource } from '@neurite/io';
import { formatOf, saveCsv, save } from '@neurite/io/node';
import type { Series } from '@neurite/plot';
import { CliError } from './errors.js';

/** A column to write: a name and its values (a Vector or an array), with optional label/unit. */
export type Columns = Readonly<Record<string, ColumnSource & Series>>;

/**
 * True for `.html`/`.htm` names.
 * @example
 * ```ts
 * isHtml('plot.html'); // true
 * ```
 */
export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}

/**
 * Checks that `file` names a format the CLI can write (before any long run): a data format, or
 * `.html` when `allowHtml`.
 *
 * @throws {CliError} USAGE naming the supported extensions
 * @example
 * ```ts
 * checkOutputName('data.csv', '--out');
 * checkOutputName('table.csv', '--out', false); // a data file only
 * ```
 */
export function checkOutputName(file: string, option: string, allowHtml = true): void {
  if (allowHtml && isHtml(file)) return;
  try {
    formatOf(file);
  } catch {
    throw new CliError('USAGE', `${option} ${file}: unknown format ${JSON.stringify(extname(file) || '(no extension)')}; use .csv, .tsv, .txt, .json, .p, .pkl, .pickle, .npy, .npz${allowHtml ? ' or .html' : ''}`);
  }
}

/**
 * Writes columns to a data file by extension; CSV gets a header row of column names (`.tsv`
 * tab-separated). Missing folders are created.
 *
 * @throws {CliError} IO when writing fails
 * @example
 * ```ts
 * writeData('data.csv', { t: tvec, 'soma(0.5).v': vvec });
 * ```
 */
export function writeData(file: string, columns: Columns, options: { header?: boolean } = {}): void {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    if (formatOf(file) === 'csv') {
      saveCsv(file, columns, { header: options.header ?? true, ...(extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}) });
    } else {
      save(file, columns);
    }
  } catch (e) {
    if (e instanceof IoError) throw new CliError('IO', `${file}: ${e.message}`, { cause: e });
    if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string') throw new CliError('IO', `cannot write ${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Writes a standalone HTML plot of `ys` against `x`; missing folders are created.
 *
 * @throws {CliError} IO when it cannot be written
 * @example
 * ```ts
 * await writePlot('v.html', tvec, { v: vvec }, { title: 'soma(0.5).v' });
 * ```
 */
export async function writePlot(
  file: string, x: Series, ys: Readonly<Record<string, Series>>,
  options: { title?: string; xLabel?: string; yLabel?: string } = {},
): Promise<void> {
  // The plot package (and BokehJS) is loaded only when a plot is written.
  const [{ plot, PlotError }, { writePlotHtml }] = await Promise.all([import('@neurite/plot'), import('@neurite/plot/node')]);
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    await writePlotHtml(plot(x, ys, options), file, options.title !== undefined ? { title: options.title } : {});
  } catch (e) {
    if (e instanceof PlotError) throw new CliError('IO', `${file}: ${e.message}`, { cause: e });
    throw e;
  }
}
