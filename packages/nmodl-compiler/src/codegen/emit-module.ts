/**
 * Code generation: {@link MechanismInfo} to the source of a module implementing the mechanism
 * ABI. Kernels are loops over typed arrays; per-instance state lives in the field arrays; no
 * allocation, `Map` or closure creation happens while a simulation steps.
 * @module
 */
import type { Expr, SourceRange, Stmt } from '../ast/nodes.js';
import { visit } from '../ast/visitor.js';
import { DiagnosticCode, type Session } from '../diagnostics.js';
import type { FunctionInfo, ImplicitSystem, MechanismInfo, SolveInfo } from '../ir/mechanism-info.js';
import { MATH_FUNCTIONS, UNSUPPORTED_VARIABLES } from '../passes/analyze/builtins.js';
import { columnGroups, jacobianStructure, sparseLu, type JacobianStructure, type SparseLu } from '../passes/analyze/jacobian.js';
import { DERIV_ARRAY, SLOPES_ARRAY, START_ARRAY } from '../passes/lower/lower-solve.js';
import { CError, CMacros, scanTopLevel, STMT_MARK, translateC, type CTarget } from './c-verbatim.js';
import { EXP_TABLE_NAME } from './wasm/exp.js';
import type { WasmPlan } from './wasm/translate.js';

/** Output flavour: a TypeScript module (build time) or a function body for `new Function`. */
export interface EmitOptions {
  readonly typescript: boolean;
  /** WebAssembly kernels, called where core keeps the instance data in a WebAssembly memory:
   * `'lazy'` translates them on first use (the module is a function body that receives the
   * translation as `__wasmPlan`, see `instantiate`); a plan (from `translateKernels` on this
   * module's JavaScript) is written into the module; absent or null: none. */
  readonly wasm?: WasmPlan | 'lazy' | null;
  /** With a plan in {@link wasm}: the same kernels translated with the fused multiply-add
   * (`translateKernels`' `fma`), written in beside it for where the engine has it. */
  readonly wasmFused?: WasmPlan | null;
  /** How sparse LUs are written (see `CompileOptions.luForm`); default `'auto'`. */
  readonly luForm?: 'auto' | 'code' | 'table';
  /** See `CompileOptions.hoistInvariants`; default true. */
  readonly hoistInvariants?: boolean;
}

const ION_SLOTS = ['e', 'ci', 'co', 'i', 'didv'] as const;

/**
 * The names a kernel's head may declare or that make it bind (see finishHead), where they are
 * names and not properties: `_G`, `_ni`, `_ctx`, `_dt`, `_nodes`, `_diam`, `_ghk`, `_R<i>`,
 * `_P<i>`, `F_<field>`, `_ion<j>_<slot>`.
 */
const HEAD_NAMES = /(?<![\w.$])(?:_G|_ni|_ctx|_dt|_nodes|_diam|_ghk|_[RP]\d+|F_\w+|_ion\d+_\w+)(?![\w$])/g;

/** Indentation by depth: `indentation(n)` is 2n spaces (made once per depth, not per line). */
const PADS: string[] = [];
function indentation(depth: number): string {
  return (PADS[depth] ??= '  '.repeat(depth));
}

/** The whitespace a line of generated code starts with. */
function indentOf(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}

/** One more than the largest place of `_D` the statements use when every place they use is a
 * number; else 0. */
function derivativePlaces(stmts: readonly Stmt[]): number {
  let max = -1, constant = true;
  for (const s of stmts) {
    visit(s, {
      Name: (e) => { if (e.name === DERIV_ARRAY) constant = false; },
      Indexed: (e) => {
        if (e.name !== DERIV_ARRAY) return;
        if (e.index.type === 'Number' && Number.isInteger(e.index.value) && e.index.value >= 0) max = Math.max(max, e.index.value);
        else constant = false;
      },
    });
  }
  return constant ? max + 1 : 0;
}

/**
 * The names statements may change (assigned, declared LOCAL, a FROM loop's variable), with
 * `more` (a system's states); null when they call anything but the math functions (`isMath`) or hold a
 * statement other than assignments, LOCALs, conditions and loops (what such a one changes is not
 * followed here).
 */
function changedNames(stmts: readonly Stmt[], more: readonly string[], isMath: (name: string) => boolean): Set<string> | null {
  const out = new Set(more);
  let known = true;
  const expr = (e: Expr): void => {
    switch (e.type) {
      case 'Indexed': expr(e.index); break;
      case 'Unary': expr(e.arg); break;
      case 'Binary': expr(e.left); expr(e.right); break;
      case 'Call': if (!isMath(e.name)) known = false; e.args.forEach(expr); break;
      case 'Prime': case 'String': known = false; break;
      default: break;
    }
  };
  const walk = (x: Stmt): void => {
    switch (x.type) {
      case 'Local': for (const v of x.names) out.add(v.name); break;
      case 'Assign': out.add(x.target.name); if (x.target.type === 'Indexed') expr(x.target.index); expr(x.value); break;
      case 'ExprStmt': expr(x.expr); break;
      case 'If': expr(x.cond); x.then.forEach(walk); x.otherwise?.forEach(walk); break;
      case 'While': expr(x.cond); x.body.forEach(walk); break;
      case 'For': out.add(x.variable); expr(x.from); expr(x.to); if (x.by) expr(x.by); x.body.forEach(walk); break;
      case 'BlockStmt': x.body.forEach(walk); break;
      default: known = false;
    }
  };
  stmts.forEach(walk);
  return known ? out : null;
}

