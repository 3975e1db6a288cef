import { canonicalFragment } from '../../compare/postgres/canonical.js';
import type { Column, Identity, SequenceOptions, Table } from '../../model/snapshot.js';
import { hazardsOf, type Operation } from '../hazards.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified } from '../quote.js';
import { referencesIn } from '../references.js';
import { HAZARDS, type Hazard } from '../statement.js';
import { typeChange, type TypeFacts } from '../type-change.js';
import { columnKey, partKey, relationKey, routineKey, splitColumnKey } from '../snapshot-index.js';
import { commentSql, nodeOf, statement } from './common.js';
import { changedProperties, dependent, type Consequence, type KindPlanner, type Where } from './kind.js';

/**
 * Columns: their definitions in CREATE TABLE and ADD COLUMN, and ALTER COLUMN for each property
 * that differs. One column change is one ALTER TABLE statement (its subcommands run in one
 * pass, one rewrite at most), with the comment apart.
 */

/** Ascending-sequence defaults of each integer type, which CREATE/ALTER leave unsaid. */
const TYPE_MAX: Readonly<Record<string, string>> = { smallint: '32767', integer: '2147483647', bigint: '9223372036854775807' };
const TYPE_MIN: Readonly<Record<string, string>> = { smallint: '-32768', integer: '-2147483648', bigint: '-9223372036854775808' };

/**
 * Sequence options that differ from what PostgreSQL would choose for that type and direction,
 * as CREATE SEQUENCE / identity clauses spell them.
 *
 * @example
 * sequenceOptions({ type: 'bigint', start: '100', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false })
 * // ['START WITH 100']
 */
export function sequenceOptions(s: SequenceOptions, withType: boolean): string[] {
  const ascending = !s.increment.startsWith('-');
  const min = ascending ? '1' : (TYPE_MIN[s.type] ?? null);
  const max = ascending ? (TYPE_MAX[s.type] ?? null) : '-1';
  const start = ascending ? s.min : s.max;
  const out: string[] = [];
  if (withType && s.type !== 'bigint') out.push(`AS ${s.type}`);
  if (s.increment !== '1') out.push(`INCREMENT BY ${s.increment}`);
  if (s.min !== min) out.push(`MINVALUE ${s.min}`);
  if (s.max !== max) out.push(`MAXVALUE ${s.max}`);
  if (s.start !== start) out.push(`START WITH ${s.start}`);
  if (s.cache !== '1') out.push(`CACHE ${s.cache}`);
  if (s.cycle) out.push('CYCLE');
  return out;
}

function identityClause(identity: Identity): string {
  const options = sequenceOptions(identity.sequence, false);
  return `GENERATED ${identity.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options.length > 0 ? ` (${options.join(' ')})` : ''}`;
}

/**
 * A column as CREATE TABLE and ADD COLUMN declare it.
 *
 * @example
 * columnDefinition({ name: 'Email', type: 'text', collation: '"C"', notNull: true, default: null, … })
 * // "Email" text COLLATE "C" NOT NULL
 */
