/**
 * Paths as the user sees them in messages.
 * @module
 */
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A file name for messages: relative to the working folder when the file is under it, else
 * absolute; either way a path the user can open from where they ran the command.
 * @example
 * ```ts
 * displayPath('/home/me/model/kd.mod'); // 'kd.mod' when run in /home/me/model
 * displayPath('examples/out/../tutorial.csv'); // 'examples/tutorial.csv'
 * ```
 */
export function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}
