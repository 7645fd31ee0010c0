import { describe, expect, it } from 'vitest';
import { PlotError, SHAPE_PALETTE, isShapeSpec, shapePlot, shapeSections } from '../src/index.js';
import type { SectionLike } from '../src/index.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof PlotError) return e.code;
    throw e;
  }
  return undefined;
}

describe('shapePlot', () => {
  it('cuts sections drawn from 3D points into one piece per segment, by arc length', () => {
    const spec = shapePlot(
      [
        { name: 'soma', points: [{ x: 0, y: 0, z: 0, diam: 20 }, { x: 20, y: 0, z: 0, diam: 20 }], values: -65 },
        {
          name: 'dend',
          // An L: 30 µm along x then 30 µm along y; 3 segments of 20 µm.
          points: [{ x: 20, y: 0, z: 0, diam: 2 }, { x: 50, y: 0, z: 0, diam: 2 }, { x: 50, y: 30, z: 5, diam: 2 }],
          values: [-60, -50, -40],
        },
      ],
      { variable: 'v', unit: 'mV' },
    );
    expect(isShapeSpec(spec)).toBe(true);
    expect(spec.labels).toEqual(['soma(0.5)', 'dend(0.166667)', 'dend(0.5)', 'dend(0.833333)']);
    expect([...spec.values]).toEqual([-65, -60, -50, -40]);
    const hyp = Math.hypot(30, 5); // the second leg, in 3D
    const total = 30 + hyp;
    expect([...spec.xs[1]]).toEqual([20, 20 + total / 3]);
    expect(spec.xs[2].length).toBe(3); // it crosses the corner
    expect(spec.xs[2][1]).toBe(50);
    expect(spec.ys[3][spec.ys[3].length - 1]).toBe(30);
    expect(spec.colorBar).toMatchObject({ title: 'v (mV)', low: -65, high: -40 });
    expect(spec.colors[0]).toBe(SHAPE_PALETTE[0]);
    expect(spec.colors[3]).toBe(SHAPE_PALETTE[SHAPE_PALETTE.length - 1]);
    expect(spec.lineWidths[0]).toBeGreaterThan(spec.lineWidths[1]); // thicker soma
  });

  it('projects on the plane asked for', () => {
    const pts = [{ x: 1, y: 2, z: 3, diam: 1 }, { x: 4, y: 5, z: 6, diam: 1 }];
    expect([...shapePlot([{ name: 'a', points: pts }], { view: 'xz' }).ys[0]]).toEqual([3, 6]);
    expect([...shapePlot([{ name: 'a', points: pts }], { view: 'zy' }).xs[0]]).toEqual([3, 6]);
  });

  it('lays out a tree without 3D points: root along x, children from their attachment points', () => {
    const spec = shapePlot([
      { name: 'soma', length: 20 },
      { name: 'a', length: 100, parent: 'soma', parentX: 1 },
      { name: 'b', length: 100, parent: 'soma', parentX: 1 },
      { name: 'axon', length: 50, parent: 'soma', parentX: 0 },
    ]);
    const end = (i: number) => [spec.xs[i][spec.xs[i].length - 1], spec.ys[i][spec.ys[i].length - 1]];
    expect([spec.xs[0][0], spec.ys[0][0]]).toEqual([0, 0]);
    expect(end(0)).toEqual([20, 0]);
    // a and b fan out at -60° and +60° from the soma's end; the axon leaves its 0 end backwards.
    expect(spec.xs[1][0]).toBe(20);
    expect(end(1)[0]).toBeCloseTo(20 + 100 * Math.cos(Math.PI / 3));
    expect(end(1)[1]).toBeCloseTo(-100 * Math.sin(Math.PI / 3));
    expect(end(2)[1]).toBeCloseTo(100 * Math.sin(Math.PI / 3));
    expect(end(3)[0]).toBeCloseTo(-50);
    expect(spec.colorBar).toBeNull();
    expect(new Set(spec.colors)).toEqual(new Set(['#333333']));
  });

  it('reports bad input with typed errors', () => {
    expect(code(() => shapePlot([]))).toBe('EMPTY');
    expect(code(() => shapePlot([{ name: 'a', parent: 'nope' }]))).toBe('BAD_INPUT');
    expect(code(() => shapePlot([{ name: 'a' }, { name: 'a' }]))).toBe('BAD_INPUT');
    expect(code(() => shapePlot([{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }]))).toBe('BAD_INPUT');
    expect(code(() => shapePlot([{ name: 'a', points: [{ x: 0, y: 0, z: 0, diam: 1 }] }]))).toBe('BAD_INPUT');
    expect(code(() => shapePlot([{ name: 'a', values: [] }]))).toBe('BAD_INPUT');
    expect(code(() => shapePlot([{ name: 'a', values: [1] }], { colorRange: [1, 0] }))).toBe('BAD_OPTION');
  });
});

/** A section as neurite's core provides it, with nseg segments whose v rises along it. */
function fakeSection(name: string, L: number, diam: number, nseg: number, parent: { name: string; x: number } | null, v0: number) {
  const segs = Array.from({ length: nseg }, (_, i) => ({ x: (i + 0.5) / nseg, v: v0 + i }));
  const sec: SectionLike<{ x: number; v: number }> = {
    name: () => name,
    L,
    diam,
    parentseg: () => (parent ? { sec: { name: () => parent.name }, x: parent.x } : null),
    [Symbol.iterator]: () => segs[Symbol.iterator](),
  };
  return sec;
}

describe('shapeSections', () => {
  it('reads names, the tree and a range variable per segment from sections', () => {
    const soma = fakeSection('soma', 20, 20, 1, null, -65);
    const dend = fakeSection('dend', 200, 2, 3, { name: 'soma', x: 1 }, -60);
    const shapes = shapeSections([soma, dend], (seg) => seg.v);
    expect(shapes).toEqual([
      { name: 'soma', length: 20, diam: 20, parent: null, parentX: undefined, values: [-65] },
      { name: 'dend', length: 200, diam: 2, parent: 'soma', parentX: 1, values: [-60, -59, -58] },
    ]);
    const spec = shapePlot(shapes, { variable: 'v', unit: 'mV' });
    expect(spec.labels).toEqual(['soma(0.5)', 'dend(0.166667)', 'dend(0.5)', 'dend(0.833333)']);
    expect(spec.xs[3][1]).toBeCloseTo(220);
  });

  it('uses 3D points when the sections have them', () => {
    const sec = {
      ...fakeSection('axon', 10, 1, 1, null, 0),
      n3d: () => 2,
      x3d: (i: number) => i * 10,
      y3d: () => 5,
      z3d: () => 0,
      diam3d: () => 1,
    };
    expect(shapeSections([sec])[0].points).toEqual([
      { x: 0, y: 5, z: 0, diam: 1 },
      { x: 10, y: 5, z: 0, diam: 1 },
    ]);
  });
});
