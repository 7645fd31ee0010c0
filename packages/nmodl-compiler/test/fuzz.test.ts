import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMod, formatDiagnostic } from '../src/index.js';
import { ctx, makeInstances } from './helpers.js';

/** A small deterministic PRNG (mulberry32) so that failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seeds = ['hh.mod', 'iclamp.mod', 'everything.mod', 'kinetic.mod', 'netcon.mod', 'watch.mod', 'stdp.mod',
  'algebraic.mod', 'legacyrand.mod', 'survey/cad.mod', 'survey/nax.mod', 'survey/cat.mod', 'survey/ampa_kinetic.mod',
  'survey/cadifus.mod', 'survey/burster.mod'].map((f) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8'));
const TOKENS = ['{', '}', '(', ')', '[', ']', '=', '~', "'", ',', '<->', '<<', '^', '-', '/', '*', ':', '?', '\n',
  'SOLVE', 'METHOD', 'cnexp', 'TABLE', 'FROM', 'TO', 'WITH', 'DEPEND', 'LOCAL', 'if', 'else', 'while', 'VERBATIM',
  'ENDVERBATIM', 'COMMENT', 'ENDCOMMENT', 'STATE', 'PARAMETER', 'KINETIC', 'CONSERVE', 'x', 'v', 'm', '1e-3', '(mV)', '0',
  'USEION', 'READ', 'WRITE', 'SUFFIX', 'NET_RECEIVE', 'net_send', 'exp', '"', '\t', 'é', '\u0000'];

function mutate(text: string, r: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const len = Math.floor(r() * 40);
    switch (Math.floor(r() * 5)) {
      case 0: s = s.slice(0, at) + s.slice(at + len); break; // delete
      case 1: s = s.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + s.slice(at); break; // insert token
      case 2: { const from = Math.floor(r() * s.length); s = s.slice(0, at) + s.slice(from, from + len) + s.slice(at); break; } // duplicate
      case 3: s = s.slice(0, at) + String.fromCharCode(32 + Math.floor(r() * 95)) + s.slice(at + 1); break; // replace a char
      default: { const b = Math.floor(r() * s.length); s = s.slice(0, Math.min(at, b)) + s.slice(Math.max(at, b)); break; } // cut a span
    }
  }
  return s;
}

/** A small, often still valid edit: one number, operator or name replaced by another. */
function gentle(text: string, r: () => number): string {
  const tokens = [...text.matchAll(/[0-9]+\.?[0-9]*(?:e-?[0-9]+)?|[-+*\/^<>]|\b[a-z_][a-z_0-9]*\b/gi)];
  const names = tokens.map((t) => t[0]).filter((t) => /^[a-z_]/i.test(t));
  const ops = ['+', '-', '*', '/', '^', '<', '>'];
  const t = tokens[Math.floor(r() * tokens.length)];
  if (!t || t.index === undefined) return text;
  const tok = t[0];
  let rep: string;
  if (/^[0-9]/.test(tok)) rep = [String(Math.floor(r() * 200) - 100), '0', '1e-300', '1e300', String(r())][Math.floor(r() * 5)]!;
  else if (ops.includes(tok)) rep = ops[Math.floor(r() * ops.length)]!;
  else rep = names[Math.floor(r() * names.length)]!;
  return text.slice(0, t.index) + rep + text.slice(t.index + tok.length);
}

function randomText(r: () => number): string {
  const n = Math.floor(r() * 60);
  let s = '';
  for (let i = 0; i < n; i++) s += `${TOKENS[Math.floor(r() * TOKENS.length)]} `;
  return s;
}

let ran = 0;
function check(text: string): void {
  let result;
  try {
    result = compileMod(text, { filename: 'fuzz.mod' });
  } catch (e) {
    throw new Error(`compileMod threw on:\n${text}\n${String(e)}`);
  }
  for (const d of result.diagnostics) {
    if (d.code === 'NMODL900') throw new Error(`internal error on:\n${text}\n${formatDiagnostic(d, { source: text })}`);
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.range.start.line).toBeGreaterThanOrEqual(1);
    formatDiagnostic(d, { source: text, filename: 'fuzz.mod' });
  }
  if (result.plugin) {
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    ran++;
    // Run the kernels once (files with loops could legitimately never finish: skip those).
    if (!/\b(while|FROM)\b/.test(text)) {
      const mech = result.plugin;
      const { m, nodes } = makeInstances(mech, 2);
      nodes.v.fill(-65);
      const events = { send: () => {}, fire: () => {}, move: () => {} };
      try {
        const k = mech.createKernels();
        k.init(m, nodes, ctx({ events }));
        k.current?.(m, nodes, ctx({ events }));
        k.advance?.(m, nodes, ctx({ events }));
        k.netReceive?.(m, 1, new Float64Array(4), 0, 0, nodes, ctx({ events }));
      } catch (e) {
        // (A FUNCTION whose VERBATIM C is not taken stops when called, as the warning said.)
        const stopped = /cannot run: its VERBATIM C code is not supported/.test(String(e)) && result.diagnostics.some((d) => /stops with an error when called/.test(d.message));
        if (!stopped) throw new Error(`generated kernels threw on:\n${text}\n${String(e)}\n${result.js}`);
      }
    }
  } else {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  }
}

describe('fuzz: random and mutated .mod files only ever produce diagnostics', () => {
  it('survives 800 mutations of real files (seed 20261126)', () => {
    const r = rng(20261126);
    for (let i = 0; i < 800; i++) check(mutate(seeds[i % seeds.length]!, r));
  });
  it('survives 300 one-token edits, and the kernels of those that compile run (seed 42)', () => {
    const r = rng(42);
    ran = 0;
    for (let i = 0; i < 300; i++) check(gentle(seeds[i % seeds.length]!, r));
    expect(ran).toBeGreaterThan(100); // enough edits still compile for the kernels to be exercised
  });
  it('survives 1000 random token soups (seed 7)', () => {
    const r = rng(7);
    for (let i = 0; i < 1000; i++) check(randomText(r));
  });
  it('survives pathological nesting without hanging', () => {
    check(`FUNCTION f() { f = ${'('.repeat(5000)}1${')'.repeat(5000)} }`);
    check(`FUNCTION f() { f = ${'('.repeat(5000)} }`);
    check(`FUNCTION f() { ${'if (1) {'.repeat(2000)} }`);
    check(`NEURON { SUFFIX x } FUNCTION f() { f = ${'-'.repeat(5000)}1 }`);
    check('COMMENT never closed');
    check('VERBATIM never closed');
    check('');
  });
});
