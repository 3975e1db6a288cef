import { canonicalFragment } from '../../compare/postgres/canonical.js';
import type { Domain, DomainCheck } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified, role } from '../quote.js';
import { referencesIn } from '../references.js';
import { relationKey, routineKey } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type Consequence, type KindPlanner, type Where } from './kind.js';
import { replaceType, replacementBlocker, replacementConsequences } from './type-replacement.js';

/**
 * Domains: default, NOT NULL and checks change in place (ALTER DOMAIN); a new base type or
 * collation replaces the domain (`type-replacement.ts`).
 */

const domainRef = (d: Domain) => ({ kind: 'domain' as const, key: relationKey(d.schema, d.name) });

/** Nodes of the types and routines a domain needs first (in the same phase). */
function prerequisites(ctx: PlanContext, d: Domain): string[] {
  const types = [...referencesIn('type', d.baseType).types];
  const functions = d.checks.flatMap((c) => [...referencesIn('constraint', c.definition).functions]);
  return [
    ...types.flatMap((t) => (ctx.to.get({ kind: 'domain', key: t }) ? [nodeOf('domain', t)] : ctx.to.get({ kind: 'composite', key: t }) ? [nodeOf('composite', t)] : [])),
    ...[...ctx.to.all('routine')].filter((r) => functions.includes(`${r.schema}.${r.name}`)).map((r) => nodeOf('routine', routineKey(r))),
  ];
}

/** True when some column of `from` is of this domain: adding a check or NOT NULL reads them all. */
function inUse(ctx: PlanContext, d: Domain): boolean {
  return ctx.fromDeps.usersOfType(`${d.schema}.${d.name}`).columnTypes.length > 0;
}

function addCheck(ctx: PlanContext, d: Domain, c: DomainCheck, where: Where, node: string, used: boolean): void {
  const name = qualified(d.schema, d.name);
  statement(ctx, where, `ALTER DOMAIN ${name} ADD CONSTRAINT ${ident(c.name)} ${c.definition}`, { phase: Phase.typesAndRoutines, node, operation: c.validated ? 'validate' : 'create', inUse: used });
  commentIfAny(ctx, where, `CONSTRAINT ${ident(c.name)} ON DOMAIN ${name}`, c.comment, { phase: Phase.typesAndRoutines, node });
}

function createDomain(ctx: PlanContext, d: Domain, where: Where): void {
  const name = qualified(d.schema, d.name);
  const node = nodeOf('domain', relationKey(d.schema, d.name));
  const parts = [`CREATE DOMAIN ${name} AS ${d.baseType}`];
  if (d.collation !== null) parts.push(`COLLATE ${d.collation}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push('NOT NULL');
  // NOT VALID is for ALTER DOMAIN only: those checks are added after.
  for (const c of d.checks.filter((c) => c.validated)) parts.push(`CONSTRAINT ${ident(c.name)} ${c.definition}`);
  ctx.setMain(domainRef(d), statement(ctx, where, parts.join(' '), { phase: Phase.typesAndRoutines, node, after: prerequisites(ctx, d) }));
  for (const c of d.checks.filter((c) => !c.validated)) addCheck(ctx, d, c, where, node, false);
  for (const c of d.checks.filter((c) => c.validated)) commentIfAny(ctx, where, `CONSTRAINT ${ident(c.name)} ON DOMAIN ${name}`, c.comment, { phase: Phase.typesAndRoutines, node });
  if (d.owner !== null) statement(ctx, where, `ALTER DOMAIN ${name} OWNER TO ${role(d.owner)}`, { phase: Phase.typesAndRoutines, node });
  commentIfAny(ctx, where, `DOMAIN ${name}`, d.comment, { phase: Phase.typesAndRoutines, node });
}

const needsReplacement = (props: Set<string>): boolean => props.has('baseType') || props.has('collation');

export const domainPlanner: KindPlanner<'domain'> = {
  recreateReason: () => null,

  consequences(ctx, intent): Consequence[] {
    const to = ctx.to.get({ kind: 'domain', key: intent.ref.key });
    if (intent.fate !== 'alter' || !to || !intent.change || !needsReplacement(changedProperties(intent.change))) return [];
    if (replacementBlocker(ctx, { kind: 'domain', schema: to.schema, name: to.name }) !== null) return [];
    return replacementConsequences(ctx, { kind: 'domain', schema: to.schema, name: to.name });
  },

  create(ctx, d, where) {
    createDomain(ctx, d, where);
  },

  drop(ctx, d, where) {
    dropStatement(ctx, where, domainRef(d), `DROP DOMAIN ${qualified(d.schema, d.name)}`, { phase: Phase.dropTypes, node: nodeOf('domain', relationKey(d.schema, d.name)) });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const node = nodeOf('domain', relationKey(to.schema, to.name));
    const e = { phase: Phase.typesAndRoutines, node };
    if (needsReplacement(props)) {
      const blocker = replacementBlocker(ctx, { kind: 'domain', schema: to.schema, name: to.name });
      if (blocker !== null) ctx.addManual(where.ids, `domain ${to.schema}.${to.name}: a new base type or collation needs a new domain, but ${blocker}`);
      else {
        replaceType(ctx, { kind: 'domain', schema: to.schema, name: to.name }, Phase.typesAndRoutines, where, { destructive: false, note: 'a domain cannot change its base type or collation: it is replaced by a new one' }, () =>
          createDomain(ctx, to, where),
        );
      }
      return;
    }
    const used = inUse(ctx, from);
    if (props.has('default')) statement(ctx, where, to.default === null ? `ALTER DOMAIN ${name} DROP DEFAULT` : `ALTER DOMAIN ${name} SET DEFAULT ${to.default}`, e);
    if (props.has('notNull')) {
      statement(ctx, where, `ALTER DOMAIN ${name} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`, { ...e, operation: to.notNull ? 'validate' : 'create', inUse: used });
    }
    if (props.has('checks')) {
      const before = new Map(from.checks.map((c) => [c.name, c]));
      const after = new Map(to.checks.map((c) => [c.name, c]));
      for (const [checkName, c] of before) {
        const next = after.get(checkName);
        const sameDefinition = next !== undefined && canonicalFragment('constraint', next.definition) === canonicalFragment('constraint', c.definition);
        if (!next || !sameDefinition || (c.validated && !next.validated)) {
          statement(ctx, where, `ALTER DOMAIN ${name} DROP CONSTRAINT ${ident(checkName)}`, { ...e, destructive: !next, note: next ? 'a check cannot change in place: it is dropped and added again' : null });
        }
      }
      for (const [checkName, c] of after) {
        const prior = before.get(checkName);
        const sameDefinition = prior !== undefined && canonicalFragment('constraint', prior.definition) === canonicalFragment('constraint', c.definition);
        if (!prior || !sameDefinition || (prior.validated && !c.validated)) addCheck(ctx, to, c, where, node, used);
        else {
          if (!prior.validated && c.validated) statement(ctx, where, `ALTER DOMAIN ${name} VALIDATE CONSTRAINT ${ident(checkName)}`, { ...e, operation: 'validate', inUse: used });
          if ((prior.comment ?? '') !== (c.comment ?? '')) statement(ctx, where, commentSql(`CONSTRAINT ${ident(checkName)} ON DOMAIN ${name}`, c.comment), e);
        }
      }
    }
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER DOMAIN ${name} OWNER TO ${role(to.owner)}`, e);
    if (props.has('comment')) statement(ctx, where, commentSql(`DOMAIN ${name}`, to.comment), e);
  },
};
