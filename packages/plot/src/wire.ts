// Figures as JSON for standalone HTML files: numeric arrays as base64 of their little-endian
// float64 bytes (exact, and about 3× smaller than decimal JSON), each distinct array once.
// decodeFigure is also inlined into those files (see draw.ts' header): no runtime imports.
import type { ShapeSpec } from './shape.js';
import type { PlotSpec } from './spec.js';

/** Any figure @neurite/plot draws: a line plot or a shape plot. */
export type FigureSpec = PlotSpec | ShapeSpec;

/** A figure as plain JSON, made by {@link encodeFigure}. */
export interface WireFigure {
  /** Base64 of little-endian float64 values. */
  readonly arrays: readonly string[];
  /** The figure, its Float64Arrays replaced by `{ "$f64": index }`. */
  readonly figure: unknown;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of `bytes`, by the fastest means the platform has (Node's Buffer, else btoa). */
export function bytesToBase64(bytes: Uint8Array): string {
  const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBuffer, o: number, n: number): { toString(e: string): string } } }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return typeof btoa === 'function' ? base64ViaBtoa(bytes) : base64Portable(bytes);
}

/** Base64 with the browser's `btoa`, 24 KiB at a time (whole groups of 3 bytes, so the pieces join). */
export function base64ViaBtoa(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 3 * 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const piece = bytes.subarray(start, Math.min(bytes.length, start + chunk));
    parts.push(btoa(String.fromCharCode.apply(null, piece as unknown as number[])));
  }
  return parts.join('');
}

/** Base64 in plain JavaScript, for platforms with neither Buffer nor btoa. */
export function base64Portable(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 3 * 16384;
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(bytes.length, start + chunk);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    }
    if (i < end) {
      const n = (bytes[i] << 16) | ((i + 1 < end ? bytes[i + 1] : 0) << 8);
      s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < end ? B64[(n >> 6) & 63] : '=') + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Base64 of the little-endian float64 bytes of `a`. */
export function float64ToBase64(a: Float64Array): string {
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (littleEndian) return bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.length * 8));
  const bytes = new Uint8Array(a.length * 8);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat64(i * 8, a[i], true);
  return bytesToBase64(bytes);
}

/** The float64 values of base64 made by {@link float64ToBase64}. */
export function base64ToFloat64(s: string): Float64Array {
  let bytes: Uint8Array;
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (typeof fromBase64 === 'function') bytes = fromBase64(s);
  else {
    const bin = atob(s);
    bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  }
  const n = bytes.length >> 3;
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (littleEndian && bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Float64Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
  return out;
}

/**
 * `figure` as JSON-ready data: every Float64Array (each distinct one once, so a t shared by
 * several traces is stored once) becomes `{ "$f64": index into arrays }`, and non-finite
 * numbers become `{ "$num": "NaN" }` (JSON has none). Standalone pages embed this.
 *
 * @example
 * ```ts
 * import { decodeFigure, encodeFigure, plot } from '@neurite/plot';
 * const json = JSON.stringify(encodeFigure(plot(t, v)));
 * const again = decodeFigure(JSON.parse(json)); // equal to plot(t, v), data exact
 * ```
 */
export function encodeFigure(figure: FigureSpec): WireFigure {
  const index = new Map<Float64Array, number>();
  const arrays: string[] = [];
  const walk = (v: unknown): unknown => {
    if (v instanceof Float64Array) {
      let i = index.get(v);
      if (i === undefined) {
        i = arrays.length;
        index.set(v, i);
        arrays.push(float64ToBase64(v));
      }
      return { $f64: i };
    }
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x);
      return o;
    }
    return v;
  };
  const data = walk(figure);
  return { arrays, figure: data };
}

/**
 * The figure of {@link encodeFigure}'s output (after a trip through JSON).
 *
 * @example
 * ```ts
 * import { decodeFigure, mountPlot } from '@neurite/plot';
 * const figure = decodeFigure(await (await fetch('run.json')).json());
 * await mountPlot('#plot', figure);
 * ```
 */
export function decodeFigure(wire: WireFigure): FigureSpec {
  const arrays = wire.arrays.map((s) => base64ToFloat64(s));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.$f64 === 'number') return arrays[o.$f64];
      if (typeof o.$num === 'string') return Number(o.$num);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(wire.figure) as FigureSpec;
}
