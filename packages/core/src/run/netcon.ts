import { NeuriteError, shown } from '../errors.js';
import type { PointProcess } from '../model/point-process.js';
import type { Segment } from '../model/segment.js';
import type { Reference } from '../recording/reference.js';
import { vectorImpl, type RecordTarget, type Vector } from '../recording/vector.js';

/** Watches a variable (a segment's v) for upward threshold crossings: NEURON's PreSyn. One
 * detector serves every NetCon watching the same variable, so they share the threshold. */
export class Detector {
  threshold = 10; // [mV]
  above = false;
  array: Float64Array = new Float64Array(1);
  index = 0;
  readonly netcons: NetCon[] = [];
  readonly records = new Set<RecordTarget>();

  constructor(readonly ref: Reference) {}
}

/** Spike-time recorders of point processes that fire (NetCon sources), by source. */
const pointSourceRecords = new WeakMap<PointProcess, Set<RecordTarget>>();

/** @internal The spike-time recorders of a point-process source (NEURON's PreSyn's record). */
export function pointRecordsOf(source: PointProcess): Set<RecordTarget> {
  let set = pointSourceRecords.get(source);
  if (!set) pointSourceRecords.set(source, (set = new Set()));
  return set;
}

/** The global ids (ParallelContext gids) of spike sources: a detector or a point process. */
const sourceGids = new WeakMap<Detector | PointProcess, number>();

/** @internal Gives a spike source a global id (`pc.cell(gid, nc)`), or takes it away (-1). */
export function setSourceGid(source: Detector | PointProcess, gid: number): void {
  if (gid < 0) sourceGids.delete(source);
  else sourceGids.set(source, gid);
}

/** What a NetCon needs from its simulation. */
export interface NetConHost {
  /** @internal */ _queueNetConEvent(nc: NetCon, time: number): void;
  /** @internal */ _removeNetCon(nc: NetCon): void;
}

/**
 * A connection that carries events from a source (a voltage crossing a threshold, or a point
 * process that fires) to a target's NET_RECEIVE, after `delay` ms, with a `weight` vector.
 *
 * @example
 * ```ts
 * const nc = h.NetCon(stim, syn);          // from a NetStim to an ExpSyn
 * nc.weight[0] = 0.02;                     // [uS]
 * nc.delay = 1;                            // [ms]
 * const spikes = h.NetCon(soma(0.5)._ref_v, null, { sec: soma });
 * spikes.threshold = 0;                    // [mV]
 * const times = h.Vector(); spikes.record(times);
 * ```
 */
export class NetCon {
  /** The weight vector passed to the target's NET_RECEIVE (its arguments, in order). */
  readonly weight: Float64Array;
  #delay = 1;
  #active = true;
  #threshold = 10;

  /** @internal */
  constructor(
    /** @internal */ readonly _host: NetConHost,
    /** @internal */ readonly _serial: number,
    /** @internal the watched variable's detector, when the source is a variable */
    readonly _detector: Detector | undefined,
    /** @internal the source point process, when the source fires with net_event */
    readonly _sourcePoint: PointProcess | null,
    /** @internal */ readonly _target: PointProcess | null,
  ) {
    const n = _target ? Math.max(1, _target.type.netReceiveArgs ?? 1) : 1;
    this.weight = new Float64Array(n);
  }

  /** Delivery delay after the source fires [ms], >= 0. */
  get delay(): number {
    return this.#delay;
  }

