/**
 * SWC reader: text to a list of typed points, with the checks NEURON's `Import3d_SWC_read`
 * makes. Browser-safe.
 * @module
 */
import { MorphologyError } from './errors.js';

/** One SWC sample (a data line). */
export interface SwcPoint {
  /** The sample's id (first column). */
  readonly id: number;
  /** Structure type: 1 soma, 2 axon, 3 basal dendrite, 4 apical dendrite, others custom. */
  readonly type: number;
  /** x coordinate [um]. */
  readonly x: number;
  /** y coordinate [um]. */
  readonly y: number;
  /** z coordinate [um]. */
  readonly z: number;
  /** Radius [um] as written in the file (Import3d doubles it to a diameter). */
  readonly radius: number;
  /** Parent id, negative for a root. */
  readonly parent: number;
  /** 1-based line in the file. */
  readonly line: number;
}

/** A parsed SWC file: its points in file order and its comment lines. */
export interface SwcMorphology {
  /** Marks an SWC morphology (Neurolucida ones have `'asc'`). */
  readonly format: 'swc';
  /** The file name given to the parser. */
  readonly file: string;
  /** The samples, in file order. */
  readonly points: readonly SwcPoint[];
  /** Comment lines (starting with `#`), without the newline. */
  readonly header: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Parses SWC text. A data line is 7 whitespace-separated numbers
 * (`id type x y z radius parent`; more are ignored, as Import3d's `sscanf` does); blank lines and
 * lines starting with `#` are skipped. Checks, as Import3d does: every parent id is smaller than
 * its point's id, ids are unique, and every parent id exists.
 *
 * @param text the file's content
 * @param file the file name, for error messages
 * @throws {MorphologyError} SWC_BAD_LINE, SWC_PARENT_ORDER, SWC_DUPLICATE_ID, SWC_UNKNOWN_PARENT,
 *   EMPTY_MORPHOLOGY
 * @example
 * ```ts
 * const m = parseSwc('1 1 0 0 0 5 -1\n2 3 0 5 0 1 1\n', 'cell.swc');
 * m.points[1].parent // 1
 * ```
 */
export function parseSwc(text: string, file = 'input.swc'): SwcMorphology {
  const points: SwcPoint[] = [];
  const header: string[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      header.push(line);
      return;
    }
    const values: number[] = [];
    let pos = 0;
    while (values.length < 7) {
      while (pos < line.length && /\s/.test(line[pos])) pos++;
      const m = NUMBER.exec(line.slice(pos));
      if (!m) {
        const found = pos >= line.length ? 'the end of the line' : `'${line.slice(pos).split(/\s/)[0]}'`;
        throw new MorphologyError('SWC_BAD_LINE', { file, line: lineNo, column: pos + 1 },
          `7 numbers: id type x y z radius parent (number ${values.length + 1} missing)`, found,
          'each SWC data line is "id type x y z radius parent"; comments start with #');
      }
      values.push(Number(m[0]));
      pos += m[0].length;
    }
    const [id, type, x, y, z, radius, parent] = values;
    points.push({ id, type, x, y, z, radius, parent, line: lineNo });
  });
  if (points.length === 0) {
    throw new MorphologyError('EMPTY_MORPHOLOGY', { file, line: 0, column: 0 }, 'at least one SWC data line', 'none');
  }
  const ids = new Map<number, SwcPoint>();
  for (const p of points) {
    const other = ids.get(p.id);
    if (other) {
      throw new MorphologyError('SWC_DUPLICATE_ID', { file, line: p.line, column: 1 },
        `a new id`, `id ${p.id}, already used on line ${other.line}`);
    }
    ids.set(p.id, p);
  }
  for (const p of points) {
    if (p.parent >= p.id) {
      throw new MorphologyError('SWC_PARENT_ORDER', { file, line: p.line, column: 0 },
        `a parent id smaller than the id ${p.id}`, `parent ${p.parent}`,
        'SWC requires every parent to come before its children (and -1 for a root)');
    }
    if (p.parent >= 0 && !ids.has(p.parent)) {
      throw new MorphologyError('SWC_UNKNOWN_PARENT', { file, line: p.line, column: 0 },
        'the id of an existing point as parent (or -1 for a root)', `parent ${p.parent}, which no point has`);
    }
  }
  return { format: 'swc', file, points, header };
}
