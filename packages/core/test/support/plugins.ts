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

/** ExpSyn: g decays with tau; an event adds its weight [uS] to g; i = g (v - e) [nA]. */
export const testExpSyn: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'ExpSyn',
  kind: 'point',
  electrodeCurrent: false,
  netReceiveArgs: 1,
  fields: [
    { name: 'tau', kind: 'parameter', unit: 'ms', default: 0.1, range: true },
    { name: 'e', kind: 'parameter', unit: 'mV', default: 0, range: true },
    { name: 'i', kind: 'assigned', unit: 'nA', default: 0, range: true },
    { name: 'g', kind: 'state', unit: 'uS', default: 0, range: true },
  ],
  globals: [],
  ions: [],
  createKernels: () => ({
    init(m) {
      m.fields[3].fill(0, 0, m.count);
    },
    current(m, nodes) {
      const [, e, i, g] = m.fields;
      for (let k = 0; k < m.count; k++) {
        const n = m.nodeIndex[k];
        const v = nodes.v[n];
        const i1 = g[k] * (v + 0.001 - e[k]);
        const i0 = g[k] * (v - e[k]);
        i[k] = i0;
        const s = 1e2 / nodes.area[n];
        nodes.rhs[n] -= i0 * s;
        nodes.d[n] += ((i1 - i0) / 0.001) * s;
      }
    },
    advance(m, _nodes, ctx) {
      const [tau, , , g] = m.fields;
      for (let k = 0; k < m.count; k++) g[k] = g[k] + (1 - Math.exp(ctx.dt * (-1 / tau[k]))) * (-g[k]);
    },
    netReceive(m, k, weights, offset) {
      m.fields[3][k] += weights[offset];
    },
  }),
};

/** Ticker: an artificial cell that fires every `interval` ms from `start`, `number` times
 * (a noise-free NetStim), through self-events. Records when it received each event in `last`. */
export const testTicker: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'Ticker',
  kind: 'artificial',
  electrodeCurrent: false,
  netReceiveArgs: 1,
  fields: [
    { name: 'interval', kind: 'parameter', unit: 'ms', default: 10, range: true },
    { name: 'number', kind: 'parameter', unit: '1', default: 10, range: true },
    { name: 'start', kind: 'parameter', unit: 'ms', default: 50, range: true },
    { name: 'fired', kind: 'assigned', unit: '1', default: 0, range: true },
    { name: 'last', kind: 'assigned', unit: 'ms', default: -1, range: true },
  ],
  globals: [],
  ions: [],
  createKernels() {
    const self = testTicker;
    return {
      init(m, _nodes, ctx) {
        for (let k = 0; k < m.count; k++) {
          m.fields[3][k] = 0;
          m.fields[4][k] = -1;
          if (m.fields[1][k] > 0) ctx.events!.send(self, k, m.fields[2][k], 1);
        }
      },
      netReceive(m, k, _w, _o, flag, _nodes, ctx) {
        m.fields[4][k] = ctx.t;
        if (flag === 1) {
          ctx.events!.fire(self, k, ctx.t);
          m.fields[3][k] += 1;
          if (m.fields[3][k] < m.fields[1][k]) ctx.events!.send(self, k, m.fields[0][k], 1);
        }
      },
    };
  },
};
