/**
 * Parsing: text to {@link Program}, syntax errors to diagnostics.
 * @module
 */
import type { Program, SourceRange } from './ast/nodes.js';
import { DiagnosticCode, type DiagnosticNote, type Session } from './diagnostics.js';
import { parse as peggyParse } from './grammar/generated/parser.js';
import { nearest } from './suggest.js';

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

/** Punctuation that closes a construct: listed first among what was expected, so that a missing
 * `}`, `)` or `]` is never in the part of a long list that is left out. */
const CLOSERS = ['"}"', '")"', '"]"'];

function describeExpected(list: readonly PeggyExpectation[]): string {
  const names = new Set<string>();
  for (const e of list) {
    if (e.type === 'literal' && e.text !== undefined) names.add(JSON.stringify(e.text));
    else if (e.type === 'end') names.add('end of file');
    else if (e.description !== undefined) names.add(e.description);
    else if (e.type === 'class') names.add('a character');
    else names.add(e.type);
  }
  const all = [...CLOSERS.filter((c) => names.has(c)), ...[...names].filter((n) => !CLOSERS.includes(n)).sort()];
  if (all.length > 12) return `${all.slice(0, 12).join(', ')}, ... (${all.length} in all)`;
  return all.join(', ');
}

/** The words that start a construct of the top level of a file: never inside a block (INITIAL
 * is also a statement of NET_RECEIVE, and then parsed as one). */
const TOP_LEVEL_KEYWORDS = new Set([
  'TITLE', 'UNITS', 'NEURON', 'PARAMETER', 'CONSTANT', 'ASSIGNED', 'STATE', 'INDEPENDENT', 'FUNCTION_TABLE',
  'INITIAL', 'BREAKPOINT', 'CONSTRUCTOR', 'DESTRUCTOR', 'TERMINAL', 'DERIVATIVE', 'KINETIC', 'LINEAR', 'NONLINEAR',
  'DISCRETE', 'PARTIAL', 'PROCEDURE', 'FUNCTION', 'NET_RECEIVE', 'BEFORE', 'AFTER', 'DEFINE', 'INCLUDE',
]);

/** The words that name the block a `{` opens when they start its line (if, else and while in any
 * case, as the grammar takes them). */
const BLOCK_NAMES = new Set([...TOP_LEVEL_KEYWORDS, 'if', 'else', 'while', 'FROM', 'FOR_NETCONS', 'MATCH']);

/** A `{` that is not closed: where it is, and the construct it opens when known (`BREAKPOINT`,
 * `if`, ...). */
interface OpenBrace {
  readonly offset: number;
  readonly name: string | undefined;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/**
 * The braces opened and not closed before `end`, outermost first, by a scan that skips what the
 * grammar does not read as braces: comments (`:` and `?` to the end of the line, COMMENT ...
 * ENDCOMMENT), VERBATIM ... ENDVERBATIM, the text of a TITLE line and strings.
 */
function openBraces(text: string, end: number): OpenBrace[] {
  const open: OpenBrace[] = [];
  // The first word of the current line or after its last `{` or `}` (a block's name: `BREAKPOINT {`,
  // `} else {`), and that of the last line that had one (for a `{` that starts its line).
  let header: string | undefined;
  let lastHeader: string | undefined;
  let expectHeader = true;
  let lineHasToken = false;
  const newLine = (): void => {
    if (header !== undefined) lastHeader = header;
    header = undefined;
    expectHeader = true;
    lineHasToken = false;
  };
  const lineEnd = (from: number): number => {
    const at = text.indexOf('\n', from);
    return at === -1 || at > end ? end : at;
  };
  // Past `terminator` (or to `end`), as a new line if the text skipped has line ends.
  const skipPast = (from: number, terminator: string): number => {
    const at = text.indexOf(terminator, from);
    const to = at === -1 || at + terminator.length > end ? end : at + terminator.length;
    if (text.slice(from, to).includes('\n')) newLine();
    return to;
  };
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      newLine();
      i++;
    } else if (c === 58 || c === 63) { // `:` or `?`: a comment to the end of the line
      i = lineEnd(i);
    } else if (c === 34) { // a string: "..." on one line
      const close = lineEnd(i + 1);
      const quote = text.indexOf('"', i + 1);
      i = quote !== -1 && quote < close ? quote + 1 : close;
      lineHasToken = true;
      expectHeader = false;
    } else if (c === 123 || c === 125) { // `{` or `}`
      if (c === 123) {
        const name = header ?? (lineHasToken ? undefined : lastHeader);
        open.push({ offset: i, name: name !== undefined && BLOCK_NAMES.has(name) ? name : undefined });
      } else {
        open.pop();
      }
      header = undefined;
      expectHeader = true;
      lineHasToken = true;
      i++;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < end && isWordChar(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (word.startsWith('VERBATIM')) { i = skipPast(i + 8, 'ENDVERBATIM'); continue; }
      if (word === 'COMMENT') { i = skipPast(j, 'ENDCOMMENT'); continue; }
      i = word === 'TITLE' ? lineEnd(j) : j;
      if (expectHeader) {
        const lower = word.toLowerCase();
        header = lower === 'if' || lower === 'else' || lower === 'while' ? lower : word;
      }
      expectHeader = false;
      lineHasToken = true;
    } else {
      if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) { lineHasToken = true; expectHeader = false; }
      i++;
    }
  }
  return open;
}

