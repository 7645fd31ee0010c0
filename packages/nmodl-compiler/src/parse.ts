/**
 * Parsing: text to {@link Program}, syntax errors to diagnostics.
 * @module
 */
import type { Program, SourceRange } from './ast/nodes.js';
import { DiagnosticCode, type Session } from './diagnostics.js';
import { parse as peggyParse } from './grammar/generated/parser.js';

interface PeggyExpectation {
  readonly type: string;
  readonly text?: string;
  readonly description?: string;
}
interface PeggyError {
  readonly message: string;
  readonly expected: readonly PeggyExpectation[] | null;
  readonly found: string | null;
  readonly location: SourceRange;
}

function isPeggyError(e: unknown): e is PeggyError {
  return typeof e === 'object' && e !== null && 'location' in e && 'expected' in e;
}

function describeExpected(list: readonly PeggyExpectation[]): string {
  const names = new Set<string>();
  for (const e of list) {
    if (e.type === 'literal' && e.text !== undefined) names.add(JSON.stringify(e.text));
    else if (e.type === 'end') names.add('end of file');
    else if (e.description !== undefined) names.add(e.description);
    else if (e.type === 'class') names.add('a character');
    else names.add(e.type);
  }
  const all = [...names].sort();
  if (all.length > 12) return `${all.slice(0, 12).join(', ')}, ... (${all.length} in all)`;
  return all.join(', ');
}

/**
 * Parses NMODL text. Syntax errors are reported to the session; the result is then `null`.
 * @example
 * ```ts
 * const session = new Session();
 * const program = parseMod('NEURON { SUFFIX leak }', session);
 * ```
 */
export function parseMod(text: string, session: Session): Program | null {
  try {
    return peggyParse(text);
  } catch (e) {
    if (isPeggyError(e)) {
      const expected = e.expected ? describeExpected(e.expected) : undefined;
      const found = e.found === null ? 'end of file' : e.found === '\n' || e.found === '\r' ? 'end of line' : JSON.stringify(e.found);
      session.report({
        severity: 'error',
        code: DiagnosticCode.Syntax,
        message: `syntax error: unexpected ${found}`,
        range: e.location,
        notes: [],
        ...(expected !== undefined ? { expected } : {}),
        found,
      });
      return null;
    }
    const start = { offset: 0, line: 1, column: 1 };
    if (e instanceof RangeError) {
      session.error(DiagnosticCode.Syntax, 'the file is nested too deeply to parse (expressions or blocks)', { start, end: start });
      return null;
    }
    session.error(DiagnosticCode.Internal, `internal error in the parser (a bug in the compiler, not in your file): ${String(e)}`, { start, end: start });
    return null;
  }
}
