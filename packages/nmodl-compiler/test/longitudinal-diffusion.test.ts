// LONGITUDINAL_DIFFUSION: what the plugin gives core (the diffusing fields, each instance's rate
// and volume) and the errors. Core's diffusion against NEURON on a tree:
// packages/mechanisms/test/features.test.ts (calong.mod).
import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { ctx, makeInstances } from './helpers.js';

const HEAD = 'NEURON { SUFFIX d USEION ca READ ica WRITE cai }\nPARAMETER { D = 0.6 (um2/ms) }\nASSIGNED { diam (um) ica (mA/cm2) vrat[2] }\n';

describe('LONGITUDINAL_DIFFUSION', () => {
  it('lists the diffusing states and gives each instance\'s rate and COMPARTMENT volume per element', () => {
    const text = `${HEAD}STATE { ca[2] (mM) b (mM) }
BREAKPOINT { SOLVE k METHOD sparse }
INITIAL { vrat[0] = 0.25 vrat[1] = 0.5 }
KINETIC k {
  COMPARTMENT i, diam*diam*vrat[i] {ca}
  COMPARTMENT 2*diam {b}
  LONGITUDINAL_DIFFUSION j, D*diam*vrat[j] {ca}
  LONGITUDINAL_DIFFUSION 3 {b}
  ~ ca[0] <-> ca[1] (1, 1)
  ~ b << (0)
}
`;
    const r = compileMod(text, { filename: 'd.mod' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mech = r.plugin!;
    expect(mech.diffusion).toEqual([{ field: 'ca' }, { field: 'b' }]);
    const { m, nodes } = makeInstances(mech, 2);
    const diam = Float64Array.from([2, 3]);
    const withDiam = { ...nodes, diam };
    const k = mech.createKernels();
    k.init(m, withDiam, ctx());
    const rate = new Float64Array(2), volume = new Float64Array(2);
    k.diffusion!(0, 1, m, withDiam, ctx(), rate, volume);
    expect([...volume]).toEqual([2 * 2 * 0.5, 3 * 3 * 0.5]);
    expect([...rate]).toEqual([0.6 * 2 * 0.5, 0.6 * 3 * 0.5]);
    k.diffusion!(1, 0, m, withDiam, ctx(), rate, volume);
    expect([...volume]).toEqual([4, 6]);
    expect([...rate]).toEqual([3, 3]);
  });

  it('needs a STATE of the mechanism, in a COMPARTMENT statement before it', () => {
    const errors = (body: string): [number, string][] => compileMod(`${HEAD}STATE { ca[2] (mM) cai (mM) }\nBREAKPOINT { SOLVE k METHOD sparse }\nKINETIC k {\n${body}\n~ ca[0] <-> ca[1] (1, 1)\n}\n`)
      .diagnostics.filter((d) => d.severity === 'error').map((d) => [d.range.start.line, d.message]);
    expect(errors('LONGITUDINAL_DIFFUSION 1 {ca}')).toEqual([[7, 'LONGITUDINAL_DIFFUSION: `ca` must be in a COMPARTMENT statement before it (its volume)']]);
    expect(errors('COMPARTMENT 1 {ca}\nLONGITUDINAL_DIFFUSION 1 {D}')).toEqual([[8, 'LONGITUDINAL_DIFFUSION: `D` must be a STATE of this mechanism']]);
    expect(errors('COMPARTMENT 1 {cai}\nLONGITUDINAL_DIFFUSION 1 {cai}')[0]![1]).toMatch(/of an ion concentration \(`cai`\) is not supported yet/);
  });
});
