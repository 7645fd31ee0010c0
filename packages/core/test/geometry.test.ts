import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  arc3d, connectionPoint, cylinderGeometry, diamsFromSegments, float32Point, nodeResistances, rescaleToLength,
  sectionGeometry,
  segmentGeometry, sectionLength, stylizedPoints, translatePoints, type Pt3dPoint,
} from '../src/geometry/pt3d.js';

type Pts = [number, number, number, number][];

interface SectionRef {
  name: string;
  parent: string | null;
  parentX: number | null;
  points: Pts;
  arc: number[];
  logicalConnection: [number, number, number] | null;
}
interface GeometryRef {
  name: string;
  L: number;
  nseg: number;
  Ra: number;
  area: number[];
  ri: number[];
  diam: number[];
  distance: number[];
}
interface CellRef {
  sections: SectionRef[];
  afterDefineShape: Record<string, Pts>;
  nseg1: GeometryRef[];
  nseg5: GeometryRef[];
}
interface CaseRef {
  name: string;
  nseg: number;
  Ra: number;
  input: Pts;
  points: Pts;
  arc: number[];
  L: number;
  area: number[];
  ri: number[];
  diam: number[];
}
interface CasesRef {
  cases: CaseRef[];
  setL: { before: { points: Pts; arc: number[] }; L: number; points: Pts; arc: number[]; nseg: number; Ra: number;
    area: number[]; ri: number[]; diam: number[] };
  setDiam: { input: Pts; nseg: number; x: number | null; value: number; segDiamBefore: number[] | null;
    points: Pts; diam: number[] }[];
  degenerate: { input: Pts; nseg: number; Ra: number; L: number; area: number[]; ri: number[]; diam: number[] };
  reversed: { input: Pts; nseg: number; Ra: number; x: number[]; area: number[]; ri: number[]; diam: number[];
    riAt0: number };
}

function fixture<T>(name: string): T {
  const file = fileURLToPath(new URL(`./fixtures/morphology/${name}`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Largest relative difference |a - b| / |b| (absolute where b is 0). */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]) / (b[i] === 0 ? 1 : Math.abs(b[i]));
    m = Math.max(m, d);
  }
  return m;
}

const PI = Math.PI;

describe('pt3d geometry: closed forms', () => {
  it('a cylinder: area PI d L/nseg, half resistances 1e-2 Ra (L/2nseg)/(PI d^2/4)', () => {
    const d = 2; // [um]
    const L = 30; // [um]
    const Ra = 150; // [ohm cm]
    for (const nseg of [1, 3, 4]) {
      const g = segmentGeometry([[0, 0, 0, d], [L, 0, 0, d]], nseg, Ra);
      const c = cylinderGeometry(L, new Array<number>(nseg).fill(d), Ra);
      const half = (1e-2 * Ra * (L / nseg / 2)) / ((PI * d * d) / 4);
      for (let j = 0; j < nseg; j++) {
        expect(g.area[j]).toBeCloseTo((PI * d * L) / nseg, 10);
        expect(g.diam[j]).toBeCloseTo(d, 12);
        expect(g.rLeft[j]).toBeCloseTo(half, 12);
        expect(g.rRight[j]).toBeCloseTo(half, 12);
        expect(c.area[j]).toBeCloseTo(g.area[j], 10);
        expect(c.rLeft[j]).toBeCloseTo(g.rLeft[j], 12);
      }
    }
  });

  it('a cone (frustum): lateral area, mean diameter and 4 Ra L/(PI d1 d2)', () => {
    const d1 = 4;
    const d2 = 1; // [um]
    const L = 12; // [um]
    const Ra = 100;
    const g = segmentGeometry([[0, 0, 0, d1], [0, L, 0, d2]], 1, Ra);
    const slant = Math.sqrt(L * L + ((d1 - d2) / 2) ** 2);
    expect(g.area[0]).toBeCloseTo((PI * (d1 + d2) / 2) * slant, 10);
    expect(g.diam[0]).toBeCloseTo((d1 + d2) / 2, 12);
    const dm = (d1 + d2) / 2; // diameter at the middle
    const rl = (1e-2 * Ra * 4 * (L / 2)) / (PI * d1 * dm);
    const rr = (1e-2 * Ra * 4 * (L / 2)) / (PI * dm * d2);
    expect(g.rLeft[0]).toBeCloseTo(rl, 12);
    expect(g.rRight[0]).toBeCloseTo(rr, 12);
    expect(nodeResistances(g)[0]).toBe(g.rLeft[0]);
    expect(nodeResistances(g)[1]).toBe(g.rRight[0]);
  });

  it('a zero-length step in diameter adds the annulus to the area', () => {
    const g = segmentGeometry([[0, 0, 0, 2], [5, 0, 0, 2], [5, 0, 0, 6], [10, 0, 0, 6]], 1, 100);
    const annulus = (PI / 4) * (6 * 6 - 2 * 2);
    expect(g.area[0]).toBeCloseTo(PI * 2 * 5 + PI * 6 * 5 + annulus, 10);
  });

  it('sectionGeometry: frusta with 2+ points, 1e-9 um cylinders with one point, else L', () => {
    const pts: Pt3dPoint[] = [[0, 0, 0, 2], [10, 0, 0, 4]];
    expect(sectionGeometry({ points: pts, L: 99, diam: [1, 1], Ra: 100 }).area)
      .toEqual(segmentGeometry(pts, 2, 100).area);
    // measured: one point, nseg = 3, diam 3 -> area PI * 3 * 1e-9 / 3 per segment
    expect(sectionGeometry({ points: [[0, 0, 0, 2]], L: 50, diam: [3, 3, 3], Ra: 100 }).area[0])
      .toBeCloseTo(3.1415926535897936e-9, 20);
    expect(sectionGeometry({ L: 50, diam: [3, 3, 3], Ra: 100 }).area[1]).toBeCloseTo(PI * 3 * 50 / 3, 10);
  });

  it('arc lengths are sums of single-precision differences', () => {
    expect([...arc3d([[0, 0, 0, 1], [3, 4, 0, 1], [3, 4, 12, 1]])]).toEqual([0, 5, 17]);
    expect(sectionLength([])).toBe(0);
    expect(float32Point([0.1, 0, 0, 2])[0]).toBe(Math.fround(0.1));
  });
});

