// Idioms of published .mod files (found by references/survey): negated conditions, upper-case
// IF/ELSE/WHILE, CHARGE for VALENCE, old Mac line ends. Each compiles and runs as NEURON reads it.
import { describe, expect, it } from 'vitest';
import { Catalogue, createH } from '@neurite/core';
import { compileMod } from '../src/index.js';

const MOD = [
  'NEURON { SUFFIX tnot RANGE x, y, n USEION na READ ena WRITE ina CHARGE 1 }',
  'PARAMETER { x = 0 }',
  'ASSIGNED { y n ena ina }',
  'BREAKPOINT {',
  '  IF (!x) { y = 1 } ELSE { y = 2 }',
  '  n = 0',
  '  WHILE (n < 3) { n = n + 1 }',
  '  if (!(x > 0) && !(y > 5)) { ina = 0 } else { ina = 0 }',
  '}',
].join('\r');

describe('published idioms', () => {
  it('compile (lone CR line ends, IF/ELSE/WHILE, CHARGE, !x) and compute as NEURON', () => {
    const r = compileMod(MOD, { filename: 'tnot.mod' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.plugin?.ions).toEqual([{ ion: 'na', read: ['ena'], write: ['ina'], valence: 1 }]);
    const h = createH({ catalogue: new Catalogue([r.plugin!]) });
    const s = h.Section('s');
    s.insert('tnot');
    h.finitialize(-65);
    h.fadvance();
    const view = s(0.5).mech('tnot');
    expect([view.y, view.n]).toEqual([1, 3]);
    view.x = 1;
    h.fadvance();
    expect(view.y).toBe(2);
  });
});
