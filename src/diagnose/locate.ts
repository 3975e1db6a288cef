import type { Change } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import type { Snapshot } from '../model/snapshot.js';
import { objectIndex } from './object-index.js';
import { differenceWeight } from './weight.js';
import { ranInOrder, revisionOutcomes, type Comparison, type ObjectOutcome, type SchemaSide } from './partial-revision.js';
import type { RevisionObject } from './revision-objects.js';

/** The schema a live database was compared with: one step of the replay of its history. */
export interface StepSchema {
  /** 0 = nothing applied; n = the first n revisions of the replay applied. */
  readonly step: number;
  readonly snapshot: Snapshot;
}

/** The best account of a live schema in terms of the history's steps. */
export type Explanation =
  | {
      /** The schema is step `step`, apart from `other`. */
      readonly kind: 'exact';
      readonly step: number;
      readonly other: readonly Change[];
    }
  | {
      /** The schema is step `step - 1` plus part of the revision that makes step `step`, apart from `other`. */
      readonly kind: 'partial';
      readonly step: number;
      readonly outcomes: readonly ObjectOutcome[];
      readonly other: readonly Change[];
    };

export interface Location {
  /** How many objects differ between the live schema and each step looked at, by step (see weight.ts). */
  readonly distances: ReadonlyMap<number, number>;
  /** The step the live schema is nearest to (fewest differences) among those looked at. */
  readonly nearest: number;
  readonly explanation: Explanation;
  /** `compare(step's schema, live)` for the explanation's step. */
  readonly comparison: Comparison;
  /** `compare(step's schema, live)` for every step looked at. */
  readonly comparisons: ReadonlyMap<number, Comparison>;
  /** How good the explanation is, to weigh it against another order's: lower is better (see `compareRanks`). */
  readonly rank: readonly number[];
}

/** What the version table says about where to look, for one replay order. */
export interface Whereabouts {
  /** How far a step's revisions are from the recorded ones (0: exactly them). */
  readonly nearness: (step: number) => number;
  /** Steps next to which a half-applied revision is looked for (the recorded step). */
  readonly centres: readonly number[];
  /**
   * Whether the revision making step n may be the half-applied one: one the version table does
   * not count as applied, or whose run the tool recorded as failed. A revision recorded as run
   * to its end did not stop half-way; what lacks of it was undone later, by hand.
   */
  readonly mayBePartial: (step: number) => boolean;
}

/**
 * Finds which step of a history a live schema is: exactly one step apart from a few
 * differences, or one step plus part of the next revision (a half-applied revision). The
 * explanation leaving the fewest differences unexplained wins; on a tie, a plain step beats a
 * partial one, and a step nearer the one the version table records beats a farther one.
 * `steps` may be some steps only (sorted); a partial revision is considered where the steps
 * before and after it are both given.
 *
 * @param where how near each step is to what the version table records, and where to look for a half-applied revision
 * @param objectsOf the objects revision n (the one making step n) touches, from its statements; null when not known
 * @example
 * const where = await locate(steps, live, { nearness: (n) => Math.abs(n - 7), centres: [7] }, (n) => objectsOfRevision(n));
 * where.explanation; // { kind: 'partial', step: 8, outcomes: [...], other: [] }
 */
