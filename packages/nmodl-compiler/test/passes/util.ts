import type { CodeBlock, Program } from '../../src/ast/nodes.js';
import { Session, parseMod } from '../../src/index.js';

export function parse(text: string): { program: Program; session: Session } {
  const session = new Session();
  const program = parseMod(text, session);
  if (!program) throw new Error(session.diagnostics.map((d) => d.message).join('\n'));
  return { program, session };
}

export function block(program: Program, name: string): CodeBlock {
  const b = program.items.find((i): i is CodeBlock => i.type === 'CodeBlock' && (i.name === name || i.kind === name));
  if (!b) throw new Error(`no block ${name}`);
  return b;
}
