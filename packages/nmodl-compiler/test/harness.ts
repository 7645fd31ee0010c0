import type { EventServices, InstanceData, IonArrays, MechanismType, NodeData, StepContext } from '@neurite/core/abi';

/** NEURON's default ion values (mV, mM) for species the tests use. */
const IONS: Record<string, { e: number; ci: number; co: number }> = {
  na: { e: 50, ci: 10, co: 140 },
  k: { e: -77, ci: 54.4, co: 2.5 },
  ca: { e: 132.4579341637009, ci: 5e-5, co: 2 },
};

export interface Inserted {
  readonly mech: MechanismType;
  /** Per-instance field values to set before finitialize. */
  readonly set?: Readonly<Record<string, number | readonly number[]>>;
}

/**
 * A one-node cell stepped exactly as NEURON's fixed step does it for a single compartment
 * (implicit Euler, secondorder = 0): currents at t + dt/2 with the old v, d = cm*0.001/dt + g,
 * v += rhs/d, then states advance with the new v at t + dt.
 */
export interface SimOptions {
  area: number; cm: number; dt: number; celsius: number; steps: number; vInit: number;
  /** Segment diameter [um] for mechanisms that read diam (NodeData.diam). */
  diam?: number;
  /** Ion values after NEURON's finitialize, by species. */
  ions?: Readonly<Record<string, { e: number; ci: number; co: number }>>;
  /** Also record this field of this mechanism (index into `mechs`). */
  record?: { mech: number; field: string; out: number[] };
  /** More fields to record (mech index, field name) -> trace. */
  records?: { mech: number; field: string; out: number[] }[];
}

export function simulate(mechs: readonly Inserted[], opts: SimOptions): number[] {
  const nodes: NodeData = {
    v: new Float64Array([opts.vInit]), rhs: new Float64Array(1), d: new Float64Array(1), area: new Float64Array([opts.area]),
    ...(opts.diam !== undefined ? { diam: new Float64Array([opts.diam]) } : {}),
  };
  const ionArrays = new Map<string, IonArrays>();
  const ion = (name: string): IonArrays => {
    let a = ionArrays.get(name);
    if (!a) {
      const def = opts.ions?.[name] ?? IONS[name] ?? { e: 0, ci: 1, co: 1 };
      a = { e: new Float64Array([def.e]), ci: new Float64Array([def.ci]), co: new Float64Array([def.co]), i: new Float64Array(1), didv: new Float64Array(1) };
      ionArrays.set(name, a);
    }
    return a;
  };
  const inst = mechs.map(({ mech, set }) => {
    const fields = mech.fields.map((f) => new Float64Array(f.length ?? 1).fill(f.default));
    for (const [k, v] of Object.entries(set ?? {})) {
      const column = fields[mech.fields.findIndex((f) => f.name === k)]!;
      if (typeof v === 'number') column[0] = v;
      else column.set(v);
    }
    const globals = new Float64Array(mech.globals.flatMap((g) => Array.from({ length: g.length ?? 1 }, () => g.default)));
    const m: InstanceData = { count: 1, nodeIndex: new Int32Array([0]), fields, globals, ions: mech.ions.map((u) => ion(u.ion)), randoms: [] };
    return { m, k: mech.createKernels() };
  });
  let t = 0;
  // Self-events (net_send, WATCH): delivered at the start of the step in which they fall due
  // (time <= t + dt/2), in time order, with ctx.t = the event's time.
  const queue: { time: number; mech: number; k: number; flag: number }[] = [];
  let now = 0;
  const events: EventServices = {
    send: (type, k, delay, flag) => { queue.push({ time: now + delay, mech: mechs.findIndex((x) => x.mech === type), k, flag }); },
    fire: () => {},
    move: () => {},
  };
  const ctx = (time: number): StepContext => { now = time; return { t: time, dt: opts.dt, celsius: opts.celsius, secondorder: 0, events }; };
  const deliver = (upTo: number): void => {
    for (;;) {
      queue.sort((a, b) => a.time - b.time);
      const e = queue[0];
      if (!e || e.time > upTo) return;
      queue.shift();
      const { m, k } = inst[e.mech]!;
      k.netReceive?.(m, e.k, new Float64Array(1), 0, e.flag, nodes, ctx(e.time));
    }
  };
  const currents = (time: number): void => {
    nodes.rhs[0] = 0;
    nodes.d[0] = 0;
    for (const a of ionArrays.values()) { a.i[0] = 0; a.didv[0] = 0; }
    nodes.d[0] += (0.001 / opts.dt) * opts.cm;
    for (const { m, k } of inst) k.current?.(m, nodes, ctx(time));
  };
  for (const { m, k } of inst) k.init(m, nodes, ctx(0));
  currents(0);
  const rec = opts.record;
  const recField = rec ? inst[rec.mech]!.m.fields[mechs[rec.mech]!.mech.fields.findIndex((f) => f.name === rec.field)]! : null;
  const vs = [nodes.v[0]!];
  if (rec && recField) rec.out.push(recField[0]!);
  const sample = (): void => {
    for (const r of opts.records ?? []) r.out.push(inst[r.mech]!.m.fields[mechs[r.mech]!.mech.fields.findIndex((f) => f.name === r.field)]![0]!);
  };
  sample();
  for (let s = 0; s < opts.steps; s++) {
    deliver(t + opts.dt / 2);
    currents(t + opts.dt / 2);
    nodes.v[0] = nodes.v[0]! + nodes.rhs[0]! / nodes.d[0]!;
    t += opts.dt;
    for (const { m, k } of inst) k.advance?.(m, nodes, ctx(t));
    vs.push(nodes.v[0]!);
    if (rec && recField) rec.out.push(recField[0]!);
    sample();
  }
  return vs;
}
