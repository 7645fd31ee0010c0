/**
 * NEURON's units (`neuron.units`): `ms`, `mV`, `um`, `mM`, `s`, `V`, ... and `nA`.
 * @example
 * ```ts
 * import { ms, mV } from 'neurite/units';
 * h.finitialize(-65 * mV);
 * h.continuerun(40 * ms);
 * ```
 * @module
 */
export * from '@neurite/core/units';
