import { ABI_VERSION, type MechanismType } from './abi.js';
import { NeuriteError } from './errors.js';

/**
 * NEURON's name of a density mechanism's range variable: `<variable>_<mechanism>` (`gnabar_hh`),
 * or the bare name for the mechanisms built into the solver (extracellular's `xg`,
 * `e_extracellular`).
 * @internal
 * @example `rangeVarName(hh, hh.fields[0]) // 'gnabar_hh'`
 */
export function rangeVarName(type: Pick<MechanismType, 'name' | 'solver'>, field: { readonly name: string }): string {
  return type.solver ? field.name : `${field.name}_${type.name}`;
}

/**
 * A catalogue of mechanism plugins: a value, passed to a simulation, never filled by import side
 * effects. Its order is the order in which the solver runs the mechanisms' kernels.
 *
 * @example
 * ```ts
 * import { Catalogue } from '@neurite/core';
 * const mine = defaultCatalogue.extend(compileMod(text).plugin!); // a new catalogue
 * const h = createH({ catalogue: mine });
 * ```
 */
export class Catalogue implements Iterable<MechanismType> {
  readonly #types = new Map<string, MechanismType>();
  #frozen = false;

  /** A catalogue holding `types`, in that order. */
  constructor(types: Iterable<MechanismType> = []) {
    for (const t of types) this.add(t);
  }

  /** Adds a mechanism type. Throws when the catalogue is frozen, the name is taken, or the
   * plugin was built for another ABI version. */
  add(type: MechanismType): this {
    if (this.#frozen) {
      throw new NeuriteError('CATALOGUE_FROZEN',
        `cannot add '${type.name}': this catalogue is frozen; use catalogue.extend(type) to get a new one that includes it`);
    }
    if (type.abiVersion !== ABI_VERSION) {
      throw new NeuriteError('ABI_MISMATCH',
        `mechanism '${type.name}' was built for ABI version ${String(type.abiVersion)}, this core implements ${ABI_VERSION}; recompile its .mod file with a matching @neurite/nmodl-compiler`);
    }
    if (this.#types.has(type.name)) {
      throw new NeuriteError('DUPLICATE_MECHANISM',
        `a mechanism named '${type.name}' is already in the catalogue; give the new one another SUFFIX or POINT_PROCESS name`);
    }
    this.#types.set(type.name, type);
    return this;
  }

  /** True when a mechanism of that name is present. */
  has(name: string): boolean {
    return this.#types.has(name);
  }

  /** The mechanism of that name; throws UNKNOWN_MECHANISM (with the known names) when absent. */
  get(name: string): MechanismType {
    const t = this.#types.get(name);
    if (!t) {
      const known = [...this.#types.keys()];
      const close = known.filter((k) => k.toLowerCase() === name.toLowerCase() || k.startsWith(name) || name.startsWith(k));
      throw new NeuriteError('UNKNOWN_MECHANISM',
        `unknown mechanism '${name}'` + (close.length ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '') +
        ` Known mechanisms: ${known.join(', ') || '(none)'}. Compile a .mod file and add it to the catalogue to use a new one.`);
    }
    return t;
  }

  /** Looks a mechanism up without throwing. */
  find(name: string): MechanismType | undefined {
    return this.#types.get(name);
  }

  /** The names of all mechanisms, in order. */
  names(): string[] {
    return [...this.#types.keys()];
  }

  /** An unfrozen copy. */
  derive(): Catalogue {
    return new Catalogue(this.#types.values());
  }

  /** A new unfrozen catalogue with these types added after this one's. This one is unchanged. */
  extend(...types: MechanismType[]): Catalogue {
    const c = this.derive();
    for (const t of types) c.add(t);
    return c;
  }

  /** Makes this catalogue immutable; returns it. */
  freeze(): this {
    this.#frozen = true;
    return this;
  }

  /** True once {@link freeze} was called. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /** The mechanism types, in the order they were added (`for (const type of catalogue)`). */
  [Symbol.iterator](): Iterator<MechanismType> {
    return this.#types.values();
  }
}
