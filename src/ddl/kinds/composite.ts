import type { CompositeType } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified, role } from '../quote.js';
import { referencesIn } from '../references.js';
import { relationKey } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type KindPlanner } from './kind.js';

/**
 * Composite types. Attributes are renamed, dropped, retyped and added with ALTER TYPE when that
 * leaves them in `to`'s order (ADD ATTRIBUTE appends); otherwise an unused type is dropped and
 * created again, and a used one is left to a person.
 */

type Attribute = CompositeType['attributes'][number];
const compositeRef = (c: CompositeType) => ({ kind: 'composite' as const, key: relationKey(c.schema, c.name) });
const attributeSql = (a: Attribute): string => `${ident(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${a.collation}` : ''}`;

/**
 * ALTER TYPE actions taking one attribute list to another, or null when they cannot keep the order.
 *
 * @example
 * attributeActions([{ name: 'x', … }, { name: 'y', … }], [{ name: 'x', … }, { name: 'w', … }]) // ['RENAME ATTRIBUTE y TO w']
 */
export function attributeActions(from: readonly Attribute[], to: readonly Attribute[]): string[] | null {
  const same = (a: Attribute, b: Attribute): boolean => a.type === b.type && a.collation === b.collation;
  if (from.length === to.length && from.every((a, i) => same(a, to[i] as Attribute))) {
    const renames = from.map((a, i) => [a.name, (to[i] as Attribute).name] as const).filter(([a, b]) => a !== b);
    if (renames.every(([, b]) => !from.some((a) => a.name === b))) return renames.map(([a, b]) => `RENAME ATTRIBUTE ${ident(a)} TO ${ident(b)}`);
  }
  const toNames = new Set(to.map((a) => a.name));
  const kept = from.filter((a) => toNames.has(a.name));
  const added = to.filter((a) => !from.some((b) => b.name === a.name));
  const order = [...kept.map((a) => a.name), ...added.map((a) => a.name)];
  if (order.some((n, i) => n !== (to[i] as Attribute).name)) return null;
  return [
    ...from.filter((a) => !toNames.has(a.name)).map((a) => `DROP ATTRIBUTE ${ident(a.name)}`),
    ...kept.flatMap((a) => {
      const b = to.find((x) => x.name === a.name) as Attribute;
      return same(a, b) ? [] : [`ALTER ATTRIBUTE ${ident(a.name)} TYPE ${b.type}${b.collation !== null ? ` COLLATE ${b.collation}` : ''}`];
    }),
    ...added.map((a) => `ADD ATTRIBUTE ${attributeSql(a)}`),
  ];
}

function used(ctx: PlanContext, c: CompositeType): boolean {
  const users = ctx.fromDeps.usersOfType(`${c.schema}.${c.name}`);
  return users.columnTypes.length + users.routines.length + users.types.length + users.views.length > 0;
}

function createComposite(ctx: PlanContext, c: CompositeType, where: { unit: string; ids: readonly string[] }): void {
  const name = qualified(c.schema, c.name);
  const node = nodeOf('composite', relationKey(c.schema, c.name));
  const after = c.attributes
    .flatMap((a) => [...referencesIn('type', a.type).types])
    .flatMap((t) => (ctx.to.get({ kind: 'domain', key: t }) ? [nodeOf('domain', t)] : ctx.to.get({ kind: 'composite', key: t }) ? [nodeOf('composite', t)] : []));
  ctx.setMain(compositeRef(c), statement(ctx, where, `CREATE TYPE ${name} AS (${c.attributes.map(attributeSql).join(', ')})`, { phase: Phase.typesAndRoutines, node, after }));
  if (c.owner !== null) statement(ctx, where, `ALTER TYPE ${name} OWNER TO ${role(c.owner)}`, { phase: Phase.typesAndRoutines, node });
  commentIfAny(ctx, where, `TYPE ${name}`, c.comment, { phase: Phase.typesAndRoutines, node });
}

export const compositePlanner: KindPlanner<'composite'> = {
  recreateReason(ctx, from, to, change) {
    if (!changedProperties(change).has('attributes') || attributeActions(from.attributes, to.attributes) !== null || used(ctx, from)) return null;
    return 'ALTER TYPE cannot put the attributes in this order: the (unused) type is dropped and created again';
  },

  consequences: () => [],

  create(ctx, c, where) {
    createComposite(ctx, c, where);
  },

  drop(ctx, c, where) {
    dropStatement(ctx, where, compositeRef(c), `DROP TYPE ${qualified(c.schema, c.name)}`, { phase: Phase.dropTypes, node: nodeOf('composite', relationKey(c.schema, c.name)) });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const e = { phase: Phase.typesAndRoutines, node: nodeOf('composite', relationKey(to.schema, to.name)) };
    if (props.has('attributes')) {
      const actions = attributeActions(from.attributes, to.attributes);
      if (actions === null) ctx.addManual(where.ids, `composite type ${to.schema}.${to.name}: ALTER TYPE cannot put its attributes in this order, and it is in use`);
      else if (actions.length > 0) statement(ctx, where, `ALTER TYPE ${name} ${actions.join(', ')}`, { ...e, destructive: actions.some((a) => a.startsWith('DROP')) });
    }
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER TYPE ${name} OWNER TO ${role(to.owner)}`, e);
    if (props.has('comment')) statement(ctx, where, commentSql(`TYPE ${name}`, to.comment), e);
  },
};
