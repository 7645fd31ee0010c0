/**
 * The structure of an implicit system's Jacobian, found from its statements, and the plans that
 * use it: column groups for finite differences (several columns from one evaluation of the
 * system) and a sparse LU factorisation with a fill-reducing pivot order.
 *
 * A kinetic scheme of published models can have hundreds of states (calcium diffusion in
 * shells with buffers), each coupled to a few others. Newton's method on its implicit Euler
 * equations needs the Jacobian at every iteration: by finite differences one column at a time
 * that is one evaluation of the scheme per state, and a dense factorisation n^3/3 operations.
 * With the structure known, columns that share no row are perturbed together (Curtis, Powell
 * and Reid 1974), which gives the same entries bit for bit, and the factorisation touches only
 * the nonzeros and their fill.
 * @module
 */
import type { Expr, Stmt } from '../../ast/nodes.js';
import { visit } from '../../ast/visitor.js';
import type { FunctionInfo, ImplicitSystem } from '../../ir/mechanism-info.js';
import { DERIV_ARRAY, differentiate } from '../lower/lower-solve.js';
import { MATH_FUNCTIONS, SPECIAL_CALLS } from './builtins.js';

/** Which states each variable's value depends on (state indices). */
type Deps = Set<number>;
type Env = Map<string, Deps>;

/** Signals a construct whose dependencies cannot be told; the caller then assumes a dense Jacobian. */
class Unknown extends Error {}

/** What {@link jacobianStructure} finds of an implicit system. */
export interface JacobianStructure {
  /** `rows[i]`: the columns (states) residual i depends on, ascending; conservative: a dependency
   * that might exist is listed. */
  readonly rows: readonly (readonly number[])[];
  /** Rows whose entries are constants known now (a conservation law with numeric
   * coefficients): row -> column -> value. The others come from finite differences. */
  readonly exact: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** For each top-level statement of `derivs`: true when it can run once, before the Newton
   * iterations, instead of at every evaluation (it reads nothing the states change, nor anything
   * the other statements assign, and what it assigns no other statement does). */
  readonly hoist: readonly boolean[];
  /** The Jacobian's entries as expressions, when the statements that remain (not hoisted) are
   * straight-line arithmetic the compiler can differentiate (a KINETIC scheme's reactions):
   * row -> column -> d(D_i)/d(x_j) (or of the conservation law, for a conserved row), over
   * the states and names the states do not change. Null otherwise (finite differences). */
  readonly analytic: ReadonlyMap<number, ReadonlyMap<number, Expr>> | null;
  /** The system is linear in the states (its entries do not depend on them): one Newton step
   * from anywhere is the solution, as NEURON's sparse solver takes it. */
  readonly linear: boolean;
  /** The statements left in the iterations (not hoisted) assign something besides the
   * derivatives and their own LOCALs (`cai = ca[0]`, a sum of states). */
  readonly assignsOutside: boolean;
}

/**
 * The structure of an implicit system's Jacobian: which states each residual (`(x_i - x0_i) -
 * h D_i`, or a conservation law) depends on, which rows are constant, and which statements do
 * not depend on the states at all. Null when the statements do something the analysis cannot
 * follow (VERBATIM, random numbers, a procedure writing globals, a state assigned), so that the
 * caller keeps the dense Jacobian.
 * @example
 * ```ts
 * const s = jacobianStructure(solve.implicit, info.functions); // s.rows e.g. [[0, 1], [0, 1, 2], [1, 2]]
 * ```
 */
