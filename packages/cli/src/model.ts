/**
 * Building a model file into a simulation, and the paths that name its parts on the command line
 * and in `record`: `soma(0.5).v`, `soma.hh.gnabar`, `stim.amp`, `usetable_hh`, `tstop`.
 * @module
 */
import { createH, NeuriteError, type Catalogue, type MechanismType, type NeuriteH, type PointProcess, type Section, type Vector } from 'neurite';
import type { NetCon, Reference, Segment } from '@neurite/core';
import { CliError, didYouMean } from './errors.js';
import type { DocPath, ModelFile } from './model-file.js';
import { RUN_KEYS, type RunKey } from './model-types.js';

/** Run settings with every value known. */
export type RunSettings = Record<RunKey, number>;

/**
 * The defaults of run settings (NEURON's stdrun defaults).
 * @example
 * ```ts
 * const run = { ...DEFAULT_RUN, tstop: 40 };
 * ```
 */
export const DEFAULT_RUN: Readonly<RunSettings> = { dt: 0.025, tstop: 5, v_init: -65, celsius: 6.3, secondorder: 0 };

/** One recorded column. */
export interface RecordedColumn {
  /** The column name (the path, or the name given in the model). */
  readonly name: string;
  /** The path it records, e.g. `soma(0.5).v`. */
  readonly path: string;
  /** The vector it records into. */
  readonly vec: Vector;
}

/** A model file built into its own simulation. */
export interface BuiltModel {
  /** The simulation. */
  readonly h: NeuriteH;
  /** Sections by name. */
  readonly sections: ReadonlyMap<string, Section>;
  /** Section names by cell. */
  readonly cells: ReadonlyMap<string, readonly string[]>;
  /** Point processes by name. */
  readonly pointProcesses: ReadonlyMap<string, PointProcess>;
  /** NetCons by name. */
  readonly netcons: ReadonlyMap<string, NetCon>;
  /** The time vector. */
  readonly t: Vector;
  /** The other recordings, in order. */
  readonly recordings: readonly RecordedColumn[];
  /** Run settings: the model's, over the defaults (command-line overrides are applied later). */
  readonly run: RunSettings;
}

/** A failure to resolve a path: a message with what exists instead. */
class PathError extends Error {}

const LOCATION = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(\s*([-+0-9.eE]+)\s*\))?$/;

/** What paths resolve against: a model's sections, point processes and simulation. */
export interface ModelParts {
  /** The sections, by name. */
  readonly sections: ReadonlyMap<string, Section>;
  /** The point processes and artificial cells, by name. */
  readonly pointProcesses: ReadonlyMap<string, PointProcess>;
  /** The NetCons, by name. */
  readonly netcons?: ReadonlyMap<string, NetCon>;
  /** The simulation (for `t`, run settings and mechanism globals). */
  readonly h: NeuriteH;
}
type Parts = ModelParts;

const NETCON_PROPS = ['weight', 'delay', 'threshold'] as const;

/** Splits `soma(0.5).hh.m` into `soma(0.5)` and `hh.m` (rest undefined when there is no dot). */
function splitHead(path: string): { head: string; rest: string | undefined } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?)(?:\.(.*))?$/.exec(path);
  if (!m) {
    const dot = path.indexOf('.');
    return dot < 0 ? { head: path, rest: undefined } : { head: path.slice(0, dot), rest: path.slice(dot + 1) };
  }
  return { head: m[1]!, rest: m[2] };
}

function parseLocation(text: string): { sec: string; x: number | undefined } {
  const m = LOCATION.exec(text.trim());
  if (!m) throw new PathError(`'${text}' is not a location; write section(x), e.g. soma(0.5)`);
  const x = m[2] === undefined ? undefined : Number(m[2]);
  if (x !== undefined && !(x >= 0 && x <= 1)) throw new PathError(`${text}: x must be from 0 to 1, got ${m[2]}; give a location from 0 to 1, such as ${m[1]}(0.5)`);
  return { sec: m[1], x };
}

function sectionOf(parts: Parts, name: string): Section {
  const sec = parts.sections.get(name);
  if (!sec) {
    throw new PathError(`there is no section '${name}'${didYouMean(name, parts.sections.keys())}; use one of the sections: ${[...parts.sections.keys()].join(', ')}`);
  }
  return sec;
}

