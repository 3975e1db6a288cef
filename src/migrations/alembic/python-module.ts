import type { SyntaxNode } from '@lezer/common';
import { childrenOf, decodeStringLiteral, type PythonSource } from './python-source.js';
import { PyRef, type PyValue } from './python-value.js';

/** A module-level name: an import, an assignment (evaluated on first use) or a function. */
export type ModuleBinding =
  | { readonly kind: 'value'; readonly value: PyValue }
  | { readonly kind: 'assignment'; readonly node: SyntaxNode; readonly valueNode: SyntaxNode }
  | { readonly kind: 'function'; readonly node: SyntaxNode };

/**
 * The top level of a migration file: what each module-level name is bound to, in source order
 * (a later binding replaces an earlier one, as in Python), and the module docstring.
 * Nothing is evaluated here: a constant the migration never uses may be anything.
 */
export class PythonModule {
  readonly bindings = new Map<string, ModuleBinding>();
  readonly docstring: string | null;
  /** Module-level function definitions by name. */
  readonly functions = new Map<string, SyntaxNode>();

  constructor(readonly source: PythonSource) {
    let docstring: string | null = null;
    let first = true;
    for (const stmt of childrenOf(source.tree.topNode)) {
      if (first && stmt.name === 'ExpressionStatement') {
        const str = stmt.firstChild;
        if (str && str.name === 'String') docstring = decodeStringLiteral(source.textOf(str));
      }
      first = false;
      if (stmt.name === 'ImportStatement') this.readImport(stmt);
      else if (stmt.name === 'AssignStatement') this.readAssignment(stmt);
      else if (stmt.name === 'FunctionDefinition' || stmt.name === 'DecoratedStatement') {
        const fn = stmt.name === 'FunctionDefinition' ? stmt : stmt.getChild('FunctionDefinition');
        const name = fn?.getChild('VariableName');
        if (fn && name) {
          this.bindings.set(source.textOf(name), { kind: 'function', node: fn });
          this.functions.set(source.textOf(name), fn);
        }
      }
    }
    this.docstring = docstring;
  }

  private readImport(stmt: SyntaxNode): void {
    for (const [name, ref] of importBindings(this.source, stmt)) this.bindings.set(name, { kind: 'value', value: ref });
  }

  private readAssignment(stmt: SyntaxNode): void {
    const parts = childrenOf(stmt);
    // Only `name = value` and `name: T = value` bind something the reader can use.
    const target = parts[0];
    const valueNode = parts[parts.length - 1];
    const ops = parts.filter((p) => p.name === 'AssignOp');
    if (!target || !valueNode || target.name !== 'VariableName' || ops.length !== 1) return;
    if (this.source.textOf(ops[0] as SyntaxNode) !== '=') return;
    this.bindings.set(this.source.textOf(target), { kind: 'assignment', node: stmt, valueNode });
  }
}

/**
 * The names an import statement binds: `import sqlalchemy as sa` binds `sa` to the module
 * `sqlalchemy`; `from sqlalchemy import text` binds `text` to `sqlalchemy.text`.
 */
export function importBindings(source: PythonSource, stmt: SyntaxNode): Array<[string, PyRef]> {
  const out: Array<[string, PyRef]> = [];
  const tokens = childrenOf(stmt).filter((t) => t.name !== '(' && t.name !== ')');
  const text = (n: SyntaxNode) => source.textOf(n);
  if (tokens[0]?.name === 'from') {
    let i = 1;
    let module = '';
    while (i < tokens.length && tokens[i]?.name !== 'import') module += text(tokens[i++] as SyntaxNode);
    i++;
    while (i < tokens.length) {
      const name = text(tokens[i] as SyntaxNode);
      let alias = name;
      if (tokens[i + 1]?.name === 'as') {
        alias = text(tokens[i + 2] as SyntaxNode);
        i += 2;
      }
      i += 2; // the name (or alias) and the comma after it
      if (name !== '*') out.push([alias, new PyRef(`${module}.${name}`)]);
    }
    return out;
  }
  // `import a.b.c as d, e`
  let i = 1;
  while (i < tokens.length) {
    let dotted = '';
    while (i < tokens.length && tokens[i]?.name !== ',' && tokens[i]?.name !== 'as') dotted += text(tokens[i++] as SyntaxNode);
    if (tokens[i]?.name === 'as') {
      out.push([text(tokens[i + 1] as SyntaxNode), new PyRef(dotted)]);
      i += 2;
    } else {
      const head = dotted.split('.')[0] as string;
      out.push([head, new PyRef(head)]);
    }
    i++;
  }
  return out;
}
