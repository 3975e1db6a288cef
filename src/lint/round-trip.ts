import { introspect } from '../catalog/introspect.js';
import type { Change } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import { InputError } from '../errors.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import { UnreadableHistory } from '../migrations/unreadable.js';
import type { Snapshot } from '../model/snapshot.js';
import { progress } from '../progress.js';
import { readText } from '../migrations/sql-tools/read-files.js';
import { withLintDriver, type LintDriver, type Place } from './driver.js';
import type { LintFinding, RuleId } from './finding.js';
import { RevisionWatch } from './observe.js';
import { ToolFailure } from './tool-failure.js';
import type { LintRunOptions } from './tool-settings.js';

type Severity = LintFinding['severity'];

/**
 * Runs the history on one shadow and, for each revision to lint: the schema before it, its
 * upgrade (every statement watched by the rules), the schema after, its downgrade (which must
 * give back the schema before), and the upgrade again (which must give the same schema as the
 * first time). Revisions not linted are only upgraded. When a round trip leaves the shadow in
 * a state the rest of the history does not expect, the history is replayed afresh from there.
 *
 * @example const findings = await roundTrips(history, new Set(['d6e7f8091a2b']), {});
 * @throws InputError (exit 2) for a history the reader cannot follow, or SQL that does not parse.
 */
export async function roundTrips(history: MigrationHistory, lint: ReadonlySet<string>, options: LintRunOptions, scope: SchemaScope = {}): Promise<LintFinding[]> {
  const order = history.graph.topologicalOrder();
  const lastLinted = order.reduce((last, r, i) => (lint.has(r.id) ? i : last), -1);
  const run = order.slice(0, lastLinted + 1);
  const findings: LintFinding[] = [];
  let start = 0;
  while (start < run.length) {
    start = await withLintDriver(history, options, run, async (driver) => {
      for (let i = 0; i < start; i++) await driver.upgrade(run[i] as MigrationRevision, null);
      for (let i = start; i < run.length; i++) {
        const revision = run[i] as MigrationRevision;
        if (!lint.has(revision.id)) {
          await driver.upgrade(revision, null);
          continue;
        }
        progress(`linting revision ${revision.id} (${i + 1}/${run.length})`);
        const outcome = await roundTrip(driver, history, revision, findings, scope);
        if (outcome === 'stop') return run.length;
        if (outcome === 'replay') return i + 1;
      }
      return run.length;
    });
  }
  return findings;
}

/** The schemas the round trip compares (`--schema`, `--exclude-schema`). */
export interface SchemaScope {
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  /** The models' schema (`--models`), for dropped columns they still declare. */
  readonly models?: Snapshot;
}

function snapshotOf(driver: LintDriver, what: string, scope: SchemaScope): Promise<Snapshot> {
  const { models: _models, ...schemas } = scope;
  return introspect(driver.shadow.db, { ownersDeclared: false, ...schemas }, { kind: 'migrations', description: what });
}

/** An error a revision may have (a finding), as opposed to one that stops lint (exit 2). */
export function migrationFailure(err: unknown): string | null {
  if (err instanceof ToolFailure) return err.message;
  if (err instanceof UnreadableHistory || !(err instanceof InputError)) return null;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  // SQL that does not parse is bad input, not a verdict about the migration.
  if (typeof code !== 'string' || code === '42601') return null;
  return err.message;
}

