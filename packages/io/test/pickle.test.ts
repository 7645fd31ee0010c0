import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IoError, PyNdArray, PyTuple, formatPickle, parsePickle, pickleToTable, unpickle, type PyValue } from '../src/index.js';
import { loadPickle } from '../src/node.js';
import { fixture, referenceTv } from './helpers.js';

function expectIoError(fn: () => unknown, code: string): IoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    expect((e as IoError).code).toBe(code);
    return e as IoError;
  }
  throw new Error(`expected an IoError ${code}, but nothing was thrown`);
}

describe('NEURON tutorial pickle (data.p)', () => {
  test('loads to exactly the reference arrays', () => {
    const ref = referenceTv();
    const table = loadPickle(fixture('data.p'));
    expect(table.names).toEqual(['t', 'v']);
    expect(Array.from(table.get('t')!)).toEqual(ref.t);
    expect(Array.from(table.get('v')!)).toEqual(ref.v);
    expect(table.get('v')).toBeInstanceOf(Float64Array);
  });

  test('unpickle gives a dict of Float64Arrays (the h.Vectors)', () => {
    const value = unpickle(readFileSync(fixture('data.p')));
    expect(value).toBeInstanceOf(Map);
    const m = value as Map<PyValue, PyValue>;
    expect([...m.keys()]).toEqual(['t', 'v']);
    expect(m.get('t')).toBeInstanceOf(Float64Array);
    expect((m.get('t') as Float64Array).length).toBe(1601);
  });

  test('every truncation is an error naming the file and offset, never a partial result', () => {
    const bytes = readFileSync(fixture('data.p'));
    for (let n = 0; n < bytes.length; n += n < 200 ? 1 : 97) {
      const err = expectIoError(() => parsePickle(bytes.subarray(0, n), { source: 'data.p' }), 'PICKLE_TRUNCATED');
      expect(err.source).toBe('data.p');
      expect(err.offset).toBeTypeOf('number');
      expect(err.message).toContain('data.p');
      expect(err.message).toMatch(/byte \d+/);
    }
  });

  test('big-endian NEURON Vector data (byte-order mark) is read exactly', () => {
    const v = new Float64Array([0.1, -65, 1e-300]);
    const le = formatPickle({ v }, { as: 'vectors', protocol: 3 });
    // Swap the mark and the data to big-endian.
    const be = le.slice();
    const markAt = indexOfBytes(be, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x40]));
    be.set([0x40, 0, 0, 0, 0, 0, 0, 0], markAt);
    const leData = new Uint8Array(v.buffer);
    const at = indexOfBytes(be, leData);
    for (let i = 0; i < 3; i++) be.set(leData.slice(i * 8, i * 8 + 8).reverse(), at + i * 8);
    expect(Array.from(parsePickle(be).get('v')!)).toEqual(Array.from(v));
  });
});

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}

describe('plain pickles written by python3 (protocols 0 to 5)', () => {
  for (let p = 0; p <= 5; p++) {
    test(`protocol ${p}`, () => {
      const value = unpickle(readFileSync(fixture(`plain-p${p}.pickle`)));
      expect(value).toBeInstanceOf(Map);
      const m = value as Map<PyValue, PyValue>;
      const floats = m.get('floats') as number[];
      expect(floats).toHaveLength(9);
      expect(Object.is(floats[0], 0)).toBe(true);
      expect(Object.is(floats[1], -0)).toBe(true);
      expect(floats.slice(2)).toEqual([0.1, -65, 1e-5, 1.7976931348623157e308, 5e-324, Infinity, -Infinity]);
      expect(m.get('ints')).toEqual([0, 1, -1, 255, 256, 65535, 65536, -(2 ** 31), 2 ** 31 - 1, 2 ** 31, 2n ** 53n, 2n ** 64n, -(2n ** 70n)]);
      expect(m.get('text')).toBe('soma(0.5).v µV ✓');
      expect(m.get('bytes')).toEqual(new Uint8Array([0, 1, 0xfe, 0xff]));
      expect(m.get('bytearray')).toEqual(new Uint8Array([0x61, 0x62, 0x80]));
      expect(m.get('none')).toBeNull();
      expect(m.get('bools')).toEqual(new PyTuple([true, false]));
      expect(m.get('tuple')).toEqual(new PyTuple([1, new PyTuple([2.5, 'x']), new PyTuple([])]));
      const nested = m.get('nested') as Map<PyValue, PyValue>;
      expect(nested.get('a')).toEqual([[], new Map()]);
      expect(nested.get(3)).toBe('int key');
      expect(m.get('set')).toEqual(new Set([1, 2]));
      expect(m.get('frozenset')).toEqual(new Set(['z']));
      const long = m.get('long_list') as number[];
      expect(long).toHaveLength(2500);
      expect(long.every((x, i) => x === i / 8)).toBe(true);
    });
  }

  test('pickleToTable names the key that is not a column', () => {
    const value = unpickle(readFileSync(fixture('plain-p4.pickle')));
    const err = expectIoError(() => pickleToTable(value, { source: 'plain.p' }), 'PICKLE_NOT_A_TABLE');
    expect(err.message).toContain('plain.p');
    expect(err.message).toMatch(/"floats"|"text"|"ints"/);
  });
});

