/**
 * INCLUDE: the files a `.mod` file includes are parsed on their own and their top-level items put
 * where the `INCLUDE` stood, as NEURON's translator reads them in place. Every node (and every
 * diagnostic) from an included file carries that file's name in its ranges, so errors point into
 * the right file.
 *
 * The compiler reads no files itself (it runs in browsers too): an {@link IncludeResolver} gives it
 * the text; `@neurite/nmodl-compiler/node` has one that reads the file system.
 * @module
 */
import type { Program, SourceRange, TopItem } from './ast/nodes.js';
import { DiagnosticCode, Session } from './diagnostics.js';
import { parseMod } from './parse.js';

/** A file found for an `INCLUDE`. */
export interface IncludedFile {
  /** The name it is known by from now on: shown in diagnostics, and given back to the resolver
   * as `from` for the INCLUDEs inside it (a path, for a resolver that reads files). */
  readonly path: string;
  /** Its text. */
  readonly text: string;
}

/**
 * Finds the file an `INCLUDE "name"` names.
 *
 * @param name - The name as written between the quotes.
 * @param from - The {@link IncludedFile.path} of the file the `INCLUDE` is in, or the `filename`
 *   given to `compileMod` for the `.mod` file itself (`undefined` when none was given).
 * @returns The file, or `undefined` when there is none of that name (an error is then reported at
 *   the `INCLUDE`).
 * @example
 * ```ts
 * const files: Record<string, string> = { 'rates.inc': 'FUNCTION alpha(v) { alpha = 0.1 * v }' };
 * const include: IncludeResolver = (name) => (name in files ? { path: name, text: files[name]! } : undefined);
 * compileMod(text, { filename: 'chan.mod', include });
 * ```
 */
export type IncludeResolver = (name: string, from: string | undefined) => IncludedFile | undefined;

/** How deep INCLUDEs may nest (a file that includes itself is caught before this). */
const MAX_DEPTH = 32;

/** What {@link expandIncludes} gives back. */
export interface Expanded {
  /** The program with every INCLUDE replaced by the included file's items. */
  readonly program: Program;
  /** The text of every included file, by {@link IncludedFile.path}, in the order they were
   * first included (for printing diagnostics with their source lines). */
  readonly files: ReadonlyMap<string, string>;
  /** For each included file, the offsets of the INCLUDEs that first brought it in: that of the
   * `.mod` file's INCLUDE, then that of the INCLUDE in the file it brought in, and so on down.
   * Diagnostics sort by them (then by their own offset), which is their order in the text as
   * NEURON reads it. */
  readonly includedAt: ReadonlyMap<string, readonly number[]>;
}

/** Puts `file` into every source range of a freshly parsed tree (in place: the tree is ours). */
function stampFile(tree: unknown, file: string): void {
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    const node = x as { location?: SourceRange };
    if (node.location !== undefined) node.location = { ...node.location, file };
    for (const [k, v] of Object.entries(x)) if (k !== 'location' && typeof v === 'object' && v !== null) stack.push(v);
  }
}

/**
 * Replaces each `INCLUDE "name"` of `program` (and of the files it includes) with the items of
 * the file `resolve` finds. Problems (no resolver, no such file, a syntax error in the included
 * file, a file that includes itself) are reported to `session` at the `INCLUDE` or in the
 * included file; the INCLUDE is then left out.
 * @example
 * ```ts
 * const session = new Session();
 * const program = parseMod(text, session)!;
 * const { program: whole, files } = expandIncludes(program, resolve, session, 'chan.mod');
 * ```
 */
export function expandIncludes(program: Program, resolve: IncludeResolver | undefined, session: Session, filename: string | undefined): Expanded {
  const files = new Map<string, string>();
  const includedAt = new Map<string, readonly number[]>();
  if (!program.items.some((i) => i.type === 'Include')) return { program, files, includedAt };

  const expand = (items: readonly TopItem[], from: string | undefined, chain: readonly string[], offsets: readonly number[]): TopItem[] => {
    const out: TopItem[] = [];
    for (const item of items) {
      if (item.type !== 'Include') {
        out.push(item);
        continue;
      }
      const at = [...offsets, item.location.start.offset];
      if (resolve === undefined) {
        session.error(DiagnosticCode.Unsupported, `INCLUDE "${item.file}" needs the included file: compile with an \`include\` resolver (the command-line tools read it from beside the .mod file)`, item.location);
        continue;
      }
      let found: IncludedFile | undefined;
      try {
        found = resolve(item.file, from);
      } catch (e) {
        session.error(DiagnosticCode.BadDeclaration, `INCLUDE "${item.file}" could not be read: ${e instanceof Error ? e.message : String(e)}`, item.location);
        continue;
      }
      if (found === undefined) {
        session.error(DiagnosticCode.BadDeclaration, `INCLUDE "${item.file}": the include resolver found no file of that name${from !== undefined ? ` for ${from}` : ''}; put it beside the .mod file or in an include directory, or fix the name`, item.location);
        continue;
      }
      if (found.path === filename || chain.includes(found.path)) {
        session.error(DiagnosticCode.BadDeclaration, `INCLUDE "${item.file}" includes ${found.path} inside itself (${[...chain, found.path].join(' -> ')}); remove one of the INCLUDEs`, item.location);
        continue;
      }
      if (chain.length >= MAX_DEPTH) {
        session.error(DiagnosticCode.BadDeclaration, `INCLUDE "${item.file}" is nested more than ${MAX_DEPTH} files deep`, item.location);
        continue;
      }
      if (!files.has(found.path)) {
        files.set(found.path, found.text);
        includedAt.set(found.path, at);
      }
      // Parsed on its own: its syntax errors belong to it, with its own lines and columns.
      const inner = new Session();
      const parsed = parseMod(found.text, inner);
      for (const d of inner.diagnostics) session.report({ ...d, range: { ...d.range, file: found.path } });
      if (parsed === null) continue;
      stampFile(parsed, found.path);
      out.push(...expand(parsed.items, found.path, [...chain, found.path], at));
    }
    return out;
  };

  const items = expand(program.items, filename, [], []);
  return { program: { ...program, items }, files, includedAt };
}
