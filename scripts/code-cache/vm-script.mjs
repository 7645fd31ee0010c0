// Turns one ES module that esbuild wrote into the two files of its Node.js variant: a classic
// script of the same code (imports become parameters, exports a returned object), which Node's
// `vm.Script` can compile with a V8 code cache, and an ES module (the "shim") that imports what
// the script needs, runs it through `vm-load.js` and exports what it returns.
//
// Why: V8 compiles a function the first time it is called. A simulation's first steps call
// hundreds of functions of ours for the first time and so spend most of their time compiling
// them (bench/PROFILE.md). V8 can save the compiled code of a script, functions compiled since
// it ran included, and load it instead of compiling (a code cache); Node 20 offers that only for
// classic scripts (`vm.Script`'s `cachedData`), not for ES modules. scripts/code-cache/write.mjs
// writes the caches after the packages are built.
//
// What the script keeps of the module: the import bindings, all read on its first line (an ES
// module's imports are bound before any of its code runs); every other line where it was, so a
// stack trace's line numbers in `index.vm.js` are those of `index.js`; strict mode; `this`
// undefined. The shim keeps the order in which the module's imports and re-exports are
// evaluated. Forms it cannot carry (top-level await, an exported binding assigned after its
// declaration, names the script uses for itself) stop the build with the file's name.
import { Parser } from 'acorn';

/** Thrown when a module cannot be turned into a script (a form the shim cannot carry). */
export class VmScriptError extends Error {
  constructor(file, message) {
    super(`${file}: ${message}`);
    this.name = 'VmScriptError';
  }
}

/** The parameters of the script's function (the imported modules, `import()`, `import.meta`) and
 * the name of an anonymous default export; a module that uses these names is refused. */
const IMPORTS = '$$vm_imports', DYNAMIC_IMPORT = '$$vm_import', META = '$$vm_meta', DEFAULT = '$$vm_default';
const RESERVED = new Set([IMPORTS, DYNAMIC_IMPORT, META, DEFAULT]);

/**
 * Visits every node under `node` (acorn's ESTree), calling `enter(node, scope)`, where `scope.fn`
 * says whether the node is inside a function and `scope.args` inside one that has `arguments`
 * (not an arrow function).
 */
function walk(node, enter, scope = { fn: false, args: false }) {
  enter(node, scope);
  const isFn = /Function/.test(node.type);
  const inner = isFn ? { fn: true, args: scope.args || node.type !== 'ArrowFunctionExpression' } : scope;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v.type === 'string') walk(v, enter, inner);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      walk(value, enter, inner);
    }
  }
}

/** The identifiers a binding pattern (or an assignment target) names. */
function patternNames(p, out = []) {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier': out.push(p.name); break;
    case 'ArrayPattern': for (const e of p.elements) patternNames(e, out); break;
    case 'ObjectPattern': for (const q of p.properties) patternNames(q.type === 'RestElement' ? q.argument : q.value, out); break;
    case 'RestElement': patternNames(p.argument, out); break;
    case 'AssignmentPattern': patternNames(p.left, out); break;
    default: break; // a member expression assigns no binding
  }
  return out;
}

const keyOf = (node) => (node.type === 'Identifier' ? node.name : node.value);
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const prop = (name) => (IDENTIFIER_NAME.test(name) ? name : JSON.stringify(name));

/**
 * Splits an ES module into a script and the parts of its shim.
 *
 * @param {string} code the module's text, as esbuild writes it
 * @param {string} file its name, for error messages
 * @param {(specifier: string) => string} relink where the shim and the script's `import()` find
 *   a module the original imported (relative modules get their own Node variant)
 * @returns {{ script: string, ascii: boolean, requests: Array<{ kind: 'namespace' | 'side-effect',
 *   specifier: string, attributes: string, index?: number } | { kind: 're-export', text: string }>,
 *   exports: string[], hashbang: string }}
 *
 * @example
 * const { script, exports } = toVmScript('import { a } from "./b.js";\nexport { a };', 'x.js', (s) => s);
 * // script: '(function ($$vm_imports, $$vm_import, $$vm_meta) {"use strict";const { a } = $$vm_imports[0];\n\nreturn { a };\n})'
 */
