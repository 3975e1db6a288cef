import type { Index } from '../model/snapshot.js';
import type { Draft } from './diff-objects.js';

/**
 * Drops the index change that follows from its constraint's (primary key, unique, exclusion)
 * change of the same kind: adding, dropping or changing the constraint adds, drops or changes
 * its index with it, and one change says so. An index changed while its constraint is not
 * (say, left invalid) is kept, and so is one whose constraint is reported the other way round.
 *
 * @example
 * withoutConstraintIndexes([missingConstraint('users_email_key'), missingIndex('users_email_key')])
 * // [missingConstraint('users_email_key')]
 */
/** Index properties a constraint's own definition decides. */
const FOLLOWS_CONSTRAINT = new Set(['definition', 'keys', 'include', 'predicate', 'unique', 'method']);

export function withoutConstraintIndexes(drafts: readonly Draft[]): Draft[] {
  const key = (kind: string, schema: string | null, table: string | null, name: string): string => `${kind}|${schema}.${table}.${name}`;
  const constraints = new Set<string>();
  for (const d of drafts) {
    if (d.identity.objectType === 'constraint') constraints.add(key(d.kind, d.identity.schema, d.identity.table, d.identity.name));
  }
  if (constraints.size === 0) return [...drafts];
  return drafts.filter((d) => {
    if (d.identity.objectType !== 'index') return true;
    // A changed primary key changes its index the same way: one finding, not two. What the
    // constraint's definition does not say (validity, storage options, a comment) stays.
    if (d.kind === 'changed' && !d.differences.every((x) => FOLLOWS_CONSTRAINT.has(x.property))) return true;
    const index = (d.kind === 'unexpected' ? d.actual : d.expected) as Index | null;
    return index?.constraint == null || !constraints.has(key(d.kind, index.schema, index.table, index.constraint));
  });
}
