import { Catalogue, extracellular } from '@neurite/core';
import { all } from './generated/index.js';

export type {} from './generated/types.js';
export { pas, hh, IClamp, all } from './generated/index.js';
export type { PasView, HhView } from './generated/types.js';

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
export const defaultCatalogue: Catalogue = new Catalogue([...all, extracellular]).freeze();
