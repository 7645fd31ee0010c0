/**
 * VERBATIM C: the part of C that published `.mod` files write between VERBATIM and ENDVERBATIM,
 * translated to JavaScript.
 *
 * A block's statements are taken together: its VERBATIM texts, with each NMODL statement between
 * them standing as one C statement, are one piece of C, so that C braces may open in one VERBATIM
 * and close in a later one around NMODL code (NEURON's own idiom: `VERBATIM if (_p_x) { ...
 * } else { ENDVERBATIM erand = exprand(1) VERBATIM } ENDVERBATIM`). What is taken:
 *
 * - the preprocessor: `#define` (objects and functions), `#undef`, `#if`/`#ifdef`/`#ifndef`/
 *   `#elif`/`#else`/`#endif` (NEURON 8.2.2's macros: `NRN_VERSION_GTEQ_8_2_0` is defined,
 *   `NRNBBCORE` is not), `#include` (ignored);
 * - statements: blocks, `if`/`else`, `while`, `do`, `for`, `break`, `continue`, `return`,
 *   declarations of numbers (`double x, y = 1;`, `int i;`) and of pointers to a POINTER's slot
 *   (`void** pv = (void**)(&_p_rng);`), expressions;
 * - expressions: C's operators on numbers (integer division and `int` conversion as C does them),
 *   casts, calls of C's math functions, of the file's FUNCTIONs and PROCEDUREs, and of NEURON's
 *   C functions for script arguments and Random objects (`ifarg`, `*getarg`, `nrn_random_arg`,
 *   `nrn_random_pick`, `hoc_execerror`); `printf`/`fprintf` are dropped.
 *
 * Names are C's names in NEURON's generated code: `_l<name>` for LOCALs, arguments and a
 * FUNCTION's value, the mechanism's variables by name, `_p_<name>` for a POINTER's slot, `t` and
 * `dt`. Anything else (arrays, structures, NEURON's vectors, files) is reported, with the name
 * of what is not taken.
 * @module
 */

/** A construct of VERBATIM C that is not translated; `at` is the character offset in its text. */
export class CError extends Error {
  constructor(message: string, readonly segment: number, readonly at: number) {
    super(message);
  }
}

/** Marks an NMODL statement in the merged text of a block: MARK, its index, MARK. */
export const STMT_MARK = '\u0001';

interface Tok {
  /** Identifier, number, string, character, punctuator, NMODL statement, directive. */
  readonly k: 'id' | 'num' | 'str' | 'chr' | 'p' | 'stmt' | 'dir';
  readonly v: string;
  /** Numbers: C integer constant. */
  readonly int?: boolean;
  /** NMODL statements: their index. */
  readonly n?: number;
  /** Which VERBATIM (the index of its statement in the block) and where in its text. */
  readonly seg: number;
  readonly at: number;
}

const PUNCT3 = new Set(['<<=', '>>=', '...']);
const PUNCT2 = new Set(['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##']);
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[uUlLfF]*/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits C text into tokens; a line starting with `#` is one directive token. */
function tokenize(text: string, seg: number, out: Tok[]): void {
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') { lineStart = true; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    const at = i;
    if (c === '#' && lineStart) {
      let s = '';
      let j = i + 1;
      while (j < n && text[j] !== '\n') {
        if (text[j] === '\\' && text[j + 1] === '\n') { s += ' '; j += 2; continue; }
        if (text[j] === '/' && text[j + 1] === '*') { const e = text.indexOf('*/', j + 2); j = e < 0 ? n : e + 2; s += ' '; continue; }
        if (text[j] === '/' && text[j + 1] === '/') { while (j < n && text[j] !== '\n') j++; break; }
        s += text[j];
        j++;
      }
      out.push({ k: 'dir', v: s.trim(), seg, at });
      i = j;
      continue;
    }
    lineStart = false;
    if (c === STMT_MARK) {
      const e = text.indexOf(STMT_MARK, i + 1);
      out.push({ k: 'stmt', v: '', n: Number(text.slice(i + 1, e)), seg, at });
      i = e + 1;
      continue;
    }
    IDENT.lastIndex = i;
    let m = IDENT.exec(text);
    if (m) { out.push({ k: 'id', v: m[0], seg, at }); i += m[0].length; continue; }
    NUMBER.lastIndex = i;
    m = (c >= '0' && c <= '9') || (c === '.' && text[i + 1]! >= '0' && text[i + 1]! <= '9') ? NUMBER.exec(text) : null;
    if (m) {
      const raw = m[0];
      const hex = /^0[xX]/.test(raw);
      const int = hex || (!/[.eE]/.test(raw) && !/[fF]$/.test(raw));
      const body = raw.replace(/[uUlLfF]+$/, '');
      out.push({ k: 'num', v: String(hex ? parseInt(body, 16) : /^0[0-7]+$/.test(body) ? parseInt(body, 8) : Number(body)), int, seg, at });
      i += raw.length;
      continue;
    }
    if (c === '"' || c === '\'') {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < n) { const e = text[j + 1]!; s += e === 'n' ? '\n' : e === 't' ? '\t' : e; j += 2; continue; }
        s += text[j];
        j++;
      }
      out.push({ k: c === '"' ? 'str' : 'chr', v: s, seg, at });
      i = j + 1;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const p = PUNCT3.has(three) ? three : PUNCT2.has(two) ? two : c;
    out.push({ k: 'p', v: p, seg, at });
    i += p.length;
  }
}

/** A `#define`d macro: its parameters (null for an object-like macro) and replacement. */
interface Macro {
  readonly params: readonly string[] | null;
  readonly body: readonly Tok[];
}

/**
 * The macros of a file's VERBATIM blocks, in the order the file defines them. NEURON 8.2.2's
 * generated C defines `NRN_VERSION_GTEQ_8_2_0` and the thread-argument macros; `NULL` is 0.
 */
export class CMacros {
  readonly map = new Map<string, Macro>();
  constructor() {
    const def = (name: string, body: string): void => {
      const toks: Tok[] = [];
      tokenize(body, -1, toks);
      this.map.set(name, { params: null, body: toks });
    };
    for (const v of ['8_2_0', '8_1_0', '8_0_0', '7_7_0']) def(`NRN_VERSION_GTEQ_${v}`, '1');
    def('NULL', '0');
    def('RAND_MAX', '2147483647');
    for (const t of ['_threadargs_', '_threadargscomma_', '_threadargsproto_', '_threadargsprotocomma_', '_internalthreadargs_', '_internalthreadargscomma_']) def(t, '');
  }
}

