/**
 * The conversion NEURON 8.2.2's Import3d performs from a parsed morphology to sections
 * (`Import3d_SWC_read`, `Import3d_Neurolucida3` and `Import3d_GUI.instantiate`), as a plain
 * {@link MorphologySpec}: names, parents, connection points and the 3-D points to `pt3dadd`.
 * Browser-safe; creates nothing.
 * @module
 */
import type { Pt3dPoint } from '../geometry/pt3d.js';
import { parseAsc, type AscMorphology } from './asc.js';
import { contourToCentroid, contourCenter } from './contour.js';
import { MorphologyError, type MorphologyWarning } from './errors.js';
import { parseSwc, type SwcMorphology } from './swc.js';

/** One section as Import3d instantiates it. */
export interface MorphologySection {
  /** NEURON's name: `soma[0]`, `axon[0]`, `dend[3]`, `apic[12]`, `dend_5[0]`, `minus_1[0]`. */
  readonly name: string;
  /** Import3d type: 1 soma, 2 axon, 3 dend, 4 apic, other numbers as in the file. */
  readonly type: number;
  /** Name of the parent section, null for a root. */
  readonly parent: string | null;
  /** Where on the parent this section is attached (0, 0.5 or 1; 0 for a root). */
  readonly parentX: number;
  /** Which end of this section is attached (Import3d always attaches the 0 end). */
  readonly childEnd: 0 | 1;
  /** The points to give `pt3dadd`, x, y, z, diam [um], in order (NEURON stores them in single
   * precision). */
  readonly points: Pt3dPoint[];
  /** Import3d's `pt3dstyle(1, x, y, z)` for sections joined to their parent "by wire": the
   * position [um] where the section logically starts; `define_shape` then leaves its points
   * where they are. Absent otherwise. */
  readonly logicalConnection?: readonly [number, number, number];
}

/** The sections of one morphology in NEURON's creation order (by type: soma, axon, dend, apic,
 * others by type number; within a type in file order). */
export interface MorphologySpec {
  /** The sections to make, in NEURON's creation order. */
  readonly sections: MorphologySection[];
  /** Section names in the order Import3d connects them (the order children are attached). */
  readonly connectionOrder: string[];
  /** Oddities found and repaired or ignored while importing. */
  readonly warnings: MorphologyWarning[];
}

/** Import3d's working representation of a section (`Import3d_Section`). */
interface I3dSection {
  /** Index of the first point of the section in the reader's point list. */
  id: number;
  type: number;
  /** x, y, z, d per point (d is a diameter) [um]. */
  raw: [number, number, number, number][];
  parent: I3dSection | null;
  parentX: number;
  /** 1 when the first raw point only marks a logical connection and is not a 3-D point. */
  first: number;
  isContour: boolean;
  /** Soma contours stacked under this one (Neurolucida). */
  contourList: I3dSection[] | null;
  isSubsidiary: boolean;
  /** 1-based file line of the section's first own point, for messages. */
  line: number;
}

function newSection(id: number, line: number): I3dSection {
  return {
    id, type: 0, raw: [], parent: null, parentX: 1, first: 0, isContour: false,
    contourList: null, isSubsidiary: false, line,
  };
}

/** C's `%.8g` and back: the value Import3d passes to `pt3dadd`. */
function g8(v: number): number {
  return v === 0 ? v : Number(v.toPrecision(8)); // keeps -0, which %.8g prints as "-0"
}

/**
 * The name Import3d gives sections of an SWC/Neurolucida type (`type2name`).
 *
 * @example
 * ```ts
 * typeName(4) // 'apic'
 * typeName(7) // 'dend_7'
 * ```
 */
export function typeName(type: number): string {
  if (type === 1) return 'soma';
  if (type === 2) return 'axon';
  if (type === 3) return 'dend';
  if (type === 4) return 'apic';
  if (type < 0) return `minus_${-type}`;
  return `dend_${type}`;
}

/**
 * Import3d's SWC rules (`Import3d_SWC_read`): sections are unbranched runs of points of one
 * type; a change of type or a branch point ends a section; a child section's first point is a
 * copy of its parent point (for a dendrite on the soma, with the diameter of its own first
 * point); children of the last point attach at 1, of the root's first point at 0, of a soma
 * interior point at 0.5 (dendrites joined "by wire" with `pt3dstyle`); a three-point soma of equal
 * diameters and length equal to its diameter (neuromorpho.org's convention) becomes one cylinder
 * along x, of length and diameter the soma's diameter, centred on the first point.
 *
 * @example
 * ```ts
 * const spec = swcToSections(parseSwc(text, 'cell.swc'));
 * spec.sections.map((s) => s.name) // ['soma[0]', 'axon[0]', 'dend[0]', ...]
 * ```
 */
