import type { IonArrays, InstanceData, MechanismKernels, MechanismType, RandomStream } from '../abi.js';

/** Where an instance lives: a segment of a section (density mechanisms) or a point process. */
export interface InstanceOwner {
  /** The node index of the instance in the current layout. */
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
 */
export class MechanismStore implements InstanceData {
  count = 0;
  nodeIndex: Int32Array;
  fields: Float64Array[];
  readonly lengths: number[];
  readonly globals: Float64Array;
  ions: IonArrays[] = [];
  /** One stream per instance for each RANDOM variable. */
  readonly randoms: RandomStream[][];
  kernels: MechanismKernels | undefined;
  readonly handles: InstanceHandle[] = [];
  readonly fieldIndex = new Map<string, number>();
  readonly globalIndex = new Map<string, number>();
  #capacity: number;

  constructor(readonly type: MechanismType, capacity = 4, readonly makeStream?: () => RandomStream) {
    this.#capacity = capacity;
    this.randoms = (type.randoms ?? []).map(() => []);
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
    if (this.count === this.#capacity) this.#grow(this.#capacity * 2);
    const k = this.count++;
    const fields = this.type.fields;
    for (let f = 0; f < fields.length; f++) {
      const len = this.lengths[f];
      this.fields[f].fill(fields[f].default, k * len, (k + 1) * len);
    }
    this.nodeIndex[k] = 0;
    for (const streams of this.randoms) streams[k] = this.makeStream!();
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
    const last = --this.count;
    if (k !== last) {
      const moved = this.handles[last];
      for (let f = 0; f < this.fields.length; f++) {
        const len = this.lengths[f];
        this.fields[f].copyWithin(k * len, last * len, (last + 1) * len);
      }
      this.nodeIndex[k] = this.nodeIndex[last];
      for (const streams of this.randoms) streams[k] = streams[last];
      moved.index = k;
      this.handles[k] = moved;
    }
    this.handles.length = this.count;
    for (const streams of this.randoms) streams.length = this.count;
  }

  /**
   * Recomputes every instance's node index from its owner (after the layout changed), and puts
   * the instances in node order, so that the kernels sweep the node arrays forwards. The order
   * is stable: instances on one node (point processes) keep their relative order, so the sums
   * they add into a node are formed in the same order.
   */
  relocate(): void {
    const n = this.count;
    for (let k = 0; k < n; k++) this.nodeIndex[k] = this.handles[k].owner.nodeIndex();
    let sorted = true;
    for (let k = 1; k < n && sorted; k++) sorted = this.nodeIndex[k - 1] <= this.nodeIndex[k];
    if (sorted) return;
    const ni = this.nodeIndex;
    const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => ni[x] - ni[y] || x - y);
    for (let f = 0; f < this.fields.length; f++) {
      const len = this.lengths[f];
      const from = this.fields[f].slice(0, n * len);
      const to = this.fields[f];
      for (let k = 0; k < n; k++) to.set(from.subarray(order[k] * len, (order[k] + 1) * len), k * len);
    }
    const oldNodes = ni.slice(0, n);
    const oldHandles = this.handles.slice(0, n);
    for (let k = 0; k < n; k++) {
      ni[k] = oldNodes[order[k]];
      const h = oldHandles[order[k]];
      h.index = k;
      this.handles[k] = h;
    }
    for (const streams of this.randoms) {
      const old = streams.slice(0, n);
      for (let k = 0; k < n; k++) streams[k] = old[order[k]];
    }
  }

  #grow(capacity: number): void {
    this.fields = this.fields.map((a, i) => {
      const b = new Float64Array(capacity * this.lengths[i]);
      b.set(a);
      return b;
    });
    const ni = new Int32Array(capacity);
    ni.set(this.nodeIndex);
    this.nodeIndex = ni;
    this.#capacity = capacity;
  }
}