export function jacobianStructure(sys: ImplicitSystem, functions: readonly FunctionInfo[]): JacobianStructure | null {
  const n = sys.states.length;
  const scalar = new Map<string, number>();
  const arrays = new Map<string, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const st = sys.states[i]!;
    if (st.index === null) { scalar.set(st.name, i); continue; }
    if (st.index.type !== 'Number') return null;
    if (!arrays.has(st.name)) arrays.set(st.name, new Map());
    arrays.get(st.name)!.set(st.index.value, i);
  }
  const all = (): Deps => new Set(Array.from({ length: n }, (_, i) => i));
  const fns = new Map(functions.map((f) => [f.name, f]));
  const effects = functionEffects(fns);
  const isState = (name: string): boolean => scalar.has(name) || arrays.has(name);

  const union = (...xs: (Deps | undefined)[]): Deps => {
    const out = new Set<number>();
    for (const x of xs) if (x) for (const i of x) out.add(i);
    return out;
  };

  const deps = (e: Expr, env: Env): Deps => {
    switch (e.type) {
      case 'Number': case 'String': return new Set();
      case 'Name': {
        const s = scalar.get(e.name);
        if (s !== undefined) return new Set([s]);
        if (arrays.has(e.name)) return new Set(arrays.get(e.name)!.values());
        return new Set(env.get(e.name) ?? []);
      }
      case 'Indexed': {
        if (e.name === DERIV_ARRAY) {
          if (e.index.type !== 'Number') throw new Unknown();
          return new Set(env.get(`${DERIV_ARRAY}#${e.index.value}`) ?? []);
        }
        const arr = arrays.get(e.name);
        if (arr) {
          if (e.index.type === 'Number') {
            const i = arr.get(e.index.value);
            return i === undefined ? new Set() : new Set([i]);
          }
          return union(new Set(arr.values()), deps(e.index, env));
        }
        return union(env.get(e.name), deps(e.index, env));
      }
      case 'Prime': throw new Unknown();
      case 'Unary': return deps(e.arg, env);
      case 'Binary': return union(deps(e.left, env), deps(e.right, env));
      case 'Call': {
        const args = union(...e.args.map((a) => deps(a, env)));
        if (MATH_FUNCTIONS.has(e.name)) return args;
        if (SPECIAL_CALLS.has(e.name)) throw new Unknown();
        const fx = effects.get(e.name);
        if (!fx || fx.unknown) throw new Unknown();
        // A function that reads a state, or a variable the system assigns, depends on it; what
        // it assigns outside itself depends on the same (and on the conditions of the call).
        let d = args;
        for (const name of fx.reads) {
          if (isState(name)) { d = all(); break; }
          const v = env.get(name);
          if (v) d = union(d, v);
        }
        for (const w of fx.writes) {
          if (isState(w) || w === DERIV_ARRAY) throw new Unknown();
          env.set(w, union(env.get(w), d, callCtrl));
        }
        return d;
      }
    }
  };

  /** The conditions the statement being run is under (for what the functions it calls assign). */
  let callCtrl: Deps = new Set();
  /** Runs statements over `env` (updated in place); `ctrl`: the conditions they run under. */
  const run = (stmts: readonly Stmt[], env: Env, ctrl: Deps, conditional: boolean): void => {
    for (const s of stmts) {
      callCtrl = ctrl;
      switch (s.type) {
        case 'Local':
          for (const v of s.names) if (!env.has(v.name)) env.set(v.name, new Set());
          break;
        case 'Assign': {
          const t = s.target;
          if (t.type === 'Prime' || isState(t.name)) throw new Unknown();
          const d = union(deps(s.value, env), ctrl);
          if (t.type === 'Indexed' && t.name !== DERIV_ARRAY) {
            env.set(t.name, union(env.get(t.name), d, deps(t.index, env)));
            break;
          }
          if (t.type === 'Indexed' && t.index.type !== 'Number') throw new Unknown();
          const key = t.type === 'Indexed' ? `${DERIV_ARRAY}#${(t.index as { value: number }).value}` : t.name;
          env.set(key, conditional ? union(env.get(key), d) : d);
          break;
        }
        case 'ExprStmt':
          deps(s.expr, env);
          break;
        case 'If': {
          const c = union(ctrl, deps(s.cond, env));
          const a = copy(env);
          run(s.then, a, c, true);
          const b = copy(env);
          if (s.otherwise) run(s.otherwise, b, c, true);
          merge(env, a);
          merge(env, b);
          break;
        }
        case 'While': case 'For': {
          for (let guard = 0; ; guard++) {
            const before = copy(env);
            const c = union(ctrl, s.type === 'While' ? deps(s.cond, env) : union(deps(s.from, env), deps(s.to, env), s.by ? deps(s.by, env) : undefined));
            if (s.type === 'For') env.set(s.variable, union(env.get(s.variable), c));
            run(s.body, env, c, true);
            merge(env, before);
            if (same(env, before)) break;
            if (guard > n + 64) throw new Unknown();
          }
          break;
        }
        case 'BlockStmt': run(s.body, env, ctrl, conditional); break;
        case 'KeywordStmt':
          if (s.keyword === 'PROTECT') run(s.body, env, ctrl, conditional);
          else if (s.keyword !== 'MUTEXLOCK' && s.keyword !== 'MUTEXUNLOCK' && s.keyword !== 'CONDUCTANCE') throw new Unknown();
          break;
        case 'Table': case 'UnitsSwitch': break;
        default: throw new Unknown();
      }
    }
  };

  try {
    // The statements run again at every evaluation, and a variable read before it is assigned
    // holds the previous evaluation's value: run them until nothing changes.
    let env: Env = new Map();
    for (let pass = 0; ; pass++) {
      const next = copy(env);
      run(sys.derivs, next, new Set(), false);
      merge(next, env);
      if (pass > 0 && same(next, env)) break;
      env = next;
      if (pass > n + 64) return null;
    }
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const d = union(env.get(`${DERIV_ARRAY}#${i}`));
      if (!sys.conserved[i]) d.add(i);
      rows.push([...d].sort((a, b) => a - b));
    }
    // Conservation laws: `_D[i] = lhs - rhs` once, unconditionally, linear in the states with
    // numeric coefficients.
    const exact = new Map<number, Map<number, number>>();
    if (!sys.algebraic) {
      // (The reactions' updates of the state's `_D[i]` come before; the law's assignment is last.)
      const last = new Map<number, { at: number; value: Expr }>();
      sys.derivs.forEach((st, k) => {
        if (st.type === 'Assign' && st.target.type === 'Indexed' && st.target.name === DERIV_ARRAY && st.target.index.type === 'Number') last.set(st.target.index.value, { at: k, value: st.value });
      });
      for (let i = 0; i < n; i++) {
        const law = last.get(i);
        if (!sys.conserved[i] || law === undefined || assignedAfter(sys.derivs, i, law.at)) continue;
        const c = linearCoefficients(law.value, (e) => {
          if (e.type === 'Name') return scalar.get(e.name) ?? (arrays.has(e.name) ? -2 : -1);
          if (e.type === 'Indexed' && arrays.has(e.name)) return e.index.type === 'Number' ? (arrays.get(e.name)!.get(e.index.value) ?? -1) : -2;
          return -1;
        }, (name) => env.has(name));
        if (c === null) continue;
        const row = rows[i]!;
        if (row.some((j) => !c.has(j)) || [...c.keys()].some((j) => !row.includes(j))) continue;
        exact.set(i, c);
      }
    }
    const hoist = hoistable(sys.derivs, env, isState, effects);
    const analytic = derivatives(sys, hoist, rows, (e) => {
      if (e.type === 'Name') return scalar.get(e.name) ?? (arrays.has(e.name) ? -2 : -1);
      if (e.type === 'Indexed' && arrays.has(e.name)) return e.index.type === 'Number' ? (arrays.get(e.name)!.get(e.index.value) ?? -1) : -2;
      return -1;
    });
    let linear = analytic !== null;
    if (analytic) for (const row of analytic.values()) for (const d of row.values()) if (mentionsState(d, isState)) linear = false;
    const declared = new Set(sys.derivs.flatMap((st) => (st.type === 'Local' ? st.names.map((v) => v.name) : [])));
    const assignsOutside = sys.derivs.some((st, i) => !hoist[i] && [...namesOf(st, (name) => effects.get(name)).writes].some((w) => w !== DERIV_ARRAY && !declared.has(w)));
    return { rows, exact, hoist, analytic, linear, assignsOutside };
  } catch (e) {
    if (e instanceof Unknown) return null;
    throw e;
  }
}

