/**
 * Prints syntax trees back as NMODL text (for round-trip tests of the passes and for messages).
 * Expressions are printed with the parentheses their tree shape needs.
 * @module
 */
import type { Expr, Stmt } from './nodes.js';

const PREC: Record<string, number> = { '||': 1, '&&': 2, '<': 3, '<=': 3, '>': 3, '>=': 3, '==': 3, '!=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '^': 7 };

/**
 * Prints an expression.
 * @example
 * ```ts
 * printExpr(expr); // "(minf - m) / mtau"
 * ```
 */
export function printExpr(e: Expr, parent = 0, right = false): string {
  switch (e.type) {
    case 'Number': return e.value < 0 || Object.is(e.value, -0) ? `(${String(e.value)})` : String(e.value);
    case 'String': return JSON.stringify(e.value);
    case 'Name': return e.name;
    case 'Indexed': return `${e.name}[${printExpr(e.index)}]`;
    case 'Prime': return `${e.name}${"'".repeat(e.order)}`;
    case 'Unary': {
      // Unary minus binds tighter than * and / but looser than ^ (-x^2 is -(x^2)).
      const s = `${e.op}${printExpr(e.arg, 6)}`;
      return parent >= 7 ? `(${s})` : s;
    }
    case 'Binary': {
      const p = PREC[e.op] ?? 0;
      const rightAssoc = e.op === '^';
      const s = `${printExpr(e.left, p, false)} ${e.op} ${printExpr(e.right, p, true)}`;
      const needs = p < parent || (p === parent && (right ? p !== 7 : p === 7));
      return needs ? `(${s})` : s;
    }
    case 'Call': return `${e.name}(${e.args.map((a) => printExpr(a)).join(', ')})`;
  }
}

/**
 * Prints statements, one per line, with a two-space indent per nesting level.
 * @example
 * ```ts
 * printStmts(block.body); // "m = m + ...\nh = ..."
 * ```
 */
export function printStmts(list: readonly Stmt[], indent = ''): string {
  return list.map((s) => printStmt(s, indent)).join('\n');
}

function block(body: readonly Stmt[], indent: string): string {
  return body.length === 0 ? '{ }' : `{\n${printStmts(body, `${indent}  `)}\n${indent}}`;
}

/**
 * Prints one statement.
 * @example
 * ```ts
 * printStmt(stmt); // "LOCAL a, b"
 * ```
 */
export function printStmt(s: Stmt, indent = ''): string {
  const i = indent;
  switch (s.type) {
    case 'Local': return `${i}LOCAL ${s.names.map((n) => (n.length !== null ? `${n.name}[${n.length}]` : n.name)).join(', ')}`;
    case 'Assign': return `${i}${printExpr(s.target)} = ${printExpr(s.value)}`;
    case 'ExprStmt': return `${i}${printExpr(s.expr)}`;
    case 'If': return `${i}if (${printExpr(s.cond)}) ${block(s.then, i)}${s.otherwise ? ` else ${block(s.otherwise, i)}` : ''}`;
    case 'While': return `${i}while (${printExpr(s.cond)}) ${block(s.body, i)}`;
    case 'For': return `${i}FROM ${s.variable} = ${printExpr(s.from)} TO ${printExpr(s.to)}${s.by ? ` BY ${printExpr(s.by)}` : ''} ${block(s.body, i)}`;
    case 'Solve': return `${i}SOLVE ${s.name}${s.method ? ` METHOD ${s.method}` : ''}${s.steadystate ? ` STEADYSTATE ${s.steadystate}` : ''}`;
    case 'Table': return `${i}TABLE ${s.names.map((n) => n.name).join(', ')}${s.depend.length ? ` DEPEND ${s.depend.map((n) => n.name).join(', ')}` : ''} FROM ${printExpr(s.from)} TO ${printExpr(s.to)} WITH ${s.with}`;
    case 'Reaction': {
      const side = (t: typeof s.left): string => t.map((x) => `${x.coef !== 1 ? `${x.coef}` : ''}${x.name}${x.index ? `[${printExpr(x.index)}]` : ''}`).join(' + ');
      return `${i}~ ${side(s.left)} ${s.op}${s.right.length ? ` ${side(s.right)}` : ''} (${s.rates.map((r) => printExpr(r)).join(', ')})`;
    }
    case 'Equation': return `${i}~ ${printExpr(s.left)} = ${printExpr(s.right)}`;
    case 'Conserve': return `${i}CONSERVE ${printExpr(s.left)} = ${printExpr(s.right)}`;
    case 'Compartment': return `${i}${s.keyword} ${s.index ? `${s.index}, ` : ''}${printExpr(s.volume)} { ${s.names.map((n) => n.name).join(' ')} }`;
    case 'Verbatim': return `${i}VERBATIM${s.text}ENDVERBATIM`;
    case 'UnitsSwitch': return `${i}${s.on ? 'UNITSON' : 'UNITSOFF'}`;
    case 'BlockStmt': return `${i}${block(s.body, i)}`;
    case 'Watch': return `${i}WATCH ${s.items.map((w) => `(${printExpr(w.cond)}) ${printExpr(w.flag)}`).join(', ')}`;
    case 'ForNetcons': return `${i}FOR_NETCONS (${s.params.map((p) => p.name).join(', ')}) ${block(s.body, i)}`;
    case 'KeywordStmt':
      if (s.keyword === 'PROTECT') return `${i}PROTECT ${printStmts(s.body).trim()}`;
      if (s.keyword === 'INITIAL') return `${i}INITIAL ${block(s.body, i)}`;
      return `${i}${s.keyword}${s.names.length ? ` ${s.names.join(' ')}` : ''}`;
  }
}
