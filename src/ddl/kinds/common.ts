import { hazardsOf, type Operation } from '../hazards.js';
import type { Phase } from '../phases.js';
import type { DraftStatement, PlanContext } from '../plan-context.js';
import { literal } from '../quote.js';
import type { ObjectRef } from '../snapshot-index.js';
import type { DropWhere, Where } from './kind.js';

/**
 * Statements about one object are kept together under one node (see `order.ts`).
 *
 * @example
 * nodeOf('view', 'app.v') // 'view:app.v'
 */
export const nodeOf = (kind: string, key: string): string => `${kind}:${key}`;

/**
 * `COMMENT ON … IS …`; an empty or absent comment removes it (PostgreSQL treats '' as NULL).
 *
 * @example
 * commentSql('TABLE app.users', "who's who") // COMMENT ON TABLE app.users IS 'who''s who'
 * commentSql('TABLE app.users', null)        // COMMENT ON TABLE app.users IS NULL
 */
export function commentSql(target: string, comment: string | null): string {
  return `COMMENT ON ${target} IS ${comment === null || comment === '' ? 'NULL' : literal(comment)}`;
}

/** Options of one emitted statement beyond its SQL. */
export interface Emit {
  readonly phase: Phase;
  readonly node?: string | null;
  readonly after?: readonly string[];
  readonly operation?: Operation;
  readonly inUse?: boolean;
  readonly destructive?: boolean;
  readonly note?: string | null;
}

/**
 * Emits one statement with hazards derived from its operation.
 *
 * @example
 * statement(ctx, where, 'ALTER TABLE app.t ENABLE ROW LEVEL SECURITY', { phase: Phase.tables, operation: 'alter-table', inUse: true })
 */
export function statement(ctx: PlanContext, where: Where, sql: string, e: Emit): DraftStatement {
  return ctx.emit({
    phase: e.phase,
    unit: where.unit,
    sql,
    ids: where.ids,
    hazards: hazardsOf(e.operation ?? 'create', { inUse: e.inUse ?? false, destructive: e.destructive ?? false }),
    note: e.note ?? null,
    node: e.node ?? null,
    after: e.after ?? [],
  });
}

/**
 * A DROP: destructive unless the object is created again by the same plan (its note then says
 * why); a plain drop is the statement the object's changes are recorded on.
 *
 * @example
 * dropStatement(ctx, where, { kind: 'enum', key: 'app.mood' }, 'DROP TYPE app.mood', { phase: Phase.dropTypes })
 */
export function dropStatement(ctx: PlanContext, where: DropWhere, ref: ObjectRef, sql: string, e: Emit): DraftStatement {
  const made = statement(ctx, where, sql, { ...e, destructive: e.destructive ?? !where.recreate, note: e.note ?? where.reason });
  if (!where.recreate) ctx.setMain(ref, made);
  return made;
}

/**
 * A comment statement when the object should carry one (objects are created without).
 *
 * @example
 * commentIfAny(ctx, where, 'TABLE app.t', 'people', { phase: Phase.tables }) // COMMENT ON TABLE app.t IS 'people'
 */
export function commentIfAny(ctx: PlanContext, where: Where, target: string, comment: string | null, e: Emit): void {
  if (comment !== null && comment !== '') statement(ctx, where, commentSql(target, comment), e);
}

/**
 * Storage parameters as `WITH (…)`/`SET (…)` list them.
 *
 * @example
 * optionList(['fillfactor=70', 'autovacuum_enabled=false']) // fillfactor=70, autovacuum_enabled=false
 */
export function optionList(options: readonly string[]): string {
  return options.join(', ');
}

/**
 * The storage parameters to SET and to RESET to take one list to another.
 *
 * @example
 * optionChanges(['fillfactor=70', 'autovacuum_enabled=false'], ['fillfactor=80']) // { set: ['fillfactor=80'], reset: ['autovacuum_enabled'] }
 */
export function optionChanges(from: readonly string[], to: readonly string[]): { readonly set: string[]; readonly reset: string[] } {
  const name = (o: string): string => o.slice(0, o.indexOf('=') < 0 ? o.length : o.indexOf('='));
  const toNames = new Set(to.map(name));
  return {
    set: to.filter((o) => !from.includes(o)),
    reset: from.filter((o) => !toNames.has(name(o))).map(name),
  };
}
