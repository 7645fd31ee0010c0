import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMod, formatDiagnostic, parseMod, Session } from '../src/index.js';

const parse = (text: string) => {
  const s = new Session();
  return { program: parseMod(text, s), diagnostics: s.diagnostics };
};

describe('grammar: the whole language parses', () => {
  it('parses every construct, with a source range on each node', () => {
    const text = readFileSync(new URL('./fixtures/everything.mod', import.meta.url), 'utf8');
    const { program, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(program).not.toBeNull();
    const kinds = program!.items.map((i) => (i.type === 'CodeBlock' || i.type === 'DeclBlock' ? `${i.type}:${i.kind}` : i.type));
    expect(kinds).toEqual([
      'Title', 'Units', 'Neuron', 'Define', 'DeclBlock:PARAMETER', 'DeclBlock:CONSTANT', 'DeclBlock:ASSIGNED',
      'DeclBlock:STATE', 'DeclBlock:INDEPENDENT', 'Local', 'VerbatimItem', 'CodeBlock:INITIAL', 'CodeBlock:BREAKPOINT',
      'CodeBlock:DERIVATIVE', 'CodeBlock:KINETIC', 'CodeBlock:LINEAR', 'CodeBlock:NONLINEAR', 'CodeBlock:PROCEDURE',
      'CodeBlock:FUNCTION', 'FunctionTable', 'CodeBlock:NET_RECEIVE', 'CodeBlock:BEFORE', 'CodeBlock:AFTER',
      'CodeBlock:CONSTRUCTOR', 'CodeBlock:DESTRUCTOR', 'UnitsSwitch',
    ]);
    const check = (node: unknown): void => {
      if (Array.isArray(node)) { node.forEach(check); return; }
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string') {
        const loc = n.location as { start: { offset: number }; end: { offset: number } };
        expect(loc.start.offset).toBeLessThanOrEqual(loc.end.offset);
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'location') check(v);
    };
    check(program);
  });

  it('reads declarations: defaults, units, limits, arrays', () => {
    const { program } = parse('PARAMETER { gnabar = .12 (S/cm2) <0,1e9>  x[3] (mM)  el = -54.3 (mV) }');
    const block = program!.items[0]!;
    expect(block.type === 'DeclBlock' && block.decls.map((d) => [d.name, d.value, d.unit, d.limits, d.length])).toEqual([
      ['gnabar', 0.12, 'S/cm2', [0, 1e9], null], ['x', null, 'mM', null, 3], ['el', -54.3, 'mV', null, null],
    ]);
  });

  it('gives ^ precedence over unary minus and is right associative', () => {
    const { program } = parse('FUNCTION f(x) { f = -x^2^3 }');
    const fn = program!.items[0]!;
    const s = fn.type === 'CodeBlock' ? fn.body[0] : null;
    expect(s?.type === 'Assign' && s.value.type === 'Unary' && s.value.arg.type === 'Binary' && s.value.arg.right.type === 'Binary').toBe(true);
  });

  it('keeps a unit after a number without numeric effect', () => {
    const { program } = parse('FUNCTION f() { f = 1e-7 (mM) * 2 }');
    const fn = program!.items[0]!;
    const s = fn.type === 'CodeBlock' ? fn.body[0] : null;
    expect(s?.type === 'Assign' && s.value.type === 'Binary' && s.value.left.type === 'Number' && s.value.left.unit).toBe('mM');
  });
});

