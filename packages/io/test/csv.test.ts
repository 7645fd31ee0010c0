import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CsvParser, IoError, csvStream, formatCsv, parseCsv, parseFloatStrict, toTable } from '../src/index.js';
import { fixture, hexOf, referenceTv, trickyDoubles } from './helpers.js';

function ioError(fn: () => unknown): IoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    return e as IoError;
  }
  throw new Error('expected an IoError');
}

describe('the tutorial CSV (data.csv)', () => {
  const text = readFileSync(fixture('data.csv'), 'utf8');
  const ref = referenceTv();

  test('loads to exactly the reference arrays; no header detected', () => {
    const table = parseCsv(text);
    expect(table.names).toEqual(['0', '1']);
    expect(Array.from(table.list[0]!)).toEqual(ref.t);
    expect(Array.from(table.list[1]!)).toEqual(ref.v);
    expect(parseCsv(text, { names: ['t', 'v'] }).get('v')).toEqual(Float64Array.from(ref.v));
  });

  test('writing the reference arrays gives the same bytes as the tutorial', () => {
    expect(formatCsv({ t: ref.t, v: ref.v })).toBe(text);
  });

  test('pushing the text in pieces of any size gives the same table', () => {
    const whole = parseCsv(text, { names: ['t', 'v'] });
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const p = new CsvParser({ names: ['t', 'v'] });
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      const got = p.finish();
      expect(hexOf(got.get('t')!)).toBe(hexOf(whole.get('t')!));
      expect(hexOf(got.get('v')!)).toBe(hexOf(whole.get('v')!));
    }
  });
});

describe('CSV round trips', () => {
  test('tricky doubles, -0, NaN and infinities read back bit for bit', () => {
    const x = trickyDoubles(2000);
    const y = Float64Array.from(x, (v) => -v);
    const z = new Float64Array(x.length);
    z.set([-0, NaN, Infinity, -Infinity]);
    for (const header of [false, true]) {
      const table = parseCsv(formatCsv({ x, y, z }, { header }), header ? {} : { names: ['x', 'y', 'z'] });
      expect(table.names).toEqual(['x', 'y', 'z']);
      expect(hexOf(table.get('x')!)).toBe(hexOf(x));
      expect(hexOf(table.get('y')!)).toBe(hexOf(y));
      expect(hexOf(table.get('z')!)).toBe(hexOf(z));
    }
  });

  test('any number of columns; header names are quoted when needed and read back', () => {
    const names = ['t', 'soma(0.5).v', 'a,b', 'say "hi"', ' padded ', 'µV'];
    const cols = Object.fromEntries(names.map((n, i) => [n, [i, i + 0.5]]));
    const text = formatCsv(cols, { header: true });
    expect(text.split('\r\n')[0]).toBe('t,soma(0.5).v,"a,b","say ""hi"""," padded ",µV');
    const table = parseCsv(text);
    expect(table.names).toEqual(names);
    expect(Array.from(table.get('a,b')!)).toEqual([2, 2.5]);
  });

  test('header detection: auto, forced, replaced by names; LF and CRLF; BOM; blank lines', () => {
    expect(parseCsv('t,v\n0,1\n').names).toEqual(['t', 'v']);
    expect(parseCsv('\ufefft,v\r\n0,1\r\n\r\n').names).toEqual(['t', 'v']);
    expect(parseCsv('1,2\n3,4').get('0')).toEqual(new Float64Array([1, 3]));
    const forced = parseCsv('1,2\n3,4\n', { header: true });
    expect(forced.names).toEqual(['1', '2']);
    expect(forced.rowCount).toBe(1);
    const renamed = parseCsv('t,v\n0,1\n', { names: ['time', 'volt'] });
    expect(renamed.names).toEqual(['time', 'volt']);
    expect(renamed.get('volt')).toEqual(new Float64Array([1]));
    expect(parseCsv('a\n\n1\n\n2\n').get('a')).toEqual(new Float64Array([1, 2]));
    expect(parseCsv('t,v\n').rowCount).toBe(0);
  });

  test('other delimiters, spaces around numbers, Python float spellings', () => {
    expect(parseCsv('1\t2\n', { delimiter: '\t' }).list.map((c) => c[0])).toEqual([1, 2]);
    expect(parseCsv('1; 2\n', { delimiter: ';' }).list.map((c) => c[0])).toEqual([1, 2]);
    const t = parseCsv('inf,-Infinity,nan,1e-05,.5,5.,+3\n');
    expect(t.list.map((c) => c[0])).toEqual([Infinity, -Infinity, NaN, 1e-5, 0.5, 5, 3]);
    expect(formatCsv({ a: [1] }, { delimiter: ';', lineTerminator: '\n', header: true })).toBe('a\n1.0\n');
  });

  test('a loaded table (and Vector-like objects) save like fresh data', () => {
    const ref = referenceTv();
    const vec = { toArray: () => Float64Array.from(ref.v), label: 'v', unit: 'mV' };
    const fresh = formatCsv({ t: ref.t, v: vec }, { header: true });
    const loaded = parseCsv(fresh);
    expect(formatCsv(loaded, { header: true })).toBe(fresh);
    expect(formatCsv(toTable(loaded), { header: true })).toBe(fresh);
    expect(formatCsv([{ name: 't', data: ref.t }, { name: 'v', data: vec }], { header: true })).toBe(fresh);
  });
});

