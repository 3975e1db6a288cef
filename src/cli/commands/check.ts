import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import type { Severity } from '../../compare/change.js';
import { InputError } from '../../errors.js';
import { snapshot } from '../../sources/resolve.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { reportPolicy } from '../active-config.js';
import { ciOutputFlags, REPORT_FORMATS, reportFlags, sourceFlags, toSourceOptions, type CiOutputFlagValues, type SourceFlagValues } from '../options.js';
import { CI_FORMATS, outputFiles, type OutputFormat } from '../outputs.js';
import {
  cacheFlags,
  messagesOf,
  migrationFlags,
  replayFlags,
  revisionFiles,
  toReplayOptions,
  toStatusOptions,
  type MigrationFlagValues,
  type ReplayFlagValues,
} from '../migration-options.js';

/** The flags of `check`. */
export interface CheckArgs extends SourceFlagValues, MigrationFlagValues, ReplayFlagValues, CiOutputFlagValues {
  /** Repeatable (a fleet); a config file's `db` arrives as one string. */
  db?: string | string[];
  'db-list'?: string;
  'db-list-cmd'?: string;
  schemas?: string;
  jobs?: number;
  shard?: string;
  models?: string;
  expected?: string;
  format: OutputFormat;
  'fail-on': Severity;
  'require-head'?: boolean;
  'cache-dir': string;
  cache: boolean;
}

