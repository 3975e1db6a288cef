import type { SyntaxNode } from '@lezer/common';
import { childrenOf, decodeStringLiteral, type PythonSource } from './source.js';

/**
 * A value read from source text without running it: a string, a bool, None, a tuple or list of
 * them, or undefined for anything else (a call, an attribute, an f-string, an import).
 */
export type StaticValue = string | boolean | null | StaticValue[] | undefined;

/** The value node of each module-level `name = …` / `name: T = …`, the last one winning. */
export function moduleAssignments(source: PythonSource): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of childrenOf(source.tree.topNode)) {
    if (stmt.name !== 'AssignStatement') continue;
    const parts = childrenOf(stmt);
    const ops = parts.filter((p) => p.name === 'AssignOp');
    const target = parts[0];
    if (!target || target.name !== 'VariableName' || ops.length !== 1 || source.textOf(ops[0] as SyntaxNode) !== '=') continue;
    out.set(source.textOf(target), parts[parts.length - 1] as SyntaxNode);
  }
  return out;
}

/**
 * The literal an expression is, following module-level names to the literal they are assigned
 * (`VERSION_TABLE = "x"` … `version_table=VERSION_TABLE`); undefined when it is not one.
 *
 * @example staticValue(source, node, moduleAssignments(source)) // 'alembic_version'
 */
export function staticValue(source: PythonSource, node: SyntaxNode, assignments: ReadonlyMap<string, SyntaxNode>, seen: ReadonlySet<string> = new Set()): StaticValue {
  switch (node.name) {
    case 'String':
      return decodeStringLiteral(source.textOf(node));
    case 'ContinuedString':
      return childrenOf(node).map((c) => decodeStringLiteral(source.textOf(c))).join('');
    case 'None':
      return null;
    case 'Boolean':
      return source.textOf(node) === 'True';
    case 'ParenthesizedExpression':
    case 'TupleExpression':
    case 'ArrayExpression': {
      const items = childrenOf(node).filter((c) => !['(', ')', '[', ']', ','].includes(c.name));
      if (node.name === 'ParenthesizedExpression' && items.length === 1) return staticValue(source, items[0] as SyntaxNode, assignments, seen);
      return items.map((i) => staticValue(source, i, assignments, seen));
    }
    case 'VariableName': {
      const name = source.textOf(node);
      const target = assignments.get(name);
      if (!target || seen.has(name)) return undefined;
      return staticValue(source, target, assignments, new Set([...seen, name]));
    }
    default:
      return undefined;
  }
}
