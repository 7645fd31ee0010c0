import type { MechanismType } from '../abi.js';
import { NeuriteError } from '../errors.js';
import { setInspect } from '../inspect.js';
import type { Simulation } from '../simulation.js';
import type { Reference } from '../recording/reference.js';
import type { Segment } from './segment.js';
import type { Section } from './section.js';
import type { InstanceHandle } from './store.js';

/**
 * An instance of a point process (`h.IClamp(soma(0.5))`) or an artificial cell. Its variables
 * are properties (`stim.amp`), with `_ref_<name>` references for recording.
 *
 * @example
 * ```ts
 * const stim = h.IClamp(soma(0.5));
 * stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;   // [ms], [ms], [nA]
 * const i = h.Vector().record(stim._ref_i);
 * ```
 */
export class PointProcess {
  /** @internal */ _handle: InstanceHandle;
  /** @internal */ _sec: Section | null = null;
  /** @internal */ _x = 0.5;

  /** @internal Made by `h.<Name>(seg)`. */
  constructor(
    /** @internal */ readonly _sim: Simulation,
    /** The mechanism type. */
    readonly type: MechanismType,
    /** @internal */ readonly _serial: number,
  ) {
    this._handle = _sim._allocPoint(this);
  }

  /** The segment it is placed in (its centre), or null for an artificial cell or after removal. */
  get_segment(): Segment | null {
    return this._sec ? this._sec(this._sim._segmentCentre(this._sec, this._x)) : null;
  }

  /** Moves it to another location: `loc(dend(0.9))` or `loc(0.9, { sec: dend })`; returns it.
   * @example `stim.loc(0.9, { sec: dend }).get_loc() // 0.5 with dend.nseg = 1` */
  loc(seg: Segment): this;
  loc(x: number, options: { sec: Section }): this;
  loc(at: Segment | number, options?: { sec: Section }): this {
    if (this.type.kind === 'artificial') {
      throw new NeuriteError('INVALID_ARGUMENT', `${this.hname()} is an artificial cell and has no location`);
    }
    if (typeof at === 'number') {
      if (typeof options?.sec !== 'function') {
        throw new NeuriteError('INVALID_ARGUMENT', `${this.hname()}.loc(${at}) needs its section too: loc(soma(${at})) or loc(${at}, { sec: soma })`);
      }
      this._sim._placePoint(this, options.sec(at));
    } else {
      this._sim._placePoint(this, at);
    }
    return this;
  }

  /** x of its location (the centre of its segment, where NEURON puts it), or -1 when it has none
   * (NEURON's `get_loc()`; the section is `get_segment().sec`).
   * @example `h.IClamp(dend(0.33)).get_loc() // 0.3 with dend.nseg = 5` */
  get_loc(): number {
    return this._sec ? this._sim._segmentCentre(this._sec, this._x) : -1;
  }

  /** True while it has a location. */
  has_loc(): boolean {
    return this._sec !== null;
  }

  /** NEURON's name, `IClamp[0]`. */
  hname(): string {
    return `${this.type.name}[${this._serial}]`;
  }

  /** NEURON's name, e.g. `IClamp[0]`, as {@link PointProcess.hname}. */
  toString(): string {
    return this.hname();
  }

  /** NEURON's name, e.g. `"IClamp[0]"` (what `JSON.stringify` writes). */
  toJSON(): string {
    return this.hname();
  }
}

/**
 * A point process of a known type, with its variables typed by name: `Fields` hold a number,
 * `ArrayFields` several (e.g. VClamp's `dur[3]`: `vc.dur[1] = 2`, `vc._ref_dur[1]`).
 * @example
 * ```ts
 * type VC = PointProcessOf<'gain' | 'i', 'dur' | 'amp'>;
 * ```
 */
export type PointProcessOf<Fields extends string, ArrayFields extends string = never> = PointProcess
  & { [F in Fields]: number } & { [F in Fields as `_ref_${F}`]: Reference }
  & { readonly [F in ArrayFields]: number[] } & { readonly [F in ArrayFields as `_ref_${F}`]: Reference[] };

// (console.log shows NEURON's name, its variables and where it is: IClamp[0] { delay: 2, ... } at soma(0.5).)
setInspect(PointProcess.prototype, (p: PointProcess, inspect, options) => {
  const values = Object.fromEntries(p.type.fields.filter((f) => f.range).map((f) => [f.name, (p as unknown as Record<string, unknown>)[f.name]]));
  const at = p.get_segment();
  return `${p.hname()} ${inspect(values, options)}${at ? ` at ${at.toString()}` : ''}`;
}, (p) => p.hname());
