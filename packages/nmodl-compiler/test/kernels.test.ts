import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { ctx, field, global, makeInstances } from './helpers.js';

const load = (name: string) => {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const r = compileMod(text, { filename: name });
  if (!r.plugin) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.plugin;
};

const vtrap = (x: number, y: number) => (Math.abs(x / y) < 1e-6 ? y * (1 - x / y / 2) : x / (Math.exp(x / y) - 1));
function hhRates(v: number, celsius: number) {
  const q10 = Math.pow(3, (celsius - 6.3) / 10);
  let a = 0.1 * vtrap(-(v + 40), 10); let b = 4 * Math.exp(-(v + 65) / 18);
  const minf = a / (a + b); const mtau = 1 / (q10 * (a + b));
  a = 0.07 * Math.exp(-(v + 65) / 20); b = 1 / (Math.exp(-(v + 35) / 10) + 1);
  const hinf = a / (a + b); const htau = 1 / (q10 * (a + b));
  a = 0.01 * vtrap(-(v + 55), 10); b = 0.125 * Math.exp(-(v + 65) / 80);
  const ninf = a / (a + b); const ntau = 1 / (q10 * (a + b));
  return { minf, mtau, hinf, htau, ninf, ntau };
}

describe('hh kernels', () => {
  const hh = load('hh.mod');

  it('has NEURON\'s fields, globals and ions', () => {
    expect(hh.fields.filter((f) => f.range).map((f) => f.name)).toEqual(['gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il', 'm', 'h', 'n']);
    expect(hh.globals.map((g) => g.name)).toEqual(['minf', 'hinf', 'ninf', 'mtau', 'htau', 'ntau', 'usetable']);
    expect(hh.ions).toEqual([{ ion: 'na', read: ['ena'], write: ['ina'] }, { ion: 'k', read: ['ek'], write: ['ik'] }]);
  });

  it('init sets states to their steady state at v = -65 (on a table grid point, exact)', () => {
    const { m, nodes, ions } = makeInstances(hh, 2);
    nodes.v.fill(-65);
    ions[0]!.e.fill(50); ions[1]!.e.fill(-77);
    const k = hh.createKernels();
    k.init(m, nodes, ctx());
    const r = hhRates(-65, 6.3);
    expect(field(hh, m, 'm')[0]).toBeCloseTo(r.minf, 14);
    expect(field(hh, m, 'h')[1]).toBeCloseTo(r.hinf, 14);
    expect(field(hh, m, 'n')[0]).toBeCloseTo(r.ninf, 14);
  });

  it('usetable = 0 evaluates the formulas directly; tables interpolate otherwise', () => {
    const v = -63.3;
    const r = hhRates(v, 6.3);
    const a = makeInstances(hh, 1);
    a.nodes.v.fill(v);
    hh.createKernels().init(a.m, a.nodes, ctx());
    const b = makeInstances(hh, 1);
    b.nodes.v.fill(v);
    b.m.globals[hh.globals.findIndex((g) => g.name === 'usetable')] = 0;
    hh.createKernels().init(b.m, b.nodes, ctx());
    expect(field(hh, b.m, 'm')[0]).toBe(r.minf);
    expect(field(hh, a.m, 'm')[0]).not.toBe(r.minf);
    expect(field(hh, a.m, 'm')[0]).toBeCloseTo(r.minf, 3);
    // linear interpolation between grid points -64 and -63
    const lo = hhRates(-64, 6.3).minf; const hi = hhRates(-63, 6.3).minf;
    expect(field(hh, a.m, 'm')[0]).toBeCloseTo(lo + 0.7 * (hi - lo), 12);
  });

  it('tables are rebuilt when celsius changes (DEPEND celsius)', () => {
    const a = makeInstances(hh, 1);
    a.nodes.v.fill(-65);
    const k = hh.createKernels();
    k.init(a.m, a.nodes, ctx({ celsius: 6.3 }));
    k.init(a.m, a.nodes, ctx({ celsius: 16.3 }));
    expect(global(hh, a.m, 'mtau')).toBeCloseTo(hhRates(-65, 16.3).mtau, 13);
  });

  it('current: rhs -= I(v), d += (I(v+0.001) - I(v))/0.001, ion currents and didv accumulate', () => {
    const { m, nodes, ions } = makeInstances(hh, 1);
    nodes.v.fill(-65);
    ions[0]!.e.fill(50); ions[1]!.e.fill(-77);
    const k = hh.createKernels();
    k.init(m, nodes, ctx());
    nodes.v[0] = -60;
    k.current!(m, nodes, ctx());
    const mm = field(hh, m, 'm')[0]!; const hh_ = field(hh, m, 'h')[0]!; const nn = field(hh, m, 'n')[0]!;
    const I = (v: number) => 0.12 * mm * mm * mm * hh_ * (v - 50) + 0.036 * nn ** 4 * (v + 77) + 0.0003 * (v + 54.3);
    expect(nodes.rhs[0]).toBeCloseTo(-I(-60), 15);
    expect(nodes.d[0]).toBeCloseTo((I(-59.999) - I(-60)) / 0.001, 9);
    expect(ions[0]!.i[0]).toBeCloseTo(0.12 * mm ** 3 * hh_ * (-60 - 50), 15);
    expect(ions[0]!.didv[0]).toBeCloseTo(0.12 * mm ** 3 * hh_, 9);
  });

  it('advance: cnexp update x += (1 - exp(-dt/tau)) (xinf - x)', () => {
    const { m, nodes } = makeInstances(hh, 1);
    nodes.v.fill(-65);
    const k = hh.createKernels();
    const c = ctx();
    c.celsius; // 6.3
    k.init(m, nodes, c);
    const m0 = field(hh, m, 'm')[0]!;
    nodes.v[0] = -30; // on a grid point
    k.advance!(m, nodes, c);
    const r = hhRates(-30, 6.3);
    expect(field(hh, m, 'm')[0]).toBeCloseTo(m0 + (1 - Math.exp(-0.025 / r.mtau)) * (r.minf - m0), 12);
  });
});

