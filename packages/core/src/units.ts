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
/** Millimolar, NEURON's unit of concentration. */
export const mM = 1;
/** Millisecond, NEURON's unit of time. */
export const ms = 1;
/** Millivolt, NEURON's unit of potential. */
export const mV = 1;
/** Micrometre, NEURON's unit of length. */
export const um = 1;
/** Micrometre (the Greek spelling `neuron.units` also has). */
export const µm = um;

// concentration
/** Micromolar [mM]. */
export const uM = 1e-3 * mM;
/** Micromolar [mM]. */
export const µM = uM;
/** Nanomolar [mM]. */
export const nM = 1e-6 * mM;
/** Molar [mM]. */
export const M = 1e3 * mM;

// time
/** Microsecond [ms]. */
export const us = 1e-3 * ms;
/** Microsecond [ms]. */
export const µs = us;
/** Second [ms]. */
export const s = 1e3 * ms;
/** Second [ms] (NEURON's alias `sec`). */
export const sec = s;
/** Minute [ms]. */
export const minute = 60 * s;
/** Hour [ms]. */
export const hour = 60 * minute;
/** Day [ms]. */
export const day = 24 * hour;

// space
/** Nanometre [um]. */
export const nm = 1e-3 * um;
/** Millimetre [um]. */
export const mm = 1000 * um;
/** Centimetre [um]. */
export const cm = 10 * mm;
/** Metre [um]. */
export const m = 100 * cm;

// voltage
/** Microvolt [mV]. */
export const uV = 1e-3 * mV;
/** Microvolt [mV]. */
export const μV = uV;
/** Volt [mV]. */
export const V = 1e3 * mV;

// current (point-process currents are in nA in NEURON; not in `neuron.units`, added for symmetry)
/** Nanoampere, the unit of point-process currents. */
export const nA = 1;
/** Picoampere [nA]. */
export const pA = 1e-3 * nA;
/** Microampere [nA]. */
export const uA = 1e3 * nA;

// temperature
/** Degree Celsius, the unit of `h.celsius`. */
export const degC = 1;
