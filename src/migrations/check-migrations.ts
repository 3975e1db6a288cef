import { atOrAbove, type Severity } from '../compare/change.js';
import { check } from '../check.js';
import type { ReportPolicy } from '../config/rules.js';
import { DEFAULT_BOOKKEEPING_TABLES } from '../catalog/bookkeeping.js';
import { redactUrl } from '../redact.js';
import type { Report } from '../report/report.js';
import { snapshotDatabase, type DatabaseSnapshotOptions } from '../sources/database.js';
import { ensureHistoryRead, expectedSchema, type ExpectedSchemaOptions } from './expected-schema.js';
import type { MigrationHistory } from './history.js';
import { loadMigrationHistory, type LoadHistoryOptions } from './load-history.js';
import { computeStatus, type MigrationState, type MigrationStatus } from './status.js';
import { readDatabaseState, type ReadStateOptions } from './version-table/read-database.js';

export interface MigrationStatusOptions extends LoadHistoryOptions, ReadStateOptions, ExpectedSchemaOptions {
  /** The history, already loaded and read (`ensureHistoryRead`): a fleet check reads the folder once for every database. */
  readonly history?: MigrationHistory;
}

export interface MigrationCheckOptions extends MigrationStatusOptions, ExpectedSchemaOptions {
  /** Lowest severity that fails the check (default `warning`). */
  readonly failOn?: Severity;
  /** Not being at head is an error (post-deploy gate) rather than `info`. */
  readonly requireHead?: boolean;
  /** The config file's `ignore` rules and `accept` entries, for the schema comparison. */
  readonly policy?: ReportPolicy;
}

/** A migration-state finding of `check --migrations`, with the severity it counts for. */
export interface StateFinding {
  readonly state: Exclude<MigrationState, 'up_to_date'>;
  readonly severity: Severity;
  readonly message: string;
  readonly revisions: readonly string[];
}

/** The one verdict of `check --migrations`: migration state and schema together. */
export interface MigrationCheck {
  readonly formatVersion: 1;
  /** `drift` when a finding or a schema change is at or above `failOn`; the CLI exits 1 then. */
  readonly status: 'ok' | 'drift';
  readonly failOn: Severity;
  readonly requireHead: boolean;
  readonly migrations: MigrationStatus;
  readonly findings: readonly StateFinding[];
  /** The expected schema compared with: the revisions the database records, and the cache's part. */
  readonly expected: { readonly description: string; readonly revisions: readonly string[]; readonly cache: 'hit' | 'miss' | 'off' } | null;
  /** The schema comparison at the recorded revision; null when there is none to compare with. */
  readonly schema: Report | null;
  /** Why the schema was not compared, when it was not. */
  readonly schemaSkipped: string | null;
}

/**
 * Where a database stands against a migrations folder: current, heads, pending, problems.
 *
 * @example
 * const { status } = await migrationStatus(process.env.DATABASE_URL!, 'backend/app/migrations');
 * if (status.state !== 'up_to_date') process.exitCode = 1;
 */
export async function migrationStatus(
  url: string,
  dir: string,
  options: MigrationStatusOptions = {},
): Promise<{ readonly history: MigrationHistory; readonly status: MigrationStatus }> {
  const history = options.history ?? (await loadMigrationHistory(dir, options));
  if (!options.history) await ensureHistoryRead(history, options);
  const recorded = await readDatabaseState(url, history.tool, history.versionTable, options);
  return { history, status: computeStatus(history, recorded, redactUrl(url)) };
}

const STATE_SEVERITY: Readonly<Record<Exclude<MigrationState, 'up_to_date' | 'behind'>, Severity>> = {
  multiple_heads: 'error',
  dirty: 'error',
  unknown_revision: 'error',
  ahead: 'error',
  uninitialized: 'error',
};

/**
 * How a database checked against a history is read: the schema filters and timeouts given, and
 * the history's own version table left out with the other tools' bookkeeping tables.
 *
 * @example await snapshotDatabase(url, liveReadOptions(history, { schemas: ['public'] }))
 */
export function liveReadOptions(history: MigrationHistory, options: MigrationCheckOptions): DatabaseSnapshotOptions {
  return {
    ...(options.schemas ? { schemas: options.schemas } : {}),
    ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
    bookkeepingTables: [...new Set([...DEFAULT_BOOKKEEPING_TABLES, history.versionTable.split('.').pop() as string])],
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  };
}

/**
 * `check --migrations`: the database's recorded migration state, and its schema compared with
 * the schema the code gives *at the revision the database records* — so a database merely behind
 * is reported as behind (pending revisions as `info`, or `error` with `requireHead`), not as a
 * pile of missing columns. Unknown revisions, dirty runs, several heads and a missing version
 * table are errors. Bookkeeping tables are never compared.
 *
 * @example
 * const result = await checkMigrations(process.env.DATABASE_URL!, 'backend/app/migrations', { requireHead: true });
 * if (result.status === 'drift') process.exitCode = 1;
 */
export async function checkMigrations(url: string, dir: string, options: MigrationCheckOptions = {}): Promise<MigrationCheck> {
  const failOn = options.failOn ?? 'warning';
  const requireHead = options.requireHead ?? false;
  // Reading the history to every head may store the very schema compared below: still built here.
  options = { ...options, builtThisRun: options.builtThisRun ?? new Set() };
  const { history, status } = await migrationStatus(url, dir, options);

  const findings: StateFinding[] = [];
  for (const p of status.problems) {
    if (p.state === 'behind') {
      const severity: Severity = requireHead ? 'error' : 'info';
      for (const id of p.revisions) {
        const message = history.graph.get(id).message;
        findings.push({ state: 'behind', severity, message: `revision ${id}${message ? ` (${message})` : ''} is pending`, revisions: [id] });
      }
    } else {
      findings.push({ state: p.state, severity: STATE_SEVERITY[p.state], message: p.message, revisions: p.revisions });
    }
  }

  let schemaSkipped: string | null = null;
  if (status.problems.some((p) => p.state === 'unknown_revision' || p.state === 'ahead')) {
    schemaSkipped = 'the database records a revision this code does not have, so there is no expected schema to compare with';
  } else if (status.versionTable === null) {
    schemaSkipped = `no ${history.versionTable} table, so no recorded revision to compare the schema at`;
  }

  let expected: MigrationCheck['expected'] = null;
  let schema: Report | null = null;
  if (schemaSkipped === null) {
    const revisions = status.applied.map((id) => history.graph.get(id));
    const label = status.current.length > 0 ? status.current.join(', ') : 'base';
    const exp = await expectedSchema(history, revisions, label, options);
    const actual = await snapshotDatabase(url, liveReadOptions(history, options));
    schema = await check(exp.snapshot, actual, failOn, options.policy);
    expected = { description: exp.snapshot.source.description, revisions: exp.revisions, cache: exp.cache };
  }

  const failing = findings.some((f) => atOrAbove(f.severity, failOn)) || schema?.status === 'drift';
  return { formatVersion: 1, status: failing ? 'drift' : 'ok', failOn, requireHead, migrations: status, findings, expected, schema, schemaSkipped };
}
