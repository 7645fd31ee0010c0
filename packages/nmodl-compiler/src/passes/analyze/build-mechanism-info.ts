/**
 * Analysis: from the syntax tree to {@link MechanismInfo} (fields, globals, ions, currents,
 * functions, blocks). Reports duplicate declarations and structural errors.
 * @module
 */
import type { FieldKind, MechanismKind } from '@neurite/core/abi';
import type { CodeBlock, Decl, DeclBlock, Expr, Program, SolveStmt, SourceRange, Stmt } from '../../ast/nodes.js';
import { DiagnosticCode, type Session } from '../../diagnostics.js';
import type {
  BaKernel,
  DiffusionInfo, FieldInfo, FunctionInfo, GlobalInfo, IonInfo, IonVarInfo, MechanismInfo, SolveInfo, SymbolInfo, TableInfo, WatchInfo,
} from '../../ir/mechanism-info.js';
import { UnitTable } from '../../units/units.js';
import { readsScriptArguments } from '../../codegen/c-verbatim.js';
import { lowerSolve } from '../lower/lower-solve.js';
import { cPrintfG } from './c-format.js';
import { BUILTIN_CONSTANTS, SPECIAL_VARIABLES, UNSUPPORTED_VARIABLES, ionSlot } from './builtins.js';

/** Options of the analysis. */
export interface AnalyzeOptions {
  readonly filename?: string;
}

/** NEURON's BEFORE and AFTER blocks and the kernels that run them. */
const BA_BLOCKS: Readonly<Record<string, BaKernel>> = {
  'BEFORE INITIAL': 'beforeInitial', 'AFTER INITIAL': 'afterInitial', 'BEFORE BREAKPOINT': 'beforeBreakpoint',
  'AFTER SOLVE': 'afterSolve', 'BEFORE STEP': 'beforeStep',
};

const ZERO: SourceRange = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** `body` without its SOLVE statements, at any depth of if/else and blocks; they go to `out`. */
function withoutSolves(body: readonly Stmt[], out: SolveStmt[]): Stmt[] {
  const kept: Stmt[] = [];
  for (const s of body) {
    switch (s.type) {
      case 'Solve': out.push(s); break;
      case 'If': kept.push({ ...s, then: withoutSolves(s.then, out), otherwise: s.otherwise ? withoutSolves(s.otherwise, out) : s.otherwise }); break;
      case 'BlockStmt': kept.push({ ...s, body: withoutSolves(s.body, out) }); break;
      default: kept.push(s);
    }
  }
  return kept;
}

/** Whether a block's VERBATIM code reads script arguments beyond the declared ones. */
function readsArguments(body: readonly Stmt[]): boolean {
  let found = false;
  walkStmts(body, (s) => { if (s.type === 'Verbatim' && readsScriptArguments(s.text)) found = true; });
  return found;
}

function walkStmts(stmts: readonly Stmt[], f: (s: Stmt) => void): void {
  for (const s of stmts) {
    f(s);
    switch (s.type) {
      case 'If': walkStmts(s.then, f); if (s.otherwise) walkStmts(s.otherwise, f); break;
      case 'While': case 'For': case 'BlockStmt': case 'ForNetcons': case 'KeywordStmt': walkStmts(s.body, f); break;
      case 'Solve': if (s.ifError) walkStmts(s.ifError, f); break;
      default: break;
    }
  }
}

/**
 * Builds the mechanism description from a parsed file.
 * @example
 * ```ts
 * const info = buildMechanismInfo(program, { filename: 'hh.mod' }, session);
 * ```
 */
