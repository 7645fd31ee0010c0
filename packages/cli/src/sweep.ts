/**
 * `neurite sweep model.json --param amp=0:2:0.1`: one model over a grid of parameter values, in
 * parallel on worker threads; a CSV table of results (spike counts and rates, peak, min, mean of
 * each recording) and a plot of it.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError, type CliErrorCode } from './errors.js';
import type { RunSettings } from './model.js';
import { checkOutputName, checkOutputPlace, isHtml, writeData, writePlot } from './outputs.js';
import { Progress } from './progress.js';
import { instantiate, prepareModel, type Overrides, type RecordingSummary } from './run-model.js';
import { gridPoints, parseAxis, type GridAxis } from './sweep-grid.js';

/** @internal What each worker is started with. */
export interface SweepWorkerData {
  readonly file: string;
  readonly mod: readonly string[];
  readonly set: readonly string[];
  readonly run: Partial<RunSettings>;
  readonly record: readonly string[];
  readonly params: readonly string[];
  readonly threshold: number;
}

/** @internal A grid point to run. */
export interface SweepJob {
  readonly index: number;
  readonly values: readonly number[];
}

/** @internal A worker's answer. */
export type SweepReply =
  | { readonly index: number; readonly run: RunSettings; readonly summaries: readonly RecordingSummary[]; readonly error?: undefined }
  | { readonly index: number; readonly error: { readonly code: CliErrorCode; readonly message: string } };

/** Options of {@link sweep}. */
export interface SweepOptions extends Overrides {
  /** `path=spec` grid axes (`amp=0:2:0.1`). */
  readonly params: readonly string[];
  /** More `.mod` files or folders of them to compile (`--mod`). */
  readonly mod?: readonly string[];
  /** Worker threads (default: every core). */
  readonly workers?: number;
  /** The results table (default `sweep.csv`). */
  readonly out?: string;
  /** The plot (default `sweep.html`); false for none. */
  readonly plot?: string | false;
  /** The column to plot (default: the first recording's `rate_hz`). */
  readonly y?: string;
  /** Spike threshold [mV] (default 0). */
  readonly threshold?: number;
  /** Draw a progress bar here (when it is a terminal). */
  readonly progress?: NodeJS.WriteStream;
}

/** What {@link sweep} returns (and `--json` prints). */
export interface SweepSummary {
  /** The model file, as given. */
  readonly model: string;
  /** Runs made: the grid points. */
  readonly runs: number;
  /** Worker threads used. */
  readonly workers: number;
  /** Wall-clock time of the runs [s]. */
  readonly wallSeconds: number;
  /** The grid's axes, as parsed from `params`. */
  readonly params: readonly GridAxis[];
  /** The table's columns: each parameter path, then `<recording>.<statistic>` (`spikes`, `rate_hz`, `max`, `min`, `mean`). */
  readonly columns: readonly string[];
  /** The results table written. */
  readonly out: string;
  /** The plot written, or null for none. */
  readonly plot: string | null;
}

/** The statistics columns of one recording in the results table. */
const STATS = ['spikes', 'rate_hz', 'max', 'min', 'mean'] as const;

/**
 * Runs the sweep and writes its table (and plot).
 *
 * @throws {CliError} USAGE for bad grids, paths and output locations (checked before any run), the model's errors, SIMULATION when a run fails, IO when the results cannot be written
 * @example
 * ```ts
 * await sweep('tutorial.model.json', { params: ['stim.amp=0:2:0.1'], set: ['stim.dur=1000'], run: { tstop: 1000 }, workers: 4 });
 * ```
 */
