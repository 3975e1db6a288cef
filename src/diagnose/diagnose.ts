import { InputError } from '../errors.js';
import { loadMigrationHistory } from '../migrations/load-history.js';
import { ensureHistoryRead } from '../migrations/expected-schema.js';
import { computeStatus, type MigrationStatus } from '../migrations/status.js';
import { readDatabaseState } from '../migrations/version-table/read-database.js';
import { liveReadOptions, type MigrationCheckOptions } from '../migrations/check-migrations.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { ReplayFailure } from '../migrations/expected-steps.js';
import type { RecordedState } from '../migrations/version-table/recorded-state.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactUrl } from '../redact.js';
import { snapshotDatabase } from '../sources/database.js';
import { originOf, type AttributionStep, type Origin } from './attribution.js';
import { readingOf, type Reading } from './reading.js';
import type { Change } from '../compare/change.js';
import type { Diagnosis, DriftFinding, PartialRevision, RevisionObjectFinding } from './diagnosis.js';
import { asStep, compareRanks, sides, type Location } from './locate.js';
import { replayOrders } from './orders.js';
import { OrderSteps } from './order-steps.js';
import { objectIndex } from './object-index.js';
import type { ObjectOutcome } from './partial-revision.js';
import { remediesFor } from './remedy.js';
import type { RevisionObject } from './revision-objects.js';
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
  /** The expected schema of the steps read, by step. */
  readonly steps: ReadonlyMap<number, Snapshot>;
  readonly live: Snapshot;
  readonly location: Location;
  /** The account of the live schema the report gives. */
  readonly reading: Reading;
  /** The first revision of the order that does not apply on an empty shadow, if any. */
  readonly replayFailure: ReplayFailure | null;
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
  // No verdict and no remedy from a history the reader could not follow to the end.
  await ensureHistoryRead(history, options);
  const recorded = await readDatabaseState(url, history.tool, history.versionTable, options);
  const status = computeStatus(history, recorded, redactUrl(url));
  const known = recorded.table !== null && !status.problems.some((p) => p.state === 'unknown_revision' || p.state === 'ahead');
  const failed = new Set(history.graph.topologicalOrder().filter((r) => recorded.failed.some((f) => sameVersion(f.version, r.id))).map((r) => r.id));
  const views = replayOrders(history.graph, known ? new Set(status.applied) : null, failed).map((o) => new OrderSteps(history, o, options));
  // What the version table says is the likeliest answer, and next to it what a failed run leaves.
  const windowOf = (v: OrderSteps): number[] => {
    const c = v.order.recordedStep ?? v.order.around;
    return c === null ? [] : [c - 1, c, c + 1, c + 2];
  };
  const [live] = await Promise.all([
    snapshotDatabase(url, liveReadOptions(history, options)),
    (async () => {
      for (const v of views) await v.load(windowOf(v));
    })(),
  ]);

  // Only the steps around the recorded ones are read while they account for every difference:
  // a long history is then diagnosed at the cost of a few steps. Otherwise every step of the
  // recorded order counts, both to find the revision the schema is nearest and to tell where
  // each difference comes from.
  let best = await bestAmong(views, live);
  if (best === null || best.location.explanation.other.length > 0) {
    await (views[0] as OrderSteps).loadAll();
    best = await bestAmong(views, live);
  }
  best = best && (await trustRecorded(best, views[0] as OrderSteps, live));
  if (best === null) throw new InputError(`${history.dir}: no revision of this history applies on an empty database: ${views[0]?.failure?.error.message ?? 'nothing to compare with'}`);
  const { view, location } = best;
  const order = view.revisions;
  const steps = view.steps;

  // Origins need every step (an object's history); they are only asked for when differences remain.
  let attribution: AttributionStep[] | null = null;
  const origin = async (change: Change, upTo: number): Promise<Origin | null> => {
    if (attribution === null) {
      await view.loadAll();
      attribution = [...steps.keys()]
        .sort((a, b) => a - b)
        .map((n) => ({ revision: n === 0 ? null : { id: (order[n - 1] as MigrationRevision).id, file: (order[n - 1] as MigrationRevision).file }, ids: objectIndex(steps.get(n) as Snapshot) }));
    }
    return originOf(change, attribution, upTo, view.objectsOf);
  };
  const reading = await readingOf(location, steps, live, view, origin);
  const context: DiagnoseContext = {
    history,
    status,
    recorded,
    order,
    steps,
    live,
    location,
    reading,
    objectsOf: view.objectsOf,
    requireHead: options.requireHead ?? false,
    replayFailure: view.failure,
  };

  const drift: DriftFinding[] = [];
  for (const change of reading.other) {
    const found = await origin(change, reading.against);
    drift.push({ ...change, origin: found && { ...found, file: shownPath(found.file) } });
  }
  const partial = reading.partial ? partialOf(context, reading.partial.step, reading.partial.outcomes) : null;
  const verdict = verdictOf(context, partial, drift, options.failOn ?? 'warning');
  const { offered: remedies, withheld } = await remediesFor(context, partial, drift, options.shadowUrl ? { shadowUrl: options.shadowUrl } : {});
  const tips = tipsOf(history, view.appliedAt(reading.at));
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
    bestMatch: { revision: reading.at === 0 ? null : (order[reading.at - 1] as MigrationRevision).id, tips, distance: location.distances.get(reading.at) as number },
    partial,
    drift,
    replayFailure: view.failure && {
      revision: (order[view.failure.step - 1] as MigrationRevision).id,
      message: view.failure.error.message,
    },
    remedies,
    withheldRemedies: withheld,
    next: diagnosisNextSteps(context, verdict, remedies),
  };
}