function copy(env: Env): Env {
  return new Map([...env].map(([k, v]) => [k, new Set(v)]));
}

/** Adds `from`'s dependencies into `into`. */
function merge(into: Env, from: Env): void {
  for (const [k, v] of from) {
    const d = into.get(k);
    if (!d) into.set(k, new Set(v));
    else for (const i of v) d.add(i);
  }
}

function same(a: Env, b: Env): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.size !== v.size) return false;
  }
  return true;
}

/** What a FUNCTION or PROCEDURE does outside itself (with the functions it calls). */
interface Effects {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
  /** Read before the function assigns them (see {@link namesOf}). */
  readonly exposed: Set<string>;
  /** It does something not followed (VERBATIM, random numbers, events, recursion). */
  readonly unknown: boolean;
}

/** The {@link Effects} of every FUNCTION and PROCEDURE. */
function functionEffects(fns: ReadonlyMap<string, FunctionInfo>): Map<string, Effects> {
  const out = new Map<string, Effects>();
  const visiting = new Set<string>();
  const of = (name: string): Effects | undefined => {
    const done = out.get(name);
    if (done) return done;
    const f = fns.get(name);
    if (!f) return undefined;
    if (visiting.has(name)) return { reads: new Set(), writes: new Set(), exposed: new Set(), unknown: true };
    visiting.add(name);
    const body: Stmt = { type: 'BlockStmt', body: f.body, location: f.body[0]?.location ?? { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } };
    const x = namesOf(body, of);
    for (const own of [f.name, ...f.params.map((p) => p.name)]) { x.reads.delete(own); x.writes.delete(own); x.exposed.delete(own); }
    visiting.delete(name);
    out.set(name, x);
    return x;
  };
  for (const name of fns.keys()) of(name);
  return out;
}