/** The tokens of C text after the preprocessor (directives applied, macros expanded). */
function preprocess(toks: readonly Tok[], macros: CMacros): Tok[] {
  const out: Tok[] = [];
  const stack: { active: boolean; taken: boolean; outer: boolean }[] = [];
  const active = (): boolean => stack.length === 0 || stack[stack.length - 1]!.active;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k !== 'dir') {
      if (active()) out.push(t);
      continue;
    }
    const m = /^([A-Za-z_]\w*)?\s*([\s\S]*)$/.exec(t.v)!;
    const d = m[1] ?? '';
    const rest = m[2] ?? '';
    const cond = (): boolean => evalIf(rest, macros, t);
    switch (d) {
      case 'if': case 'ifdef': case 'ifndef': {
        const outer = active();
        const name = rest.trim().split(/\s+/)[0] ?? '';
        const on = outer && (d === 'if' ? cond() : d === 'ifdef' ? macros.map.has(name) : !macros.map.has(name));
        stack.push({ active: on, taken: on, outer });
        break;
      }
      case 'elif': {
        const top = stack[stack.length - 1];
        if (!top) throw new CError('#elif without #if', t.seg, t.at);
        top.active = top.outer && !top.taken && cond();
        top.taken ||= top.active;
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top) throw new CError('#else without #if', t.seg, t.at);
        top.active = top.outer && !top.taken;
        top.taken = true;
        break;
      }
      case 'endif':
        if (!stack.pop()) throw new CError('#endif without #if', t.seg, t.at);
        break;
      case 'define': {
        if (!active()) break;
        const f = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
        if (!f) throw new CError(`#define ${rest}: not a macro definition`, t.seg, t.at);
        const body: Tok[] = [];
        tokenize(f[4] ?? '', t.seg, body);
        const params = f[2] !== undefined ? (f[3] ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '') : null;
        macros.map.set(f[1]!, { params, body: body.map((b) => ({ ...b, at: t.at })) });
        break;
      }
      case 'undef': if (active()) macros.map.delete(rest.trim()); break;
      case 'include': case 'pragma': case 'line': case '': break;
      case 'error': if (active()) throw new CError(`#error ${rest}`, t.seg, t.at); break;
      default: if (active()) throw new CError(`the directive #${d}`, t.seg, t.at);
    }
  }
  if (stack.length > 0) throw new CError('#if without #endif', toks[toks.length - 1]?.seg ?? 0, 0);
  return expand(out, macros, new Set());
}

/** Expands macros in `toks` (names in `hide` are being expanded and stay as they are). */
function expand(toks: readonly Tok[], macros: CMacros, hide: ReadonlySet<string>): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const mac = t.k === 'id' && !hide.has(t.v) ? macros.map.get(t.v) : undefined;
    if (!mac) { out.push(t); continue; }
    const inner = new Set(hide).add(t.v);
    const at = (b: Tok): Tok => ({ ...b, seg: t.seg, at: t.at });
    if (mac.params === null) { out.push(...expand(mac.body.map(at), macros, inner)); continue; }
    if (toks[i + 1]?.v !== '(') { out.push(t); continue; }
    // Arguments: split at top-level commas.
    const args: Tok[][] = [[]];
    let depth = 0;
    let j = i + 2;
    for (; j < toks.length; j++) {
      const a = toks[j]!;
      if (a.k === 'p' && (a.v === '(' || a.v === '[' || a.v === '{')) depth++;
      if (a.k === 'p' && (a.v === ')' || a.v === ']' || a.v === '}')) { if (depth === 0) break; depth--; }
      if (a.k === 'p' && a.v === ',' && depth === 0) { args.push([]); continue; }
      args[args.length - 1]!.push(a);
    }
    if (j >= toks.length) throw new CError(`the macro ${t.v}( has no closing parenthesis`, t.seg, t.at);
    const byName = new Map(mac.params.map((p, k) => [p, expand(args[k] ?? [], macros, hide)]));
    const body: Tok[] = [];
    for (const b of mac.body) {
      const arg = b.k === 'id' ? byName.get(b.v) : undefined;
      if (arg) body.push(...arg); else body.push(at(b));
    }
    out.push(...expand(body, macros, inner));
    i = j;
  }
  return out;
}

/** The value of an `#if` condition: `defined`, numbers, macros (undefined names are 0). */
function evalIf(text: string, macros: CMacros, at: Tok): boolean {
  const raw: Tok[] = [];
  tokenize(text, at.seg, raw);
  const toks: Tok[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    if (t.k === 'id' && t.v === 'defined') {
      const paren = raw[i + 1]?.v === '(';
      const name = raw[i + (paren ? 2 : 1)]?.v ?? '';
      toks.push({ k: 'num', v: macros.map.has(name) ? '1' : '0', int: true, seg: t.seg, at: t.at });
      i += paren ? 3 : 1;
      continue;
    }
    toks.push(t);
  }
  const expanded = expand(toks, macros, new Set()).map((t): Tok => (t.k === 'id' ? { ...t, k: 'num', v: '0', int: true } : t));
  const p = new Parser(expanded);
  const e = p.expr();
  if (!p.done()) throw new CError(`#if ${text}: not a condition`, at.seg, at.at);
  return constValue(e) !== 0;
}

function constValue(e: CExpr): number {
  switch (e.t) {
    case 'num': return e.v;
    case 'un': {
      const a = constValue(e.a);
      return e.op === '!' ? (a === 0 ? 1 : 0) : e.op === '-' ? -a : e.op === '~' ? ~a : a;
    }
    case 'bin': {
      const a = constValue(e.a);
      const b = constValue(e.b);
      switch (e.op) {
        case '&&': return a !== 0 && b !== 0 ? 1 : 0;
        case '||': return a !== 0 || b !== 0 ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? 0 : Math.trunc(a / b);
        case '%': return b === 0 ? 0 : a % b;
        default: return 0;
      }
    }
    case 'cond': return constValue(e.c) !== 0 ? constValue(e.a) : constValue(e.b);
    default: return 0;
  }
}

// ------------------------------------------------------------------------------ syntax ---

/** A C expression. */
type CExpr =
  | { readonly t: 'num'; readonly v: number; readonly int: boolean; readonly tok: Tok }
  | { readonly t: 'str'; readonly v: string; readonly tok: Tok }
  | { readonly t: 'id'; readonly v: string; readonly tok: Tok }
  | { readonly t: 'call'; readonly f: string; readonly args: readonly CExpr[]; readonly tok: Tok }
  | { readonly t: 'un'; readonly op: string; readonly a: CExpr; readonly tok: Tok }
  | { readonly t: 'post'; readonly op: string; readonly a: CExpr; readonly tok: Tok }
  | { readonly t: 'bin'; readonly op: string; readonly a: CExpr; readonly b: CExpr; readonly tok: Tok }
  | { readonly t: 'cond'; readonly c: CExpr; readonly a: CExpr; readonly b: CExpr; readonly tok: Tok }
  | { readonly t: 'asg'; readonly op: string; readonly a: CExpr; readonly b: CExpr; readonly tok: Tok }
  | { readonly t: 'cast'; readonly type: string; readonly ptr: number; readonly a: CExpr; readonly tok: Tok }
  | { readonly t: 'idx'; readonly a: CExpr; readonly i: CExpr; readonly tok: Tok }
  | { readonly t: 'other'; readonly what: string; readonly tok: Tok };

/** A declared variable: `*`s, name, initial value. */
interface CDeclarator { readonly name: string; readonly ptr: number; readonly init: CExpr | null; readonly tok: Tok }