describe('pt3d geometry against NEURON 8.2.2 (fixtures/morphology/geometry_cases.json)', () => {
  const ref = fixture<CasesRef>('geometry_cases.json');

  it('stores points in single precision and computes the same arc lengths, bit for bit', () => {
    for (const c of ref.cases) {
      // diam3d() reads back the absolute value of a negative diameter
      expect(c.input.map(float32Point).map(([x, y, z, d]) => [x, y, z, Math.abs(d)])).toEqual(c.points);
      expect([...arc3d(c.input)]).toEqual(c.arc);
    }
  });

  for (const c of ref.cases) {
    it(`${c.name}, nseg = ${c.nseg}: area, ri and diam within 1e-9`, () => {
      const g = segmentGeometry(c.input, c.nseg, c.Ra);
      expect(g.L).toBe(c.L);
      expect(maxRel(g.area, c.area)).toBeLessThan(1e-9);
      expect(maxRel(g.diam, c.diam)).toBeLessThan(1e-9);
      expect(maxRel(nodeResistances(g), c.ri)).toBeLessThan(1e-9);
    });
  }

  it('setting L moves the points about the first one and scales the stored arcs', () => {
    const s = ref.setL;
    const r = rescaleToLength(s.before.points, s.L, s.before.arc);
    expect(r.points).toEqual(s.points);
    expect([...r.arc]).toEqual(s.arc);
    const g = segmentGeometry(r.points, s.nseg, s.Ra, r.arc);
    expect(g.L).toBe(s.L);
    expect(maxRel(g.area, s.area)).toBeLessThan(1e-9);
    expect(maxRel(g.diam, s.diam)).toBeLessThan(1e-9);
    expect(maxRel(nodeResistances(g), s.ri)).toBeLessThan(1e-9);
  });

  it('setting diam gives every point the diam of the segment holding it, then recomputes', () => {
    for (const s of ref.setDiam) {
      const segDiam = s.segDiamBefore ? s.segDiamBefore.slice() : new Array<number>(s.nseg).fill(s.value);
      if (s.x !== null) segDiam[Math.min(Math.floor(s.x * s.nseg), s.nseg - 1)] = s.value;
      const pts = diamsFromSegments(s.input, segDiam);
      expect(pts).toEqual(s.points);
      const g = segmentGeometry(pts, s.nseg, 100);
      expect(maxRel(g.diam, s.diam)).toBeLessThan(1e-9);
    }
  });

  it('all points at one place: the annulus and zero-length pieces of 1e-15 um as NEURON', () => {
    const c = ref.degenerate;
    const g = segmentGeometry(c.input, c.nseg, c.Ra);
    expect(maxRel(g.area, c.area)).toBeLessThan(1e-9);
    expect(maxRel(nodeResistances(g), c.ri)).toBeLessThan(1e-9);
    expect(c.L).toBe(1e-9); // NEURON's floor on L; the points' length is 0
    expect(g.L).toBe(0);
  });

  it('a section attached by its 1 end: the geometry runs from the connection end (seg(x) is index nseg-1-j)', () => {
    const c = ref.reversed;
    const g = segmentGeometry(c.input, c.nseg, c.Ra);
    const ri = nodeResistances(g);
    const n = c.nseg;
    const byX = (v: ArrayLike<number>): number[] => Array.from({ length: n }, (_, j) => v[n - 1 - j]);
    expect(maxRel(byX(g.area), c.area)).toBeLessThan(1e-9);
    expect(maxRel(byX(g.diam), c.diam)).toBeLessThan(1e-9);
    expect(maxRel(byX(ri), c.ri)).toBeLessThan(1e-9);
    expect(ri[n]).toBeCloseTo(c.riAt0, 12); // the far end, x = 0
  });

  it('translation keeps diameters and moves every point', () => {
    expect(translatePoints([[4, 5, 6, 1], [10, 5, 6, 1]], 3, 4, 6)).toEqual([[7, 9, 12, 1], [13, 9, 12, 1]]);
  });

  it('a stylized shape: ends and segment centres with their segments\' diameters, the last arc L', () => {
    const { points, arc } = stylizedPoints([0, 0, 0], 0, 10, [2]);
    expect(points).toEqual([[0, 0, 0, 2], [5, 0, 0, 2], [10, 0, 0, 2]]);
    expect([...arc]).toEqual([0, 5, 10]);
    // Off the axis: the points are single precision, the last arc is still exactly L.
    const angle = Math.fround(Math.PI / 3);
    const s = stylizedPoints([1, 2, 100], angle, 12.6157, [3, 4]);
    expect(s.points.map((p) => p[3])).toEqual([3, 3, 4, 4]);
    for (const p of s.points) for (const c of p) expect(Math.fround(c)).toBe(c);
    expect(s.arc[3]).toBe(12.6157);
    expect(s.points[3][0]).toBe(Math.fround(1 + 12.6157 * Math.fround(Math.cos(angle))));
    expect(s.points[1][1]).toBe(Math.fround(2 * 0.75 + Math.fround(2 + 12.6157 * Math.fround(Math.sin(angle))) * 0.25));
  });
});

