// A PlotSpec as JSON for standalone HTML files: numeric arrays as base64 of their little-endian
// float64 bytes (exact, and about 3× smaller than decimal JSON), each distinct array once.
// decodePlotSpec is also inlined into those files (see draw.ts' header): no runtime imports.
import type { PlotSpec, TraceSpec } from './spec.js';

/** A trace of a {@link WireSpec}: its x and y are indices into `arrays`. */
export interface WireTrace extends Omit<TraceSpec, 'x' | 'y'> {
  readonly x: number;
  readonly y: number;
}

/** A {@link PlotSpec} as plain JSON. */
export interface WireSpec extends Omit<PlotSpec, 'traces'> {
  /** Base64 of little-endian float64 values. */
  readonly arrays: readonly string[];
  readonly traces: readonly WireTrace[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
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

/** `spec` as JSON-ready data; arrays shared by several traces (a common t) are stored once. */
export function encodePlotSpec(spec: PlotSpec): WireSpec {
  const index = new Map<Float64Array, number>();
  const arrays: string[] = [];
  const ref = (a: Float64Array): number => {
    let i = index.get(a);
    if (i === undefined) {
      i = arrays.length;
      index.set(a, i);
      arrays.push(float64ToBase64(a));
    }
    return i;
  };
  const traces = spec.traces.map((t) => ({ ...t, x: ref(t.x), y: ref(t.y) }));
  return { ...spec, arrays, traces };
}

/** The {@link PlotSpec} of {@link encodePlotSpec}'s output. */
export function decodePlotSpec(wire: WireSpec): PlotSpec {
  const arrays = wire.arrays.map((s) => base64ToFloat64(s));
  const traces = wire.traces.map((t) => ({ ...t, x: arrays[t.x], y: arrays[t.y] }));
  const spec: Record<string, unknown> = { ...wire, traces };
  delete spec.arrays;
  return spec as unknown as PlotSpec;
}
