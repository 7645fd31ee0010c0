/**
 * What `console.log` and Node's `util.inspect` show of neurite's objects: NEURON's names and the
 * values a user looks for (`IClamp[0] { delay: 2, dur: 0.1, amp: 0.9, i: 0 }`, `soma(0.5)`),
 * not their internals. The key is Node's registered symbol, so this needs no Node module and
 * does nothing in a browser.
 * @module
 */

/** Node's key for an object's own `util.inspect` representation. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Node's `util.inspect`, as it passes it to a custom representation. */
export type InspectFn = (value: unknown, options?: object) => string;

/**
 * Gives the objects of a prototype the representation `show(object, inspect, options)`; where
 * reading the values throws (a removed mechanism, say), `fallback(object)` instead.
 *
 * @example
 * ```ts
 * setInspect(SegmentBase.prototype, (seg: SegmentBase) => seg.toString(), (seg) => seg.toString());
 * console.log(soma(0.5)); // soma(0.5)
 * ```
 */
export function setInspect<T>(proto: object, show: (self: T, inspect: InspectFn, options: object) => string, fallback: (self: T) => string): void {
  Object.defineProperty(proto, INSPECT, {
    value(this: T, _depth: number, options: object, inspect?: InspectFn): string {
      try {
        return show(this, inspect ?? ((v) => JSON.stringify(v)), options);
      } catch {
        return fallback(this);
      }
    },
    configurable: true,
  });
}
