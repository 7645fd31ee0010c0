import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of a committed fixture. */
export function fixture(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).pathname;
}

/** The tutorial's reference arrays (t and soma(0.5).v). */
export function referenceTv(): { t: number[]; v: number[] } {
  return JSON.parse(readFileSync(fixture('reference-tv.json'), 'utf8')) as { t: number[]; v: number[] };
}

/** Debian's python3 (where python3-numpy and NEURON are installed), else python3 on PATH; NEURITE_IO_PYTHON overrides. */
export const PYTHON = process.env.NEURITE_IO_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Runs Python code; returns stdout (throws with stderr on failure). */
export function python(code: string, args: string[] = [], input?: string): string {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function canImport(module: string): boolean {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Whether python3 runs (checked when first asked: only the Python tests spawn it). */
export function hasPython(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  return !r.error && r.status === 0 && r.stdout.trim() === '3';
}
export function hasNumpy(): boolean {
  return hasPython() && canImport('numpy');
}
export function hasNeuron(): boolean {
  return hasPython() && canImport('neuron');
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-io-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Little-endian hex of doubles: compares bit patterns exactly (-0, NaN, subnormals). */
export function hexOf(values: ArrayLike<number>): string {
  const a = Float64Array.from(values);
  return Buffer.from(a.buffer).toString('hex');
}

/** Doubles that are easy to get wrong, plus random bit patterns (seeded, so tests repeat). */
export function trickyDoubles(randomCount = 500): Float64Array {
  const fixed = [
    0, -0, 0.1, 0.2, 0.30000000000000004, 1 / 3, -2 / 3, 0.09999999999999999, 1e-4, 9.999999999999999e-5, 1e-5, 1e-7, 1e15, 1e16,
    9999999999999998, 1e21, 1e22, 123456789012345680000, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
    1.7976931348623157e308, -1.7976931348623157e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -65, 40, 0.025, Math.PI, Math.E,
  ];
  const out = new Float64Array(fixed.length + randomCount);
  out.set(fixed);
  const bits = new BigUint64Array(out.buffer, fixed.length * 8, randomCount);
  let s = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < randomCount; i++) {
    // xorshift64*
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    let b = (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    // Keep finite: an exponent of all ones would be inf/nan.
    if (((b >> 52n) & 0x7ffn) === 0x7ffn) b ^= 1n << 62n;
    bits[i] = b;
  }
  return out;
}
