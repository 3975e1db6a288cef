import { InputError } from '../errors.js';
import { loadMigrationHistory } from '../migrations/load-history.js';
import { computeStatus, type MigrationStatus } from '../migrations/status.js';
import { readDatabaseState } from '../migrations/version-table/read-database.js';
import { liveReadOptions, type MigrationCheckOptions } from '../migrations/check-migrations.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import { expectedSchemasAt } from '../migrations/expected-steps.js';
import type { RecordedState } from '../migrations/version-table/recorded-state.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactUrl } from '../redact.js';
import { snapshotDatabase } from '../sources/database.js';
import { originOf, type AttributionStep, type Origin } from './attribution.js';
import { readingOf, type Reading } from './reading.js';
import type { Change } from '../compare/change.js';
import type { Diagnosis, DriftFinding, PartialRevision, RevisionObjectFinding } from './diagnosis.js';
import { locate, type Location } from './locate.js';
import { objectIndex } from './object-index.js';
import type { ObjectOutcome } from './partial-revision.js';
import { remediesFor } from './remedy.js';
import { revisionObjects, type RevisionObject } from './revision-objects.js';
import { verdictOf } from './verdict.js';
import { diagnosisNextSteps } from './next-steps.js';
import { shownPath } from './shown-path.js';

export type DiagnoseOptions = MigrationCheckOptions;

/** Everything the verdict, the remedies and the report are made of. */
export interface DiagnoseContext {
  readonly history: MigrationHistory;
  readonly status: MigrationStatus;
  readonly recorded: RecordedState;
  /** The replay order: what the version table says is applied, then what is pending. */
  readonly order: readonly MigrationRevision[];
  /** The step (number of revisions of `order` applied) the version table records; null when it cannot say. */
  readonly recordedStep: number | null;
  /** The expected schema of the steps read, by step. */
  readonly steps: ReadonlyMap<number, Snapshot>;
  readonly live: Snapshot;
  readonly location: Location;
  /** The account of the live schema the report gives. */
  readonly reading: Reading;
  readonly objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>;
  readonly requireHead: boolean;
}

/**
 * `pgdrift diagnose`: which revision a database's schema really is, whether a revision is
 * half-applied (and which of its objects exist, are missing or unusable), which revision every
 * other difference comes from, and the SQL that finishes or reverts it — never run, only shown.
 *
 * The schema after every revision is computed once (one replay, cached per revision like
 * `check --migrations`), and the live schema is compared with each.
 *
 * @example
 * const d = await diagnose(process.env.DATABASE_URL!, 'backend/app/migrations');
 * d.verdict; // 'revision b4c5d6e7f809 (index comments by author concurrently) is half-applied: 1 of 2 objects invalid'
 * d.partial?.invalid[0]?.id; // 'index:public.comments.ix_comments_author_id_created_at'
 * @throws InputError (exit 2) for a broken history; ConnectionError (exit 3) when the database cannot be read.
 */
export async function diagnose(url: string, dir: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  return diagnoseHistory(url, await loadMigrationHistory(dir, options), options);
}

/**
 * `diagnose` for a history already read (the CLI reads the folder first, so that a broken
 * history is bad input before any connection is tried).
 *
 * @example
 * const history = await loadMigrationHistory('migrations');
 * const d = await diagnoseHistory(process.env.DATABASE_URL!, history);
 */
