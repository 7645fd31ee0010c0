/**
 * NEURON's Random123 random streams: the Philox4x32-10 generator, `nrnran123` streams and the
 * `Random` class, bit-exact with NEURON 8.2.2.
 * @module
 */

export { philox4x32, mulhi32, PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, PHILOX_ROUNDS } from './philox.js';
export { log } from './log.js';
export {
  Random123Stream, Random123Context, defaultRandom123Context, uint2dbl, toUint32,
  SHIFT32, MAX_UINT32, MAX_SEQ,
} from './stream.js';
export { Random } from './random.js';
export type { RandomDistribution, RandomOptions } from './random.js';
