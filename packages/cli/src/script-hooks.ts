/**
 * Module resolution hooks for `neurite run script.ts`: a script outside any project that has
 * `neurite` installed still imports `neurite`, `neurite/units` and `@neurite/*`; they resolve to
 * the CLI's own copies. Registered with `module.register` after tsx's hooks, so it runs first.
 * @module
 */

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

/** Receives the URL to resolve the CLI's own packages from. */
export function initialize(data: { parent?: string } | undefined): void {
  fallbackParent = data?.parent;
}

function isNeuriteSpecifier(specifier: string): boolean {
  return specifier === 'neurite' || specifier.startsWith('neurite/') || specifier.startsWith('@neurite/');
}

/** Resolves as usual; a `neurite` import that does not resolve from the script resolves from the CLI. */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    if (fallbackParent && isNeuriteSpecifier(specifier)) return nextResolve(specifier, { ...context, parentURL: fallbackParent });
    throw e;
  }
}