function segmentAt(parts: Parts, text: string): Segment {
  const { sec, x } = parseLocation(text);
  return sectionOf(parts, sec)(x ?? 0.5);
}

function densityType(catalogue: Catalogue, name: string): MechanismType {
  const type = catalogue.find(name);
  if (!type) {
    const density = [...catalogue].filter((t) => t.kind === 'density').map((t) => t.name);
    throw new PathError(`there is no mechanism '${name}'${didYouMean(name, catalogue.names())}; use one of the density mechanisms (${density.join(', ')}), or put its .mod file next to the model or in a --mod folder`);
  }
  if (type.kind !== 'density') throw new PathError(`'${name}' is a point process, not a density mechanism: add it under pointProcesses`);
  return type;
}

function parameterNames(type: MechanismType): string[] {
  return type.fields.filter((f) => f.range && f.kind === 'parameter').map((f) => f.name);
}

function checkField(type: MechanismType, name: string, what: 'parameter' | 'variable'): void {
  const names = type.fields.filter((f) => f.range).flatMap((f) => (f.name === 'del' ? ['del', 'delay'] : [f.name]));
  if (!names.includes(name)) {
    const listed = what === 'parameter' ? parameterNames(type) : names;
    throw new PathError(`${type.name} has no ${what} '${name}'${didYouMean(name, names)}; use one of its ${what}s: ${listed.join(', ')} (neurite info lists them with units)`);
  }
}

function pointTypeNames(catalogue: Catalogue): string[] {
  return [...catalogue].filter((t) => t.kind !== 'density').map((t) => t.name);
}

function allGlobals(catalogue: Catalogue): string[] {
  return [...catalogue].flatMap((t) => t.globals.map((g) => `${g.name}_${t.name}`));
}

/** A value setter: what `--set path=value` and `--param path=...` resolve to. */
export type Setter = (value: number, run: RunSettings) => void;

const SECTION_PROPS = ['L', 'diam', 'nseg', 'Ra', 'cm'] as const;

/**
 * Resolves a settable path of a built model: run settings (`tstop`), section properties
 * (`soma.L`, `soma(0.5).diam`), mechanism parameters (`soma.hh.gnabar`, `soma(0.5).hh.gnabar`,
 * `soma.gnabar_hh`), point-process variables (`stim.amp`, or `amp` when one point process has
 * it) and globals (`usetable_hh`).
 *
 * @throws {Error} a message naming what exists instead
 * @example
 * ```ts
 * const set = resolveSetter(built, 'soma.hh.gnabar');
 * set(0.2, run);
 * ```
 */
