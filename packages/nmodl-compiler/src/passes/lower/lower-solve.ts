/**
 * Lowering: turns `SOLVE block METHOD m` into statements that advance the states by one dt.
 * - cnexp: each ODE linear in its state, x' = a*x + b, becomes NEURON's exact update
 *   x = x + (1 - exp(dt*a)) * (-b/a - x) (x = x + dt*b when a is 0).
 * - euler: derivatives first, then x = x + dt*x'.
 * - derivimplicit, and KINETIC with sparse: an implicit system solved by Newton iteration.
 * @module
 */
import type {
  BinaryOp, CodeBlock, Expr, NameRef, NumberLit, SolveStmt, SourceRange, Stmt,
} from '../../ast/nodes.js';
import { printExpr } from '../../ast/print.js';
import { DiagnosticCode, type Session } from '../../diagnostics.js';
import { nearest } from '../../suggest.js';
import { foldExpr } from '../transform/fold-constants.js';
import type { ImplicitSystem, SolveInfo } from '../../ir/mechanism-info.js';

/** Name of the scratch derivative array in lowered code. */
export const DERIV_ARRAY = '__D';
/** Scratch arrays of lowered code: the states at the start of the step, and a sum of slopes. */
export const START_ARRAY = '__X0';
export const SLOPES_ARRAY = '__K';

const num = (value: number, location: SourceRange): NumberLit => ({ type: 'Number', value, text: String(value), unit: null, location });
const nm = (name: string, location: SourceRange): NameRef => ({ type: 'Name', name, location });
const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({
  type: 'Binary', op, left, right,
  location: { start: left.location.start, end: right.location.end, ...(left.location.file !== undefined ? { file: left.location.file } : {}) },
});
const isZero = (e: Expr | 0): e is 0 => e === 0;

function dependsOn(e: Expr, x: string): boolean {
  switch (e.type) {
    case 'Number': case 'String': return false;
    case 'Name': return e.name === x;
    case 'Indexed': return e.name === x || dependsOn(e.index, x);
    case 'Prime': return false;
    case 'Unary': return dependsOn(e.arg, x);
    case 'Binary': return dependsOn(e.left, x) || dependsOn(e.right, x);
    case 'Call': return e.args.some((a) => dependsOn(a, x));
  }
}

/** Splits e into a*x + b; `0` stands for an absent term. Null when e is not linear in x. */
export function linearize(e: Expr, x: string): { a: Expr | 0; b: Expr | 0 } | null {
  if (!dependsOn(e, x)) return { a: 0, b: e };
  switch (e.type) {
    case 'Name': return { a: num(1, e.location), b: 0 };
    case 'Unary': {
      if (e.op !== '-') return null;
      const r = linearize(e.arg, x);
      if (!r) return null;
      const neg = (t: Expr | 0): Expr | 0 => (isZero(t) ? 0 : t.type === 'Number' ? num(-t.value, t.location) : { type: 'Unary', op: '-', arg: t, location: t.location });
      return { a: neg(r.a), b: neg(r.b) };
    }
    case 'Binary': {
      const l = linearize(e.left, x);
      const r = linearize(e.right, x);
      if (!l || !r) return null;
      const add = (p: Expr | 0, q: Expr | 0, op: '+' | '-'): Expr | 0 => {
        if (isZero(q)) return p;
        if (isZero(p)) return op === '+' ? q : q.type === 'Number' ? num(-q.value, q.location) : { type: 'Unary', op: '-', arg: q, location: q.location };
        return bin(op, p, q);
      };
      const mul = (p: Expr | 0, q: Expr | 0, op: '*' | '/'): Expr | 0 => (isZero(p) || (op === '*' && isZero(q)) ? 0 : bin(op, p, q as Expr));
      if (e.op === '+' || e.op === '-') return { a: add(l.a, r.a, e.op), b: add(l.b, r.b, e.op) };
      if (e.op === '*') {
        if (isZero(l.a)) return { a: mul(l.b, r.a, '*'), b: mul(l.b, r.b, '*') };
        if (isZero(r.a)) return { a: mul(l.a, r.b, '*'), b: mul(l.b, r.b, '*') };
        return null;
      }
      if (e.op === '/') {
        if (!isZero(r.a) || isZero(r.b)) return null;
        return { a: mul(l.a, r.b, '/'), b: mul(l.b, r.b, '/') };
      }
      return null;
    }
    default: return null;
  }
}