describe('IClamp (point process, ELECTRODE_CURRENT)', () => {
  const ic = load('iclamp.mod');
  it('is a point process whose current depolarizes, scaled by 100/area', () => {
    expect(ic.kind).toBe('point');
    expect(ic.electrodeCurrent).toBe(true);
    expect(ic.fields.map((f) => f.name)).toEqual(['del', 'dur', 'amp', 'i']);
    const { m, nodes } = makeInstances(ic, 1);
    nodes.area[0] = 500;
    field(ic, m, 'del')[0] = 1; field(ic, m, 'dur')[0] = 2; field(ic, m, 'amp')[0] = 0.3;
    const k = ic.createKernels();
    k.init(m, nodes, ctx());
    k.current!(m, nodes, ctx({ t: 0.5 }));
    expect(nodes.rhs[0]).toBe(0);
    k.current!(m, nodes, ctx({ t: 1.5 }));
    expect(nodes.rhs[0]).toBe(0.3 * (1e2 / 500));
    expect(nodes.d[0]).toBeCloseTo(0, 15);
    expect(field(ic, m, 'i')[0]).toBe(0.3);
  });
});

describe('a mechanism without currents', () => {
  it('runs its BREAKPOINT statements in advance, after the SOLVE (as nocmodl does)', () => {
    const r = compileMod("NEURON { SUFFIX nc RANGE y }\nSTATE { x }\nASSIGNED { y }\nINITIAL { x = 1 }\nBREAKPOINT { SOLVE s METHOD cnexp\n y = 2*x }\nDERIVATIVE s { x' = -x }\n");
    const mech = r.plugin!;
    expect(mech.createKernels().current).toBeUndefined();
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    k.advance!(m, nodes, ctx({ dt: 0.1 }));
    const x = field(mech, m, 'x')[0]!;
    expect(x).toBe(1 + (1 - Math.exp(0.1 * -1)) * (-0 / -1 - 1));
    expect(field(mech, m, 'y')[0]).toBe(2 * x);
  });
});