  /** Sets the delivery delay [ms]: a finite number >= 0. */
  set delay(value: number) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new NeuriteError('INVALID_VALUE', `${this.hname()}.delay must be a finite number of ms >= 0, got ${shown(value)}; events cannot travel back in time`);
    }
    this.#delay = value;
  }

  /** Threshold of the watched variable [mV] (shared by all NetCons watching it). */
  get threshold(): number {
    return this._detector ? this._detector.threshold : this.#threshold;
  }

  /** Sets the threshold [mV] (a finite number) of the watched variable, for every NetCon watching it. */
  set threshold(value: number) {
    if (!Number.isFinite(value)) throw new NeuriteError('INVALID_VALUE', `${this.hname()}.threshold must be a finite number of mV, got ${shown(value)}`);
    if (this._detector) this._detector.threshold = value;
    else this.#threshold = value;
  }

  /** Whether events are delivered; with an argument, sets it. Returns the (new) state. */
  active(on?: boolean | number): boolean {
    if (on !== undefined) this.#active = Boolean(on);
    return this.#active;
  }

  /**
   * Records the source's spike times [ms] into `vec`; with `idvec` and `id`, also appends `id` to
   * `idvec` at each spike (one pair of vectors can collect a whole network's raster). No
   * argument: stops recording.
   * @example
   * ```ts
   * nc.record(times);                 // spike times
   * nc.record(times, ids, 7);         // and 7 in ids for each
   * ```
   */
  record(vec?: Vector, idvec?: Vector, id?: number): void {
    const rec = this._detector?.records ?? this.#pointRecords();
    rec.clear();
    if (!vec) return;
    const times = vectorImpl(vec);
    times.label = `${this.hname()} spikes`;
    times.unit = 'ms';
    if (idvec === undefined) {
      rec.add(times);
      return;
    }
    if (typeof id !== 'number' || !Number.isFinite(id)) {
      throw new NeuriteError('INVALID_ARGUMENT', `${this.hname()}.record(tvec, idvec, id): the id to record with each spike must be a number, got ${String(id)}`);
    }
    const ids = vectorImpl(idvec);
    ids.label = `${this.hname()} spike ids`;
    rec.add({
      _recordStart: () => { times._recordStart(); ids._recordStart(); },
      _push: (t: number) => { times._push(t); ids._push(id); },
    });
  }

  /** Delivers an event to the target at time `t` [ms] (no delay), as NEURON's `nc.event(t)`. */
  event(t: number): void {
    if (!this._target) throw new NeuriteError('INVALID_ARGUMENT', `${this.hname()} has no target to deliver an event to`);
    this._host._queueNetConEvent(this, t);
  }

  /** The source point process, or null. */
  pre(): PointProcess | null {
    return this._sourcePoint;
  }

  /** The target point process, or null. */
  syn(): PointProcess | null {
    return this._target;
  }

  /** The segment of the watched variable (`soma(0.5)` for `soma(0.5)._ref_v`), or null when the
   * source is a point process or a variable of no segment (NEURON's `preseg()`).
   * @example `h.NetCon(soma(0.5)._ref_v, syn, { sec: soma }).preseg()?.sec // soma` */
  preseg(): Segment | null {
    return this._detector?.ref._segment ?? null;
  }

  /** The segment of the target, or null (none, or an artificial cell) (NEURON's `postseg()`).
   * @example `h.NetCon(stim, h.ExpSyn(dend(0.5))).postseg()?.x // 0.5` */
  postseg(): Segment | null {
    return this._target?.get_segment() ?? null;
  }

  /** The cell of the source: the object its section was made for (`h.Section({ name, cell })`),
   * an artificial cell source itself, or null (NEURON's `precell()`).
   * @example `cells.indexOf(nc.precell() as BallAndStick) // which cell fired` */
  precell(): object | null {
    if (this._sourcePoint) return cellOf(this._sourcePoint);
    return this._detector?.ref._segment?.sec.cell() ?? null;
  }

  /** The cell of the target, as {@link NetCon.precell} (NEURON's `postcell()`).
   * @example `nc.postcell() === cells[1] // true for a NetCon onto cells[1].syn` */
  postcell(): object | null {
    return this._target ? cellOf(this._target) : null;
  }

  /** The global id of the source (a ParallelContext gid: `pc.cell(gid, nc)`, or the `srcgid` of
   * `pc.gid_connect(srcgid, syn)`), or -1 when it has none.
   * @example `pc.gid_connect(3, syn).srcgid() // 3` */
  srcgid(): number {
    if (this._srcgid !== undefined) return this._srcgid;
    const source = this._detector ?? this._sourcePoint;
    return source ? sourceGids.get(source) ?? -1 : -1;
  }

  /** @internal the gid of `pc.gid_connect(srcgid, ...)` when the gid has no source here */
  _srcgid: number | undefined;

  /** True while the NetCon has a source and a target. */
  valid(): boolean {
    return (this._detector !== undefined || this._sourcePoint !== null) && this._target !== null;
  }

  /** Disconnects it: no more events. */
  remove(): void {
    this._host._removeNetCon(this);
  }

  /** NEURON's name, `NetCon[0]`. */
  hname(): string {
    return `NetCon[${this._serial}]`;
  }

  /** NEURON's name, e.g. `NetCon[0]`, as {@link NetCon.hname}. */
  toString(): string {
    return this.hname();
  }

  /** NEURON's name, e.g. `"NetCon[0]"` (what `JSON.stringify` writes). */
  toJSON(): string {
    return this.hname();
  }

  /** @internal spike-time recorders of a point-process source: one set per source, shared by
   * its NetCons as NEURON's PreSyn of the point process is (the last `nc.record` wins) */
  get _pointRecords(): Set<RecordTarget> {
    return this._sourcePoint ? pointRecordsOf(this._sourcePoint) : this.#ownRecords;
  }

  readonly #ownRecords = new Set<RecordTarget>();

  #pointRecords(): Set<RecordTarget> {
    return this._pointRecords;
  }
}

/** The cell a point process belongs to: its section's cell, or itself when it is an artificial
 * cell (no section). */
function cellOf(p: PointProcess): object | null {
  const seg = p.get_segment();
  if (seg) return seg.sec.cell();
  return p.type.kind === 'artificial' ? p : null;
}