describe('malformed CSV is a clear error with file, line and column', () => {
  test('ragged rows (too few, too many, truncated last row)', () => {
    let e = ioError(() => parseCsv('1,2\n3,4\n5\n', { source: 'run.csv' }));
    expect(e.code).toBe('CSV_RAGGED_ROW');
    expect(e.line).toBe(3);
    expect(e.message).toBe('run.csv, line 3: expected 2 fields (as in line 1), found 1 [CSV_RAGGED_ROW]');
    e = ioError(() => parseCsv('t,v\n1,2,3\n'));
    expect(e.code).toBe('CSV_RAGGED_ROW');
    expect(e.line).toBe(2);
    const text = readFileSync(fixture('data.csv'), 'utf8');
    const cut = text.slice(0, text.indexOf('\n', 1000) + 6); // ends inside the next row's first number
    e = ioError(() => parseCsv(cut, { source: 'data.csv' }));
    expect(e.code).toBe('CSV_RAGGED_ROW');
  });

  test('non-numbers, empty fields, hex and trailing garbage', () => {
    for (const [text, line, column, found] of [
      ['1,2\n3,abc\n', 2, 3, '"abc"'],
      ['1,2\n3,\n', 2, 3, '""'],
      ['1,2\n0x10,1\n', 2, 1, '"0x10"'],
      ['1,2\n1.5.2,1\n', 2, 1, '"1.5.2"'],
      ['t,v\n1,2e\n', 2, 3, '"2e"'],
      ['1,2\n1,"2"x\n', 2, 6, undefined],
    ] as const) {
      const e = ioError(() => parseCsv(text, { source: 'bad.csv' }));
      expect(e.line).toBe(line);
      expect(e.column).toBe(column);
      expect(e.source).toBe('bad.csv');
      if (found) {
        expect(e.code).toBe('CSV_NOT_A_NUMBER');
        expect(e.message).toContain(`found ${found}`);
      } else expect(e.code).toBe('CSV_BAD_QUOTE');
    }
  });

  test('unterminated quote, wrong number of names, duplicate names, empty input', () => {
    expect(ioError(() => parseCsv('"t,v\n1,2\n')).code).toBe('CSV_BAD_QUOTE');
    expect(ioError(() => parseCsv('1,2\n', { names: ['t'] })).code).toBe('CSV_BAD_HEADER');
    expect(ioError(() => parseCsv('t,t\n1,2\n')).code).toBe('CSV_BAD_HEADER');
    expect(ioError(() => parseCsv('')).code).toBe('CSV_EMPTY');
    expect(ioError(() => parseCsv('\r\n\n')).code).toBe('CSV_EMPTY');
  });

  test('writing: unequal columns, names with line breaks, bad delimiters', () => {
    expect(ioError(() => formatCsv({ t: [1, 2], v: [1] })).code).toBe('LENGTH_MISMATCH');
    expect(ioError(() => formatCsv({ 'a\nb': [1] }, { header: true })).code).toBe('BAD_NAME');
    expect(ioError(() => formatCsv({ a: [1] }, { delimiter: '.' })).code).toBe('BAD_COLUMN');
    expect(ioError(() => formatCsv({ a: 5 as unknown as number[] })).code).toBe('BAD_COLUMN');
  });
});

describe('parseFloatStrict', () => {
  test('accepts what Python float() accepts for plain numbers, refuses the rest', () => {
    expect(parseFloatStrict('0.09999999999999999')).toBe(0.09999999999999999);
    expect(Object.is(parseFloatStrict('-0.0'), -0)).toBe(true);
    expect(parseFloatStrict(' 1e3 ')).toBe(1000);
    for (const bad of ['', ' ', '-', '.', 'e5', '1e', '1e+', '0x1', '1_0', '1,0', 'Infinityx', '--1', '1 2']) {
      expect(parseFloatStrict(bad)).toBeUndefined();
    }
  });
});

describe('csvStream: rows appended as the run goes', () => {
  test('observer hooks write one row per sample, flushing in pieces and at onFinish', () => {
    const chunks: string[] = [];
    let closed = 0;
    const sim = { t: 0, v: -65 };
    const stream = csvStream(
      { write: (s) => chunks.push(s), close: () => closed++ },
      [
        { name: 't', source: () => sim.t },
        { name: 'v', source: { get: () => sim.v } },
      ],
      { header: true, flushChars: 100 },
    );
    // What core does: finitialize (sample 0), steps, run returns.
    stream.onInit();
    for (let i = 1; i <= 40; i++) {
      sim.t = i * 0.025;
      sim.v = -65 + Math.sin(i);
      stream.onStep();
    }
    expect(chunks.length).toBeGreaterThan(5); // flushed along the way, not held
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(100 + 60);
    stream.onFinish();
    expect(stream.rowsWritten).toBe(41);
    // The run continues (continuerun again) and then the stream is closed.
    sim.t = 1.025;
    stream.onStep();
    stream.close();
    stream.close();
    expect(closed).toBe(1);
    const table = parseCsv(chunks.join(''));
    expect(table.names).toEqual(['t', 'v']);
    expect(table.rowCount).toBe(42);
    expect(table.get('t')![40]).toBe(40 * 0.025);
    expect(table.get('v')![40]).toBe(-65 + Math.sin(40));
    expect(ioError(() => stream.onStep()).code).toBe('STREAM_CLOSED');
  });

  test('bad column sources are refused up front', () => {
    expect(ioError(() => csvStream({ write: () => {} }, [{ name: 't', source: 3 as unknown as () => number }])).code).toBe('BAD_COLUMN');
    expect(ioError(() => csvStream({ write: () => {} }, [{ name: 't', source: () => 0 }, { name: 't', source: () => 1 }])).code).toBe('BAD_NAME');
  });
});