async function roundTrip(driver: LintDriver, history: MigrationHistory, revision: MigrationRevision, findings: LintFinding[], scope: SchemaScope): Promise<'next' | 'replay' | 'stop'> {
  const add = (rule: RuleId, severity: Severity, place: Place, message: string, fix: string) =>
    findings.push({ rule, severity, revision: revision.id, file: place.file, line: place.line, message, fix });
  const watch = new RevisionWatch(driver.shadow.db, history.tool, driver.serverVersionNum, scope.models ?? null);
  await watch.begin();
  const before = await snapshotOf(driver, `before ${revision.id}`, scope);
  let upgraded: readonly unknown[];
  try {
    upgraded = await driver.upgrade(revision, watch);
  } catch (err) {
    const failure = migrationFailure(err);
    if (failure === null) throw err;
    pushHits(watch, revision, findings);
    // A statement that cannot run in the tool's transaction, or that the tool cannot split, is reported as such, not twice.
    if (!watch.hits.some((h) => h.rule === 'non-transactional-in-transaction' || h.rule === 'multi-statement-split')) {
      const place = placeOfMessage(failure, revision);
      add('upgrade-fails', 'error', place, `upgrade fails on PostgreSQL: ${withoutPlace(failure, place)}`, 'make the upgrade run on the schema its history builds');
    }
    // The rest of the history was written for a schema this revision never made.
    return 'stop';
  }
  const after = await snapshotOf(driver, `after ${revision.id}`, scope);
  pushHits(watch, revision, findings, after);
  const changedSchema = (await compare(before, after, { renameHints: false })).changes.length > 0;
  // A merge revision's empty upgrade is what `alembic merge` writes. An upgrade with code that
  // happened to run nothing on the empty shadow (a loop over rows) is not empty.
  if (upgraded.length === 0 && revision.parents.length < 2 && (history.tool !== 'alembic' || (await emptyPythonUpgrade(revision.file)))) {
    add('empty-upgrade', 'warning', { file: revision.file, line: null }, 'the upgrade runs no statement', 'give the revision its statements, or delete it before it is merged');
  }

  const downPlace = await driver.downgradePlace(revision);
  let downgraded: readonly unknown[] | null;
  try {
    downgraded = await driver.downgrade(revision);
  } catch (err) {
    const failure = migrationFailure(err);
    if (failure === null) throw err;
    const place = placeOfMessage(failure, revision, downPlace);
    add('downgrade-fails', 'error', place, `downgrade fails on PostgreSQL: ${withoutPlace(failure, place)}`, 'make the downgrade run on the schema the upgrade leaves');
    return driver.rollsBack ? 'next' : 'replay';
  }
  if (downgraded === null) {
    // Flyway's undo scripts are an optional feature: a project without any has not forgotten one.
    if (changedSchema && history.tool !== 'flyway') add('downgrade-missing', 'warning', downPlace, 'the revision has no downgrade', 'write the downgrade that undoes exactly what the upgrade does');
    return 'next';
  }
  const reverted = await snapshotOf(driver, `after downgrade of ${revision.id}`, scope);
  const left = (await compare(before, reverted, { renameHints: false })).changes.filter((c) => !onlyValidated(c));
  if (left.length > 0) {
    if (downgraded.length === 0) {
      add('downgrade-empty', 'warning', downPlace, `the downgrade does nothing: ${whatStays(left)}`, 'write the downgrade that undoes exactly what the upgrade does');
      // Nothing ran: the shadow is as the upgrade left it.
      return 'next';
    }
    for (const c of left) add('downgrade-mismatch', 'error', downPlace, leftBehind(c), 'make the downgrade undo exactly what the upgrade does, no more and no less');
    return 'replay';
  }

  try {
    await driver.upgrade(revision, null, true);
  } catch (err) {
    const failure = migrationFailure(err);
    if (failure === null) throw err;
    const place = placeOfMessage(failure, revision);
    add('upgrade-again-fails', 'error', place, `upgrade after the downgrade fails on PostgreSQL: ${withoutPlace(failure, place)}`, 'make the downgrade undo everything the upgrade depends on (sequences, types, data it inserts)');
    return 'replay';
  }
  const again = await snapshotOf(driver, `after upgrading ${revision.id} again`, scope);
  const differs = (await compare(after, again, { renameHints: false })).changes;
  for (const c of differs) {
    add('upgrade-again-mismatch', 'error', { file: revision.file, line: null }, `upgrading again after the downgrade gives another schema: ${c.message}`, 'make the downgrade undo exactly what the upgrade does, so that the upgrade can run again');
  }
  return differs.length > 0 ? 'replay' : 'next';
}

