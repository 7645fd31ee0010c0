/**
 * WebAssembly kernels from the generated JavaScript.
 *
 * The JavaScript back end decides everything about a kernel: which fields live in locals, the
 * order of every operation, inline tables, NEURON's dI/dv. This pass reads that JavaScript (the
 * `current` and `advance` kernels and the FUNCTIONs, PROCEDUREs and helpers they call) and writes
 * the same operations, in the same order, as WebAssembly over the arrays core keeps in one
 * `WebAssembly.Memory` (`InstanceData.memory`). Doubles are IEEE doubles on both sides and `exp`
 * (`_lexp`, core's libmExp, glibc's) is computed as libmExp computes it (see `exp.ts`); other
 * `Math` functions are imported from JavaScript itself; so a kernel gives the same bits in both.
 *
 * The pass accepts a strict subset of JavaScript, the one the back end writes for arithmetic
 * kernels: numeric locals, typed-array elements, `if`/`for`/`while`, calls of the closure's
 * functions (the node arrays, `diam` among them, are typed arrays too). Anything else (event
 * helpers, random streams, file-level LOCAL arrays, VERBATIM) makes it give up on that kernel,
 * which then stays JavaScript only.
 * @module
 */
import { parse } from 'acorn';
import type { AnyNode, Expression, FunctionDeclaration, Pattern, Statement } from 'acorn';
import { Code, ModuleBuilder, Op, Simd, type ValType } from './encoder.js';
import { EXP_TABLE_LENGTH, EXP_TABLE_NAME, addExp, addExpX2, emitExpX2Batch } from './exp.js';
import { addPowInt, addPowIntX2 } from './pow.js';

/** Why a construct cannot be translated (caught: the kernel stays JavaScript). */
class Unsupported extends Error {}

/** The kernels the pass translates. */
export const WASM_KERNELS = ['current', 'advance'] as const;
/** A kernel the pass translates. */
export type WasmKernelName = (typeof WASM_KERNELS)[number];

/** What the translation made of one kernel. */
export interface WasmKernelInfo {
  /** Whether its instance loop runs two instances at a time (f64x2). */
  readonly twoLane: boolean;
}

/** An address the kernels use, as the plugin's JavaScript finds it once per layout:
 * `['ni']` m.nodeIndex, `['G']` m.globals, `['F', i]` m.fields[i], `['I', j, slot]` m.ions[j][slot],
 * `['N', name]` nodes[name], `['S', bytes]` m.scratch plus `bytes`. */
export type WasmPointer = readonly ['ni'] | readonly ['G'] | readonly ['F', number] | readonly ['I', number, string] | readonly ['N', string] | readonly ['S', number];

/** The translated kernels of one mechanism. */
export interface WasmPlan {
  /** The module (imports `env.memory` and the `Math` functions in {@link imports} as `m.<name>`);
   * each kernel takes the arguments of the generated JavaScript's call of it. It also exports
   * the TABLE fills it translated, `_fill_<fn>`, under the names of their JavaScript functions. */
  readonly bytes: Uint8Array;
  /** f64 values of scratch the kernels need in `InstanceData.scratch`. */
  readonly scratch: number;
  /** Closure TABLEs copied into scratch (when rebuilt): name, offset in scratch (f64), length. */
  readonly tables: readonly { readonly name: string; readonly offset: number; readonly length: number }[];
  /** `Math` functions the module imports. */
  readonly imports: readonly string[];
  /** The translated kernels (a kernel that could not be translated is absent). */
  readonly kernels: Partial<Record<WasmKernelName, WasmKernelInfo>>;
  /** The addresses the kernels use, written as int32s at f64 offset {@link descriptor} of
   * scratch once per layout; each kernel's first argument is the descriptor's address. */
  readonly pointers: readonly WasmPointer[];
  /** Where the descriptor starts in scratch (in f64 elements). */
  readonly descriptor: number;
  /**
   * Where the step entry points read their arguments: bytes past the descriptor's address. Each
   * translated kernel also has an entry point `step_<kernel>(descriptor, t)` (one signature for
   * every mechanism, so that a step loop in WebAssembly can call any of them through a table):
   * it reads the kernel's other arguments, as f64 in the order of the JavaScript call's
   * arguments, from here, and calls the kernel.
   */
  readonly params: number;
  /** The module uses relaxed SIMD's multiply-add (see {@link TranslateOptions.fma}): it compiles
   * only where that is available. */
  readonly fused: boolean;
}

/** How {@link translateKernels} translates. */
export interface TranslateOptions {
  /** Two instances at a time (f64x2) where a loop allows (default true). */
  readonly simd?: boolean;
  /** The exps of consecutive statements computed together (default true). */
  readonly batchExps?: boolean;
  /**
   * exp's fused multiply-adds (glibc's), and the exact errors of x^3's and x^4's products, by
   * relaxed SIMD's `f64x2.relaxed_madd` rather than emulated (default false; needs `simd`). The
   * same doubles, in fewer instructions, but only where the engine has relaxed SIMD and that
   * instruction rounds once: pass core's `wasmFusedMultiplyAdd()`.
   */
  readonly fma?: boolean;
}

type Ty = 'i32' | 'f64' | 'bool' | 'lit';

/** An environment value the kernels receive from JavaScript at each call. */
interface Slot {
  readonly key: string;
  readonly type: 'i32' | 'f64';
  /** For an address (kept in the descriptor, written once per layout, rather than passed at
   * each call): how the plugin finds it. */
  readonly at?: WasmPointer;
}

/** What a name denotes. */
type Ref =
  | { readonly kind: 'array'; readonly slot: Slot; readonly elem: 'i32' | 'f64' }
  | { readonly kind: 'object'; readonly what: 'm' | 'nodes' | 'ctx' | 'ions'; readonly ion?: number }
  | { readonly kind: 'num'; readonly slot: Slot }
  | { readonly kind: 'local'; readonly index: number; readonly type: 'i32' | 'f64' }
  | { readonly kind: 'closureInt'; readonly global: number }
  /** One lane of a two-lane (f64x2) local, inside a kernel's two-instance loop. */
  | { readonly kind: 'vlane'; readonly local: number; readonly lane: number }
  /** The instance index of a lane: the loop's counter plus the lane. */
  | { readonly kind: 'klane'; readonly local: number; readonly lane: number };

const MATH_IMPORTS = new Set(['exp', 'pow', 'log', 'log10', 'log2', 'log1p', 'expm1', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'round', 'cbrt', 'hypot', 'sign']);
const MATH_NATIVE: Readonly<Record<string, number>> = { abs: Op.f64_abs, sqrt: Op.f64_sqrt, floor: Op.f64_floor, ceil: Op.f64_ceil, trunc: Op.f64_trunc };
/** Closure arrays that are private scratch of one kernel call (no copy in or out). */
const TEMP_ARRAYS = /^(_vc|_D|_X0|_F|_F1|_DX|_J|_XS|_FC|_JC)$/;
/** A kernel whose two-instance loop would take more locals than this keeps it inline (see outlinePairs). */
const OUTLINE_MAX_LOCALS = 200;
const ION_SLOTS = new Set(['e', 'ci', 'co', 'i', 'didv']);

const slotOf = {
  count: { key: 'count', type: 'i32' } as Slot,
  ni: { key: 'ni', type: 'i32', at: ['ni'] } as Slot,
  globals: { key: 'G', type: 'i32', at: ['G'] } as Slot,
  field: (i: number): Slot => ({ key: `F${i}`, type: 'i32', at: ['F', i] }),
  ion: (j: number, s: string): Slot => ({ key: `I${j}${s}`, type: 'i32', at: ['I', j, s] }),
  node: (s: string): Slot => ({ key: `N${s}`, type: 'i32', at: ['N', s] }),
  ctx: (s: string): Slot => ({ key: `ctx_${s}`, type: 'f64' }),
  closure: (name: string): Slot => ({ key: `C${name}`, type: 'f64' }),
  scratch: (name: string, offset: number): Slot => ({ key: `S${name}`, type: 'i32', at: ['S', offset * 8] }),
};

interface FnState {
  readonly code: Code;
  readonly locals: ValType[];
  readonly nparams: number;
  readonly scopes: Map<string, Ref>[];
  /** Slot values: kernel parameters (local indices) in kernels; globals in closure functions. */
  readonly slotLocal: Map<string, number> | null;
  /** Nesting of blocks for `break`/`continue`: label depth of each loop's exit and continue. */
  readonly loops: { exit: number; cont: number }[];
  depth: number;
  readonly isKernel: boolean;
  /** Temps for compound stores. */
  tempI32: number | null;
  /** Names of the kernel's locals that nothing reads (their assignments are skipped). */
  dead?: ReadonlySet<string>;
  /** A kernel's parameter types, when its two-instance loop may go to a function of its own. */
  readonly paramTypes?: readonly ValType[];
  /** The kernel's name in the module's name section. */
  readonly name?: string;
  /** A TABLE fill: `_k` and `_n` are the closure's (set once, at its start). */
  readonly fill?: boolean;
}

/**
 * Translates the kernels of a generated plugin (the `js` of `compileMod`) to WebAssembly.
 * Returns null when no kernel can be translated.
 * @example
 * ```ts
 * const { js } = compileMod(text, { instantiate: false });
 * const plan = translateKernels(js); // plan?.kernels.current: how to call it
 * ```
 */
