/**
 * `neurite run script.ts`: runs a TypeScript or JavaScript script written against the `neurite`
 * API as `tsx script.ts` would, whatever its module format: ES modules through tsx's ESM hooks,
 * CommonJS (a script with no `import`/`export` outside a `"type": "module"` package, or one
 * that calls `require`) through tsx's CommonJS hooks. `neurite` imports and requires resolve to
 * the CLI's own copy when the script's folder has none.
 * @module
 */
import Module, { createRequire, register as registerHooks } from 'node:module';
import { existsSync, realpathSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register as registerTsxCjs } from 'tsx/cjs/api';
import { register as registerTsx } from 'tsx/esm/api';
import * as neurite from 'neurite';
import { h, MechanismCompileError, NeuriteError } from 'neurite';
import { CliError } from './errors.js';
import { Progress } from './progress.js';

let hooksRegistered = false;

/** The CommonJS loader's resolution function (not in Node's type definitions). */
interface CommonJsResolver {
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
}

function isNeuriteSpecifier(specifier: string): boolean {
  return specifier === 'neurite' || specifier.startsWith('neurite/') || specifier.startsWith('@neurite/');
}

/**
 * Registers tsx (ESM and CommonJS), the CLI's ESM resolution hook (script-hooks.ts), and the same
 * fallback for `require`: a `neurite` require that does not resolve from the script resolves from
 * the CLI. `require('neurite')` of the CLI's copy gives the ES module the CLI itself uses (not a
 * second, CommonJS copy), so the script and the CLI share the preset `h` (progress bars) and the
 * error classes.
 */
function registerScriptHooks(): void {
  registerTsx();
  registerTsxCjs();
  registerHooks(new URL('./script-hooks.js', import.meta.url), { data: { parent: import.meta.url } });
  const own = createRequire(import.meta.url);
  const loader = Module as unknown as CommonJsResolver;
  const next = loader._resolveFilename;
  loader._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    try {
      return next.call(this, request, ...rest);
    } catch (e) {
      if (isNeuriteSpecifier(request) && (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return own.resolve(request);
      throw e;
    }
  };
  const entry = own.resolve('neurite');
  if (own.cache[entry] === undefined) {
    const m = new Module(entry);
    m.filename = entry;
    m.exports = neurite;
    m.loaded = true;
    own.cache[entry] = m;
  }
}

/**
 * `line:column` of the first frame of `error`'s stack in the script `abs`, in the script's own
 * source (tsx's source maps map transformed TypeScript back to it); undefined when no frame is
 * in the script, or when source maps are off (a line of the transformed code would be wrong).
 */
function scriptPosition(error: unknown, abs: string): string | undefined {
  if (!process.sourceMapsEnabled || !(error instanceof Error) || typeof error.stack !== 'string') return undefined;
  const names = new Set([abs]);
  try {
    names.add(realpathSync(abs));
  } catch {
    /* only the name as given */
  }
  for (const line of error.stack.split('\n')) {
    const frame = /^\s*at (?:.*? \((.+)\)|(?:async )?(.+))$/.exec(line);
    const where = frame?.[1] ?? frame?.[2];
    const m = where === undefined ? null : /^(.+):(\d+):(\d+)$/.exec(where);
    if (!m) continue;
    let path = m[1]!;
    if (path.startsWith('file://')) {
      try {
        path = fileURLToPath(path);
      } catch {
        continue;
      }
    }
    if (names.has(path)) return `${m[2]}:${m[3]}`;
  }
  return undefined;
}

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
 * Runs a script (`.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) to completion, as `tsx script.ts`
 * would, as an ES module or as CommonJS. A neurite error thrown at a line of the script is
 * reported with that line (`script.ts:12:5: ...`).
 *
 * @throws {CliError} FILE_NOT_FOUND; SIMULATION or MOD_COMPILE for neurite's errors; SCRIPT with any other error of the script
 * @example
 * ```ts
 * await runScript('examples/tutorial.ts', { args: ['--fast'] });
 * ```
 */
export async function runScript(file: string, options: ScriptOptions = {}): Promise<void> {
  const abs = resolvePath(file);
  if (!existsSync(abs)) throw new CliError('FILE_NOT_FOUND', `${file}: no such file`);
  if (!hooksRegistered) {
    registerScriptHooks();
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
    // `script.ts:12:5: ...` when the error was thrown at a line of the script.
    const position = scriptPosition(e, abs);
    const where = position ? `${file}:${position}` : file;
    if (e instanceof MechanismCompileError) throw new CliError('MOD_COMPILE', `${where}: ${e.message}`, { cause: e });
    if (e instanceof NeuriteError) throw new CliError('SIMULATION', `${where}: ${e.message} [${e.code}]`, { cause: e });
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
