import { InputError } from '../errors.js';
import type { MigrationHistory, MigrationTool } from './history.js';
import { alembicHistory } from './alembic/history.js';
import { withOfflineSql } from './alembic/offline-sql-history.js';
import { withMigrateCommand } from './command-history.js';
import { detectTool } from './detect-tool.js';
import type { MigrateCommandOptions } from './migrate-command.js';
import { dbmateHistory } from './sql-tools/dbmate.js';
import { flywayHistory } from './sql-tools/flyway.js';
import { golangMigrateHistory } from './sql-tools/golang-migrate.js';
import { progress } from '../progress.js';

export interface LoadHistoryOptions {
  /** The tool, when detecting it from the folder is not wanted or not possible. */
  readonly tool?: MigrationTool;
  /** The tool's bookkeeping table, when not its default name (e.g. Alembic's `version_table`). */
  readonly versionTable?: string;
  /**
   * Alembic only: replay revisions from this file, the output of `alembic upgrade base:heads
   * --sql`, instead of interpreting their `upgrade()` (`--alembic-sql`).
   */
  readonly alembicSql?: string;
  /**
   * Replay revisions by running the project's own migration command on a server shadow
   * (`--migrate-cmd`; needs `shadowUrl` where the expected schema is computed).
   */
  readonly migrateCommand?: MigrateCommandOptions;
  /** Alembic's reader: `os.environ` inside revisions (`--env`); never pgdrift's own environment. */
  readonly environ?: ReadonlyMap<string, string>;
  /** Alembic's reader: `context.get_x_argument()` (`-x`). */
  readonly xArguments?: ReadonlyMap<string, string>;
}

/**
 * Reads a migrations folder of any supported tool into a migration history.
 *
 * @example
 * const history = await loadMigrationHistory('backend/app/migrations');
 * history.tool;              // 'alembic'
 * history.graph.heads();     // ['d6e7f8091a2b']
 * @example
 * // Python the reader cannot follow: replay `alembic upgrade base:heads --sql` output instead
 * await loadMigrationHistory('backend/app/migrations', { alembicSql: 'upgrade.sql' });
 * @throws InputError (exit 2) for an unreadable folder, a file that does not parse, duplicate
 *   revisions, unknown parents or cycles — naming the files; for an `alembicSql` file that
 *   cannot be read or names revisions the folder does not have.
 */
export async function loadMigrationHistory(dir: string, options: LoadHistoryOptions = {}): Promise<MigrationHistory> {
  if (options.alembicSql !== undefined && options.migrateCommand !== undefined) {
    throw new InputError('give either --alembic-sql or --migrate-cmd, not both');
  }
  progress(`reading the migration history in ${dir}`);
  const history = await readHistory(dir, options);
  if (options.alembicSql !== undefined) return withOfflineSql(history, options.alembicSql);
  if (options.migrateCommand !== undefined) return withMigrateCommand(history, options.migrateCommand);
  return history;
}

async function readHistory(dir: string, options: LoadHistoryOptions): Promise<MigrationHistory> {
  const tool = options.tool ?? (await detectTool(dir));
  const o = options.versionTable ? { versionTable: options.versionTable } : {};
  switch (tool) {
    case 'alembic':
      return alembicHistory(dir, { ...o, ...(options.environ ? { environ: options.environ } : {}), ...(options.xArguments ? { xArguments: options.xArguments } : {}) });
    case 'golang-migrate':
      return golangMigrateHistory(dir, o);
    case 'dbmate':
      return dbmateHistory(dir, o);
    case 'flyway':
      return flywayHistory(dir, o);
    case 'kysely':
      // Kysely is the heaviest import pgdrift has; only Kysely projects pay for it.
      return (await import('./kysely/kysely-history.js')).kyselyHistory(dir, o);
  }
}
