import { parseOrNull } from '../../compare/postgres/parser.js';
import { wrap } from '../../compare/postgres/wrappers.js';
import type { Routine } from '../../model/snapshot.js';
import { aclOfCreated, routineKeyword, routineName } from '../acl.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { dollarQuote, ident, literal, role } from '../quote.js';
import { partKey, relationKey, routineKey, type ObjectRef } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, dependent, type Consequence, type KindPlanner, type Where } from './kind.js';

/**
 * Functions and procedures, written from the model's fields: arguments, result, language,
 * attributes, settings and body (a SQL-standard body as it is, any other dollar-quoted).
 * A routine that only needs types is created before tables; one whose signature or
 * SQL-standard body needs tables and views comes after them (`Dependencies.needsRelations`).
 */

const routineRef = (r: Routine): ObjectRef => ({ kind: 'routine', key: routineKey(r) });
const STANDARD_BODY = /^\s*(RETURN\b|BEGIN\s+ATOMIC\b)/i;

/** Settings whose value is a list PostgreSQL stores already quoted (`search_path=app, "My Schema"`). */
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'local_preload_libraries', 'shared_preload_libraries', 'unix_socket_directories']);

function settingSql(entry: string): string {
  const eq = entry.indexOf('=');
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  return `SET ${name} = ${LIST_SETTINGS.has(name.toLowerCase()) ? value : literal(value)}`;
}

const settingName = (entry: string): string => entry.slice(0, entry.indexOf('='));

/** Why no statement can make this routine, or null. */
function unsupported(r: Routine): string | null {
  if (r.kind === 'aggregate') return `aggregate ${r.schema}.${r.name}(${r.identityArguments}): its definition (state function, state type…) is not in the model`;
  if (r.language === 'c') return `function ${r.schema}.${r.name}(${r.identityArguments}) is written in C: the shared library it loads is not in the model`;
  if (r.kind === 'window') return `window function ${r.schema}.${r.name}(${r.identityArguments}): only C code can implement one`;
  return null;
}

function attributes(r: Routine): string[] {
  const out: string[] = [];
  if (r.kind !== 'procedure') {
    if (r.volatility !== 'volatile') out.push(r.volatility.toUpperCase());
    if (r.strict) out.push('STRICT');
    if (r.leakproof) out.push('LEAKPROOF');
    if (r.parallel !== 'unsafe') out.push(`PARALLEL ${r.parallel.toUpperCase()}`);
  }
  if (r.securityDefiner) out.push('SECURITY DEFINER');
  return out;
}

/**
 * The CREATE [OR REPLACE] FUNCTION / PROCEDURE statement for a routine.
 *
 * @example
 * routineSql(f, false)
 * // CREATE FUNCTION app.add(a integer, b integer) RETURNS integer
 * //     LANGUAGE sql IMMUTABLE
 * // AS $$SELECT a + b$$
 */
export function routineSql(r: Routine, replace: boolean): string {
  const head = `CREATE ${replace ? 'OR REPLACE ' : ''}${r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${routineName(r).replace(/\(.*\)$/s, '')}(${r.arguments})${r.returns !== null ? ` RETURNS ${r.returns}` : ''}`;
  const lines = [head, `    LANGUAGE ${ident(r.language)}${attributes(r).map((a) => ` ${a}`).join('')}`];
  for (const c of r.config) lines.push(`    ${settingSql(c)}`);
  lines.push(r.language === 'sql' && STANDARD_BODY.test(r.body) ? r.body.trim() : `AS ${dollarQuote(r.body)}`);
  return lines.join('\n');
}