/** A C statement; `nmodl` is an NMODL statement of the block. */
type CStmt =
  | { readonly t: 'block'; readonly body: readonly CStmt[] }
  | { readonly t: 'if'; readonly c: CExpr; readonly a: CStmt; readonly b: CStmt | null }
  | { readonly t: 'while'; readonly c: CExpr; readonly body: CStmt }
  | { readonly t: 'do'; readonly c: CExpr; readonly body: CStmt }
  | { readonly t: 'for'; readonly init: CStmt | null; readonly c: CExpr | null; readonly step: CExpr | null; readonly body: CStmt }
  | { readonly t: 'ret'; readonly v: CExpr | null; readonly tok: Tok }
  | { readonly t: 'jump'; readonly v: 'break' | 'continue' }
  | { readonly t: 'expr'; readonly e: CExpr }
  | { readonly t: 'decl'; readonly type: string; readonly isStatic: boolean; readonly vars: readonly CDeclarator[]; readonly tok: Tok }
  | { readonly t: 'nmodl'; readonly n: number }
  | { readonly t: 'switch'; readonly e: CExpr; readonly body: readonly CStmt[] }
  | { readonly t: 'case'; readonly v: CExpr | null }
  | { readonly t: 'empty' };

const TYPE_WORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'const', 'volatile', 'static', 'extern', 'register', 'auto']);
/** Type names of NEURON's headers and the C library that VERBATIM code declares variables of. */
const TYPE_NAMES = new Set(['size_t', 'uint32_t', 'int32_t', 'uint64_t', 'int64_t', 'Rand', 'Object', 'Symbol', 'FILE', 'nrnran123_State', 'Point_process', 'Datum', 'IvocVect', 'Vect', 'Section', 'Node', 'NrnThread', 'Prop', 'Memb_list']);
const INT_TYPES = new Set(['int', 'long', 'short', 'char', 'unsigned', 'signed', 'size_t', 'uint32_t', 'int32_t', 'uint64_t', 'int64_t']);

const BINARY: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

class Parser {
  private i = 0;
  constructor(private readonly toks: readonly Tok[]) {}

  done(): boolean { return this.i >= this.toks.length; }
  private peek(k = 0): Tok | undefined { return this.toks[this.i + k]; }
  private is(v: string, k = 0): boolean { const t = this.peek(k); return t !== undefined && (t.k === 'p' || t.k === 'id') && t.v === v; }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw this.ended('more');
    return t;
  }
  /** The C code ends where `what` was expected (located at its last token). */
  private ended(what: string): CError {
    const t = this.toks[this.toks.length - 1];
    return new CError(`the C code ends where ${what} was expected`, t?.seg ?? 0, t?.at ?? 0);
  }
  private expect(v: string): Tok {
    const t = this.next();
    if ((t.k !== 'p' && t.k !== 'id') || t.v !== v) throw new CError(`expected \`${v}\`, found ${show(t)}`, t.seg, t.at);
    return t;
  }

  /** Whether a declaration starts here: type words, or a type name followed by a name or `*`. */
  private atDecl(): boolean {
    const t = this.peek();
    if (t?.k !== 'id') return false;
    if (TYPE_WORDS.has(t.v)) return true;
    if (!TYPE_NAMES.has(t.v)) return false;
    const n = this.peek(1);
    return n !== undefined && (n.k === 'id' || (n.k === 'p' && n.v === '*'));
  }

  statements(): CStmt[] {
    const out: CStmt[] = [];
    while (!this.done()) out.push(this.statement());
    return out;
  }

  statement(): CStmt {
    const t = this.peek();
    if (!t) throw this.ended('a statement');
    if (t.k === 'stmt') { this.i++; return { t: 'nmodl', n: t.n! }; }
    if (t.k === 'p' && t.v === ';') { this.i++; return { t: 'empty' }; }
    if (t.k === 'p' && t.v === '{') {
      this.i++;
      const body: CStmt[] = [];
      while (!this.is('}')) {
        if (this.done()) throw new CError('`{` without its `}`', t.seg, t.at);
        body.push(this.statement());
      }
      this.i++;
      return { t: 'block', body };
    }
    if (t.k === 'id') {
      switch (t.v) {
        case 'if': {
          this.i++;
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          const a = this.statement();
          let b: CStmt | null = null;
          if (this.is('else')) { this.i++; b = this.statement(); }
          return { t: 'if', c, a, b };
        }
        case 'while': {
          this.i++;
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          return { t: 'while', c, body: this.statement() };
        }
        case 'do': {
          this.i++;
          const body = this.statement();
          this.expect('while');
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          this.expect(';');
          return { t: 'do', c, body };
        }
        case 'for': {
          this.i++;
          this.expect('(');
          let init: CStmt | null = null;
          if (this.atDecl()) init = this.declaration();
          else if (!this.is(';')) { init = { t: 'expr', e: this.expr() }; this.expect(';'); } else this.i++;
          const c = this.is(';') ? null : this.expr();
          this.expect(';');
          const step = this.is(')') ? null : this.expr();
          this.expect(')');
          return { t: 'for', init, c, step, body: this.statement() };
        }
        case 'return': {
          this.i++;
          const v = this.is(';') ? null : this.expr();
          this.expect(';');
          return { t: 'ret', v, tok: t };
        }
        case 'break': case 'continue':
          this.i++;
          this.expect(';');
          return { t: 'jump', v: t.v };
        case 'switch': {
          this.i++;
          this.expect('(');
          const e = this.expr();
          this.expect(')');
          const open = this.expect('{');
          const body: CStmt[] = [];
          while (!this.is('}')) {
            if (this.done()) throw new CError('`{` without its `}`', open.seg, open.at);
            if (this.is('case')) {
              this.i++;
              const v = this.conditional();
              this.expect(':');
              body.push({ t: 'case', v });
            } else if (this.is('default') && this.is(':', 1)) {
              this.i += 2;
              body.push({ t: 'case', v: null });
            } else body.push(this.statement());
          }
          this.i++;
          return { t: 'switch', e, body };
        }
        case 'goto': case 'typedef': case 'struct': case 'union': case 'enum':
          throw new CError(`\`${t.v}\``, t.seg, t.at);
        default:
          if (this.atDecl()) return this.declaration();
      }
    }
    const e = this.expr();
    this.expect(';');
    return { t: 'expr', e };
  }

  /** `type declarator, declarator;` (its `;` taken). */
  declaration(): CStmt {
    const first = this.peek()!;
    const words: string[] = [];
    while (this.peek()?.k === 'id' && (TYPE_WORDS.has(this.peek()!.v) || (words.every((w) => !TYPE_NAMES.has(w)) && TYPE_NAMES.has(this.peek()!.v) && words.every((w) => w === 'static' || w === 'const' || w === 'extern' || w === 'register' || w === 'volatile')))) {
      words.push(this.next().v);
    }
    const vars: CDeclarator[] = [];
    for (;;) {
      let ptr = 0;
      while (this.is('*')) { this.i++; ptr++; }
      const name = this.next();
      if (name.k !== 'id') throw new CError(`expected a name in a declaration, found ${show(name)}`, name.seg, name.at);
      if (this.is('[')) throw new CError(`the C array \`${name.v}[...]\``, name.seg, name.at);
      if (this.is('(')) {
        // A prototype (`extern double nrn_random_pick(void*);`): C's calls need nothing of it.
        let depth = 0;
        do {
          const t = this.next();
          if (t.v === '(') depth++;
          else if (t.v === ')') depth--;
        } while (depth > 0);
        if (this.is(',')) { this.i++; continue; }
        this.expect(';');
        break;
      }
      let init: CExpr | null = null;
      if (this.is('=')) { this.i++; init = this.assignment(); }
      vars.push({ name: name.v, ptr, init, tok: name });
      if (this.is(',')) { this.i++; continue; }
      this.expect(';');
      break;
    }
    return { t: 'decl', type: words.filter((w) => !['static', 'const', 'extern', 'register', 'volatile', 'auto'].includes(w)).join(' '), isStatic: words.includes('static'), vars, tok: first };
  }

  expr(): CExpr {
    let e = this.assignment();
    while (this.is(',')) {
      const t = this.next();
      const b = this.assignment();
      e = { t: 'bin', op: ',', a: e, b, tok: t };
    }
    return e;
  }

  private assignment(): CExpr {
    const a = this.conditional();
    const t = this.peek();
    if (t?.k === 'p' && ASSIGN.has(t.v)) {
      this.i++;
      return { t: 'asg', op: t.v, a, b: this.assignment(), tok: t };
    }
    return a;
  }

  private conditional(): CExpr {
    const c = this.binary(1);
    if (!this.is('?')) return c;
    const t = this.next();
    const a = this.expr();
    this.expect(':');
    return { t: 'cond', c, a, b: this.conditional(), tok: t };
  }

  private binary(min: number): CExpr {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t?.k === 'p' ? BINARY[t.v] : undefined;
      if (prec === undefined || prec < min) return a;
      this.i++;
      const b = this.binary(prec + 1);
      a = { t: 'bin', op: t!.v, a, b, tok: t! };
    }
  }

  /** A cast `(type *...)` starts here. */
  private atCast(): boolean {
    if (!this.is('(')) return false;
    const t = this.peek(1);
    if (t?.k !== 'id' || !(TYPE_WORDS.has(t.v) || TYPE_NAMES.has(t.v))) return false;
    let k = 2;
    while (this.peek(k)?.k === 'id' && TYPE_WORDS.has(this.peek(k)!.v)) k++;
    while (this.is('*', k)) k++;
    return this.is(')', k);
  }

  private unary(): CExpr {
    const t = this.peek();
    if (!t) throw this.ended('an expression');
    if (t.k === 'p' && ['!', '-', '+', '~', '*', '&', '++', '--'].includes(t.v)) {
      this.i++;
      return { t: 'un', op: t.v, a: this.unary(), tok: t };
    }
    if (t.k === 'id' && t.v === 'sizeof') throw new CError('`sizeof`', t.seg, t.at);
    if (this.atCast()) {
      this.i++;
      const words: string[] = [];
      while (this.peek()?.k === 'id') words.push(this.next().v);
      let ptr = 0;
      while (this.is('*')) { this.i++; ptr++; }
      this.expect(')');
      return { t: 'cast', type: words.filter((w) => w !== 'const' && w !== 'volatile').join(' '), ptr, a: this.unary(), tok: t };
    }
    return this.postfix();
  }

  private postfix(): CExpr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t?.k !== 'p') return e;
      if (t.v === '(') {
        if (e.t !== 'id') throw new CError('a call of something other than a named function', t.seg, t.at);
        this.i++;
        const args: CExpr[] = [];
        while (!this.is(')')) {
          args.push(this.assignment());
          if (this.is(',')) this.i++;
          else if (!this.is(')')) throw new CError(`expected \`,\` or \`)\` in the arguments of ${e.v}, found ${show(this.peek())}`, t.seg, t.at);
        }
        this.i++;
        e = { t: 'call', f: e.v, args, tok: e.tok };
      } else if (t.v === '++' || t.v === '--') {
        this.i++;
        e = { t: 'post', op: t.v, a: e, tok: t };
      } else if (t.v === '[') {
        this.i++;
        const i = this.expr();
        this.expect(']');
        e = { t: 'idx', a: e, i, tok: t };
      } else if (t.v === '.' || t.v === '->') {
        return { t: 'other', what: `the C structure member \`${describe(e)}${t.v}${this.peek(1)?.v ?? ''}\``, tok: t };
      } else return e;
    }
  }

  private primary(): CExpr {
    const t = this.next();
    switch (t.k) {
      case 'num': return { t: 'num', v: Number(t.v), int: t.int === true, tok: t };
      case 'str': return { t: 'str', v: t.v, tok: t };
      case 'chr': return { t: 'num', v: t.v.charCodeAt(0), int: true, tok: t };
      case 'id': return { t: 'id', v: t.v, tok: t };
      case 'p':
        if (t.v === '(') {
          const e = this.expr();
          this.expect(')');
          return e;
        }
        throw new CError(`unexpected \`${t.v}\``, t.seg, t.at);
      default:
        throw new CError('an NMODL statement inside a C expression', t.seg, t.at);
    }
  }
}

