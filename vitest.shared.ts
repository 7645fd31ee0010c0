/** Settings every package's vitest project shares: tests import workspace packages from their
 * TypeScript sources (the `source` export condition), never from a possibly stale `dist/`. */
export const shared = {
  resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
};
