/**
 * What the compiler needs from the file system, for Node: the files `.mod` files INCLUDE.
 * (The main entry point reads no files, so that it runs in browsers.)
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { IncludeResolver } from './include.js';

/** Options of {@link fileIncludes}. */
export interface FileIncludeOptions {
  /** Directories searched after the including file's own, in order (NEURON's `MODL_INCLUDE`). */
  readonly dirs?: readonly string[];
}

/** Whether `path` names a readable regular file. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * An INCLUDE resolver that reads files: a name is looked for beside the file that INCLUDEs it
 * (the `.mod` file at `modFile`, or an included file), then in each of `options.dirs`; an absolute
 * name is read as it is. Included files are known by the path they were read from.
 * @param modFile - The path of the `.mod` file being compiled.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { compileMod } from '@neurite/nmodl-compiler';
 * import { fileIncludes } from '@neurite/nmodl-compiler/node';
 * const file = 'mod/kdr.mod';
 * const r = compileMod(readFileSync(file, 'utf8'), { filename: file, include: fileIncludes(file) });
 * ```
 */
export function fileIncludes(modFile: string, options: FileIncludeOptions = {}): IncludeResolver {
  const read = new Set<string>();
  return (name, from) => {
    const here = from !== undefined && read.has(from) ? dirname(from) : dirname(modFile);
    const candidates = isAbsolute(name) ? [name] : [join(here, name), ...(options.dirs ?? []).map((d) => join(d, name))];
    for (const path of candidates) {
      if (!isFile(path)) continue;
      read.add(path);
      return { path, text: readFileSync(path, 'utf8') };
    }
    return undefined;
  };
}

/**
 * The directories of NEURON's `MODL_INCLUDE` environment variable (separated by `:`, or `;` on
 * Windows); none when it is not set.
 * @example
 * ```ts
 * const include = fileIncludes(file, { dirs: modlIncludeDirs() });
 * ```
 */
export function modlIncludeDirs(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return (env.MODL_INCLUDE ?? '').split(delimiter).filter((d) => d !== '');
}