describe('built-ins', () => {
  it('nrn_ghk matches NEURON 8.2.2 (values read from NEURON at 6.3 and 36 degC)', () => {
    const r = compileMod('NEURON { SUFFIX g RANGE r }\nASSIGNED { r }\nINITIAL { r = nrn_ghk(-40, 1e-4, 2, 2) printf("r = %g\\n", r) }\n');
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', 'printf ignored: mechanisms do not print']]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    mech.createKernels().init(m, nodes, ctx({ celsius: 6.3 }));
    expect(field(mech, m, 'r')[0]).toBe(-1330.120863658098);
    mech.createKernels().init(m, nodes, ctx({ celsius: 36 }));
    expect(field(mech, m, 'r')[0]).toBe(-1219.4953155530995);
  });
  it('exprelr is not an NMODL function (NEURON fails to link it), scop_normal is not supported yet', () => {
    expect(compileMod('NEURON { SUFFIX g }\nINITIAL { LOCAL a\n a = exprelr(1) }\n').diagnostics[0]!.code).toBe('NMODL200');
    expect(compileMod('NEURON { SUFFIX g }\nINITIAL { LOCAL a\n a = scop_normal(0, 1) }\n').diagnostics[0]!.code).toBe('NMODL500');
  });
});

describe('LINEAR and NONLINEAR blocks', () => {
  it('solve their equations for the states they mention', () => {
    const text = readFileSync(new URL('./fixtures/algebraic.mod', import.meta.url), 'utf8');
    const mech = compileMod(text).plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    expect(field(mech, m, 'x')[0]).toBeCloseTo(2.5, 12);
    expect(field(mech, m, 'y')[0]).toBeCloseTo(-0.5, 12);
    const z = field(mech, m, 'z')[0]!;
    expect(z * z * z + z).toBeCloseTo(2, 12);
    field(mech, m, 'a')[0] = 4;
    k.advance!(m, nodes, ctx());
    expect(field(mech, m, 'x')[0]).toBeCloseTo(3.5, 12);
  });
  it('need as many equations as states', () => {
    const r = compileMod('NEURON { SUFFIX q }\nSTATE { x y }\nBREAKPOINT { SOLVE l }\nLINEAR l { ~ x + y = 1 }\n');
    expect(r.diagnostics[0]!.message).toMatch(/1 equation\(s\) for 2 STATE\(s\)/);
  });
});

describe('cnexp on a nonlinear equation', () => {
  it('gives nocmodl\'s linearised update: x + (1 - exp(dt*(-2x))) * (-x)', () => {
    const r = compileMod("NEURON { SUFFIX nl }\nSTATE { x }\nINITIAL { x = 1 }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { x' = -x*x }\n");
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    k.advance!(m, nodes, ctx({ dt: 0.1 }));
    expect(field(mech, m, 'x')[0]).toBe(1 + (1 - Math.exp(0.1 * (-1 * 1 + -1 * 1))) * (-0 / (-1 * 1 + -1 * 1) - 1));
  });
});

describe('arrays sized by DEFINE', () => {
  it('LOCAL and file-level LOCAL arrays take DEFINEd sizes; absurd sizes are errors', () => {
    const r = compileMod('NEURON { SUFFIX arr RANGE s }\nDEFINE N 3\nLOCAL w[N]\nASSIGNED { s }\nINITIAL { LOCAL a[N]\n FROM i = 0 TO N - 1 { a[i] = i + 1  w[i] = 2*a[i] }\n s = a[0] + a[1] + a[2] + w[2] }\n');
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    mech.createKernels().init(m, nodes, ctx());
    expect(field(mech, m, 's')[0]).toBe(12);
    expect(compileMod('NEURON { SUFFIX t }\nPROCEDURE p(v) { TABLE FROM 0 TO 1 WITH 100000000 }\n').diagnostics[0]!.message).toMatch(/WITH 100000000/);
    expect(compileMod('NEURON { SUFFIX t }\nASSIGNED { x[0] }\n').diagnostics[0]!.message).toMatch(/from 1 to 1e6/);
  });
});

