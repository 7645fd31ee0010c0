import type { PointProcess } from './point-process.js';

/** `sec.psection()`: a section's properties, with NEURON's keys and value shapes. Range
 * quantities are arrays with one value per segment. */
export interface PsectionResult {
  /** Point processes in the section, by mechanism name. */
  point_processes: Record<string, PointProcess[]>;
  /** Density mechanisms: mechanism name -> range variable -> one value per segment (for an array
   * variable, one array per segment, as NEURON's: `cadifus.ca[j][i]`). */
  density_mechs: Record<string, Record<string, number[] | number[][]>>;
  /** Ions used in the section: ion -> `ena`, `nai`, `nao`, `ina`, `dina_dv_` per segment. */
  ions: Record<string, Record<string, number[]>>;
  /** Geometry: length, diameters, 3-D points and where the section is attached. */
  morphology: {
    /** Length [um]. */
    L: number;
    /** Diameter per segment [um]. */
    diam: number[];
    /** 3-D points `[x, y, z, diam]` [um]. */
    pts3d: [number, number, number, number][];
    /** The parent segment (`soma(1)`), or null for a root. */
    parent: string | null;
    /** The segment whose node the section is attached to (see `trueparentseg()`), or null. */
    trueparent: string | null;
  };
  /** Number of segments. */
  nseg: number;
  /** Axial resistivity [ohm cm]. */
  Ra: number;
  /** Specific capacitance per segment [uF/cm2]. */
  cm: number[];
  /** Reaction-diffusion regions of the section: always empty (neurite has no rxd). */
  regions: string[];
  /** Reaction-diffusion species of the section: always empty (neurite has no rxd). */
  species: string[];
  /** The section's name. */
  name: string;
  /** An internal name unique in the simulation, `__nrnsec_<id>`, as NEURON's. */
  hoc_internal_name: string;
  /** The cell object the section was made for (`h.Section({ name, cell })`), or null. */
  cell: object | null;
}