describe('syntax errors', () => {
  it('are diagnostics with a location, expected and found', () => {
    const text = 'NEURON {\n  SUFFIX hh\n  RANGE gna,\n}\n';
    const { program, diagnostics } = parse(text);
    expect(program).toBeNull();
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d.severity).toBe('error');
    expect(d.code).toBe('NMODL100');
    expect(d.range.start).toMatchObject({ line: 4, column: 1 });
    expect(d.found).toBe('"}"');
    expect(d.expected).toBe('name');
  });

  it('print as file:line:col, the source line, a caret, expected vs found', () => {
    const text = 'NEURON { SUFFIX hh }\nPARAMETER { gnabar = .12 (S/cm2 }\n';
    const r = compileMod(text, { filename: 'bad.mod' });
    expect(r.plugin).toBeUndefined();
    const out = formatDiagnostic(r.diagnostics[0]!, { filename: 'bad.mod', source: text });
    expect(out).toBe([
      'bad.mod:2:34: error NMODL100: syntax error: unexpected end of line',
      '2 | PARAMETER { gnabar = .12 (S/cm2 }',
      '  |                                  ^',
      '  expected: ")"',
      '  found: end of line',
    ].join('\n'));
  });

  it('never throw for semantic mistakes either: undefined and duplicate names', () => {
    const text = 'NEURON { SUFFIX x }\nPARAMETER { a = 1 a = 2 }\nBREAKPOINT { b = c }\n';
    const r = compileMod(text, { filename: 'x.mod' });
    expect(r.plugin).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([
      ['NMODL200', 3, 14], ['NMODL200', 3, 18],
    ]);
    const r2 = compileMod('NEURON { SUFFIX x }\nPARAMETER { a = 1 a = 2 }\n', { filename: 'x.mod' });
    expect(r2.diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.column, d.notes[0]?.range?.start.column])).toEqual([
      ['NMODL201', '`a` is declared twice; remove one declaration', 2, 19, 13],
    ]);
  });

  it('reports constructs whose semantics come later as not supported, at their location', () => {
    const text = 'NEURON { SUFFIX x }\nASSIGNED { p }\nBREAKPOINT { }\n  DISCRETE d { p = 1 }\n';
    const r = compileMod(text);
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([['NMODL500', 4, 3]]);
    expect(r.diagnostics[0]!.message).toMatch(/not supported yet/);
  });
});

describe('formatDiagnostic', () => {
  it('prints notes with their locations and handles a missing source', () => {
    const text = 'NEURON { SUFFIX x }\nPARAMETER { a = 1 }\nSTATE { a }\n';
    const d = compileMod(text, { filename: 'x.mod' }).diagnostics[0]!;
    expect(formatDiagnostic(d, { filename: 'x.mod', source: text })).toBe([
      'x.mod:3:9: error NMODL201: `a` is declared twice; remove one declaration',
      '3 | STATE { a }',
      '  |         ^',
      '  note: x.mod:2:13: first declared here',
    ].join('\n'));
    expect(formatDiagnostic(d)).toBe('<input>:3:9: error NMODL201: `a` is declared twice; remove one declaration\n  note: <input>:2:13: first declared here');
  });
});

