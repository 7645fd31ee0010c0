/**
 * Files neurite writes, loaded by python3 (csv, json, pickle; numpy for .npy/.npz; NEURON for
 * pickled Vectors): every value must come back as exactly the same double (compared bit for bit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatCsv, formatFloat, formatJson } from '../src/index.js';
import { loadNpy, loadNpz, saveCsv, saveJson, saveNpy, saveNpz, savePickle } from '../src/node.js';
import { PYTHON, hasNeuron as neuronCheck, hasNumpy as numpyCheck, hasPython as pythonCheck, hexOf, python, referenceTv, tempDir, trickyDoubles } from './helpers.js';

const hasPython = pythonCheck();
const hasNumpy = hasPython && numpyCheck();
const hasNeuron = hasPython && neuronCheck();
const ref = referenceTv();
const tricky = trickyDoubles(500);
const special = [-0, NaN, Infinity, -Infinity];
// Columns of equal length: the tutorial's t and v, and tricky doubles padded/cut to that length.
const n = ref.t.length;
const x = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = i < tricky.length ? tricky[i]! : tricky[i % tricky.length]! * -1;
x.set(special, n - special.length);
const data = { t: ref.t, v: ref.v, 'x, "tricky"': x };
const expected: Record<string, string> = { t: hexOf(ref.t), v: hexOf(ref.v), 'x, "tricky"': hexOf(x) };

const HEX = `
import struct
def hx(vals):
    vals = list(vals)
    assert all(type(v) is float for v in vals), [type(v) for v in vals if type(v) is not float][:3]
    return struct.pack('<%dd' % len(vals), *vals).hex()
`;

describe.skipIf(!hasPython)(`python3 (${PYTHON}) reads what neurite writes`, () => {
  let dir = '';
  let cleanup = (): void => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  test('CSV (tutorial layout and with header) via csv.reader + float()', () => {
    saveCsv(join(dir, 'plain.csv'), data);
    saveCsv(join(dir, 'header.csv'), data, { header: true });
    const out = JSON.parse(
      python(
        HEX +
          `
import csv, json, sys
res = {}
for name in ['plain', 'header']:
    with open(sys.argv[1] + '/' + name + '.csv', newline='') as f:
        rows = list(csv.reader(f))
    names = rows[0] if name == 'header' else ['t', 'v', 'x, "tricky"']
    body = rows[1:] if name == 'header' else rows
    res[name] = {n: hx(float(r[j]) for r in body) for j, n in enumerate(names)}
print(json.dumps(res))
`,
        [dir],
      ),
    ) as Record<string, Record<string, string>>;
    expect(out.plain).toEqual(expected);
    expect(out.header).toEqual(expected);
  });

  test('JSON (indented and one-line) via json.load', () => {
    saveJson(join(dir, 'a.json'), data);
    saveJson(join(dir, 'b.json'), data, { indent: null });
    const out = JSON.parse(
      python(
        HEX +
          `
import json, sys
print(json.dumps({k: {n: hx(v) for n, v in json.load(open(sys.argv[1] + '/' + k + '.json')).items()} for k in ['a', 'b']}))
`,
        [dir],
      ),
    ) as Record<string, Record<string, string>>;
    expect(out.a).toEqual(expected);
    expect(out.b).toEqual(expected);
  });

  test('pickle (protocols 2 to 5) loads as a dict of lists of floats', () => {
    for (const protocol of [2, 3, 4, 5] as const) savePickle(join(dir, `p${protocol}.p`), data, { protocol });
    savePickle(join(dir, 'default.p'), data);
    const out = JSON.parse(
      python(
        HEX +
          `
import json, pickle, sys
res = {}
for k in ['p2', 'p3', 'p4', 'p5', 'default']:
    with open(sys.argv[1] + '/' + k + '.p', 'rb') as f:
        obj = pickle.load(f)
    assert type(obj) is dict
    assert all(type(v) is list for v in obj.values())
    res[k] = {n: hx(v) for n, v in obj.items()}
print(json.dumps(res))
`,
        [dir],
      ),
    ) as Record<string, Record<string, string>>;
    for (const k of ['p2', 'p3', 'p4', 'p5', 'default']) expect(out[k]).toEqual(expected);
  });

  test.skipIf(!hasNumpy)('.npy (1-D and 2-D) and .npz (plain and compressed) via numpy.load', () => {
    saveNpy(join(dir, 'v.npy'), ref.v);
    saveNpy(join(dir, 'table.npy'), data);
    saveNpz(join(dir, 'a.npz'), data);
    saveNpz(join(dir, 'c.npz'), data, { compress: true });
    const out = JSON.parse(
      python(
        `
import json, sys, numpy as np
d = sys.argv[1]
def hx(a):
    assert a.dtype == np.float64, a.dtype
    return np.ascontiguousarray(a).astype('<f8').tobytes().hex()
v = np.load(d + '/v.npy')
tab = np.load(d + '/table.npy')
res = {'v': [list(v.shape), hx(v)], 'table': [list(tab.shape)] + [hx(tab[:, j]) for j in range(tab.shape[1])]}
for k in ['a', 'c']:
    with np.load(d + '/' + k + '.npz') as z:
        res[k] = {name: hx(z[name]) for name in z.files}
print(json.dumps(res))
`,
        [dir],
      ),
    ) as { v: [number[], string]; table: [number[], ...string[]]; a: Record<string, string>; c: Record<string, string> };
    expect(out.v).toEqual([[n], expected.v]);
    expect(out.table).toEqual([[n, 3], expected.t, expected.v, expected['x, "tricky"']]);
    expect(out.a).toEqual(expected);
    expect(out.c).toEqual(expected);
  });

  test.skipIf(!hasNumpy)('neurite reads .npy/.npz written by numpy (savez, savez_compressed, float32, Fortran order)', () => {
    python(
      `
import sys, numpy as np
d = sys.argv[1]
t = np.arange(1601) * 0.025
v = np.sin(t) * 30 - 65
np.save(d + '/np-v.npy', v)
np.save(d + '/np-tv.npy', np.column_stack([t, v]))
np.save(d + '/np-tv-f.npy', np.asfortranarray(np.column_stack([t, v])))
np.save(d + '/np-f32.npy', v.astype(np.float32))
np.save(d + '/np-be.npy', v.astype('>f8'))
np.savez(d + '/np.npz', t=t, v=v)
np.savez_compressed(d + '/np-c.npz', t=t, v=v)
open(d + '/np-hex.txt', 'w').write(t.tobytes().hex() + ' ' + v.tobytes().hex() + ' ' + v.astype(np.float32).astype(np.float64).tobytes().hex())
`,
      [dir],
    );
    const [th, vh, v32h] = readFileSync(join(dir, 'np-hex.txt'), 'utf8').split(' ');
    expect(hexOf(loadNpy(join(dir, 'np-v.npy')).list[0]!)).toBe(vh);
    for (const f of ['np-tv.npy', 'np-tv-f.npy']) {
      const tv = loadNpy(join(dir, f), { names: ['t', 'v'] });
      expect(hexOf(tv.get('t')!)).toBe(th);
      expect(hexOf(tv.get('v')!)).toBe(vh);
    }
    expect(hexOf(loadNpy(join(dir, 'np-f32.npy')).list[0]!)).toBe(v32h);
    expect(hexOf(loadNpy(join(dir, 'np-be.npy')).list[0]!)).toBe(vh);
    for (const f of ['np.npz', 'np-c.npz']) {
      const z = loadNpz(join(dir, f));
      expect(z.names).toEqual(['t', 'v']);
      expect(hexOf(z.get('t')!)).toBe(th);
      expect(hexOf(z.get('v')!)).toBe(vh);
    }
  });

  test.skipIf(!hasNeuron)('NEURON Vector pickles (protocols 2 to 5) load into h.Vector', () => {
    for (const protocol of [2, 3, 4, 5] as const) savePickle(join(dir, `vec${protocol}.p`), data, { as: 'vectors', protocol });
    const out = JSON.parse(
      python(
        `
import json, pickle, struct, sys
from neuron import h
res = {}
for p in [2, 3, 4, 5]:
    with open(sys.argv[1] + '/vec%d.p' % p, 'rb') as f:
        obj = pickle.load(f)
    assert type(obj) is dict
    for k, vec in obj.items():
        assert vec.hname().startswith('Vector'), vec.hname()
    res[p] = {k: struct.pack('<%dd' % len(vec), *vec).hex() for k, vec in obj.items()}
print(json.dumps(res))
`,
        [dir],
      ).split('\n').filter((l) => l.startsWith('{')).join(''),
    ) as Record<string, Record<string, string>>;
    for (const p of ['2', '3', '4', '5']) expect(out[p]).toEqual(expected);
  });

  test('number text is exactly Python repr; CSV and JSON bytes equal what Python writes', () => {
    const values = Array.from(tricky).concat(ref.t, ref.v, special);
    const out = JSON.parse(
      python(
        `
import csv, io, json, struct, sys
raw = bytes.fromhex(sys.stdin.read())
vals = list(struct.unpack('<%dd' % (len(raw) // 8), raw))
buf = io.StringIO()
csv.writer(buf).writerows(zip(vals, vals[::-1]))
print(json.dumps({'repr': [repr(v) for v in vals], 'csv': buf.getvalue(),
  'json4': json.dumps({'a': vals, 'b': vals[:3]}, indent=4), 'json': json.dumps({'a': vals})}))
`,
        [],
        hexOf(values),
      ),
    ) as { repr: string[]; csv: string; json4: string; json: string };
    expect(values.map(formatFloat)).toEqual(out.repr);
    expect(formatCsv({ a: values, b: values.slice().reverse() })).toBe(out.csv);
    expect(formatJson({ a: values, b: values.slice(0, 3) })).toBe(out.json4);
    expect(formatJson({ a: values }, { indent: null })).toBe(out.json);
  });
});
