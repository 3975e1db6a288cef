import type { Column, Table } from '../../model/snapshot.js';
import { aclOfCreated } from '../acl.js';
import { Phase } from '../phases.js';
import type { DraftStatement, Intent, PlanContext } from '../plan-context.js';
import { ident, qualified, role } from '../quote.js';
import { columnKey, partKey, relationKey, routineKey, type ObjectRef } from '../snapshot-index.js';
import { alterColumn, columnDefinition } from './column.js';
import { commentIfAny, commentSql, nodeOf, optionChanges, optionList, statement } from './common.js';
import { constraintPlanner } from './constraint.js';
import { indexPlanner } from './index.js';
import { changedProperties, dependent, type Consequence, type KindPlanner, type Where } from './kind.js';
import { policyPlanner } from './policy.js';
import { sequencePlanner } from './sequence.js';
import { triggerPlanner } from './trigger.js';

/**
 * Tables: CREATE TABLE with everything that belongs to the table (its columns, constraints,
 * indexes, triggers, policies, grants, comments and serial sequences), DROP TABLE after what
 * depends on it, and ALTER TABLE for persistence, partitions, inheritance, storage parameters,
 * row-level security and the owner.
 */

const tableRef = (key: string) => ({ kind: 'table' as const, key });
/**
 * The node a table's statements share.
 *
 * @example
 * tableNode('app.t') // 'table:app.t'
 */
export const tableNode = (key: string): string => nodeOf('table', key);

/**
 * ALTER TABLE … OWNER TO, once per table: a serial sequence's owner change is made by it too.
 *
 * @example
 * tableOwner(ctx, table, 'app', where, Phase.tables) // ALTER TABLE public.t OWNER TO app
 */
export function tableOwner(ctx: PlanContext, table: Table, owner: string, where: Where, phase: Phase): DraftStatement[] {
  const key = relationKey(table.schema, table.name);
  return ctx.emitOnce(`table-owner:${key}`, where.ids, () => [
    statement(ctx, where, `ALTER TABLE ${qualified(table.schema, table.name)} OWNER TO ${role(owner)}`, {
      phase,
      node: tableNode(key),
      operation: 'alter-table',
      inUse: ctx.inUse(tableRef(key)),
    }),
  ]);
}

/**
 * `ALTER TABLE child [NO] INHERIT parent`, once however many changes ask for it: the child's
 * own change and its parent's drop or re-creation both may.
 */
function inheritance(ctx: PlanContext, child: Table, parentKey: string, on: boolean, where: Where, note: string | null = null): void {
  const childKey = relationKey(child.schema, child.name);
  ctx.emitOnce(`${on ? 'inherit' : 'no-inherit'}:${childKey}:${parentKey}`, where.ids, () => [
    statement(ctx, where, `ALTER TABLE ${qualified(child.schema, child.name)} ${on ? 'INHERIT' : 'NO INHERIT'} ${parentName(ctx, parentKey)}`, {
      phase: on ? Phase.tables : Phase.detach,
      node: tableNode(childKey),
      after: on ? [tableNode(parentKey)] : [],
      operation: 'alter-table',
      inUse: ctx.inUse(tableRef(childKey)),
      note,
    }),
  ]);
}

function partsOf(ctx: PlanContext, side: 'from' | 'to', key: string): ObjectRef[] {
  const index = side === 'from' ? ctx.from : ctx.to;
  const part = (kind: 'constraint' | 'index' | 'trigger' | 'policy') => (o: { schema: string; table: string; name: string }): ObjectRef => ({ kind, key: partKey(o.schema, o.table, o.name) });
  const table = index.get(tableRef(key));
  return [
    ...(table?.columns ?? []).map((c): ObjectRef => ({ kind: 'column', key: columnKey(key, c.name) })),
    ...index.constraintsOn(key).map(part('constraint')),
    ...index.indexesOn(key).map(part('index')),
    ...index.triggersOn(key).map(part('trigger')),
    ...index.policiesOn(key).map(part('policy')),
    ...index.sequencesOwnedBy(key).map((s): ObjectRef => ({ kind: 'sequence', key: relationKey(s.schema, s.name) })),
  ];
}