describe('pt3d geometry of whole cells imported by NEURON', () => {
  for (const file of ['cell.swc.json', 'cell.asc.json']) {
    const ref = fixture<CellRef>(file);
    const points = new Map(ref.sections.map((s) => [s.name, s]));
    for (const variant of ['nseg1', 'nseg5'] as const) {
      it(`${file}, ${variant}: every segment's area, ri and diam within 1e-9 relative`, () => {
        for (const sec of ref[variant]) {
          const s = points.get(sec.name)!;
          const g = segmentGeometry(s.points as Pt3dPoint[], sec.nseg, sec.Ra);
          expect(g.L).toBe(sec.L);
          expect(maxRel(g.area, sec.area)).toBeLessThan(1e-9);
          expect(maxRel(g.diam, sec.diam)).toBeLessThan(1e-9);
          expect(maxRel(nodeResistances(g), sec.ri)).toBeLessThan(1e-9);
        }
      });
      it(`${file}, ${variant}: path distances from soma[0](0.5) follow from L and the connections`, () => {
        const geo = new Map(ref[variant].map((g) => [g.name, g]));
        // distance to x of a section, measured from soma[0](0.5) (all sections attach by their 0 end)
        const dist = (name: string, x: number): number => {
          const s = points.get(name)!;
          const L = geo.get(name)!.L;
          if (s.parent === null) return Math.abs(x - 0.5) * L;
          return dist(s.parent, s.parentX!) + x * L;
        };
        for (const sec of ref[variant]) {
          const expected = sec.distance;
          const got = expected.map((_, j) => dist(sec.name, (j + 0.5) / sec.nseg));
          expect(maxRel(got, expected)).toBeLessThan(1e-9);
        }
      });
    }
  }
});

describe('define_shape on imported cells', () => {
  for (const file of ['cell.swc.json', 'branchy.swc.json', 'cell.asc.json', 'outside.asc.json']) {
    it(`${file}: children move to first + x (last - first) of the parent, minus their logical start`, () => {
      const ref = fixture<CellRef>(file);
      const byName = new Map(ref.sections.map((s) => [s.name, s]));
      const moved = new Map<string, Pts>();
      const placed = (name: string): Pts => {
        const done = moved.get(name);
        if (done) return done;
        const s = byName.get(name)!;
        let pts = s.points;
        if (s.parent !== null) {
          const target = connectionPoint(placed(s.parent), s.parentX!);
          const start = s.logicalConnection ?? s.points[0];
          pts = translatePoints(s.points, target[0] - start[0], target[1] - start[1], target[2] - start[2]) as Pts;
        }
        moved.set(name, pts);
        return pts;
      };
      for (const s of ref.sections) {
        const expected = ref.afterDefineShape[s.name] ?? s.points;
        const got = placed(s.name);
        for (let i = 0; i < got.length; i++) {
          for (let k = 0; k < 4; k++) expect(Math.abs(got[i][k] - expected[i][k])).toBeLessThan(2e-6);
        }
      }
    });
  }
});

describe('pt3d geometry against NEURON on random point lists (fixtures/morphology/geometry_random.json)', () => {
  const ref = fixture<{ cases: CaseRef[] }>('geometry_random.json');
  it(`${ref.cases.length} random sections: every segment's area, ri and diam within 1e-9 relative`, () => {
    let worst = 0;
    for (const c of ref.cases) {
      const g = segmentGeometry(c.input, c.nseg, c.Ra);
      expect(g.L).toBe(c.L);
      worst = Math.max(worst, maxRel(g.area, c.area), maxRel(g.diam, c.diam), maxRel(nodeResistances(g), c.ri));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});
