/**
 * `neurite run model.json`: prepare (read, compile `.mod` files), build, apply command-line
 * overrides, simulate, summarise and write outputs. Shared by `run`, `topology` and `sweep`.
 * @module
 */
import { resolve } from 'node:path';
import { defaultCatalogue, NeuriteError, type Catalogue } from 'neurite';
import { CliError } from './errors.js';
import { buildModel, commandLineSetter, simulate, type BuiltModel, type RunSettings } from './model.js';
import { readModelFile, type ModelFile } from './model-file.js';
import { RUN_KEYS, type RunKey } from './model-types.js';
import { compileModFiles, expandModPaths, extendCatalogue, modFilesIn, type CompiledMod } from './mods.js';
import { checkOutputName, checkOutputPlace, isHtml, writeData, writePlot, type Columns } from './outputs.js';
import { displayPath } from './paths.js';
import { Progress } from './progress.js';

/** A model file read, with its mechanisms compiled. */
export interface PreparedModel {
  /** The model file, parsed and checked against the schema. */
  readonly model: ModelFile;
  /** neurite's default catalogue extended with the compiled mechanisms. */
  readonly catalogue: Catalogue;
  /** The `.mod` files compiled for it. */
  readonly mods: readonly CompiledMod[];
}

/**
 * Reads a model file and compiles the `.mod` files next to it, listed in its `mod`, and in
 * `extraMod` (files or folders).
 *
 * @throws {CliError} FILE_NOT_FOUND, MODEL_INVALID, MOD_COMPILE
 * @example
 * ```ts
 * const prepared = prepareModel('tutorial.model.json');
 * ```
 */
export function prepareModel(file: string, extraMod: readonly string[] = []): PreparedModel {
  const model = readModelFile(file);
  const listed = (model.doc.mod ?? []).map((m, i) => {
    const p = model.resolve(m);
    try {
      return expandModPaths([p]);
    } catch {
      throw model.error(['mod', i], `${m}: no such file or folder`, 'name a .mod file or a folder of them, relative to the model file');
    }
  }).flat();
  const files = [...new Set([...modFilesIn(model.dir), ...listed, ...expandModPaths(extraMod)])];
  const mods = compileModFiles(files);
  return { model, catalogue: extendCatalogue(defaultCatalogue, mods), mods };
}

/** Command-line changes to a model: `--set` assignments and run settings. */
export interface Overrides {
  /** `path=value` assignments, in order. */
  readonly set?: readonly string[];
  /** Run settings from `--tstop`, `--dt`, ... (applied after `set`). */
  readonly run?: Partial<RunSettings>;
  /** More variables to record (`--record soma(0.5).hh.m`). */
  readonly record?: readonly string[];
}

/**
 * Parses `path=value` (value a number).
 * @throws {CliError} USAGE
 * @example
 * ```ts
 * parseAssignment('soma.hh.gnabar=0.2', '--set'); // ['soma.hh.gnabar', '0.2']
 * ```
 */
