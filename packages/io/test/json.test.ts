import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IoError, JsonTableParser, formatJson, parseJson } from '../src/index.js';
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

describe('the tutorial JSON (data.json)', () => {
  const text = readFileSync(fixture('data.json'), 'utf8');
  const ref = referenceTv();
  test('loads to exactly the reference arrays', () => {
    const table = parseJson(text);
    expect(table.names).toEqual(['t', 'v']);
    expect(Array.from(table.get('t')!)).toEqual(ref.t);
    expect(Array.from(table.get('v')!)).toEqual(ref.v);
  });
  test('writing the reference arrays gives the same bytes as the tutorial (indent 4)', () => {
    expect(formatJson({ t: ref.t, v: ref.v })).toBe(text);
  });
});

describe('JSON round trips', () => {
  test('indented and one-line; tricky doubles, -0, NaN, infinities bit for bit', () => {
    const x = trickyDoubles(2000);
    const z = Float64Array.from([-0, NaN, Infinity, -Infinity, 0]);
    for (const indent of [4, 2, 0, null]) {
      const text = formatJson({ x, z, empty: [] }, { indent });
      const table = parseJson(text);
      expect(table.names).toEqual(['x', 'z', 'empty']);
      expect(hexOf(table.get('x')!)).toBe(hexOf(x));
      expect(hexOf(table.get('z')!)).toBe(hexOf(z));
      expect(table.get('empty')!.length).toBe(0);
    }
    expect(formatJson({ t: [0, 0.025], e: [] }, { indent: null })).toBe('{"t": [0.0, 0.025], "e": []}');
    expect(formatJson({})).toBe('{}');
  });

  test('names are escaped as Python does (ensure_ascii) and keep file order, even integer-like ones', () => {
    const text = formatJson({ 'µV "q"\n': [1], b: [2] }, { indent: null });
    expect(text).toBe('{"\\u00b5V \\"q\\"\\n": [1.0], "b": [2.0]}');
    expect(parseJson(text).names).toEqual(['µV "q"\n', 'b']);
    expect(parseJson('{"2": [1], "1": [2], "t": [3]}').names).toEqual(['2', '1', 't']);
    expect(parseJson('{"2": [NaN], "1": [2]}').names).toEqual(['2', '1']);
  });

  test('pushing text in pieces of any size (splitting numbers, keys, NaN) gives the same table', () => {
    const text = formatJson({ 'k\\"ey': trickyDoubles(300), z: [NaN, -Infinity, Infinity, -0, 1e-5] });
    const whole = parseJson(text);
    for (const size of [1, 2, 3, 5, 8, 13, 100]) {
      const p = new JsonTableParser();
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      const got = p.finish();
      expect(got.names).toEqual(whole.names);
      for (const name of whole.names) expect(hexOf(got.get(name)!)).toBe(hexOf(whole.get(name)!));
    }
    const p = new JsonTableParser();
    p.push('{"t": [1');
    p.push('e5, 2');
    p.push(']}');
    expect(p.finish().get('t')).toEqual(new Float64Array([1e5, 2]));
  });

  test('a repeated key keeps its first place and last value (as Python)', () => {
    expect(parseJson('{"a": [1], "b": [2], "a": [3]}').names).toEqual(['a', 'b']);
    expect(parseJson('{"a": [1], "b": [2], "a": [3]}').get('a')).toEqual(new Float64Array([3]));
  });

  test('columns may differ in length; rowCount then refuses', () => {
    const table = parseJson('{"a": [1, 2], "b": [3]}');
    expect(table.get('b')).toEqual(new Float64Array([3]));
    expect(ioError(() => table.rowCount).code).toBe('LENGTH_MISMATCH');
  });

  test('strict mode refuses non-finite values', () => {
    expect(ioError(() => formatJson({ a: [1, NaN] }, { nonFinite: 'error' })).code).toBe('NOT_FINITE');
  });
});

describe('invalid JSON is a clear error with file, line and column', () => {
  test('syntax errors', () => {
    for (const [text, line, column, expected] of [
      ['{"t": [1, 2,]}', 1, 13, 'a number at "t"[2]'],
      ['{"t": [1, 2}', 1, 12, "',' or ']'"],
      ['{\n  "t": [1, 2],\n  "v": [3 4]\n}', 3, 11, "',' or ']'"],
      ['{"t": [1, 2]', 1, 13, "',' or '}'"],
      ["{'t': [1]}", 1, 2, 'a string key'],
      ['{"t": [01]}', 1, 9, "',' or ']'"],
      ['{"t": [1]} x', 1, 12, 'the end of the text'],
      ['', 1, 1, "'{' (a JSON object"],
      ['{"t": [1e]}', 1, 9, "',' or ']'"],
      ['{"t": [-]}', 1, 8, 'a number'],
      ['{"t": [Nan]}', 1, 8, 'a number'],
      ['{"t": [1]}}', 1, 11, 'the end of the text'],
      ['{"t\\u00": [1]}', 1, 5, 'a valid escape'],
    ] as const) {
      const e = ioError(() => parseJson(text, { source: 'bad.json' }));
      expect(e.code).toBe('JSON_SYNTAX');
      expect([e.line, e.column]).toEqual([line, column]);
      expect(e.message).toContain('bad.json');
      expect(e.message).toContain(`expected ${expected}`);
    }
  });

  test('a truncated tutorial file is an error, not a shorter recording', () => {
    const text = readFileSync(fixture('data.json'), 'utf8');
    for (const cut of [1, 100, 5000, text.length - 2, text.length - 1]) {
      expect(ioError(() => parseJson(text.slice(0, cut), { source: 'data.json' })).code).toBe('JSON_SYNTAX');
    }
  });

  test('valid JSON of another shape names the key, index and position', () => {
    let e = ioError(() => parseJson('[1, 2]', { source: 'a.json' }));
    expect(e.code).toBe('JSON_NOT_A_TABLE');
    expect(e.message).toContain('found an array');
    expect([e.line, e.column]).toEqual([1, 1]);
    e = ioError(() => parseJson('{"t": [1, 2],\n "v": [3, "4"]}', { source: 'a.json' }));
    expect(e.code).toBe('JSON_NOT_A_TABLE');
    expect(e.message).toContain('"v"[1]');
    expect(e.message).toContain('found a string');
    expect([e.line, e.column]).toEqual([2, 11]);
    e = ioError(() => parseJson('{"t": 5}'));
    expect(e.code).toBe('JSON_NOT_A_TABLE');
    expect([e.line, e.column]).toEqual([1, 7]);
    e = ioError(() => parseJson('{"t": [1, null]}'));
    expect(e.message).toContain('found null');
    e = ioError(() => parseJson('{"t": [[1]]}'));
    expect(e.message).toContain('found an array');
  });
});
