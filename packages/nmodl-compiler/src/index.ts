export { compileMod, instantiate } from './compile.js';
export { formatDiagnostic, DiagnosticCode, Session } from './diagnostics.js';
export { parseMod } from './parse.js';
export { UnitTable } from './units/units.js';
export type { CompileOptions, CompilePhase, CompileResult } from './compile.js';
export type { IncludeResolver, IncludedFile } from './include.js';
export type { Diagnostic, DiagnosticNote, FormatOptions, Severity } from './diagnostics.js';
export type { UnitValue, Dimensions } from './units/units.js';
export type {
  Program, SourceRange, Position, NodeBase, TopItem,
  NumberLit, StringLit, NameRef, IndexedRef, PrimeRef, UnaryOp, UnaryExpr, BinaryOp, BinaryExpr, CallExpr, Expr, LValue,
  LocalStmt, AssignStmt, ExprStmt, IfStmt, WhileStmt, ForStmt, SolveStmt, TableStmt, ReactTerm, ReactionStmt,
  EquationStmt, ConserveStmt, CompartmentStmt, VerbatimStmt, UnitsSwitch, BlockStmt, WatchStmt, ForNetconsStmt,
  KeywordStmt, Stmt, Param, TitleItem, VerbatimItem, UnitAlias, UnitFactor, UnitsBlock, MechanismKeyword, SuffixStmt,
  UseIonStmt, NameListKeyword, NameListStmt, NeuronStmt, NeuronBlock, DeclKind, Decl, DeclBlock, CodeBlockKind,
  CodeBlock, FunctionTableItem, DefineItem, IncludeItem,
} from './ast/nodes.js';
