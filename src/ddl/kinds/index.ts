import { normalizeTree } from '../../compare/postgres/normalize-tree.js';
import { parseOrNull } from '../../compare/postgres/parser.js';
import type { Index, Table } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import { addIds, type PlanContext } from '../plan-context.js';
import { ident, qualified } from '../quote.js';
import { partKey, relationKey, type ObjectRef } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, optionChanges, optionList, statement } from './common.js';
import { addConstraint, dropConstraint } from './constraint.js';
import { changedProperties, dependent, type Consequence, type KindPlanner } from './kind.js';

/**
 * Indexes. `pg_get_indexdef` text is a complete CREATE INDEX; an index on a partitioned table
 * reads `ON ONLY`, so it is built on the parent alone and each partition's index is attached
 * to it (as pg_dump does). An index that implements a constraint comes and goes with it.
 */

const indexRef = (i: Index): ObjectRef => ({ kind: 'index', key: partKey(i.schema, i.table, i.name) });
const relationOf = (ctx: PlanContext, i: Index): ObjectRef => {
  const key = relationKey(i.schema, i.table);
  return { kind: (ctx.to.relationKind(key) ?? ctx.from.relationKind(key)) === 'view' ? 'view' : 'table', key };
};

/**
 * The same CREATE INDEX with CONCURRENTLY.
 *
 * @example
 * concurrentDefinition('CREATE UNIQUE INDEX i ON app.t USING btree (a)') // CREATE UNIQUE INDEX CONCURRENTLY i ON app.t USING btree (a)
 */
export function concurrentDefinition(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ');
}

/** An index definition without its name, table and storage parameters: equal for a partitioned table's index and its partitions' copies. */
function shape(definition: string): string | null {
  const tree = parseOrNull(definition) as { stmts?: { stmt?: { IndexStmt?: Record<string, unknown> } }[] } | null;
  const stmt = tree?.stmts?.[0]?.stmt?.IndexStmt;
  if (!stmt) return null;
  const { idxname: _name, relation: _relation, options: _options, ...rest } = stmt;
  return JSON.stringify(normalizeTree(rest));
}

function sameShape(a: Index, b: Index): boolean {
  const x = shape(a.definition);
  return x !== null && x === shape(b.definition);
}

/** The index of `parent` (a partitioned table) that a partition's index is the copy of. */
function parentIndexOf(side: { indexesOn(key: string): readonly Index[] }, parent: string | null, i: Index): Index | undefined {
  if (parent === null) return undefined;
  return side.indexesOn(parent).find((p) => sameShape(p, i) && (p.constraint === null) === (i.constraint === null));
}

type Json = Record<string, unknown>;

/** The name PostgreSQL's `FigureColname` gives an index expression: a function's, a column's, a cast's. */
function expressionName(expr: unknown): string {
  const node = expr as Json | undefined;
  const strings = (list: unknown): string[] => (Array.isArray(list) ? list.map((n) => ((n as Json).String as Json | undefined)?.sval).filter((x): x is string => typeof x === 'string') : []);
  if (node?.FuncCall) return strings((node.FuncCall as Json).funcname).pop() ?? 'expr';
  if (node?.ColumnRef) return strings((node.ColumnRef as Json).fields).pop() ?? 'expr';
  if (node?.TypeCast) {
    const cast = node.TypeCast as Json;
    const inner = expressionName(cast.arg);
    return inner !== 'expr' ? inner : (strings((cast.typeName as Json | undefined)?.names).pop() ?? 'expr');
  }
  if (node?.CaseExpr) return 'case';
  if (node?.CoalesceExpr) return 'coalesce';
  return 'expr';
}

/**
 * The name PostgreSQL gives the index it creates on a new partition for its parent's index
 * (`ChooseIndexName`): the partition's name, the column names (or what an expression is named
 * after), `idx`, shortened to fit 63 bytes.
 */
function clonedIndexName(partition: string, i: Index): string {
  const tree = parseOrNull(i.definition) as { stmts?: { stmt?: { IndexStmt?: { indexParams?: unknown[]; indexIncludingParams?: unknown[] } } }[] } | null;
  const stmt = tree?.stmts?.[0]?.stmt?.IndexStmt;
  const params = [...(stmt?.indexParams ?? []), ...(stmt?.indexIncludingParams ?? [])] as { IndexElem?: { name?: string; expr?: unknown } }[];
  const used = new Set<string>();
  const names = params.map((p) => {
    const base = p.IndexElem?.name ?? expressionName(p.IndexElem?.expr);
    let n = base;
    for (let k = 1; used.has(n); k++) n = `${base}${k}`;
    used.add(n);
    return n;
  });
  let a = partition;
  let b = names.join('_');
  const fits = (): boolean => Buffer.byteLength(`${a}_${b}_idx`) <= 63;
  while (!fits()) {
    if (Buffer.byteLength(a) >= Buffer.byteLength(b)) a = a.slice(0, -1);
    else b = b.slice(0, -1);
  }
  return `${a}_${b}_idx`;
}

