// POINTER variables (NEURON's h.setpointer): core resolves every instance's POINTER to an array
// and an index before kernels run, anew after each layout, and refuses to run with one unset.
import { describe, expect, it } from 'vitest';
import { ABI_VERSION, type InstanceData, type MechanismType } from '../src/abi.js';
import { Catalogue } from '../src/catalogue.js';
import { NeuriteError } from '../src/errors.js';
import { createH } from '../src/h.js';
import type { Section } from '../src/model/section.js';
import { testIClamp, testPas } from './support/plugins.js';

/** Copies what its POINTER `src` points at into `seen` at every current evaluation (and INITIAL);
 * writes `poke` through it when poke is not NaN. */
function probeType(name: string, kind: 'density' | 'point'): MechanismType {
  const copy = (m: InstanceData): void => {
    const [seen, poke] = m.fields;
    const targets = m.pointers![0]!;
    for (let k = 0; k < m.count; k++) {
      const p = targets[k]!;
      if (!Number.isNaN(poke[k])) p.array[p.index] = poke[k];
      seen[k] = p.array[p.index];
    }
  };
  return {
    abiVersion: ABI_VERSION,
    name,
    kind,
    electrodeCurrent: false,
    fields: [
      { name: 'seen', kind: 'assigned', unit: 'mV', default: 0, range: true },
      { name: 'poke', kind: 'parameter', unit: 'mV', default: NaN, range: true },
    ],
    globals: [],
    ions: [],
    pointers: ['src'],
    createKernels: () => ({ init: copy, current: copy }),
  };
}

function model() {
  const h = createH({ catalogue: new Catalogue([testPas, testIClamp, probeType('probe', 'density'), probeType('Tap', 'point')]) });
  const soma = h.Section({ name: 'soma' });
  const dend = h.Section({ name: 'dend' });
  dend.connect(soma(1));
  soma.insert('probe');
  const probe = (s: Section, x = 0.5) => (s(x) as unknown as { probe: { src: number; _ref_src: unknown; seen: number; poke: number } }).probe;
  return { h, soma, dend, probe };
}

describe('POINTER', () => {
  it('must be set before finitialize: the error names the instance and the fix', () => {
    const { h } = model();
    let err: unknown;
    try { h.finitialize(-65); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(NeuriteError);
    expect((err as NeuriteError).code).toBe('POINTER_NOT_SET');
    expect((err as Error).message).toBe("the POINTER src of soma(0.5).probe points nowhere: connect it before the run, e.g. h.setpointer(soma(0.5)._ref_v, 'src', soma(0.5).probe)");
    const tap = h.pointProcess('Tap', h.allsec()[0]!(0.5));
    expect(() => (tap as unknown as { src: number }).src).toThrowError(/the POINTER src of Tap\[0\] points nowhere yet: connect it with h\.setpointer/);
  });

  it('reads and writes what it points at, and follows its target through a new layout', () => {
    const { h, soma, dend, probe } = model();
    h.setpointer(dend(0.5)._ref_v, 'src', probe(soma) as never);
    h.finitialize(-65);
    dend(0.5).v = -20;
    h.fadvance(); // currents are evaluated with the v set here, before the step's solve
    expect(probe(soma).seen).toBe(-20);
    expect(probe(soma).src).toBe(dend(0.5).v); // what it points at now, after the step
    // The model changes (a new section, nseg of the target): the pointer still reaches dend(0.5).v.
    h.Section({ name: 'axon' }).connect(soma(0));
    dend.nseg = 3;
    h.finitialize(-65);
    dend(0.5).v = -31;
    h.fadvance();
    expect(probe(soma).seen).toBe(-31);
    // A script writes through it too.
    probe(soma).src = -13;
    expect(dend(0.5).v).toBe(-13);
  });

  it('points at another mechanism\'s variable, for a point process through _ref_<name> as in Python', () => {
    const { h, soma, dend, probe } = model();
    dend.insert('pas');
    h.setpointer(soma(0.5)._ref_v, 'src', probe(soma) as never);
    const tap = h.pointProcess('Tap', soma(0.5)) as unknown as { _ref_src: unknown; seen: number; src: number };
    tap._ref_src = (dend(0.5) as unknown as { pas: { _ref_g: unknown } }).pas._ref_g;
    (dend(0.5) as unknown as { pas: { g: number } }).pas.g = 0.0025;
    h.finitialize(-65);
    expect(tap.seen).toBe(0.0025);
    expect(String(tap._ref_src)).toBe('<ref dend(0.5).pas.g [S/cm2]>');
    // A kernel writes through it: the target changes.
    (tap as unknown as { poke: number }).poke = 0.004;
    h.fadvance();
    expect((dend(0.5) as unknown as { pas: { g: number } }).pas.g).toBe(0.004);
  });

  it('refuses an unknown POINTER name, a value that is not a reference, and a target that is not an instance', () => {
    const { h, soma, probe } = model();
    expect(() => h.setpointer(soma(0.5)._ref_v, 'vpre', probe(soma) as never)).toThrowError("soma(0.5).probe has no POINTER 'vpre'; its POINTERs are src");
    expect(() => h.setpointer(-65 as never, 'src', probe(soma) as never)).toThrowError(/ref must be a reference such as soma\(0\.5\)\._ref_v, got -65/);
    expect(() => h.setpointer(soma(0.5)._ref_v, 'src', soma as never)).toThrowError(/instance must be a point process or a segment's mechanism/);
    const stim = h.pointProcess('IClamp', soma(0.5));
    expect(() => h.setpointer(soma(0.5)._ref_v, 'src', stim)).toThrowError("IClamp[0] has no POINTER 'src'; it has no POINTER variables");
  });
});
