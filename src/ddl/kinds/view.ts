import type { View } from '../../model/snapshot.js';
import { aclOfCreated } from '../acl.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified, role } from '../quote.js';
import { referencesIn } from '../references.js';
import { partKey, relationKey, routineKey, type ObjectRef, type SnapshotIndex } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, optionChanges, optionList, statement } from './common.js';
import { indexPlanner } from './index.js';
import { changedProperties, dependent, type Consequence, type KindPlanner } from './kind.js';
import { triggerPlanner } from './trigger.js';

/**
 * Views and materialized views. A changed definition is made by dropping the view and creating
 * it again (CREATE OR REPLACE VIEW can only append columns), and so is everything that selects
 * from it: views are created after what they read, in the order their definitions need, and
 * dropped in the opposite order.
 */

const viewRef = (v: View): ObjectRef => ({ kind: 'view', key: relationKey(v.schema, v.name) });
const keyword = (v: View): string => (v.materialized ? 'MATERIALIZED VIEW' : 'VIEW');

/**
 * Nodes of the views and relation-bound routines of `side` that a view's definition refers to.
 *
 * @example
 * viewPrerequisites(ctx, ctx.to, ' SELECT id FROM app.active_users;') // ['view:app.active_users']
 */
export function viewPrerequisites(ctx: PlanContext, side: SnapshotIndex, definition: string): string[] {
  const refs = referencesIn('view', definition);
  const deps = side === ctx.to ? ctx.toDeps : ctx.fromDeps;
  const out = [...refs.relations].filter((r) => side.relationKind(r) === 'view').map((r) => nodeOf('view', r));
  for (const f of refs.functions) {
    for (const r of side.all('routine')) if (`${r.schema}.${r.name}` === f && deps.needsRelations(r)) out.push(nodeOf('routine', routineKey(r)));
  }
  return out;
}

export const viewPlanner: KindPlanner<'view'> = {
  recreateReason(_ctx, _from, _to, change) {
    const props = changedProperties(change);
    if (props.has('materialized')) return 'a view and a materialized view are different objects: it is dropped and created as the other';
    if (props.has('definition')) return 'CREATE OR REPLACE VIEW can only add columns at the end: the view is dropped and created again';
    return null;
  },

  consequences(ctx, intent): Consequence[] {
    const key = intent.ref.key;
    const out: Consequence[] = [];
    const part = (kind: 'index' | 'trigger') => (o: { schema: string; table: string; name: string }): ObjectRef => ({ kind, key: partKey(o.schema, o.table, o.name) });
    if (intent.fate === 'create' || intent.fate === 'recreate') {
      for (const ref of [...ctx.to.indexesOn(key).map(part('index')), ...ctx.to.triggersOn(key).map(part('trigger'))]) out.push({ ref, fate: 'create', reason: `part of ${key}` });
    }
    if (intent.fate === 'drop' || intent.fate === 'recreate') {
      for (const ref of [...ctx.from.indexesOn(key).map(part('index')), ...ctx.from.triggersOn(key).map(part('trigger'))]) out.push({ ref, fate: 'drop', reason: `part of ${key}`, implicit: true });
      const { views, routines } = ctx.fromDeps.onRelation(key);
      for (const v of views) out.push(dependent(ctx, viewRef(v), `it selects from ${key}, which is dropped`));
      for (const r of routines) out.push(dependent(ctx, { kind: 'routine', key: routineKey(r) }, `it refers to ${key}, which is dropped`));
    }
    return out;
  },

  create(ctx, v, where) {
    const key = relationKey(v.schema, v.name);
    const name = qualified(v.schema, v.name);
    const node = nodeOf('view', key);
    const e = { phase: Phase.views, node };
    const definition = v.definition.trim().replace(/;$/, '');
    const withOptions = v.options.length > 0 ? ` WITH (${optionList(v.options)})` : '';
    const sql = `CREATE ${keyword(v)} ${name}${withOptions} AS\n${definition}${v.materialized ? '\nWITH DATA' : ''}`;
    ctx.setMain(viewRef(v), statement(ctx, where, sql, { ...e, after: viewPrerequisites(ctx, ctx.to, v.definition), note: v.materialized ? 'runs the query to fill it' : null }));
    if (v.owner !== null) statement(ctx, where, `ALTER ${keyword(v)} ${name} OWNER TO ${role(v.owner)}`, e);
    commentIfAny(ctx, where, `${keyword(v)} ${name}`, v.comment, e);
    for (const c of v.columnComments) commentIfAny(ctx, where, `COLUMN ${name}.${ident(c.name)}`, c.comment, e);
    aclOfCreated(ctx, { objectType: 'table', schema: v.schema, object: v.name, owner: v.owner }, `TABLE ${name}`, { ...e, unit: where.unit, ids: where.ids });
    for (const i of ctx.to.indexesOn(key)) indexPlanner.create(ctx, i, where);
    for (const t of ctx.to.triggersOn(key)) triggerPlanner.create(ctx, t, where);
  },

  drop(ctx, v, where) {
    const key = relationKey(v.schema, v.name);
    // What selects from this view goes first.
    const { views, routines } = ctx.fromDeps.onRelation(key);
    const first = [
      ...views.filter((w) => ctx.removes(viewRef(w))).map((w) => nodeOf('view', relationKey(w.schema, w.name))),
      ...routines.filter((r) => ctx.removes({ kind: 'routine', key: routineKey(r) })).map((r) => nodeOf('routine', routineKey(r))),
    ];
    dropStatement(ctx, where, viewRef(v), `DROP ${keyword(v)} ${qualified(v.schema, v.name)}`, { phase: Phase.dropViews, node: nodeOf('view', key), after: first });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const e = { phase: Phase.views, node: nodeOf('view', relationKey(to.schema, to.name)) };
    if (props.has('options')) {
      const { set, reset } = optionChanges(from.options, to.options);
      if (set.length > 0) statement(ctx, where, `ALTER ${keyword(to)} ${name} SET (${optionList(set)})`, { ...e, operation: 'light' });
      if (reset.length > 0) statement(ctx, where, `ALTER ${keyword(to)} ${name} RESET (${reset.join(', ')})`, { ...e, operation: 'light' });
    }
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER ${keyword(to)} ${name} OWNER TO ${role(to.owner)}`, e);
    if (props.has('comment')) statement(ctx, where, commentSql(`${keyword(to)} ${name}`, to.comment), e);
    if (props.has('columnComments')) {
      const before = new Map(from.columnComments.map((c) => [c.name, c.comment]));
      const after = new Map(to.columnComments.map((c) => [c.name, c.comment]));
      for (const column of new Set([...before.keys(), ...after.keys()])) {
        if ((before.get(column) ?? '') !== (after.get(column) ?? '')) statement(ctx, where, commentSql(`COLUMN ${name}.${ident(column)}`, after.get(column) ?? null), e);
      }
    }
  },
};
