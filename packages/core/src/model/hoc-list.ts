/**
 * NEURON's `List`: an ordered list of objects, or a live list of every object of one kind
 * (`h.List('NetCon')`, `h.List('IClamp')`).
 * @module
 */
import { NeuriteError, shown } from '../errors.js';

/**
 * NEURON's `h.List()`: objects in order, with hoc's methods (`append`, `prepend`, `insrt`,
 * `remove`, `remove_all`, `index`, `count`, `o`), and iteration. `h.List('NetCon')` or
 * `h.List('IClamp')` lists every object of that kind that exists when it is read; such a list
 * cannot be changed.
 *
 * @example
 * ```ts
 * const cells = h.List();
 * cells.append(cellA); cells.append(cellB);
 * cells.count();               // 2
 * cells.o(1) === cellB;        // true
 * h.List('NetCon').count();    // the NetCons that exist now
 * ```
 */
export class List<T extends object = object> implements Iterable<T> {
  readonly #items: T[] = [];

  /** @internal */
  constructor(
    /** @internal every object of a kind, for `h.List(name)` */
    private readonly live?: { readonly name: string; readonly all: () => readonly T[] },
  ) {}

  /** The number of objects. */
  count(): number {
    return this.#all().length;
  }

  /** Adds `obj` at the end; returns the number of objects. */
  append(obj: T): number {
    this.#own('append').push(this.#object('append', obj));
    return this.#items.length;
  }

  /** Adds `obj` at the start; returns the number of objects. */
  prepend(obj: T): number {
    this.#own('prepend').unshift(this.#object('prepend', obj));
    return this.#items.length;
  }

  /** Inserts `obj` before object i (0 <= i <= count); returns the number of objects. */
  insrt(i: number, obj: T): number {
    const items = this.#own('insrt');
    if (!Number.isInteger(i) || i < 0 || i > items.length) throw new NeuriteError('INVALID_ARGUMENT', `List.insrt(i, obj): i is a whole number from 0 to ${items.length}, got ${shown(i)}`);
    items.splice(i, 0, this.#object('insrt', obj));
    return items.length;
  }

  /** Removes object i; returns the number of objects left. */
  remove(i: number): number {
    const items = this.#own('remove');
    this.#at('remove', i);
    items.splice(i, 1);
    return items.length;
  }

  /** Removes every object; returns 0. */
  remove_all(): number {
    this.#own('remove_all').length = 0;
    return 0;
  }

  /** The index of `obj`, or -1. */
  index(obj: T): number {
    return this.#all().indexOf(obj);
  }

  /** Object i. */
  o(i: number): T {
    return this.#at('o', i);
  }

  /** Object i (hoc's `object`, the same as {@link List.o}). */
  object(i: number): T {
    return this.#at('object', i);
  }

  /** The objects, in order, as an array. */
  toArray(): T[] {
    return [...this.#all()];
  }

  /** The objects, in order. */
  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  /** NEURON's name of the object. */
  toString(): string {
    return this.live ? `List(${this.live.name})` : 'List';
  }

  #all(): readonly T[] {
    return this.live ? this.live.all() : this.#items;
  }

  #own(method: string): T[] {
    if (this.live) throw new NeuriteError('INVALID_ARGUMENT', `List.${method}: a List of every ${this.live.name} follows them as they are made and removed; it cannot be changed`);
    return this.#items;
  }

  #object(method: string, obj: T): T {
    if (typeof obj !== 'object' || obj === null) throw new NeuriteError('INVALID_ARGUMENT', `List.${method}: a List holds objects, got ${shown(obj)}`);
    return obj;
  }

  #at(method: string, i: number): T {
    const all = this.#all();
    if (!Number.isInteger(i) || i < 0 || i >= all.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `List.${method}(i): i is a whole number from 0 to ${all.length - 1} (the list has ${all.length} object${all.length === 1 ? '' : 's'}), got ${shown(i)}`);
    }
    return all[i]!;
  }
}
