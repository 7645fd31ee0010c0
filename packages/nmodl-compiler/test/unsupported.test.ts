import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { ctx, field, makeInstances } from './helpers.js';

/** Constructs whose semantics are not implemented parse, then get an NMODL5xx "not supported
 * yet" diagnostic at their own location (line 3 in every case below). */
const HEAD = 'NEURON { POINT_PROCESS P }\nASSIGNED { x v }\n';
const cases: [string, string][] = [
  ['FUNCTION_TABLE', 'FUNCTION_TABLE tau(v (mV)) (ms)'],
  ['FOR_NETCONS', 'NET_RECEIVE(w) { FOR_NETCONS(w1) { w1 = 0 } }'],
  ['DISCRETE', 'DISCRETE d { x = 1 }'],
  ['PARTIAL', 'PARTIAL p { x = 1 }'],
  ['TERMINAL', 'TERMINAL { x = 1 }'],
  ['VERBATIM C code', 'INITIAL {\nVERBATIM\n  _p[0] = 1;\nENDVERBATIM\n}'],
  ['random functions', 'INITIAL { x = scop_normal(0, 1) }'],
  ['higher-order ODEs', "STATE { y }\nBREAKPOINT { SOLVE s METHOD derivimplicit }\nDERIVATIVE s { y'' = -y }"],
  ['LONGITUDINAL_DIFFUSION', 'STATE { c }\nBREAKPOINT { SOLVE k METHOD sparse }\nKINETIC k { LONGITUDINAL_DIFFUSION 1 {c} ~ c << (1) }'],
  ['an unknown METHOD', "STATE { y }\nBREAKPOINT { SOLVE s METHOD clsoda }\nDERIVATIVE s { y' = -y }"],
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
  it('BBCOREPOINTER (C data for CoreNEURON) is not supported; POINTER is, as a pointer rather than a field', () => {
    const b = compileMod('NEURON { POINT_PROCESS G BBCOREPOINTER rng }\nASSIGNED { rng }\n').diagnostics[0]!;
    expect([b.code, b.range.start.line, b.message]).toEqual(['NMODL500', 1, expect.stringMatching(/BBCOREPOINTER is not supported/)]);
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

describe('diam (not in ABI v1\'s NodeData yet)', () => {
  it('compiles with a warning; the kernels use nodes.diam where core provides it and say so where not', () => {
    const r = compileMod('NEURON { SUFFIX d RANGE x }\nASSIGNED { diam (um) x }\nINITIAL { x = 2*diam }\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.range.start.line])).toEqual([['warning', 'NMODL500', 3]]);
    expect(r.diagnostics[0]!.message).toMatch(/NodeData/);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    expect(() => mech.createKernels().init(m, nodes, ctx())).toThrow(/NodeData.diam/);
    mech.createKernels().init(m, { ...nodes, diam: new Float64Array([3]) } as typeof nodes, ctx());
    expect(field(mech, m, 'x')[0]).toBe(6);
  });
});