export function swcToSections(m: SwcMorphology): MorphologySpec {
  const warnings: MorphologyWarning[] = [];
  const file = m.file;
  // check_pid: sort by id
  const pts = [...m.points].sort((a, b) => a.id - b.id);
  const n = pts.length;
  const idToIndex = new Map<number, number>();
  pts.forEach((p, i) => idToIndex.set(p.id, i));
  const pid = pts.map((p) => (p.parent < 0 ? -1 : idToIndex.get(p.parent) ?? -1));
  const type = pts.map((p) => p.type);
  // Import3d reads the numbers with hoc's sscanf("%f"), which rounds them to single precision.
  const X = pts.map((p) => Math.fround(p.x));
  const Y = pts.map((p) => Math.fround(p.y));
  const Z = pts.map((p) => Math.fround(p.z));
  const D = pts.map((p) => Math.fround(p.radius) * 2);
  const roots = pts.filter((_, i) => pid[i] < 0);
  if (roots.length > 1) {
    warnings.push({
      code: 'DISCONNECTED_TREE', file, line: roots[1].line,
      message: `${file}: more than one tree (roots at lines ${roots.map((r) => r.line).join(', ')}); `
        + 'as Import3d does, each further tree is attached to the first section '
        + '(at 0.5, by wire when that is a soma and the tree is not)',
    });
  }
  // mark_branch
  const nchild = new Float64Array(n);
  const connect2prox = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = pid[i];
    if (p < 0) continue;
    nchild[p] += 1;
    if (p !== i - 1) {
      nchild[p] += 0.01;
      if (p > 1) {
        if (type[p] !== 1 && pid[p] >= 0 && type[pid[p]] === 1) {
          connect2prox[i] = 1;
          nchild[p] = 1;
        }
      } else if (p === 0) {
        if (type[p] !== 1) {
          connect2prox[i] = 1;
          nchild[p] = 1;
        }
      }
    }
    if (type[p] !== type[i]) nchild[p] += 0.01;
  }
  // sectionify
  const nchildSoma = new Float64Array(n);
  let nsomaPts = type[0] === 1 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    if (type[i] === 1) {
      nsomaPts++;
      const pix = pid[i];
      if (pix >= 0 && type[pix] === 1) nchildSoma[pix] += 1;
    }
  }
  let soma3geom = false;
  if (nsomaPts === 3 && n >= 3 && pid[1] === 0 && pid[2] === 0 && nchild[1] === 0 && nchild[2] === 0
      && D[1] === D[0] && D[2] === D[0]) {
    let len = 0;
    for (const i of [1, 2]) len += Math.hypot(X[i] - X[0], Y[i] - Y[0], Z[i] - Z[0]);
    if (Math.abs(len / D[0] - 1) < 0.01) {
      soma3geom = true;
      pid[2] = 1;
    }
  }
  for (let i = 0; i < n - 1; i++) {
    if (type[i] === 1 && type[i + 1] === 1 && pid[i + 1] === i) {
      if (!(i !== 0 && nchildSoma[i] > 1)) nchild[i] = 1;
    }
  }
  const sec2point: number[] = [];
  for (let i = 0; i < n; i++) if (Math.abs(nchild[i] - 1) > 1e-9) sec2point.push(i);
  const point2sec = new Int32Array(n);
  let si = 0;
  for (let i = 1; i < n; i++) {
    if (i > sec2point[si]) si++;
    point2sec[i] = si;
  }
  // mksections
  const sections: I3dSection[] = [];
  const pointOf = (k: number): [number, number, number, number] => [X[k], Y[k], Z[k], D[k]];
  const mksection = (isec: number, first: number, end: number): void => {
    let sec: I3dSection;
    if (isec === 0) {
      const last = soma3geom ? 1 : end;
      sec = newSection(first, pts[first].line);
      for (let k = first; k < last; k++) sec.raw.push(pointOf(k));
    } else {
      sec = newSection(first, pts[first].line);
      const pix = pid[first];
      // A further tree's root has no parent point (pix = -1). Import3d's rules below then compare
      // with -1, while its vector reads at index -1 give element 0 (measured with NEURON 8.2.2):
      // the tree hangs from the first section, and its copied point is the file's first point.
      const pread = pix >= 0 ? pix : 0;
      const psec = sections[point2sec[pread]];
      sec.parent = psec;
      const denConSoma = psec.type === 1 && type[first] !== 1;
      const conSoma = psec.type === 1;
      let handled = false;
      if (psec === sections[0]) {
        handled = true;
        if (denConSoma && psec.raw.length === 1) {
          sec.parentX = 0.5;
          if (end - first > 1) sec.first = 1;
        } else if (pix === psec.id) {
          sec.parentX = 0;
          if (type[first] !== 1 && nchildSoma[pix] > 1) sec.first = 1;
        } else {
          handled = false;
        }
      }
      if (!handled && conSoma) {
        const offset = psec.id === 0 ? -1 : -2;
        if (pix < psec.id + psec.raw.length + offset) {
          sec.parentX = 0.5;
          if (denConSoma && end - first > 1) sec.first = 1;
        } else if (end - first > 1 && nchildSoma[pread] > 1) {
          if (type[first] !== 1) sec.first = 1;
        }
      }
      sec.raw.push(pointOf(pread));
      for (let k = first; k < end; k++) sec.raw.push(pointOf(k));
    }
    sec.type = type[first];
    sections.push(sec);
    if (sec.parent && sec.parent.type === 1 && sec.type !== 1) sec.raw[0][3] = sec.raw[1][3];
    if (connect2prox[first] && sec.parent) sec.parentX = 0;
  };
  let isec = 0;
  let first = 0;
  let i = 0;
  for (; i < n; i++) {
    if (point2sec[i] > isec) {
      mksection(isec, first, i);
      isec++;
      first = i;
    }
  }
  mksection(isec, first, i);
  const minType = Math.min(...type);
  return instantiate(sections, minType, file, warnings, (s) => pts[s.id].line);
}