function sameIndex(a: Expr | null, b: Expr | null): boolean {
  if (a === null || b === null) return a === b;
  return printExpr(a) === printExpr(b);
}

function substitute(e: Expr, name: string, value: number): Expr {
  switch (e.type) {
    case 'Name': return e.name === name ? num(value, e.location) : e;
    case 'Indexed': return { ...e, index: foldExpr(substitute(e.index, name, value)) };
    case 'Unary': return { ...e, arg: substitute(e.arg, name, value) };
    case 'Binary': return { ...e, left: substitute(e.left, name, value), right: substitute(e.right, name, value) };
    case 'Call': return { ...e, args: e.args.map((a) => substitute(a, name, value)) };
    default: return e;
  }
}

function substituteStmt(s: Stmt, name: string, value: number): Stmt {
  const sub = (e: Expr): Expr => foldExpr(substitute(e, name, value));
  switch (s.type) {
    case 'Assign': return { ...s, target: sub(s.target) as typeof s.target, value: sub(s.value) };
    case 'ExprStmt': return { ...s, expr: sub(s.expr) };
    case 'If': return { ...s, cond: sub(s.cond), then: s.then.map((x) => substituteStmt(x, name, value)), otherwise: s.otherwise ? s.otherwise.map((x) => substituteStmt(x, name, value)) : null };
    case 'BlockStmt': return { ...s, body: s.body.map((x) => substituteStmt(x, name, value)) };
    case 'For': return { ...s, from: sub(s.from), to: sub(s.to), by: s.by ? sub(s.by) : null, body: s.variable === name ? s.body : s.body.map((x) => substituteStmt(x, name, value)) };
    case 'Reaction': return { ...s, left: s.left.map((t) => ({ ...t, index: t.index ? sub(t.index) : null })), right: s.right.map((t) => ({ ...t, index: t.index ? sub(t.index) : null })), rates: s.rates.map(sub) };
    case 'Conserve': return { ...s, left: sub(s.left), right: sub(s.right) };
    case 'Compartment': return { ...s, volume: sub(s.volume) };
    default: return s;
  }
}

function constantValue(e: Expr, constants: ReadonlyMap<string, number>): number | null {
  const folded = foldExpr(replaceConstants(e, constants));
  return folded.type === 'Number' ? folded.value : null;
}

function replaceConstants(e: Expr, constants: ReadonlyMap<string, number>): Expr {
  switch (e.type) {
    case 'Name': { const v = constants.get(e.name); return v === undefined ? e : num(v, e.location); }
    case 'Unary': return { ...e, arg: replaceConstants(e.arg, constants) };
    case 'Binary': return { ...e, left: replaceConstants(e.left, constants), right: replaceConstants(e.right, constants) };
    default: return e;
  }
}

/** Unrolls `FROM i = a TO b` loops with constant bounds (KINETIC schemes over array states) and
 * expands `COMPARTMENT i, vol {x}` over the elements of x. */
function unroll(stmts: readonly Stmt[], ctx: LowerContext, session: Session): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if (s.type === 'For') {
      const from = constantValue(s.from, ctx.constants);
      const to = constantValue(s.to, ctx.constants);
      const by = s.by ? constantValue(s.by, ctx.constants) : 1;
      if (from === null || to === null || by === null || by <= 0 || (to - from) / by > 10000) {
        session.error(DiagnosticCode.Unsupported, 'a FROM loop in a KINETIC block needs constant bounds (numbers, DEFINEs or CONSTANTs)', s.location);
        continue;
      }
      for (let i = from; i <= to; i += by) out.push(...unroll(s.body.map((x) => substituteStmt(x, s.variable, i)), ctx, session));
    } else if (s.type === 'Compartment' && s.index !== null && s.keyword === 'COMPARTMENT') {
      const index = s.index;
      for (const n of s.names) {
        const len = ctx.states.get(n.name) ?? 1;
        for (let j = 0; j < len; j++) {
          out.push({ ...s, index: null, volume: foldExpr(substitute(s.volume, index, j)), names: [{ ...n, name: `${n.name}[${j}]` }] });
        }
      }
    } else if (s.type === 'If') {
      out.push({ ...s, then: unroll(s.then, ctx, session), otherwise: s.otherwise ? unroll(s.otherwise, ctx, session) : null });
    } else if (s.type === 'BlockStmt') {
      out.push({ ...s, body: unroll(s.body, ctx, session) });
    } else {
      out.push(s);
    }
  }
  return out;
}

