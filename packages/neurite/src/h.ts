import { createH as createCoreH, NeuriteError, type Catalogue, type H, type HOptions, type MechanismType } from '@neurite/core';
import { defaultCatalogue } from '@neurite/mechanisms';
import { compileMod, formatDiagnostic, type Diagnostic, type IncludeResolver } from '@neurite/nmodl-compiler';

/** Options of {@link compile}. */
export interface CompileOptions {
  /** The file name diagnostics refer to. */
  filename?: string;
  /** Finds the files the text INCLUDEs (in Node: `fileIncludes(path)` from
   * `@neurite/nmodl-compiler/node`); without it an INCLUDE is an error. */
  include?: IncludeResolver;
}

/**
 * A `.mod` file that did not compile; `diagnostics` holds every problem, `message` them formatted
 * as `file:line:col`, the source line and a caret. Its `code` is `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { compile, MechanismCompileError } from 'neurite';
 * try {
 *   compile('NEURON { SUFFIX broken', { filename: 'broken.mod' });
 * } catch (e) {
 *   if (!(e instanceof MechanismCompileError)) throw e;
 *   for (const d of e.diagnostics) console.log(d.code, d.range.start.line, d.message);
 * }
 * ```
 */
export class MechanismCompileError extends NeuriteError {
  constructor(
    /** Every problem the compiler found (errors and warnings), with its code and source range. */
    readonly diagnostics: readonly Diagnostic[],
    formatted: string,
  ) {
    super('INVALID_ARGUMENT', `the mechanism did not compile:\n${formatted}`);
    this.name = 'MechanismCompileError';
  }
}

/**
 * Compiles NMODL text to a mechanism plugin; throws {@link MechanismCompileError} with the
 * formatted diagnostics when it has errors.
 *
 * @example
 * ```ts
 * const kd = compile(readFileSync('kd.mod', 'utf8'), { filename: 'kd.mod' });
 * h.addMechanism(kd);
 * soma.insert('kd');
 * ```
 */
export function compile(text: string, options: CompileOptions = {}): MechanismType {
  const filename = options.filename ?? 'mechanism.mod';
  const result = compileMod(text, { filename, ...(options.include ? { include: options.include } : {}) });
  if (!result.plugin) {
    const formatted = result.diagnostics.map((d) => formatDiagnostic(d, { filename, source: text, includes: result.includes })).join('\n');
    throw new MechanismCompileError(result.diagnostics, formatted);
  }
  return result.plugin;
}

/** neurite's `h`: NEURON's interface with the standard mechanisms, plus run-time compilation. */
export type NeuriteH = H & {
  /**
   * Compiles a `.mod` file and adds the mechanism to this simulation; returns its type.
   * @example
   * ```ts
   * h.compile(modText, { filename: 'kd.mod' });
   * soma.insert('kd');
   * ```
   */
  compile(text: string, options?: CompileOptions): MechanismType;
};

/**
 * Makes a new, independent simulation with NEURON's `h` interface and the standard mechanisms
 * (or the catalogue you pass). Use it for isolated models: tests, parallel runs, web workers.
 *
 * @example
 * ```ts
 * import { createH } from 'neurite';
 * const h2 = createH();
 * const soma = h2.Section({ name: 'soma' });
 * ```
 */
export function createH(options: HOptions = {}): NeuriteH {
  const catalogue: Catalogue = options.catalogue ?? defaultCatalogue;
  const hh = createCoreH({ ...options, catalogue }) as NeuriteH;
  Object.defineProperty(hh, 'compile', {
    value: (text: string, opts?: CompileOptions): MechanismType => {
      const type = compile(text, opts);
      hh.addMechanism(type);
      return type;
    },
    enumerable: true,
  });
  return hh;
}

/**
 * NEURON's `h`, ready to use: the tutorial's entry point.
 *
 * @example
 * ```ts
 * import { h } from 'neurite';
 * import { ms, mV } from 'neurite/units';
 * const soma = h.Section({ name: 'soma' });
 * soma.L = soma.diam = 20;
 * soma.insert('hh');
 * const stim = h.IClamp(soma(0.5));
 * stim.delay = 2; stim.dur = 0.1; stim.amp = 0.9;
 * const v = h.Vector().record(soma(0.5)._ref_v);
 * const t = h.Vector().record(h._ref_t);
 * h.finitialize(-65 * mV);
 * h.continuerun(40 * ms);
 * ```
 */
export const h: NeuriteH = createH();
