import type { Change } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import { alignOwnerGrants } from '../compare/owner-grants.js';
import { alignPartitionTriggers } from '../compare/partition-triggers.js';
import type { Snapshot } from '../model/snapshot.js';
import { columnPlanner } from './kinds/column.js';
import { nodeOf, statement } from './kinds/common.js';
import { compositePlanner } from './kinds/composite.js';
import { constraintPlanner } from './kinds/constraint.js';
import { domainPlanner } from './kinds/domain.js';
import { enumPlanner } from './kinds/enum.js';
import { extensionPlanner } from './kinds/extension.js';
import { grantPlanner } from './kinds/grant.js';
import { indexPlanner } from './kinds/index.js';
import type { KindPlanner } from './kinds/kind.js';
import { policyPlanner } from './kinds/policy.js';
import { routinePlanner } from './kinds/routine.js';
import { schemaPlanner } from './kinds/schema.js';
import { sequencePlanner } from './kinds/sequence.js';
import { tablePlanner } from './kinds/table.js';
import { triggerPlanner } from './kinds/trigger.js';
import { viewPlanner } from './kinds/view.js';
import { orderSteps, withhold } from './order.js';
import { parentsOf } from './parents.js';
import { Phase } from './phases.js';
import { addIds, PlanContext, resolvePlanOptions, type DraftStatement, type Intent } from './plan-context.js';
import { ident, qualified } from './quote.js';
import { renameNote } from './rename-hint.js';
import { partKey, refOfChange, relationKey, SnapshotIndex, type Kind, type ObjectRef } from './snapshot-index.js';
import type { DdlPlan, DdlStatement, PlanOptions } from './statement.js';

const PLANNERS: { readonly [K in Kind]: KindPlanner<K> } = {
  schema: schemaPlanner,
  extension: extensionPlanner,
  table: tablePlanner,
  column: columnPlanner,
  constraint: constraintPlanner,
  index: indexPlanner,
  sequence: sequencePlanner,
  view: viewPlanner,
  routine: routinePlanner,
  trigger: triggerPlanner,
  enum: enumPlanner,
  domain: domainPlanner,
  composite: compositePlanner,
  policy: policyPlanner,
  grant: grantPlanner,
};

const planner = (kind: Kind): KindPlanner<Kind> => PLANNERS[kind] as unknown as KindPlanner<Kind>;

/**
 * SQL turning `from` into `to` for exactly these changes, as `compare(to, from)` produced them:
 * `missing` objects are created, `unexpected` ones dropped, `changed` ones altered. Any subset
 * of a diff can be planned: each change's objects are looked up in the two snapshots, and what
 * the change implies is added (a table is created with its columns, constraints, indexes,
 * triggers, policies, grants, comments and serial sequences; a view that selects from
 * something re-created is re-created after it). Requires the PostgreSQL parser to be loaded,
 * as `compare()` leaves it.
 *
 * @example
 * const diff = await compare(staging, prod);
 * const plan = planChanges(prod, staging, diff.changes.filter((c) => c.objectType === 'index'), { concurrently: true });
 * for (const s of plan.statements) console.log(`${s.sql};`);
 */
export function planChanges(from: Snapshot, to: Snapshot, changes: readonly Change[], options: PlanOptions = {}): DdlPlan {
  // The objects compare() matched, implied ones included (owner rights, partitions' trigger copies).
  const triggers = alignPartitionTriggers({ tables: to.tables, triggers: to.triggers }, { tables: from.tables, triggers: from.triggers });
  const grants = alignOwnerGrants(to, from);
  const ctx = new PlanContext(
    new SnapshotIndex(from, { triggers: triggers.actual, grants: grants.actual }),
    new SnapshotIndex(to, { triggers: triggers.expected, grants: grants.expected }),
    resolvePlanOptions(options, from.source.serverVersionNum),
  );
  decide(ctx, changes);
  closeOver(ctx);
  emit(ctx);
  const ordered = orderSteps(ctx.steps);
  serveEveryChange(ctx, changes, ordered.map((s) => s.statement));
  const { statements, withheld } = withhold(ordered, ctx.options.unsafe, (u) => ctx.root(u));
  return { statements: statements.map(freeze), withheld: withheld.map(freeze), manual: [...ctx.manual] };
}

/**
 * `compare(to, from)`, then {@link planChanges} for every change: the SQL that turns one schema
 * into the other.
 *
 * @example
 * const plan = await planMigration(await snapshot(prodUrl), await snapshot('db/schema.sql'), { unsafe: true });
 * console.log(renderSqlScript(plan, ['pgdrift: prod → db/schema.sql']));
 */
