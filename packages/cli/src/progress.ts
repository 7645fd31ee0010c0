/**
 * A one-line progress bar for runs and sweeps on a terminal: done, percent, speed and ETA,
 * redrawn at most ten times a second, shown only once the work takes more than a moment.
 * @module
 */

/** What a {@link Progress} draws: units and how to print amounts. */
export interface ProgressOptions {
  /** Where to draw (a terminal); nothing is drawn when it is not a TTY. */
  readonly stream: NodeJS.WriteStream;
  /** The total amount of work (ms of simulated time, or runs). */
  readonly total: number;
  /** Formats an amount: `12.5 ms`, `7 runs`. */
  readonly format: (amount: number) => string;
  /** The speed's unit: `ms/s`, `runs/s`. */
  readonly speedUnit: string;
  /** A label in front, e.g. the model's name. */
  readonly label?: string;
  /** Milliseconds of work before the bar appears (default 300). */
  readonly delay?: number;
  /** A clock in ms (default `performance.now`), for tests. */
  readonly now?: () => number;
}

const WIDTH = 24;

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A progress bar on a terminal; does nothing when the stream is not a TTY.
 *
 * @example
 * ```ts
 * const bar = new Progress({ stream: process.stderr, total: 1000, format: (t) => `${t.toFixed(1)} ms`, speedUnit: 'ms/s' });
 * h.observe({ onStep: () => bar.update(h.t) });
 * h.continuerun(1000);
 * bar.finish();
 * ```
 */
export class Progress {
  readonly #o: ProgressOptions;
  readonly #now: () => number;
  readonly #start: number;
  readonly #active: boolean;
  #last = -Infinity;
  #shown = false;

  constructor(options: ProgressOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#active = options.stream.isTTY === true;
  }

  /** Reports `done` out of the total; redraws when enough time passed. Cheap to call often. */
  update(done: number): void {
    if (!this.#active) return;
    const now = this.#now();
    if (now - this.#last < 100) return;
    if (!this.#shown && now - this.#start < (this.#o.delay ?? 300)) return;
    this.#last = now;
    this.#shown = true;
    this.#o.stream.write(`\r${this.line(done, now)}\x1b[K`);
  }

  /** The text of the bar for `done` at time `now` [ms]. */
  line(done: number, now: number = this.#now()): string {
    const { total, format, speedUnit, label } = this.#o;
    const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    const filled = Math.round(frac * WIDTH);
    const elapsed = (now - this.#start) / 1000;
    const speed = elapsed > 0 ? done / elapsed : 0;
    const eta = speed > 0 ? (total - done) / speed : Infinity;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const speedText = speed >= 100 ? speed.toFixed(0) : speed.toPrecision(3);
    return `${label ? `${label} ` : ''}${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${format(done)}/${format(total)} ${speedText} ${speedUnit} ETA ${formatDuration(eta)}`;
  }

  /** Removes the bar (if it was drawn). */
  finish(): void {
    if (this.#shown) this.#o.stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