/** The order whose best explanation is best; on a tie the earlier order (the recorded one first). */
async function bestAmong(views: readonly OrderSteps[], live: Snapshot): Promise<{ readonly view: OrderSteps; readonly location: Location } | null> {
  let best: { view: OrderSteps; location: Location } | null = null;
  for (const view of views) {
    if (view.steps.size === 0) continue;
    const location = await view.locate(live);
    if (best === null || compareRanks(location.rank, best.location.rank) < 0) best = { view, location };
  }
  return best;
}

/**
 * A plain step other than the recorded one is believed only if the objects that differ
 * between the two side with it: a table dropped by hand at head makes an earlier step look
 * nearer by count, while the other revisions' objects, still there, say the database is where
 * its version table says.
 */
async function trustRecorded(best: { readonly view: OrderSteps; readonly location: Location }, recordedView: OrderSteps, live: Snapshot): Promise<{ readonly view: OrderSteps; readonly location: Location }> {
  const e = best.location.explanation;
  const recordedStep = recordedView.order.recordedStep;
  if (e.kind !== 'exact' || recordedStep === null || (best.view === recordedView && e.step === recordedStep)) return best;
  const recordedSchema = recordedView.steps.get(recordedStep);
  const location = best.view === recordedView ? best.location : await recordedView.locate(live);
  const liveVsRecorded = location.comparisons.get(recordedStep);
  const liveVsStep = best.location.comparisons.get(e.step);
  const stepSchema = best.view.steps.get(e.step);
  if (recordedSchema === undefined || liveVsRecorded === undefined || liveVsStep === undefined || stepSchema === undefined) return best;
  const votes = await sides(stepSchema, recordedSchema, liveVsStep, liveVsRecorded);
  if (votes.first > votes.second) return best;
  return { view: recordedView, location: await asStep(location, recordedStep, live) };
}

/** The revisions no other applied one builds on: what a version table of tips records. */
function tipsOf(history: MigrationHistory, applied: readonly string[]): string[] {
  const set = new Set(applied);
  return applied.filter((id) => !history.graph.dependents(id).some((c) => set.has(c)));
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
  const failure = context.recorded.failed.find((f) => sameVersion(f.version, revision.id));
  return {
    revision: revision.id,
    file: shownPath(revision.file),
    message: revision.message,
    applied: outcomes.filter((o) => o.state === 'applied').map(finding),
    missing: outcomes.filter((o) => o.state === 'missing').map(finding),
    invalid: outcomes.filter((o) => o.state === 'invalid').map(finding),
    toolFailure: failure ? failure.detail : null,
    recorded: context.status.applied.includes(revision.id),
    unreplayable: context.reading.partial?.unreplayable ?? false,
  };
}

/** A version as the tool records it and a revision id: golang-migrate records `0003` as 3. */
function sameVersion(version: string, id: string): boolean {
  return version === id || (/^\d+$/.test(version) && /^\d+$/.test(id) && BigInt(version) === BigInt(id));
}
