export { h, createH, compile, MechanismCompileError } from './h.js';
export { defaultCatalogue } from '@neurite/mechanisms';
export { Catalogue, NeuriteError, Reference, Section, SegmentBase, PointProcess, ABI_VERSION } from '@neurite/core';
export * as units from '@neurite/core/units';

export type { NeuriteH, CompileOptions } from './h.js';
export type {
  H, HOptions, Segment, Vector, MechanismType, MechanismView, PsectionResult, RunObserver, SectionOptions,
  NeuriteErrorCode, PointProcessOf,
} from '@neurite/core';