/** Whether generated code `s` is a number (`1`, `-1`, `(-1)`), not something to assign to. */
function isNumberText(s: string): boolean {
  let i = s.startsWith('(') ? 1 : 0;
  if (s[i] === '-') i++;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${s === '0' ? '-0' : s})` : s;
}

interface Scope {
  readonly locals: Map<string, string>;
  /** In NET_RECEIVE: `flag` and the weights. */
  readonly netReceive: boolean;
  /** The function whose name is its return variable. */
  readonly fn: FunctionInfo | null;
}

class Emitter {
  private readonly lines: string[] = [];
  private indent = 0;
  private tmp = 0;
  /** While a system's derivatives are evaluated into locals `_d0`, `_d1`, ... rather than `_D`:
   * true (see implicitBody). */
  private derivLocals = false;
  /** While the iterations of an implicit system are written: the names they change, and the
   * subexpressions that depend on none of them (rate constants times volumes, say), each written
   * once before the iterations as a `const` (the same operations on the same values: the same
   * bits) and named in the iterations by it. */
  private invariants: { readonly changed: ReadonlySet<string>; readonly pool: Map<string, string>; readonly decls: string[] } | null = null;
  /** Where {@link Emitter.beginInvariants} began: the line and its indentation. */
  private invariantsAt: { readonly line: number; readonly depth: number } | null = null;
  /** Kernel-level scratch arrays for LOCAL arrays: name -> length. */
  readonly scratch = new Map<string, number>();
  maxImplicit = 0;
  /** Doubles of `_J` a dense solve needs (n * n of its largest system). */
  denseJ = 0;
  /** Doubles of `_J` the sparse LUs need (entries and fill). */
  luSlots = 0;
  /** Doubles of `_JC` (the Jacobian's entries, of the sparse systems). */
  jcSlots = 0;
  /** Tables of sparse LU operations (`_t_lu...`), by name. */
  readonly luTables = new Map<string, readonly number[]>();
  /** Sparse LU solvers, by their code: name and lines (emitted once at module level). */
  readonly solvers = new Map<string, { readonly name: string; readonly text: readonly string[] }>();
  /** True once `diam` is read: the module then binds `nodes.diam` (see emitModule). */
  usesDiam = false;
  /** Run-time helpers the emitted code calls (`_ghk`, `_send`, ...). */
  readonly helpers = new Set<string>();
  /** The file's C: the macros and `static` variables of its top-level VERBATIM blocks. */
  cFile: FileC = NO_FILE_C;
  /**
   * Inside a kernel loop: scalar fields kept in locals (`s_<name>`) for the iteration, loaded
   * at its top and stored at its end when assigned (see {@link Emitter.beginPromotion}).
   */
  private promoted: ReadonlySet<string> | null = null;
  private readonly used = new Set<string>();
  private readonly dirty = new Set<string>();
  /** Promoted fields whose first use in the loop body assigns them unconditionally: their
   * locals start without a load. */
  private readonly assignedFirst = new Set<string>();
  /** Nesting of conditional or repeated code (if, while, for, Newton iterations) being emitted. */
  private conditional = 0;
  /** True once the loop body has a point where every local is stored (a TABLE's usetable = 0
   * path): from there on no field is assigned-first. */
  private synced = false;
  /** The local holding v in a kernel loop, or null (v is then `_vc[0]`, shared with functions). */
  private vLocal: string | null = null;
  /** In a kernel: scalar GLOBALs kept in locals (`g_<name>`) for the whole loop. */
  private promotedGlobals: ReadonlySet<string> | null = null;
  private readonly gUsed = new Set<string>();
  private readonly gDirty = new Set<string>();
  /** Statement-level calls of TABLE procedures that the kernel looks up inline. */
  private inlineTables: ReadonlySet<Stmt> = new Set();

  constructor(private readonly info: MechanismInfo, private readonly session: Session, readonly ts: boolean, private readonly luForm: 'auto' | 'code' | 'table' = 'auto', private readonly hoistInvariants = true) {}

  #functionNames: Set<string> | undefined;
  /** Names that FUNCTIONs, PROCEDUREs, CONSTRUCTOR or NET_RECEIVE's INITIAL use through the
   * shared arrays (the last two read fields without refreshing ions); computed when first asked. */
  private get functionNames(): ReadonlySet<string> {
    if (this.#functionNames) return this.#functionNames;
    const names = reachable(this.info, [], new Set(), this.info.functions.map((f) => f.name)).touched;
    forEachNode([this.info.constructorBody ?? [], this.info.netReceiveInitial ?? []], (o) => {
      if ((o.type === 'Name' || o.type === 'Indexed') && typeof o.name === 'string') names.add(o.name);
      return true;
    });
    this.#functionNames = names;
    return names;
  }

  line(s: string): void { this.lines.push(indentation(this.indent) + s); }
  open(s: string): void { this.line(s); this.indent++; }
  close(s = '}'): void { this.indent--; this.line(s); }
  indentIn(): void { this.indent++; }
  /** The lines, each non-empty one after `prefix` (a line may hold several: each is prefixed). */
  indented(prefix: string): string {
    const text = this.lines.join('\n');
    const first = text.length > 0 && text.charCodeAt(0) !== 10 ? prefix : '';
    return first + text.replace(/\n(?=[^\n])/g, () => `\n${prefix}`);
  }
  /** Whether a line from `at` on contains `s`. */
  hasFrom(at: number, s: string): boolean {
    for (let i = at; i < this.lines.length; i++) if (this.lines[i]!.includes(s)) return true;
    return false;
  }
  /** The number of lines so far (a position for {@link Emitter.replaceLine}). */
  get length(): number { return this.lines.length; }
  /** The text of the lines from `at` on. */
  textFrom(at: number): string { return this.lines.slice(at).join('\n'); }
  /** Puts the lines from `at` on inside `head` ... `tail`, one level in. */
  wrap(at: number, head: string, tail: string): void {
    const p = indentation(this.indent);
    for (let i = at; i < this.lines.length; i++) if (this.lines[i] !== '') this.lines[i] = `  ${this.lines[i]!}`;
    this.lines.splice(at, 0, p + head);
    this.lines.push(p + tail);
  }
  /** Replaces the line at `at` by `lines`, at its indentation. */
  replaceLine(at: number, lines: readonly string[]): void {
    const pad = indentOf(this.lines[at]!);
    this.lines.splice(at, 1, ...lines.map((l) => pad + l));
  }
  fresh(base: string): string { return `_${base}${this.tmp++}`; }
  t(type: string): string { return this.ts ? `: ${type}` : ''; }

  fieldName(n: string): string { return `F_${n}`; }

  /**
   * A scalar field of the current instance: its local when promoted, else `F_<name>[_k]`.
   * `write` for an assignment; `ionCopy` for the copy of an ion variable into a field that is
   * not a RANGE variable (nothing outside the kernels reads it, so it is not stored back).
   */
  field(name: string, write = false, ionCopy = false): string {
    if (this.promoted?.has(name)) {
      if (!this.used.has(name) && write && this.conditional === 0 && !this.synced) this.assignedFirst.add(name);
      this.used.add(name);
      if (write && !(ionCopy && this.info.fields.find((f) => f.name === name)?.range === false && !this.functionNames.has(name))) this.dirty.add(name);
      return `s_${name}`;
    }
    return `F_${name}[_k]`;
  }

  /** Where a GLOBAL starts in the globals array. */
  private globalIndex(name: string): number {
    const sym = this.info.symbols.get(name);
    if (sym?.kind !== 'global') throw new Error(`internal error: ${name} is not a GLOBAL`);
    return sym.index;
  }

  /** A scalar GLOBAL: its local when promoted, else `_G[i]`. */
  global(name: string, index: number, write = false): string {
    if (this.promotedGlobals?.has(name)) {
      this.gUsed.add(name);
      if (write) this.gDirty.add(name);
      return `g_${name}`;
    }
    return `_G[${index}]`;
  }

  /**
   * Starts a kernel whose scalar GLOBALs `globals` live in locals while it runs, and whose
   * statement-level calls `inlineTables` of TABLE procedures are looked up inline. Returns the
   * position where {@link Emitter.endGlobals} inserts the loads.
   */
  beginGlobals(globals: ReadonlySet<string>, inlineTables: ReadonlySet<Stmt>): number {
    this.promotedGlobals = globals;
    this.inlineTables = inlineTables;
    this.gUsed.clear();
    this.gDirty.clear();
    return this.lines.length;
  }

  /** Ends a kernel's GLOBAL locals: loads at `at`, stores of the assigned ones here. */
  endGlobals(at: number): void {
    const pad = '  '.repeat(this.indent);
    const order = this.info.globals.map((g) => g.name);
    const loads = order.filter((g) => this.gUsed.has(g)).map((g) => `${pad}let g_${g} = _G[${this.globalIndex(g)}];`);
    for (const g of order) if (this.gDirty.has(g)) this.line(`_G[${this.globalIndex(g)}] = g_${g};`);
    this.lines.splice(at, 0, ...loads);
    this.promotedGlobals = null;
    this.inlineTables = new Set();
  }

  /** Placeholder lines replaced by {@link Emitter.endPromotion}: store or reload every local. */
  private syncLine(kind: 'flush' | 'reload'): void { this.line(`/*@${kind}*/`); }

  /**
   * A statement-level call of a TABLE procedure, looked up inline into the locals (NEURON's
   * table interpolation, same arithmetic); with usetable = 0 the procedure itself runs, with
   * every local stored before and reloaded after.
   */
  private inlineTable(call: Extract<Expr, { type: 'Call' }>, fn: FunctionInfo, scope: Scope): void {
    const tb = fn.table!;
    const fname = `p_${fn.name}`;
    const arg = this.fresh('x');
    this.line(`const ${arg} = ${this.expr(call.args[0]!, scope)};`);
    this.synced = true;
    this.conditional++;
    this.open(`if (_G[${this.info.usetableIndex}] === 0) {`);
    this.syncLine('flush');
    this.line(`${fname}(${arg});`);
    this.syncLine('reload');
    this.close('} else {');
    this.indentIn();
    const out = (val: (tab: string) => string): void => {
      for (const e of tableElements(this.info, fn)) this.line(`${this.ref(e.o, elementIndex(e, call.location), scope, call, true)} = ${val(e.tab)};`);
    };
    const xi = this.fresh('xi');
    this.line(`const ${xi} = _mfac_${fname} * (${arg} - _tmin_${fname});`);
    this.open(`if (Number.isNaN(${xi})) {`);
    out(() => xi);
    this.close(`} else if (${xi} <= 0) {`);
    this.indentIn();
    out((t) => `${t}[0]`);
    this.close(`} else if (${xi} >= ${tb.n}) {`);
    this.indentIn();
    out((t) => `${t}[${tb.n}]`);
    this.close('} else {');
    this.indentIn();
    const i = this.fresh('i'), th = this.fresh('th');
    this.line(`const ${i} = ${xi} | 0, ${th} = ${xi} - ${i};`);
    out((t) => `${t}[${i}] + ${th} * (${t}[${i} + 1] - ${t}[${i}])`);
    this.close();
    this.close();
    this.conditional--;
  }

  /** v of the current instance (a kernel's local, or `_vc[0]` which functions read). */
  v(): string { return this.vLocal ?? '_vc[0]'; }

  /**
   * Starts a kernel loop body whose scalar fields `fields` live in locals, and (with `vLocal`)
   * whose v is the local `vLocal`. Returns the position where {@link Emitter.endPromotion}
   * inserts the loads.
   */
  beginPromotion(fields: ReadonlySet<string>, vLocal: string | null): number {
    this.promoted = fields;
    this.used.clear();
    this.dirty.clear();
    this.assignedFirst.clear();
    this.synced = false;
    this.vLocal = vLocal;
    return this.lines.length;
  }

  /** Ends a promoted loop body: loads the fields used at `at`, stores the assigned ones here. */
  endPromotion(at: number): void {
    const pad = '  '.repeat(this.indent);
    const order = this.info.fields.map((f) => f.name);
    const loads = order.filter((n) => this.used.has(n)).map((n) => `${pad}let s_${n} = ${this.assignedFirst.has(n) ? '0' : `F_${n}[_k]`};`);
    for (const n of order) if (this.dirty.has(n)) this.line(`F_${n}[_k] = s_${n};`);
    // Around a call that may read or write anything: every local back to its array, then reloaded.
    const gOrder = this.info.globals.map((g) => g.name).filter((g) => this.gUsed.has(g));
    const gIndex = (g: string): number => this.globalIndex(g);
    const fieldSync = (kind: string, p: string): string[] => kind === 'flush'
      ? ['_at(_k, _n);', ...(this.vLocal ? [`_vc[0] = ${this.vLocal};`] : []), ...order.filter((n) => this.used.has(n)).map((n) => `F_${n}[_k] = s_${n};`), ...gOrder.map((g) => `_G[${gIndex(g)}] = g_${g};`)].map((l) => p + l)
      : [...(this.vLocal ? [`${this.vLocal} = _vc[0];`] : []), ...order.filter((n) => this.used.has(n)).map((n) => `s_${n} = F_${n}[_k];`), ...gOrder.map((g) => `g_${g} = _G[${gIndex(g)}];`)].map((l) => p + l);
    for (let i = at; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      if (!line.endsWith('*/')) continue;
      const pad = indentOf(line);
      const s = line.slice(pad.length);
      if (s !== '/*@flush*/' && s !== '/*@reload*/') continue;
      const rep = fieldSync(s === '/*@flush*/' ? 'flush' : 'reload', pad);
      this.lines.splice(i, 1, ...rep);
      i += rep.length - 1;
    }
    this.lines.splice(at, 0, ...loads);
    this.promoted = null;
    this.vLocal = null;
  }

  /**
   * A name of VERBATIM C code in JavaScript: `_l<name>` (a LOCAL, argument or the FUNCTION's
   * value), a variable of the mechanism (nocmodl makes them macros of the instance's data), or
   * `_ion_<name>` (the ion's variable at the node, as the kernel read it). Undefined for others.
   */
  cName(id: string, scope: Scope, at: Stmt, write: boolean): string | undefined {
    if (id.startsWith('_ion_')) {
      if (write) return undefined;
      const name = id.slice(5);
      for (const [j, ion] of this.info.ions.entries()) {
        const v = ion.vars.find((x) => x.name === name);
        if (v) return `_ion${j}_${v.slot}[_n]`;
      }
      return undefined;
    }
    if (id.startsWith('_l')) {
      const name = id.slice(2);
      return scope.locals.get(name) ?? (scope.fn && !scope.fn.procedure && name === scope.fn.name ? `_r_${name}` : undefined);
    }
    const sym = this.info.symbols.get(id);
    if (!sym || scope.locals.has(id)) return undefined;
    const scalar = (sym.kind === 'field' || sym.kind === 'global') && sym.length === 1;
    const special = sym.kind === 'special' && ((!write && ['t', 'dt', 'celsius'].includes(sym.name)) || sym.name === 'v');
    return scalar || special ? this.ref(id, null, scope, at, write) : undefined;
  }

  /** An lvalue/rvalue for a variable reference. */
  ref(name: string, index: Expr | null, scope: Scope, at: Expr | Stmt, write = false): string {
    const local = scope.locals.get(name);
    if (local !== undefined) return index ? `${local}[${this.intIndex(index, scope)}]` : local;
    if (scope.fn && !scope.fn.procedure && name === scope.fn.name) return `_r_${name}`;
    if (scope.netReceive && name === 'flag') return '_flag';
    if (name === DERIV_ARRAY && this.derivLocals && index?.type === 'Number') return `_d${index.value}`;
    if (name === DERIV_ARRAY || name === START_ARRAY || name === SLOPES_ARRAY) {
      if (index?.type === 'Number') this.maxImplicit = Math.max(this.maxImplicit, index.value + 1);
      const js = name === DERIV_ARRAY ? '_D' : name === START_ARRAY ? '_X0' : '_F1';
      return `${js}[${index ? this.intIndex(index, scope) : 0}]`;
    }
    const sym = this.info.symbols.get(name);
    if (!sym) {
      const why = UNSUPPORTED_VARIABLES.get(name);
      this.session.error(why ? DiagnosticCode.Unsupported : DiagnosticCode.Undefined, why ?? `undefined name \`${name}\`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL`, at.location);
      return '0';
    }
    switch (sym.kind) {
      case 'field':
        if (sym.length > 1) return `${this.fieldName(name)}[_k * ${sym.length} + ${index ? this.intIndex(index, scope) : 0}]`;
        return this.field(name, write);
      case 'global':
        return index ? `_G[${sym.index} + ${this.intIndex(index, scope)}]` : sym.length === 1 ? this.global(name, sym.index, write) : `_G[${sym.index}]`;
      case 'constant': return jsNumber(sym.value);
      case 'fileLocal': return index ? `_fl_${name}[${this.intIndex(index, scope)}]` : `_fl_${name}[0]`;
      case 'random':
        this.session.error(DiagnosticCode.Semantic, `\`${name}\` is a RANDOM stream: pass it to random_uniform, random_normal, random_negexp, random_setseq or random_setids`, at.location);
        return '0';
      case 'pointer':
        if (index) {
          this.session.error(DiagnosticCode.Unsupported, `\`${name}\` is a POINTER to one value: POINTERs to arrays are not supported`, at.location);
          return '0';
        }
        // What the instance's POINTER points at (core resolves every one before kernels run).
        return `_P${sym.index}[_k].array[_P${sym.index}[_k].index]`;
      case 'special':
        switch (sym.name) {
          case 'v': return this.v();
          case 't': return '_ctx.t';
          case 'dt': return '_dt';
          case 'celsius': return '_ctx.celsius';
          case 'secondorder': return '_ctx.secondorder';
          case 'area': return '_nodes.area[_n]'; // the segment's membrane area [um2]
          case 'diam':
            // The segment's diameter [um], from core's `NodeData.diam` (see emitModule's _bind).
            this.usesDiam = true;
            return '_diam[_n]';
        }
        return '0';
      case 'function':
        this.session.error(DiagnosticCode.Semantic, `\`${name}\` is a ${sym.procedure ? 'PROCEDURE' : 'FUNCTION'}, not a variable: call it as ${name}(...)`, at.location);
        return '0';
    }
  }

  intIndex(e: Expr, scope: Scope): string {
    return `(${this.expr(e, scope)}) | 0`;
  }

  cond(e: Expr, scope: Scope): string {
    if (e.type === 'Binary' && ['<', '<=', '>', '>=', '==', '!=', '&&', '||'].includes(e.op)) {
      if (e.op === '&&' || e.op === '||') return `(${this.cond(e.left, scope)} ${e.op} ${this.cond(e.right, scope)})`;
      const op = e.op === '==' ? '===' : e.op === '!=' ? '!==' : e.op;
      return `(${this.expr(e.left, scope)} ${op} ${this.expr(e.right, scope)})`;
    }
    if (e.type === 'Unary' && e.op === '!') return `(!${this.cond(e.arg, scope)})`;
    return `(${this.expr(e, scope)} !== 0)`;
  }

  expr(e: Expr, scope: Scope): string {
    const inv = this.invariants;
    if (inv !== null && (e.type === 'Binary' || e.type === 'Call' || (e.type === 'Unary' && e.arg.type !== 'Name' && e.arg.type !== 'Number'))
      && this.invariant(e, inv.changed)) {
      this.invariants = null;
      let js: string;
      try {
        js = this.exprHere(e, scope);
      } finally {
        this.invariants = inv;
      }
      let name = inv.pool.get(js);
      if (name === undefined) {
        name = `_iv${this.tmp++}`;
        inv.pool.set(js, name);
        inv.decls.push(`const ${name} = ${js};`);
      }
      return name;
    }
    return this.exprHere(e, scope);
  }

  /**
   * Starts computing once what the statements `stmts`, emitted next (maybe more than once), read
   * but change neither there nor through `more`: each such expression becomes a declaration that
   * {@link Emitter.endInvariants} puts at the current line, and is used by name. Nothing is hoisted
   * where `when` is false, with the option hoistInvariants off, or where the statements do more
   * than assign and call the math functions (a call of a PROCEDURE could change anything).
   */
  beginInvariants(stmts: readonly Stmt[], more: readonly string[], when = true): void {
    this.invariantsAt = { line: this.lines.length, depth: this.indent };
    const changed = when && this.hoistInvariants ? changedNames(stmts, more, (f) => this.isMath(f)) : null;
    this.invariants = changed === null ? null : { changed, pool: new Map(), decls: [] };
  }

  /** Ends {@link Emitter.beginInvariants}: the declarations go where it began. */
  endInvariants(): void {
    const inv = this.invariants;
    const at = this.invariantsAt;
    this.invariants = null;
    this.invariantsAt = null;
    if (inv !== null && at !== null) this.lines.splice(at.line, 0, ...inv.decls.map((d) => indentation(at.depth) + d));
  }

  /** Whether e reads none of `changed` and calls nothing but the math functions. */
  private invariant(e: Expr, changed: ReadonlySet<string>): boolean {
    switch (e.type) {
      case 'Number': return true;
      case 'Name': return !changed.has(e.name);
      case 'Indexed': return !changed.has(e.name) && this.invariant(e.index, changed);
      case 'Unary': return this.invariant(e.arg, changed);
      case 'Binary': return this.invariant(e.left, changed) && this.invariant(e.right, changed);
      case 'Call': return this.isMath(e.name) && e.args.every((a) => this.invariant(a, changed));
      default: return false;
    }
  }

  /** Whether a call of `name` is of a math function (not a FUNCTION of the file by that name). */
  private isMath(name: string): boolean {
    return MATH_FUNCTIONS.has(name) && this.info.symbols.get(name)?.kind !== 'function';
  }

  /** e written out where it is. */
  private exprHere(e: Expr, scope: Scope): string {
    switch (e.type) {
      case 'Number': return jsNumber(e.value);
      case 'String':
        this.session.error(DiagnosticCode.Semantic, 'a string can only be an argument of printf', e.location);
        return '0';
      case 'Name': return this.ref(e.name, null, scope, e);
      case 'Indexed': return this.ref(e.name, e.index, scope, e);
      case 'Prime':
        this.session.error(DiagnosticCode.Semantic, `a derivative \`${e.name}'\` can only be assigned, in a DERIVATIVE block`, e.location);
        return '0';
      case 'Unary':
        return e.op === '-' ? `(-${this.expr(e.arg, scope)})` : `(${this.cond(e.arg, scope)} ? 0 : 1)`;
      case 'Binary':
        if (e.op === '^') {
          const base = this.expr(e.left, scope);
          return this.intPower(e.right, base) ?? `Math.pow(${base}, ${this.expr(e.right, scope)})`;
        }
        if (['+', '-', '*', '/'].includes(e.op)) return `(${this.expr(e.left, scope)} ${e.op} ${this.expr(e.right, scope)})`;
        return `(${this.cond(e, scope)} ? 1 : 0)`;
      case 'Call': return this.call(e, scope);
    }
  }

  /**
   * base^exponent as core's correctly rounded x^3 or x^4 (`_lpow3`, `_lpow4`: glibc's pow, NEURON's,
   * gives the same but for its rare misroundings; V8's Math.pow differs from it on about 8% of
   * them, and costs far more) when the exponent is the number 3 or 4; else null.
   */
  private intPower(exponent: Expr, base: string): string | null {
    if (exponent.type !== 'Number' || (exponent.value !== 3 && exponent.value !== 4)) return null;
    const f = `_lpow${exponent.value}`;
    this.helpers.add(f);
    return `${f}(${base})`;
  }

  call(e: Extract<Expr, { type: 'Call' }>, scope: Scope): string {
    if (e.name === 'printf' || e.name === 'fprintf') {
      this.session.warning(DiagnosticCode.Unsupported, `${e.name} ignored: mechanisms do not print`, e.location);
      return '0';
    }
    const args = e.name.startsWith('random_') ? ['0', ...e.args.slice(1).map((a) => this.expr(a, scope))] : e.args.map((a) => this.expr(a, scope));
    const m = MATH_FUNCTIONS.get(e.name);
    const sym = this.info.symbols.get(e.name);
    if (sym?.kind === 'function') {
      if (sym.arity !== args.length) {
        this.session.error(DiagnosticCode.Semantic, `\`${e.name}\` takes ${sym.arity} argument(s), found ${args.length}`, e.location);
      }
      return `${sym.procedure ? 'p' : 'f'}_${e.name}(${args.join(', ')})`;
    }
    if (m) {
      if (m.arity !== args.length) this.session.error(DiagnosticCode.Semantic, `\`${e.name}\` takes ${m.arity} argument(s), found ${args.length}`, e.location);
      // NEURON's hoc_Exp (0 below -700, exp(700) above 700), written out so that it needs no
      // call: a kernel with a large body does not inline small functions any more.
      if (m.js === '_exp') {
        this.helpers.add('_lexp');
        return `(_e = ${args[0] ?? '0'}, _e < -700 ? 0 : _e > 700 ? 1.0142320547350045e+304 : _lexp(_e))`;
      }
      const power = e.name === 'pow' && e.args[1] !== undefined ? this.intPower(e.args[1], args[0]!) : null;
      if (power !== null) return power;
      if (m.js.startsWith('_')) this.helpers.add(m.js);
      return `${m.js}(${args.join(', ')})`;
    }
    switch (e.name) {
      case 'at_time': return '0';
      case 'nrn_ghk': this.helpers.add('_ghk'); return `_ghk(${args.join(', ')})`;
      case 'set_seed': this.helpers.add('_scop'); return `_setSeed(${args[0] ?? '0'})`;
      case 'exprand': this.helpers.add('_scop'); return `_exprand(${args[0] ?? '1'})`;
      case 'scop_random': this.helpers.add('_scop'); return '_scopRandom()';
      case 'normrand': this.helpers.add('_scop'); return `_normrand(${args[0] ?? '0'}, ${args[1] ?? '1'})`;
      case 'random_uniform': case 'random_negexp': case 'random_normal': case 'random_setids': case 'random_setseq': {
        const first = e.args[0];
        const sym = first?.type === 'Name' ? this.info.symbols.get(first.name) : undefined;
        if (sym?.kind !== 'random') {
          this.session.error(DiagnosticCode.Semantic, `${e.name} expects a RANDOM variable (declared with \`NEURON { RANDOM name }\`) as its first argument`, e.location);
          return '0';
        }
        const r = `_R${sym.index}[_k]`;
        const rest = args.slice(1);
        switch (e.name) {
          case 'random_uniform': return rest.length === 2 ? `(${rest[0]} + (${rest[1]} - ${rest[0]}) * ${r}.uniform01())` : `${r}.uniform01()`;
          case 'random_normal': return rest.length === 2 ? `(${rest[0]} + ${rest[1]} * ${r}.normal())` : `${r}.normal()`;
          case 'random_negexp': return `${r}.negexp(${rest[0] ?? '1'})`;
          case 'random_setids': return `(${r}.setIds(${rest.join(', ')}), 0)`;
          default: return `(${r}.setSequence(${rest.join(', ')}), 0)`;
        }
      }
      case 'unirand': case 'scop_normal': case 'scop_exprand':
        this.session.error(DiagnosticCode.Unsupported, `${e.name} is not supported yet (random numbers need a reproducible stream from core)`, e.location);
        return '0';
      case 'net_send':
        if (!scope.netReceive && this.info.netReceive === null) this.session.error(DiagnosticCode.Semantic, 'net_send needs a NET_RECEIVE block', e.location);
        this.helpers.add('_send');
        return `_send(${args[0] ?? '0'}, ${args[1] ?? '0'})`;
      case 'net_event': this.helpers.add('_fire'); return `_fire(${args[0] ?? '_ctx.t'})`;
      case 'net_move': this.helpers.add('_move'); return `_move(${args[0] ?? '_ctx.t'})`;
      case 'state_discontinuity':
        return `(${this.ref((e.args[0] as { name?: string }).name ?? '', null, scope, e, true)} = ${args[1] ?? '0'})`;
      default:
        this.session.error(DiagnosticCode.Undefined, `undefined function \`${e.name}\`: define it as a FUNCTION or PROCEDURE`, e.location);
        return '0';
    }
  }

  stmts(list: readonly Stmt[], scope: Scope): void {
    if (list.some((s) => s.type === 'Verbatim')) { this.cBlock(list, scope); return; }
    for (const s of list) this.stmt(s, scope);
  }

  /** A block whose VERBATIM texts, with its NMODL statements between them, are one piece of C
   * (see c-verbatim.ts). */
  private cBlock(list: readonly Stmt[], scope: Scope): void {
    const first = list.find((s) => s.type === 'Verbatim')!;
    const segments = list.map((s, i) => (s.type === 'Verbatim' ? s.text : `\n${STMT_MARK}${i}${STMT_MARK}\n`));
    const target: CTarget = {
      name: (id, write) => this.cName(id, scope, first, write),
      call: (id, args) => this.cCall(id, args),
      element: (id, index) => this.cElement(id, index, scope),
      // A C local named like a LOCAL, an argument or a variable of the mechanism is C's own:
      // NMODL statements keep meaning theirs (nocmodl writes those as their own C names).
      declare: (id) => {
        if (scope.locals.has(id) || this.info.symbols.has(id)) {
          const js = this.fresh(`c_${id}`);
          this.line(`let ${js} = 0;`);
          return js;
        }
        this.declareLocals([{ name: id, length: null }], scope);
        return scope.locals.get(id)!;
      },
      fileStatic: (id) => (this.cFile.statics.has(id) ? `_cs_${id}` : undefined),
      nmodl: (n) => this.stmt(list[n]!, scope),
      ret: (value) => {
        if (scope.fn) return scope.fn.procedure ? 'return 0;' : `return ${value ?? `_r_${scope.fn.name}`};`;
        if (scope.netReceive) return 'break _nr;';
        return undefined;
      },
      helper: (name) => { this.helpers.add(name); },
      warn: (message) => { this.session.warning(DiagnosticCode.Unsupported, message, first.location); },
      line: (l) => this.line(l),
      open: (l) => this.open(l),
      close: (l) => { this.close(l); if (l !== undefined && l.endsWith('{')) this.indentIn(); },
    };
    try {
      translateC(segments, this.cFile.macros, target);
    } catch (e) {
      if (!(e instanceof CError)) throw e;
      const s = list[e.segment];
      const at = s?.type === 'Verbatim' ? verbatimLocation(s, e.at) : (s ?? first).location;
      // In a FUNCTION or PROCEDURE the whole function becomes one that stops when called (see
      // emitModule); elsewhere (code every run goes through) it is an error.
      if (this.untranslatedC) throw new UntranslatedC(e.message, at);
      this.session.error(DiagnosticCode.Unsupported, `VERBATIM C code not supported: ${e.message}`, at);
    }
  }

  /** Set while a FUNCTION or PROCEDURE is emitted: VERBATIM C that is not taken throws
   * {@link UntranslatedC} instead of being an error. */
  untranslatedC = false;

  /** Drops the lines from `at` on, and goes back to `indent`. */
  truncate(at: number, indent: number): void {
    this.lines.length = at;
    this.indent = indent;
  }

  /** The indentation level (for {@link Emitter.truncate}). */
  get level(): number {
    return this.indent;
  }

  /** Element `index` of an array that VERBATIM C indexes: a LOCAL array (`_lx`), or an array
   * field, GLOBAL or file LOCAL of the mechanism. */
  private cElement(id: string, index: string, scope: Scope): string | undefined {
    // NET_RECEIVE's `_args[i]`: its argument i (nocmodl's pointer to the NetCon's weights).
    if (id === '_args' && scope.netReceive && this.info.netReceive && /^\d+$/.test(index)) {
      const p = this.info.netReceive.params[Number(index)];
      return p ? `_w_${p.name}` : undefined;
    }
    const local = id.startsWith('_l') ? scope.locals.get(id.slice(2)) : undefined;
    if (local !== undefined) return this.scratch.has(local) ? `${local}[${index}]` : undefined;
    const sym = this.info.symbols.get(id);
    if (!sym || scope.locals.has(id)) return undefined;
    if (sym.kind === 'field' && sym.length > 1) return `${this.fieldName(id)}[_k * ${sym.length} + (${index})]`;
    if (sym.kind === 'global' && sym.length > 1) return `_G[${sym.index} + (${index})]`;
    if (sym.kind === 'fileLocal') return `_fl_${id}[${index}]`;
    return undefined;
  }

  /** A call from VERBATIM C of the file's FUNCTIONs and PROCEDUREs, or of NMODL's built-ins. */
  private cCall(id: string, args: readonly string[]): string | undefined {
    const sym = this.info.symbols.get(id);
    if (sym?.kind === 'function') return `${sym.procedure ? 'p' : 'f'}_${id}(${args.join(', ')})`;
    switch (id) {
      case 'exprand': this.helpers.add('_scop'); return `_exprand(${args[0] ?? '1'})`;
      case 'scop_random': case 'unifrand': this.helpers.add('_scop'); return '_scopRandom()';
      case 'normrand': this.helpers.add('_scop'); return `_normrand(${args[0] ?? '0'}, ${args[1] ?? '1'})`;
      case 'set_seed': this.helpers.add('_scop'); return `_setSeed(${args[0] ?? '0'})`;
      default: return undefined;
    }
  }

  declareLocals(names: readonly { name: string; length: number | string | null; location?: SourceRange }[], scope: Scope): void {
    for (const l of names) {
      if (l.length !== null) {
        const key = `_la_${l.name}_${this.tmp++}`;
        const sym = typeof l.length === 'string' ? this.info.symbols.get(l.length) : undefined;
        const len = typeof l.length === 'number' ? l.length : sym?.kind === 'constant' ? sym.value : NaN;
        if (!Number.isInteger(len) || len < 1 || len > 1e6) {
          this.session.error(DiagnosticCode.BadDeclaration, `the size of LOCAL \`${l.name}[${String(l.length)}]\` must be a whole number (up to 1e6) or a DEFINEd name`, l.location ?? { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });
        }
        this.scratch.set(key, Number.isInteger(len) && len >= 1 && len <= 1e6 ? len : 1);
        scope.locals.set(l.name, key);
      } else {
        const js = `_l_${l.name}`;
        if ([...scope.locals.values()].includes(js)) { scope.locals.set(l.name, js); continue; }
        scope.locals.set(l.name, js);
        this.line(`let ${js} = 0;`);
      }
    }
  }

  stmt(s: Stmt, scope: Scope): void {
    switch (s.type) {
      case 'Local': this.declareLocals(s.names, scope); break;
      case 'Assign': {
        const t = s.target;
        if (t.type === 'Prime') {
          this.session.error(DiagnosticCode.Semantic, `\`${t.name}' = ...\` belongs in a DERIVATIVE block that is SOLVEd`, s.location);
          break;
        }
        // The value first: a local assigned before it is read needs no load (see field()).
        const value = this.expr(s.value, scope);
        const lhs = this.ref(t.name, t.type === 'Indexed' ? t.index : null, scope, t, true);
        if (isNumberText(lhs)) {
          this.session.error(DiagnosticCode.Semantic, `\`${t.name}\` is a constant and cannot be assigned`, s.location);
          break;
        }
        this.line(`${lhs} = ${value};`);
        break;
      }
      case 'ExprStmt': {
        const e = s.expr;
        const fn = this.inlineTables.has(s) && e.type === 'Call' ? this.info.functions.find((f) => f.name === e.name) : undefined;
        if (fn) { this.inlineTable(e as Extract<Expr, { type: 'Call' }>, fn, scope); break; }
        this.line(`${this.expr(e, scope)};`);
        break;
      }
      case 'If':
        this.open(`if ${this.cond(s.cond, scope)} {`);
        this.conditional++;
        this.stmts(s.then, scope);
        if (s.otherwise) {
          this.indent--; this.line('} else {'); this.indent++;
          this.stmts(s.otherwise, scope);
        }
        this.conditional--;
        this.close();
        break;
      case 'While':
        this.conditional++;
        this.open(`while ${this.cond(s.cond, scope)} {`);
        this.stmts(s.body, scope);
        this.close();
        this.conditional--;
        break;
      case 'For': {
        if (!scope.locals.has(s.variable) && !this.info.symbols.has(s.variable)) this.declareLocals([{ name: s.variable, length: null }], scope);
        const to = this.fresh('to');
        this.line(`const ${to} = ${this.expr(s.to, scope)};`);
        const from = this.expr(s.from, scope);
        const v = this.ref(s.variable, null, scope, s, true);
        this.conditional++;
        this.open(`for (${v} = ${from}; ${v} <= ${to}; ${v} += ${s.by ? this.expr(s.by, scope) : '1'}) {`);
        this.stmts(s.body, scope);
        this.close();
        this.conditional--;
        break;
      }
      case 'BlockStmt':
        this.open('{');
        this.stmts(s.body, { ...scope, locals: new Map(scope.locals) });
        this.close();
        break;
      case 'Table': case 'UnitsSwitch': break;
      case 'KeywordStmt':
        if (s.keyword === 'PROTECT') this.stmts(s.body, scope);
        else if (s.keyword === 'MUTEXLOCK' || s.keyword === 'MUTEXUNLOCK' || s.keyword === 'CONDUCTANCE') break;
        else this.session.error(DiagnosticCode.Unsupported, `${s.keyword} is not supported yet here`, s.location);
        break;
      case 'Verbatim': this.cBlock([s], scope); break;
      case 'ForNetcons': {
        if (!scope.netReceive || !this.info.netReceive) {
          this.session.error(DiagnosticCode.Semantic, 'FOR_NETCONS belongs in NET_RECEIVE', s.location);
          break;
        }
        // Each NetCon onto this instance in turn, its weight vector in the loop's arguments. The
        // event's own arguments are written to its vector first and read back after: FOR_NETCONS
        // may change them (in NEURON both are the same memory).
        const own = this.info.netReceive.params;
        own.forEach((p, i) => this.line(`weights[offset + ${i}] = _w_${p.name};`));
        const list = this.fresh('ncw');
        const w = this.fresh('fw');
        this.open('{');
        this.line(`const ${list} = _ctx.events?.weights?.(_mech, _k) ?? [];`);
        this.open(`for (const ${w} of ${list}) {`);
        const inner: Scope = { ...scope, locals: new Map(scope.locals) };
        const names = s.params.slice(0, own.length).map((p, i) => {
          const js = this.fresh(`fn_${p.name}`);
          inner.locals.set(p.name, js);
          this.line(`let ${js} = ${w}[${i}];`);
          return js;
        });
        this.stmts(s.body, inner);
        names.forEach((js, i) => this.line(`${w}[${i}] = ${js};`));
        this.close();
        this.close();
        own.forEach((p, i) => this.line(`_w_${p.name} = weights[offset + ${i}];`));
        break;
      }
      case 'Watch': {
        const ids = this.info.watchOf.get(s) ?? [];
        // The first WATCH run by one NET_RECEIVE call disarms every watch of the instance (nocmodl).
        this.open('if (_watch_rm++ === 0) {');
        for (const w of this.info.watches) this.line(`F_${w.armed}[_k] = 0;`);
        this.close();
        for (const i of ids) {
          const w = this.info.watches[i]!;
          this.line(`F_${w.armed}[_k] = 1;`);
          this.line(`F_${w.above}[_k] = ${this.expr(w.value, scope)} > 0 ? 1 : 0;`);
          this.line(`F_${w.flagField}[_k] = ${this.expr(w.flag, scope)};`);
        }
        break;
      }
      case 'Solve': {
        const info = this.info.inlineSolves.get(s);
        if (info) this.solve(info, scope);
        break;
      }
      default:
        this.session.error(DiagnosticCode.Unsupported, `${describe(s)} is not supported yet here`, s.location);
    }
  }

  /**
   * Emits the statements that advance one SOLVE. `step`: the SOLVE of BREAKPOINT that the advance
   * kernel runs each step, where NEURON's code for the methods other than cnexp takes
   * `secondorder` into account (see {@link Emitter.implicitBody}).
   */
  solve(info: SolveInfo, scope: Scope, step = false): void {
    if (info.implicit) { this.implicit(info.implicit, scope, info.method, step); return; }
    this.stmts(info.body, scope);
  }

  implicit(sys: ImplicitSystem, scope: Scope, method = '', step = false): void {
    // (Its states are read before the Newton iterations assign them.)
    this.conditional++;
    this.implicitBody(sys, scope, method, step);
    this.conditional--;
  }

  /**
   * An implicit system solved by Newton's method. With secondorder 1 or 2, NEURON's code for a
   * BREAKPOINT SOLVE by sparse or derivimplicit (`method`, `step`) takes a half step, then adds
   * half a step of the derivative it leaves: sparse's (x - x0)/h, derivimplicit's derivative at
   * the new states (a Crank-Nicolson step); after a linear STEADYSTATE sparse (of INITIAL) it
   * adds dt times sparse's (x - x0)/1e9.
   */
  private implicitBody(sys: ImplicitSystem, scope: Scope, method: string, step: boolean): void {
    const n = sys.states.length;
    this.maxImplicit = Math.max(this.maxImplicit, n);
    const stateRefs = sys.states.map((st) => this.ref(st.name, st.index, scope, { type: 'Name', name: st.name, location: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } }, true));
    const structure = jacobianStructure(sys, this.info.functions);
    this.open('{');
    const halved = step && !sys.steady && (method === 'sparse' || method === 'derivimplicit');
    this.line(`const _h = ${sys.steady ? '1e9' : halved ? '(_ctx.secondorder !== 0 ? _dt * 0.5 : _dt)' : '_dt'};`);
    stateRefs.forEach((r, i) => this.line(`_X0[${i}] = ${r};`));
    // What does not depend on the states (rate constants, say) runs once, before the iterations.
    const outer = { ...scope, locals: new Map(scope.locals) };
    const hoisted = structure ? sys.derivs.filter((_, i) => structure.hoist[i]) : [];
    const derivs = structure ? sys.derivs.filter((_, i) => !structure.hoist[i]) : sys.derivs;
    if (hoisted.length > 0) this.stmts(hoisted, outer);
    // Newton's method with the Jacobian at every iteration. (Keeping it across iterations, a
    // chord method, can lead a strongly nonlinear scheme to another root.) A linear system is
    // solved by its first step. A nonlinear scheme SOLVEd by sparse stops where NEURON's sparse
    // solver does: once the corrections of an iteration sum to at most 1e-6 (in the states'
    // units), a state that went below 0 set to 0 (its guard for nonlinear kinetic schemes), so
    // that the iterations and what they leave are NEURON's. Other systems iterate until the
    // largest correction relative to its state is below 1e-12.
    const neuronSparse = method === 'sparse' && !structure?.linear;
    if (structure?.analytic && !structure.linear && !neuronSparse) this.line('let _chord = 0, _errp = 0, _fell = 0;');
    // (What the iterations compute from names they do not change goes before them.)
    this.beginInvariants(derivs, sys.states.map((st) => st.name), structure !== null && !structure.linear);
    this.open(`for (let _it = 0; _it < ${structure?.linear ? 1 : 50}; _it++) {`);
    // The derivatives in locals when every one is at a constant place (a KINETIC scheme's, a
    // DERIVATIVE block's): sums kept in registers rather than memory, the same operations.
    const places = derivativePlaces(derivs);
    const evalF = (target: string): void => {
      this.open('{');
      if (places > 0) this.line(`let ${Array.from({ length: Math.max(places, n) }, (_, i) => `_d${i} = 0`).join(', ')};`);
      this.derivLocals = places > 0;
      try {
        this.stmts(derivs, { ...outer, locals: new Map(outer.locals) });
      } finally {
        this.derivLocals = false;
      }
      stateRefs.forEach((r, i) => {
        const d = places > 0 ? `_d${i}` : `_D[${i}]`;
        this.line(sys.conserved[i] ? `${target}[${i}] = ${d};` : `${target}[${i}] = (${r} - _X0[${i}]) - _h * ${d};`);
      });
      this.close();
    };
    let chord = false;
    if (structure === null) this.denseJacobian(n, stateRefs, evalF);
    else chord = this.sparseJacobian(sys, n, structure, stateRefs, evalF, outer, !neuronSparse);
    this.line('let _err = 0;');
    stateRefs.forEach((r, i) => {
      this.line(`${r} -= _F[${i}];`);
      if (neuronSparse) {
        this.line(`if (${r} < 0) ${r} = 0;`);
        this.line(`_err += Math.abs(_F[${i}]);`);
      } else this.line(`{ const _a = Math.abs(_F[${i}]) / (Math.abs(${r}) + 1e-12); if (_a > _err) _err = _a; }`);
    });
    this.line(neuronSparse ? 'if (_err <= 1e-6) break;' : 'if (_err < 1e-12) break;');
    if (chord) {
      // Once a Newton correction is below 1e-6, the next steps reuse its factors (a chord step:
      // the same root, converging at a rate of about the size of that correction) as long as
      // each correction is below a tenth of the one before; else Newton again.
      this.line('_chord = _fell !== 0 ? 0 : _chord === 0 ? (_err < 1e-6 ? 1 : 0) : (_err < 0.1 * _errp ? 1 : 0);');
      this.line('_errp = _err;');
    }
    this.close();
    this.endInvariants();
    // A linear system's one step leaves the block's other assignments (cai = ca[0], a sum of
    // states) at the step's start: the statements run once more at the solution, as NEURON's
    // sparse solver evaluates the scheme once more after it.
    // (And after the last correction of NEURON's sparse iterations, which leave the block's
    // assignments at the states before it.)
    if ((structure?.linear || neuronSparse) && (structure === null || structure.assignsOutside)) {
      this.open('{');
      this.stmts(derivs, { ...outer, locals: new Map(outer.locals) });
      this.close();
    }
    if (halved && method === 'derivimplicit') {
      this.open('if (_ctx.secondorder !== 0) {');
      this.open('{');
      this.stmts(derivs, { ...outer, locals: new Map(outer.locals) });
      this.close();
      stateRefs.forEach((r, i) => this.line(`${r} += _h * _D[${i}];`));
      this.close();
    } else if (method === 'sparse' && (halved || (sys.steady && structure?.linear && !sys.algebraic))) {
      this.open('if (_ctx.secondorder !== 0) {');
      const step = sys.steady ? '_dt' : '_h';
      stateRefs.forEach((r, i) => this.line(`{ const _d = (${r} - _X0[${i}]) / _h; ${r} += ${step} * _d; }`));
      this.close();
    }
    this.close();
  }

  /** The Newton step with every column of the Jacobian by finite differences, one at a time,
   * and a dense solve: for systems whose structure the analysis cannot tell. Leaves the step in `_F`. */
  private denseJacobian(n: number, stateRefs: readonly string[], evalF: (target: string) => void): void {
    this.helpers.add('_solveDense');
    this.denseJ = Math.max(this.denseJ, n * n);
    // Jacobian columns by finite differences first, then F at the current iterate, so that the
    // last evaluation of the block (and any ASSIGNED it sets) is at unperturbed states.
    this.open(`for (let _j = 0; _j < ${n}; _j++) {`);
    this.line('let _xj = 0;');
    this.line('switch (_j) {');
    stateRefs.forEach((r, i) => this.line(`  case ${i}: _xj = ${r}; break;`));
    this.line('}');
    this.line('const _dx = 1e-7 * (Math.abs(_xj) > 1e-3 ? Math.abs(_xj) : 1e-3);');
    this.line('_DX[_j] = _dx;');
    this.line('switch (_j) {');
    stateRefs.forEach((r, i) => this.line(`  case ${i}: ${r} = _xj + _dx; break;`));
    this.line('}');
    evalF('_F1');
    this.line(`for (let _i = 0; _i < ${n}; _i++) _J[_i * ${n} + _j] = _F1[_i];`);
    this.line('switch (_j) {');
    stateRefs.forEach((r, i) => this.line(`  case ${i}: ${r} = _xj; break;`));
    this.line('}');
    this.close();
    evalF('_F');
    this.line(`for (let _i = 0; _i < ${n}; _i++) for (let _j = 0; _j < ${n}; _j++) _J[_i * ${n} + _j] = (_J[_i * ${n} + _j] - _F[_i]) / _DX[_j];`);
    this.line(`_solveDense(${n});`);
  }

  /**
   * The Newton step with the Jacobian's structure known (`rows`): columns that share no row are
   * perturbed together (the same entries, bit for bit, as one column at a time; the others are
   * zero), then a dense solve for small or dense systems, or a sparse LU in a fill-reducing
   * order. Leaves the step in `_F`. With `allowChord`, a nonlinear system's iterations close to
   * the solution reuse the last factors (see implicitBody); returns whether it emitted that.
   */
  private sparseJacobian(sys: ImplicitSystem, n: number, structure: JacobianStructure, stateRefs: readonly string[], evalF: (target: string) => void, scope: Scope, allowChord: boolean): boolean {
    const { rows, exact } = structure;
    // (Rows known exactly take no part in the finite differences.)
    const fdRows = rows.map((r, i) => (exact.has(i) ? [] : r));
    const lu = sys.algebraic ? null : sparseLu(n, rows);
    const useLu = lu !== null && n >= SPARSE_MIN_STATES && lu.flops * 2 < (n * n * n) / 3;
    // Where entry (i, j) lives: its place in the dense matrix, or its slot in the pattern.
    const slot = new Map<string, number>();
    rows.forEach((r, i) => { for (const j of r) slot.set(`${i},${j}`, useLu ? slot.size : i * n + j); });
    const J = useLu ? '_JC' : '_J';
    if (useLu) this.jcSlots = Math.max(this.jcSlots, slot.size);
    else {
      this.helpers.add('_solveDense');
      this.denseJ = Math.max(this.denseJ, n * n);
      this.line(`for (let _q = 0; _q < ${n * n}; _q++) _J[_q] = 0;`);
    }
    const chord = allowChord && structure.analytic !== null && useLu && !structure.linear;
    if (structure.analytic) {
      // The entries from their expressions, at the current states: one evaluation per iteration.
      evalF('_F');
      // (Close to the solution, `_chord`: the last factors serve again, see implicitBody.)
      if (chord) this.open('if (_chord === 0) {');
      for (const [i, row] of structure.analytic) {
        for (const [j, d] of row) {
          const dv = `(${this.expr(d, scope)})`;
          const value = sys.conserved[i] ? dv : i === j ? `1 - _h * ${dv}` : `-(_h * ${dv})`;
          this.line(`${J}[${slot.get(`${i},${j}`)}] = ${value};`);
        }
      }
    } else this.finiteDifferences(n, columnGroups(n, fdRows), fdRows, exact, slot, J, stateRefs, evalF);
    if (!useLu) { this.line(`_solveDense(${n});`); return false; }
    const name = this.luSolver(n, rows, lu, slot);
    // (A zero pivot made it fall back to the dense solve, which leaves no factors to reuse.)
    this.line(chord ? `if (${name}() !== 0) _fell = 1;` : `${name}();`);
    if (chord) {
      this.indent--;
      this.line('} else {');
      this.indent++;
      this.line(`${name}_re();`);
      this.close();
    }
    return chord;
  }

  /** The Jacobian's entries by finite differences, a group of columns at a time (into `J`, at
   * the entries' slots), then F at the unperturbed states into `_F`. */
  private finiteDifferences(n: number, groups: readonly (readonly number[])[], fdRows: readonly (readonly number[])[], exact: JacobianStructure['exact'], slot: ReadonlyMap<string, number>, J: string, stateRefs: readonly string[], evalF: (target: string) => void): void {
    const colRows: number[][] = Array.from({ length: n }, () => []);
    fdRows.forEach((r, i) => { for (const j of r) colRows[j]!.push(i); });
    // One evaluation of the system per group of columns, then one at the unperturbed states
    // (the last, so that what the block assigns is left at those): the statements are written
    // once.
    this.open(`for (let _g = 0; _g <= ${groups.length}; _g++) {`);
    this.line('switch (_g) {');
    groups.forEach((g, c) => {
      this.line(`  case ${c}:`);
      for (const j of g) {
        this.line(`    _XS[${j}] = ${stateRefs[j]};`);
        this.line(`    _DX[${j}] = 1e-7 * (Math.abs(_XS[${j}]) > 1e-3 ? Math.abs(_XS[${j}]) : 1e-3);`);
        this.line(`    ${stateRefs[j]} = _XS[${j}] + _DX[${j}];`);
      }
      this.line('    break;');
    });
    this.line('}');
    evalF('_F1');
    this.line('switch (_g) {');
    groups.forEach((g, c) => {
      this.line(`  case ${c}:`);
      for (const j of g) {
        for (const i of colRows[j]!) this.line(`    ${J}[${slot.get(`${i},${j}`)}] = _F1[${i}];`);
        this.line(`    ${stateRefs[j]} = _XS[${j}];`);
      }
      this.line('    break;');
    });
    this.line(`  case ${groups.length}:`);
    this.line(`    for (let _i = 0; _i < ${n}; _i++) _F[_i] = _F1[_i];`);
    this.line('    break;');
    this.line('}');
    this.close();
    fdRows.forEach((r, i) => { for (const j of r) { const p = slot.get(`${i},${j}`); this.line(`${J}[${p}] = (${J}[${p}] - _F[${i}]) / _DX[${j}];`); } });
    for (const [i, c] of exact) for (const [j, value] of c) this.line(`${J}[${slot.get(`${i},${j}`)}] = ${jsNumber(value)};`);
  }

  /** The operations of a sparse LU as a table (integers in a Float64Array, which the WebAssembly
   * kernels read from scratch like a TABLE's values), registered for the module; returns its
   * name. For each pivot: its slot, row and number of rows below; for each of those the
   * multiplier's slot, the row and its updates (target, source); then, for back substitution,
   * each pivot's row, slot and terms (slot, column). */
  private luTable(n: number, lu: SparseLu, at: ReadonlyMap<string, number>): string {
    const slotOf = (i: number, j: number): number => at.get(`${i},${j}`)!;
    const ops: number[] = [];
    lu.order.forEach((p, k) => {
      ops.push(slotOf(p, p), p, lu.eliminate[k]!.length);
      for (const { row, cols } of lu.eliminate[k]!) {
        ops.push(slotOf(row, p), row, cols.length);
        for (const j of cols) ops.push(slotOf(row, j), slotOf(p, j));
      }
    });
    for (let k = n - 1; k >= 0; k--) {
      const p = lu.order[k]!;
      ops.push(p, slotOf(p, p), lu.upper[k]!.length);
      for (const j of lu.upper[k]!) ops.push(slotOf(p, j), j);
    }
    const name = `_t_lu${n}_${hashText(ops.join(','))}`;
    this.luTables.set(name, ops);
    return name;
  }

  /** `<name>_re()`: solves `_J x = _F` again (x into `_F`) with the factors `<name>()` left in
   * `_J` (the multipliers are recomputed from the entries they came from, which elimination
   * leaves as they were; the same operations on `_F` as the factorisation's). */
  private luResolve(name: string, n: number, lu: SparseLu, at: ReadonlyMap<string, number>, table: string | null): string[] {
    const e = (i: number, j: number): string => `_J[${at.get(`${i},${j}`)}]`;
    const out = [`function ${name}_re()${this.t('number')} {`];
    if (table === null) {
      lu.order.forEach((p, k) => {
        out.push(`  const _p${k} = ${e(p, p)};`);
        for (const { row } of lu.eliminate[k]!) out.push(`  { const _l = ${e(row, p)} / _p${k}; _F[${row}] -= _l * _F[${p}]; }`);
      });
      out.push(...codeBackSubstitution(n, lu, e).map((l) => `  ${l}`));
    } else {
      out.push(
        '  let _o = 0;',
        `  for (let _k = 0; _k < ${n}; _k++) {`,
        `    const _pp = ${table}[_o] | 0, _pr = ${table}[_o + 1] | 0, _ns = ${table}[_o + 2] | 0;`,
        '    _o += 3;',
        '    const _pv = _J[_pp];',
        '    for (let _s = 0; _s < _ns; _s++) {',
        `      const _l = _J[${table}[_o] | 0] / _pv, _row = ${table}[_o + 1] | 0, _nc = ${table}[_o + 2] | 0;`,
        '      _o += 3 + 2 * _nc;',
        '      _F[_row] -= _l * _F[_pr];',
        '    }',
        '  }',
        ...tableBackSubstitution(n, table).map((l) => `  ${l}`),
      );
    }
    out.push('  return 0;', '}');
    return out;
  }

  /** A module-level function that solves `_J x = _F` by the sparse LU `lu` (x into `_F`), from
   * the Jacobian's entries in `_JC`; returns its name. A zero pivot falls back to the dense solve
   * for small systems (else the step is NaN, and the run stops there). */
  private luSolver(n: number, rows: readonly (readonly number[])[], lu: SparseLu, slot: Map<string, number>): string {
    const at = new Map(slot);
    for (const [i, j] of lu.fill) at.set(`${i},${j}`, at.size);
    const e = (i: number, j: number): string => `_J[${at.get(`${i},${j}`)}]`;
    this.luSlots = Math.max(this.luSlots, at.size);
    const dense = n <= DENSE_FALLBACK_STATES;
    const fallback = `_luz${n}_${hashText(JSON.stringify([lu.order, rows]))}`;
    const updates = lu.eliminate.reduce((sum, steps) => sum + steps.reduce((s2, st) => s2 + st.cols.length, 0), 0);
    const table = this.luForm === 'table' || (this.luForm === 'auto' && updates > LU_CODE_MAX) ? this.luTable(n, lu, at) : null;
    // The entries, the fill zeroed (and F kept for the fallback), then the elimination.
    const lines: string[] = table
      ? [`for (let _q = 0; _q < ${slot.size}; _q++) _J[_q] = _JC[_q];`, `for (let _q = ${slot.size}; _q < ${at.size}; _q++) _J[_q] = 0;`]
      : [...Array.from({ length: slot.size }, (_, p) => `_J[${p}] = _JC[${p}];`), ...Array.from({ length: at.size - slot.size }, (_, q) => `_J[${slot.size + q}] = 0;`)];
    if (dense) lines.push(`for (let _q = 0; _q < ${n}; _q++) _FC[_q] = _F[_q];`);
    if (table) {
      lines.push(
        'let _o = 0;',
        `for (let _k = 0; _k < ${n}; _k++) {`,
        `  const _pp = ${table}[_o] | 0, _pr = ${table}[_o + 1] | 0, _ns = ${table}[_o + 2] | 0;`,
        '  _o += 3;',
        '  const _pv = _J[_pp];',
        `  if (!(Math.abs(_pv) >= 1e-20)) return ${fallback}();`,
        '  for (let _s = 0; _s < _ns; _s++) {',
        `    const _l = _J[${table}[_o] | 0] / _pv, _row = ${table}[_o + 1] | 0, _nc = ${table}[_o + 2] | 0;`,
        '    _o += 3;',
        '    for (let _c = 0; _c < _nc; _c++) {',
        `      _J[${table}[_o] | 0] -= _l * _J[${table}[_o + 1] | 0];`,
        '      _o += 2;',
        '    }',
        '    _F[_row] -= _l * _F[_pr];',
        '  }',
        '}',
        ...tableBackSubstitution(n, table),
      );
    } else {
      lu.order.forEach((p, k) => {
        lines.push(`let _p${k} = ${e(p, p)};`);
        lines.push(`if (!(Math.abs(_p${k}) >= 1e-20)) return ${fallback}();`);
        for (const { row, cols } of lu.eliminate[k]!) {
          lines.push(`{ const _l = ${e(row, p)} / _p${k};`);
          for (const j of cols) lines.push(`  ${e(row, j)} -= _l * ${e(p, j)};`);
          lines.push(`  _F[${row}] -= _l * _F[${p}]; }`);
        }
      });
      lines.push(...codeBackSubstitution(n, lu, e));
    }
    lines.push('return 0;');
    const key = lines.join('\n');
    let name = this.solvers.get(key)?.name;
    if (name === undefined) {
      name = `_lu${n}_${hashText(key)}`;
      const fb: string[] = [];
      if (dense) {
        // A zero pivot in this order: the dense solve, which pivots by rows.
        this.helpers.add('_solveDense');
        this.denseJ = Math.max(this.denseJ, n * n);
        fb.push(`function ${fallback}()${this.t('number')} {`);
        fb.push(`  for (let _q = 0; _q < ${n * n}; _q++) _J[_q] = 0;`);
        rows.forEach((r, i) => { for (const j of r) fb.push(`  _J[${i * n + j}] = _JC[${slot.get(`${i},${j}`)}];`); });
        fb.push(`  for (let _q = 0; _q < ${n}; _q++) _F[_q] = _FC[_q];`);
        fb.push(`  _solveDense(${n});`);
        fb.push('  return 1;');
        fb.push('}');
      } else {
        fb.push(`function ${fallback}()${this.t('number')} { for (let _q = 0; _q < ${n}; _q++) _F[_q] = NaN; return 1; }`);
      }
      this.solvers.set(key, { name, text: [...fb, `function ${name}()${this.t('number')} {`, ...lines.map((l) => `  ${l}`), '}', ...this.luResolve(name, n, lu, at, table)] });
    }
    return name;
  }
}

