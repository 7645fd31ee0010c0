import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

class FakeTerminal {
  isTTY = true;
  written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
}

describe('Progress', () => {
  it('shows done, percent, speed and ETA after the delay, then clears its line', () => {
    let now = 0;
    const term = new FakeTerminal();
    const bar = new Progress({ stream: term as unknown as NodeJS.WriteStream, total: 1000, format: (t) => `${t.toFixed(1)} ms`, speedUnit: 'ms/s', label: 'tutorial', now: () => now });
    now = 100;
    bar.update(50);
    expect(term.written).toEqual([]);
    now = 2000;
    bar.update(500);
    expect(term.written).toHaveLength(1);
    expect(term.written[0]).toBe(`\r${bar.line(500, 2000)}\x1b[K`);
    expect(bar.line(500, 2000)).toBe('tutorial ████████████░░░░░░░░░░░░  50% 500.0 ms/1000.0 ms 250 ms/s ETA 2.0s');
    now = 2050;
    bar.update(510);
    expect(term.written).toHaveLength(1);
    bar.finish();
    expect(term.written[1]).toBe('\r\x1b[K');
  });

  it('draws nothing when the stream is not a terminal', () => {
    const term = new FakeTerminal();
    term.isTTY = false;
    let now = 0;
    const bar = new Progress({ stream: term as unknown as NodeJS.WriteStream, total: 10, format: String, speedUnit: 'runs/s', now: () => now });
    now = 5000;
    bar.update(5);
    bar.finish();
    expect(term.written).toEqual([]);
  });
});
