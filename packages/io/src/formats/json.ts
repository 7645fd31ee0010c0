/**
 * JSON: `{"t": [...], "v": [...]}` as the tutorial's `json.dump(..., indent=4)` writes it.
 * Browser-safe: strings in, strings out.
 */
import { IoError } from '../errors.js';
import { formatJsonFloat } from '../numbers.js';
import { Table, resolveColumns, type RecordingSet } from '../table.js';

/** Options for writing JSON. */
export interface JsonWriteOptions {
  /**
   * Spaces per level, as Python's `indent` (default 4, the tutorial's layout), or `null` for
   * one line with Python's default separators (`{"t": [0.0, 0.025]}`).
   */
  indent?: number | null;
  /**
   * How to write NaN and infinities: `'python'` (default) writes `NaN`/`Infinity`/`-Infinity` as
   * Python's `json` does (Python, pandas and this package read them back; strict JSON parsers do
   * not); `'error'` refuses them (`NOT_FINITE`).
   */
  nonFinite?: 'python' | 'error';
}

/** Options for reading JSON. */
export interface JsonReadOptions {
  /** Name of the file or source, used in error messages. */
  source?: string;
}

/** Escapes a string as Python's `json` does with `ensure_ascii=True`. */
function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

const CHUNK_CHARS = 1 << 20;

/**
 * Writes JSON text in chunks of about 1 MiB (see {@link formatJson}); for large recordings
 * written to files without building one big string.
 *
 * @example
 * ```ts
 * import { jsonChunks } from '@neurite/io';
 * const text = [...jsonChunks({ t: [0, 1] }, { indent: null })].join(''); // '{"t": [0.0, 1.0]}'
 * ```
 */
export function* jsonChunks(data: RecordingSet, options: JsonWriteOptions = {}): Generator<string, void, undefined> {
  const indent = options.indent === undefined ? 4 : options.indent;
  if (indent !== null && !(Number.isInteger(indent) && indent >= 0)) {
    throw new IoError('BAD_COLUMN', `expected indent to be a whole number of spaces or null, got ${String(indent)}`);
  }
  const strict = options.nonFinite === 'error';
  const cols = resolveColumns(data);
  if (cols.length === 0) {
    yield '{}';
    return;
  }
  const pad1 = indent === null ? '' : '\n' + ' '.repeat(indent);
  const pad2 = indent === null ? '' : '\n' + ' '.repeat(2 * indent);
  const itemSep = indent === null ? ', ' : ',' + pad2;
  let buf = '{';
  for (let ci = 0; ci < cols.length; ci++) {
    const col = cols[ci]!;
    buf += (ci > 0 ? (indent === null ? ', ' : ',') : '') + pad1 + pyJsonString(col.name) + ': ';
    const v = col.values;
    if (v.length === 0) {
      buf += '[]';
      continue;
    }
    buf += '[' + pad2;
    for (let i = 0; i < v.length; i++) {
      const x = +v[i]!;
      if (strict && !Number.isFinite(x)) {
        throw new IoError('NOT_FINITE', `column ${JSON.stringify(col.name)}, index ${i}: expected a finite number for strict JSON, found ${x}`);
      }
      buf += (i > 0 ? itemSep : '') + formatJsonFloat(x);
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    buf += pad1 + ']';
  }
  yield buf + (indent === null ? '}' : '\n}');
}

/**
 * Formats a recording as JSON text, `{"t": [...], "v": [...]}`, byte for byte as Python's
 * `json.dump(data, f, indent=4)` writes it (numbers as Python's `repr`), or on one line with
 * `indent: null`.
 *
 * @example
 * ```ts
 * import { formatJson } from '@neurite/io';
 * formatJson({ t: [0, 0.025] }, { indent: null }); // '{"t": [0.0, 0.025]}'
 * formatJson({ t: [0] });                          // '{\n    "t": [\n        0.0\n    ]\n}'
 * ```
 */
export function formatJson(data: RecordingSet, options: JsonWriteOptions = {}): string {
  let out = '';
  for (const c of jsonChunks(data, options)) out += c;
  return out;
}

/** A JSON value as read by the fallback parser (numbers include NaN and infinities). */
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let i = text.indexOf('\n');
  while (i !== -1 && i < pos) {
    line++;
    lineStart = i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return { line, column: pos - lineStart + 1 };
}

function describeChar(text: string, pos: number): string {
  return pos >= text.length ? 'the end of the text' : JSON.stringify(text[pos]);
}

/**
 * A small JSON parser that accepts Python's `NaN`, `Infinity` and `-Infinity`, reports the
 * line and column of syntax errors, and can tell where a given top-level array element starts.
 */
class JsonScanner {
  pos = 0;
  /** Offset of the value at `track`, when found. */
  found = -1;
  /** Keys of the top-level object in file order (first occurrence). */
  readonly topKeys: string[] = [];

  constructor(
    private readonly text: string,
    private readonly source: string | undefined,
    private readonly track?: { key: string; index: number },
  ) {}

  fail(expected: string, at = this.pos): never {
    throw new IoError('JSON_SYNTAX', `expected ${expected}, found ${describeChar(this.text, at)}`, { source: this.source, ...lineCol(this.text, at) });
  }

  ws(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.pos);
  }

  parseDocument(): JsonValue {
    this.ws();
    const v = this.value(0, undefined);
    this.ws();
    if (this.pos < this.text.length) this.fail('the end of the text after the top-level value');
    return v;
  }

  value(depth: number, key: string | undefined): JsonValue {
    if (depth > 512) this.fail('less deeply nested data');
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth, key);
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return (this.pos += 4), true;
    if (t.startsWith('false', this.pos)) return (this.pos += 5), false;
    if (t.startsWith('null', this.pos)) return (this.pos += 4), null;
    if (t.startsWith('NaN', this.pos)) return (this.pos += 3), NaN;
    if (t.startsWith('Infinity', this.pos)) return (this.pos += 8), Infinity;
    if (t.startsWith('-Infinity', this.pos)) return (this.pos += 9), -Infinity;
    return this.number();
  }

  number(): number {
    const re = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m || m[0].length === 0 || m[0] === '-') this.fail('a JSON value (object, array, string, number, true, false, null)');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (this.pos >= t.length) this.fail('a closing quote of the string that starts at ' + describePos(t, start));
      if (c === 34) {
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('a character allowed in a string (control characters must be escaped)');
      if (c === 92) {
        const e = t[this.pos + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && map[e] !== undefined) {
          out += map[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          this.fail('a valid escape sequence', this.pos + 1);
        }
      } else {
        out += t[this.pos];
        this.pos++;
      }
    }
  }

  array(depth: number, key: string | undefined): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.track && depth === 1 && key === this.track.key && out.length === this.track.index) this.found = this.pos;
      out.push(this.value(depth + 1, undefined));
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail("',' or ']' in an array");
    }
  }

  object(depth: number): { [key: string]: JsonValue } {
    this.pos++;
    const out: { [key: string]: JsonValue } = Object.create(null) as { [key: string]: JsonValue };
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('a string key in an object');
      const key = this.string();
      if (depth === 0 && !this.topKeys.includes(key)) this.topKeys.push(key);
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("':' after an object key");
      this.pos++;
      this.ws();
      if (this.track && depth === 0 && key === this.track.key && this.track.index === -1) this.found = this.pos;
      out[key] = this.value(depth + 1, depth === 0 ? key : undefined);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail("',' or '}' in an object");
    }
  }
}