export function translateKernels(js: string, options: TranslateOptions = {}): WasmPlan | null {
  const simd = options.simd ?? true;
  const batchExps = options.batchExps ?? true;
  const fma = options.fma === true && simd;
  let program;
  try {
    // (allowReserved: the text is the compiler's own, already compiled by the engine; acorn then
    // skips checking every identifier against the reserved words.)
    program = parse(js, { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: true, allowReserved: true });
  } catch {
    return null;
  }
  const found = findPlugin(program.body);
  if (!found) return null;
  const create = found.createKernels;
  // Density mechanisms have one instance per node; point processes may share nodes.
  const density = found.kind === 'density';
  const kernels = new Map<string, FunctionLike>();
  const closureFns = new Map<string, FunctionDeclaration>();
  const closureArrays = new Map<string, number>();
  const closureScalars = new Set<string>();
  const aliases = new Map<string, Ref>();
  for (const st of create) {
    if (st.type === 'FunctionDeclaration') closureFns.set(st.id.name, st);
    else if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        if (d.id.type !== 'Identifier') continue;
        const init = d.init;
        if (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'Float64Array' && init.arguments.length === 1 && init.arguments[0]!.type === 'Literal' && typeof init.arguments[0]!.value === 'number') {
          closureArrays.set(d.id.name, init.arguments[0]!.value);
        } else if (init?.type === 'Literal' && (typeof init.value === 'number' || typeof init.value === 'boolean')) {
          closureScalars.add(d.id.name);
        }
      }
    } else if (st.type === 'ReturnStatement' && st.argument?.type === 'ObjectExpression') {
      for (const p of st.argument.properties) {
        if (p.type === 'Property' && p.key.type === 'Identifier' && p.value.type === 'FunctionExpression') kernels.set(p.key.name, p.value);
      }
    }
  }
  // What the closure variables are bound to (by _bindData and _bind).
  // (arrayRef is hoisted; it reads `lookup` only when given a function state.)
  const bindAlias = (body: readonly Statement[], ionOf: Map<string, number>, consts = new Map<string, Ref>()): void => {
    for (const st of body) {
      if (st.type === 'BlockStatement') { bindAlias(st.body, new Map(ionOf), new Map(consts)); continue; }
      if (st.type === 'VariableDeclaration') {
        for (const d of st.declarations) {
          if (d.id.type === 'Identifier' && d.init?.type === 'MemberExpression' && d.init.computed && isMember(d.init.object, 'm', 'ions') && d.init.property.type === 'Literal') ionOf.set(d.id.name, Number(d.init.property.value));
          // (`const _d = nodes.diam; ...; _diam = _d;`)
          const r = d.id.type === 'Identifier' && d.init ? arrayRef(d.init, undefined, ionOf) : null;
          if (r && r.kind === 'array' && d.id.type === 'Identifier') consts.set(d.id.name, r);
        }
        continue;
      }
      if (st.type !== 'ExpressionStatement') continue;
      const ex = st.expression;
      const list = ex.type === 'SequenceExpression' ? ex.expressions : [ex];
      for (const a of list) {
        if (a.type !== 'AssignmentExpression' || a.operator !== '=' || a.left.type !== 'Identifier') continue;
        const r = a.right.type === 'Identifier' && consts.has(a.right.name) ? consts.get(a.right.name)! : arrayRef(a.right, undefined, ionOf);
        if (r && r.kind !== 'object') aliases.set(a.left.name, r);
        else if (r && (r.what === 'nodes' || r.what === 'ctx')) aliases.set(a.left.name, r);
      }
    }
  };
  for (const name of ['_bindData', '_bind']) {
    const f = closureFns.get(name);
    if (f) bindAlias(f.body.body, new Map());
  }

  const mod = new ModuleBuilder(found.name);
  const imports: string[] = [];
  const importIndex = new Map<string, number>();
  // Imports must come first: declare every Math function the closure might call.
  const mathUsed = new Set<string>();
  for (const st of create) {
    // (The plugin's own WebAssembly binding is not translated; its `%` is not the mechanism's.)
    const binding = st.type === 'FunctionDeclaration' && st.id.name.startsWith('_w');
    walk(st, (n) => {
      if (!binding && n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'Math' && n.property.type === 'Identifier' && MATH_IMPORTS.has(n.property.name)) mathUsed.add(n.property.name);
      if (!binding && n.type === 'BinaryExpression' && n.operator === '%') mathUsed.add('fmod');
      // `_lexp` (core's libmExp, glibc's exp): the WebAssembly exp's slow path calls it.
      if (n.type === 'Identifier' && n.name === '_lexp') mathUsed.add('libm_exp');
      // (`_lpow3`, `_lpow4`: core's correctly rounded x^3 and x^4, the slow paths of their own.)
      if (n.type === 'Identifier' && (n.name === '_lpow3' || n.name === '_lpow4')) mathUsed.add(`libm_pow${n.name.slice(-1)}`);
    });
  }
  for (const name of [...mathUsed].sort()) {
    const arity = name === 'pow' || name === 'atan2' || name === 'hypot' || name === 'fmod' ? 2 : 1;
    importIndex.set(name, mod.importFunction('m', name, Array<ValType>(arity).fill('f64'), ['f64']));
    imports.push(name);
  }
  const gK = mod.global('i32');
  const gN = mod.global('i32');
  const slotGlobals = new Map<string, { index: number; slot: Slot }>();
  const slotGlobal = (s: Slot): number => {
    let g = slotGlobals.get(s.key);
    if (!g) {
      g = { index: mod.global(s.type), slot: s };
      slotGlobals.set(s.key, g);
    }
    return g.index;
  };
  const ptrIndex = new Map<string, number>();
  const pointers: WasmPointer[] = [];
  const ptrOf = (sl: Slot): number => {
    let i = ptrIndex.get(sl.key);
    if (i === undefined) {
      i = pointers.length;
      ptrIndex.set(sl.key, i);
      pointers.push(sl.at!);
    }
    return i;
  };
  const scratchOffsets = new Map<string, number>();
  let scratch = 0;
  const scratchSlot = (name: string, length = closureArrays.get(name)!): Slot => {
    let off = scratchOffsets.get(name);
    if (off === undefined) {
      off = scratch;
      scratchOffsets.set(name, off);
      scratch += length;
    }
    return slotOf.scratch(name, off);
  };
  // File-level LOCAL arrays (`_fl_<name>`) are one per mechanism. One that only INITIAL (or the
  // PROCEDUREs it calls) sets is read by the kernels from a copy in scratch, made with the
  // TABLEs' (the generated init bumps `_tver`). One that a single translated kernel alone uses
  // (a temporary of a KINETIC block, say) lives in scratch alone. Any other stays in JavaScript,
  // and so do the kernels that use it.
  const fileLocalMode = ((): Map<string, 'copy' | 'own'> => {
    const uses = new Map<string, { reads: Set<string>; writes: Set<string> }>();
    const visited = new Map<string, { reads: Set<string>; writes: Set<string> }>();
    const usesOf = (name: string, fn: unknown, seen: Set<string>): { reads: Set<string>; writes: Set<string> } => {
      const done = visited.get(name);
      if (done) return done;
      const out = { reads: new Set<string>(), writes: new Set<string>() };
      if (seen.has(name)) return out;
      seen.add(name);
      const targets = new Set<unknown>();
      walk(fn, (n) => {
        const target = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : null;
        if (target?.type === 'MemberExpression' && target.object.type === 'Identifier' && target.object.name.startsWith('_fl_')) {
          out.writes.add(target.object.name);
          // (`x[i] += y` reads it too.)
          if (n.type === 'UpdateExpression' || (n.type === 'AssignmentExpression' && n.operator !== '=')) out.reads.add(target.object.name);
          targets.add(target);
        }
        if (n.type === 'MemberExpression' && !targets.has(n) && n.object.type === 'Identifier' && n.object.name.startsWith('_fl_')) out.reads.add(n.object.name);
        if (n.type === 'CallExpression' && n.callee.type === 'Identifier') {
          const f = closureFns.get(n.callee.name);
          if (f) {
            const g = usesOf(n.callee.name, f, seen);
            for (const r of g.reads) out.reads.add(r);
            for (const w of g.writes) out.writes.add(w);
          }
        }
      });
      visited.set(name, out);
      return out;
    };
    for (const [kname, fn] of kernels) {
      const u = usesOf(`kernel ${kname}`, fn, new Set());
      for (const [set, kind] of [[u.reads, 'reads'], [u.writes, 'writes']] as const) {
        for (const x of set) {
          if (!uses.has(x)) uses.set(x, { reads: new Set(), writes: new Set() });
          uses.get(x)![kind].add(kname);
        }
      }
    }
    const mode = new Map<string, 'copy' | 'own'>();
    const translated = new Set<string>(WASM_KERNELS);
    for (const [x, u] of uses) {
      const users = new Set([...u.writes, ...u.reads]);
      if ([...u.writes].every((k) => k === 'init')) mode.set(x, 'copy');
      // (One kernel only: if it stays in JavaScript, no WebAssembly kernel uses the array.)
      else if (users.size === 1 && translated.has([...users][0]!)) mode.set(x, 'own');
    }
    return mode;
  })();

  /** Closure functions already translated (name -> function index) and the slots each needs. */
  const fnIndex = new Map<string, number>();
  const fnSlots = new Map<string, Set<string>>();
  const translating = new Set<string>();
  const failed = new Set<string>();

  // -- expressions -------------------------------------------------------------------------

  const lookup = (st: FnState, name: string): Ref | undefined => {
    // A POINTER's target (`_P0[_k].array[...]`) is an array core may keep anywhere, in or out of
    // the memory: a kernel that reads or writes one stays in JavaScript.
    if (/^_P\d+$/.test(name)) throw new Unsupported(`POINTER ${name}`);
    for (let i = st.scopes.length - 1; i >= 0; i--) {
      const r = st.scopes[i]!.get(name);
      if (r) return r;
    }
    if (name === '_k' && (!st.isKernel || st.fill === true)) return { kind: 'closureInt', global: gK };
    if (name === '_n' && (!st.isKernel || st.fill === true)) return { kind: 'closureInt', global: gN };
    if (closureArrays.has(name)) {
      if (!name.startsWith('_t_') && !TEMP_ARRAYS.test(name) && !fileLocalMode.has(name)) throw new Unsupported(`closure array ${name}`);
      return { kind: 'array', slot: scratchSlot(name), elem: 'f64' };
    }
    const a = aliases.get(name);
    if (a) return a;
    if (closureScalars.has(name) && name !== '_k' && name !== '_n' && name !== '_flag' && name !== '_e') return { kind: 'num', slot: slotOf.closure(name) };
    return undefined;
  };

  const useSlot = (st: FnState, s: Slot, used: Set<string>, slots: Map<string, Slot>): void => {
    used.add(s.key);
    slots.set(s.key, s);
    if (st.isKernel && st.slotLocal === null) return; // a probe: only the names matter
    if (st.slotLocal) {
      if (!st.slotLocal.has(s.key)) throw new Unsupported('slot outside the kernel parameters');
      st.code.get(st.slotLocal.get(s.key)!);
    } else {
      st.code.gget(slotGlobal(s));
    }
  };

  /** The static meaning of an expression that names an array, an object or an environment
   * number (no code): `m.fields[2]`, `m.ions[0].e`, `_io.e`, `nodes.v`, `ctx.dt`, `_G`, ... */
  function arrayRef(e: Expression | Pattern, st?: FnState, ionOf: ReadonlyMap<string, number> = new Map()): Ref | null {
    if (e.type === 'Identifier') {
      if (e.name === 'm') return { kind: 'object', what: 'm' };
      if (e.name === 'nodes') return { kind: 'object', what: 'nodes' };
      if (e.name === 'ctx') return { kind: 'object', what: 'ctx' };
      if (st) {
        const r = lookup(st, e.name);
        if (r && (r.kind === 'array' || r.kind === 'object')) return r;
      }
      return null;
    }
    if (e.type !== 'MemberExpression') return null;
    const prop = e.computed
      ? (e.property.type === 'Literal' && typeof e.property.value === 'number' ? String(e.property.value) : null)
      : (e.property.type === 'Identifier' ? e.property.name : null);
    if (prop === null) return null;
    if (e.object.type === 'Identifier' && ionOf.has(e.object.name)) {
      return ION_SLOTS.has(prop) ? { kind: 'array', slot: slotOf.ion(ionOf.get(e.object.name)!, prop), elem: 'f64' } : null;
    }
    if (e.computed && isMember(e.object, 'm', 'fields')) return { kind: 'array', slot: slotOf.field(Number(prop)), elem: 'f64' };
    if (e.computed && isMember(e.object, 'm', 'ions')) return { kind: 'object', what: 'ions', ion: Number(prop) };
    const base = arrayRef(e.object as Expression, st, ionOf);
    if (!base || base.kind !== 'object') return null;
    if (base.what === 'm') {
      if (prop === 'nodeIndex') return { kind: 'array', slot: slotOf.ni, elem: 'i32' };
      if (prop === 'globals') return { kind: 'array', slot: slotOf.globals, elem: 'f64' };
      if (prop === 'count') return { kind: 'num', slot: slotOf.count };
      return null;
    }
    if (base.what === 'nodes') return ['v', 'rhs', 'd', 'area', 'diam'].includes(prop) ? { kind: 'array', slot: slotOf.node(prop), elem: 'f64' } : null;
    if (base.what === 'ctx') return ['t', 'dt', 'celsius', 'secondorder'].includes(prop) ? { kind: 'num', slot: slotOf.ctx(prop) } : null;
    if (base.what === 'ions' && base.ion !== undefined) return ION_SLOTS.has(prop) ? { kind: 'array', slot: slotOf.ion(base.ion, prop), elem: 'f64' } : null;
    return null;
  }

  interface Ctx { used: Set<string>; slots: Map<string, Slot>; calls: Set<string> }

  function typeOf(st: FnState, e: Expression): Ty {
    switch (e.type) {
      case 'Literal':
        if (typeof e.value === 'boolean') return 'bool';
        if (typeof e.value === 'number') return Number.isInteger(e.value) && Math.abs(e.value) < 2 ** 31 && !Object.is(e.value, -0) ? 'lit' : 'f64';
        throw new Unsupported('literal');
      case 'Identifier': {
        if (e.name === 'Infinity' || e.name === 'NaN') return 'f64';
        const r = lookup(st, e.name);
        if (!r) throw new Unsupported(`name ${e.name}`);
        if (r.kind === 'local') return r.type;
        if (r.kind === 'num') return r.slot.type;
        if (r.kind === 'closureInt' || r.kind === 'klane') return 'i32';
        if (r.kind === 'vlane') return 'f64';
        throw new Unsupported(`${e.name} as a value`);
      }
      case 'MemberExpression': {
        const r = arrayRef(e, st);
        if (r?.kind === 'num') return r.slot.type;
        if (!e.computed) throw new Unsupported('property');
        const arr = arrayRef(e.object as Expression, st);
        if (!arr || arr.kind !== 'array') throw new Unsupported(`element of an unknown array${e.object.type === 'Identifier' ? ` ${e.object.name}` : ''}`);
        return arr.elem;
      }
      case 'BinaryExpression': {
        const op = e.operator;
        if (['<', '>', '<=', '>=', '===', '!==', '==', '!='].includes(op)) return 'bool';
        if (op === '|') return 'i32';
        const a = typeOf(st, e.left as Expression), b = typeOf(st, e.right);
        if ((op === '+' || op === '-' || op === '*') && (a === 'i32' || a === 'lit') && (b === 'i32' || b === 'lit') && (a === 'i32' || b === 'i32')) return 'i32';
        return 'f64';
      }
      case 'LogicalExpression': return 'bool';
      case 'UnaryExpression': return e.operator === '!' ? 'bool' : 'f64';
      case 'ConditionalExpression': {
        const a = typeOf(st, e.consequent), b = typeOf(st, e.alternate);
        return a === b && a !== 'lit' ? a : 'f64';
      }
      case 'AssignmentExpression': return typeOf(st, e.left as Expression) === 'i32' ? 'i32' : 'f64';
      case 'SequenceExpression': return typeOf(st, e.expressions[e.expressions.length - 1]!);
      case 'CallExpression': {
        if (e.callee.type === 'MemberExpression' && e.callee.object.type === 'Identifier' && e.callee.object.name === 'Number') return 'bool';
        return 'f64';
      }
      default: throw new Unsupported(e.type);
    }
  }

  /** Emits e and converts to `want`. */
  function expr(st: FnState, e: Expression, want: 'i32' | 'f64' | 'cond', cx: Ctx): void {
    const t = typeOf(st, e);
    if (e.type === 'Literal' && typeof e.value === 'number') {
      if (want === 'i32') {
        if (t !== 'lit') throw new Unsupported('non-integer index');
        st.code.i32(e.value);
      } else if (want === 'cond') {
        st.code.i32(e.value !== 0 && !Number.isNaN(e.value) ? 1 : 0);
      } else st.code.f64(e.value);
      return;
    }
    raw(st, e, t === 'lit' ? 'f64' : t, cx);
    const have: 'i32' | 'f64' | 'bool' = t === 'lit' ? 'f64' : t;
    if (want === 'cond') {
      if (have === 'f64') {
        // JavaScript truthiness of a number: neither 0 nor NaN.
        const tmp = newLocal(st, 'f64');
        st.code.tee(tmp).f64(0).op(Op.f64_ne).get(tmp).get(tmp).op(Op.f64_eq).op(Op.i32_and);
      }
      return;
    }
    if (want === 'f64' && have !== 'f64') st.code.op(Op.f64_convert_i32_s);
    // A double where an int is needed (an index computed from a FUNCTION's parameter): the
    // generated code only ever indexes with whole numbers, which truncation keeps.
    if (want === 'i32' && have === 'f64') st.code.fc(2);
  }

  // exp (glibc's, as core's libmExp) as functions, added when needed. They read their table (the
  // plugin's copy of core's EXP_TABLE_SPLIT, in scratch) at the address in a global, which every
  // kernel that calls them, directly or through a function, sets.
  let expFn = -1, exp2Fn = -1;
  const expTable = (): Slot => scratchSlot(EXP_TABLE_NAME, EXP_TABLE_LENGTH);
  const expFunction = (): number => (expFn >= 0 ? expFn : (expFn = addExp(mod, slotGlobal(expTable()), importIndex.get('libm_exp')!, { fma })));
  // x^3 and x^4 (one lane, or two: `pow3_x2`), added when needed.
  const powFns = new Map<string, number>();
  const powFunction = (n: 3 | 4, two = false): number => {
    const key = `${n}${two ? 'x2' : ''}`;
    let f = powFns.get(key);
    if (f === undefined) powFns.set(key, (f = two ? addPowIntX2(mod, n, powFunction(n), fma) : addPowInt(mod, n, importIndex.get(`libm_pow${n}`)!, fma)));
    return f;
  };
  const exp2Function = (): number => (exp2Fn >= 0 ? exp2Fn : (exp2Fn = addExpX2(mod, slotGlobal(expTable()), expFunction(), { fma })));
  /** The exp table's global, which the kernel of code using it (`cx`) is to set. */
  function useExpTable(cx: Ctx): number {
    if (!importIndex.has('libm_exp')) throw new Unsupported('exp without _lexp');
    const slot = expTable();
    cx.calls.add(slot.key);
    cx.slots.set(slot.key, slot);
    return slotGlobal(slot);
  }
  /** Calls exp (two lanes or one) on the argument on the stack. */
  function callExp(st: FnState, cx: Ctx, two: boolean): void {
    useExpTable(cx);
    st.code.call(two ? exp2Function() : expFunction());
  }

  function newLocal(st: FnState, type: ValType): number {
    st.locals.push(type);
    return st.nparams + st.locals.length - 1;
  }

  /** Emits e in its own type (t). */
  function raw(st: FnState, e: Expression, t: 'i32' | 'f64' | 'bool', cx: Ctx): void {
    const c = st.code;
    switch (e.type) {
      case 'Literal':
        if (typeof e.value === 'boolean') { c.i32(e.value ? 1 : 0); return; }
        throw new Unsupported('literal');
      case 'Identifier': {
        if (e.name === 'Infinity') { c.f64(Infinity); return; }
        if (e.name === 'NaN') { c.f64(NaN); return; }
        const r = lookup(st, e.name)!;
        if (r.kind === 'local') c.get(r.index);
        else if (r.kind === 'num') useSlot(st, r.slot, cx.used, cx.slots);
        else if (r.kind === 'closureInt') c.gget(r.global);
        else if (r.kind === 'vlane') c.get(r.local).simd(Simd.f64x2_extract_lane).op(r.lane);
        else if (r.kind === 'klane') { c.get(r.local); if (r.lane !== 0) c.i32(r.lane).op(Op.i32_add); }
        else throw new Unsupported('value');
        return;
      }
      case 'MemberExpression': {
        const r = arrayRef(e, st);
        if (r?.kind === 'num') { useSlot(st, r.slot, cx.used, cx.slots); return; }
        const arr = arrayRef(e.object as Expression, st);
        if (!arr || arr.kind !== 'array') throw new Unsupported('array');
        address(st, arr, e.property as Expression, cx);
        c.mem(arr.elem === 'i32' ? Op.i32_load : Op.f64_load, constOffset(st, arr, e.property as Expression));
        return;
      }
      case 'BinaryExpression': {
        const op = e.operator;
        const l = e.left as Expression, r = e.right;
        if (op === '|') {
          if (!(r.type === 'Literal' && r.value === 0)) throw new Unsupported('bitwise or');
          const lt = typeOf(st, l);
          if (lt === 'i32' || lt === 'lit') expr(st, l, 'i32', cx);
          else { expr(st, l, 'f64', cx); c.fc(2); } // i32.trunc_sat_f64_s
          return;
        }
        if (op === '%') {
          expr(st, l, 'f64', cx);
          expr(st, r, 'f64', cx);
          c.call(importIndex.get('fmod')!);
          return;
        }
        const lt = typeOf(st, l), rt = typeOf(st, r);
        const ints = (lt === 'i32' || lt === 'bool' || lt === 'lit') && (rt === 'i32' || rt === 'bool' || rt === 'lit') && !(lt === 'lit' && rt === 'lit');
        const cmp: Record<string, [number, number]> = {
          '<': [Op.i32_lt_s, Op.f64_lt], '>': [Op.i32_gt_s, Op.f64_gt], '<=': [Op.i32_le_s, Op.f64_le], '>=': [Op.i32_ge_s, Op.f64_ge],
          '===': [Op.i32_eq, Op.f64_eq], '==': [Op.i32_eq, Op.f64_eq], '!==': [Op.i32_ne, Op.f64_ne], '!=': [Op.i32_ne, Op.f64_ne],
        };
        if (cmp[op]) {
          if ((lt === 'bool') !== (rt === 'bool') && (op.startsWith('=') || op.startsWith('!'))) throw new Unsupported('mixed comparison');
          const w = ints ? 'i32' : 'f64';
          if (w === 'i32') { rawAs(st, l, cx); rawAs(st, r, cx); } else { expr(st, l, 'f64', cx); expr(st, r, 'f64', cx); }
          c.op(cmp[op]![w === 'i32' ? 0 : 1]);
          return;
        }
        const arith: Record<string, [number | null, number]> = { '+': [Op.i32_add, Op.f64_add], '-': [Op.i32_sub, Op.f64_sub], '*': [Op.i32_mul, Op.f64_mul], '/': [null, Op.f64_div] };
        const a = arith[op];
        if (!a) throw new Unsupported(`operator ${op}`);
        if (t === 'i32') { expr(st, l, 'i32', cx); expr(st, r, 'i32', cx); c.op(a[0]!); return; }
        expr(st, l, 'f64', cx);
        expr(st, r, 'f64', cx);
        c.op(a[1]);
        return;
      }
      case 'LogicalExpression': {
        if (e.operator === '??') throw new Unsupported('??');
        const lt = typeOf(st, e.left), rt = typeOf(st, e.right);
        if (lt !== 'bool' || rt !== 'bool') throw new Unsupported('logical operator on numbers');
        expr(st, e.left, 'cond', cx);
        c.open(Op.if, 'i32');
        st.depth++;
        if (e.operator === '&&') { expr(st, e.right, 'cond', cx); c.op(Op.else).i32(0); } else { c.i32(1).op(Op.else); expr(st, e.right, 'cond', cx); }
        st.depth--;
        c.op(Op.end);
        return;
      }
      case 'UnaryExpression': {
        if (e.operator === '-') { expr(st, e.argument, 'f64', cx); c.op(Op.f64_neg); return; }
        if (e.operator === '!') { expr(st, e.argument, 'cond', cx); c.op(Op.i32_eqz); return; }
        throw new Unsupported(`unary ${e.operator}`);
      }
      case 'ConditionalExpression': {
        expr(st, e.test, 'cond', cx);
        const rt = t === 'bool' ? 'i32' : t;
        c.open(Op.if, rt);
        st.depth++;
        if (t === 'bool') rawAs(st, e.consequent, cx); else expr(st, e.consequent, rt, cx);
        c.op(Op.else);
        if (t === 'bool') rawAs(st, e.alternate, cx); else expr(st, e.alternate, rt, cx);
        st.depth--;
        c.op(Op.end);
        return;
      }
      case 'AssignmentExpression':
        assign(st, e.left, e.operator, e.right, true, cx);
        return;
      case 'SequenceExpression':
        e.expressions.forEach((x, i) => {
          if (i < e.expressions.length - 1) statementExpr(st, x, cx);
          else raw(st, x, t, cx);
        });
        return;
      case 'CallExpression':
        call(st, e, cx, true);
        return;
      default:
        throw new Unsupported(e.type);
    }
  }
  /** Emits e in its own type, literals as i32. */
  function rawAs(st: FnState, e: Expression, cx: Ctx): void {
    const t = typeOf(st, e);
    if (t === 'lit') expr(st, e, 'i32', cx); else raw(st, e, t, cx);
  }

  function constOffset(_st: FnState, arr: Extract<Ref, { kind: 'array' }>, index: Expression): number {
    if (index.type === 'Literal' && typeof index.value === 'number') return index.value * (arr.elem === 'i32' ? 4 : 8);
    return 0;
  }
  /** Pushes the byte address of arr[index] (the constant part of a literal index goes in the offset). */
  function address(st: FnState, arr: Extract<Ref, { kind: 'array' }>, index: Expression, cx: Ctx): void {
    useSlot(st, arr.slot, cx.used, cx.slots);
    if (index.type === 'Literal' && typeof index.value === 'number') {
      if (!Number.isInteger(index.value) || index.value < 0) throw new Unsupported('index');
      return;
    }
    expr(st, index, 'i32', cx);
    st.code.i32(arr.elem === 'i32' ? 2 : 3).op(Op.i32_shl).op(Op.i32_add);
  }

  function call(st: FnState, e: Extract<Expression, { type: 'CallExpression' }>, cx: Ctx, value: boolean): void {
    const c = st.code;
    if (e.arguments.some((a) => a.type === 'SpreadElement')) throw new Unsupported('spread');
    const args = e.arguments as Expression[];
    const callee = e.callee;
    if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.property.type === 'Identifier') {
      const obj = callee.object.name, name = callee.property.name;
      if (obj === 'Number' && name === 'isNaN' && args.length === 1) {
        const tmp = newLocal(st, 'f64');
        expr(st, args[0]!, 'f64', cx);
        c.tee(tmp).get(tmp).op(Op.f64_ne);
        if (!value) c.op(Op.drop);
        return;
      }
      if (obj === 'Math') {
        if (name === 'pow' && isSquare(args)) {
          // Math.pow(x, 2) is x * x in V8 (both its fdlibm and its C library paths), bit for bit.
          const tmp = newLocal(st, 'f64');
          expr(st, args[0]!, 'f64', cx);
          c.tee(tmp).get(tmp).op(Op.f64_mul);
        }
        else if (MATH_NATIVE[name] !== undefined && args.length === 1) { expr(st, args[0]!, 'f64', cx); c.op(MATH_NATIVE[name]!); }
        else if ((name === 'min' || name === 'max') && args.length === 2) { expr(st, args[0]!, 'f64', cx); expr(st, args[1]!, 'f64', cx); c.op(name === 'min' ? Op.f64_min : Op.f64_max); }
        else if (importIndex.has(name) && mod.params(importIndex.get(name)!).length === args.length) {
          // Each call site remembers its last arguments and value: a call with the arguments of
          // the last one (bit for bit; the functions are pure) takes the value again. So a
          // temperature factor like q10^((celsius - 36)/10), the same for every instance, is
          // computed once per kernel call rather than once per instance.
          const at = args.map(() => newLocal(st, 'f64'));
          const last = args.map(() => newLocal(st, 'f64'));
          const cached = newLocal(st, 'f64');
          const known = newLocal(st, 'i32');
          args.forEach((a, i) => { expr(st, a, 'f64', cx); c.set(at[i]!); });
          c.get(known);
          at.forEach((x, i) => {
            c.get(x).op(Op.i64_reinterpret_f64).get(last[i]!).op(Op.i64_reinterpret_f64).op(Op.i64_eq).op(Op.i32_and);
          });
          c.open(Op.if, 'f64').get(cached).op(Op.else);
          for (const x of at) c.get(x);
          c.call(importIndex.get(name)!).tee(cached);
          at.forEach((x, i) => c.get(x).set(last[i]!));
          c.i32(1).set(known);
          c.op(Op.end);
        } else throw new Unsupported(`Math.${name}`);
        if (!value) c.op(Op.drop);
        return;
      }
      throw new Unsupported('method call');
    }
    if (callee.type !== 'Identifier') throw new Unsupported('call');
    if (callee.name === '_lexp' && args.length === 1) {
      expr(st, args[0]!, 'f64', cx);
      callExp(st, cx, false);
      if (!value) c.op(Op.drop);
      return;
    }
    if ((callee.name === '_lpow3' || callee.name === '_lpow4') && args.length === 1) {
      expr(st, args[0]!, 'f64', cx);
      c.call(powFunction(callee.name === '_lpow3' ? 3 : 4));
      if (!value) c.op(Op.drop);
      return;
    }
    if (callee.name === '_at' && args.length === 2) {
      expr(st, args[0]!, 'i32', cx);
      c.gset(gK);
      expr(st, args[1]!, 'i32', cx);
      c.gset(gN);
      if (value) c.f64(NaN);
      return;
    }
    const fn = closureFns.get(callee.name);
    if (!fn || fn.params.length !== args.length) throw new Unsupported(`call of ${callee.name}`);
    const index = translateFunction(fn);
    for (const s of fnSlots.get(fn.id.name)!) cx.calls.add(s);
    for (const a of args) expr(st, a, 'f64', cx);
    c.call(index);
    if (!value) c.op(Op.drop);
  }

  function assign(st: FnState, left: Pattern | Expression, operator: string, right: Expression, value: boolean, cx: Ctx): void {
    const c = st.code;
    const binop: Record<string, number> = { '+=': Op.f64_add, '-=': Op.f64_sub, '*=': Op.f64_mul, '/=': Op.f64_div };
    if (operator !== '=' && binop[operator] === undefined) throw new Unsupported(`assignment ${operator}`);
    if (left.type === 'Identifier') {
      const r = lookup(st, left.name);
      if (r?.kind === 'vlane') {
        // One lane of a two-lane variable (a statement run lane by lane).
        const tmp = newLocal(st, 'f64');
        if (operator !== '=') c.get(r.local).simd(Simd.f64x2_extract_lane).op(r.lane);
        expr(st, right, 'f64', cx);
        if (operator !== '=') c.op(binop[operator]!);
        c.set(tmp);
        c.get(r.local).get(tmp).simd(Simd.f64x2_replace_lane).op(r.lane).set(r.local);
        if (value) c.get(tmp);
        return;
      }
      if (!r && left.name === '_e') throw new Unsupported('closure _e');
      if (!r || r.kind !== 'local') throw new Unsupported(`assignment to ${left.name}`);
      if (r.type === 'i32') {
        if (operator !== '=' && operator !== '+=' && operator !== '-=') throw new Unsupported('int assignment');
        const rt = typeOf(st, right);
        if (rt !== 'i32' && rt !== 'lit') throw new Unsupported('double assigned to an int');
        if (operator !== '=') c.get(r.index);
        expr(st, right, 'i32', cx);
        if (operator === '+=') c.op(Op.i32_add);
        if (operator === '-=') c.op(Op.i32_sub);
      } else {
        if (operator !== '=') c.get(r.index);
        expr(st, right, 'f64', cx);
        if (operator !== '=') c.op(binop[operator]!);
      }
      if (value) c.tee(r.index); else c.set(r.index);
      return;
    }
    if (left.type !== 'MemberExpression' || !left.computed) throw new Unsupported('assignment target');
    const arr = arrayRef(left.object as Expression, st);
    if (!arr || arr.kind !== 'array' || arr.elem !== 'f64') throw new Unsupported('store target');
    const off = constOffset(st, arr, left.property as Expression);
    address(st, arr, left.property as Expression, cx);
    let addr = -1;
    if (operator !== '=') {
      addr = st.tempI32 ?? (st.tempI32 = newLocal(st, 'i32'));
      c.tee(addr).get(addr).mem(Op.f64_load, off);
    }
    expr(st, right, 'f64', cx);
    if (operator !== '=') c.op(binop[operator]!);
    if (value) {
      const tmp = newLocal(st, 'f64');
      c.tee(tmp).mem(Op.f64_store, off).get(tmp);
    } else c.mem(Op.f64_store, off);
  }

  /** An expression evaluated for its effect. */
  function statementExpr(st: FnState, e: Expression, cx: Ctx): void {
    const c = st.code;
    if (e.type === 'Literal') return;
    if (e.type === 'AssignmentExpression') {
      if (e.left.type === 'Identifier' && st.dead?.has(e.left.name) && pure(e.right)) return;
      assign(st, e.left, e.operator, e.right, false, cx);
      return;
    }
    if (e.type === 'SequenceExpression') { for (const x of e.expressions) statementExpr(st, x, cx); return; }
    if (e.type === 'UpdateExpression') {
      if (e.argument.type !== 'Identifier') throw new Unsupported('update');
      const r = lookup(st, e.argument.name);
      if (!r || r.kind !== 'local') throw new Unsupported('update');
      if (r.type === 'i32') c.get(r.index).i32(1).op(e.operator === '++' ? Op.i32_add : Op.i32_sub).set(r.index);
      else c.get(r.index).f64(1).op(e.operator === '++' ? Op.f64_add : Op.f64_sub).set(r.index);
      return;
    }
    if (e.type === 'CallExpression') { call(st, e, cx, false); return; }
    const t = typeOf(st, e);
    raw(st, e, t === 'lit' ? 'f64' : t, cx);
    c.op(Op.drop);
  }

  // -- statements --------------------------------------------------------------------------

  function declare(st: FnState, name: string, type: 'i32' | 'f64'): number {
    const index = newLocal(st, type);
    st.scopes[st.scopes.length - 1]!.set(name, { kind: 'local', index, type });
    return index;
  }

  function statements(st: FnState, list: readonly Statement[], cx: Ctx): void {
    for (const s of list) statement(st, s, cx);
  }

  function statement(st: FnState, s: Statement, cx: Ctx): void {
    const c = st.code;
    switch (s.type) {
      case 'EmptyStatement': return;
      case 'ExpressionStatement': statementExpr(st, s.expression, cx); return;
      case 'BlockStatement':
        st.scopes.push(new Map());
        statements(st, s.body, cx);
        st.scopes.pop();
        return;
      case 'VariableDeclaration':
        for (const d of s.declarations) {
          if (d.id.type !== 'Identifier') throw new Unsupported('pattern');
          if (!d.init) { c.f64(NaN); c.set(declare(st, d.id.name, 'f64')); continue; }
          if (st.dead?.has(d.id.name) && pure(d.init)) { declare(st, d.id.name, 'f64'); continue; }
          const alias = arrayRef(d.init, st);
          if (alias && (alias.kind === 'array' || alias.kind === 'object')) {
            st.scopes[st.scopes.length - 1]!.set(d.id.name, alias);
            continue;
          }
          const t = typeOf(st, d.init);
          // A literal starts a double unless it is a loop counter (decided by the caller).
          const type = t === 'i32' || t === 'bool' ? 'i32' : 'f64';
          expr(st, d.init, type === 'i32' ? (t === 'bool' ? 'cond' : 'i32') : 'f64', cx);
          c.set(declare(st, d.id.name, type));
        }
        return;
      case 'IfStatement':
        expr(st, s.test, 'cond', cx);
        c.open(Op.if);
        st.depth++;
        statement(st, s.consequent, cx);
        if (s.alternate) { c.op(Op.else); statement(st, s.alternate, cx); }
        st.depth--;
        c.op(Op.end);
        return;
      case 'ForStatement': {
        if (st.isKernel && st.slotLocal !== null && simd && vectorLoop(st, s, cx)) { twoLane = true; return; }
        st.scopes.push(new Map());
        if (s.init) {
          if (s.init.type === 'VariableDeclaration') {
            for (const d of s.init.declarations) {
              if (d.id.type !== 'Identifier' || !d.init) throw new Unsupported('for');
              const t = typeOf(st, d.init);
              // Counters: a literal start stepped by ++/-- (or +=/-= of an int) are ints.
              const counter = t === 'lit' && isIntCounter(s.update ?? null, d.id.name);
              const type = t === 'i32' || counter ? 'i32' : 'f64';
              expr(st, d.init, type, cx);
              c.set(declare(st, d.id.name, type));
            }
          } else statementExpr(st, s.init, cx);
        }
        loop(st, s.test ?? null, s.body, s.update ?? null, cx);
        st.scopes.pop();
        return;
      }
      case 'WhileStatement':
        loop(st, s.test, s.body, null, cx);
        return;
      case 'SwitchStatement': {
        // `switch (j) { case 0: ...; break; ... }` (the derivimplicit solver's element access),
        // as a chain of ifs: every case ends with its break, no fall-through.
        const t = typeOf(st, s.discriminant);
        const type = t === 'i32' || t === 'lit' ? 'i32' : 'f64';
        const tmp = newLocal(st, type);
        expr(st, s.discriminant, type, cx);
        c.set(tmp);
        let opened = 0;
        for (const cs of s.cases) {
          const body = cs.consequent.slice();
          const last = body[body.length - 1];
          if (last?.type === 'BreakStatement' && !last.label) body.pop();
          else if (cs !== s.cases[s.cases.length - 1]) throw new Unsupported('fall-through');
          if (body.some((b) => b.type === 'BreakStatement' || b.type === 'ContinueStatement')) throw new Unsupported('break in a case');
          if (cs.test) {
            c.get(tmp);
            expr(st, cs.test, type, cx);
            c.op(type === 'i32' ? Op.i32_eq : Op.f64_eq).open(Op.if);
            st.depth++;
            opened++;
            st.scopes.push(new Map());
            statements(st, body, cx);
            st.scopes.pop();
            c.op(Op.else);
          } else {
            if (cs !== s.cases[s.cases.length - 1]) throw new Unsupported('default before the end');
            st.scopes.push(new Map());
            statements(st, body, cx);
            st.scopes.pop();
          }
        }
        for (let i = 0; i < opened; i++) { c.op(Op.end); st.depth--; }
        return;
      }
      case 'BreakStatement':
      case 'ContinueStatement': {
        if (s.label) throw new Unsupported('label');
        const l = st.loops[st.loops.length - 1];
        if (!l) throw new Unsupported('break outside a loop');
        c.op(Op.br).u32(st.depth - (s.type === 'BreakStatement' ? l.exit : l.cont));
        return;
      }
      case 'ReturnStatement':
        if (st.isKernel) {
          if (s.argument) throw new Unsupported('kernel return value');
          c.op(Op.return);
        } else {
          if (s.argument) expr(st, s.argument, 'f64', cx); else c.f64(NaN);
          c.op(Op.return);
        }
        return;
      default:
        throw new Unsupported(s.type);
    }
  }

  /** block { loop { if !test break; block { body } ; update; br loop } } */
  function loop(st: FnState, test: Expression | null, body: Statement, update: Expression | null, cx: Ctx): void {
    const c = st.code;
    c.open(Op.block);
    st.depth++;
    const exit = st.depth;
    c.open(Op.loop);
    st.depth++;
    const top = st.depth;
    if (test) {
      expr(st, test, 'cond', cx);
      c.op(Op.i32_eqz).op(Op.br_if).u32(st.depth - exit);
    }
    c.open(Op.block);
    st.depth++;
    st.loops.push({ exit, cont: st.depth });
    statement(st, body, cx);
    st.loops.pop();
    st.depth--;
    c.op(Op.end);
    if (update) statementExpr(st, update, cx);
    c.op(Op.br).u32(st.depth - top);
    st.depth--;
    c.op(Op.end);
    st.depth--;
    c.op(Op.end);
  }

  // -- functions ---------------------------------------------------------------------------

  function translateFunction(fn: FunctionDeclaration): number {
    const name = fn.id.name;
    if (failed.has(name)) throw new Unsupported(`function ${name}`);
    const done = fnIndex.get(name);
    if (done !== undefined) return done;
    if (translating.has(name)) throw new Unsupported('recursion');
    translating.add(name);
    const params = fn.params.map((p) => {
      if (p.type !== 'Identifier') throw new Unsupported('parameter');
      return p.name;
    });
    const index = mod.declare(params.map(() => 'f64'), ['f64'], undefined, name);
    fnIndex.set(name, index);
    const st: FnState = { code: new Code(), locals: [], nparams: params.length, scopes: [new Map(params.map((p, i) => [p, { kind: 'local', index: i, type: 'f64' } as Ref]))], slotLocal: null, loops: [], depth: 0, isKernel: false, tempI32: null };
    const cx: Ctx = { used: new Set(), slots: new Map(), calls: new Set() };
    try {
      statements(st, fn.body.body, cx);
    } catch (e) {
      // Leave a valid body behind (the module is still written for the other kernels).
      mod.define(index, [], new Code().op(Op.unreachable).op(Op.end));
      failed.add(name);
      translating.delete(name);
      throw e;
    }
    st.code.f64(NaN).op(Op.end);
    mod.define(index, st.locals, st.code);
    const slots = new Set([...cx.used, ...cx.calls]);
    fnSlots.set(name, slots);
    for (const key of slots) slotGlobal(cx.slots.get(key) ?? slotGlobals.get(key)!.slot);
    translating.delete(name);
    return index;
  }


  // -- two instances at a time --------------------------------------------------------------
  //
  // The instance loop of a kernel runs two instances per iteration where its body allows: every
  // double that differs between instances lives in an f64x2 (two lanes), so one instruction does
  // the arithmetic of both, in the same order and with the same rounding as one at a time. A
  // branch taken by some lanes runs under a mask, its results blended into the lanes that took
  // it; reads and writes of node arrays go lane by lane (lane 0 first, as the one-at-a-time loop
  // would). Anything else (calls of the mechanism's functions, loops, stores to a GLOBAL) keeps the
  // one-at-a-time loop, which also runs the last instance when the count is odd.

  type VVar = { readonly kind: 'vf'; readonly local: number; readonly depth: number }
    | { readonly kind: 'vi'; readonly l0: number; readonly l1: number; readonly depth: number; readonly node: boolean }
    | { readonly kind: 'k'; readonly local: number };

  interface VState {
    readonly st: FnState;
    readonly cx: Ctx;
    readonly scopes: Map<string, VVar>[];
    /** Outer locals assigned in the loop: their two-lane copies. */
    readonly carried: Map<string, { readonly scalar: number; readonly local: number }>;
    /** The current mask (a v128 local; null: every lane), and how many masks deep we are. */
    mask: number | null;
    maskDepth: number;
    /** Carried variables assigned on every path so far in this iteration. */
    assigned: Set<string>;
    /** Uniform conditions the two-lane loop assumes (checked before it; else one at a time). */
    readonly assumptions: { readonly test: Expression; readonly value: boolean; readonly statement: Extract<Statement, { type: 'IfStatement' }> }[];
    /** The loop body. */
    readonly loopBody: Statement;
    /** Names assigned somewhere in the loop body. */
    readonly laterAssigned: Set<string>;
    /** Expressions whose two-lane value is already in a local (exps computed together, see
     * expBatch). */
    readonly computed: Map<Expression, number>;
    /** Uniform branches whose assumption an earlier emission of the body made (statement ->
     * the test's assumed value): taken as given when the body is emitted again. */
    readonly given: ReadonlyMap<Statement, boolean> | null;
  }

  const vfind = (vs: VState, name: string): VVar | undefined => {
    for (let i = vs.scopes.length - 1; i >= 0; i--) {
      const v = vs.scopes[i]!.get(name);
      if (v) return v;
    }
    const c = vs.carried.get(name);
    return c ? { kind: 'vf', local: c.local, depth: 0 } : undefined;
  };

  /** A scope over the scalar translation that reads lane `lane` of the two-lane values. */
  function laneScope(vs: VState, lane: number): Map<string, Ref> {
    const m = new Map<string, Ref>();
    const add = (name: string, v: VVar): void => {
      if (v.kind === 'vf') m.set(name, { kind: 'vlane', local: v.local, lane });
      else if (v.kind === 'vi') m.set(name, { kind: 'local', index: lane === 0 ? v.l0 : v.l1, type: 'i32' });
      else m.set(name, { kind: 'klane', local: v.local, lane });
    };
    for (const [name, c] of vs.carried) add(name, { kind: 'vf', local: c.local, depth: 0 });
    for (const sc of vs.scopes) for (const [name, v] of sc) add(name, v);
    return m;
  }

  function withLane<T>(vs: VState, lane: number, f: () => T): T {
    vs.st.scopes.push(laneScope(vs, lane));
    try {
      return f();
    } finally {
      vs.st.scopes.pop();
    }
  }

  /** Whether e reads anything that differs between instances. */
  function varies(vs: VState, e: AnyNode): boolean {
    let v = false;
    walk(e, (n) => {
      if (n.type === 'Identifier' && vfind(vs, n.name)) v = true;
      if (n.type === 'CallExpression' || n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') v = true;
    });
    return v;
  }

  /** Whether evaluating e in a lane that does not need it could trap or have an effect. */
  function unsafe(vs: VState, e: AnyNode): boolean {
    let bad = false;
    walk(e, (n) => {
      if (n.type === 'MemberExpression' && n.computed && varies(vs, n.property as AnyNode)) bad = true;
      if (n.type === 'CallExpression' && !pureCall(n.callee)) bad = true;
      if (n.type === 'UpdateExpression') bad = true;
      if (n.type === 'AssignmentExpression' && !(n.left.type === 'Identifier' && vfind(vs, n.left.name)?.kind === 'vf')) bad = true;
    });
    return bad;
  }

  const typeIn = (vs: VState, e: Expression): Ty => withLane(vs, 0, () => typeOf(vs.st, e));

  /** Lane by lane: each lane's value (scalar code, under the mask), then joined into an f64x2. */
  function vlanes(vs: VState, e: Expression): void {
    const c = vs.st.code;
    walk(e, (n) => { if (n.type === 'Identifier' && vs.carried.has(n.name)) checkRead(vs, n.name); });
    for (let lane = 0; lane < 2; lane++) {
      if (vs.mask !== null) {
        c.get(vs.mask).simd(Simd.i64x2_extract_lane).op(lane).i64(0n).op(0x52 /* i64.ne */).open(Op.if, 'f64');
        vs.st.depth++;
        withLane(vs, lane, () => expr(vs.st, e, 'f64', vs.cx));
        c.op(Op.else).f64(0);
        vs.st.depth--;
        c.op(Op.end);
      } else withLane(vs, lane, () => expr(vs.st, e, 'f64', vs.cx));
      if (lane === 0) c.simd(Simd.f64x2_splat); else c.simd(Simd.f64x2_replace_lane).op(1);
    }
  }

  /** Pushes e's two lanes as an f64x2. */
  function vf(vs: VState, e: Expression): void {
    const c = vs.st.code;
    const done = vs.computed.get(e);
    if (done !== undefined) { c.get(done); return; }
    const t = typeIn(vs, e);
    if (!varies(vs, e)) {
      expr(vs.st, e, 'f64', vs.cx);
      c.simd(Simd.f64x2_splat);
      return;
    }
    if (t === 'i32' || t === 'bool') { vlanes(vs, e); return; }
    switch (e.type) {
      case 'Identifier': {
        const v = vfind(vs, e.name)!;
        if (v.kind !== 'vf') { vlanes(vs, e); return; }
        checkRead(vs, e.name);
        c.get(v.local);
        return;
      }
      case 'BinaryExpression': {
        const ops: Record<string, number> = { '+': Simd.f64x2_add, '-': Simd.f64x2_sub, '*': Simd.f64x2_mul, '/': Simd.f64x2_div };
        const op = ops[e.operator];
        // A TABLE's interpolation: each lane's pair of entries in one load. Other arithmetic on
        // elements gathered by node or table index is cheaper lane by lane than gathered into
        // lanes and computed two at a time.
        if (e.operator === '+' && vs.mask === null && interpolation(vs, e)) return;
        if (op === undefined || gathers(vs, e)) { vlanes(vs, e); return; }
        vf(vs, e.left as Expression);
        vf(vs, e.right);
        c.simd(op);
        return;
      }
      case 'UnaryExpression':
        if (e.operator !== '-') throw new Unsupported('unary');
        vf(vs, e.argument);
        c.simd(Simd.f64x2_neg);
        return;
      case 'MemberExpression': {
        const arr = withLane(vs, 0, () => arrayRef(e.object as Expression, vs.st));
        const k = e.property.type === 'Identifier' ? vfind(vs, e.property.name) : undefined;
        if (arr?.kind === 'array' && arr.elem === 'f64' && k?.kind === 'k') {
          // Instances k and k+1: neighbours in the field arrays.
          useSlot(vs.st, arr.slot, vs.cx.used, vs.cx.slots);
          c.get(k.local).i32(3).op(Op.i32_shl).op(Op.i32_add).simdMem(Simd.v128_load);
          return;
        }
        if (arr?.kind === 'array' && arr.elem === 'f64' && !unsafe(vs, e.property as AnyNode)) {
          // A gather: each lane's element. Under a mask, a lane outside it reads element 0
          // instead (its index may be anything) unless the index is made of ints that are 0
          // there already (plus constants), and its value is not used.
          const sane = safeIndex(vs, e.property as Expression);
          for (let lane = 0; lane < 2; lane++) {
            useSlot(vs.st, arr.slot, vs.cx.used, vs.cx.slots);
            withLane(vs, lane, () => expr(vs.st, e.property as Expression, 'i32', vs.cx));
            if (vs.mask !== null && !sane) c.i32(0).get(vs.mask).simd(Simd.i64x2_extract_lane).op(lane).op(Op.i32_wrap_i64).op(Op.select);
            c.i32(3).op(Op.i32_shl).op(Op.i32_add).mem(Op.f64_load);
            if (lane === 0) c.simd(Simd.f64x2_splat); else c.simd(Simd.f64x2_replace_lane).op(1);
          }
          return;
        }
        vlanes(vs, e);
        return;
      }
      case 'ConditionalExpression': {
        if (unsafe(vs, e.consequent) || unsafe(vs, e.alternate)) throw new Unsupported('effects in a conditional');
        if (!varies(vs, e.test)) {
          expr(vs.st, e.test, 'cond', vs.cx);
          c.open(Op.if, 'v128');
          vs.st.depth++;
          vf(vs, e.consequent);
          c.op(Op.else);
          vf(vs, e.alternate);
          vs.st.depth--;
          c.op(Op.end);
          return;
        }
        vf(vs, e.consequent);
        vf(vs, e.alternate);
        vmask(vs, e.test);
        c.simd(Simd.v128_bitselect);
        return;
      }
      case 'AssignmentExpression': {
        if (e.operator !== '=' || e.left.type !== 'Identifier') throw new Unsupported('assignment in an expression');
        const v = vfind(vs, e.left.name);
        if (v?.kind !== 'vf') throw new Unsupported('assignment in an expression');
        vf(vs, e.right);
        vset(vs, e.left.name, v, true);
        return;
      }
      case 'SequenceExpression':
        e.expressions.forEach((x, i) => (i < e.expressions.length - 1 ? vexprStatement(vs, x) : vf(vs, x)));
        return;
      case 'CallExpression': {
        const callee = e.callee;
        if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Math' && callee.property.type === 'Identifier') {
          const unary: Record<string, number> = { abs: Simd.f64x2_abs, sqrt: Simd.f64x2_sqrt, floor: Simd.f64x2_floor, ceil: Simd.f64x2_ceil, trunc: Simd.f64x2_trunc };
          const name = callee.property.name;
          const args = e.arguments as Expression[];
          if (unary[name] !== undefined && args.length === 1) { vf(vs, args[0]!); c.simd(unary[name]!); return; }
          if ((name === 'min' || name === 'max') && args.length === 2) { vf(vs, args[0]!); vf(vs, args[1]!); c.simd(name === 'min' ? Simd.f64x2_min : Simd.f64x2_max); return; }
          if (name === 'pow' && isSquare(args)) {
            const tmp = newLocal(vs.st, 'v128');
            vf(vs, args[0]!);
            c.tee(tmp).get(tmp).simd(Simd.f64x2_mul);
            return;
          }
          vlanes(vs, e);
          return;
        }
        if (callee.type === 'Identifier' && callee.name === '_lexp' && e.arguments.length === 1) {
          vexp(vs, e.arguments[0] as Expression);
          return;
        }
        if (callee.type === 'Identifier' && (callee.name === '_lpow3' || callee.name === '_lpow4') && e.arguments.length === 1) {
          // (Both lanes in one call: the same operations on each as the one-lane function.)
          vf(vs, e.arguments[0] as Expression);
          c.call(powFunction(callee.name === '_lpow3' ? 3 : 4, true));
          return;
        }
        throw new Unsupported('call in the two-lane loop');
      }
      default:
        vlanes(vs, e);
    }
  }

  /**
   * A TABLE's interpolation between neighbouring entries, `T[i] + th * (T[i + 1] - T[i])` with a
   * per-lane index i (in range in both lanes: no mask): each lane's pair of entries is one f64x2
   * load, the two pairs are shuffled into the lanes' lower and upper entries, and the arithmetic
   * runs two at a time in the same order. Emits it and returns true, or returns false.
   */
  function interpolation(vs: VState, e: Extract<Expression, { type: 'BinaryExpression' }>): boolean {
    const c = vs.st.code;
    const at = (x: AnyNode): { array: string; index: AnyNode } | null =>
      x.type === 'MemberExpression' && x.computed && x.object.type === 'Identifier' ? { array: x.object.name, index: x.property } : null;
    const lo = at(e.left);
    const r = e.right;
    if (!lo || lo.index.type !== 'Identifier' || r.type !== 'BinaryExpression' || r.operator !== '*') return false;
    const diff = r.right;
    if (diff.type !== 'BinaryExpression' || diff.operator !== '-') return false;
    const hi = at(diff.left), lo2 = at(diff.right);
    const name = lo.index.name;
    const i = vfind(vs, name);
    if (i?.kind !== 'vi' || !hi || !lo2 || hi.array !== lo.array || lo2.array !== lo.array) return false;
    if (lo2.index.type !== 'Identifier' || lo2.index.name !== name) return false;
    const next = hi.index;
    if (!(next.type === 'BinaryExpression' && next.operator === '+' && next.left.type === 'Identifier' && next.left.name === name
      && next.right.type === 'Literal' && next.right.value === 1)) return false;
    const object = (e.left as Extract<Expression, { type: 'MemberExpression' }>).object as Expression;
    const arr = withLane(vs, 0, () => arrayRef(object, vs.st));
    if (arr?.kind !== 'array' || arr.elem !== 'f64') return false;
    if (unsafe(vs, r.left) || gathers(vs, r.left as Expression)) return false;
    const pair = [newLocal(vs.st, 'v128'), newLocal(vs.st, 'v128')] as const;
    const low = newLocal(vs.st, 'v128');
    for (let lane = 0; lane < 2; lane++) {
      useSlot(vs.st, arr.slot, vs.cx.used, vs.cx.slots);
      c.get(lane === 0 ? i.l0 : i.l1).i32(3).op(Op.i32_shl).op(Op.i32_add).simdMem(Simd.v128_load).set(pair[lane]);
    }
    c.get(pair[0]).get(pair[1]).shuffleF64(0).tee(low);
    vf(vs, r.left as Expression);
    c.get(pair[0]).get(pair[1]).shuffleF64(1).get(low).simd(Simd.f64x2_sub).simd(Simd.f64x2_mul).simd(Simd.f64x2_add);
    return true;
  }

  /** Whether e reads an element by a per-lane index (other than the instance's own). */
  function gathers(vs: VState, e: Expression): boolean {
    let g = false;
    walk(e, (n) => {
      if (n.type === 'MemberExpression' && n.computed && varies(vs, n.property as AnyNode)
        && !(n.property.type === 'Identifier' && vfind(vs, n.property.name)?.kind === 'k')) g = true;
    });
    return g;
  }

  /** Whether a statement reads an element by a per-lane index (other than the instance's own). */
  function gathersIn(vs: VState, s: Statement): boolean {
    // (Names declared inside the statement are not known yet: an index using one counts.)
    const uniform = (e: AnyNode): boolean => {
      let u = true;
      walk(e, (n) => {
        if (n.type === 'Identifier' && (vfind(vs, n.name) || !lookup(vs.st, n.name))) u = false;
        if (n.type === 'CallExpression' || n.type === 'MemberExpression') u = false;
      });
      return u;
    };
    let g = false;
    walk(s, (n) => {
      if (n.type === 'MemberExpression' && n.computed && !uniform(n.property as AnyNode)
        && !(n.property.type === 'Identifier' && vfind(vs, n.property.name)?.kind === 'k')) g = true;
    });
    return g;
  }

  /** Whether a statement stores to memory or calls anything but Math, Number and core's `_lexp`,
   * `_lpow3` and `_lpow4`. */
  function hasEffects(s: Statement): boolean {
    let e = false;
    walk(s, (n) => {
      if (n.type === 'AssignmentExpression' && n.left.type !== 'Identifier') e = true;
      if (n.type === 'UpdateExpression' && n.argument.type !== 'Identifier') e = true;
      if (n.type === 'CallExpression' && !pureCall(n.callee)) e = true;
      if (n.type === 'ForStatement' || n.type === 'WhileStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement' || n.type === 'ReturnStatement') e = true;
    });
    return e;
  }

  /** An index made only of per-lane ints (0 outside the mask where they were made), the loop
   * counter, and small constants added or multiplied: it stays inside memory in every lane. */
  function safeIndex(vs: VState, e: Expression): boolean {
    if (e.type === 'Identifier') {
      const v = vfind(vs, e.name);
      // (An int made under an outer mask may be anything in the lanes this branch leaves out.)
      return v?.kind === 'k' || (v?.kind === 'vi' && (v.node || v.depth === vs.maskDepth));
    }
    if (e.type === 'Literal') return typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) < 1 << 16;
    if (e.type === 'BinaryExpression' && (e.operator === '+' || e.operator === '*')) return safeIndex(vs, e.left as Expression) && safeIndex(vs, e.right);
    return false;
  }

  /** exp of both lanes (glibc's, two lanes per instruction where it can). */
  function vexp(vs: VState, arg: Expression): void {
    vf(vs, arg);
    callExp(vs.st, vs.cx, true);
  }

  /**
   * The exps of statements `list[from]`, `list[from + 1]`, ... that can be computed together,
   * before the first of them: the statements up to the last with an exp (two or more of them),
   * each exp evaluated whatever the statement's branches do, its argument reading nothing the
   * statements before it (in the run) assign. Else null. hh's three gates: `m = m + (1 -
   * exp(dt * (-1 / mtau))) * (...)`, then h, then n: three chains of dependent operations that
   * the processor can overlap only if they come together (see emitExpX2Batch).
   */
  function expBatch(vs: VState, list: readonly Statement[], from: number): { readonly end: number; readonly sites: ExpSite[] } | null {
    // (Fewer than two exps before the scan below would stop whatever it found: none to batch.)
    const ahead = expsAhead(list);
    if (ahead.count[from]! < 2) return null;
    const sites: ExpSite[] = [];
    const assigned = new Set<string>();
    const temporaries = new Set<string>();
    const perStatement: (readonly ExpSite[])[] = [];
    let writesArrays = false;
    let end = from;
    for (let j = from; j < list.length; j++) {
      const st = list[j]!;
      const found = ahead.sites[j] ?? null;
      if (found === null) break;
      // What the statement assigns (its sites' temporaries aside, which no argument reads).
      walk(st, (n) => {
        if (n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') {
          const target = n.type === 'AssignmentExpression' ? n.left : n.argument;
          if (target.type === 'Identifier') assigned.add(target.name); else writesArrays = true;
        }
        if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') assigned.add(n.id.name);
        return true;
      });
      const independent = found.every((site) => {
        let ok = true;
        walk(site.arg, (n) => {
          if (n.type === 'Identifier' && assigned.has(n.name)) ok = false;
          if (n.type === 'MemberExpression' && n.computed && writesArrays) ok = false;
          return true;
        });
        return ok && varies(vs, site.arg);
      });
      if (!independent) break;
      // (A temporary is read only by its site: the statements see its last value.)
      for (const site of found) temporaries.add(site.name);
      if (readsOutside(st, found, temporaries)) break;
      sites.push(...found);
      perStatement.push(found);
      if (found.length > 0) end = j + 1;
    }
    if (sites.length < 2) return null;
    // (No statement of the run reads or sets a temporary outside its own exps: each would see,
    // or leave, the last one's value.)
    for (let j = from; j < end; j++) if (readsOutside(list[j]!, perStatement[j - from]!, temporaries)) return null;
    return { end, sites };
  }

  /** The two-lane exps of `sites`, computed together into locals that vf then reads (see expBatch). */
  function vexpBatch(vs: VState, sites: readonly ExpSite[]): void {
    const c = vs.st.code;
    const st = vs.st;
    const local = (): number => newLocal(st, 'v128');
    const xs = sites.map(local), rs = sites.map(local);
    sites.forEach((site, g) => { vf(vs, site.arg); c.set(xs[g]!); });
    // The site's temporary set to its argument.
    const setTemporary = (site: ExpSite, g: number): void => {
      const v = vfind(vs, site.name);
      if (v?.kind !== 'vf') throw new Unsupported('an exp\'s temporary');
      c.get(xs[g]!);
      vset(vs, site.name, v, false);
    };
    const table = useExpTable(vs.cx);
    // (Declared before the batch, whose slow path calls them.)
    exp2Function();
    st.depth += 1; // (the slow path runs in the batch's outer block)
    try {
      emitExpX2Batch(c, (type) => newLocal(st, type), table, xs, rs, () => {
        // Each as its statement would have computed it: its temporary set, then its conditional.
        sites.forEach((site, g) => {
          setTemporary(site, g);
          vf(vs, site.cond);
          c.set(rs[g]!);
        });
      }, fma);
    } finally {
      st.depth -= 1;
    }
    // The temporaries as after the statements: each site's argument, the last one's last.
    sites.forEach(setTemporary);
    sites.forEach((site, g) => vs.computed.set(site.node, rs[g]!));
  }

  /** Pushes a two-lane mask (all ones where e is true). */
  function vmask(vs: VState, e: Expression): void {
    const c = vs.st.code;
    if (!varies(vs, e)) {
      c.i64(0n);
      expr(vs.st, e, 'cond', vs.cx);
      c.op(0xad /* i64.extend_i32_u */).op(0x7d /* i64.sub */).simd(Simd.i64x2_splat);
      return;
    }
    if (e.type === 'BinaryExpression' && ['<', '>', '<=', '>=', '===', '!==', '==', '!='].includes(e.operator)) {
      const lt = typeIn(vs, e.left as Expression), rt = typeIn(vs, e.right);
      if ((lt === 'i32' || lt === 'lit' || lt === 'bool') && (rt === 'i32' || rt === 'lit' || rt === 'bool')) { vmaskLanes(vs, e); return; }
      const ops: Record<string, number> = { '<': Simd.f64x2_lt, '>': Simd.f64x2_gt, '<=': Simd.f64x2_le, '>=': Simd.f64x2_ge, '===': Simd.f64x2_eq, '==': Simd.f64x2_eq, '!==': Simd.f64x2_ne, '!=': Simd.f64x2_ne };
      vf(vs, e.left as Expression);
      vf(vs, e.right);
      c.simd(ops[e.operator]!);
      return;
    }
    if (e.type === 'LogicalExpression' && (e.operator === '&&' || e.operator === '||')) {
      if (unsafe(vs, e.right)) throw new Unsupported('effects in a condition');
      vmask(vs, e.left);
      vmask(vs, e.right);
      c.simd(e.operator === '&&' ? Simd.v128_and : Simd.v128_or);
      return;
    }
    if (e.type === 'UnaryExpression' && e.operator === '!') {
      vmask(vs, e.argument);
      c.simd(Simd.v128_not);
      return;
    }
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && e.callee.object.type === 'Identifier' && e.callee.object.name === 'Number'
      && e.callee.property.type === 'Identifier' && e.callee.property.name === 'isNaN' && e.arguments.length === 1) {
      const tmp = newLocal(vs.st, 'v128');
      vf(vs, e.arguments[0] as Expression);
      c.tee(tmp).get(tmp).simd(Simd.f64x2_ne);
      return;
    }
    const t = typeIn(vs, e);
    if (t === 'f64' || t === 'lit') {
      // A number's truth: neither 0 nor NaN.
      const tmp = newLocal(vs.st, 'v128');
      vf(vs, e);
      c.tee(tmp).f64(0).simd(Simd.f64x2_splat).simd(Simd.f64x2_ne).get(tmp).get(tmp).simd(Simd.f64x2_eq).simd(Simd.v128_and);
      return;
    }
    vmaskLanes(vs, e);
  }

  function vmaskLanes(vs: VState, e: Expression): void {
    const c = vs.st.code;
    for (let lane = 0; lane < 2; lane++) {
      c.i64(0n);
      withLane(vs, lane, () => expr(vs.st, e, 'cond', vs.cx));
      c.op(0xad).op(0x7d);
      if (lane === 0) c.simd(Simd.i64x2_splat); else c.simd(Simd.i64x2_replace_lane).op(1);
    }
  }

  /** Stores the f64x2 on the stack into a two-lane variable (blended under a mask it was not
   * declared under); with `keep`, leaves the stored value on the stack. */
  function vset(vs: VState, name: string, v: Extract<VVar, { kind: 'vf' }>, keep: boolean): void {
    const c = vs.st.code;
    if (vs.mask !== null && v.depth < vs.maskDepth) c.get(v.local).get(vs.mask).simd(Simd.v128_bitselect);
    if (keep) c.tee(v.local); else c.set(v.local);
    // (Under a mask: assigned in this branch's lanes; the merge after the branch intersects.)
    if (vs.carried.has(name)) vs.assigned.add(name);
  }

  function vexprStatement(vs: VState, e: Expression): void {
    const c = vs.st.code;
    if (e.type === 'Literal') return;
    if (e.type === 'SequenceExpression') { for (const x of e.expressions) vexprStatement(vs, x); return; }
    if (e.type !== 'AssignmentExpression') throw new Unsupported('statement in the two-lane loop');
    const binop: Record<string, number> = { '+=': Simd.f64x2_add, '-=': Simd.f64x2_sub, '*=': Simd.f64x2_mul, '/=': Simd.f64x2_div };
    if (e.operator !== '=' && binop[e.operator] === undefined) throw new Unsupported('assignment');
    if (e.left.type === 'Identifier') {
      if (vs.st.dead?.has(e.left.name) && pure(e.right)) return;
      const v = vfind(vs, e.left.name);
      if (v?.kind !== 'vf') throw new Unsupported('assignment to a uniform or int variable');
      if (e.operator !== '=') { checkRead(vs, e.left.name); c.get(v.local); }
      vf(vs, e.right);
      if (e.operator !== '=') c.simd(binop[e.operator]!);
      vset(vs, e.left.name, v, false);
      return;
    }
    if (e.left.type !== 'MemberExpression' || !e.left.computed) throw new Unsupported('store');
    const left = e.left;
    const arr = withLane(vs, 0, () => arrayRef(left.object as Expression, vs.st));
    if (arr?.kind !== 'array' || arr.elem !== 'f64') throw new Unsupported('store');
    const k = left.property.type === 'Identifier' ? vfind(vs, left.property.name) : undefined;
    if (k?.kind === 'k') {
      // Both instances' elements at once (blended under a mask).
      const addr = newLocal(vs.st, 'i32');
      useSlot(vs.st, arr.slot, vs.cx.used, vs.cx.slots);
      c.get(k.local).i32(3).op(Op.i32_shl).op(Op.i32_add).tee(addr);
      if (e.operator !== '=') c.get(addr).simdMem(Simd.v128_load);
      vf(vs, e.right);
      if (e.operator !== '=') c.simd(binop[e.operator]!);
      if (vs.mask !== null) c.get(addr).simdMem(Simd.v128_load).get(vs.mask).simd(Simd.v128_bitselect);
      c.simdMem(Simd.v128_store);
      return;
    }
    if (!varies(vs, left.property as AnyNode)) throw new Unsupported('store to one element from both lanes');
    // Lane by lane (a node's sums keep their order): the value once as f64x2, then each lane's
    // scalar store, as the one-at-a-time loop would do it.
    const tmp = newLocal(vs.st, 'v128');
    vf(vs, e.right);
    c.set(tmp);
    for (let lane = 0; lane < 2; lane++) {
      const scope = laneScope(vs, lane);
      scope.set('__lane', { kind: 'vlane', local: tmp, lane });
      vs.st.scopes.push(scope);
      try {
        if (vs.mask !== null) {
          c.get(vs.mask).simd(Simd.i64x2_extract_lane).op(lane).i64(0n).op(0x52).open(Op.if);
          vs.st.depth++;
        }
        assign(vs.st, left, e.operator, { type: 'Identifier', name: '__lane', start: 0, end: 0 } as Expression, false, vs.cx);
        if (vs.mask !== null) { vs.st.depth--; c.op(Op.end); }
      } finally {
        vs.st.scopes.pop();
      }
    }
  }

  function checkRead(vs: VState, name: string): void {
    if (vs.carried.has(name) && !vs.assigned.has(name)) throw new Unsupported('reads a value of the previous instance');
  }

  function vstatement(vs: VState, s: Statement): void {
    const c = vs.st.code;
    switch (s.type) {
      case 'EmptyStatement': return;
      case 'ExpressionStatement':
        vexprStatement(vs, s.expression);
        return;
      case 'BlockStatement':
        vs.scopes.push(new Map());
        vs.st.scopes.push(new Map());
        for (let i = 0; i < s.body.length;) {
          const batch = batchExps && vs.mask === null ? expBatch(vs, s.body, i) : null;
          if (batch === null) { vstatement(vs, s.body[i]!); i++; continue; }
          vexpBatch(vs, batch.sites);
          for (; i < batch.end; i++) vstatement(vs, s.body[i]!);
          for (const site of batch.sites) vs.computed.delete(site.node);
        }
        vs.st.scopes.pop();
        vs.scopes.pop();
        return;
      case 'VariableDeclaration':
        for (const d of s.declarations) {
          if (d.id.type !== 'Identifier' || !d.init) throw new Unsupported('declaration');
          const name = d.id.name;
          if (vs.st.dead?.has(name) && pure(d.init)) {
            vs.scopes[vs.scopes.length - 1]!.set(name, { kind: 'vf', local: newLocal(vs.st, 'v128'), depth: vs.maskDepth });
            continue;
          }
          const alias = withLane(vs, 0, () => arrayRef(d.init!, vs.st));
          if (alias && (alias.kind === 'array' || alias.kind === 'object')) {
            vs.st.scopes[vs.st.scopes.length - 1]!.set(name, alias);
            continue;
          }
          const t = typeIn(vs, d.init);
          const varying = varies(vs, d.init) || assignedLater(vs, name);
          if (!varying) {
            // Uniform: one scalar for both lanes.
            const type = t === 'i32' || t === 'bool' ? 'i32' : 'f64';
            expr(vs.st, d.init, type === 'i32' ? (t === 'bool' ? 'cond' : 'i32') : 'f64', vs.cx);
            c.set(declare(vs.st, name, type));
            continue;
          }
          if (t === 'i32' || t === 'bool') {
            if (assignedLater(vs, name)) throw new Unsupported('int variable assigned in the loop');
            const l0 = newLocal(vs.st, 'i32'), l1 = newLocal(vs.st, 'i32');
            // Under a mask, a lane outside it holds 0 (its value may be anything, and indexes
            // made from it must stay inside memory).
            for (let lane = 0; lane < 2; lane++) {
              withLane(vs, lane, () => expr(vs.st, d.init!, t === 'bool' ? 'cond' : 'i32', vs.cx));
              if (vs.mask !== null) c.i32(0).get(vs.mask).simd(Simd.i64x2_extract_lane).op(lane).op(Op.i32_wrap_i64).op(Op.select);
              c.set(lane === 0 ? l0 : l1);
            }
            // (An element of nodeIndex is a valid node in every lane.)
            const init = d.init;
            const from = init.type === 'MemberExpression' ? withLane(vs, 0, () => arrayRef(init.object as Expression, vs.st)) : null;
            const node = from?.kind === 'array' && from.slot.key === 'ni';
            vs.scopes[vs.scopes.length - 1]!.set(name, { kind: 'vi', l0, l1, depth: vs.maskDepth, node });
            continue;
          }
          const local = newLocal(vs.st, 'v128');
          vf(vs, d.init);
          c.set(local);
          vs.scopes[vs.scopes.length - 1]!.set(name, { kind: 'vf', local, depth: vs.maskDepth });
        }
        return;
      case 'IfStatement': {
        const given = vs.given?.get(s);
        if (given !== undefined) {
          // (The body emitted again: the same side, under the same assumption, as below.)
          const side = given ? s.consequent : s.alternate;
          vs.st.depth++;
          try {
            if (side) vstatement(vs, side);
          } finally {
            vs.st.depth--;
          }
          vs.assumptions.push({ test: s.test, value: given, statement: s });
          return;
        }
        if (!varies(vs, s.test)) {
          // A uniform branch: loop-invariant ones whose taken side cannot run two at a time are
          // assumed not taken (checked before the loop).
          const before = new Set(vs.assigned);
          const tryBranch = (b: Statement | null | undefined): { code: Code; assigned: Set<string> } | null => {
            const saved = vs.st.code;
            const code = new Code();
            (vs.st as { code: Code }).code = code;
            vs.assigned = new Set(before);
            try {
              vs.st.depth++;
              if (b) vstatement(vs, b);
              return { code, assigned: vs.assigned };
            } catch (err) {
              if (!(err instanceof Unsupported)) throw err;
              return null;
            } finally {
              vs.st.depth--;
              (vs.st as { code: Code }).code = saved;
            }
          };
          const a = tryBranch(s.consequent);
          const b = tryBranch(s.alternate);
          if (a && b) {
            expr(vs.st, s.test, 'cond', vs.cx);
            c.open(Op.if);
            c.append(a.code);
            c.op(Op.else);
            c.append(b.code);
            c.op(Op.end);
            vs.assigned = new Set([...a.assigned].filter((x) => b.assigned.has(x)));
            return;
          }
          const taken = a ?? b;
          if (!taken || !invariant(vs, s.test, a ? s.alternate : s.consequent)) throw new Unsupported('a uniform branch that cannot run two at a time');
          vs.assumptions.push({ test: s.test, value: a !== null, statement: s });
          c.append(taken.code);
          vs.assigned = taken.assigned;
          return;
        }
        if (gathersIn(vs, s) && !hasEffects(s)) {
          // A branchy lookup (a TABLE's: NaN, below, above, between two entries) runs lane by
          // lane as scalar code, each lane writing its lane of the two-lane variables. When
          // both lanes take its last branch (a TABLE's: between two entries), that branch runs
          // two at a time instead, if it can.
          const fast = lastBranchBoth(vs, s);
          if (fast) {
            c.append(fast);
            vs.st.depth++;
          }
          // The two-lane variables it assigns: a scalar per lane while it runs (it may read
          // them first), joined again after.
          const targets: { name: string; v: Extract<VVar, { kind: 'vf' }>; lanes: number[] }[] = [];
          walk(s, (n) => {
            if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && !targets.some((t) => t.name === (n.left as { name: string }).name)) {
              const v = vfind(vs, n.left.name);
              if (v?.kind === 'vf') targets.push({ name: n.left.name, v, lanes: [newLocal(vs.st, 'f64'), newLocal(vs.st, 'f64')] });
            }
          });
          for (const t of targets) for (let lane = 0; lane < 2; lane++) {
            c.get(t.v.local).simd(Simd.f64x2_extract_lane).op(lane).set(t.lanes[lane]!);
          }
          for (let lane = 0; lane < 2; lane++) {
            if (vs.mask !== null) {
              c.get(vs.mask).simd(Simd.i64x2_extract_lane).op(lane).i64(0n).op(0x52).open(Op.if);
              vs.st.depth++;
            }
            const scope = laneScope(vs, lane);
            for (const t of targets) scope.set(t.name, { kind: 'local', index: t.lanes[lane]!, type: 'f64' });
            vs.st.scopes.push(scope);
            try {
              statement(vs.st, s, vs.cx);
            } finally {
              vs.st.scopes.pop();
            }
            if (vs.mask !== null) { vs.st.depth--; c.op(Op.end); }
          }
          for (const t of targets) c.get(t.lanes[0]!).simd(Simd.f64x2_splat).get(t.lanes[1]!).simd(Simd.f64x2_replace_lane).op(1).set(t.v.local);
          if (fast) { vs.st.depth--; c.op(Op.end); }
          for (const name of assignedOnEveryPath(s)) if (vs.carried.has(name)) vs.assigned.add(name);
          return;
        }
        const cond = newLocal(vs.st, 'v128');
        vmask(vs, s.test);
        c.set(cond);
        const outer = vs.mask;
        const before = new Set(vs.assigned);
        const run = (m: number, b: Statement): Set<string> => {
          vs.mask = m;
          vs.maskDepth++;
          vs.assigned = new Set(before);
          c.get(m).simd(Simd.v128_any_true).open(Op.if);
          vs.st.depth++;
          vstatement(vs, b);
          vs.st.depth--;
          c.op(Op.end);
          vs.maskDepth--;
          return vs.assigned;
        };
        const mThen = newLocal(vs.st, 'v128');
        c.get(cond);
        if (outer !== null) c.get(outer).simd(Simd.v128_and);
        c.set(mThen);
        const aThen = run(mThen, s.consequent);
        let aElse = new Set(before);
        if (s.alternate) {
          const mElse = newLocal(vs.st, 'v128');
          if (outer !== null) c.get(outer); else c.i64(-1n).simd(Simd.i64x2_splat);
          c.get(cond).simd(Simd.v128_andnot).set(mElse);
          aElse = run(mElse, s.alternate);
        }
        vs.mask = outer;
        // Assigned on every path only if assigned in both branches (in the lanes of each).
        vs.assigned = new Set([...before, ...[...aThen].filter((x) => aElse.has(x))]);
        return;
      }
      default:
        throw new Unsupported(`${s.type} in the two-lane loop`);
    }
  }

  /**
   * For an if / else-if chain with pure tests and a last `else`, outside any mask: the code of
   * `if (no lane takes an earlier branch) { the last branch, two at a time } else`, left open for
   * the caller's lane-by-lane code and its `end`; null where the last branch cannot run two at a
   * time.
   */
  function lastBranchBoth(vs: VState, s: Extract<Statement, { type: 'IfStatement' }>): Code | null {
    if (vs.mask !== null) return null;
    const tests: Expression[] = [];
    let last: Statement = s;
    while (last.type === 'IfStatement') {
      if (!last.alternate || unsafe(vs, last.test) || gathers(vs, last.test)) return null;
      tests.push(last.test);
      last = last.alternate;
    }
    const saved = vs.st.code;
    const code = new Code();
    (vs.st as { code: Code }).code = code;
    const before = vs.assigned;
    vs.assigned = new Set(before);
    const scopes = vs.scopes.length, stScopes = vs.st.scopes.length, depth = vs.st.depth, maskDepth = vs.maskDepth;
    try {
      tests.forEach((t, i) => { vmask(vs, t); if (i > 0) code.simd(Simd.v128_or); });
      code.simd(Simd.v128_any_true).op(Op.i32_eqz).open(Op.if);
      vs.st.depth++;
      vstatement(vs, last);
      vs.st.depth--;
      code.op(Op.else);
      return code;
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      return null;
    } finally {
      vs.scopes.length = scopes;
      vs.st.scopes.length = stScopes;
      vs.st.depth = depth;
      vs.mask = null;
      vs.maskDepth = maskDepth;
      vs.assigned = before;
      (vs.st as { code: Code }).code = saved;
    }
  }

  /** Whether `name` (declared in the loop) is assigned after its declaration. */
  function assignedLater(vs: VState, name: string): boolean {
    return vs.laterAssigned.has(name);
  }

  /** A uniform test that stays the same for the whole two-lane loop: it reads no array that the
   * loop body, without the branch it drops, writes. */
  function invariant(vs: VState, e: Expression, dropped: Statement | null | undefined): boolean {
    const written = new Set<string>();
    walk(vs.loopBody, (n) => {
      if (n === dropped) return false;
      if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression') {
        const arr = arrayRef(n.left.object as Expression, vs.st);
        written.add(arr?.kind === 'array' ? arr.slot.key : '?');
      }
      return true;
    });
    let ok = true;
    walk(e, (n) => {
      if (n.type === 'MemberExpression' && n.computed) {
        const arr = arrayRef(n.object as Expression, vs.st);
        if (!arr || arr.kind !== 'array' || written.has(arr.slot.key) || written.has('?')) ok = false;
      }
      if (n.type === 'CallExpression' || n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') ok = false;
      return true;
    });
    return ok;
  }

  /**
   * Places the two-instance loop (`pair`, complete) in the kernel. In a function of its own,
   * called only when there are two instances or more, when the kernel's locals are few enough to
   * pass: a model with one instance then never compiles it, and V8 optimizes only the code a
   * model runs (the one-instance loop, a fraction of the size). The function takes the kernel's
   * locals declared before the loop (`shared`: the first ones, up to the loop's counters) and
   * returns them, so the code inside is the same, local for local; the loop's own locals (its
   * two-lane copies and temporaries, which the kernel never reads after it) are the function's
   * locals. Returned, they would be live from one pair to the next for V8's register allocator.
   */
  function outlinePairs(st: FnState, pair: Code, cLocal: number, shared: number): void {
    const types = st.paramTypes === undefined ? null : [...st.paramTypes, ...st.locals];
    if (types === null || shared > OUTLINE_MAX_LOCALS) {
      st.code.append(pair);
      return;
    }
    const passed = types.slice(0, shared);
    const f = mod.declare(passed, passed, undefined, st.name === undefined ? undefined : `${st.name} (two at a time)`);
    const fc = new Code();
    fc.append(pair);
    for (let i = 0; i < shared; i++) fc.get(i);
    fc.op(Op.end);
    mod.define(f, types.slice(shared), fc);
    const c = st.code;
    c.get(cLocal).i32(2).op(Op.i32_ge_s).open(Op.if);
    for (let i = 0; i < shared; i++) c.get(i);
    c.call(f);
    for (let i = shared - 1; i >= 0; i--) c.set(i);
    c.op(Op.end);
  }

  /** The instance loop `for (let _k = 0, _cnt = m.count; _k < _cnt; _k++) body`, two at a time
   * first; returns false (having emitted nothing) when its body cannot run two at a time. */
  function vectorLoop(st: FnState, s: Extract<Statement, { type: 'ForStatement' }>, cx: Ctx): boolean {
    const init = s.init;
    if (init?.type !== 'VariableDeclaration' || init.declarations.length !== 2) return false;
    const [dk, dc] = init.declarations;
    if (dk!.id.type !== 'Identifier' || dc!.id.type !== 'Identifier') return false;
    const kName = dk!.id.name, cName = dc!.id.name;
    if (!(dk!.init?.type === 'Literal' && dk!.init.value === 0) || !dc!.init || !isMember(dc!.init, 'm', 'count')) return false;
    if (!(s.test?.type === 'BinaryExpression' && s.test.operator === '<' && s.test.left.type === 'Identifier' && s.test.left.name === kName && s.test.right.type === 'Identifier' && s.test.right.name === cName)) return false;
    if (!(s.update?.type === 'UpdateExpression' && s.update.operator === '++' && s.update.argument.type === 'Identifier' && s.update.argument.name === kName)) return false;
    const body = s.body;
    // Point processes can share a node: an array read and written by node in the loop would see
    // the other lane's write too late (or too early).
    if (!density) {
      const byNode = (n: AnyNode): string | null => {
        if (n.type !== 'MemberExpression' || !n.computed || (n.property.type === 'Identifier' && n.property.name === kName)) return null;
        const arr = arrayRef(n.object as Expression, st);
        return arr?.kind === 'array' ? arr.slot.key : null;
      };
      const writes = new Set<string>();
      walk(body, (n) => {
        if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression') {
          const key = byNode(n.left);
          if (key) writes.add(key);
        }
      });
      for (const key of writes) {
        // (The left side of `x[n] += v` is walked as a read too; only reads elsewhere count.)
        let readsElsewhere = 0;
        walk(body, (n) => { if (n.type === 'MemberExpression' && byNode(n) === key) readsElsewhere++; });
        let targets = 0;
        walk(body, (n) => { if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && byNode(n.left) === key) targets++; });
        if (readsElsewhere > targets) return false;
      }
    }
    // Names assigned anywhere in the body, and arrays it writes.
    const assignedNames = new Set<string>();
    walk(body, (n) => {
      if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') assignedNames.add(n.left.name);
      if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') assignedNames.add(n.argument.name);
    });
    const c = st.code;
    const saved = st.code;
    const savedDepth = st.depth;
    const code = new Code();
    (st as { code: Code }).code = code;
    st.scopes.push(new Map());
    try {
      const kLocal = declare(st, kName, 'i32');
      const cLocal = declare(st, cName, 'i32');
      // Outer locals the body assigns: their two-lane copies.
      const carried = new Map<string, { scalar: number; local: number }>();
      for (const name of assignedNames) {
        const r = lookup(st, name);
        if (r?.kind === 'local') {
          if (r.type !== 'f64') return false;
          carried.set(name, { scalar: r.index, local: newLocal(st, 'v128') });
        }
      }
      // The two-lane body, emitted first into its own buffer (its assumptions go before it).
      const localsBefore = st.locals.length;
      const tempsBefore = { tempI32: st.tempI32 };
      const emitBody = (given: ReadonlyMap<Statement, boolean> | null): { vs: VState; bodyCode: Code } => {
        const vs: VState = {
          st, cx, scopes: [new Map([[kName, { kind: 'k', local: kLocal } as VVar]])], carried, mask: null, maskDepth: 0,
          assigned: new Set(), assumptions: [], loopBody: body, laterAssigned: assignedNames, computed: new Map(), given,
        };
        const bodyCode = new Code();
        (st as { code: Code }).code = bodyCode;
        st.depth = savedDepth + 3; // block, if, block, loop (the if is added below)
        vs.scopes.push(new Map());
        st.scopes.push(new Map());
        try {
          vstatement(vs, body);
        } finally {
          st.scopes.pop();
          (st as { code: Code }).code = code;
          st.depth = savedDepth;
        }
        return { vs, bodyCode };
      };
      let { vs, bodyCode } = emitBody(null);
      // A variable the loop reads only on the sides of uniform branches it assumes are not taken
      // (hh's ena, read for the `usetable == 0` path) is dead in the two-lane loop: emitted again
      // without its assignments, under the same assumptions, its loads (which V8 keeps: a load
      // may trap) are gone.
      if (vs.assumptions.length > 0) {
        const skipped = new Set<AnyNode>();
        const given = new Map<Statement, boolean>();
        for (const a of vs.assumptions) {
          const notTaken = a.value ? a.statement.alternate : a.statement.consequent;
          if (notTaken) skipped.add(notTaken as AnyNode);
          given.set(a.statement, a.value);
        }
        const dead = deadLocals([body], skipped);
        const before = st.dead ?? new Set<string>();
        // (Locals of an emission not kept are given back, with the temporaries it made.)
        const restart = (): void => {
          st.locals.length = localsBefore;
          st.tempI32 = tempsBefore.tempI32;
        };
        if ([...dead].some((x) => !before.has(x))) {
          restart();
          st.dead = new Set([...before, ...dead]);
          try {
            ({ vs, bodyCode } = emitBody(given));
          } catch (err) {
            if (!(err instanceof Unsupported)) throw err;
            // (As first emitted, then.)
            restart();
            st.dead = before;
            ({ vs, bodyCode } = emitBody(null));
          } finally {
            st.dead = before;
          }
        }
      }
      // _k = 0; _cnt = m.count
      code.i32(0).set(kLocal);
      expr(st, dc!.init, 'i32', cx);
      code.set(cLocal);
      // if (assumptions) { block { loop { if (k + 1 >= cnt) break; body; k += 2; continue } } carry out }
      const pair = new Code();
      (st as { code: Code }).code = pair;
      let n = 0;
      for (const a of vs.assumptions) {
        expr(st, a.test, 'cond', cx);
        if (!a.value) pair.op(Op.i32_eqz);
        if (n > 0) pair.op(Op.i32_and);
        n++;
      }
      (st as { code: Code }).code = code;
      if (n === 0) pair.i32(1);
      pair.open(Op.if);
      pair.open(Op.block).open(Op.loop);
      pair.get(kLocal).i32(1).op(Op.i32_add).get(cLocal).op(Op.i32_ge_s).op(Op.br_if).u32(1);
      pair.append(bodyCode);
      pair.get(kLocal).i32(2).op(Op.i32_add).set(kLocal);
      pair.op(Op.br).u32(0).op(Op.end).op(Op.end);
      // The last instance's values of the variables the loop assigned.
      pair.get(kLocal).op(Op.i32_eqz).op(Op.i32_eqz).open(Op.if);
      for (const cv of carried.values()) pair.get(cv.local).simd(Simd.f64x2_extract_lane).op(1).set(cv.scalar);
      pair.op(Op.end);
      pair.op(Op.end);
      outlinePairs(st, pair, cLocal, cLocal + 1);
      // The rest (an odd last instance, or all of them when an assumption failed), one at a time.
      loop(st, s.test, body, s.update, cx);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      (globalThis as { __wasmDebug?: (m: string) => void }).__wasmDebug?.(e.message);
      st.scopes.pop();
      (st as { code: Code }).code = saved;
      st.depth = savedDepth;
      return false;
    }
    st.scopes.pop();
    (st as { code: Code }).code = saved;
    c.append(code);
    return true;
  }

  // -- kernels -----------------------------------------------------------------------------

  const result: Partial<Record<WasmKernelName, WasmKernelInfo>> = {};
  let twoLane = false;
  /** The translated kernels' function indices and parameters (for their step entry points). */
  const entries: { readonly kname: string; readonly index: number; readonly params: readonly Slot[] }[] = [];
  for (const kname of WASM_KERNELS) {
    const k = kernels.get(kname);
    if (!k) continue;
    try {
      result[kname] = translateKernel(kname, k);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      (globalThis as { __wasmDebug?: (m: string) => void }).__wasmDebug?.(`${kname}: ${e.message}`);
    }
  }
  // The TABLE fill loops (`_fill_<fn>(m, nodes, ctx)`, see the emitter's emitTable): exported
  // functions of their own, without step entry points, run once per rebuild of the TABLE, as
  // `_bind` runs them: with `_k` = 0 and `_n` the first instance's node (a PROCEDURE may set RANGE
  // variables, the first instance's).
  for (const [name, fn] of closureFns) {
    if (!name.startsWith('_fill_')) continue;
    try {
      translateKernel(name, fn, false);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      (globalThis as { __wasmDebug?: (m: string) => void }).__wasmDebug?.(`${name}: ${e.message}`);
    }
  }

  /** The parameters of a kernel: the arguments of the generated JavaScript's call of it (in the
   * `if (m.memory !== undefined ...)` block that starts the kernel). */
  function glueParameters(kname: string, glue: Statement): Slot[] | null {
    let call: Extract<Expression, { type: 'CallExpression' }> | null = null;
    walk(glue, (n) => {
      if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier' && n.callee.object.name === '_w'
        && n.callee.property.type === 'Identifier' && n.callee.property.name === kname) call = n;
    });
    if (call === null) return null;
    const slots: Slot[] = [];
    for (const a of (call as Extract<Expression, { type: 'CallExpression' }>).arguments) {
      if (a.type === 'Identifier' && a.name === '_wd') slots.push({ key: 'desc', type: 'i32' });
      else if (a.type === 'Identifier') slots.push(slotOf.closure(a.name));
      else if (isMember(a, 'm', 'count')) slots.push(slotOf.count);
      else if (a.type === 'MemberExpression' && !a.computed && a.object.type === 'Identifier' && a.object.name === 'ctx' && a.property.type === 'Identifier') slots.push(slotOf.ctx(a.property.name));
      else return null;
    }
    return slots[0]?.key === 'desc' ? slots : null;
  }

  /** Translates a kernel; `entry`: with a step entry point (see {@link WasmPlan.params}), else
   * a TABLE fill (it may read only the globals, the environment, the closure numbers passed, the
   * TABLEs' copies in scratch, and the fields, at the first instance). */
  function translateKernel(kname: string, k: FunctionLike, entry = true): WasmKernelInfo {
    if (k.params.length !== 3 || k.params.some((p, i) => p.type !== 'Identifier' || p.name !== ['m', 'nodes', 'ctx'][i])) throw new Unsupported('kernel parameters');
    let body = k.body.body;
    const glue = body[0];
    const params = glue?.type === 'IfStatement' ? glueParameters(kname, glue) : null;
    if (!params) throw new Unsupported('no call of the kernel');
    body = body.slice(1);
    // (The call binds the closure itself.)
    const first = body[0];
    if (first?.type === 'ExpressionStatement' && first.expression.type === 'CallExpression' && first.expression.callee.type === 'Identifier' && first.expression.callee.name === '_bind') {
      body = body.slice(1);
    }
    // Two passes: the first finds the slots the body needs, the second emits the function.
    const needed = new Map<string, Slot>();
    const probe = (): void => {
      const st: FnState = { code: new Code(), locals: [], nparams: 0, scopes: [new Map()], slotLocal: null, loops: [], depth: 0, isKernel: true, tempI32: null, fill: !entry };
      const cx: Ctx = { used: new Set(), slots: needed, calls: new Set() };
      statements(st, body, cx);
      for (const key of cx.calls) needed.set(key, slotGlobals.get(key)!.slot);
    };
    probe();
    // (A fill sets `_n` from the node index: see below.)
    if (!entry) needed.set(slotOf.ni.key, slotOf.ni);
    const slots = [...needed.values()];
    const addrs = slots.filter((sl) => sl.at !== undefined);
    // Parameters as the call passes them; the addresses (from the descriptor) become locals.
    const slotLocal = new Map<string, number>();
    params.forEach((sl, i) => slotLocal.set(sl.key, i));
    for (const sl of slots) if (sl.at === undefined && !slotLocal.has(sl.key)) throw new Unsupported(`${sl.key} is not passed`);
    if (!entry) for (const sl of slots) if (!/^(G|ni|F\d+|ctx_\w+|C\w+|S_t_\w+)$/.test(sl.key)) throw new Unsupported(`${sl.key} in a TABLE fill`);
    addrs.forEach((sl, i) => slotLocal.set(sl.key, params.length + i));
    const index = mod.declare(params.map((sl) => sl.type), [], kname);
    const st: FnState = {
      code: new Code(), locals: addrs.map(() => 'i32' as ValType), nparams: params.length, scopes: [new Map()], slotLocal, loops: [], depth: 0, isKernel: true, tempI32: null,
      dead: deadLocals(body), paramTypes: params.map((sl) => sl.type), name: kname, fill: !entry,
    };
    const cx: Ctx = { used: new Set(), slots: new Map(needed), calls: new Set() };
    twoLane = false;
    for (const sl of addrs) st.code.get(0).mem(Op.i32_load, 4 * ptrOf(sl)).set(slotLocal.get(sl.key)!);
    // Functions read their slots from globals: set them from the parameters.
    for (const sl of slots) {
      const g = slotGlobals.get(sl.key);
      if (g) st.code.get(slotLocal.get(sl.key)!).gset(g.index);
    }
    // A fill: _k = 0, _n = ni[0] (its caller runs it only with instances).
    if (!entry) st.code.i32(0).gset(gK).get(slotLocal.get(slotOf.ni.key)!).mem(Op.i32_load, 0).gset(gN);
    try {
      statements(st, body, cx);
    } catch (e) {
      mod.define(index, [], new Code().op(Op.unreachable).op(Op.end));
      throw e;
    }
    st.code.op(Op.end);
    mod.define(index, st.locals, st.code);
    if (entry) entries.push({ kname, index, params });
    return { twoLane };
  }

  if (Object.keys(result).length === 0) return null;
  // The step entry points: `step_<kernel>(descriptor, t)` reads the other arguments (f64 each,
  // at their position in the call) from past the descriptor, where the plugin writes them.
  const params = 8 * Math.ceil(pointers.length / 2);
  let nargs = 0;
  for (const { kname, index, params: slots } of entries) {
    const code = new Code();
    slots.forEach((sl, i) => {
      if (sl.key === 'desc') code.get(0);
      else if (sl.key === 'ctx_t') code.get(1);
      else {
        code.get(0).mem(Op.f64_load, params + 8 * i);
        if (sl.type === 'i32') code.op(Op.i32_trunc_f64_s);
      }
    });
    code.call(index).op(Op.end);
    mod.define(mod.declare(['i32', 'f64'], [], `step_${kname}`), [], code);
    nargs = Math.max(nargs, slots.length);
  }
  const bytes = mod.bytes();
  const tables = [...scratchOffsets].filter(([name]) => name.startsWith('_t_') || fileLocalMode.get(name) === 'copy').map(([name, offset]) => ({ name, offset, length: name === EXP_TABLE_NAME ? EXP_TABLE_LENGTH : closureArrays.get(name)! }));
  return { bytes, scratch: scratch + params / 8 + nargs, tables, imports, kernels: result, pointers, descriptor: scratch, params, fused: fma && (expFn >= 0 || powFns.size > 0) };
}

