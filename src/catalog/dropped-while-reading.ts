import { loadSql } from './load-sql.js';
import type { Queryable } from './queryable.js';
import type { SnapshotLists } from './snapshot-lists.js';

/** An object that the read transaction's snapshot holds but that another session has dropped since. */
export interface DroppedObject {
  /** `relation`: a table, view, sequence or index; `routine`: a function or procedure (all overloads of the name). */
  readonly kind: 'relation' | 'routine';
  readonly schema: string;
  readonly name: string;
}

/**
 * Another session dropped objects while the catalog was being read: the snapshot would mix the
 * state before the drop with the state after it. Thrown by introspection so that the caller can
 * read again in a new transaction; never reaches the user.
 */
export class CatalogChangedError extends Error {
  constructor(readonly dropped: readonly DroppedObject[]) {
    super(`the catalog changed while it was being read: ${dropped.map((d) => `${d.schema}.${d.name}`).join(', ')} dropped`);
    this.name = 'CatalogChangedError';
  }
}

/**
 * Errors PostgreSQL raises when a deparse function (pg_get_constraintdef, pg_get_viewdef,
 * pg_get_triggerdef…) looks up, in the server's current catalog, an object that the read
 * transaction's snapshot still holds but that another session dropped a moment ago. They are
 * internal errors (XX000) of a race, not a fault of the database: reading again is the answer.
 *
 * @example
 * isDroppedWhileReading({ code: 'XX000', message: 'cache lookup failed for index 16402' }) // true
 * isDroppedWhileReading({ code: '42P01', message: 'relation "t" does not exist' }) // false
 */
export function isDroppedWhileReading(error: unknown): boolean {
  if (error instanceof CatalogChangedError) return true;
  const e = (error ?? {}) as { readonly code?: unknown; readonly message?: unknown };
  if (e.code !== 'XX000' || typeof e.message !== 'string') return false;
  return /^(cache lookup failed for |could not open relation with OID |could not find tuple for )/.test(e.message);
}

/**
 * The lists without the objects another session dropped while they were read, each left out
 * whole: a dropped table takes its columns, constraints, indexes, triggers, policies and grants
 * with it, and a foreign key that references it (dropped with it by CASCADE) goes too. What
 * remains describes every object either as the read transaction saw it or, for those dropped,
 * as the server has it now.
 *
 * @example
 * leaveOutDropped(lists, [{ kind: 'relation', schema: 'public', name: 'tmp' }]).tables // without public.tmp
 */
export function leaveOutDropped(lists: SnapshotLists, dropped: readonly DroppedObject[]): SnapshotLists {
  const key = (schema: string, name: string): string => JSON.stringify([schema, name]);
  const relations = new Set(dropped.filter((d) => d.kind === 'relation').map((d) => key(d.schema, d.name)));
  const routines = new Set(dropped.filter((d) => d.kind === 'routine').map((d) => key(d.schema, d.name)));
  const gone = (schema: string, name: string): boolean => relations.has(key(schema, name));
  return {
    ...lists,
    tables: lists.tables.filter((t) => !gone(t.schema, t.name)),
    constraints: lists.constraints.filter(
      (c) => !gone(c.schema, c.table) && !gone(c.schema, c.name) && !(c.references && gone(c.references.schema, c.references.table)),
    ),
    indexes: lists.indexes.filter((i) => !gone(i.schema, i.table) && !gone(i.schema, i.name)),
    sequences: lists.sequences.filter((s) => !gone(s.schema, s.name)),
    views: lists.views.filter((v) => !gone(v.schema, v.name)),
    functions: lists.functions.filter((f) => !routines.has(key(f.schema, f.name))),
    triggers: lists.triggers.filter((t) => !gone(t.schema, t.table)),
    policies: lists.policies.filter((p) => !gone(p.schema, p.table)),
    grants: lists.grants.filter((g) =>
      g.objectType === 'function'
        ? !routines.has(key(g.schema, (g.object ?? '').replace(/\(.*$/s, '')))
        : g.objectType === 'schema' || !gone(g.schema, g.object),
    ),
  };
}

interface ReadObject extends DroppedObject {
  readonly oid: string;
}

/**
 * The relations and routines of the read transaction's snapshot (filtered by `filter`, the
 * schema lists of the catalog queries) that another session has dropped by now. Ends the read
 * transaction of `session`: only a new transaction sees what was dropped after the old one's
 * snapshot was taken. Three round trips whatever the size of the schema.
 *
 * @example
 * await droppedWhileReading(client, [null, null]) // [{ kind: 'relation', schema: 'public', name: 'tmp' }]
 */
export async function droppedWhileReading(session: Queryable, filter: readonly unknown[]): Promise<DroppedObject[]> {
  const read = (await session.query<ReadObject>(await loadSql('read-oids'), [...filter])).rows;
  await session.query('COMMIT');
  const gone = new Set((await session.query<{ oid: string }>(await loadSql('dropped-while-reading'), [read.map((o) => o.oid)])).rows.map((r) => r.oid));
  return read.filter((o) => gone.has(o.oid)).map(({ kind, schema, name }) => ({ kind, schema, name }));
}
