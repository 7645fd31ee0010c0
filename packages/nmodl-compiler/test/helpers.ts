import type { InstanceData, IonArrays, MechanismType, NodeData, StepContext } from '@neurite/core/abi';

/** Hand-made instance data: one instance per node, fields at their defaults. */
export function makeInstances(mech: MechanismType, nNodes: number): { m: InstanceData; nodes: NodeData; ions: IonArrays[] } {
  const count = nNodes;
  const nodeIndex = new Int32Array(count).map((_, i) => i);
  const fields = mech.fields.map((f) => new Float64Array(count * (f.length ?? 1)).fill(f.default));
  const globals = new Float64Array(mech.globals.reduce((a, g) => a + (g.length ?? 1), 0));
  let o = 0;
  for (const g of mech.globals) { globals.fill(g.default, o, o + (g.length ?? 1)); o += g.length ?? 1; }
  const ions = mech.ions.map(() => ({
    e: new Float64Array(nNodes), ci: new Float64Array(nNodes), co: new Float64Array(nNodes),
    i: new Float64Array(nNodes), didv: new Float64Array(nNodes),
  }));
  const nodes: NodeData = {
    v: new Float64Array(nNodes), rhs: new Float64Array(nNodes), d: new Float64Array(nNodes), area: new Float64Array(nNodes).fill(100),
  };
  const stream = () => ({ uniform01: () => 0.5, negexp: (mean = 1) => mean, normal: () => 0, setIds: () => {}, setSequence: () => {} });
  const randoms = (mech.randoms ?? []).map(() => Array.from({ length: count }, stream));
  return { m: { count, nodeIndex, fields, globals, ions, randoms }, nodes, ions };
}

export function ctx(over: Partial<StepContext> = {}): StepContext {
  return { t: 0, dt: 0.025, celsius: 6.3, secondorder: 0, ...over };
}

export function field(mech: MechanismType, m: InstanceData, name: string): Float64Array {
  const i = mech.fields.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no field ${name}`);
  return m.fields[i]!;
}

export function global(mech: MechanismType, m: InstanceData, name: string): number {
  const i = mech.globals.findIndex((g) => g.name === name);
  return m.globals[i]!;
}