describe('syntax error messages', () => {
  it('name the word found and suggest the keyword it resembles', () => {
    const d = compileMod('NEURON { SUFIX x }\n').diagnostics[0]!;
    expect([d.message, d.found, d.range.start.column, d.range.end.column]).toEqual(['syntax error: unexpected "SUFIX"; did you mean SUFFIX?', '"SUFIX"', 10, 15]);
  });
  it('say when a block is not closed, which one and where it was opened', () => {
    expect(compileMod('NEURON { SUFFIX x }\nBREAKPOINT {\n').diagnostics[0]!.message).toBe('syntax error: unexpected end of file; the BREAKPOINT block opened at 2:12 is not closed: a "}" is missing at the end of the file');
  });

  it('say which block a missing "}" leaves open when the next block starts', () => {
    // brace.mod without the `}` that closes BREAKPOINT.
    const text = [
      'NEURON {', '  SUFFIX kd', '  USEION k READ ek WRITE ik', '  RANGE gbar', '}',
      'PARAMETER { gbar = 0.01 (S/cm2) }', 'STATE { n }', 'ASSIGNED { v (mV) ek (mV) ik (mA/cm2) }', 'INITIAL { n = 0 }',
      'BREAKPOINT {', '  SOLVE states METHOD cnexp', '  ik = gbar * n^4 * (v - ek)', '',
      'DERIVATIVE states {', "  n' = (1 - n) / 5", '}', '',
    ].join('\n');
    const d = compileMod(text, { filename: 'brace.mod' }).diagnostics;
    expect(d).toHaveLength(1);
    expect(formatDiagnostic(d[0]!, { filename: 'brace.mod', source: text })).toBe([
      'brace.mod:14:1: error NMODL100: syntax error: unexpected "DERIVATIVE"; the BREAKPOINT block opened at 10:12 is not closed: a "}" is missing before line 14',
      '14 | DERIVATIVE states {',
      '   | ^^^^^^^^^^',
      '  expected: "}", "!=", "&&", "(", "+", ";", "<=", "==", ">=", "COMPARTMENT", "CONDUCTANCE", "CONSERVE", ... (40 in all)',
      '  found: "DERIVATIVE"',
      '  note: brace.mod:10:12: the BREAKPOINT block opened here is not closed',
    ].join('\n'));
  });

  it('say which block is open at the end of the file, and list "}" first among what was expected', () => {
    const text = 'NEURON { SUFFIX x';
    const d = compileMod(text, { filename: 'eof.mod' }).diagnostics;
    expect(d).toHaveLength(1);
    expect(formatDiagnostic(d[0]!, { filename: 'eof.mod', source: text })).toBe([
      'eof.mod:1:18: error NMODL100: syntax error: unexpected end of file; the NEURON block opened at 1:8 is not closed: a "}" is missing at the end of the file',
      '1 | NEURON { SUFFIX x',
      '  |                  ^',
      '  expected: "}", "ARTIFICIAL_CELL", "BBCOREPOINTER", "ELECTRODE_CURRENT", "EXTERNAL", "GLOBAL", "NONSPECIFIC_CURRENT", "POINTER", "POINT_PROCESS", "RANDOM", "RANGE", "REPRESENTS", ... (17 in all)',
      '  found: end of file',
      '  note: eof.mod:1:8: the NEURON block opened here is not closed',
    ].join('\n'));
  });

  it('count every block left open, innermost first, past braces in comments, VERBATIM, TITLE and strings', () => {
    const text = [
      'TITLE a { in a title', 'NEURON { SUFFIX x }', 'PROCEDURE p()', '{', '  if (1) {', '    x = 1', '  } else {',
      '  COMMENT }}} ENDCOMMENT', '  VERBATIM', '}}', 'ENDVERBATIM', '  : } a comment', '  ? } another', '  printf("}")',
      'FUNCTION f() { f = 1 }', '',
    ].join('\n');
    const d = compileMod(text, { filename: 'x.mod' }).diagnostics;
    expect(d.map((x) => [x.message, x.range.start.line, x.range.start.column])).toEqual([[
      'syntax error: unexpected "FUNCTION"; the else block opened at 7:10 and the PROCEDURE block opened at 4:1 are not closed: 2 "}" are missing before line 15',
      15, 1,
    ]]);
    expect(d[0]!.notes.map((n) => [n.message, n.range?.start.line, n.range?.start.column])).toEqual([
      ['the else block opened here is not closed', 7, 10], ['the PROCEDURE block opened here is not closed', 4, 1],
    ]);
  });

  it('say where a "}" is missing on the line of the word that follows it, and name no block that is not one', () => {
    const d = compileMod('NEURON { SUFFIX x }\nASSIGNED { y }\nBREAKPOINT { y = 1 { y = 2 DERIVATIVE s { }\n').diagnostics[0]!;
    expect(d.message).toBe('syntax error: unexpected "DERIVATIVE"; the block opened at 3:20 and the BREAKPOINT block opened at 3:12 are not closed: 2 "}" are missing before "DERIVATIVE"');
  });

  it('keep suggesting a keyword for a misspelt word where a "}" could come', () => {
    const d = compileMod('NEURON { SUFFIX x RANGR g }\n').diagnostics[0]!;
    expect([d.message, d.range.start.column]).toEqual(['syntax error: unexpected "RANGR"; did you mean RANGE?', 19]);
    expect(d.expected?.startsWith('"}", ')).toBe(true);
  });
});
