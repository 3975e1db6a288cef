import { InputError } from '../../errors.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { reportPolicy } from '../active-config.js';
import { toSourceOptions } from '../options.js';
import type { FormatFile, OutputFormat } from '../outputs.js';
import { toReplayOptions, toStatusOptions } from '../migration-options.js';
import type { CheckArgs } from './check.js';

/** What a fleet check prints: its own table, not the CI formats of a single comparison. */
const FLEET_FORMATS: readonly OutputFormat[] = ['text', 'json', 'markdown'];

/** The most databases read at once: each takes up to three connections. */
const MAX_JOBS = 64;

/**
 * `check` of a fleet: several `--db`, `--db-list`, `--db-list-cmd`, and/or tenant schemas
 * (`--schemas`). The expected side is built once, before any database is read; then each
 * database is checked, `--jobs` at a time, and one table reports them all (docs/fleets.md).
 */
export async function checkFleetHandler(argv: CheckArgs, dbs: readonly string[], outputs: { readonly files: readonly FormatFile[]; readonly metricsFile: string | undefined }): Promise<void> {
  // Every usage error before anything slow (a shadow build, a command, a connection) starts.
  if (!FLEET_FORMATS.includes(argv.format)) throw new InputError(`--format ${argv.format} is not available for a fleet check (several databases or --schemas): use text, json or markdown`);
  for (const f of outputs.files) {
    if (!FLEET_FORMATS.includes(f.format)) throw new InputError(`--format-file ${f.format}=… is not available for a fleet check: use text, json or markdown`);
  }
  if (outputs.metricsFile !== undefined) throw new InputError('--metrics-file is not available for a fleet check yet');
  if (argv.models !== undefined) throw new InputError('--models checks one database; a fleet check takes --expected or --migrations');
  if (argv.expected === undefined && argv.migrations === undefined) throw new InputError('give the expected schema: --expected SOURCE or --migrations DIR');
  if (argv.schemas !== undefined && argv.expected === undefined) throw new InputError("--schemas needs --expected: the one schema every tenant schema is compared with (a .sql file written for public, or a snapshot of one schema)");
  if (argv.migrations === undefined && argv['require-head']) throw new InputError('--require-head needs --migrations');
  if (argv.migrations === undefined && (argv['alembic-sql'] !== undefined || argv['migrate-cmd'] !== undefined)) throw new InputError('--alembic-sql and --migrate-cmd need --migrations');
  const jobs = argv.jobs ?? undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS)) throw new InputError(`--jobs takes a whole number from 1 to ${MAX_JOBS}, got ${String(jobs)}`);
  const [{ parseShard, shardOf }, { collectTargets }] = await Promise.all([import('../../fleet/shard.js'), import('../../fleet/targets.js')]);
  const shard = argv.shard === undefined ? null : parseShard(argv.shard);
  const options = toSourceOptions(argv);

  const listed = argv['db-list'] !== undefined || argv['db-list-cmd'] !== undefined;
  const all = await collectTargets({
    // The environment's database only when no list is given: `--schemas` on DATABASE_URL.
    db: dbs.length > 0 || listed ? dbs : [requireDatabaseUrl(undefined)],
    ...(argv['db-list'] !== undefined ? { dbList: argv['db-list'] } : {}),
    ...(argv['db-list-cmd'] !== undefined ? { dbListCommand: argv['db-list-cmd'] } : {}),
  });
  const targets = shard === null ? [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : shardOf(all, shard);

  const [{ checkFleet }, { progress }] = await Promise.all([import('../../fleet/fleet.js'), import('../../progress.js')]);
  const policy = reportPolicy() ?? undefined;
  const read = {
    ...(options.schemas ? { schemas: options.schemas } : {}),
    ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  };
  const expectation = await buildExpectation(argv, options, read);
  const result = await checkFleet(targets, expectation, {
    ...(jobs !== undefined ? { jobs } : {}),
    failOn: argv['fail-on'],
    ...(policy ? { policy } : {}),
    read,
    onDone: (done, total) => progress(`checked ${done} of ${total} databases`),
  });

  const [{ renderFleetJson, renderFleetMarkdown, renderFleetText }, { shouldUseColor }, { writeTextFile }, { writeOut }] = await Promise.all([
    import('../../report/fleet.js'),
    import('../../report/color.js'),
    import('../write-text-file.js'),
    import('../../report/output.js'),
  ]);
  const render = (format: OutputFormat, color: boolean): string =>
    format === 'json' ? renderFleetJson(result) : format === 'markdown' ? renderFleetMarkdown(result) : renderFleetText(result, { color });
  for (const f of outputs.files) {
    try {
      writeTextFile(f.path, render(f.format, false));
    } catch (err) {
      throw new InputError(`--format-file ${f.path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  let printed = render(argv.format, shouldUseColor(process.stdout, process.env));
  if (targets.length === 0 && argv.format === 'text') printed = `no database in shard ${argv.shard ?? ''} (${all.length} in the list): nothing to check\n`;
  writeOut(printed);
  process.exitCode = result.exitCode;
}

type Read = import('../../sources/database.js').DatabaseSnapshotOptions;

/** The expected side, built once: a source's snapshot, a tenant template, or a migration history read to every head. */
async function buildExpectation(argv: CheckArgs, options: ReturnType<typeof toSourceOptions>, read: Read): Promise<import('../../fleet/fleet.js').FleetExpectation> {
  if (argv.expected !== undefined) {
    const { snapshot } = await import('../../sources/resolve.js');
    const expected = await snapshot(argv.expected, options);
    if (argv.schemas === undefined) return { kind: 'snapshot', snapshot: expected, description: argv.expected };
    const { tenantTemplate } = await import('../../fleet/tenants.js');
    return { kind: 'tenants', template: tenantTemplate(expected), glob: argv.schemas, description: argv.expected };
  }
  const dir = argv.migrations as string;
  const [{ loadMigrationHistory }, { ensureHistoryRead }] = await Promise.all([import('../../migrations/load-history.js'), import('../../migrations/expected-schema.js')]);
  const replay = toReplayOptions(argv);
  const memo = new Map();
  const base = {
    ...toStatusOptions(argv),
    ...replay,
    ...options,
    ...read,
    cacheDir: argv.cache ? argv['cache-dir'] : null,
    builtThisRun: new Set<string>(),
    memo,
  };
  // Read the folder first: a broken history is bad input (exit 2) before any connection is tried.
  const history = await loadMigrationHistory(dir, base);
  await ensureHistoryRead(history, base);
  return {
    kind: 'migrations',
    dir,
    history,
    options: { ...base, history, tool: history.tool, requireHead: argv['require-head'] ?? false },
    description: dir,
  };
}