export async function planMigration(from: Snapshot, to: Snapshot, options: PlanOptions = {}): Promise<DdlPlan> {
  const diff = await compare(to, from);
  return planChanges(from, to, diff.changes, options);
}

function decide(ctx: PlanContext, changes: readonly Change[]): void {
  for (const c of changes) {
    const ref = refOfChange(c);
    const hint = renameNote(c);
    const fromObject = ctx.from.get(ref);
    const toObject = ctx.to.get(ref);
    if (c.kind === 'missing') {
      if (toObject === undefined) ctx.addManual([c.id], `${c.objectType} ${c.id} is not in the target snapshot`);
      else ctx.decide(ref, 'create', [c.id], c.id, { hint });
    } else if (c.kind === 'unexpected') {
      if (fromObject === undefined) ctx.addManual([c.id], `${c.objectType} ${c.id} is not in the source snapshot`);
      else ctx.decide(ref, 'drop', [c.id], c.id, { hint });
    } else if (fromObject === undefined || toObject === undefined) {
      ctx.addManual([c.id], `${c.objectType} ${c.id} is not in both snapshots`);
    } else {
      const reason = planner(ref.kind).recreateReason(ctx, fromObject, toObject, c);
      ctx.decide(ref, reason !== null ? 'recreate' : 'alter', [c.id], c.id, { change: c, ...(reason !== null ? { reason } : {}) });
    }
  }
}

/** Adds what the decisions imply, until nothing new follows. */
function closeOver(ctx: PlanContext): void {
  const queue: Intent[] = [...ctx.intents.values()];
  for (let next = 0; next < queue.length; next++) {
    const intent = queue[next] as Intent;
    for (const c of planner(intent.ref.kind).consequences(ctx, intent)) {
      const inFrom = ctx.from.has(c.ref);
      const inTo = ctx.to.has(c.ref);
      const fate = c.fate === 'recreate' ? (inFrom && inTo ? 'recreate' : inFrom ? 'drop' : 'create') : c.fate;
      if ((fate === 'create' && !inTo) || (fate === 'drop' && !inFrom)) continue;
      const before = ctx.intent(c.ref);
      const snapshot = before ? { fate: before.fate, implicit: before.implicit } : null;
      // A consequence serves the changes that caused it.
      const after = ctx.decide(c.ref, fate, intent.ids, intent.unit, { reason: c.reason, ...(c.implicit ? { implicit: true } : {}) });
      if (!snapshot || snapshot.fate !== after.fate || snapshot.implicit !== after.implicit) queue.push(after);
    }
  }
}

/**
 * True for a foreign key (in `from`) whose referenced table stays but the unique index or
 * constraint it relies on is removed by the plan.
 */
function keyRemovedUnder(ctx: PlanContext, ref: ObjectRef): boolean {
  if (ref.kind !== 'constraint') return false;
  const fk = ctx.from.get({ kind: 'constraint', key: ref.key });
  if (!fk || fk.type !== 'foreign key' || fk.references === null) return false;
  const target = fk.references;
  const referenced = relationKey(target.schema, target.table);
  if (ctx.removes({ kind: 'table', key: referenced })) return false;
  const columns = [...target.columns].sort().join('\u0000');
  return ctx.from.indexesOn(referenced).some(
    (i) =>
      i.unique &&
      [...i.keys].sort().join('\u0000') === columns &&
      (ctx.removes({ kind: 'index', key: partKey(i.schema, i.table, i.name) }) ||
        (i.constraint !== null && ctx.removes({ kind: 'constraint', key: partKey(i.schema, i.table, i.constraint) }))),
  );
}