/** Parameters without defaults: a routine keeps its identity when only defaults are added or changed. */
function parameterShapes(args: string): { names: string; defaults: number } | null {
  const tree = parseOrNull(wrap('function arguments', args)) as { stmts?: { stmt?: { CreateFunctionStmt?: { parameters?: { FunctionParameter?: Record<string, unknown> }[] } } }[] } | null;
  const params = tree?.stmts?.[0]?.stmt?.CreateFunctionStmt?.parameters;
  if (!params) return null;
  const shapes = params.map((p) => {
    const { defexpr, location: _location, ...rest } = p.FunctionParameter ?? {};
    return { rest: JSON.stringify(rest, (k, v) => (k === 'location' ? undefined : v)), hasDefault: defexpr !== undefined };
  });
  return { names: shapes.map((s) => s.rest).join('|'), defaults: shapes.filter((s) => s.hasDefault).length };
}

function phaseOf(ctx: PlanContext, r: Routine, side: 'from' | 'to'): { phase: Phase; after: string[] } {
  const deps = side === 'to' ? ctx.toDeps : ctx.fromDeps;
  const index = side === 'to' ? ctx.to : ctx.from;
  const refs = deps.routineReferences(r);
  const late = deps.needsRelations(r);
  const after: string[] = [];
  for (const t of refs.types) {
    if (index.get({ kind: 'domain', key: t })) after.push(nodeOf('domain', t));
    if (index.get({ kind: 'composite', key: t })) after.push(nodeOf('composite', t));
    if (late && index.relationKind(t) === 'view') after.push(nodeOf('view', t));
  }
  if (late) for (const rel of refs.relations) if (index.relationKind(rel) === 'view') after.push(nodeOf('view', rel));
  if (side === 'to') return { phase: late ? Phase.views : Phase.typesAndRoutines, after };
  return { phase: late ? Phase.dropViews : Phase.dropRoutines, after: [] };
}

function ownerAndComment(ctx: PlanContext, r: Routine, where: Where, phase: Phase, node: string): void {
  const name = `${routineKeyword(r)} ${routineName(r)}`;
  if (r.owner !== null) statement(ctx, where, `ALTER ${name} OWNER TO ${role(r.owner)}`, { phase, node });
  commentIfAny(ctx, where, name, r.comment, { phase, node });
}

