/**
 * Errors and warnings of the morphology readers.
 * @module
 */

/** The stable codes of {@link MorphologyError}. */
export type MorphologyErrorCode =
  /** An SWC data line is not 7 numbers. */
  | 'SWC_BAD_LINE'
  /** An SWC point names a parent id that is not smaller than its own id. */
  | 'SWC_PARENT_ORDER'
  /** Two SWC points share an id. */
  | 'SWC_DUPLICATE_ID'
  /** An SWC point names a parent id that no point has. */
  | 'SWC_UNKNOWN_PARENT'
  /** A Neurolucida file breaks the grammar (unbalanced parentheses, a missing number, ...). */
  | 'ASC_SYNTAX'
  /** A Neurolucida string has no closing quote. */
  | 'ASC_UNTERMINATED_STRING'
  /** The file holds no points at all. */
  | 'EMPTY_MORPHOLOGY'
  /** Valid input that neurite does not convert yet (a stack of soma contours). */
  | 'UNSUPPORTED_MORPHOLOGY';

/**
 * A malformed morphology file: says which file, where (1-based line and column), what was
 * expected and what was found.
 *
 * @example
 * ```ts
 * try { parseSwc('1 1 0 0\n', 'cell.swc'); } catch (e) {
 *   if (e instanceof MorphologyError) console.error(e.code, e.file, e.line, e.expected);
 *   // SWC_BAD_LINE cell.swc 1 '7 numbers: id type x y z radius parent'
 * }
 * ```
 */
export class MorphologyError extends Error {
  /** A stable identifier of the kind of mistake. */
  readonly code: MorphologyErrorCode;
  /** The file name given to the parser. */
  readonly file: string;
  /** 1-based line of the problem (0 when it concerns the whole file). */
  readonly line: number;
  /** 1-based column of the problem (0 when it concerns the whole line). */
  readonly column: number;
  /** What the reader expected there. */
  readonly expected: string;
  /** What it found instead. */
  readonly found: string;

  constructor(code: MorphologyErrorCode, where: { file: string; line: number; column: number },
    expected: string, found: string, hint = '') {
    const at = where.line > 0 ? `${where.file}:${where.line}${where.column > 0 ? `:${where.column}` : ''}` : where.file;
    super(`${at}: expected ${expected}, found ${found}${hint ? `; ${hint}` : ''}`);
    this.name = 'MorphologyError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.expected = expected;
    this.found = found;
  }
}

/** The codes of {@link MorphologyWarning}. */
export type MorphologyWarningCode =
  /** More than one tree: Import3d's "more than one tree" (SWC), or a Neurolucida tree that
   * starts outside every soma contour and is logically connected to the nearest soma. */
  | 'DISCONNECTED_TREE'
  /** A section of one point was removed and its children attached to its parent. */
  | 'ONE_POINT_SECTION_REMOVED'
  /** A section of two points at the same place was removed and its children reattached. */
  | 'ZERO_LENGTH_SECTION_REMOVED'
  /** Two consecutive points of a section are at the same place (kept; NEURON counts the
   * annulus between their diameters as membrane). */
  | 'ZERO_LENGTH_STEP'
  /** A point has diameter 0 (kept; NEURON gives the frusta touching it a near-infinite axial
   * resistance, 1e15 times larger than normal). */
  | 'ZERO_DIAMETER'
  /** A Neurolucida soma contour with fewer than three points was ignored. */
  | 'SHORT_CONTOUR_IGNORED';

/** Something odd in a morphology that was imported anyway. */
export interface MorphologyWarning {
  /** What kind of oddity it is. */
  readonly code: MorphologyWarningCode;
  /** A description for people, naming the place and what was done about it. */
  readonly message: string;
  /** The file name given to the parser. */
  readonly file: string;
  /** 1-based line it concerns (0 if none). */
  readonly line: number;
  /** The section it concerns, if any. */
  readonly section?: string;
}
