import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { ctx, field, makeInstances } from './helpers.js';

/** Constructs whose semantics are not implemented parse, then get an NMODL5xx "not supported
 * yet" diagnostic at their own location (line 3 in every case below). */
const HEAD = 'NEURON { POINT_PROCESS P }\nASSIGNED { x v }\n';
const cases: [string, string][] = [
  ['DISCRETE', 'DISCRETE d { x = 1 }'],
  ['PARTIAL', 'PARTIAL p { x = 1 }'],
  ['TERMINAL', 'TERMINAL { x = 1 }'],
  ['VERBATIM C code', 'INITIAL {\nVERBATIM\n  _p[0] = 1;\nENDVERBATIM\n}'],
  ['random functions', 'INITIAL { x = scop_normal(0, 1) }'],
  ['higher-order ODEs', "STATE { y }\nBREAKPOINT { SOLVE s METHOD derivimplicit }\nDERIVATIVE s { y'' = -y }"],
  ['a METHOD of NMODL that neurite lacks', "STATE { y }\nBREAKPOINT { SOLVE s METHOD clsoda }\nDERIVATIVE s { y' = -y }"],
];

describe('not supported yet, at the construct', () => {
  it.each(cases)('%s', (_, body) => {
    const text = HEAD + body + '\n';
    const r = compileMod(text, { filename: 'u.mod' });
    expect(r.plugin).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'NMODL500');
    expect(d, JSON.stringify(r.diagnostics.map((x) => [x.code, x.message]))).toBeDefined();
    expect(d!.range.start.line).toBeGreaterThanOrEqual(3);
    expect(d!.message).toMatch(/not supported|not available/);
  });
  it('is reported once when the code holding it is inlined at several call sites', () => {
    const text = `${HEAD}PROCEDURE noisy() { x = scop_normal(0, 1) }\nINITIAL { noisy() }\nBREAKPOINT { noisy()\n noisy() }\n`;
    const r = compileMod(text, { filename: 'u.mod' });
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['NMODL500', 3]]);
  });
  it('BEFORE and AFTER blocks other than NEURON\'s five are errors that list the five; those compile to their kernels', () => {
    const bad = compileMod(`${HEAD}AFTER BREAKPOINT { x = 1 }\n`).diagnostics;
    expect(bad.map((d) => [d.code, d.range.start.line, d.message])).toEqual([['NMODL400', 3, 'AFTER BREAKPOINT is not a block NEURON has: use BEFORE INITIAL, AFTER INITIAL, BEFORE BREAKPOINT, AFTER SOLVE or BEFORE STEP']]);
    const ok = compileMod('NEURON { SUFFIX b RANGE x }\nASSIGNED { x area (um2) }\nBEFORE BREAKPOINT { x = area }\nBEFORE STEP { x = x + 1 }\nAFTER SOLVE { x = 2 * x }\n');
    expect(ok.diagnostics).toEqual([]);
    const kernels = ok.plugin!.createKernels();
    expect([kernels.beforeBreakpoint, kernels.beforeStep, kernels.afterSolve, kernels.beforeInitial, kernels.afterInitial].map((f) => typeof f)).toEqual(['function', 'function', 'function', 'undefined', 'undefined']);
    const { m, nodes } = makeInstances(ok.plugin!, 1);
    nodes.area[0] = 100;
    kernels.beforeBreakpoint!(m, nodes, ctx());
    kernels.beforeStep!(m, nodes, ctx());
    kernels.afterSolve!(m, nodes, ctx());
    expect(field(ok.plugin!, m, 'x')[0]).toBe(202);
  });
  it('BBCOREPOINTER is taken only as a slot of VERBATIM code; POINTER is, as a pointer rather than a field', () => {
    const b = compileMod('NEURON { POINT_PROCESS G BBCOREPOINTER rng }\nASSIGNED { rng }\n').diagnostics[0]!;
    expect([b.code, b.range.start.line, b.message]).toEqual(['NMODL500', 1, 'BBCOREPOINTER `rng` is taken only as a slot that VERBATIM code uses (`_p_rng`); it is not used so']);
    const r = compileMod('NEURON { POINT_PROCESS G POINTER vg, ca RANGE x }\nASSIGNED { vg (mV) ca x }\nBREAKPOINT { x = vg + ca }\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.plugin!.pointers).toEqual(['vg', 'ca']);
    expect(r.plugin!.fields.map((f) => f.name)).toEqual(['x']);
    // Listed in RANGE too (some published files do): no warning. Indexed: an error, not ignored.
    expect(compileMod('NEURON { SUFFIX g POINTER p RANGE p, x }\nASSIGNED { p x }\nBREAKPOINT { x = p }\n').diagnostics).toEqual([]);
    const indexed = compileMod('NEURON { SUFFIX g POINTER p RANGE x }\nASSIGNED { p x }\nBREAKPOINT { x = p[2] }\n').diagnostics;
    expect(indexed.map((d) => [d.code, d.range.start.line, d.message])).toEqual([['NMODL500', 3, '`p` is a POINTER to one value: POINTERs to arrays are not supported']]);
  });
});

