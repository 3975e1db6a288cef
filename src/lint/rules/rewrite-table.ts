import { alterTableCommands, shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * A table that existed before the revision got new storage during the statement: PostgreSQL
 * rewrote it, holding ACCESS EXCLUSIVE (no reads, no writes) for as long as copying takes.
 * Observed, not guessed: the shadow's `relfilenode` before and after the statement — so
 * `ADD COLUMN … DEFAULT now()` (stable: no rewrite since PostgreSQL 11) passes, `DEFAULT
 * random()` does not, `varchar(20)` → `varchar(40)` or `text` passes, `int` → `bigint` does not.
 */
export function rewritesTable(context: StatementContext): Hit[] {
  const { tree } = context;
  if ('TruncateStmt' in tree) return [];
  const rel = (tree.AlterTableStmt as Tree | undefined)?.relation;
  const target = rel !== undefined ? context.relation(rel) : null;
  if (!target || !target.existed || !context.rewritten.has(target.oid)) return [];
  const commands = alterTableCommands(tree);
  const typeChange = commands.some((c) => c.subtype === 'AT_AlterColumnType');
  const addColumn = commands.some((c) => c.subtype === 'AT_AddColumn');
  const cause = typeChange ? 'a column type change' : addColumn ? 'a new column with a volatile default, identity, serial or stored expression' : 'this statement';
  const fix = typeChange
    ? 'add a new column of the new type, backfill it in batches, move the application to it; never change the type of a column in use in place'
    : addColumn
      ? 'add the column without a default (or with a constant or stable one), backfill it in batches, then SET DEFAULT for new rows'
      : 'do the change in steps that do not rewrite the table (a new table or column, backfilled in batches)';
  return [
    {
      rule: 'rewrite-table',
      message: `rewrites \`${shown(target)}\` (${cause}) under ACCESS EXCLUSIVE: no reads or writes until every row is copied`,
      fix,
      lock: 'ACCESS EXCLUSIVE',
      rewrites: true,
      scans: true,
      table: tableOf(target),
    },
  ];
}