type FunctionLike = { readonly params: readonly Pattern[]; readonly body: { readonly body: readonly Statement[] } };

/** Whether a call's arguments are (x, 2): `Math.pow(x, 2)`, which is x * x. */
function isSquare(args: readonly AnyNode[]): boolean {
  const y = args[1];
  return args.length === 2 && y !== undefined && y.type === 'Literal' && y.value === 2;
}

function isMember(e: AnyNode | Expression, object: string, property: string): boolean {
  return e.type === 'MemberExpression' && !e.computed && e.object.type === 'Identifier' && e.object.name === object && e.property.type === 'Identifier' && e.property.name === property;
}

function isIntCounter(update: Expression | null, name: string): boolean {
  if (!update) return false;
  const list = update.type === 'SequenceExpression' ? update.expressions : [update];
  let stepped = false;
  for (const u of list) {
    if (u.type === 'UpdateExpression' && u.argument.type === 'Identifier' && u.argument.name === name) stepped = true;
    else if (u.type === 'AssignmentExpression' && u.left.type === 'Identifier' && u.left.name === name) {
      if (!((u.operator === '+=' || u.operator === '-=') && u.right.type === 'Literal' && Number.isInteger(u.right.value))) return false;
      stepped = true;
    }
  }
  return stepped;
}