export async function sweep(file: string, options: SweepOptions): Promise<SweepSummary> {
  if (options.params.length === 0) throw new CliError('USAGE', 'sweep needs at least one --param, e.g. --param stim.amp=0:2:0.1');
  const axes = options.params.map(parseAxis);
  const out = options.out ?? 'sweep.csv';
  if (isHtml(out)) throw new CliError('USAGE', `--out ${out}: the results table is a data file (.csv, .json, ...); use --plot for the .html plot`);
  checkOutputName(out, '--out', false);
  const plotFile = options.plot === false ? null : options.plot ?? 'sweep.html';
  if (plotFile !== null && !isHtml(plotFile)) throw new CliError('USAGE', `--plot ${plotFile}: a plot is an .html file`);
  // Where the results go is checked before any run, not after them all.
  checkOutputPlace({ path: out, kind: 'file', option: '-o' });
  if (plotFile !== null) checkOutputPlace({ path: plotFile, kind: 'file', option: '--plot' });
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new CliError('USAGE', `--workers must be a whole number >= 1, got ${workers}`);

  // Build once here: model errors and paths that name nothing fail before any worker starts.
  const prepared = prepareModel(file, options.mod ?? []);
  const probe = instantiate(prepared, options, axes.map((a) => [a.path, a.values[0]!]));
  let record = [...(options.record ?? [])];
  if (probe.built.recordings.length === 0) {
    const first = probe.built.sections.keys().next().value;
    if (first === undefined) throw new CliError('MODEL_ERROR', `${file}: the model has no sections`);
    record = [`${first}(0.5).v`];
  }
  const names = probe.built.recordings.length ? probe.built.recordings.map((r) => r.name) : record;
  const y = options.y ?? `${names[0]}.rate_hz`;
  const columns = [...axes.map((a) => a.path), ...names.flatMap((n) => STATS.map((s) => `${n}.${s}`))];
  if (!columns.includes(y)) throw new CliError('USAGE', `--y ${y}: not a column of the results; the columns are ${columns.join(', ')}`);

  const points = gridPoints(axes);
  const n = Math.min(workers, points.length);
  const data: SweepWorkerData = {
    file, mod: options.mod ?? [], set: options.set ?? [], run: options.run ?? {}, record, params: axes.map((a) => a.path), threshold: options.threshold ?? 0,
  };
  const results: (SweepReply | undefined)[] = new Array(points.length);
  const bar = options.progress ? new Progress({ stream: options.progress, total: points.length, format: (k) => `${k}`, speedUnit: 'runs/s', label: 'sweep' }) : undefined;
  const start = performance.now();
  let done = 0;
  await new Promise<void>((resolvePromise, reject) => {
    let next = 0;
    let failed = false;
    const pool: Worker[] = [];
    const retired = new Set<Worker>();
    const retire = (w: Worker): void => {
      retired.add(w);
      void w.terminate();
    };
    const stopAll = (): void => {
      for (const w of pool) retire(w);
    };
    const feed = (w: Worker): void => {
      if (next >= points.length) {
        retire(w);
        return;
      }
      const index = next++;
      w.postMessage({ index, values: points[index]! } satisfies SweepJob);
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: data });
      pool.push(w);
      w.on('message', (reply: SweepReply) => {
        if (failed) return;
        if (reply.error) {
          failed = true;
          stopAll();
          const values = points[reply.index]!.map((v, i) => `${axes[i]!.path}=${v}`).join(' ');
          reject(new CliError(reply.error.code, `run with ${values}: ${reply.error.message}`));
          return;
        }
        results[reply.index] = reply;
        done++;
        bar?.update(done);
        if (done === points.length) {
          stopAll();
          resolvePromise();
        } else {
          feed(w);
        }
      });
      w.on('exit', (code) => {
        // A worker that stops on its own (process.exit in a mechanism, out of memory) while runs remain.
        if (failed || retired.has(w)) return;
        failed = true;
        stopAll();
        reject(new CliError('SIMULATION', `a sweep worker stopped unexpectedly (exit code ${code}) with ${points.length - done} runs left`));
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(new CliError('SIMULATION', `a sweep worker failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
      });
      feed(w);
    }
  }).finally(() => bar?.finish());
  const wallSeconds = (performance.now() - start) / 1000;

  const table: Record<string, Float64Array> = {};
  for (const c of columns) table[c] = new Float64Array(points.length);
  points.forEach((values, row) => {
    values.forEach((v, i) => {
      table[axes[i]!.path]![row] = v;
    });
    const reply = results[row]!;
    if (reply.error) return;
    for (const s of reply.summaries) {
      const seconds = reply.run.tstop / 1000;
      const stats: Record<(typeof STATS)[number], number> = { spikes: s.spikes, rate_hz: seconds > 0 ? s.spikes / seconds : NaN, max: s.max, min: s.min, mean: s.mean };
      for (const k of STATS) table[`${s.name}.${k}`]![row] = stats[k];
    }
  });
  writeData(out, table);
  if (plotFile !== null) {
    const x = axes[0]!;
    const ys: Record<string, Float64Array> = {};
    if (axes.length === 1) {
      ys[y] = table[y]!;
      await writePlot(plotFile, table[x.path]!, ys, { title: `${y} against ${x.path}`, xLabel: x.path, yLabel: y });
    } else {
      // One line per combination of the other parameters, against the first.
      const rest = gridPoints(axes.slice(1));
      const per = x.values.length;
      const traces = rest.map((combo, j) => {
        const name = combo.map((v, i) => `${axes[i + 1]!.path}=${v}`).join(' ');
        const rows = Array.from({ length: per }, (_, i) => i * rest.length + j);
        return [name, Float64Array.from(rows, (r) => table[y]![r]!)] as const;
      });
      for (const [name, values] of traces) ys[name] = values;
      await writePlot(plotFile, Float64Array.from(x.values), ys, { title: `${y} against ${x.path}`, xLabel: x.path, yLabel: y });
    }
  }
  return { model: file, runs: points.length, workers: n, wallSeconds, params: axes, columns, out, plot: plotFile };
}
