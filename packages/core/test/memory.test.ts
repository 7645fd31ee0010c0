// The mechanism stores, the ions and the node arrays in the solver's WebAssembly.Memory
// (InstanceData.memory): every array the contract lists is a view into the memory's buffer at an
// 8-byte aligned address, kernels working by byte offset on the memory compute what kernels on
// the arrays compute, a store that grew after the layout never claims a memory, and the numbers
// are those of the JavaScript solver with JavaScript arrays to the last bit.
import { describe, expect, it } from 'vitest';
import {
  ABI_VERSION, Catalogue, createH, extracellular,
  type H, type InstanceData, type MechanismKernels, type MechanismType, type NodeData, type Section,
} from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';

const SCRATCH = 10;

/**
 * A sodium and a potassium conductance with a gate m (dm/dt = (minf(v) - m) / tau), an array
 * field, globals (one an array) and scratch. Where the data are in a memory, `current` and
 * `advance` read and write everything through the memory's buffer by byte offset, as a kernel
 * compiled to WebAssembly would; elsewhere through the arrays.
 */
const chan: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'chan',
  kind: 'density',
  electrodeCurrent: false,
  scratch: SCRATCH,
  fields: [
    { name: 'gna', kind: 'parameter', unit: 'S/cm2', default: 0.02, range: true },
    { name: 'gk', kind: 'parameter', unit: 'S/cm2', default: 0.01, range: true },
    { name: 'part', kind: 'assigned', unit: 'mA/cm2', default: 0, length: 3, range: true },
    { name: 'm', kind: 'state', unit: '1', default: 0, range: true },
  ],
  globals: [
    { name: 'tau', unit: 'ms', default: 0.7 },
    { name: 'half', unit: 'mV', default: -50, length: 2 },
  ],
  ions: [
    { ion: 'na', read: ['ena'], write: ['ina'] },
    { ion: 'k', read: ['ek'], write: ['ik'] },
  ],
  createKernels: () => ({
    init(m, nodes) {
      if (m.scratch) {
        // A "table": the constants the kernels use, refilled for every new memory.
        m.scratch[0] = m.globals[0];
        m.scratch[1] = m.globals[1];
      }
      const [, , , g] = m.fields;
      for (let k = 0; k < m.count; k++) g[k] = minf(nodes.v[m.nodeIndex[k]], m.globals[1]);
    },
    current(m, nodes) {
      if (m.memory) currentByOffset(m, nodes);
      else currentOnArrays(m, nodes);
    },
    advance(m, nodes, ctx) {
      const tau = m.scratch ? m.scratch[0] : m.globals[0];
      const half = m.scratch ? m.scratch[1] : m.globals[1];
      if (m.memory) {
        const f64 = new Float64Array(m.memory.buffer);
        const i32 = new Int32Array(m.memory.buffer);
        const ni = m.nodeIndex.byteOffset >> 2;
        const gate = m.fields[3].byteOffset >> 3;
        const v = nodes.v.byteOffset >> 3;
        for (let k = 0; k < m.count; k++) {
          const n = i32[ni + k];
          f64[gate + k] += (ctx.dt * (minf(f64[v + n], half) - f64[gate + k])) / tau;
        }
      } else {
        const g = m.fields[3];
        for (let k = 0; k < m.count; k++) {
          const n = m.nodeIndex[k];
          g[k] += (ctx.dt * (minf(nodes.v[n], half) - g[k])) / tau;
        }
      }
    },
  }),
};

function minf(v: number, half: number): number {
  return 1 / (1 + Math.exp(-(v - half) / 5));
}

function currentOnArrays(m: InstanceData, nodes: NodeData): void {
  const [gna, gk, part, gate] = m.fields;
  const [na, k] = m.ions;
  for (let j = 0; j < m.count; j++) {
    const n = m.nodeIndex[j];
    const v = nodes.v[n];
    const ina = gna[j] * gate[j] * (v - na.e[n]);
    const ik = gk[j] * (v - k.e[n]);
    part[3 * j] = ina;
    part[3 * j + 1] = ik;
    part[3 * j + 2] = (nodes.diam?.[n] ?? 0) * nodes.area[n];
    nodes.rhs[n] -= ina + ik;
    nodes.d[n] += gna[j] * gate[j] + gk[j];
    na.i[n] += ina;
    na.didv[n] += gna[j] * gate[j];
    k.i[n] += ik;
    k.didv[n] += gk[j];
  }
}

