import type { IonArrays } from '../abi.js';
import { arenaBytes, type ArenaAllocator } from './hines.js';
import { log } from '../random/log.js';

/**
 * The Faraday constant [C/mol], the value NEURON uses by default (2019 SI).
 *
 * @example
 * ```ts
 * import { FARADAY, GAS_CONSTANT } from '@neurite/core';
 * const ktf = (1000 * GAS_CONSTANT * (6.3 + 273.15)) / FARADAY; // RT/F at 6.3 degC [mV]
 * ```
 */
export const FARADAY = 96485.33212331001; // [C/mol]
/**
 * The molar gas constant R [J/(K mol)], the value NEURON uses by default (2019 SI).
 *
 * @example
 * ```ts
 * import { FARADAY, GAS_CONSTANT } from '@neurite/core';
 * const ktf = (1000 * GAS_CONSTANT * (6.3 + 273.15)) / FARADAY; // RT/F at 6.3 degC [mV]
 * ```
 */
export const GAS_CONSTANT = 8.31446261815324; // [J/(K mol)]

/** Defaults of an ion species: its charge and the concentrations a segment starts with. */
export interface IonSpecies {
  readonly name: string;
  readonly valence: number;
  /** Inside concentration at initialization [mM] (NEURON's `<ion>i0_<ion>_ion`). */
  readonly ci0: number;
  /** Outside concentration at initialization [mM]. */
  readonly co0: number;
  /** Reversal potential a segment starts with [mV] when it is not computed from concentrations. */
  readonly e0: number;
}

/** NEURON's built-in species: na, k, ca. */
export const KNOWN_IONS: Readonly<Record<string, IonSpecies>> = {
  na: { name: 'na', valence: 1, ci0: 10, co0: 140, e0: 50 },
  k: { name: 'k', valence: 1, ci0: 54.4, co0: 2.5, e0: -77 },
  ca: { name: 'ca', valence: 2, ci0: 5e-5, co0: 2, e0: 132.4579341637009 },
};

/** A species NEURON has not heard of yet: concentrations 1 mM, reversal potential 0 mV. */
export function unknownSpecies(name: string, valence: number): IonSpecies {
  return { name, valence, ci0: 1, co0: 1, e0: 0 };
}

/**
 * The Nernst potential [mV] of a species of charge z at `celsius` [degC], from its inside and
 * outside concentrations `ci`, `co` [mM], as NEURON computes it (0 for z = 0; +1e6 mV when
 * ci <= 0, -1e6 mV when co <= 0).
 *
 * @example
 * ```ts
 * import { nernst } from '@neurite/core';
 * nernst(10, 140, 1, 6.3); // ena at NEURON's default concentrations: about 63.5 mV
 * ```
 */
export function nernst(ci: number, co: number, z: number, celsius: number): number {
  if (z === 0) return 0;
  if (ci <= 0) return 1e6;
  if (co <= 0) return -1e6;
  const ktf = (1000 * GAS_CONSTANT * (celsius + 273.15)) / FARADAY; // [mV]
  // A correctly rounded log: V8's Math.log differs from the C library's in the last bit on ~1% of
  // arguments, the correctly rounded one on ~0.1%.
  return (ktf / z) * log(co / ci);
}

/** Ion style bit: `finitialize` resets the concentrations to `<ion>i0_<ion>_ion`, `<ion>o0_<ion>_ion`. */
export const ION_STYLE_CINIT = 0o4;
/** Ion style bit: `finitialize` computes e by Nernst (after the concentrations are set). */
export const ION_STYLE_EINIT = 0o40;
/** Ion style bit: every step computes e by Nernst before the mechanisms' currents. */
export const ION_STYLE_EADVANCE = 0o100;
/** Ion style bits of a mechanism writing the inside (`0o200`) or outside (`0o400`) concentration. */
export const ION_STYLE_WRITES_CI = 0o200;
export const ION_STYLE_WRITES_CO = 0o400;

/**
 * How a mechanism uses an ion's concentrations (`conc`) and reversal potential (`rev`), as NEURON
 * ranks them: 0 not at all, 1 read, 3 written.
 *
 * @example
 * ```ts
 * ionUse({ ion: 'ca', read: ['ica'], write: ['cai'] }); // { conc: 3, rev: 0 }
 * ```
 */