/** The statements of `createKernels()` in the generated module, and the plugin's `kind`. */
function findPlugin(body: readonly (Statement | AnyNode)[]): { createKernels: readonly Statement[]; kind: unknown; name: string | undefined } | null {
  for (const st of body) {
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) {
      if (d.init?.type !== 'ObjectExpression') continue;
      let createKernels: readonly Statement[] | null = null;
      let kind: unknown;
      let name: string | undefined;
      for (const p of d.init.properties) {
        if (p.type !== 'Property' || p.key.type !== 'Identifier') continue;
        if (p.key.name === 'createKernels' && p.value.type === 'FunctionExpression') createKernels = p.value.body.body;
        if (p.key.name === 'kind' && p.value.type === 'Literal') kind = p.value.value;
        if (p.key.name === 'name' && p.value.type === 'Literal' && typeof p.value.value === 'string') name = p.value.value;
      }
      if (createKernels) return { createKernels, kind, name };
    }
  }
  return null;
}

/** A call without effects: `Math.*`, `Number.*`, `_lexp` (core's exp), `_lpow3` and `_lpow4`. */
function pureCall(callee: Expression | { readonly type: string }): boolean {
  const c = callee as Expression;
  if (c.type === 'Identifier') return c.name === '_lexp' || c.name === '_lpow3' || c.name === '_lpow4';
  return c.type === 'MemberExpression' && c.object.type === 'Identifier' && (c.object.name === 'Math' || c.object.name === 'Number');
}