/** Whether `def upgrade` of a revision file holds nothing but `pass`, `...`, a docstring and comments. */
async function emptyPythonUpgrade(file: string): Promise<boolean> {
  const text = await readText(file);
  const m = /^def\s+upgrade\s*\([^)]*\)[^:]*:[ \t]*(?:#[^\n]*)?\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/m.exec(`${text}\n`);
  if (!m) return false;
  const body = (m[1] ?? '')
    .replace(/(?:"""[\s\S]*?"""|'''[\s\S]*?''')/g, '')
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
  return body.every((l) => l === 'pass' || l === '...');
}

function pushHits(watch: RevisionWatch, revision: MigrationRevision, findings: LintFinding[], after?: Snapshot): void {
  for (const h of watch.hits) {
    const { statement, severity, renamedAway, ...rest } = h;
    if (renamedAway && after && stillHas(after, renamedAway.table, renamedAway.column)) continue;
    findings.push({ ...rest, severity: severity ?? 'warning', revision: revision.id, file: statement.file, line: statement.line });
  }
}

/** Whether the schema has this column on this table. */
function stillHas(schema: Snapshot, table: { schema: string; name: string }, column: string): boolean {
  return schema.tables.some((t) => t.schema === table.schema && t.name === table.name && t.columns.some((c) => c.name === column));
}

/** `file:line: ` or `file:line:column: ` leading an error message. */
const PLACE_PREFIX = /^(.*?):(\d+)(?::\d+)?: /;

/** `file:line: …` at the start of an error message, as a place; else the revision's file. */
export function placeOfMessage(message: string, revision: MigrationRevision, fallback?: Place): Place {
  const m = PLACE_PREFIX.exec(message);
  if (m && (m[1] === revision.file || m[1] === fallback?.file)) return { file: m[1] as string, line: Number(m[2]) };
  return fallback ?? { file: revision.file, line: null };
}

/** The message without its leading `file:line: `, when that is the finding's own place (shown beside it). */
export function withoutPlace(message: string, place: Place): string {
  return place.line !== null && message.startsWith(`${place.file}:${place.line}`) ? message.replace(PLACE_PREFIX, '') : message;
}

/**
 * A constraint NOT VALID before the upgrade and validated after the downgrade: the upgrade ran
 * VALIDATE CONSTRAINT, which no statement can undo, and nothing is lost by it.
 */
function onlyValidated(c: Change): boolean {
  if (c.kind !== 'changed' || c.objectType !== 'constraint') return false;
  const keys = Object.keys(c.expected ?? {});
  return keys.length === 1 && keys[0] === 'validated' && c.expected?.validated === false && c.actual?.validated === true;
}

const objectOf = (c: Change): string => `${c.objectType} \`${[c.schema === 'public' ? null : c.schema, c.table, c.name].filter((p) => p).join('.')}\``;

/** `it leaves column `t.a`; it does not restore column `t.b``: what an empty downgrade keeps of the upgrade. */
function whatStays(changes: readonly Change[]): string {
  const of = (kind: Change['kind']) => changes.filter((c) => c.kind === kind).map(objectOf);
  return [
    of('unexpected').length > 0 ? `it leaves ${of('unexpected').join(', ')}` : '',
    of('changed').length > 0 ? `it leaves ${of('changed').join(', ')} changed` : '',
    of('missing').length > 0 ? `it does not restore ${of('missing').join(', ')}` : '',
  ]
    .filter((p) => p !== '')
    .join('; ');
}

/** What a downgrade left different from the schema before the upgrade, in words. */
function leftBehind(c: Change): string {
  switch (c.kind) {
    case 'unexpected':
      return `downgrade leaves ${objectOf(c)}`;
    case 'missing':
      return `downgrade drops ${objectOf(c)}, which existed before the upgrade`;
    case 'changed':
      return `downgrade leaves ${objectOf(c)} changed: ${c.message}`;
  }
}
