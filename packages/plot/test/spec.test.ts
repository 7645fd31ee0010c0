import { describe, expect, it } from 'vitest';
import { DEFAULT_COLORS, PlotError, displayTraces, isPlotSpec, plot, plotTraces } from '../src/index.js';

function rec(values: number[], label?: string, unit?: string) {
  return { toArray: () => Float64Array.from(values), label, unit };
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof PlotError) return e.code;
    throw e;
  }
  return undefined;
}

describe('plot', () => {
  it('labels the axes with the names and units of the recordings', () => {
    const spec = plot(rec([0, 0.025, 0.05], 't', 'ms'), rec([-65, -64, -60], 'v', 'mV'));
    expect(spec.xLabel).toBe('t (ms)');
    expect(spec.yLabel).toBe('v (mV)');
    expect(spec.traces.map((t) => t.name)).toEqual(['v']);
    expect(spec.legend).toBeNull();
    expect(isPlotSpec(spec)).toBe(true);
    expect(spec.tools).toEqual(['pan', 'wheel_zoom', 'box_zoom', 'reset', 'save', 'hover']);
  });

  it('takes plain arrays, with units from the options', () => {
    const spec = plot([0, 1, 2], new Float32Array([1, 2, 3]), { xUnit: 'ms', yUnit: 'mV' });
    expect(spec.xLabel).toBe('(ms)');
    expect(spec.yLabel).toBe('(mV)');
    expect([...spec.traces[0].y]).toEqual([1, 2, 3]);
    expect(plot([0, 1], [1, 2]).xLabel).toBe('');
    expect(plot([0, 1], [1, 2], { xLabel: 'time', yLabel: 'V_m' })).toMatchObject({ xLabel: 'time', yLabel: 'V_m' });
  });

  it('names traces from object keys, puts them in a legend, and shares one x array', () => {
    const t = rec([0, 1, 2], 't', 'ms');
    const spec = plot(t, { soma: rec([1, 2, 3], 'v', 'mV'), dend: rec([0, 1, 0], 'v', 'mV') });
    expect(spec.traces.map((x) => x.name)).toEqual(['soma', 'dend']);
    expect(spec.yLabel).toBe('v (mV)');
    expect(spec.legend).toBe('top_right');
    expect(spec.traces[0].x).toBe(spec.traces[1].x);
    expect(spec.traces.map((x) => x.color)).toEqual(DEFAULT_COLORS.slice(0, 2));
  });

  it('names array traces from labels or names, and says units in the legend when they differ', () => {
    const t = rec([0, 1], 't', 'ms');
    const spec = plot(t, [rec([1, 2], 'ina', 'mA/cm2'), rec([3, 4], 'v', 'mV'), [5, 6]]);
    expect(spec.traces.map((x) => x.name)).toEqual(['ina (mA/cm2)', 'v (mV)', 'y3']);
    expect(spec.yLabel).toBe('');
    const named = plot(t, [[1, 2], [3, 4]], { names: ['a', 'b'], legend: 'bottom_left' });
    expect(named.traces.map((x) => x.name)).toEqual(['a', 'b']);
    expect(named.legend).toBe('bottom_left');
    expect(plot(t, [[1, 2], [3, 4]], { legend: false }).legend).toBeNull();
  });

  it('computes ranges: x tight, y padded by 5%, ignoring NaN and infinities', () => {
    const spec = plot([0, 1, 2, 3], [-65, NaN, 35, Infinity]);
    expect(spec.xRange).toEqual([0, 3]);
    expect(spec.yRange[0]).toBeCloseTo(-70);
    expect(spec.yRange[1]).toBeCloseTo(40);
    expect(plot([0, 1], [-65, -65]).yRange).toEqual([-65 - 3.25, -65 + 3.25]);
    expect(plot([0, 1], [0, 0]).yRange).toEqual([-1, 1]);
    expect(plot([0, 1], [0, 1], { xRange: [-1, 5], yRange: [-80, 50] })).toMatchObject({ xRange: [-1, 5], yRange: [-80, 50] });
  });

  it('snapshots the data: later changes to the recordings do not change the spec', () => {
    const t = new Float64Array([0, 1, 2]);
    const v = [1, 2, 3];
    const spec = plot(t, v);
    t[0] = 99;
    v[0] = 99;
    expect(spec.traces[0].x[0]).toBe(0);
    expect(spec.traces[0].y[0]).toBe(1);
  });

  it('marks whether x is sorted', () => {
    expect(plot([0, 1, 1, 2], [0, 0, 0, 0]).traces[0].xSorted).toBe(true);
    expect(plot([0, 2, 1], [0, 0, 0]).traces[0].xSorted).toBe(false);
  });

  it('reports bad input with typed errors', () => {
    expect(code(() => plot([0, 1, 2], [1, 2]))).toBe('LENGTH_MISMATCH');
    expect(code(() => plot([], []))).toBe('EMPTY');
    expect(code(() => plot([0, 1], {}))).toBe('EMPTY');
    expect(code(() => plot([0, 1], ['a', 'b'] as unknown as number[]))).toBe('BAD_INPUT');
    expect(code(() => plot([0, 1], [1, null] as unknown as number[]))).toBe('BAD_INPUT');
    expect(code(() => plot(42 as unknown as number[], [1]))).toBe('BAD_INPUT');
    expect(code(() => plot([0, 1], [1, 2], { width: -3 }))).toBe('BAD_OPTION');
    expect(code(() => plot([0, 1], [1, 2], { xRange: [2, 1] }))).toBe('BAD_OPTION');
    expect(code(() => plot([0, 1], [1, 2], { tools: ['lasso' as 'pan'] }))).toBe('BAD_OPTION');
    expect(code(() => plot([0, 1], [1, 2], { legend: 'middle' as 'center' }))).toBe('BAD_OPTION');
    const e = (() => {
      try {
        plot([0, 1, 2], { v: [1, 2] });
      } catch (err) {
        return err as PlotError;
      }
    })();
    expect(e?.message).toBe("trace 'v': x has 3 points but y has 2");
    expect(e?.name).toBe('PlotError');
  });
});

