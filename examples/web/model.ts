// The model of NEURON's tutorial "Scripting NEURON basics": a 20 µm soma with Hodgkin-Huxley
// channels and a current clamp, recorded for 40 ms. Rebuilt whenever a pasted mechanism is added.
import { createH } from 'neurite';
import type { NeuriteH } from 'neurite';

/** What the page's sliders set. */
export interface Params {
  /** IClamp amplitude (nA). */
  amp: number;
  /** IClamp duration (ms). */
  dur: number;
  /** IClamp delay (ms). */
  delay: number;
  /** hh sodium conductance (S/cm2). */
  gnabar: number;
}

/** The tutorial's values. */
export const TUTORIAL: Params = { amp: 0.9, dur: 0.1, delay: 2, gnabar: 0.12 };

/** How long each run simulates (ms). */
export const TSTOP = 40;

/** A built model, ready to run. */
export interface Model {
  readonly h: NeuriteH;
  /** Names of the pasted mechanisms inserted into the soma. */
  readonly inserted: readonly string[];
  /** Runs the model with `p` and returns the recorded t and v. */
  run(p: Params): { t: Float64Array; v: Float64Array; tLabel: string; vLabel: string };
}

/** Thrown by {@link buildModel} when a pasted mechanism compiles but cannot go into the soma. */
export class InsertError extends Error {
  override name = 'InsertError';
}

/**
 * Builds the soma, its hh channels, the clamp and the recordings, then compiles each of `mods`
 * (`.mod` texts) and inserts it into the soma. Compile errors propagate as neurite's
 * `MechanismCompileError` (with line and column).
 */
export function buildModel(mods: readonly { text: string; filename: string }[] = []): Model {
  const h = createH();
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  const inserted: string[] = [];
  for (const mod of mods) {
    const type = h.compile(mod.text, { filename: mod.filename });
    if (type.kind !== 'density') {
      throw new InsertError(
        `${mod.filename} defines ${type.name}, a point process (POINT_PROCESS); this page inserts density mechanisms (SUFFIX) into the soma`,
      );
    }
    soma.insert(type.name);
    inserted.push(type.name);
  }
  const stim = h.IClamp(soma(0.5));
  const v = h.Vector().record(soma(0.5)._ref_v);
  const t = h.Vector().record(h._ref_t);
  return {
    h,
    inserted,
    run(p: Params) {
      stim.amp = p.amp;
      stim.dur = p.dur;
      stim.delay = p.delay;
      soma(0.5).hh.gnabar = p.gnabar;
      h.finitialize(-65);
      h.continuerun(TSTOP);
      return {
        t: t.toArray(),
        v: v.toArray(),
        tLabel: t.unit ? `${t.label ?? 't'} (${t.unit})` : 't (ms)',
        vLabel: v.unit ? `${v.label ?? 'v'} (${v.unit})` : 'v (mV)',
      };
    },
  };
}
