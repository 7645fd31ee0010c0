// Hand-written plugins for core's own tests: a leak channel and a current clamp written directly
// against the ABI, so that core is tested without the NMODL compiler. The shipped mechanisms are
// compiled from .mod files in @neurite/mechanisms.
import { ABI_VERSION, type MechanismType } from '../../src/abi.js';

/** pas: i = g (v - e) [mA/cm2]. */
export const testPas: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'pas',
  kind: 'density',
  electrodeCurrent: false,
  fields: [
    { name: 'g', kind: 'parameter', unit: 'S/cm2', default: 0.001, range: true },
    { name: 'e', kind: 'parameter', unit: 'mV', default: -70, range: true },
    { name: 'i', kind: 'assigned', unit: 'mA/cm2', default: 0, range: true },
  ],
  globals: [],
  ions: [],
  createKernels: () => ({
    init() {},
    current(m, nodes) {
      const [g, e, i] = m.fields;
      const { v, rhs, d } = nodes;
      for (let k = 0; k < m.count; k++) {
        const n = m.nodeIndex[k];
        const i1 = g[k] * (v[n] + 0.001 - e[k]);
        const i0 = g[k] * (v[n] - e[k]);
        i[k] = i0;
        rhs[n] -= i0;
        d[n] += (i1 - i0) / 0.001;
      }
    },
  }),
};

/** IClamp: a square pulse of amp [nA] from del for dur [ms], injected (electrode current). */
export const testIClamp: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'IClamp',
  kind: 'point',
  electrodeCurrent: true,
  fields: [
    { name: 'del', kind: 'parameter', unit: 'ms', default: 0, range: true },
    { name: 'dur', kind: 'parameter', unit: 'ms', default: 0, range: true },
    { name: 'amp', kind: 'parameter', unit: 'nA', default: 0, range: true },
    { name: 'i', kind: 'assigned', unit: 'nA', default: 0, range: true },
  ],
  globals: [],
  ions: [],
  createKernels: () => ({
    init(m) {
      m.fields[3].fill(0, 0, m.count);
    },
    current(m, nodes, ctx) {
      const [del, dur, amp, i] = m.fields;
      const t = ctx.t;
      for (let k = 0; k < m.count; k++) {
        const n = m.nodeIndex[k];
        i[k] = t < del[k] + dur[k] && t >= del[k] ? amp[k] : 0;
        nodes.rhs[n] += i[k] * (1e2 / nodes.area[n]);
      }
    },
  }),
};