/** For an `ON ONLY` index: each partition's copy, or null when some partition lacks one. */
function partitionCopies(ctx: PlanContext, i: Index): Index[] | null {
  const copies: Index[] = [];
  for (const p of ctx.to.partitionsOf(relationKey(i.schema, i.table))) {
    const copy = ctx.to.indexesOn(relationKey(p.schema, p.name)).find((c) => sameShape(c, i) && c.constraint === null);
    if (!copy) return null;
    copies.push(copy);
  }
  return copies;
}

export const indexPlanner: KindPlanner<'index'> = {
  recreateReason(_ctx, from, to, change) {
    const props = changedProperties(change);
    // A constraint's index changes with the constraint (see consequences).
    if (from.constraint !== null && to.constraint !== null) return null;
    if (['definition', 'method', 'unique', 'keys', 'include', 'predicate'].some((p) => props.has(p))) return 'an index cannot change its definition in place: it is dropped and built again';
    if (props.has('valid') && !from.valid && to.valid) return 'an INVALID index (left by a failed CREATE INDEX CONCURRENTLY) is dropped and built again';
    return null;
  },

  consequences(ctx, intent): Consequence[] {
    const out: Consequence[] = [];
    const to = ctx.to.get({ kind: 'index', key: intent.ref.key });
    const from = ctx.from.get({ kind: 'index', key: intent.ref.key });
    if ((intent.fate === 'create' || intent.fate === 'recreate') && to && / ON ONLY /.test(to.definition)) {
      for (const copy of partitionCopies(ctx, to) ?? []) {
        const ref = indexRef(copy);
        if (!ctx.from.has(ref) || ctx.removes(ref)) out.push({ ref, fate: 'create', reason: `attached to ${to.name}` });
      }
    }
    if ((intent.fate === 'drop' || intent.fate === 'recreate') && from && from.constraint === null && from.unique) {
      // A foreign key may rely on a unique index that no constraint implements: it goes first.
      const keys = [...from.keys].sort().join('\u0000');
      for (const fk of ctx.fromDeps.foreignKeysTo(relationKey(from.schema, from.table))) {
        if (fk.references && [...fk.references.columns].sort().join('\u0000') === keys) {
          out.push(dependent(ctx, { kind: 'constraint', key: partKey(fk.schema, fk.table, fk.name) }, `it references the unique index ${from.name}, which is dropped`));
        }
      }
    }
    if ((intent.fate === 'drop' || intent.fate === 'recreate') && from && from.constraint === null) {
      const table = ctx.from.get({ kind: 'table', key: relationKey(from.schema, from.table) });
      for (const p of table ? ctx.from.partitionsOf(relationKey(table.schema, table.name)) : []) {
        const copy = ctx.from.indexesOn(relationKey(p.schema, p.name)).find((c) => sameShape(c, from) && c.constraint === null);
        if (copy) out.push({ ref: indexRef(copy), fate: ctx.to.has(indexRef(copy)) ? 'recreate' : 'drop', reason: `attached to ${from.name}`, implicit: true });
      }
    }
    if (intent.fate === 'alter' && from && to && from.constraint !== null && to.constraint !== null && intent.change) {
      const props = changedProperties(intent.change);
      if (['definition', 'method', 'unique', 'keys', 'include', 'predicate'].some((p) => props.has(p))) {
        out.push({ ref: { kind: 'constraint', key: partKey(to.schema, to.table, to.constraint) }, fate: 'recreate', reason: `its index ${to.name} changes` });
      }
    }
    return out;
  },

  create(ctx, i, where) {
    const ref = indexRef(i);
    const tableKey = relationKey(i.schema, i.table);
    if (i.constraint !== null) {
      // Built by ADD CONSTRAINT, or, on a partition, by the parent's constraint.
      const owner = ctx.main({ kind: 'constraint', key: partKey(i.schema, i.table, i.constraint) }) ?? ctx.main({ kind: 'table', key: tableKey });
      if (owner) addIds(owner, where.ids);
      return;
    }
    if (!i.valid) {
      ctx.addManual(where.ids, `index ${tableKey}.${i.name} is INVALID on the target side: no DDL builds an index INVALID on purpose`);
      return;
    }
    const relation = relationOf(ctx, i);
    const table = ctx.to.get({ kind: 'table', key: tableKey }) as Table | undefined;
    const parentIndex = parentIndexOf(ctx.from, table?.partitionOf ?? null, i);
    if (table?.partitionOf && parentIndex && ctx.builds(relation) && !ctx.removes(indexRef(parentIndex))) {
      // PARTITION OF already copied the parent's index; only its name may need to follow.
      const made = clonedIndexName(i.table, parentIndex);
      if (made !== i.name) {
        statement(ctx, where, `ALTER INDEX ${qualified(i.schema, made)} RENAME TO ${ident(i.name)}`, {
          phase: Phase.tables,
          node: nodeOf('table', tableKey),
          note: `the copy of ${parentIndex.name} that CREATE TABLE … PARTITION OF made`,
        });
      }
      commentIfAny(ctx, where, `INDEX ${qualified(i.schema, i.name)}`, i.comment, { phase: Phase.tables, node: nodeOf('table', tableKey) });
      return;
    }
    const partitioned = table?.kind === 'partitioned';
    let definition = i.definition;
    let copies: Index[] = [];
    if (partitioned && / ON ONLY /.test(definition)) {
      const found = partitionCopies(ctx, i);
      // Without a copy on every partition, the parent index would stay invalid: let PostgreSQL make the copies.
      if (found === null) definition = definition.replace(' ON ONLY ', ' ON ');
      else copies = found;
    }
    const inUse = ctx.inUse(relation);
    const concurrently = inUse && !partitioned && ctx.options.concurrently(i);
    const onView = relation.kind === 'view';
    const node = onView ? nodeOf('view', tableKey) : nodeOf('index', ref.key);
    const phase = onView ? Phase.views : Phase.indexes;
    const after = copies.map((c) => nodeOf('index', partKey(c.schema, c.table, c.name)));
    ctx.setMain(
      ref,
      statement(ctx, where, concurrently ? concurrentDefinition(definition) : definition, {
        phase,
        node,
        after,
        operation: concurrently ? 'concurrently' : i.unique ? 'create-unique-index' : 'create-index',
        inUse,
        note: concurrently ? 'if it fails it leaves an INVALID index: drop it and run again' : null,
      }),
    );
    commentIfAny(ctx, where, `INDEX ${qualified(i.schema, i.name)}`, i.comment, { phase, node });
    for (const c of copies) {
      statement(ctx, where, `ALTER INDEX ${qualified(i.schema, i.name)} ATTACH PARTITION ${qualified(c.schema, c.name)}`, { phase, node, after });
    }
  },

  drop(ctx, i, where) {
    if (i.constraint !== null) {
      const owner = ctx.main({ kind: 'constraint', key: partKey(i.schema, i.table, i.constraint) }) ?? ctx.main({ kind: 'table', key: relationKey(i.schema, i.table) });
      if (owner) addIds(owner, where.ids);
      return;
    }
    const relation = relationOf(ctx, i);
    const inUse = ctx.inUse(relation);
    const concurrently = inUse && ctx.from.get({ kind: 'table', key: relation.key })?.kind !== 'partitioned' && ctx.options.concurrently(i);
    dropStatement(ctx, where, indexRef(i), `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${qualified(i.schema, i.name)}`, {
      phase: Phase.dropIndexes,
      node: nodeOf('index', indexRef(i).key),
      operation: concurrently ? 'concurrently' : 'alter-table',
      inUse,
    });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const e = { phase: Phase.indexes, node: nodeOf('index', indexRef(to).key) };
    if (props.has('constraint')) {
      if (from.constraint !== null && to.constraint === null) {
        const c = ctx.from.get({ kind: 'constraint', key: partKey(from.schema, from.table, from.constraint) });
        if (c) dropConstraint(ctx, c, { ...where, recreate: false, reason: `the index ${to.name} stays, without the constraint` });
      } else if (from.constraint === null && to.constraint !== null) {
        const c = ctx.to.get({ kind: 'constraint', key: partKey(to.schema, to.table, to.constraint) });
        if (c) addConstraint(ctx, c, where);
      }
    }
    if (props.has('valid') && !to.valid) {
      ctx.addManual(where.ids, `index ${to.schema}.${to.table}.${to.name} is INVALID on the target side: no DDL builds an index INVALID on purpose`);
    }
    if (props.has('options')) {
      const { set, reset } = optionChanges(from.options, to.options);
      if (set.length > 0) statement(ctx, where, `ALTER INDEX ${name} SET (${optionList(set)})`, { ...e, operation: 'light', note: 'applies to pages written from now on; REINDEX applies it to the whole index' });
      if (reset.length > 0) statement(ctx, where, `ALTER INDEX ${name} RESET (${reset.join(', ')})`, { ...e, operation: 'light' });
    }
    if (props.has('comment')) statement(ctx, where, commentSql(`INDEX ${name}`, to.comment), e);
  },
};
