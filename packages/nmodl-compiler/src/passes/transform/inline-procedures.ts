/**
 * Transform: inlines PROCEDUREs and FUNCTIONs called from the blocks the kernels run
 * (BREAKPOINT, DERIVATIVE, KINETIC, INITIAL), such as the `rates()` most channel models call from
 * DERIVATIVE and INITIAL, and the `vtrap(x, y)` their rate expressions call. A procedure's body
 * goes where the call was, in a block of its own; a function's goes just before the statement that
 * calls it, its value in a fresh LOCAL that the statement reads instead of the call. Their LOCALs
 * and parameters become LOCALs of that block under fresh names, each parameter assigned its
 * argument first (C passes arguments by value), so the operations and their order are the call's
 * and results stay bit-identical. The kernels can then keep the instance's variables in locals,
 * and the WebAssembly translation can advance two instances per instruction.
 *
 * A call is left alone when the callee has a TABLE, VERBATIM, array or nested LOCALs, or any
 * statement other than assignments, calls, LOCALs and control flow; when it calls itself; when the
 * number of arguments differs; or when a name it reads from the mechanism is shadowed at the call
 * site. A function is inlined only when it assigns nothing but its own value, parameters and
 * LOCALs (so evaluating it before the rest of the statement changes nothing); never out of a
 * statement that also calls a FUNCTION that is not (it would overtake that call), an ODE
 * (`x' = f(x)`: the solvers need to see what the right-hand side depends on), a reaction, or a
 * WHILE or FROM header. Procedures and functions stay defined (hoc and other callers still call
 * them).
 * @module
 */
import type { CodeBlock, Expr, Program, Stmt, TopItem } from '../../ast/nodes.js';
import { visit } from '../../ast/visitor.js';
import type { Session } from '../../diagnostics.js';

/** Options of {@link inlineProcedures}. */
export interface InlineProceduresOptions {
  /** How many times calls inside inlined bodies are inlined in turn; 4 by default. */
  readonly depth?: number;
}

/** The blocks whose calls are inlined: those the kernels run for every instance. */
const TARGETS = new Set(['BREAKPOINT', 'DERIVATIVE', 'KINETIC', 'INITIAL']);

interface Procedure {
  readonly block: CodeBlock;
  /** A FUNCTION's value variable (its own name); null for a PROCEDURE. */
  readonly value: string | null;
  readonly params: readonly string[];
  /** The body's own LOCALs (top level of the body). */
  readonly locals: readonly string[];
  /** Names the body reads or writes that are the mechanism's (not parameters, LOCALs or value). */
  readonly free: ReadonlySet<string>;
}

function exprNames(e: Expr, out: Set<string>): void {
  switch (e.type) {
    case 'Name': out.add(e.name); break;
    case 'Indexed': out.add(e.name); exprNames(e.index, out); break;
    case 'Prime': out.add(e.name); break;
    case 'Unary': exprNames(e.arg, out); break;
    case 'Binary': exprNames(e.left, out); exprNames(e.right, out); break;
    case 'Call': e.args.forEach((a) => exprNames(a, out)); break;
    default: break;
  }
}

/** Names used in statements (and whether every statement is one this pass can move). */
function stmtNames(list: readonly Stmt[], out: Set<string>, top: boolean): boolean {
  for (const s of list) {
    switch (s.type) {
      case 'Local':
        if (!top || s.names.some((n) => n.length !== null)) return false;
        break;
      case 'Assign':
        if (s.target.type === 'Prime') return false;
        exprNames(s.target, out);
        exprNames(s.value, out);
        break;
      case 'ExprStmt': exprNames(s.expr, out); break;
      case 'If':
        exprNames(s.cond, out);
        if (!stmtNames(s.then, out, false) || (s.otherwise && !stmtNames(s.otherwise, out, false))) return false;
        break;
      case 'While':
        exprNames(s.cond, out);
        if (!stmtNames(s.body, out, false)) return false;
        break;
      case 'For':
        out.add(s.variable);
        exprNames(s.from, out);
        exprNames(s.to, out);
        if (s.by) exprNames(s.by, out);
        if (!stmtNames(s.body, out, false)) return false;
        break;
      case 'BlockStmt':
        if (!stmtNames(s.body, out, false)) return false;
        break;
      case 'UnitsSwitch': break;
      default: return false;
    }
  }
  return true;
}