export async function locate(
  steps: readonly StepSchema[],
  live: Snapshot,
  where: Whereabouts,
  objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>,
): Promise<Location> {
  const liveIds = objectIndex(live);
  const sides = new Map<number, SchemaSide>(steps.map((s) => [s.step, { snapshot: s.snapshot, ids: objectIndex(s.snapshot) }]));
  const comparisons = new Map<number, Comparison>();
  // Rename hints are worked out for the chosen step only: most steps are far from the database.
  for (const [step, side] of sides) comparisons.set(step, comparison(side, (await compare(side.snapshot, live, { renameHints: false })).changes));
  const weight = (step: number, changes: readonly Change[]) => differenceWeight(changes, (sides.get(step) as SchemaSide).snapshot, live);
  const distances = new Map([...comparisons].map(([step, c]) => [step, weight(step, c.changes)]));
  const { nearness } = where;

  type Candidate = { explanation: Explanation; comparison: Comparison; rank: readonly number[] };
  const exact: Candidate[] = [...comparisons].map(([step, c]) => ({
    explanation: { kind: 'exact', step, other: c.changes },
    comparison: c,
    rank: [distances.get(step) as number, 0, nearness(step), -step],
  }));
  exact.sort((a, b) => compareRanks(a.rank, b.rank));
  const nearest = (exact[0] as Candidate).explanation.step;

  const candidates: Candidate[] = [...exact];
  // A half-applied revision sits next to the step the database records or the one it is nearest.
  const around = new Set<number>();
  for (const centre of [nearest, ...where.centres]) for (let n = centre - 1; n <= centre + 2; n++) around.add(n);
  for (const n of [...around].sort((a, b) => a - b)) {
    const before = sides.get(n - 1);
    const after = sides.get(n);
    if (before === undefined || after === undefined || !where.mayBePartial(n)) continue;
    const stepChanges = (await compare(after.snapshot, before.snapshot)).changes;
    if (stepChanges.length === 0) continue;
    const liveVsAfter = comparisons.get(n) as Comparison;
    const outcomes = revisionOutcomes(await objectsOf(n), stepChanges, before, after, liveIds, liveVsAfter, comparisons.get(n - 1) as Comparison);
    const done = outcomes.filter((o) => o.state === 'applied' || o.state === 'invalid').length;
    const undone = outcomes.filter((o) => o.state === 'missing' || o.state === 'invalid').length;
    if (done === 0 || undone === 0 || !ranInOrder(outcomes)) continue;
    const explained = new Set(outcomes.filter((o) => o.state === 'missing' || o.state === 'invalid').map((o) => o.ref.id));
    const other = liveVsAfter.changes.filter((c) => !explained.has(c.id));
    candidates.push({
      explanation: { kind: 'partial', step: n, outcomes, other },
      comparison: liveVsAfter,
      rank: [weight(n, other), 1, Math.min(nearness(n), nearness(n - 1)), -n],
    });
  }
  candidates.sort((a, b) => compareRanks(a.rank, b.rank));
  const chosen = candidates[0] as Candidate;
  const hinted = comparison(chosen.comparison.side, (await compare(chosen.comparison.side.snapshot, live)).changes);
  const other = chosen.explanation.other.map((c) => hinted.byId.get(c.id) ?? c);
  return { distances, nearest, explanation: { ...chosen.explanation, other }, comparison: hinted, comparisons, rank: chosen.rank };
}

/**
 * The same location, explained as plain step `step` (which must be among those looked at):
 * what the version table says, when the step nearer by count is not nearer by evidence.
 *
 * @example await asStep(location, 7, live) // { …location, explanation: { kind: 'exact', step: 7, other: […] } }
 */
export async function asStep(location: Location, step: number, live: Snapshot): Promise<Location> {
  const c = location.comparisons.get(step) as Comparison;
  const hinted = comparison(c.side, (await compare(c.side.snapshot, live)).changes);
  return { ...location, explanation: { kind: 'exact', step, other: hinted.changes }, comparison: hinted };
}

/**
 * Which of two steps the objects that differ between them side with: for each object one of
 * the two schemas has otherwise than the other, whether the live database has it as the first
 * or as the second. A step nearer the database by count but contradicted by most of these
 * objects is not where the database is: someone undid a few things by hand.
 *
 * @example await sides(stepSchema, recordedSchema, liveVsStep, liveVsRecorded) // { first: 1, second: 4 }
 */
export async function sides(first: Snapshot, second: Snapshot, liveVsFirst: Comparison, liveVsSecond: Comparison): Promise<{ readonly first: number; readonly second: number }> {
  const between = (await compare(second, first, { renameHints: false })).changes;
  let a = 0;
  let b = 0;
  for (const c of between) {
    if (!liveVsFirst.byId.has(c.id)) a++;
    if (!liveVsSecond.byId.has(c.id)) b++;
  }
  return { first: a, second: b };
}

function comparison(side: SchemaSide, changes: readonly Change[]): Comparison {
  return { side, changes, byId: new Map(changes.map((c) => [c.id, c])) };
}

/**
 * Orders explanations: fewer unexplained objects, then a plain step before a partial one, then
 * nearer the recorded revisions, then later.
 *
 * @example compareRanks([0, 1, 1, -8], [2, 0, 0, -7]) < 0 // a partial explaining everything beats a step leaving two
 */
export function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}
