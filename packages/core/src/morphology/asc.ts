/**
 * Neurolucida ASCII (`.asc`, "V3 text file") reader: text to contours and trees of points, by a
 * recursive-descent parser following the productions of NEURON's `Import3d_Neurolucida3`.
 * Browser-safe.
 * @module
 */
import { MorphologyError } from './errors.js';

/** One point: x, y, z and diameter [um] (z and d default to 0 when absent, as in Import3d). */
export interface AscPoint {
  /** x coordinate [um]. */
  readonly x: number;
  /** y coordinate [um]. */
  readonly y: number;
  /** z coordinate [um]. */
  readonly z: number;
  /** Diameter [um]. */
  readonly d: number;
  /** 1-based line of the point's first number. */
  readonly line: number;
}

/** A property such as `(Color Red)`, `(Dendrite)` or `(Name "x")`: its label and values. */
export interface AscProperty {
  /** The property's label, e.g. `Color`, `Dendrite`, `Name`. */
  readonly label: string;
  /** Its values, e.g. `['Red']` or `['x']`; empty for a bare label. */
  readonly values: readonly (number | string)[];
}

/** An unbranched run of points and the branches that split off its end. */
export interface AscBranch {
  /** The branch's points, in file order. */
  readonly points: AscPoint[];
  /** The branches that split off its last point, in file order. */
  readonly children: AscBranch[];
  /** Labels ending the branch (`Normal`, `Incomplete`, ...), if any. */
  readonly ending: string | null;
}

/** A tree: `( (Dendrite) (x y z d) ... )`. */
export interface AscTree {
  /** The label of the tree's last property, which Import3d uses as its type
   * (`Axon` 2, `Dendrite` 3, `Apical` 4, anything else 0). */
  readonly kind: string | null;
  /** The tree's properties, in file order. */
  readonly properties: readonly AscProperty[];
  /** The first branch, from the tree's first point. */
  readonly root: AscBranch;
  /** 1-based line of the tree's opening parenthesis. */
  readonly line: number;
}

/** A contour: `("CellBody" (Closed) (x y z d) ...)`. */
export interface AscContour {
  /** The contour's name, e.g. `CellBody`. */
  readonly name: string;
  /** Its properties, e.g. `(Closed)`, in file order. */
  readonly properties: readonly AscProperty[];
  /** Its points, in file order. */
  readonly points: readonly AscPoint[];
  /** 1-based line of the contour's opening parenthesis. */
  readonly line: number;
}

/** A spine `<( x y z d )>` attached after a tree point. */
export interface AscSpine {
  /** The tree point the spine is attached after. */
  readonly base: AscPoint;
  /** The spine's own point. */
  readonly tip: AscPoint;
}

/** A parsed Neurolucida file. */
export interface AscMorphology {
  /** Marks a Neurolucida morphology (SWC ones have `'swc'`). */
  readonly format: 'asc';
  /** The file name given to the parser. */
  readonly file: string;
  /** The contours (soma outlines and others), in file order. */
  readonly contours: readonly AscContour[];
  /** The trees (axons and dendrites), in file order. */
  readonly trees: readonly AscTree[];
  /** Every spine of every tree, in file order. */
  readonly spines: readonly AscSpine[];
}

type TokenKind = 'eof' | 'number' | '(' | ')' | ',' | '|' | '<' | '>' | 'set' | 'rgb' | 'string' | 'label';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: number;
  readonly line: number;
  readonly column: number;
}

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const LABEL = /[A-Za-z0-9_]+/y;
const SPACE = /\s/;

/** Whether the character `ch` (code `c`) is white space, as `\s` has it. */
const isSpace = (c: number, ch: string): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(ch));

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const lineNo = li + 1;
    let pos = 0;
    for (;;) {
      while (pos < line.length && isSpace(line.charCodeAt(pos), line[pos])) pos++;
      if (pos >= line.length) break;
      const ch = line[pos];
      const column = pos + 1;
      if (ch === ';') break; // comment to the end of the line
      let m: RegExpExecArray | null;
      NUMBER.lastIndex = pos;
      if ((m = NUMBER.exec(line))) {
        tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), line: lineNo, column });
        pos += m[0].length;
        continue;
      }
      if ('()|,<>'.includes(ch)) {
        tokens.push({ kind: ch as TokenKind, text: ch, value: 0, line: lineNo, column });
        pos++;
        continue;
      }
      if (ch === '"') {
        const end = line.indexOf('"', pos + 1);
        if (end < 0) {
          throw new MorphologyError('ASC_UNTERMINATED_STRING', { file, line: lineNo, column }, 'a closing \'"\' on the same line',
            'the end of the line', 'Neurolucida strings cannot span lines or contain quotes');
        }
        tokens.push({ kind: 'string', text: line.slice(pos + 1, end), value: 0, line: lineNo, column });
        pos = end + 1;
        continue;
      }
      LABEL.lastIndex = pos;
      if ((m = LABEL.exec(line))) {
        const word = m[0];
        const kind: TokenKind = word === 'set' || word === 'Set' || word === 'SET' ? 'set' : word === 'RGB' ? 'rgb' : 'label';
        tokens.push({ kind, text: word, value: 0, line: lineNo, column });
        pos += word.length;
        continue;
      }
      throw new MorphologyError('ASC_SYNTAX', { file, line: lineNo, column },
        'a number, a parenthesis, a string, a word, "," or "|"', `'${ch}'`);
    }
  }
  const lastLine = lines.length;
  tokens.push({ kind: 'eof', text: '', value: 0, line: lastLine, column: (lines[lastLine - 1] ?? '').length + 1 });
  return tokens;
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the file';
  if (t.kind === 'string') return `the string "${t.text}"`;
  if (t.kind === 'number') return `the number ${t.text}`;
  if (t.kind === 'label' || t.kind === 'set' || t.kind === 'rgb') return `the word '${t.text}'`;
  return `'${t.text}'`;
}