export function columnDefinition(c: Column): string {
  const parts = [ident(c.name), c.type];
  if (c.collation !== null) parts.push(`COLLATE ${c.collation}`);
  if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) ${c.generatedStorage === 'virtual' ? 'VIRTUAL' : 'STORED'}`);
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.notNull) parts.push('NOT NULL');
  if (c.identity !== null) parts.push(identityClause(c.identity));
  return parts.join(' ');
}

/**
 * True when a default's value changes row by row, so ADD COLUMN computes it for every existing
 * row (a rewrite) instead of storing it once: the built-in volatile functions defaults use, or
 * a user function that is volatile (or unknown).
 */
function volatileDefault(ctx: PlanContext, expression: string | null): boolean {
  if (expression === null) return false;
  if (/\b(nextval|random|random_normal|gen_random_uuid|uuidv[47]|clock_timestamp|timeofday|uuid_generate_v\w+)\s*\(/i.test(expression)) return true;
  return [...referencesIn('expression', expression).functions].some((name) => {
    const routines = [...ctx.to.all('routine')].filter((r) => `${r.schema}.${r.name}` === name);
    return routines.length === 0 || routines.some((r) => r.volatility === 'volatile');
  });
}

const tableNodeOf = (table: Table): string => nodeOf('table', relationKey(table.schema, table.name));

function alterTable(table: Table): string {
  return `ALTER TABLE ${qualified(table.schema, table.name)}`;
}

/**
 * ADD COLUMN on a table that exists.
 *
 * @example
 * addColumn(ctx, table, { name: 'b', type: 'integer', … }, where) // ALTER TABLE app.t ADD COLUMN b integer
 */
export function addColumn(ctx: PlanContext, table: Table, c: Column, where: Where, note: string | null = null): void {
  const inUse = ctx.inUse({ kind: 'table', key: `${table.schema}.${table.name}` });
  const rewrites = c.identity !== null || c.generatedStorage === 'stored' || volatileDefault(ctx, c.default);
  const notes = [note];
  if (inUse && c.notNull && c.default === null && c.identity === null && c.generated === null) {
    notes.push('fails if the table has rows: add it nullable, fill it, then SET NOT NULL');
  }
  if (inUse && rewrites) notes.push('every existing row gets a value computed for it: the table is rewritten');
  statement(ctx, where, `${alterTable(table)} ADD COLUMN ${columnDefinition(c)}`, {
    phase: Phase.columns,
    node: tableNodeOf(table),
    operation: rewrites ? 'rewrite-table' : 'alter-table',
    inUse,
    note: joinNotes(notes),
  });
  if (c.comment !== null && c.comment !== '') {
    statement(ctx, where, commentSql(`COLUMN ${qualified(table.schema, table.name)}.${ident(c.name)}`, c.comment), { phase: Phase.columns, node: tableNodeOf(table) });
  }
}

/**
 * DROP COLUMN; `destructive` unless the column is added back in the same plan with what it held.
 *
 * @example
 * dropColumn(ctx, table, column, where, { destructive: true, note: null }) // ALTER TABLE app.t DROP COLUMN a
 */
export function dropColumn(ctx: PlanContext, table: Table, c: Column, where: Where, options: { destructive: boolean; note: string | null; phase?: Phase }): void {
  statement(ctx, where, `${alterTable(table)} DROP COLUMN ${ident(c.name)}`, {
    phase: options.phase ?? Phase.dropColumns,
    node: tableNodeOf(table),
    operation: 'alter-table',
    inUse: ctx.inUse({ kind: 'table', key: `${table.schema}.${table.name}` }),
    destructive: options.destructive,
    note: options.note,
  });
}

/**
 * Why a column change cannot be made with ALTER COLUMN (the column is dropped and added back), or null.
 *
 * @example
 * columnRecreateReason(ctx, plainColumn, generatedColumn) // 'a plain column cannot become generated: …'
 */
export function columnRecreateReason(ctx: PlanContext, from: Column, to: Column): string | null {
  if (from.generated === null && to.generated !== null) return 'a plain column cannot become generated: it is dropped and added back (its values are computed anew)';
  if (from.generatedStorage !== to.generatedStorage && from.generated !== null && to.generated !== null) {
    return 'a generated column cannot switch between STORED and VIRTUAL in place: it is dropped and added back';
  }
  if (from.generated !== null && to.generated === null && from.generatedStorage === 'virtual') return 'a VIRTUAL generated column cannot drop its expression in place: it is dropped and added back';
  if (from.generated !== null && to.generated !== null && !sameExpression(from.generated, to.generated) && !ctx.atLeast(170000)) {
    return 'changing a generation expression in place (SET EXPRESSION) needs PostgreSQL 17: the column is dropped and added back';
  }
  return null;
}

function sameExpression(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && canonicalFragment('expression', a) === canonicalFragment('expression', b));
}

/** Where an ALTER COLUMN goes and what it must do beyond what differs. */
export interface AlterColumnOptions {
  readonly phase: Phase;
  readonly inUse: boolean;
  /** The column's default was dropped earlier in the plan (it refers to something that goes): set it again. */
  readonly defaultDropped: boolean;
}

/**
 * ALTER COLUMN subcommands taking one column from `from` to `to`, as one statement, plus its
 * comment. Properties compare as `compare()` compares them (defaults through the parser).
 *
 * @example
 * alterColumn(ctx, table, { type: 'text', notNull: false, … }, { type: 'character varying(5)', notNull: true, … }, where, options)
 * // ALTER TABLE app.t ALTER COLUMN a TYPE character varying(5), ALTER COLUMN a SET NOT NULL
 */
export function alterColumn(ctx: PlanContext, table: Table, from: Column, to: Column, where: Where, options: AlterColumnOptions): void {
  const col = ident(to.name);
  const sub: string[] = [];
  const ops: Operation[] = [];
  const notes: (string | null)[] = [];
  let destructive = false;
  let defaultGone = options.defaultDropped;
  const typeDiffers = from.type !== to.type || from.collation !== to.collation;

  const node = tableNodeOf(table);
  if (from.identity !== null && to.identity === null) {
    // Early, with the drops: its sequence goes with it, and a serial's sequence of the same
    // name may be created next.
    statement(ctx, where, `${alterTable(table)} ALTER COLUMN ${col} DROP IDENTITY`, { phase: Phase.detach, node, operation: 'alter-table', inUse: options.inUse });
  }
  if (from.generated !== null && to.generated === null) {
    sub.push(`ALTER COLUMN ${col} DROP EXPRESSION`);
    ops.push('alter-table');
  }
  if (typeDiffers) {
    if (from.default !== null && !defaultGone) {
      // The old default may not convert to the new type (a text default to an enum): it goes first.
      sub.push(`ALTER COLUMN ${col} DROP DEFAULT`);
      defaultGone = true;
    }
    const change = typeChange(col, from.type, to.type, typeFacts(ctx));
    const collate = to.collation !== null ? ` COLLATE ${to.collation}` : from.collation !== null ? ' COLLATE pg_catalog."default"' : '';
    sub.push(`ALTER COLUMN ${col} TYPE ${to.type}${collate}${change.using !== null ? ` USING ${change.using}` : ''}`);
    ops.push(change.rewrites ? 'rewrite-table' : 'alter-table');
    destructive = !change.lossless;
    if (!change.lossless) notes.push(`converting ${from.type} to ${to.type} can lose information`);
    else if (change.using !== null) notes.push(`converted with USING ${change.using}`);
    if (from.type === to.type) notes.push('a new collation: indexes on the column are rebuilt');
  }
  const defaultDiffers = !sameExpression(from.default, to.default);
  if (to.default !== null && (defaultDiffers || defaultGone)) {
    sub.push(`ALTER COLUMN ${col} SET DEFAULT ${to.default}`);
    ops.push('alter-table');
  } else if (to.default === null && from.default !== null && !defaultGone && to.identity === null && to.generated === null) {
    sub.push(`ALTER COLUMN ${col} DROP DEFAULT`);
    ops.push('alter-table');
  }
  if (to.notNull && !from.notNull) {
    sub.push(`ALTER COLUMN ${col} SET NOT NULL`);
    ops.push('check-rows');
    if (options.inUse) notes.push(`every row is checked under ACCESS EXCLUSIVE: on a large table, add CHECK (${col} IS NOT NULL) NOT VALID and validate it first, and SET NOT NULL skips the scan`);
  } else if (!to.notNull && from.notNull && to.identity === null) {
    sub.push(`ALTER COLUMN ${col} DROP NOT NULL`);
    ops.push('alter-table');
  }
  if (from.identity !== null && to.identity !== null) {
    if (from.identity.generation !== to.identity.generation) sub.push(`ALTER COLUMN ${col} SET GENERATED ${to.identity.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
    for (const option of identityOptionChanges(from.identity.sequence, to.identity.sequence)) sub.push(`ALTER COLUMN ${col} SET ${option}`);
    ops.push('alter-table');
  }
  if (from.generated !== null && to.generated !== null && !sameExpression(from.generated, to.generated)) {
    sub.push(`ALTER COLUMN ${col} SET EXPRESSION AS (${to.generated})`);
    ops.push(to.generatedStorage === 'stored' ? 'rewrite-table' : 'alter-table');
  }
  const hazards = mergeHazards(ops.map((op) => hazardsOf(op, { inUse: options.inUse })), destructive);
  if (sub.length > 0) {
    ctx.emit({ phase: options.phase, unit: where.unit, ids: where.ids, node, hazards, note: joinNotes(notes), sql: `${alterTable(table)} ${sub.join(', ')}` });
  }
  if (from.identity === null && to.identity !== null) {
    // A separate statement: the column must be NOT NULL and without a default by the time identity is added.
    const prep = [...(from.default !== null && !defaultGone ? [`ALTER COLUMN ${col} DROP DEFAULT`] : [])];
    statement(ctx, where, `${alterTable(table)} ${[...prep, `ALTER COLUMN ${col} ADD ${identityClause(to.identity)}`].join(', ')}`, {
      phase: options.phase,
      node,
      operation: 'alter-table',
      inUse: options.inUse,
    });
  }
  if ((from.comment ?? '') !== (to.comment ?? '')) {
    statement(ctx, where, commentSql(`COLUMN ${qualified(table.schema, table.name)}.${col}`, to.comment), { phase: options.phase, node });
  }
}

