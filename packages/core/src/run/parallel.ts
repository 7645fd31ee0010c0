/**
 * NEURON's `ParallelContext` for a model in one process (`nhost() === 1`): global ids (gids) of
 * spike sources, connections by gid, spike recording by gid, `psolve`, and the collectives of
 * one process. Scripts written for NEURON's parallel network tutorials run unchanged and give
 * NEURON's numbers: in one process NEURON delivers spikes between gids as it does through plain
 * NetCons, so neurite's NetCons carry them.
 * @module
 */
import { NeuriteError, shown } from '../errors.js';
import { PointProcess } from '../model/point-process.js';
import type { Vector } from '../recording/vector.js';
import { vectorImpl } from '../recording/vector.js';
import { NetCon, setSourceGid, type Detector } from './netcon.js';
import type { NetConSource } from '../simulation.js';

/** What a ParallelContext needs from its simulation. */
export interface ParallelHost {
  /** @internal */ NetCon(source: NetConSource, target: PointProcess | null): NetCon;
  /** @internal */ _psolve(tstop: number): void;
  /** @internal */ readonly dt: number;
}

/** A gid of this process: its spike source once `pc.cell` has named it. */
interface GidEntry {
  nc: NetCon | null;
  output: boolean;
}

/** @internal The gids of one simulation, shared by every `h.ParallelContext()` of it. */
export class GidTable {
  readonly gids = new Map<number, GidEntry>();
  maxstep = 1e9;
  timeout = 20;
  nthread = 1;
}

/** The source of a NetCon, as `h.NetCon` takes it: its watched variable or its point process. */
function sourceOf(nc: NetCon): NetConSource {
  return nc._detector ? nc._detector.ref : nc._sourcePoint;
}

