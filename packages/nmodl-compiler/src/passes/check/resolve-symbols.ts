/**
 * Check: every name used in code is declared (as a variable, constant, LOCAL, argument, function
 * or built-in). Undefined names are errors at their location.
 * @module
 */
import type { CodeBlock, Expr, Program, SourceRange, Stmt } from '../../ast/nodes.js';
import { declaredCLocals } from '../../codegen/c-verbatim.js';
import { DiagnosticCode, type Session } from '../../diagnostics.js';
import { BUILTIN_CONSTANTS, MATH_FUNCTIONS, SPECIAL_CALLS, SPECIAL_VARIABLES, UNSUPPORTED_VARIABLES } from '../analyze/builtins.js';

/** Options of {@link resolveSymbols} (none yet). */
export type ResolveOptions = Record<string, never>;

/**
 * Reports undefined variables and functions.
 * @example
 * ```ts
 * resolveSymbols(program, {}, session);
 * ```
 */
export function resolveSymbols(program: Program, _options: ResolveOptions, session: Session): void {
  const globals = new Set<string>([...BUILTIN_CONSTANTS.keys(), ...SPECIAL_VARIABLES]);
  const functions = new Set<string>([...MATH_FUNCTIONS.keys(), ...SPECIAL_CALLS]);
  const blocks: CodeBlock[] = [];
  for (const item of program.items) {
    switch (item.type) {
      case 'DeclBlock': item.decls.forEach((d) => globals.add(d.name)); break;
      case 'Units': item.defs.forEach((d) => { if (d.type === 'UnitFactor') globals.add(d.name); }); break;
      case 'Define': globals.add(item.name); break;
      case 'Local': item.names.forEach((n) => globals.add(n.name)); break;
      case 'Neuron':
        for (const s of item.stmts) {
          if (s.type === 'UseIon') [...s.read, ...s.write].forEach((n) => globals.add(n.name));
          if (s.type === 'NameList' && (s.keyword === 'NONSPECIFIC_CURRENT' || s.keyword === 'ELECTRODE_CURRENT' || s.keyword === 'RANDOM')) s.names.forEach((n) => globals.add(n.name));
        }
        break;
      case 'CodeBlock':
        blocks.push(item);
        if (item.name !== null && (item.kind === 'FUNCTION' || item.kind === 'PROCEDURE')) functions.add(item.name);
        break;
      case 'FunctionTable': functions.add(item.name); break;
      default: break;
    }
  }
  const reported = new Set<string>();
  const undefinedName = (name: string, at: SourceRange, what: string): void => {
    const key = `${name}@${at.file ?? ''}:${at.start.offset}`;
    if (reported.has(key)) return;
    reported.add(key);
    const why = UNSUPPORTED_VARIABLES.get(name);
    if (why) session.error(DiagnosticCode.Unsupported, why, at);
    else session.error(DiagnosticCode.Undefined, `undefined ${what} \`${name}\`: ${what === 'function' ? 'define it as a FUNCTION or PROCEDURE' : 'declare it in PARAMETER, ASSIGNED, STATE or LOCAL'}`, at);
  };
  for (const b of blocks) {
    const scope = new Set<string>(b.params.map((p) => p.name));
    if (b.kind === 'FUNCTION' && b.name) scope.add(b.name);
    if (b.kind === 'NET_RECEIVE') scope.add('flag');
    const expr = (e: Expr, sc: Set<string>): void => {
      switch (e.type) {
        case 'Number': case 'String': break;
        case 'Name': case 'Prime':
          if (!sc.has(e.name) && !globals.has(e.name)) undefinedName(e.name, e.location, 'name');
          break;
        case 'Indexed':
          if (!sc.has(e.name) && !globals.has(e.name)) undefinedName(e.name, e.location, 'name');
          expr(e.index, sc);
          break;
        case 'Unary': expr(e.arg, sc); break;
        case 'Binary': expr(e.left, sc); expr(e.right, sc); break;
        case 'Call':
          if (!functions.has(e.name)) undefinedName(e.name, e.location, 'function');
          if (e.name !== 'net_send' && e.name !== 'net_move' && e.name !== 'net_event') e.args.forEach((a) => expr(a, sc));
          else e.args.forEach((a) => expr(a, sc));
          break;
      }
    };
    const stmts = (list: readonly Stmt[], sc: Set<string>): void => {
      for (const s of list) {
        switch (s.type) {
          case 'Local': s.names.forEach((n) => sc.add(n.name)); break;
          case 'Assign': expr(s.target, sc); expr(s.value, sc); break;
          case 'ExprStmt': expr(s.expr, sc); break;
          case 'If': expr(s.cond, sc); stmts(s.then, new Set(sc)); if (s.otherwise) stmts(s.otherwise, new Set(sc)); break;
          case 'While': expr(s.cond, sc); stmts(s.body, new Set(sc)); break;
          case 'For':
            // nocmodl declares an undeclared FROM loop variable as a LOCAL.
            if (!globals.has(s.variable)) sc.add(s.variable);
            expr(s.from, sc); expr(s.to, sc); if (s.by) expr(s.by, sc); stmts(s.body, new Set(sc));
            break;
          case 'BlockStmt': case 'KeywordStmt': stmts(s.body, new Set(sc)); break;
          case 'ForNetcons': stmts(s.body, new Set([...sc, ...s.params.map((p) => p.name)])); break;
          case 'Table':
            [...s.names, ...s.depend].forEach((n) => { if (!sc.has(n.name) && !globals.has(n.name)) undefinedName(n.name, n.location, 'name'); });
            expr(s.from, sc); expr(s.to, sc);
            break;
          case 'Reaction':
            for (const t of [...s.left, ...s.right]) {
              if (!sc.has(t.name) && !globals.has(t.name)) undefinedName(t.name, t.location, 'name');
              if (t.index) expr(t.index, sc);
            }
            s.rates.forEach((r) => expr(r, sc));
            break;
          case 'Equation': case 'Conserve': expr(s.left, sc); expr(s.right, sc); break;
          case 'Compartment': expr(s.volume, new Set([...sc, ...(s.index ? [s.index] : [])])); break;
          case 'Watch': s.items.forEach((w) => { expr(w.cond, sc); expr(w.flag, sc); }); break;
          case 'Solve': if (s.ifError) stmts(s.ifError, new Set(sc)); break;
          // C locals of VERBATIM code: the block's NMODL statements may use them too.
          case 'Verbatim': for (const n of declaredCLocals(s.text)) sc.add(n); break;
          default: break;
        }
      }
    };
    // KINETIC blocks may use f_flux and b_flux.
    if (b.kind === 'KINETIC') { scope.add('f_flux'); scope.add('b_flux'); }
    stmts(b.body, scope);
  }
}
