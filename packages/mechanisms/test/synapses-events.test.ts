// Synapses driven by events, against NEURON 8.2.2. The NEURON models drive them from NetStims
// without noise; here the same event times are sent with NetCon.event (NetStim is checked on its
// own elsewhere), which exercises NET_RECEIVE, weights and delivery within a step.
import { describe, expect, it } from 'vitest';
import { createH, type PointProcess } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff, recordAll } from './support/reference.js';

type PP = PointProcess & Record<string, number>;

describe('event-driven synapses against NEURON 8.2.2', () => {
  it('Exp2Syn: peak normalisation, A and B jumping by weight*factor, the tau1 adjustment', () => {
    const ref = loadReference('exp2syn');
    const h = createH({ catalogue: defaultCatalogue });
    const soma = h.Section({ name: 'soma' });
    soma.L = 20; soma.diam = 20;
    soma.insert('pas');
    for (const seg of soma) { seg.pas.g = 1e-4; seg.pas.e = -65; }
    const syn = h.pointProcess('Exp2Syn', soma(0.5)) as PP;
    Object.assign(syn, { tau1: 0.5, tau2: 4, e: 0 });
    const synB = h.pointProcess('Exp2Syn', soma(0.5)) as PP;
    Object.assign(synB, { tau1: 5, tau2: 5, e: -70 });
    const nc = h.NetCon(null, syn);
    nc.weight[0] = 0.002;
    const ncB = h.NetCon(null, synB);
    ncB.weight[0] = 0.003;
    const t = h.Vector().record(h._ref_t);
    const vecs = recordAll(h, ref, { soma }, { exp2syn: syn, exp2syn_b: synB });
    h.finitialize(-65);
    for (const ts of ref.spikes.netstim) {
      nc.event(ts + 1);
      ncB.event(ts + 0.5);
    }
    h.continuerun(40);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [k, vec] of Object.entries(vecs)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
      expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
  });
});
