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

const enum S {
  Start,
  AfterOpen,
  Key,
  Colon,
  Value,
  ArrayFirst,
  Element,
  AfterElement,
  AfterValue,
  NextKey,
  End,
}

function describeAt(text: string, i: number, final: boolean): string {
  if (i >= text.length) return final ? 'the end of the text' : 'more text';
  const c = text[i]!;
  if (c === '[') return 'an array';
  if (c === '{') return 'an object';
  if (c === '"') return 'a string';
  if (text.startsWith('null', i)) return 'null';
  if (text.startsWith('true', i) || text.startsWith('false', i)) return 'a boolean';
  if (/[-0-9]/.test(c)) return 'a number';
  return JSON.stringify(c);
}

/** Characters that start some JSON value (so a misplaced one is a shape error, not a syntax error). */
function startsJsonValue(text: string, i: number): boolean {
  const c = text[i];
  return c === '[' || c === '{' || c === '"' || c === '-' || (c !== undefined && c >= '0' && c <= '9') || text.startsWith('null', i) || text.startsWith('true', i) || text.startsWith('false', i);
}

/** A growable column of doubles. */
class ColumnBuilder {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  finish(): Float64Array {
    return this.length === this.data.length ? this.data : this.data.slice(0, this.length);
  }
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Reads JSON of the form `{"name": [numbers...], ...}` incrementally: `push` text in pieces of
 * any size, then `finish`. Numbers go straight into `Float64Array` columns (no intermediate
 * JavaScript arrays), so a large file needs little more memory than its values. Python's `NaN`,
 * `Infinity` and `-Infinity` are accepted. Errors give line and column.
 *
 * @example
 * ```ts
 * import { JsonTableParser } from '@neurite/io';
 * const parser = new JsonTableParser({ source: 'data.json' });
 * parser.push('{"t": [0.0, 0.0');
 * parser.push('25]}');
 * parser.finish().get('t'); // Float64Array [0, 0.025]
 * ```
 */
export class JsonTableParser {
  private readonly source: string | undefined;
  private buf = '';
  /** Absolute offset of buf[0]. */
  private base = 0;
  private line = 1;
  /** Absolute offset where the current line starts. */
  private lineStart = 0;
  private state = S.Start;
  private key = '';
  private readonly names: string[] = [];
  private readonly cols: ColumnBuilder[] = [];
  private current: ColumnBuilder | undefined;
  private started = false;
  private done = false;

  /**
   * @param options - `source` names the file in error messages
   */
  constructor(options: JsonReadOptions = {}) {
    this.source = options.source;
  }

