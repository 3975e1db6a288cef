import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../errors.js';
import type { RevisionNode } from '../graph.js';
import { childrenOf, decodeStringLiteral, type PythonSource } from '../../python/source.js';
import { moduleAssignments, staticValue, type StaticValue } from '../../python/static-value.js';

/** What an Alembic revision file declares about itself. */
export interface AlembicRevisionMetadata extends RevisionNode {
  /** `revision = '…'`. */
  readonly id: string;
  /** `down_revision`: none for a base, two or more for a merge. */
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  /** First line of the module docstring (`"""Add users table`), as `alembic history` shows it. */
  readonly message: string | null;
  /** Path of the revision file. */
  readonly file: string;
  /** The module's `__doc__` as Python evaluates it, unstripped; null when there is none. */
  readonly docstring: string | null;
}

/**
 * Reads `revision`, `down_revision`, `branch_labels`, `depends_on` (with or without type
 * annotations; strings, tuples, lists, None, module constants) and the message, without
 * running the module: these are literals in every Alembic template.
 *
 * @example readRevisionMetadata(source).parents // ['1a2b3c4d5e6f']
 * @throws InputError naming file:line:column when `revision` is missing or not a string, or when a
 *   field holds something else than strings.
 */
export function readRevisionMetadata(source: PythonSource): AlembicRevisionMetadata {
  const file = source.file;
  const assignments = moduleAssignments(source);
  const read = (name: string): { value: StaticValue; node: SyntaxNode } | null => {
    const node = assignments.get(name);
    if (!node) return null;
    return { value: staticValue(source, node, assignments, new Set([name])), node };
  };
  const revision = read('revision');
  if (!revision) throw new InputError(`${file}: not an Alembic revision: no module-level \`revision = '…'\``);
  if (typeof revision.value !== 'string' || revision.value === '') {
    throw new InputError(`${source.where(revision.node)}: revision must be a non-empty string, found ${describe(revision.value, source.textOf(revision.node))}`);
  }
  const strings = (name: string): string[] => {
    const found = read(name);
    if (!found || found.value === null) return [];
    const { value } = found;
    if (typeof value === 'string') return value === '' ? [] : [value];
    if (Array.isArray(value) && value.every((i): i is string => typeof i === 'string')) return [...value];
    throw new InputError(`${source.where(found.node)}: ${name} must be None, a string, or a tuple or list of strings, found ${describe(value, source.textOf(found.node))}`);
  };
  return {
    id: revision.value,
    parents: strings('down_revision'),
    branchLabels: strings('branch_labels'),
    dependsOn: strings('depends_on'),
    message: messageOf(docstringOf(source)),
    docstring: docstringOf(source),
    file,
  };
}

function describe(value: StaticValue, text: string): string {
  if (value === undefined || typeof value === 'boolean') return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a sequence with other values than strings';
  return `'${value}'`;
}

function docstringOf(source: PythonSource): string | null {
  const first = childrenOf(source.tree.topNode)[0];
  const str = first?.name === 'ExpressionStatement' ? first.firstChild : null;
  return str && str.name === 'String' ? decodeStringLiteral(source.textOf(str)) : null;
}

function messageOf(docstring: string | null): string | null {
  if (docstring === null) return null;
  const lines = docstring.split('\n').map((l) => l.trim());
  const first = lines.find((l) => l !== '');
  if (first === undefined || /^Revision ID:/.test(first)) return null;
  return first;
}
