import { aclOfCreated } from '../acl.js';
import { Phase } from '../phases.js';
import { ident, role } from '../quote.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type KindPlanner } from './kind.js';

/** Schemas: CREATE SCHEMA with its owner, comment and privileges. */

export const schemaPlanner: KindPlanner<'schema'> = {
  recreateReason: () => null,

  consequences: () => [],

  create(ctx, s, where) {
    const node = nodeOf('schema', s.name);
    const e = { phase: Phase.schemas, node };
    ctx.setMain({ kind: 'schema', key: s.name }, statement(ctx, where, `CREATE SCHEMA ${ident(s.name)}`, e));
    if (s.owner !== null) statement(ctx, where, `ALTER SCHEMA ${ident(s.name)} OWNER TO ${role(s.owner)}`, e);
    commentIfAny(ctx, where, `SCHEMA ${ident(s.name)}`, s.comment, e);
    aclOfCreated(ctx, { objectType: 'schema', schema: s.name, object: s.name, owner: s.owner }, `SCHEMA ${ident(s.name)}`, { ...e, unit: where.unit, ids: where.ids });
  },

  drop(ctx, s, where) {
    dropStatement(ctx, where, { kind: 'schema', key: s.name }, `DROP SCHEMA ${ident(s.name)}`, { phase: Phase.dropSchemas, node: nodeOf('schema', s.name), note: 'fails if it still holds objects pgdrift does not model' });
  },

  alter(ctx, _from, to, change, where) {
    const props = changedProperties(change);
    const e = { phase: Phase.schemas, node: nodeOf('schema', to.name) };
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER SCHEMA ${ident(to.name)} OWNER TO ${role(to.owner)}`, e);
    if (props.has('comment')) statement(ctx, where, commentSql(`SCHEMA ${ident(to.name)}`, to.comment), e);
  },
};