/**
 * Groups of columns no two of which share a row (greedy, most connected first), so that one
 * evaluation with every column of a group perturbed gives all their finite differences.
 * @example
 * ```ts
 * columnGroups(3, [[0, 1], [0, 1, 2], [1, 2]]); // [[1], [0, 2]]
 * ```
 */
export function columnGroups(n: number, rows: readonly (readonly number[])[]): number[][] {
  const colRows: number[][] = Array.from({ length: n }, () => []);
  rows.forEach((r, i) => { for (const j of r) colRows[j]!.push(i); });
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => colRows[b]!.length - colRows[a]!.length || a - b);
  const groups: number[][] = [];
  const rowGroups: Set<number>[] = Array.from({ length: rows.length }, () => new Set());
  for (const j of order) {
    let g = 0;
    while (colRows[j]!.some((i) => rowGroups[i]!.has(g))) g++;
    if (g === groups.length) groups.push([]);
    groups[g]!.push(j);
    for (const i of colRows[j]!) rowGroups[i]!.add(g);
  }
  for (const g of groups) g.sort((a, b) => a - b);
  return groups;
}

/** One step of a sparse LU factorisation with diagonal pivots, in the order they run. */
export interface SparseLu {
  /** Pivots in elimination order (each the diagonal entry of that row and column). */
  readonly order: readonly number[];
  /** Entries not in the Jacobian's structure that elimination fills: zeroed before it. */
  readonly fill: readonly (readonly [number, number])[];
  /** For each pivot (in `order`): the rows below it, each with the columns its update touches. */
  readonly eliminate: readonly (readonly { readonly row: number; readonly cols: readonly number[] }[])[];
  /** For each pivot: the columns of its row solved before it (back substitution). */
  readonly upper: readonly (readonly number[])[];
  /** Multiply-adds of one factorisation and solve. */
  readonly flops: number;
}

/**
 * A sparse LU factorisation for a structure (which must hold every diagonal entry): a minimum
 * degree pivot order on the symmetrised structure, then the fill that elimination in that order
 * makes. Null when a diagonal entry is structurally zero.
 * @example
 * ```ts
 * const lu = sparseLu(3, [[0, 1], [0, 1, 2], [1, 2]]); // lu.order: [0, 2, 1], no fill
 * ```
 */
