import type { Change } from '../compare/change.js';
import type { MigrationRevision } from '../migrations/history.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Origin } from './attribution.js';
import type { Location } from './locate.js';
import { objectIndex, relationIds } from './object-index.js';
import { statementsOf, type OrderSteps } from './order-steps.js';
import { lingeringOutcomes, onlyValidity, type ObjectOutcome } from './partial-revision.js';
import { revisionObjects } from './revision-objects.js';

/** What the schema of a live database is, in terms of the history's steps: the final account. */
export interface Reading {
  /** The step the schema is complete through (every revision up to it is wholly there). */
  readonly at: number;
  /** The half-applied revision, or null. */
  readonly partial: {
    /** The step its revision makes. */
    readonly step: number;
    readonly outcomes: readonly ObjectOutcome[];
    /**
     * True when it lies below `at`: the version table records it and revisions after it, yet
     * some of its objects are unusable (a failed concurrent index build skipped by IF NOT EXISTS).
     */
    readonly behind: boolean;
    /**
     * True when the revision does not apply even on an empty shadow (a broken migration): its
     * objects are judged from its statements alone, and there is no schema to finish it to.
     */
    readonly unreplayable: boolean;
  } | null;
  /** Differences no revision explains… */
  readonly other: readonly Change[];
  /** …between the live schema and this step's: the partial revision's own step, or `at`. */
  readonly against: number;
}

/**
 * Turns where the live schema was located into the account the report gives. A plain step whose
 * remaining differences include unusable objects of one earlier revision (an INVALID index, a
 * NOT VALID constraint) reads as that revision half-applied, though recorded; one whose remaining
 * differences are objects the next revision creates, when that revision cannot be replayed at
 * all, reads as that revision half-applied.
 *
 * @param originOf the revision each difference comes from (see attribution.ts)
 * @example
 * const reading = await readingOf(location, view.steps, live, view, originOf);
 * reading.partial?.behind; // true for an INVALID index left behind a later deploy
 */
export async function readingOf(
  location: Location,
  steps: ReadonlyMap<number, Snapshot>,
  live: Snapshot,
  view: OrderSteps,
  originOf: (change: Change, upTo: number) => Promise<Origin | null>,
): Promise<Reading> {
  const e = location.explanation;
  if (e.kind === 'partial') return { at: e.step - 1, partial: { step: e.step, outcomes: e.outcomes, behind: false, unreplayable: false }, other: e.other, against: e.step };
  const stepOf = (id: string): number => view.revisions.findIndex((r) => r.id === id) + 1;
  const current = steps.get(e.step) as Snapshot;
  const liveIds = objectIndex(live);
  for (const change of e.other.filter(onlyValidity)) {
    const origin = await originOf(change, e.step);
    if (origin === null || origin.action === 'dropped' || origin.pending) continue;
    const step = stepOf(origin.revision);
    const outcomes = lingeringOutcomes((await view.objectsOf(step)) ?? [{ ref: change, steps: [] }], { snapshot: current, ids: objectIndex(current) }, location.comparison, liveIds);
    const invalid = new Set(outcomes.filter((o) => o.state === 'invalid').map((o) => o.ref.id));
    if (invalid.size === 0) continue;
    return { at: e.step, partial: { step, outcomes, behind: true, unreplayable: false }, other: e.other.filter((c) => !invalid.has(c.id)), against: e.step };
  }
  const broken = view.failure;
  if (broken !== null && broken.step === e.step + 1 && e.other.length > 0) {
    const partial = await fromStatements(view.revisions[e.step] as MigrationRevision, view, current, liveIds);
    if (partial !== null) {
      const done = new Set(partial.filter((o) => o.state === 'applied').map((o) => o.ref.id));
      const explained = (c: Change) => c.kind === 'unexpected' && (done.has(c.id) || relationIds(c).some((r) => done.has(r)));
      return { at: e.step, partial: { step: broken.step, outcomes: partial, behind: false, unreplayable: true }, other: e.other.filter((c) => !explained(c)), against: e.step };
    }
  }
  return { at: e.step, partial: null, other: e.other, against: e.step };
}

/**
 * The objects a revision's statements create, judged present or not in the live database; for a
 * revision no shadow can replay. Null unless at least one of them is there.
 */
async function fromStatements(revision: MigrationRevision, view: OrderSteps, before: Snapshot, liveIds: ReadonlyMap<string, object>): Promise<ObjectOutcome[] | null> {
  const statements = await statementsOf(view.history, revision);
  if (statements === null) return null;
  const beforeIds = objectIndex(before);
  const outcomes: ObjectOutcome[] = [];
  for (const o of await revisionObjects(statements, before, before)) {
    if (beforeIds.has(o.ref.id) || !o.steps.some((s) => s.action === 'create')) continue;
    outcomes.push({ ref: o.ref, steps: o.steps, state: liveIds.has(o.ref.id) ? 'applied' : 'missing' });
  }
  return outcomes.some((o) => o.state === 'applied') ? outcomes : null;
}
