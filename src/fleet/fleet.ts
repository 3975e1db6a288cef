import type { Severity } from '../compare/change.js';
import { check } from '../check.js';
import type { ReportPolicy } from '../config/rules.js';
import { globMatcher } from '../config/glob.js';
import { PgdriftError } from '../errors.js';
import type { MigrationCheck, MigrationCheckOptions } from '../migrations/check-migrations.js';
import type { MigrationHistory } from '../migrations/history.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactConnectionString, redactText } from '../redact.js';
import type { Report } from '../report/report.js';
import type { DatabaseSnapshotOptions } from '../sources/database.js';
import { mapWithLimit } from './pool.js';
import { mapToSchema, restrictToSchema, withoutSchemaProperties, type TenantTemplate } from './tenants.js';

/** How many databases are checked at once unless `--jobs` says. */
export const DEFAULT_JOBS = 4;

/** What every database of a fleet is compared with: built once, before the first database is read. */
export type FleetExpectation =
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot; readonly description: string }
  | { readonly kind: 'tenants'; readonly template: TenantTemplate; readonly glob: string; readonly description: string }
  | { readonly kind: 'migrations'; readonly dir: string; readonly history: MigrationHistory; readonly options: MigrationCheckOptions; readonly description: string };

export interface FleetOptions {
  /** At most this many databases are read at once (default `DEFAULT_JOBS`). */
  readonly jobs?: number;
  readonly failOn: Severity;
  readonly policy?: ReportPolicy;
  /** How each database is read: schema filters (not with tenants) and timeouts. */
  readonly read: DatabaseSnapshotOptions;
  /** Called as each database is done (for a progress line). */
  readonly onDone?: (done: number, total: number) => void;
}

/** `ok` 0 · `drift` 1 · `error` 2 (bad input, a tenant that cannot be mapped, no schema matching) · `unreachable` 3. */
export type FleetVerdict = 'ok' | 'drift' | 'error' | 'unreachable';

/** The outcome for one database, or one tenant schema of one. */
export interface FleetEntry {
  /** The database, its password redacted. */
  readonly target: string;
  /** The tenant schema, with `--schemas`; else null. */
  readonly schema: string | null;
  readonly verdict: FleetVerdict;
  readonly exitCode: 0 | 1 | 2 | 3;
  /** Changes that count (and with --migrations, migration-state findings); null when it could not be checked. */
  readonly changes: number | null;
  /** Why it could not be checked (one line, passwords redacted); null otherwise. */
  readonly error: string | null;
  /** The comparison (`check --expected`, tenants). */
  readonly report: Report | null;
  /** The migration check (`check --migrations`). */
  readonly migrationCheck: MigrationCheck | null;
}

export interface FleetResult {
  readonly formatVersion: 1;
  readonly failOn: Severity;
  readonly expected: string;
  /** Entries sorted by database as given (shard order), then schema. */
  readonly entries: readonly FleetEntry[];
  /** The worst entry's exit code: 3 > 2 > 1 > 0. */
  readonly exitCode: 0 | 1 | 2 | 3;
}

/**
 * Checks every database against one expectation, `jobs` at a time. A database that cannot be
 * reached or read is an entry (`unreachable`, 3) and never stops the others; every database is
 * read only, as by `check`.
 *
 * @example
 * const result = await checkFleet(urls, { kind: 'snapshot', snapshot: expected, description: 'schema.sql' }, { failOn: 'warning', read: {} });
 * process.exitCode = result.exitCode;
 */
export async function checkFleet(urls: readonly string[], expectation: FleetExpectation, options: FleetOptions): Promise<FleetResult> {
  let done = 0;
  const lists = await mapWithLimit(urls, options.jobs ?? DEFAULT_JOBS, async (url) => {
    const entries = await checkTarget(url, expectation, options);
    options.onDone?.(++done, urls.length);
    return entries;
  });
  const entries = lists.flat();
  const exitCode = entries.reduce<0 | 1 | 2 | 3>((worst, e) => (e.exitCode > worst ? e.exitCode : worst), 0);
  return { formatVersion: 1, failOn: options.failOn, expected: expectation.description, entries, exitCode };
}

async function checkTarget(url: string, expectation: FleetExpectation, options: FleetOptions): Promise<FleetEntry[]> {
  const target = redactConnectionString(url);
  const base = { target, schema: null, report: null, migrationCheck: null };
  try {
    switch (expectation.kind) {
      case 'snapshot': {
        const { snapshotDatabase } = await import('../sources/database.js');
        const report = await check(expectation.snapshot, await snapshotDatabase(url, options.read), options.failOn, options.policy);
        return [fromReport(base, report)];
      }
      case 'migrations': {
        const { checkMigrations } = await import('../migrations/check-migrations.js');
        const result = await checkMigrations(url, expectation.dir, { ...expectation.options, failOn: options.failOn, ...(options.policy ? { policy: options.policy } : {}) });
        const changes = result.findings.length + (result.schema?.summary.total ?? 0);
        const drift = result.status === 'drift';
        return [{ ...base, verdict: drift ? 'drift' : 'ok', exitCode: drift ? 1 : 0, changes, error: null, migrationCheck: result }];
      }
      case 'tenants':
        return await checkTenants(url, base, expectation.template, expectation.glob, options);
    }
  } catch (err) {
    return [failed(base, err, url)];
  }
}

async function checkTenants(url: string, base: Pick<FleetEntry, 'target' | 'report' | 'migrationCheck'>, template: TenantTemplate, glob: string, options: FleetOptions): Promise<FleetEntry[]> {
  const { snapshotDatabase } = await import('../sources/database.js');
  // The whole catalog at once (one consistent picture); only the schemas the glob matches count.
  const { schemas: _only, excludeSchemas: _except, ...read } = options.read;
  const actual = await snapshotDatabase(url, read);
  const matches = globMatcher(glob);
  const names = actual.schemas
    .map((s) => s.name)
    .filter(matches)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return [{ ...base, schema: null, verdict: 'error', exitCode: 2, changes: null, error: `no schema matches --schemas '${glob}'` }];
  const out: FleetEntry[] = [];
  for (const name of names) {
    const entry = { ...base, schema: name };
    try {
      const expected = mapToSchema(template, name);
      const report = await check(expected, withoutSchemaProperties(restrictToSchema(actual, name), template), options.failOn, options.policy);
      out.push(fromReport(entry, report));
    } catch (err) {
      out.push(failed(entry, err, url));
    }
  }
  return out;
}

function fromReport(base: Pick<FleetEntry, 'target' | 'schema' | 'migrationCheck'>, report: Report): FleetEntry {
  const drift = report.status === 'drift';
  return { ...base, verdict: drift ? 'drift' : 'ok', exitCode: drift ? 1 : 0, changes: report.summary.total, error: null, report };
}

function failed(base: Pick<FleetEntry, 'target' | 'schema'>, err: unknown, url: string): FleetEntry {
  const code = err instanceof PgdriftError ? err.exitCode : 2;
  const raw = err instanceof Error ? err.message : String(err);
  const message = redactText(`${err instanceof PgdriftError ? '' : 'internal error: '}${raw.split('\n')[0] ?? ''}`, [url]);
  return { ...base, verdict: code === 3 ? 'unreachable' : 'error', exitCode: code, changes: null, error: message, report: null, migrationCheck: null };
}