/** The same arithmetic as {@link currentOnArrays}, every array found by its byte offset. */
function currentByOffset(m: InstanceData, nodes: NodeData): void {
  const f64 = new Float64Array(m.memory!.buffer);
  const i32 = new Int32Array(m.memory!.buffer);
  const at = (a: Float64Array): number => a.byteOffset >> 3;
  const [gna, gk, part, gate] = m.fields.map(at);
  const [na, k] = m.ions;
  const [nae, nai, nadidv, ke, ki, kdidv] = [na.e, na.i, na.didv, k.e, k.i, k.didv].map(at);
  const [v, rhs, d, area, diam] = [nodes.v, nodes.rhs, nodes.d, nodes.area, nodes.diam!].map(at);
  const ni = m.nodeIndex.byteOffset >> 2;
  for (let j = 0; j < m.count; j++) {
    const n = i32[ni + j];
    const vn = f64[v + n];
    const ina = f64[gna + j] * f64[gate + j] * (vn - f64[nae + n]);
    const ik = f64[gk + j] * (vn - f64[ke + n]);
    f64[part + 3 * j] = ina;
    f64[part + 3 * j + 1] = ik;
    f64[part + 3 * j + 2] = f64[diam + n] * f64[area + n];
    f64[rhs + n] -= ina + ik;
    f64[d + n] += f64[gna + j] * f64[gate + j] + f64[gk + j];
    f64[nai + n] += ina;
    f64[nadidv + n] += f64[gna + j] * f64[gate + j];
    f64[ki + n] += ik;
    f64[kdidv + n] += f64[gk + j];
  }
}

/** nai follows the na current (a concentration written: Nernst potentials every step). */
const naacc: MechanismType = {
  abiVersion: ABI_VERSION,
  name: 'naacc',
  kind: 'density',
  electrodeCurrent: false,
  fields: [{ name: 'kf', kind: 'parameter', unit: '1', default: 5, range: true }],
  globals: [],
  ions: [{ ion: 'na', read: ['ina', 'nai'], write: ['nai'] }],
  createKernels: () => ({
    init() {},
    advance(m, _nodes, ctx) {
      const [kf] = m.fields;
      const na = m.ions[0];
      for (let k = 0; k < m.count; k++) {
        const n = m.nodeIndex[k];
        na.ci[n] -= kf[k] * na.i[n] * ctx.dt;
      }
    },
  }),
};

/** What the kernels were given, call by call. */
interface Seen {
  readonly type: string;
  readonly hook: string;
  readonly m: InstanceData;
  readonly memory: WebAssembly.Memory | undefined;
  /** Every way the data broke the contract (empty when they kept it). */
  readonly problems: string[];
}

/** The contract of InstanceData.memory, checked on what a kernel receives. */
function problems(type: MechanismType, m: InstanceData, nodes: NodeData | undefined): string[] {
  const memory = m.memory;
  if (!memory) return m.scratch === undefined ? [] : ['scratch without memory'];
  const out: string[] = [];
  const check = (what: string, a: Float64Array | Int32Array | undefined, length?: number): void => {
    if (!a) out.push(`${what} missing`);
    else if (a.buffer !== memory.buffer) out.push(`${what} is not in the memory`);
    else if (a.byteOffset % 8 !== 0) out.push(`${what} at ${a.byteOffset}, not 8-byte aligned`);
    else if (length !== undefined && a.length !== length) out.push(`${what} has ${a.length} elements, not ${length}`);
  };
  check('nodeIndex', m.nodeIndex, m.count);
  m.fields.forEach((f, i) => check(`field ${type.fields[i].name}`, f, m.count * (type.fields[i].length ?? 1)));
  check('globals', m.globals);
  check('scratch', m.scratch, type.scratch ?? 0);
  m.ions.forEach((ion, i) => {
    for (const key of ['e', 'ci', 'co', 'i', 'didv'] as const) check(`${type.ions[i].ion}.${key}`, ion[key]);
  });
  if (nodes) for (const key of ['v', 'rhs', 'd', 'area', 'diam'] as const) check(`nodes.${key}`, nodes[key]);
  return out;
}

