/**
 * Writing recordings: data files by extension (CSV with a header row, JSON, pickle, NumPy) and
 * standalone HTML plots; checking where outputs go before any long run, and reporting failures
 * to write as the user's errors (the path and the fix), never as internal ones.
 * @module
 */
import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { IoError, type ColumnSource } from '@neurite/io';
import { formatOf, saveCsv, save } from '@neurite/io/node';
import type { Series } from '@neurite/plot';
import { CliError } from './errors.js';
import { displayPath } from './paths.js';

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
 * Makes the error for a bad output location: `code` is USAGE when the path names the wrong kind
 * of thing (a file where a folder must be) and IO when it cannot be written (no permission).
 */
export type OutputProblem = (code: 'USAGE' | 'IO', problem: string, fix: string) => CliError;

/** An output location to check with {@link checkOutputPlace}. */
export interface OutputPlace {
  /** The path, as the user gave it (relative to `base`, or absolute). */
  readonly path: string;
  /** The folder a relative `path` is relative to (default: the working folder). */
  readonly base?: string;
  /** A file to write, or a folder to write files into (created when missing). */
  readonly kind: 'file' | 'folder';
  /** The option that named it (`-o`, `--out`, `--plot`), or undefined for an argument. */
  readonly option?: string;
  /** How to report a problem; default: a CliError starting `<option> <path>: `. */
  readonly report?: OutputProblem;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before anything is run or written, that an output can be written where it is named:
 * the path is not a folder when a file is wanted (nor a file when a folder is), no folder on
 * the way to it is a file, and the nearest existing folder can be written to.
 *
 * @throws {CliError} USAGE for a path that names the wrong kind of thing, IO when it cannot be written
 * @example
 * ```ts
 * checkOutputPlace({ path: 'results/fi.csv', kind: 'file', option: '-o' });
 * checkOutputPlace({ path: 'src/generated', kind: 'folder', option: '-o' });
 * ```
 */
export function checkOutputPlace(place: OutputPlace): void {
  const { path, kind, option } = place;
  const label = option ? `${option} ${path}` : path;
  const report: OutputProblem = place.report ?? ((code, problem, fix) => new CliError(code, `${label}: ${problem}\n  fix: ${fix}`));
  const suggestion = option ? `${option} ${basename(path)}` : basename(path);
  const abs = resolve(place.base ?? '.', path);
  const self = statOf(abs);
  if (self) {
    if (kind === 'file' && self.isDirectory()) {
      const example = join(path, isHtml(path) ? 'plot.html' : `data${extname(path) || '.csv'}`);
      throw report('USAGE', 'that is a folder, not a file', `name a file to write, not a folder (e.g. ${option ? `${option} ` : ''}${example})`);
    }
    if (kind === 'folder' && !self.isDirectory()) {
      throw report('USAGE', 'that is a file, not a folder', `name a folder to write into (it is created when missing), or move the file ${displayPath(abs)} away`);
    }
  }
  // The nearest existing folder on the way: where the file (or the missing folders) is created.
  let dir = kind === 'folder' && self ? abs : dirname(abs);
  let st = statOf(dir);
  while (!st && dirname(dir) !== dir) {
    dir = dirname(dir);
    st = statOf(dir);
  }
  if (st && !st.isDirectory()) {
    const culprit = displayPath(dir);
    throw report('USAGE', `${culprit} is a file, not a folder, so nothing can be written in it`,
      kind === 'file' ? `write it elsewhere (e.g. ${suggestion}), or move the file ${culprit} away` : `name another folder, or move the file ${culprit} away`);
  }
  if (st) {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw report('IO', `cannot write in the folder ${displayPath(dir)}: permission denied`, 'write it in a folder you can write to, or change the folder\'s permissions');
    }
  }
}

