/**
 * The compiler driver: text to plugin, at run time (no file system access).
 * @module
 */
import type { MechanismType } from '@neurite/core/abi';
import { EXP_TABLE_SPLIT, libmExp, libmPow3, libmPow4, wasmFusedMultiplyAdd, compileFusedModule, compileKernelModule, runOnce } from '@neurite/core/libm';
import { emitModule } from './codegen/emit-module.js';
import { translateKernels, type WasmPlan } from './codegen/wasm/translate.js';
import { DiagnosticCode, Session, type Diagnostic } from './diagnostics.js';
import type { MechanismInfo } from './ir/mechanism-info.js';
import { expandIncludes, type IncludeResolver } from './include.js';
import { parseMod } from './parse.js';
import { buildMechanismInfo } from './passes/analyze/build-mechanism-info.js';
import { resolveSymbols } from './passes/check/resolve-symbols.js';
import { foldConstants } from './passes/transform/fold-constants.js';
import { inlineFunctions } from './passes/transform/inline-functions.js';
import { inlineProcedures } from './passes/transform/inline-procedures.js';

/** Options of {@link compileMod}. */
export interface CompileOptions {
  /** The `.mod` file's name, used in diagnostics and recorded in the plugin's `source`. */
  readonly filename?: string;
  /** Skip instantiating the plugin (e.g. at build time, or under a CSP without 'unsafe-eval'). */
  readonly instantiate?: boolean;
  /** Also translate the `current` and `advance` kernels to WebAssembly, used where core keeps the
   * instance data in WebAssembly memory (default true). The numbers are the same either way. */
  readonly wasm?: boolean;
  /** Let the WebAssembly kernels run two instances per instruction where they can (f64x2;
   * default true). The numbers are the same either way. */
  readonly twoLane?: boolean;
  /** Inline PROCEDUREs and FUNCTIONs called from BREAKPOINT, DERIVATIVE, KINETIC and INITIAL
   * (default true), so that kernels keep each instance's variables in locals and run two
   * instances at a time. The numbers are the same either way. */
  readonly inlineProcedures?: boolean;
  /** How the sparse LU factorisations of large implicit systems (KINETIC schemes) are written:
   * `'code'`, straight code over the nonzeros; `'table'`, a table of operations run by a loop;
   * `'auto'` (default), a table when the code would be long. The same operations in the same
   * order either way, so the same numbers. */
  readonly luForm?: 'auto' | 'code' | 'table';
  /** Compute what the Newton iterations of a nonlinear implicit system read but do not change
   * (rate constants times volumes, say) once before them, and what BREAKPOINT reads but does not
   * change (a conductance like gnabar*m^3*h) once for the current kernel's two evaluations, at
   * v + 0.001 and at v (default true). The same operations on the same values, so the same
   * numbers. */
  readonly hoistInvariants?: boolean;
  /** Finds the files the text INCLUDEs (see {@link IncludeResolver}); without it an INCLUDE is an
   * error. `@neurite/nmodl-compiler/node`'s `fileIncludes` reads them from disk. */
  readonly include?: IncludeResolver;
  /** Record how long each phase took, in `timings` of the result (default false). */
  readonly timings?: boolean;
}

/** The phases of {@link compileMod}, in order, as named in {@link CompileResult.timings}. */
export type CompilePhase = 'parse' | 'include' | 'resolve' | 'fold' | 'inlineFunctions' | 'inlineProcedures' | 'analyze' | 'emit' | 'instantiate';

/** The result of {@link compileMod}. */
export interface CompileResult {
  /** The mechanism, when there were no errors (and instantiation was not turned off). */
  readonly plugin?: MechanismType;
  /** Errors and warnings, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The generated TypeScript module (imports only `@neurite/core/abi` types), generated when
   * first read; empty on errors. */
  readonly source: string;
  /** The generated JavaScript: the body of a function returning the plugin; empty on errors. */
  readonly js: string;
  /** The text of each file the source INCLUDEs (directly or not), by the name its diagnostics
   * carry (`range.file`); give it to `formatDiagnostic` to print their lines. */
  readonly includes: Readonly<Record<string, string>>;
  /** With the option `timings`: the time of each phase that ran [ms], in order. */
  readonly timings?: Readonly<Partial<Record<CompilePhase, number>>>;
}

const START = { offset: 0, line: 1, column: 1 };

/** Source order: a diagnostic in an included file sorts where its INCLUDE stands (after what
 * the including file has before it), in the order of the included file. */
