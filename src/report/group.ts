import type { Change } from '../compare/change.js';

/** Changes on one table (or view) and the objects that belong to it. */
export interface RelationGroup {
  readonly name: string;
  /** `table`, `view` or `materialized view`, as far as the changes tell. */
  readonly kind: string;
  readonly changes: readonly Change[];
}

/** Changes in one schema: objects not in a table first, then one group per table. */
export interface SchemaGroup {
  /** Null for database-wide objects (extensions without a schema, for instance). */
  readonly schema: string | null;
  readonly changes: readonly Change[];
  readonly relations: readonly RelationGroup[];
}

const RELATION_TYPES: ReadonlySet<string> = new Set(['table', 'view', 'materialized view']);

function schemaOf(c: Change): string | null {
  return c.schema ?? (c.objectType === 'schema' ? c.name : null);
}

/** The table a change belongs to; a table's (or view's) own change heads its group. */
function relationOf(c: Change): string | null {
  return c.table ?? (RELATION_TYPES.has(c.objectType) ? c.name : null);
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups changes by schema, then by table, for renderers that show a tree. Schemas and tables
 * come in name order (database-wide changes first); within a group the comparator's order is kept.
 *
 * @example
 * groupChanges(report.changes)[0] // { schema: 'public', changes: [enum change], relations: [{ name: 'users', … }] }
 */
export function groupChanges(changes: readonly Change[]): SchemaGroup[] {
  const schemas = new Map<string | null, { changes: Change[]; relations: Map<string, Change[]> }>();
  for (const c of changes) {
    const key = schemaOf(c);
    let group = schemas.get(key);
    if (!group) {
      group = { changes: [], relations: new Map() };
      schemas.set(key, group);
    }
    const relation = relationOf(c);
    if (relation === null) {
      group.changes.push(c);
    } else {
      const list = group.relations.get(relation) ?? [];
      list.push(c);
      group.relations.set(relation, list);
    }
  }
  return [...schemas.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : byText(a, b)))
    .map(([schema, g]) => ({
      schema,
      changes: g.changes,
      relations: [...g.relations.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([name, list]) => ({
          name,
          kind: list.find((c) => c.table === null && c.name === name && RELATION_TYPES.has(c.objectType))?.objectType ?? 'table',
          changes: list,
        })),
    }));
}
