// Runs a plugin's kernels for a few hundred steps on data laid out as core lays it out (in one
// WebAssembly memory, so the WebAssembly kernels run) or in plain arrays (the JavaScript
// kernels), and compares two runs bit for bit. Used by wasm-kernels.test.ts and compare-kernels.ts.
import type { InstanceData, MechanismType, NodeData } from '@neurite/core/abi';

/** Instance data in one WebAssembly memory, as core lays it out, or in plain arrays. */
export function makeData(mech: MechanismType, count: number, point: boolean, inMemory: boolean, scattered = false): { m: InstanceData; nodes: NodeData } {
  const nNodes = point ? Math.ceil(count / 2) + 1 : scattered ? count + Math.ceil(count / 3) + 1 : count + 1;
  const memory = new WebAssembly.Memory({ initial: 16 });
  let offset = 8;
  const f64 = (n: number): Float64Array => {
    if (!inMemory) return new Float64Array(n);
    const a = new Float64Array(memory.buffer, offset, n);
    offset += 8 * n;
    return a;
  };
  const nodeIndex = inMemory ? new Int32Array(memory.buffer, offset, count) : new Int32Array(count);
  offset += 8 * Math.ceil(count / 2);
  // Point processes: two instances share each node (their sums must keep their order).
  // Scattered: a node left out after every third instance, so that neighbouring instances are on
  // neighbouring nodes in some pairs and not in others.
  for (let k = 0; k < count; k++) nodeIndex[k] = point ? 1 + (k >> 1) : scattered ? k + 1 + Math.floor(k / 3) : k + 1;
  const fields = mech.fields.map((f) => f64(count * (f.length ?? 1)).fill(f.default));
  const globals = f64(mech.globals.reduce((a, g) => a + (g.length ?? 1), 0));
  let o = 0;
  for (const g of mech.globals) { globals.fill(g.default, o, o + (g.length ?? 1)); o += g.length ?? 1; }
  const ions = mech.ions.map((_, j) => ({ e: f64(nNodes).fill(50 - 60 * j), ci: f64(nNodes).fill(0.1 + j), co: f64(nNodes).fill(2 + 3 * j), i: f64(nNodes), didv: f64(nNodes) }));
  const nodes = { v: f64(nNodes), rhs: f64(nNodes), d: f64(nNodes), area: f64(nNodes).fill(314.159), diam: f64(nNodes).fill(2) };
  const scratch = f64(mech.scratch ?? 0);
  const stream = () => ({ uniform01: () => 0.5, negexp: (mean = 1) => mean, normal: () => 0, setIds: () => {}, setSequence: () => {} });
  const randoms = (mech.randoms ?? []).map(() => Array.from({ length: count }, stream));
  // POINTERs: instance k points at the v of another node than its own (a gap junction's other end).
  const pointers = (mech.pointers ?? []).map(() => Array.from({ length: count }, (_, k) => ({ array: nodes.v, index: (nodeIndex[k]! % (nNodes - 1)) + 1 })));
  const m: InstanceData = { count, nodeIndex, fields, globals, ions, randoms, ...(pointers.length > 0 ? { pointers } : {}), ...(inMemory ? { memory, scratch } : {}) };
  return { m, nodes };
}

/** Runs init and `steps` (300) steps of current and advance; returns every array afterwards. With
 * `variant` 'usetable0', TABLEs are off; with 'celsius', the temperature changes half way (the
 * tables are rebuilt and copied to the WebAssembly side again); with 'scattered', instances are
 * not all on neighbouring nodes and v also goes past the usual TABLE ranges (-160 to 160 mV); with
 * 'longdt', dt is 0.5 ms (cnexp's exps then leave their short inline path). */
export function run(mech: MechanismType, inMemory: boolean, variant: 'plain' | 'usetable0' | 'celsius' | 'scattered' | 'longdt' = 'plain', steps = 300): Float64Array[] {
  const point = mech.kind !== 'density';
  const count = 37; // odd, so that pairs and a remainder both occur
  const scattered = variant === 'scattered';
  const { m, nodes } = makeData(mech, count, point, inMemory, scattered);
  const K = mech.createKernels();
  const c = { t: 0, dt: variant === 'longdt' ? 0.5 : 0.025, celsius: 6.3, secondorder: 0 };
  const setV = (s: number): void => {
    for (let i = 0; i < nodes.v.length; i++) {
      nodes.v[i] = scattered ? -160 + ((s * 11 + i * 17) % 320) + 0.3 * Math.sin(i + s) : -90 + ((s * 7 + i * 13) % 150) + 0.3 * Math.sin(i + s);
    }
  };
  const usetable = mech.globals.findIndex((g) => g.name === 'usetable');
  if (variant === 'usetable0' && usetable >= 0) (m.globals as Float64Array)[usetable] = 0;
  setV(0);
  K.init(m, nodes, c);
  for (let s = 1; s <= steps; s++) {
    if (variant === 'celsius' && s === steps >> 1) c.celsius = 22;
    setV(s);
    nodes.rhs.fill(0);
    nodes.d.fill(0);
    for (const ion of m.ions) { ion.i.fill(0); ion.didv.fill(0); }
    K.current?.(m, nodes, { ...c, t: (s - 0.5) * c.dt });
    K.advance?.(m, nodes, { ...c, t: s * c.dt });
  }
  return [...m.fields, m.globals, nodes.rhs, nodes.d, nodes.v, ...m.ions.flatMap((i) => [i.e, i.ci, i.co, i.i, i.didv])];
}

/** How many values of two runs' arrays differ (bit for bit). */
export function differing(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let n = 0;
  a.forEach((arr, j) => { for (let i = 0; i < arr.length; i++) if (!Object.is(arr[i], b[j]![i])) n++; });
  return n;
}

