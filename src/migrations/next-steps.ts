import type { MigrationHistory } from './history.js';
import type { MigrationStatus } from './status.js';

/** The tool's own commands for the usual moves. */
interface ToolCommands {
  readonly upgrade: string;
  readonly merge: string | null;
  readonly markApplied: (version: string) => string;
  readonly afterFailure: (version: string) => string;
}

function commands(history: MigrationHistory, heads: readonly string[]): ToolCommands {
  const dir = history.dir;
  switch (history.tool) {
    case 'alembic':
      return {
        upgrade: heads.length > 1 ? 'alembic upgrade heads' : 'alembic upgrade head',
        merge: 'alembic merge heads -m "merge heads"',
        markApplied: (v) => `alembic stamp ${v}`,
        afterFailure: (v) => `alembic stamp ${v}`,
      };
    case 'golang-migrate':
      return {
        upgrade: `migrate -path ${dir} -database "$DATABASE_URL" up`,
        merge: null,
        markApplied: (v) => `migrate -path ${dir} -database "$DATABASE_URL" force ${v}`,
        afterFailure: (v) =>
          `finish or revert version ${v} by hand, then \`migrate -path ${dir} -database "$DATABASE_URL" force <version now fully applied>\``,
      };
    case 'dbmate':
      return {
        upgrade: `dbmate --migrations-dir ${dir} up`,
        merge: null,
        markApplied: (v) => `INSERT INTO schema_migrations (version) VALUES ('${v}')`,
        afterFailure: (v) => `finish or revert version ${v} by hand`,
      };
    case 'flyway':
      return {
        upgrade: `flyway -locations=filesystem:${dir} migrate`,
        merge: null,
        markApplied: (v) => `flyway -baselineVersion=${v} baseline`,
        afterFailure: (v) => `revert what version ${v} left half-done, then \`flyway -locations=filesystem:${dir} repair\``,
      };
    case 'kysely':
      return {
        upgrade: 'run your Kysely migrator (migrator.migrateToLatest())',
        merge: null,
        markApplied: (v) => `INSERT INTO kysely_migration (name, timestamp) VALUES ('${v}', now()::text)`,
        afterFailure: (v) => `finish or revert migration ${v} by hand`,
      };
  }
}

/**
 * The tool's command that applies every pending revision.
 *
 * @example upgradeCommand(history, ['d6e7f8091a2b']) // 'alembic upgrade head'
 */
export function upgradeCommand(history: MigrationHistory, heads: readonly string[]): string {
  return commands(history, heads).upgrade;
}

/**
 * What an operator should run next for a status, most urgent first, in the tool's own commands.
 *
 * @example nextSteps(history, status) // ['alembic upgrade head']
 */
export function nextSteps(history: MigrationHistory, status: Omit<MigrationStatus, 'next'>): string[] {
  const c = commands(history, status.heads);
  const steps: string[] = [];
  for (const p of status.problems) {
    switch (p.state) {
      case 'multiple_heads':
        steps.push(
          c.merge
            ? `merge the heads in the code: \`${c.merge}\`, commit the new revision, deploy it`
            : `the history has ${p.revisions.length} heads: give the migrations one order`,
        );
        break;
      case 'dirty':
        for (const v of p.revisions) steps.push(c.afterFailure(v));
        break;
      case 'unknown_revision':
      case 'ahead':
        steps.push(
          `deploy the code that has ${p.revisions.join(', ')}, or, if the database really is at a revision this code knows, ` +
            `\`${c.markApplied('<that revision>')}\` after checking its schema (pgdrift check --migrations … )`,
        );
        break;
      case 'uninitialized':
        steps.push(`on an empty database: \`${c.upgrade}\`; on one whose schema already exists: check it matches a revision, then \`${c.markApplied('<revision>')}\``);
        break;
      case 'behind':
        steps.push(c.upgrade.startsWith('run ') ? c.upgrade : `\`${c.upgrade}\``);
        break;
    }
  }
  return [...new Set(steps)];
}
