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
    expect((err as Error).message).toBe("the POINTER src of soma(0.5).probe points nowhere: connect it before the run, e.g. h.setpointer(soma(0.5)._ref_v, 'src', soma(0.5).probe) (connections are lost when the mechanism's section changes nseg)");
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
    dend(0.5).v = -42;
    expect(probe(soma).src).toBe(-42); // reads what it points at now
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

  it('a target that no longer exists, or a connection lost with nseg, stops the run with an error that says so', () => {
    const { h, soma, dend, probe } = model();
    dend.insert('pas');
    h.setpointer((dend(0.5) as unknown as { pas: { _ref_g: never } }).pas._ref_g, 'src', probe(soma) as never);
    h.finitialize(-65);
    // As NEURON's pointer, it follows its node: nseg 1 -> 3 keeps the node, at dend(0.5).
    dend.nseg = 3;
    (dend(0.5) as unknown as { pas: { g: number } }).pas.g = 0.25;
    h.finitialize(-65);
    expect(probe(soma).seen).toBe(0.25);
    // 3 -> 2 frees the middle node, and the connection with it.
    dend.nseg = 2;
    expect(() => h.finitialize(-65)).toThrowError(/the POINTER src of soma\(0\.5\)\.probe points at dend\(0\.5\)\.pas\.g, which no longer exists \(dend\(0\.5\)\.pas\.g: dend\.nseg changed from 3 to 2 and the node this reference watched is gone/);
    h.setpointer(dend(0.5)._ref_v, 'src', probe(soma) as never);
    h.delete_section(dend);
    expect(() => h.finitialize(-65)).toThrowError(/the POINTER src of soma\(0\.5\)\.probe points at dend\(0\.5\)\.v, which no longer exists/);
    h.setpointer(soma(0.5)._ref_v, 'src', probe(soma) as never);
    h.finitialize(-65);
    soma.nseg = 3; // the owner's instances are new: their POINTERs are not connected
    expect(() => h.finitialize(-65)).toThrowError(/the POINTER src of soma\(0\.166667\)\.probe points nowhere: connect it before the run, e\.g\. h\.setpointer\(soma\(0\.5\)\._ref_v, 'src', soma\(0\.166667\)\.probe\) \(connections are lost when the mechanism's section changes nseg\)/);
  });

  it('an unconnected POINTER does not stop method calls that do not read it; a CONSTRUCTOR that reads one gets POINTER_NOT_SET', () => {
    const log: number[] = [];
    const withMethod: MechanismType = { ...probeType('Meter', 'point'), methods: [{ name: 'ping', arity: 1 }],
      createKernels: () => ({ init() {}, call(_name, _m, _k, args) { log.push(args[0]!); return 2 * args[0]!; } }) };
    const reader: MechanismType = { ...probeType('Reader', 'point'), createKernels: () => ({ init() {}, construct(m, k) { void m.pointers![0]![k]!.array; } }) };
    const h = createH({ catalogue: new Catalogue([testPas, probeType('probe', 'density'), withMethod, reader]) });
    const soma = h.Section({ name: 'soma' });
    soma.insert('probe'); // not connected
    const meter = h.pointProcess('Meter', soma(0.5)) as unknown as { ping(x: number): number };
    expect(meter.ping(21)).toBe(42);
    expect(log).toEqual([21]);
    expect(() => h.pointProcess('Reader', soma(0.5))).toThrowError(/the POINTER src of a new Reader points nowhere: connect it first/);
  });

  it('a POINTER to h._ref_t reads the step\'s t in kernels, in the WebAssembly step loop as in the JavaScript one', () => {
    const run = (wasmSteps: boolean): { seen: number[]; t: number[] } => {
      const h = createH({ catalogue: new Catalogue([testPas, probeType('probe', 'density')]), wasmSteps });
      const soma = h.Section({ name: 'soma' });
      soma.insert('pas').insert('probe');
      h.setpointer(h._ref_t, 'src', (soma(0.5) as unknown as { probe: never }).probe);
      const seen = h.Vector().record((soma(0.5) as unknown as { probe: { _ref_seen: never } }).probe._ref_seen);
      const t = h.Vector().record(h._ref_t);
      h.finitialize(-65);
      h.continuerun(0.1);
      return { seen: [...seen.toArray()], t: [...t.toArray()] };
    };
    const js = run(false);
    expect(run(true)).toEqual(js);
    // current (at t + dt/2) writes seen: 0 at finitialize, then the middle of each step.
    expect(js.seen.length).toBe(5);
    js.seen.slice(1).forEach((x, k) => expect(x).toBeCloseTo(js.t[k + 1]! - 0.0125, 14));
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
