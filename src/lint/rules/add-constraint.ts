import { alterTableCommands, shown, tableOf, type Hit, type StatementContext, type Tree } from './context.js';

/**
 * Constraints added to a table in use: a validated CHECK reads every row under ACCESS
 * EXCLUSIVE; a validated FOREIGN KEY reads every row holding SHARE ROW EXCLUSIVE on both
 * tables (writes blocked); PRIMARY KEY, UNIQUE and EXCLUDE build their index under ACCESS
 * EXCLUSIVE unless given one (`USING INDEX`). `NOT VALID` then `VALIDATE CONSTRAINT` in a later
 * transaction is the safe form — validating in the same transaction keeps the strong lock.
 */
export function addConstraint(context: StatementContext): Hit[] {
  const target = context.relation((context.tree.AlterTableStmt as Tree | undefined)?.relation);
  if (!target) return [];
  const hits: Hit[] = [];
  const t = shown(target);
  for (const c of alterTableCommands(context.tree)) {
    const inline = c.subtype === 'AT_AddColumn' ? ((((c.def as Tree | undefined)?.ColumnDef as Tree | undefined)?.constraints ?? []) as Tree[]) : [];
    const added = c.subtype === 'AT_AddConstraint' ? [c.def as Tree] : inline;
    for (const k of added.map((d) => (d?.Constraint ?? {}) as Tree)) {
      const name = typeof k.conname === 'string' ? ` \`${k.conname}\`` : '';
      if (k.skip_validation === true && context.statement.transactional && typeof k.conname === 'string') context.addedNotValid.add(`${target.oid}:${k.conname}`);
      if (!target.existed) continue;
      if (k.contype === 'CONSTR_CHECK' && k.skip_validation !== true && c.subtype === 'AT_AddConstraint') {
        hits.push({
          rule: 'add-check',
          message: `adds CHECK${name} to \`${t}\`, reading every row under ACCESS EXCLUSIVE`,
          fix: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: writes go on)',
          lock: 'ACCESS EXCLUSIVE',
          scans: true,
          table: tableOf(target),
        });
      } else if (k.contype === 'CONSTR_FOREIGN' && k.skip_validation !== true) {
        const referenced = context.relation(k.pktable);
        hits.push({
          rule: 'add-foreign-key',
          message: `adds FOREIGN KEY${name} on \`${t}\`${referenced ? ` to \`${shown(referenced)}\`` : ''}, reading every row while writes to both tables are blocked (SHARE ROW EXCLUSIVE)`,
          fix: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later migration',
          lock: 'SHARE ROW EXCLUSIVE',
          scans: true,
          table: tableOf(target),
        });
      } else if (['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION'].includes(String(k.contype)) && typeof k.indexname !== 'string') {
        const what = k.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : k.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'EXCLUDE';
        hits.push({
          rule: 'add-unique-key',
          message: `adds ${what}${name} to \`${t}\`, building its index under ACCESS EXCLUSIVE`,
          fix:
            what === 'EXCLUDE'
              ? 'create the table anew with the constraint, or accept the lock in a maintenance window'
              : `CREATE UNIQUE INDEX CONCURRENTLY first (outside a transaction), then ADD CONSTRAINT … ${what} USING INDEX`,
          lock: 'ACCESS EXCLUSIVE',
          scans: true,
          table: tableOf(target),
        });
      }
    }
    if (c.subtype === 'AT_ValidateConstraint' && target.existed && context.statement.transactional && context.addedNotValid.has(`${target.oid}:${String(c.name)}`)) {
      hits.push({
        rule: 'validate-in-same-transaction',
        message: `VALIDATE CONSTRAINT \`${String(c.name)}\` runs in the transaction that added it to \`${t}\` NOT VALID: the lock taken by the ADD is held while every row is read`,
        fix: 'validate it in a later migration (its own transaction)',
        lock: 'ACCESS EXCLUSIVE',
        scans: true,
        table: tableOf(target),
      });
    }
  }
  return hits;
}