export async function diagnoseHistory(url: string, history: MigrationHistory, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const recorded = await readDatabaseState(url, history.tool, history.versionTable, options);
  const status = computeStatus(history, recorded, redactUrl(url));
  const graph = history.graph;
  const known = recorded.table !== null && !status.problems.some((p) => p.state === 'unknown_revision' || p.state === 'ahead');
  const order = known ? [...status.applied, ...status.pending].map((id) => graph.get(id)) : graph.topologicalOrder();
  const recordedStep = known ? status.applied.length : null;

  const steps = new Map<number, Snapshot>();
  const load = async (wanted: readonly number[]): Promise<void> => {
    const more = wanted.filter((n) => n >= 0 && n <= order.length && !steps.has(n));
    if (more.length === 0) return;
    for (const [n, e] of await expectedSchemasAt(history, order, more, options)) steps.set(n, e.snapshot);
  };
  const [live] = await Promise.all([
    snapshotDatabase(url, liveReadOptions(history, options)),
    // What the version table says is the likeliest answer, and next to it what a failed run leaves.
    load(recordedStep === null ? [] : [recordedStep - 1, recordedStep, recordedStep + 1, recordedStep + 2]),
  ]);

  const objectCache = new Map<number, Promise<readonly RevisionObject[] | null>>();
  const objectsOf = (step: number): Promise<readonly RevisionObject[] | null> => {
    let found = objectCache.get(step);
    if (found === undefined) {
      const before = steps.get(step - 1);
      const after = steps.get(step);
      found =
        before === undefined || after === undefined
          ? Promise.resolve(null)
          : statementsOf(history, order[step - 1] as MigrationRevision).then((statements) => (statements === null ? null : revisionObjects(statements, before, after)));
      objectCache.set(step, found);
    }
    return found;
  };
  const locateAmong = () => locate([...steps].sort(([a], [b]) => a - b).map(([step, snapshot]) => ({ step, snapshot })), live, recordedStep, objectsOf);
  // Only the steps around the recorded one are read while they account for every difference:
  // a long history is then diagnosed at the cost of a few steps. Otherwise every step counts,
  // both to find the revision the schema is nearest and to tell where each difference comes from.
  let location = steps.size > 0 ? await locateAmong() : null;
  if (location === null || location.explanation.other.length > 0) {
    await load(Array.from({ length: order.length + 1 }, (_r, n) => n));
    objectCache.clear();
    location = await locateAmong();
  }
  // Origins need every step (an object's history); they are only asked for when differences remain.
  let attribution: AttributionStep[] | null = null;
  const origin = async (change: Change, upTo: number): Promise<Origin | null> => {
    attribution ??= Array.from({ length: order.length + 1 }, (_r, n) => ({
      revision: n === 0 ? null : { id: (order[n - 1] as MigrationRevision).id, file: (order[n - 1] as MigrationRevision).file },
      ids: objectIndex(steps.get(n) as Snapshot),
    }));
    return originOf(change, attribution, upTo, objectsOf);
  };
  const reading = await readingOf(location, steps, live, objectsOf, origin, (id) => order.findIndex((r) => r.id === id) + 1);
  const context: DiagnoseContext = { history, status, recorded, order, recordedStep, steps, live, location, reading, objectsOf, requireHead: options.requireHead ?? false };

  const drift: DriftFinding[] = [];
  for (const change of reading.other) {
    const found = await origin(change, reading.against);
    drift.push({ ...change, origin: found && { ...found, file: shownPath(found.file) } });
  }
  const partial = reading.partial ? partialOf(context, reading.partial.step, reading.partial.outcomes) : null;
  const verdict = verdictOf(context, partial, drift, options.failOn ?? 'warning');
  const remedies = await remediesFor(context, partial, drift);
  return {
    formatVersion: 1,
    tool: history.tool,
    migrations: history.dir,
    database: status.database,
    versionTable: status.versionTable,
    state: verdict.state,
    status: verdict.ok ? 'ok' : 'action',
    verdict: verdict.message,
    recorded: status.current,
    heads: status.heads,
    pending: order.slice(reading.at).map((r) => r.id),
    bestMatch: { revision: reading.at === 0 ? null : (order[reading.at - 1] as MigrationRevision).id, distance: location.distances.get(reading.at) as number },
    partial,
    drift,
    remedies,
    next: diagnosisNextSteps(context, verdict, remedies),
  };
}

function partialOf(context: DiagnoseContext, step: number, outcomes: readonly ObjectOutcome[]): PartialRevision {
  const revision = context.order[step - 1] as MigrationRevision;
  const finding = (o: ObjectOutcome): RevisionObjectFinding => {
    const last = o.steps.at(-1);
    return {
      id: o.ref.id,
      objectType: o.ref.objectType,
      schema: o.ref.schema,
      table: o.ref.table,
      name: o.ref.name,
      file: last ? shownPath(last.file) : null,
      line: last?.line ?? null,
      concurrently: o.steps.some((s) => s.concurrently),
    };
  };
  const failure = context.recorded.failed.find((f) => f.version === revision.id || (/^\d+$/.test(f.version) && /^\d+$/.test(revision.id) && BigInt(f.version) === BigInt(revision.id)));
  return {
    revision: revision.id,
    file: shownPath(revision.file),
    message: revision.message,
    applied: outcomes.filter((o) => o.state === 'applied').map(finding),
    missing: outcomes.filter((o) => o.state === 'missing').map(finding),
    invalid: outcomes.filter((o) => o.state === 'invalid').map(finding),
    toolFailure: failure ? failure.detail : null,
    recorded: context.recordedStep !== null && step <= context.recordedStep,
  };
}

/** A revision's statements, or null where the reader does not know them or cannot interpret them. */
async function statementsOf(history: MigrationHistory, revision: MigrationRevision) {
  if (!history.statementsOf) return null;
  try {
    return await history.statementsOf(revision);
  } catch (err) {
    // Python the reader cannot follow (the reason for --migrate-cmd): the schemas still tell what changed.
    if (err instanceof InputError) return null;
    throw err;
  }
}
