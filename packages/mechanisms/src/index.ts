import { Catalogue, extracellular } from '@neurite/core';
import type { MechanismType } from '@neurite/core/abi';
import * as generated from './generated/index.js';

export type {} from './generated/types.js';
export type { PasView, HhView } from './generated/types.js';

/**
 * `pas`, NEURON's passive membrane leak (density mechanism, compiled from `mod/pas.mod`): an
 * Ohmic non-specific current `i = g * (v - e)` [mA/cm2], with `g` = 0.001 [S/cm2] and
 * `e` = -70 [mV] by default.
 *
 * @example
 * ```ts
 * import { createH } from '@neurite/core';
 * import { pas } from '@neurite/mechanisms';
 * const h = createH();
 * h.addMechanism(pas);
 * const dend = h.Section({ name: 'dend' });
 * dend.insert('pas');
 * dend(0.5).pas.g = 1e-4; // [S/cm2]
 * dend(0.5).pas.e = -65;  // [mV]
 * ```
 */
export const pas: MechanismType = generated.pas;

/**
 * `hh`, the Hodgkin-Huxley (1952) squid axon sodium, potassium and leak currents (density
 * mechanism, compiled from `mod/hh.mod`), identical to NEURON's built-in `hh`. Parameters
 * `gnabar` = 0.12, `gkbar` = 0.036, `gl` = 0.0003 [S/cm2] and `el` = -54.3 [mV]; gates `m`, `h`,
 * `n`, with rates scaled by 3^((celsius - 6.3)/10); globals `usetable_hh`, `minf_hh`, `mtau_hh` [ms], ...
 *
 * @example
 * ```ts
 * import { createH } from '@neurite/core';
 * import { hh } from '@neurite/mechanisms';
 * const h = createH();
 * h.addMechanism(hh);
 * const soma = h.Section({ name: 'soma' });
 * soma.insert('hh');
 * soma(0.5).hh.gnabar = 0.2; // [S/cm2]
 * ```
 */
export const hh: MechanismType = generated.hh;

/**
 * `IClamp`, a rectangular current pulse injected through an electrode (point process, compiled
 * from `mod/IClamp.mod`): `amp` [nA] for `del` <= t < `del` + `dur` [ms], 0 otherwise; `i` [nA]
 * is the current injected, positive into the cell (depolarizing). `del` is also `delay`.
 *
 * @example
 * ```ts
 * import { createH } from '@neurite/core';
 * import { IClamp } from '@neurite/mechanisms';
 * const h = createH();
 * h.addMechanism(IClamp);
 * const soma = h.Section({ name: 'soma' });
 * const stim = h.IClamp(soma(0.5));
 * stim.delay = 2;  // [ms]
 * stim.dur = 0.1;  // [ms]
 * stim.amp = 0.9; // [nA]
 * ```
 */
export const IClamp: MechanismType = generated.IClamp;

/**
 * Every mechanism compiled from this package's `.mod` files, in catalogue order (`pas`, `hh`,
 * `IClamp`, then the synapses, artificial cells and clamps: `AlphaSynapse`, `APCount`,
 * `Exp2Syn`, `ExpSyn`, `IntFire1`, `IntFire2`, `IntFire4`, `NetStim`, `SEClamp`, `VClamp`).
 * {@link defaultCatalogue} is these plus core's `extracellular`.
 *
 * @example
 * ```ts
 * import { Catalogue } from '@neurite/core';
 * import { all } from '@neurite/mechanisms';
 * const catalogue = new Catalogue(all.filter((type) => type.kind !== 'artificial'));
 * console.log(all.map((type) => type.name).join(', '));
 * ```
 */
export const all: readonly MechanismType[] = generated.all;

/**
 * NEURON's standard mechanisms, compiled from this package's `.mod` files, plus core's
 * `extracellular` (which the solver implements itself): a frozen catalogue.
 * Extend it (it returns a new catalogue) to add your own.
 *
 * @example
 * ```ts
 * import { defaultCatalogue } from '@neurite/mechanisms';
 * import { createH } from '@neurite/core';
 * const h = createH({ catalogue: defaultCatalogue });
 * ```
 */
// (In NEURON's order of mechanism types: pas, extracellular, hh, the point processes.)
export const defaultCatalogue: Catalogue = new Catalogue([...all.slice(0, 1), extracellular, ...all.slice(1)]).freeze();
