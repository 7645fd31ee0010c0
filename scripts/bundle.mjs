#!/usr/bin/env node
// Writes a package's JavaScript into dist/ as a few ES modules instead of one per source file:
// each entry point (the `source` condition of the package's `exports`, and its `bin` scripts) is
// bundled by esbuild from src/, with the code entries share split into chunks beside them. The
// package's dependencies and Node's built-in modules stay imports, so packages still share one
// copy of each other. tsc writes the declarations (`emitDeclarationOnly` in tsconfig.build.json).
//
// Why: Node resolves, reads and compiles each ES module on its own; `import 'neurite'` loaded about
// 75 files and took about 54 ms, and takes about half that as one file per package.
//
// A package may list dependencies to write into its bundle instead (`"inlineDependencies"` in its
// package.json, with their licences in `dist/`): their code then loads with the package's own
// code cache (below). The nmodl-compiler inlines acorn, which every process importing the
// compiler otherwise compiled afresh.
//
//   node ../../scripts/bundle.mjs        (in a package's directory, after tsc)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shimSource, toVmScript } from './code-cache/vm-script.mjs';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

const entries = [];
for (const target of Object.values(pkg.exports ?? {})) {
  if (typeof target === 'object' && target !== null && typeof target.source === 'string') entries.push(target.source);
}
const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const bin of bins) entries.push(bin.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts'));
if (entries.length === 0) {
  console.error(`bundle: ${pkg.name} has no exports with a source condition and no bin`);
  process.exit(1);
}

// JavaScript a previous build left (tsc's one file per module, older chunks, scripts and their
// code caches) goes first.
if (existsSync(join(dir, 'dist'))) {
  for (const f of readdirSync(join(dir, 'dist'), { recursive: true })) {
    if (/\.js(\.map)?$|\.vm\.cache$/.test(f)) rmSync(join(dir, 'dist', f));
  }
}

const inline = new Set(pkg.inlineDependencies ?? []);
const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies })
  .filter((d) => !inline.has(d)).flatMap((d) => [d, `${d}/*`]);
for (const d of inline) {
  if (pkg.dependencies?.[d]) {
    console.error(`bundle: ${pkg.name} inlines ${d}, which is also a run-time dependency: make it a devDependency`);
    process.exit(1);
  }
  // (Its licence travels with its code.)
  const licence = join(dir, 'node_modules', d, 'LICENSE');
  if (!existsSync(licence)) {
    console.error(`bundle: ${pkg.name} inlines ${d}, whose LICENSE is not at ${licence}`);
    process.exit(1);
  }
  mkdirSync(join(dir, 'dist'), { recursive: true });
  copyFileSync(licence, join(dir, 'dist', `LICENSE.${d.replace(/\//g, '-')}`));
}

const result = await build({
  absWorkingDir: dir,
  entryPoints: entries,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Dependencies (other neurite packages among them) and node: built-ins stay imports, unless
  // the package inlines them.
  external: ['node:*', ...external],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});

// The Node.js variant of every module written (scripts/code-cache/vm-script.mjs): `x.node.js` runs
// `x.vm.js` through `vm-load.js` with V8's code cache (scripts/code-cache/write.mjs writes the
// caches once all packages are built). Bins run only in Node: they import the variants.
const binFiles = new Set(bins.map((b) => join(dir, b)));
const relink = (s) => (s.startsWith('.') ? s.replace(/\.js$/, '.node.js') : s);
copyFileSync(join(dirname(fileURLToPath(import.meta.url)), 'code-cache', 'vm-load.js'), join(dir, 'dist', 'vm-load.js'));
for (const out of Object.keys(result.metafile.outputs)) {
  if (!out.endsWith('.js')) continue;
  const file = join(dir, out);
  const code = readFileSync(file, 'utf8');
  const parts = toVmScript(code, out, relink);
  const shim = shimSource(parts, { scriptName: out.split('/').pop().replace(/\.js$/, '.vm.js'), loader: loaderFrom(file), comment: comment(out) });
  // (A bin's shim takes its place.)
  writeFileSync(binFiles.has(file) ? file : file.replace(/\.js$/, '.node.js'), shim);
  writeFileSync(file.replace(/\.js$/, '.vm.js'), parts.script);
}

function loaderFrom(file) {
  const rel = relative(dirname(file), join(dir, 'dist', 'vm-load.js')).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function comment(out) {
  return `Node.js variant of ${out.split('/').pop()}: runs ${out.split('/').pop().replace(/\.js$/, '.vm.js')} with V8's code cache (scripts/code-cache/vm-script.mjs in neurite's repository).`;
}