describe('METHOD names', () => {
  const derivative = (method: string) => compileMod(`NEURON { SUFFIX x }\nSTATE { y }\nBREAKPOINT { SOLVE s METHOD ${method} }\nDERIVATIVE s { y' = -y }\n`, { filename: 'm.mod' });
  const kinetic = (how: string) => compileMod(`NEURON { SUFFIX x }\nSTATE { y z }\nINITIAL { SOLVE k STEADYSTATE sparse }\nBREAKPOINT { SOLVE k ${how} }\nKINETIC k { ~ y <-> z (1, 1) }\n`, { filename: 'm.mod' });
  const report = (r: ReturnType<typeof compileMod>) => r.diagnostics.map((d) => [d.severity, d.code, d.range.start.line, d.message]);

  it('a name that is no method of NMODL is unknown (NMODL200), with the closest method and those for the block', () => {
    expect(report(derivative('cnexpp'))).toEqual([
      ['error', 'NMODL200', 3, 'unknown METHOD `cnexpp`: did you mean cnexp? NMODL\'s methods for a DERIVATIVE block here: cnexp, derivimplicit, euler, runge, sparse'],
    ]);
    expect(report(derivative('rk4'))).toEqual([
      ['error', 'NMODL200', 3, 'unknown METHOD `rk4`: NMODL\'s methods for a DERIVATIVE block here: cnexp, derivimplicit, euler, runge, sparse'],
    ]);
    expect(report(kinetic('METHOD sprase'))).toEqual([
      ['error', 'NMODL200', 4, 'unknown METHOD `sprase`: did you mean sparse? NMODL\'s methods for a KINETIC block here: sparse'],
    ]);
    expect(report(kinetic('STEADYSTATE sparce'))).toEqual([
      ['error', 'NMODL200', 4, 'unknown STEADYSTATE method `sparce`: did you mean sparse? NMODL\'s STEADYSTATE methods here: sparse, derivimplicit'],
    ]);
    const procedure = compileMod('NEURON { SUFFIX x }\nASSIGNED { y }\nBREAKPOINT { SOLVE p METHOD after_cvod }\nPROCEDURE p() { y = 1 }\n');
    expect(report(procedure)).toEqual([
      ['error', 'NMODL200', 3, 'unknown METHOD `after_cvod`: did you mean after_cvode? NMODL\'s methods for a PROCEDURE block here: after_cvode, cvode_t, cvode_t_v'],
    ]);
  });

  it('every method a message offers compiles, and so does adrunge (as runge, with a warning)', () => {
    const offered = derivative('cnexpp').diagnostics[0]!.message.replace(/^.*here: /, '').split(', ');
    expect(offered.length).toBeGreaterThanOrEqual(5);
    for (const m of offered) expect([m, report(derivative(m))]).toEqual([m, []]);
    const notYet = derivative('heun').diagnostics[0]!.message.replace(/^.*: use /, '').split(/, | or /);
    expect(notYet).toEqual(offered);
    expect(report(derivative('adrunge'))).toEqual([['warning', 'NMODL500', 3, 'METHOD adrunge is integrated with fixed-step runge (classic Runge-Kutta)']]);
    expect(report(kinetic('METHOD sparse'))).toEqual([]);
  });

  it('"not supported yet" only for NMODL\'s methods that neurite lacks; LINEAR and NONLINEAR methods do not integrate states', () => {
    for (const m of ['adams', 'adeuler', 'heun', 'gear', 'clsoda']) {
      expect(report(derivative(m))).toEqual([['error', 'NMODL500', 3, `METHOD ${m} is not supported yet: use cnexp, derivimplicit, euler, runge or sparse`]]);
    }
    expect(report(kinetic('METHOD euler'))).toEqual([['error', 'NMODL500', 4, 'METHOD euler for KINETIC is not supported yet: use sparse']]);
    expect(report(derivative('newton'))).toEqual([['error', 'NMODL400', 3, 'METHOD newton solves NONLINEAR blocks, not DERIVATIVE blocks: use cnexp, derivimplicit, euler, runge or sparse']]);
    expect(report(kinetic('METHOD simeq'))).toEqual([['error', 'NMODL400', 4, 'METHOD simeq solves LINEAR blocks, not KINETIC blocks: use sparse']]);
  });
});
