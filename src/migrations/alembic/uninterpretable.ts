import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../errors.js';
import type { PythonSource } from './python-source.js';

/** The two ways out when a migration uses Python the reader cannot follow. */
export const WAYS_OUT =
  'pgdrift reads Alembic migrations without running Python; either pass --alembic-sql FILE ' +
  '(the output of `alembic upgrade base:heads --sql`) or --migrate-cmd "…" ' +
  '(your real migration command, run against a shadow database URL pgdrift provides)';

/**
 * The error for a construct the interpreter cannot follow, naming `file:line`, the construct
 * and the ways out.
 *
 * @example throw cannotInterpret(source, node, 'call to helper function add_audit_columns()')
 */
export function cannotInterpret(source: PythonSource, node: SyntaxNode, construct: string): InputError {
  return new InputError(`${source.where(node)}: cannot interpret ${construct}; ${WAYS_OUT}`);
}

/** A snippet of source for messages: the first line, shortened. */
export function snippet(source: PythonSource, node: SyntaxNode): string {
  const first = source.textOf(node).split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}
