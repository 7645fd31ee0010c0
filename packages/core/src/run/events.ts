import type { PointProcess } from '../model/point-process.js';
import type { NetCon } from './netcon.js';

/** An event waiting in the queue: a NetCon's spike on its way, or a self-event (`net_send`). */
export interface QueuedEvent {
  /** Delivery time [ms]. */
  time: number;
  /** Insertion number: events with equal times are delivered in the order they were queued. */
  seq: number;
  target: PointProcess;
  /** The weight vector NET_RECEIVE sees (the NetCon's, or for a self-event the one that caused it). */
  weights: Float64Array;
  /** 0 for NetCon events; the `net_send` flag for self-events. */
  flag: number;
  /** The NetCon that sent it (undefined for self-events). */
  netcon: NetCon | undefined;
}

/**
 * A priority queue of events (a binary heap ordered by time, then insertion order).
 */
export class EventQueue {
  readonly #heap: QueuedEvent[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  clear(): void {
    this.#heap.length = 0;
  }

  push(e: Omit<QueuedEvent, 'seq'>): QueuedEvent {
    const ev = e as QueuedEvent;
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
    return ev;
  }

  /** The earliest event's time, or Infinity. */
  peekTime(): number {
    return this.#heap.length ? this.#heap[0].time : Infinity;
  }

  pop(): QueuedEvent | undefined {
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

  /** Removes events matching `pred`; returns how many. */
  remove(pred: (e: QueuedEvent) => boolean): number {
    const keep = this.#heap.filter((e) => !pred(e));
    const n = this.#heap.length - keep.length;
    if (n) {
      this.#heap.length = 0;
      for (const e of keep.sort((a, b) => (before(a, b) ? -1 : 1))) this.#heap.push(e);
    }
    return n;
  }

  /** The latest-queued self-event of `target`, if any. */
  lastSelfEvent(target: PointProcess): QueuedEvent | undefined {
    let found: QueuedEvent | undefined;
    for (const e of this.#heap) if (e.target === target && e.netcon === undefined && (!found || e.seq > found.seq)) found = e;
    return found;
  }

  /** Re-establishes the heap after an event's time changed. */
  reorder(): void {
    const all = this.#heap.splice(0).sort((a, b) => (before(a, b) ? -1 : 1));
    this.#heap.push(...all);
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
