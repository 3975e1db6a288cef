import { shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * `CREATE INDEX` without CONCURRENTLY on a table that existed before the revision holds SHARE
 * (writes blocked) while the whole index builds. An index on a table the same revision created
 * is fine: nothing uses that table yet.
 */
export function createIndex(context: StatementContext): Hit[] {
  const stmt = context.tree.IndexStmt as Tree | undefined;
  if (!stmt || stmt.concurrent === true) return [];
  const target = context.relation(stmt.relation);
  if (!target || !target.existed) return [];
  const name = typeof stmt.idxname === 'string' ? ` \`${stmt.idxname}\`` : '';
  return [
    {
      rule: 'create-index',
      message: `creates index${name} on \`${shown(target)}\` without CONCURRENTLY: writes to \`${shown(target)}\` wait until it is built (SHARE lock)`,
      fix:
        target.kind === 'p'
          ? 'create it ON ONLY the partitioned table, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX … ATTACH PARTITION'
          : 'CREATE INDEX CONCURRENTLY, outside a transaction (and check it is valid afterwards)',
      lock: 'SHARE',
      scans: true,
      table: tableOf(target),
    },
  ];
}