describe('hostile and unsupported pickles', () => {
  test('os.system is refused by name, nothing runs', () => {
    const err = expectIoError(() => unpickle(readFileSync(fixture('os-system.pickle')), { source: 'evil.p' }), 'PICKLE_FORBIDDEN_GLOBAL');
    expect(err.message).toContain('os.system');
    expect(err.message).toContain('evil.p');
    expect(err.offset).toBe(0);
  });

  test('STACK_GLOBAL builtins.eval is refused', () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([0x80, 4, 0x8c, 8, ...enc.encode('builtins'), 0x8c, 4, ...enc.encode('eval'), 0x93, 0x8c, 1, 0x31, 0x85, 0x52, 0x2e]);
    const err = expectIoError(() => unpickle(bytes), 'PICKLE_FORBIDDEN_GLOBAL');
    expect(err.message).toContain('builtins.eval');
    expect(err.offset).toBe(18); // the STACK_GLOBAL opcode
  });

  test('a pickled class instance is refused (its class is a global)', () => {
    const err = expectIoError(() => unpickle(readFileSync(fixture('object.pickle'))), 'PICKLE_FORBIDDEN_GLOBAL');
    expect(err.message).toContain('__main__.Thing');
  });

  test('numpy functions outside the allow-list are refused by name', () => {
    const bytes = new TextEncoder().encode("cnumpy\nload\n(S'x.npy'\ntR.");
    const err = expectIoError(() => unpickle(bytes), 'PICKLE_FORBIDDEN_GLOBAL');
    expect(err.message).toContain('numpy.load');
  });

  test('numpy object arrays are refused', () => {
    const err = expectIoError(() => unpickle(readFileSync(fixture('numpy-object.pickle'))), 'PICKLE_MALFORMED');
    expect(err.message).toMatch(/object arrays|numeric numpy dtype/);
  });

  test('a tuple holding a function cannot leak into the result', () => {
    // ({'x': (neuron._pkl,)}) built by hand, protocol 2.
    const enc = new TextEncoder();
    const bytes = new Uint8Array([0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x78, 0x63, ...enc.encode('neuron\n_pkl\n'), 0x85, 0x73, 0x2e]);
    expect(expectIoError(() => unpickle(bytes), 'PICKLE_MALFORMED').message).toContain('tuple holding a function');
  });

  test('unsupported opcodes are named with their offset', () => {
    const cases: [number[], string][] = [
      [[0x80, 2, 0x28, 0x69, ...new TextEncoder().encode('os\nsystem\n'), 0x2e], 'INST'],
      [[0x80, 2, 0x28, 0x6f, 0x2e], 'OBJ'],
      [[0x80, 2, 0x4e, 0x51, 0x2e], 'BINPERSID'],
      [[0x80, 2, 0x82, 1, 0x2e], 'EXT1'],
      [[0x80, 5, 0x97, 0x2e], 'NEXT_BUFFER'],
    ];
    for (const [bytes, name] of cases) {
      const err = expectIoError(() => unpickle(new Uint8Array(bytes)), 'PICKLE_UNSUPPORTED_OPCODE');
      expect(err.message).toContain(name);
      expect(err.offset).toBe(name === 'EXT1' || name === 'NEXT_BUFFER' ? 2 : 3);
    }
    const err = expectIoError(() => unpickle(new Uint8Array([0x80, 4, 0xff])), 'PICKLE_UNSUPPORTED_OPCODE');
    expect(err.message).toContain('0xff');
    expect(err.offset).toBe(2);
  });

  test('unknown protocol, bad memo, stack underflow, non-pickle data are clear errors', () => {
    expectIoError(() => unpickle(new Uint8Array([0x80, 6, 0x4e, 0x2e])), 'PICKLE_UNSUPPORTED_PROTOCOL');
    expectIoError(() => unpickle(new Uint8Array([0x80, 4, 0x68, 7, 0x2e])), 'PICKLE_MALFORMED');
    expectIoError(() => unpickle(new Uint8Array([0x80, 4, 0x61, 0x2e])), 'PICKLE_MALFORMED');
    expectIoError(() => unpickle(new TextEncoder().encode('{"t": [1]}')), 'PICKLE_UNSUPPORTED_OPCODE');
    expectIoError(() => unpickle(new Uint8Array([])), 'PICKLE_TRUNCATED');
  });

  test('a huge declared length does not allocate: truncated error', () => {
    // BINBYTES8 claiming 2^40 bytes.
    const bytes = new Uint8Array([0x80, 4, 0x8e, 0, 0, 0, 0, 0, 1, 0, 0, 0x2e]);
    const err = expectIoError(() => unpickle(bytes), 'PICKLE_TRUNCATED');
    expect(err.offset).toBe(11);
  });

  test('a NEURON Vector state that is too short for its size is refused', () => {
    const good = formatPickle({ v: [1, 2, 3] }, { as: 'vectors' });
    // Declared size 3 -> claim 4 (BININT1 3 just before the data's BINBYTES).
    const bad = good.slice();
    const at = indexOfBytes(bad, new Uint8Array([0x4b, 3, 0x43, 24]));
    bad[at + 1] = 4;
    const err = expectIoError(() => unpickle(bad), 'PICKLE_MALFORMED');
    expect(err.message).toContain('32 bytes');
  });
});