export function ionUse(use: { readonly ion: string; readonly read: readonly string[]; readonly write: readonly string[] }): { conc: number; rev: number } {
  const { ci, co, e } = ionNames(use.ion);
  const conc = use.write.includes(ci) || use.write.includes(co) ? 3 : use.read.includes(ci) || use.read.includes(co) ? 1 : 0;
  const rev = use.write.includes(e) ? 3 : use.read.includes(e) ? 1 : 0;
  return { conc, rev };
}

/**
 * The style bits of a mechanism's writes of an ion's concentrations ({@link ION_STYLE_WRITES_CI},
 * {@link ION_STYLE_WRITES_CO}).
 *
 * @example
 * ```ts
 * ionWrites({ ion: 'ca', read: ['ica'], write: ['cai'] }); // 0o200
 * ```
 */
export function ionWrites(use: { readonly ion: string; readonly write: readonly string[] }): number {
  const { ci, co } = ionNames(use.ion);
  return (use.write.includes(ci) ? ION_STYLE_WRITES_CI : 0) | (use.write.includes(co) ? ION_STYLE_WRITES_CO : 0);
}

/**
 * NEURON's promotion of an ion style when a mechanism using the ion is added (`nrn_promote`):
 * the concentration and reversal-potential styles (bits `0o3` and `0o30`: 0 unused, 1 parameter,
 * 2 assigned, 3 state) rise to the mechanism's use, e becomes assigned where concentrations are
 * used, and the other bits follow from the two: written concentrations are reset at
 * `finitialize` ({@link ION_STYLE_CINIT}), and an assigned e is a Nernst value at `finitialize`
 * ({@link ION_STYLE_EINIT}) and, with written concentrations, at every step
 * ({@link ION_STYLE_EADVANCE}). Bits above `0o177` are kept.
 *
 * @example
 * ```ts
 * promoteIonStyle(0, 3, 0); // 0o167 = 119: a mechanism writing cai (cinit, einit, eadvance)
 * ```
 */
export function promoteIonStyle(style: number, conc: number, rev: number): number {
  const c = Math.max(style & 0o3, conc);
  let r = Math.max((style & 0o30) >> 3, rev);
  if (c > 0 && r < 2) r = 2;
  let out = (style & ~0o177) + c + 0o10 * r;
  if (c === 3) {
    out += ION_STYLE_CINIT;
    if (r === 2) out += ION_STYLE_EADVANCE;
  }
  if (c > 0 && r === 2) out += ION_STYLE_EINIT;
  return out;
}

/**
 * NEURON's names of a species' variables: `ena`, `nai`, `nao`, `ina`, `dina_dv_`.
 * @example `ionNames('na').e // 'ena'`
 */
export function ionNames(ion: string): { e: string; ci: string; co: string; i: string; didv: string } {
  return { e: `e${ion}`, ci: `${ion}i`, co: `${ion}o`, i: `i${ion}`, didv: `di${ion}_dv_` };
}

/** A species' variables in NEURON's order (`for var in seg.na_ion`). */
export const ION_KEYS = ['e', 'ci', 'co', 'i', 'didv'] as const;
/** Their units. */
export const ION_UNITS = { e: 'mV', ci: 'mM', co: 'mM', i: 'mA/cm2', didv: 'S/cm2' } as const;

/** Node-indexed state of one ion species in a simulation. */
export class IonState {
  e: Float64Array;
  ci: Float64Array;
  co: Float64Array;
  i: Float64Array;
  didv: Float64Array;
  /** 1 where some mechanism at the node uses the species. */
  present: Uint8Array;
  /**
   * NEURON's ion style at each node where the species is present (see {@link promoteIonStyle}):
   * the bits {@link ION_STYLE_CINIT}, {@link ION_STYLE_EINIT} and {@link ION_STYLE_EADVANCE} say
   * what `finitialize` and every step do with e and the concentrations there.
   */
  style: Int32Array;
  /** The nodes where {@link present} is 1, ascending (built by {@link index}). */
  presentNodes: Int32Array = new Int32Array(0);
  /** The nodes whose style resets the concentrations at `finitialize` (built by {@link index}). */
  cinitNodes: Int32Array = new Int32Array(0);
  /** The nodes whose style computes e by Nernst at `finitialize` (built by {@link index}). */
  einitNodes: Int32Array = new Int32Array(0);
  /** The nodes whose style computes e by Nernst at every step (built by {@link index}). */
  eadvanceNodes: Int32Array = new Int32Array(0);
  ci0: number;
  co0: number;