/** `line:column` of an offset, as the parser counts them (lines end at `\n`; columns from 1). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) { line++; start = at + 1; }
  return { line, column: offset - start + 1 };
}

/**
 * What a syntax error says about the blocks still open where it is: the `{` not closed, innermost
 * first, and how many `}` are missing `where` (`before line 14`, `at the end of the file`), with
 * a note at each `{`.
 */
function unclosedMessage(text: string, open: readonly OpenBrace[], where: string): { message: string; notes: DiagnosticNote[] } {
  const inner = [...open].reverse();
  const describe = (b: OpenBrace): string => {
    const { line, column } = lineColumn(text, b.offset);
    return `the ${b.name !== undefined ? `${b.name} ` : ''}block opened at ${line}:${column}`;
  };
  const blocks = inner.map(describe);
  const list = blocks.length === 1 ? blocks[0]! : `${blocks.slice(0, -1).join(', ')} and ${blocks[blocks.length - 1]!}`;
  const missing = inner.length === 1 ? 'a "}" is missing' : `${inner.length} "}" are missing`;
  const message = `${list} ${inner.length === 1 ? 'is' : 'are'} not closed: ${missing} ${where}`;
  const notes = inner.map((b): DiagnosticNote => {
    const { line, column } = lineColumn(text, b.offset);
    const at = { offset: b.offset, line, column };
    return { message: `${b.name !== undefined ? `the ${b.name} block` : 'a block'} opened here is not closed`, range: { start: at, end: { ...at, offset: b.offset + 1, column: column + 1 } } };
  });
  return { message, notes };
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
      // At the end of the file, or at a word that starts a construct of the top level, where a
      // `}` could come: a block is not closed; say which and where it was opened.
      const closes = expectedList.some((x) => x.type === 'literal' && x.text === '}');
      const atTopLevelWord = word !== undefined && TOP_LEVEL_KEYWORDS.has(word);
      const open = closes && (e.found === null || atTopLevelWord) ? openBraces(source, e.location.start.offset) : [];
      let message = `syntax error: unexpected ${found}`;
      let notes: DiagnosticNote[] = [];
      if (open.length > 0) {
        const { line, column } = e.location.start;
        const firstOnLine = source.slice(e.location.start.offset - column + 1, e.location.start.offset).trim() === '';
        const where = e.found === null ? 'at the end of the file' : firstOnLine ? `before line ${line}` : `before ${found}`;
        const unclosed = unclosedMessage(source, open, where);
        message += `; ${unclosed.message}`;
        notes = unclosed.notes;
      } else if (closest !== undefined) message += `; did you mean ${closest}?`;
      else if (closes && e.found === null) message += '; a block is not closed: expected "}"';
      session.report({
        severity: 'error',
        code: DiagnosticCode.Syntax,
        message,
        range,
        notes,
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