/** What lowering needs to know about the mechanism. */
export interface LowerContext {
  /** STATE names and their lengths (1 for scalars). */
  readonly states: ReadonlyMap<string, number>;
  /** Named constants (DEFINE, CONSTANT, UNITS factors) for loop bounds. */
  readonly constants: ReadonlyMap<string, number>;
}

/**
 * d e / d x, symbolically, with nocmodl's rules (product rule without simplification when both
 * factors depend on x). Null when e holds something we do not differentiate.
 */
export function differentiate(e: Expr, x: string): Expr | 0 | null {
  if (!dependsOn(e, x)) return 0;
  const at = e.location;
  const neg = (t: Expr): Expr => ({ type: 'Unary', op: '-', arg: t, location: t.location });
  switch (e.type) {
    case 'Name': return num(1, at);
    case 'Unary': {
      if (e.op !== '-') return null;
      const d = differentiate(e.arg, x);
      return d === null || d === 0 ? d : neg(d);
    }
    case 'Binary': {
      const du = differentiate(e.left, x);
      const dv = differentiate(e.right, x);
      if (du === null || dv === null) return null;
      switch (e.op) {
        case '+': return du === 0 ? dv : dv === 0 ? du : bin('+', du, dv);
        case '-': return dv === 0 ? du : du === 0 ? neg(dv) : bin('-', du, dv);
        case '*':
          if (dv === 0) return bin('*', du as Expr, e.right);
          if (du === 0) return bin('*', e.left, dv);
          return bin('+', bin('*', du, e.right), bin('*', e.left, dv));
        case '/':
          if (dv === 0) return bin('/', du as Expr, e.right);
          return bin('/', bin('-', du === 0 ? num(0, at) : bin('*', du, e.right), bin('*', e.left, dv)), bin('*', e.right, e.right));
        case '^':
          if (dv !== 0) return null;
          return bin('*', bin('*', e.right, bin('^', e.left, bin('-', e.right, num(1, at)))), du as Expr);
        default: return null;
      }
    }
    case 'Call': {
      if (e.args.length !== 1) return null;
      const u = e.args[0]!;
      const du = differentiate(u, x);
      if (du === null || du === 0) return du;
      switch (e.name) {
        case 'exp': return bin('*', e, du);
        case 'log': return bin('/', du, u);
        case 'sqrt': return bin('/', du, bin('*', num(2, at), e));
        default: return null;
      }
    }
    default: return null;
  }
}

/** The lowered states of a system: ODE targets or KINETIC states, in order of appearance. A
 * reaction term that is not a STATE (e.g. a PARAMETER pool) is a constant, as in NEURON. */
function collectStates(block: CodeBlock, isState: (name: string) => boolean): { name: string; index: Expr | null }[] {
  const out: { name: string; index: Expr | null }[] = [];
  const add = (name: string, index: Expr | null): void => {
    if (!isState(name)) return;
    if (!out.some((s) => s.name === name && sameIndex(s.index, index))) out.push({ name, index });
  };
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.type === 'Assign' && s.target.type === 'Prime') add(s.target.name, null);
      else if (s.type === 'Reaction') for (const t of [...s.left, ...s.right]) add(t.name, t.index);
      else if (s.type === 'If') { visit(s.then); if (s.otherwise) visit(s.otherwise); }
      else if (s.type === 'BlockStmt' || s.type === 'For' || s.type === 'While') visit(s.body);
    }
  };
  visit(block.body);
  return out;
}

function stateRef(s: { name: string; index: Expr | null }, at: SourceRange): Expr {
  return s.index ? { type: 'Indexed', name: s.name, index: s.index, location: at } : nm(s.name, at);
}

function derivRef(i: number, at: SourceRange): Expr {
  return { type: 'Indexed', name: DERIV_ARRAY, index: num(i, at), location: at };
}

