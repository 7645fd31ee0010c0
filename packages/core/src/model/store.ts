import type { IonArrays, InstanceData, MechanismKernels, MechanismType, PointerTarget, RandomStream } from '../abi.js';
import type { Reference } from '../recording/reference.js';
import { NeuriteError } from '../errors.js';
import { arenaBytes, type ArenaAllocator } from '../solver/hines.js';

/** The target of a POINTER that is not connected: reading or writing it is an error that says so. */
export function unsetPointer(name: string, who: string): PointerTarget {
  return {
    get array(): Float64Array {
      throw new NeuriteError('POINTER_NOT_SET', `the POINTER ${name} of ${who} points nowhere: connect it first, e.g. h.setpointer(soma(0.5)._ref_v, '${name}', ${who})`);
    },
    index: 0,
  };
}

/** Where an instance lives: a segment of a section (density mechanisms) or a point process. */
export interface InstanceOwner {
  /** The node index of the instance in the current layout; -1 for a point process without a
   * location (made without one, or its section deleted), which the kernels do not run. */
  nodeIndex(): number;
}

/** A stable reference to one instance; its `index` follows the instance when storage moves. */
export class InstanceHandle {
  index: number;
  alive = true;

  constructor(readonly store: MechanismStore, index: number, public owner: InstanceOwner) {
    this.index = index;
  }

  /** Value of field `f` (element `j` for array fields). */
  get(f: number, j = 0): number {
    return this.store.fields[f][this.index * this.store.lengths[f] + j];
  }

  set(f: number, value: number, j = 0): void {
    this.store.fields[f][this.index * this.store.lengths[f] + j] = value;
  }
}

/**
 * Every instance of one mechanism type in one simulation, as a structure of arrays. Core owns
 * the arrays and grows them by doubling; instances are removed by moving the last one into the
 * hole, so the arrays stay dense.
 *
 * At each layout the arrays move into the solver's memory ({@link adopt}), with no room to
 * spare: the store then says so with {@link memory}. An instance added after that moves them
 * back to JavaScript arrays (and clears {@link memory}) until the next layout.
 */
export class MechanismStore implements InstanceData {
  /** The instances the kernels run: those with a location, first in the arrays (see
   * {@link relocate}). */
  count = 0;
  /** Every instance, the ones without a location (point processes) after the others. */
  total = 0;
  nodeIndex: Int32Array;
  fields: Float64Array[];
  readonly lengths: number[];
  /** The values of the globals; replaced (values kept) when the store moves into a memory. */
  globals: Float64Array;
  ions: IonArrays[] = [];
  /** The memory that {@link nodeIndex}, {@link fields}, {@link globals}, {@link scratch}, the
   * ions' arrays and the kernels' node arrays are in, when they all are (see
   * {@link InstanceData.memory}). */
  memory: WebAssembly.Memory | undefined = undefined;
  /** {@link MechanismType.scratch} values for the kernels, in {@link memory}; undefined
   * without it. */
  scratch: Float64Array | undefined = undefined;
  /** One stream per instance for each RANDOM variable. */
  readonly randoms: RandomStream[][];
  /** For each POINTER variable, what each instance's points at (`h.setpointer`); null: not set. */
  readonly pointerRefs: (Reference | null)[][];
  /** For each POINTER variable, where each instance's points now (see {@link InstanceData.pointers});
   * filled in by the simulation from {@link pointerRefs} before kernels run. */
  readonly pointers: PointerTarget[][];
  kernels: MechanismKernels | undefined;
  readonly handles: InstanceHandle[] = [];
  readonly fieldIndex = new Map<string, number>();
  readonly globalIndex = new Map<string, number>();
  #capacity: number;