function identityOptionChanges(from: SequenceOptions, to: SequenceOptions): string[] {
  const out: string[] = [];
  if (from.increment !== to.increment) out.push(`INCREMENT BY ${to.increment}`);
  if (from.min !== to.min) out.push(`MINVALUE ${to.min}`);
  if (from.max !== to.max) out.push(`MAXVALUE ${to.max}`);
  if (from.start !== to.start) out.push(`START WITH ${to.start}`);
  if (from.cache !== to.cache) out.push(`CACHE ${to.cache}`);
  if (from.cycle !== to.cycle) out.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
  return out;
}

/**
 * The union of several statements' hazards in the canonical order.
 *
 * @example
 * mergeHazards([['access-exclusive-lock'], ['rewrites-table', 'access-exclusive-lock']], false) // ['rewrites-table', 'access-exclusive-lock']
 */
export function mergeHazards(lists: readonly (readonly Hazard[])[], destructive: boolean): Hazard[] {
  const all = new Set(lists.flat());
  if (destructive) all.add('destructive');
  return HAZARDS.filter((h) => all.has(h));
}

/**
 * Notes of one statement, those that exist, as one line.
 *
 * @example
 * joinNotes(['a', null, 'b']) // 'a; b'
 */
export function joinNotes(notes: readonly (string | null | undefined)[]): string | null {
  const kept = notes.filter((n): n is string => typeof n === 'string' && n !== '');
  return kept.length > 0 ? kept.join('; ') : null;
}

