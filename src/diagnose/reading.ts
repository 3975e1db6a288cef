import type { Change } from '../compare/change.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Origin } from './attribution.js';
import type { Location } from './locate.js';
import { objectIndex } from './object-index.js';
import { lingeringOutcomes, onlyValidity, type ObjectOutcome } from './partial-revision.js';
import type { RevisionObject } from './revision-objects.js';

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
  } | null;
  /** Differences no revision explains… */
  readonly other: readonly Change[];
  /** …between the live schema and this step's: the partial revision's own step, or `at`. */
  readonly against: number;
}

/**
 * Turns where the live schema was located into the account the report gives. A plain step whose
 * remaining differences include unusable objects of one earlier revision (an INVALID index, a
 * NOT VALID constraint) reads as that revision half-applied, though recorded.
 *
 * @param originOf the revision each difference comes from (see attribution.ts)
 * @example
 * const reading = await readingOf(location, steps, live, objectsOf, originOf);
 * reading.partial?.behind; // true for an INVALID index left behind a later deploy
 */
export async function readingOf(
  location: Location,
  steps: ReadonlyMap<number, Snapshot>,
  live: Snapshot,
  objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>,
  originOf: (change: Change, upTo: number) => Promise<Origin | null>,
  stepOf: (revision: string) => number,
): Promise<Reading> {
  const e = location.explanation;
  if (e.kind === 'partial') return { at: e.step - 1, partial: { step: e.step, outcomes: e.outcomes, behind: false }, other: e.other, against: e.step };
  const unusable = e.other.filter(onlyValidity);
  for (const change of unusable) {
    const origin = await originOf(change, e.step);
    if (origin === null || origin.action === 'dropped') continue;
    const step = stepOf(origin.revision);
    const objects = await objectsOf(step);
    const current = steps.get(e.step) as Snapshot;
    const outcomes = lingeringOutcomes(
      objects ?? [{ ref: change, steps: [] }],
      { snapshot: current, ids: objectIndex(current) },
      location.comparison,
      objectIndex(live),
    );
    const invalid = new Set(outcomes.filter((o) => o.state === 'invalid').map((o) => o.ref.id));
    if (invalid.size === 0) continue;
    return { at: e.step, partial: { step, outcomes, behind: true }, other: e.other.filter((c) => !invalid.has(c.id)), against: e.step };
  }
  return { at: e.step, partial: null, other: e.other, against: e.step };
}
