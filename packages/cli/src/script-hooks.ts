/**
 * Module resolution hooks for `neurite run script.ts`: a script outside any project that has
 * `neurite` installed still imports `neurite`, `neurite/units` and `@neurite/*`; they resolve to
 * the CLI's own copies. Registered with `module.register` after tsx's hooks, so it runs first.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ResolveContext {
  parentURL?: string;
  conditions?: readonly string[];
  importAttributes?: Record<string, string>;
}

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}

type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;


let fallbackParent: string | undefined;

/** A .ts/.tsx/.js/.jsx file written as an ES module (import/export statements). */
function looksLikeEsm(url: string): boolean {
  if (!/\.[tj]sx?$/.test(new URL(url).pathname) || url.includes('/node_modules/')) return false;
  try {
    return /^\s*(import|export)\s/m.test(readFileSync(fileURLToPath(url), 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Receives the URL to resolve the CLI's own packages from (Node calls it on `module.register`).
 * @example
 * ```ts
 * register(new URL('./script-hooks.js', import.meta.url), { data: { parent: import.meta.url } });
 * ```
 */
export function initialize(data: { parent?: string } | undefined): void {
  fallbackParent = data?.parent;
}

function isNeuriteSpecifier(specifier: string): boolean {
  return specifier === 'neurite' || specifier.startsWith('neurite/') || specifier.startsWith('@neurite/');
}

/**
 * Node's resolve hook. Resolves as usual, except that a script written as an ES module is loaded as one,
 * and a `neurite` import that does not resolve from the script resolves from the CLI.
 * @example
 * ```ts
 * // /tmp/script.ts, with no node_modules near it: import { h } from 'neurite' gets the CLI's neurite
 * ```
 */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    const result = await nextResolve(specifier, context);
    // A script outside any package with "type": "module" would be loaded as CommonJS, where
    // import statements and top-level await fail; a file with import/export is an ES module.
    if (result.format === 'commonjs' && result.url.startsWith('file:') && looksLikeEsm(result.url)) return { ...result, format: 'module' };
    return result;
  } catch (e) {
    if (fallbackParent && isNeuriteSpecifier(specifier)) return nextResolve(specifier, { ...context, parentURL: fallbackParent });
    throw e;
  }
}

interface LoadContext {
  format?: string | null;
  conditions?: readonly string[];
  importAttributes?: Record<string, string>;
}

interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}

type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

/**
 * Node's load hook. A CommonJS file of the user's (not under node_modules) is left to Node's
 * CommonJS loader, where tsx's CommonJS hooks compile its TypeScript and its `require` calls
 * resolve and load as in any CommonJS program (the CLI adds its `neurite` fallback there).
 * Given to the ES module loader instead, its `require` of an ES module such as `neurite` fails
 * on Node 20.
 * @example
 * ```ts
 * // /tmp/script.cts: const { h } = require('neurite') runs, with h the CLI's own preset
 * ```
 */
export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  // URLs with a query are tsx's own (it reads the exports of a CommonJS file imported by an ES module).
  if (context.format === 'commonjs' && url.startsWith('file:') && !url.includes('?') && !url.includes('/node_modules/')) return { format: 'commonjs', source: null, shortCircuit: true };
  return nextLoad(url, context);
}
