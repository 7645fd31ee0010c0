/**
 * MechanismInfo: everything code generation needs to know about a mechanism, computed by the
 * analysis passes. Codegen reads this and nothing else (in particular, no marks on AST nodes).
 * @module
 */
import type { FieldKind, MechanismKind } from '@neurite/core/abi';
import type { Expr, Param, SourceRange, Stmt } from '../ast/nodes.js';

/** Which array of an ion an ion variable maps to. */
export type IonSlot = 'e' | 'ci' | 'co' | 'i' | 'didv';

/** What a name refers to. */
export type SymbolInfo =
  | { readonly kind: 'field'; readonly index: number; readonly length: number }
  | { readonly kind: 'global'; readonly index: number; readonly length: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'special'; readonly name: 'v' | 't' | 'dt' | 'celsius' | 'area' | 'secondorder' | 'diam' }
  | { readonly kind: 'function'; readonly procedure: boolean; readonly arity: number }
  | { readonly kind: 'fileLocal'; readonly length: number }
  | { readonly kind: 'random'; readonly index: number }
  | { readonly kind: 'pointer'; readonly index: number };

export interface FieldInfo {
  readonly name: string;
  readonly kind: FieldKind;
  readonly unit: string;
  readonly default: number;
  readonly length: number;
  readonly range: boolean;
  readonly limits?: readonly [number, number];
}

/**
 * A state that diffuses along the cable (`LONGITUDINAL_DIFFUSION i, rate {x}`): per element i
 * (0 for a scalar), `rate` (the diffusion constant times the cross-section, e.g.
 * `D*diam*diam*vrat[i]`) and `volume` (from `COMPARTMENT j, volume {x}`), each with its index
 * name bound to the element.
 */
export interface DiffusionInfo {
  readonly state: string;
  readonly length: number;
  readonly rate: Expr;
  readonly rateIndex: string | null;
  readonly volume: Expr;
  readonly volumeIndex: string | null;
}

export interface GlobalInfo {
  readonly name: string;
  readonly unit: string;
  readonly default: number;
  readonly length: number;
}

/** One variable of an ion the mechanism uses, e.g. `ena` (slot `e`) or `ina` (slot `i`). */
export interface IonVarInfo {
  readonly name: string;
  readonly slot: IonSlot;
  readonly written: boolean;
}

export interface IonInfo {
  readonly ion: string;
  readonly valence: number | null;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly vars: readonly IonVarInfo[];
}

/** A TABLE attached to a FUNCTION or PROCEDURE. */
export interface TableInfo {
  /** Variables tabulated by a PROCEDURE; empty for a FUNCTION (its value is tabulated). */
  readonly names: readonly string[];
  readonly depend: readonly string[];
  readonly from: Expr;
  readonly to: Expr;
  readonly n: number;
}

export interface FunctionInfo {
  readonly name: string;
  readonly procedure: boolean;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly table: TableInfo | null;
}

/** A SOLVE of a DERIVATIVE/KINETIC/PROCEDURE block, lowered to statements run per instance. */
export interface SolveInfo {
  readonly block: string;
  readonly method: string;
  /** Statements that advance the states by one dt (after the ODE solver's transform). */
  readonly body: readonly Stmt[];
  /** For implicit methods: the states solved for, the residual statements and scratch size. */
  readonly implicit: ImplicitSystem | null;
  readonly location: SourceRange;
}

/**
 * A system solved by Newton iteration on implicit Euler equations (derivimplicit, KINETIC
 * sparse): `pre` statements run once, then `residual` computes `_F[i]` from the state values.
 */
export interface ImplicitSystem {
  readonly states: readonly { readonly name: string; readonly index: Expr | null }[];
  readonly pre: readonly Stmt[];
  /** Statements that set `_D[i]` (the time derivative, already divided by compartment volume,
   * or a conservation residual when `conserved[i]`). */
  readonly derivs: readonly Stmt[];
  /** Index i whose equation is replaced by a conservation law (its `_D[i]` is `lhs - rhs`). */
  readonly conserved: readonly boolean[];
  /** STEADYSTATE: one step of dt = 1e9 ms. */
  readonly steady: boolean;
  /** LINEAR and NONLINEAR blocks: equation i need not involve state i, so the solve pivots by rows. */
  readonly algebraic?: boolean;
}