/**
 * Import3d's Neurolucida rules (`Import3d_Neurolucida3`): each `CellBody`/`Soma` contour becomes a
 * soma section whose points are the contour's centroid line; each tree becomes sections split at
 * its branch points; a child whose first point differs from its parent's last point gets a copy
 * of that point (with the child's first diameter) prepended; a tree starting inside a soma
 * contour's bounding box (enlarged by 0.5 um) attaches to that soma at 0.5 by wire, one starting
 * outside to the nearest soma centre with a warning.
 *
 * @example
 * ```ts
 * const spec = ascToSections(parseAsc(text, 'cell.asc'));
 * spec.sections[0].name // 'soma[0]'
 * ```
 */
export function ascToSections(m: AscMorphology): MorphologySpec {
  const warnings: MorphologyWarning[] = [];
  const file = m.file;
  let sections: I3dSection[] = [];
  const types: number[] = [];
  let pointIndex = 0;
  for (const c of m.contours) {
    if (!['CellBody', 'Cell Body', 'Soma'].includes(c.name)) {
      pointIndex += c.points.length;
      continue;
    }
    if (c.points.length > 2) {
      const sec = newSection(pointIndex, c.line);
      sec.type = 1;
      sec.isContour = true;
      for (const p of c.points) sec.raw.push([p.x, p.y, p.z, p.d]);
      sections.push(sec);
      types.push(1);
    } else {
      warnings.push({
        code: 'SHORT_CONTOUR_IGNORED', file, line: c.line,
        message: `${file}:${c.line}: CellBody contour has less than three points. Ignoring.`,
      });
    }
    pointIndex += c.points.length;
  }
  void pointIndex;
  // trees, in file order (after reordering, contours come first, which they do here)
  const treeSections: I3dSection[] = [];
  for (const tree of m.trees) {
    const sectype = tree.kind === 'Axon' ? 2 : tree.kind === 'Dendrite' ? 3 : tree.kind === 'Apical' ? 4 : 0;
    const walk = (branch: AscMorphology['trees'][number]['root'], parent: I3dSection | null): void => {
      const sec = newSection(0, branch.points.length ? branch.points[0].line : tree.line);
      sec.type = sectype;
      const p0 = branch.points[0];
      if (parent && p0) {
        const last = parent.raw[parent.raw.length - 1];
        if (!(last[0] === p0.x && last[1] === p0.y && last[2] === p0.z)) {
          sec.raw.push([last[0], last[1], last[2], p0.d]);
        }
      }
      for (const p of branch.points) sec.raw.push([p.x, p.y, p.z, p.d]);
      sec.parent = parent;
      treeSections.push(sec);
      types.push(sectype);
      for (const child of branch.children) walk(child, sec);
    };
    walk(tree.root, null);
  }
  const somas = sections.slice();
  sections = [...sections, ...treeSections];
  // soma contour stacks: contours whose xy bounding boxes overlap the previous one
  const bbox = (s: I3dSection): number[] => {
    const xs = s.raw.map((r) => r[0]);
    const ys = s.raw.map((r) => r[1]);
    const zs = s.raw.map((r) => r[2]);
    return [Math.min(...xs), Math.min(...ys), Math.min(...zs), Math.max(...xs), Math.max(...ys), Math.max(...zs)];
  };
  if (somas.length > 0) {
    let head = somas[0];
    let bb1 = bbox(head);
    for (let j = 1; j < somas.length; j++) {
      const next = somas[j];
      const bb2 = bbox(next);
      const overlap = !(bb1[0] > bb2[3] || bb2[0] > bb1[3] || bb1[1] > bb2[4] || bb2[1] > bb1[4]);
      if (overlap) {
        (head.contourList ??= []).push(next);
        next.isSubsidiary = true;
        somas.splice(j, 1);
        j--;
      } else {
        head = next;
      }
      bb1 = bb2;
    }
  }
  const roots = treeSections.filter((s) => s.parent === null);
  const centers: [number, number, number][] = [];
  for (const soma of somas) {
    if (soma.contourList) {
      throw new MorphologyError('UNSUPPORTED_MORPHOLOGY', { file, line: soma.line, column: 0 },
        'one soma contour per soma', 'a stack of overlapping soma contours',
        'Import3d turns stacks into one soma along their principal axis; neurite does not do this yet');
    }
    const xs = soma.raw.map((r) => r[0]);
    const ys = soma.raw.map((r) => r[1]);
    const zs = soma.raw.map((r) => r[2]);
    const xmin = Math.min(...xs) - 0.5;
    const xmax = Math.max(...xs) + 0.5;
    const ymin = Math.min(...ys) - 0.5;
    const ymax = Math.max(...ys) + 0.5;
    const center = contourCenter(xs, ys, zs);
    centers.push(center);
    for (let i = roots.length - 1; i >= 0; i--) {
      const sec = roots[i];
      const [x0, y0] = sec.raw[0];
      if (x0 >= xmin && x0 <= xmax && y0 >= ymin && y0 <= ymax) {
        sec.parent = soma;
        sec.parentX = 0.5;
        sec.raw.unshift([center[0], center[1], center[2], 0.01]);
        sec.first = 1;
        roots.splice(i, 1);
      }
    }
  }
  if (somas.length > 0) {
    for (const sec of roots) {
      const [x0, y0, z0] = sec.raw[0];
      let imin = 0;
      let dmin = 1e9;
      centers.forEach((c, j) => {
        const d = Math.hypot(x0 - c[0], y0 - c[1], z0 - c[2]);
        if (d < dmin) {
          dmin = d;
          imin = j;
        }
      });
      warnings.push({
        code: 'DISCONNECTED_TREE', file, line: sec.line,
        message: `${file}: Main branch starting at line ${sec.line} is outside the soma bounding boxes; `
          + 'making a logical connection to center of nearest soma',
      });
      const c = centers[imin];
      sec.parent = somas[imin];
      sec.parentX = 0.5;
      sec.raw.unshift([c[0], c[1], c[2], 0.01]);
      sec.first = 1;
    }
  }
  const minType = types.length ? Math.min(...types) : 0;
  return instantiate(sections, minType, file, warnings, (s) => s.line);
}

