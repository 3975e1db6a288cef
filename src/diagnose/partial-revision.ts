import type { Change } from '../compare/change.js';
import type { Snapshot } from '../model/snapshot.js';
import { relationIds, type ObjectRef } from './object-index.js';
import type { RevisionObject, SourceStep } from './revision-objects.js';

/** How far one object of a revision got in the database. */
export type ObjectState =
  /** As the revision leaves it. */
  | 'applied'
  /** Not done: absent though the revision creates it, present though it drops it, or as before the revision. */
  | 'missing'
  /** Present as the revision leaves it, but unusable: an INVALID index, a NOT VALID constraint. */
  | 'invalid'
  /** Neither as before nor as after the revision: drift on one of its objects. */
  | 'different';

export interface ObjectOutcome {
  readonly ref: ObjectRef;
  readonly state: ObjectState;
  /** Where the revision's file touches it; empty when only the schemas tell (no statements known). */
  readonly steps: readonly SourceStep[];
}

/** One side of the comparison around a revision, prepared once. */
export interface SchemaSide {
  readonly snapshot: Snapshot;
  /** `objectIndex(snapshot)`. */
  readonly ids: ReadonlyMap<string, object>;
}

/** A database compared with one expected schema: the changes by id, and the schema's side. */
export interface Comparison {
  readonly side: SchemaSide;
  readonly changes: readonly Change[];
  readonly byId: ReadonlyMap<string, Change>;
}

/**
 * The objects revision N changes (between the schema before it, R, and after it), and how far
 * each got in the live database. Objects come from N's statements when known — named as the
 * operations name them, with file and line — and from the difference of the two schemas for
 * whatever the statements do not name (an index without a name, a table built by a `DO` block).
 *
 * @example
 * revisionOutcomes(objects, stepDiff, before, after, liveIds, liveVsAfter, liveVsBefore)
 * // [{ ref: { id: 'column:public.comments.edited_at', … }, state: 'applied', steps: [...] },
 * //  { ref: { id: 'index:public.comments.ix_comments_author_id_created_at', … }, state: 'invalid', steps: [...] }]
 */
export function revisionOutcomes(
  objects: readonly RevisionObject[] | null,
  /** `compare(after, before)`: what N changes. */
  stepChanges: readonly Change[],
  before: SchemaSide,
  after: SchemaSide,
  liveIds: ReadonlyMap<string, object>,
  liveVsAfter: Comparison,
  liveVsBefore: Comparison,
): ObjectOutcome[] {
  const changedIds = new Set(stepChanges.map((c) => c.id));
  // Tables N creates or drops: their parts are reported with them by compare(), not on their own.
  const wholeRelations = new Set(stepChanges.filter((c) => c.kind !== 'changed').map((c) => c.id));
  const candidates: { ref: ObjectRef; steps: readonly SourceStep[] }[] = [];
  const seen = new Set<string>();
  for (const o of objects ?? []) {
    const touchedByN = changedIds.has(o.ref.id) || relationIds(o.ref).some((r) => wholeRelations.has(r));
    // An object the statements touch but leave as it was (IF NOT EXISTS, created and dropped again).
    if (!touchedByN) continue;
    candidates.push(o);
    seen.add(o.ref.id);
  }
  for (const c of stepChanges) {
    if (seen.has(c.id) || relationIds(c).some((r) => seen.has(r) && wholeRelations.has(r))) continue;
    candidates.push({ ref: { id: c.id, objectType: c.objectType, schema: c.schema, table: c.table, name: c.name }, steps: [] });
    seen.add(c.id);
  }
  const ids = new Set(candidates.map((o) => o.ref.id));
  return candidates.map((o) => {
    const state = stateOf(o.ref, o.steps.length, before, after, liveIds, liveVsAfter, liveVsBefore);
    // A table is as the revision makes it only with its columns, constraints and indexes: a
    // differing part that is no object of the revision on its own makes the table different.
    const partDiffers = o.ref.objectType === 'table' && liveVsAfter.changes.some((c) => !ids.has(c.id) && relationIds(c).includes(o.ref.id));
    return { ref: o.ref, steps: o.steps, state: state === 'applied' && partDiffers ? 'different' : state };
  });
}