/** Rewrites a DERIVATIVE/KINETIC body so that it sets __D[i] to each state's derivative. */
function derivativeStatements(block: CodeBlock, states: { name: string; index: Expr | null }[], session: Session):
  { derivs: Stmt[]; conserved: boolean[] } {
  const conserved = states.map(() => false);
  const key = (name: string, index: Expr | null): number => states.findIndex((s) => s.name === name && sameIndex(s.index, index));
  const volumes = new Map<number, Expr>();
  const setD = (i: number, value: Expr, at: SourceRange): Stmt => ({ type: 'Assign', target: derivRef(i, at) as never, value, location: at });
  const usesFlux = /"name":"[fb]_flux"/.test(JSON.stringify(block.body));
  const zeroes: Stmt[] = states.map((_, i) => setD(i, num(0, block.location), block.location));
  if (usesFlux) {
    zeroes.unshift({ type: 'Local', names: [{ name: 'f_flux', length: null, location: block.location }, { name: 'b_flux', length: null, location: block.location }], location: block.location });
  }
  const rewrite = (stmts: readonly Stmt[]): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of stmts) {
      if (s.type === 'Assign' && s.target.type === 'Prime') {
        if (s.target.order !== 1) {
          session.error(DiagnosticCode.Unsupported, 'higher-order derivatives are not supported yet: write them as first-order equations', s.location);
          continue;
        }
        const i = key(s.target.name, null);
        if (i < 0) {
          session.error(DiagnosticCode.Semantic, `\`${s.target.name}'\`: ${s.target.name} is not a STATE; declare it in STATE`, s.location);
          continue;
        }
        out.push(setD(i, s.value, s.location));
      } else if (s.type === 'Reaction') {
        const at = s.location;
        const product = (terms: typeof s.left): Expr | null => {
          let e: Expr | null = null;
          for (const t of terms) for (let c = 0; c < t.coef; c++) e = e ? bin('*', e, stateRef(t, at)) : stateRef(t, at);
          return e;
        };
        if (s.op === '<<') {
          const t = s.left[0]!;
          const i = key(t.name, t.index);
          if (usesFlux) {
            out.push({ type: 'Assign', target: nm('f_flux', at), value: s.rates[0]!, location: at });
            out.push({ type: 'Assign', target: nm('b_flux', at), value: num(0, at), location: at });
          }
          if (i < 0) {
            session.error(DiagnosticCode.Semantic, `\`${t.name}\` is not a STATE: a flux \`~ x << (f)\` needs a state`, t.location);
            continue;
          }
          out.push(setD(i, bin('+', derivRef(i, at), s.rates[0]!), at));
          continue;
        }
        const lp = product(s.left);
        const rp = product(s.right);
        let flux: Expr = bin('*', s.rates[0]!, lp!);
        if (s.op === '<->' && s.rates.length < 2) {
          session.error(DiagnosticCode.Semantic, 'a reversible reaction needs two rates: expected `(kf, kb)`', at);
          continue;
        }
        const back: Expr | null = s.op === '<->' ? (rp ? bin('*', s.rates[1]!, rp) : s.rates[1]!) : null;
        if (usesFlux) {
          // f_flux and b_flux: the forward and backward fluxes of the latest reaction.
          out.push({ type: 'Assign', target: nm('f_flux', at), value: flux, location: at });
          out.push({ type: 'Assign', target: nm('b_flux', at), value: back ?? num(0, at), location: at });
        }
        if (back) flux = bin('-', flux, back);
        for (const t of s.left) {
          const i = key(t.name, t.index);
          if (i < 0) continue;
          const f = t.coef === 1 ? flux : bin('*', num(t.coef, at), flux);
          out.push(setD(i, bin('-', derivRef(i, at), f), at));
        }
        for (const t of s.right) {
          const i = key(t.name, t.index);
          if (i < 0) continue;
          const f = t.coef === 1 ? flux : bin('*', num(t.coef, at), flux);
          out.push(setD(i, bin('+', derivRef(i, at), f), at));
        }
      } else if (s.type === 'Conserve') {
        // NEURON replaces the equation of the last state named in the sum.
        let last = -1;
        const find = (e: Expr): void => {
          if (e.type === 'Name') { const i = key(e.name, null); if (i >= 0) last = i; }
          else if (e.type === 'Indexed') { const i = key(e.name, e.index); if (i >= 0) last = i; }
          else if (e.type === 'Binary') { find(e.left); find(e.right); }
          else if (e.type === 'Unary') find(e.arg);
        };
        find(s.left);
        if (last < 0) {
          session.error(DiagnosticCode.Semantic, 'CONSERVE names no state of this block', s.location);
          continue;
        }
        conserved[last] = true;
        // In amounts, as NEURON has it: each state's term times its COMPARTMENT volume.
        out.push(setD(last, bin('-', inAmounts(s.left), s.right), s.location));
      } else if (s.type === 'Compartment') {
        // (COMPARTMENT: read before, see compartments. LONGITUDINAL_DIFFUSION: core's, after the
        // states are advanced, as NEURON's fixed step: see MechanismInfo.diffusion.)
        continue;
      } else if (s.type === 'If') {
        out.push({ ...s, then: rewrite(s.then), otherwise: s.otherwise ? rewrite(s.otherwise) : null });
      } else if (s.type === 'BlockStmt') {
        out.push({ ...s, body: rewrite(s.body) });
      } else if (s.type === 'Equation' || (s.type === 'KeywordStmt' && s.keyword !== 'PROTECT')) {
        session.error(DiagnosticCode.Unsupported, `${s.type === 'Equation' ? '`~` equations (LINEAR/NONLINEAR)' : s.keyword} are not supported yet`, s.location);
      } else {
        out.push(s);
      }
    }
    return out;
  };
  // The COMPARTMENT volumes first (a CONSERVE may come before them).
  const compartments = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.type === 'Compartment' && s.keyword === 'COMPARTMENT') {
        for (const n of s.names) {
          const m = /^(.*)\[([0-9]+)\]$/.exec(n.name);
          states.forEach((st, i) => {
            if (m ? st.name === m[1] && st.index !== null && printExpr(st.index) === m[2] : st.name === n.name) volumes.set(i, s.volume);
          });
        }
      } else if (s.type === 'If') { compartments(s.then); if (s.otherwise) compartments(s.otherwise); }
      else if (s.type === 'BlockStmt') compartments(s.body);
    }
  };
  compartments(block.body);
  const inAmounts = (e: Expr): Expr => {
    if (e.type === 'Name' || e.type === 'Indexed') {
      const i = key(e.name, e.type === 'Indexed' ? e.index : null);
      const vol = i >= 0 ? volumes.get(i) : undefined;
      return vol ? bin('*', vol, e) : e;
    }
    if (e.type === 'Binary') return { ...e, left: inAmounts(e.left), right: inAmounts(e.right) };
    if (e.type === 'Unary') return { ...e, arg: inAmounts(e.arg) };
    return e;
  };
  const body = rewrite(block.body);
  const scale: Stmt[] = [];
  for (const [i, vol] of volumes) {
    if (conserved[i]) continue;
    scale.push(setD(i, bin('/', derivRef(i, vol.location), vol), vol.location));
  }
  return { derivs: [...zeroes, ...body, ...scale], conserved };
}

