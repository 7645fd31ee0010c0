// Turns one ES module that esbuild wrote into the two files of its Node.js variant: a classic
// script of the same code (imports become parameters, exports a returned object), which Node's
// `vm.Script` can compile with a V8 code cache, and an ES module (the "shim") that imports what
// the script needs, runs it through `vm-load.js` and exports what it returns.
//
// Why: V8 compiles a function the first time it is called. A simulation's first steps call
// hundreds of functions of ours for the first time and so spend most of their time compiling
// them (bench/PROFILE.md). V8 can save the compiled code of a script, functions compiled since
// it ran included, and load it instead of compiling (a code cache); Node 20 offers that only for
// classic scripts (`vm.Script`'s `cachedData`), not for ES modules. scripts/code-cache/write.mjs writes
// the caches after the packages are built.
//
// The script keeps the module's lines where they were (an import or export is replaced on its own
// lines), so a stack trace's line numbers in `index.vm.js` are those of `index.js` and its map.
import { createHash } from 'node:crypto';
import { Parser } from 'acorn';

/** Thrown when a module cannot be turned into a script (a form the shim cannot carry). */
export class VmScriptError extends Error {
  constructor(file, message) {
    super(`${file}: ${message}`);
    this.name = 'VmScriptError';
  }
}

/** The parameters of the script's function: the imported modules, `import()`, `import.meta`. */
const IMPORTS = '$imports', DYNAMIC_IMPORT = '$import', META = '$meta';

/** Visits every node under `node` (acorn's ESTree), calling `enter(node, inFunction)`. */
function walk(node, enter, inFunction = false) {
  enter(node, inFunction);
  const fn = inFunction || /Function/.test(node.type);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v.type === 'string') walk(v, enter, fn);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      walk(value, enter, fn);
    }
  }
}

const keyOf = (node) => (node.type === 'Identifier' ? node.name : node.value);
const prop = (name) => (/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name) ? name : JSON.stringify(name));

/**
 * Splits an ES module into a script and the parts of its shim.
 *
 * @param {string} code the module's text (ASCII, as esbuild writes it)
 * @param {string} file its name, for error messages
 * @param {(specifier: string) => string} relink where the shim and the script's `import()` find
 *   a module the original imported (relative modules get their own Node variant)
 * @returns {{ script: string, id: string, imports: string[], sideEffects: string[],
 *   reexports: string[], exports: string[], hasDefault: boolean, hashbang: string }}
 *
 * @example
 * const { script, exports } = toVmScript('import { a } from "./b.js";\nexport { a };', 'x.js', (s) => s);
 * // script: '(function ($imports, $import, $meta) {"use strict";const { a } = $imports[0];\n ...})'
 */
