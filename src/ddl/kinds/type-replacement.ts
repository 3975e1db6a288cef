import type { Column, Table } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified, withSuffix } from '../quote.js';
import { partKey, relationKey, routineKey } from '../snapshot-index.js';
import { nodeOf, statement } from './common.js';
import { dependent, type Consequence, type Where } from './kind.js';

/**
 * Replacing an enum or a domain that ALTER cannot change (labels removed or reordered, a new
 * base type): the old type is renamed out of the way, the new one created under the name, every
 * column of the old type converted to the new one, and the old type dropped at the very end.
 * Views, constraints, indexes, policies and triggers that use those columns or name the type
 * are dropped before and created again after. A routine, domain or composite type built on the
 * type would have to be re-created with it: then the change is left to a person.
 */

export interface Replaced {
  readonly kind: 'enum' | 'domain';
  readonly schema: string;
  readonly name: string;
}

const typeName = (t: Replaced): string => `${t.schema}.${t.name}`;

/** Columns of the type (or an array of it) that keep it in `to`; others change type on their own. */
function convertedColumns(ctx: PlanContext, t: Replaced): { table: Table; from: Column; to: Column }[] {
  const out: { table: Table; from: Column; to: Column }[] = [];
  for (const use of ctx.fromDeps.usersOfType(typeName(t)).columnTypes) {
    const tableRef = { kind: 'table' as const, key: use.table };
    const table = ctx.from.get(tableRef);
    const toTable = ctx.to.get(tableRef);
    const from = table?.columns.find((c) => c.name === use.column);
    const to = toTable?.columns.find((c) => c.name === use.column);
    if (!table || !toTable || !from || !to || ctx.removes(tableRef) || from.type !== to.type) continue;
    out.push({ table: toTable, from, to });
  }
  return out;
}

/**
 * Why the type cannot be replaced this way (objects built on it), or null.
 *
 * @example
 * replacementBlocker(ctx, { kind: 'enum', schema: 'app', name: 'mood' }) // 'function app.f(m app.mood) uses it'
 */
export function replacementBlocker(ctx: PlanContext, t: Replaced): string | null {
  const users = ctx.fromDeps.usersOfType(typeName(t));
  const blockers = [
    ...users.routines.map((r) => `function ${r.schema}.${r.name}(${r.identityArguments})`),
    ...users.types.filter((k) => k !== relationKey(t.schema, t.name)).map((k) => `type ${k}`),
  ];
  return blockers.length > 0 ? `${blockers.join(', ')} ${blockers.length === 1 ? 'uses' : 'use'} ${t.kind} ${typeName(t)}, and would have to be re-created with it` : null;
}

/**
 * What must be dropped before and created again after the columns change type.
 *
 * @example
 * replacementConsequences(ctx, { kind: 'enum', schema: 'app', name: 'mood' }) // the views on tables with mood columns, …
 */
export function replacementConsequences(ctx: PlanContext, t: Replaced): Consequence[] {
  const why = `it uses ${t.kind} ${typeName(t)}, which is replaced`;
  const users = ctx.fromDeps.usersOfType(typeName(t));
  const out: Consequence[] = [];
  const tables = new Set(convertedColumns(ctx, t).map((c) => relationKey(c.table.schema, c.table.name)));
  for (const key of tables) {
    for (const v of ctx.fromDeps.onRelation(key).views) out.push(dependent(ctx, { kind: 'view', key: relationKey(v.schema, v.name) }, why));
    for (const r of ctx.fromDeps.onRelation(key).routines) out.push(dependent(ctx, { kind: 'routine', key: routineKey(r) }, why));
  }
  for (const v of users.views) out.push(dependent(ctx, { kind: 'view', key: relationKey(v.schema, v.name) }, why));
  for (const c of users.constraints) out.push(dependent(ctx, { kind: 'constraint', key: partKey(c.schema, c.table, c.name) }, why));
  for (const i of users.indexes) if (i.constraint === null) out.push(dependent(ctx, { kind: 'index', key: partKey(i.schema, i.table, i.name) }, why));
  for (const p of users.policies) out.push(dependent(ctx, { kind: 'policy', key: partKey(p.schema, p.table, p.name) }, why));
  for (const tr of users.triggers) out.push(dependent(ctx, { kind: 'trigger', key: partKey(tr.schema, tr.table, tr.name) }, why));
  return out;
}

/**
 * Emits the replacement. `create` emits the new type's CREATE (and owner, comment) in `phase`.
 *
 * @example
 * replaceType(ctx, { kind: 'enum', schema: 'app', name: 'mood' }, Phase.enums, where, { destructive: true }, () => createEnum(…))
 */
export function replaceType(ctx: PlanContext, t: Replaced, phase: Phase, where: Where, options: { readonly destructive: boolean; readonly note: string }, create: () => void): void {
  const node = nodeOf(t.kind, relationKey(t.schema, t.name));
  const old = withSuffix(t.name, '__pgdrift_old');
  const keyword = t.kind === 'enum' ? 'TYPE' : 'DOMAIN';
  statement(ctx, where, `ALTER ${keyword} ${qualified(t.schema, t.name)} RENAME TO ${ident(old)}`, { phase, node, note: options.note });
  create();
  const type = qualified(t.schema, t.name);
  for (const { table, from, to } of convertedColumns(ctx, t)) {
    const col = ident(to.name);
    const array = to.type.endsWith('[]');
    const via = t.kind === 'enum' ? `::text${array ? '[]' : ''}` : '';
    const sub = [
      ...(from.default !== null ? [`ALTER COLUMN ${col} DROP DEFAULT`] : []),
      `ALTER COLUMN ${col} TYPE ${to.type} USING ${col}${via}::${to.type}`,
      ...(to.default !== null ? [`ALTER COLUMN ${col} SET DEFAULT ${to.default}`] : []),
    ];
    statement(ctx, where, `ALTER TABLE ${qualified(table.schema, table.name)} ${sub.join(', ')}`, {
      phase,
      node,
      operation: 'rewrite-table',
      inUse: ctx.inUse({ kind: 'table', key: relationKey(table.schema, table.name) }),
      destructive: options.destructive,
      note: options.destructive ? `rows holding a value ${type} no longer has make it fail` : null,
    });
  }
  statement(ctx, where, `DROP ${keyword} ${qualified(t.schema, old)}`, { phase: Phase.cleanup, node });
}
