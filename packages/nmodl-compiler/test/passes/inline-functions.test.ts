import { describe, expect, it } from 'vitest';
import { printStmts } from '../../src/ast/print.js';
import { Session } from '../../src/index.js';
import { inlineFunctions } from '../../src/passes/transform/inline-functions.js';
import { block, parse } from './util.js';

const inline = (text: string, name = 'p'): string => {
  const { program } = parse(text);
  return printStmts(block(inlineFunctions(program, {}, new Session()), name).body);
};

describe('transform/inline-functions (round trip: parse, inline, print)', () => {
  it('substitutes arguments into one-line functions', () => {
    expect(inline('FUNCTION alpha(v) { alpha = 0.1*exp(-(v + 40)/10) }\nPROCEDURE p(v) { a = alpha(v + 1) }'))
      .toBe('a = 0.1 * exp(-(v + 1 + 40) / 10)');
  });
  it('keeps the call when an argument with work in it would be evaluated twice', () => {
    expect(inline('FUNCTION sq(x) { sq = x*x }\nPROCEDURE p(v) { a = sq(v + 1)\n b = sq(v) }'))
      .toBe('a = sq(v + 1)\nb = v * v');
  });
  it('keeps the call when a name the function reads is shadowed at the call site', () => {
    expect(inline('PARAMETER { k = 2 }\nFUNCTION f(x) { f = k*x }\nPROCEDURE p(v) { LOCAL k\n k = 3\n a = f(v) }'))
      .toBe('LOCAL k\nk = 3\na = f(v)');
  });
  it('leaves functions with LOCALs, branches, tables or user calls alone', () => {
    expect(inline('FUNCTION g(x) { if (x > 0) { g = x } else { g = 0 } }\nFUNCTION h(x) { h = g(x) }\nPROCEDURE p(v) { a = g(v) + h(v) }'))
      .toBe('a = g(v) + h(v)');
  });
});
