import { alterTableCommands, shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * `ALTER COLUMN … SET NOT NULL` on a table in use reads every row under ACCESS EXCLUSIVE —
 * unless the column is NOT NULL already or a validated `CHECK (col IS NOT NULL)` proves it
 * (PostgreSQL 12 and later then skip the scan). Both are asked of the shadow at that moment.
 */
export function setNotNull(context: StatementContext): Hit[] {
  const target = context.relation((context.tree.AlterTableStmt as Tree | undefined)?.relation);
  if (!target || !target.existed) return [];
  const hits: Hit[] = [];
  for (const c of alterTableCommands(context.tree)) {
    if (c.subtype !== 'AT_SetNotNull' || typeof c.name !== 'string') continue;
    const fact = context.notNull(target.oid, c.name);
    if (!fact || fact.notNull || fact.proven) continue;
    hits.push({
      rule: 'set-not-null',
      message: `SET NOT NULL on \`${shown(target)}.${c.name}\` reads every row of \`${shown(target)}\` under ACCESS EXCLUSIVE`,
      fix: `add CHECK (${c.name} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (no scan on PostgreSQL 12+)`,
      lock: 'ACCESS EXCLUSIVE',
      scans: true,
      table: tableOf(target),
    });
  }
  return hits;
}
