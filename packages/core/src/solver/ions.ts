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

/** Node-indexed state of one ion species in a simulation. */
export class IonState {
  e: Float64Array;
  ci: Float64Array;
  co: Float64Array;
  i: Float64Array;
  didv: Float64Array;
  /** 1 where some mechanism at the node uses the species. */
  present: Uint8Array;
  /** 1 where a mechanism writes a concentration: e follows Nernst at init and every step and the
   * concentrations are reset to their initial values by finitialize. */
  concWritten: Uint8Array;
  /** 1 where e is computed from concentrations at finitialize (read concentrations, nobody writes e). */
  eFromConc: Uint8Array;
  /** The nodes where {@link present} is 1, ascending (built by {@link index}). */
  presentNodes: Int32Array = new Int32Array(0);
  /** The nodes where {@link concWritten} is 1, ascending (built by {@link index}). */
  concNodes: Int32Array = new Int32Array(0);
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
    this.concWritten = new Uint8Array(n);
    this.eFromConc = new Uint8Array(n);
  }

  /** The arena bytes of the arrays of {@link IonArrays} for n nodes. */
  static bytes(n: number): number {
    return 5 * arenaBytes(n, 8);
  }

  /** Builds the node lists {@link presentNodes} and {@link concNodes} from the flags (once the
   * layout has set them), so that the per-step work visits only those nodes. */
  index(): void {
    this.presentNodes = flagged(this.present);
    this.concNodes = flagged(this.concWritten);
  }

  /** Nernst potentials at the nodes where a concentration is written (every step). */
  updateNernst(celsius: number): void {
    const nodes = this.concNodes;
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