  /**
   * Adds the next piece of text.
   * @example
   * ```ts
   * parser.push('{"v": [-65.0]}');
   * ```
   */
  push(chunk: string): void {
    if (this.done) throw new IoError('STREAM_CLOSED', 'JSON parser already finished', { source: this.source });
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        chunk = chunk.slice(1);
        this.base = -1;
        this.lineStart = -1;
      }
    }
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
    this.run(false);
  }

  /**
   * Ends the input and returns the table.
   * @example
   * ```ts
   * const table = parser.finish();
   * ```
   */
  finish(): Table {
    if (this.done) throw new IoError('STREAM_CLOSED', 'JSON parser already finished', { source: this.source });
    this.run(true);
    this.done = true;
    if (this.state !== S.End) this.syntax(this.buf.length, this.expectedNow(), true);
    return new Table(
      this.names,
      this.cols.map((c) => c.finish()),
    );
  }

  private expectedNow(): string {
    switch (this.state) {
      case S.Start:
        return "'{' (a JSON object of arrays of numbers)";
      case S.AfterOpen:
        return "a string key or '}'";
      case S.Key:
      case S.NextKey:
        return 'a string key in an object';
      case S.Colon:
        return "':' after an object key";
      case S.Value:
        return "'[' (an array of numbers)";
      case S.ArrayFirst:
        return "a number or ']'";
      case S.Element:
        return 'a number';
      case S.AfterElement:
        return "',' or ']' in an array";
      case S.AfterValue:
        return "',' or '}' in an object";
      default:
        return 'the end of the text';
    }
  }

  private where(i: number): { line: number; column: number } {
    return { line: this.line, column: this.base + i - this.lineStart + 1 };
  }

  private syntax(i: number, expected: string, final: boolean): never {
    throw new IoError('JSON_SYNTAX', `expected ${expected}, found ${describeAt(this.buf, i, final)}`, { source: this.source, ...this.where(i) });
  }

  private shape(i: number, expected: string, final: boolean): never {
    throw new IoError('JSON_NOT_A_TABLE', `expected ${expected}, found ${describeAt(this.buf, i, final)}`, { source: this.source, ...this.where(i) });
  }

  private run(final: boolean): void {
    const t = this.buf;
    const n = t.length;
    let i = 0;
    outer: for (;;) {
      // Skip whitespace, counting lines.
      for (;;) {
        const c = t.charCodeAt(i);
        if (c === 32 || c === 9 || c === 13) i++;
        else if (c === 10) {
          i++;
          this.line++;
          this.lineStart = this.base + i;
        } else break;
      }
      if (i >= n) break;
      const c = t[i]!;
      switch (this.state) {
        case S.Start:
          if (c !== '{') (startsJsonValue(t, i) ? this.shape : this.syntax).call(this, i, "a JSON object of arrays of numbers ({\"t\": [...], \"v\": [...]})", final);
          i++;
          this.state = S.AfterOpen;
          break;
        case S.AfterOpen:
          if (c === '}') {
            i++;
            this.state = S.End;
            break;
          }
        // falls through
        case S.Key:
        case S.NextKey: {
          if (c !== '"') this.syntax(i, 'a string key in an object', final);
          const end = this.stringEnd(i);
          if (end < 0) {
            if (!final) break outer;
            this.syntax(n, `a closing quote of the key that starts at column ${this.where(i).column}`, true);
          }
          this.key = this.decodeString(t, i, end);
          i = end + 1;
          this.state = S.Colon;
          break;
        }
        case S.Colon:
          if (c !== ':') this.syntax(i, "':' after an object key", final);
          i++;
          this.state = S.Value;
          break;
        case S.Value: {
          if (c !== '[') (startsJsonValue(t, i) ? this.shape : this.syntax).call(this, i, `key ${JSON.stringify(this.key)} to hold an array of numbers`, final);
          i++;
          const col = new ColumnBuilder();
          const at = this.names.indexOf(this.key);
          if (at >= 0) this.cols[at] = col;
          else {
            this.names.push(this.key);
            this.cols.push(col);
          }
          this.current = col;
          this.state = S.ArrayFirst;
          break;
        }
        case S.ArrayFirst:
          if (c === ']') {
            i++;
            this.state = S.AfterValue;
            break;
          }
        // falls through
        case S.Element: {
          // A number, possibly cut by the end of this piece of text.
          if (!final) {
            let k = i;
            while (k < n && isNumberChar(t.charCodeAt(k))) k++;
            if (k >= n) break outer; // the number may continue in the next piece
          }
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(t);
          let len = m ? m[0].length : 0;
          let x: number;
          if (len > 0 && m![0] !== '-') {
            x = Number(m![0]);
          } else {
            const lit = t.startsWith('NaN', i) ? 'NaN' : t.startsWith('Infinity', i) ? 'Infinity' : t.startsWith('-Infinity', i) ? '-Infinity' : '';
            if (lit === '') {
              if (!final && n - i < 9 && ['NaN', 'Infinity', '-Infinity'].some((l) => l.startsWith(t.slice(i)))) break outer;
              const ch = t[i];
              (ch === '[' || ch === '{' || ch === '"' || t.startsWith('null', i) || t.startsWith('true', i) || t.startsWith('false', i) ? this.shape : this.syntax).call(
                this,
                i,
                `a number at ${JSON.stringify(this.key)}[${this.current!.length}]`,
                final,
              );
            }
            len = lit.length;
            x = lit === 'NaN' ? NaN : lit === 'Infinity' ? Infinity : -Infinity;
          }
          this.current!.push(x);
          i += len;
          this.state = S.AfterElement;
          break;
        }
        case S.AfterElement:
          if (c === ',') {
            i++;
            this.state = S.Element;
          } else if (c === ']') {
            i++;
            this.state = S.AfterValue;
          } else this.syntax(i, "',' or ']' in an array", final);
          break;
        case S.AfterValue:
          if (c === ',') {
            i++;
            this.state = S.NextKey;
          } else if (c === '}') {
            i++;
            this.state = S.End;
          } else this.syntax(i, "',' or '}' in an object", final);
          break;
        case S.End:
          this.syntax(i, 'the end of the text after the top-level object', final);
      }
    }
    this.buf = t.slice(i);
    this.base += i;
  }

  /** Index of the closing quote of the string starting at `i`, or -1 if not in this text. */
  private stringEnd(i: number): number {
    const t = this.buf;
    for (let k = i + 1; k < t.length; k++) {
      const c = t.charCodeAt(k);
      if (c === 92) k++;
      else if (c === 34) return k;
      else if (c < 0x20) this.syntax(k, 'a character allowed in a string (control characters must be escaped)', true);
    }
    return -1;
  }

  private decodeString(t: string, start: number, end: number): string {
    let out = '';
    for (let k = start + 1; k < end; k++) {
      const ch = t[k]!;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = t[k + 1]!;
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (simple[e] !== undefined) {
        out += simple[e];
        k++;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(k + 2, k + 6))) {
        out += String.fromCharCode(parseInt(t.slice(k + 2, k + 6), 16));
        k += 5;
      } else this.syntax(k + 1, 'a valid escape sequence', true);
    }
    return out;
  }
}

/**
 * Parses JSON text of the form `{"name": [numbers...], ...}` into a {@link Table} (columns in
 * the file's order; lengths may differ; a repeated key keeps its first place and last value, as
 * in Python). Python's `NaN`, `Infinity` and `-Infinity` are accepted. Invalid JSON is a
 * `JSON_SYNTAX` error, JSON of another shape `JSON_NOT_A_TABLE`; both give line and column.
 *
 * @example
 * ```ts
 * import { parseJson } from '@neurite/io';
 * const table = parseJson('{"t": [0.0, 0.025], "v": [-65.0, -64.99925452909274]}');
 * table.get('t'); // Float64Array [0, 0.025]
 * ```
 */
export function parseJson(text: string, options: JsonReadOptions = {}): Table {
  const parser = new JsonTableParser(options);
  parser.push(text);
  return parser.finish();
}