function stateOf(
  ref: ObjectRef,
  /** How many of the revision's statements touch the object. */
  statements: number,
  before: SchemaSide,
  after: SchemaSide,
  liveIds: ReadonlyMap<string, object>,
  liveVsAfter: Comparison,
  liveVsBefore: Comparison,
): ObjectState {
  const inBefore = before.ids.has(ref.id);
  const inAfter = after.ids.has(ref.id);
  const inLive = liveIds.has(ref.id);
  const asAfter = liveVsAfter.byId.get(ref.id);
  // An object the revision makes in several statements (add a column, then SET NOT NULL; rename
  // it, then change its type) is left between the two when the run stops after the first: that
  // is the revision not done, not a hand-made change.
  const between = statements > 1 ? 'missing' : 'different';
  if (inAfter && !inBefore) {
    if (!inLive) return 'missing';
    if (asAfter === undefined) return 'applied';
    return onlyValidity(asAfter) ? 'invalid' : between;
  }
  if (inBefore && !inAfter) return inLive ? 'missing' : 'applied';
  if (!inLive) return 'different';
  if (asAfter === undefined) return 'applied';
  if (onlyValidity(asAfter)) return 'invalid';
  return liveVsBefore.byId.has(ref.id) ? between : 'missing';
}

/**
 * Whether a run of the revision that stopped could have left these outcomes: a run sends the
 * statements in order, so everything it finished comes before everything it did not. An object
 * of a late statement present while one of an early statement is missing was made some other
 * way — by hand, ahead of its migration — and is drift, not the revision half-applied. Objects
 * known only from the schemas (no statement names them) say nothing about the order.
 *
 * @example ranInOrder([{ state: 'applied', steps: [{ statement: 3, … }] }, { state: 'missing', steps: [{ statement: 0, … }] }]) // false
 */
export function ranInOrder(outcomes: readonly Pick<ObjectOutcome, 'state' | 'steps'>[]): boolean {
  const last = (o: Pick<ObjectOutcome, 'steps'>) => Math.max(...o.steps.map((s) => s.statement));
  const done = outcomes.filter((o) => o.state === 'applied' && o.steps.length > 0).map(last);
  const undone = outcomes.filter((o) => o.state === 'missing' && o.steps.length > 0).map(last);
  return done.length === 0 || undone.length === 0 || Math.max(...done) < Math.min(...undone);
}

/**
 * A change that says only "present but not usable": an index left INVALID by a failed
 * `CREATE INDEX CONCURRENTLY`, a constraint still NOT VALID.
 */
export function onlyValidity(c: Change): boolean {
  if (c.kind !== 'changed' || c.expected === null) return false;
  const keys = Object.keys(c.expected);
  if (c.objectType === 'index') return keys.length === 1 && keys[0] === 'valid' && c.actual?.valid === false;
  if (c.objectType === 'constraint') return keys.length === 1 && keys[0] === 'validated' && c.actual?.validated === false;
  return false;
}

/**
 * A revision further back whose objects are in the database but unusable, although the
 * version table records it and later revisions as applied: the re-run of a failed `CREATE INDEX
 * CONCURRENTLY IF NOT EXISTS` skips the INVALID index it left, and "succeeds". Its objects still
 * in the current schema are `invalid` (only their validity differs) or `applied` (no difference);
 * the others are left to the drift they show.
 *
 * @example
 * lingeringOutcomes(objectsOfThatRevision, current, liveVsCurrent)
 * // [{ ref: { id: 'constraint:public.payments.ck_…' }, state: 'applied', … }, { ref: { id: 'index:public.payments.uq_…' }, state: 'invalid', … }]
 */
export function lingeringOutcomes(objects: readonly RevisionObject[], current: SchemaSide, liveVsCurrent: Comparison, liveIds: ReadonlyMap<string, object>): ObjectOutcome[] {
  const out: ObjectOutcome[] = [];
  for (const o of objects) {
    if (!current.ids.has(o.ref.id) || !liveIds.has(o.ref.id) || o.steps.every((s) => s.action === 'drop')) continue;
    const change = liveVsCurrent.byId.get(o.ref.id);
    if (change === undefined) out.push({ ref: o.ref, steps: o.steps, state: 'applied' });
    else if (onlyValidity(change)) out.push({ ref: o.ref, steps: o.steps, state: 'invalid' });
  }
  return out;
}
