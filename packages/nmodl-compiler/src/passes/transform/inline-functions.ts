/**
 * Transform: inlines calls to one-line FUNCTIONs (`f = <expression>` with no LOCALs, TABLE or
 * calls to other user functions) at their call sites, so that rate expressions evaluate without a
 * call. The arithmetic is unchanged (same operations in the same order), so results stay
 * bit-identical. A call is left alone when an argument with work in it would be evaluated more
 * than once, or when a name the function reads is shadowed by a LOCAL or argument at the call site.
 * @module
 */
import type { CodeBlock, Expr, Program, Stmt, TopItem } from '../../ast/nodes.js';
import type { Session } from '../../diagnostics.js';
import { MATH_FUNCTIONS } from '../analyze/builtins.js';

/** Options of {@link inlineFunctions}. */
export interface InlineOptions {
  /** Largest expression (in nodes) worth inlining; 40 by default. */
  readonly maxSize?: number;
}

interface Candidate {
  readonly params: readonly string[];
  readonly expr: Expr;
  /** Names the expression reads that are not parameters. */
  readonly free: ReadonlySet<string>;
  readonly uses: ReadonlyMap<string, number>;
}

function size(e: Expr): number {
  switch (e.type) {
    case 'Unary': return 1 + size(e.arg);
    case 'Binary': return 1 + size(e.left) + size(e.right);
    case 'Call': return 1 + e.args.reduce((a, x) => a + size(x), 0);
    case 'Indexed': return 1 + size(e.index);
    default: return 1;
  }
}

function names(e: Expr, out: Map<string, number>): boolean {
  switch (e.type) {
    case 'Number': return true;
    case 'String': return false;
    case 'Name': out.set(e.name, (out.get(e.name) ?? 0) + 1); return true;
    case 'Indexed': out.set(e.name, (out.get(e.name) ?? 0) + 1); return names(e.index, out);
    case 'Prime': return false;
    case 'Unary': return names(e.arg, out);
    case 'Binary': return names(e.left, out) && names(e.right, out);
    case 'Call': return MATH_FUNCTIONS.has(e.name) && e.args.every((a) => names(a, out));
  }
}

function candidate(b: CodeBlock, maxSize: number): Candidate | null {
  if (b.kind !== 'FUNCTION' || b.name === null) return null;
  const body = b.body.filter((s) => s.type !== 'UnitsSwitch');
  const only = body[0];
  if (body.length !== 1 || only?.type !== 'Assign' || only.target.type !== 'Name' || only.target.name !== b.name) return null;
  if (size(only.value) > maxSize) return null;
  const uses = new Map<string, number>();
  if (!names(only.value, uses) || uses.has(b.name)) return null;
  const params = b.params.map((p) => p.name);
  const free = new Set([...uses.keys()].filter((n) => !params.includes(n)));
  return { params, expr: only.value, free, uses };
}

function substitute(e: Expr, args: ReadonlyMap<string, Expr>): Expr {
  switch (e.type) {
    case 'Name': return args.get(e.name) ?? e;
    case 'Indexed': return { ...e, index: substitute(e.index, args) };
    case 'Unary': return { ...e, arg: substitute(e.arg, args) };
    case 'Binary': return { ...e, left: substitute(e.left, args), right: substitute(e.right, args) };
    case 'Call': return { ...e, args: e.args.map((a) => substitute(a, args)) };
    default: return e;
  }
}

/**
 * Inlines one-line FUNCTIONs at their call sites. Returns a new tree.
 * @example
 * ```ts
 * const inlined = inlineFunctions(program, {}, session);
 * ```
 */
export function inlineFunctions(program: Program, options: InlineOptions, _session: Session): Program {
  const maxSize = options.maxSize ?? 40;
  const candidates = new Map<string, Candidate>();
  for (const item of program.items) {
    if (item.type !== 'CodeBlock') continue;
    const c = candidate(item, maxSize);
    if (c && item.name) candidates.set(item.name, c);
  }
  if (candidates.size === 0) return program;

  const expr = (e: Expr, scope: ReadonlySet<string>): Expr => {
    switch (e.type) {
      case 'Unary': return { ...e, arg: expr(e.arg, scope) };
      case 'Binary': return { ...e, left: expr(e.left, scope), right: expr(e.right, scope) };
      case 'Indexed': return { ...e, index: expr(e.index, scope) };
      case 'Call': {
        const args = e.args.map((a) => expr(a, scope));
        const c = candidates.get(e.name);
        const same = { ...e, args };
        if (!c || c.params.length !== args.length) return same;
        if ([...c.free].some((n) => scope.has(n))) return same;
        const map = new Map<string, Expr>();
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          const p = c.params[i]!;
          if ((c.uses.get(p) ?? 0) > 1 && a.type !== 'Name' && a.type !== 'Number') return same;
          map.set(p, a);
        }
        return substitute(c.expr, map);
      }
      default: return e;
    }
  };
  const stmts = (list: readonly Stmt[], outer: ReadonlySet<string>): Stmt[] => {
    const scope = new Set(outer);
    return list.map((s): Stmt => {
      switch (s.type) {
        case 'Local': s.names.forEach((n) => scope.add(n.name)); return s;
        case 'Assign': return { ...s, value: expr(s.value, scope) };
        case 'ExprStmt': return { ...s, expr: expr(s.expr, scope) };
        case 'If': return { ...s, cond: expr(s.cond, scope), then: stmts(s.then, scope), otherwise: s.otherwise ? stmts(s.otherwise, scope) : null };
        case 'While': return { ...s, cond: expr(s.cond, scope), body: stmts(s.body, scope) };
        case 'For': {
          const inner = new Set([...scope, s.variable]);
          return { ...s, from: expr(s.from, scope), to: expr(s.to, scope), by: s.by ? expr(s.by, scope) : null, body: stmts(s.body, inner) };
        }
        case 'BlockStmt': return { ...s, body: stmts(s.body, scope) };
        case 'Reaction': return { ...s, rates: s.rates.map((r) => expr(r, scope)) };
        default: return s;
      }
    });
  };
  const items: TopItem[] = program.items.map((item) => {
    if (item.type !== 'CodeBlock') return item;
    const scope = new Set(item.params.map((p) => p.name));
    if (item.kind === 'NET_RECEIVE') scope.add('flag');
    if (item.kind === 'KINETIC') { scope.add('f_flux'); scope.add('b_flux'); }
    if (item.kind === 'FUNCTION' && item.name) scope.add(item.name);
    return { ...item, body: stmts(item.body, scope) };
  });
  return { ...program, items };
}
