// VERBATIM C translated to JavaScript (src/codegen/c-verbatim.ts): C's semantics where they
// differ from JavaScript's, the preprocessor, C around NMODL statements, and the errors for what
// is not taken. Agreement with NEURON on whole models: packages/mechanisms/test/verbatim-c.test.ts.
import { describe, expect, it } from 'vitest';
import type { MechanismType } from '@neurite/core/abi';
import { compileMod } from '../src/index.js';
import { ctx, field, makeInstances } from './helpers.js';

/** Compiles a point process `P` with `body`; throws with the diagnostics when it does not compile. */
function point(body: string, neuron = ''): MechanismType {
  const r = compileMod(`NEURON { POINT_PROCESS P ${neuron} }\n${body}\n`, { filename: 'p.mod' });
  if (!r.plugin) throw new Error(JSON.stringify(r.diagnostics.map((d) => [d.range.start.line, d.message])));
  return r.plugin;
}

/** Calls FUNCTION or PROCEDURE `name` of the only instance of `mech` from a script. */
function caller(mech: MechanismType) {
  const { m, nodes } = makeInstances(mech, 1);
  const k = mech.createKernels();
  k.init(m, nodes, ctx());
  return { m, call: (name: string, ...args: unknown[]) => k.call!(name, m, 0, args.filter((a): a is number => typeof a === 'number'), nodes, ctx(), args) };
}

/** The errors of compiling a point process with `body`: [line, column, message]. */
function errors(body: string, neuron = ''): [number, number, string][] {
  const r = compileMod(`NEURON { POINT_PROCESS P ${neuron} }\n${body}\n`, { filename: 'p.mod' });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.range.start.line, d.range.start.column, d.message]);
}

