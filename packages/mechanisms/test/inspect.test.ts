// What console.log (Node's util.inspect) shows of neurite's objects: NEURON's names and values.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';

describe('console.log of neurite objects', () => {
  it('shows NEURON\'s names and the values, not the internals', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.insert('hh');
    const stim = h.IClamp(soma(0.5));
    stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;
    const v = h.Vector([1, 2, 3]);
    expect(inspect(soma)).toBe('soma');
    expect(inspect(soma(0.5))).toBe('soma(0.5)');
    expect(inspect(v)).toBe('Vector(3) [ 1, 2, 3 ]');
    expect(inspect(h.Vector().record(soma(0.5)._ref_v))).toBe('Vector(0) "soma(0.5).v" []');
    expect(inspect(stim)).toBe('IClamp[0] { del: 2, dur: 0.1, amp: 0.9, i: 0 } at soma(0.5)');
    expect(inspect(soma(0.5).hh, { breakLength: Infinity })).toMatch(/^hh \{ gnabar: 0\.12, gkbar: 0\.036, gl: 0\.0003, el: -54\.3, gna: 0, gk: 0, il: 0, m: 0, h: 0, n: 0 \}$/);
    expect(inspect(soma(0.5).na_ion)).toBe('na_ion { ena: 50, nai: 10, nao: 140, ina: 0, dina_dv_: 0 }');
    expect(inspect([...soma(0.5).hh][0])).toBe('gnabar_hh [ 0.12 ]');
    // (a removed mechanism's view: its name)
    const view = soma(0.5).hh;
    soma.uninsert('hh');
    expect(typeof inspect(view)).toBe('string');
  });
});