/** a*x + b for cnexp: exact when the right-hand side is linear in x; otherwise nocmodl's
 * linearisation, a = df/dx (which may involve x) and b = f with x = 0. */
function linearOrLinearised(f: Expr, x: string): { a: Expr | 0; b: Expr | 0; nonlinear: boolean } | null {
  const lin = linearize(f, x);
  if (lin) return { ...lin, nonlinear: false };
  const a = differentiate(f, x);
  if (a === null) return null;
  const b = foldExpr(substituteName(f, x, 0));
  return { a, b: b.type === 'Number' && b.value === 0 ? 0 : b, nonlinear: true };
}

function substituteName(e: Expr, name: string, value: number): Expr {
  return substitute(e, name, value);
}

function cnexp(block: CodeBlock, stateNames: ReadonlySet<string>, session: Session): Stmt[] | null {
  const out: Stmt[] = [];
  let ok = true;
  const rewrite = (stmts: readonly Stmt[]): Stmt[] => stmts.map((s) => {
    if (s.type === 'Assign' && s.target.type === 'Prime') {
      const x = s.target.name;
      const at = s.location;
      if (!stateNames.has(x)) {
        ok = false;
        session.error(DiagnosticCode.Semantic, `\`${x}'\`: ${x} is not a STATE; declare it in STATE`, s.location);
        return s;
      }
      const lin = linearOrLinearised(s.value, x);
      if (!lin) {
        ok = false;
        session.error(DiagnosticCode.Semantic, `\`${x}' = ...\` is not of a form METHOD cnexp can integrate (it needs d/d${x} of the right-hand side): use METHOD derivimplicit`, s.location);
        return s;
      }
      const xr = nm(x, at);
      let value: Expr;
      if (lin.nonlinear) {
        session.warning(DiagnosticCode.Semantic, `\`${x}' = ...\` is not linear in ${x}: cnexp integrates it as NEURON does, linearised each step (x' ~ (df/dx) x + f(0)); METHOD derivimplicit is more accurate`, s.location);
      }
      if (isZero(lin.a)) {
        value = bin('+', xr, bin('*', nm('dt', at), isZero(lin.b) ? num(0, at) : lin.b));
      } else {
        const b = isZero(lin.b) ? num(0, at) : lin.b;
        // x + (1 - exp(dt*a)) * (-b/a - x), as nocmodl writes it.
        const decay = bin('-', num(1, at), { type: 'Call', name: 'exp', args: [bin('*', nm('dt', at), lin.a)], location: at });
        const target = bin('-', bin('/', { type: 'Unary', op: '-', arg: b, location: at }, lin.a), xr);
        value = bin('+', xr, bin('*', decay, target));
      }
      return { type: 'Assign', target: xr, value, location: at } satisfies Stmt;
    }
    if (s.type === 'If') return { ...s, then: rewrite(s.then), otherwise: s.otherwise ? rewrite(s.otherwise) : null };
    if (s.type === 'BlockStmt') return { ...s, body: rewrite(s.body) };
    return s;
  });
  out.push(...rewrite(block.body));
  return ok ? out : null;
}