export function buildMechanismInfo(program: Program, options: AnalyzeOptions, session: Session): MechanismInfo | null {
  let name: string | null = null;
  let kind: MechanismKind = 'density';
  let title: string | null = null;
  const range = new Set<string>();
  const globalNames = new Set<string>();
  const listedAt = new Map<string, SourceRange>();
  const randoms: string[] = [];
  const pointers: string[] = [];
  const functionTables: { name: string; arity: number }[] = [];
  const bbcorePointers: { name: string; at: SourceRange }[] = [];
  const verbatim: { text: string; location: SourceRange }[] = [];
  const currents: string[] = [];
  const electrode: string[] = [];
  const ionsDecl: { ion: string; read: string[]; write: string[]; valence: number | null; at: SourceRange }[] = [];
  const decls: { block: DeclBlock; decl: Decl }[] = [];
  const codeBlocks: CodeBlock[] = [];
  const units = new UnitTable();
  const constants = new Map<string, number>(BUILTIN_CONSTANTS);
  const userConstants = new Map<string, SourceRange>();
  const fileLocalDecls: { name: string; length: number | string | null; location: SourceRange }[] = [];

  const defineConstant = (n: string, value: number, at: SourceRange): void => {
    const prev = userConstants.get(n);
    if (prev) session.error(DiagnosticCode.Duplicate, `\`${n}\` is defined twice`, at, [{ message: 'first definition', range: prev }]);
    userConstants.set(n, at);
    constants.set(n, value);
  };

  for (const item of program.items) {
    switch (item.type) {
      case 'Title': title = item.text; break;
      case 'Define': defineConstant(item.name, item.value, item.location); break;
      case 'Units':
        for (const d of item.defs) {
          if (d.type === 'UnitAlias') {
            units.define(d.name, d.target);
          } else if (d.value !== null) {
            defineConstant(d.name, d.value, d.location);
          } else if (d.from !== null && d.to !== null) {
            const f = units.conversion(d.from, d.to);
            if (typeof f === 'string') {
              session.error(DiagnosticCode.UnknownUnit, `${f}; expected units NEURON knows (e.g. (faraday), (coulomb), (mV)) or ones defined above in UNITS`, d.location);
            } else {
              defineConstant(d.name, f, d.location);
            }
          }
        }
        break;
      case 'Neuron':
        for (const s of item.stmts) {
          if (s.type === 'Suffix') {
            if (name !== null) session.error(DiagnosticCode.Duplicate, `a second mechanism name \`${s.name}\`; a file defines one mechanism`, s.location);
            name = s.name;
            kind = s.keyword === 'SUFFIX' ? 'density' : s.keyword === 'POINT_PROCESS' ? 'point' : 'artificial';
          } else if (s.type === 'UseIon') {
            ionsDecl.push({ ion: s.ion, read: s.read.map((r) => r.name), write: s.write.map((w) => w.name), valence: s.valence, at: s.location });
            for (const n of [...s.read, ...s.write]) if (!listedAt.has(n.name)) listedAt.set(n.name, n.location);
          } else if (s.type === 'NameList') {
            const names = s.names.map((n) => n.name);
            for (const n of s.names) if (!listedAt.has(n.name)) listedAt.set(n.name, n.location);
            switch (s.keyword) {
              case 'RANGE': names.forEach((n) => range.add(n)); break;
              case 'RANDOM': randoms.push(...names); break;
              case 'GLOBAL': names.forEach((n) => globalNames.add(n)); break;
              case 'NONSPECIFIC_CURRENT': currents.push(...names); names.forEach((n) => range.add(n)); break;
              case 'ELECTRODE_CURRENT': electrode.push(...names); names.forEach((n) => range.add(n)); break;
              case 'POINTER': pointers.push(...names); break;
              case 'BBCOREPOINTER':
                // Taken where VERBATIM code uses it as a slot (`_p_<name>`, see below).
                for (const n of s.names) bbcorePointers.push({ name: n.name, at: s.location });
                break;
              default: break;
            }
          } else if (s.type === 'Verbatim') {
            session.warning(DiagnosticCode.Unsupported, 'VERBATIM in NEURON block ignored', s.location);
          }
        }
        break;
      case 'DeclBlock':
        for (const d of item.decls) decls.push({ block: item, decl: d });
        break;
      case 'CodeBlock': codeBlocks.push(item); break;
      case 'Local':
        for (const l of item.names) fileLocalDecls.push(l);
        break;
      case 'VerbatimItem':
        // (Its macros and static variables serve the VERBATIM code of the blocks; the code
        // generator warns about what it leaves out.)
        verbatim.push({ text: item.text, location: item.location });
        break;
      case 'Include':
        session.error(DiagnosticCode.Unsupported, `INCLUDE "${item.file}" was not read: compileMod puts included files in place (give it an \`include\` resolver)`, item.location);
        break;
      case 'FunctionTable':
        // (As nocmodl: a table of no arguments has nothing to look up.)
        if (item.params.length === 0) session.error(DiagnosticCode.BadDeclaration, `FUNCTION_TABLE ${item.name} must have one or more arguments`, item.location);
        functionTables.push({ name: item.name, arity: item.params.length });
        break;
      default: break;
    }
  }
  if (name === null) {
    session.error(DiagnosticCode.NoMechanismName, 'no mechanism name: expected `NEURON { SUFFIX name }` (or POINT_PROCESS / ARTIFICIAL_CELL)', program.items[0]?.location ?? ZERO);
    return null;
  }
  const isPoint = kind !== 'density';

  // Ion variables.
  const ionOf = new Map<string, { ion: number; v: IonVarInfo }>();
  const ions: IonInfo[] = ionsDecl.map((d, i) => {
    const vars: IonVarInfo[] = [];
    const add = (n: string, written: boolean): void => {
      const slot = ionSlot(d.ion, n);
      if (slot === null) {
        session.error(DiagnosticCode.BadDeclaration, `\`${n}\` is not a variable of ion ${d.ion}: expected e${d.ion}, ${d.ion}i, ${d.ion}o or i${d.ion}`, listedAt.get(n) ?? d.at);
        return;
      }
      const prev = vars.find((v) => v.name === n);
      if (prev) { if (written) vars[vars.indexOf(prev)] = { ...prev, written: true }; return; }
      vars.push({ name: n, slot, written });
    };
    d.read.forEach((n) => add(n, false));
    d.write.forEach((n) => add(n, true));
    for (const v of vars) {
      ionOf.set(v.name, { ion: i, v });
      if (v.slot === 'i' && v.written) currents.unshift(v.name);
    }
    return { ion: d.ion, valence: d.valence, read: d.read, write: d.write, vars };
  });
  // NEURON sums ion currents in USEION order, then NONSPECIFIC currents.
  const ionCurrents = ions.flatMap((x) => x.vars.filter((v) => v.slot === 'i' && v.written).map((v) => v.name));
  const otherCurrents = currents.filter((c) => !ionCurrents.includes(c));
  const allCurrents = [...ionCurrents, ...otherCurrents, ...electrode];

  // Declarations.
  const seen = new Map<string, SourceRange>();
  const declared = new Map<string, { kind: DeclBlock['kind']; decl: Decl }>();
  for (const { block, decl } of decls) {
    if (SPECIAL_VARIABLES.has(decl.name)) continue;
    const unsupported = UNSUPPORTED_VARIABLES.get(decl.name);
    if (unsupported !== undefined) {
      session.error(DiagnosticCode.Unsupported, unsupported, decl.location);
      continue;
    }
    const prev = seen.get(decl.name);
    if (prev) {
      session.error(DiagnosticCode.Duplicate, `\`${decl.name}\` is declared twice; remove one declaration`, decl.location, [{ message: 'first declared here', range: prev }]);
      continue;
    }
    seen.set(decl.name, decl.location);
    if (block.kind === 'CONSTANT') {
      if (decl.value === null) session.error(DiagnosticCode.BadDeclaration, `CONSTANT \`${decl.name}\` has no value: expected \`${decl.name} = number\``, decl.location);
      else defineConstant(decl.name, decl.value, decl.location);
      continue;
    }
    if (block.kind === 'INDEPENDENT') continue;
    declared.set(decl.name, { kind: block.kind, decl });
  }
  // Currents and ion variables not declared: NEURON requires them in ASSIGNED; be lenient.
  for (const c of [...allCurrents, ...ionOf.keys()]) {
    if (!declared.has(c)) {
      declared.set(c, { kind: 'ASSIGNED', decl: { type: 'Decl', name: c, length: null, value: null, unit: null, limits: null, location: ZERO } });
    }
  }

  // A POINTER whose slot VERBATIM code uses as C's `void*` (`_p_<name>`: NEURON's idiom for a
  // Random object, `nrn_random_pick(_p_rng)`) holds a handle of its own, in a hidden field
  // `_p_<name>` (0: null); a BBCOREPOINTER is taken only as such.
  const cText = [...verbatim.map((v) => v.text)];
  for (const b of codeBlocks) walkStmts(b.body, (st) => { if (st.type === 'Verbatim') cText.push(st.text); });
  const slotUsed = (n: string): boolean => cText.some((t) => new RegExp(`\\b_p_${n}\\b`).test(t));
  const slots = [...pointers.filter(slotUsed), ...bbcorePointers.map((b) => b.name).filter(slotUsed)];
  for (const b of bbcorePointers) {
    if (!slotUsed(b.name)) session.error(DiagnosticCode.Unsupported, `BBCOREPOINTER \`${b.name}\` is taken only as a slot that VERBATIM code uses (\`_p_${b.name}\`); it is not used so`, b.at);
  }
  for (let i = pointers.length - 1; i >= 0; i--) if (slots.includes(pointers[i]!)) pointers.splice(i, 1);
  // A POINTER is declared in ASSIGNED, but holds no value of its own: it reads another variable.
  for (const n of [...pointers, ...slots]) declared.delete(n);

  const fields: FieldInfo[] = [];
  const globals: GlobalInfo[] = [];
  const symbols = new Map<string, SymbolInfo>();
  const order: FieldKind[] = ['parameter', 'assigned', 'state'];
  const kindOf = (k: DeclBlock['kind']): FieldKind => (k === 'PARAMETER' ? 'parameter' : k === 'STATE' ? 'state' : 'assigned');
  const isField = (n: string, k: DeclBlock['kind']): boolean => {
    if (globalNames.has(n)) return false;
    if (k === 'STATE') return true;
    if (isPoint) return true;
    if (k === 'PARAMETER') return range.has(n);
    return true; // ASSIGNED: per instance (hidden unless RANGE)
  };
  // A PARAMETER's default as NEURON 8.2 has it: its translator writes it with C's %g (six
  // significant digits). Values written in code keep every digit.
  const defaultOf = (k: DeclBlock['kind'], d: Decl): number => (k === 'PARAMETER' ? cPrintfG(d.value ?? 0) : d.value ?? 0);
  // An array's size is a number or a DEFINEd name (`dur[NSTEP]`).
  const lengthOf = (d: Decl): number => {
    const l: number | string | null = d.length;
    if (typeof l !== 'string') {
      if (l !== null && (l < 1 || l > 1e6)) {
        session.error(DiagnosticCode.BadDeclaration, `the size of \`${d.name}[${l}]\` must be from 1 to 1e6`, d.location);
        return 1;
      }
      return l ?? 1;
    }
    const c = constants.get(l);
    if (c === undefined || !Number.isInteger(c) || c < 1) {
      session.error(DiagnosticCode.Undefined, `the size of \`${d.name}[${l}]\` must be a whole number or a DEFINEd name; \`${l}\` is not one`, d.location);
      return 1;
    }
    return c;
  };
  const mkField = (n: string, k: DeclBlock['kind'], d: Decl, visible: boolean): void => {
    const length = lengthOf(d);
    symbols.set(n, { kind: 'field', index: fields.length, length });
    const field: FieldInfo = { name: n, kind: kindOf(k), unit: d.unit ?? '1', default: defaultOf(k, d), length, range: visible };
    fields.push(d.limits ? { ...field, limits: d.limits } : field);
  };
  // Visible fields first (range PARAMETERs, range ASSIGNEDs, STATEs), then hidden ones.
  // (forEach, not for-of over the entries: no [name, value] array per entry.)
  for (const fk of order) {
    declared.forEach(({ kind: k, decl }, n) => {
      if (kindOf(k) !== fk || !isField(n, k)) return;
      const visible = k === 'STATE' || range.has(n) || (isPoint && !ionOf.has(n));
      if (visible) mkField(n, k, decl, true);
    });
  }
  declared.forEach(({ kind: k, decl }, n) => {
    if (isField(n, k) && !symbols.has(n)) mkField(n, k, decl, false);
  });
  for (const n of slots) mkField(`_p_${n}`, 'ASSIGNED', { type: 'Decl', name: `_p_${n}`, length: null, value: null, unit: null, limits: null, location: ZERO }, false);
  declared.forEach(({ kind: k, decl }, n) => {
    if (symbols.has(n)) return;
    if (ionOf.has(n)) { mkField(n, k, decl, false); return; }
    const length = lengthOf(decl);
    symbols.set(n, { kind: 'global', index: globals.reduce((a, g) => a + g.length, 0), length });
    globals.push({ name: n, unit: decl.unit ?? '1', default: defaultOf(k, decl), length });
  });
  // nocmodl ignores RANGE and GLOBAL names that are never declared; so do we, with a warning.
  for (const r of [...globalNames, ...range]) {
    if (!declared.has(r) && !SPECIAL_VARIABLES.has(r) && !constants.has(r) && !pointers.includes(r)) {
      session.warning(DiagnosticCode.Undefined, `\`${r}\` is listed in the NEURON block but never declared; it is ignored (declare it in PARAMETER, ASSIGNED or STATE to use it)`, listedAt.get(r) ?? ZERO);
    }
  }

  for (const [n, value] of constants) if (!symbols.has(n)) symbols.set(n, { kind: 'constant', value });
  for (const n of SPECIAL_VARIABLES) symbols.set(n, { kind: 'special', name: n as 'v' });
  const fileLocals = fileLocalDecls.map((l) => {
    const length = typeof l.length === 'string' ? constants.get(l.length) : (l.length ?? 1);
    if (length === undefined || !Number.isInteger(length) || length < 1 || length > 1e6) {
      session.error(DiagnosticCode.BadDeclaration, `the size of LOCAL \`${l.name}[${String(l.length)}]\` must be a whole number (up to 1e6) or a DEFINEd name`, l.location);
      return { name: l.name, length: 1 };
    }
    return { name: l.name, length };
  });
  for (const l of fileLocals) symbols.set(l.name, { kind: 'fileLocal', length: l.length });
  randoms.forEach((r, index) => symbols.set(r, { kind: 'random', index }));
  pointers.forEach((r, index) => symbols.set(r, { kind: 'pointer', index }));

  for (const t of functionTables) symbols.set(t.name, { kind: 'function', procedure: false, arity: t.arity });

  // Functions and blocks.
  const functions: FunctionInfo[] = [];
  const blocksByName = new Map<string, CodeBlock>();
  let initial: readonly Stmt[] = [];
  let breakpoint: readonly Stmt[] = [];
  const solveStmts: SolveStmt[] = [];
  let netReceive: MechanismInfo['netReceive'] = null;
  let netReceiveInitial: Stmt[] | null = null;
  let constructorBody: readonly Stmt[] | null = null;
  const ba = new Map<BaKernel, Stmt[]>();
  let hasTable = false;
  for (const b of codeBlocks) {
    if (b.name !== null && b.kind !== 'BEFORE' && b.kind !== 'AFTER') {
      const prev = blocksByName.get(b.name);
      if (prev) session.error(DiagnosticCode.Duplicate, `a second block named \`${b.name}\``, b.location, [{ message: 'first defined here', range: prev.location }]);
      blocksByName.set(b.name, b);
    }
    switch (b.kind) {
      case 'FUNCTION': case 'PROCEDURE': {
        let table: TableInfo | null = null;
        walkStmts(b.body, (s) => {
          if (s.type === 'Table') {
            table = { names: s.names.map((x) => x.name), depend: s.depend.map((x) => x.name), from: s.from, to: s.to, n: s.with };
            if (s.with < 1 || s.with > 1e6) session.error(DiagnosticCode.BadDeclaration, `TABLE ... WITH ${s.with}: expected a number of intervals from 1 to 1e6`, s.location);
            hasTable = true;
            if (b.params.length !== 1) session.error(DiagnosticCode.Unsupported, 'TABLE in a function of other than one argument is not supported yet', s.location);
          }
        });
        functions.push({ name: b.name ?? '', procedure: b.kind === 'PROCEDURE', params: b.params, body: b.body, table });
        symbols.set(b.name ?? '', { kind: 'function', procedure: b.kind === 'PROCEDURE', arity: b.params.length });
        break;
      }
      // A second INITIAL or BREAKPOINT (from an INCLUDEd file, say) runs after the first, as
      // nocmodl puts one after the other.
      case 'INITIAL': initial = [...initial, ...b.body]; break;
      case 'BREAKPOINT':
        // A SOLVE anywhere in BREAKPOINT (inside an if too) is the states' advance of every
        // step, as nocmodl has it: it leaves the block and runs unconditionally.
        breakpoint = [...breakpoint, ...withoutSolves(b.body, solveStmts)];
        break;
      case 'NET_RECEIVE': {
        if (kind === 'density') {
          session.error(DiagnosticCode.Semantic, 'NET_RECEIVE belongs to a POINT_PROCESS or ARTIFICIAL_CELL: events are delivered to instances, not to segments', b.location);
        }
        // Its INITIAL block runs per NetCon at finitialize, not when events arrive.
        const body = b.body.filter((s) => {
          if (s.type === 'KeywordStmt' && s.keyword === 'INITIAL') { netReceiveInitial = [...(netReceiveInitial ?? []), ...s.body]; return false; }
          return true;
        });
        netReceive = { params: b.params, body };
        break;
      }
      case 'CONSTRUCTOR':
        if (kind === 'density') session.error(DiagnosticCode.Semantic, 'CONSTRUCTOR belongs to POINT_PROCESS and ARTIFICIAL_CELL mechanisms', b.location);
        constructorBody = b.body;
        break;
      case 'DESTRUCTOR':
        session.warning(DiagnosticCode.Unsupported, 'DESTRUCTOR ignored (instances own no resources outside their arrays)', b.location);
        break;
      case 'BEFORE': case 'AFTER': {
        // The five NEURON has (nocmodl rejects the others).
        const which = BA_BLOCKS[`${b.kind} ${b.name ?? ''}`];
        if (which === undefined) {
          session.error(DiagnosticCode.Semantic, `${b.kind} ${b.name ?? ''} is not a block NEURON has: use BEFORE INITIAL, AFTER INITIAL, BEFORE BREAKPOINT, AFTER SOLVE or BEFORE STEP`, b.location);
          break;
        }
        ba.set(which, [...(ba.get(which) ?? []), ...b.body]);
        break;
      }
      case 'DERIVATIVE': case 'KINETIC': case 'LINEAR': case 'NONLINEAR': break;
      default:
        session.error(DiagnosticCode.Unsupported, `${b.kind} blocks are not supported yet`, b.location);
    }
  }
  // WATCH statements (NET_RECEIVE, INITIAL): hidden per-instance state, checked after each step.
  const watches: WatchInfo[] = [];
  const watchOf = new Map<Stmt, number[]>();
  const watchBlocks = codeBlocks.filter((b) => b.kind === 'NET_RECEIVE' || b.kind === 'INITIAL');
  for (const b of watchBlocks) {
    walkStmts(b.body, (s) => {
      if (s.type !== 'Watch') return;
      const ids: number[] = [];
      for (const item of s.items) {
        const c = item.cond;
        if (c.type !== 'Binary' || !['>', '>=', '<', '<='].includes(c.op)) {
          session.error(DiagnosticCode.Unsupported, 'a WATCH condition must be a comparison `a > b` or `a < b`', c.location);
          continue;
        }
        const value: Expr = c.op === '>' || c.op === '>='
          ? { type: 'Binary', op: '-', left: c.left, right: c.right, location: c.location }
          : { type: 'Binary', op: '-', left: c.right, right: c.left, location: c.location };
        const i = watches.length;
        const names = { armed: `_watch${i}_armed`, above: `_watch${i}_above`, flagField: `_watch${i}_flag` };
        for (const n of Object.values(names)) {
          symbols.set(n, { kind: 'field', index: fields.length, length: 1 });
          fields.push({ name: n, kind: 'assigned', unit: '1', default: 0, length: 1, range: false });
        }
        watches.push({ value, flag: item.flag, ...names });
        ids.push(i);
      }
      watchOf.set(s, ids);
    });
  }
  if (watches.length > 0 && kind === 'density') {
    session.error(DiagnosticCode.Semantic, 'WATCH needs a POINT_PROCESS or ARTIFICIAL_CELL (events go to an instance)', watchBlocks[0]!.location);
  }

  let usetableIndex = -1;
  if (hasTable) {
    usetableIndex = globals.reduce((a, g) => a + g.length, 0);
    globals.push({ name: 'usetable', unit: '1', default: 1, length: 1 });
    symbols.set('usetable', { kind: 'global', index: usetableIndex, length: 1 });
  }

  const lowerCtx = {
    states: new Map(fields.filter((f) => f.kind === 'state').map((f) => [f.name, f.length] as const)),
    constants,
  };
  const solves: SolveInfo[] = [];
  for (const s of solveStmts) {
    const block = blocksByName.get(s.name);
    if (!block) {
      session.error(DiagnosticCode.Undefined, `SOLVE names \`${s.name}\`, which is not a DERIVATIVE, KINETIC or PROCEDURE block of this file`, s.location);
      continue;
    }
    const lowered = lowerSolve(s, block, lowerCtx, session, false);
    if (lowered) solves.push(lowered);
  }
  // SOLVEs anywhere else (INITIAL, FUNCTIONs, PROCEDUREs, nested in BREAKPOINT, NET_RECEIVE)
  // run where they stand, e.g. `SOLVE amplifier` (a LINEAR block) inside a FUNCTION.
  const inlineSolves = new Map<Stmt, SolveInfo>();
  const topLevelSolves = new Set<Stmt>(solveStmts);
  for (const b of codeBlocks) {
    if (b.kind === 'DERIVATIVE' || b.kind === 'KINETIC' || b.kind === 'LINEAR' || b.kind === 'NONLINEAR') continue;
    walkStmts(b.body, (s) => {
      if (s.type !== 'Solve' || topLevelSolves.has(s)) return;
      const block = blocksByName.get(s.name);
      if (!block) {
        session.error(DiagnosticCode.Undefined, `SOLVE names \`${s.name}\`, which is not a block of this file`, s.location);
        return;
      }
      const lowered = lowerSolve(s, block, lowerCtx, session, true);
      if (lowered) inlineSolves.set(s, lowered);
    });
  }

  // LONGITUDINAL_DIFFUSION: each state with the volume of the COMPARTMENT statement before it
  // that names it (as nocmodl; core solves the diffusion after the states are advanced).
  const diffusion: DiffusionInfo[] = [];
  const compartmentStmts: Extract<Stmt, { type: 'Compartment' }>[] = [];
  for (const b of codeBlocks) {
    if (b.kind !== 'KINETIC') continue;
    walkStmts(b.body, (s) => {
      if (s.type !== 'Compartment') return;
      if (s.keyword === 'COMPARTMENT') { compartmentStmts.push(s); return; }
      for (const n of s.names) {
        const sym = symbols.get(n.name);
        const field = sym?.kind === 'field' ? fields[sym.index] : undefined;
        if (!field || field.kind !== 'state') {
          session.error(DiagnosticCode.Semantic, `LONGITUDINAL_DIFFUSION: \`${n.name}\` must be a STATE of this mechanism`, n.location);
          continue;
        }
        if (ionOf.has(n.name)) {
          session.error(DiagnosticCode.Unsupported, `LONGITUDINAL_DIFFUSION of an ion concentration (\`${n.name}\`) is not supported yet: let a STATE diffuse and assign the concentration from it`, n.location);
          continue;
        }
        const comp = compartmentStmts.find((c) => c.names.some((m) => m.name === n.name));
        if (!comp) {
          session.error(DiagnosticCode.Semantic, `LONGITUDINAL_DIFFUSION: \`${n.name}\` must be in a COMPARTMENT statement before it (its volume)`, n.location);
          continue;
        }
        diffusion.push({ state: n.name, length: field.length, rate: s.volume, rateIndex: s.index, volume: comp.volume, volumeIndex: comp.index });
      }
    });
  }

  if (kind === 'density' && electrode.length > 0) {
    // NEURON allows ELECTRODE_CURRENT in density mechanisms (e.g. extracellular stimulation).
  }
  return {
    name, kind, title, file: options.filename ?? null, electrodeCurrent: electrode.length > 0,
    fields, globals, ions, symbols, currents: allCurrents, functions, initial, inlineSolves, breakpoint, solves,
    netReceive, netReceiveInitial, constructorBody, randoms, pointers, ba,
    functionTables, diffusion,
    methods: kind === 'density' ? [] : functions.map((f) => ({ name: f.name, arity: f.params.length, procedure: f.procedure, varargs: readsArguments(f.body) })),
    verbatim,
    fileLocals, usetableIndex, watches, watchOf,
  };
}