function requireGid(method: string, gid: unknown): number {
  if (typeof gid !== 'number' || !Number.isInteger(gid) || gid < 0) {
    throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.${method}: a gid is a whole number >= 0, got ${shown(gid)}`);
  }
  return gid;
}

/**
 * NEURON's `h.ParallelContext()` in one process: `id()` is 0 and `nhost()` is 1, so every gid
 * set with `set_gid2node(gid, pc.id())` is here. Gids name spike sources (`cell(gid, nc)`),
 * `gid_connect(srcgid, syn)` makes a NetCon from a gid's source, `spike_record` records the
 * spikes of one gid or all, `psolve(tstop)` integrates as NEURON's does (its step count), and
 * the collectives (`py_gather`, `allreduce`, ...) return what they return in one process.
 *
 * @example
 * ```ts
 * const pc = h.ParallelContext();
 * pc.set_gid2node(0, pc.id());
 * pc.cell(0, h.NetCon(cell.soma(0.5)._ref_v, null, { sec: cell.soma }));
 * const nc = pc.gid_connect(0, other.syn);
 * nc.weight[0] = 0.05; nc.delay = 5;
 * pc.spike_record(-1, tvec, idvec);
 * pc.set_maxstep(10);
 * h.finitialize(-65);
 * pc.psolve(100);
 * ```
 */
export class ParallelContext {
  /** @internal */
  constructor(private readonly host: ParallelHost, private readonly table: GidTable) {}

  /** This process's rank: 0. */
  id(): number {
    return 0;
  }

  /** The number of processes: 1. */
  nhost(): number {
    return 1;
  }

  /** NEURON's number of threads: set and returned as given; neurite computes in one thread, with
   * the same results. @example `pc.nthread(2) // 2` */
  nthread(n?: number): number {
    if (n !== undefined) {
      if (!Number.isInteger(n) || n < 1) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.nthread(n): n is a whole number >= 1, got ${shown(n)}`);
      this.table.nthread = n;
    }
    return this.table.nthread;
  }

  /** Waits for every process: at once with one. Returns 0. */
  barrier(): number {
    return 0;
  }

  /** Ends the workers of a bulletin-board run: none in one process. Returns 0. */
  done(): number {
    return 0;
  }

  /** Starts the workers of a bulletin-board run: none in one process. Returns 0. */
  runworker(): number {
    return 0;
  }

  /** Wall-clock time [s], as NEURON's `pc.time()`. */
  time(): number {
    return performance.now() / 1000;
  }

  /** Time spent waiting for other processes [s]: 0 in one process. */
  wait_time(): number {
    return 0;
  }

  /** Sets (with an argument) and returns the previous timeout of `psolve` [s]; nothing waits in
   * one process. */
  timeout(seconds?: number): number {
    const old = this.table.timeout;
    if (seconds !== undefined) this.table.timeout = seconds;
    return old;
  }

  /** Puts `gid` on process `id`: here when `id` is `pc.id()` (0). Returns 0.
   * @example `pc.set_gid2node(7, pc.id())` */
  set_gid2node(gid: number, id: number): number {
    requireGid('set_gid2node', gid);
    if (!Number.isInteger(id) || id < 0) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.set_gid2node(${gid}, id): id is a process rank from 0 to nhost() - 1, got ${shown(id)}`);
    if (id !== 0) return 0; // on another process: not here
    if (this.table.gids.has(gid)) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.set_gid2node: gid ${gid} is already on this process`);
    this.table.gids.set(gid, { nc: null, output: false });
    return 0;
  }

  /** 3 when `gid` is here with a spike source whose spikes go out (`cell(gid, nc)`), 2 with a
   * source that does not (`cell(gid, nc, 0)`), 1 when here without a source, 0 when not here. */
  gid_exists(gid: number): number {
    const e = this.table.gids.get(requireGid('gid_exists', gid));
    return e === undefined ? 0 : e.nc === null ? 1 : e.output ? 3 : 2;
  }

  /**
   * Names the spike source of `nc` (its watched variable, or the point process that fires) by
   * `gid`, which must be on this process; its spikes go out unless `output` is 0. The threshold
   * is the source's (see {@link ParallelContext.threshold}). Returns 0.
   * @example `pc.cell(gid, h.NetCon(soma(0.5)._ref_v, null, { sec: soma }))`
   */
  cell(gid: number, nc: NetCon, output: number | boolean = 1): number {
    const e = this.#here('cell', gid);
    if (!(nc instanceof NetCon) || (nc._detector === undefined && nc._sourcePoint === null)) {
      throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.cell(${gid}, nc): nc must be a NetCon with a source, such as h.NetCon(soma(0.5)._ref_v, null, { sec: soma }) or h.NetCon(stim, null); got ${shown(nc)}`);
    }
    if (e.nc !== null) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.cell: gid ${gid} already has a spike source (pc.gid_clear() forgets every gid)`);
    e.nc = nc;
    e.output = Boolean(output);
    setSourceGid((nc._detector ?? nc._sourcePoint) as Detector | PointProcess, gid);
    return 0;
  }

  /** Sends the spikes of `gid` to every process (NEURON's `outputcell`). Returns 0. */
  outputcell(gid: number): number {
    this.#source('outputcell', gid);
    this.table.gids.get(gid)!.output = true;
    return 0;
  }

  /** The threshold [mV] of the variable `gid`'s spikes are detected on; with `th`, sets it first.
   * @example `pc.threshold(gid, -20)` */
  threshold(gid: number, th?: number): number {
    const nc = this.#source('threshold', gid);
    if (th !== undefined) nc.threshold = th;
    return nc.threshold;
  }

  /**
   * A NetCon from the spike source of `srcgid` to `target` (a synapse or artificial cell); give
   * it its weight and delay. A gid of this process must have its source already (`cell`); a gid
   * of no process gives a NetCon that never fires. With `nc` (a NetCon onto `target`), that one
   * is replaced: the new NetCon takes its weight and delay.
   * @example `const nc = pc.gid_connect(0, cells[1].syn); nc.weight[0] = 0.05; nc.delay = 5;`
   */
  gid_connect(srcgid: number, target: PointProcess, nc?: NetCon): NetCon {
    requireGid('gid_connect', srcgid);
    if (!(target instanceof PointProcess)) {
      throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.gid_connect(${srcgid}, target): the target is a synapse or artificial cell with NET_RECEIVE, got ${shown(target)}`);
    }
    const e = this.table.gids.get(srcgid);
    if (e !== undefined && e.nc === null) {
      throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.gid_connect(${srcgid}, ...): gid ${srcgid} is on this process but has no spike source yet: call pc.cell(${srcgid}, nc) first`);
    }
    const made = this.host.NetCon(e ? sourceOf(e.nc!) : null, target);
    if (!e) made._srcgid = srcgid;
    if (nc !== undefined) {
      if (!(nc instanceof NetCon) || nc._target !== target) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.gid_connect(${srcgid}, target, nc): nc must be a NetCon onto the same target`);
      made.weight.set(nc.weight);
      made.delay = nc.delay;
      nc.remove();
    }
    return made;
  }

  /**
   * Records the spike times [ms] of `gid` (or of every gid whose spikes go out, with -1) into
   * `tvec`, and the gid of each into `idvec`, from the next `finitialize` on; replaces what the
   * source recorded before (as `NetCon.record` does). Returns 0.
   * @example `pc.spike_record(-1, tvec, idvec)`
   */
  spike_record(gid: number, tvec: Vector, idvec: Vector): number {
    const entries = gid === -1
      ? [...this.table.gids].filter(([, e]) => e.nc !== null && e.output).map(([g]) => g)
      : [requireGid('spike_record', gid)];
    const times = vectorImpl(tvec);
    const ids = vectorImpl(idvec);
    times.label = 'spike times';
    times.unit = 'ms';
    ids.label = 'spike gids';
    for (const g of entries) {
      const nc = this.#source('spike_record', g);
      const records = nc._detector?.records ?? nc._pointRecords;
      records.clear();
      records.add({
        _recordStart: () => { times._recordStart(); ids._recordStart(); },
        _push: (t: number) => { times._push(t); ids._push(g); },
      });
    }
    return 0;
  }

  /** The largest step between spike exchanges: in one process every gid is here, so it is
   * `maxstep` itself [ms]. @example `pc.set_maxstep(10) // 10` */
  set_maxstep(maxstep: number): number {
    if (!(maxstep > 0)) throw new NeuriteError('INVALID_VALUE', `ParallelContext.set_maxstep(maxstep): maxstep must be > 0 ms, got ${shown(maxstep)}`);
    this.table.maxstep = maxstep;
    return maxstep;
  }

  /**
   * Integrates to `tstop` [ms] as NEURON's `psolve` does with fixed steps: the number of steps
   * that fit (with NEURON's tolerance of 1e-11 of tstop), and no `finitialize`. Returns 0.
   * @example `h.finitialize(-65); pc.psolve(100);`
   */
  psolve(tstop: number): number {
    if (this.table.maxstep - 1e-10 < this.host.dt) {
      throw new NeuriteError('INVALID_VALUE', `ParallelContext.psolve: the step between spike exchanges (set_maxstep, ${this.table.maxstep} ms) is less than dt = ${this.host.dt} ms; give set_maxstep at least dt`);
    }
    this.host._psolve(tstop);
    return 0;
  }

  /** The cell whose section holds `gid`'s spike source (`h.Section({ name, cell })`), or the
   * artificial cell itself. */
  gid2cell(gid: number): object | null {
    return this.#source('gid2cell', gid).precell();
  }

  /** The point process that is `gid`'s spike source, else the cell as {@link ParallelContext.gid2cell}. */
  gid2obj(gid: number): object | null {
    const nc = this.#source('gid2obj', gid);
    return nc.pre() ?? nc.precell();
  }

  /** Forgets every gid (their sources keep their NetCons). Returns 0. */
  gid_clear(): number {
    for (const e of this.table.gids.values()) {
      if (e.nc) setSourceGid((e.nc._detector ?? e.nc._sourcePoint) as Detector | PointProcess, -1);
    }
    this.table.gids.clear();
    return 0;
  }

  /** Gathers `x` from every process to `root`: `[x]` in one process. */
  py_gather<T>(x: T, root = 0): T[] | null {
    return root === 0 ? [x] : null;
  }

  /** Gathers `x` from every process to every process: `[x]`. */
  py_allgather<T>(x: T): T[] {
    return [x];
  }

  /** `x` from process `root` to every process: `x`. */
  py_broadcast<T>(x: T, root = 0): T {
    void root;
    return x;
  }

  /** Element i of `list` to process i: in one process, a copy of `list` (of one element). */
  py_alltoall<T>(list: readonly T[]): T[] {
    if (list.length !== 1) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.py_alltoall(list): the list has one element per process (nhost() is 1), got ${list.length}`);
    return [...list];
  }

  /** Element `id()` of `list`, sent from `root`: `list[0]`. */
  py_scatter<T>(list: readonly T[], root = 0): T {
    void root;
    return list[0]!;
  }

  /** Sum (1), maximum (2) or minimum (3) of `x` over the processes: `x` itself (a Vector is
   * left as it is, and 0 returned). */
  allreduce(x: number | Vector, type: 1 | 2 | 3): number {
    if (type !== 1 && type !== 2 && type !== 3) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.allreduce(x, type): type is 1 (sum), 2 (maximum) or 3 (minimum), got ${shown(type)}`);
    return typeof x === 'number' ? x : 0;
  }

  /** `x` of every process into `v` (one element per process). Returns 0. */
  allgather(x: number, v: Vector): number {
    const vec = vectorImpl(v);
    vec.resize(1);
    vec.x[0] = x;
    return 0;
  }

  /** NEURON's name, `ParallelContext[0]`. */
  toString(): string {
    return 'ParallelContext[0]';
  }

  #here(method: string, gid: number): GidEntry {
    const e = this.table.gids.get(requireGid(method, gid));
    if (!e) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.${method}: gid ${gid} is not on this process: call pc.set_gid2node(${gid}, pc.id()) first`);
    return e;
  }

  #source(method: string, gid: number): NetCon {
    const e = this.#here(method, gid);
    if (e.nc === null) throw new NeuriteError('INVALID_ARGUMENT', `ParallelContext.${method}: gid ${gid} has no spike source: call pc.cell(${gid}, nc) first`);
    return e.nc;
  }
}