describe('numpy arrays in pickles (written by numpy, protocols 2 to 5)', () => {
  const check = (bytes: Uint8Array): void => {
    const m = unpickle(bytes) as Map<PyValue, PyValue>;
    expect(m.get('t')).toEqual(Float64Array.from([0, 1, 2, 3, 4], (i) => i * 0.025));
    expect(m.get('be')).toEqual(new Float64Array([0.1, -65, 5e-324]));
    expect(m.get('f32')).toEqual(new Float64Array([Math.fround(0.1), 1.5]));
    expect(m.get('i4')).toEqual(new Float64Array([-(2 ** 31), 7]));
    expect(m.get('u8')).toEqual(new Float64Array([2 ** 53]));
    expect(m.get('bool')).toEqual(new Float64Array([1, 0]));
    expect(m.get('grid')).toEqual(new PyNdArray([2, 3], new Float64Array([0, 1, 2, 3, 4, 5])));
    expect(m.get('scalar')).toBe(2.5);
  };
  for (let p = 2; p <= 5; p++) {
    test(`protocol ${p}`, () => check(readFileSync(fixture(`numpy-p${p}.pickle`))));
  }
  test('numpy 2 module names (numpy._core)', () => {
    const text = readFileSync(fixture('numpy-p2.pickle')).toString('latin1').replaceAll('numpy.core', 'numpy._core');
    check(new Uint8Array(Buffer.from(text, 'latin1')));
  });
  test('a table from 1-D arrays; a 2-D array is named in the error', () => {
    const m = unpickle(readFileSync(fixture('numpy-p4.pickle'))) as Map<PyValue, PyValue>;
    m.delete('scalar');
    const err = expectIoError(() => pickleToTable(m), 'PICKLE_NOT_A_TABLE');
    expect(err.message).toContain('"grid"');
    expect(err.message).toContain('2-D numpy array');
    m.delete('grid');
    expect(pickleToTable(m).names).toEqual(['t', 'be', 'f32', 'i4', 'u8', 'bool']);
  });
});