/** Whether evaluating e has no effect but its value (loads and arithmetic, Math, Number, `_lexp`). */

function pure(e: AnyNode): boolean {
  let p = true;
  walk(e, (n) => {
    if (n.type === 'AssignmentExpression' || n.type === 'UpdateExpression') p = false;
    if (n.type === 'CallExpression' && !pureCall(n.callee)) p = false;
  });
  return p;
}

/** Local variables of a kernel that nothing reads: declared there, only ever assigned (e.g. an
 * ion's potential that the kernel copies in but does not use). Nodes in `skipped` (with what is
 * under them) are left out: code that does not run. */
function deadLocals(body: readonly Statement[], skipped?: ReadonlySet<AnyNode>): Set<string> {
  const declared = new Set<string>();
  const read = new Set<string>();
  walk(body, (n) => {
    if (skipped?.has(n)) return false;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') declared.add(n.id.name);
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') {
      if (n.operator !== '=') read.add(n.left.name);
      walk(n.right, (m) => { if (m.type === 'Identifier') read.add(m.name); });
      return false;
    }
    if (n.type === 'VariableDeclarator') {
      if (n.init) walk(n.init, (m) => { if (m.type === 'Identifier') read.add(m.name); });
      return false;
    }
    if (n.type === 'Identifier') read.add(n.name);
    return true;
  });
  return new Set([...declared].filter((x) => !read.has(x)));
}

