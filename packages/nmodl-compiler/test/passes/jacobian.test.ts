import { describe, expect, it } from 'vitest';
import type { SolveStmt } from '../../src/ast/nodes.js';
import type { FunctionInfo } from '../../src/ir/mechanism-info.js';
import { Session } from '../../src/index.js';
import { columnGroups, jacobianStructure, sparseLu } from '../../src/passes/analyze/jacobian.js';
import { lowerSolve } from '../../src/passes/lower/lower-solve.js';
import { block, parse } from './util.js';
import { printExpr } from '../../src/ast/print.js';

/** The implicit system of `KINETIC s { body }` over the given states. */
function system(body: string, states: Record<string, number>, kind = 'KINETIC', method = 'sparse') {
  const { program } = parse(`BREAKPOINT { SOLVE s METHOD ${method} }\n${kind} s {\n${body}\n}`);
  const solve = block(program, 'BREAKPOINT').body[0] as SolveStmt;
  const session = new Session();
  const info = lowerSolve(solve, block(program, 's'), { states: new Map(Object.entries(states)), constants: new Map([['N', 4]]) }, session, false);
  expect(session.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return info!.implicit!;
}

describe('analyze/jacobian: the structure of an implicit system', () => {
  it('a chain of reactions couples neighbours; CONSERVE gives an exact row', () => {
    const sys = system('~ a <-> b (kf, kb)\n~ b <-> c (kf, kb)\nCONSERVE a + b + c = 1', { a: 1, b: 1, c: 1 });
    const s = jacobianStructure(sys, [])!;
    expect(sys.states.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(s.rows).toEqual([[0, 1], [0, 1, 2], [0, 1, 2]]);
    expect([...s.exact]).toEqual([[2, new Map([[0, 1], [1, 1], [2, 1]])]]);
  });

  it('CONSERVE is in amounts: a COMPARTMENT volume makes its row not constant', () => {
    const sys = system('COMPARTMENT vol {a b}\n~ a <-> b (kf, kb)\nCONSERVE a + b = 1', { a: 1, b: 1 });
    const s = jacobianStructure(sys, [])!;
    expect(s.rows).toEqual([[0, 1], [0, 1]]);
    expect(s.exact.size).toBe(0);
  });

  it('unrolled FROM loops over array states: diffusion between shells with a buffer', () => {
    const sys = system([
      'FROM i = 0 TO N - 2 { ~ ca[i] <-> ca[i + 1] (D, D) }',
      'FROM i = 0 TO N - 1 { ~ ca[i] + B[i] <-> CB[i] (k1, k2) }',
    ].join('\n'), { ca: 4, B: 4, CB: 4 });
    const s = jacobianStructure(sys, [])!;
    const name = (j: number): string => `${sys.states[j]!.name}[${(sys.states[j]!.index as { value: number }).value}]`;
    const row = (label: string): string[] => s.rows[sys.states.findIndex((_, j) => name(j) === label)]!.map(name);
    expect(row('ca[1]').sort()).toEqual(['B[1]', 'CB[1]', 'ca[0]', 'ca[1]', 'ca[2]']);
    expect(row('CB[3]').sort()).toEqual(['B[3]', 'CB[3]', 'ca[3]']);
  });

  it('follows locals, conditions and loop-carried values conservatively', () => {
    const sys = system([
      'LOCAL k',
      'k = a * 2',
      "a' = -k",
      'if (b > 0) { w = c }',
      "b' = w",
      "c' = u",
      'u = a',
    ].join('\n'), { a: 1, b: 1, c: 1 }, 'DERIVATIVE', 'derivimplicit');
    const s = jacobianStructure(sys, [])!;
    expect(s.rows[0]).toEqual([0]);
    // w is set from c under a condition on b (and keeps its value otherwise).
    expect(s.rows[1]).toEqual([1, 2]);
    // u is read before it is set from a: the value of the previous evaluation.
    expect(s.rows[2]).toEqual([0, 2]);
  });

  it('statements free of the states run once: rate constants hoisted, counters not', () => {
    const sys = system([
      'kf = exp(v / 10)',
      'n = n + 1',
      'kb = kf * 2',
      '~ a <-> b (kf, kb)',
      'CONSERVE a + b = 1',
    ].join('\n'), { a: 1, b: 1 });
    const s = jacobianStructure(sys, [])!;
    const hoisted = sys.derivs.filter((_, i) => s.hoist[i]).map((x) => (x.type === 'Assign' ? x.target.name : x.type));
    expect(hoisted).toEqual(['kf', 'kb']);
  });

  it('a PROCEDURE call that sets rates is followed into; one that reads a state is a dependency', () => {
    const rates: FunctionInfo = {
      name: 'rates', procedure: true, table: null,
      params: [{ type: 'Param', name: 'x', unit: null, location: loc() }],
      body: [
        { type: 'Assign', target: { type: 'Name', name: 'kf', location: loc() }, value: { type: 'Name', name: 'x', location: loc() }, location: loc() },
      ],
    };
    const sys = system('rates(v)\n~ a <-> b (kf, 1)\nCONSERVE a + b = 1', { a: 1, b: 1 });
    const s = jacobianStructure(sys, [rates])!;
    expect(s.rows).toEqual([[0, 1], [0, 1]]);
    expect(s.hoist[sys.derivs.findIndex((x) => x.type === 'ExprStmt')]).toBe(true);
    const byState: FunctionInfo = { ...rates, body: [{ type: 'Assign', target: { type: 'Name', name: 'kf', location: loc() }, value: { type: 'Name', name: 'a', location: loc() }, location: loc() }] };
    const t = jacobianStructure(sys, [byState])!;
    expect(t.hoist.some((h) => h)).toBe(false);
  });

  it('a scheme of reactions is differentiated: the entries as expressions (mass action, a COMPARTMENT)', () => {
    const sys = system('COMPARTMENT vol {a}\n~ a + b <-> c (kf, kb)\n~ c << (-k * c)', { a: 1, b: 1, c: 1 });
    const s = jacobianStructure(sys, [])!;
    const entry = (i: number, j: number): string => printExpr(s.analytic!.get(i)!.get(j)!);
    // d(D_a)/d(b) = -(kf * a) / vol (dD_a = -(kf a b - kb c) / vol)
    expect(entry(0, 1)).toBe('-(kf * (a * 1)) / vol');
    expect(entry(2, 2)).toBe('-(kb * 1) + -k * 1');
    expect(entry(1, 2)).toBe('--(kb * 1)'); // (the printer's; the code parenthesises: -(-(kb * 1)))
  });

  it('conditions, loops and calls in the state-dependent statements leave the entries to finite differences', () => {
    expect(jacobianStructure(system('if (a > 1) { kf = 2 } else { kf = 1 }\n~ a <-> b (kf, 1)', { a: 1, b: 1 }), [])!.analytic).toBeNull();
    expect(jacobianStructure(system('~ a <-> b (fabs(a), 1)', { a: 1, b: 1 }), [])!.analytic).toBeNull();
    // (A condition on v alone runs once, before the iterations: the rest is differentiated.)
    expect(jacobianStructure(system('if (v > 1) { kf = 2 } else { kf = 1 }\n~ a <-> b (kf, 1)', { a: 1, b: 1 }), [])!.analytic).not.toBeNull();
  });

  it('a call of the file\'s FUNCTIONs, and expressions grown too long, leave the entries to finite differences', () => {
    const rate: FunctionInfo = { name: 'rate', procedure: false, table: null, params: [],
      body: [{ type: 'Assign', target: { type: 'Name', name: 'rate', location: loc() }, value: { type: 'Binary', op: '*', left: { type: 'Name', name: 'A', location: loc() }, right: { type: 'Name', name: 'A', location: loc() }, location: loc() }, location: loc() }] };
    const called = jacobianStructure(system('~ A <-> B (rate(), 0)', { A: 1, B: 1 }), [rate])!;
    expect(called.analytic).toBeNull();
    expect(called.linear).toBe(false);
    // x1 = x0/(1 + x0), x2 = x1/(1 + x1), ...: each value pasted into the next doubles.
    const chain = ['x0 = A', ...Array.from({ length: 14 }, (_, k) => `x${k + 1} = x${k}/(1 + x${k})`), '~ A <-> B (x14, 1)'];
    expect(jacobianStructure(system(chain.join('\n'), { A: 1, B: 1 }), [])!.analytic).toBeNull();
  });

  it('a statement that reads a LOCAL of the block stays in the block', () => {
    const sys = system('LOCAL a\nb = a + 1\n~ A <-> B (b, 1)', { A: 1, B: 1 });
    expect(jacobianStructure(sys, [])!.hoist.some((h) => h)).toBe(false);
  });

  it('gives up (null) on what it cannot follow: VERBATIM, random numbers', () => {
    expect(jacobianStructure(system('VERBATIM\nx = 1;\nENDVERBATIM\n~ a <-> b (kf, kb)', { a: 1, b: 1 }), [])).toBeNull();
    expect(jacobianStructure(system('kf = scop_random()\n~ a <-> b (kf, kb)', { a: 1, b: 1 }), [])).toBeNull();
  });
});

describe('analyze/jacobian: column groups and the sparse LU', () => {
  it('groups share no row and cover every column', () => {
    const rows = [[0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4]];
    const groups = columnGroups(5, rows);
    expect(groups.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    for (const g of groups) for (const r of rows) expect(g.filter((j) => r.includes(j)).length).toBeLessThanOrEqual(1);
    expect(groups.length).toBe(3);
  });

  it('the LU plan solves sparse systems as a dense elimination does (random structures)', () => {
    let seed = 12345;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + Math.floor(rand() * 30);
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) {
        const r = new Set([i]);
        for (let k = 0; k < 3; k++) if (rand() < 0.5) r.add(Math.floor(rand() * n));
        rows.push([...r].sort((a, b) => a - b));
      }
      const lu = sparseLu(n, rows)!;
      expect(lu.order.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      // A diagonally dominant matrix on the structure, and a right-hand side.
      const A = new Map<string, number>();
      rows.forEach((r, i) => r.forEach((j) => A.set(`${i},${j}`, i === j ? 10 + rand() : rand() - 0.5)));
      const b = Array.from({ length: n }, () => rand());
      // Run the plan as the generated code does.
      const M = new Map(A);
      for (const [i, j] of lu.fill) M.set(`${i},${j}`, 0);
      const x = b.slice();
      lu.order.forEach((p, k) => {
        const piv = M.get(`${p},${p}`)!;
        for (const { row, cols } of lu.eliminate[k]!) {
          const l = M.get(`${row},${p}`)! / piv;
          for (const j of cols) M.set(`${row},${j}`, M.get(`${row},${j}`)! - l * M.get(`${p},${j}`)!);
          x[row]! -= l * x[p]!;
        }
      });
      for (let k = n - 1; k >= 0; k--) {
        const p = lu.order[k]!;
        let s = x[p]!;
        for (const j of lu.upper[k]!) s -= M.get(`${p},${j}`)! * x[j]!;
        x[p] = s / M.get(`${p},${p}`)!;
      }
      // The residual of the original system.
      for (let i = 0; i < n; i++) {
        let r = -b[i]!;
        for (const j of rows[i]!) r += A.get(`${i},${j}`)! * x[j]!;
        expect(Math.abs(r)).toBeLessThan(1e-12);
      }
    }
  });

  it('a structurally zero diagonal has no plan (the caller keeps the dense solve)', () => {
    expect(sparseLu(2, [[1], [0, 1]])).toBeNull();
  });
});

function loc() {
  return { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
}