/** Classic fourth-order Runge-Kutta (METHOD runge) on the derivative statements. */
function rungeKutta(states: readonly { name: string; index: Expr | null }[], derivs: readonly Stmt[], at: SourceRange): Stmt[] {
  const arr = (name: string, i: number): Expr => ({ type: 'Indexed', name, index: num(i, at), location: at });
  const set = (target: Expr, value: Expr): Stmt => ({ type: 'Assign', target: target as never, value, location: at });
  const evalD: Stmt = { type: 'BlockStmt', body: derivs, location: at };
  const half = bin('/', nm('dt', at), num(2, at));
  const out: Stmt[] = states.map((st, i) => set(arr(START_ARRAY, i), stateRef(st, at)));
  // k1
  out.push(evalD);
  states.forEach((st, i) => { out.push(set(arr(SLOPES_ARRAY, i), derivRef(i, at))); out.push(set(stateRef(st, at), bin('+', arr(START_ARRAY, i), bin('*', half, derivRef(i, at))))); });
  // k2
  out.push(evalD);
  states.forEach((st, i) => { out.push(set(arr(SLOPES_ARRAY, i), bin('+', arr(SLOPES_ARRAY, i), bin('*', num(2, at), derivRef(i, at))))); out.push(set(stateRef(st, at), bin('+', arr(START_ARRAY, i), bin('*', half, derivRef(i, at))))); });
  // k3
  out.push(evalD);
  states.forEach((st, i) => { out.push(set(arr(SLOPES_ARRAY, i), bin('+', arr(SLOPES_ARRAY, i), bin('*', num(2, at), derivRef(i, at))))); out.push(set(stateRef(st, at), bin('+', arr(START_ARRAY, i), bin('*', nm('dt', at), derivRef(i, at))))); });
  // k4
  out.push(evalD);
  states.forEach((st, i) => out.push(set(stateRef(st, at), bin('+', arr(START_ARRAY, i), bin('*', bin('/', nm('dt', at), num(6, at)), bin('+', arr(SLOPES_ARRAY, i), derivRef(i, at)))))));
  return out;
}

/** LINEAR and NONLINEAR blocks: the `~ lhs = rhs` equations are solved (Newton) for the STATEs
 * they mention, in order of first appearance; there must be as many equations as states. */
function algebraic(s: SolveStmt, block: CodeBlock, stateNames: ReadonlySet<string>, session: Session): SolveInfo | null {
  const states: { name: string; index: Expr | null }[] = [];
  const seen = (e: Expr): void => {
    if ((e.type === 'Name' || e.type === 'Indexed') && stateNames.has(e.name)) {
      const index = e.type === 'Indexed' ? e.index : null;
      if (!states.some((x) => x.name === e.name && sameIndex(x.index, index))) states.push({ name: e.name, index });
    }
    if (e.type === 'Unary') seen(e.arg);
    else if (e.type === 'Binary') { seen(e.left); seen(e.right); }
    else if (e.type === 'Call') e.args.forEach(seen);
  };
  let eq = 0;
  const rewrite = (stmts: readonly Stmt[]): Stmt[] => stmts.map((x): Stmt => {
    if (x.type === 'Equation') {
      seen(x.left);
      seen(x.right);
      const at = x.location;
      return { type: 'Assign', target: derivRef(eq++, at) as never, value: bin('-', x.left, x.right), location: at };
    }
    if (x.type === 'If') return { ...x, then: rewrite(x.then), otherwise: x.otherwise ? rewrite(x.otherwise) : null };
    if (x.type === 'BlockStmt') return { ...x, body: rewrite(x.body) };
    return x;
  });
  const derivs = rewrite(block.body);
  if (eq !== states.length || eq === 0) {
    session.error(DiagnosticCode.Semantic, `${block.kind} ${block.name}: ${eq} equation(s) for ${states.length} STATE(s) (${states.map((x) => x.name).join(', ')}); expected as many equations as states`, block.location);
    return null;
  }
  const implicit: ImplicitSystem = { states, pre: [], derivs, conserved: states.map(() => true), steady: false, algebraic: true };
  return { block: block.name ?? '', method: block.kind === 'LINEAR' ? 'simeq' : 'newton', body: [], implicit, location: s.location };
}