/** The type with every hook recording what it is given. */
function spy(type: MechanismType, seen: Seen[]): MechanismType {
  const record = (hook: string, m: InstanceData, nodes?: NodeData): void => {
    seen.push({ type: type.name, hook, m, memory: m.memory, problems: problems(type, m, nodes) });
  };
  return {
    ...type,
    createKernels(): MechanismKernels {
      const k = type.createKernels();
      return {
        ...k,
        init: (m, nodes, ctx) => { record('init', m, nodes); k.init(m, nodes, ctx); },
        ...(k.current && { current: (m: InstanceData, nodes: NodeData, ctx) => { record('current', m, nodes); k.current!(m, nodes, ctx); } }),
        ...(k.advance && { advance: (m: InstanceData, nodes: NodeData, ctx) => { record('advance', m, nodes); k.advance!(m, nodes, ctx); } }),
        construct: (m, i) => { record('construct', m); k.construct?.(m, i); },
      };
    },
  };
}

interface Model {
  readonly h: H;
  readonly seen: Seen[];
  readonly secs: Section[];
  readonly v: () => number[];
}

/** A soma and two dendrites with chan, naacc, pas and a current clamp; v at every segment
 * recorded. */
function model(wasm: boolean, ext = false): Model {
  const seen: Seen[] = [];
  const types = [chan, naacc, testPas, testIClamp, ...(ext ? [extracellular] : [])];
  const h = createH({ catalogue: new Catalogue(types.map((t) => spy(t, seen))), wasm });
  const soma = h.Section({ name: 'soma' });
  soma.L = soma.diam = 20;
  soma.insert('chan');
  soma.insert('naacc');
  const secs = [soma];
  for (let j = 0; j < 2; j++) {
    const dend = h.Section({ name: `dend${j}` });
    dend.L = 200;
    dend.diam = 1 + j;
    dend.nseg = 5;
    dend.connect(soma(1));
    dend.insert('pas');
    if (j === 0) dend.insert('chan');
    if (ext) dend.insert('extracellular');
    secs.push(dend);
  }
  const stim = h.pointProcess('IClamp', soma(0.5)) as unknown as Record<string, number>;
  stim.del = 0.5;
  stim.dur = 1;
  stim.amp = 0.3;
  const vecs = secs.flatMap((s) => Array.from({ length: s.nseg }, (_, j) => h.Vector().record(s((j + 0.5) / s.nseg)._ref_v)));
  return { h, seen, secs, v: () => vecs.flatMap((vec) => vec.to_python()) };
}

function run(m: Model, tstop: number): void {
  m.h.finitialize(-65);
  m.h.continuerun(tstop);
}

/** The same numbers to the last bit (-0 and NaN included). */
function expectIdentical(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  const differ = a.findIndex((x, i) => !Object.is(x, b[i]));
  expect(differ).toBe(-1);
}