/** The names a statement assigns on every path through it. */
function assignedOnEveryPath(s: Statement | Expression): Set<string> {
  const out = new Set<string>();
  switch (s.type) {
    case 'ExpressionStatement': return assignedOnEveryPath(s.expression);
    case 'AssignmentExpression': if (s.left.type === 'Identifier') out.add(s.left.name); return out;
    case 'SequenceExpression': for (const x of s.expressions) for (const n of assignedOnEveryPath(x)) out.add(n); return out;
    case 'BlockStatement': for (const x of s.body) for (const n of assignedOnEveryPath(x)) out.add(n); return out;
    case 'IfStatement': {
      if (!s.alternate) return out;
      const a = assignedOnEveryPath(s.consequent), b = assignedOnEveryPath(s.alternate);
      for (const n of a) if (b.has(n)) out.add(n);
      return out;
    }
    default: return out;
  }
}

/** An exp as the emitter writes it (NMODL's, with hoc_Exp's limits):
 * `(_e = arg, _e < -700 ? 0 : _e > 700 ? C : _lexp(_e))`. */
interface ExpSite {
  readonly node: Expression;
  /** The temporary (`_e`). */
  readonly name: string;
  readonly arg: Expression;
  /** The conditional, which reads the temporary. */
  readonly cond: Expression;
}