describe('VERBATIM idioms', () => {
  it('translate return and assignments to LOCALs written in C', () => {
    const text = [
      'NEURON { SUFFIX vb RANGE y, z }', 'ASSIGNED { y z }',
      'INITIAL { y = f(2) z = g(3) }',
      'FUNCTION f(x) { LOCAL a',
      'VERBATIM', '  _la = exp(-_lx/2.0) * 3.; /* C comment */', '  return _la + _lx;', 'ENDVERBATIM', '}',
      'FUNCTION g(x) {', 'VERBATIM', '  _lg = pow(_lx, 2);', 'ENDVERBATIM', '}',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    mech.createKernels().init(m, nodes, ctx());
    expect(field(mech, m, 'y')[0]).toBe(Math.exp(-2 / 2) * 3 + 2);
    expect(field(mech, m, 'z')[0]).toBe(9);
  });
  it('C that touches anything else is not supported', () => {
    // An array of NEURON's generated C (`_p`): named, at its line and column in the file (in a
    // FUNCTION, a warning: the FUNCTION stops with that error when called).
    const r = compileMod('NEURON { SUFFIX vb }\nFUNCTION f(x) {\nVERBATIM\n  return _p[3];\nENDVERBATIM\n}\n');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['NMODL500', 'warning', 4, 12, 'FUNCTION f stops with an error when called: its VERBATIM C code is not supported: the C array or pointer index `_p[...]` (only arrays of the mechanism, LOCAL arrays and `px[i]` of `px = vector_vec(v)` are taken)'],
    ]);
    // A return in the middle of INITIAL (it would end the kernel for every instance), a write to
    // an ion's variable through _ion_, a name of the C file.
    for (const body of ['VERBATIM\nreturn 0;\nENDVERBATIM\n z = 1', 'VERBATIM\n_ion_cai = 2;\nENDVERBATIM', 'VERBATIM\nz = seed;\nENDVERBATIM']) {
      const bad = compileMod(`NEURON { SUFFIX vb USEION ca READ cai RANGE z }\nASSIGNED { z cai (mM) }\nINITIAL { ${body} }\n`).diagnostics;
      expect(bad.map((d) => d.code), body).toEqual(['NMODL500']);
    }
  });
  it('translate assignments to the mechanism\'s variables from them and from _ion_<name>, and a return that ends INITIAL or a PROCEDURE', () => {
    // As published calcium pumps (capump.mod: `cai = _ion_cai; carest = _ion_cai;`) and channels
    // whose INITIAL ends in `return 0;` (ichan2.mod).
    const text = [
      'NEURON { SUFFIX vb USEION ca READ cai RANGE carest, twice, k GLOBAL gk }', 'PARAMETER { gk = 3 }', 'ASSIGNED { cai (mM) carest (mM) twice (mM) k }',
      'INITIAL {', 'VERBATIM', '  cai = _ion_cai;', '  carest = _ion_cai;', 'ENDVERBATIM', '  bump()', '  VERBATIM', '  return 0;', '  ENDVERBATIM', '}',
      'PROCEDURE bump() {', '  VERBATIM', '  twice = 2 * carest + gk; k = t + dt;', '  ENDVERBATIM', '  VERBATIM', '  return 0;', '  ENDVERBATIM', '}',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes, ions } = makeInstances(mech, 1);
    ions[0]!.ci[0] = 5e-5;
    mech.createKernels().init(m, nodes, ctx({ t: 0.5, dt: 0.025 }));
    expect(field(mech, m, 'carest')[0]).toBe(5e-5);
    expect(field(mech, m, 'twice')[0]).toBe(2 * 5e-5 + 3);
    expect(field(mech, m, 'k')[0]).toBe(0.525);
  });
});