function show(t: Tok | undefined): string {
  if (!t) return 'the end of the C code';
  if (t.k === 'stmt') return 'an NMODL statement';
  if (t.k === 'str') return 'a string';
  return `\`${t.v}\``;
}

function describe(e: CExpr): string {
  return e.t === 'id' ? e.v : e.t === 'call' ? `${e.f}(...)` : e.t === 'cast' ? describe(e.a) : 'an expression';
}

// ------------------------------------------------------------------------- translation ---

/** What the translation needs from the code generator. */
export interface CTarget {
  /** JavaScript for a name of the C code that is not a local of the C code: a mechanism
   * variable, `_l<name>`, `_p_<name>` (a POINTER used as a slot), `t`, ... Undefined if unknown. */
  name(id: string, write: boolean): string | undefined;
  /** JavaScript for a call of a FUNCTION or PROCEDURE of the file, or of NMODL's built-in
   * functions that C can call (`exprand`, `scop_random`, ...); undefined if it is neither. */
  call(id: string, args: readonly string[]): string | undefined;
  /** JavaScript for element `index` (JavaScript) of an array of the mechanism or a LOCAL array
   * (C name: `Tau`, `_lx`); undefined if `id` is no array. */
  element(id: string, index: string): string | undefined;
  /** Declares a C local that NMODL statements of the block may use too; its JavaScript name. */
  declare(id: string): string;
  /** The JavaScript name of a file-level `static` variable of the top-level VERBATIM blocks. */
  fileStatic(id: string): string | undefined;
  /** Emits NMODL statement `n` of the block. */
  nmodl(n: number): void;
  /** The statement for C's `return` (with a value's JavaScript, or null), or undefined where a
   * return cannot be translated. */
  ret(value: string | null): string | undefined;
  /** Notes a run-time helper the code uses (`_args`, `_objs`, `_execerror`, ...). */
  helper(name: string): void;
  /** A warning about something dropped (printing). */
  warn(message: string): void;
  line(s: string): void;
  /** A line that opens a block (its following lines one level in). */
  open(s: string): void;
  /** A line that closes a block (`}` by default); one that ends with `{` (`} else {`) opens the
   * next one. */
  close(s?: string): void;
}