function describePos(text: string, pos: number): string {
  const { line, column } = lineCol(text, pos);
  return `line ${line}, column ${column}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Parses JSON text of the form `{"name": [numbers...], ...}` into a {@link Table} (columns in
 * the file's order; lengths may differ). Python's `NaN`, `Infinity` and `-Infinity` are
 * accepted. Invalid JSON is a `JSON_SYNTAX` error with line and column; JSON of another shape is
 * `JSON_NOT_A_TABLE`, naming the key, index and position.
 *
 * @example
 * ```ts
 * import { parseJson } from '@neurite/io';
 * const table = parseJson('{"t": [0.0, 0.025], "v": [-65.0, -64.99925452909274]}');
 * table.get('t'); // Float64Array [0, 0.025]
 * ```
 */
export function parseJson(text: string, options: JsonReadOptions = {}): Table {
  const source = options.source;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  let order: string[] | undefined;
  try {
    doc = JSON.parse(text);
  } catch {
    const sc = new JsonScanner(text, source);
    doc = sc.parseDocument();
    order = sc.topKeys;
  }
  if (order === undefined && typeof doc === 'object' && doc !== null && Object.keys(doc).some((k) => /^(0|[1-9][0-9]*)$/.test(k))) {
    // JavaScript objects put integer-like keys first; recover the file's order.
    const sc = new JsonScanner(text, source);
    sc.parseDocument();
    order = sc.topKeys;
  }
  const notTable = (detail: string, key?: string, index = -1): never => {
    let where = {};
    if (key !== undefined) {
      const sc = new JsonScanner(text, source, { key, index });
      try {
        sc.parseDocument();
      } catch {
        /* position stays unknown */
      }
      if (sc.found >= 0) where = lineCol(text, sc.found);
    } else {
      let p = 0;
      while (p < text.length && /\s/.test(text[p]!)) p++;
      where = lineCol(text, p);
    }
    throw new IoError('JSON_NOT_A_TABLE', detail, { source, ...where });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    notTable(`expected an object of arrays of numbers ({"t": [...], "v": [...]}), found ${kindOf(doc)}`);
  }
  const obj = doc as Record<string, unknown>;
  const names = order ?? Object.keys(obj);
  const columns = names.map((name) => {
    const arr = obj[name];
    if (!Array.isArray(arr)) return notTable(`expected key ${JSON.stringify(name)} to hold an array of numbers, found ${kindOf(arr)}`, name);
    const out = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const x: unknown = arr[i];
      if (typeof x !== 'number') notTable(`expected a number at ${JSON.stringify(name)}[${i}], found ${kindOf(x)}`, name, i);
      out[i] = x as number;
    }
    return out;
  });
  return new Table(names, columns);
}