export const routinePlanner: KindPlanner<'routine'> = {
  recreateReason(_ctx, from, to, change) {
    const props = changedProperties(change);
    if (props.has('kind')) return 'a function and a procedure are different objects: it is dropped and created as the other';
    if (props.has('returns')) return 'CREATE OR REPLACE cannot change a routine\'s result type: it is dropped and created again';
    if (props.has('arguments')) {
      const a = parameterShapes(from.arguments);
      const b = parameterShapes(to.arguments);
      if (a === null || b === null || a.names !== b.names || b.defaults < a.defaults) {
        return 'CREATE OR REPLACE cannot rename parameters or remove their defaults: the routine is dropped and created again';
      }
    }
    return null;
  },

  consequences(ctx, intent): Consequence[] {
    if (intent.fate !== 'drop' && intent.fate !== 'recreate') return [];
    const r = ctx.from.get({ kind: 'routine', key: intent.ref.key });
    if (!r) return [];
    const name = `${r.schema}.${r.name}`;
    const why = `it calls ${name}, which is dropped`;
    const callers = ctx.fromDeps.callersOf(name);
    const out: Consequence[] = [
      ...callers.views.map((v) => dependent(ctx, { kind: 'view', key: relationKey(v.schema, v.name) }, why)),
      ...callers.routines.filter((o) => routineKey(o) !== intent.ref.key).map((o) => dependent(ctx, routineRef(o), why)),
      ...callers.constraints.map((c) => dependent(ctx, { kind: 'constraint', key: partKey(c.schema, c.table, c.name) }, why)),
      ...callers.indexes.map((i) => dependent(ctx, { kind: 'index', key: partKey(i.schema, i.table, i.name) }, why)),
      ...callers.policies.map((p) => dependent(ctx, { kind: 'policy', key: partKey(p.schema, p.table, p.name) }, why)),
      ...ctx.from.snapshot.triggers.filter((t) => t.function === name).map((t) => dependent(ctx, { kind: 'trigger', key: partKey(t.schema, t.table, t.name) }, `it executes ${name}, which is dropped`)),
    ];
    for (const c of callers.columns) ctx.resetDefault(c, intent.unit, intent.ids);
    return out;
  },

  create(ctx, r, where) {
    const reason = unsupported(r);
    if (reason !== null) {
      ctx.addManual(where.ids, reason);
      return;
    }
    const node = nodeOf('routine', routineKey(r));
    const { phase, after } = phaseOf(ctx, r, 'to');
    ctx.setMain(routineRef(r), statement(ctx, where, routineSql(r, false), { phase, node, after }));
    ownerAndComment(ctx, r, where, phase, node);
    aclOfCreated(ctx, { objectType: 'function', schema: r.schema, object: `${r.name}(${r.identityArguments})`, owner: r.owner }, `${r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${routineName(r)}`, {
      phase,
      node,
      unit: where.unit,
      ids: where.ids,
    });
  },

  drop(ctx, r, where) {
    const key = routineKey(r);
    const { phase } = phaseOf(ctx, r, 'from');
    // What calls it and is dropped too goes first (it matters for routines dropped with the views).
    const callers = ctx.fromDeps.callersOf(`${r.schema}.${r.name}`);
    const first = [
      ...callers.views.filter((v) => ctx.removes({ kind: 'view', key: relationKey(v.schema, v.name) })).map((v) => nodeOf('view', relationKey(v.schema, v.name))),
      ...callers.routines.filter((o) => routineKey(o) !== key && ctx.removes(routineRef(o))).map((o) => nodeOf('routine', routineKey(o))),
    ];
    dropStatement(ctx, where, routineRef(r), `DROP ${routineKeyword(r)} ${routineName(r)}`, { phase, node: nodeOf('routine', key), after: first });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const node = nodeOf('routine', routineKey(to));
    const { phase } = phaseOf(ctx, to, 'to');
    const name = `${routineKeyword(to)} ${routineName(to)}`;
    const inPlace = new Set(['volatility', 'strict', 'securityDefiner', 'leakproof', 'parallel', 'config', 'owner', 'comment']);
    if (to.kind === 'aggregate' && [...props].some((p) => p !== 'owner' && p !== 'comment')) {
      ctx.addManual(where.ids, `aggregate ${to.schema}.${to.name}(${to.identityArguments}): its definition is not in the model`);
    } else if ([...props].some((p) => !inPlace.has(p))) {
      const reason = unsupported(to);
      if (reason !== null) ctx.addManual(where.ids, reason);
      else statement(ctx, where, routineSql(to, true), { phase, node });
    } else {
      const actions: string[] = [];
      if (props.has('volatility')) actions.push(to.volatility.toUpperCase());
      if (props.has('strict')) actions.push(to.strict ? 'STRICT' : 'CALLED ON NULL INPUT');
      if (props.has('securityDefiner')) actions.push(to.securityDefiner ? 'SECURITY DEFINER' : 'SECURITY INVOKER');
      if (props.has('leakproof')) actions.push(to.leakproof ? 'LEAKPROOF' : 'NOT LEAKPROOF');
      if (props.has('parallel')) actions.push(`PARALLEL ${to.parallel.toUpperCase()}`);
      if (props.has('config')) {
        for (const c of to.config) if (!from.config.includes(c)) actions.push(settingSql(c));
        const kept = new Set(to.config.map(settingName));
        for (const c of from.config) if (!kept.has(settingName(c))) actions.push(`RESET ${settingName(c)}`);
      }
      if (actions.length > 0) {
        statement(ctx, where, `ALTER ${name} ${actions.join(' ')}`, {
          phase,
          node,
          note: props.has('securityDefiner') && to.securityDefiner ? 'runs with its owner\'s privileges: set search_path on it' : null,
        });
      }
    }
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER ${name} OWNER TO ${role(to.owner)}`, { phase, node });
    if (props.has('comment')) statement(ctx, where, commentSql(name, to.comment), { phase, node });
  },
};
