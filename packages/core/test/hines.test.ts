import { describe, expect, it } from 'vitest';
import { HinesMatrix, arenaBytes, assembleModule, stepWasmBytes } from '../src/solver/hines.js';

/** A random tree of n nodes (each parent before its children) with random matrix entries. */
function randomMatrix(n: number, seed: number, wasm: boolean): HinesMatrix {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const m = new HinesMatrix(n, { wasm });
  for (let i = 0; i < n; i++) {
    m.parent[i] = i < 2 ? -1 : Math.floor(rnd() * i);
    m.a[i] = -0.05 - rnd();
    m.b[i] = -0.05 - rnd();
    m.cm[i] = i < 2 ? 0 : 0.5 + rnd();
    m.v[i] = -70 + 30 * rnd();
  }
  return m;
}

describe('the tree matrix solve', () => {
  it('gives the same numbers to the last bit in WebAssembly and in JavaScript', () => {
    const w = randomMatrix(500, 7, true);
    const j = randomMatrix(500, 7, false);
    expect(w.wasm).toBe(true);
    expect(j.wasm).toBe(false);
    for (let step = 0; step < 20; step++) {
      for (const m of [w, j]) {
        for (let i = 0; i < m.n; i++) {
          // membrane currents of some made-up channel
          m.rhs[i] = 1e-3 * Math.sin(m.v[i]! + step);
          m.d[i] = 1e-3 * (1 + Math.cos(m.v[i]!));
        }
      }
      const cw = w.solve(0.04 * (1 + step % 2), step % 2 ? 2 : 1);
      const cj = j.solve(0.04 * (1 + step % 2), step % 2 ? 2 : 1);
      expect(Object.is(cw, cj)).toBe(true);
    }
    for (const k of ['v', 'rhs', 'd', 'icap'] as const) expect(Array.from(w[k])).toEqual(Array.from(j[k]));
  });

  it('reports a NaN through the sum of dv', () => {
    const m = randomMatrix(10, 3, true);
    m.rhs[5] = Number.NaN;
    expect(Number.isNaN(m.solve(0.04, 1))).toBe(true);
  });
});

describe('the WebAssembly module', () => {
  it('is the assembler’s output byte for byte', () => {
    expect(Array.from(stepWasmBytes())).toEqual(Array.from(assembleModule()));
    expect(WebAssembly.validate(stepWasmBytes())).toBe(true);
  });
});

describe('arrays after the matrix in its memory', () => {
  it('hands out aligned views into the memory, and grows it keeping the matrix', () => {
    const m = randomMatrix(5, 11, true);
    const memory = m.memory!;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    const v = Array.from(m.v);
    const parent = Array.from(m.parent);
    m.reserve(arenaBytes(3, 4) + arenaBytes(7, 8) + 200_000);
    expect(Array.from(m.v)).toEqual(v);
    expect(Array.from(m.parent)).toEqual(parent);
    expect(m.v.buffer).toBe(memory.buffer);
    const ni = m.i32(3);
    const x = m.f64(7);
    const big = m.f64(25_000);
    for (const a of [ni, x, big]) {
      expect(a.buffer).toBe(memory.buffer);
      expect(a.byteOffset % 8).toBe(0);
      expect(a.every((z) => z === 0)).toBe(true); // (never written: zero without a fill)
    }
    expect(x.byteOffset).toBeGreaterThanOrEqual(m.icap.byteOffset + 8 * m.n);
    expect(big.byteOffset).toBeGreaterThanOrEqual(x.byteOffset + 8 * 7);
    expect(() => m.f64(100_000)).toThrow(/reserved/);
    expect(Object.is(m.solve(0.04, 1), randomMatrix(5, 11, false).solve(0.04, 1))).toBe(true);
  });

  it('has no memory, and separate arrays, in JavaScript', () => {
    const m = new HinesMatrix(4, { wasm: false, reserve: 1000 });
    expect(m.memory).toBeUndefined();
    expect(m.f64(3).buffer).not.toBe(m.v.buffer);
  });
});
