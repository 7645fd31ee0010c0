import { describe, expect, it } from 'vitest';
import { printExpr, printStmts } from '../../src/ast/print.js';
import type { SolveStmt } from '../../src/ast/nodes.js';
import { Session } from '../../src/index.js';
import { linearize, lowerSolve } from '../../src/passes/lower/lower-solve.js';
import { block, parse } from './util.js';

function lower(method: string, body: string, kind = 'DERIVATIVE', states = ['m', 'x', 'y', 'a', 'b', 'c']) {
  const { program } = parse(`BREAKPOINT { SOLVE s METHOD ${method} }\n${kind} s {\n${body}\n}`);
  const solve = block(program, 'BREAKPOINT').body[0] as SolveStmt;
  const session = new Session();
  const info = lowerSolve(solve, block(program, 's'), { states: new Map(states.map((n) => [n, n === 'c' ? 3 : 1])), constants: new Map([['N', 3]]) }, session, false);
  return { info, session };
}

describe('transform/lower-solve', () => {
  it('cnexp: writes NEURON\'s exact update x + (1 - exp(dt*a)) * (-b/a - x)', () => {
    const { info } = lower('cnexp', 'rates(v)\nm\' = (minf - m)/mtau');
    expect(printStmts(info!.body)).toBe([
      'rates(v)',
      'm = m + (1 - exp(dt * ((-1) / mtau))) * (-(minf / mtau) / ((-1) / mtau) - m)',
    ].join('\n'));
  });
  it('cnexp: alpha/beta form and state-independent right-hand sides', () => {
    const { info } = lower('cnexp', "x' = a*(1 - x) - b*x\ny' = a");
    expect(printStmts(info!.body)).toBe([
      'x = x + (1 - exp(dt * (a * (-1) - b * 1))) * (-(a * 1) / (a * (-1) - b * 1) - x)',
      'y = y + dt * a',
    ].join('\n'));
  });
  it('cnexp: a nonlinear equation is linearised each step as nocmodl does, with a warning', () => {
    const { info, session } = lower('cnexp', "x' = -x*x");
    // nocmodl 8.2: x = x + (1. - exp(dt*((( - 1.0 )*( x ) + ( - x )*( 1.0 )))))*( - x)
    expect(printStmts(info!.body)).toBe('x = x + (1 - exp(dt * (-1 * x + -x * 1))) * (-0 / (-1 * x + -x * 1) - x)');
    expect(session.diagnostics[0]!.severity).toBe('warning');
    expect(session.diagnostics[0]!.range.start.line).toBe(3);
  });
  it('cnexp: an equation it cannot differentiate is an error that suggests derivimplicit', () => {
    const { info, session } = lower('cnexp', "x' = fabs(x)");
    expect(info).toBeNull();
    expect(session.diagnostics[0]!.message).toMatch(/derivimplicit/);
  });
  it('euler: derivatives first, then x = x + dt*x\' (with secondorder, NEURON\'s two half steps of the same derivative)', () => {
    const { info } = lower('euler', "x' = -x/tau\ny' = x");
    expect(printStmts(info!.body)).toBe([
      '__D[0] = 0', '__D[1] = 0', '__D[0] = -x / tau', '__D[1] = x',
      'if (secondorder != 0) {',
      '  x = x + dt * 0.5 * __D[0]', '  y = y + dt * 0.5 * __D[1]', '  x = x + dt * 0.5 * __D[0]', '  y = y + dt * 0.5 * __D[1]',
      '} else {',
      '  x = x + dt * __D[0]', '  y = y + dt * __D[1]',
      '}',
    ].join('\n'));
  });
  it('KINETIC: reactions become fluxes, CONSERVE (in amounts) replaces the last state\'s equation, COMPARTMENT divides', () => {
    const { info } = lower('sparse', 'COMPARTMENT vol {a}\n~ a <-> b (kf, kb)\n~ 2b <-> c (k2, k3)\nCONSERVE a + b + c = 1', 'KINETIC');
    const sys = info!.implicit!;
    expect(sys.states.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(sys.conserved).toEqual([false, false, true]);
    expect(printStmts(sys.derivs)).toBe([
      '__D[0] = 0', '__D[1] = 0', '__D[2] = 0',
      '__D[0] = __D[0] - (kf * a - kb * b)',
      '__D[1] = __D[1] + (kf * a - kb * b)',
      '__D[1] = __D[1] - 2 * (k2 * (b * b) - k3 * c)',
      '__D[2] = __D[2] + (k2 * (b * b) - k3 * c)',
      '__D[2] = vol * a + b + c - 1',
      '__D[0] = __D[0] / vol',
    ].join('\n'));
  });
  it('KINETIC: a reaction term that is not a STATE is a constant pool', () => {
    const { info } = lower('sparse', '~ pool <-> a (k1, k2)', 'KINETIC');
    expect(info!.implicit!.states.map((s) => s.name)).toEqual(['a']);
    expect(printStmts(info!.implicit!.derivs)).toBe('__D[0] = 0\n__D[0] = __D[0] + (k1 * pool - k2 * a)');
  });
  it('an ODE for a name that is not a STATE is an error', () => {
    const { info, session } = lower('cnexp', "q' = 1");
    expect(info).toBeNull();
    expect(session.diagnostics[0]!.message).toMatch(/q is not a STATE/);
  });
  it('KINETIC: FROM loops over array states unroll; COMPARTMENT i expands per element', () => {
    const { info } = lower('sparse', 'COMPARTMENT j, j + 1 {c}\nFROM i = 0 TO N - 2 { ~ c[i] <-> c[i+1] (k, k) }', 'KINETIC');
    const sys = info!.implicit!;
    expect(sys.states.map((s) => `${s.name}[${s.index ? printExpr(s.index) : ''}]`)).toEqual(['c[0]', 'c[1]', 'c[2]']);
    expect(printStmts(sys.derivs)).toBe([
      '__D[0] = 0', '__D[1] = 0', '__D[2] = 0',
      '__D[0] = __D[0] - (k * c[0] - k * c[1])',
      '__D[1] = __D[1] + (k * c[0] - k * c[1])',
      '__D[1] = __D[1] - (k * c[1] - k * c[2])',
      '__D[2] = __D[2] + (k * c[1] - k * c[2])',
      '__D[0] = __D[0] / 1', '__D[1] = __D[1] / 2', '__D[2] = __D[2] / 3',
    ].join('\n'));
  });
  it('linearize splits a*x + b and refuses x inside calls', () => {
    const { program } = parse("PROCEDURE p() { y = (2 - 3*x)/tau\n y = exp(x) }");
    const [s0, s1] = block(program, 'p').body;
    if (s0?.type !== 'Assign' || s1?.type !== 'Assign') throw new Error('expected assignments');
    const lin = linearize(s0.value, 'x')!;
    expect([lin.a === 0 ? '0' : printExpr(lin.a), lin.b === 0 ? '0' : printExpr(lin.b)]).toEqual(['-(3 * 1) / tau', '2 / tau']);
    expect(linearize(s1.value, 'x')).toBeNull();
  });
});

describe('KINETIC f_flux and b_flux', () => {
  it('are the latest reaction\'s forward and backward fluxes', () => {
    const { program } = parse('BREAKPOINT { SOLVE s METHOD sparse }\nKINETIC s {\n~ a <-> b (kf, kb)\nq = f_flux - b_flux\n}');
    const solve = block(program, 'BREAKPOINT').body[0] as SolveStmt;
    const info = lowerSolve(solve, block(program, 's'), { states: new Map([['a', 1], ['b', 1]]), constants: new Map() }, new Session(), false);
    expect(printStmts(info!.implicit!.derivs)).toBe([
      'LOCAL f_flux, b_flux', '__D[0] = 0', '__D[1] = 0',
      'f_flux = kf * a', 'b_flux = kb * b',
      '__D[0] = __D[0] - (kf * a - kb * b)', '__D[1] = __D[1] + (kf * a - kb * b)',
      'q = f_flux - b_flux',
    ].join('\n'));
  });
});
