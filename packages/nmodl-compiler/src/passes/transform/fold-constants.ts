/**
 * Transform: folds arithmetic on number literals (`-(1)`, `2*3`, `2.3^1.3`) into literals. Folding
 * is done in double precision, as the C compiler would at run time, and powers with `Math.pow`, as
 * the kernels compute them, so results stay bit-identical.
 * @module
 */
import type { Expr, Program, Stmt, TopItem } from '../../ast/nodes.js';
import type { Session } from '../../diagnostics.js';

/** Options of {@link foldConstants} (none yet). */
export type FoldOptions = Record<string, never>;

/** A number literal where `at` was. */
function literal(value: number, at: Expr): Expr {
  return { type: 'Number', value, text: String(value), unit: null, location: at.location };
}

/**
 * Folds one expression.
 * @example
 * ```ts
 * foldExpr(parseExpr('-(2*3)')); // Number -6
 * ```
 */
export function foldExpr(e: Expr): Expr {
  switch (e.type) {
    case 'Unary': {
      const arg = foldExpr(e.arg);
      if (arg.type === 'Number' && e.op === '-') return literal(-arg.value, e);
      return arg === e.arg ? e : { ...e, arg };
    }
    case 'Binary': {
      const left = foldExpr(e.left);
      const right = foldExpr(e.right);
      if (left.type === 'Number' && right.type === 'Number') {
        let v: number | null = null;
        switch (e.op) {
          case '+': v = left.value + right.value; break;
          case '-': v = left.value - right.value; break;
          case '*': v = left.value * right.value; break;
          case '/': v = left.value / right.value; break;
          case '^': v = Math.pow(left.value, right.value); break;
          default: break;
        }
        if (v !== null) return literal(v, e);
      }
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'Call': {
      const args = e.args.map(foldExpr);
      if (e.name === 'pow' && args.length === 2 && args[0]!.type === 'Number' && args[1]!.type === 'Number') {
        return literal(Math.pow(args[0].value, args[1].value), e);
      }
      return { ...e, args };
    }
    case 'Indexed': return { ...e, index: foldExpr(e.index) };
    default: return e;
  }
}

function foldStmt(s: Stmt): Stmt {
  switch (s.type) {
    case 'Assign': return { ...s, value: foldExpr(s.value) };
    case 'ExprStmt': return { ...s, expr: foldExpr(s.expr) };
    case 'If': return { ...s, cond: foldExpr(s.cond), then: s.then.map(foldStmt), otherwise: s.otherwise ? s.otherwise.map(foldStmt) : null };
    case 'While': return { ...s, cond: foldExpr(s.cond), body: s.body.map(foldStmt) };
    case 'For': return { ...s, from: foldExpr(s.from), to: foldExpr(s.to), by: s.by ? foldExpr(s.by) : null, body: s.body.map(foldStmt) };
    case 'BlockStmt': return { ...s, body: s.body.map(foldStmt) };
    case 'Reaction': return { ...s, rates: s.rates.map(foldExpr) };
    default: return s;
  }
}

/**
 * Folds constant arithmetic in every code block. Returns a new tree; the input is unchanged.
 * @example
 * ```ts
 * const folded = foldConstants(program, {}, session);
 * ```
 */
export function foldConstants(program: Program, _options: FoldOptions, _session: Session): Program {
  const items: TopItem[] = program.items.map((item) => (item.type === 'CodeBlock' ? { ...item, body: item.body.map(foldStmt) } : item));
  return { ...program, items };
}