/** C math functions a VERBATIM expression may call, and their JavaScript spelling. */
const C_MATH: Readonly<Record<string, string>> = {
  exp: '_exp', log: 'Math.log', log10: 'Math.log10', sqrt: 'Math.sqrt', fabs: 'Math.abs', pow: 'Math.pow',
  sin: 'Math.sin', cos: 'Math.cos', tan: 'Math.tan', atan: 'Math.atan', atan2: 'Math.atan2', tanh: 'Math.tanh',
  sinh: 'Math.sinh', cosh: 'Math.cosh', asin: 'Math.asin', acos: 'Math.acos', floor: 'Math.floor', ceil: 'Math.ceil',
  fmod: '_fmod',
};

/** Calls that only print: dropped. */
const PRINTING = new Set(['printf', 'fprintf', 'fflush', 'puts', 'fputs', 'putchar']);

/** A translated value: its JavaScript, and whether C sees an integer or a comparison. */
interface Value { readonly js: string; readonly kind: 'int' | 'double' | 'bool' | 'string' }

interface Local {
  readonly js: string;
  readonly int: boolean;
  /** A pointer (`double* px`, `void* vv`): holds a handle (a Vector's, for `px[i]`). */
  readonly ptr: boolean;
  /** `void** pv = (void**)(&_p_x)`: `*pv` is the slot `_p_x`. */
  readonly slot?: string;
}

/**
 * Translates one block's statements, its VERBATIM texts and (as {@link STMT_MARK}ed indices)
 * its NMODL statements, emitting JavaScript through `target`. Throws {@link CError} for what is
 * not taken.
 * @example
 * ```ts
 * translateC(['if (_p_rng) {', '\u00011\u0001', '}'], new CMacros(), target);
 * ```
 */
export function translateC(segments: readonly string[], macros: CMacros, target: CTarget): void {
  const raw: Tok[] = [];
  segments.forEach((s, i) => tokenize(s, i, raw));
  const toks = preprocess(raw, macros);
  const program = new Parser(toks).statements();
  new Translator(target).block(program, true);
}

/**
 * The names declared, `#define`s and file-level `static` variables of a top-level VERBATIM
 * block, and the C functions it defines (which are not translated).
 * @example
 * ```ts
 * const top = scanTopLevel(text, macros); // top.statics: [{ name: '_ran_compat', init: 0 }]
 * ```
 */
export function scanTopLevel(text: string, macros: CMacros): { statics: { name: string; init: number }[]; functions: string[] } {
  const raw: Tok[] = [];
  tokenize(text, 0, raw);
  const toks = preprocess(raw, macros);
  const statics: { name: string; init: number }[] = [];
  const functions: string[] = [];
  let i = 0;
  while (i < toks.length) {
    // One external declaration: up to `;` at depth 0, or a function body `{...}`.
    const start = i;
    let depth = 0;
    let body = -1;
    for (; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.k !== 'p') continue;
      if (t.v === '(' || t.v === '[') depth++;
      else if (t.v === ')' || t.v === ']') depth--;
      else if (t.v === '{' && depth === 0) { body = i; break; }
      else if (t.v === ';' && depth === 0) break;
    }
    const head = toks.slice(start, body >= 0 ? body : i);
    if (body >= 0) {
      // Skip the body.
      let d = 0;
      for (; i < toks.length; i++) {
        const t = toks[i]!;
        if (t.k === 'p' && t.v === '{') d++;
        if (t.k === 'p' && t.v === '}' && --d === 0) break;
      }
      const paren = head.findIndex((t) => t.k === 'p' && t.v === '(');
      if (paren > 0 && head[paren - 1]!.k === 'id') functions.push(head[paren - 1]!.v);
      i++;
      if (toks[i]?.k === 'p' && toks[i]!.v === ';') i++;
      continue;
    }
    i++;
    // `static int a, b = 2;` (no parentheses: not a prototype).
    if (head.length > 0 && head[0]!.k === 'id' && head[0]!.v === 'static' && !head.some((t) => t.k === 'p' && t.v === '(')) {
      try {
        const d = new Parser([...head, { k: 'p', v: ';', seg: 0, at: 0 }]).statement();
        if (d.t === 'decl' && d.vars.every((v) => v.ptr === 0)) {
          for (const v of d.vars) statics.push({ name: v.name, init: v.init ? constValue(v.init) : 0 });
        }
      } catch {
        // (not a declaration of numbers: left alone)
      }
    }
  }
  return { statics, functions };
}

class Translator {
  private readonly locals = new Map<string, Local>();
  constructor(private readonly target: CTarget) {}

  /** Statements of a block; at the top, every declaration is made first (C and NMODL code of
   * the block share the names). */
  block(list: readonly CStmt[], top = false): void {
    if (top) this.hoist(list);
    for (const s of list) this.stmt(s);
  }

  private hoist(list: readonly CStmt[]): void {
    const visit = (s: CStmt | null): void => {
      if (!s) return;
      switch (s.t) {
        case 'decl':
          if (s.isStatic) throw new CError('a `static` variable inside a block', s.tok.seg, s.tok.at);
          for (const v of s.vars) {
            if (v.ptr >= 2) {
              // (`void** vv;` then `vv = (void**)(&space);`: the slot is set by that assignment.)
              const slot = v.init ? slotOf(v.init) : '';
              if (slot === null) throw new CError(`the pointer \`${v.name}\` (only \`void** ${v.name} = (void**)(&_p_<name>)\`, the slot of a POINTER or a variable, is taken)`, v.tok.seg, v.tok.at);
              this.locals.set(v.name, { js: '', int: false, ptr: true, slot });
            } else {
              const int = v.ptr === 0 && s.type.split(' ').some((w) => INT_TYPES.has(w));
              this.locals.set(v.name, { js: this.target.declare(v.name), int, ptr: v.ptr > 0 });
            }
          }
          break;
        case 'block': s.body.forEach(visit); break;
        case 'if': visit(s.a); visit(s.b); break;
        case 'while': case 'do': visit(s.body); break;
        case 'for': visit(s.init); visit(s.body); break;
        case 'switch': s.body.forEach(visit); break;
        default: break;
      }
    };
    list.forEach(visit);
  }

