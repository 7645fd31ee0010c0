/**
 * The NMODL syntax tree: a discriminated union on `type`. Every node carries the source range it
 * was parsed from (`location`). The grammar's actions build these nodes and nothing else.
 * @module
 */

/** A position in the source text: 0-based offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A source range, end exclusive. */
export interface SourceRange {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  readonly location: SourceRange;
}

// ---------------------------------------------------------------- expressions

/** A number literal, with the unit written after it (no numeric effect), e.g. `1e-7 (mM)`. */
export interface NumberLit extends NodeBase {
  readonly type: 'Number';
  readonly value: number;
  readonly text: string;
  readonly unit: string | null;
}
/** A string literal; only `printf` takes one. */
export interface StringLit extends NodeBase {
  readonly type: 'String';
  readonly value: string;
}
/** A variable reference. */
export interface NameRef extends NodeBase {
  readonly type: 'Name';
  readonly name: string;
}
/** An array element `x[i]`. */
export interface IndexedRef extends NodeBase {
  readonly type: 'Indexed';
  readonly name: string;
  readonly index: Expr;
}
/** A derivative `x'` (order 1) or `x''` (order 2). */
export interface PrimeRef extends NodeBase {
  readonly type: 'Prime';
  readonly name: string;
  readonly order: number;
}
export type UnaryOp = '-' | '!';
export interface UnaryExpr extends NodeBase {
  readonly type: 'Unary';
  readonly op: UnaryOp;
  readonly arg: Expr;
}
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export interface BinaryExpr extends NodeBase {
  readonly type: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
/** A function call `f(a, b)`. */
export interface CallExpr extends NodeBase {
  readonly type: 'Call';
  readonly name: string;
  readonly args: readonly Expr[];
}
export type Expr = NumberLit | StringLit | NameRef | IndexedRef | PrimeRef | UnaryExpr | BinaryExpr | CallExpr;
export type LValue = NameRef | IndexedRef | PrimeRef;

// ---------------------------------------------------------------- statements

export interface LocalStmt extends NodeBase {
  readonly type: 'Local';
  /** An array's size is a number or a DEFINEd name. */
  readonly names: readonly { readonly name: string; readonly length: number | string | null; readonly location: SourceRange }[];
}
/** `x = e`, `x[i] = e`, and ODEs `x' = e`. */
export interface AssignStmt extends NodeBase {
  readonly type: 'Assign';
  readonly target: LValue;
  readonly value: Expr;
}
export interface ExprStmt extends NodeBase {
  readonly type: 'ExprStmt';
  readonly expr: Expr;
}
export interface IfStmt extends NodeBase {
  readonly type: 'If';
  readonly cond: Expr;
  readonly then: readonly Stmt[];
  /** `else if` chains are an `else` holding one `If`. */
  readonly otherwise: readonly Stmt[] | null;
}
export interface WhileStmt extends NodeBase {
  readonly type: 'While';
  readonly cond: Expr;
  readonly body: readonly Stmt[];
}
/** `FROM i = a TO b BY c { }` */
export interface ForStmt extends NodeBase {
  readonly type: 'For';
  readonly variable: string;
  readonly from: Expr;
  readonly to: Expr;
  readonly by: Expr | null;
  readonly body: readonly Stmt[];
}
/** `SOLVE name METHOD m`, `SOLVE name STEADYSTATE m`, with an optional IFERROR block. */
export interface SolveStmt extends NodeBase {
  readonly type: 'Solve';
  readonly name: string;
  readonly method: string | null;
  readonly steadystate: string | null;
  readonly ifError: readonly Stmt[] | null;
}
/** `TABLE a, b DEPEND c FROM lo TO hi WITH n` */
export interface TableStmt extends NodeBase {
  readonly type: 'Table';
  readonly names: readonly NameRef[];
  readonly depend: readonly NameRef[];
  readonly from: Expr;
  readonly to: Expr;
  readonly with: number;
}
/** One side's term of a reaction: `2 A`, `ca[0]`. */
export interface ReactTerm extends NodeBase {
  readonly type: 'ReactTerm';
  readonly coef: number;
  readonly name: string;
  readonly index: Expr | null;
}
/** `~ A + B <-> C (kf, kb)`, `~ A -> (k)`? and flux `~ A << (f)`. */
export interface ReactionStmt extends NodeBase {
  readonly type: 'Reaction';
  readonly op: '<->' | '->' | '<<';
  readonly left: readonly ReactTerm[];
  /** Empty for `<<` and `->` with no products. */
  readonly right: readonly ReactTerm[];
  readonly rates: readonly Expr[];
}
/** `~ lhs = rhs` in LINEAR/NONLINEAR blocks. */
export interface EquationStmt extends NodeBase {
  readonly type: 'Equation';
  readonly left: Expr;
  readonly right: Expr;
}
export interface ConserveStmt extends NodeBase {
  readonly type: 'Conserve';
  readonly left: Expr;
  readonly right: Expr;
}
/** `COMPARTMENT [i,] volume { states }` and `LONGITUDINAL_DIFFUSION [i,] rate { states }`. */
export interface CompartmentStmt extends NodeBase {
  readonly type: 'Compartment';
  readonly keyword: 'COMPARTMENT' | 'LONGITUDINAL_DIFFUSION';
  readonly index: string | null;
  readonly volume: Expr;
  readonly names: readonly NameRef[];
}
export interface VerbatimStmt extends NodeBase {
  readonly type: 'Verbatim';
  readonly text: string;
}
export interface UnitsSwitch extends NodeBase {
  readonly type: 'UnitsSwitch';
  readonly on: boolean;
}
export interface BlockStmt extends NodeBase {
  readonly type: 'BlockStmt';
  readonly body: readonly Stmt[];
}
/** `WATCH (cond) flag, ...` */
export interface WatchStmt extends NodeBase {
  readonly type: 'Watch';
  readonly items: readonly { readonly cond: Expr; readonly flag: Expr }[];
}
export interface ForNetconsStmt extends NodeBase {
  readonly type: 'ForNetcons';
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
}
/** `MUTEXLOCK`, `MUTEXUNLOCK`, `PROTECT stmt`, `INITIAL {}` inside NET_RECEIVE, `CONDUCTANCE g USEION x`. */
export interface KeywordStmt extends NodeBase {
  readonly type: 'KeywordStmt';
  readonly keyword: 'MUTEXLOCK' | 'MUTEXUNLOCK' | 'PROTECT' | 'INITIAL' | 'CONDUCTANCE' | 'LAG' | 'RESET' | 'SENS' | 'MATCH';
  readonly body: readonly Stmt[];
  readonly names: readonly string[];
}
export type Stmt =
  | LocalStmt | AssignStmt | ExprStmt | IfStmt | WhileStmt | ForStmt | SolveStmt | TableStmt
  | ReactionStmt | EquationStmt | ConserveStmt | CompartmentStmt | VerbatimStmt | UnitsSwitch
  | BlockStmt | WatchStmt | ForNetconsStmt | KeywordStmt;

// ---------------------------------------------------------------- top level

/** A parameter of a FUNCTION, PROCEDURE or NET_RECEIVE: `v (mV)`. */
export interface Param extends NodeBase {
  readonly type: 'Param';
  readonly name: string;
  readonly unit: string | null;
}
export interface TitleItem extends NodeBase {
  readonly type: 'Title';
  readonly text: string;
}
export interface VerbatimItem extends NodeBase {
  readonly type: 'VerbatimItem';
  readonly text: string;
}
/** `(mA) = (milliamp)` */
export interface UnitAlias extends NodeBase {
  readonly type: 'UnitAlias';
  readonly name: string;
  readonly target: string;
}
/** `FARADAY = (faraday) (coulomb)` or `FARADAY = 96485.3 (coul)` */
export interface UnitFactor extends NodeBase {
  readonly type: 'UnitFactor';
  readonly name: string;
  readonly value: number | null;
  readonly from: string | null;
  readonly to: string | null;
}
export interface UnitsBlock extends NodeBase {
  readonly type: 'Units';
  readonly defs: readonly (UnitAlias | UnitFactor)[];
}
export type MechanismKeyword = 'SUFFIX' | 'POINT_PROCESS' | 'ARTIFICIAL_CELL';
export interface SuffixStmt extends NodeBase {
  readonly type: 'Suffix';
  readonly keyword: MechanismKeyword;
  readonly name: string;
}
export interface UseIonStmt extends NodeBase {
  readonly type: 'UseIon';
  readonly ion: string;
  readonly read: readonly NameRef[];
  readonly write: readonly NameRef[];
  readonly valence: number | null;
}
export type NameListKeyword =
  | 'RANGE' | 'GLOBAL' | 'POINTER' | 'BBCOREPOINTER' | 'EXTERNAL' | 'NONSPECIFIC_CURRENT'
  | 'ELECTRODE_CURRENT' | 'THREADSAFE' | 'SECTION' | 'REPRESENTS' | 'RANDOM';
export interface NameListStmt extends NodeBase {
  readonly type: 'NameList';
  readonly keyword: NameListKeyword;
  readonly names: readonly NameRef[];
}
export type NeuronStmt = SuffixStmt | UseIonStmt | NameListStmt | VerbatimStmt;
export interface NeuronBlock extends NodeBase {
  readonly type: 'Neuron';
  readonly stmts: readonly NeuronStmt[];
}
export type DeclKind = 'PARAMETER' | 'CONSTANT' | 'ASSIGNED' | 'STATE' | 'INDEPENDENT';
/** One declared variable: `gnabar = .12 (S/cm2) <0,1e9>`, `x[3] (mM)`, `m FROM 0 TO 1`. */
export interface Decl extends NodeBase {
  readonly type: 'Decl';
  readonly name: string;
  /** Array size: a number, or the name of a DEFINE constant. */
  readonly length: number | string | null;
  readonly value: number | null;
  readonly unit: string | null;
  readonly limits: readonly [number, number] | null;
}
export interface DeclBlock extends NodeBase {
  readonly type: 'DeclBlock';
  readonly kind: DeclKind;
  readonly decls: readonly Decl[];
}
export type CodeBlockKind =
  | 'INITIAL' | 'BREAKPOINT' | 'DERIVATIVE' | 'KINETIC' | 'LINEAR' | 'NONLINEAR' | 'PROCEDURE'
  | 'FUNCTION' | 'NET_RECEIVE' | 'DISCRETE' | 'PARTIAL' | 'CONSTRUCTOR' | 'DESTRUCTOR' | 'BEFORE'
  | 'AFTER' | 'TERMINAL';
export interface CodeBlock extends NodeBase {
  readonly type: 'CodeBlock';
  readonly kind: CodeBlockKind;
  /** The block's name (DERIVATIVE states, PROCEDURE rates), or for BEFORE/AFTER the phase. */
  readonly name: string | null;
  readonly params: readonly Param[];
  /** The unit of a FUNCTION's value. */
  readonly unit: string | null;
  readonly body: readonly Stmt[];
}
export interface FunctionTableItem extends NodeBase {
  readonly type: 'FunctionTable';
  readonly name: string;
  readonly params: readonly Param[];
  readonly unit: string | null;
}
export interface DefineItem extends NodeBase {
  readonly type: 'Define';
  readonly name: string;
  readonly value: number;
}
export interface IncludeItem extends NodeBase {
  readonly type: 'Include';
  readonly file: string;
}
export type TopItem =
  | TitleItem | VerbatimItem | UnitsBlock | NeuronBlock | DeclBlock | CodeBlock | FunctionTableItem
  | DefineItem | IncludeItem | UnitsSwitch | LocalStmt;

/** A parsed `.mod` file. */
export interface Program extends NodeBase {
  readonly type: 'Program';
  readonly items: readonly TopItem[];
}

export type Node = Program | TopItem | Stmt | Expr | Decl | Param | NeuronStmt | UnitAlias | UnitFactor | ReactTerm;
