import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../src/ast/nodes.js';
import { parse as peggyParse } from '../src/grammar/generated/parser.js';
import { compileMod, parseMod, Session } from '../src/index.js';

/** An expression as a fully parenthesised string. */
function show(e: Expr): string {
  switch (e.type) {
    case 'Binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary': return `(${e.op}${show(e.arg)})`;
    case 'Call': return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'Name': return e.name;
    case 'Number': return e.text;
    default: return e.type;
  }
}

/** The right-hand side of `f = <src>` in a FUNCTION, and its columns. */
function rhs(src: string): [string, number, number] {
  const program = parseMod(`FUNCTION f() { f = ${src} }`, new Session());
  const item = program!.items[0]!;
  const stmt = item.type === 'CodeBlock' ? item.body[0] : undefined;
  if (stmt?.type !== 'Assign') throw new Error('not an assignment');
  return [show(stmt.value), stmt.value.location.start.column, stmt.value.location.end.column];
}

describe('expressions: precedence and associativity', () => {
  it('bind || < && < comparisons < + - < * / < unary < ^, left to right within a level', () => {
    expect(rhs('a - b - c * d / e + f < g == h && i || j && !k')).toEqual(
      ['(((((((a - b) - ((c * d) / e)) + f) < g) == h) && i) || (j && (!k)))', 20, 66]);
    expect(rhs('a || b && c != d >= e - -f * g ^ -h ^ i / j')).toEqual(
      ['(a || (b && ((c != d) >= (e - (((-f) * (g ^ (-(h ^ i)))) / j)))))', 20, 63]);
  });

  it('start a binary node at its left operand, inside parentheses, and ^ at the parenthesis', () => {
    expect(rhs('(a + b) * (c - d) ^ 2 <= 3 * g(x, y + 1) - 1')).toEqual(
      ['(((a + b) * ((c - d) ^ 2)) <= ((3 * g(x, (y + 1))) - 1))', 21, 64]);
  });
});

describe('syntax errors where a statement starts', () => {
  const first = (text: string) => {
    const d = compileMod(text, { filename: 'x.mod' }).diagnostics[0]!;
    return [d.message, d.expected, d.found, d.range.start.line, d.range.start.column];
  };

  it('list every statement keyword as expected, in the order that picks the suggestion', () => {
    expect(first('NEURON { SUFFIX x }\nPROCEDURE p() { TO }\n')).toEqual([
      'syntax error: unexpected "TO"; did you mean if?',
      '"}", "(", "+", "COMPARTMENT", "CONDUCTANCE", "CONSERVE", "FOR_NETCONS", "FROM", "INITIAL", "LAG", "LOCAL", "LONGITUDINAL_DIFFUSION", ... (32 in all)',
      '"TO"', 2, 17,
    ]);
    expect(first('NEURON { SUFFIX x }\nBREAKPOINT {\n  x = 1\n  WITH 3\n}\n')).toEqual([
      'syntax error: unexpected "WITH"; did you mean WATCH?',
      '"}", "!=", "&&", "(", "+", ";", "<=", "==", ">=", "COMPARTMENT", "CONDUCTANCE", "CONSERVE", ... (40 in all)',
      '"WITH"', 4, 3,
    ]);
  });

  it('leave out a keyword that the text starts with (if, in any case, before IFERROR)', () => {
    expect(first('NEURON { SUFFIX x }\nPROCEDURE p() {\n  x = 1\n  IFERROR\n}\n')).toEqual([
      'syntax error: unexpected "IFERROR"',
      '"}", "!=", "&&", "(", "+", ";", "<=", "==", ">=", "COMPARTMENT", "CONDUCTANCE", "CONSERVE", ... (39 in all)',
      '"IFERROR"', 4, 3,
    ]);
  });

  it('report an unterminated VERBATIM at the end of the file', () => {
    expect(first('NEURON { SUFFIX x }\nPROCEDURE p() { VERBATIM\n')).toEqual([
      'syntax error: unexpected end of file', '"ENDVERBATIM", any', 'end of file', 3, 1,
    ]);
  });
});

describe('guards in the grammar', () => {
  const dir = new URL('./fixtures/', import.meta.url);
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.mod')),
    ...readdirSync(new URL('survey/', dir)).filter((f) => f.endsWith('.mod')).map((f) => `survey/${f}`),
  ];
  const outcome = (text: string, exhaustive: boolean): string => {
    try {
      return JSON.stringify(peggyParse(text, { exhaustive }));
    } catch (e) {
      return `error at ${(e as { location?: { start: { offset: number } } }).location?.start.offset}`;
    }
  };

  it('only skip alternatives that cannot match: the same tree as an exhaustive parse', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8').replace(/\r(?!\n)/g, '\n');
      expect(outcome(text, false), f).toBe(outcome(text, true));
      // and the same failure on a truncated file (always a syntax error or still a valid file)
      const cut = text.slice(0, Math.floor(text.length * 0.6));
      expect(outcome(cut, false).startsWith('error'), f).toBe(outcome(cut, true).startsWith('error'));
    }
  });
});