/** Columns a partition or an inheriting table gets from its parents, as CREATE TABLE gives them. */
function inheritedColumns(ctx: PlanContext, t: Table): Map<string, Column> {
  const parents = (t.partitionOf !== null ? [t.partitionOf] : t.inherits).map((p) => ctx.to.get(tableRef(p))).filter((p): p is Table => p !== undefined);
  const out = new Map<string, Column>();
  for (const p of parents) {
    for (const c of p.columns) {
      const known = out.get(c.name);
      out.set(c.name, known ? { ...known, notNull: known.notNull || c.notNull, default: known.default ?? c.default } : { ...c, comment: null });
    }
  }
  return out;
}

function createSql(ctx: PlanContext, t: Table, inherited: ReadonlyMap<string, Column>): string {
  const name = qualified(t.schema, t.name);
  const unlogged = t.persistence === 'unlogged' ? 'UNLOGGED ' : '';
  const partitionBy = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : '';
  const withOptions = t.options.length > 0 ? ` WITH (${optionList(t.options)})` : '';
  if (t.partitionOf !== null) {
    const parent = ctx.to.get(tableRef(t.partitionOf));
    const parentName = parent ? qualified(parent.schema, parent.name) : t.partitionOf;
    return `CREATE ${unlogged}TABLE ${name} PARTITION OF ${parentName} ${t.partitionBound ?? 'DEFAULT'}${partitionBy}${withOptions}`;
  }
  const own = t.columns.filter((c) => !inherited.has(c.name));
  const body = own.length > 0 ? `(\n${own.map((c) => `    ${columnDefinition(c)}`).join(',\n')}\n)` : '()';
  const inherits = t.inherits.length > 0 ? ` INHERITS (${t.inherits.map((p) => parentName(ctx, p)).join(', ')})` : '';
  return `CREATE ${unlogged}TABLE ${name} ${body}${inherits}${partitionBy}${withOptions}`;
}

function parentName(ctx: PlanContext, key: string): string {
  const p = ctx.to.get(tableRef(key)) ?? ctx.from.get(tableRef(key));
  return p ? qualified(p.schema, p.name) : key;
}

/** Foreign keys between tables this plan drops that form a cycle: they are dropped first, so the tables can go in any order. */
function cyclicForeignKeys(ctx: PlanContext): Set<string> {
  return ctx.memo('cyclic-foreign-keys', () => {
    const dropped = [...ctx.intents.values()].filter((i) => i.ref.kind === 'table' && ctx.removes(i.ref)).map((i) => i.ref.key);
    const set = new Set(dropped);
    const edges = new Map<string, { to: string; constraint: string }[]>();
    for (const key of dropped) {
      for (const c of ctx.from.constraintsOn(key)) {
        const target = c.references ? relationKey(c.references.schema, c.references.table) : null;
        if (target !== null && target !== key && set.has(target)) edges.set(key, [...(edges.get(key) ?? []), { to: target, constraint: partKey(c.schema, c.table, c.name) }]);
      }
    }
    // A foreign key is in a cycle when both its tables are in one strongly connected component.
    const component = stronglyConnected(dropped, (k) => (edges.get(k) ?? []).map((e) => e.to));
    const cyclic = new Set<string>();
    for (const [key, list] of edges) for (const e of list) if (component.get(e.to) === component.get(key)) cyclic.add(e.constraint);
    return cyclic;
  });
}

/** Tarjan's algorithm, iterative: the component number of each node. */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edges: readonly string[]; at: number }[] = [{ node: root, edges: next(root), at: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.at < frame.edges.length) {
        const to = frame.edges[frame.at++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: next(to), at: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
          onStack.delete(n);
          component.set(n, components);
          if (n === frame.node) break;
        }
        components++;
      }
    }
  }
  return component;
}