export function sparseLu(n: number, rows: readonly (readonly number[])[]): SparseLu | null {
  const a: Set<number>[] = rows.map((r) => new Set(r));
  for (let i = 0; i < n; i++) if (!a[i]!.has(i)) return null;
  // Minimum degree on the symmetrised graph (ties to the lower index).
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let i = 0; i < n; i++) for (const j of a[i]!) if (i !== j) { adj[i]!.add(j); adj[j]!.add(i); }
  const done = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (let k = 0; k < n; k++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!done[i] && (best < 0 || adj[i]!.size < adj[best]!.size)) best = i;
    order.push(best);
    done[best] = true;
    const nb = [...adj[best]!];
    for (const x of nb) {
      adj[x]!.delete(best);
      for (const y of nb) if (x !== y) adj[x]!.add(y);
    }
  }
  // Symbolic elimination on the unsymmetric structure, in that order.
  const eliminated = new Array<boolean>(n).fill(false);
  const fill: [number, number][] = [];
  const eliminate: { row: number; cols: number[] }[][] = [];
  const upper: number[][] = [];
  let flops = 0;
  for (const p of order) {
    eliminated[p] = true;
    const cols = [...a[p]!].filter((j) => !eliminated[j]).sort((x, y) => x - y);
    const steps: { row: number; cols: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      if (eliminated[i] || !a[i]!.has(p)) continue;
      for (const j of cols) if (!a[i]!.has(j)) { a[i]!.add(j); fill.push([i, j]); }
      steps.push({ row: i, cols });
      flops += cols.length + 2;
    }
    eliminate.push(steps);
    upper.push(cols);
    flops += cols.length + 1;
  }
  return { order, fill, eliminate, upper, flops };
}

/** Whether a statement after the top-level statement `at` (at any depth) may assign `_D[i]`. */
function assignedAfter(stmts: readonly Stmt[], i: number, at: number): boolean {
  let found = false;
  for (const st of stmts.slice(at + 1)) {
    visit(st, { Assign: (s) => {
      if (s.target.type === 'Indexed' && s.target.name === DERIV_ARRAY && (s.target.index.type !== 'Number' || s.target.index.value === i)) found = true;
    } });
  }
  return found;
}

/**
 * The coefficients of an expression linear in the states (`stateOf` gives a name's state index,
 * -1 for a name that is not a state, -2 for an array state of unknown element), when every
 * coefficient is a number; null otherwise. Terms without states are ignored (they do not
 * change the derivative). Names the system assigns (`assigned`) make it null.
 */
function linearCoefficients(e: Expr, stateOf: (e: Expr) => number, assigned: (name: string) => boolean): Map<number, number> | null {
  const out = new Map<number, number>();
  const constant = (x: Expr): number | null => {
    switch (x.type) {
      case 'Number': return x.value;
      case 'Unary': { const a = constant(x.arg); return x.op === '-' && a !== null ? -a : null; }
      case 'Binary': {
        const a = constant(x.left), b = constant(x.right);
        if (a === null || b === null) return null;
        return x.op === '*' ? a * b : x.op === '/' ? a / b : x.op === '+' ? a + b : x.op === '-' ? a - b : null;
      }
      default: return null;
    }
  };
  const free = (x: Expr): boolean => {
    switch (x.type) {
      case 'Number': case 'String': return true;
      case 'Name': return stateOf(x) === -1 && !assigned(x.name);
      case 'Indexed': return stateOf(x) === -1 && !assigned(x.name) && free(x.index);
      case 'Unary': return free(x.arg);
      case 'Binary': return free(x.left) && free(x.right);
      case 'Call': return x.args.every(free) && MATH_FUNCTIONS.has(x.name);
      default: return false;
    }
  };
  const term = (x: Expr, scale: number): boolean => {
    if (free(x)) return true;
    const k = x.type === 'Name' || x.type === 'Indexed' ? stateOf(x) : -1;
    if (k >= 0) { out.set(k, (out.get(k) ?? 0) + scale); return true; }
    if (x.type === 'Unary' && x.op === '-') return term(x.arg, -scale);
    if (x.type !== 'Binary') return false;
    if (x.op === '+') return term(x.left, scale) && term(x.right, scale);
    if (x.op === '-') return term(x.left, scale) && term(x.right, -scale);
    if (x.op === '*') {
      const a = constant(x.left), b = constant(x.right);
      if (a !== null) return term(x.right, scale * a);
      if (b !== null) return term(x.left, scale * b);
      return false;
    }
    if (x.op === '/') {
      const b = constant(x.right);
      return b !== null && term(x.left, scale / b);
    }
    return false;
  };
  return term(e, 1) ? out : null;
}

