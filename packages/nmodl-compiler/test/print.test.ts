import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CodeBlock } from '../src/ast/nodes.js';
import { printStmts } from '../src/ast/print.js';
import { visit } from '../src/ast/visitor.js';
import { Session, parseMod } from '../src/index.js';

const bodies = (text: string): string[] => {
  const s = new Session();
  const p = parseMod(text, s);
  if (!p) throw new Error(s.diagnostics.map((d) => d.message).join());
  return p.items.filter((i): i is CodeBlock => i.type === 'CodeBlock').map((b) => printStmts(b.body));
};

describe('printer and visitor', () => {
  it.each(['hh.mod', 'everything.mod', 'kinetic.mod', 'cadx.mod'])('print(parse(print(parse(%s)))) is stable', (f) => {
    const text = readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
    const once = bodies(text);
    const twice = bodies(once.map((b, i) => `PROCEDURE p${i}() {\n${b}\n}`).join('\n'));
    expect(twice).toEqual(once);
  });
  it('visits every node of a type, in source order', () => {
    const s = new Session();
    const p = parseMod('FUNCTION f(x) { f = a + g(b, c[d]) }', s)!;
    const names: string[] = [];
    visit(p, { Name: (n) => { names.push(n.name); }, Indexed: (n) => { names.push(`${n.name}[]`); } });
    expect(names).toEqual(['f', 'a', 'b', 'c[]', 'd']);
  });
});