export const tablePlanner: KindPlanner<'table'> = {
  recreateReason(_ctx, _from, _to, change) {
    const props = changedProperties(change);
    if (props.has('kind') || props.has('partitionKey')) {
      return 'a table cannot become partitioned, stop being partitioned or change its partition key in place: it is dropped and created again';
    }
    return null;
  },

  consequences(ctx, intent: Intent): Consequence[] {
    const key = intent.ref.key;
    const out: Consequence[] = [];
    if (intent.fate === 'create' || intent.fate === 'recreate') {
      for (const ref of partsOf(ctx, 'to', key)) out.push({ ref, fate: 'create', reason: `part of table ${key}` });
    }
    if (intent.fate === 'drop' || intent.fate === 'recreate') {
      for (const ref of partsOf(ctx, 'from', key)) out.push({ ref, fate: 'drop', reason: `part of table ${key}`, implicit: true });
      for (const p of ctx.from.partitionsOf(key)) out.push({ ...dependent(ctx, tableRef(relationKey(p.schema, p.name)), `a partition of ${key}, which is dropped`), implicit: true });
      for (const fk of ctx.fromDeps.foreignKeysTo(key)) {
        out.push(dependent(ctx, { kind: 'constraint', key: partKey(fk.schema, fk.table, fk.name) }, `it references ${key}, which is dropped`));
      }
      const { views, routines } = ctx.fromDeps.onRelation(key);
      for (const v of views) out.push(dependent(ctx, { kind: 'view', key: relationKey(v.schema, v.name) }, `it selects from ${key}, which is dropped`));
      for (const r of routines) out.push(dependent(ctx, { kind: 'routine', key: routineKey(r) }, `it refers to ${key}, which is dropped`));
    }
    return out;
  },

  create(ctx, t, where) {
    const key = relationKey(t.schema, t.name);
    const node = tableNode(key);
    const name = qualified(t.schema, t.name);
    if (t.persistence === 'temporary') {
      ctx.addManual(where.ids, `table ${key} is temporary: a temporary table lives only in its session, no script can create it for others`);
      return;
    }
    for (const s of ctx.to.sequencesOwnedBy(key)) sequencePlanner.create(ctx, s, { ...where, recreate: false });
    const inherited = inheritedColumns(ctx, t);
    const parents = (t.partitionOf !== null ? [t.partitionOf] : t.inherits).map(tableNode);
    const main = statement(ctx, where, createSql(ctx, t, inherited), { phase: Phase.tables, node, after: parents });
    ctx.setMain(tableRef(key), main);
    for (const c of t.columns) {
      const from = inherited.get(c.name);
      if (from) {
        // Inherited as the parent has it; the table's own default, NOT NULL or comment on top.
        const predicted = { ...from, identity: c.identity, generated: c.generated, generatedStorage: c.generatedStorage, type: c.type, collation: c.collation };
        alterColumn(ctx, t, predicted, c, where, { phase: Phase.tables, inUse: false, defaultDropped: false });
      } else {
        commentIfAny(ctx, where, `COLUMN ${name}.${ident(c.name)}`, c.comment, { phase: Phase.tables, node });
      }
    }
    if (t.owner !== null) tableOwner(ctx, t, t.owner, where, Phase.tables);
    if (t.rlsEnabled) statement(ctx, where, `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`, { phase: Phase.tables, node });
    if (t.rlsForced) statement(ctx, where, `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`, { phase: Phase.tables, node });
    commentIfAny(ctx, where, `TABLE ${name}`, t.comment, { phase: Phase.tables, node });
    aclOfCreated(ctx, { objectType: 'table', schema: t.schema, object: t.name, owner: t.owner }, `TABLE ${name}`, { phase: Phase.tables, unit: where.unit, ids: where.ids, node });
    for (const child of ctx.to.inheritorsOf(key)) {
      // A table that inherited from this one before it was dropped: it inherits again.
      const childKey = relationKey(child.schema, child.name);
      if (ctx.from.get(tableRef(childKey))?.inherits.includes(key) && !ctx.builds(tableRef(childKey))) inheritance(ctx, child, key, true, where);
    }
    for (const c of ctx.to.constraintsOn(key)) constraintPlanner.create(ctx, c, { ...where, recreate: false });
    for (const i of ctx.to.indexesOn(key)) indexPlanner.create(ctx, i, { ...where, recreate: false });
    for (const tr of ctx.to.triggersOn(key)) triggerPlanner.create(ctx, tr, { ...where, recreate: false });
    for (const p of ctx.to.policiesOn(key)) policyPlanner.create(ctx, p, { ...where, recreate: false });
  },

  drop(ctx, t, where) {
    const key = relationKey(t.schema, t.name);
    const name = qualified(t.schema, t.name);
    const cyclic = cyclicForeignKeys(ctx);
    const first: string[] = [];
    for (const fk of ctx.fromDeps.foreignKeysTo(key)) {
      const fkKey = partKey(fk.schema, fk.table, fk.name);
      const referencing = relationKey(fk.schema, fk.table);
      if (referencing === key || !ctx.removes(tableRef(referencing))) continue;
      if (cyclic.has(fkKey)) {
        statement(ctx, where, `ALTER TABLE ${qualified(fk.schema, fk.table)} DROP CONSTRAINT ${ident(fk.name)}`, {
          phase: Phase.dropForeignKeys,
          node: nodeOf('constraint', fkKey),
          operation: 'alter-table',
          note: 'the tables it links are both dropped and refer to each other',
        });
      } else first.push(tableNode(referencing));
    }
    for (const child of ctx.from.inheritorsOf(key)) {
      const childKey = relationKey(child.schema, child.name);
      if (ctx.removes(tableRef(childKey))) first.push(tableNode(childKey));
      else inheritance(ctx, child, key, false, where, `it keeps its rows when ${key} is dropped`);
    }
    const main = statement(ctx, where, `DROP TABLE ${name}`, {
      phase: Phase.dropTables,
      node: tableNode(key),
      after: first,
      operation: 'alter-table',
      inUse: true,
      destructive: true,
      note: where.reason,
    });
    if (!where.recreate) ctx.setMain(tableRef(key), main);
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const key = relationKey(to.schema, to.name);
    const name = qualified(to.schema, to.name);
    const node = tableNode(key);
    const inUse = ctx.inUse(tableRef(key));
    const e = { node, inUse };
    if (props.has('persistence')) {
      if (from.persistence === 'temporary' || to.persistence === 'temporary') {
        ctx.addManual(where.ids, `table ${key}: a table cannot become or stop being temporary`);
      } else {
        statement(ctx, where, `ALTER TABLE ${name} SET ${to.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'}`, {
          ...e,
          phase: Phase.tables,
          operation: 'rewrite-table',
          note: to.persistence === 'unlogged' ? 'an UNLOGGED table is emptied after a crash and not replicated' : null,
        });
      }
    }
    if (props.has('partitionOf') || props.has('partitionBound')) {
      if (from.partitionOf !== null) {
        statement(ctx, where, `ALTER TABLE ${parentName(ctx, from.partitionOf)} DETACH PARTITION ${name}`, {
          phase: Phase.detach,
          node,
          operation: 'alter-table',
          inUse: ctx.inUse(tableRef(from.partitionOf)),
        });
      }
      if (to.partitionOf !== null) {
        statement(ctx, where, `ALTER TABLE ${parentName(ctx, to.partitionOf)} ATTACH PARTITION ${name} ${to.partitionBound ?? 'DEFAULT'}`, {
          phase: Phase.tables,
          node,
          after: [tableNode(to.partitionOf)],
          operation: 'validate',
          inUse,
          note: inUse ? 'every row is checked against the bound (a CHECK constraint matching it avoids the scan)' : null,
        });
      }
    }
    if (props.has('inherits')) {
      let same = 0;
      while (same < from.inherits.length && from.inherits[same] === to.inherits[same]) same++;
      // Parents are kept in order: from the first difference on, all are removed and added again.
      for (const p of from.inherits.slice(same)) inheritance(ctx, from, p, false, where);
      for (const p of to.inherits.slice(same)) inheritance(ctx, to, p, true, where);
    }
    if (props.has('options')) {
      const { set, reset } = optionChanges(from.options, to.options);
      const clauses = [...(set.length > 0 ? [`SET (${optionList(set)})`] : []), ...(reset.length > 0 ? [`RESET (${reset.join(', ')})`] : [])];
      if (clauses.length > 0) statement(ctx, where, `ALTER TABLE ${name} ${clauses.join(', ')}`, { ...e, phase: Phase.tables, operation: 'light' });
    }
    // Row-level security is switched on after the policies exist, and off before they go.
    if (props.has('rlsEnabled')) {
      statement(ctx, where, `ALTER TABLE ${name} ${to.rlsEnabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`, {
        ...e,
        phase: to.rlsEnabled ? Phase.policies : Phase.dropPolicies,
        operation: 'alter-table',
        note: to.rlsEnabled ? 'from now on, roles other than the owner see only the rows a policy allows' : null,
      });
    }
    if (props.has('rlsForced')) {
      statement(ctx, where, `ALTER TABLE ${name} ${to.rlsForced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`, { ...e, phase: to.rlsForced ? Phase.policies : Phase.dropPolicies, operation: 'alter-table' });
    }
    if (props.has('owner') && to.owner !== null) tableOwner(ctx, to, to.owner, where, Phase.tables);
    if (props.has('comment')) statement(ctx, where, commentSql(`TABLE ${name}`, to.comment), { ...e, phase: Phase.tables });
  },
};
