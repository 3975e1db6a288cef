import type { Diagnosis } from '../diagnose/diagnosis.js';
import type { Remedy } from '../diagnose/remedy.js';
import type { DdlStatement } from '../ddl/statement.js';
import { renderSqlScript } from './sql-script.js';

/**
 * A remedy as a script to review and run with psql (`diagnose --emit-sql`): what it does and
 * why in its header, the schema statements with their hazards, and last the version-table
 * update, so that the database records the revision its schema now is.
 *
 * @example
 * await writeFile('finish.sql', renderRemedyScript(diagnosis, diagnosis.remedies[0]!, new Date()));
 */
export function renderRemedyScript(d: Diagnosis, remedy: Remedy, now: Date): string {
  const versionStatements: DdlStatement[] = (remedy.versionTable?.sql ?? []).map((sql) => ({
    sql,
    changeIds: [],
    hazards: [],
    transactional: true,
    note: remedy.versionTable?.command ? `version table: what \`${remedy.versionTable.command}\` does` : 'version table',
  }));
  const header = [
    `pgdrift diagnose: remedy "${remedy.kind}" for ${d.database} (${d.tool}, ${d.migrations})`,
    `verdict: ${d.verdict}`,
    `remedy: ${remedy.title}`,
    `written ${now.toISOString()}; pgdrift ran none of it. Review every statement, then: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f FILE`,
    ...remedy.notes.map((n) => `note: ${n}`),
  ];
  return renderSqlScript({ ...remedy.plan, statements: [...remedy.plan.statements, ...versionStatements] }, header);
}