/** The names a statement reads and writes, outside the LOCALs it declares itself, and those it
 * may read before it writes them (`exposed`: a value from before the statement); `effects` tells
 * what the functions it calls do. */
function namesOf(s: Stmt, effects: (name: string) => Effects | undefined): Effects {
  const reads = new Set<string>(), writes = new Set<string>(), own = new Set<string>(), exposed = new Set<string>();
  let unknown = false;
  // Names surely written so far, on straight-line code (not inside a branch or loop).
  const sure = new Set<string>();
  const read = (name: string): void => { reads.add(name); if (!sure.has(name)) exposed.add(name); };
  const expr = (e: Expr): void => {
    switch (e.type) {
      case 'Name': read(e.name); break;
      case 'Indexed': read(e.name); expr(e.index); break;
      case 'Prime': read(e.name); break;
      case 'Unary': expr(e.arg); break;
      case 'Binary': expr(e.left); expr(e.right); break;
      case 'Call': {
        e.args.forEach(expr);
        if (MATH_FUNCTIONS.has(e.name)) break;
        const fx = SPECIAL_CALLS.has(e.name) ? undefined : effects(e.name);
        if (!fx || fx.unknown) { unknown = true; break; }
        for (const r of fx.reads) reads.add(r);
        for (const r of fx.exposed) if (!sure.has(r)) exposed.add(r);
        for (const w of fx.writes) writes.add(w);
        break;
      }
      default: break;
    }
  };
  const walk = (x: Stmt, straight: boolean): void => {
    switch (x.type) {
      case 'Local': for (const v of x.names) own.add(v.name); break;
      case 'Assign':
        expr(x.value);
        if (x.target.type === 'Indexed') { read(x.target.name); expr(x.target.index); }
        writes.add(x.target.name);
        if (straight && x.target.type === 'Name') sure.add(x.target.name);
        break;
      case 'ExprStmt': expr(x.expr); break;
      case 'If': expr(x.cond); x.then.forEach((y) => walk(y, false)); x.otherwise?.forEach((y) => walk(y, false)); break;
      case 'While': expr(x.cond); x.body.forEach((y) => walk(y, false)); break;
      case 'For': writes.add(x.variable); expr(x.from); expr(x.to); if (x.by) expr(x.by); x.body.forEach((y) => walk(y, false)); break;
      case 'BlockStmt': x.body.forEach((y) => walk(y, straight)); break;
      case 'KeywordStmt':
        if (x.keyword === 'PROTECT') x.body.forEach((y) => walk(y, straight));
        else if (x.keyword !== 'MUTEXLOCK' && x.keyword !== 'MUTEXUNLOCK' && x.keyword !== 'CONDUCTANCE') unknown = true;
        break;
      case 'Table': case 'UnitsSwitch': break;
      default: unknown = true;
    }
  };
  walk(s, true);
  for (const o of own) { reads.delete(o); writes.delete(o); exposed.delete(o); }
  return { reads, writes, exposed, unknown };
}

/** Which top-level statements of `derivs` can run once before the iterations (see
 * {@link JacobianStructure.hoist}); `env`: the dependencies at the fixpoint. */