/** Sparse LUs with more multiply-adds than this are written as a table of operations (see
 * `CompileOptions.luForm`), not as straight code. */
const LU_CODE_MAX = 2000;
/** The back substitution of a sparse LU written as a table `t` (see `Emitter.luSolver`), from
 * the table position `_o` where it starts: x into `_F`. */
function tableBackSubstitution(n: number, t: string): string[] {
  return [
    `for (let _k = 0; _k < ${n}; _k++) {`,
    `  const _p = ${t}[_o] | 0, _pp = ${t}[_o + 1] | 0, _nu = ${t}[_o + 2] | 0;`,
    '  _o += 3;',
    '  let _x = _F[_p];',
    '  for (let _u = 0; _u < _nu; _u++) {',
    `    _x -= _J[${t}[_o] | 0] * _F[${t}[_o + 1] | 0];`,
    '    _o += 2;',
    '  }',
    '  _F[_p] = _x / _J[_pp];',
    '}',
  ];
}

/** The back substitution of a sparse LU written as code, with the pivots in `_p<k>`: x into `_F`. */
function codeBackSubstitution(n: number, lu: SparseLu, e: (i: number, j: number) => string): string[] {
  const out: string[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const p = lu.order[k]!;
    const terms = lu.upper[k]!.map((j) => ` - ${e(p, j)} * _F[${j}]`).join('');
    out.push(`_F[${p}] = (_F[${p}]${terms}) / _p${k};`);
  }
  return out;
}