describe('VERBATIM C', () => {
  it('integers as C has them: division, %, conversion on assignment and by cast', () => {
    const mech = point([
      'FUNCTION f() {', 'VERBATIM',
      '  int a = 7, b = 2; int n; double x = 7;',
      '  n = -2.7;', /* truncated toward zero */
      '  _lf = a / b * 1000 + a % b * 100 + x / b * 10 + (int)(-1.5) + n;',
      'ENDVERBATIM', '}',
    ].join('\n'));
    // 7/2 = 3 (integers), 7%2 = 1, 7.0/2 = 3.5, (int)-1.5 = -1, n = -2
    expect(caller(mech).call('f')).toBe(3000 + 100 + 35 - 1 - 2);
  });

  it('x++ gives the value before, ++x the value after, inside expressions', () => {
    const mech = point([
      'FUNCTION f() {', 'VERBATIM',
      '  int i = 5; int j, k;',
      '  j = i++ * 10;', /* 50, i = 6 */
      '  k = 2 + ++i;', /* i = 7, k = 9 */
      '  _lf = i-- * 1000;', /* 7000, i = 6 */
      '  _lf += j + k * 100 + i * 10000;', /* 50 + 900 + 60000 */
      'ENDVERBATIM', '}',
    ].join('\n'));
    expect(caller(mech).call('f')).toBe(50 + 900 + 7000 + 60000);
  });

  it('loops, the ternary operator, compound assignment, ++ and --, && and ||', () => {
    const mech = point([
      'FUNCTION f(n) {', 'VERBATIM',
      '  int i, j = 0; double s = 0;',
      '  for (i = 0; i < _ln; i++) { if (i % 2 == 0 || i == 3) s += i; else continue; }',
      '  while (j < 3) j++;',
      '  do { j--; } while (j > 1 && s > 0);',
      '  _lf = s * 10 + j + (s > 5 ? 0.5 : 0.25);',
      'ENDVERBATIM', '}',
    ].join('\n'));
    // n = 6: i in 0, 2, 3, 4 -> s = 9; j: 3, then down to 1
    expect(caller(mech).call('f', 6)).toBe(90 + 1 + 0.5);
  });

  it('switch, arrays of the mechanism and LOCAL arrays indexed from C, prototypes inside a block', () => {
    const mech = point([
      'ASSIGNED { tab[3] }',
      'FUNCTION f(j) {', 'LOCAL loc[2]', 'VERBATIM',
      '  extern double nrn_random_pick(void*);',
      '  int k = (int)_lj;',
      '  _lloc[0] = 10; _lloc[1] = 20;',
      '  switch (k) {', '    case 0: tab[k] = _lloc[0]; break;', '    case 1: tab[k] = _lloc[1];', '    default: tab[2] = -1;', '  }',
      '  _lf = tab[0] + tab[1] + tab[2];',
      'ENDVERBATIM', '}',
    ].join('\n'));
    const { m, call } = caller(mech);
    expect(call('f', 0)).toBe(10);
    expect(call('f', 1)).toBe(10 + 20 - 1); // case 1 falls through to default, as in C
    expect(Array.from(field(mech, m, 'tab'))).toEqual([10, 20, -1]);
  });

  it('braces around NMODL statements, C locals NMODL uses, and the preprocessor (an #if dropping an NMODL statement)', () => {
    const mech = point([
      'VERBATIM', '#define TWICE(a) (2 * (a))', '#if defined(NRNBBCORE) || !NRN_VERSION_GTEQ_8_2_0', '#define PICK 1', '#else', '#define PICK 2', '#endif', 'ENDVERBATIM',
      'ASSIGNED { y }',
      'FUNCTION f(x) {', 'VERBATIM', '  double c = TWICE(_lx);', '  if (PICK == 2) {', 'ENDVERBATIM',
      '  y = c + 1', 'VERBATIM', '  } else {', 'ENDVERBATIM', '  y = -1', 'VERBATIM', '  }', '#if NRNBBCORE', 'ENDVERBATIM',
      '  y = 1000', 'VERBATIM', '#endif', 'ENDVERBATIM', '  f = y + c', '}',
    ].join('\n'));
    const { m, call } = caller(mech);
    expect(call('f', 3)).toBe(13); // c = 6, y = 7
    expect(field(mech, m, 'y')[0]).toBe(7);
  });

  it('file-level static variables (one per process, as in C) and `return` in NET_RECEIVE (the weights still kept)', () => {
    const mech = point([
      'VERBATIM', 'static int calls = 0;', 'static double scale = 2.5;', 'ENDVERBATIM',
      'ASSIGNED { got }',
      'NET_RECEIVE (w, seen) {', '  seen = seen + 1', '  if (w < 0) {', 'VERBATIM', '    return;', 'ENDVERBATIM', '  }', '  got = got + w',
      'VERBATIM', '  calls++;', 'ENDVERBATIM', '}',
      'FUNCTION ncalls() {', 'VERBATIM', '  _lncalls = calls * scale;', 'ENDVERBATIM', '}',
    ].join('\n'));
    const { m, nodes } = makeInstances(mech, 1);
    const k = mech.createKernels();
    k.init(m, nodes, ctx());
    const weights = new Float64Array([1.5, 0, -1, 0]);
    k.netReceive!(m, 0, weights, 0, 0, nodes, ctx());
    k.netReceive!(m, 0, weights, 2, 0, nodes, ctx());
    expect(field(mech, m, 'got')[0]).toBe(1.5); // the second event returned early
    expect([weights[1], weights[3]]).toEqual([1, 1]); // both counted on their weight vectors
    expect(k.call!('ncalls', m, 0, [], nodes, ctx())).toBe(2.5);
  });

  it('a POINTER slot holding a Random: nrn_random_arg, nrn_random_pick, ifarg; the method takes objects', () => {
    const mech = point([
      'ASSIGNED { rng }',
      'PROCEDURE setRNG() {', 'VERBATIM', '  void** pv = (void**)(&_p_rng);', '  *pv = ifarg(1) ? nrn_random_arg(1) : (void*)0;', 'ENDVERBATIM', '}',
      'FUNCTION draw() {', 'VERBATIM', '  if (_p_rng) { return nrn_random_pick(_p_rng); }', '  return -1;', 'ENDVERBATIM', '}',
    ].join('\n'), 'POINTER rng');
    expect(mech.pointers ?? []).toEqual([]); // a slot, not a pointer core connects
    expect(mech.methods).toEqual([{ name: 'setRNG', arity: 0, varargs: true }, { name: 'draw', arity: 0 }]);
    const { call } = caller(mech);
    expect(call('draw')).toBe(-1);
    let n = 0;
    call('setRNG', { repick: () => ++n / 10 });
    expect([call('draw'), call('draw')]).toEqual([0.1, 0.2]);
    expect(() => call('setRNG', 3)).toThrowError('P: argument 1 must be a Random (h.Random())');
    call('setRNG');
    expect(call('draw')).toBe(-1);
  });

  it('names what it does not take, at its line and column: an error in code every run goes through', () => {
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n  y = my_helper(2);\nENDVERBATIM\n}')).toEqual([
      [5, 7, 'VERBATIM C code not supported: the C function `my_helper` (not a FUNCTION or PROCEDURE of this file, nor one of C\'s or NEURON\'s that are taken)'],
    ]);
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n  struct s { int a; } x;\nENDVERBATIM\n}')).toEqual([[5, 3, 'VERBATIM C code not supported: `struct`']]);
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n  if (1) {\nENDVERBATIM\n}')).toEqual([[5, 10, 'VERBATIM C code not supported: `{` without its `}`']]);
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n  y = undeclared_c_name;\nENDVERBATIM\n}')).toEqual([
      [5, 7, 'VERBATIM C code not supported: the name `undeclared_c_name` (not a variable of this file, a LOCAL or a C local)'],
    ]);
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n#error no such version\nENDVERBATIM\n}')).toEqual([[5, 1, 'VERBATIM C code not supported: #error no such version']]);
    expect(errors('ASSIGNED { y }\nINITIAL {\nVERBATIM\n if (1)\nENDVERBATIM\n}')).toEqual([[5, 7, 'VERBATIM C code not supported: the C code ends where a statement was expected']]);
  });

  it('survives 600 edits of C text: only diagnostics, never an internal error', () => {
    const text = [
      'NEURON { POINT_PROCESS P POINTER rng RANGE k }', 'ASSIGNED { rng k tab[3] }',
      'VERBATIM', '#ifndef NRN_VERSION_GTEQ_8_2_0', '#define PICK(r) nrn_random_pick(r)', '#else', '#define PICK(r) nrn_random_pick((Rand*)(r))', '#endif',
      'static int made;', 'ENDVERBATIM',
      'INITIAL {', 'VERBATIM', '  int i; double s = 0;', '  for (i = 0; i < 3; i++) { switch (i) { case 0: s += 1; break; default: s -= tab[i]; } }',
      '  if (_p_rng) { k = PICK(_p_rng) * s; } else {', 'ENDVERBATIM', '  k = 2', 'VERBATIM', '  }', '  made += (int)s / 2;', 'ENDVERBATIM', '}',
      'PROCEDURE setRNG() {', 'VERBATIM', '  void** pv = (void**)(&_p_rng);', '  *pv = ifarg(1) ? nrn_random_arg(1) : (void*)0;', 'ENDVERBATIM', '}',
    ].join('\n');
    expect(compileMod(text, { filename: 'p.mod' }).plugin).toBeDefined();
    let seed = 5;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const inserts = ['{', '}', '(', ')', ';', '*', '&', '#', '"', '?', ':', ',', '[', ']', ' switch ', ' case ', ' else ', ' int ', ' return '];
    for (let n = 0; n < 600; n++) {
      const at = Math.floor(rnd() * text.length);
      const edited = rnd() < 0.5 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 4)) : text.slice(0, at) + inserts[Math.floor(rnd() * inserts.length)]! + text.slice(at);
      const r = compileMod(edited, { filename: 'p.mod' });
      const internal = r.diagnostics.find((d) => d.code === 'NMODL900');
      expect(internal, `${internal?.message ?? ''}\n${edited}`).toBeUndefined();
      if (r.plugin) expect(() => new Function('__wasmPlan', r.js)).not.toThrow();
    }
  });

  it('a FUNCTION or PROCEDURE whose C is not taken compiles to one that stops with the reason when called (a warning says so)', () => {
    const r = compileMod('NEURON { POINT_PROCESS P }\nFUNCTION f() {\nVERBATIM\n  _lf = my_helper(2);\nENDVERBATIM\n}\nFUNCTION g() { g = 3 }\n', { filename: 'p.mod' });
    expect(r.diagnostics.map((d) => [d.severity, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['warning', 4, 9, 'FUNCTION f stops with an error when called: its VERBATIM C code is not supported: the C function `my_helper` (not a FUNCTION or PROCEDURE of this file, nor one of C\'s or NEURON\'s that are taken)'],
    ]);
    const { call } = caller(r.plugin!);
    expect(call('g')).toBe(3);
    expect(() => call('f')).toThrowError('P: FUNCTION f (line 4 of p.mod) cannot run: its VERBATIM C code is not supported: the C function `my_helper` (not a FUNCTION or PROCEDURE of this file, nor one of C\'s or NEURON\'s that are taken)');
    // A C function defined at the top level is not translated: a warning names it.
    const top = compileMod('NEURON { POINT_PROCESS P }\nVERBATIM\nstatic double helper(double x) { return 2 * x; }\nENDVERBATIM\n', { filename: 'p.mod' });
    expect(top.diagnostics.map((d) => [d.severity, d.range.start.line, d.message])).toEqual([
      ['warning', 2, 'top-level VERBATIM: the C function `helper` is not translated (calling it from VERBATIM code is an error)'],
    ]);
  });
});