/** What a failed file-system call means for the user, and how to fix it. */
function describeFsError(e: NodeJS.ErrnoException): { problem: string; fix?: string } {
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return { problem: 'permission denied', fix: 'write it in a folder you can write to, or change the folder\'s permissions' };
    case 'ENOSPC':
      return { problem: 'the disk is full', fix: 'free some space, or write it on another disk' };
    case 'EDQUOT':
      return { problem: 'the disk quota is used up', fix: 'free some space, or write it on another disk' };
    case 'EROFS':
      return { problem: 'the file system is read-only', fix: 'write it in a folder you can write to' };
    case 'EISDIR':
      return { problem: 'that is a folder, not a file', fix: 'name a file to write, not a folder' };
    case 'ENOTDIR':
    case 'EEXIST':
      return { problem: 'a part of the path is a file, not a folder', fix: 'write it elsewhere, or move that file away' };
    case 'ENAMETOOLONG':
      return { problem: 'the name is too long for the file system', fix: 'use a shorter name' };
    default:
      return { problem: e.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : e.message };
  }
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/**
 * The error to report when writing `file` failed with `e`: an IO {@link CliError} that names
 * the file once, says why in words and how to fix it. Errors of `@neurite/io` and
 * `@neurite/plot` are unwrapped to the file-system error behind them; anything that is not a
 * write failure is returned as is.
 *
 * @example
 * ```ts
 * try { writeFileSync('out/a.csv', text); } catch (e) { throw writeError('out/a.csv', e); }
 * // neurite: cannot write out/a.csv: permission denied
 * //   fix: write it in a folder you can write to, or change the folder's permissions
 * ```
 */
export function writeError(file: string, e: unknown): unknown {
  if (e instanceof CliError) return e;
  const shown = displayPath(file);
  const cause = e instanceof Error && (e.name === 'IoError' || e.name === 'PlotError') ? e.cause : e;
  if (isErrno(cause)) {
    const { problem, fix } = describeFsError(cause);
    return new CliError('IO', `cannot write ${shown}: ${problem}${fix ? `\n  fix: ${fix}` : ''}`, { cause: e });
  }
  if (e instanceof IoError) {
    // Its message starts with the file it was given; name the file once.
    const message = e.source !== undefined && e.message.startsWith(`${e.source}`) ? e.message.slice(e.source.length).replace(/^[:,]\s*/, '') : e.message;
    return new CliError('IO', `cannot write ${shown}: ${message}`, { cause: e });
  }
  if (e instanceof Error && e.name === 'PlotError') return new CliError('IO', `cannot write ${shown}: ${e.message}`, { cause: e });
  return e;
}

/**
 * Creates `dir` and the folders above it that are missing.
 *
 * @throws {CliError} IO naming the folder, why it could not be created and the fix
 * @example
 * ```ts
 * makeFolder('src/generated');
 * ```
 */
export function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    if (!isErrno(e)) throw e;
    const { problem, fix } = describeFsError(e);
    throw new CliError('IO', `cannot create the folder ${displayPath(dir)}: ${problem}${fix ? `\n  fix: ${fix}` : ''}`, { cause: e });
  }
}

/**
 * Writes columns to a data file by extension; CSV gets a header row of column names (`.tsv`
 * tab-separated). Missing folders are created.
 *
 * @throws {CliError} IO when writing fails, naming the file and the fix
 * @example
 * ```ts
 * writeData('data.csv', { t: tvec, 'soma(0.5).v': vvec });
 * ```
 */
export function writeData(file: string, columns: Columns, options: { header?: boolean } = {}): void {
  makeFolder(dirname(resolve(file)));
  try {
    if (formatOf(file) === 'csv') {
      saveCsv(file, columns, { header: options.header ?? true, ...(extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}) });
    } else {
      save(file, columns);
    }
  } catch (e) {
    throw writeError(file, e);
  }
}

/**
 * Writes a standalone HTML plot of `ys` against `x`; missing folders are created.
 *
 * @throws {CliError} IO when it cannot be written, naming the file and the fix
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
  const [{ plot }, { writePlotHtml }] = await Promise.all([import('@neurite/plot'), import('@neurite/plot/node')]);
  makeFolder(dirname(resolve(file)));
  try {
    await writePlotHtml(plot(x, ys, options), file, options.title !== undefined ? { title: options.title } : {});
  } catch (e) {
    throw writeError(file, e);
  }
}