/** `Import3d_GUI.chk_valid` and `instantiate`: removes degenerate sections, names the rest by
 * type, and produces the points `pt3dadd` receives. */
function instantiate(list: I3dSection[], minType: number, file: string, warnings: MorphologyWarning[],
  lineOf: (s: I3dSection) => number): MorphologySpec {
  const sections = list.slice();
  for (let i = sections.length - 1; i >= 0; i--) {
    const sec = sections[i];
    if (!sec.parent) continue;
    const np = sec.raw.length - sec.first;
    let removed = false;
    if (np <= 1) {
      warnings.push({ code: 'ONE_POINT_SECTION_REMOVED', file, line: lineOf(sec),
        message: `${file}: one point section ending at line ${lineOf(sec)} has been removed` });
      removed = true;
    } else if (np <= 2) {
      const a = sec.raw[sec.first];
      const b = sec.raw[sec.first + 1];
      if (a[0] === b[0] && a[1] === b[1] && a[2] === b[2]) {
        warnings.push({ code: 'ZERO_LENGTH_SECTION_REMOVED', file, line: lineOf(sec),
          message: `${file}: two point section ending at line ${lineOf(sec)} with 0 length has been removed` });
        removed = true;
      }
    }
    if (removed) {
      sections.splice(i, 1);
      for (let k = i; k < sections.length; k++) {
        if (sections[k].parent === sec) {
          sections[k].parent = sec.parent;
          sections[k].parentX = sec.parentX;
        }
      }
    }
  }
  // set_nameindex
  const counts = new Map<number, number>();
  const names = new Map<I3dSection, string>();
  for (const sec of sections) {
    if (sec.isSubsidiary) continue;
    const k = counts.get(sec.type) ?? 0;
    names.set(sec, `${typeName(sec.type)}[${k}]`);
    counts.set(sec.type, k + 1);
  }
  void minType;
  const out = new Map<I3dSection, MorphologySection>();
  const connectionOrder: string[] = [];
  for (const sec of sections) {
    if (sec.isSubsidiary) continue;
    const name = names.get(sec)!;
    let raw = sec.raw.slice(sec.first).map((r) => [r[0], r[1], r[2], r[3]] as [number, number, number, number]);
    if (sec.isContour) raw = contourToCentroid(raw);
    if (raw.length === 1) {
      const [x, y, z, d] = raw[0];
      raw = [[x - d / 2, y, z, d], [x, y, z, d], [x + d / 2, y, z, d]];
    }
    const points: Pt3dPoint[] = raw.map((r) => [g8(r[0]), g8(r[1]), g8(r[2]), g8(r[3])]);
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1];
      const b = points[k];
      if (Math.fround(a[0]) === Math.fround(b[0]) && Math.fround(a[1]) === Math.fround(b[1])
          && Math.fround(a[2]) === Math.fround(b[2])) {
        warnings.push({ code: 'ZERO_LENGTH_STEP', file, line: lineOf(sec), section: name,
          message: `${name}: points ${k - 1} and ${k} are at the same place; `
            + 'NEURON counts the annulus between their diameters as membrane' });
      }
    }
    points.forEach((p, k) => {
      if (p[3] === 0) {
        warnings.push({ code: 'ZERO_DIAMETER', file, line: lineOf(sec), section: name,
          message: `${name}: point ${k} has diameter 0; `
            + 'NEURON gives the frusta touching it a near-infinite axial resistance' });
      }
    });
    const entry: MorphologySection = {
      name,
      type: sec.type,
      parent: sec.parent ? names.get(sec.parent)! : null,
      parentX: sec.parent ? sec.parentX : 0,
      childEnd: 0,
      points,
      ...(sec.first === 1 && sec.parent
        ? { logicalConnection: [g8(sec.raw[0][0]), g8(sec.raw[0][1]), g8(sec.raw[0][2])] as const }
        : {}),
    };
    out.set(sec, entry);
    connectionOrder.push(name);
  }
  // creation order: by type (ascending from the smallest type), then in list order
  const created = [...out.entries()].sort((a, b) => a[0].type - b[0].type).map((e) => e[1]);
  return { sections: created, connectionOrder, warnings };
}

/**
 * Reads a morphology file's text and converts it as Import3d does: `.swc` files with the SWC
 * reader, `.asc` files with the Neurolucida reader (other names: SWC when the first data line is
 * numbers only, else Neurolucida).
 *
 * @param text the file's content
 * @param file the file name (its extension picks the format; it also names the file in errors)
 * @throws {MorphologyError} when the text is malformed (or holds a stack of soma contours:
 *   UNSUPPORTED_MORPHOLOGY)
 * @example
 * ```ts
 * const spec = importMorphology(await (await fetch('cell.swc')).text(), 'cell.swc');
 * for (const s of spec.sections) console.log(s.name, s.parent, s.parentX, s.points.length);
 * ```
 */
export function importMorphology(text: string, file: string): MorphologySpec {
  const lower = file.toLowerCase();
  let swc: boolean;
  if (lower.endsWith('.swc')) swc = true;
  else if (lower.endsWith('.asc')) swc = false;
  else {
    const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';'));
    swc = first !== undefined && /^[-+0-9.eE\s]+$/.test(first);
  }
  return swc ? swcToSections(parseSwc(text, file)) : ascToSections(parseAsc(text, file));
}
