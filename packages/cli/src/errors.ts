/**
 * The CLI's errors: every failure the `neurite` command reports is a {@link CliError} with a
 * stable `code` and the exit code it maps to (1: the model or simulation failed, 2: the command
 * line was wrong).
 * @module
 */

/** The stable codes of {@link CliError}. */
export type CliErrorCode =
  /** A bad command line: unknown option, missing argument, malformed value. Exit code 2. */
  | 'USAGE'
  /** A file named on the command line does not exist. Exit code 2. */
  | 'FILE_NOT_FOUND'
  /** A model file that is not valid JSON/YAML or does not follow the schema. Exit code 1. */
  | 'MODEL_INVALID'
  /** A model file that follows the schema but names something that does not exist. Exit code 1. */
  | 'MODEL_ERROR'
  /** A `.mod` file that does not compile. Exit code 1. */
  | 'MOD_COMPILE'
  /** The simulation failed (NaN, a bad value at run time). Exit code 1. */
  | 'SIMULATION'
  /** A script threw. Exit code 1. */
  | 'SCRIPT'
  /** A data file could not be read or written. Exit code 1. */
  | 'IO';

/**
 * Exit code of a usage error.
 * @example
 * ```ts
 * if (code === EXIT_USAGE) console.error('see neurite --help');
 * ```
 */
export const EXIT_USAGE = 2;
/**
 * Exit code of a model, simulation or file error.
 * @example
 * ```ts
 * process.exitCode = EXIT_FAILURE;
 * ```
 */
export const EXIT_FAILURE = 1;

/**
 * An error the `neurite` command reports: `code` is stable, `message` says what was wrong and
 * how to fix it, `exitCode` is what the process exits with.
 *
 * @example
 * ```ts
 * throw new CliError('USAGE', '--tstop must be a number of ms, got "abc"');
 * ```
 */
export class CliError extends Error {
  /** What kind of failure. */
  readonly code: CliErrorCode;
  /** 2 for usage errors, 1 for everything else. */
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.exitCode = code === 'USAGE' || code === 'FILE_NOT_FOUND' ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/**
 * An error in a model file: names the file, the JSON path of the culprit and the fix.
 *
 * @example
 * ```ts
 * throw new ModelError('model.json', '$.cells.cell.sections.soma.L', 'must be > 0 um, got -1', 'use a positive length');
 * ```
 */
export class ModelError extends CliError {
  /** The model file. */
  readonly file: string;
  /** Where in it, as a JSON path (`$.cells.cell.sections.soma.L`). */
  readonly path: string;
  /** How to fix it. */
  readonly fix: string | undefined;

  /**
   * @param file the model file
   * @param path the JSON path (`$.run.dt`)
   * @param problem what is wrong
   * @param fix how to fix it
   * @param code MODEL_INVALID (schema) or MODEL_ERROR (meaning)
   * @param position `line:column` of the culprit in the file, when known
   */
  constructor(file: string, path: string, problem: string, fix?: string, code: 'MODEL_INVALID' | 'MODEL_ERROR' = 'MODEL_ERROR', position?: string) {
    super(code, `${file}${position ? `:${position}` : ''}: at ${path}: ${problem}${fix ? `\n  fix: ${fix}` : ''}`);
    this.name = 'ModelError';
    this.file = file;
    this.path = path;
    this.fix = fix;
  }
}

/**
 * Several model errors at once (schema validation reports every problem it finds).
 *
 * @example
 * ```ts
 * throw new ModelErrors([new ModelError('m.json', '$.run.dt', 'must be > 0')]);
 * ```
 */
export class ModelErrors extends CliError {
  /** Each problem. */
  readonly errors: readonly ModelError[];

  constructor(errors: readonly ModelError[]) {
    super(errors[0]?.code === 'MODEL_INVALID' ? 'MODEL_INVALID' : 'MODEL_ERROR', errors.map((e) => e.message).join('\n'));
    this.name = 'ModelErrors';
    this.errors = errors;
  }
}

/**
 * The closest of `candidates` to `name` (edit distance at most a third of its length), for
 * "did you mean" hints; undefined when none is close.
 *
 * @example
 * ```ts
 * closest('gnabr', ['gnabar', 'gkbar']); // 'gnabar'
 * ```
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Edit distance with transpositions (optimal string alignment): `daim` is 1 from `diam`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * " (did you mean 'X'?)" when a candidate is close to `name`, else "".
 * @example
 * ```ts
 * didYouMean('gnabr', ['gnabar']); // " (did you mean 'gnabar'?)"
 * ```
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c ? ` (did you mean '${c}'?)` : '';
}
