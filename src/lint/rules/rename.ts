import { shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * Renaming a column or a table in use: the lock is brief, but the application version still
 * running (during a rolling deploy, or until it is restarted) queries the old name and fails.
 * Renaming an enum value the application writes breaks it the same way.
 */
export function rename(context: StatementContext): Hit[] {
  const rename = context.tree.RenameStmt as Tree | undefined;
  if (rename) {
    const target = context.relation(rename.relation);
    if (!target || !target.existed) return [];
    if (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE') {
      return [
        {
          rule: 'rename-column',
          message: `renames column \`${shown(target)}.${String(rename.subname)}\` to \`${String(rename.newname)}\`: the running application still uses the old name`,
          fix: 'add the new column, write both, backfill, move reads to it; remove the old one only in a later release',
          lock: 'ACCESS EXCLUSIVE',
          table: tableOf(target),
          renamedAway: { table: tableOf(target), column: String(rename.subname) },
        },
      ];
    }
    if (rename.renameType === 'OBJECT_TABLE') {
      return [
        {
          rule: 'rename-table',
          message: `renames table \`${shown(target)}\` to \`${String(rename.newname)}\`: the running application still uses the old name`,
          fix: 'create the new table and copy or dual-write (or leave a view with the old name), move the application, then retire the old name in a later release',
          lock: 'ACCESS EXCLUSIVE',
          table: tableOf(target),
        },
      ];
    }
    return [];
  }
  const alterEnum = context.tree.AlterEnumStmt as Tree | undefined;
  if (alterEnum && typeof alterEnum.oldVal === 'string' && context.enumExisted(alterEnum.typeName)) {
    const type = ((alterEnum.typeName ?? []) as Tree[]).map((n) => String((n.String as Tree | undefined)?.sval)).join('.');
    return [
      {
        rule: 'enum-rename-value',
        message: `renames value '${alterEnum.oldVal}' of enum \`${type}\` to '${String(alterEnum.newVal)}': the running application still writes the old value`,
        fix: 'ADD VALUE the new label, move the application and the rows to it; stop using the old label rather than renaming it',
        lock: 'ACCESS EXCLUSIVE',
      },
    ];
  }
  return [];
}
