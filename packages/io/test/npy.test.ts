import { describe, expect, test } from 'vitest';
import { IoError, formatNpy, formatNpz, ndarrayToTable, parseNpy, parseNpz, parseNpzArrays } from '../src/index.js';
import { hexOf, referenceTv, trickyDoubles } from './helpers.js';

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

describe('.npy', () => {
  test('1-D: header as numpy writes it, data read back bit for bit', () => {
    const x = trickyDoubles(1000);
    const bytes = formatNpy(x);
    const header = new TextDecoder('latin1').decode(bytes.subarray(10, 128));
    expect(header.startsWith(`{'descr': '<f8', 'fortran_order': False, 'shape': (${x.length},), }`)).toBe(true);
    expect((10 + (bytes[8]! | (bytes[9]! << 8))) % 64).toBe(0);
    const arr = parseNpy(bytes);
    expect(arr.shape).toEqual([x.length]);
    expect(hexOf(arr.data)).toBe(hexOf(x));
  });

  test('2-D from a recording set: (rows, columns), back to a table', () => {
    const bytes = formatNpy({ t: ref.t, v: ref.v });
    const arr = parseNpy(bytes);
    expect(arr.shape).toEqual([ref.t.length, 2]);
    const table = ndarrayToTable(arr, { names: ['t', 'v'] });
    expect(Array.from(table.get('t')!)).toEqual(ref.t);
    expect(Array.from(table.get('v')!)).toEqual(ref.v);
    expect(ndarrayToTable(arr).names).toEqual(['0', '1']);
  });

  test('a Vector-like object and an empty column', () => {
    expect(parseNpy(formatNpy({ toArray: () => new Float64Array([1, 2]) })).data).toEqual(new Float64Array([1, 2]));
    expect(parseNpy(formatNpy([])).shape).toEqual([0]);
  });

  test('bad magic, truncated header and data, unsupported dtypes', () => {
    const good = formatNpy([1, 2, 3]);
    let e = ioError(() => parseNpy(new TextEncoder().encode('{"t": [1]}'), { source: 'x.npy' }));
    expect(e.code).toBe('NPY_BAD_MAGIC');
    expect(e.message).toContain('x.npy');
    e = ioError(() => parseNpy(good.subarray(0, 40), { source: 'x.npy' }));
    expect(e.code).toBe('NPY_TRUNCATED');
    e = ioError(() => parseNpy(good.subarray(0, good.length - 1), { source: 'x.npy' }));
    expect(e.code).toBe('NPY_TRUNCATED');
    expect(e.message).toContain('expected 24 bytes of data (3 values) from byte 128');
    expect(e.offset).toBe(good.length - 1);
    const obj = good.slice();
    obj.set(new TextEncoder().encode("'|O8'"), 10 + 10);
    e = ioError(() => parseNpy(obj));
    expect(e.code).toBe('NPY_UNSUPPORTED_DTYPE');
    expect(e.message).toContain('|O8');
  });
});

describe('.npz', () => {
  test('round trip, stored and deflated, names in order', () => {
    for (const compress of [false, true]) {
      const bytes = formatNpz({ t: ref.t, v: ref.v, 'soma(0.5).v': ref.v }, { compress });
      const table = parseNpz(bytes);
      expect(table.names).toEqual(['t', 'v', 'soma(0.5).v']);
      expect(Array.from(table.get('t')!)).toEqual(ref.t);
      expect(Array.from(table.get('soma(0.5).v')!)).toEqual(ref.v);
      expect(parseNpzArrays(bytes).get('v')!.shape).toEqual([ref.v.length]);
    }
  });

  test('corruption and truncation are errors', () => {
    const bytes = formatNpz({ t: ref.t, v: ref.v });
    let e = ioError(() => parseNpz(bytes.subarray(0, bytes.length - 30), { source: 'x.npz' }));
    expect(e.code).toBe('NPZ_MALFORMED');
    expect(e.message).toContain('truncated');
    const flipped = bytes.slice();
    flipped[500] ^= 1;
    e = ioError(() => parseNpz(flipped, { source: 'x.npz' }));
    expect(e.code).toBe('NPZ_MALFORMED');
    expect(e.message).toContain('CRC-32');
    e = ioError(() => parseNpz(new Uint8Array(100)));
    expect(e.code).toBe('NPZ_MALFORMED');
    expect(ioError(() => formatNpz({ 'a/b': [1] })).code).toBe('BAD_NAME');
  });
});
