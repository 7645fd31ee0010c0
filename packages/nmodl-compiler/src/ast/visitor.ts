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
    // The children (objects and arrays, not the location), pushed in reverse so that the first
    // is visited first.
    const first = stack.length;
    const o = x as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (k !== 'location' && typeof v === 'object' && v !== null) stack.push(v);
    }
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  }
}
