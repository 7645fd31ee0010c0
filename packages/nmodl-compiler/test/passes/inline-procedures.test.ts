import { describe, expect, it } from 'vitest';
import { printStmts } from '../../src/ast/print.js';
import { Session } from '../../src/index.js';
import { inlineProcedures } from '../../src/passes/transform/inline-procedures.js';
import { block, parse } from './util.js';

const inline = (text: string, name = 'DERIVATIVE'): string => {
  const { program } = parse(text);
  return printStmts(block(inlineProcedures(program, {}, new Session()), name).body);
};

const RATES = `
STATE { m }
ASSIGNED { v (mV) minf mtau }
PROCEDURE rates(v (mV)) { LOCAL a, b
  a = exp(-v/10)
  b = 1 + a
  minf = 1/b
  mtau = 2*b
}
`;

describe('transform/inline-procedures (round trip: parse, inline, print)', () => {
  it('puts the body in a block, its parameters and LOCALs under fresh names, arguments first', () => {
    expect(inline(`${RATES}DERIVATIVE states { rates(v + 1)\n m' = (minf - m)/mtau }`)).toBe([
      '{',
      '  LOCAL rates_v',
      '  rates_v = v + 1',
      '  LOCAL rates_a, rates_b',
      '  rates_a = exp(-rates_v / 10)',
      '  rates_b = 1 + rates_a',
      '  minf = 1 / rates_b',
      '  mtau = 2 * rates_b',
      '}',
      "m' = (minf - m) / mtau",
    ].join('\n'));
  });
  it('inlines in INITIAL, BREAKPOINT and KINETIC, inside branches, and calls in inlined bodies', () => {
    const text = `${RATES}PROCEDURE both() { rates(v)\n rates(v - 1) }
INITIAL { if (v > 0) { both() } }`;
    const out = inline(text, 'INITIAL');
    expect(out).not.toContain('both(');
    expect(out).not.toContain('rates(');
    // two copies of the body, each with names of its own
    expect(out).toContain('rates_a = exp(-rates_v / 10)');
    expect(out).toContain('rates_a2 = exp(-rates_v2 / 10)');
  });
  it('picks names no other variable has', () => {
    expect(inline(`${RATES}PARAMETER { rates_a = 1 }\nDERIVATIVE states { rates(v)\n m' = rates_a - m }`)).toContain('LOCAL rates_a2, rates_b');
  });
  it('keeps the call when a name the body reads from the mechanism is shadowed at the call site', () => {
    expect(inline(`${RATES}DERIVATIVE states { LOCAL minf\n minf = 2\n rates(v)\n m' = (minf - m)/mtau }`))
      .toBe("LOCAL minf\nminf = 2\nrates(v)\nm' = (minf - m) / mtau");
  });
  it('leaves procedures with a TABLE, VERBATIM, array LOCALs or recursion, and other blocks, alone', () => {
    const table = 'PROCEDURE t(v) { TABLE minf FROM -100 TO 100 WITH 200\n minf = v }';
    const verbatim = 'PROCEDURE w() { VERBATIM\n return 0;\n ENDVERBATIM }';
    const array = 'PROCEDURE a() { LOCAL x[2]\n x[0] = 1\n minf = x[0] }';
    const recursive = 'PROCEDURE r(n) { if (n > 0) { r(n - 1) } }';
    const text = `${RATES}${table}\n${verbatim}\n${array}\n${recursive}\nDERIVATIVE states { t(v)\n w()\n a()\n r(2)\n m' = minf - m }\nPROCEDURE other() { rates(v) }`;
    expect(inline(text)).toBe("t(v)\nw()\na()\nr(2)\nm' = minf - m");
    expect(inline(text, 'other')).toBe('rates(v)');
  });

  it('computes a FUNCTION\'s value before the statement that calls it, into a fresh LOCAL', () => {
    const vtrap = 'FUNCTION vtrap(x, y) {\n if (fabs(x/y) < 1e-6) { vtrap = y*(1 - x/y/2) } else { vtrap = x/(exp(x/y) - 1) }\n}';
    expect(inline(`${RATES}${vtrap}\nINITIAL { minf = 0.1*vtrap(-(v + 40), 10) + 1 }`, 'INITIAL')).toBe([
      'LOCAL vtrap_value',
      '{',
      '  LOCAL vtrap_x, vtrap_y',
      '  vtrap_x = -(v + 40)',
      '  vtrap_y = 10',
      '  if (fabs(vtrap_x / vtrap_y) < 0.000001) {',
      '    vtrap_value = vtrap_y * (1 - vtrap_x / vtrap_y / 2)',
      '  } else {',
      '    vtrap_value = vtrap_x / (exp(vtrap_x / vtrap_y) - 1)',
      '  }',
      '}',
      'minf = 0.1 * vtrap_value + 1',
    ].join('\n'));
  });
  it('leaves FUNCTIONs in ODEs, and FUNCTIONs that assign the mechanism\'s variables, alone', () => {
    const f = 'FUNCTION f(x) { LOCAL a\n a = x*x\n f = a + 1 }';
    const g = 'FUNCTION g(x) { minf = x\n g = x }';
    expect(inline(`${RATES}${f}\n${g}\nDERIVATIVE states { m' = f(m) - m\n mtau = g(v) }`)).toBe("m' = f(m) - m\nmtau = g(v)");
  });
  it('keeps a FUNCTION in place where the statement also calls one that assigns the mechanism\'s variables', () => {
    const pure = 'FUNCTION f(x) { LOCAL a\n a = x + minf\n f = a }';
    const impure = 'FUNCTION g(x) { minf = x\n g = x }';
    // g sets minf, which f reads: computing f before the statement would run it before g.
    expect(inline(`${RATES}${pure}\n${impure}\nINITIAL { mtau = g(v) + f(v) }`, 'INITIAL')).toBe('mtau = g(v) + f(v)');
    // Alone, f is computed before the statement.
    expect(inline(`${RATES}${pure}\nINITIAL { mtau = f(v) }`, 'INITIAL')).toContain('mtau = f_value');
  });
});