/**
 * What type-change decisions need to know about the target schema's domains and enums.
 *
 * @example
 * typeFacts(ctx).isEnum('app.mood') // true when `to` or `from` has that enum
 */
export function typeFacts(ctx: PlanContext): TypeFacts {
  const named = (type: string, schema: string, name: string): boolean => type === qualified(schema, name) || type === `${schema}.${name}`;
  return {
    domainOver: (domain, base) => [...ctx.to.all('domain'), ...ctx.from.all('domain')].some((d) => named(domain, d.schema, d.name) && d.baseType === base),
    // The type a column leaves may exist only before the plan, the one it gets only after.
    isEnum: (type) => [...ctx.to.all('enum'), ...ctx.from.all('enum')].some((e) => named(type, e.schema, e.name)),
  };
}

/** True when catalog text names the column (quoted or not): over-approximate, for what must be re-created around it. */
function mentionsColumn(text: string | null, column: string): boolean {
  if (text === null) return false;
  const quoted = ident(column);
  const escaped = quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w"$])${escaped}($|[^\\w"$])`).test(text);
}

export const columnPlanner: KindPlanner<'column'> = {
  recreateReason(ctx, from, to) {
    return columnRecreateReason(ctx, from, to);
  },

  consequences(ctx, intent): Consequence[] {
    const { table, column } = splitColumnKey(intent.ref.key);
    const props = intent.change ? changedProperties(intent.change) : new Set<string>();
    const retyped = intent.fate === 'alter' && (props.has('type') || props.has('collation'));
    if (!retyped && intent.fate !== 'recreate') return [];
    const why = retyped ? `it uses ${table}.${column}, whose type changes` : `it uses ${table}.${column}, which is dropped and added back`;
    const out: Consequence[] = [];
    // Views and policies must go for ALTER COLUMN TYPE (PostgreSQL refuses otherwise), and
    // everything on a dropped column goes with it.
    for (const v of ctx.fromDeps.onRelation(table).views) out.push(dependent(ctx, { kind: 'view', key: relationKey(v.schema, v.name) }, why));
    for (const r of ctx.fromDeps.onRelation(table).routines) out.push(dependent(ctx, { kind: 'routine', key: routineKey(r) }, why));
    for (const p of ctx.from.policiesOn(table)) if (mentionsColumn(p.using, column) || mentionsColumn(p.withCheck, column)) out.push(dependent(ctx, { kind: 'policy', key: partKey(p.schema, p.table, p.name) }, why));
    for (const t of ctx.from.triggersOn(table)) if (mentionsColumn(t.definition, column)) out.push(dependent(ctx, { kind: 'trigger', key: partKey(t.schema, t.table, t.name) }, why));
    if (intent.fate === 'recreate') {
      for (const i of ctx.from.indexesOn(table)) if (i.constraint === null && mentionsColumn(i.definition, column)) out.push(dependent(ctx, { kind: 'index', key: partKey(i.schema, i.table, i.name) }, why));
      for (const c of ctx.from.constraintsOn(table)) if (c.columns.includes(column) || mentionsColumn(c.definition, column)) out.push(dependent(ctx, { kind: 'constraint', key: partKey(c.schema, c.table, c.name) }, why));
    }
    return out;
  },

  create(ctx, c, where) {
    const { table } = splitColumnKey(where.ref?.key ?? '');
    const t = ctx.to.get({ kind: 'table', key: table });
    if (t) addColumn(ctx, t, c, where, null);
  },

  drop(ctx, c, where) {
    const { table } = splitColumnKey(where.ref?.key ?? '');
    const t = ctx.from.get({ kind: 'table', key: table });
    const to = ctx.to.get({ kind: 'column', key: columnKey(table, c.name) });
    // Dropped to be added back: only stored values a plain column held (or should hold) are lost.
    const destructive = !where.recreate || c.generated === null || to?.generated == null;
    if (t) dropColumn(ctx, t, c, where, { destructive, note: where.reason });
  },

  alter(ctx, from, to, _change, where) {
    const key = where.ref?.key ?? '';
    const { table } = splitColumnKey(key);
    const t = ctx.to.get({ kind: 'table', key: table });
    if (t) alterColumn(ctx, t, from, to, where, { phase: Phase.columns, inUse: ctx.inUse({ kind: 'table', key: table }), defaultDropped: ctx.defaultResets.has(key) });
  },
};