function hoistable(derivs: readonly Stmt[], env: Env, isState: (name: string) => boolean, effects: ReadonlyMap<string, Effects>): boolean[] {
  const names = derivs.map((s) => namesOf(s, (name) => effects.get(name)));
  const writers = new Map<string, number[]>();
  names.forEach((x, i) => { for (const w of x.writes) writers.set(w, [...(writers.get(w) ?? []), i]); });
  const declared = new Map<string, number>();
  derivs.forEach((s, i) => { if (s.type === 'Local') for (const v of s.names) declared.set(v.name, i); });
  const hoist = derivs.map(() => false);
  for (;;) {
    let changed = false;
    derivs.forEach((s, i) => {
      if (hoist[i] || s.type === 'Local') return;
      const { reads, writes, unknown } = names[i]!;
      if (unknown) return;
      const touches = (n: string): boolean => n === DERIV_ARRAY || isState(n);
      if ([...reads, ...writes].some(touches)) return;
      // What it reads does not depend on the states, and is assigned (if at all) only by itself
      // or by statements already moved before it.
      for (const r of reads) {
        if ((env.get(r)?.size ?? 0) > 0) return;
        if ((writers.get(r) ?? []).some((w) => w !== i && !(hoist[w] && w < i))) return;
      }
      for (const w of writes) if ((writers.get(w) ?? []).some((x) => x !== i)) return;
      // (Run once, `a = a + 1` would count evaluations no more.)
      for (const w of writes) if (names[i]!.exposed.has(w)) return;
      // (A name declared by a LOCAL statement of the block would leave its scope.)
      for (const w of [...writes, ...reads]) if (declared.has(w)) return;
      hoist[i] = true;
      changed = true;
    });
    if (!changed) break;
  }
  return hoist;
}

/**
 * The Jacobian of a system whose statements (those not hoisted) are straight-line assignments:
 * each `_D[i]` built up as an expression of the states (values of the names assigned on the way
 * substituted in), then differentiated. Null when a statement is anything else (a condition, a
 * loop, a call), a name is read before the statements assign it, or an expression cannot be
 * differentiated (a function other than exp, log, sqrt).
 */
function derivatives(sys: ImplicitSystem, hoist: readonly boolean[], rows: readonly (readonly number[])[], stateOf: (e: Expr) => number): Map<number, Map<number, Expr>> | null {
  const n = sys.states.length;
  const placeholder = (j: number): string => `\u0000s${j}`;
  const acc = new Map<number, Expr>();
  const values = new Map<string, Expr>();
  const assignedHere = new Set<string>();
  const body = sys.derivs.filter((_, i) => !hoist[i]);
  // (LOCALs of these statements are out of scope where the entries are computed.)
  for (const st of body) {
    visit(st, {
      Assign: (s) => { assignedHere.add(s.target.name); },
      Local: (s) => { for (const v of s.names) assignedHere.add(v.name); },
    });
  }
  class GiveUp extends Error {}
  const zero = (at: Expr['location']): Expr => ({ type: 'Number', value: 0, text: '0', unit: null, location: at });
  const subst = (e: Expr): Expr => {
    const k = e.type === 'Name' || e.type === 'Indexed' ? stateOf(e) : -1;
    if (k === -2) throw new GiveUp();
    if (k >= 0) return { type: 'Name', name: placeholder(k), location: e.location };
    switch (e.type) {
      case 'Name': {
        const v = values.get(e.name);
        if (v) return v;
        if (assignedHere.has(e.name)) throw new GiveUp(); // (read before it is assigned)
        return e;
      }
      case 'Indexed':
        if (e.name === DERIV_ARRAY) {
          if (e.index.type !== 'Number') throw new GiveUp();
          return acc.get(e.index.value) ?? zero(e.location);
        }
        if (assignedHere.has(e.name)) throw new GiveUp();
        return { ...e, index: subst(e.index) };
      case 'Unary': return { ...e, arg: subst(e.arg) };
      case 'Binary': return { ...e, left: subst(e.left), right: subst(e.right) };
      // (A FUNCTION of the file may read the states or the names assigned here, which the
      // differentiation would not see: only the math functions are differentiated.)
      case 'Call': if (!MATH_FUNCTIONS.has(e.name)) throw new GiveUp(); return { ...e, args: e.args.map(subst) };
      case 'Number': case 'String': return e;
      default: throw new GiveUp();
    }
  };
  // Values substituted into values grow; past this many nodes the entries would be long code
  // (and their derivatives longer): finite differences instead.
  const checked = (e: Expr): Expr => {
    if (nodeCount(e, MAX_EXPRESSION_NODES) > MAX_EXPRESSION_NODES) throw new GiveUp();
    return e;
  };
  const run = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      switch (s.type) {
        case 'Local': for (const v of s.names) values.delete(v.name); break;
        case 'Assign': {
          const t = s.target;
          if (t.type === 'Indexed' && t.name === DERIV_ARRAY && t.index.type === 'Number') acc.set(t.index.value, checked(subst(s.value)));
          else if (t.type === 'Name') values.set(t.name, checked(subst(s.value)));
          else throw new GiveUp();
          break;
        }
        case 'BlockStmt': run(s.body); break;
        case 'Table': case 'UnitsSwitch': break;
        default: throw new GiveUp();
      }
    }
  };
  try {
    run(body);
    const out = new Map<number, Map<number, Expr>>();
    for (let i = 0; i < n; i++) {
      const d = acc.get(i);
      const row = new Map<number, Expr>();
      for (const j of rows[i]!) {
        const dj = d === undefined ? 0 : differentiate(d, placeholder(j));
        if (dj === null || (dj !== 0 && nodeCount(dj, MAX_EXPRESSION_NODES) > MAX_EXPRESSION_NODES)) return null;
        row.set(j, dj === 0 ? zero(d?.location ?? body[0]!.location) : restore(dj, sys));
      }
      // (A dependency the structure does not list would be a mistake of the analysis.)
      if (d !== undefined) for (let j = 0; j < n; j++) if (!rows[i]!.includes(j) && differentiate(d, placeholder(j)) !== 0) return null;
      out.set(i, row);
    }
    return out;
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}

