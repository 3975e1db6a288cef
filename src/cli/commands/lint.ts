import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import type { Severity } from '../../compare/change.js';
import { SEVERITIES } from '../../compare/change.js';
import { InputError } from '../../errors.js';
import type { LintResult } from '../../lint/finding.js';
import { DEFAULT_LARGE_TABLE_ROWS } from '../../lint/finding.js';
import { shouldUseColor } from '../../report/color.js';
import { migrationFlags, requireMigrations, toStatusOptions, type MigrationFlagValues } from '../migration-options.js';
import { ciOutputFlags, parseDuration, REPORT_FORMATS, sourceFlags, toSourceOptions, type CiOutputFlagValues, type SourceFlagValues } from '../options.js';
import { ciPlaces, deliver, outputFiles, type OutputFormat } from '../outputs.js';

const FORMATS = REPORT_FORMATS;

interface Args extends SourceFlagValues, MigrationFlagValues, CiOutputFlagValues {
  db?: string;
  models?: string;
  since?: string;
  format: OutputFormat;
  'fail-on': Severity;
  'large-table-rows': number;
  'no-autogenerate'?: boolean;
  autogenerate?: boolean;
  'golang-migrate-multi-statement'?: boolean;
  'golang-migrate-multi-statement-max-size'?: string | number;
  'flyway-mixed'?: boolean;
  'flyway-config'?: string[];
}