  /**
   * @param species the species' defaults
   * @param n number of nodes
   * @param alloc where the five arrays of {@link IonArrays} come from (e.g. the solver's memory,
   *   {@link IonState.bytes}); separate arrays when absent
   */
  constructor(readonly species: IonSpecies, n: number, alloc?: ArenaAllocator) {
    this.ci0 = species.ci0;
    this.co0 = species.co0;
    const f64 = (): Float64Array => (alloc ? alloc.f64(n) : new Float64Array(n));
    this.e = f64().fill(species.e0);
    this.ci = f64().fill(species.ci0);
    this.co = f64().fill(species.co0);
    this.i = f64();
    this.didv = f64();
    this.present = new Uint8Array(n);
    this.style = new Int32Array(n);
  }

  /** The arena bytes of the arrays of {@link IonArrays} for n nodes. */
  static bytes(n: number): number {
    return 5 * arenaBytes(n, 8);
  }

  /** Builds the node lists ({@link presentNodes}, {@link einitNodes}, ...) from {@link present}
   * and {@link style} (once the layout has set them), so that the per-step work visits only those
   * nodes. */
  index(): void {
    this.presentNodes = flagged(this.present);
    const withStyle = (bit: number): Int32Array => {
      const nodes = this.presentNodes;
      const out = new Int32Array(nodes.length);
      let count = 0;
      for (let j = 0; j < nodes.length; j++) if ((this.style[nodes[j]] & bit) !== 0) out[count++] = nodes[j];
      return out.slice(0, count);
    };
    this.cinitNodes = withStyle(ION_STYLE_CINIT);
    this.einitNodes = withStyle(ION_STYLE_EINIT);
    this.eadvanceNodes = withStyle(ION_STYLE_EADVANCE);
  }

  /** Nernst potentials at the nodes whose style computes them at every step. */
  updateNernst(celsius: number): void {
    const nodes = this.eadvanceNodes;
    const z = this.species.valence;
    const e = this.e;
    const ci = this.ci;
    const co = this.co;
    for (let j = 0; j < nodes.length; j++) {
      const k = nodes[j];
      e[k] = nernst(ci[k], co[k], z, celsius);
    }
  }

  /** Zeroes the current sums (`i`, `didv`) where the species is present: nowhere else does a
   * kernel add to them, so they stay 0 there. */
  zeroCurrents(): void {
    const nodes = this.presentNodes;
    const i = this.i;
    const didv = this.didv;
    if (nodes.length > 64) {
      // (Large: whole arrays at memset speed; elsewhere they are 0 already.)
      i.fill(0);
      didv.fill(0);
      return;
    }
    for (let j = 0; j < nodes.length; j++) {
      const k = nodes[j];
      i[k] = 0;
      didv[k] = 0;
    }
  }

  /** secondorder 2: the current sums follow the change of v, `i += didv * dv` (dv in `rhs`),
   * where the species is present (elsewhere didv is 0). */
  addSecondOrder(rhs: Float64Array): void {
    const nodes = this.presentNodes;
    const i = this.i;
    const didv = this.didv;
    for (let j = 0; j < nodes.length; j++) {
      const k = nodes[j];
      i[k] += didv[k] * rhs[k];
    }
  }

  /** The arrays as kernels see them. */
  get arrays(): IonArrays {
    return this;
  }
}

/** The indices where `flags` is 1, ascending (found by the runtime's search, which skips the
 * zeros quickly where few are set). */
function flagged(flags: Uint8Array): Int32Array {
  const out = new Int32Array(flags.length);
  let count = 0;
  for (let k = flags.indexOf(1); k >= 0; k = flags.indexOf(1, k + 1)) out[count++] = k;
  return out.slice(0, count);
}
