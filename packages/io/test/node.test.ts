import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IoError, Table, formatCsv } from '../src/index.js';
import {
  FileSink,
  csvFileStream,
  formatOf,
  load,
  loadCsv,
  loadJson,
  loadNpy,
  loadNpyArray,
  loadNpz,
  loadNpzArrays,
  loadPickle,
  loadPickleValue,
  save,
  saveCsv,
  saveJson,
  saveNpy,
  saveNpz,
  savePickle,
  writeFileAtomic,
} from '../src/node.js';
import { fixture, hexOf, referenceTv, tempDir } from './helpers.js';

let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

function ioError(fn: () => unknown): IoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    return e as IoError;
  }
  throw new Error('expected an IoError');
}

const ref = referenceTv();

describe('tutorial fixtures through the file API', () => {
  test('data.csv, data.json, data.p load to exactly the reference arrays', () => {
    const tables = [loadCsv(fixture('data.csv'), { names: ['t', 'v'] }), loadJson(fixture('data.json')), loadPickle(fixture('data.p')), load(fixture('data.p'))];
    tables.push(load(fixture('data.csv'), { names: ['t', 'v'] }), load(fixture('data.json')));
    for (const table of tables) {
      expect(table.names).toEqual(['t', 'v']);
      expect(Array.from(table.get('t')!)).toEqual(ref.t);
      expect(Array.from(table.get('v')!)).toEqual(ref.v);
    }
    expect(loadPickleValue(fixture('data.p'))).toBeInstanceOf(Map);
  });

  test('saving loaded data gives the tutorial files back byte for byte (CSV, JSON)', () => {
    const table = loadPickle(fixture('data.p'));
    saveCsv(join(dir, 'data.csv'), table);
    saveJson(join(dir, 'data.json'), table);
    expect(readFileSync(join(dir, 'data.csv'))).toEqual(readFileSync(fixture('data.csv')));
    expect(readFileSync(join(dir, 'data.json'))).toEqual(readFileSync(fixture('data.json')));
  });
});

describe('every format round trips a larger recording (2 x 10^4 x 10, several read pieces) exactly', () => {
  const rows = 20_000;
  const names = Array.from({ length: 10 }, (_, j) => (j === 0 ? 't' : `soma(0.5).c${j}`));
  const cols = names.map((_, j) => Float64Array.from({ length: rows }, (_, i) => (j === 0 ? i * 0.025 : Math.sin(i * 0.001 * j) * 65 - j / 3)));
  const data = new Table(names, cols);
  for (const file of ['big.csv', 'big.json', 'big.p', 'big.npy', 'big.npz', 'big.tsv']) {
    test(file, () => {
      const path = join(dir, file);
      if (file.endsWith('.csv')) saveCsv(path, data, { header: true });
      else save(path, data);
      const back = file.endsWith('.npy') ? loadNpy(path, { names }) : load(path, file.endsWith('.tsv') ? { names } : {});
      expect(back.names).toEqual(names);
      for (let j = 0; j < names.length; j++) expect(hexOf(back.list[j]!)).toBe(hexOf(cols[j]!));
    });
  }
  test('pickle of NEURON Vectors and compressed npz', () => {
    savePickle(join(dir, 'vec.p'), data, { as: 'vectors' });
    saveNpz(join(dir, 'c.npz'), data, { compress: true });
    for (const back of [loadPickle(join(dir, 'vec.p')), loadNpz(join(dir, 'c.npz'))]) {
      for (let j = 0; j < names.length; j++) expect(hexOf(back.list[j]!)).toBe(hexOf(cols[j]!));
    }
    expect(loadNpzArrays(join(dir, 'c.npz')).size).toBe(10);
    saveNpy(join(dir, 'one.npy'), cols[3]!);
    expect(loadNpyArray(join(dir, 'one.npy')).shape).toEqual([rows]);
  });
});

