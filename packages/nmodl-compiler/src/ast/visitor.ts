/**
 * A typed visitor over the syntax tree: one optional callback per node type, called before the
 * node's children are visited (return `false` to skip the children).
 * @module
 */
import type { Node } from './nodes.js';

/** Callbacks by node type. */
export type Visitor = {
  readonly [K in Node['type']]?: (node: Extract<Node, { type: K }>) => void | boolean;
};

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string' && 'location' in x;
}

/**
 * Visits `node` and every node below it, depth first, in source order.
 * @example
 * ```ts
 * const names: string[] = [];
 * visit(program, { Name: (n) => { names.push(n.name); } });
 * ```
 */
export function visit(node: Node, visitor: Visitor): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
      continue;
    }
    if (typeof x !== 'object' || x === null) continue;
    let descend = true;
    if (isNode(x)) {
      const f = visitor[x.type] as ((n: Node) => void | boolean) | undefined;
      if (f && f(x) === false) descend = false;
    }
    if (!descend) continue;
    const children = Object.entries(x).filter(([k]) => k !== 'location').map(([, v]) => v).filter((v) => typeof v === 'object' && v !== null);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