  constructor(readonly type: MechanismType, capacity = 4, readonly makeStream?: () => RandomStream) {
    this.#capacity = capacity;
    this.randoms = (type.randoms ?? []).map(() => []);
    this.pointerRefs = (type.pointers ?? []).map(() => []);
    this.pointers = (type.pointers ?? []).map(() => []);
    this.lengths = type.fields.map((f) => f.length ?? 1);
    this.fields = this.lengths.map((len) => new Float64Array(capacity * len));
    this.nodeIndex = new Int32Array(capacity);
    type.fields.forEach((f, i) => this.fieldIndex.set(f.name, i));
    const size = type.globals.reduce((n, g) => n + (g.length ?? 1), 0);
    this.globals = new Float64Array(size);
    let offset = 0;
    for (const g of type.globals) {
      const len = g.length ?? 1;
      this.globalIndex.set(g.name, offset);
      this.globals.fill(g.default, offset, offset + len);
      offset += len;
    }
  }

  /** Adds an instance with default values. */
  alloc(owner: InstanceOwner): InstanceHandle {
    if (this.total === this.#capacity) this.#grow(Math.max(4, this.#capacity * 2));
    const k = this.total++;
    // (Run by the kernels until the next layout says where it is: a layout comes before any run.)
    this.count = this.total;
    const fields = this.type.fields;
    for (let f = 0; f < fields.length; f++) {
      const len = this.lengths[f];
      this.fields[f].fill(fields[f].default, k * len, (k + 1) * len);
    }
    this.nodeIndex[k] = 0;
    for (const streams of this.randoms) streams[k] = this.makeStream!();
    for (const refs of this.pointerRefs) refs[k] = null;
    // (Not connected yet: a CONSTRUCTOR that reads one gets an error that says so.)
    this.pointers.forEach((targets, p) => { targets[k] = unsetPointer(this.type.pointers![p]!, `a new ${this.type.name}`); });
    const h = new InstanceHandle(this, k, owner);
    this.handles[k] = h;
    return h;
  }

  /** Copies every field value of `from` into `to`. */
  copyValues(from: InstanceHandle, to: InstanceHandle): void {
    for (let f = 0; f < this.fields.length; f++) {
      const len = this.lengths[f];
      this.fields[f].copyWithin(to.index * len, from.index * len, (from.index + 1) * len);
    }
  }

  /** Removes an instance; the last instance moves into its slot. */
  free(h: InstanceHandle): void {
    if (!h.alive) return;
    h.alive = false;
    const k = h.index;
    const last = --this.total;
    // (The order is put right by the next layout, which the removal calls for.)
    if (this.count > this.total) this.count = this.total;
    if (k !== last) {
      const moved = this.handles[last];
      for (let f = 0; f < this.fields.length; f++) {
        const len = this.lengths[f];
        this.fields[f].copyWithin(k * len, last * len, (last + 1) * len);
      }
      this.nodeIndex[k] = this.nodeIndex[last];
      for (const list of this.#perInstance()) list[k] = list[last];
      moved.index = k;
      this.handles[k] = moved;
    }
    this.handles.length = this.total;
    for (const list of this.#perInstance()) list.length = this.total;
  }

  /**
   * Recomputes every instance's node index from its owner (after the layout changed), and puts
   * the instances in node order, so that the kernels sweep the node arrays forwards, with the
   * instances that have no location (node -1) last and out of {@link count}. The order is
   * stable: instances on one node (point processes) keep their relative order, so the sums they
   * add into a node are formed in the same order.
   */
  relocate(): void {
    const n = this.total;
    const ni = this.nodeIndex;
    const handles = this.handles;
    let sorted = true;
    let top = 0;
    let located = 0;
    for (let k = 0; k < n; k++) {
      const node = handles[k].owner.nodeIndex();
      ni[k] = node;
      if (node >= 0) located++;
      if (k > 0 && (ni[k - 1] < 0 ? node >= 0 : ni[k - 1] > node && node >= 0)) sorted = false;
      if (node > top) top = node;
    }
    if (!sorted) this.#sortByNode(top);
    this.count = located;
    // (An instance without a location reads and writes node 0 if an event reaches it.)
    for (let k = located; k < n; k++) ni[k] = 0;
  }

  /** Puts the instances in node order (stable), given the largest node index; those at node -1
   * go last. */
  #sortByNode(top: number): void {
    const n = this.total;
    const ni = this.nodeIndex;
    // The new order by counting the instances at each node (node -1 counted as top + 1).
    const slot = (k: number): number => (ni[k] < 0 ? top + 1 : ni[k]);
    const start = new Int32Array(top + 3);
    for (let k = 0; k < n; k++) start[slot(k) + 1]++;
    for (let i = 1; i <= top + 2; i++) start[i] += start[i - 1];
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[start[slot(k)]++] = k;
    for (let f = 0; f < this.fields.length; f++) {
      const len = this.lengths[f];
      const from = this.fields[f].slice(0, n * len);
      const to = this.fields[f];
      if (len === 1) for (let k = 0; k < n; k++) to[k] = from[order[k]];
      else for (let k = 0; k < n; k++) for (let j = 0; j < len; j++) to[k * len + j] = from[order[k] * len + j];
    }
    const oldNodes = ni.slice(0, n);
    const oldHandles = this.handles.slice(0, n);
    for (let k = 0; k < n; k++) {
      ni[k] = oldNodes[order[k]];
      const h = oldHandles[order[k]];
      h.index = k;
      this.handles[k] = h;
    }
    for (const list of this.#perInstance()) {
      const old = list.slice(0, n);
      for (let k = 0; k < n; k++) list[k] = old[order[k]];
    }
  }

  /** The lists that hold one entry per instance besides the arrays (streams, POINTERs). */
  #perInstance(): unknown[][] {
    return [...this.randoms, ...this.pointerRefs, ...this.pointers];
  }

  /** The bytes {@link adopt} takes from an arena (each array rounded up to 8 bytes). */
  arenaBytes(): number {
    const n = this.total;
    let bytes = arenaBytes(n, 4) + arenaBytes(this.globals.length, 8) + arenaBytes(this.type.scratch ?? 0, 8);
    for (const len of this.lengths) bytes += arenaBytes(n * len, 8);
    return bytes;
  }

  /**
   * Moves the arrays into `memory` (arrays from `alloc`, views into `memory.buffer`), with room
   * for exactly the current instances, and allocates the zeroed {@link scratch}. The caller
   * vouches for the ions' and node arrays (see {@link InstanceData.memory}).
   */
  adopt(alloc: ArenaAllocator, memory: WebAssembly.Memory): void {
    const n = this.total;
    const ni = alloc.i32(n);
    ni.set(this.nodeIndex.subarray(0, n));
    this.nodeIndex = ni;
    this.fields = this.fields.map((a, f) => {
      const len = n * this.lengths[f];
      const b = alloc.f64(len);
      b.set(a.subarray(0, len));
      return b;
    });
    const globals = alloc.f64(this.globals.length);
    globals.set(this.globals);
    this.globals = globals;
    this.scratch = alloc.f64(this.type.scratch ?? 0);
    this.#capacity = n;
    this.memory = memory;
  }

  /** Moves the arrays out of the memory they were adopted into, if any (for a layout without
   * one). */
  release(): void {
    if (this.memory !== undefined) this.#grow(Math.max(4, this.total));
  }

  #grow(capacity: number): void {
    // Out of the memory, if the arrays were there: its other arrays have no room for them.
    if (this.memory !== undefined) {
      this.memory = undefined;
      this.scratch = undefined;
      this.globals = this.globals.slice();
    }
    this.fields = this.fields.map((a, i) => {
      const b = new Float64Array(capacity * this.lengths[i]);
      b.set(a.length <= b.length ? a : a.subarray(0, b.length));
      return b;
    });
    const ni = new Int32Array(capacity);
    ni.set(this.nodeIndex.length <= capacity ? this.nodeIndex : this.nodeIndex.subarray(0, capacity));
    this.nodeIndex = ni;
    this.#capacity = capacity;
  }
}