describe('blocks given twice', () => {
  it('a second INITIAL or BREAKPOINT runs after the first, as nocmodl writes them one after the other', () => {
    // (As published synapses that INCLUDE a file with their BREAKPOINT and then scale its current
    // in a BREAKPOINT of their own.)
    const text = [
      'NEURON { SUFFIX twob RANGE a, b NONSPECIFIC_CURRENT i }', 'ASSIGNED { a b i (mA/cm2) v (mV) }',
      'INITIAL { a = 1 }', 'INITIAL { a = a + 10  b = a }',
      'BREAKPOINT { i = 0.001 * (v + 70) }', 'BREAKPOINT { i = i * 2 }',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    nodes.v[0] = -60;
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    expect([field(mech, m, 'a')[0], field(mech, m, 'b')[0]]).toEqual([11, 11]);
    k.current!(m, nodes, ctx());
    expect(field(mech, m, 'i')[0]).toBe(0.001 * 10 * 2);
  });
});

/**
 * One implicit Euler step of ~ C <-> O (kf*O, kb), ~ O <-> I (gf, gb), CONSERVE C + O + I = 1
 * (kb = 1, gf = 2, gb = 0.5 /ms), by Newton with the exact Jacobian (C from the conservation),
 * from (O, I) = (o0, i0): the new (O, I).
 */
function autocatalyticStep(o0: number, i0: number, kf: number, dt: number): [number, number] {
  const kb = 1, gf = 2, gb = 0.5;
  let o = o0, i = i0;
  for (let it = 0; it < 100; it++) {
    const c = 1 - o - i;
    const f1 = o - o0 - dt * (kf * o * c - kb * o - gf * o + gb * i);
    const f2 = i - i0 - dt * (gf * o - gb * i);
    const a11 = 1 - dt * (kf * c - kf * o - kb - gf), a12 = -dt * (-kf * o + gb);
    const a21 = -dt * gf, a22 = 1 + dt * gb;
    const det = a11 * a22 - a12 * a21;
    const dO = (f1 * a22 - f2 * a12) / det, dI = (a11 * f2 - a21 * f1) / det;
    o -= dO; i -= dI;
    if (Math.abs(dO) + Math.abs(dI) < 1e-15) break;
  }
  return [o, i];
}

describe('implicit systems: row swaps in the LU solve', () => {
  it('an autocatalytic scheme (pivoting after the first column) solves as implicit Euler does, step after step', () => {
    // ~ C <-> O (kf*O, kb), ~ O <-> I (gf, gb), CONSERVE C + O + I = 1, at dt = 0.04: the
    // Jacobian's pivots swap rows late in the elimination.
    const text = [
      'NEURON { SUFFIX k4 RANGE kf, kb, gf, gb }', 'STATE { C O I }',
      'PARAMETER { kf = 30 (/ms) kb = 1 (/ms) gf = 2 (/ms) gb = 0.5 (/ms) }',
      'BREAKPOINT { SOLVE kin METHOD sparse }', 'INITIAL { C = 0.9 O = 0.1 I = 0 }',
      'KINETIC kin {', '  ~ C <-> O (kf*O, kb)', '  ~ O <-> I (gf, gb)', '  CONSERVE C + O + I = 1', '}',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    const dt = 0.04;
    let o = 0.1, i = 0;
    for (let step = 0; step < 100; step++) {
      k.advance!(m, nodes, ctx({ dt }));
      [o, i] = autocatalyticStep(o, i, 30, dt);
      const ours = ['C', 'O', 'I'].map((s) => field(mech, m, s)[0]!);
      expect(ours.every(Number.isFinite), `step ${step}`).toBe(true);
      expect(Math.abs(ours[1]! - o), `O at step ${step}`).toBeLessThan(1e-12);
      expect(Math.abs(ours[2]! - i), `I at step ${step}`).toBeLessThan(1e-12);
      expect(Math.abs(ours[0]! + ours[1]! + ours[2]! - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('implicit systems: a rate from a FUNCTION that reads a state', () => {
  it('is solved as implicit Euler (A + dt A^3 = A0), not as if the rate were constant', () => {
    const text = [
      'NEURON { SUFFIX fr }', 'STATE { A B }', 'INITIAL { A = 1 B = 0 }', 'BREAKPOINT { SOLVE kin METHOD sparse }',
      // (A branch keeps the FUNCTION a call in the block: it is not inlined into an expression.)
      'FUNCTION rate() { if (A > 100) { rate = 100 } else { rate = A*A } }', 'KINETIC kin { ~ A <-> B (rate(), 0) }',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    k.advance!(m, nodes, ctx({ dt: 1 }));
    // The real root of A^3 + A - 1 = 0.
    let a = 0.7;
    for (let it = 0; it < 50; it++) a -= (a ** 3 + a - 1) / (3 * a * a + 1);
    expect(Math.abs(field(mech, m, 'A')[0]! - a)).toBeLessThan(1e-12);
  });
});

describe('implicit systems: the sparse LU and its reuse near the solution', () => {
  it('three autocatalytic schemes in one block (9 states: the sparse LU, chord steps) solve as implicit Euler does', () => {
    const kfs = [30, 20, 25];
    const text = [
      'NEURON { SUFFIX k9 }', `STATE { ${kfs.map((_, j) => `C${j} O${j} I${j}`).join(' ')} }`,
      'PARAMETER { kb = 1 (/ms) gf = 2 (/ms) gb = 0.5 (/ms) }',
      'BREAKPOINT { SOLVE kin METHOD sparse }', `INITIAL { ${kfs.map((_, j) => `C${j} = 0.9 O${j} = 0.1 I${j} = 0`).join(' ')} }`,
      'KINETIC kin {',
      ...kfs.flatMap((kf, j) => [`  ~ C${j} <-> O${j} (${kf}*O${j}, kb)`, `  ~ O${j} <-> I${j} (gf, gb)`, `  CONSERVE C${j} + O${j} + I${j} = 1`]),
      '}',
    ].join('\n');
    const r = compileMod(text, { instantiate: false });
    expect(r.diagnostics).toEqual([]);
    // (The sparse LU, and the step that reuses its factors, are what this exercises.)
    expect(r.js).toMatch(/function _lu9_\w+_re\(/);
    const mech = compileMod(text).plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    const dt = 0.04;
    const o = kfs.map(() => 0.1), i = kfs.map(() => 0);
    for (let step = 0; step < 100; step++) {
      k.advance!(m, nodes, ctx({ dt }));
      kfs.forEach((kf, j) => {
        [o[j], i[j]] = autocatalyticStep(o[j]!, i[j]!, kf, dt);
        expect(Math.abs(field(mech, m, `O${j}`)[0]! - o[j]!), `O${j} at step ${step}`).toBeLessThan(1e-12);
        expect(Math.abs(field(mech, m, `I${j}`)[0]! - i[j]!), `I${j} at step ${step}`).toBeLessThan(1e-12);
      });
    }
  });
});

describe('NET_RECEIVE and v', () => {
  it('a NET_RECEIVE that uses v writes it back to the node, also when a PROCEDURE it calls sets it', () => {
    const text = [
      'NEURON { POINT_PROCESS VR RANGE n }', 'ASSIGNED { v (mV) n }',
      'NET_RECEIVE (w) { if (v > -100) { reset() } n = n + 1 }', 'PROCEDURE reset() { v = -70 }',
    ].join('\n');
    const r = compileMod(text);
    expect(r.diagnostics).toEqual([]);
    const mech = r.plugin!;
    const { m, nodes } = makeInstances(mech, 1);
    nodes.v[0] = -20;
    mech.createKernels().netReceive!(m, 0, new Float64Array([1]), 0, 0, nodes, ctx());
    expect(nodes.v[0]).toBe(-70);
    expect(field(mech, m, 'n')[0]).toBe(1);
  });
});
