/**
 * Units as NEURON's `neuron.units` defines them: every name is the size of that unit in
 * NEURON's default units (ms, mV, um, mM, nA, degC), so `40 * ms` and `-65 * mV` read like
 * NEURON's Python tutorial and multiply to plain numbers in the simulator's units.
 *
 * @example
 * ```ts
 * import { ms, mV, s } from '@neurite/core/units';
 * h.finitialize(-65 * mV);
 * h.continuerun(0.04 * s); // 40 ms
 * ```
 * @module
 */

// NEURON's default units
/**
 * Millimolar, NEURON's unit of concentration.
 *
 * @example
 * ```ts
 * import { mM } from '@neurite/core/units';
 * const nai = 10 * mM;
 * ```
 */
export const mM = 1;
/**
 * Millisecond, NEURON's unit of time.
 *
 * @example
 * ```ts
 * import { ms } from '@neurite/core/units';
 * h.continuerun(40 * ms);
 * ```
 */
export const ms = 1;
/**
 * Millivolt, NEURON's unit of potential.
 *
 * @example
 * ```ts
 * import { mV } from '@neurite/core/units';
 * h.finitialize(-65 * mV);
 * ```
 */
export const mV = 1;
/**
 * Micrometre, NEURON's unit of length.
 *
 * @example
 * ```ts
 * import { um } from '@neurite/core/units';
 * soma.L = 20 * um;
 * ```
 */
export const um = 1;
/**
 * Micrometre (the Greek spelling `neuron.units` also has).
 *
 * @example
 * ```ts
 * import { µm } from '@neurite/core/units';
 * soma.diam = 20 * µm;
 * ```
 */
export const µm = um;

// concentration
/**
 * Micromolar [mM].
 *
 * @example
 * ```ts
 * import { uM } from '@neurite/core/units';
 * const cai = 0.05 * uM; // 5e-5 mM
 * ```
 */
export const uM = 1e-3 * mM;
/**
 * Micromolar [mM].
 *
 * @example
 * ```ts
 * import { µM } from '@neurite/core/units';
 * const cai = 0.05 * µM; // 5e-5 mM
 * ```
 */
export const µM = uM;
/**
 * Nanomolar [mM].
 *
 * @example
 * ```ts
 * import { nM } from '@neurite/core/units';
 * const cai = 50 * nM; // 5e-5 mM
 * ```
 */
export const nM = 1e-6 * mM;
/**
 * Molar [mM].
 *
 * @example
 * ```ts
 * import { M } from '@neurite/core/units';
 * const nao = 0.14 * M; // 140 mM
 * ```
 */
export const M = 1e3 * mM;

// time
/**
 * Microsecond [ms].
 *
 * @example
 * ```ts
 * import { us } from '@neurite/core/units';
 * h.dt = 25 * us; // 0.025 ms
 * ```
 */
export const us = 1e-3 * ms;
/**
 * Microsecond [ms].
 *
 * @example
 * ```ts
 * import { µs } from '@neurite/core/units';
 * h.dt = 25 * µs; // 0.025 ms
 * ```
 */
export const µs = us;
/**
 * Second [ms].
 *
 * @example
 * ```ts
 * import { s } from '@neurite/core/units';
 * h.continuerun(1 * s); // 1000 ms
 * ```
 */
export const s = 1e3 * ms;
/**
 * Second [ms] (NEURON's alias `sec`).
 *
 * @example
 * ```ts
 * import { sec } from '@neurite/core/units';
 * h.continuerun(1 * sec); // 1000 ms
 * ```
 */
export const sec = s;
/**
 * Minute [ms].
 *
 * @example
 * ```ts
 * import { minute } from '@neurite/core/units';
 * h.continuerun(1 * minute); // 60000 ms
 * ```
 */
export const minute = 60 * s;
/**
 * Hour [ms].
 *
 * @example
 * ```ts
 * import { hour } from '@neurite/core/units';
 * const tstop = 2 * hour; // 7.2e6 ms
 * ```
 */
export const hour = 60 * minute;
/**
 * Day [ms].
 *
 * @example
 * ```ts
 * import { day } from '@neurite/core/units';
 * const tstop = 1 * day; // 8.64e7 ms
 * ```
 */
export const day = 24 * hour;

// space
/**
 * Nanometre [um].
 *
 * @example
 * ```ts
 * import { nm } from '@neurite/core/units';
 * const width = 20 * nm; // 0.02 um
 * ```
 */
export const nm = 1e-3 * um;
/**
 * Millimetre [um].
 *
 * @example
 * ```ts
 * import { mm } from '@neurite/core/units';
 * axon.L = 1 * mm; // 1000 um
 * ```
 */
export const mm = 1000 * um;
/**
 * Centimetre [um].
 *
 * @example
 * ```ts
 * import { cm } from '@neurite/core/units';
 * axon.L = 1 * cm; // 10000 um
 * ```
 */
export const cm = 10 * mm;
/**
 * Metre [um].
 *
 * @example
 * ```ts
 * import { m } from '@neurite/core/units';
 * const length = 0.01 * m; // 10000 um
 * ```
 */
export const m = 100 * cm;

// voltage
/**
 * Microvolt [mV].
 *
 * @example
 * ```ts
 * import { uV } from '@neurite/core/units';
 * nc.threshold = -20000 * uV; // -20 mV
 * ```
 */
export const uV = 1e-3 * mV;
/**
 * Microvolt [mV].
 *
 * @example
 * ```ts
 * import { μV } from '@neurite/core/units';
 * nc.threshold = -20000 * μV; // -20 mV
 * ```
 */
export const μV = uV;
/**
 * Volt [mV].
 *
 * @example
 * ```ts
 * import { V } from '@neurite/core/units';
 * h.finitialize(-0.065 * V); // -65 mV
 * ```
 */
export const V = 1e3 * mV;

// current (point-process currents are in nA in NEURON; not in `neuron.units`, added for symmetry)
/**
 * Nanoampere, the unit of point-process currents.
 *
 * @example
 * ```ts
 * import { nA } from '@neurite/core/units';
 * stim.amp = 0.5 * nA;
 * ```
 */
export const nA = 1;
/**
 * Picoampere [nA].
 *
 * @example
 * ```ts
 * import { pA } from '@neurite/core/units';
 * stim.amp = 500 * pA; // 0.5 nA
 * ```
 */
export const pA = 1e-3 * nA;
/**
 * Microampere [nA].
 *
 * @example
 * ```ts
 * import { uA } from '@neurite/core/units';
 * stim.amp = 0.001 * uA; // 1 nA
 * ```
 */
export const uA = 1e3 * nA;

// temperature
/**
 * Degree Celsius, the unit of `h.celsius`.
 *
 * @example
 * ```ts
 * import { degC } from '@neurite/core/units';
 * h.celsius = 6.3 * degC;
 * ```
 */
export const degC = 1;