  private stmt(s: CStmt): void {
    const t = this.target;
    switch (s.t) {
      case 'nmodl': t.nmodl(s.n); break;
      case 'empty': break;
      case 'block':
        t.open('{');
        this.block(s.body);
        t.close();
        break;
      case 'if': {
        t.open(`if (${this.cond(s.c)}) {`);
        this.inner(s.a);
        let b = s.b;
        while (b?.t === 'if') {
          t.close(`} else if (${this.cond(b.c)}) {`);
          this.inner(b.a);
          b = b.b;
        }
        if (b) {
          t.close('} else {');
          this.inner(b);
        }
        t.close();
        break;
      }
      case 'while':
        t.open(`while (${this.cond(s.c)}) {`);
        this.inner(s.body);
        t.close();
        break;
      case 'do':
        t.open('do {');
        this.inner(s.body);
        t.close(`} while (${this.cond(s.c)});`);
        break;
      case 'for': {
        const init = s.init === null ? '' : s.init.t === 'expr' ? this.effect(s.init.e) : s.init.t === 'decl' ? this.declInit(s.init) : '';
        t.open(`for (${init}; ${s.c ? this.cond(s.c) : ''}; ${s.step ? this.effect(s.step) : ''}) {`);
        this.inner(s.body);
        t.close();
        break;
      }
      case 'ret': {
        const r = t.ret(s.v ? this.num(s.v) : null);
        if (r === undefined) throw new CError('`return` here (it is taken in a FUNCTION, a PROCEDURE or NET_RECEIVE)', s.tok.seg, s.tok.at);
        t.line(r);
        break;
      }
      case 'jump': t.line(`${s.v};`); break;
      case 'switch':
        // (C's and JavaScript's switch fall through alike; the cases are numbers.)
        t.open(`switch (${this.num(s.e)}) {`);
        for (const item of s.body) this.stmt(item);
        t.close();
        break;
      case 'case': t.line(s.v === null ? 'default:' : `case ${this.num(s.v)}:`); break;
      case 'decl': {
        const init = this.declInit(s);
        if (init !== '') t.line(`${init};`);
        break;
      }
      case 'expr': {
        const e = s.e;
        if (e.t === 'call' && PRINTING.has(e.f)) { t.warn(`${e.f} in VERBATIM dropped: mechanisms do not print`); break; }
        const js = this.effect(e);
        if (js !== '') t.line(`${js};`);
        break;
      }
    }
  }

  /** A statement under `if`/`while`/`for`, whose braces the caller wrote. */
  private inner(s: CStmt): void {
    if (s.t === 'block') this.block(s.body);
    else this.stmt(s);
  }

  /** The assignments of a declaration's initial values ('' when none). */
  private declInit(s: Extract<CStmt, { t: 'decl' }>): string {
    const parts: string[] = [];
    for (const v of s.vars) {
      const l = this.locals.get(v.name);
      if (!v.init || !l || l.slot !== undefined) continue;
      parts.push(`${l.js} = ${this.convert(this.value(v.init), l.int)}`);
    }
    return parts.join(', ');
  }

  /** An expression evaluated for its effect (assignments, calls). */
  private effect(e: CExpr): string {
    if (e.t === 'asg') return this.assign(e);
    if (e.t === 'post' || (e.t === 'un' && (e.op === '++' || e.op === '--'))) {
      const op = e.op === '++' ? '+' : '-';
      return this.assign({ t: 'asg', op: `${op}=`, a: e.a, b: { t: 'num', v: 1, int: true, tok: e.tok }, tok: e.tok });
    }
    if (e.t === 'bin' && e.op === ',') return `${this.effect(e.a)}, ${this.effect(e.b)}`;
    return this.value(e).js;
  }

  private assign(e: Extract<CExpr, { t: 'asg' }>): string {
    const l = e.a.t === 'id' ? this.locals.get(e.a.v) : undefined;
    if (l?.slot !== undefined && e.op === '=' && e.a.t === 'id') {
      const slot = slotOf(e.b);
      if (slot === null) throw new CError(`an assignment to the pointer \`${e.a.v}\` of something other than a slot \`(void**)(&name)\``, e.tok.seg, e.tok.at);
      this.locals.set(e.a.v, { ...l, slot });
      return '';
    }
    const target = this.lvalue(e.a);
    let v = this.value(e.b);
    if (e.op !== '=') v = this.arith(e.op.slice(0, -1), { js: target.js, kind: target.int ? 'int' : 'double' }, v, e.tok);
    return `${target.js} = ${this.convert(v, target.int)}`;
  }

  /** Where an assignment writes. */
  private lvalue(e: CExpr): { js: string; int: boolean } {
    if (e.t === 'id') {
      const l = this.locals.get(e.v);
      if (l && l.slot === undefined) return { js: l.js, int: l.int };
      if (l) throw new CError(`an assignment to the pointer \`${e.v}\``, e.tok.seg, e.tok.at);
      const s = this.target.fileStatic(e.v);
      if (s !== undefined) return { js: s, int: false };
      const js = this.target.name(e.v, true);
      if (js !== undefined) return { js, int: false };
      throw new CError(`an assignment to \`${e.v}\` (not a variable of this file, a LOCAL or a C local)`, e.tok.seg, e.tok.at);
    }
    if (e.t === 'un' && e.op === '*' && e.a.t === 'id') {
      const l = this.locals.get(e.a.v);
      if (l?.slot !== undefined) return { js: this.slot(l.slot, e.a.tok, true), int: false };
    }
    if (e.t === 'cast') return this.lvalue(e.a);
    if (e.t === 'idx') return { js: this.element(e), int: false };
    if (e.t === 'un' && e.op === '*') {
      const slot = slotOf(stripCasts(e.a));
      if (slot !== null) return { js: this.slot(slot, e.tok, true), int: false };
    }
    throw new CError(`an assignment to ${describe(e)}`, e.tok.seg, e.tok.at);
  }

  /** JavaScript for the slot `_p_<name>` (a POINTER holding a handle) or a variable used so. */
  private slot(name: string, tok: Tok, write: boolean): string {
    if (name === '') throw new CError('a pointer used before it points at a slot', tok.seg, tok.at);
    const js = this.target.name(name, write);
    if (js === undefined) throw new CError(`\`${name}\` (not a POINTER of this file)`, tok.seg, tok.at);
    return js;
  }

  /** A condition (JavaScript boolean). */
  private cond(e: CExpr): string {
    const v = this.value(e);
    return v.kind === 'bool' ? v.js : `(${v.js} !== 0)`;
  }

  /** A number (JavaScript number). */
  private num(e: CExpr): string {
    const v = this.value(e);
    return v.kind === 'bool' ? `(${v.js} ? 1 : 0)` : v.js;
  }

  private convert(v: Value, toInt: boolean): string {
    const n = v.kind === 'bool' ? `(${v.js} ? 1 : 0)` : v.js;
    return toInt && v.kind === 'double' ? `Math.trunc(${n})` : n;
  }

  private arith(op: string, a: Value, b: Value, tok: Tok): Value {
    const an = a.kind === 'bool' ? `(${a.js} ? 1 : 0)` : a.js;
    const bn = b.kind === 'bool' ? `(${b.js} ? 1 : 0)` : b.js;
    const int = a.kind !== 'double' && b.kind !== 'double';
    switch (op) {
      case '+': case '-': case '*': return { js: `(${an} ${op} ${bn})`, kind: int ? 'int' : 'double' };
      case '/': return int ? { js: `Math.trunc(${an} / ${bn})`, kind: 'int' } : { js: `(${an} / ${bn})`, kind: 'double' };
      case '%':
        if (!int) throw new CError('`%` of a non-integer', tok.seg, tok.at);
        return { js: `(${an} % ${bn})`, kind: 'int' };
      case '&': case '|': case '^': case '<<': case '>>':
        if (!int) throw new CError(`\`${op}\` of a non-integer`, tok.seg, tok.at);
        return { js: `(${an} ${op} ${bn})`, kind: 'int' };
      default: throw new CError(`the operator \`${op}\``, tok.seg, tok.at);
    }
  }