function expSite(e: AnyNode): ExpSite | null {
  if (e.type !== 'SequenceExpression' || e.expressions.length !== 2) return null;
  const [set, cond] = e.expressions as [Expression, Expression];
  if (set.type !== 'AssignmentExpression' || set.operator !== '=' || set.left.type !== 'Identifier') return null;
  const name = set.left.name;
  if (cond.type !== 'ConditionalExpression' || cond.alternate.type !== 'ConditionalExpression') return null;
  const call = cond.alternate.alternate;
  if (call.type !== 'CallExpression' || call.arguments.length !== 1) return null;
  const f = call.callee;
  if (f.type !== 'Identifier' || f.name !== '_lexp') return null;
  const x = call.arguments[0]!;
  if (x.type !== 'Identifier' || x.name !== name) return null;
  // The limits, exactly (the batches rely on them: neither applies where |x| < 700).
  const limit = (t: Expression, op: string, k: number): boolean => {
    if (t.type !== 'BinaryExpression' || t.operator !== op || t.left.type !== 'Identifier' || t.left.name !== name) return false;
    const r = t.right;
    if (r.type === 'Literal') return r.value === k;
    return r.type === 'UnaryExpression' && r.operator === '-' && r.argument.type === 'Literal' && r.argument.value === -k;
  };
  if (!limit(cond.test, '<', -700) || !limit(cond.alternate.test, '>', 700)) return null;
  // The argument holds no exp of its own, nor the temporary.
  let nested = false;
  walk(set.right, (n) => { if (expSite(n) !== null || (n.type === 'Identifier' && n.name === name)) nested = true; return !nested; });
  return nested ? null : { node: e as Expression, name, arg: set.right, cond };
}

