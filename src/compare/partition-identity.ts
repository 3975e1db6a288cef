import type { Table } from '../model/snapshot.js';

/**
 * A partition's column whose partitioned table has the same column as an identity column:
 * PostgreSQL 17 and later list the identity on the partition's column too (it uses the
 * partitioned table's sequence), 16 and earlier do not. The identity is the partitioned
 * table's, where it is compared; on the partition it is left out, so the same schema compares
 * equal across versions. A partition's own identity under a parent without one is kept.
 *
 * @example
 * // p (id GENERATED ALWAYS AS IDENTITY) PARTITION BY RANGE …; p_2024 PARTITION OF p, read on 17
 * withoutInheritedIdentity(tables).find((t) => t.name === 'p_2024')?.columns[0]?.identity // null
 */
export function withoutInheritedIdentity(tables: readonly Table[]): Table[] {
  const byKey = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const root = (t: Table): Table => {
    let at = t;
    const seen = new Set<Table>();
    while (at.partitionOf !== null && !seen.has(at)) {
      seen.add(at);
      const parent = byKey.get(at.partitionOf);
      if (parent === undefined) break;
      at = parent;
    }
    return at;
  };
  return tables.map((t) => {
    if (t.partitionOf === null || !t.columns.some((c) => c.identity !== null)) return t;
    const top = root(t);
    if (top === t) return t;
    const identityColumns = new Set(top.columns.filter((c) => c.identity !== null).map((c) => c.name));
    return { ...t, columns: t.columns.map((c) => (c.identity !== null && identityColumns.has(c.name) ? { ...c, identity: null } : c)) };
  });
}
