/**
 * Compiling `.mod` files on the fly for `neurite run`, `sweep` and `info`, and to files for
 * `neurite compile`.
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compileMod, formatDiagnostic, type CompileResult } from '@neurite/nmodl-compiler';
import { fileIncludes, modlIncludeDirs } from '@neurite/nmodl-compiler/node';
import type { Catalogue, MechanismType } from 'neurite';
import { CliError } from './errors.js';
import { displayPath } from './paths.js';

export { displayPath };

/** One `.mod` file compiled: its mechanism, and its warnings formatted. */
export interface CompiledMod {
  /** The `.mod` file. */
  readonly file: string;
  /** The mechanism. */
  readonly type: MechanismType;
  /** Warnings, formatted as `file:line:col` with the source line and a caret. */
  readonly warnings: readonly string[];
}

/**
 * The `.mod` files directly in `dir`, sorted by name (none when it does not exist).
 * @example
 * ```ts
 * modFilesIn('mechanisms'); // ['mechanisms/kd.mod', 'mechanisms/na.mod']
 * ```
 */
export function modFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.mod')).sort().map((f) => join(dir, f));
}

/**
 * Expands files and folders (folders: every `.mod` file in them) to `.mod` files.
 * @example
 * ```ts
 * expandModPaths(['mechanisms/', 'extra/kd.mod']);
 * ```
 * @throws {CliError} FILE_NOT_FOUND when one does not exist
 */
export function expandModPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new CliError('FILE_NOT_FOUND', `${p}: no such file or folder of .mod files`);
    if (statSync(p).isDirectory()) out.push(...modFilesIn(p));
    else out.push(p);
  }
  return [...new Set(out.map((f) => resolve(f)))];
}

/** One `.mod` file compiled by {@link compileModFile}. */
export interface ModFileResult {
  /** What the compiler gave back. */
  readonly result: CompileResult;
  /** A diagnostic of this file (or of a file it INCLUDEs) as `file:line:col`, its line and a caret. */
  readonly format: (d: CompileResult['diagnostics'][number]) => string;
}

/**
 * Compiles one `.mod` file read from disk. The files it INCLUDEs are read beside it (then from
 * the directories of NEURON's `MODL_INCLUDE`); all are named in diagnostics by
 * {@link displayPath}.
 * @example
 * ```ts
 * const { result, format } = compileModFile('mod/kd.mod');
 * for (const d of result.diagnostics) console.error(format(d));
 * ```
 */
export function compileModFile(file: string, options: { readonly instantiate?: boolean } = {}): ModFileResult {
  const text = readFileSync(file, 'utf8');
  const shown = displayPath(file);
  const include = fileIncludes(shown, { dirs: modlIncludeDirs() });
  const result = compileMod(text, { filename: basename(file), include, ...(options.instantiate === false ? { instantiate: false } : {}) });
  return { result, format: (d) => formatDiagnostic(d, { filename: shown, source: text, includes: result.includes }) };
}

/**
 * Compiles `.mod` files; throws one error with every file's diagnostics when any fails.
 *
 * @throws {CliError} MOD_COMPILE with the compiler's diagnostics
 * @example
 * ```ts
 * const mods = compileModFiles(['kd.mod']);
 * const catalogue = defaultCatalogue.extend(...mods.map((m) => m.type));
 * ```
 */
export function compileModFiles(files: readonly string[]): CompiledMod[] {
  const out: CompiledMod[] = [];
  const failures: string[] = [];
  for (const file of files) {
    const { result, format } = compileModFile(file);
    const formatted = result.diagnostics.map((d) => ({ severity: d.severity, text: format(d) }));
    if (!result.plugin) {
      failures.push(formatted.map((f) => f.text).join('\n'));
      continue;
    }
    out.push({ file, type: result.plugin, warnings: formatted.filter((f) => f.severity !== 'error').map((f) => f.text) });
  }
  if (failures.length > 0) {
    throw new CliError('MOD_COMPILE', `${failures.length === 1 ? 'a .mod file' : `${failures.length} .mod files`} did not compile:\n${failures.join('\n')}`);
  }
  return out;
}

/**
 * The catalogue `base` plus compiled mechanisms. A `.mod` file whose mechanism has the name of
 * one in `base` is refused: NEURON's own mechanisms cannot be replaced.
 *
 * @throws {CliError} MOD_COMPILE naming the clash
 * @example
 * ```ts
 * const catalogue = extendCatalogue(defaultCatalogue, compileModFiles(['kd.mod']));
 * ```
 */
export function extendCatalogue(base: Catalogue, mods: readonly CompiledMod[]): Catalogue {
  const seen = new Map<string, string>();
  for (const m of mods) {
    if (base.has(m.type.name)) {
      throw new CliError('MOD_COMPILE', `${displayPath(m.file)}: defines '${m.type.name}', which neurite already has built in\n  fix: rename its SUFFIX/POINT_PROCESS, or remove the file if it is a copy of NEURON's ${m.type.name}.mod`);
    }
    const other = seen.get(m.type.name);
    if (other) throw new CliError('MOD_COMPILE', `${displayPath(m.file)} and ${displayPath(other)} both define '${m.type.name}'\n  fix: keep one of them`);
    seen.set(m.type.name, m.file);
  }
  return mods.length === 0 ? base : base.extend(...mods.map((m) => m.type));
}
