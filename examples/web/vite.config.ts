import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page of examples/web: `pnpm --filter neurite-examples web` serves it,
// `web:build` writes examples/web/dist, `web:report` measures the bundle and the first trace.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Use the workspace packages' TypeScript sources (the `source` export condition), so the page
  // runs without building them first.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // BokehJS registers its models by class name: minification must keep them.
    rolldownOptions: { output: { keepNames: true } },
  },
});
