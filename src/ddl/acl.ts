import { ownerDefault } from '../compare/owner-grants.js';
import type { Grant, GrantObjectType, Routine } from '../model/snapshot.js';
import { hazardsOf } from './hazards.js';
import type { Phase } from './phases.js';
import type { DraftStatement, PlanContext } from './plan-context.js';
import { ident, qualified, role } from './quote.js';

/**
 * GRANT and REVOKE. A snapshot lists the privileges an object has beyond its owner's built-in
 * full set (see `Grant`), so building an object means starting from what CREATE gives — the
 * owner's rights, and EXECUTE to PUBLIC for a routine — and granting or revoking the difference.
 */

/**
 * How a routine is named in GRANT, ALTER, COMMENT and DROP.
 *
 * @example
 * routineName({ schema: 'app', name: 'Add', identityArguments: 'a integer', … }) // app."Add"(a integer)
 */
export function routineName(r: Routine): string {
  return `${qualified(r.schema, r.name)}(${r.identityArguments})`;
}

/**
 * The keyword a routine takes in ALTER, COMMENT and DROP.
 *
 * @example
 * routineKeyword({ kind: 'procedure', … }) // 'PROCEDURE'
 */
export function routineKeyword(r: Routine): 'FUNCTION' | 'PROCEDURE' | 'AGGREGATE' {
  return r.kind === 'procedure' ? 'PROCEDURE' : r.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION';
}

/**
 * The object a grant is on, as GRANT names it: `TABLE app.users`, `SCHEMA app`,
 * `FUNCTION app.f(a integer)`.
 *
 * @example
 * grantTarget(ctx, { objectType: 'column', schema: 'app', object: 'users', column: 'email', … }) // TABLE app.users
 */
export function grantTarget(ctx: PlanContext, g: Grant): string {
  switch (g.objectType) {
    case 'schema':
      return `SCHEMA ${ident(g.schema)}`;
    case 'table':
    case 'column':
      return `TABLE ${qualified(g.schema, g.object)}`;
    case 'sequence':
      return `SEQUENCE ${qualified(g.schema, g.object)}`;
    case 'function': {
      const r = findRoutine(ctx, g);
      if (r) return `${r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${routineName(r)}`;
      const open = g.object.indexOf('(');
      return `FUNCTION ${qualified(g.schema, g.object.slice(0, open))}${g.object.slice(open)}`;
    }
  }
}

function findRoutine(ctx: PlanContext, g: Grant): Routine | undefined {
  const same = (r: Routine): boolean => r.schema === g.schema && `${r.name}(${r.identityArguments})` === g.object;
  return [...ctx.to.all('routine')].find(same) ?? [...ctx.from.all('routine')].find(same);
}

function privilegeOf(g: Pick<Grant, 'privilege' | 'column'>): string {
  return g.column === null ? g.privilege : `${g.privilege} (${ident(g.column)})`;
}

/** @example grantSql(g, 'TABLE app.t') // GRANT SELECT ON TABLE app.t TO reporting */
export function grantSql(g: Pick<Grant, 'privilege' | 'column' | 'grantee' | 'grantable'>, target: string): string {
  return `GRANT ${privilegeOf(g)} ON ${target} TO ${role(g.grantee)}${g.grantable ? ' WITH GRANT OPTION' : ''}`;
}

/** @example revokeSql(g, 'TABLE app.t') // REVOKE SELECT ON TABLE app.t FROM reporting */
export function revokeSql(g: Pick<Grant, 'privilege' | 'column' | 'grantee'>, target: string, grantOptionOnly = false): string {
  return `REVOKE ${grantOptionOnly ? 'GRANT OPTION FOR ' : ''}${privilegeOf(g)} ON ${target} FROM ${role(g.grantee)}`;
}

type Entry = Pick<Grant, 'grantee' | 'privilege' | 'column' | 'grantable'>;
const entryKey = (e: Entry): string => `${e.grantee}\u0000${e.privilege}\u0000${e.column ?? ''}`;

/**
 * Grants and revokes that take an object just created (and given `owner`) to the privileges
 * `to` lists for it. Returns the statements, for changes they serve.
 *
 * @example
 * aclOfCreated(ctx, { objectType: 'function', schema: 'app', object: 'f(x integer)', owner: 'app' }, 'FUNCTION app.f(x integer)', where)
 * // [REVOKE EXECUTE ON FUNCTION app.f(x integer) FROM PUBLIC] when `to` lists no PUBLIC EXECUTE
 */
export function aclOfCreated(
  ctx: PlanContext,
  object: { readonly objectType: Exclude<GrantObjectType, 'column'>; readonly schema: string; readonly object: string; readonly owner: string | null },
  target: string,
  where: { readonly phase: Phase; readonly unit: string; readonly ids: readonly string[]; readonly node: string | null },
): DraftStatement[] {
  const listed = ctx.to.grantsOn(object.objectType, object.schema, object.object);
  const initial: Entry[] = [];
  if (object.owner !== null) {
    for (const privilege of ownerDefault(object.objectType, ctx.options.serverVersionNum)) initial.push({ grantee: object.owner, privilege, column: null, grantable: false });
  }
  if (object.objectType === 'function') initial.push({ grantee: 'public', privilege: 'EXECUTE', column: null, grantable: false });
  const ownerListed = listed.some((g) => g.grantee === object.owner && g.column === null);
  const desired: Entry[] = [...listed, ...(ownerListed ? [] : initial.filter((e) => e.grantee === object.owner))];
  const have = new Map(initial.map((e) => [entryKey(e), e]));
  const want = new Map(desired.map((e) => [entryKey(e), e]));
  const sqls: string[] = [];
  for (const e of initial) if (!want.has(entryKey(e))) sqls.push(revokeSql(e, target));
  for (const e of desired) {
    const before = have.get(entryKey(e));
    if (!before || (e.grantable && !before.grantable)) sqls.push(grantSql(e, target));
  }
  return sqls.map((sql) => ctx.emit({ ...where, sql, hazards: hazardsOf('create', { inUse: false }) }));
}
