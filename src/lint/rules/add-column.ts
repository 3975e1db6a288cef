import { alterTableCommands, shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * `ADD COLUMN … NOT NULL` without a default on a table in use: every existing row would get
 * NULL, so PostgreSQL refuses it as soon as the table has one row — the shadow, empty, cannot
 * show that; production can.
 */
export function addColumnNotNull(context: StatementContext): Hit[] {
  const target = context.relation((context.tree.AlterTableStmt as Tree | undefined)?.relation);
  if (!target || !target.existed) return [];
  const hits: Hit[] = [];
  for (const c of alterTableCommands(context.tree)) {
    if (c.subtype !== 'AT_AddColumn') continue;
    const def = (c.def as Tree | undefined)?.ColumnDef as Tree | undefined;
    const kinds = ((def?.constraints ?? []) as Tree[]).map((k) => (k.Constraint as Tree | undefined)?.contype);
    const filled = kinds.some((k) => k === 'CONSTR_DEFAULT' || k === 'CONSTR_IDENTITY' || k === 'CONSTR_GENERATED');
    const serial = JSON.stringify(def?.typeName ?? {}).match(/"(small|big)?serial[248]?"/) !== null;
    if (!kinds.includes('CONSTR_NOTNULL') && !kinds.includes('CONSTR_PRIMARY')) continue;
    if (filled || serial) continue;
    hits.push({
      rule: 'add-column-not-null',
      message: `adds NOT NULL column \`${shown(target)}.${String(def?.colname)}\` without a default: fails on a table with rows`,
      fix: 'add the column nullable (or with a constant default), backfill it, then make it NOT NULL through a validated CHECK (col IS NOT NULL)',
      lock: 'ACCESS EXCLUSIVE',
      table: tableOf(target),
    });
  }
  return hits;
}