describe('safe writes', () => {
  test('a failure part way leaves the old file untouched and no temporary file', () => {
    const path = join(dir, 'keep.csv');
    writeFileSync(path, 'old,content\r\n');
    function* failing(): Generator<string> {
      yield '1,2\r\n';
      yield 'x'.repeat(1 << 20);
      throw new Error('disk full (simulated)');
    }
    expect(() => writeFileAtomic(path, failing())).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('old,content\r\n');
    expect(readdirSync(dir).filter((f) => f.includes('keep.csv'))).toEqual(['keep.csv']);
    // A bad recording (unequal columns) found while writing: same guarantee.
    expect(ioError(() => saveCsv(path, { t: [1, 2], v: [1] })).code).toBe('LENGTH_MISMATCH');
    expect(readFileSync(path, 'utf8')).toBe('old,content\r\n');
    expect(readdirSync(dir).filter((f) => f.includes('keep.csv'))).toEqual(['keep.csv']);
  });

  test('a folder that does not exist, or a full disk, is WRITE_FAILED naming the file', () => {
    const missing = join(dir, 'no-such-folder', 'x.csv');
    const e = ioError(() => saveCsv(missing, { t: [1] }));
    expect(e.code).toBe('WRITE_FAILED');
    expect(e.source).toBe(missing);
    expect(e.message).toContain('ENOENT');
  });

  test('nothing appears under the real name until close', () => {
    const path = join(dir, 'sink.txt');
    const sink = new FileSink(path);
    sink.write('hello ');
    sink.write(new TextEncoder().encode('world'));
    expect(existsSync(path)).toBe(false);
    expect(existsSync(sink.tempFile)).toBe(true);
    sink.close();
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    expect(existsSync(sink.tempFile)).toBe(false);
    expect(ioError(() => sink.write('more')).code).toBe('STREAM_CLOSED');
    const aborted = new FileSink(join(dir, 'aborted.txt'));
    aborted.write('x');
    aborted.abort();
    expect(existsSync(join(dir, 'aborted.txt'))).toBe(false);
    expect(existsSync(aborted.tempFile)).toBe(false);
  });

  test('csvFileStream: rows go to disk as the run goes; the file appears complete on close', () => {
    const path = join(dir, 'stream.csv');
    const sim = { t: 0, v: -65 };
    const stream = csvFileStream(path, [
      { name: 't', source: () => sim.t },
      { name: 'v', source: () => sim.v },
    ], { flushChars: 1024 });
    stream.onInit();
    for (let i = 1; i <= 1600; i++) {
      sim.t = ref.t[i]!;
      sim.v = ref.v[i]!;
      stream.onStep();
    }
    stream.onFinish();
    expect(existsSync(path)).toBe(false);
    stream.close();
    sim.t = ref.t[0]!;
    expect(readFileSync(path)).toEqual(readFileSync(fixture('data.csv')).subarray(0, readFileSync(path).length));
    expect(readFileSync(path, 'utf8')).toBe(formatCsv({ t: ref.t, v: [-65, ...ref.v.slice(1)] }));
  });
});

describe('file errors name the file', () => {
  test('malformed files', () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 't,v\n0,1\n0.025\n');
    let e = ioError(() => loadCsv(csv));
    expect(e.code).toBe('CSV_RAGGED_ROW');
    expect(e.message.startsWith(`${csv}, line 3:`)).toBe(true);
    const json = join(dir, 'bad.json');
    writeFileSync(json, '{"t": [0.0, 0.025');
    e = ioError(() => load(json));
    expect(e.code).toBe('JSON_SYNTAX');
    expect(e.source).toBe(json);
    const p = join(dir, 'bad.p');
    writeFileSync(p, readFileSync(fixture('data.p')).subarray(0, 1000));
    e = ioError(() => load(p));
    expect(e.code).toBe('PICKLE_TRUNCATED');
    expect(e.message).toContain(p);
  });

  test('truncated .npy and .npz files', () => {
    const npy = join(dir, 'cut.npy');
    saveNpy(npy, { t: ref.t, v: ref.v });
    writeFileSync(npy, readFileSync(npy).subarray(0, 1000));
    let e = ioError(() => load(npy));
    expect(e.code).toBe('NPY_TRUNCATED');
    expect(e.message).toContain(npy);
    expect(e.message).toContain('the file ends at byte 1000');
    const npz = join(dir, 'cut.npz');
    saveNpz(npz, { t: ref.t, v: ref.v });
    writeFileSync(npz, readFileSync(npz).subarray(0, 20000));
    e = ioError(() => load(npz));
    expect(e.code).toBe('NPZ_MALFORMED');
    expect(e.source).toBe(npz);
    saveNpz(npz, { t: ref.t, v: ref.v });
    const bytes = readFileSync(npz);
    bytes[bytes.length - 5000] ^= 0x10; // inside the data of 'v'
    writeFileSync(npz, bytes);
    e = ioError(() => loadNpz(npz));
    expect(e.code).toBe('NPZ_MALFORMED');
    expect(e.message).toContain('"v.npy"');
    expect(e.message).toContain('CRC-32');
  });

  test('unknown extensions', () => {
    expect(formatOf('x.PKL')).toBe('pickle');
    expect(ioError(() => load(join(dir, 'x.xlsx'))).code).toBe('UNKNOWN_FORMAT');
    expect(ioError(() => save(join(dir, 'x'), { t: [1] })).code).toBe('UNKNOWN_FORMAT');
  });
});
