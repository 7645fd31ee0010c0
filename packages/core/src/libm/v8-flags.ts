/**
 * V8's flags for a while: what core and the compiler set around work of their own (a WebAssembly
 * module's compile, a `.mod` file's) and set back at once. V8 takes a code cache only under the
 * flags it was made with, so a flag left set would have later scripts compiled from source; and
 * V8's flags are the process's, so every setting here is brief and undone. Where there is no
 * `node:v8` (browsers, other engines) nothing is set.
 * @module
 */

type V8 = { setFlagsFromString(flags: string): void };
type Process = {
  binding?: (id: string) => unknown;
  getBuiltinModule?: (id: string) => unknown;
  noDeprecation?: boolean;
  env?: Record<string, string | undefined>;
  execArgv?: readonly string[];
  versions?: Record<string, string | undefined>;
  arch?: string;
  platform?: string;
};
const proc = (globalThis as { process?: Process }).process;

const hasSetFlags = (x: unknown): x is V8 =>
  typeof x === 'object' && x !== null && typeof (x as Partial<V8>).setFlagsFromString === 'function';

/**
 * V8's flag setter in Node, from the native binding behind `node:v8` when Node still gives it
 * (with its deprecation warning held back for the call), else from `node:v8`. Loading `node:v8`
 * loads `perf_hooks`, the heap utilities and the streams, 1.5-3 ms in a fresh process, where the
 * binding takes 0.2 ms: a first `.mod` compile or WebAssembly compile need only the setter.
 */
function findV8(): V8 | undefined {
  if (proc === undefined) return undefined;
  return fromBinding(proc) ?? fromModule(proc);
}

/** The binding's setter, with `process.noDeprecation` set for the call and set back after. */
function fromBinding(p: Process): V8 | undefined {
  if (typeof p.binding !== 'function') return undefined;
  const had = Object.prototype.hasOwnProperty.call(p, 'noDeprecation');
  const quiet = p.noDeprecation;
  try {
    p.noDeprecation = true;
    const b = p.binding('v8');
    return hasSetFlags(b) ? b : undefined;
  } catch {
    return undefined; // (a permission model, or a Node without it: the public module)
  } finally {
    try {
      if (had) p.noDeprecation = quiet;
      else delete p.noDeprecation;
    } catch {
      // (a process object that does not let it be set)
    }
  }
}

function fromModule(p: Process): V8 | undefined {
  try {
    const m = p.getBuiltinModule?.('node:v8');
    return hasSetFlags(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

let v8Found: { v8: V8 | undefined } | undefined;

/** Node's V8 flag setter where there is one (no import: this module also runs in browsers). */
export function nodeV8(): V8 | undefined {
  return (v8Found ??= { v8: findV8() }).v8;
}

/** Whether the environment variable `name` says no (`0` or `false`; always false outside Node). */
export function envSaysNo(name: string): boolean {
  const s = proc?.env?.[name];
  return s === '0' || s === 'false';
}

/** The major version of this V8 (NaN elsewhere). */
export function v8Major(): number {
  return Number((proc?.versions?.v8 ?? '').split('.')[0]);
}

/** The flags the process was started with (its command line's, without the code of `-e` or
 * `-p`, and NODE_OPTIONS'), `_` as `-`. */
export function startFlags(): string {
  const argv = proc?.execArgv ?? [];
  const flags = argv.filter((a, i) => !['-e', '--eval', '-p', '--print'].includes(argv[i - 1] ?? ''));
  return [...flags, proc?.env?.NODE_OPTIONS ?? ''].join(' ').replace(/_/g, '-');
}

/** How many windows have each flag set now (a window inside another leaves it to the outer one). */
const setNow = new Map<string, number>();

/** `x` for `no-x` and `no-x` for `x`. */
const inverse = (f: string): string => (f.startsWith('no-') ? f.slice(3) : `no-${f}`);

/**
 * Runs `fn` with V8's flags `flags` (names without `--`, each `x` or `no-x`) set, and sets each
 * back to its inverse after it, `fn` throwing or not; a flag an enclosing call has set is left to
 * it. Without `node:v8`, just runs `fn`. Only for flags whose value before is their inverse.
 * @param flags the flags to set while `fn` runs
 * @param fn the work
 * @returns what `fn` returns
 * @example
 * ```ts
 * const mod = withV8Flags(['experimental-wasm-relaxed-simd'], () => new WebAssembly.Module(bytes));
 * ```
 */
export function withV8Flags<T>(flags: readonly string[], fn: () => T): T {
  const v8 = flags.length === 0 ? undefined : nodeV8();
  if (v8 === undefined) return fn();
  const mine = flags.filter((f) => (setNow.get(f) ?? 0) === 0);
  for (const f of flags) setNow.set(f, (setNow.get(f) ?? 0) + 1);
  if (mine.length > 0) v8.setFlagsFromString(mine.map((f) => `--${f}`).join(' '));
  try {
    return fn();
  } finally {
    for (const f of flags) setNow.set(f, setNow.get(f)! - 1);
    if (mine.length > 0) v8.setFlagsFromString(mine.map((f) => `--${inverse(f)}`).join(' '));
  }
}

/** Whether {@link runOnce} turns V8's baseline compiler off (undefined: not decided yet). */
let coldFlags: readonly string[] | undefined;

function decideColdFlags(): readonly string[] {
  const s = proc?.env?.NEURITE_SPARKPLUG;
  if (s === '1' || s === 'true' || nodeV8() === undefined) return [];
  const major = v8Major();
  // (Sparkplug is on by default in V8 10-13 on x64 and arm64 outside Android: it is set back on.)
  if (!(major >= 10 && major <= 13) || (proc?.arch !== 'x64' && proc?.arch !== 'arm64') || proc?.platform === 'android') return [];
  // (While the code caches are written the loader keeps it off; a process's own choice stands.)
  if (proc?.env?.NEURITE_CODE_CACHE === 'write') return [];
  if (/sparkplug|jitless|lite-mode|max-lazy/.test(startFlags())) return [];
  return ['no-sparkplug'];
}

/**
 * Runs `fn`, code that runs once or a few times per call and a short while (a `.mod` file's
 * compile), with V8's baseline compiler, Sparkplug, off. V8 compiles a function with Sparkplug, on
 * the main thread, once it has run for a while in the interpreter: worth it for code that goes on
 * running, not for a compiler's first pass over one file, where compiling its busiest functions
 * took longer than it saved (`bench/PROFILE.md`). The optimizing compiler is left as it is. In
 * Node on x64 and arm64 only (elsewhere, or with `NEURITE_SPARKPLUG=1`, or a process started
 * with flags of its own about it, `fn` just runs).
 * @param fn the work
 * @returns what `fn` returns
 * @example
 * ```ts
 * const result = runOnce(() => compileModNow(text));
 * ```
 */
export function runOnce<T>(fn: () => T): T {
  return withV8Flags((coldFlags ??= decideColdFlags()), fn);
}
