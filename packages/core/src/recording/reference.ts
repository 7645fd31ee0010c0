import type { Segment } from '../model/segment.js';

/**
 * A reference to one simulation variable, NEURON's `_ref_` pointers: `seg._ref_v`, `h._ref_t`,
 * `seg.hh._ref_m`, `stim._ref_i`. It stays valid when the model is re-discretized: it is resolved
 * to its current storage whenever it is read.
 *
 * @example
 * ```ts
 * const ref = soma(0.5)._ref_v;
 * ref.get();         // [mV]
 * ref.label;         // 'soma(0.5).v'
 * h.Vector().record(ref);
 * ```
 */
export class Reference {
  /**
   * @param label what it points to, e.g. `soma(0.5).v`
   * @param unit the variable's unit, e.g. `mV`
   * @param _resolve the variable's current storage: an array and an index into it
   * @param _owner what the variable belongs to (its section, say): two references are to the same
   *   variable when their labels and owners are equal (sections may share a name)
   * @param _segment the segment the variable is at, for a variable of a segment (`seg._ref_v`)
   */
  constructor(
    readonly label: string,
    readonly unit: string,
    /** @internal */ readonly _resolve: () => readonly [Float64Array, number],
    /** @internal */ readonly _owner?: object,
    /** @internal */ readonly _segment?: Segment,
  ) {}

  /** The current value. */
  get(): number {
    const [a, i] = this._resolve();
    return a[i];
  }

  /** Sets the value. */
  set(value: number): void {
    const [a, i] = this._resolve();
    a[i] = value;
  }

  /** The variable name without its location (`v` for `soma(0.5).v`). */
  get variable(): string {
    const dot = this.label.lastIndexOf('.');
    return dot < 0 ? this.label : this.label.slice(dot + 1);
  }

  /** The label and unit, e.g. `<ref soma(0.5).v [mV]>`. */
  toString(): string {
    return `<ref ${this.label} [${this.unit}]>`;
  }
}
