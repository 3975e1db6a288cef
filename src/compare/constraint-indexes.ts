import type { Index } from '../model/snapshot.js';
import type { Draft } from './diff-objects.js';

/**
 * Drops the missing or unexpected index that implements a constraint (primary key, unique,
 * exclusion) reported missing or unexpected in the same way: adding or dropping the constraint
 * adds or drops its index with it, and one change says so. An index compared on both sides
 * (say, left invalid) is kept, and so is one whose constraint is reported the other way round.
 *
 * @example
 * withoutConstraintIndexes([missingConstraint('users_email_key'), missingIndex('users_email_key')])
 * // [missingConstraint('users_email_key')]
 */
export function withoutConstraintIndexes(drafts: readonly Draft[]): Draft[] {
  const key = (kind: string, schema: string | null, table: string | null, name: string): string => `${kind}|${schema}.${table}.${name}`;
  const constraints = new Set<string>();
  for (const d of drafts) {
    if (d.identity.objectType === 'constraint' && d.kind !== 'changed') constraints.add(key(d.kind, d.identity.schema, d.identity.table, d.identity.name));
  }
  if (constraints.size === 0) return [...drafts];
  return drafts.filter((d) => {
    if (d.identity.objectType !== 'index' || d.kind === 'changed') return true;
    const index = (d.kind === 'missing' ? d.expected : d.actual) as Index | null;
    return index?.constraint == null || !constraints.has(key(d.kind, index.schema, index.table, index.constraint));
  });
}
