/**
 * `@neurite/cli`: the `neurite` command, and the functions behind it for use from scripts.
 * @module
 */
export { main } from './cli.js';
export type { CliIo } from './cli.js';
export { CliError, ModelError, ModelErrors, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
export type { CliErrorCode } from './errors.js';
export { readModelFile, parseModelText, modelSchema, ModelFile } from './model-file.js';
export { buildModel, simulate, resolveSetter, resolveReference, DEFAULT_RUN } from './model.js';
export type { BuiltModel, ModelParts, RecordedColumn, RunSettings, Setter } from './model.js';
export type { DocPath } from './model-file.js';
export type { CompiledMod } from './mods.js';
export { RUN_KEYS } from './model-types.js';
export type { ModelDocument, CellSpec, SectionSpec, PointProcessSpec, NetConSpec, RunSpec, OutputSpec, ParamValues, RunKey } from './model-types.js';
export { runModelFile, prepareModel, instantiate, countSpikes, summarise } from './run-model.js';
export type { RunModelOptions, RunSummary, RecordingSummary, PreparedModel, Overrides } from './run-model.js';
export { sweep } from './sweep.js';
export type { SweepOptions, SweepSummary } from './sweep.js';
export { parseAxis, gridPoints } from './sweep-grid.js';
export type { GridAxis } from './sweep-grid.js';
export { runScript } from './script.js';
export type { ScriptOptions } from './script.js';
export { Progress } from './progress.js';
export type { ProgressOptions } from './progress.js';
