/**
 * The NMODL syntax tree: a discriminated union on `type`. Every node carries the source range it
 * was parsed from (`location`). The grammar's actions build these nodes and nothing else.
 * @module
 */

/** A position in the source text: 0-based offset, 1-based line and column. */
export interface Position {
  /** 0-based offset in the source text [UTF-16 code units]. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A source range, end exclusive. */
export interface SourceRange {
  /** The first character of the range. */
  readonly start: Position;
  /** Just after the last character of the range. */
  readonly end: Position;
  /** The INCLUDEd file the range is in (its `IncludedFile.path`); absent in the compiled file. */
  readonly file?: string;
}

/** What every node has: where it was parsed from. */
export interface NodeBase {
  /** Where in the source the node was parsed from. */
  readonly location: SourceRange;
}

// ---------------------------------------------------------------- expressions

/** A number literal, with the unit written after it (no numeric effect), e.g. `1e-7 (mM)`. */
export interface NumberLit extends NodeBase {
  /** The node kind, `'Number'`. */
  readonly type: 'Number';
  /** The number. */
  readonly value: number;
  /** The literal as written, e.g. `1e-7`. */
  readonly text: string;
  /** The unit written after it, e.g. `mM`, or null. */
  readonly unit: string | null;
}
/** A string literal; only `printf` takes one. */
export interface StringLit extends NodeBase {
  /** The node kind, `'String'`. */
  readonly type: 'String';
  /** The string, without its quotes. */
  readonly value: string;
}
/** A variable reference. */
export interface NameRef extends NodeBase {
  /** The node kind, `'Name'`. */
  readonly type: 'Name';
  /** The name. */
  readonly name: string;
}
/** An array element `x[i]`. */
export interface IndexedRef extends NodeBase {
  /** The node kind, `'Indexed'`. */
  readonly type: 'Indexed';
  /** The array's name. */
  readonly name: string;
  /** The index expression. */
  readonly index: Expr;
}
/** A derivative `x'` (order 1) or `x''` (order 2). */
export interface PrimeRef extends NodeBase {
  /** The node kind, `'Prime'`. */
  readonly type: 'Prime';
  /** The state's name. */
  readonly name: string;
  /** The number of primes: 1 or 2. */
  readonly order: number;
}
/** The operators of {@link UnaryExpr}: negation `-` and logical not `!`. */
export type UnaryOp = '-' | '!';
/** A unary operation `-x` or `!x`. */
export interface UnaryExpr extends NodeBase {
  /** The node kind, `'Unary'`. */
  readonly type: 'Unary';
  /** The operator. */
  readonly op: UnaryOp;
  /** The operand. */
  readonly arg: Expr;
}
/** The operators of {@link BinaryExpr}: arithmetic (`^` is the power), comparisons and logical `&&`, `||`. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
/** A binary operation `a + b`, `a ^ b`, `a < b`, `a && b`, ... */
export interface BinaryExpr extends NodeBase {
  /** The node kind, `'Binary'`. */
  readonly type: 'Binary';
  /** The operator. */
  readonly op: BinaryOp;
  /** The left operand. */
  readonly left: Expr;
  /** The right operand. */
  readonly right: Expr;
}
/** A function call `f(a, b)`. */
export interface CallExpr extends NodeBase {
  /** The node kind, `'Call'`. */
  readonly type: 'Call';
  /** The function's name. */
  readonly name: string;
  /** The arguments, in order. */
  readonly args: readonly Expr[];
}
/** Any expression. */
export type Expr = NumberLit | StringLit | NameRef | IndexedRef | PrimeRef | UnaryExpr | BinaryExpr | CallExpr;
/** What can be assigned to: a name, an array element or a derivative. */
export type LValue = NameRef | IndexedRef | PrimeRef;

// ---------------------------------------------------------------- statements

/** `LOCAL a, b[3]`: local variables of a block (or of the file, at top level). */
export interface LocalStmt extends NodeBase {
  /** The node kind, `'Local'`. */
  readonly type: 'Local';
  /** An array's size is a number or a DEFINEd name. */
  readonly names: readonly {
    /** The variable's name. */
    readonly name: string;
    /** The array size (a number or a DEFINEd name), or null for a scalar. */
    readonly length: number | string | null;
    /** Where the name is in the source. */
    readonly location: SourceRange;
  }[];
}
/** `x = e`, `x[i] = e`, and ODEs `x' = e`. */
export interface AssignStmt extends NodeBase {
  /** The node kind, `'Assign'`. */
  readonly type: 'Assign';
  /** What is assigned: a name, an array element, or a derivative (an ODE). */
  readonly target: LValue;
  /** The value assigned. */
  readonly value: Expr;
}
/** An expression used as a statement, e.g. a procedure call `rates(v)`. */
export interface ExprStmt extends NodeBase {
  /** The node kind, `'ExprStmt'`. */
  readonly type: 'ExprStmt';
  /** The expression. */
  readonly expr: Expr;
}
/** `if (cond) { } else { }`. */
export interface IfStmt extends NodeBase {
  /** The node kind, `'If'`. */
  readonly type: 'If';
  /** The condition. */
  readonly cond: Expr;
  /** The statements run when the condition holds. */
  readonly then: readonly Stmt[];
  /** `else if` chains are an `else` holding one `If`. */
  readonly otherwise: readonly Stmt[] | null;
}
/** `while (cond) { }`. */
export interface WhileStmt extends NodeBase {
  /** The node kind, `'While'`. */
  readonly type: 'While';
  /** The condition. */
  readonly cond: Expr;
  /** The statements repeated while the condition holds. */
  readonly body: readonly Stmt[];
}
/** `FROM i = a TO b BY c { }` */
export interface ForStmt extends NodeBase {
  /** The node kind, `'For'`. */
  readonly type: 'For';
  /** The loop variable. */
  readonly variable: string;
  /** The first value. */
  readonly from: Expr;
  /** The last value (included). */
  readonly to: Expr;
  /** The step, or null for 1. */
  readonly by: Expr | null;
  /** The statements repeated. */
  readonly body: readonly Stmt[];
}
/** `SOLVE name METHOD m`, `SOLVE name STEADYSTATE m`, with an optional IFERROR block. */
export interface SolveStmt extends NodeBase {
  /** The node kind, `'Solve'`. */
  readonly type: 'Solve';
  /** The block solved, e.g. `states`. */
  readonly name: string;
  /** The method after METHOD (`cnexp`, `derivimplicit`, `sparse`, ...), or null. */
  readonly method: string | null;
  /** The method after STEADYSTATE, or null. */
  readonly steadystate: string | null;
  /** The IFERROR block, or null. */
  readonly ifError: readonly Stmt[] | null;
}
/** `TABLE a, b DEPEND c FROM lo TO hi WITH n` */
export interface TableStmt extends NodeBase {
  /** The node kind, `'Table'`. */
  readonly type: 'Table';
  /** The variables tabulated (empty for a FUNCTION's own value). */
  readonly names: readonly NameRef[];
  /** The variables the table depends on (it is rebuilt when they change). */
  readonly depend: readonly NameRef[];
  /** The low end of the tabulated argument. */
  readonly from: Expr;
  /** The high end of the tabulated argument. */
  readonly to: Expr;
  /** The number of intervals: the table has `with + 1` points. */
  readonly with: number;
}
/** One side's term of a reaction: `2 A`, `ca[0]`. */
export interface ReactTerm extends NodeBase {
  /** The node kind, `'ReactTerm'`. */
  readonly type: 'ReactTerm';
  /** The stoichiometric coefficient (1 when not written). */
  readonly coef: number;
  /** The state's name. */
  readonly name: string;
  /** The array index, or null. */
  readonly index: Expr | null;
}
/** `~ A + B <-> C (kf, kb)`, `~ A -> (k)`? and flux `~ A << (f)`. */
export interface ReactionStmt extends NodeBase {
  /** The node kind, `'Reaction'`. */
  readonly type: 'Reaction';
  /** `<->` reversible, `->` irreversible, `<<` a flux. */
  readonly op: '<->' | '->' | '<<';
  /** The reactants (for `<<`, the state the flux goes into). */
  readonly left: readonly ReactTerm[];
  /** Empty for `<<` and `->` with no products. */
  readonly right: readonly ReactTerm[];
  /** The rates: forward and backward for `<->`, one for `->` and `<<`. */
  readonly rates: readonly Expr[];
}
/** `~ lhs = rhs` in LINEAR/NONLINEAR blocks. */
export interface EquationStmt extends NodeBase {
  /** The node kind, `'Equation'`. */
  readonly type: 'Equation';
  /** The left-hand side. */
  readonly left: Expr;
  /** The right-hand side. */
  readonly right: Expr;
}
/** `CONSERVE lhs = rhs` in a KINETIC block: a conservation law that replaces one of the equations. */
export interface ConserveStmt extends NodeBase {
  /** The node kind, `'Conserve'`. */
  readonly type: 'Conserve';
  /** The left-hand side (a sum of states). */
  readonly left: Expr;
  /** The right-hand side (the conserved total). */
  readonly right: Expr;
}
/** `COMPARTMENT [i,] volume { states }` and `LONGITUDINAL_DIFFUSION [i,] rate { states }`. */
export interface CompartmentStmt extends NodeBase {
  /** The node kind, `'Compartment'`. */
  readonly type: 'Compartment';
  /** Which of the two statements it is. */
  readonly keyword: 'COMPARTMENT' | 'LONGITUDINAL_DIFFUSION';
  /** The index variable over an array of states, or null. */
  readonly index: string | null;
  /** The volume (COMPARTMENT) or diffusion rate (LONGITUDINAL_DIFFUSION) expression. */
  readonly volume: Expr;
  /** The states it applies to. */
  readonly names: readonly NameRef[];
}
/** A `VERBATIM ... ENDVERBATIM` block of C code (not compiled; reported). */
export interface VerbatimStmt extends NodeBase {
  /** The node kind, `'Verbatim'`. */
  readonly type: 'Verbatim';
  /** The C code between VERBATIM and ENDVERBATIM. */
  readonly text: string;
}
/** `UNITSON` or `UNITSOFF`. */
export interface UnitsSwitch extends NodeBase {
  /** The node kind, `'UnitsSwitch'`. */
  readonly type: 'UnitsSwitch';
  /** True for UNITSON, false for UNITSOFF. */
  readonly on: boolean;
}
/** A nested block `{ ... }`. */
export interface BlockStmt extends NodeBase {
  /** The node kind, `'BlockStmt'`. */
  readonly type: 'BlockStmt';
  /** The statements of the block. */
  readonly body: readonly Stmt[];
}
/** `WATCH (cond) flag, ...` */
export interface WatchStmt extends NodeBase {
  /** The node kind, `'Watch'`. */
  readonly type: 'Watch';
  /** The watched conditions, each with the flag its event carries. */
  readonly items: readonly {
    /** The condition watched, e.g. `v > -20`. */
    readonly cond: Expr;
    /** The flag the self-event carries when the condition becomes true. */
    readonly flag: Expr;
  }[];
}
/** `FOR_NETCONS(w) { }` in NET_RECEIVE: a loop over the NetCons that target the instance. */
export interface ForNetconsStmt extends NodeBase {
  /** The node kind, `'ForNetcons'`. */
  readonly type: 'ForNetcons';
  /** The loop's parameters, as NET_RECEIVE's: each NetCon's weight vector. */
  readonly params: readonly Param[];
  /** The statements run for each NetCon. */
  readonly body: readonly Stmt[];
}
/** `MUTEXLOCK`, `MUTEXUNLOCK`, `PROTECT stmt`, `INITIAL {}` inside NET_RECEIVE, `CONDUCTANCE g USEION x`. */
export interface KeywordStmt extends NodeBase {
  /** The node kind, `'KeywordStmt'`. */
  readonly type: 'KeywordStmt';
  /** Which statement it is. */
  readonly keyword: 'MUTEXLOCK' | 'MUTEXUNLOCK' | 'PROTECT' | 'INITIAL' | 'CONDUCTANCE' | 'LAG' | 'RESET' | 'SENS' | 'MATCH';
  /** The statement guarded by PROTECT, or the body of INITIAL; empty otherwise. */
  readonly body: readonly Stmt[];
  /** For CONDUCTANCE the conductance and the ion, if given; for LAG, RESET, SENS and MATCH the rest of the line; empty otherwise. */
  readonly names: readonly string[];
}
/** Any statement. */
export type Stmt =
  | LocalStmt | AssignStmt | ExprStmt | IfStmt | WhileStmt | ForStmt | SolveStmt | TableStmt
  | ReactionStmt | EquationStmt | ConserveStmt | CompartmentStmt | VerbatimStmt | UnitsSwitch
  | BlockStmt | WatchStmt | ForNetconsStmt | KeywordStmt;

// ---------------------------------------------------------------- top level

/** A parameter of a FUNCTION, PROCEDURE or NET_RECEIVE: `v (mV)`. */
export interface Param extends NodeBase {
  /** The node kind, `'Param'`. */
  readonly type: 'Param';
  /** The parameter's name. */
  readonly name: string;
  /** Its unit, e.g. `mV`, or null. */
  readonly unit: string | null;
}
/** `TITLE text`. */
export interface TitleItem extends NodeBase {
  /** The node kind, `'Title'`. */
  readonly type: 'Title';
  /** The title, trimmed. */
  readonly text: string;
}
/** A `VERBATIM ... ENDVERBATIM` block at top level. */
export interface VerbatimItem extends NodeBase {
  /** The node kind, `'VerbatimItem'`. */
  readonly type: 'VerbatimItem';
  /** The C code between VERBATIM and ENDVERBATIM. */
  readonly text: string;
}
/** `(mA) = (milliamp)` */
export interface UnitAlias extends NodeBase {
  /** The node kind, `'UnitAlias'`. */
  readonly type: 'UnitAlias';
  /** The new unit name, e.g. `mA`. */
  readonly name: string;
  /** What it stands for, e.g. `milliamp`. */
  readonly target: string;
}
/** `FARADAY = (faraday) (coulomb)` or `FARADAY = 96485.3 (coul)` */
export interface UnitFactor extends NodeBase {
  /** The node kind, `'UnitFactor'`. */
  readonly type: 'UnitFactor';
  /** The constant's name, e.g. `FARADAY`. */
  readonly name: string;
  /** Its value when given as a number, else null. */
  readonly value: number | null;
  /** The unit converted from, e.g. `faraday`, when given as a ratio of units; else null. */
  readonly from: string | null;
  /** The unit converted to (or of the number), e.g. `coulomb`, or null. */
  readonly to: string | null;
}
/** `UNITS { }`: unit aliases and named constants. */
export interface UnitsBlock extends NodeBase {
  /** The node kind, `'Units'`. */
  readonly type: 'Units';
  /** The definitions, in order. */
  readonly defs: readonly (UnitAlias | UnitFactor)[];
}
/** How the NEURON block names the mechanism: a density mechanism, a point process or an artificial cell. */
export type MechanismKeyword = 'SUFFIX' | 'POINT_PROCESS' | 'ARTIFICIAL_CELL';
/** `SUFFIX hh`, `POINT_PROCESS IClamp` or `ARTIFICIAL_CELL NetStim` in the NEURON block. */
export interface SuffixStmt extends NodeBase {
  /** The node kind, `'Suffix'`. */
  readonly type: 'Suffix';
  /** SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL. */
  readonly keyword: MechanismKeyword;
  /** The mechanism's name. */
  readonly name: string;
}
/** `USEION na READ ena WRITE ina VALENCE 1` in the NEURON block. */
export interface UseIonStmt extends NodeBase {
  /** The node kind, `'UseIon'`. */
  readonly type: 'UseIon';
  /** The ion's name, e.g. `na`. */
  readonly ion: string;
  /** The ion variables read (`ena`, `nai`, ...). */
  readonly read: readonly NameRef[];
  /** The ion variables written (`ina`, `nai`, ...). */
  readonly write: readonly NameRef[];
  /** The charge from VALENCE, or null. */
  readonly valence: number | null;
}
/** The NEURON block statements that list names. */
export type NameListKeyword =
  | 'RANGE' | 'GLOBAL' | 'POINTER' | 'BBCOREPOINTER' | 'EXTERNAL' | 'NONSPECIFIC_CURRENT'
  | 'ELECTRODE_CURRENT' | 'THREADSAFE' | 'SECTION' | 'REPRESENTS' | 'RANDOM';
/** `RANGE a, b`, `GLOBAL c`, `NONSPECIFIC_CURRENT i`, ... in the NEURON block. */
export interface NameListStmt extends NodeBase {
  /** The node kind, `'NameList'`. */
  readonly type: 'NameList';
  /** Which statement it is. */
  readonly keyword: NameListKeyword;
  /** The names listed. */
  readonly names: readonly NameRef[];
}
/** A statement of the NEURON block. */
export type NeuronStmt = SuffixStmt | UseIonStmt | NameListStmt | VerbatimStmt;
/** `NEURON { }`: the mechanism's name, ions and how its variables are seen. */
export interface NeuronBlock extends NodeBase {
  /** The node kind, `'Neuron'`. */
  readonly type: 'Neuron';
  /** The block's statements, in order. */
  readonly stmts: readonly NeuronStmt[];
}
/** The declaration blocks. */
export type DeclKind = 'PARAMETER' | 'CONSTANT' | 'ASSIGNED' | 'STATE' | 'INDEPENDENT';
/** One declared variable: `gnabar = .12 (S/cm2) <0,1e9>`, `x[3] (mM)`, `m FROM 0 TO 1`. */
export interface Decl extends NodeBase {
  /** The node kind, `'Decl'`. */
  readonly type: 'Decl';
  /** The variable's name. */
  readonly name: string;
  /** Array size: a number, or the name of a DEFINE constant. */
  readonly length: number | string | null;
  /** The value after `=`, or null. */
  readonly value: number | null;
  /** The unit, e.g. `S/cm2`, or null. */
  readonly unit: string | null;
  /** The `<lo, hi>` limits, or null. */
  readonly limits: readonly [number, number] | null;
}
/** `PARAMETER { }`, `ASSIGNED { }`, `STATE { }`, `CONSTANT { }` or `INDEPENDENT { }`. */
export interface DeclBlock extends NodeBase {
  /** The node kind, `'DeclBlock'`. */
  readonly type: 'DeclBlock';
  /** Which block it is. */
  readonly kind: DeclKind;
  /** The variables declared, in order. */
  readonly decls: readonly Decl[];
}
/** The blocks of code. */
export type CodeBlockKind =
  | 'INITIAL' | 'BREAKPOINT' | 'DERIVATIVE' | 'KINETIC' | 'LINEAR' | 'NONLINEAR' | 'PROCEDURE'
  | 'FUNCTION' | 'NET_RECEIVE' | 'DISCRETE' | 'PARTIAL' | 'CONSTRUCTOR' | 'DESTRUCTOR' | 'BEFORE'
  | 'AFTER' | 'TERMINAL';
/** A block of code: `INITIAL { }`, `BREAKPOINT { }`, `DERIVATIVE states { }`, `PROCEDURE rates(v) { }`, `FUNCTION f(x) (unit) { }`, `NET_RECEIVE (w) { }`, ... */
export interface CodeBlock extends NodeBase {
  /** The node kind, `'CodeBlock'`. */
  readonly type: 'CodeBlock';
  /** Which block it is. */
  readonly kind: CodeBlockKind;
  /** The block's name (DERIVATIVE states, PROCEDURE rates), or for BEFORE/AFTER the phase. */
  readonly name: string | null;
  /** The parameters of a PROCEDURE, FUNCTION or NET_RECEIVE; empty otherwise. */
  readonly params: readonly Param[];
  /** The unit of a FUNCTION's value. */
  readonly unit: string | null;
  /** The statements of the block. */
  readonly body: readonly Stmt[];
}
/** `FUNCTION_TABLE f(x (unit)) (unit)`: a function whose values are given by the user at run time. */
export interface FunctionTableItem extends NodeBase {
  /** The node kind, `'FunctionTable'`. */
  readonly type: 'FunctionTable';
  /** The function's name. */
  readonly name: string;
  /** Its parameters. */
  readonly params: readonly Param[];
  /** The unit of its value, or null. */
  readonly unit: string | null;
}
/** `DEFINE N 3`: a named integer constant (usable as an array size). */
export interface DefineItem extends NodeBase {
  /** The node kind, `'Define'`. */
  readonly type: 'Define';
  /** The constant's name. */
  readonly name: string;
  /** Its value. */
  readonly value: number;
}
/** `INCLUDE "file"`. */
export interface IncludeItem extends NodeBase {
  /** The node kind, `'Include'`. */
  readonly type: 'Include';
  /** The file name, as written. */
  readonly file: string;
}
/** Anything at the top level of a `.mod` file. */
export type TopItem =
  | TitleItem | VerbatimItem | UnitsBlock | NeuronBlock | DeclBlock | CodeBlock | FunctionTableItem
  | DefineItem | IncludeItem | UnitsSwitch | LocalStmt;

/** A parsed `.mod` file. */
export interface Program extends NodeBase {
  /** The node kind, `'Program'`. */
  readonly type: 'Program';
  /** The top-level items, in file order. */
  readonly items: readonly TopItem[];
}

/** Any node of the tree. */
export type Node = Program | TopItem | Stmt | Expr | Decl | Param | NeuronStmt | UnitAlias | UnitFactor | ReactTerm;
