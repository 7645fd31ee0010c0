/**
 * Morphology import: SWC and Neurolucida ASCII readers and Import3d's conversion to sections.
 * @module
 */
export { MorphologyError } from './errors.js';
export { parseSwc } from './swc.js';
export { parseAsc } from './asc.js';
export { ascToSections, importMorphology, swcToSections, typeName } from './import3d.js';
export { contourCenter, contourToCentroid, symmeig } from './contour.js';
export type { MorphologyErrorCode, MorphologyWarning, MorphologyWarningCode } from './errors.js';
export type { SwcMorphology, SwcPoint } from './swc.js';
export type { AscBranch, AscContour, AscMorphology, AscPoint, AscProperty, AscSpine, AscTree } from './asc.js';
export type { MorphologySection, MorphologySpec } from './import3d.js';
