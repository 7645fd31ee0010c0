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

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The keyword closest to a misspelt word, when it is close (at most 2 edits, not the same). */
function nearest(word: string, keywords: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of keywords) {
    if (k === word) continue;
    const d = distance(word.toUpperCase(), k.toUpperCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

/**
 * Parses NMODL text. Syntax errors are reported to the session; the result is then `null`.
 * After a syntax error the text is parsed a second time, exhaustively, for the list of what was
 * expected where the parse failed (see the top of the grammar).
 * @example
 * ```ts
 * const session = new Session();
 * const program = parseMod('NEURON { SUFFIX leak }', session);
 * ```
 */
export function parseMod(text: string, session: Session): Program | null {
  // Old Mac line ends (a lone CR) end lines too; the replacement keeps every offset.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  try {
    return peggyParse(source);
  } catch {
    // A syntax error (or nesting too deep). The first parse skips alternatives that cannot
    // match where they are and keeps no record of what failed where; the exhaustive parse tries
    // every alternative as written and records what was expected where it failed. Its outcome is
    // the one reported.
  }
  try {
    return peggyParse(source, { exhaustive: true });
  } catch (e) {
    if (isPeggyError(e)) {
      const expectedList = e.expected ?? [];
      const expected = expectedList.length > 0 ? describeExpected(expectedList) : undefined;
      // Report the whole word found, not its first letter, and suggest a keyword it resembles.
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(e.location.start.offset))?.[0];
      const found = e.found === null ? 'end of file' : e.found === '\n' || e.found === '\r' ? 'end of line' : JSON.stringify(word ?? e.found);
      const range = word !== undefined
        ? { start: e.location.start, end: { ...e.location.start, offset: e.location.start.offset + word.length, column: e.location.start.column + word.length } }
        : e.location;
      const keywords = expectedList.filter((x) => x.type === 'literal' && x.text !== undefined && /^[A-Za-z_]+$/.test(x.text)).map((x) => x.text!);
      const closest = word !== undefined ? nearest(word, keywords) : undefined;
      const closes = e.found === null && expectedList.some((x) => x.type === 'literal' && x.text === '}');
      let message = `syntax error: unexpected ${found}`;
      if (closest !== undefined) message += `; did you mean ${closest}?`;
      else if (closes) message += '; a block is not closed: expected "}"';
      session.report({
        severity: 'error',
        code: DiagnosticCode.Syntax,
        message,
        range,
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
