import { describe, expect, it } from 'vitest';
import { decodeFigure, encodeFigure, plot, shapePlot } from '../src/index.js';
import { base64Portable, base64ToFloat64, base64ViaBtoa, bytesToBase64, float64ToBase64 } from '../src/wire.js';

describe('wire format', () => {
  it('base64 agrees with Node for every tail length, by each of its three ways', () => {
    for (let n = 0; n < 8; n++) {
      const bytes = Uint8Array.from({ length: n + 100_000 }, (_, i) => (i * 37 + n) & 255);
      const want = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(want);
      expect(base64ViaBtoa(bytes)).toBe(want); // the browsers' way
      expect(base64Portable(bytes)).toBe(want); // the fallback
    }
  });

  it('round-trips float64 exactly, special values included', () => {
    const a = new Float64Array([0, -0, 1.5, -65.000000000001, NaN, Infinity, -Infinity, Number.MIN_VALUE, 1e308]);
    const b = base64ToFloat64(float64ToBase64(a));
    expect(Object.is(b[1], -0)).toBe(true);
    expect([...b]).toEqual([...a]);
    const view = new Float64Array(new Float64Array([9, 1, 2, 3]).buffer, 8, 2); // an offset view
    expect([...base64ToFloat64(float64ToBase64(view))]).toEqual([1, 2]);
  });

  it('stores a shared x once and decodes to an equal spec', () => {
    const t = { toArray: () => new Float64Array([0, 1, 2]), label: 't', unit: 'ms' };
    const spec = plot(t, { a: [1, 2, 3], b: [3, 2, 1] });
    const wire = encodeFigure(spec);
    expect(wire.arrays.length).toBe(3);
    const back = decodeFigure(JSON.parse(JSON.stringify(wire)));
    expect(back).toEqual(spec);
    expect(back.kind === 'neurite-plot' && back.traces[0].x === back.traces[1].x).toBe(true);
  });

  it('round-trips shape plots, NaN values included', () => {
    const spec = shapePlot([
      { name: 'soma', length: 20, diam: 20, values: [NaN] },
      { name: 'dend', length: 100, parent: 'soma', values: [1, 2] },
    ]);
    expect(decodeFigure(JSON.parse(JSON.stringify(encodeFigure(spec))))).toEqual(spec);
  });
});