function sortDiagnostics(list: readonly Diagnostic[], includedAt: ReadonlyMap<string, readonly number[]>): Diagnostic[] {
  const key = (d: Diagnostic): readonly number[] => [...(d.range.file !== undefined ? includedAt.get(d.range.file) ?? [] : []), d.range.start.offset];
  return [...list].sort((a, b) => {
    const x = key(a), y = key(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}

/**
 * Compiles one `.mod` file to a mechanism plugin. A mistake in the file never throws: it comes
 * back in `diagnostics`, and `plugin` is then absent.
 * @example
 * ```ts
 * import { compileMod, formatDiagnostic } from '@neurite/nmodl-compiler';
 * const { plugin, diagnostics } = compileMod(text, { filename: 'hh.mod' });
 * for (const d of diagnostics) console.error(formatDiagnostic(d, { filename: 'hh.mod', source: text }));
 * ```
 */
export function compileMod(text: string, options: CompileOptions = {}): CompileResult {
  // (Code that runs a short while per file: V8's baseline compiler off meanwhile, see runOnce.)
  return runOnce(() => compileNow(text, options));
}

function compileNow(text: string, options: CompileOptions): CompileResult {
  const session = new Session();
  let includedAt: ReadonlyMap<string, readonly number[]> = new Map();
  let includes: Readonly<Record<string, string>> = {};
  // Phase timings (with options.timings): each phase's end, from the start.
  const timings: Partial<Record<CompilePhase, number>> | undefined = options.timings === true ? {} : undefined;
  let last = timings ? performance.now() : 0;
  const done = (phase: CompilePhase): void => {
    if (!timings) return;
    const now = performance.now();
    timings[phase] = now - last;
    last = now;
  };
  const timed = timings ? { timings } : {};
  const failed = (): CompileResult => ({ diagnostics: sortDiagnostics(session.diagnostics, includedAt), source: '', js: '', includes, ...timed });
  try {
    const parsed = parseMod(text, session);
    done('parse');
    if (!parsed) return failed();
    const expanded = expandIncludes(parsed, options.include, session, options.filename);
    includedAt = expanded.includedAt;
    includes = Object.fromEntries(expanded.files);
    done('include');
    if (session.hasErrors()) return failed();
    const program = expanded.program;
    resolveSymbols(program, {}, session);
    done('resolve');
    if (session.hasErrors()) return failed();
    const folded = foldConstants(program, {}, session);
    done('fold');
    const functionsInlined = inlineFunctions(folded, {}, session);
    done('inlineFunctions');
    const inlined = options.inlineProcedures === false ? functionsInlined : inlineProcedures(functionsInlined, {}, session);
    if (options.inlineProcedures !== false) done('inlineProcedures');
    const info: MechanismInfo | null = buildMechanismInfo(inlined, { ...(options.filename !== undefined ? { filename: options.filename } : {}) }, session);
    done('analyze');
    if (!info || session.hasErrors()) return failed();
    const withWasm = options.wasm !== false;
    // The WebAssembly kernels are translated from this JavaScript when first needed (when core
    // lays out a model with the mechanism), so compiling stays quick.
    const luForm = options.luForm ?? 'auto';
    const hoistInvariants = options.hoistInvariants ?? true;
    const js = emitModule(info, { typescript: false, wasm: withWasm ? 'lazy' : null, luForm, hoistInvariants }, session);
    done('emit');
    if (session.hasErrors()) return failed();
    const diagnostics = sortDiagnostics(session.diagnostics, includedAt);
    // The TypeScript module (with the WebAssembly written in) is generated when first read
    // (run-time users rarely need it).
    let ts: string | undefined;
    const simd = options.twoLane !== false;
    const typescript = (): string => (ts ??= emitModule(info, {
      typescript: true, wasm: withWasm ? translateKernels(js, { simd }) : null, wasmFused: withWasm && simd ? translateKernels(js, { simd, fma: true }) : null, luForm, hoistInvariants,
    }, new Session()));
    if (options.instantiate === false) return { diagnostics, js, includes, ...timed, get source(): string { return typescript(); } };
    const plugin = instantiate(js, { twoLane: simd });
    done('instantiate');
    return { plugin, diagnostics, js, includes, ...timed, get source(): string { return typescript(); } };
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      session.error(DiagnosticCode.Syntax, 'the file is nested too deeply to compile (expressions or blocks)', { start: START, end: START });
      return failed();
    }
    session.error(DiagnosticCode.Internal, `internal compiler error (a bug in the compiler, not in your file): ${e instanceof Error ? e.message : String(e)}`, { start: START, end: START });
    return failed();
  }
}

/** What the generated JavaScript body gets as `__libm`: core's functions that NEURON's C library has. */
interface Libm {
  readonly exp: (x: number) => number;
  readonly table: Float64Array;
  readonly pow3: (x: number) => number;
  readonly pow4: (x: number) => number;
  /** Whether kernels may use WebAssembly's fused multiply-add (read by a module whose plan is
   * written in), and how to compile those. */
  readonly fma: () => boolean;
  readonly compileFused: (bytes: Uint8Array) => WebAssembly.Module | null;
  /** How core compiles a module of kernels (V8 optimizes its functions sooner). */
  readonly compile: (bytes: Uint8Array) => WebAssembly.Module;
}

/**
 * Turns generated JavaScript (from {@link compileMod}'s `js`) into a plugin with `new Function`
 * (under a Content-Security-Policy this needs 'unsafe-eval').
 * @example
 * ```ts
 * const { js } = compileMod(text, { instantiate: false });
 * const plugin = instantiate(js);
 * ```
 */
export function instantiate(js: string, options: Pick<CompileOptions, 'twoLane'> = {}): MechanismType {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('__wasmPlan', '__libm', js) as (plan: (fma?: boolean) => WasmPlan | null, libm: Libm) => MechanismType;
  // The WebAssembly kernels, translated from the same text when the plugin first needs them; the C
  // library's exp as NEURON's (glibc's), and its table for those kernels; x^3 and x^4 correctly
  // rounded.
  // (exp's fused multiply-adds by the processor's, where WebAssembly has them: same doubles.)
  const simd = options.twoLane !== false;
  return factory((fma = wasmFusedMultiplyAdd()) => translateKernels(js, { simd, fma: simd && fma }), { exp: libmExp, table: EXP_TABLE_SPLIT, pow3: libmPow3, pow4: libmPow4, fma: wasmFusedMultiplyAdd, compileFused: compileFusedModule, compile: compileKernelModule });
}