/** Whether a statement calls something other than a pure function (`Number`'s aside). */
function callsOut(st: Statement): boolean {
  let calls = false;
  walk(st, (n) => {
    if (n.type === 'CallExpression' && !(pureCall(n.callee) && !(n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier' && n.callee.object.name === 'Number'))) calls = true;
    return true;
  });
  return calls;
}

/** What {@link expsAhead} finds in a block. */
interface ExpsAhead {
  /** Each statement's exps where a batch may take them; null where the statement stops every
   * batch (neither an expression nor a declaration, an exp not evaluated unconditionally, or a
   * call). */
  readonly sites: readonly (readonly ExpSite[] | null)[];
  /** For each statement, the exps from it to the first statement that stops every batch. */
  readonly count: Int32Array;
}

const expsAheadOf = new WeakMap<readonly Statement[], ExpsAhead>();

/**
 * The exps of a block's statements, once per block: expBatch, tried from each statement in turn,
 * would otherwise walk the rest of a long run of statements again from each of them.
 */
function expsAhead(list: readonly Statement[]): ExpsAhead {
  let a = expsAheadOf.get(list);
  if (a !== undefined) return a;
  const sites: (readonly ExpSite[] | null)[] = list.map((st) => {
    const found = st.type === 'ExpressionStatement' || st.type === 'VariableDeclaration' ? unconditionalExpSites(st) : null;
    return found === null || callsOut(st) ? null : found;
  });
  const count = new Int32Array(list.length + 1);
  for (let j = list.length - 1; j >= 0; j--) count[j] = sites[j] === null ? 0 : sites[j]!.length + count[j + 1]!;
  a = { sites, count };
  expsAheadOf.set(list, a);
  return a;
}

/** The exps of a statement when each is evaluated whenever the statement is (not in a branch of
 * a conditional or the right side of `&&`, `||`, `??`); null when one is not. */
function unconditionalExpSites(s: Statement): ExpSite[] | null {
  const all: ExpSite[] = [];
  walk(s, (n) => {
    const site = expSite(n);
    if (site) { all.push(site); return false; }
    return true;
  });
  const sure: ExpSite[] = [];
  const visit = (n: AnyNode): boolean => {
    const site = expSite(n);
    if (site) { sure.push(site); return false; }
    // (Of a conditional, only the test runs whatever happens; of `&&`, `||` and `??`, the left.)
    if (n.type === 'ConditionalExpression') { walk(n.test, visit); return false; }
    if (n.type === 'LogicalExpression') { walk(n.left, visit); return false; }
    return true;
  };
  walk(s, visit);
  return sure.length === all.length ? sure : null;
}

/** Whether `s` reads one of `names` other than in its exps `sites`. */
function readsOutside(s: Statement, sites: readonly ExpSite[], names: ReadonlySet<string>): boolean {
  const nodes = new Set<AnyNode>(sites.map((x) => x.node as AnyNode));
  let reads = false;
  walk(s, (n) => {
    if (nodes.has(n)) return false;
    if (n.type === 'Identifier' && names.has(n.name)) reads = true;
    return true;
  });
  return reads;
}

/** Visits every node under `node`; a visitor returning false skips the node's children. */
function walk(node: unknown, visit: (n: AnyNode) => boolean | void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walk(node[i], visit);
    return;
  }
  const n = node as AnyNode & Record<string, unknown>;
  if (typeof n.type === 'string' && visit(n) === false) return;
  // (Only objects hold nodes: `start` and `end` are numbers; `loc` is not asked of acorn.)
  for (const key in n) {
    const v = n[key];
    if (v !== null && typeof v === 'object' && key !== 'loc') walk(v, visit);
  }
}
