/**
 * CSV: the tutorial's layout (rows of `t,v`, no header, `\r\n` line ends as Python's `csv`
 * writes them) or with a header row of names. Browser-safe: strings in, strings out.
 */
import { IoError } from '../errors.js';
import { formatFloat, parseFloatStrict } from '../numbers.js';
import { Table, commonLength, resolveColumns, type RecordingSet } from '../table.js';

/** Options for writing CSV. */
export interface CsvWriteOptions {
  /** Write a first row with the column names. Default `false` (the tutorial's layout). */
  header?: boolean;
  /** Field separator, one character. Default `','`. */
  delimiter?: string;
  /** Line end. Default `'\r\n'`, as Python's `csv.writer`. */
  lineTerminator?: string;
}

/** Options for reading CSV. */
export interface CsvReadOptions {
  /**
   * Whether the first row holds names: `'auto'` (default) treats it as a header when any of its
   * cells is not a number; `true` always, `false` never.
   */
  header?: 'auto' | boolean;
  /**
   * Column names to use. They replace a header row if the file has one. Without names and
   * without a header, columns are named `'0'`, `'1'`, ... (as pandas does).
   */
  names?: readonly string[];
  /** Field separator, one character. Default `','`. */
  delimiter?: string;
  /** Name of the file or source, used in error messages. */
  source?: string;
}

const QUOTE = 34;
const LF = '\n';

function checkDelimiter(d: string | undefined): string {
  const delim = d ?? ',';
  if (delim.length !== 1 || delim === '"' || delim === '\n' || delim === '\r' || /[0-9.eE+\-]/.test(delim)) {
    throw new IoError('BAD_COLUMN', `expected a one-character delimiter that cannot occur in a number, got ${JSON.stringify(delim)}`);
  }
  return delim;
}

