/**
 * Parameter grids of `neurite sweep`: `amp=0:2:0.1` (start:stop:step, stop included),
 * `amp=0.1,0.5,1` (a list) or `amp=0.3` (one value); several `--param` make a Cartesian product.
 * @module
 */
import { CliError } from './errors.js';
import { parseAssignment, parseNumber } from './run-model.js';

/** One swept parameter: its path and values. */
export interface GridAxis {
  /** The parameter's path, e.g. `stim.amp` (as `--set` takes it). */
  readonly path: string;
  /** Its values, in order. */
  readonly values: readonly number[];
}

/** Rounds away the floating-point noise of start + i * step (0.30000000000000004 -> 0.3). */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Parses one `--param path=spec`.
 * @throws {CliError} USAGE
 * @example
 * ```ts
 * parseAxis('amp=0:1:0.25'); // { path: 'amp', values: [0, 0.25, 0.5, 0.75, 1] }
 * ```
 */
export function parseAxis(text: string): GridAxis {
  const [path, spec] = parseAssignment(text, '--param');
  const what = `--param ${text}`;
  if (spec.includes(':')) {
    const parts = spec.split(':');
    if (parts.length !== 3) throw new CliError('USAGE', `${what}: write start:stop:step, e.g. amp=0:2:0.1`);
    const [start, stop, step] = parts.map((p) => parseNumber(p, what)) as [number, number, number];
    if (step === 0 || (stop - start) / step < 0) {
      throw new CliError('USAGE', `${what}: the step must go from start towards stop (start ${start}, stop ${stop}, step ${step})`);
    }
    const n = Math.floor((stop - start) / step + 1e-9) + 1;
    if (n > 1_000_000) throw new CliError('USAGE', `${what}: ${n} values is too many; use a larger step`);
    return { path, values: Array.from({ length: n }, (_, i) => clean(start + i * step)) };
  }
  return { path, values: spec.split(',').map((p) => parseNumber(p, what)) };
}

/**
 * Every combination of the axes' values, the first axis varying slowest.
 * @example
 * ```ts
 * gridPoints([{ path: 'a', values: [1, 2] }, { path: 'b', values: [3] }]); // [[1, 3], [2, 3]]
 * ```
 */
export function gridPoints(axes: readonly GridAxis[]): number[][] {
  let points: number[][] = [[]];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => [...p, v]));
  return points;
}
