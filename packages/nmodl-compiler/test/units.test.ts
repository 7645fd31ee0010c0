import { describe, expect, it } from 'vitest';
import { UnitTable } from '../src/units/units.js';

/** Values read from nocmodl 8.2.2's output for the same UNITS definitions (hex floats). */
describe('unit factors match nocmodl', () => {
  const t = new UnitTable();
  t.define('mA', 'milliamp');
  t.define('mV', 'millivolt');
  t.define('nA', 'nanoamp');
  t.define('molar', '1/liter');
  t.define('mM', 'milli/liter');
  t.define('um', 'micron');
  t.define('uS', 'microsiemens');
  t.define('pS', 'picosiemens');
  it.each([
    ['faraday', 'coulomb', 96485.3321233100141],
    ['faraday', 'kilocoulombs', 96.4853321233100161],
    ['k-mole', 'joule/degC', 8.3144626181532395],
    ['mA/cm2', 'nA/um2', 0.009999999999999998],
    ['mM-um', 'nA/cm2', 0.0999999999999999639],
    ['e', 'coulomb', 1.60217663399999989e-19],
    ['faraday', '10000 coulomb', 9.64853321233100125],
    ['pi', '1', 3.14159265358979312],
    ['millivolt', 'volt', 0.00100000000000000002],
    ['mA/cm2', 'mA/um2', 9.99999999999999855e-09],
    ['uS', 'pS', 1000000],
    ['mM/ms', 'molar/sec', 1],
    ['1/ms', '/sec', 1000],
    ['um', 'cm', 9.99999999999999912e-05],
    ['um2', 'cm2', 9.99999999999999855e-09],
    ['liter', 'um3', 1000000000000000.38],
    ['degC', 'kelvin', 1],
  ])('(%s) (%s)', (from, to, expected) => {
    expect(t.conversion(from, to)).toBe(expected);
  });
  it('rejects non-conformable units', () => {
    expect(t.conformable('mV', 'ms')).toBe(false);
    expect(t.conformable('mA/cm2', 'nA/um2')).toBe(true);
    expect(t.conversion('furlongs_x', 'ms')).toMatch(/cannot recognise/);
  });
});
