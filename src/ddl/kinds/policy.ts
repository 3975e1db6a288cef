import type { Policy } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import { ident, qualified, role } from '../quote.js';
import { partKey, relationKey } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type KindPlanner } from './kind.js';

/** Row-level security policies: CREATE POLICY, ALTER POLICY for roles and expressions, DROP + CREATE for the rest. */

const rolesSql = (roles: readonly string[]): string => roles.map(role).join(', ');
const tableRef = (p: Policy) => ({ kind: 'table' as const, key: relationKey(p.schema, p.table) });

export const policyPlanner: KindPlanner<'policy'> = {
  recreateReason(_ctx, from, to, change) {
    const props = changedProperties(change);
    if (props.has('command') || props.has('permissive')) return 'ALTER POLICY cannot change a policy\'s command or make it permissive or restrictive: it is dropped and created again';
    if ((from.using !== null && to.using === null) || (from.withCheck !== null && to.withCheck === null)) {
      return 'ALTER POLICY cannot remove a USING or WITH CHECK expression: the policy is dropped and created again';
    }
    return null;
  },

  consequences: () => [],

  create(ctx, p, where) {
    const node = nodeOf('policy', partKey(p.schema, p.table, p.name));
    const parts = [`CREATE POLICY ${ident(p.name)} ON ${qualified(p.schema, p.table)}`];
    if (!p.permissive) parts.push('AS RESTRICTIVE');
    parts.push(`FOR ${p.command.toUpperCase()}`);
    if (!(p.roles.length === 1 && p.roles[0] === 'public')) parts.push(`TO ${rolesSql(p.roles)}`);
    if (p.using !== null) parts.push(`USING (${p.using})`);
    if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
    ctx.setMain(
      { kind: 'policy', key: partKey(p.schema, p.table, p.name) },
      statement(ctx, where, parts.join(' '), { phase: Phase.policies, node, operation: 'alter-table', inUse: ctx.inUse(tableRef(p)) }),
    );
    commentIfAny(ctx, where, `POLICY ${ident(p.name)} ON ${qualified(p.schema, p.table)}`, p.comment, { phase: Phase.policies, node });
  },

  drop(ctx, p, where) {
    dropStatement(ctx, where, { kind: 'policy', key: partKey(p.schema, p.table, p.name) }, `DROP POLICY ${ident(p.name)} ON ${qualified(p.schema, p.table)}`, {
      phase: Phase.dropPolicies,
      node: nodeOf('policy', partKey(p.schema, p.table, p.name)),
      operation: 'alter-table',
      inUse: ctx.inUse(tableRef(p)),
      note: where.reason ?? (!where.recreate && ctx.from.get(tableRef(p))?.rlsEnabled ? 'the rows this policy let through are no longer visible to the roles it named' : null),
    });
  },

  alter(ctx, _from, to, change, where) {
    const props = changedProperties(change);
    const node = nodeOf('policy', partKey(to.schema, to.table, to.name));
    const target = `${ident(to.name)} ON ${qualified(to.schema, to.table)}`;
    const clauses: string[] = [];
    if (props.has('roles')) clauses.push(`TO ${rolesSql(to.roles)}`);
    if (props.has('using') && to.using !== null) clauses.push(`USING (${to.using})`);
    if (props.has('withCheck') && to.withCheck !== null) clauses.push(`WITH CHECK (${to.withCheck})`);
    if (clauses.length > 0) statement(ctx, where, `ALTER POLICY ${target} ${clauses.join(' ')}`, { phase: Phase.policies, node, operation: 'alter-table', inUse: ctx.inUse(tableRef(to)) });
    if (props.has('comment')) statement(ctx, where, commentSql(`POLICY ${target}`, to.comment), { phase: Phase.policies, node });
  },
};