function policyOption(): { policy?: NonNullable<ReturnType<typeof reportPolicy>> } {
  const policy = reportPolicy();
  return policy ? { policy } : {};
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  ...COMMAND_LIST.check,
  builder: (y) =>
    ciOutputFlags(replayFlags(cacheFlags(migrationFlags(reportFlags(sourceFlags(y), REPORT_FORMATS), false))), REPORT_FORMATS)
      .option('db', {
        type: 'string',
        array: true,
        description: 'Database to check (default: DATABASE_URL, then PGHOST/PGDATABASE/…); repeatable: a fleet, each against the one expected schema',
        requiresArg: true,
      })
      .option('db-list', {
        type: 'string',
        description: 'Fleet: check every database in this file, one connection string per line (# comments, blank lines skipped; - for stdin)',
        requiresArg: true,
      })
      .option('db-list-cmd', {
        type: 'string',
        description: 'Fleet: run this shell command (only when given here; never from a file) and check every database it prints, one per line',
        requiresArg: true,
      })
      .option('schemas', {
        type: 'string',
        description: "Tenants: compare every schema matching this glob ('tenant_*') with the one expected schema, mapped onto each (docs/fleets.md)",
        requiresArg: true,
      })
      .option('jobs', { type: 'number', description: 'Fleet: check this many databases at once (default 4)', requiresArg: true })
      .option('shard', { type: 'string', description: 'Fleet: check only part I of N of the sorted database list (1/4 … 4/4), for a CI matrix or a job array', requiresArg: true })
      .option('expected', {
        type: 'string',
        description: 'The expected schema: a .json snapshot, a .sql file or folder, or another postgres:// URL (or give --migrations)',
        requiresArg: true,
      })
      .option('require-head', {
        type: 'boolean',
        description: 'With --migrations: a database not at head is an error (post-deploy gate); without it pending revisions are info',
      })
      .option('models', {
        type: 'string',
        description: 'SQLAlchemy models (a .py file or a folder), read without Python: compared with --migrations at head and/or --db',
        requiresArg: true,
      })
      .conflicts('expected', 'migrations')
      .example('$0 check --db $DATABASE_URL --expected schemas/app.snapshot.json', 'post-deploy verification')
      .example('$0 check --db $DATABASE_URL --migrations backend/app/migrations --require-head', 'state + schema, one verdict')
      .example('$0 check --db $DATABASE_URL --migrations migrations --alembic-sql upgrade.sql', 'Alembic migrations pgdrift cannot read: their offline SQL')
      .example('$0 check --expected db/schema.sql --format markdown', 'against declarative SQL, for a PR comment')
      .example('$0 check --migrations migrations --format github --format-file sarif=pgdrift.sarif', 'in GitHub Actions: annotations, job summary, code scanning')
      .example('$0 check --expected schema.sql --metrics-file /var/lib/node_exporter/pgdrift.prom', 'from cron, for Prometheus')
      .example('$0 check --db-list databases.txt --migrations migrations --jobs 8', 'a fleet: every database in the file, one summary table')
      .example("$0 check --db $DATABASE_URL --schemas 'tenant_*' --expected tenant.sql", 'every tenant schema against one schema written for public')
      .example('$0 check --db-list databases.txt --expected schema.sql --shard 2/4', 'the second quarter of the list, in a CI matrix')
      .example('$0 check --models backend/app/models --migrations backend/app/migrations', 'do the models and the migrations declare the same schema?')
      .example('$0 check --models backend/app/models --migrations backend/app/migrations --db $DATABASE_URL', 'models, migrations at head and a database: which one disagrees') as never,
  handler: async (argv) => {
    // Bad output files are bad input before anything slow starts.
    const outputs = outputFiles(argv, REPORT_FORMATS);
    const dbs = argv.db === undefined ? [] : [argv.db].flat();
    // --jobs alone (perhaps from a config file) does not make one database a fleet.
    const fleet = dbs.length > 1 || [argv['db-list'], argv['db-list-cmd'], argv.schemas, argv.shard].some((v) => v !== undefined);
    if (fleet) {
      const { checkFleetHandler } = await import('./check-fleet.js');
      return checkFleetHandler(argv, dbs, outputs);
    }
    const db = dbs[0];
    if (argv.models !== undefined) {
      const { checkModelsHandler } = await import('./check-models.js');
      return checkModelsHandler({ ...argv, db, models: argv.models });
    }
    const options = toSourceOptions(argv);
    if (argv.migrations === undefined) {
      if (argv.expected === undefined) throw new InputError('give the expected schema: --expected SOURCE or --migrations DIR');
      if (argv['require-head']) throw new InputError('--require-head needs --migrations');
      if (argv['alembic-sql'] !== undefined || argv['migrate-cmd'] !== undefined) throw new InputError('--alembic-sql and --migrate-cmd need --migrations');
      const url = requireDatabaseUrl(db);
      // Independent reads (a live catalog, a shadow, a file): overlap them, and load the
      // comparison (with its WebAssembly parser) and the renderers meanwhile. Each branch
      // imports only what it runs: the migrations machinery costs ~90 ms to load.
      const [expected, actual, { check }, { reportRenderings }, { deliver }, { shouldUseColor }] = await Promise.all([
        snapshot(argv.expected, options),
        snapshot(url, options),
        import('../../check.js'),
        import('../render.js'),
        import('../outputs.js'),
        import('../../report/color.js'),
      ]);
      const report = await check(expected, actual, argv['fail-on'], reportPolicy());
      const exitCode = report.status === 'drift' ? 1 : 0;
      await deliver(reportRenderings(report, 'check', argv.expected), { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode });
      process.exitCode = exitCode;
      return;
    }
    const url = requireDatabaseUrl(db);
    const replay = toReplayOptions(argv);
    const [{ checkMigrations }, { loadMigrationHistory }, { shouldUseColor }, { renderMigrationCheckJson }, { renderMigrationCheckMarkdown, renderMigrationCheckText }, { ciOfMigrationCheck }, { ciPlaces, deliver }] =
      await Promise.all([
        import('../../migrations/check-migrations.js'),
        import('../../migrations/load-history.js'),
        import('../../report/color.js'),
        import('../../report/status-json.js'),
        import('../../report/status-check.js'),
        import('../../report/ci-findings.js'),
        import('../outputs.js'),
      ]);
    // Read the folder first: a broken history is bad input (exit 2) before any connection is tried.
    const history = await loadMigrationHistory(argv.migrations, { ...toStatusOptions(argv), ...replay });
    const result = await checkMigrations(url, argv.migrations, {
      ...toStatusOptions(argv),
      ...replay,
      ...options,
      tool: history.tool,
      failOn: argv['fail-on'],
      requireHead: argv['require-head'] ?? false,
      cacheDir: argv.cache ? argv['cache-dir'] : null,
      ...policyOption(),
    });
    const messages = messagesOf(history);
    const exitCode = result.status === 'drift' ? 1 : 0;
    // The CI formats put each schema change on the line of the revision that made the object
    // (as diagnose does): a replay with the schema after every step, so only when they are asked for.
    const isCi = (format: OutputFormat): boolean => (CI_FORMATS as readonly OutputFormat[]).includes(format);
    const ciWanted = isCi(argv.format) || outputs.files.some((f) => isCi(f.format));
    const changes = result.schema?.changes ?? [];
    const origins =
      ciWanted && changes.length > 0 && result.expected !== null
        ? await (await import('../../diagnose/change-origins.js')).changeOrigins(history, result.migrations.applied, changes, {
            ...replay,
            cacheDir: argv.cache ? argv['cache-dir'] : null,
          })
        : new Map();
    await deliver(
      {
        text: (color) => renderMigrationCheckText(result, messages, { color }),
        json: () => renderMigrationCheckJson(result),
        markdown: () => renderMigrationCheckMarkdown(result, messages),
        ci: () => ciOfMigrationCheck(result, { fileOf: revisionFiles(history), origins, places: ciPlaces(), summary: renderMigrationCheckMarkdown(result, messages) }),
      },
      { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode },
    );
    process.exitCode = exitCode;
  },
};