export function toVmScript(code, file, relink) {
  let ast;
  try {
    ast = Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  } catch (e) {
    throw new VmScriptError(file, `does not parse: ${e.message}`);
  }
  const edits = []; // [start, end, replacement], not overlapping
  const imports = [], sideEffects = [], reexports = [], exported = new Map();
  const moduleIndex = new Map();
  const indexOf = (specifier) => {
    if (!moduleIndex.has(specifier)) {
      moduleIndex.set(specifier, imports.length);
      imports.push(relink(specifier));
    }
    return moduleIndex.get(specifier);
  };
  // Replaces a statement, keeping its line count.
  const replace = (node, text) => {
    const lines = code.slice(node.start, node.end).split('\n').length - 1;
    edits.push([node.start, node.end, text + '\n'.repeat(lines)]);
  };

  let hashbang = '';
  if (code.startsWith('#!')) {
    const end = code.indexOf('\n');
    hashbang = code.slice(0, end);
    edits.push([0, end, '//' + ' '.repeat(Math.max(0, end - 2))]);
  }

  for (const node of ast.body) {
    if (node.type === 'ImportDeclaration') {
      const source = node.source.value;
      if (node.specifiers.length === 0) {
        sideEffects.push(relink(source));
        replace(node, '');
        continue;
      }
      const k = indexOf(source);
      const parts = [], named = [];
      for (const s of node.specifiers) {
        if (s.type === 'ImportNamespaceSpecifier') parts.push(`const ${s.local.name} = ${IMPORTS}[${k}];`);
        else if (s.type === 'ImportDefaultSpecifier') parts.push(`const ${s.local.name} = ${IMPORTS}[${k}].default;`);
        else {
          const imported = keyOf(s.imported);
          named.push(imported === s.local.name ? imported : `${prop(imported)}: ${s.local.name}`);
        }
      }
      if (named.length) parts.push(`const { ${named.join(', ')} } = ${IMPORTS}[${k}];`);
      replace(node, parts.join(' '));
    } else if (node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source)) {
      // Re-exports go to the shim as they are, with the source relinked.
      const text = code.slice(node.start, node.source.start) + JSON.stringify(relink(node.source.value)) + code.slice(node.source.end, node.end);
      reexports.push(text.trim());
      replace(node, '');
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) {
        const d = node.declaration;
        const names = d.type === 'VariableDeclaration' ? d.declarations.map((x) => {
          if (x.id.type !== 'Identifier') throw new VmScriptError(file, 'an exported destructuring declaration');
          return x.id.name;
        }) : [d.id.name];
        if (d.type === 'VariableDeclaration' && d.kind !== 'const') throw new VmScriptError(file, `exported \`${d.kind}\` ${names.join(', ')}: a live binding the shim cannot carry`);
        for (const n of names) exported.set(n, n);
        edits.push([node.start, d.start, '']);
      } else {
        for (const s of node.specifiers) exported.set(keyOf(s.exported), keyOf(s.local));
        replace(node, '');
      }
    } else if (node.type === 'ExportDefaultDeclaration') {
      const d = node.declaration;
      if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
        exported.set('default', d.id.name);
        edits.push([node.start, d.start, '']);
      } else {
        exported.set('default', '$default');
        edits.push([node.start, d.start, 'const $default = ']);
        if (!/Declaration$/.test(d.type)) edits.push([node.end, node.end, code[node.end - 1] === ';' ? '' : ';']);
      }
    }
  }

  // `let` and `var` bindings that are exported and assigned again later would stop being live.
  const declaredKind = new Map();
  for (const node of ast.body) {
    if (node.type === 'VariableDeclaration') for (const d of node.declarations) if (d.id.type === 'Identifier') declaredKind.set(d.id.name, node.kind);
  }
  const reassigned = new Set();
  walk(ast, (node, inFunction) => {
    if (node.type === 'ImportExpression') {
      edits.push([node.start, node.source.start, `${DYNAMIC_IMPORT}(`]);
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') {
        edits.push([node.source.start, node.source.end, JSON.stringify(relink(node.source.value))]);
      }
    } else if (node.type === 'MetaProperty' && node.meta.name === 'import') {
      edits.push([node.start, node.end, META]);
    } else if (node.type === 'AwaitExpression' && !inFunction) {
      throw new VmScriptError(file, 'top-level await (a script cannot wait)');
    } else if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') {
      reassigned.add(node.left.name);
    } else if (node.type === 'UpdateExpression' && node.argument.type === 'Identifier') {
      reassigned.add(node.argument.name);
    } else if (node.type === 'TaggedTemplateExpression' && /[^\x00-\x7f]/.test(code.slice(node.quasi.start, node.quasi.end))) {
      throw new VmScriptError(file, 'a tagged template with characters beyond ASCII (its raw text would change)');
    }
  });
  for (const local of exported.values()) {
    if (declaredKind.get(local) && declaredKind.get(local) !== 'const' && reassigned.has(local)) {
      throw new VmScriptError(file, `exported \`${local}\` is assigned after its declaration: a live binding the shim cannot carry`);
    }
  }

  edits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let body = '', at = 0;
  for (const [start, end, text] of edits) {
    if (start < at) throw new VmScriptError(file, 'overlapping rewrites (an import or export form this script does not expect)');
    body += code.slice(at, start) + text;
    at = end;
  }
  body += code.slice(at);
  const returned = [...exported].map(([name, local]) => (name === local ? name : `${prop(name)}: ${local}`));
  // The loader reads the script as Latin-1, the fastest decoding: characters beyond ASCII (in
  // names such as `µM`, and in comments; esbuild escapes them in strings) are written as escapes.
  const script = `(function (${IMPORTS}, ${DYNAMIC_IMPORT}, ${META}) {"use strict";${body}\nreturn { ${returned.join(', ')} };\n})`
    .replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
  const id = createHash('sha256').update(script).digest('hex').slice(0, 16);
  return { script, id, imports, sideEffects, reexports, exports: [...exported.keys()], hasDefault: exported.has('default'), hashbang };
}

/**
 * The shim: an ES module that imports the script's modules, runs the script through the
 * package's `vm-load.js` and exports what the script returns.
 *
 * @param {ReturnType<typeof toVmScript>} parts
 * @param {{ scriptName: string, loader: string, comment: string }} where the script's file name
 *   beside the shim, the loader's path from the shim, a line saying what the shim is
 * @returns {string}
 *
 * @example
 * shimSource(toVmScript(code, 'index.js', relink), { scriptName: 'index.vm.js', loader: './vm-load.js', comment: '...' });
 */
export function shimSource(parts, { scriptName, loader, comment }) {
  const lines = [];
  if (parts.hashbang) lines.push(parts.hashbang);
  lines.push(`// ${comment}`);
  parts.imports.forEach((s, k) => lines.push(`import * as $${k} from ${JSON.stringify(s)};`));
  for (const s of parts.sideEffects) lines.push(`import ${JSON.stringify(s)};`);
  lines.push(`import { load as $load } from ${JSON.stringify(loader)};`);
  const args = `[${parts.imports.map((_, k) => `$${k}`).join(', ')}]`;
  lines.push(`const $m = $load(import.meta, ${JSON.stringify(scriptName)}, ${JSON.stringify(parts.id)}, ${args}, (s) => import(s));`);
  const named = parts.exports.filter((n) => n !== 'default');
  if (named.some((n) => !/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(n))) throw new VmScriptError(scriptName, 'an export whose name is not an identifier');
  if (named.length) lines.push(`export const { ${named.join(', ')} } = $m;`);
  if (parts.hasDefault) lines.push('export default $m.default;');
  lines.push(...parts.reexports);
  return lines.join('\n') + '\n';
}
