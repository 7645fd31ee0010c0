/**
 * Reading model files: JSON or YAML, checked against the published JSON Schema; every problem
 * is reported with the file, `line:column`, the JSON path and a fix.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import { CliError, ModelError, ModelErrors, didYouMean } from './errors.js';
import type { ModelDocument } from './model-types.js';

/** A path into a model document: keys and array indices. */
export type DocPath = readonly (string | number)[];

/**
 * The JSON path text of a document path.
 * @example
 * ```ts
 * jsonPath(['cells', 'cell', 'sections', 'soma', 'L']); // '$.cells.cell.sections.soma.L'
 * jsonPath(['outputs', 0]);                           // '$.outputs[0]'
 * ```
 */
export function jsonPath(path: DocPath): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/**
 * A model file as read: its document and a way to point at places in its text.
 *
 * @example
 * ```ts
 * const model = readModelFile('tutorial.model.json');
 * model.doc.run?.tstop;
 * throw model.error(['run', 'tstop'], 'must be > 0', 'use a positive time in ms');
 * ```
 */
export class ModelFile {
  /** The file name as given. */
  readonly file: string;
  /** Its folder (absolute): relative names in the model are relative to it. */
  readonly dir: string;
  /** The validated document. */
  readonly doc: ModelDocument;
  readonly #text: string;
  #yaml: { doc: Document; lines: LineCounter } | undefined;

  /** @param file the file name @param text its text @param doc the document (already validated) */
  constructor(file: string, text: string, doc: ModelDocument) {
    this.file = file;
    this.dir = dirname(resolve(file));
    this.doc = doc;
    this.#text = text;
  }

  /** `line:column` of the value at `path`, or undefined when it cannot be found. */
  position(path: DocPath): string | undefined {
    if (!this.#text) return undefined;
    this.#yaml ??= parseWithPositions(this.#text);
    let node: unknown = this.#yaml.doc.contents;
    let range: readonly number[] | undefined = (node as { range?: number[] } | null)?.range;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
        if (!pair) break;
        node = pair.value;
        range = (node as { range?: number[] } | null)?.range ?? (pair.key as { range?: number[] } | null)?.range;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        range = (node as { range?: number[] } | null)?.range;
      } else {
        break;
      }
    }
    if (!range) return undefined;
    const { line, col } = this.#yaml.lines.linePos(range[0]);
    return `${line}:${col}`;
  }

  /** A {@link ModelError} about the value at `path`. */
  error(path: DocPath, problem: string, fix?: string, code: 'MODEL_INVALID' | 'MODEL_ERROR' = 'MODEL_ERROR'): ModelError {
    return new ModelError(this.file, jsonPath(path), problem, fix, code, this.position(path));
  }

  /** Resolves a file name written in the model (relative to the model's folder). */
  resolve(name: string): string {
    return resolve(this.dir, name);
  }
}

function parseWithPositions(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false });
  return { doc, lines };
}

let validator: ValidateFunction | undefined;

/**
 * The published JSON Schema of model files (`schema/model.schema.json`), as an object.
 * @example
 * ```ts
 * const schema = modelSchema();
 * Object.keys(schema.properties as object); // ['$schema', 'name', ..., 'cells', ...]
 * ```
 */
export function modelSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../schema/model.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validator = ajv.compile(modelSchema());
  }
  return validator;
}

const MODEL_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * True when `file` is named like a model file (.json, .yaml, .yml).
 * @example
 * ```ts
 * isModelFileName('cell.yaml'); // true
 * ```
 */
export function isModelFileName(file: string): boolean {
  return MODEL_EXTENSIONS.includes(extname(file).toLowerCase());
}

/**
 * Reads and validates a model file (JSON or YAML, by extension).
 *
 * @throws {CliError} FILE_NOT_FOUND, or MODEL_INVALID naming every problem with its JSON path
 * @example
 * ```ts
 * const model = readModelFile('tutorial.model.yaml');
 * console.log(Object.keys(model.doc.cells));
 * ```
 */
