import { alterTableCommands, shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * With `--models`: `DROP COLUMN` of a column the models still declare. The code of this very
 * commit (and the version running during the deploy) selects it by name: every query on the
 * table fails once it is gone.
 */
export function dropDeclaredColumn(context: StatementContext): Hit[] {
  const target = context.relation((context.tree.AlterTableStmt as Tree | undefined)?.relation);
  if (!target || !target.existed) return [];
  return alterTableCommands(context.tree)
    .filter((c) => c.subtype === 'AT_DropColumn' && typeof c.name === 'string' && context.declaredByModels(target.schema, target.name, c.name))
    .map((c) => ({
      rule: 'drop-column-in-models' as const,
      severity: 'error' as const,
      message: `drops column \`${shown(target)}.${String(c.name)}\`, which the models still declare: the application selects it and fails`,
      fix: 'remove the column from the models (and every use) and deploy that first; drop it in a later migration',
      lock: 'ACCESS EXCLUSIVE',
      table: tableOf(target),
    }));
}