/** Statements for every decision, except those another object's statements already make. */
function emit(ctx: PlanContext): void {
  const absorbed: { ids: readonly string[]; into: ObjectRef }[] = [];
  for (const intent of ctx.intents.values()) {
    const { ref } = intent;
    const p = planner(ref.kind);
    const fromObject = ctx.from.get(ref);
    const toObject = ctx.to.get(ref);
    const where = { unit: intent.unit, ids: [...intent.ids], ref };
    // A foreign key whose referenced unique index goes away is dropped on its own first, even
    // when its table is dropped too: DROP TABLE comes after DROP INDEX, which the key would block.
    const ownDrop = keyRemovedUnder(ctx, ref);
    const removedParent = ownDrop ? undefined : parentsOf(ctx, ref, 'from').find((x) => ctx.removes(x));
    const builtParent = parentsOf(ctx, ref, 'to').find((x) => ctx.builds(x));
    const goesWithParent = (intent.implicit && !ownDrop) || removedParent !== undefined;
    const before = ctx.steps.length;
    switch (intent.fate) {
      case 'create':
        if (builtParent) absorbed.push({ ids: where.ids, into: builtParent });
        else if (toObject) p.create(ctx, toObject, { ...where, recreate: false });
        break;
      case 'drop':
        if (goesWithParent) {
          if (removedParent) absorbed.push({ ids: where.ids, into: removedParent });
        } else if (fromObject) p.drop(ctx, fromObject, { ...where, recreate: false, reason: intent.hint ?? intent.reason });
        break;
      case 'recreate':
        if (!goesWithParent && fromObject) p.drop(ctx, fromObject, { ...where, recreate: true, reason: intent.reason });
        if (builtParent) absorbed.push({ ids: where.ids, into: builtParent });
        else if (toObject) p.create(ctx, toObject, { ...where, recreate: true });
        break;
      case 'alter':
        if (builtParent ?? removedParent) absorbed.push({ ids: where.ids, into: (builtParent ?? removedParent) as ObjectRef });
        else if (fromObject && toObject && intent.change) p.alter(ctx, fromObject, toObject, intent.change, where);
        break;
    }
    // The rename a drop and a create look like: on the create's first statement too.
    const first = ctx.steps[before]?.statement;
    if (intent.hint !== null && intent.fate === 'create' && first && !first.note) first.note = intent.hint;
  }
  emitDefaultResets(ctx);
  for (const { ids, into } of absorbed) {
    const made = ctx.main(into);
    if (made) addIds(made, ids);
  }
}

/** Defaults that refer to something dropped: dropped before it goes, set again from `to` after. */
function emitDefaultResets(ctx: PlanContext): void {
  for (const [key, reset] of ctx.defaultResets) {
    const table = { kind: 'table' as const, key: reset.table };
    if (ctx.removes(table) || ctx.builds(table)) continue;
    const fromTable = ctx.from.get(table);
    const toTable = ctx.to.get(table);
    const from = fromTable?.columns.find((c) => c.name === reset.column);
    const to = toTable?.columns.find((c) => c.name === reset.column);
    if (!fromTable || !from || from.default === null) continue;
    const column = { kind: 'column' as const, key };
    const name = qualified(fromTable.schema, fromTable.name);
    const where = { unit: reset.unit, ids: [...reset.ids] };
    const e = { node: nodeOf('table', reset.table), operation: 'alter-table' as const, inUse: ctx.inUse(table) };
    const setAgain = to !== undefined && to.default !== null && !ctx.removes(column);
    statement(ctx, where, `ALTER TABLE ${name} ALTER COLUMN ${ident(from.name)} DROP DEFAULT`, {
      ...e,
      phase: Phase.detach,
      note: `it refers to something that is dropped${setAgain ? '; it is set again further down' : ''}`,
    });
    // A column with its own change sets its default itself (see alterColumn's `defaultDropped`).
    if (setAgain && ctx.fate(column) !== 'alter') statement(ctx, where, `ALTER TABLE ${name} ALTER COLUMN ${ident(to.name)} SET DEFAULT ${to.default}`, { ...e, phase: Phase.columns });
  }
}

/**
 * Every planned change is named by some statement (or is manual): a change served without a
 * statement of its own (an index that comes with its constraint, say) is recorded on a
 * statement of its unit, so a reader of the plan can account for all of them.
 */
function serveEveryChange(ctx: PlanContext, changes: readonly Change[], statements: readonly DraftStatement[]): void {
  const named = new Set(statements.flatMap((s) => s.changeIds));
  for (const m of ctx.manual) named.add(m.changeId);
  const byUnit = new Map<string, DraftStatement>();
  for (const step of ctx.steps) if (!byUnit.has(ctx.root(step.unit))) byUnit.set(ctx.root(step.unit), step.statement);
  for (const c of changes) {
    if (named.has(c.id)) continue;
    const intent = ctx.intent(refOfChange(c));
    const home = byUnit.get(ctx.root(intent?.unit ?? c.id));
    if (home) addIds(home, [c.id]);
  }
}

function freeze(s: DraftStatement): DdlStatement {
  return { sql: s.sql, changeIds: [...s.changeIds], hazards: [...s.hazards], transactional: s.transactional, ...(s.note ? { note: s.note } : {}) };
}
