/**
 * `neurite run script.ts`: runs a TypeScript or JavaScript script written against the `neurite`
 * API, with TypeScript handled by tsx and `neurite` imports resolved to the CLI's own copy when
 * the script's folder has none.
 * @module
 */
import { register as registerHooks } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { register as registerTsx } from 'tsx/esm/api';
import { h, MechanismCompileError, NeuriteError } from 'neurite';
import { CliError } from './errors.js';
import { Progress } from './progress.js';

let hooksRegistered = false;

/** Options of {@link runScript}. */
export interface ScriptOptions {
  /** Arguments the script sees in `process.argv.slice(2)`. */
  readonly args?: readonly string[];
  /** Draw a progress bar on this terminal while `h.continuerun` runs. */
  readonly progress?: NodeJS.WriteStream;
  /** Send what the script prints to stdout to stderr instead (keeps stdout for `--json`). */
  readonly stdoutToStderr?: boolean;
}

/**
 * Runs a script (`.ts`, `.mts`, `.js`, `.mjs`) to completion, as `tsx script.ts` would.
 *
 * @throws {CliError} FILE_NOT_FOUND, or SCRIPT with the script's error
 * @example
 * ```ts
 * await runScript('examples/tutorial.ts', { args: ['--fast'] });
 * ```
 */
export async function runScript(file: string, options: ScriptOptions = {}): Promise<void> {
  const abs = resolvePath(file);
  if (!existsSync(abs)) throw new CliError('FILE_NOT_FOUND', `${file}: no such file`);
  if (!hooksRegistered) {
    registerTsx();
    registerHooks(new URL('./script-hooks.js', import.meta.url), { data: { parent: import.meta.url } });
    hooksRegistered = true;
  }
  const argv = process.argv;
  process.argv = [argv[0]!, abs, ...(options.args ?? [])];
  const restore = options.progress ? showProgress(options.progress) : undefined;
  const stdoutWrite = process.stdout.write;
  if (options.stdoutToStderr) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    await import(pathToFileURL(abs).href);
  } catch (e) {
    if (e instanceof MechanismCompileError) throw new CliError('MOD_COMPILE', `${file}: ${e.message}`, { cause: e });
    if (e instanceof NeuriteError) throw new CliError('SIMULATION', `${file}: ${e.message} [${e.code}]`, { cause: e });
    if (e instanceof CliError) throw e;
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    throw new CliError('SCRIPT', `${file} failed:\n${text}`, { cause: e });
  } finally {
    process.stdout.write = stdoutWrite;
    restore?.();
    process.argv = argv;
  }
}

/** Shows progress for runs of the preset `h` (what `import { h } from 'neurite'` gives). */
function showProgress(stream: NodeJS.WriteStream): () => void {
  const original = h.continuerun;
  let bar: Progress | undefined;
  const stop = h.observe({ onStep: () => bar?.update(h.t) });
  h.continuerun = (tstop: number): number => {
    bar = new Progress({ stream, total: tstop, format: (t) => `${t.toFixed(1)} ms`, speedUnit: 'ms/s' });
    try {
      return original(tstop);
    } finally {
      bar.finish();
      bar = undefined;
    }
  };
  return () => {
    stop();
    h.continuerun = original;
  };
}
