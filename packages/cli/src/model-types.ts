/**
 * The declarative model format of `neurite run` (JSON or YAML), as TypeScript types. The
 * published JSON Schema is `schema/model.schema.json` in this package.
 * @module
 */

/** Parameters by name: numbers in the units of the mechanism's `.mod` file. */
export type ParamValues = Record<string, number>;

/** A section: geometry, where it attaches, and its density mechanisms. */
export interface SectionSpec {
  /** Length [um]. */
  L?: number;
  /** Diameter [um]. */
  diam?: number;
  /** Number of segments. */
  nseg?: number;
  /** Axial resistivity [ohm cm]. */
  Ra?: number;
  /** Membrane capacitance [uF/cm2]. */
  cm?: number;
  /** Where the 0 end attaches (`soma(1)`), or `{ at, end }`. */
  parent?: string | { at: string; end?: 0 | 1 };
  /** Density mechanisms by name with the parameters to set. */
  mechanisms?: Record<string, ParamValues>;
}

/** A cell: its sections by name. */
export interface CellSpec {
  sections: Record<string, SectionSpec>;
}

/** A point process (type, location, parameters) or an artificial cell (no location). */
export interface PointProcessSpec {
  type: string;
  at?: string;
  params?: ParamValues;
}

/** A NetCon: events from a source to a target. */
export interface NetConSpec {
  /** A location whose v is watched, a point process or artificial cell that fires, or null. */
  source: string | null;
  /** A point process or artificial cell with NET_RECEIVE, or null. */
  target: string | null;
  /** [mV] */ threshold?: number;
  /** [ms] */ delay?: number;
  /** The first weight, or the weight vector. */
  weight?: number | number[];
  active?: boolean;
}

/** Run settings. */
export interface RunSpec {
  /** [ms] */ dt?: number;
  /** [ms] */ tstop?: number;
  /** [mV] */ v_init?: number;
  /** [degC] */ celsius?: number;
  /** 0 or 2 */ secondorder?: number;
}

/** An output file: by extension a data file or an `.html` plot. */
export type OutputSpec = string | { file: string; columns?: string[]; title?: string };

/** A whole model file. */
export interface ModelDocument {
  $schema?: string;
  name?: string;
  description?: string;
  mod?: string[];
  cells: Record<string, CellSpec>;
  pointProcesses?: Record<string, PointProcessSpec>;
  netcons?: Record<string, NetConSpec>;
  globals?: Record<string, number>;
  record?: string[] | Record<string, string>;
  run?: RunSpec;
  outputs?: OutputSpec[];
}

/**
 * The run settings a model file and the command line can set.
 * @example
 * ```ts
 * for (const key of RUN_KEYS) console.log(key, doc.run?.[key]);
 * ```
 */
export const RUN_KEYS = ['dt', 'tstop', 'v_init', 'celsius', 'secondorder'] as const;

/** One of {@link RUN_KEYS}. */
export type RunKey = (typeof RUN_KEYS)[number];
