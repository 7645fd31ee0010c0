/**
 * Diagnostics: what the compiler reports about a `.mod` file instead of throwing.
 * @module
 */
import type { SourceRange } from './ast/nodes.js';

/** How bad a diagnostic is: an `error` means no plugin is produced. */
export type Severity = 'error' | 'warning';

/** A related location that explains a diagnostic (e.g. the first declaration of a duplicate). */
export interface DiagnosticNote {
  /** What the note says, e.g. `first declared here`. */
  readonly message: string;
  /** Where it points, when it points somewhere. */
  readonly range?: SourceRange;
}

/**
 * One problem found in a `.mod` file.
 *
 * Codes: `NMODL1xx` syntax, `NMODL2xx` names and declarations, `NMODL3xx` units,
 * `NMODL4xx` semantics, `NMODL5xx` not supported yet, `NMODL9xx` internal errors (ours, not the
 * user's).
 */
export interface Diagnostic {
  /** `error` (no plugin is produced) or `warning`. */
  readonly severity: Severity;
  /** The diagnostic's code, e.g. `NMODL200` (see {@link DiagnosticCode}). */
  readonly code: string;
  /** What is wrong, for people. */
  readonly message: string;
  /** Where in the source it is. */
  readonly range: SourceRange;
  /** Related locations that explain it; often empty. */
  readonly notes: readonly DiagnosticNote[];
  /** What the compiler expected there (parse errors), when known. */
  readonly expected?: string;
  /** What it found instead, when known. */
  readonly found?: string;
}

/**
 * Diagnostic codes used by the compiler.
 * @example
 * ```ts
 * const undefinedNames = diagnostics.filter((d) => d.code === DiagnosticCode.Undefined);
 * ```
 */
export const DiagnosticCode = {
  /** The text does not follow NMODL's grammar. */
  Syntax: 'NMODL100',
  /** A name is used but never declared (or names no METHOD NMODL has). */
  Undefined: 'NMODL200',
  /** A name is declared twice. */
  Duplicate: 'NMODL201',
  /** The NEURON block names no mechanism (no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL). */
  NoMechanismName: 'NMODL202',
  /** A declaration is malformed or contradicts another. */
  BadDeclaration: 'NMODL203',
  /** A unit cannot be evaluated (not in NEURON's units database or the file's UNITS block). */
  UnknownUnit: 'NMODL300',
  /** The file parses but does not make sense (a semantic error or warning). */
  Semantic: 'NMODL400',
  /** Valid NMODL that the compiler does not support yet. */
  Unsupported: 'NMODL500',
  /** A bug in the compiler, not in the file. */
  Internal: 'NMODL900',
} as const;

/**
 * Collects diagnostics while passes run; passes report here instead of throwing.
 * @example
 * ```ts
 * const session = new Session();
 * const program = parseMod(text, session);
 * if (session.hasErrors()) console.error(session.diagnostics);
 * ```
 */
export class Session {
  /** Every diagnostic reported so far, in order. */
  readonly diagnostics: Diagnostic[] = [];

  readonly #seen = new Set<string>();

  /**
   * Records a diagnostic, once: the same one again at the same place (code inlined at several
   * call sites is checked at each) is not repeated.
   * @example
   * ```ts
   * const s = new Session();
   * s.report({ severity: 'error', code: 'NMODL200', message: 'undefined name `x`', range, notes: [] });
   * ```
   */
  report(d: Diagnostic): void {
    const key = `${d.severity} ${d.code} ${d.range.file ?? ''} ${d.range.start.offset} ${d.range.end.offset} ${d.message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.diagnostics.push(d);
  }

  /**
   * Records an error at a range.
   * @example
   * ```ts
   * session.error(DiagnosticCode.Undefined, 'undefined name `x`', node.location);
   * ```
   */
  error(code: string, message: string, range: SourceRange, notes: DiagnosticNote[] = []): void {
    this.report({ severity: 'error', code, message, range, notes });
  }

  /**
   * Records a warning at a range.
   * @example
   * ```ts
   * session.warning(DiagnosticCode.Semantic, 'VERBATIM ignored', node.location);
   * ```
   */
  warning(code: string, message: string, range: SourceRange, notes: DiagnosticNote[] = []): void {
    this.report({ severity: 'warning', code, message, range, notes });
  }

  /**
   * True when an error was reported.
   * @example
   * ```ts
   * if (session.hasErrors()) return { diagnostics: session.diagnostics };
   * ```
   */
  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** Options of {@link formatDiagnostic}. */
export interface FormatOptions {
  /** The file name printed before `:line:col`; `<input>` when absent. */
  readonly filename?: string;
  /** The source text, to print the offending line and a caret under it. */
  readonly source?: string;
  /** The text of the files the source INCLUDEs, by name (`CompileResult.includes`): a
   * diagnostic in one of them is printed with its name, line and caret. */
  readonly includes?: Readonly<Record<string, string>>;
}

/**
 * Formats a diagnostic as `file:line:col: severity CODE: message`, then the source line and a
 * caret under the offending range, then expected vs found and notes.
 * @example
 * ```ts
 * const { diagnostics } = compileMod('NEURON { SUFIX hh }', { filename: 'bad.mod' });
 * console.error(formatDiagnostic(diagnostics[0], { filename: 'bad.mod', source: text }));
 * // bad.mod:1:10: error NMODL100: ...
 * ```
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const main = options.filename ?? '<input>';
  const fileOf = (r: SourceRange): string => r.file ?? main;
  const file = fileOf(d.range);
  const source = d.range.file !== undefined ? options.includes?.[d.range.file] : options.source;
  const { line, column } = d.range.start;
  const out = [`${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`];
  if (source !== undefined) {
    const lines = source.split(/\r?\n/);
    const text = lines[line - 1];
    if (text !== undefined) {
      const gutter = String(line);
      out.push(`${gutter} | ${text}`);
      const endCol = d.range.end.line === line ? Math.max(d.range.end.column, column + 1) : text.length + 1;
      const width = Math.max(1, Math.min(endCol, text.length + 1) - column);
      const pad = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
      out.push(`${' '.repeat(gutter.length)} | ${pad}${'^'.repeat(width)}`);
    }
  }
  if (d.expected !== undefined) out.push(`  expected: ${d.expected}`);
  if (d.found !== undefined) out.push(`  found: ${d.found}`);
  for (const note of d.notes) {
    const where = note.range ? `${fileOf(note.range)}:${note.range.start.line}:${note.range.start.column}: ` : '';
    out.push(`  note: ${where}${note.message}`);
  }
  return out.join('\n');
}
