import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../errors.js';
import type { RevisionNode } from '../graph.js';
import { Evaluator } from './evaluator.js';
import type { PythonModule } from './python-module.js';
import { PySequence, describeValue, type PyValue } from './python-value.js';

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
}

/**
 * Reads `revision`, `down_revision`, `branch_labels`, `depends_on` (with or without type
 * annotations; strings, tuples, lists, None, module constants) and the message.
 *
 * @example readRevisionMetadata(module).parents // ['1a2b3c4d5e6f']
 * @throws InputError naming file:line when `revision` is missing or not a string, or when a
 *   field holds something else than strings.
 */
export function readRevisionMetadata(module: PythonModule): AlembicRevisionMetadata {
  const file = module.source.file;
  const evaluator = new Evaluator(module, { call: () => undefined });
  const read = (name: string): { value: PyValue; node: SyntaxNode } | null => {
    const binding = module.bindings.get(name);
    if (!binding || binding.kind !== 'assignment') return null;
    return { value: evaluator.moduleValue(name, binding.node), node: binding.node };
  };
  const revision = read('revision');
  if (!revision) throw new InputError(`${file}: not an Alembic revision: no module-level \`revision = '…'\``);
  if (typeof revision.value !== 'string' || revision.value === '') {
    throw new InputError(`${module.source.where(revision.node)}: revision must be a non-empty string, found ${describeValue(revision.value)}`);
  }
  const strings = (name: string): string[] => {
    const found = read(name);
    if (!found || found.value === null) return [];
    const { value } = found;
    if (typeof value === 'string') return value === '' ? [] : [value];
    if (value instanceof PySequence && value.items.every((i): i is string => typeof i === 'string')) return [...value.items];
    throw new InputError(
      `${module.source.where(found.node)}: ${name} must be None, a string, or a tuple or list of strings, found ${describeValue(value)}`,
    );
  };
  return {
    id: revision.value,
    parents: strings('down_revision'),
    branchLabels: strings('branch_labels'),
    dependsOn: strings('depends_on'),
    message: messageOf(module.docstring),
    file,
  };
}

function messageOf(docstring: string | null): string | null {
  if (docstring === null) return null;
  const lines = docstring.split('\n').map((l) => l.trim());
  const first = lines.find((l) => l !== '');
  if (first === undefined || /^Revision ID:/.test(first)) return null;
  return first;
}