describe('plotTraces', () => {
  it('accepts { x, ys } like plot', () => {
    const spec = plotTraces({ x: rec([0, 1], 't', 'ms'), ys: { v: [1, 2] }, title: 'T' });
    expect(spec).toMatchObject({ title: 'T', xLabel: 't (ms)', yLabel: 'v' });
  });

  it('accepts traces with their own x and style', () => {
    const spec = plotTraces({
      traces: [
        { x: [0, 1, 2], y: [1, 2, 3], name: 'control' },
        { x: [0, 2], y: [3, 1], name: 'TTX', dash: 'dashed', color: 'black', lineWidth: 1 },
      ],
    });
    expect(spec.traces[1]).toMatchObject({ name: 'TTX', dash: 'dashed', color: 'black', lineWidth: 1 });
    expect(spec.traces[0].x).not.toBe(spec.traces[1].x);
    expect(spec.xRange).toEqual([0, 2]);
    expect(code(() => plotTraces({ traces: [{ x: [0], y: [1], dash: 'wavy' as 'solid' }] }))).toBe('BAD_OPTION');
    expect(code(() => plotTraces({ traces: [] }))).toBe('EMPTY');
  });
});

describe('displayTraces', () => {
  it('decimates long traces to a few points per pixel and keeps a one-sample spike', () => {
    const n = 100_000;
    const t = Float64Array.from({ length: n }, (_, i) => i * 0.01);
    const v = new Float64Array(n).fill(-65);
    v[54_321] = 40;
    const spec = plot(t, v);
    const [shown] = displayTraces(spec, 500);
    expect(shown.total).toBe(n);
    expect(shown.x.length).toBeLessThanOrEqual(4 * 502);
    expect(Math.max(...shown.y)).toBe(40);
    expect(shown.x[shown.y.indexOf(40)]).toBe(t[54_321]);
    expect(spec.traces[0].y.length).toBe(n); // the data is kept
  });

  it('leaves traces alone when decimation is off', () => {
    const spec = plot(Float64Array.from({ length: 10_000 }, (_, i) => i), new Float64Array(10_000), { decimate: false });
    expect(displayTraces(spec, 100)[0].x.length).toBe(10_000);
  });
});
