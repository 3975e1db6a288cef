import type { ObjectType, Snapshot } from '../model/snapshot.js';
import { objectIdentity } from '../compare/keys.js';
import {
  columnSpec,
  compositeTypeSpec,
  constraintSpec,
  domainSpec,
  enumSpec,
  extensionSpec,
  indexSpec,
  policySpec,
  routineSpec,
  schemaSpec,
  sequenceSpec,
  tableSpec,
  triggerSpec,
  viewSpec,
} from '../compare/object-specs.js';
import type { ObjectSpec } from '../compare/diff-objects.js';

/**
 * Every object of a snapshot by its change id (`column:public.users.email`): the ids `compare()`
 * reports, so that a change, a statement of a migration and an object of a snapshot can be
 * matched. Grants are left out: they are never the object of a migration step on their own.
 *
 * @example
 * objectIndex(snapshot).has('index:public.comments.ix_comments_author_id') // true
 */
export function objectIndex(s: Snapshot): ReadonlyMap<string, object> {
  const index = new Map<string, object>();
  const add = <T extends object>(spec: ObjectSpec<T>, list: readonly T[]): void => {
    for (const o of list) index.set(spec.identity(o).id, o);
  };
  add(schemaSpec, s.schemas);
  add(extensionSpec, s.extensions);
  add(tableSpec, s.tables);
  for (const t of s.tables) add(columnSpec(t.schema, t.name), t.columns);
  add(constraintSpec, s.constraints);
  add(indexSpec, s.indexes);
  add(sequenceSpec, s.sequences);
  add(viewSpec, s.views);
  add(routineSpec, s.functions);
  add(triggerSpec, s.triggers);
  add(enumSpec, s.enums);
  add(domainSpec, s.domains);
  add(compositeTypeSpec, s.compositeTypes);
  add(policySpec, s.policies);
  return index;
}

/** What names one object: the identity fields of a `Change`. */
export interface ObjectRef {
  readonly id: string;
  readonly objectType: ObjectType;
  readonly schema: string | null;
  /** The table (or view) it belongs to: columns, constraints, indexes, triggers, policies. */
  readonly table: string | null;
  readonly name: string;
}

/**
 * The ids the relation an object belongs to may have (a table, or a view for an index on a
 * materialized view); empty for an object that belongs to no relation.
 *
 * @example relationIds({ id: 'column:public.users.email', objectType: 'column', schema: 'public', table: 'users', name: 'email' })
 * // ['table:public.users', 'view:public.users', 'materialized view:public.users']
 */
export function relationIds(ref: Pick<ObjectRef, 'schema' | 'table'>): readonly string[] {
  if (ref.table === null || ref.schema === null) return [];
  return (['table', 'view', 'materialized view'] as const).map((t) => objectIdentity(t, ref.schema, null, ref.table as string).id);
}
