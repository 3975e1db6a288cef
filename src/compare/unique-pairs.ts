import type { Constraint, Index } from '../model/snapshot.js';
import type { Draft } from './diff-objects.js';

/**
 * Pairs a missing and an unexpected way of making the same columns unique (a unique constraint
 * on `email` expected, a unique index on `lower(email)` found): one difference, the same
 * uniqueness enforced differently. Only unambiguous pairs (one of each per table and column
 * set) are paired; both changes stay, each naming the other.
 *
 * @example
 * pairUniqueness(drafts) // the missing constraint user_email_key now has pairedWith: index uq_user_email_lower
 */
export function pairUniqueness(drafts: readonly Draft[]): void {
  const groups = new Map<string, { missing: Draft[]; unexpected: Draft[] }>();
  for (const d of drafts) {
    if (d.kind === 'changed' || d.renameHint || d.pairedWith) continue;
    const columns = uniqueColumns(d);
    if (columns === null) continue;
    const key = `${d.identity.schema}.${d.identity.table}|${columns.join(',')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { missing: [], unexpected: [] }));
    (d.kind === 'missing' ? group.missing : group.unexpected).push(d);
  }
  for (const { missing, unexpected } of groups.values()) {
    const [a] = missing;
    const [b] = unexpected;
    if (missing.length !== 1 || unexpected.length !== 1 || !a || !b) continue;
    a.pairedWith = b;
    b.pairedWith = a;
  }
}

/** The sorted columns a unique constraint or unique index makes unique; null for anything else. */
function uniqueColumns(d: Draft): string[] | null {
  const object = d.kind === 'missing' ? d.expected : d.actual;
  if (object === null) return null;
  if (d.identity.objectType === 'constraint') {
    const c = object as Constraint;
    return c.type === 'unique' ? [...c.columns].sort() : null;
  }
  if (d.identity.objectType === 'index') {
    const i = object as Index;
    // An index behind a constraint is the constraint's; the constraint speaks for it.
    if (!i.unique || i.constraint !== null) return null;
    const names = new Set<string>();
    for (const key of i.keys) for (const m of key.matchAll(/"((?:[^"]|"")+)"|\b([a-z_][a-z0-9_$]*)\b/g)) names.add(m[1]?.replace(/""/g, '"') ?? (m[2] as string));
    return names.size > 0 ? [...names].filter((n) => !FUNCTION_WORDS.has(n)).sort() : null;
  }
  return null;
}

/** Words in index expressions that are no column: functions, casts, sort options. */
const FUNCTION_WORDS = new Set(['lower', 'upper', 'btrim', 'trim', 'coalesce', 'text', 'varchar', 'character', 'varying', 'citext', 'desc', 'asc', 'nulls', 'first', 'last', 'collate']);
