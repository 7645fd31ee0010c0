import { describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import { resolveSymbols } from '../../src/passes/check/resolve-symbols.js';
import { parse } from './util.js';

const check = (text: string) => {
  const { program } = parse(text);
  const s = new Session();
  resolveSymbols(program, {}, s);
  return s.diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
};

describe('check/resolve-symbols', () => {
  it('accepts declared variables, LOCALs, arguments, built-ins, ion variables and the function name', () => {
    expect(check([
      'NEURON { SUFFIX x USEION na READ ena WRITE ina }',
      'PARAMETER { g = 1 }',
      'ASSIGNED { v }',
      'BREAKPOINT { LOCAL a\n a = exp(-v/10) * PI\n ina = g*f(a)*(v - ena) + celsius + t + dt }',
      'FUNCTION f(y) { f = y + FARADAY + R }',
    ].join('\n'))).toEqual([]);
  });
  it('reports undefined names and functions at their location, with the fix', () => {
    expect(check('NEURON { SUFFIX x }\nBREAKPOINT {\n  y = z + q(1)\n}')).toEqual([
      'NMODL200 3:3 undefined name `y`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL',
      'NMODL200 3:7 undefined name `z`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL',
      'NMODL200 3:11 undefined function `q`: define it as a FUNCTION or PROCEDURE',
    ]);
  });
  it('scopes LOCALs to their block', () => {
    expect(check('PROCEDURE p() { if (1) { LOCAL a\n a = 1 }\n a = 2 }')).toEqual([
      'NMODL200 3:2 undefined name `a`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL',
    ]);
  });
  it('knows diam (segment diameter) and area', () => {
    expect(check('PROCEDURE p() { LOCAL a\n a = diam + area }')).toEqual([]);
  });
});