describe('lists read straight into columns (parsePickle)', () => {
  const f = (x: number): number[] => {
    const b = new Uint8Array(9);
    b[0] = 0x47;
    new DataView(b.buffer).setFloat64(1, x, false);
    return [...b];
  };
  test('a list filled after it was placed in the dict: plain value fine, table refuses (no silent loss)', () => {
    // {'t': []} then memo-get the list and append 1.0 to it.
    const bytes = new Uint8Array([0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x74, 0x5d, 0x71, 0, 0x73, 0x68, 0, ...f(1), 0x61, 0x30, 0x2e]);
    expect((unpickle(bytes) as Map<PyValue, PyValue>).get('t')).toEqual([1]);
    expect(expectIoError(() => parsePickle(bytes), 'PICKLE_MALFORMED').message).toContain('complete before it is used');
  });
  test('a list that is not all numbers is named in the error', () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([0x80, 4, 0x7d, 0x8c, 1, 0x74, 0x5d, 0x28, ...f(1), 0x8c, 1, ...enc.encode('x'), 0x65, 0x73, 0x2e]);
    const err = expectIoError(() => parsePickle(bytes, { source: 'mixed.p' }), 'PICKLE_NOT_A_TABLE');
    expect(err.message).toContain('"t"[1]');
    expect(err.message).toContain('mixed.p');
  });
});

describe('writing pickles', () => {
  const ref = referenceTv();
  for (const protocol of [2, 3, 4, 5] as const) {
    for (const as of ['lists', 'vectors'] as const) {
      test(`protocol ${protocol}, ${as}: reads back exactly`, () => {
        const bytes = formatPickle({ t: ref.t, v: ref.v, empty: [] }, { protocol, as });
        expect(bytes[0]).toBe(0x80);
        expect(bytes[1]).toBe(protocol);
        const table = parsePickle(bytes);
        expect(table.names).toEqual(['t', 'v', 'empty']);
        expect(Array.from(table.get('t')!)).toEqual(ref.t);
        expect(Array.from(table.get('v')!)).toEqual(ref.v);
        expect(table.get('empty')!.length).toBe(0);
        if (as === 'lists') expect(Array.isArray((unpickle(bytes) as Map<PyValue, PyValue>).get('t'))).toBe(true);
      });
    }
  }

  test('vectors at protocol 4 are byte-identical to NEURON pickling the same h.Vectors', () => {
    const table = loadPickle(fixture('data.p'));
    const ours = formatPickle(table, { as: 'vectors', protocol: 4 });
    const theirs = readFileSync(fixture('data.p'));
    // NEURON's pickle has a FRAME and memo entries; compare the decoded values and the structure size.
    expect(parsePickle(ours).get('v')).toEqual(parsePickle(theirs).get('v'));
    expect(Math.abs(ours.length - theirs.length)).toBeLessThan(64);
  });

  test('-0, NaN, infinities and subnormals survive', () => {
    const v = [-0, NaN, Infinity, -Infinity, 5e-324];
    for (const as of ['lists', 'vectors'] as const) {
      for (const protocol of [2, 4] as const) {
        const got = parsePickle(formatPickle({ v }, { as, protocol })).get('v')!;
        expect(Object.is(got[0], -0)).toBe(true);
        expect(Number.isNaN(got[1])).toBe(true);
        expect(Array.from(got.subarray(2))).toEqual([Infinity, -Infinity, 5e-324]);
      }
    }
  });

  test('column names are UTF-8, long names use BINUNICODE', () => {
    const name = 'x'.repeat(300);
    const table = parsePickle(formatPickle({ 'µ✓': [1], [name]: [2] }));
    expect(table.names).toEqual(['µ✓', name]);
  });
});