/** The largest expression (in nodes) {@link derivatives} builds or writes as one entry. */
const MAX_EXPRESSION_NODES = 4000;

/** The number of nodes of an expression, counting no further than `limit + 1`. */
function nodeCount(e: Expr, limit: number): number {
  let n = 0;
  const count = (x: Expr): void => {
    if (++n > limit) return;
    switch (x.type) {
      case 'Indexed': count(x.index); break;
      case 'Unary': count(x.arg); break;
      case 'Binary': count(x.left); if (n <= limit) count(x.right); break;
      case 'Call': for (const a of x.args) if (n <= limit) count(a); break;
      default: break;
    }
  };
  count(e);
  return n;
}

/** An expression with the state placeholders of {@link derivatives} put back as the states. */
function restore(e: Expr, sys: ImplicitSystem): Expr {
  switch (e.type) {
    case 'Name': {
      const m = /^\u0000s(\d+)$/.exec(e.name);
      if (!m) return e;
      const st = sys.states[Number(m[1])]!;
      return st.index ? { type: 'Indexed', name: st.name, index: st.index, location: e.location } : { type: 'Name', name: st.name, location: e.location };
    }
    case 'Indexed': return { ...e, index: restore(e.index, sys) };
    case 'Unary': return { ...e, arg: restore(e.arg, sys) };
    case 'Binary': return { ...e, left: restore(e.left, sys), right: restore(e.right, sys) };
    case 'Call': return { ...e, args: e.args.map((a) => restore(a, sys)) };
    default: return e;
  }
}

function mentionsState(e: Expr, isState: (name: string) => boolean): boolean {
  switch (e.type) {
    case 'Name': return isState(e.name);
    case 'Indexed': return isState(e.name) || mentionsState(e.index, isState);
    case 'Unary': return mentionsState(e.arg, isState);
    case 'Binary': return mentionsState(e.left, isState) || mentionsState(e.right, isState);
    case 'Call': return e.args.some((a) => mentionsState(a, isState));
    default: return false;
  }
}
