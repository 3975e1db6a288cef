import { grantSql, grantTarget, revokeSql } from '../acl.js';
import { Phase } from '../phases.js';
import { statement } from './common.js';
import type { KindPlanner } from './kind.js';

/**
 * Privileges on objects that exist on both sides; an object this plan creates gets its
 * privileges with it (`acl.ts`). REVOKE is not destructive: no object or data goes.
 */
export const grantPlanner: KindPlanner<'grant'> = {
  recreateReason: () => null,

  consequences: () => [],

  create(ctx, g, where) {
    statement(ctx, where, grantSql(g, grantTarget(ctx, g)), { phase: Phase.grants });
  },

  drop(ctx, g, where) {
    statement(ctx, where, revokeSql(g, grantTarget(ctx, g)), { phase: Phase.grants });
  },

  alter(ctx, _from, to, _change, where) {
    const target = grantTarget(ctx, to);
    statement(ctx, where, to.grantable ? grantSql(to, target) : revokeSql(to, target, true), { phase: Phase.grants });
  },
};
