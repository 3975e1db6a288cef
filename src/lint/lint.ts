import { isAbsolute, relative, resolve } from 'node:path';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactUrl } from '../redact.js';
import type { LintFinding, LintResult } from './finding.js';
import { autogenerateFindings, shapeFindings } from './history-shape.js';
import { oneRunFindings } from './one-run.js';
import { roundTrips } from './round-trip.js';
import { changedSince } from './since.js';
import { withSizes, type SizeOptions } from './sizes.js';
import { applyAllowances } from './suppress.js';
import { resolveToolSettings, type LintRunOptions, type ToolSettingOptions } from './tool-settings.js';

export interface LintOptions extends ToolSettingOptions {
  /** A server for the shadow database instead of the embedded PGlite. */
  readonly shadowUrl?: string;
  /** Only the revisions whose files git says were added or changed since this ref. */
  readonly since?: string;
  /** A live database to take table sizes from (read only). */
  readonly db?: string;
  readonly sizes?: SizeOptions;
  /** Only these schemas, or all but these, in the round-trip comparisons. */
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  /** The models' schema (`snapshotModels`): a dropped column they still declare is a finding. */
  readonly models?: Snapshot;
  /** The project bans autogenerate: report its marker comments. */
  readonly noAutogenerate?: boolean;
}

function shownPath(file: string): string {
  const r = relative(process.cwd(), file);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? file : r;
}

/** The files whose change makes a revision new: its own, and its down or config file. */
function filesOf(r: MigrationRevision): string[] {
  const f = resolve(r.file);
  return [f, f.replace(/\.up\.sql$/, '.down.sql'), `${f}.conf`];
}

/**
 * Lints a migration history — every revision, or those changed since a git ref — on a shadow
 * database: each revision's round trip (upgrade, downgrade, upgrade again), the transaction
 * its tool runs it in, the locks, rewrites and scans of its statements on tables in use, and
 * the history's shape. `pgdrift: allow` comments in a revision accept findings with a reason.
 *
 * @example
 * const result = await lintMigrations(await loadMigrationHistory('backend/app/migrations'), { since: 'origin/main' });
 * result.findings.filter((f) => !f.allowed).length // 0 when the new revisions are safe
 * @throws InputError (exit 2) for a revision pgdrift cannot read; ConnectionError (exit 3) for `db`.
 */
export async function lintMigrations(history: MigrationHistory, options: LintOptions = {}): Promise<LintResult> {
  const order = history.graph.topologicalOrder();
  const changed = options.since !== undefined ? changedSince(history.dir, options.since) : null;
  const linted = changed ? order.filter((r) => filesOf(r).some((f) => changed.has(f))) : order;
  const ids = new Set(linted.map((r) => r.id));
  // A bad tool setting is bad input before any replay, like a misspelt allow comment.
  const run: LintRunOptions = { ...(options.shadowUrl ? { shadowUrl: options.shadowUrl } : {}), tool: resolveToolSettings(history.tool, history.dir, options) };
  // Allow comments first: a misspelt rule is bad input before any replay.
  await applyAllowances([], linted);
  let findings: LintFinding[] = [...shapeFindings(history, ids)];
  if (ids.size > 0) findings.push(...(await roundTrips(history, ids, run, { ...(options.schemas ? { schemas: options.schemas } : {}), ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}), ...(options.models ? { models: options.models } : {}) })));
  // Revisions that fail alone are reported as such; only those that pass alone are run together.
  if (!findings.some((f) => f.rule === 'upgrade-fails' || f.rule === 'non-transactional-in-transaction')) findings.push(...(await oneRunFindings(history, ids, run)));
  if (options.noAutogenerate && history.tool === 'alembic') findings.push(...(await autogenerateFindings(linted)));
  findings = await applyAllowances(findings, linted);
  // Connected whenever given: a --db that cannot be read is exit 3, with or without hazards.
  if (options.db !== undefined) findings = await withSizes(findings, options.db, options.sizes);
  // Paths as the user would type them: relative to the working folder when inside it.
  findings = findings.map((f) => ({ ...f, file: shownPath(f.file) }));
  const position = new Map(order.map((r, i) => [r.id, i]));
  findings.sort((a, b) => (position.get(a.revision) ?? 0) - (position.get(b.revision) ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0));
  return { tool: history.tool, migrations: history.dir, revisions: linted.map((r) => r.id), database: options.db !== undefined ? redactUrl(options.db) : null, findings };
}