export const lintCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.lint,
  builder: (y) =>
    ciOutputFlags(migrationFlags(sourceFlags(y), true), FORMATS)
      .option('since', { type: 'string', description: 'Only the revisions whose files git says were added or changed since this ref (e.g. origin/main)', requiresArg: true })
      .option('models', { type: 'string', description: 'SQLAlchemy models (a .py file or a folder): a column a migration drops while they still declare it is an error', requiresArg: true })
      .option('db', { type: 'string', description: 'A database to read table sizes from (read only): hazards on tables above --large-table-rows become errors', requiresArg: true })
      .option('large-table-rows', { type: 'number', default: DEFAULT_LARGE_TABLE_ROWS, description: 'With --db: a hazard on a table with more estimated rows is an error', requiresArg: true })
      // `--no-autogenerate` is yargs' negation of this one; the config key is `no-autogenerate`.
      .option('autogenerate', { type: 'boolean', hidden: true })
      .option('no-autogenerate', { type: 'boolean', description: "The project bans Alembic's autogenerate: report its marker comments (config: \"lint\": { \"no-autogenerate\": true })" })
      .option('golang-migrate-multi-statement', {
        type: 'boolean',
        description: "migrate's database URL has x-multi-statement=true: each file is cut after every `;` and each piece runs as its own query, outside a transaction (a `;` inside a function body or string then breaks the file)",
      })
      // A string, so that a bad value is named as typed ("10MB"), not as yargs' NaN.
      .option('golang-migrate-multi-statement-max-size', { type: 'string', description: 'Its x-multi-statement-max-size, in bytes (default 10485760, as golang-migrate)', requiresArg: true })
      .option('flyway-mixed', {
        type: 'boolean',
        description: 'Flyway runs with mixed=true: a migration mixing transactional and non-transactional statements runs without a transaction (default: FLYWAY_MIXED, else the Flyway config files)',
      })
      .option('flyway-config', {
        type: 'string',
        array: true,
        description: "Flyway's config files (flyway.toml, flyway.conf) to read `mixed` from, as flyway -configFiles (default: the nearest folder from --migrations up holding flyway.toml, flyway.user.toml or flyway.conf)",
        requiresArg: true,
      })
      .option('format', { choices: FORMATS as OutputFormat[], default: 'text' as OutputFormat, description: 'Output format (json: schemas/lint.schema.json; github, sarif, junit: CI)' })
      .option('fail-on', { choices: SEVERITIES as Severity[], default: 'warning' as Severity, description: 'Exit 1 when a finding of this severity or higher is not allowed by a `pgdrift: allow` comment' })
      .example('$0 lint --migrations backend/app/migrations --since origin/main', 'only the new revisions')
      .example('$0 lint --migrations db/migrations --db $STAGING_URL', 'with live table sizes')
      .example('$0 lint --migrations db/migrations --golang-migrate-multi-statement', 'golang-migrate run with ?x-multi-statement=true')
      .example('$0 lint --migrations sql --flyway-config conf/flyway.toml', "Flyway's mixed read from a config file kept elsewhere") as never,
  handler: async (argv) => {
    // Loaded here, not at the top: `lint --help` must not load the migrations reader and the rules.
    const [{ reusedIdFinding }, { lintMigrations }, { loadMigrationHistory }, { ciOfLint, failingFindings, renderLintJson, renderLintMarkdown, renderLintText }] =
      await Promise.all([
        import('../../lint/history-shape.js'),
        import('../../lint/lint.js'),
        import('../../migrations/load-history.js'),
        import('../../report/lint-report.js'),
      ]);
    const outputs = outputFiles(argv, FORMATS);
    const large = argv['large-table-rows'];
    if (!Number.isFinite(large) || large < 0) throw new InputError(`--large-table-rows must be a number of rows, found ${String(large)}`);
    const maxSize = byteCount(argv['golang-migrate-multi-statement-max-size']);
    const source = toSourceOptions(argv);
    const dir = requireMigrations(argv.migrations);
    const statusOptions = toStatusOptions(argv);
    let result: LintResult;
    try {
      const history = await loadMigrationHistory(dir, statusOptions);
      const models =
        argv.models !== undefined
          ? await (await import('../../sources/models/snapshot-models.js')).snapshotModels(argv.models, {
              ...(source.shadowUrl !== undefined ? { shadowUrl: source.shadowUrl } : {}),
              ...(statusOptions.environ ? { environ: statusOptions.environ } : {}),
            })
          : undefined;
      result = await lintMigrations(history, {
        ...(source.shadowUrl !== undefined ? { shadowUrl: source.shadowUrl } : {}),
        ...(argv.since !== undefined ? { since: argv.since } : {}),
        ...(source.schemas ? { schemas: source.schemas } : {}),
        ...(source.excludeSchemas ? { excludeSchemas: source.excludeSchemas } : {}),
        ...(argv.db !== undefined ? { db: argv.db } : {}),
        sizes: {
          largeTableRows: large,
          lockTimeoutMs: parseDuration(argv['lock-timeout'], '--lock-timeout'),
          statementTimeoutMs: parseDuration(argv['statement-timeout'], '--statement-timeout'),
          ...(statusOptions.connectTimeoutMs !== undefined ? { connectTimeoutMs: statusOptions.connectTimeoutMs } : {}),
        },
        noAutogenerate: argv['no-autogenerate'] === true || argv.autogenerate === false,
        ...(argv['golang-migrate-multi-statement'] !== undefined ? { golangMigrateMultiStatement: argv['golang-migrate-multi-statement'] } : {}),
        ...(maxSize !== undefined ? { golangMigrateMultiStatementMaxSize: maxSize } : {}),
        ...(argv['flyway-mixed'] !== undefined ? { flywayMixed: argv['flyway-mixed'] } : {}),
        ...(argv['flyway-config'] !== undefined ? { flywayConfig: argv['flyway-config'] } : {}),
        ...(process.env.FLYWAY_MIXED !== undefined ? { flywayMixedEnv: process.env.FLYWAY_MIXED } : {}),
        ...(models ? { models } : {}),
      });
    } catch (err) {
      // One revision id in two files: a finding about the new revision, not only bad input.
      const reused = err instanceof InputError ? reusedIdFinding(err.message) : null;
      if (!reused) throw err;
      result = { tool: statusOptions.tool ?? 'migrations', migrations: dir, revisions: [reused.revision], database: null, findings: [reused] };
    }
    const failOn = argv['fail-on'];
    const exitCode = failingFindings(result, failOn).length > 0 ? 1 : 0;
    await deliver(
      {
        text: (color) => renderLintText(result, { failOn, color }),
        json: () => renderLintJson(result, failOn),
        markdown: () => renderLintMarkdown(result, failOn),
        ci: () => ciOfLint(result, { failOn, places: ciPlaces() }),
      },
      { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode },
    );
    process.exitCode = exitCode;
  },
};

/** A byte count as golang-migrate's strconv.Atoi takes it: an optional sign and digits. */
function byteCount(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InputError(`--golang-migrate-multi-statement-max-size must be a whole number of bytes (golang-migrate's x-multi-statement-max-size), found ${JSON.stringify(String(value))}`);
  }
  return Number(text);
}