/** The methods neurite integrates a DERIVATIVE block with (and `adrunge`, as `runge`). */
const DERIVATIVE_METHODS = ['cnexp', 'derivimplicit', 'euler', 'runge', 'sparse'];

/** The methods neurite integrates a KINETIC block with (`sparse`; `derivimplicit` and `cnexp`
 * are taken as `sparse`). */
const KINETIC_METHODS = ['sparse', 'derivimplicit', 'cnexp'];

/** The methods NMODL has for each kind of block that SOLVE names, as NEURON's translators define
 * them (nocmodl's table, with the older ones of SCoP's library: adams, adeuler, heun, adrunge,
 * gear, clsoda, simplex, seidel); a PROCEDURE takes the CVODE ones. */
const NMODL_METHODS: Readonly<Record<string, readonly string[]>> = {
  DERIVATIVE: ['cnexp', 'derivimplicit', 'euler', 'runge', 'adrunge', 'adams', 'adeuler', 'heun', 'gear', 'clsoda'],
  KINETIC: ['sparse', 'euler', 'runge', 'adrunge', 'adams', 'adeuler', 'heun', 'gear', 'clsoda', '_advance'],
  LINEAR: ['simeq', 'seidel'],
  NONLINEAR: ['newton', 'simplex'],
  PROCEDURE: ['after_cvode', 'cvode_t', 'cvode_t_v'],
};

/** Every name NMODL knows as a method. */
const ALL_NMODL_METHODS = new Set(Object.values(NMODL_METHODS).flat());

/** The methods that solve LINEAR or NONLINEAR blocks (NEURON: "can't be used with" a DERIVATIVE or
 * KINETIC block). */
const ALGEBRAIC_METHODS: Readonly<Record<string, string>> = { simeq: 'LINEAR', seidel: 'LINEAR', newton: 'NONLINEAR', simplex: 'NONLINEAR' };

/** `a, b, c or d` */
const orList = (names: readonly string[]): string => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`);

/** The methods neurite takes for a block of this kind (`steady`: after STEADYSTATE). */
function methodsFor(kind: string, steady: boolean): readonly string[] {
  if (steady) return ['sparse', 'derivimplicit'];
  if (kind === 'DERIVATIVE') return DERIVATIVE_METHODS;
  if (kind === 'KINETIC') return ['sparse'];
  return NMODL_METHODS[kind] ?? [];
}

/**
 * Reports a METHOD (or STEADYSTATE method) that is no method of NMODL at all (a misspelling, most
 * likely) as an unknown name, with the closest method and the methods for the block; returns
 * whether it did.
 */
function unknownMethod(s: SolveStmt, kind: string, session: Session): boolean {
  const name = s.method ?? s.steadystate;
  if (name === null || ALL_NMODL_METHODS.has(name) || NMODL_METHODS[kind] === undefined) return false;
  const steady = s.steadystate !== null;
  const here = methodsFor(kind, steady);
  const closest = nearest(name, [...here, ...NMODL_METHODS[kind]!, ...ALL_NMODL_METHODS]);
  const what = steady ? 'STEADYSTATE method' : 'METHOD';
  const methods = steady ? 'NMODL\'s STEADYSTATE methods here' : `NMODL's methods for a ${kind} block here`;
  session.error(DiagnosticCode.Undefined, `unknown ${what} \`${name}\`: ${closest !== undefined ? `did you mean ${closest}? ` : ''}${methods}: ${here.join(', ')}`, s.location);
  return true;
}

/**
 * Lowers one SOLVE statement.
 * @example
 * ```ts
 * const info = lowerSolve(solveStmt, derivativeBlock, { states, constants }, session, false);
 * ```
 */
