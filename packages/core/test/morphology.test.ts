import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ascToSections, contourCenter, importMorphology, MorphologyError, parseAsc, parseSwc,
  swcToSections, symmeig, typeName, type MorphologySpec,
} from '../src/morphology/index.js';

interface SectionRef {
  name: string;
  parent: string | null;
  parentX: number | null;
  childEnd: number;
  logicalConnection: [number, number, number] | null;
  points: [number, number, number, number][];
}
interface CellRef {
  sections: SectionRef[];
}

function text(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/morphology/${name}`, import.meta.url)), 'utf8');
}

function reference(name: string): CellRef {
  return JSON.parse(text(`${name}.json`)) as CellRef;
}

const f32 = (v: number): number => Math.fround(v);

/** The spec matches what NEURON's Import3d instantiated: same sections in the same creation
 * order, parents, connection points, child ends, logical connection points and 3-D points as
 * NEURON stores them (single precision). */
function expectSameAsNeuron(spec: MorphologySpec, ref: CellRef): void {
  expect(spec.sections.map((s) => s.name)).toEqual(ref.sections.map((s) => s.name));
  spec.sections.forEach((s, i) => {
    const r = ref.sections[i];
    expect({ name: s.name, parent: s.parent, parentX: s.parent === null ? null : s.parentX, childEnd: s.childEnd })
      .toEqual({ name: r.name, parent: r.parent, parentX: r.parentX, childEnd: r.childEnd });
    expect(s.logicalConnection ? s.logicalConnection.map(f32) : null).toEqual(r.logicalConnection);
    expect(s.points.map((p) => p.map(f32))).toEqual(r.points);
  });
}

describe('SWC import reproduces NEURON 8.2.2 Import3d', () => {
  for (const file of ['cell.swc', 'branchy.swc', 'two_trees.swc']) {
    it(`${file}: sections, names, parents, connection points and 3-D points exactly`, () => {
      const spec = swcToSections(parseSwc(text(file), file));
      expectSameAsNeuron(spec, reference(file));
    });
  }

  it('three-point soma (neuromorpho.org convention) becomes one cylinder along x', () => {
    const spec = importMorphology(text('cell.swc'), 'cell.swc');
    const soma = spec.sections[0];
    expect(soma.name).toBe('soma[0]');
    expect(soma.points).toEqual([[-6, 0, 0, 12], [0, 0, 0, 12], [6, 0, 0, 12]]);
    // dendrites on a one-point soma hang from its middle by wire, their parent copy dropped
    const dend0 = spec.sections.find((s) => s.name === 'dend[0]')!;
    expect(dend0.parentX).toBe(0.5);
    expect(dend0.logicalConnection).toEqual([0, 0, 0]);
    expect(dend0.points[0]).toEqual([6, 0, 0, 3]);
    // a child of a dendrite starts with a copy of its parent's last point
    const dend1 = spec.sections.find((s) => s.name === 'dend[1]')!;
    expect(dend1.points[0]).toEqual([25, 3, 1, 2]);
  });

  it('warns about zero-length steps and zero diameters, removed zero-length sections, and extra trees', () => {
    const cell = swcToSections(parseSwc(text('cell.swc'), 'cell.swc'));
    expect(cell.warnings.map((w) => [w.code, w.section])).toEqual([
      ['ZERO_DIAMETER', 'dend[1]'], ['ZERO_LENGTH_STEP', 'dend[2]'],
    ]);
    const branchy = swcToSections(parseSwc(text('branchy.swc'), 'branchy.swc'));
    expect(branchy.warnings.map((w) => [w.code, w.line])).toEqual([['ZERO_LENGTH_SECTION_REMOVED', 25]]);
    const two = swcToSections(parseSwc(text('two_trees.swc'), 'two_trees.swc'));
    expect(two.warnings[0].code).toBe('DISCONNECTED_TREE');
    expect(two.warnings[0].message).toContain('lines 2, 6');
  });

  it('connection order is Import3d\'s section order (children of a section in file order)', () => {
    const spec = swcToSections(parseSwc(text('cell.swc'), 'cell.swc'));
    expect(spec.connectionOrder).toEqual(
      ['soma[0]', 'dend[0]', 'dend[1]', 'dend[2]', 'dend[3]', 'apic[0]', 'apic[1]', 'apic[2]', 'axon[0]']);
  });

  it('sorts points by id and keeps comments', () => {
    const m = parseSwc('# c\n2 3 0 5 0 1 1\n1 1 0 0 0 5 -1\n3 3 0 9 0 1 2\n', 'x.swc');
    expect(m.header).toEqual(['# c']);
    const spec = swcToSections(m);
    expect(spec.sections.map((s) => s.name)).toEqual(['soma[0]', 'dend[0]']);
  });
});

describe('Neurolucida import reproduces NEURON 8.2.2 Import3d', () => {
  for (const file of ['cell.asc', 'outside.asc']) {
    it(`${file}: sections, names, parents, connection points and 3-D points exactly`, () => {
      const spec = ascToSections(parseAsc(text(file), file));
      expectSameAsNeuron(spec, reference(file));
    });
  }

  it('the soma contour becomes a 21-point centroid line; trees hang from its middle by wire', () => {
    const spec = importMorphology(text('cell.asc'), 'cell.asc');
    expect(spec.sections[0].points).toHaveLength(21);
    for (const s of spec.sections.filter((x) => x.parent === 'soma[0]')) {
      expect(s.parentX).toBe(0.5);
      expect(s.logicalConnection).toBeDefined();
    }
  });

  it('a tree outside every soma contour is connected logically to the nearest soma, with a warning', () => {
    const spec = ascToSections(parseAsc(text('outside.asc'), 'outside.asc'));
    expect(spec.warnings).toHaveLength(1);
    expect(spec.warnings[0]).toMatchObject({ code: 'DISCONNECTED_TREE', line: 25, file: 'outside.asc' });
    expect(spec.sections.map((s) => s.name)).toEqual(['dend_0[0]', 'soma[0]', 'axon[0]']);
  });

  it('parses properties, markers, spines, text and comments', () => {
    const m = parseAsc(`; comment
(Dot (Color White) (Name "m") ( 1 2 3 4))
((Color Cyan) ( 20 20 0 1) "text")
( (Color Red) (Apical)  ; the type is the last property
  ( 0 0 0 2) ( 0 5, 0, 2) <( 1 6 0 0.5)>
  ( 0 10 0 2 S1)
  ( ( 1 12 0 1) Normal | ( -1 12 0 1) Incomplete )
)`, 'p.asc');
    expect(m.trees).toHaveLength(1);
    expect(m.trees[0].kind).toBe('Apical');
    expect(m.trees[0].root.points.map((p) => p.y)).toEqual([0, 5, 10]);
    expect(m.trees[0].root.children.map((b) => b.ending)).toEqual(['Normal', 'Incomplete']);
    expect(m.spines).toHaveLength(1);
    const spec = ascToSections(m);
    expect(spec.sections.map((s) => [s.name, s.parent, s.points.length])).toEqual([
      ['apic[0]', null, 3], ['apic[1]', 'apic[0]', 2], ['apic[2]', 'apic[0]', 2],
    ]);
    // a child not starting at its parent's end gets a copy of it, with the child's diameter
    expect(spec.sections[1].points[0]).toEqual([0, 10, 0, 1]);
  });
});

describe('malformed files give the file, line, column and what was expected', () => {
  function thrown(f: () => unknown): MorphologyError {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(MorphologyError);
      return e as MorphologyError;
    }
    throw new Error('expected a MorphologyError');
  }

  it('SWC: a short line', () => {
    const e = thrown(() => parseSwc('1 1 0 0 0 5 -1\n2 3 0 5 0 1\n', 'bad.swc'));
    expect(e).toMatchObject({ code: 'SWC_BAD_LINE', file: 'bad.swc', line: 2, column: 12, found: 'the end of the line' });
    expect(e.expected).toContain('7 numbers');
    expect(e.message).toMatch(/^bad\.swc:2:12: expected 7 numbers/);
  });

  it('SWC: a word where a number belongs', () => {
    const e = thrown(() => parseSwc('1 1 0 0 zero 5 -1\n', 'bad.swc'));
    expect(e).toMatchObject({ code: 'SWC_BAD_LINE', line: 1, column: 9, found: "'zero'" });
  });

  it('SWC: parent after child, unknown parent, duplicate id, no points', () => {
    expect(thrown(() => parseSwc('1 1 0 0 0 5 -1\n2 3 0 5 0 1 3\n3 3 0 5 0 1 1\n', 'b.swc')))
      .toMatchObject({ code: 'SWC_PARENT_ORDER', line: 2 });
    expect(thrown(() => parseSwc('1 1 0 0 0 5 -1\n3 3 0 5 0 1 2\n', 'b.swc')))
      .toMatchObject({ code: 'SWC_UNKNOWN_PARENT', line: 2 });
    expect(thrown(() => parseSwc('1 1 0 0 0 5 -1\n1 3 0 5 0 1 -1\n', 'b.swc')))
      .toMatchObject({ code: 'SWC_DUPLICATE_ID', line: 2 });
    expect(thrown(() => parseSwc('# nothing\n\n', 'b.swc'))).toMatchObject({ code: 'EMPTY_MORPHOLOGY' });
  });

  it('ASC: a missing coordinate, an unclosed tree, an unterminated string', () => {
    const e = thrown(() => parseAsc('( (Dendrite)\n  ( 1 2 3 4)\n  ( 5 )\n)\n', 'bad.asc'));
    expect(e).toMatchObject({ code: 'ASC_SYNTAX', file: 'bad.asc', line: 3, column: 7, found: "')'" });
    expect(e.expected).toContain('y coordinate');
    const u = thrown(() => parseAsc('( (Dendrite)\n  ( 1 2 3 4)\n  ( 5 6 7 8)\n', 'bad.asc'));
    expect(u).toMatchObject({ code: 'ASC_SYNTAX', found: 'the end of the file' });
    expect(u.expected).toContain("')'");
    expect(thrown(() => parseAsc('("CellBody\n (1 2 3 4))', 'bad.asc')))
      .toMatchObject({ code: 'ASC_UNTERMINATED_STRING', line: 1, column: 2 });
  });
});

describe('limits', () => {
  it('a stack of overlapping soma contours is reported as not supported yet', () => {
    const c = (z: number): string => `("CellBody" (0 0 ${z} 0) (4 0 ${z} 0) (4 4 ${z} 0) (0 4 ${z} 0))\n`;
    const e = (() => {
      try {
        importMorphology(c(0) + c(1) + '( (Dendrite) (2 2 0 1) (9 9 0 1) Normal)\n', 'stack.asc');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(MorphologyError);
    expect(e).toMatchObject({ code: 'UNSUPPORTED_MORPHOLOGY', line: 1 });
  });
});

describe('helpers', () => {
  it('symmeig: eigenpairs of a symmetric matrix', () => {
    const { values, Q } = symmeig([[2, 1, 0], [1, 2, 0], [0, 0, 5]]);
    for (let k = 0; k < 3; k++) {
      const v = [Q[0][k], Q[1][k], Q[2][k]];
      const Av = [2 * v[0] + v[1], v[0] + 2 * v[1], 5 * v[2]];
      for (let i = 0; i < 3; i++) expect(Av[i]).toBeCloseTo(values[k] * v[i], 12);
    }
    expect([...values].sort()).toEqual([1, 3, 5].map((x) => expect.closeTo(x, 12)));
  });

  it('contourCenter of a regular polygon is its centre', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k <= 64; k++) {
      xs.push(3 + 2 * Math.cos((2 * Math.PI * k) / 64));
      ys.push(-1 + 2 * Math.sin((2 * Math.PI * k) / 64));
    }
    const c = contourCenter(xs, ys, xs.map(() => 0));
    // 101 samples from the first point to the last, both counted: here the same point, so the
    // centre leans towards it by r / 101, as in Import3d
    expect(c[0]).toBeCloseTo(3 + 2 / 101, 10);
    expect(c[1]).toBeCloseTo(-1, 10);
  });

  it('typeName follows Import3d', () => {
    expect([1, 2, 3, 4, 0, 7, -2].map(typeName)).toEqual(['soma', 'axon', 'dend', 'apic', 'dend_0', 'dend_7', 'minus_2']);
  });
});

describe('Import3d conversion of random files (fixtures/morphology/import_random.json)', () => {
  interface RandomCase {
    format: 'swc' | 'asc';
    seed: number;
    text: string;
    sections: { name: string; parent: string | null; parentX: number | null; points: number[][] }[];
  }
  const ref = JSON.parse(text('import_random.json')) as { cases: RandomCase[] };
  for (const format of ['swc', 'asc'] as const) {
    const cases = ref.cases.filter((c) => c.format === format);
    it(`${cases.length} random ${format.toUpperCase()} files: the same sections, parents and 3-D points`, () => {
      for (const c of cases) {
        const spec = importMorphology(c.text, `random${c.seed}.${format}`);
        const got = spec.sections.map((s) => ({
          name: s.name, parent: s.parent, parentX: s.parent === null ? null : s.parentX,
          points: s.points.map((p) => p.map(f32)),
        }));
        expect(got, `seed ${c.seed}`).toEqual(c.sections);
      }
    });
  }
});