export function readModelFile(file: string): ModelFile {
  if (!existsSync(file)) throw new CliError('FILE_NOT_FOUND', `${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  return parseModelText(file, text);
}

/**
 * Parses and validates model text; `file` names it in errors and picks JSON or YAML.
 *
 * @example
 * ```ts
 * const model = parseModelText('inline.json', '{"cells": {"c": {"sections": {"soma": {}}}}}');
 * ```
 */
export function parseModelText(file: string, text: string): ModelFile {
  let data: unknown;
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      data = JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const m = /position (\d+)/.exec(msg);
      let where = '';
      if (m) {
        const before = text.slice(0, Number(m[1]));
        const line = before.split('\n').length;
        where = `:${line}:${Number(m[1]) - before.lastIndexOf('\n')}`;
      }
      throw new CliError('MODEL_INVALID', `${file}${where}: not valid JSON: ${msg}\n  fix: correct the syntax (a missing comma or quote, a trailing comma)`);
    }
  } else {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      throw new CliError('MODEL_INVALID', `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}\n  fix: correct the YAML syntax (indentation, a missing colon)`);
    }
    data = doc.toJS();
  }
  const check = validate();
  if (!check(data)) {
    const shell = new ModelFile(file, text, {} as ModelDocument);
    throw new ModelErrors(schemaErrors(check.errors ?? [], shell, data));
  }
  return new ModelFile(file, text, data as ModelDocument);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const k = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(k) ? Number(k) : k;
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function schemaDescription(e: ErrorObject): string {
  const d = (e.parentSchema as { description?: string } | undefined)?.description;
  return d ? `. ${d.replace(/\.$/, '')}` : '';
}

/** Turns ajv's errors into model errors with paths and fixes, the most specific first. */
function schemaErrors(errors: readonly ErrorObject[], model: ModelFile, data: unknown): ModelError[] {
  // A oneOf that failed: keep what its branches said, except "wrong type" at the same place
  // (one branch always has the wrong type); when nothing specific remains, say "must be A or B".
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const specific = errors.filter((e) => {
    if (e.keyword === 'oneOf') return false;
    if (oneOfPaths.has(e.instancePath) && e.keyword === 'type') return false;
    if (e.keyword === 'if' || e.keyword === '$ref') return false;
    return true;
  });
  const kept = [...specific];
  for (const e of errors) {
    if (e.keyword !== 'oneOf') continue;
    if (!specific.some((s) => s.instancePath === e.instancePath || s.instancePath.startsWith(`${e.instancePath}/`))) kept.push(e);
  }
  const out: ModelError[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const path = pointerToPath(e.instancePath);
    let problem: string;
    let fix: string | undefined;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        problem = `missing '${String(p.missingProperty)}'`;
        fix = `add "${String(p.missingProperty)}"${schemaDescription({ ...e, parentSchema: (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[String(p.missingProperty)] as ErrorObject['parentSchema'] })}`;
        break;
      case 'additionalProperties': {
        const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
        const name = String(p.additionalProperty);
        path.push(name);
        problem = `unknown property '${name}'${didYouMean(name, known)}`;
        fix = `remove it or correct its spelling; allowed here: ${known.join(', ')}`;
        break;
      }
      case 'propertyNames': {
        const name = String(p.propertyName);
        path.push(name);
        problem = `'${name}' is not a valid name`;
        fix = 'use letters, digits and _ only, not starting with a digit (e.g. soma, dend_1)';
        break;
      }
      case 'type':
        problem = `must be ${String(p.type).replace(/^(object|array|integer)$/, (t) => ({ object: 'an object', array: 'a list', integer: 'a whole number' })[t] ?? t)}, got ${describe(e.data)}`;
        fix = `write ${String(p.type) === 'number' || String(p.type) === 'integer' ? 'a number without quotes' : `${String(p.type) === 'object' ? 'an object { ... }' : String(p.type) === 'array' ? 'a list [ ... ]' : `a ${String(p.type)}`}`}${schemaDescription(e)}`;
        break;
      case 'exclusiveMinimum':
      case 'minimum':
      case 'maximum':
      case 'exclusiveMaximum':
        problem = `must be ${String(p.comparison)} ${String(p.limit)}, got ${describe(e.data)}`;
        fix = `use a value ${String(p.comparison)} ${String(p.limit)}${schemaDescription(e)}`;
        break;
      case 'enum':
        problem = `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describe(e.data)}`;
        fix = `use one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${schemaDescription(e)}`;
        break;
      case 'pattern': {
        const pattern = String(p.pattern);
        problem = `${describe(e.data)} is not valid here`;
        if (pattern.includes('html')) fix = 'name a file ending in .csv, .tsv, .txt, .json, .p, .pkl, .pickle, .npy, .npz or .html';
        else if (pattern.includes('\\(')) fix = 'write a location as section(x), e.g. soma(0.5), with 0 <= x <= 1';
        else fix = 'use letters, digits and _ only, not starting with a digit';
        break;
      }
      case 'minProperties':
        problem = 'must not be empty';
        fix = path[path.length - 1] === 'cells' ? 'describe at least one cell: { "cell": { "sections": { "soma": { "L": 20, "diam": 20 } } } }' : 'add at least one entry';
        break;
      case 'minLength':
        problem = 'must not be empty';
        break;
      case 'oneOf': {
        const branches = ((e.schema as unknown[] | undefined) ?? []).map((b) => {
          const t = (b as { type?: string; $ref?: string }).type ?? (b as { $ref?: string }).$ref?.split('/').pop();
          return t === 'object' ? 'an object' : t === 'array' ? 'a list' : `a ${t ?? 'value'}`;
        });
        problem = `must be ${branches.join(' or ')}, got ${describe(e.data)}`;
        fix = `write it as ${branches.join(' or ')}${schemaDescription(e)}`;
        break;
      }
      default:
        problem = e.message ?? `fails the schema's '${e.keyword}' rule`;
    }
    const err = model.error(path, problem, fix, 'MODEL_INVALID');
    if (seen.has(err.message)) continue;
    seen.add(err.message);
    out.push(err);
  }
  void data;
  return out.length > 0 ? out : [model.error([], 'does not follow the model schema', undefined, 'MODEL_INVALID')];
}