export function toVmScript(code, file, relink) {
  let ast;
  try {
    ast = Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  } catch (e) {
    throw new VmScriptError(file, `does not parse: ${e.message}`);
  }
  const edits = []; // [start, end, replacement], not overlapping
  const requests = [], bindings = [], exported = new Map();
  const moduleIndex = new Map();
  // A statement's text replaced, keeping its line count.
  const replace = (node, text) => {
    const lines = code.slice(node.start, node.end).split('\n').length - 1;
    edits.push([node.start, node.end, text + '\n'.repeat(lines)]);
  };
  // ` with { type: "json" }` after an import's or re-export's source, as written.
  const attributesOf = (node) => (node.attributes?.length ? code.slice(node.source.end, node.end).replace(/;\s*$/, '') : '');

  let hashbang = '';
  if (code.startsWith('#!')) {
    const end = code.includes('\n') ? code.indexOf('\n') : code.length;
    hashbang = code.slice(0, end);
    edits.push([0, end, '//' + ' '.repeat(Math.max(0, end - 2))]);
  }

  // Top-level declarations, to tell which exported bindings could change after the export.
  const declaredKind = new Map();
  for (const node of ast.body) {
    const d = node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' ? node.declaration : node;
    if (d?.type === 'VariableDeclaration') for (const x of d.declarations) for (const n of patternNames(x.id)) declaredKind.set(n, d.kind);
    else if ((d?.type === 'FunctionDeclaration' || d?.type === 'ClassDeclaration') && d.id) declaredKind.set(d.id.name, d.type);
  }

  for (const node of ast.body) {
    if (node.type === 'ImportDeclaration') {
      const specifier = relink(node.source.value), attributes = attributesOf(node);
      replace(node, '');
      if (node.specifiers.length === 0) {
        requests.push({ kind: 'side-effect', specifier, attributes });
        continue;
      }
      const key = `${specifier}\n${attributes}`;
      if (!moduleIndex.has(key)) {
        moduleIndex.set(key, moduleIndex.size);
        requests.push({ kind: 'namespace', specifier, attributes, index: moduleIndex.size - 1 });
      }
      const k = moduleIndex.get(key);
      const named = [];
      for (const s of node.specifiers) {
        if (s.type === 'ImportNamespaceSpecifier') bindings.push(`const ${s.local.name} = ${IMPORTS}[${k}];`);
        else if (s.type === 'ImportDefaultSpecifier') bindings.push(`const ${s.local.name} = ${IMPORTS}[${k}].default;`);
        else {
          const imported = keyOf(s.imported);
          named.push(imported === s.local.name ? imported : `${prop(imported)}: ${s.local.name}`);
        }
      }
      if (named.length) bindings.push(`const { ${named.join(', ')} } = ${IMPORTS}[${k}];`);
    } else if (node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source)) {
      // Re-exports go to the shim as they are, with the source relinked, in their place among
      // the imports.
      const text = code.slice(node.start, node.source.start) + JSON.stringify(relink(node.source.value)) + code.slice(node.source.end, node.end);
      requests.push({ kind: 're-export', text: text.trim().replace(/;?$/, ';') });
      replace(node, '');
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) {
        const d = node.declaration;
        const names = d.type === 'VariableDeclaration' ? d.declarations.flatMap((x) => patternNames(x.id)) : [d.id.name];
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
        exported.set('default', DEFAULT);
        // (An anonymous function or class is named "default", as the module would name it.)
        const anonymous = /Function|Class/.test(d.type) && !d.id;
        edits.push([node.start, d.start, `const ${DEFAULT} = ${anonymous ? '({ default: ' : ''}`]);
        const end = code[node.end - 1] === ';' && !/Declaration$/.test(d.type) ? node.end - 1 : node.end;
        edits.push([end, end, `${anonymous ? ' }).default' : ''};`]);
      }
    }
  }

  const reassigned = new Set();
  walk(ast, (node, scope) => {
    if (node.type === 'ImportExpression') {
      edits.push([node.start, node.source.start, `${DYNAMIC_IMPORT}(`]);
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') {
        edits.push([node.source.start, node.source.end, JSON.stringify(relink(node.source.value))]);
      }
    } else if (node.type === 'MetaProperty' && node.meta.name === 'import') {
      edits.push([node.start, node.end, META]);
    } else if ((node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) && !scope.fn) {
      throw new VmScriptError(file, 'top-level await (a script cannot wait)');
    } else if (node.type === 'Identifier' && RESERVED.has(node.name)) {
      throw new VmScriptError(file, `the name ${node.name} (the script's own)`);
    } else if (node.type === 'Identifier' && node.name === 'arguments' && !scope.args) {
      throw new VmScriptError(file, '`arguments` outside a function (the script is a function)');
    } else if (node.type === 'AssignmentExpression') {
      for (const n of patternNames(node.left)) reassigned.add(n);
    } else if (node.type === 'UpdateExpression') {
      for (const n of patternNames(node.argument)) reassigned.add(n);
    } else if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type !== 'VariableDeclaration') {
      for (const n of patternNames(node.left)) reassigned.add(n);
    }
  });
  // (By name: a local of the same name in a function counts too, and stops the build; rename it.)
  for (const local of exported.values()) {
    if (declaredKind.has(local) && declaredKind.get(local) !== 'const' && reassigned.has(local)) {
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
  const script = `(function (${IMPORTS}, ${DYNAMIC_IMPORT}, ${META}) {"use strict";${bindings.join(' ')}${body}\nreturn { ${returned.join(', ')} };\n})`;
  try {
    Parser.parse(script, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch (e) {
    throw new VmScriptError(file, `the script written from it does not parse: ${e.message}`);
  }
  return { script, ascii: !/[^\x00-\x7f]/.test(script), requests, exports: [...exported.keys()], hashbang };
}

/**
 * The shim: an ES module that imports the script's modules (in the module's order), runs the
 * script through the package's `vm-load.js` and exports what the script returns.
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
  for (const r of parts.requests) {
    if (r.kind === 're-export') lines.push(r.text);
    else if (r.kind === 'side-effect') lines.push(`import ${JSON.stringify(r.specifier)}${r.attributes};`);
    else lines.push(`import * as $$vm_${r.index} from ${JSON.stringify(r.specifier)}${r.attributes};`);
  }
  lines.push(`import { load as $$vm_load } from ${JSON.stringify(loader)};`);
  const args = `[${parts.requests.filter((r) => r.kind === 'namespace').map((r) => `$$vm_${r.index}`).join(', ')}]`;
  // (`import()` of a module of the package named at run time finds its Node variant too.)
  const dynamicImport = "(s, o) => import(typeof s === 'string' && /^\\.\\.?\\/.*(?<!\\.node)\\.js$/.test(s) ? `${s.slice(0, -3)}.node.js` : s, o)";
  lines.push(`const $$vm_m = $$vm_load(import.meta, ${JSON.stringify(scriptName)}, ${JSON.stringify(parts.ascii ? 'latin1' : 'utf8')}, ${args}, ${dynamicImport});`);
  if (parts.exports.length) {
    lines.push(`const { ${parts.exports.map((n, i) => `${prop(n)}: $$vm_e${i}`).join(', ')} } = $$vm_m;`);
    lines.push(`export { ${parts.exports.map((n, i) => `$$vm_e${i} as ${IDENTIFIER_NAME.test(n) ? n : JSON.stringify(n)}`).join(', ')} };`);
  }
  return lines.join('\n') + '\n';
}