/** Recursive descent over the token list; `pos` is the current token. */
class Parser {
  pos = 0;
  readonly contours: AscContour[] = [];
  readonly trees: AscTree[] = [];
  readonly spines: AscSpine[] = [];
  constructor(private readonly tokens: Token[], private readonly file: string) {}

  get cur(): Token { return this.tokens[this.pos]; }
  peek(k: number): Token { return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]; }
  /** The current token's kind (a method, so that TypeScript does not narrow it across next()). */
  k(): TokenKind { return this.tokens[this.pos].kind; }
  peekKind(k: number): TokenKind { return this.peek(k).kind; }
  next(): void { if (this.pos < this.tokens.length - 1) this.pos++; }

  fail(expected: string, t: Token = this.cur): never {
    throw new MorphologyError('ASC_SYNTAX', { file: this.file, line: t.line, column: t.column }, expected, describe(t));
  }

  expect(kind: TokenKind, what: string): Token {
    const t = this.cur;
    if (t.kind !== kind) this.fail(what);
    this.next();
    return t;
  }

  optionalComma(): void { if (this.k() === ',') this.next(); }

  file_(): void {
    if (this.k() === 'eof') {
      throw new MorphologyError('EMPTY_MORPHOLOGY', { file: this.file, line: 0, column: 0 }, 'at least one object', 'an empty file');
    }
    this.objects();
    if (this.k() !== 'eof') this.fail("'(' starting an object, or the end of the file");
  }

  objects(): void {
    this.object();
    for (;;) {
      this.optionalComma();
      if (this.k() !== '(') break;
      this.object();
    }
  }

  object(): void {
    if (this.k() !== '(') this.fail("'(' starting an object (a contour, a tree, a marker or a property)");
    const la = this.peekKind(1);
    if (la === 'string') this.contour();
    else if (la === 'label') this.markerOrProperty();
    else if (la === '(') this.treeOrText();
    else if (la === 'set') this.set();
    else this.fail('a string (a contour), a word (a marker or property), \'(\' (a tree) or Set after \'(\'', this.peek(1));
  }

  markerOrProperty(): void {
    if (this.peekKind(2) === '(') this.marker();
    else this.property();
  }

  treeOrText(): void {
    const save = this.pos;
    if (this.text()) return;
    this.pos = save;
    this.tree();
  }

  properties(): AscProperty[] {
    const list: AscProperty[] = [];
    if (this.k() === '(' && (this.peekKind(1) === 'label' || this.peekKind(1) === 'set')) {
      this.propertyOrSet(list);
      for (;;) {
        this.optionalComma();
        if (this.k() !== '(' || (this.peekKind(1) !== 'label' && this.peekKind(1) !== 'set')) break;
        this.propertyOrSet(list);
      }
    }
    return list;
  }

  propertyOrSet(list: AscProperty[]): void {
    if (this.peekKind(1) === 'label') list.push(this.property());
    else this.set();
  }

  property(): AscProperty {
    this.expect('(', "'('");
    const label = this.expect('label', 'a property name such as Color or Dendrite').text;
    const values: (number | string)[] = [];
    for (;;) {
      const t = this.cur;
      if (t.kind === 'number') { values.push(t.value); this.next(); }
      else if (t.kind === 'string' || t.kind === 'label') { values.push(t.text); this.next(); }
      else if (t.kind === 'rgb') {
        this.next();
        this.expect('(', "'(' after RGB");
        const r = this.expect('number', 'a red value').value;
        this.optionalComma();
        const g = this.expect('number', 'a green value').value;
        this.optionalComma();
        const b = this.expect('number', 'a blue value').value;
        this.expect(')', "')' closing RGB");
        values.push(`RGB(${r},${g},${b})`);
      } else break;
    }
    this.expect(')', `')' closing the property (${label})`);
    return { label, values };
  }

  set(): void {
    this.expect('(', "'('");
    this.expect('set', 'Set');
    this.expect('string', 'the name of the set as a string');
    if (this.k() !== ')') this.objects();
    this.expect(')', "')' closing the Set");
  }

  contour(): void {
    const open = this.expect('(', "'('");
    const name = this.expect('string', 'the contour name').text;
    const properties = this.properties();
    const points = this.points();
    this.expect(')', `')' closing the contour "${name}"`);
    this.contours.push({ name, properties, points, line: open.line });
  }

  points(): AscPoint[] {
    const pts = [this.point()];
    for (;;) {
      this.optionalComma();
      if (this.k() !== '(') break;
      pts.push(this.point());
    }
    return pts;
  }

  point(): AscPoint {
    this.expect('(', "'(' starting a point");
    const first = this.expect('number', 'the x coordinate of a point');
    this.optionalComma();
    const y = this.expect('number', 'the y coordinate of a point').value;
    let z = 0;
    let d = 0;
    this.optionalComma();
    if (this.k() === 'number') {
      z = this.cur.value;
      this.next();
      this.optionalComma();
      if (this.k() === 'number') {
        d = this.cur.value;
        this.next();
        this.optionalComma();
        if (this.k() === 'label') this.next();
        this.optionalComma();
        if (this.k() === '(') {
          this.next();
          for (let k = 0; k < 4; k++) {
            if (k > 0) this.optionalComma();
            this.expect('number', 'a number of the bezier control point');
          }
          this.expect(')', "')' closing the bezier control point");
        }
      }
    }
    this.expect(')', "')' closing the point (x y z d)");
    return { x: first.value, y, z, d, line: first.line };
  }

  text(): boolean {
    this.expect('(', "'('");
    this.properties();
    if (this.k() !== '(' || this.peekKind(1) !== 'number') return false;
    this.point();
    if (this.k() !== 'string') return false;
    this.next();
    if (this.k() !== ')') return false;
    this.next();
    return true;
  }

  tree(): void {
    const open = this.expect('(', "'('");
    const properties = this.properties();
    const kind = properties.length ? properties[properties.length - 1].label : null;
    const root = this.branch();
    this.expect(')', "')' closing the tree");
    this.trees.push({ kind, properties, root, line: open.line });
  }

  branch(): AscBranch {
    const points: AscPoint[] = [];
    this.treePoint(points);
    for (;;) {
      this.optionalComma();
      if (this.k() !== '(' || this.peekKind(1) !== 'number') break;
      this.treePoint(points);
    }
    const b: AscBranch = { points, children: [], ending: null };
    // branchend
    this.optionalComma();
    if (this.k() === '(') {
      while (this.k() === '(' && this.peekKind(1) === 'label') this.markerList();
    }
    this.optionalComma();
    let ending: string | null = null;
    if (this.k() === '(') {
      this.next();
      b.children.push(this.branch());
      while (this.k() === '|') {
        this.next();
        b.children.push(this.branch());
      }
      this.expect(')', "')' closing the split, or '|' before the next branch");
    } else if (this.k() === 'label') {
      ending = this.cur.text;
      this.next();
    }
    return { ...b, ending };
  }

  treePoint(points: AscPoint[]): void {
    if (this.peekKind(1) === 'label') {
      this.markerOrProperty();
      return;
    }
    const p = this.point();
    points.push(p);
    while (this.k() === '<') {
      this.next();
      this.properties();
      const tip = this.point();
      this.expect('>', "'>' closing the spine");
      this.spines.push({ base: p, tip });
    }
  }

  marker(): void {
    this.expect('(', "'('");
    this.expect('label', 'a marker name');
    this.properties();
    this.points();
    this.expect(')', "')' closing the marker");
  }

  markerList(): void {
    this.expect('(', "'('");
    let depth = 1;
    while (depth !== 0) {
      const t = this.cur;
      if (t.kind === 'eof') this.fail("')' closing the marker list");
      if (t.kind === ')') depth--;
      else if (t.kind === '(') depth++;
      this.next();
    }
  }
}

/**
 * Parses Neurolucida ASCII text: contours (`("CellBody" ...)`), trees (`( (Dendrite) ...)` with
 * splits `( branch | branch )`), markers, properties, sets and spines; comments start with `;`.
 *
 * @param text the file's content
 * @param file the file name, for error messages
 * @throws {MorphologyError} ASC_SYNTAX (with line, column, what was expected and what was
 *   found), ASC_UNTERMINATED_STRING, EMPTY_MORPHOLOGY
 * @example
 * ```ts
 * const m = parseAsc('("CellBody" (0 0 0 0) (1 0 0 0) (1 1 0 0))\n( (Dendrite) (0 0 0 1) (5 0 0 1) Normal)', 'c.asc');
 * m.trees[0].kind // 'Dendrite'
 * ```
 */
export function parseAsc(text: string, file = 'input.asc'): AscMorphology {
  const p = new Parser(tokenize(text.replace(/\r/g, ''), file), file);
  p.file_();
  return { format: 'asc', file, contours: p.contours, trees: p.trees, spines: p.spines };
}