  private value(e: CExpr): Value {
    switch (e.t) {
      case 'num': return { js: e.v < 0 ? `(${e.v})` : String(e.v), kind: e.int ? 'int' : 'double' };
      case 'str': return { js: JSON.stringify(e.v), kind: 'string' };
      case 'other': throw new CError(e.what, e.tok.seg, e.tok.at);
      case 'id': return this.name(e);
      case 'idx': return { js: this.element(e), kind: 'double' };
      case 'cast': {
        const v = this.value(e.a);
        if (e.ptr > 0) return v; // a pointer cast of a handle (or of 0)
        if (e.type.split(' ').some((w) => INT_TYPES.has(w))) return { js: this.convert(v, true), kind: 'int' };
        return { js: v.kind === 'bool' ? `(${v.js} ? 1 : 0)` : v.js, kind: 'double' };
      }
      case 'un':
        switch (e.op) {
          case '!': return { js: `!${this.cond(e.a)}`, kind: 'bool' };
          case '-': { const v = this.value(e.a); return { js: `(-${this.convert(v, false)})`, kind: v.kind === 'int' ? 'int' : 'double' }; }
          case '+': return this.value(e.a);
          case '~': return { js: `(~${this.num(e.a)})`, kind: 'int' };
          case '*': return this.deref(e);
          case '&': throw new CError(`the address \`&${describe(e.a)}\` (only in \`void** pv = (void**)(&_p_<name>)\`)`, e.tok.seg, e.tok.at);
          // ++x, --x: the new value.
          default: return { js: `(${this.effect(e)})`, kind: this.kindOf(e.a) };
        }
      // x++, x--: the value before (the assignment gives the new one).
      case 'post': return { js: `((${this.effect(e)}) ${e.op === '++' ? '-' : '+'} 1)`, kind: this.kindOf(e.a) };
      case 'asg': return { js: `(${this.assign(e)})`, kind: 'double' };
      case 'cond': {
        const a = this.value(e.a);
        const b = this.value(e.b);
        return { js: `(${this.cond(e.c)} ? ${this.convert(a, false)} : ${this.convert(b, false)})`, kind: a.kind === 'int' && b.kind === 'int' ? 'int' : 'double' };
      }
      case 'bin': {
        if (e.op === ',') return { js: `(${this.effect(e.a)}, ${this.num(e.b)})`, kind: 'double' };
        if (e.op === '&&' || e.op === '||') return { js: `(${this.cond(e.a)} ${e.op} ${this.cond(e.b)})`, kind: 'bool' };
        if (['<', '>', '<=', '>=', '==', '!='].includes(e.op)) {
          const op = e.op === '==' ? '===' : e.op === '!=' ? '!==' : e.op;
          return { js: `(${this.num(e.a)} ${op} ${this.num(e.b)})`, kind: 'bool' };
        }
        return this.arith(e.op, this.value(e.a), this.value(e.b), e.tok);
      }
      case 'call': return this.call(e);
    }
  }

  /** `px[i]` of a pointer local that holds a Vector (`px = vector_vec(vv)`): its element. */
  private element(e: Extract<CExpr, { t: 'idx' }>): string {
    const a = e.a;
    const i = this.value(e.i);
    const index = i.kind === 'int' ? i.js : `Math.trunc(${this.num(e.i)})`;
    const l = a.t === 'id' ? this.locals.get(a.v) : undefined;
    if (l && l.ptr && l.slot === undefined) {
      this.target.helper('_vec');
      return `_vec(${l.js}).x[${index}]`;
    }
    // An array of the mechanism or a LOCAL array (`Tau[_lj]`, `_lx[2]`).
    const js = a.t === 'id' && !l ? this.target.element(a.v, index) : undefined;
    if (js !== undefined) return js;
    throw new CError(`the C array or pointer index \`${describe(a)}[...]\` (only arrays of the mechanism, LOCAL arrays and \`px[i]\` of \`px = vector_vec(v)\` are taken)`, e.tok.seg, e.tok.at);
  }

  /** Whether C sees an lvalue as an integer (an `int` local) or a double. */
  private kindOf(e: CExpr): 'int' | 'double' {
    return e.t === 'id' && this.locals.get(e.v)?.int === true ? 'int' : 'double';
  }

  private deref(e: Extract<CExpr, { t: 'un' }>): Value {
    const a = stripCasts(e.a);
    if (a.t === 'id') {
      const l = this.locals.get(a.v);
      if (l?.slot !== undefined) return { js: this.slot(l.slot, a.tok, false), kind: 'double' };
    }
    // `*((void**)(&space))`: what the slot `space` holds.
    const slot = slotOf(a);
    if (slot !== null) return { js: this.slot(slot, a.tok, false), kind: 'double' };
    // `*vector_pobj(v)`: the Vector's hoc object, which a handle stands for as well.
    if (a.t === 'call' && a.f === 'vector_pobj') return { js: this.num(a.args[0] ?? { t: 'num', v: 0, int: true, tok: a.tok }), kind: 'double' };
    if (a.t === 'call' && a.f === 'getarg') {
      this.target.helper('_args');
      return { js: `_argNum(${this.num(a.args[0] ?? { t: 'num', v: 1, int: true, tok: a.tok })})`, kind: 'double' };
    }
    throw new CError(`the pointer dereference \`*${describe(a)}\``, e.tok.seg, e.tok.at);
  }

  private name(e: Extract<CExpr, { t: 'id' }>): Value {
    const l = this.locals.get(e.v);
    if (l) {
      if (l.slot !== undefined) throw new CError(`the pointer \`${e.v}\` as a value (only \`*${e.v}\` is taken)`, e.tok.seg, e.tok.at);
      return { js: l.js, kind: l.int ? 'int' : 'double' };
    }
    // NEURON's thread data: a model runs in one thread, so `_nt` is always `nrn_threads`.
    if (e.v === '_nt' || e.v === 'nrn_threads') return { js: '0', kind: 'int' };
    const s = this.target.fileStatic(e.v);
    if (s !== undefined) return { js: s, kind: 'double' };
    const js = this.target.name(e.v, false);
    if (js !== undefined) return { js, kind: 'double' };
    throw new CError(`the name \`${e.v}\` (not a variable of this file, a LOCAL or a C local)`, e.tok.seg, e.tok.at);
  }

