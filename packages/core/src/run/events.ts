import type { PointProcess } from '../model/point-process.js';
import type { NetCon } from './netcon.js';

/** An event waiting in the queue: a NetCon's spike on its way, or a self-event (`net_send`). */
/** A play's value or a recording's sample, an event of the queue as in NEURON: what to do at
 * delivery, and whose it is (a vector that plays or records). */
export interface TimedEvent {
  readonly owner: object;
  deliver(t: number): void;
}

export interface QueuedEvent {
  /** Delivery time [ms]. */
  time: number;
  /** When it entered the queue's tree (see {@link EventQueue}): of events at one time there, the
   * one that entered first is delivered first. */
  seq: number;
  target: PointProcess | null;
  /** The weight vector NET_RECEIVE sees (the NetCon's, or for a self-event the one that caused it). */
  weights: Float64Array;
  /** 0 for NetCon events; the `net_send` flag for self-events. */
  flag: number;
  /** The NetCon that sent it (undefined for self-events). */
  netcon: NetCon | undefined;
  /** For a play's value or a recording's sample (then `target` is unused). */
  timed?: TimedEvent;
  /** When it was queued [ms] (of two events at one time, NEURON delivers the one queued first;
   * with the simulation's plays and interval recordings this orders them, see simulation.ts). */
  sent: number;
}

/**
 * NEURON's event queue (its TQueue): the earliest event kept apart (`least`), the others in a
 * tree ordered by time and, at equal times, by when they entered the tree. An event earlier than
 * `least` takes its place and `least` enters the tree then, after the events of its time already
 * there: so events at one time are not always delivered in the order they were queued, and
 * neurite delivers them in NEURON's order. (The tree is a binary heap on (time, entry number).)
 */
export class EventQueue {
  readonly #heap: QueuedEvent[] = [];
  #least: QueuedEvent | undefined;
  /** Entry numbers into the tree. */
  #seq = 0;
  /** Queueing numbers (for {@link lastSelfEvent}). */
  #order = 0;
  readonly #queued = new WeakMap<QueuedEvent, number>();

  get size(): number {
    return this.#heap.length + (this.#least ? 1 : 0);
  }

  clear(): void {
    this.#heap.length = 0;
    this.#least = undefined;
  }

  push(e: Omit<QueuedEvent, 'seq'>): QueuedEvent {
    const ev = e as QueuedEvent;
    this.#queued.set(ev, this.#order++);
    const least = this.#least;
    if (least === undefined || ev.time < least.time) {
      if (least !== undefined) this.#enter(least);
      this.#least = ev;
    } else {
      this.#enter(ev);
    }
    return ev;
  }

  /** The earliest event's time, or Infinity. */
  peekTime(): number {
    return this.#least ? this.#least.time : Infinity;
  }

  /** The earliest event, or undefined. */
  peek(): QueuedEvent | undefined {
    return this.#least;
  }

  pop(): QueuedEvent | undefined {
    const top = this.#least;
    this.#least = this.#takeFirst();
    return top;
  }

  /** Removes events matching `pred`; returns how many. */
  remove(pred: (e: QueuedEvent) => boolean): number {
    let n = 0;
    const keep = this.#heap.filter((e) => !pred(e));
    n += this.#heap.length - keep.length;
    if (n) {
      this.#heap.length = 0;
      for (const e of keep.sort((a, b) => (before(a, b) ? -1 : 1))) this.#heap.push(e);
    }
    if (this.#least && pred(this.#least)) {
      n++;
      this.#least = this.#takeFirst();
    }
    return n;
  }

  /** The latest-queued self-event of `target`, if any. */
  lastSelfEvent(target: PointProcess): QueuedEvent | undefined {
    let found: QueuedEvent | undefined;
    let at = -1;
    const all = this.#least ? [this.#least, ...this.#heap] : this.#heap;
    for (const e of all) {
      const o = this.#queued.get(e) ?? -1;
      if (e.target === target && e.netcon === undefined && o > at) { found = e; at = o; }
    }
    return found;
  }

  /** Moves a queued event to time `t` as NEURON's `net_move` does (its TQueue::move). */
  move(e: QueuedEvent, t: number): void {
    if (e === this.#least) {
      e.time = t;
      const next = this.#heap[0];
      if (next !== undefined && t > next.time) {
        this.#least = this.#takeFirst();
        this.#enter(e);
      }
      return;
    }
    const i = this.#heap.indexOf(e);
    if (i < 0) return;
    this.#heap.splice(i, 1);
    this.#heap.sort((a, b) => (before(a, b) ? -1 : 1));
    e.time = t;
    if (this.#least !== undefined && t < this.#least.time) {
      this.#enter(this.#least);
      this.#least = e;
    } else {
      this.#enter(e);
    }
  }

  /** Puts an event in the tree, after those of its time already there. */
  #enter(ev: QueuedEvent): void {
    ev.seq = this.#seq++;
    const heap = this.#heap;
    heap.push(ev);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  }

  /** Takes the tree's first event out of it. */
  #takeFirst(): QueuedEvent | undefined {
    const heap = this.#heap;
    if (!heap.length) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      this.#sift(0);
    }
    return top;
  }

  #sift(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && before(heap[l], heap[m])) m = l;
      if (r < n && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