/** Quotes a header cell as Python's csv module does (QUOTE_MINIMAL). */
function quoteName(name: string, delim: string): string {
  if (/[\r\n]/.test(name)) throw new IoError('BAD_NAME', `column name ${JSON.stringify(name)}: line breaks cannot be written in a CSV header`);
  if (name.includes(delim) || name.includes('"') || name === '' || name !== name.trim()) {
    return '"' + name.replace(/"/g, '""') + '"';
  }
  return name;
}

/**
 * The header line (with line terminator) for these names.
 * @internal
 */
export function csvHeaderLine(names: readonly string[], delim: string, eol: string): string {
  return names.map((n) => quoteName(n, delim)).join(delim) + eol;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Writes CSV text in chunks of about 1 MiB, so that a large recording never exists as one
 * string. Join them for a string ({@link formatCsv}) or write them to a file one by one.
 *
 * @example
 * ```ts
 * import { csvChunks } from '@neurite/io';
 * for (const chunk of csvChunks({ t: [0, 0.025], v: [-65, -64.99925452909274] })) out.write(chunk);
 * ```
 */
export function* csvChunks(data: RecordingSet, options: CsvWriteOptions = {}): Generator<string, void, undefined> {
  const delim = checkDelimiter(options.delimiter);
  const eol = options.lineTerminator ?? '\r\n';
  const cols = resolveColumns(data);
  const names = cols.map((c) => c.name);
  const values = cols.map((c) => c.values);
  const rows = commonLength(names, values);
  let buf = options.header ? csvHeaderLine(names, delim, eol) : '';
  const m = values.length;
  if (m === 0) {
    if (buf) yield buf;
    return;
  }
  for (let i = 0; i < rows; i++) {
    let line = formatFloat(+values[0]![i]!);
    for (let j = 1; j < m; j++) line += delim + formatFloat(+values[j]![i]!);
    buf += line + eol;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * Formats a recording as CSV text. Numbers are written as Python's `repr` writes them, so the
 * text reads back (in neurite, Python, pandas or numpy) to exactly the same doubles; with
 * default options the tutorial's data gives the same bytes as the tutorial's Python code.
 *
 * @example
 * ```ts
 * import { formatCsv } from '@neurite/io';
 * formatCsv({ t: [0, 0.025], v: [-65, -64.9] });                   // '0.0,-65.0\r\n0.025,-64.9\r\n'
 * formatCsv({ t: [0], v: [-65] }, { header: true, lineTerminator: '\n' }); // 't,v\n0.0,-65.0\n'
 * ```
 */
export function formatCsv(data: RecordingSet, options: CsvWriteOptions = {}): string {
  let out = '';
  for (const chunk of csvChunks(data, options)) out += chunk;
  return out;
}

/**
 * Reads CSV text incrementally: `push` chunks of text as they arrive (any split, even inside a
 * line), then `finish` to get the {@link Table}. Only the current partial line is kept besides
 * the numbers already read.
 *
 * @example
 * ```ts
 * import { CsvParser } from '@neurite/io';
 * const parser = new CsvParser({ names: ['t', 'v'] });
 * parser.push('0.0,-65.0\r\n0.0');
 * parser.push('25,-64.9\r\n');
 * parser.finish().get('t'); // Float64Array [0, 0.025]
 * ```
 */
export class CsvParser {
  private readonly delim: string;
  private readonly headerMode: 'auto' | boolean;
  private readonly givenNames: readonly string[] | undefined;
  private readonly source: string | undefined;
  private pending = '';
  private lineNo = 0;
  private firstRowLine = 0;
  private width = -1;
  private names: string[] = [];
  private cols: Float64Array[] = [];
  private rows = 0;
  private capacity: number;
  private started = false;
  private finished = false;
  private readonly fields: string[] = [];
  private readonly fieldStarts: number[] = [];

  /**
   * @param options - reading options
   * @param capacityHint - expected number of rows (e.g. the number of line breaks), to allocate once
   */
  constructor(options: CsvReadOptions = {}, capacityHint = 1024) {
    this.delim = checkDelimiter(options.delimiter);
    this.headerMode = options.header ?? 'auto';
    this.givenNames = options.names;
    this.source = options.source;
    this.capacity = Math.max(1, Math.floor(capacityHint));
  }

  /**
   * Adds the next piece of text.
   * @example
   * ```ts
   * parser.push('1,2\n');
   * ```
   */
  push(chunk: string): void {
    if (this.finished) throw new IoError('STREAM_CLOSED', 'CSV parser already finished', { source: this.source });
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    const last = text.lastIndexOf(LF);
    if (last === -1) {
      this.pending = text;
      return;
    }
    this.processLines(text, last + 1);
    this.pending = text.slice(last + 1);
  }

  /**
   * Ends the input and returns the table. Throws `CSV_EMPTY` for input without any row.
   * @example
   * ```ts
   * const table = parser.finish();
   * ```
   */
  finish(): Table {
    if (this.finished) throw new IoError('STREAM_CLOSED', 'CSV parser already finished', { source: this.source });
    if (this.pending.length > 0) {
      const p = this.pending;
      this.pending = '';
      this.processLines(p + LF, p.length + 1);
    }
    this.finished = true;
    if (this.width < 0) {
      throw new IoError('CSV_EMPTY', 'expected at least one row, found no data', { source: this.source, line: 1 });
    }
    const n = this.rows;
    const cols = this.cols.map((c) => (c.length === n ? c : c.length - n <= 64 ? c.subarray(0, n) : c.slice(0, n)));
    return new Table(this.names, cols);
  }

  private processLines(text: string, end: number): void {
    let pos = 0;
    // Position of the next quote character (searched once per quote, not once per line).
    let nextQuote = text.indexOf('"');
    while (pos < end) {
      let nl = text.indexOf(LF, pos);
      if (nl === -1 || nl >= end) nl = end - 1;
      let lineEnd = nl;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      this.lineNo++;
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (lineEnd > pos) this.processLine(text, pos, lineEnd, nextQuote !== -1 && nextQuote < lineEnd);
      pos = nl + 1;
    }
  }

  private split(text: string, start: number, end: number, quoted: boolean): void {
    const fields = this.fields;
    const starts = this.fieldStarts;
    fields.length = 0;
    starts.length = 0;
    const d = this.delim;
    if (!quoted) {
      let p = start;
      for (;;) {
        let k = text.indexOf(d, p);
        if (k === -1 || k > end) k = end;
        fields.push(text.slice(p, k));
        starts.push(p - start + 1);
        if (k >= end) break;
        p = k + 1;
      }
      return;
    }
    // Slow path: quoted fields.
    let p = start;
    for (;;) {
      starts.push(p - start + 1);
      if (text.charCodeAt(p) === QUOTE) {
        let s = '';
        let i = p + 1;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1 || close >= end) {
            throw new IoError('CSV_BAD_QUOTE', 'expected a closing quote before the end of the line (line breaks inside quoted fields are not supported)', {
              source: this.source,
              line: this.lineNo,
              column: p - start + 1,
            });
          }
          s += text.slice(i, close);
          if (close + 1 < end && text.charCodeAt(close + 1) === QUOTE) {
            s += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        fields.push(s);
        if (i >= end) break;
        if (text[i] !== d) {
          throw new IoError('CSV_BAD_QUOTE', `expected a delimiter ${JSON.stringify(d)} or the end of the line after a closing quote, found ${JSON.stringify(text[i])}`, {
            source: this.source,
            line: this.lineNo,
            column: i - start + 1,
          });
        }
        p = i + 1;
        if (p === end) {
          fields.push('');
          starts.push(p - start + 1);
          break;
        }
      } else {
        let k = text.indexOf(d, p);
        if (k === -1 || k > end) k = end;
        fields.push(text.slice(p, k));
        if (k >= end) break;
        p = k + 1;
      }
    }
  }

  private processLine(text: string, start: number, end: number, quoted: boolean): void {
    this.split(text, start, end, quoted);
    const fields = this.fields;
    if (this.width < 0) {
      this.firstRow(fields);
      if (this.width >= 0 && this.rows === 0 && this.isHeaderRowPending) {
        this.isHeaderRowPending = false;
        return;
      }
    }
    if (fields.length !== this.width) {
      throw new IoError('CSV_RAGGED_ROW', `expected ${this.width} fields (as in line ${this.firstRowLine}), found ${fields.length}`, {
        source: this.source,
        line: this.lineNo,
      });
    }
    if (this.rows === this.capacity) this.grow();
    const r = this.rows;
    for (let j = 0; j < fields.length; j++) {
      const x = parseFloatStrict(fields[j]!);
      if (x === undefined) {
        throw new IoError('CSV_NOT_A_NUMBER', `expected a number in column ${j + 1} (${JSON.stringify(this.names[j])}), found ${JSON.stringify(fields[j])}`, {
          source: this.source,
          line: this.lineNo,
          column: this.fieldStarts[j]!,
        });
      }
      this.cols[j]![r] = x;
    }
    this.rows = r + 1;
  }

  private isHeaderRowPending = false;

  private firstRow(fields: readonly string[]): void {
    this.firstRowLine = this.lineNo;
    this.width = fields.length;
    let isHeader: boolean;
    if (this.headerMode === 'auto') isHeader = fields.some((f) => parseFloatStrict(f) === undefined);
    else isHeader = this.headerMode;
    let names: readonly string[];
    if (this.givenNames) {
      if (this.givenNames.length !== fields.length) {
        throw new IoError('CSV_BAD_HEADER', `expected ${this.givenNames.length} columns (names given: ${this.givenNames.join(', ')}), found ${fields.length}`, {
          source: this.source,
          line: this.lineNo,
        });
      }
      names = this.givenNames;
    } else if (isHeader) {
      names = fields;
    } else {
      names = fields.map((_, j) => String(j));
    }
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new IoError('CSV_BAD_HEADER', `expected unique column names, found ${JSON.stringify(n)} twice`, { source: this.source, line: this.lineNo });
      seen.add(n);
    }
    this.names = [...names];
    this.cols = names.map(() => new Float64Array(this.capacity));
    this.isHeaderRowPending = isHeader;
  }

  private grow(): void {
    const cap = Math.max(16, this.capacity * 2);
    this.cols = this.cols.map((c) => {
      const next = new Float64Array(cap);
      next.set(c);
      return next;
    });
    this.capacity = cap;
  }
}

/** Counts line feeds in text: an upper bound on the number of rows. */
function countLines(text: string): number {
  let n = 0;
  let i = text.indexOf(LF);
  while (i !== -1) {
    n++;
    i = text.indexOf(LF, i + 1);
  }
  return n + 1;
}

/**
 * Parses CSV text into a {@link Table}: any number of numeric columns, header row detected
 * (or forced, or replaced by `names`). Ragged rows, non-numbers and bad quoting are errors
 * naming the line and column. Numbers read as Python's `float()` reads them (`inf`, `nan` too).
 *
 * @example
 * ```ts
 * import { parseCsv } from '@neurite/io';
 * const table = parseCsv('0.0,-65.0\r\n0.025,-64.99925452909274\r\n', { names: ['t', 'v'] });
 * table.get('v'); // Float64Array [-65, -64.99925452909274]
 * parseCsv('t,v\n0,1\n').names; // ['t', 'v']
 * ```
 */
export function parseCsv(text: string, options: CsvReadOptions = {}): Table {
  const parser = new CsvParser(options, countLines(text));
  parser.push(text);
  return parser.finish();
}

/** Where streamed text goes: anything with `write(chunk)`; `close()` is called by {@link CsvStream.close}. */
export interface TextSink {
  /** Receives the next piece of text. */
  write(chunk: string): void;
  /** Called once when the stream is closed. */
  close?(): void;
}

/** A value read at every sample: a function, or an object with `get()` (e.g. a reference to a variable). */
export type SampleSource = {
  /** Reads the value now. */
  get(): number;
} | (() => number);

/** One column of a streamed recording. */
export interface StreamColumn {
  /** Column name (written in the header row when asked). */
  name: string;
  /** Where each sample is read from. */
  source: SampleSource;
}

/** The observer hooks neurite's simulation calls during a run. */
export interface RecordingObserver {
  /** After `finitialize`, when sample 0 is taken. */
  onInit?(): void;
  /** After each time step. */
  onStep?(): void;
  /** When a run call returns. */
  onFinish?(): void;
}

/** Options of {@link csvStream}. */
export interface CsvStreamOptions extends CsvWriteOptions {
  /** Text is handed to the sink in pieces of about this many characters. Default 65536. */
  flushChars?: number;
}

/**
 * Streams rows to a {@link TextSink} as a simulation runs: one row at `onInit` and at every
 * `onStep`, buffered in small pieces (never all rows), flushed at `onFinish` and `close`.
 * A second `finitialize` (a new run) appends its rows after the first run's.
 *
 * @example
 * ```ts
 * import { CsvStream } from '@neurite/io';
 * const stream = new CsvStream(sink, [{ name: 't', source: () => h.t }]);
 * ```
 */
export class CsvStream implements RecordingObserver {
  private readonly getters: (() => number)[];
  private readonly delim: string;
  private readonly eol: string;
  private readonly flushChars: number;
  private buf = '';
  private closed = false;
  private count = 0;

  /**
   * @param sink - where text goes
   * @param columns - what to sample
   * @param options - header, delimiter, line end, buffer size
   */
  constructor(
    private readonly sink: TextSink,
    columns: readonly StreamColumn[],
    options: CsvStreamOptions = {},
  ) {
    this.delim = checkDelimiter(options.delimiter);
    this.eol = options.lineTerminator ?? '\r\n';
    this.flushChars = options.flushChars ?? 65536;
    const seen = new Set<string>();
    this.getters = columns.map((c, i) => {
      if (typeof c?.name !== 'string') throw new IoError('BAD_COLUMN', `column ${i}: expected a name`);
      if (seen.has(c.name)) throw new IoError('BAD_NAME', `duplicate column name ${JSON.stringify(c.name)}`);
      seen.add(c.name);
      const s = c.source;
      if (typeof s === 'function') return s;
      if (typeof s === 'object' && s !== null && typeof s.get === 'function') return () => s.get();
      throw new IoError('BAD_COLUMN', `column ${JSON.stringify(c.name)}: expected a function or an object with get()`);
    });
    if (options.header) this.buf = csvHeaderLine(columns.map((c) => c.name), this.delim, this.eol);
  }

  /**
   * Number of data rows written so far.
   * @example
   * ```ts
   * stream.onInit();
   * stream.rowsWritten; // 1
   * ```
   */
  get rowsWritten(): number {
    return this.count;
  }

  /**
   * Reads every column once and appends a row.
   * @example
   * ```ts
   * stream.sample();
   * ```
   */
  sample(): void {
    if (this.closed) throw new IoError('STREAM_CLOSED', 'cannot write a row: the CSV stream is closed');
    const g = this.getters;
    let line = g.length > 0 ? formatFloat(+g[0]!()) : '';
    for (let j = 1; j < g.length; j++) line += this.delim + formatFloat(+g[j]!());
    this.buf += line + this.eol;
    this.count++;
    if (this.buf.length >= this.flushChars) this.flush();
  }

  /** Observer hook: sample 0 after `finitialize`. @example `stream.onInit()` */
  onInit(): void {
    this.sample();
  }

  /** Observer hook: one row per time step. @example `stream.onStep()` */
  onStep(): void {
    this.sample();
  }

  /** Observer hook: flushes buffered rows when a run call returns. @example `stream.onFinish()` */
  onFinish(): void {
    this.flush();
  }

  /**
   * Hands buffered text to the sink.
   * @example
   * ```ts
   * stream.flush();
   * ```
   */
  flush(): void {
    if (this.buf.length > 0) {
      const b = this.buf;
      this.buf = '';
      this.sink.write(b);
    }
  }

  /**
   * Flushes and closes the sink (for a file sink: the file appears under its real name).
   * Further rows are an error.
   * @example
   * ```ts
   * stream.close();
   * ```
   */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.sink.close?.();
  }
}

/**
 * Creates a {@link CsvStream}: an observer to register with the simulation so that rows are
 * written as the run goes.
 *
 * @example
 * ```ts
 * import { csvStream } from '@neurite/io';
 * const chunks: string[] = [];
 * const stream = csvStream({ write: (s) => chunks.push(s) }, [
 *   { name: 't', source: () => h.t },
 *   { name: 'v', source: { get: () => soma(0.5).v } },
 * ]);
 * // h.addObserver(stream); h.finitialize(-65); h.continuerun(40); stream.close();
 * ```
 */
export function csvStream(sink: TextSink, columns: readonly StreamColumn[], options: CsvStreamOptions = {}): CsvStream {
  return new CsvStream(sink, columns, options);
}