/**
 * One WATCH condition. It is armed by a WATCH statement (in NET_RECEIVE or INITIAL) and checked
 * after each step: when `value` becomes positive (the condition turns true) a self-event with the
 * flag given at arming is sent. Its per-instance state lives in three hidden fields.
 */
export interface WatchInfo {
  /** The condition as a quantity that is positive when it holds (`a > b` -> a - b). */
  readonly value: Expr;
  readonly flag: Expr;
  /** Hidden field names: armed (0/1), above (0/1: last check found the condition true), flag. */
  readonly armed: string;
  readonly above: string;
  readonly flagField: string;
}

/** The analysed mechanism. */
/** The kernels of BEFORE and AFTER blocks: `BEFORE INITIAL` is `beforeInitial`, and so on. */
export type BaKernel = 'beforeInitial' | 'afterInitial' | 'beforeBreakpoint' | 'afterSolve' | 'beforeStep';

export interface MechanismInfo {
  readonly name: string;
  readonly kind: MechanismKind;
  readonly title: string | null;
  readonly file: string | null;
  readonly electrodeCurrent: boolean;
  readonly fields: readonly FieldInfo[];
  readonly globals: readonly GlobalInfo[];
  readonly ions: readonly IonInfo[];
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** Current variables summed into the membrane current, in NEURON's order. */
  readonly currents: readonly string[];
  readonly functions: readonly FunctionInfo[];
  readonly initial: readonly Stmt[];
  /** SOLVEs that run where they stand (in INITIAL, FUNCTIONs, PROCEDUREs, ...), by statement. */
  readonly inlineSolves: ReadonlyMap<Stmt, SolveInfo>;
  /** BREAKPOINT statements other than SOLVE. */
  readonly breakpoint: readonly Stmt[];
  readonly solves: readonly SolveInfo[];
  readonly netReceive: { readonly params: readonly Param[]; readonly body: readonly Stmt[] } | null;
  /** The `INITIAL` block inside NET_RECEIVE (run per NetCon by finitialize), or null. */
  readonly netReceiveInitial: readonly Stmt[] | null;
  /** CONSTRUCTOR statements (run once per new instance), or null. */
  readonly constructorBody: readonly Stmt[] | null;
  /** NMODL RANDOM variables, in order. */
  readonly randoms: readonly string[];
  /** NMODL POINTER variables, in order. */
  readonly pointers: readonly string[];
  /** BEFORE and AFTER blocks, by the kernel that runs them (blocks of one kind joined in order). */
  readonly ba: ReadonlyMap<BaKernel, readonly Stmt[]>;
  /** LONGITUDINAL_DIFFUSION (in KINETIC blocks): STATEs that diffuse between neighbouring
   * segments, each with its rate and the volume of its COMPARTMENT statement. */
  readonly diffusion: readonly DiffusionInfo[];
  /** FUNCTION_TABLEs: functions whose values scripts give at run time, by name with their
   * number of arguments (calls to them are `f_<name>(...)`, as to FUNCTIONs). */
  readonly functionTables: readonly { readonly name: string; readonly arity: number }[];
  /** PROCEDUREs and FUNCTIONs scripts may call on an instance (point processes, artificial cells). */
  readonly methods: readonly {
    readonly name: string;
    readonly arity: number;
    readonly procedure: boolean;
    /** Its VERBATIM code reads arguments beyond the declared ones (`ifarg`, `nrn_random_arg`). */
    readonly varargs: boolean;
  }[];
  /** The top-level VERBATIM blocks (C: macros, `static` variables, functions), in order. */
  readonly verbatim: readonly { readonly text: string; readonly location: SourceRange }[];
  readonly fileLocals: readonly { readonly name: string; readonly length: number }[];
  /** Index of the `usetable` global, or -1. */
  readonly usetableIndex: number;
  /** WATCH conditions, in order of appearance; each `WATCH` statement maps to its items. */
  readonly watches: readonly WatchInfo[];
  readonly watchOf: ReadonlyMap<Stmt, readonly number[]>;
}