export function resolveSetter(built: Parts, path: string): Setter {
  const p = path.trim();
  const runKey = p.startsWith('run.') ? p.slice(4) : p;
  if ((RUN_KEYS as readonly string[]).includes(runKey)) {
    return (value, run) => {
      run[runKey as RunKey] = value;
    };
  }
  const catalogue = built.h.catalogue;
  const split = splitHead(p);
  if (split.rest === undefined && !p.startsWith('globals.')) {
    const name = p;
    const ref = built.h.simulation.globalRef(name);
    if (ref) return (value) => ref.set(value);
    const owners = [...built.pointProcesses].filter(([, pp]) => pp.type.fields.some((f) => f.name === name || (f.name === 'del' && name === 'delay')));
    if (owners.length === 1) {
      const pp = owners[0]![1];
      return (value) => {
        (pp as unknown as Record<string, number>)[name] = value;
      };
    }
    if (owners.length > 1) {
      throw new PathError(`'${name}' is ambiguous: ${owners.map(([n]) => `${n}.${name}`).join(', ')} all have it; write one of those`);
    }
    const candidates = [...RUN_KEYS, ...allGlobals(catalogue), ...[...built.pointProcesses].flatMap(([n, pp]) => pp.type.fields.map((f) => `${n}.${f.name}`))];
    throw new PathError(`'${name}' is not a run setting, a global or a point-process variable${didYouMean(name, candidates)}; write section.property (soma.L), section.mechanism.parameter (soma.hh.gnabar), pointprocess.variable (stim.amp), a global (usetable_hh) or one of ${RUN_KEYS.join(', ')}`);
  }
  if (p.startsWith('globals.')) return resolveSetter(built, p.slice(8));
  const head = split.head;
  const rest = split.rest ?? '';
  const pp = built.pointProcesses.get(head);
  if (pp) {
    checkField(pp.type, rest, 'variable');
    return (value) => {
      (pp as unknown as Record<string, number>)[rest] = value;
    };
  }
  const nc = built.netcons?.get(head);
  if (nc) {
    const m = /^weight(?:\[(\d+)\])?$/.exec(rest);
    if (m) {
      const i = Number(m[1] ?? 0);
      if (i >= nc.weight.length) throw new PathError(`${head}.weight has ${nc.weight.length} element${nc.weight.length === 1 ? '' : 's'}; use weight[0]..weight[${nc.weight.length - 1}]`);
      return (value) => {
        nc.weight[i] = value;
      };
    }
    if (rest === 'delay' || rest === 'threshold') {
      return (value) => {
        nc[rest] = value;
      };
    }
    throw new PathError(`a NetCon has no '${rest}'${didYouMean(rest, NETCON_PROPS)}; set ${head}.weight, ${head}.weight[1], ${head}.delay or ${head}.threshold`);
  }
  const headSec = LOCATION.exec(head)?.[1];
  if (headSec === undefined || !built.sections.has(headSec)) {
    const names = [...built.sections.keys(), ...built.pointProcesses.keys(), ...(built.netcons?.keys() ?? [])];
    throw new PathError(`'${head}' is neither a section nor a point process${didYouMean(headSec ?? head, names)}; the sections are ${[...built.sections.keys()].join(', ')}${built.pointProcesses.size ? `; the point processes are ${[...built.pointProcesses.keys()].join(', ')}` : ''}`);
  }
  const { sec: secName, x } = parseLocation(head);
  const sec = sectionOf(built, secName);
  const segments = (): Segment[] => (x === undefined ? [...sec] : [sec(x)]);
  const parts = rest.split('.');
  if (parts.length === 1) {
    const prop = parts[0]!;
    if ((SECTION_PROPS as readonly string[]).includes(prop)) {
      if (x !== undefined && prop !== 'diam' && prop !== 'cm') {
        throw new PathError(`${prop} belongs to the whole section: write ${secName}.${prop}, without (x)`);
      }
      return (value) => {
        if (x === undefined) (sec as unknown as Record<string, number>)[prop] = value;
        else (sec(x) as unknown as Record<string, number>)[prop] = value;
      };
    }
    const us = prop.lastIndexOf('_');
    if (us > 0 && catalogue.find(prop.slice(us + 1))?.kind === 'density') {
      return resolveSetter(built, `${head}.${prop.slice(us + 1)}.${prop.slice(0, us)}`);
    }
    throw new PathError(`'${prop}' is not a property of section ${secName}${didYouMean(prop, SECTION_PROPS)}; set ${SECTION_PROPS.join(', ')}, or a mechanism parameter as ${secName}.hh.gnabar`);
  }
  if (parts.length !== 2) throw new PathError(`'${path}' has too many parts; write ${secName}.mechanism.parameter`);
  const [mech, param] = parts as [string, string];
  const type = densityType(catalogue, mech);
  checkField(type, param, 'parameter');
  if (!sec.has_membrane(mech)) throw new PathError(`section ${secName} has no ${mech}; insert it in the model (mechanisms: { "${mech}": {} })`);
  return (value) => {
    for (const seg of segments()) (seg.mech(mech) as Record<string, number>)[param] = value;
  };
}

/**
 * Resolves a recordable path: `t`, `soma(0.5).v`, `soma(0.5).hh.m`, `soma(0.5).ina`,
 * `soma(0.5).gnabar_hh`, `stim.i`.
 *
 * @throws {Error} a message naming what exists instead
 * @example
 * ```ts
 * const ref = resolveReference(built, 'soma(0.5).hh.m');
 * h.Vector().record(ref);
 * ```
 */