export function lowerSolve(s: SolveStmt, original: CodeBlock, ctx: LowerContext, session: Session, inlineSolve: boolean): SolveInfo | null {
  const stateNames = new Set(ctx.states.keys());
  const block: CodeBlock = original.kind === 'KINETIC' ? { ...original, body: unroll(original.body, ctx, session) } : original;
  const method = s.method ?? s.steadystate ?? (block.kind === 'KINETIC' ? 'sparse' : block.kind === 'PROCEDURE' ? 'procedure' : 'derivimplicit');
  const steady = s.steadystate !== null;
  if (unknownMethod(s, block.kind, session)) return null;
  if (steady && !inlineSolve) {
    session.error(DiagnosticCode.Semantic, 'SOLVE ... STEADYSTATE in BREAKPOINT would hold the states at steady state: put it in INITIAL (or a FUNCTION or PROCEDURE called from there)', s.location);
    return null;
  }
  if (block.kind === 'PROCEDURE') {
    const call: Stmt = { type: 'ExprStmt', expr: { type: 'Call', name: block.name ?? '', args: [], location: s.location }, location: s.location };
    return { block: block.name ?? '', method: 'procedure', body: [call], implicit: null, location: s.location };
  }
  if (block.kind === 'LINEAR' || block.kind === 'NONLINEAR') return algebraic(s, block, stateNames, session);
  if (block.kind !== 'DERIVATIVE' && block.kind !== 'KINETIC') {
    session.error(DiagnosticCode.Semantic, `SOLVE expects a DERIVATIVE, KINETIC or PROCEDURE block; \`${block.name}\` is ${block.kind}`, s.location);
    return null;
  }
  if (s.ifError) session.warning(DiagnosticCode.Unsupported, 'IFERROR ignored', s.location);
  if (block.kind === 'DERIVATIVE' && method === 'cnexp' && !steady) {
    const body = cnexp(block, stateNames, session);
    return body ? { block: block.name ?? '', method, body, implicit: null, location: s.location } : null;
  }
  const states = collectStates(block, (n) => stateNames.has(n));
  if (block.kind === 'KINETIC' && !KINETIC_METHODS.includes(method)) {
    const algebraic = ALGEBRAIC_METHODS[method];
    if (algebraic !== undefined) session.error(DiagnosticCode.Semantic, `METHOD ${method} solves ${algebraic} blocks, not KINETIC blocks: use sparse`, s.location);
    else session.error(DiagnosticCode.Unsupported, `METHOD ${method} for KINETIC is not supported yet: use sparse`, s.location);
    return null;
  }
  const { derivs, conserved } = derivativeStatements(block, states, session);
  if (method === 'euler' && !steady) {
    const at = s.location;
    const update = (h: Expr): Stmt[] => states.map((st, i) => ({ type: 'Assign', target: stateRef(st, at) as never, value: bin('+', stateRef(st, at), bin('*', h, derivRef(i, at))), location: at }));
    // With secondorder 1 or 2, NEURON's code adds the step a second time: in BREAKPOINT with dt
    // halved for the solve (a step of dt in two halves of the same derivative), elsewhere as is.
    const h = inlineSolve ? nm('dt', at) : bin('*', nm('dt', at), num(0.5, at));
    const twice: Stmt = { type: 'If', cond: bin('!=', nm('secondorder', at), num(0, at)), then: [...update(h), ...update(h)], otherwise: update(nm('dt', at)), location: at };
    return { block: block.name ?? '', method, body: [...derivs, twice], implicit: null, location: s.location };
  }
  if (![...DERIVATIVE_METHODS, 'adrunge'].includes(method)) {
    const algebraic = ALGEBRAIC_METHODS[method];
    if (algebraic !== undefined) session.error(DiagnosticCode.Semantic, `METHOD ${method} solves ${algebraic} blocks, not ${block.kind} blocks: use ${orList(DERIVATIVE_METHODS)}`, s.location);
    else session.error(DiagnosticCode.Unsupported, `METHOD ${method} is not supported yet: use ${orList(DERIVATIVE_METHODS)}`, s.location);
    return null;
  }
  if ((method === 'runge' || method === 'adrunge') && !steady && block.kind === 'DERIVATIVE') {
    if (method === 'adrunge') session.warning(DiagnosticCode.Unsupported, 'METHOD adrunge is integrated with fixed-step runge (classic Runge-Kutta)', s.location);
    return { block: block.name ?? '', method, body: rungeKutta(states, derivs, s.location), implicit: null, location: s.location };
  }
  const implicit: ImplicitSystem = { states, pre: [], derivs, conserved, steady };
  return { block: block.name ?? '', method, body: [], implicit, location: s.location };
}
