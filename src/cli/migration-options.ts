import type { Argv } from 'yargs';
import { InputError } from '../errors.js';
import { MIGRATION_TOOLS, type MigrationHistory, type MigrationTool } from '../migrations/history.js';
import type { MigrationStatusOptions } from '../migrations/check-migrations.js';
import type { RevisionMessages } from '../report/status-text.js';
import { parseDuration, sourceFlags, type SourceFlagValues } from './options.js';

/** Flags naming a migrations folder, shared by status, heads, history, current, check and snapshot. */
export function migrationFlags<T>(y: Argv<T>, required: boolean) {
  return y
    .option('migrations', {
      type: 'string',
      description:
        'Migrations folder: Alembic (script folder, versions/ or a folder with alembic.ini), golang-migrate, dbmate, Flyway or Kysely',
      requiresArg: true,
      ...(required ? { demandOption: true } : {}),
    })
    .option('tool', { choices: MIGRATION_TOOLS as MigrationTool[], description: 'The migration tool (default: detected from the folder)' })
    .option('version-table', {
      type: 'string',
      description: "The tool's bookkeeping table when not its default name ([schema.]table); Alembic: by default the one env.py's context.configure(version_table=…) names",
      requiresArg: true,
    })
    .option('env', {
      type: 'string',
      array: true,
      description: "Alembic: NAME=VALUE in os.environ as the revisions see it (repeatable); pgdrift's own environment never reaches them",
      requiresArg: true,
    })
    .option('x', {
      type: 'string',
      array: true,
      description: 'Alembic: KEY=VALUE for context.get_x_argument(), like `alembic -x` (repeatable)',
      requiresArg: true,
    });
}

/** `NAME=VALUE` pairs of a repeatable flag. */
function pairs(values: readonly string[] | undefined, flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0 && flag === '--env') throw new InputError(`${flag} takes NAME=VALUE, got '${v}'`);
    const name = i < 0 ? v : v.slice(0, i);
    // Two values for one name would leave the revisions seeing whichever came last: say so.
    if (out.has(name)) throw new InputError(`${flag} gives ${name} twice; give each name once`);
    out.set(name, i < 0 ? '' : v.slice(i + 1));
  }
  return out;
}

/** Flags of the expected-schema cache. */
export function cacheFlags<T>(y: Argv<T>) {
  return y
    .option('cache-dir', { type: 'string', default: '.pgdrift-cache', description: 'Where expected schemas per revision are cached', requiresArg: true })
    .option('cache', { type: 'boolean', default: true, description: 'Cache expected schemas (--no-cache to replay every time)' });
}

/**
 * The two ways out when the Alembic reader cannot interpret a migration: replay the SQL
 * `alembic upgrade --sql` printed, or run the project's own migration command.
 */
export function replayFlags<T>(y: Argv<T>) {
  return y
    .option('alembic-sql', {
      type: 'string',
      description: 'Alembic: replay the revisions from this file, the output of `alembic upgrade base:heads --sql`, instead of reading their Python',
      requiresArg: true,
    })
    .option('migrate-cmd', {
      type: 'string',
      description:
        'Replay the revisions by running this command (through the shell) on a shadow database of --shadow-url; {url} and {revision} are substituted, e.g. "alembic upgrade {revision}". ' +
        'Its environment is pgdrift\'s without PG*, POSTGRES*, *DATABASE_URL/URI, *DB_URL/URI and *_DSN, plus DATABASE_URL, PGDRIFT_SHADOW_URL, PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (PGSSLMODE) of the shadow and PGDRIFT_REVISION',
      requiresArg: true,
    })
    .option('migrate-timeout', { type: 'string', default: '10min', description: 'Stop --migrate-cmd after this long', requiresArg: true })
    .conflicts('alembic-sql', 'migrate-cmd');
}

export interface ReplayFlagValues {
  readonly 'alembic-sql'?: string;
  readonly 'migrate-cmd'?: string;
  readonly 'migrate-timeout': string;
  readonly 'shadow-url'?: string;
}

/**
 * The library options for `--alembic-sql` / `--migrate-cmd`, checked before anything is read:
 * a command needs a URL to migrate, which only a server shadow has.
 */
export function toReplayOptions(argv: ReplayFlagValues): Pick<MigrationStatusOptions, 'alembicSql' | 'migrateCommand'> {
  if (argv['migrate-cmd'] !== undefined) {
    if (!argv['shadow-url']) {
      throw new InputError(
        '--migrate-cmd needs --shadow-url: the command connects to the shadow database by URL, and the embedded shadow (PGlite, inside pgdrift) has none',
      );
    }
    if (argv['migrate-cmd'].trim() === '') throw new InputError('--migrate-cmd is empty');
    return { migrateCommand: { command: argv['migrate-cmd'], timeoutMs: parseDuration(argv['migrate-timeout'], '--migrate-timeout') } };
  }
  return argv['alembic-sql'] !== undefined ? { alembicSql: argv['alembic-sql'] } : {};
}

export interface MigrationFlagValues {
  readonly migrations?: string;
  readonly tool?: MigrationTool;
  readonly 'version-table'?: string;
  readonly env?: readonly string[];
  readonly x?: readonly string[];
}

/** The library options for reading a folder and a version table. */
export function toStatusOptions(argv: MigrationFlagValues & Partial<SourceFlagValues>): MigrationStatusOptions {
  return {
    ...(argv.tool ? { tool: argv.tool } : {}),
    ...(argv['version-table'] ? { versionTable: argv['version-table'] } : {}),
    ...(argv.env ? { environ: pairs(argv.env, '--env') } : {}),
    ...(argv.x ? { xArguments: pairs(argv.x, '-x') } : {}),
    ...(argv['lock-timeout'] ? { lockTimeoutMs: parseDuration(argv['lock-timeout'], '--lock-timeout') } : {}),
    ...(argv['statement-timeout'] ? { statementTimeoutMs: parseDuration(argv['statement-timeout'], '--statement-timeout') } : {}),
    ...(argv['connect-timeout'] ? { connectTimeoutMs: parseDuration(argv['connect-timeout'], '--connect-timeout') } : {}),
  };
}

/** Revision id → message, for renderers. */
export function messagesOf(history: MigrationHistory): RevisionMessages {
  return (id) => (history.graph.has(id) ? history.graph.get(id).message : null);
}

/** A revision's file, for locations in CI formats; null for a revision the code does not have. */
export function revisionFiles(history: MigrationHistory): (id: string) => string | null {
  return (id) => (history.graph.has(id) ? history.graph.get(id).file : null);
}

export function requireMigrations(value: string | undefined): string {
  if (!value) throw new InputError('no migrations folder given: pass --migrations DIR');
  return value;
}