  private call(e: Extract<CExpr, { t: 'call' }>): Value {
    const t = this.target;
    const arg = (k: number): string => this.num(e.args[k] ?? { t: 'num', v: 0, int: true, tok: e.tok });
    const strArg = (k: number): string => {
      const a = e.args[k];
      return a === undefined ? '""' : a.t === 'str' ? JSON.stringify(a.v) : `String(${this.num(a)})`;
    };
    switch (e.f) {
      case 'ifarg': t.helper('_args'); return { js: `(_args.length >= ${arg(0)})`, kind: 'bool' };
      case 'hoc_is_double_arg': t.helper('_args'); return { js: `(typeof _args[${arg(0)} - 1] === 'number')`, kind: 'bool' };
      case 'hoc_is_object_arg': t.helper('_args'); return { js: `(typeof _args[${arg(0)} - 1] === 'object' && _args[${arg(0)} - 1] !== null)`, kind: 'bool' };
      case 'nrn_random_arg': t.helper('_objs'); return { js: `_objPut(_randomArg(${arg(0)}))`, kind: 'double' };
      case 'nrn_random_pick': t.helper('_objs'); return { js: `_pick(${arg(0)})`, kind: 'double' };
      case 'hoc_execerror': t.helper('_execerror'); return { js: `_execerror(${strArg(0)}, ${strArg(1)})`, kind: 'int' };
      case 'assert': t.helper('_execerror'); return { js: `(${this.cond(e.args[0] ?? { t: 'num', v: 0, int: true, tok: e.tok })} ? 0 : _execerror("assertion failed in VERBATIM C code", ""))`, kind: 'int' };
      case 'getarg': throw new CError('`getarg(i)` other than as `*getarg(i)`', e.tok.seg, e.tok.at);
      // NEURON's Vectors, by handle (`vector_vec` gives the same handle, indexed as `px[i]`).
      case 'vector_arg': t.helper('_vec'); return { js: `_objPut(_vectorArg(${arg(0)}))`, kind: 'double' };
      case 'vector_capacity': case 'vector_buffer_size': t.helper('_vec'); return { js: `_vec(${arg(0)}).size()`, kind: 'int' };
      case 'vector_vec': t.helper('_vec'); return { js: arg(0), kind: 'double' };
      case 'vector_resize': t.helper('_vec'); return { js: `(_vec(${arg(0)}).resize(${arg(1)}), 0)`, kind: 'int' };
      // The C library's rand()/srand(): glibc's sequence, one per process (core's).
      case 'rand': t.helper('_crand'); return { js: '_crand()', kind: 'int' };
      case 'srand': t.helper('_crand'); return { js: `_csrand(${arg(0)})`, kind: 'int' };
      case 'vector_instance_px': {
        // `n = vector_instance_px(v, &px)`: px gets the Vector (its handle), n its size.
        const out = e.args[1];
        const l = out?.t === 'un' && out.op === '&' && out.a.t === 'id' ? this.locals.get(out.a.v) : undefined;
        if (!l || !l.ptr || l.slot !== undefined) throw new CError('vector_instance_px(v, &px) with px other than a pointer local', e.tok.seg, e.tok.at);
        t.helper('_vec');
        return { js: `(${l.js} = ${arg(0)}, _vec(${l.js}).size())`, kind: 'int' };
      }
      // NEURON's Random123 streams (nrnran123), made by core, by handle.
      case 'nrnran123_newstream': t.helper('_streams'); return { js: `_newStream(${arg(0)}, ${arg(1)}, 0)`, kind: 'double' };
      case 'nrnran123_newstream3': t.helper('_streams'); return { js: `_newStream(${arg(0)}, ${arg(1)}, ${arg(2)})`, kind: 'double' };
      case 'nrnran123_deletestream': return { js: '0', kind: 'int' };
      case 'nrnran123_setseq': t.helper('_streams'); return { js: `(_stream(${arg(0)}).setSequence(${arg(1)}, ${arg(2)}), 0)`, kind: 'int' };
      case 'nrnran123_negexp': t.helper('_streams'); return { js: `_stream(${arg(0)}).negexp(1)`, kind: 'double' };
      case 'nrnran123_dblpick': case 'nrnran123_uniform': t.helper('_streams'); return { js: `_stream(${arg(0)}).uniform01()`, kind: 'double' };
      case 'nrnran123_normal': t.helper('_streams'); return { js: `_stream(${arg(0)}).normal()`, kind: 'double' };
      // (Reference counts of hoc objects: JavaScript's collector keeps them.)
      case 'hoc_obj_ref': case 'hoc_obj_unref': return { js: '0', kind: 'int' };
      default: break;
    }
    if (PRINTING.has(e.f)) { t.warn(`${e.f} in VERBATIM dropped: mechanisms do not print`); return { js: '0', kind: 'int' }; }
    const math = C_MATH[e.f];
    const args = e.args.map((a) => this.num(a));
    if (math !== undefined) {
      if (math.startsWith('_')) t.helper(math);
      return { js: `${math}(${args.join(', ')})`, kind: 'double' };
    }
    if (e.f === 'abs') return { js: `Math.abs(${args[0] ?? '0'})`, kind: 'int' };
    const js = t.call(e.f, args);
    if (js !== undefined) return { js, kind: 'double' };
    throw new CError(`the C function \`${e.f}\` (not a FUNCTION or PROCEDURE of this file, nor one of C's or NEURON's that are taken)`, e.tok.seg, e.tok.at);
  }
}

/** `(void**)(&_p_x)`, `(void**)&space` or `&_p_x`: the slot, a POINTER's `_p_x` or a
 * variable of the mechanism that C code keeps a pointer in (`space`); else null. */
function slotOf(e: CExpr): string | null {
  const a = stripCasts(e);
  return a.t === 'un' && a.op === '&' && a.a.t === 'id' ? a.a.v : null;
}

function stripCasts(e: CExpr): CExpr {
  return e.t === 'cast' ? stripCasts(e.a) : e;
}

/**
 * Whether C text (one or more VERBATIM blocks of a FUNCTION or PROCEDURE) reads script arguments
 * beyond the declared ones (`ifarg`, `getarg`, `nrn_random_arg`, `hoc_is_..._arg`).
 * @example
 * ```ts
 * readsScriptArguments('if (ifarg(1)) { ... }'); // true
 * ```
 */
export function readsScriptArguments(text: string): boolean {
  return /\b(?:ifarg|getarg|nrn_random_arg|hoc_is_double_arg|hoc_is_object_arg)\s*\(/.test(text);
}

/**
 * The C locals a VERBATIM text declares at any depth (`double value;`, `int i, j;`), which the
 * NMODL statements of the same block may use, as nocmodl leaves both in one C function.
 * @example
 * ```ts
 * declaredCLocals('double value; if (_p_rng) { value = 1; }'); // ['value']
 * ```
 */
export function declaredCLocals(text: string): string[] {
  const out: string[] = [];
  const body = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const re = /(?:^|[;{}\n])\s*(?:(?:const|register|unsigned|signed|long|short)\s+)*(?:double|float|int|long|short|char|unsigned|size_t)\s+([^;{}]*);/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    // The declarators: split at commas outside parentheses (`double a = f(1, 2), b;`).
    let depth = 0;
    let start = 0;
    const text = m[1]!;
    const parts: string[] = [];
    for (let i = 0; i <= text.length; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if ((c === ',' && depth === 0) || i === text.length) { parts.push(text.slice(start, i)); start = i + 1; }
    }
    for (const part of parts) {
      const d = /^\s*\**\s*([A-Za-z_]\w*)\s*(?:=|$)/.exec(part);
      if (d) out.push(d[1]!);
    }
  }
  return out;
}
