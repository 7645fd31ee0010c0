export { compileMod, instantiate } from './compile.js';
export { formatDiagnostic, DiagnosticCode, Session } from './diagnostics.js';
export { parseMod } from './parse.js';
export { UnitTable } from './units/units.js';
export type { CompileOptions, CompileResult } from './compile.js';
export type { Diagnostic, DiagnosticNote, FormatOptions, Severity } from './diagnostics.js';
export type { Program, SourceRange, Position } from './ast/nodes.js';