export function resolveReference(built: Parts, path: string): Reference {
  const p = path.trim();
  if (p === 't') return built.h._ref_t;
  const { head, rest } = splitHead(p);
  if (rest === undefined || rest === '') throw new PathError(`'${p}' is not recordable; write section(x).variable (soma(0.5).v), section(x).mechanism.variable (soma(0.5).hh.m) or pointprocess.variable (stim.i)`);
  const pp = built.pointProcesses.get(head);
  if (pp) {
    checkField(pp.type, rest, 'variable');
    return (pp as unknown as Record<string, Reference>)[`_ref_${rest}`]!;
  }
  const seg = segmentAt(built, head);
  const parts = rest.split('.');
  try {
    if (parts.length === 1) {
      const name = parts[0]!;
      const ref = (seg as unknown as Record<string, unknown>)[`_ref_${name}`];
      if (ref && typeof ref === 'object') return ref as Reference;
      throw new PathError(`${seg.toString()} has no variable '${name}'; record v, i_cap, an ion variable (ina, ek, cai), a range variable as gnabar_hh, or mechanism.variable (hh.m)`);
    }
    if (parts.length === 2) {
      const [mech, variable] = parts as [string, string];
      densityType(built.h.catalogue, mech);
      return seg.mech(mech).ref(variable);
    }
  } catch (e) {
    if (e instanceof NeuriteError) throw new PathError(e.message);
    throw e;
  }
  throw new PathError(`'${path}' has too many parts; write section(x).mechanism.variable`);
}

/** The message of a path error, or rethrows anything else. */
function pathMessage(e: unknown): string {
  if (e instanceof PathError || e instanceof NeuriteError) return e.message;
  throw e;
}

/**
 * Resolves a path given on the command line, as a usage error when it names nothing.
 *
 * @throws {CliError} USAGE naming the option and what exists
 * @example
 * ```ts
 * const set = commandLineSetter(built, '--set', 'soma.hh.gnabar');
 * ```
 */
export function commandLineSetter(built: BuiltModel, option: string, path: string): Setter {
  try {
    return resolveSetter(built, path);
  } catch (e) {
    throw new CliError('USAGE', `${option} ${path}: ${pathMessage(e)}`);
  }
}

/**
 * Builds a model file into a new simulation with the given mechanisms.
 *
 * @throws {ModelError} naming the file, the JSON path and the fix
 * @example
 * ```ts
 * const built = buildModel(readModelFile('tutorial.model.json'), defaultCatalogue);
 * built.h.finitialize(built.run.v_init);
 * ```
 */
