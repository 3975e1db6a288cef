import type { Change } from '../../compare/change.js';
import type { Fate, Intent, PlanContext } from '../plan-context.js';
import type { Kind, KindObject, ObjectRef } from '../snapshot-index.js';

/** Where a kind module's statements go: their unit (see `PlanContext.join`) and the change ids they serve. */
export interface Where {
  readonly unit: string;
  readonly ids: readonly string[];
  /** The object the statements are about, when the object itself does not say (a column does not name its table). */
  readonly ref?: ObjectRef;
}

export interface DropWhere extends Where {
  /** Dropped to be created again in the same plan: nothing is lost unless the object holds data. */
  readonly recreate: boolean;
  /** Why it is dropped and re-created, for the statement's note. */
  readonly reason: string | null;
}

export interface CreateWhere extends Where {
  readonly recreate: boolean;
}

/** Another object a decision affects: a part to build, a dependent to drop or re-create. */
export interface Consequence {
  readonly ref: ObjectRef;
  readonly fate: Fate;
  readonly reason: string;
  readonly implicit?: boolean;
}

/**
 * How one kind of object is created, dropped and changed. Each method reads full objects (the
 * snapshots hold them; a change's `expected`/`actual` hold only what differs) and emits
 * statements through the context.
 */
export interface KindPlanner<K extends Kind> {
  /** For a `changed` change: why only dropping and re-creating makes it, or null to alter in place. */
  recreateReason(ctx: PlanContext, from: KindObject[K], to: KindObject[K], change: Change): string | null;
  /** What else this decision makes happen. */
  consequences(ctx: PlanContext, intent: Intent): Consequence[];
  create(ctx: PlanContext, object: KindObject[K], where: CreateWhere): void;
  drop(ctx: PlanContext, object: KindObject[K], where: DropWhere): void;
  alter(ctx: PlanContext, from: KindObject[K], to: KindObject[K], change: Change, where: Where): void;
}

/**
 * The properties a `changed` change says differ.
 *
 * @example
 * changedProperties({ kind: 'changed', expected: { type: 'text', notNull: true }, … }) // Set { 'type', 'notNull' }
 */
export function changedProperties(change: Change): Set<string> {
  return new Set(Object.keys(change.expected ?? {}));
}

/**
 * A dependent of something dropped or re-created: re-created from `to` when `to` has it,
 * dropped otherwise.
 *
 * @example
 * dependent(ctx, { kind: 'view', key: 'app.v' }, 'it selects from app.t, which is re-created')
 */
export function dependent(ctx: PlanContext, ref: ObjectRef, reason: string): Consequence {
  return { ref, fate: ctx.to.has(ref) ? 'recreate' : 'drop', reason };
}
