import { describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import { buildMechanismInfo } from '../../src/passes/analyze/build-mechanism-info.js';
import { parse } from './util.js';

const analyze = (text: string) => {
  const { program } = parse(text);
  const s = new Session();
  const info = buildMechanismInfo(program, { filename: 'x.mod' }, s);
  return { info, diagnostics: s.diagnostics };
};

describe('analyze/build-mechanism-info', () => {
  it('density: range PARAMETERs, range ASSIGNEDs, STATEs are visible; other PARAMETERs are GLOBALs', () => {
    const { info } = analyze([
      'NEURON { SUFFIX k2 USEION k READ ek WRITE ik RANGE gbar, i2 GLOBAL tinf }',
      'PARAMETER { gbar = 0.1 (S/cm2) <0, 1> q = 3 }',
      'ASSIGNED { v ik ek i2 tinf hidden }',
      'STATE { n }',
    ].join('\n'));
    expect(info!.fields.map((f) => [f.name, f.kind, f.range])).toEqual([
      ['gbar', 'parameter', true], ['i2', 'assigned', true], ['n', 'state', true],
      ['ik', 'assigned', false], ['ek', 'assigned', false], ['hidden', 'assigned', false],
    ]);
    expect(info!.fields[0]!.limits).toEqual([0, 1]);
    expect(info!.globals.map((g) => [g.name, g.default])).toEqual([['q', 3], ['tinf', 0]]);
    expect(info!.currents).toEqual(['ik']);
  });
  it('point process: every variable is per instance', () => {
    const { info } = analyze('NEURON { POINT_PROCESS P RANGE a NONSPECIFIC_CURRENT i }\nPARAMETER { a = 1 b = 2 }\nASSIGNED { i c }');
    expect(info!.kind).toBe('point');
    expect(info!.fields.map((f) => [f.name, f.range])).toEqual([['a', true], ['b', true], ['i', true], ['c', true]]);
    expect(info!.globals).toEqual([]);
  });
  it('sums ion currents in USEION order, then NONSPECIFIC currents', () => {
    const { info } = analyze('NEURON { SUFFIX m NONSPECIFIC_CURRENT il USEION na WRITE ina USEION k WRITE ik }\nASSIGNED { il ina ik }');
    expect(info!.currents).toEqual(['ina', 'ik', 'il']);
  });
  it('computes UNITS factors and constants', () => {
    const { info } = analyze('NEURON { SUFFIX u }\nUNITS { F = (faraday) (coulomb) (mA) = (milliamp) }\nCONSTANT { c = 2 }');
    expect(info!.symbols.get('F')).toEqual({ kind: 'constant', value: 96485.33212331001 });
    expect(info!.symbols.get('c')).toEqual({ kind: 'constant', value: 2 });
  });
  it('reports an unknown unit in a factor, a missing mechanism name, duplicates', () => {
    expect(analyze('NEURON { SUFFIX u }\nUNITS { F = (frobs) (coulomb) }').diagnostics[0]!.message).toMatch(/cannot recognise the units \(frobs\)/);
    expect(analyze('PARAMETER { a }').diagnostics[0]!.code).toBe('NMODL202');
    const d = analyze('NEURON { SUFFIX u }\nPARAMETER { a }\nSTATE { a }').diagnostics[0]!;
    expect([d.code, d.range.start.line, d.notes[0]!.range!.start.line]).toEqual(['NMODL201', 3, 2]);
  });
  it('adds the usetable GLOBAL when a TABLE exists', () => {
    const { info } = analyze('NEURON { SUFFIX t }\nPROCEDURE r(v) { TABLE FROM -1 TO 1 WITH 2 }');
    expect(info!.globals.map((g) => [g.name, g.default])).toEqual([['usetable', 1]]);
  });
});
