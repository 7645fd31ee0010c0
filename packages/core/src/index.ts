export { ABI_VERSION } from './abi.js';
export { Catalogue } from './catalogue.js';
export { NeuriteError } from './errors.js';
export { Simulation } from './simulation.js';
export { createH } from './h.js';
export { Section } from './model/section.js';
export { SectionList } from './model/section-list.js';
export { MorphologyError, importMorphology, parseSwc, parseAsc } from './morphology/index.js';
export { RangeVar, SegmentBase } from './model/segment.js';
export { PointProcess } from './model/point-process.js';
export { Reference } from './recording/reference.js';
export { NetCon } from './run/netcon.js';
export { ParallelContext } from './run/parallel.js';
export { List } from './model/hoc-list.js';
export { SectionRef } from './model/section-ref.js';
export type { NetConHost } from './run/netcon.js';
export { nernst, FARADAY, GAS_CONSTANT } from './solver/ions.js';
export { libmExp, EXP_TABLE_SPLIT } from './libm/exp.js';
export { EXP_TABLE } from './libm/exp-table.js';
export { libmPow3, libmPow4 } from './libm/pow.js';
export { extracellular } from './solver/extracellular.js';
export { Random, Random123Stream, Random123Context, defaultRandom123Context } from './random/index.js';
export * as units from './units.js';

export type {
  MechanismType, MechanismKernels, MechanismKind, FieldSpec, FieldKind, GlobalSpec, IonUseSpec,
  IonArrays, InstanceData, NodeData, StepContext, EventServices, RandomStream, PointerTarget, WasmStepKernels,
  FunctionTableValues, FunctionTableAxis, TableSource,
} from './abi.js';
export type { NeuriteErrorCode } from './errors.js';
export type { SimulationOptions, RunObserver, NetConOptions, NetConSource, LoadedMorphology, DistanceArgs, FInitializeHandler } from './simulation.js';
export type {
  MorphologySpec, MorphologySection, MorphologyWarning, MorphologyErrorCode, MorphologyWarningCode,
  SwcMorphology, SwcPoint, AscMorphology, AscBranch, AscContour, AscPoint, AscProperty, AscSpine, AscTree,
} from './morphology/index.js';
export type { Pt3dPoint } from './geometry/index.js';
export type { H, HBase, HocMath, HOptions, PointLocation, PointProcessConstructors, HGlobals, CVode } from './h.js';
export type { SectionOptions, SectionVariables } from './model/section.js';
export type { Segment, MechanismView, MechanismViewMethods, SegmentMechanisms, SegmentVariables } from './model/segment.js';
export type { PointProcessOf } from './model/point-process.js';
export type { PsectionResult } from './model/psection.js';
export type { RandomDistribution, RandomOptions } from './random/index.js';
export type { Vector, Recorder } from './recording/vector.js';
