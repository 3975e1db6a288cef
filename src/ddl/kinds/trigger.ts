import type { Trigger } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified } from '../quote.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { partKey, relationKey } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type Consequence, type KindPlanner, type Where } from './kind.js';

/**
 * Triggers. `pg_get_triggerdef` text is a complete CREATE TRIGGER. A trigger on a partitioned
 * table is copied to every partition; a snapshot lists a copy only when it is enabled or
 * disabled apart from its parent, so a copy is "created" by setting its state.
 */

const STATE: Readonly<Record<Trigger['enabled'], string>> = {
  origin: 'ENABLE',
  disabled: 'DISABLE',
  replica: 'ENABLE REPLICA',
  always: 'ENABLE ALWAYS',
};

const triggerNode = (t: { schema: string; table: string; name: string }): string => nodeOf('trigger', partKey(t.schema, t.table, t.name));

/** The trigger this one is a partition's copy of, on the nearest partitioned ancestor that has it. */
function ancestorTrigger(side: SnapshotIndex, t: Trigger): Trigger | undefined {
  const seen = new Set<string>();
  let parent = side.get({ kind: 'table', key: relationKey(t.schema, t.table) })?.partitionOf ?? null;
  while (parent !== null && !seen.has(parent)) {
    seen.add(parent);
    const found = side.triggersOn(parent).find((p) => p.name === t.name);
    if (found) return found;
    parent = side.get({ kind: 'table', key: parent })?.partitionOf ?? null;
  }
  return undefined;
}

/** Copies of a trigger on partitions (at any depth) that the snapshot lists for their own state. */
function listedCopies(side: SnapshotIndex, t: Trigger): Trigger[] {
  const out: Trigger[] = [];
  const visit = (table: string): void => {
    for (const p of side.partitionsOf(table)) {
      const key = relationKey(p.schema, p.name);
      const copy = side.triggersOn(key).find((c) => c.name === t.name);
      if (copy) out.push(copy);
      visit(key);
    }
  };
  visit(relationKey(t.schema, t.table));
  return out;
}

function setState(ctx: PlanContext, t: Trigger, state: Trigger['enabled'], where: Where, after: readonly string[]): void {
  statement(ctx, where, `ALTER TABLE ${qualified(t.schema, t.table)} ${STATE[state]} TRIGGER ${ident(t.name)}`, {
    phase: Phase.triggers,
    node: triggerNode(t),
    after,
    operation: 'light',
    note: state === 'disabled' ? 'the trigger no longer fires' : state === 'replica' ? 'fires only in replication sessions' : null,
  });
}

export const triggerPlanner: KindPlanner<'trigger'> = {
  recreateReason(_ctx, _from, _to, change) {
    const props = changedProperties(change);
    return ['definition', 'timing', 'events', 'level', 'function', 'condition'].some((p) => props.has(p)) ? 'a trigger cannot change its definition in place: it is dropped and created again' : null;
  },

  consequences(ctx, intent): Consequence[] {
    const to = ctx.to.get({ kind: 'trigger', key: intent.ref.key });
    if (!to || (intent.fate !== 'create' && intent.fate !== 'recreate')) return [];
    return listedCopies(ctx.to, to).map((c) => ({ ref: { kind: 'trigger', key: partKey(c.schema, c.table, c.name) }, fate: 'create', reason: `a partition's copy of ${to.name}` }));
  },

  create(ctx, t, where) {
    const ancestor = ancestorTrigger(ctx.to, t);
    const ref = { kind: 'trigger' as const, key: partKey(t.schema, t.table, t.name) };
    if (ancestor) {
      // A partition's copy: it exists once the parent's trigger does; only its own state is set.
      if (t.enabled !== ancestor.enabled) setState(ctx, t, t.enabled, where, [triggerNode(ancestor)]);
      return;
    }
    const node = triggerNode(t);
    const inUse = ctx.inUse({ kind: ctx.to.relationKind(relationKey(t.schema, t.table)) === 'view' ? 'view' : 'table', key: relationKey(t.schema, t.table) });
    ctx.setMain(ref, statement(ctx, where, t.definition, { phase: Phase.triggers, node, operation: 'light', inUse }));
    if (t.enabled !== 'origin') setState(ctx, t, t.enabled, where, []);
    commentIfAny(ctx, where, `TRIGGER ${ident(t.name)} ON ${qualified(t.schema, t.table)}`, t.comment, { phase: Phase.triggers, node });
  },

  drop(ctx, t, where) {
    if (ancestorTrigger(ctx.from, t)) return; // a copy goes with its parent's trigger
    dropStatement(ctx, where, { kind: 'trigger', key: partKey(t.schema, t.table, t.name) }, `DROP TRIGGER ${ident(t.name)} ON ${qualified(t.schema, t.table)}`, {
      phase: Phase.dropTriggers,
      node: triggerNode(t),
      operation: 'alter-table',
      inUse: ctx.inUse({ kind: ctx.from.relationKind(relationKey(t.schema, t.table)) === 'view' ? 'view' : 'table', key: relationKey(t.schema, t.table) }),
    });
  },

  alter(ctx, _from, to, change, where) {
    const props = changedProperties(change);
    if (props.has('enabled')) {
      const ancestor = ancestorTrigger(ctx.to, to);
      setState(ctx, to, to.enabled, where, ancestor ? [triggerNode(ancestor)] : []);
    }
    if (props.has('comment')) {
      statement(ctx, where, commentSql(`TRIGGER ${ident(to.name)} ON ${qualified(to.schema, to.table)}`, to.comment), { phase: Phase.triggers, node: triggerNode(to) });
    }
  },
};