function procedure(b: CodeBlock): Procedure | null {
  if ((b.kind !== 'PROCEDURE' && b.kind !== 'FUNCTION') || b.name === null) return null;
  if (b.body.some((s) => s.type === 'Table')) return null; // a table lookup, not its body
  const used = new Set<string>();
  if (!stmtNames(b.body, used, true)) return null;
  let recursive = false;
  visit(b, { Call: (c) => { if (c.name === b.name) recursive = true; } });
  if (recursive) return null;
  const params = b.params.map((p) => p.name);
  const locals = b.body.flatMap((s) => (s.type === 'Local' ? s.names.map((n) => n.name) : []));
  const value = b.kind === 'FUNCTION' ? b.name : null;
  const own = new Set([...params, ...locals, ...(value === null ? [] : [value])]);
  if (value !== null) {
    let impure = false;
    visit(b, {
      Assign: (a) => { if (!own.has(a.target.name)) impure = true; },
      For: (f) => { if (!own.has(f.variable)) impure = true; },
    });
    if (impure) return null;
  }
  return { block: b, value, params, locals, free: new Set([...used].filter((n) => !own.has(n))) };
}

function rename(e: Expr, map: ReadonlyMap<string, string>): Expr {
  switch (e.type) {
    case 'Name': { const n = map.get(e.name); return n === undefined ? e : { ...e, name: n }; }
    case 'Indexed': { const n = map.get(e.name); return { ...e, name: n ?? e.name, index: rename(e.index, map) }; }
    case 'Unary': return { ...e, arg: rename(e.arg, map) };
    case 'Binary': return { ...e, left: rename(e.left, map), right: rename(e.right, map) };
    case 'Call': return { ...e, args: e.args.map((a) => rename(a, map)) };
    default: return e;
  }
}

function renameStmts(list: readonly Stmt[], map: ReadonlyMap<string, string>): Stmt[] {
  return list.map((s): Stmt => {
    switch (s.type) {
      case 'Local': return { ...s, names: s.names.map((n) => ({ ...n, name: map.get(n.name) ?? n.name })) };
      case 'Assign': return { ...s, target: rename(s.target, map) as typeof s.target, value: rename(s.value, map) };
      case 'ExprStmt': return { ...s, expr: rename(s.expr, map) };
      case 'If': return { ...s, cond: rename(s.cond, map), then: renameStmts(s.then, map), otherwise: s.otherwise ? renameStmts(s.otherwise, map) : null };
      case 'While': return { ...s, cond: rename(s.cond, map), body: renameStmts(s.body, map) };
      case 'For': return { ...s, variable: map.get(s.variable) ?? s.variable, from: rename(s.from, map), to: rename(s.to, map), by: s.by ? rename(s.by, map) : null, body: renameStmts(s.body, map) };
      case 'BlockStmt': return { ...s, body: renameStmts(s.body, map) };
      default: return s;
    }
  });
}

/** Every name the program uses or declares, so fresh names collide with none. */
function allNames(program: Program): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if ((k === 'name' || k === 'variable') && typeof x === 'string') out.add(x);
      else if (k !== 'location' && x !== null && typeof x === 'object') walk(x);
    }
  };
  walk(program.items);
  return out;
}

/**
 * Inlines PROCEDURE and FUNCTION calls in BREAKPOINT, DERIVATIVE, KINETIC and INITIAL. Returns a
 * new tree.
 * @example
 * ```ts
 * const inlined = inlineProcedures(program, {}, session);
 * ```
 */