describe('the stores, ions and node arrays in the WebAssembly memory', () => {
  it('gives every kernel data that is all in one memory, 8-byte aligned', () => {
    const m = model(true);
    run(m, 3);
    const init = m.seen.filter((s) => s.hook === 'init');
    expect(new Set(init.map((s) => s.type))).toEqual(new Set(['chan', 'naacc', 'pas', 'IClamp']));
    const memory = init[0].memory;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    // (CONSTRUCTORs run as the model is built, before there is a layout.)
    for (const s of m.seen.filter((x) => x.hook !== 'construct')) {
      expect(s.memory, `${s.type}.${s.hook}`).toBe(memory);
      expect(s.problems, `${s.type}.${s.hook}`).toEqual([]);
    }
    const c = init.find((s) => s.type === 'chan')!.m;
    expect(c.count).toBe(1 + 5);
    expect(c.scratch).toHaveLength(SCRATCH);
    expect(init.find((s) => s.type === 'pas')!.m.scratch).toHaveLength(0);
    // The memory holds the values the arrays show, at their addresses.
    const view = new DataView(memory!.buffer);
    const part = c.fields[2];
    for (let k = 0; k < part.length; k++) expect(Object.is(view.getFloat64(part.byteOffset + 8 * k, true), part[k])).toBe(true);
    for (let k = 0; k < c.count; k++) expect(view.getInt32(c.nodeIndex.byteOffset + 4 * k, true)).toBe(c.nodeIndex[k]);
    expect(view.getFloat64(c.globals.byteOffset + 8, true)).toBe(-50);
    expect(c.scratch![0]).toBe(0.7);
  });

  it('computes to the last bit what the JavaScript solver on JavaScript arrays computes', () => {
    const w = model(true);
    const j = model(false);
    run(w, 4);
    run(j, 4);
    expect(j.seen.every((s) => s.memory === undefined && s.m.scratch === undefined)).toBe(true);
    expect(w.seen.every((s) => s.memory !== undefined || s.hook === 'construct')).toBe(true);
    expectIdentical(w.v(), j.v());
    const soma = (m: Model): number[] => {
      const seg = m.secs[0](0.5) as unknown as Record<string, number> & { part_chan: ArrayLike<number> };
      return [seg.nai, seg.ena, seg.ina, seg.ik, seg.m_chan, ...Array.from(seg.part_chan)];
    };
    expectIdentical(soma(w), soma(j));
  });

  it('also with extracellular layers', () => {
    const w = model(true, true);
    const j = model(false, true);
    for (const m of [w, j]) (m.secs[1](0.5) as unknown as { xg: number[] }).xg[0] = 0.5;
    run(w, 3);
    run(j, 3);
    expect(w.seen.length).toBeGreaterThan(0);
    for (const s of w.seen.filter((x) => x.hook !== 'construct')) {
      expect(s.memory, `${s.type}.${s.hook}`).toBeDefined();
      expect(s.problems, `${s.type}.${s.hook}`).toEqual([]);
    }
    expectIdentical(w.v(), j.v());
  });

  it('never claims a memory for a store that grew after the layout; the next layout moves it in', () => {
    const m = model(true);
    run(m, 1);
    const first = m.seen.find((s) => s.type === 'chan' && s.hook === 'init')!;
    const store = first.m;
    const oldMemory = first.memory!;
    expect(store.memory).toBe(oldMemory);
    // A new section with chan: the store has no room, so its arrays leave the memory.
    const mark = m.seen.length;
    const extra = m.h.Section({ name: 'extra' });
    extra.nseg = 3;
    extra.connect(m.secs[2](1));
    extra.insert('chan');
    const constructed = m.seen.slice(mark).filter((s) => s.type === 'chan' && s.hook === 'construct');
    expect(constructed.length).toBe(3);
    for (const s of constructed) {
      expect(s.memory).toBeUndefined();
      expect(s.problems).toEqual([]);
    }
    expect(store.memory).toBeUndefined();
    expect(store.scratch).toBeUndefined();
    expect(store.count).toBe(9);
    // Another point process: the same for IClamp.
    const iclamp = m.seen.find((s) => s.type === 'IClamp' && s.hook === 'init')!.m;
    expect(iclamp.memory).toBe(oldMemory);
    m.h.pointProcess('IClamp', extra(0.5));
    expect(iclamp.memory).toBeUndefined();
    // The next step lays the model out again, in a new memory.
    const before = m.seen.length;
    m.h.fadvance();
    const after = m.seen.slice(before);
    expect(after.length).toBeGreaterThan(0);
    const memory = after[0].memory!;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(memory).not.toBe(oldMemory);
    for (const s of after) {
      expect(s.memory).toBe(memory);
      expect(s.problems).toEqual([]);
    }
    expect(store.memory).toBe(memory);
    expect(store.count).toBe(9);
    expect(store.scratch).toHaveLength(SCRATCH);
    expect(iclamp.memory).toBe(memory);
    expect(iclamp.count).toBe(2);
  });

  it('keeps values and globals when the stores move, and globals set in between', () => {
    const w = model(true);
    const j = model(false);
    for (const m of [w, j]) {
      run(m, 1);
      (m.h as unknown as Record<string, number>).tau_chan = 1.3;
      const soma = m.secs[0](0.5) as unknown as Record<string, number>;
      soma.gna_chan = 0.03;
      const extra = m.h.Section({ name: 'extra' });
      extra.connect(m.secs[1](1));
      extra.insert('chan');
      extra.insert('pas');
      m.h.finitialize(-60);
      m.h.continuerun(2);
      expect((m.h as unknown as Record<string, number>).tau_chan).toBe(1.3);
      expect(soma.gna_chan).toBe(0.03);
    }
    expectIdentical(w.v(), j.v());
    const last = w.seen[w.seen.length - 1];
    expect(last.memory).toBeDefined();
    expect(w.seen.filter((s) => s.type === 'chan' && s.hook === 'init').at(-1)!.m.scratch![0]).toBe(1.3);
  });
});
