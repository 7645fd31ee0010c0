// psection()'s density mechanisms against NEURON 8.2.2 (fixtures/psection_mechs/model.py): NEURON's
// order of mechanism types, arrays per segment, extracellular's `e`, `i_membrane` and `vext`.
import { describe, expect, it } from 'vitest';
import { createH } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, type ReferenceCase } from './support/reference.js';

describe('psection() against NEURON 8.2.2', () => {
  it('density mechanisms: the order, the keys and the shapes of their values', () => {
    const ref = loadReference('psection_mechs') as ReferenceCase & { order: string[]; density_mechs: Record<string, Record<string, unknown[]>> };
    const h = createH({ catalogue: defaultCatalogue });
    const s = h.Section({ name: 's' });
    s.nseg = 3;
    for (const m of ['hh', 'pas', 'extracellular']) s.insert(m);
    (s(0.5) as unknown as { xg: number[] }).xg[0] = 10;
    const stim = h.IClamp(s(0.5));
    stim.delay = 0; stim.dur = 1; stim.amp = 0.2;
    h.finitialize(-65);
    h.continuerun(1);
    const dm = s.psection().density_mechs;
    expect(Object.keys(dm)).toEqual(ref.order);
    for (const [mech, vars] of Object.entries(ref.density_mechs)) {
      expect(Object.keys(dm[mech]!), mech).toEqual(Object.keys(vars));
      for (const [name, want] of Object.entries(vars)) {
        const got = dm[mech]![name]!;
        expect(got.length, `${mech}.${name}`).toBe(want.length);
        got.forEach((g, j) => {
          const w = want[j];
          if (Array.isArray(w)) (g as number[]).forEach((x, l) => expect(Math.abs(x - (w[l] as number)), `${mech}.${name}[${j}][${l}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w[l] as number))));
          else expect(Math.abs((g as number) - (w as number)), `${mech}.${name}[${j}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w as number)));
        });
      }
    }
  });
});