export function buildModel(model: ModelFile, catalogue: Catalogue, extraRecord: readonly string[] = []): BuiltModel {
  const doc = model.doc;
  const h = createH({ catalogue, print: () => undefined });
  const sections = new Map<string, Section>();
  const cells = new Map<string, string[]>();
  const pointProcesses = new Map<string, PointProcess>();
  const parts: Parts = { sections, pointProcesses, h };
  // Runs one step of the build; a failure becomes a model error at `path`. A path error's own
  // guidance (after '; ') becomes the fix; otherwise the step's generic fix is used.
  const at = <T>(path: DocPath, fn: () => T, fix?: string): T => {
    try {
      return fn();
    } catch (e) {
      const message = pathMessage(e);
      const cut = e instanceof PathError ? message.indexOf('; ') : -1;
      if (cut > 0) throw model.error(path, message.slice(0, cut), message.slice(cut + 2));
      throw model.error(path, message, fix);
    }
  };
  // Sections: names unique across cells; geometry first, then mechanisms.
  const seenIn = new Map<string, string>();
  for (const [cellName, cell] of Object.entries(doc.cells)) {
    const names: string[] = [];
    for (const [secName, spec] of Object.entries(cell.sections)) {
      const where = ['cells', cellName, 'sections', secName];
      const other = seenIn.get(secName);
      if (other !== undefined) {
        throw model.error(where, `section '${secName}' is also in cell '${other}'`, 'give every section a name of its own across the model (e.g. soma_a, soma_b)');
      }
      seenIn.set(secName, cellName);
      const sec = h.Section({ name: secName });
      sections.set(secName, sec);
      names.push(secName);
      for (const prop of SECTION_PROPS) {
        const value = spec[prop];
        if (value !== undefined) at([...where, prop], () => { (sec as unknown as Record<string, number>)[prop] = value; });
      }
      for (const [mech, params] of Object.entries(spec.mechanisms ?? {})) {
        at([...where, 'mechanisms', mech], () => { densityType(catalogue, mech); sec.insert(mech); },
          'use a mechanism neurite has (`neurite info` lists them) or put its .mod file next to the model');
        for (const [param, value] of Object.entries(params)) {
          at([...where, 'mechanisms', mech, param], () => {
            checkField(catalogue.get(mech), param, 'parameter');
            for (const seg of sec) (seg.mech(mech) as Record<string, number>)[param] = value;
          });
        }
      }
    }
    cells.set(cellName, names);
  }
  for (const [cellName, cell] of Object.entries(doc.cells)) {
    for (const [secName, spec] of Object.entries(cell.sections)) {
      if (spec.parent === undefined) continue;
      const where = ['cells', cellName, 'sections', secName, 'parent'];
      const { at: loc, end } = typeof spec.parent === 'string' ? { at: spec.parent, end: 0 } : { at: spec.parent.at, end: spec.parent.end ?? 0 };
      const sec = sections.get(secName)!;
      at(typeof spec.parent === 'string' ? where : [...where, 'at'], () => {
        const parent = parseLocation(loc);
        if (parent.sec === secName) throw new PathError(`section ${secName} cannot attach to itself`);
        sec.connect(sectionOf(parts, parent.sec)(parent.x ?? 1), end);
      }, 'attach it to another section, e.g. soma(1); the tree must have no loops');
    }
  }
  for (const [name, spec] of Object.entries(doc.pointProcesses ?? {})) {
    const where = ['pointProcesses', name];
    if (sections.has(name)) throw model.error(where, `'${name}' is also a section name`, 'give the point process a name of its own (e.g. stim)');
    const type = catalogue.find(spec.type);
    if (!type || type.kind === 'density') {
      const names = pointTypeNames(catalogue);
      throw model.error([...where, 'type'], type ? `'${spec.type}' is a density mechanism, not a point process` : `there is no point process '${spec.type}'${didYouMean(spec.type, names)}`,
        type ? `insert it in a section: mechanisms: { "${spec.type}": {} }` : `use one of ${names.join(', ')}, or put its .mod file next to the model`);
    }
    let pp: PointProcess;
    if (type.kind === 'artificial') {
      if (spec.at !== undefined) throw model.error([...where, 'at'], `${spec.type} is an artificial cell: it has no location`, 'remove "at"');
      pp = h.pointProcess(spec.type);
    } else {
      if (spec.at === undefined) throw model.error(where, `${spec.type} is a point process: it needs a location`, 'add "at": "soma(0.5)" (a section and a position from 0 to 1)');
      const loc = spec.at;
      pp = h.pointProcess(spec.type, at([...where, 'at'], () => segmentAt(parts, loc)));
    }
    pointProcesses.set(name, pp);
    for (const [param, value] of Object.entries(spec.params ?? {})) {
      at([...where, 'params', param], () => {
        checkField(type, param, 'variable');
        (pp as unknown as Record<string, number>)[param] = value;
      });
    }
  }
  const netcons = new Map<string, NetCon>();
  for (const [name, spec] of Object.entries(doc.netcons ?? {})) {
    const where = ['netcons', name];
    if (sections.has(name) || pointProcesses.has(name)) throw model.error(where, `'${name}' is also the name of a ${sections.has(name) ? 'section' : 'point process'}`, 'give the NetCon a name of its own (e.g. nc_syn)');
    const source = at([...where, 'source'], (): Reference | PointProcess | null => {
      if (spec.source === null) return null;
      const pp = pointProcesses.get(spec.source);
      if (pp) return pp;
      if (!sections.has(parseLocation(spec.source).sec)) {
        throw new PathError(`'${spec.source}' is neither a point process nor a section${didYouMean(spec.source, [...pointProcesses.keys(), ...sections.keys()])}`);
      }
      return segmentAt(parts, spec.source)._ref_v;
    }, 'name a location whose v to watch (soma(0.5)), a point process or artificial cell that fires (a NetStim), or null');
    const target = at([...where, 'target'], (): PointProcess | null => {
      if (spec.target === null) return null;
      const pp = pointProcesses.get(spec.target);
      if (!pp) throw new PathError(`there is no point process '${spec.target}'${didYouMean(spec.target, pointProcesses.keys())}${pointProcesses.size ? `; use one of the point processes: ${[...pointProcesses.keys()].join(', ')}` : ''}`);
      return pp;
    }, 'name a point process with NET_RECEIVE (a synapse such as ExpSyn) or an artificial cell, declared under pointProcesses');
    const nc = at([...where, 'target'], () => h.NetCon(source, target), 'connect it to a synapse (ExpSyn, Exp2Syn) or an artificial cell, or use null to only detect spikes');
    if (spec.threshold !== undefined) { const v = spec.threshold; at([...where, 'threshold'], () => { nc.threshold = v; }); }
    if (spec.delay !== undefined) { const v = spec.delay; at([...where, 'delay'], () => { nc.delay = v; }); }
    if (spec.weight !== undefined) {
      const w = typeof spec.weight === 'number' ? [spec.weight] : spec.weight;
      if (w.length > nc.weight.length) {
        throw model.error([...where, 'weight'], `${w.length} weights for a weight vector of ${nc.weight.length}`, `give at most ${nc.weight.length} (the arguments of the target's NET_RECEIVE)`);
      }
      nc.weight.set(w);
    }
    if (spec.active !== undefined) nc.active(spec.active);
    netcons.set(name, nc);
  }
  for (const [name, value] of Object.entries(doc.globals ?? {})) {
    at(['globals', name], () => {
      const ref = h.simulation.globalRef(name);
      if (!ref) throw new PathError(`there is no global '${name}'${didYouMean(name, allGlobals(catalogue))}; use one of the globals (<variable>_<mechanism>): ${allGlobals(catalogue).join(', ') || '(none)'}`);
      ref.set(value);
    });
  }
  const t = h.Vector().record(h._ref_t);
  const recordings: RecordedColumn[] = [];
  const record = doc.record ?? [];
  const entries: [string, string, DocPath][] = Array.isArray(record)
    ? record.map((path, i) => [path, path, ['record', i]])
    : Object.entries(record).map(([name, path]) => [name, path, ['record', name]]);
  const names = new Set<string>(['t']);
  for (const [name, path, where] of entries) {
    if (path.trim() === 't') continue;
    if (names.has(name)) throw model.error(where, `the column '${name}' is recorded twice`, 'record each variable once');
    names.add(name);
    const ref = at(where, () => resolveReference(parts, path));
    recordings.push({ name, path, vec: h.Vector().record(ref) });
  }
  for (const path of extraRecord) {
    if (path.trim() === 't' || names.has(path)) continue;
    names.add(path);
    let ref: Reference;
    try {
      ref = resolveReference(parts, path);
    } catch (e) {
      throw new CliError('USAGE', `--record ${path}: ${pathMessage(e)}`);
    }
    recordings.push({ name: path, path, vec: h.Vector().record(ref) });
  }
  const run: RunSettings = { ...DEFAULT_RUN };
  for (const k of RUN_KEYS) {
    const v = doc.run?.[k];
    if (v !== undefined) run[k] = v;
  }
  return { h, sections, cells, pointProcesses, netcons, t, recordings, run };
}

/**
 * Applies run settings to the simulation, initialises and runs it to `tstop` (NEURON's
 * `finitialize(v_init)` then `continuerun(tstop)`; dt is used as given, not rounded by `setdt`).
 *
 * @throws {CliError} SIMULATION when the run fails (NaN, a bad value)
 * @example
 * ```ts
 * simulate(built, built.run);
 * built.t.size(); // 1601 for 40 ms at dt 0.025
 * ```
 */
export function simulate(built: BuiltModel, run: RunSettings): void {
  const h = built.h;
  try {
    h.dt = run.dt;
    h.celsius = run.celsius;
    h.secondorder = run.secondorder;
    h.tstop = run.tstop;
    h.v_init = run.v_init;
    h.finitialize(run.v_init);
    h.continuerun(run.tstop);
  } catch (e) {
    if (e instanceof NeuriteError) throw new CliError('SIMULATION', `the simulation failed: ${e.message}`, { cause: e });
    throw e;
  }
}
