/**
 * Section geometry from 3-D points, as NEURON computes it.
 * @module
 */
export {
  arc3d, connectionPoint, cylinderGeometry, diamsFromSegments, float32Point, nodeResistances, rescaleToLength,
  sectionGeometry, sectionLength, segmentGeometry, segmentVolume, stylizedPoints, translatePoints,
} from './pt3d.js';
export type { Pt3dPoint, Pt3dWithArcs, SectionShape, SegmentGeometry } from './pt3d.js';
