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
  parent?: string | {
    /** The parent location, e.g. `soma(1)`. */
    at: string;
    /** Which end of this section attaches: 0 (default) or 1. */
    end?: 0 | 1;
  };
  /** Density mechanisms by name with the parameters to set. */
  mechanisms?: Record<string, ParamValues>;
}

/** A cell: its sections by name. */
export interface CellSpec {
  /** The cell's sections, by name (names are unique across the whole model). */
  sections: Record<string, SectionSpec>;
}

/** A point process (type, location, parameters) or an artificial cell (no location). */
export interface PointProcessSpec {
  /** The point process type, e.g. `IClamp`, `ExpSyn` or `NetStim`. */
  type: string;
  /** Where it sits, e.g. `soma(0.5)`: required for point processes, absent for artificial cells. */
  at?: string;
  /** Parameters to set, by name, in the units of the mechanism (e.g. `{ del: 1, dur: 1, amp: 0.5 }`). */
  params?: ParamValues;
}

/** A NetCon: events from a source to a target. */
export interface NetConSpec {
  /** A location whose v is watched, a point process or artificial cell that fires, or null. */
  source: string | null;
  /** A point process or artificial cell with NET_RECEIVE, or null. */
  target: string | null;
  /** Threshold of a watched potential [mV] (default 10). */
  threshold?: number;
  /** Delivery delay [ms] (default 1). */
  delay?: number;
  /** The first weight, or the weight vector. */
  weight?: number | number[];
  /** Whether events are delivered (default true). */
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
export type OutputSpec = string | {
  /** The file, relative to the model file; the extension picks the format (`.csv`, `.npz`, `.html`, ...). */
  file: string;
  /** Recorded columns to write (default: all); `t` is always first. */
  columns?: string[];
  /** Title of an `.html` plot. */
  title?: string;
};

/** A whole model file. */
export interface ModelDocument {
  /** The URL or path of the JSON Schema, for editors. */
  $schema?: string;
  /** A name for the model, shown in summaries. */
  name?: string;
  /** A description of the model, for readers. */
  description?: string;
  /**
   * Extra `.mod` files or folders of them to compile, relative to the model file (every `.mod`
   * file in the model's own folder is compiled too).
   */
  mod?: string[];
  /** The cells, by name. */
  cells: Record<string, CellSpec>;
  /** Point processes (at a location) and artificial cells (without one), by name. */
  pointProcesses?: Record<string, PointProcessSpec>;
  /** NetCons, by name. */
  netcons?: Record<string, NetConSpec>;
  /** Mechanism globals by their `h` names, `<variable>_<mechanism>` (e.g. `usetable_hh`). */
  globals?: Record<string, number>;
  /**
   * What to record at every time step (`t` always is): a list of paths such as `soma(0.5).v`,
   * `soma(0.5).hh.m` or `stim.i` (each its own column), or columns by name.
   */
  record?: string[] | Record<string, string>;
  /** Run settings (defaults: {@link DEFAULT_RUN}). */
  run?: RunSpec;
  /** Files to write after the run, relative to the model file. */
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