/** Systems with fewer states are solved densely (their LU gains little). */
const SPARSE_MIN_STATES = 8;
/** Systems up to this many states fall back to the dense solve at a zero pivot (its matrix,
 * n * n doubles, is kept for that). */
const DENSE_FALLBACK_STATES = 400;

/** A short hash of a text (FNV-1a, 32 bits, hex): names a generated function by its content. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}


/** VERBATIM C of a FUNCTION or PROCEDURE that is not taken, and where. */
class UntranslatedC extends Error {
  constructor(message: string, readonly at: SourceRange) {
    super(message);
  }
}

/** The file's top-level VERBATIM C: its macros and `static` variables (C functions defined
 * there are not translated: a warning names them). */
interface FileC {
  /** The macros (NEURON's predefined ones, then the file's), made when first needed. */
  readonly macros: CMacros;
  readonly statics: ReadonlySet<string>;
  readonly inits: ReadonlyMap<string, number>;
}

/** A file without top-level VERBATIM (most files): its macros are made only if C needs them. */
const NO_FILE_C: FileC = {
  get macros(): CMacros { return new CMacros(); },
  statics: new Set(),
  inits: new Map(),
};

function fileC(info: MechanismInfo, session: Session): FileC {
  if (info.verbatim.length === 0) {
    let macros: CMacros | undefined;
    return { get macros(): CMacros { return (macros ??= new CMacros()); }, statics: new Set(), inits: new Map() };
  }
  const macros = new CMacros();
  const inits = new Map<string, number>();
  for (const v of info.verbatim) {
    try {
      const top = scanTopLevel(v.text, macros);
      for (const st of top.statics) inits.set(st.name, st.init);
      if (top.functions.length > 0) {
        session.warning(DiagnosticCode.Unsupported, `top-level VERBATIM: the C function${top.functions.length > 1 ? 's' : ''} ${top.functions.map((f) => `\`${f}\``).join(', ')} ${top.functions.length > 1 ? 'are' : 'is'} not translated (calling ${top.functions.length > 1 ? 'them' : 'it'} from VERBATIM code is an error)`, v.location);
      }
    } catch (e) {
      if (!(e instanceof CError)) throw e;
      session.warning(DiagnosticCode.Unsupported, `top-level VERBATIM ignored: ${e.message}`, v.location);
    }
  }
  return { macros, statics: new Set(inits.keys()), inits };
}

/** Run-time helpers of VERBATIM C: the script call's arguments (`_args`), objects held in
 * POINTER slots by handle (`_objs`: 0 is C's null), NEURON's `hoc_execerror`. */
function emitCHelpers(out: string[], I: string, T: (t: string) => string, ts: boolean, helpers: ReadonlySet<string>, mech: string): void {
  const as = (t: string): string => (ts ? ` as ${t}` : '');
  out.push(`${I}function _execerror(a${T('string')}, b${T('string')})${T('never')} { throw new Error(${JSON.stringify(`${mech}: `)} + a + (b ? ' ' + b : '')); }`);
  if (!helpers.has('_args') && !helpers.has('_objs') && !helpers.has('_vec') && !helpers.has('_streams') && !helpers.has('_crand')) return;
  out.push(`${I}// The arguments of the script's call of a PROCEDURE or FUNCTION (VERBATIM's ifarg, getarg).`);
  out.push(`${I}let _args${T('readonly unknown[]')} = [];`);
  out.push(`${I}function _argNum(i${T('number')})${T('number')} { const a = _args[i - 1]; if (typeof a !== 'number') _execerror('argument ' + i + ' must be a number', ''); return a${as('number')}; }`);
  if (!helpers.has('_objs') && !helpers.has('_vec') && !helpers.has('_streams') && !helpers.has('_crand')) return;
  out.push(`${I}// Objects a POINTER slot holds (a Random for nrn_random_pick), by handle; handle 0 is null.`);
  out.push(`${I}const _objs${T('unknown[]')} = [null];`);
  out.push(`${I}function _objPut(o${T('unknown')})${T('number')} { _objs.push(o); return _objs.length - 1; }`);
  out.push(`${I}function _randomArg(i${T('number')})${T('unknown')} {`);
  out.push(`${I}  const r = _args[i - 1];`);
  out.push(`${I}  if (typeof r !== 'object' || r === null || typeof (r${as('{ repick?: unknown }')}).repick !== 'function') _execerror('argument ' + i + ' must be a Random (h.Random())', '');`);
  out.push(`${I}  return r;`);
  out.push(`${I}}`);
  if (helpers.has('_crand')) {
    out.push(`${I}// The C library's rand()/srand() (glibc's sequence), one per process: core's.`);
    out.push(`${I}function _libc()${T('{ rand(): number; srand(seed: number): void }')} {`);
    out.push(`${I}  const l = (_ctx${as('{ libc?: { rand(): number; srand(seed: number): void } }')}).libc;`);
    out.push(`${I}  if (l === undefined) _execerror('rand() needs a core that gives the C library generator (StepContext.libc)', '');`);
    out.push(`${I}  return l${ts ? '!' : ''};`);
    out.push(`${I}}`);
    out.push(`${I}function _crand()${T('number')} { return _libc().rand(); }`);
    out.push(`${I}function _csrand(seed${T('number')})${T('number')} { _libc().srand(seed >>> 0); return 0; }`);
  }
  if (helpers.has('_streams')) {
    out.push(`${I}// NEURON's nrnran123 streams (Random123), made by core (StepContext.newStream), by handle.`);
    out.push(`${I}function _newStream(id1${T('number')}, id2${T('number')}, id3${T('number')})${T('number')} {`);
    out.push(`${I}  const make = (_ctx${as('{ newStream?: (a: number, b: number, c: number) => unknown }')}).newStream;`);
    out.push(`${I}  if (make === undefined) _execerror('nrnran123 streams need a core that makes them (StepContext.newStream)', '');`);
    out.push(`${I}  return _objPut(make${ts ? '!' : ''}(id1 >>> 0, id2 >>> 0, id3 >>> 0));`);
    out.push(`${I}}`);
    out.push(`${I}function _stream(h${T('number')})${T('{ uniform01(): number; negexp(mean?: number): number; normal(): number; setSequence(s: number, which?: number): void }')} {`);
    out.push(`${I}  const s = _objs[h]${as('{ uniform01(): number; negexp(mean?: number): number; normal(): number; setSequence(s: number, which?: number): void } | null | undefined')};`);
    out.push(`${I}  if (s === null || s === undefined) _execerror('no nrnran123 stream in this slot', '');`);
    out.push(`${I}  return s${ts ? '!' : ''};`);
    out.push(`${I}}`);
  }
  if (helpers.has('_vec')) {
    out.push(`${I}function _vectorArg(i${T('number')})${T('unknown')} {`);
    out.push(`${I}  const v = _args[i - 1];`);
    out.push(`${I}  if (typeof v !== 'object' || v === null || typeof (v${as('{ size?: unknown }')}).size !== 'function') _execerror('argument ' + i + ' must be a Vector (h.Vector())', '');`);
    out.push(`${I}  return v;`);
    out.push(`${I}}`);
    out.push(`${I}function _vec(h${T('number')})${T('{ size(): number; resize(n: number): unknown; readonly x: Float64Array }')} {`);
    out.push(`${I}  const v = _objs[h]${as('{ size(): number; resize(n: number): unknown; readonly x: Float64Array } | null | undefined')};`);
    out.push(`${I}  if (v === null || v === undefined) _execerror('no Vector in this slot', '');`);
    out.push(`${I}  return v${ts ? '!' : ''};`);
    out.push(`${I}}`);
  }
  out.push(`${I}function _pick(h${T('number')})${T('number')} {`);
  out.push(`${I}  const r = _objs[h]${as('{ repick(): number } | null | undefined')};`);
  out.push(`${I}  if (r === null || r === undefined) _execerror('nrn_random_pick: no Random in this POINTER slot', '');`);
  out.push(`${I}  return r${ts ? '!' : ''}.repick();`);
  out.push(`${I}}`);
}

/** Where character `at` of a VERBATIM statement's text is in the file (the text starts right
 * after the keyword VERBATIM). */
function verbatimLocation(s: Extract<Stmt, { type: 'Verbatim' }>, at: number): SourceRange {
  let line = s.location.start.line;
  let column = s.location.start.column + 'VERBATIM'.length;
  for (let i = 0; i < at && i < s.text.length; i++) {
    if (s.text[i] === '\n') { line++; column = 1; } else column++;
  }
  const offset = s.location.start.offset + 'VERBATIM'.length + at;
  const pos = { offset, line, column };
  return { ...s.location, start: pos, end: { ...pos, offset: offset + 1, column: column + 1 } };
}

/** C text without its comments, trimmed. */
function stripC(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').trim();
}

/** A body without a last statement that is a VERBATIM `return ...;` and nothing else: at the end
 * of INITIAL or a BEFORE/AFTER block, C's return only ends what was ending anyway. (In FUNCTIONs
 * and PROCEDUREs a return translates as it is.) */
function withoutTrailingReturn(body: readonly Stmt[]): readonly Stmt[] {
  const last = body[body.length - 1];
  return last?.type === 'Verbatim' && /^return\b[^;]*;?$/.test(stripC(last.text)) ? body.slice(0, -1) : body;
}

function describe(s: Stmt): string {
  switch (s.type) {
    case 'Reaction': return 'a reaction `~` (only in KINETIC blocks)';
    case 'Conserve': return 'CONSERVE (only in KINETIC blocks)';
    case 'Compartment': return s.keyword;
    case 'Watch': return 'WATCH';
    case 'ForNetcons': return 'FOR_NETCONS';
    case 'Equation': return '`~` equations';
    default: return s.type;
  }
}

/**
 * The values of the FUNCTION_TABLEs (`_FT`, one set per process, as NEURON's, given by
 * `setFunctionTable`) and their lookup `_ftab(name, x)`, with NEURON's arithmetic (its
 * functabl.cpp): per argument the index of the last point at or below x (a binary search over
 * given points, a division on an even grid), the ends held; the index over the table row-major;
 * linear interpolation in one argument, bilinear in two, the point at or below in more.
 */
function emitFunctionTables(out: string[], info: MechanismInfo, T: (t: string) => string): void {
  const tables = info.functionTables;
  out.push(`const _FT${T('Record<string, FunctionTableValues | null>')} = { ${tables.map((t) => `${t.name}: null`).join(', ')} };`);
  const where = info.kind === 'density' ? `h.table_\${name}_${info.name}(...)` : `pp.table_\${name}(...) on a ${info.name}`;
  out.push(
    `function _ftab(name${T('string')}, x${T('readonly number[]')})${T('number')} {`,
    '  const t = _FT[name];',
    `  if (!t) throw new Error(\`${info.name}: FUNCTION_TABLE \${name} has no values: give them with ${where} before a run\`);`,
    "  if ('constant' in t) return t.constant;",
    '  const [tab, o] = t.values();',
    '  const n = t.axes.length;',
    '  let j = 0, f0 = 0, f1 = 0;',
    '  for (let i = 0; i < n; i++) {',
    '    const a = t.axes[i], xi = x[i];',
    '    let k = 0, frac = 0;',
    "    if ('points' in a) {",
    '      const [p, q] = a.points();',
    '      let t0 = 0, t1 = a.size - 1;',
    '      if (xi <= p[q]) k = 0;',
    '      else if (xi >= p[q + t1]) k = t1;',
    '      else {',
    '        while (t0 < t1 - 1) { const m = (t0 + t1) >> 1; if (p[q + m] <= xi) t0 = m; else t1 = m; }',
    '        k = t0;',
    '        frac = (xi - p[q + k]) / (p[q + k + 1] - p[q + k]);',
    '      }',
    '    } else if (xi <= a.min) k = 0;',
    '    else if (xi >= a.max) k = a.size - 1;',
    '    else {',
    '      const x1 = (xi - a.min) / ((a.max - a.min) / (a.size - 1));',
    '      k = Math.trunc(x1);',
    '      frac = x1 - k;',
    '    }',
    '    j = j * a.size + k;',
    '    if (i === 0) f0 = frac; else if (i === 1) f1 = frac;',
    '  }',
    '  if (n === 1) return f0 > 0 ? (1 - f0) * tab[o + j] + f0 * tab[o + j + 1] : tab[o + j];',
    '  if (n === 2) {',
    '    const y1 = f1 > 0 ? (1 - f1) * tab[o + j] + f1 * tab[o + j + 1] : tab[o + j];',
    '    if (f0 === 0) return y1;',
    '    const j1 = o + j + t.axes[1].size;',
    '    const y2 = f1 > 0 ? (1 - f1) * tab[j1] + f1 * tab[j1 + 1] : tab[j1];',
    '    return f0 > 0 ? (1 - f0) * y1 + f0 * y2 : y1;',
    '  }',
    '  return tab[o + j];',
    '}',
  );
}

/**
 * Generates the module source for a mechanism. With `typescript`, a `.ts` module exporting the
 * plugin as default (importing `@neurite/core/abi` types, and `@neurite/core/libm` where it calls
 * exp); without, the body of a function
 * that returns the plugin (for `new Function`).
 * @example
 * ```ts
 * const js = emitModule(info, { typescript: false }, session);
 * const plugin = new Function(js)();
 * ```
 */
export function emitModule(info: MechanismInfo, options: EmitOptions, session: Session): string {
  const T = (t: string): string => (options.typescript ? `: ${t}` : '');
  const isPoint = info.kind !== 'density';
  const fieldIdx = new Map(info.fields.map((f, i) => [f.name, i]));

  // Kernel-level state shared by the kernels and the mechanism's functions.
  const body = new Emitter(info, session, options.typescript, options.luForm, options.hoistInvariants);
  const cFile = fileC(info, session);
  body.cFile = cFile;
  const root: Scope = { locals: new Map(), netReceive: false, fn: null };

  // FUNCTION_TABLEs: looked up in the values scripts give (module level, see below).
  for (const t of info.functionTables) {
    const xs = Array.from({ length: t.arity }, (_, i) => `_x${i}`);
    body.line(`function f_${t.name}(${xs.map((x) => `${x}${T('number')}`).join(', ')})${T('number')} { return _ftab(${JSON.stringify(t.name)}, [${xs.join(', ')}]); }`);
  }

  // Functions.
  for (const fn of info.functions) {
    const scope: Scope = { locals: new Map(), netReceive: false, fn };
    const params = fn.params.map((p) => { scope.locals.set(p.name, `_a_${p.name}`); return `_a_${p.name}${T('number')}`; });
    const fname = `${fn.procedure ? 'p' : 'f'}_${fn.name}`;
    const inner = fn.table ? `_f${fname}` : fname;
    const start = body.length;
    const level = body.level;
    body.open(`function ${inner}(${params.join(', ')})${T('number')} {`);
    const top = body.length;
    body.line('/*@e*/');
    if (!fn.procedure) body.line(`let _r_${fn.name} = 0;`);
    body.untranslatedC = !fn.table;
    try {
      body.stmts(fn.body, scope);
    } catch (e) {
      if (!(e instanceof UntranslatedC)) throw e;
      // VERBATIM C that is not taken: the function stops with an error when called, so that a
      // file whose other code runs (its bbsavestate, say, never called) still compiles.
      body.truncate(start, level);
      body.open(`function ${inner}(${params.join(', ')})${T('number')} {`);
      const what = `${info.name}: ${fn.procedure ? 'PROCEDURE' : 'FUNCTION'} ${fn.name} (line ${e.at.start.line}${info.file ? ` of ${info.file}` : ''}) cannot run: its VERBATIM C code is not supported: ${e.message}`;
      body.line(`throw new Error(${JSON.stringify(what)});`);
      body.close();
      session.warning(DiagnosticCode.Unsupported, `${fn.procedure ? 'PROCEDURE' : 'FUNCTION'} ${fn.name} stops with an error when called: its VERBATIM C code is not supported: ${e.message}`, e.at);
      continue;
    } finally {
      body.untranslatedC = false;
    }
    body.replaceLine(top, body.hasFrom(top + 1, '(_e = ') ? ['let _e = 0;'] : []);
    body.line(fn.procedure ? 'return 0;' : `return _r_${fn.name};`);
    body.close();
    if (fn.table) emitTable(body, info, fn, fname, T, !!options.wasm);
  }

  // Kernels read their arrays from local constants (faster than the shared closure variables,
  // which FUNCTIONs and PROCEDUREs use; both name the same arrays).
  const localArrays = (em: Emitter): void => {
    em.line(`const _G = m.globals, _ni = m.nodeIndex;`);
    info.fields.forEach((f, i) => em.line(`const F_${f.name} = m.fields[${i}];`));
    info.ions.forEach((ion, j) => {
      const used = new Set(ion.vars.map((v) => v.slot));
      const slots = ION_SLOTS.filter((x) => used.has(x) || ((x === 'i' || x === 'didv') && ion.vars.some((v) => v.slot === 'i' && v.written)));
      if (slots.length > 0) em.line(`const ${slots.map((x) => `_ion${j}_${x} = m.ions[${j}].${x}`).join(', ')};`);
    });
  };
  // What each kernel loop keeps in locals. FUNCTIONs and PROCEDUREs read the instance through
  // the closure variables (`F_x[_k]`, `_vc[0]`), so a field or v that a function reachable from
  // the kernel uses stays there; every other scalar field lives in a local for the iteration.
  const watchFields = new Set(info.watches.flatMap((w) => [w.armed, w.above, w.flagField]));
  const plan = (roots: readonly unknown[], sends: boolean): { fields: Set<string>; globals: Set<string>; tables: Set<Stmt>; vLocal: string | null; sync: boolean } => {
    const tables = tableCalls(info, roots);
    const r = reachable(info, roots, tables);
    const fields = new Set(info.fields.filter((f) => f.length === 1 && !r.touched.has(f.name) && !watchFields.has(f.name)).map((f) => f.name));
    const globals = new Set(info.globals.filter((g) => g.length === 1 && !(info.usetableIndex >= 0 && g.name === 'usetable') && !r.touched.has(g.name)).map((g) => g.name));
    return { fields, globals, tables, vLocal: r.touched.has('v') ? null : '_vl', sync: sends || r.calls };
  };
  /** Kernel loop with its GLOBALs in locals around it: `body` emits the loop (openLoop ... closeLoop). */
  const withGlobals = (em: Emitter, p: ReturnType<typeof plan>, loop: () => void): void => {
    const at = em.beginGlobals(p.globals, p.tables);
    loop();
    em.endGlobals(at);
  };
  /** Opens a kernel's loop over its instances; returns where the loads of promoted fields go. */
  const openLoop = (em: Emitter, p: ReturnType<typeof plan>, v: string | null): number => {
    em.line('const _V = nodes.v;');
    em.open('for (let _k = 0, _cnt = m.count; _k < _cnt; _k++) {');
    em.line('const _n = _ni[_k];');
    // Functions and event helpers read the instance index and node from the closure.
    if (p.sync) em.line('_at(_k, _n);');
    const at = em.beginPromotion(p.fields, p.vLocal);
    if (v !== null) em.line(p.vLocal ? `let ${p.vLocal} = ${v};` : `_vc[0] = ${v};`);
    return at;
  };
  const closeLoop = (em: Emitter, at: number): void => {
    em.endPromotion(at);
    em.close();
  };
  const readIons = (em: Emitter): void => {
    info.ions.forEach((ion, j) => {
      for (const v of ion.vars) {
        // As nocmodl: ci and co are read whether READ or WRITE; e and a current only when READ
        // (a current is then the ion's total so far even if this mechanism also writes it, as a
        // pump that subtracts its own share, e.g. cabpump's ica - ica_pmp_last). An e the
        // mechanism only writes keeps the mechanism's own value until its code sets it.
        if (v.slot === 'didv' || ((v.slot === 'i' || v.slot === 'e') && !ion.read.includes(v.name))) continue;
        em.line(`${em.field(v.name, true, true)} = _ion${j}_${v.slot}[_n];`);
      }
    });
  };
  const writeIonConcentrations = (em: Emitter): void => {
    info.ions.forEach((ion, j) => {
      for (const v of ion.vars) {
        if (v.written && v.slot !== 'i' && v.slot !== 'didv') em.line(`_ion${j}_${v.slot}[_n] = ${em.field(v.name)};`);
      }
    });
  };
  // A kernel's head is written once its body is known: it binds the closure variables only when
  // the body calls into them (FUNCTIONs, PROCEDUREs, TABLEs, event helpers, RANDOMs, diam) and
  // declares only the arrays the body uses.
  const kernelHead = (em: Emitter): number => {
    em.line('/*@head*/');
    return em.length - 1;
  };
  const finishHead = (em: Emitter, at: number, p: ReturnType<typeof plan>): void => {
    const text = em.textFrom(at + 1);
    // The identifiers of the head the body uses, other than property names (one scan of the text
    // for these names only).
    const ids = new Set(text.match(HEAD_NAMES));
    const uses = (id: string): boolean => ids.has(id);
    const head: string[] = [];
    if (p.sync || p.tables.size > 0 || ids.has('_diam') || ids.has('_ghk') || [...ids].some((id) => id[1] === 'R' || id[1] === 'P')) head.push('_bind(m, nodes, ctx);');
    const consts = [['_G', 'm.globals'], ['_ni', 'm.nodeIndex'], ['_ctx', 'ctx'], ['_dt', 'ctx.dt'], ['_nodes', 'nodes']].filter(([id]) => uses(id!));
    if (consts.length > 0) head.push(`const ${consts.map(([id, v]) => `${id} = ${v}`).join(', ')};`);
    info.fields.forEach((f, i) => { if (uses(`F_${f.name}`)) head.push(`const F_${f.name} = m.fields[${i}];`); });
    info.ions.forEach((_, j) => {
      const slots = ION_SLOTS.filter((x) => uses(`_ion${j}_${x}`));
      if (slots.length > 0) head.push(`const ${slots.map((x) => `_ion${j}_${x} = m.ions[${j}].${x}`).join(', ')};`);
    });
    if (text.includes('(_e = ')) head.push('let _e = 0;');
    em.replaceLine(at, head);
  };


  // The call of a WebAssembly kernel, first thing in the JavaScript kernel: taken when core keeps
  // the instance data in a WebAssembly memory and there are enough instances for it to pay
  // (the numbers are the same either way), else the JavaScript below runs. The arguments are
  // the same for every mechanism but for its TABLEs' ranges; the translation reads them here.
  const tableFns = info.functions.filter((f) => f.table).map((f) => `${f.procedure ? 'p' : 'f'}_${f.name}`);
  const wasmArgs = ['_wd', 'm.count', 'ctx.t', 'ctx.dt', 'ctx.celsius', 'ctx.secondorder', ...tableFns.flatMap((f) => [`_tmin_${f}`, `_mfac_${f}`])];
  const wasmGlue = (em: Emitter, name: 'current' | 'advance'): void => {
    if (!options.wasm) return;
    em.open(`if (m.memory !== undefined && m.count >= ${WASM_MIN_COUNT}) {`);
    // (TABLEs are checked, and rebuilt when their DEPEND values changed, by binding.)
    if (tableFns.length > 0) em.line('_bind(m, nodes, ctx);');
    em.line('const _w = _wasm(m, nodes);');
    em.open(`if (_w !== null && _w.${name} !== undefined) {`);
    em.line(`_w.${name}(${wasmArgs.join(', ')});`);
    em.line('return;');
    em.close();
    em.close();
  };

  // init
  const k = new Emitter(info, session, options.typescript, options.luForm, options.hoistInvariants);
  k.cFile = cFile;
  k.open(`init(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
  // (The WebAssembly kernels read a copy of the file-level LOCAL arrays INITIAL sets: renewed after this.)
  if (options.wasm && info.fileLocals.length > 0) k.line('_tver++;');
  const initHead = kernelHead(k);
  const initPlan = plan([info.initial], false);
  withGlobals(k, initPlan, () => {
    const at = openLoop(k, initPlan, '_V[_n]');
    // Each STATE x starts at x0: a PARAMETER of that name when the file declares one (NMODL's
    // convention, e.g. `pump0`), else the declared default.
    for (const f of info.fields) if (f.kind === 'state') {
      const x0 = info.symbols.get(`${f.name}0`);
      const start = (j: string): string => {
        if (x0?.kind === 'field') return x0.length > 1 ? `F_${f.name}0[_k * ${x0.length} + ${j}]` : k.field(`${f.name}0`);
        if (x0?.kind === 'global') return x0.length > 1 ? `_G[${x0.index} + ${j}]` : `_G[${x0.index}]`;
        if (x0?.kind === 'constant') return jsNumber(x0.value);
        return jsNumber(f.default);
      };
      if (f.length > 1) k.line(`for (let _j = 0; _j < ${f.length}; _j++) F_${f.name}[_k * ${f.length} + _j] = ${start('_j')};`);
      else k.line(`${k.field(f.name, true)} = ${start('0')};`);
    }
    readIons(k);
    if (info.watches.length > 0) {
      k.line('let _watch_rm = 0;');
      for (const w of info.watches) k.line(`F_${w.armed}[_k] = 0;`);
    }
    k.stmts(withoutTrailingReturn(info.initial), { ...root, locals: new Map() });
    writeIonConcentrations(k);
    closeLoop(k, at);
  });
  finishHead(k, initHead, initPlan);
  k.close('},');

  // BEFORE and AFTER blocks: a loop over the instances, with v the node's v (read, as NEURON's
  // BA functions read it) and the ions' variables.
  for (const [name, stmts] of info.ba) {
    k.open(`${name}(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
    const head = kernelHead(k);
    const p = plan([stmts], false);
    withGlobals(k, p, () => {
      const at = openLoop(k, p, '_V[_n]');
      readIons(k);
      k.stmts(withoutTrailingReturn(stmts), { ...root, locals: new Map() });
      writeIonConcentrations(k);
      closeLoop(k, at);
    });
    finishHead(k, head, p);
    k.close('},');
  }

  // current
  if (info.currents.length > 0) {
    k.open(`current(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
    wasmGlue(k, 'current');
    const head = kernelHead(k);
    k.line('const _rhsA = nodes.rhs, _dA = nodes.d;');
    const p = plan([info.breakpoint], false);
    const gAt = k.beginGlobals(p.globals, p.tables);
    const at = openLoop(k, p, null);
    // BREAKPOINT runs twice, at v + 0.001 and at v (NEURON's numerical dI/dv), on the locals;
    // each assigned field is stored once, after the second evaluation.
    k.line('const _v = _V[_n];');
    readIons(k);
    const sum = (): string => `0 + ${info.currents.map((c) => k.field(c)).join(' + ')}`;
    // What BREAKPOINT computes from names that neither evaluation changes (gnabar*m*m*m*h, a
    // power of a state) is computed once, before both: the same operations on the same values.
    k.beginInvariants(info.breakpoint, ['v']);
    k.line(p.vLocal ? `let ${p.vLocal} = _v + 0.001;` : '_vc[0] = _v + 0.001;');
    k.open('{');
    k.stmts(info.breakpoint, { ...root, locals: new Map() });
    k.close();
    k.line(`let _g = ${sum()};`);
    const ionCurrents: { j: number; name: string }[] = [];
    info.ions.forEach((ion, j) => ion.vars.forEach((v) => { if (v.slot === 'i' && v.written) ionCurrents.push({ j, name: v.name }); }));
    ionCurrents.forEach((c, i) => k.line(`const _di${i} = ${k.field(c.name)};`));
    k.line(`${k.v()} = _v;`);
    k.open('{');
    k.stmts(info.breakpoint, { ...root, locals: new Map() });
    k.close();
    k.endInvariants();
    k.line(`let _rhs = ${sum()};`);
    // nocmodl: (dI/dv) * 1.e2 / area and i * 1.e2 / area, left to right.
    const mf = isPoint ? ' * 1e2 / _nodes.area[_n]' : '';
    ionCurrents.forEach((c, i) => k.line(`_ion${c.j}_didv[_n] += (_di${i} - ${k.field(c.name)}) / 0.001${mf};`));
    k.line('_g = (_g - _rhs) / 0.001;');
    ionCurrents.forEach((c) => k.line(`_ion${c.j}_i[_n] += ${k.field(c.name)}${mf};`));
    if (isPoint) {
      k.line('_g *= 1e2 / _nodes.area[_n];');
      k.line('_rhs *= 1e2 / _nodes.area[_n];');
    }
    if (info.electrodeCurrent) {
      k.line('_rhsA[_n] += _rhs;');
      k.line('_dA[_n] -= _g;');
    } else {
      k.line('_rhsA[_n] -= _rhs;');
      k.line('_dA[_n] += _g;');
    }
    closeLoop(k, at);
    k.endGlobals(gAt);
    finishHead(k, head, p);
    k.close('},');
  }

  // advance. Without currents, nocmodl runs the BREAKPOINT statements here, after the SOLVEs.
  const breakpointInAdvance = info.currents.length === 0 && info.breakpoint.length > 0;
  if (info.solves.length > 0 || breakpointInAdvance || info.watches.length > 0) {
    k.open(`advance(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
    wasmGlue(k, 'advance');
    const head = kernelHead(k);
    const roots: unknown[] = [info.solves.map(solveParts), info.watches.map((w) => w.value)];
    if (breakpointInAdvance) roots.push(info.breakpoint);
    const p = plan(roots, info.watches.length > 0);
    const gAt = k.beginGlobals(p.globals, p.tables);
    const at = openLoop(k, p, '_V[_n]');
    readIons(k);
    for (const s of info.solves) {
      k.open('{');
      k.solve(s, { ...root, locals: new Map() }, true);
      k.close();
    }
    if (breakpointInAdvance) {
      k.open('{');
      k.stmts(info.breakpoint, { ...root, locals: new Map() });
      k.close();
    }
    // WATCH: a self-event when an armed condition turns true (checked with the new v and states).
    for (const w of info.watches) {
      k.open(`if (F_${w.armed}[_k] !== 0) {`);
      k.open(`if (${k.expr(w.value, { ...root, locals: new Map() })} > 0) {`);
      k.line(`if (F_${w.above}[_k] === 0) { F_${w.above}[_k] = 1; _send(0, F_${w.flagField}[_k]); }`);
      k.close('} else {');
      k.indentIn();
      k.line(`F_${w.above}[_k] = 0;`);
      k.close();
      k.close();
      k.helpers.add('_send');
    }
    writeIonConcentrations(k);
    closeLoop(k, at);
    k.endGlobals(gAt);
    finishHead(k, head, p);
    k.close('},');
  }

  // wasmStep: the WebAssembly kernels' step entry points, for core's step loop in WebAssembly,
  // with their arguments (the JavaScript call's, but for the descriptor and t) written where the
  // entry points read them.
  if (options.wasm && (info.currents.length > 0 || info.solves.length > 0 || breakpointInAdvance || info.watches.length > 0)) {
    k.open(`wasmStep(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('WasmStepKernels | null')} {`);
    k.line('if (m.memory === undefined) return null;');
    if (tableFns.length > 0) k.line('_bind(m, nodes, ctx);');
    k.line('const _w = _wasm(m, nodes), _p = _wasmPlan();');
    k.line('if (_w === null || _p === null) return null;');
    // (The view is kept while the block stays where it is: a run calls this at each start.)
    k.line(`if (_wargs.buffer !== m.memory.buffer || _wargs.byteOffset !== _wd + _p.params) _wargs = new Float64Array(m.memory.buffer, _wd + _p.params, ${wasmArgs.length});`);
    k.line('const _a = _wargs;');
    wasmArgs.forEach((a, i) => { if (a !== '_wd' && a !== 'ctx.t') k.line(`_a[${i}] = ${a};`); });
    k.line(`return { current: _w.step_current, advance: _w.step_advance, data: _wd }${options.typescript ? ' as WasmStepKernels' : ''};`);
    k.close('},');
  }

  // netReceive
  if (info.netReceive) {
    const nr = info.netReceive;
    k.open(`netReceive(m${T('InstanceData')}, kk${T('number')}, weights${T('Float64Array')}, offset${T('number')}, flag${T('number')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
    k.line('_bind(m, nodes, ctx);');
    localArrays(k);
    k.line('_k = kk;');
    k.line('_n = _ni[kk];');
    k.line('_flag = flag;');
    k.line('_vc[0] = nodes.v[_n];');
    readIons(k);
    const scope: Scope = { locals: new Map(), netReceive: true, fn: null };
    if (info.watches.length > 0) k.line('let _watch_rm = 0;');
    nr.params.forEach((p, i) => { scope.locals.set(p.name, `_w_${p.name}`); k.line(`let _w_${p.name} = weights[offset + ${i}];`); });
    const bodyAt = k.length;
    k.stmts(nr.body, scope);
    // A VERBATIM `return` ends the block (translated as `break _nr`): what follows still runs.
    if (k.hasFrom(bodyAt, 'break _nr;')) k.wrap(bodyAt, '_nr: {', '}');
    nr.params.forEach((p, i) => k.line(`weights[offset + ${i}] = _w_${p.name};`));
    writeIonConcentrations(k);
    // A NET_RECEIVE that uses v writes it back to the node at its end, as nocmodl's
    // `NODEV(node) = v` (a spike-and-reset cell clamping v, itself or in a PROCEDURE it calls).
    let usesV = false;
    forEachNode(nr.body, (o) => { if (o.type === 'Name' && o.name === 'v') usesV = true; return true; });
    if (usesV && info.kind === 'point') k.line('nodes.v[_n] = _vc[0];');
    k.close('},');
  }

  // NET_RECEIVE's INITIAL: per NetCon at finitialize, on the NetCon's weight vector.
  if (info.netReceive && info.netReceiveInitial) {
    const nr = info.netReceive;
    k.open(`netReceiveInit(m${T('InstanceData')}, kk${T('number')}, weights${T('Float64Array')}, offset${T('number')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
    k.line('_bind(m, nodes, ctx);');
    localArrays(k);
    k.line('_k = kk;');
    k.line('_n = _ni[kk];');
    k.line('_vc[0] = nodes.v[_n];');
    const scope: Scope = { locals: new Map(), netReceive: true, fn: null };
    if (info.watches.length > 0) k.line('let _watch_rm = 0;');
    nr.params.forEach((p, i) => { scope.locals.set(p.name, `_w_${p.name}`); k.line(`let _w_${p.name} = weights[offset + ${i}];`); });
    k.stmts(info.netReceiveInitial, scope);
    nr.params.forEach((p, i) => k.line(`weights[offset + ${i}] = _w_${p.name};`));
    k.close('},');
  }

  // CONSTRUCTOR: once per new instance.
  if (info.constructorBody) {
    k.open(`construct(m${T('InstanceData')}, kk${T('number')})${T('void')} {`);
    k.line('_bindData(m);');
    localArrays(k);
    k.line('_k = kk;');
    k.stmts(info.constructorBody, { ...root, locals: new Map() });
    k.close('},');
  }

  // LONGITUDINAL_DIFFUSION: each instance's rate and COMPARTMENT volume of one element of a
  // diffusing state (core solves the diffusion between segments).
  if (info.diffusion.length > 0) {
    k.open(`diffusion(which${T('number')}, index${T('number')}, m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')}, rate${T('Float64Array')}, volume${T('Float64Array')})${T('void')} {`);
    k.line('_bind(m, nodes, ctx);');
    localArrays(k);
    k.line('const _ai = index;');
    k.open('for (let kk = 0, cnt = m.count; kk < cnt; kk++) {');
    k.line('_k = kk;');
    k.line('_n = _ni[kk];');
    k.line('_vc[0] = nodes.v[_n];');
    k.open('switch (which) {');
    info.diffusion.forEach((d, i) => {
      const scope = (index: string | null): Scope => ({ locals: new Map(index === null ? [] : [[index, '_ai']]), netReceive: false, fn: null });
      k.line(`case ${i}: volume[kk] = ${k.expr(d.volume, scope(d.volumeIndex))}; rate[kk] = ${k.expr(d.rate, scope(d.rateIndex))}; break;`);
    });
    k.close();
    k.close();
    k.close('},');
  }

  // Script-callable PROCEDUREs and FUNCTIONs of point processes and artificial cells.
  if (info.methods.length > 0) {
    k.open(`call(name${T('string')}, m${T('InstanceData')}, kk${T('number')}, args${T('readonly number[]')}, nodes${T('NodeData')}, ctx${T('StepContext')}${info.methods.some((f) => f.varargs) ? `, scriptArgs${T('readonly unknown[]')} = args` : ''})${T('number')} {`);
    k.line('_bind(m, nodes, ctx);');
    k.line('_k = kk;');
    k.line('_n = _ni[kk];');
    k.line('_vc[0] = nodes.v[_n];');
    k.open('switch (name) {');
    for (const f of info.methods) {
      const call = `${f.procedure ? 'p' : 'f'}_${f.name}(${Array.from({ length: f.arity }, (_, i) => `args[${i}]`).join(', ')})`;
      // (VERBATIM code reads the script's arguments, numbers or objects, through `_args`.)
      if (f.varargs) k.helpers.add('_args');
      if (f.varargs) k.line(`case ${JSON.stringify(f.name)}: _args = scriptArgs; try { return ${call}; } finally { _args = []; }`);
      else k.line(`case ${JSON.stringify(f.name)}: return ${call};`);
    }
    k.line('default: return 0;');
    k.close();
    k.close('},');
  }

  // Assemble.
  const out: string[] = [];
  const mechVar = '_mech';
  const specs = {
    fields: info.fields.map((f) => ({ name: f.name, kind: f.kind, unit: f.unit, default: f.default, ...(f.length > 1 ? { length: f.length } : {}), range: f.range, ...(f.limits ? { limits: f.limits } : {}) })),
    globals: info.globals.map((g) => ({ name: g.name, unit: g.unit, default: g.default, ...(g.length > 1 ? { length: g.length } : {}) })),
    ions: info.ions.map((i) => ({ ion: i.ion, ...(i.valence !== null ? { valence: i.valence } : {}), read: i.read, write: i.write })),
  };
  const helpers = new Set([...body.helpers, ...k.helpers]);
  // glibc's exp (NEURON's): core's libmExp, and its table for the WebAssembly kernels; core's x^3, x^4.
  const libmExp = helpers.has('_lexp') || helpers.has('_exp') || helpers.has('_ghk');
  const pows = [3, 4].filter((n) => helpers.has(`_lpow${n}`));
  const libm = libmExp || pows.length > 0;
  const wasm = options.wasm ?? null;
  // (The kernels with the fused multiply-add, where they differ.)
  const fusedBytes = libm && wasm !== null && wasm !== 'lazy' ? fusedVariant(wasm, options.wasmFused ?? null) : null;
  // Whether the module may hold a fused plan (compiled by core's compileFusedModule, `_lfused`):
  // a lazy one translated where core has the fused multiply-add, or one written in.
  const fusable = libm && (wasm === 'lazy' || fusedBytes !== null);
  if (options.typescript) {
    out.push(`// Generated by nmodlc from ${info.file ?? 'a .mod file'}. Do not edit.`);
    out.push(`import type { InstanceData, MechanismKernels, MechanismType, NodeData, ${info.pointers.length > 0 ? 'PointerTarget, ' : ''}${info.randoms.length > 0 ? 'RandomStream, ' : ''}${info.functionTables.length > 0 ? 'FunctionTableValues, ' : ''}StepContext${options.wasm ? ', WasmStepKernels' : ''} } from '@neurite/core/abi';`);
    const names = [...(libmExp ? ['libmExp as _lexp', 'EXP_TABLE_SPLIT as _EXP_TAB'] : []), ...(fusedBytes !== null ? ['compileFusedModule as _lfused', 'wasmFusedMultiplyAdd as _lfma'] : []), ...pows.map((n) => `libmPow${n} as _lpow${n}`), ...(wasm ? ['compileKernelModule as _lcompile'] : [])];
    if (names.length > 0) out.push(`import { ${names.join(', ')} } from '@neurite/core/libm';`);
    out.push('');
  } else if (libm || wasm) {
    // (`__libm`: core's exp and its table, x^3 and x^4, given by compileMod/instantiate. Without
    // it, V8's and no WebAssembly kernels: within one ulp of NEURON's, not always on it.)
    out.push(`const _LIBM = typeof __libm === 'object' && __libm !== null ? __libm : null;`);
    // (How core compiles kernel modules: V8 optimizes their functions sooner.)
    if (wasm) out.push(`const _lcompile = _LIBM !== null && typeof _LIBM.compile === 'function' ? _LIBM.compile : (b) => new WebAssembly.Module(b);`);
    if (libmExp) {
      out.push(`const _lexp = _LIBM !== null ? _LIBM.exp : Math.exp;`);
      out.push(`const _EXP_TAB = _LIBM !== null ? _LIBM.table : null;`);
    }
    if (fusable) out.push(`const _lfused = _LIBM !== null && typeof _LIBM.compileFused === 'function' ? _LIBM.compileFused : () => null;`);
    // (Whether to take a plan's fused bytes; a lazy plan is translated to the point instead.)
    if (fusedBytes !== null) out.push(`const _lfma = _LIBM !== null && typeof _LIBM.fma === 'function' ? _LIBM.fma : () => false;`);
    for (const n of pows) out.push(`const _lpow${n} = _LIBM !== null ? _LIBM.pow${n} : (x) => Math.pow(x, ${n});`);
  }
  out.push(`const _EMPTY${T('Float64Array')} = new Float64Array(0);`);
  if (wasm) emitWasmModule(out, wasm, fusedBytes, fusable, T, options.typescript, libmExp, pows);
  // `static` variables of the top-level VERBATIM C: one per process, as C's.
  for (const [name, init] of cFile.inits) out.push(`let _cs_${name} = ${init};`);
  if (info.functionTables.length > 0) emitFunctionTables(out, info, T);
  out.push(`const ${mechVar}${T('MechanismType')} = {`);
  out.push(`  abiVersion: 1,`);
  out.push(`  name: ${JSON.stringify(info.name)},`);
  out.push(`  kind: ${JSON.stringify(info.kind)},`);
  out.push(`  electrodeCurrent: ${info.electrodeCurrent},`);
  out.push(`  fields: ${JSON.stringify(specs.fields)},`);
  out.push(`  globals: ${JSON.stringify(specs.globals)},`);
  out.push(`  ions: ${JSON.stringify(specs.ions)},`);
  if (info.netReceive) out.push(`  netReceiveArgs: ${info.netReceive.params.length},`);
  if (info.randoms.length > 0) out.push(`  randoms: ${JSON.stringify(info.randoms)},`);
  if (info.pointers.length > 0) out.push(`  pointers: ${JSON.stringify(info.pointers)},`);
  if (info.methods.length > 0) out.push(`  methods: ${JSON.stringify(info.methods.map((f) => ({ name: f.name, arity: f.arity, ...(f.varargs ? { varargs: true } : {}) })))},`);
  if (info.diffusion.length > 0) out.push(`  diffusion: ${JSON.stringify(info.diffusion.map((d) => ({ field: d.state })))},`);
  if (info.functionTables.length > 0) {
    out.push(`  functionTables: ${JSON.stringify(info.functionTables)},`);
    out.push(`  setFunctionTable(name${T('string')}, values${T('FunctionTableValues')})${T('void')} {`);
    out.push(`    if (!Object.prototype.hasOwnProperty.call(_FT, name)) throw new Error(\`${info.name} has no FUNCTION_TABLE \${name}\`);`);
    out.push('    _FT[name] = values;');
    out.push('  },');
  }
  // (Read by core when it lays the model out: the translation happens then, if it is lazy.)
  if (wasm) out.push(`  get scratch()${T('number')} { const p = _wasmPlan(); return p === null ? 0 : p.scratch; },`);
  // (Compiles the WebAssembly module when a model first uses the mechanism, not in its first step.)
  if (wasm) out.push(`  prepare()${T('void')} { _wasmModule(); },`);
  out.push(`  source: ${JSON.stringify({ ...(info.file !== null ? { file: info.file } : {}), ...(info.title !== null ? { title: info.title } : {}) })},`);
  out.push(`  createKernels()${T('MechanismKernels')} {`);
  const I = '    ';
  // v lives in a one-element Float64Array, not a closure variable: a closure variable holding a
  // double is a boxed heap number, so every store to it would allocate.
  out.push(`${I}let _k = 0, _n = 0, _dt = 0, _flag = 0;`);
  if (info.functions.some((f) => f.table) || wasm) out.push(`${I}let _tver = 0; // bumped when a TABLE is rebuilt`);
  if (wasm) emitWasmBinding(out, I, info, T, options.typescript, [...body.luTables.keys(), ...k.luTables.keys()], libmExp);
  // The scratch of an inline exp (kernels and functions declare their own; this one serves the
  // rest: NET_RECEIVE, CONSTRUCTOR, TABLE limits).
  if (body.hasFrom(0, '(_e = ') || k.hasFrom(0, '(_e = ')) out.push(`${I}let _e = 0;`);
  out.push(`${I}const _vc${T('Float64Array')} = new Float64Array(1);`);
  out.push(`${I}let _ni${T('Int32Array')} = new Int32Array(0);`);
  out.push(`${I}let _G${T('Float64Array')} = _EMPTY;`);
  out.push(`${I}let _nodes${T('NodeData')} = { v: _EMPTY, rhs: _EMPTY, d: _EMPTY, area: _EMPTY };`);
  out.push(`${I}let _ctx${T('StepContext')} = { t: 0, dt: 0, celsius: 0, secondorder: 0 };`);
  for (const f of info.fields) out.push(`${I}let F_${f.name}${T('Float64Array')} = _EMPTY;`);
  info.randoms.forEach((_, i) => out.push(`${I}let _R${i}${T('readonly RandomStream[]')} = [];`));
  info.pointers.forEach((_, i) => out.push(`${I}let _P${i}${T('readonly PointerTarget[]')} = [];`));
  const usesDiam = body.usesDiam || k.usesDiam;
  if (usesDiam) out.push(`${I}let _diam${T('Float64Array')} = _EMPTY;`);
  info.ions.forEach((_, j) => { for (const s of ION_SLOTS) out.push(`${I}let _ion${j}_${s}${T('Float64Array')} = _EMPTY;`); });
  for (const l of info.fileLocals) out.push(`${I}const _fl_${l.name} = new Float64Array(${l.length});`);
  for (const [name, len] of body.scratch) out.push(`${I}const ${name} = new Float64Array(${len});`);
  for (const [name, len] of k.scratch) out.push(`${I}const ${name} = new Float64Array(${len});`);
  const nImp = Math.max(body.maxImplicit, k.maxImplicit, 0);
  const nJ = Math.max(body.denseJ, k.denseJ, body.luSlots, k.luSlots, 1);
  const nJC = Math.max(body.jcSlots, k.jcSlots);
  if (nImp > 0) out.push(`${I}const _D = new Float64Array(${nImp}), _X0 = new Float64Array(${nImp}), _F = new Float64Array(${nImp}), _F1 = new Float64Array(${nImp}), _DX = new Float64Array(${nImp}), _XS = new Float64Array(${nImp}), _FC = new Float64Array(${nImp}), _J = new Float64Array(${nJ});`);
  if (nJC > 0) out.push(`${I}const _JC = new Float64Array(${nJC});`);
  out.push(`${I}function _bindData(m${T('InstanceData')})${T('void')} {`);
  out.push(`${I}  _ni = m.nodeIndex; _G = m.globals;`);
  for (const f of info.fields) out.push(`${I}  F_${f.name} = m.fields[${fieldIdx.get(f.name)}];`);
  info.randoms.forEach((_, i) => out.push(`${I}  _R${i} = m.randoms[${i}];`));
  info.pointers.forEach((_, i) => out.push(`${I}  _P${i} = m.pointers?.[${i}] ?? [];`));
  out.push(`${I}}`);
  out.push(`${I}function _bind(m${T('InstanceData')}, nodes${T('NodeData')}, ctx${T('StepContext')})${T('void')} {`);
  out.push(`${I}  _bindData(m);`);
  out.push(`${I}  _nodes = nodes; _ctx = ctx; _dt = ctx.dt;`);
  if (usesDiam) {
    out.push(`${I}  // Segment diameters [um]: NodeData.diam (optional in the ABI; core gives it).`);
    out.push(`${I}  const _d = (nodes${options.typescript ? ' as NodeData & { readonly diam?: Float64Array }' : ''}).diam;`);
    out.push(`${I}  if (_d === undefined) throw new Error(${JSON.stringify(`${info.name}: this mechanism reads diam, and this version of core does not give mechanisms segment diameters (NodeData.diam)`)});`);
    out.push(`${I}  _diam = _d;`);
  }
  info.ions.forEach((_, j) => {
    out.push(`${I}  { const _io = m.ions[${j}]; ${ION_SLOTS.map((s) => `_ion${j}_${s} = _io.${s};`).join(' ')} }`);
  });
  if (info.functions.some((f) => f.table)) {
    const args = options.wasm ? 'm, nodes' : '';
    out.push(`${I}  if (m.count > 0) { _k = 0; _n = _ni[0]; _vc[0] = nodes.v[_n]; ${info.functions.filter((f) => f.table).map((f) => `_check_${f.procedure ? 'p' : 'f'}_${f.name}(${args});`).join(' ')} }`);
  }
  out.push(`${I}}`);
  out.push(`${I}function _at(k${T('number')}, n${T('number')})${T('void')} { _k = k; _n = n; }`);
  if (helpers.has('_scop')) emitScopRandom(out, I, T);
  if (helpers.has('_exp')) {
    out.push(`${I}// NEURON's hoc_Exp: 0 below -700, exp(700) above 700 (where NEURON also prints a warning).`);
    out.push(`${I}function _exp(x${T('number')})${T('number')} { return x < -700 ? 0 : x > 700 ? 1.0142320547350045e+304 : _lexp(x); }`);
  }
  if (helpers.has('_fmod')) out.push(`${I}function _fmod(a${T('number')}, b${T('number')})${T('number')} { return a % b; }`);
  if (helpers.has('_ghk')) {
  out.push(`${I}function _efun(x${T('number')})${T('number')} { return Math.abs(x) < 1e-4 ? 1 - x / 2 : x / (_lexp(x) - 1); }`);
  out.push(`${I}// NEURON's nrn_ghk: GHK current density factor (mA/cm2 per cm/s), modern FARADAY and R.`);
  out.push(`${I}function _ghk(v${T('number')}, ci${T('number')}, co${T('number')}, z${T('number')})${T('number')} {`);
  out.push(`${I}  const ktf = 1000 * 8.31446261815324 * (_ctx.celsius + 273.15) / 96485.33212331001;`);
  out.push(`${I}  const x = z * v / ktf;`);
  out.push(`${I}  return 0.001 * z * 96485.33212331001 * (ci * _efun(-x) - co * _efun(x));`);
  out.push(`${I}}`);
  }
  if (helpers.has('_args') || helpers.has('_objs') || helpers.has('_vec') || helpers.has('_streams') || helpers.has('_crand') || helpers.has('_execerror')) emitCHelpers(out, I, T, options.typescript, helpers, info.name);
  if (helpers.has('_send')) out.push(`${I}function _send(delay${T('number')}, flag${T('number')})${T('number')} { if (_ctx.events) _ctx.events.send(${mechVar}, _k, delay, flag); return 0; }`);
  if (helpers.has('_fire')) out.push(`${I}function _fire(t${T('number')})${T('number')} { if (_ctx.events) _ctx.events.fire(${mechVar}, _k, t); return 0; }`);
  if (helpers.has('_move')) out.push(`${I}function _move(t${T('number')})${T('number')} { if (_ctx.events) _ctx.events.move(${mechVar}, _k, t); return 0; }`);
  for (const [name, ops] of new Map([...body.luTables, ...k.luTables])) {
    out.push(`${I}const ${name} = new Float64Array(${ops.length});`);
    out.push(`${I}${name}.set(${JSON.stringify(ops)});`);
  }
  const solvers = new Map([...body.solvers.values(), ...k.solvers.values()].map((x) => [x.name, x.text]));
  for (const text of solvers.values()) for (const l of text) out.push(I + l);
  if (helpers.has('_solveDense')) {
  out.push(`${I}function _solveDense(n${T('number')})${T('void')} {`);
  out.push(`${I}  // Gaussian elimination with partial pivoting: _J x = _F, x written into _F.`);
  out.push(`${I}  for (let c = 0; c < n; c++) {`);
  out.push(`${I}    let p = c; for (let r = c + 1; r < n; r++) if (Math.abs(_J[r * n + c]) > Math.abs(_J[p * n + c])) p = r;`);
  out.push(`${I}    if (p !== c) { for (let q = 0; q < n; q++) { const tmp = _J[c * n + q]; _J[c * n + q] = _J[p * n + q]; _J[p * n + q] = tmp; } const tf = _F[c]; _F[c] = _F[p]; _F[p] = tf; }`);
  out.push(`${I}    const piv = _J[c * n + c]; if (piv === 0) continue;`);
  out.push(`${I}    for (let r = c + 1; r < n; r++) { const f = _J[r * n + c] / piv; if (f === 0) continue; for (let q = c; q < n; q++) _J[r * n + q] -= f * _J[c * n + q]; _F[r] -= f * _F[c]; }`);
  out.push(`${I}  }`);
  out.push(`${I}  for (let c = n - 1; c >= 0; c--) { let s = _F[c]; for (let q = c + 1; q < n; q++) s -= _J[c * n + q] * _F[q]; const piv = _J[c * n + c]; _F[c] = piv === 0 ? 0 : s / piv; }`);
  out.push(`${I}}`);
  }
  out.push(body.indented(I));
  out.push(`${I}return {`);
  out.push(k.indented(`${I}  `));
  out.push(`${I}};`);
  out.push('  },');
  out.push('};');
  out.push(options.typescript ? `export default ${mechVar};` : `return ${mechVar};`);
  return out.join('\n') + '\n';
}

/** Fewer instances than this run the JavaScript kernels (a call into WebAssembly costs more than
 * a few instances' work in JavaScript). */
const WASM_MIN_COUNT = 8;

/** The fused plan's bytes where it differs from `plain` in its bytes alone (else null). */
function fusedVariant(plain: WasmPlan, fused: WasmPlan | null): Uint8Array | null {
  if (fused === null || !fused.fused) return null;
  const layout = (p: WasmPlan): string => JSON.stringify([p.scratch, p.descriptor, p.params, p.pointers, p.tables, p.imports, p.kernels]);
  return layout(plain) === layout(fused) ? fused.bytes : null;
}

/** The module-level part of WebAssembly kernels: the plan (written here, or translated on first
 * use; with `fusedBytes`, the kernels with the fused multiply-add beside it), and its module,
 * compiled once (`fusable`: maybe by core's `_lfused`). */
function emitWasmModule(out: string[], wasm: WasmPlan | 'lazy', fusedBytes: Uint8Array | null, fusable: boolean, T: (t: string) => string, ts: boolean, libmExp: boolean, pows: readonly number[]): void {
  const libm = libmExp || pows.length > 0;
  const planType = '{ readonly bytes: string | Uint8Array; readonly fused?: boolean; readonly fusedBytes?: string; readonly scratch: number; readonly descriptor: number; readonly params: number; readonly pointers: readonly (readonly (string | number)[])[]; readonly tables: readonly { readonly name: string; readonly offset: number }[]; readonly imports: readonly string[] }';
  out.push(`// WebAssembly kernels: the same operations as the JavaScript kernels below, in the same order.`);
  if (wasm === 'lazy') {
    // (`__wasmPlan`: the translation, given by compileMod/instantiate; absent elsewhere.)
    // (Its argument: whether to translate with the fused multiply-add; by default where core has it.)
    out.push(`const _wplanOf = typeof __wasmPlan === 'function' ? __wasmPlan : () => null;`);
  } else {
    // (A constant: read with the module, not parsed again on first use.)
    out.push(`const _WPLAN${T(planType)} = ${JSON.stringify({ bytes: toBase64(wasm.bytes), ...(fusedBytes !== null ? { fusedBytes: toBase64(fusedBytes) } : {}), scratch: wasm.scratch, descriptor: wasm.descriptor, params: wasm.params, pointers: wasm.pointers, tables: wasm.tables.map((t) => ({ name: t.name, offset: t.offset })), imports: wasm.imports })};`);
    if (fusedBytes !== null) {
      // (The kernels with the fused multiply-add where the engine has it: the same doubles.)
      out.push(`const _wplanOf = (fma${T('boolean')} = _lfma())${T(`${planType} | null`)} => (fma ? { ..._WPLAN, bytes: _WPLAN.fusedBytes${ts ? '!' : ''}, fused: true } : _WPLAN);`);
    } else {
      out.push(`const _wplanOf = (_fma${T('boolean')} = false)${T(`${planType} | null`)} => _WPLAN;`);
    }
  }
  out.push(`let _wplan${T(`${planType} | null | undefined`)};`);
  out.push(`let _wmodule${T('WebAssembly.Module | null | undefined')};`);
  out.push(`function _wasmPlan()${T(`${planType} | null`)} {`);
  out.push(`  if (_wplan === undefined) {`);
  out.push(`    try {`);
  out.push(`      _wplan = _wplanOf();`);
  out.push(`    } catch {`);
  out.push(`      _wplan = null;`);
  out.push(`    }`);
  // (Without core's exp table, no WebAssembly kernels: see _lexp.)
  if (libm && !ts) out.push(`    if (_wplan !== null && _LIBM === null && _wplan.imports.some((n) => n.startsWith('libm_'))) _wplan = null;`);
  out.push(`  }`);
  out.push(`  return _wplan;`);
  out.push(`}`);
  // (With the fused multiply-add where a plan has it; should core not compile that module after
  // all, another thread of the process having turned V8's flag off meanwhile, the plain one.)
  out.push(`/** A plan's bytes, decoded. */`);
  out.push(`function _wbytes(u${T('string | Uint8Array')})${T('Uint8Array<ArrayBuffer>')} {`);
  out.push(`  if (typeof u !== 'string') return u${ts ? ' as Uint8Array<ArrayBuffer>' : ''};`);
  // (Node's Buffer decodes natively; elsewhere a loop, which V8 runs in its interpreter.)
  out.push(`  const B = (globalThis${ts ? ' as { Buffer?: { from(s: string, encoding: string): Uint8Array<ArrayBuffer> } }' : ''}).Buffer;`);
  out.push(`  if (B !== undefined) return B.from(u, 'base64');`);
  out.push(`  const b = atob(u);`);
  out.push(`  const a = new Uint8Array(b.length);`);
  out.push(`  for (let i = 0; i < b.length; i++) a[i] = b.charCodeAt(i);`);
  out.push(`  return a;`);
  out.push(`}`);
  out.push(`/** The compiled module, on first use; null where there is no WebAssembly (or it is not allowed). */`);
  out.push(`function _wasmModule()${T('WebAssembly.Module | null')} {`);
  out.push(`  if (_wmodule === undefined) {`);
  out.push(`    _wmodule = null;`);
  out.push(`    let p = _wasmPlan();`);
  out.push(`    if (p !== null) {`);
  out.push(`      try {`);
  if (fusable) {
    out.push(`        _wmodule = p.fused === true ? _lfused(_wbytes(p.bytes)) : _lcompile(_wbytes(p.bytes));`);
    out.push(`        if (_wmodule === null) {`);
    out.push(`          p = _wplan = _wplanOf(false);`);
    out.push(`          if (p !== null) _wmodule = _lcompile(_wbytes(p.bytes));`);
    out.push(`        }`);
  } else {
    out.push(`        _wmodule = _lcompile(_wbytes(p.bytes));`);
  }
  out.push(`      } catch {`);
  out.push(`        _wmodule = null; // JavaScript kernels`);
  out.push(`      }`);
  out.push(`      if (_wmodule !== null && p !== null) _warmUp(_wmodule, p);`);
  out.push(`    }`);
  out.push(`  }`);
  out.push(`  return _wmodule;`);
  out.push(`}`);
  const kt = `{ readonly [name: string]: ((...args: number[]) => void) | undefined }`;
  out.push(`/** The \`Math\` functions the module imports. */`);
  out.push(`function _wmath(p${T(planType)})${T('{ [name: string]: (...a: number[]) => number }')} {`);
  out.push(`  const math${T('{ [name: string]: (...a: number[]) => number }')} = {};`);
  const mathTable = ts ? '(Math as unknown as { [name: string]: (...a: number[]) => number })[n]!' : 'Math[n]';
  // (core's functions for the imports of their slow paths: see `__libm`)
  const own = [...(libmExp ? ["n === 'libm_exp' ? _lexp : "] : []), ...pows.map((k) => `n === 'libm_pow${k}' ? _lpow${k} : `)].join('');
  out.push(`  for (const n of p.imports) math[n] = n === 'fmod' ? (a${T('number')}, b${T('number')}) => a % b : ${own}${mathTable};`);
  out.push(`  return math;`);
  out.push(`}`);
  // V8 compiles a WebAssembly function at its first call, not with its module.
  out.push(`/** Has V8 compile the step entry points and the kernels they call now, with the module, rather than`);
  out.push(` * at their first call in a run: each is called once for no instances (a zero descriptor), in an`);
  out.push(` * instance over a memory of its own. */`);
  out.push(`function _warmUp(mod${T('WebAssembly.Module')}, p${T(planType)})${T('void')} {`);
  out.push(`  try {`);
  out.push(`    const x = new WebAssembly.Instance(mod, { env: { memory: new WebAssembly.Memory({ initial: 1 }) }, m: _wmath(p) }).exports${ts ? ` as unknown as ${kt}` : ''};`);
  out.push(`    for (const k in x) if (k.startsWith('step_')) x[k]${ts ? '!' : ''}(0, 0);`);
  out.push(`  } catch {`);
  out.push(`    // (compiled at their first call instead)`);
  out.push(`  }`);
  out.push(`}`);
}

/** The closure part of WebAssembly kernels: one instance per memory; the descriptor of addresses
 * written once per layout (a new layout brings a new scratch), TABLEs copied when rebuilt. */
function emitWasmBinding(out: string[], I: string, info: MechanismInfo, T: (t: string) => string, ts: boolean, luTables: readonly string[], libm: boolean): void {
  const kt = `{ readonly [name: string]: ((...args: number[]) => void) | undefined }`;
  const tables = info.functions.filter((f) => f.table).flatMap((f) => tableElements(info, f).map((e) => e.tab));
  // (A function: the TABLE arrays are declared further down.)
  out.push(`${I}function _wtab(name${T('string')})${T('Float64Array')} {`);
  out.push(`${I}  switch (name) {`);
  for (const t of tables) out.push(`${I}    case ${JSON.stringify(t)}: return ${t};`);
  for (const l of info.fileLocals) out.push(`${I}    case ${JSON.stringify(`_fl_${l.name}`)}: return _fl_${l.name};`);
  for (const t of new Set(luTables)) out.push(`${I}    case ${JSON.stringify(t)}: return ${t};`);
  if (libm) out.push(`${I}    case ${JSON.stringify(EXP_TABLE_NAME)}: return _EXP_TAB${ts ? '' : ' ?? _EMPTY'};`);
  out.push(`${I}  }`);
  out.push(`${I}  return _EMPTY;`);
  out.push(`${I}}`);
  out.push(`${I}let _wmem${T('WebAssembly.Memory | undefined')} = undefined, _wx${T(`${kt} | null`)} = null;`);
  out.push(`${I}let _wscr${T('Float64Array | undefined')} = undefined, _wtv = -1, _wd = 0;`);
  out.push(`${I}let _wargs${T('Float64Array')} = _EMPTY; // the step entry points' arguments (see wasmStep)`);
  out.push(`${I}function _wasm(m${T('InstanceData')}, nodes${T('NodeData')})${T(`${kt} | null`)} {`);
  out.push(`${I}  if (m.scratch === _wscr && _wtv === _tver && m.memory === _wmem) return _wx; // (as at the last call)`);
  out.push(`${I}  const p = _wasmPlan();`);
  out.push(`${I}  const mod = _wasmModule();`);
  out.push(`${I}  if (p === null || mod === null) return null;`);
  out.push(`${I}  if (m.memory !== _wmem) {`);
  out.push(`${I}    _wmem = m.memory;`);
  out.push(`${I}    _wx = null;`);
  out.push(`${I}    _wscr = undefined;`);
  out.push(`${I}    try {`);
  out.push(`${I}      _wx = new WebAssembly.Instance(mod, { env: { memory: m.memory${ts ? '!' : ''} }, m: _wmath(p) }).exports${ts ? ` as unknown as ${kt}` : ''};`);
  out.push(`${I}    } catch {`);
  out.push(`${I}      _wx = null;`);
  out.push(`${I}    }`);
  out.push(`${I}  }`);
  out.push(`${I}  const s = m.scratch;`);
  out.push(`${I}  if (_wx === null || s === undefined || s.length < p.scratch) return null;`);
  out.push(`${I}  if (s !== _wscr) {`);
  out.push(`${I}    _wscr = s;`);
  out.push(`${I}    _wtv = -1;`);
  out.push(`${I}    _wd = s.byteOffset + 8 * p.descriptor;`);
  out.push(`${I}    const d = new Int32Array(s.buffer, _wd, p.pointers.length);`);
  out.push(`${I}    p.pointers.forEach((q, i) => {`);
  out.push(`${I}      const a = q[1]${ts ? ' as number' : ''}, b = q[2]${ts ? ' as string' : ''};`);
  out.push(`${I}      switch (q[0]) {`);
  out.push(`${I}        case 'ni': d[i] = m.nodeIndex.byteOffset; break;`);
  out.push(`${I}        case 'G': d[i] = m.globals.byteOffset; break;`);
  out.push(`${I}        case 'F': d[i] = m.fields[a]${ts ? '!' : ''}.byteOffset; break;`);
  out.push(`${I}        case 'I': d[i] = (m.ions[a]${ts ? '! as unknown as { readonly [slot: string]: Float64Array }' : ''})[b]${ts ? '!' : ''}.byteOffset; break;`);
  out.push(`${I}        case 'N': d[i] = (nodes${ts ? ' as unknown as { readonly [name: string]: Float64Array | undefined }' : ''})[q[1]${ts ? ' as string' : ''}]?.byteOffset ?? 0; break;`);
  out.push(`${I}        case 'S': d[i] = s.byteOffset + a; break;`);
  out.push(`${I}      }`);
  out.push(`${I}    });`);
  out.push(`${I}  }`);
  out.push(`${I}  if (_wtv !== _tver) {`);
  out.push(`${I}    for (const t of p.tables) s.set(_wtab(t.name), t.offset);`);
  out.push(`${I}    _wtv = _tver;`);
  out.push(`${I}  }`);
  out.push(`${I}  return _wx;`);
  out.push(`${I}}`);
  if (info.functions.some((f) => f.table)) {
    out.push(`${I}/** Copies the TABLE arrays a \`_fill_\` kernel wrote in scratch back to their JavaScript arrays. */`);
    out.push(`${I}function _wback(names${T('readonly string[]')})${T('void')} {`);
    out.push(`${I}  const p = _wasmPlan(), s = _wscr;`);
    out.push(`${I}  if (p === null || s === undefined) return;`);
    out.push(`${I}  for (const t of p.tables) if (names.includes(t.name)) { const a = _wtab(t.name); a.set(s.subarray(t.offset, t.offset + a.length)); }`);
    out.push(`${I}}`);
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}

/** An AST node as the walkers below see it. */
interface AnyNode {
  readonly type?: unknown;
  readonly name?: unknown;
  readonly variable?: unknown;
  readonly expr?: { readonly type?: unknown; readonly name?: unknown; readonly args?: readonly unknown[] };
  readonly [key: string]: unknown;
}

/**
 * Visits every object under `root` (arrays walked through, `location`s skipped); `visit` returns
 * false to skip a node's children.
 */
function forEachNode(root: unknown, visit: (node: AnyNode) => boolean): void {
  if (Array.isArray(root)) {
    for (const x of root) forEachNode(x, visit);
    return;
  }
  if (root === null || typeof root !== 'object') return;
  const o = root as AnyNode;
  if (!visit(o)) return;
  for (const key in o) {
    if (key === 'location') continue;
    const val = o[key];
    if (val !== null && typeof val === 'object') forEachNode(val, visit);
  }
}

/** The statements of a SOLVE (its lowered body, or an implicit system's parts). */
function solveParts(s: SolveInfo): unknown {
  return s.implicit ? [s.body, s.implicit.pre, s.implicit.derivs, s.implicit.states.map((x) => ({ type: 'Name', name: x.name }))] : s.body;
}

/**
 * Statement-level calls `p(x)` of a PROCEDURE with a TABLE of one argument under the roots: a
 * kernel looks these up inline, keeping the tabulated values in its locals.
 */
function tableCalls(info: MechanismInfo, roots: readonly unknown[]): Set<Stmt> {
  const out = new Set<Stmt>();
  if (info.usetableIndex < 0) return out;
  const tabled = new Set(info.functions.filter((f) => f.procedure && f.table && f.params.length === 1 && f.table.names.length > 0).map((f) => f.name));
  const visit = (o: AnyNode): boolean => {
    if (o.type === 'ExprStmt' && o.expr?.type === 'Call' && typeof o.expr.name === 'string' && tabled.has(o.expr.name) && o.expr.args?.length === 1) out.add(o as unknown as Stmt);
    if (o.type === 'Solve') { const si = info.inlineSolves.get(o as unknown as Stmt); if (si) forEachNode(solveParts(si), visit); }
    return true;
  };
  forEachNode(roots, visit);
  return out;
}

/** The mechanism's names a FUNCTION or PROCEDURE uses (not its own) and the calls it makes. */
const functionUses = new WeakMap<FunctionInfo, { readonly names: readonly string[]; readonly calls: readonly string[] }>();

/**
 * What statements reach through calls: `calls` when they call a FUNCTION or PROCEDURE of the
 * mechanism or send events, and `touched`, the names the reachable FUNCTIONs and PROCEDUREs use
 * (variables and `v`). Statements are walked structurally (every `Name`, `Indexed`, `Prime`,
 * `Call`, `For` and inline `Solve` under the roots).
 */
function reachable(info: MechanismInfo, roots: readonly unknown[], inlined: ReadonlySet<Stmt>, alsoCalled: readonly string[] = []): { calls: boolean; touched: Set<string> } {
  const fns = new Map(info.functions.map((f) => [f.name, f]));
  const EVENTS = new Set(['net_send', 'net_event', 'net_move']);
  // (`lookups`: the statements looked up inline, the kernel's `inlined` for its own roots.)
  const walk = (root: unknown, names: Set<string>, calls: Set<string>, lookups: ReadonlySet<Stmt>): void => {
    const visit = (o: AnyNode): boolean => {
      if (o.type === 'Call' && typeof o.name === 'string') calls.add(o.name);
      if ((o.type === 'Name' || o.type === 'Indexed' || o.type === 'Prime') && typeof o.name === 'string') names.add(o.name);
      if (o.type === 'For' && typeof o.variable === 'string') names.add(o.variable);
      // VERBATIM C may name the mechanism's variables (nocmodl makes them macros).
      if (o.type === 'Verbatim' && typeof o.text === 'string') for (const id of o.text.match(/[A-Za-z_]\w*/g) ?? []) names.add(id);
      if (o.type === 'Solve') { const si = info.inlineSolves.get(o as unknown as Stmt); if (si) forEachNode(solveParts(si), visit); }
      // An inlined TABLE lookup calls its procedure only with usetable = 0, around a full sync.
      if (lookups.has(o as unknown as Stmt)) { forEachNode(o.expr?.args, visit); return false; }
      return true;
    };
    forEachNode(root, visit);
  };
  const direct = new Set<string>();
  walk(roots, new Set(), direct, inlined);
  const touched = new Set<string>();
  const seen = new Set<string>();
  const queue = [...direct, ...alsoCalled].filter((c) => fns.has(c));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const fn = fns.get(name)!;
    // What a function's body names and calls, walked once per function and without the kernel's
    // inline TABLE lookups: a FUNCTION or PROCEDURE runs its statements itself, so a call of a
    // TABLE procedure it reaches (through a SOLVE of a block whose call the kernel looks up
    // inline, say) is a call, and what that procedure touches stays out of the kernel's locals.
    let used = functionUses.get(fn);
    if (used === undefined) {
      const calls = new Set<string>();
      const names = new Set<string>();
      walk([fn.body, fn.table ? [fn.table.from, fn.table.to] : []], names, calls, new Set());
      // Parameters and top-level LOCALs shadow the mechanism's variables in the whole body.
      const own = new Set([...fn.params.map((p) => p.name), ...fn.body.flatMap((st) => (st.type === 'Local' ? st.names.map((l) => l.name) : []))]);
      used = { names: [...names].filter((n) => !own.has(n)), calls: [...calls] };
      functionUses.set(fn, used);
    }
    const { calls } = used;
    for (const n of used.names) touched.add(n);
    if (fn.table) for (const d of fn.table.depend) touched.add(d);
    for (const c of calls) if (fns.has(c)) queue.push(c); else if (EVENTS.has(c)) direct.add(c);
  }
  return { calls: seen.size > 0 || [...direct].some((c) => EVENTS.has(c)), touched };
}

/**
 * NEURON's legacy generator shared by `scop_random`, `exprand`, `normrand` and `set_seed` (scoprand):
 * value = 2147437301*value + 453816981 mod 2^32 from 1, u = value/4294967295, and
 * exprand(mean) = -mean*log(u) with a correctly rounded log (double-double atanh series), which
 * matches the C library far more often than Math.log. The state lives in the module, so it is
 * shared by every instance and simulation of the mechanism and survives finitialize, as in NEURON.
 */
function emitScopRandom(out: string[], I: string, T: (t: string) => string): void {
  const N = `${T('number')}`;
  const DD = T('[number, number]');
  const lines = [
    `let _scopValue = 1;`,
    `function _scopRandom()${N} { _scopValue = (Math.imul(2147437301, _scopValue) + 453816981) >>> 0; return _scopValue / 4294967295.0; }`,
    `function _setSeed(x${N})${N} { _scopValue = x >>> 0; return 0; }`,
    `function _exprand(mean${N})${N} { return -mean * _crlog(_scopRandom()); }`,
    // normrand(mean, sd): the polar method on pairs of 2u - 1, keeping the first of the pair.
    `function _normrand(mean${N}, sd${N})${N} { let s = 1, v1 = 0, v2 = 0; while (s >= 1) { v1 = 2 * _scopRandom() - 1; v2 = 2 * _scopRandom() - 1; s = v1 * v1 + v2 * v2; } return v1 * Math.sqrt(-2 * _crlog(s) / s) * sd + mean; }`,
    `function _dd2(a${N}, b${N})${DD} { const s = a + b; const bb = s - a; return [s, (a - (s - bb)) + (b - bb)]; }`,
    `function _ddq(a${N}, b${N})${DD} { const s = a + b; return [s, b - (s - a)]; }`,
    `function _ddp(a${N}, b${N})${DD} { const p = a * b; const ca = 134217729 * a, cb = 134217729 * b; const ah = ca - (ca - a), bh = cb - (cb - b); const al = a - ah, bl = b - bh; return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl]; }`,
    `function _ddAdd(x${DD}, y${DD})${DD} { const s = _dd2(x[0], y[0]); return _ddq(s[0], s[1] + x[1] + y[1]); }`,
    `function _ddMul(x${DD}, y${DD})${DD} { const p = _ddp(x[0], y[0]); return _ddq(p[0], p[1] + x[0] * y[1] + x[1] * y[0]); }`,
    `function _ddDiv(x${DD}, y${DD})${DD} { const q1 = x[0] / y[0]; let r = _ddAdd(x, _ddMul([-q1, 0], y)); const q2 = r[0] / y[0]; r = _ddAdd(r, _ddMul([-q2, 0], y)); const q3 = r[0] / y[0]; const a = _ddq(q1, q2); return _ddAdd(a, [q3, 0]); }`,
    `const _logC${T('[number, number][]')} = []; for (let k = 0; k <= 24; k++) _logC.push(_ddDiv([1, 0], [2 * k + 1, 0]));`,
    `const _logView = new DataView(new ArrayBuffer(8));`,
    `function _crlog(x${N})${N} {`,
    `  if (!(x > 0) || x === Infinity) return Math.log(x);`,
    `  let e = 0;`,
    `  if (x < 2.2250738585072014e-308) { x *= 18014398509481984; e = -54; }`,
    `  _logView.setFloat64(0, x);`,
    `  const hi = _logView.getUint32(0);`,
    `  e += ((hi >>> 20) & 0x7ff) - 1023;`,
    `  _logView.setUint32(0, (hi & 0x800fffff) | (1023 << 20));`,
    `  let m = _logView.getFloat64(0);`,
    `  if (m > Math.SQRT2) { m /= 2; e += 1; }`,
    `  const f = m - 1;`,
    `  const s = _ddDiv([f, 0], _dd2(2, f));`,
    `  const s2 = _ddMul(s, s);`,
    `  let acc = _logC[24];`,
    `  for (let k = 23; k >= 0; k--) acc = _ddAdd(_ddMul(acc, s2), _logC[k]);`,
    `  const lm = _ddMul(_ddMul([2, 0], s), acc);`,
    `  const r = _ddAdd(_ddAdd(_ddp(e, 0.6931471805599453), [e * 2.3190468138462996e-17, 0]), lm);`,
    `  return r[0] + r[1];`,
    `}`,
  ];
  for (const l of lines) out.push(I + l);
}

/** Emits NEURON's table machinery for a FUNCTION or PROCEDURE with TABLE. */
/** The arrays of a TABLE: one per tabulated value; a tabulated array (`TABLE inf` of `inf[4]`)
 * has one per element, as in NEURON. */
interface TableElement {
  /** The tabulated variable. */
  readonly o: string;
  /** The element, and the variable's length (1: a scalar). */
  readonly j: number;
  readonly len: number;
  /** The table's name in the generated code. */
  readonly tab: string;
}
function tableElements(info: MechanismInfo, fn: FunctionInfo): TableElement[] {
  const fname = `${fn.procedure ? 'p' : 'f'}_${fn.name}`;
  const lengthOf = (o: string): number => {
    const sym = info.symbols.get(o);
    return fn.procedure && sym && (sym.kind === 'field' || sym.kind === 'global' || sym.kind === 'fileLocal') ? sym.length : 1;
  };
  return (fn.procedure ? fn.table!.names : [fn.name]).flatMap((o) => {
    const len = lengthOf(o);
    return Array.from({ length: len }, (_, j) => ({ o, j, len, tab: `_t_${fname}_${o}${len > 1 ? `_${j}` : ''}` }));
  });
}
/** An element's index as an expression (null for a scalar). */
function elementIndex(e: TableElement, location: SourceRange): Expr | null {
  return e.len > 1 ? { type: 'Number', value: e.j, text: String(e.j), unit: null, location } : null;
}

/**
 * A TABLE: its arrays, `_check_<fn>` (rebuilt when a DEPEND changed) and the lookup. With
 * WebAssembly kernels the loop that fills the arrays is a kernel of its own, `_fill_<fn>(m, nodes,
 * ctx)`, that the translation also makes a WebAssembly function of (run over the model's memory,
 * it writes the copies the kernels read in scratch, then copied back); otherwise it is inline.
 */
function emitTable(em: Emitter, info: MechanismInfo, fn: FunctionInfo, fname: string, T: (t: string) => string, wasm: boolean): void {
  const tb = fn.table!;
  const n = tb.n;
  const root: Scope = { locals: new Map(), netReceive: false, fn: null };
  const elements = tableElements(info, fn);
  const tabName = (e: TableElement): string => e.tab;
  const element = (e: TableElement): string => em.ref(e.o, elementIndex(e, tb.from.location), root, tb.from as never);
  for (const e of elements) em.line(`const ${tabName(e)} = new Float64Array(${n + 1});`);
  em.line(`let _tmin_${fname} = 0, _mfac_${fname} = 0, _mk_${fname} = true${wasm ? `, _dx_${fname} = 0` : ''};`);
  tb.depend.forEach((d, i) => em.line(`let _sav_${fname}_${i} = 0; // ${d}`));
  const usetable = `_G[${info.usetableIndex}]`;
  const fill = (dx: string): void => {
    em.open(`for (let _i = 0, _x = _tmin_${fname}; _i < ${n + 1}; _x += ${dx}, _i++) {`);
    if (fn.procedure) {
      em.line(`_f${fname}(_x);`);
      for (const e of elements) em.line(`${tabName(e)}[_i] = ${element(e)};`);
    } else {
      em.line(`${tabName(elements[0]!)}[_i] = _f${fname}(_x);`);
    }
    em.close();
  };
  em.open(`function _check_${fname}(${wasm ? `m${T('InstanceData | undefined')}, nodes${T('NodeData | undefined')}` : ''})${T('void')} {`);
  em.line(`if (${usetable} === 0) return;`);
  tb.depend.forEach((d, i) => em.line(`if (_sav_${fname}_${i} !== ${em.ref(d, null, root, tb.from as never)}) _mk_${fname} = true;`));
  em.open(`if (_mk_${fname}) {`);
  em.line(`_mk_${fname} = false;`);
  em.line('_tver++;');
  em.line(`_tmin_${fname} = ${em.expr(tb.from, root)};`);
  em.line(`const _tmax = ${em.expr(tb.to, root)};`);
  if (wasm) {
    em.line(`_dx_${fname} = (_tmax - _tmin_${fname}) / ${n};`);
    em.line(`_mfac_${fname} = 1 / _dx_${fname};`);
    em.line(`_fill_${fname}(m, nodes, _ctx);`);
  } else {
    em.line(`const _dx = (_tmax - _tmin_${fname}) / ${n};`);
    em.line(`_mfac_${fname} = 1 / _dx;`);
    fill('_dx');
  }
  tb.depend.forEach((d, i) => em.line(`_sav_${fname}_${i} = ${em.ref(d, null, root, tb.from as never)};`));
  em.close();
  em.close();
  if (wasm) {
    // (The first statement is the translation's glue, as in the kernels; the rest is translated.)
    em.open(`function _fill_${fname}(m${T('InstanceData | undefined')}, nodes${T('NodeData | undefined')}, ctx${T('StepContext')})${T('void')} {`);
    em.open(`if (m !== undefined && m.memory !== undefined && nodes !== undefined) {`);
    em.line(`const _w = _wasm(m, nodes);`);
    em.line('_wtv = -1; // (the arrays change: copied to scratch again at the next binding)');
    em.open(`if (_w !== null && _w._fill_${fname} !== undefined) {`);
    em.line(`_w._fill_${fname}(_wd, ctx.t, ctx.dt, ctx.celsius, ctx.secondorder, _tmin_${fname}, _dx_${fname});`);
    em.line(`_wback(${JSON.stringify(elements.map(tabName))});`);
    em.line('return;');
    em.close();
    em.close();
    fill(`_dx_${fname}`);
    em.close();
  }
  em.open(`function ${fname}(_lv${T('number')})${T('number')} {`);
  em.line(`if (${usetable} === 0) return _f${fname}(_lv);`);
  em.line(`const _xi = _mfac_${fname} * (_lv - _tmin_${fname});`);
  const assign = (val: (t: string) => string): void => {
    if (fn.procedure) {
      for (const e of elements) em.line(`${element(e)} = ${val(tabName(e))};`);
      em.line('return 0;');
    } else {
      em.line(`return ${val(tabName(elements[0]!))};`);
    }
  };
  em.open('if (Number.isNaN(_xi)) {');
  assign(() => '_xi');
  em.close();
  em.open('if (_xi <= 0) {');
  assign((t) => `${t}[0]`);
  em.close();
  em.open(`if (_xi >= ${n}) {`);
  assign((t) => `${t}[${n}]`);
  em.close();
  em.line('const _i = _xi | 0;');
  em.line('const _theta = _xi - _i;');
  assign((t) => `${t}[_i] + _theta * (${t}[_i + 1] - ${t}[_i])`);
  em.close();
}