export function inlineProcedures(program: Program, options: InlineProceduresOptions, _session: Session): Program {
  const procedures = new Map<string, Procedure>();
  const functions = new Map<string, Procedure>();
  for (const item of program.items) {
    if (item.type !== 'CodeBlock') continue;
    const p = procedure(item);
    if (p) (p.value === null ? procedures : functions).set(p.block.name!, p);
  }
  if (procedures.size === 0 && functions.size === 0) return program;
  const taken = allNames(program);
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
  };

  /** The callee's body in a block, under fresh names (a function's value in `value`). */
  const inline = (p: Procedure, args: readonly Expr[], at: Stmt, scope: ReadonlySet<string>, depth: number, value?: string): Stmt[] => {
    const name = p.block.name!;
    const map = new Map<string, string>();
    for (const n of [...p.params, ...p.locals]) map.set(n, fresh(`${name}_${n}`));
    if (p.value !== null && value !== undefined) map.set(p.value, value);
    const body: Stmt[] = [];
    if (p.params.length > 0) {
      body.push({ type: 'Local', names: p.params.map((n) => ({ name: map.get(n)!, length: null, location: at.location })), location: at.location });
      p.params.forEach((n, i) => body.push({ type: 'Assign', target: { type: 'Name', name: map.get(n)!, location: at.location }, value: args[i]!, location: at.location }));
    }
    body.push(...renameStmts(p.block.body, map));
    // Calls in the body are inlined in turn, where the call site's names are in scope.
    return [{ type: 'BlockStmt', body: stmts(body, scope, depth - 1), location: at.location }];
  };

  const callable = (p: Procedure | undefined, args: readonly Expr[], scope: ReadonlySet<string>, depth: number): p is Procedure =>
    depth > 0 && p !== undefined && p.params.length === args.length && ![...p.free].some((n) => scope.has(n));

  // User FUNCTIONs that may assign the mechanism's variables (or whose bodies are not inlined:
  // TABLEs, VERBATIM): a statement calling one keeps all its calls in place, since computing a
  // function before the statement would move it ahead of them.
  const userFunctions = new Set(program.items.flatMap((i) => (i.type === 'CodeBlock' && i.kind === 'FUNCTION' && i.name !== null ? [i.name] : [])));
  const inOrder = (...es: readonly Expr[]): boolean => {
    let ok = true;
    for (const e of es) visit(e, { Call: (c) => { if (userFunctions.has(c.name) && !functions.has(c.name)) ok = false; } });
    return ok;
  };

  /** e with the calls of inlinable FUNCTIONs replaced by their values, computed in `pre`. */
  function hoist(e: Expr, at: Stmt, scope: ReadonlySet<string>, depth: number, pre: Stmt[]): Expr {
    if (depth <= 0) return e;
    switch (e.type) {
      case 'Unary': return { ...e, arg: hoist(e.arg, at, scope, depth, pre) };
      case 'Binary': {
        const left = hoist(e.left, at, scope, depth, pre);
        return { ...e, left, right: hoist(e.right, at, scope, depth, pre) };
      }
      case 'Indexed': return { ...e, index: hoist(e.index, at, scope, depth, pre) };
      case 'Call': {
        const args = e.args.map((a) => hoist(a, at, scope, depth, pre));
        const f = functions.get(e.name);
        if (!callable(f, args, scope, depth)) return { ...e, args };
        const value = fresh(`${e.name}_value`);
        pre.push({ type: 'Local', names: [{ name: value, length: null, location: e.location }], location: e.location });
        pre.push(...inline(f, args, at, scope, depth, value));
        return { type: 'Name', name: value, location: e.location };
      }
      default: return e;
    }
  }

  function stmts(list: readonly Stmt[], outer: ReadonlySet<string>, depth: number): Stmt[] {
    const scope = new Set(outer);
    return list.flatMap((s): Stmt[] => {
      const pre: Stmt[] = [];
      switch (s.type) {
        case 'Local': s.names.forEach((n) => scope.add(n.name)); return [s];
        case 'Assign': {
          if (s.target.type === 'Prime') return [s];
          if (!inOrder(s.value, s.target)) return [s];
          const target = s.target.type === 'Indexed' ? { ...s.target, index: hoist(s.target.index, s, scope, depth, pre) } : s.target;
          const value = hoist(s.value, s, scope, depth, pre);
          return [...pre, { ...s, target, value }];
        }
        case 'ExprStmt': {
          const e = s.expr;
          const ordered = inOrder(e);
          if (e.type !== 'Call') {
            const expr = ordered ? hoist(e, s, scope, depth, pre) : e;
            return [...pre, { ...s, expr }];
          }
          const args = ordered ? e.args.map((a) => hoist(a, s, scope, depth, pre)) : e.args;
          const p = procedures.get(e.name);
          if (!callable(p, args, scope, depth)) return [...pre, { ...s, expr: { ...e, args } }];
          return [...pre, ...inline(p, args, s, scope, depth)];
        }
        case 'If': {
          const cond = inOrder(s.cond) ? hoist(s.cond, s, scope, depth, pre) : s.cond;
          return [...pre, { ...s, cond, then: stmts(s.then, scope, depth), otherwise: s.otherwise ? stmts(s.otherwise, scope, depth) : null }];
        }
        case 'While': return [{ ...s, body: stmts(s.body, scope, depth) }];
        case 'For': return [{ ...s, body: stmts(s.body, new Set([...scope, s.variable]), depth) }];
        case 'BlockStmt': return [{ ...s, body: stmts(s.body, scope, depth) }];
        default: return [s];
      }
    });
  }

  const depth = options.depth ?? 4;
  const items: TopItem[] = program.items.map((item) => {
    if (item.type !== 'CodeBlock' || !TARGETS.has(item.kind)) return item;
    const scope = new Set(item.params.map((p) => p.name));
    if (item.kind === 'KINETIC') { scope.add('f_flux'); scope.add('b_flux'); }
    return { ...item, body: stmts(item.body, scope, depth) };
  });
  return { ...program, items };
}