export function parseAssignment(text: string, option: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new CliError('USAGE', `${option} ${text}: write path=value, e.g. ${option} soma.hh.gnabar=0.2`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
}

/**
 * Parses a number from the command line.
 * @throws {CliError} USAGE
 * @example
 * ```ts
 * parseNumber('0.2', '--set soma.hh.gnabar'); // 0.2
 * ```
 */
export function parseNumber(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new CliError('USAGE', `${what}: expected a number, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * Builds a prepared model and applies overrides; returns it with the run settings to use.
 *
 * @throws {CliError} MODEL_ERROR, USAGE (a path that names nothing)
 * @example
 * ```ts
 * const { built, run } = instantiate(prepared, { set: ['stim.amp=0.5'], run: { tstop: 100 } });
 * ```
 */
export function instantiate(prepared: PreparedModel, overrides: Overrides = {}, extra: readonly [string, number][] = []): {
  /** The built model: its simulation, sections, point processes and recordings. */
  built: BuiltModel;
  /** The run settings: the model's, then the overrides'. */
  run: RunSettings;
} {
  const built = buildModel(prepared.model, prepared.catalogue, overrides.record ?? []);
  const run = { ...built.run };
  const apply = (option: string, path: string, value: number): void => {
    const set = commandLineSetter(built, option, path);
    try {
      set(value, run);
    } catch (e) {
      if (e instanceof NeuriteError) throw new CliError('USAGE', `${option} ${path}=${value}: ${e.message}`, { cause: e });
      throw e;
    }
  };
  for (const text of overrides.set ?? []) {
    const [path, value] = parseAssignment(text, '--set');
    apply('--set', path, parseNumber(value, `--set ${path}`));
  }
  for (const [path, value] of extra) apply('--param', path, value);
  for (const k of RUN_KEYS) {
    const v = overrides.run?.[k];
    if (v !== undefined) run[k] = v;
  }
  checkRun(run);
  return { built, run };
}

function checkRun(run: RunSettings): void {
  const bad = (k: RunKey, why: string): never => {
    throw new CliError('USAGE', `${k} = ${run[k]}: ${why}`);
  };
  if (!(run.dt > 0)) bad('dt', 'must be > 0 ms');
  if (!(run.tstop >= 0)) bad('tstop', 'must be >= 0 ms');
  if (run.secondorder !== 0 && run.secondorder !== 2) bad('secondorder', 'must be 0 (implicit Euler) or 2 (Crank-Nicolson)');
}

/** Summary statistics of one recording. */
export interface RecordingSummary {
  /** The column name. */
  readonly name: string;
  /** The recorded path, e.g. `soma(0.5).v`. */
  readonly path: string;
  /** The smallest value, in the recording's unit. */
  readonly min: number;
  /** The largest value, in the recording's unit. */
  readonly max: number;
  /** The mean over the samples (NaN without samples). */
  readonly mean: number;
  /** The last value (NaN without samples). */
  readonly final: number;
  /** Upward crossings of the threshold (meaningful for membrane potentials). */
  readonly spikes: number;
}

/**
 * Counts upward crossings of `threshold` (a sample below it followed by one at or above it).
 * @example
 * ```ts
 * countSpikes([-65, 10, -60, 20], 0); // 2
 * ```
 */
export function countSpikes(values: ArrayLike<number>, threshold = 0): number {
  let n = 0;
  for (let i = 1; i < values.length; i++) if (values[i - 1] < threshold && values[i] >= threshold) n++;
  return n;
}

/**
 * Min, max, mean, final value and threshold crossings of each recording.
 * @example
 * ```ts
 * summarise(built, 0)[0].spikes;
 * ```
 */
export function summarise(built: BuiltModel, threshold = 0): RecordingSummary[] {
  return built.recordings.map(({ name, path, vec }) => {
    const a = vec.toArray();
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
    }
    return { name, path, min, max, mean: a.length ? sum / a.length : NaN, final: a.length ? a[a.length - 1] : NaN, spikes: countSpikes(a, threshold) };
  });
}

/** An output file and what goes in it. */
export interface OutputTarget {
  /** Where to write (resolved). */
  readonly file: string;
  /** How to show it: relative to the working folder, or absolute outside it (what the user can open). */
  readonly name: string;
  readonly columns?: readonly string[];
  readonly title?: string;
}

/**
 * The outputs to write: `--out`/`--plot` files (relative to the working folder) when given,
 * else the model's `outputs` (relative to the model file). Each is checked before the run: its
 * format, and that it can be written where it is named.
 *
 * @throws {CliError} USAGE for a bad `--out`/`--plot`, MODEL_ERROR for a bad output of the model, IO for a folder that cannot be written
 * @example
 * ```ts
 * outputTargets(prepared.model, ['data.csv'], []);
 * ```
 */
export function outputTargets(model: ModelFile, out: readonly string[], plots: readonly string[]): OutputTarget[] {
  if (out.length > 0 || plots.length > 0) {
    for (const f of out) checkOutputName(f, '--out');
    for (const f of plots) if (!isHtml(f)) throw new CliError('USAGE', `--plot ${f}: a plot is an .html file, e.g. --plot plot.html`);
    for (const f of out) checkOutputPlace({ path: f, kind: 'file', option: '--out' });
    for (const f of plots) checkOutputPlace({ path: f, kind: 'file', option: '--plot' });
    return [...out, ...plots].map((f) => ({ file: resolve(f), name: displayPath(f) }));
  }
  return (model.doc.outputs ?? []).map((o, i) => {
    const spec = typeof o === 'string' ? { file: o } : o;
    const file = model.resolve(spec.file);
    const where = typeof o === 'string' ? ['outputs', i] : ['outputs', i, 'file'];
    checkOutputPlace({ path: spec.file, base: model.dir, kind: 'file', report: (_code, problem, fix) => model.error(where, `${spec.file}: ${problem}`, fix) });
    return { file, name: displayPath(file), ...(spec.columns ? { columns: spec.columns } : {}), ...(spec.title ? { title: spec.title } : {}) };
  });
}

/**
 * Writes the recordings of a run to each output.
 * @throws {CliError} IO, or MODEL_ERROR for a column that was not recorded
 * @example
 * ```ts
 * await writeOutputs(built, outputTargets(model, ['v.csv'], []), model);
 * ```
 */
export async function writeOutputs(built: BuiltModel, targets: readonly OutputTarget[], model: ModelFile): Promise<void> {
  for (const [i, target] of targets.entries()) {
    let recs = built.recordings;
    if (target.columns) {
      recs = target.columns.filter((c) => c !== 't').map((c, j) => {
        const r = built.recordings.find((x) => x.name === c);
        if (!r) {
          throw model.error(['outputs', i, 'columns', j], `'${c}' is not recorded`, `record it (record: ["${c}"]) or use one of ${built.recordings.map((x) => x.name).join(', ')}`);
        }
        return r;
      });
    }
    if (isHtml(target.file)) {
      if (recs.length === 0) throw new CliError('MODEL_ERROR', `${target.name}: nothing to plot: the model records nothing but t\n  fix: add record: ["soma(0.5).v"] to the model`);
      const ys: Record<string, (typeof recs)[number]['vec']> = {};
      for (const r of recs) ys[r.name] = r.vec;
      const units = new Set(recs.map((r) => r.vec.unit));
      const yLabel = recs.length === 1 ? `${recs[0]!.name}${recs[0]!.vec.unit ? ` (${recs[0]!.vec.unit})` : ''}` : units.size === 1 && recs[0]!.vec.unit ? `(${recs[0]!.vec.unit})` : '';
      await writePlot(target.file, built.t, ys, { title: target.title ?? model.doc.name ?? recs.map((r) => r.name).join(', '), xLabel: 't (ms)', yLabel });
    } else {
      const columns: Record<string, Columns[string]> = { t: built.t };
      for (const r of recs) columns[r.name] = r.vec;
      writeData(target.file, columns);
    }
  }
}

/** What `neurite run model.json --json` prints. */
export interface RunSummary {
  /** The model file, as given. */
  readonly model: string;
  /** The model's `name`, when it has one. */
  readonly name?: string;
  /** The run settings used. */
  readonly run: RunSettings;
  /** Time steps taken. */
  readonly steps: number;
  /** Samples recorded per column (steps + 1, with the initial one). */
  readonly samples: number;
  /** Wall-clock time of the simulation [s]. */
  readonly wallSeconds: number;
  /** Statistics of each recorded column (not `t`). */
  readonly recordings: readonly RecordingSummary[];
  /** The output files written, relative to the working folder (absolute outside it). */
  readonly outputs: readonly string[];
}

/** Options of {@link runModelFile}. */
export interface RunModelOptions extends Overrides {
  /** More `.mod` files or folders of them to compile (`--mod`). */
  readonly mod?: readonly string[];
  /** Data files to write instead of the model's `outputs`, relative to the working folder (`--out`). */
  readonly out?: readonly string[];
  /** `.html` plots to write instead of the model's `outputs`, relative to the working folder (`--plot`). */
  readonly plot?: readonly string[];
  /** Spike threshold [mV] for summaries (default 0). */
  readonly threshold?: number;
  /** Draw a progress bar here (when it is a terminal). */
  readonly progress?: NodeJS.WriteStream;
  /** Called with warnings (compiler warnings). */
  readonly warn?: (text: string) => void;
}

/**
 * Runs a model file: build, override, simulate, write outputs; returns a summary.
 *
 * @throws {CliError} any of its codes
 * @example
 * ```ts
 * const summary = await runModelFile('tutorial.model.json', { run: { tstop: 100 }, out: ['v.csv'] });
 * ```
 */
export async function runModelFile(file: string, options: RunModelOptions = {}): Promise<RunSummary> {
  const prepared = prepareModel(file, options.mod ?? []);
  for (const m of prepared.mods) for (const w of m.warnings) options.warn?.(w);
  const targets = outputTargets(prepared.model, options.out ?? [], options.plot ?? []);
  const { built, run } = instantiate(prepared, options);
  let bar: Progress | undefined;
  if (options.progress) {
    const b = new Progress({ stream: options.progress, total: run.tstop, format: (t) => `${t.toFixed(1)} ms`, speedUnit: 'ms/s', label: prepared.model.doc.name ?? '' });
    bar = b;
    built.h.observe({ onStep: () => b.update(built.h.t) });
  }
  const start = performance.now();
  try {
    simulate(built, run);
  } finally {
    bar?.finish();
  }
  const wallSeconds = (performance.now() - start) / 1000;
  await writeOutputs(built, targets, prepared.model);
  return {
    model: file,
    ...(prepared.model.doc.name ? { name: prepared.model.doc.name } : {}),
    run,
    steps: Math.max(0, built.t.size() - 1),
    samples: built.t.size(),
    wallSeconds,
    recordings: summarise(built, options.threshold ?? 0),
    outputs: targets.map((t) => t.name),
  };
}
