/** Machine-readable reasons a plot call fails; see {@link PlotError}. */
export type PlotErrorCode =
  /** No trace was given, or a trace has no points. */
  | 'EMPTY'
  /** A trace's `x` and `y` have different lengths. */
  | 'LENGTH_MISMATCH'
  /** A value is not something that can be plotted (not an array, a recording or a number). */
  | 'BAD_INPUT'
  /** An option has a value outside what it accepts (e.g. a negative width). */
  | 'BAD_OPTION'
  /** BokehJS could not be loaded or its files could not be found. */
  | 'BOKEH_UNAVAILABLE'
  /** BokehJS failed to build or draw the figure in the page. */
  | 'RENDER_FAILED'
  /** The HTML file could not be written. */
  | 'WRITE_FAILED';

/**
 * The one error class of `@neurite/plot`: every failure it reports is a `PlotError` whose
 * `code` says why, so callers can branch on it without parsing messages.
 *
 * @example
 * ```ts
 * import { plot, PlotError } from '@neurite/plot';
 * try {
 *   plot([0, 1, 2], [1, 2]);
 * } catch (e) {
 *   if (e instanceof PlotError && e.code === 'LENGTH_MISMATCH') console.error(e.message);
 * }
 * ```
 */
export class PlotError extends Error {
  /** Why the call failed. */
  readonly code: PlotErrorCode;

  /**
   * @param code why the call failed
   * @param message a sentence for people
   * @param options the underlying error, if any
   * @example
   * ```ts
   * throw new PlotError('BAD_OPTION', 'width must be a positive number of pixels, got -3');
   * ```
   */
  constructor(code: PlotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlotError';
    this.code = code;
  }
}
