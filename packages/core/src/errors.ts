/**
 * Every error neurite raises for a user's mistake is a {@link NeuriteError} with a stable
 * `code`, a message that says what was wrong, and how to fix it.
 * @module
 */

/** The stable codes of {@link NeuriteError}. */
export type NeuriteErrorCode =
  | 'INVALID_VALUE'
  | 'INVALID_NSEG'
  | 'LOCATION_OUT_OF_RANGE'
  | 'TOPOLOGY_LOOP'
  | 'UNKNOWN_MECHANISM'
  | 'MECHANISM_NOT_INSERTED'
  | 'NOT_A_DENSITY_MECHANISM'
  | 'UNKNOWN_VARIABLE'
  | 'DELETED_SECTION'
  | 'DUPLICATE_MECHANISM'
  | 'ABI_MISMATCH'
  | 'CATALOGUE_FROZEN'
  | 'INVALID_ARGUMENT'
  | 'POINTER_NOT_SET'
  | 'NAN_IN_RUN';

/**
 * An error caused by input: a bad value, a missing mechanism, a run that produced NaN.
 * `code` is stable across versions; `message` names the culprit and the fix.
 *
 * @example
 * ```ts
 * try { soma.nseg = 0; } catch (e) {
 *   if (e instanceof NeuriteError && e.code === 'INVALID_NSEG') console.error(e.message);
 * }
 * ```
 */
export class NeuriteError extends Error {
  /** A stable identifier of the kind of mistake. */
  readonly code: NeuriteErrorCode;

  constructor(code: NeuriteErrorCode, message: string) {
    super(message);
    this.name = 'NeuriteError';
    this.code = code;
  }
}

/**
 * A value as an error message shows it: numbers as they are, anything else with its type, so that
 * a string that looks like a number is not mistaken for one.
 * @example `shown('20') // "'20' (a string)"`
 */
export function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `${JSON.stringify(value).replace(/^"|"$/g, "'")} (a string)`;
  if (value === null || value === undefined) return String(value);
  return `${String(value)} (${typeof value === 'object' ? 'an object' : `a ${typeof value}`})`;
}

/** Throws INVALID_VALUE unless `value` is a finite number > 0 (or >= 0 when `allowZero`). */
export function requirePositive(what: string, value: number, unit: string, allowZero = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) {
    throw new NeuriteError('INVALID_VALUE',
      `${what} must be a finite number ${allowZero ? '>= 0' : '> 0'} ${unit}, got ${shown(value)}; ` +
      `set it to a ${allowZero ? 'non-negative' : 'positive'} value in ${unit}`);
  }
}
