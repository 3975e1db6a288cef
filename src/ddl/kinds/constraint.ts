import type { Constraint, Index } from '../../model/snapshot.js';
import type { Operation } from '../hazards.js';
import { Phase } from '../phases.js';
import type { DraftStatement, PlanContext } from '../plan-context.js';
import { ident, qualified } from '../quote.js';
import { partKey, relationKey, type ObjectRef } from '../snapshot-index.js';
import { commentIfAny, commentSql, nodeOf, optionList, statement } from './common.js';
import { concurrentDefinition, indexPlanner } from './index.js';
import { changedProperties, dependent, type Consequence, type CreateWhere, type KindPlanner, type Where } from './kind.js';

/**
 * Table constraints. `pg_get_constraintdef` text is a complete clause (NOT VALID, DEFERRABLE
 * included), so ADD CONSTRAINT reproduces a constraint exactly; foreign keys come after every
 * table and key they reference. A primary key or unique constraint takes over an index that
 * already exists under its name (ADD … USING INDEX) instead of building another.
 */

const constraintRef = (c: Constraint): ObjectRef => ({ kind: 'constraint', key: partKey(c.schema, c.table, c.name) });
const tableRef = (c: { schema: string; table: string }) => ({ kind: 'table' as const, key: relationKey(c.schema, c.table) });

function phaseOf(c: Constraint, dropping: boolean): Phase {
  if (c.type === 'foreign key') return dropping ? Phase.dropForeignKeys : Phase.foreignKeys;
  return dropping ? Phase.dropConstraints : Phase.constraints;
}

/** The index that implements a key or exclusion constraint, on one side. */
function implementingIndex(ctx: PlanContext, side: 'from' | 'to', c: Constraint): Index | undefined {
  const index = (side === 'from' ? ctx.from : ctx.to).get({ kind: 'index', key: partKey(c.schema, c.table, c.name) });
  return index?.constraint === c.name ? index : undefined;
}

function addOperation(c: Constraint): Operation {
  switch (c.type) {
    case 'check':
      return c.validated ? 'check-rows' : 'alter-table';
    case 'foreign key':
      return c.validated ? 'add-foreign-key' : 'light';
    default:
      return 'add-key';
  }
}

function deferrability(c: Constraint): string {
  return c.deferrable ? ` DEFERRABLE${c.initiallyDeferred ? ' INITIALLY DEFERRED' : ''}` : '';
}

/**
 * ADD CONSTRAINT, once per constraint however many changes ask for it (the constraint's own
 * and its index's).
 *
 * @example
 * addConstraint(ctx, c, where) // ALTER TABLE app.t ADD CONSTRAINT t_a_key UNIQUE (a)
 */
export function addConstraint(ctx: PlanContext, c: Constraint, where: Where): DraftStatement[] {
  const key = partKey(c.schema, c.table, c.name);
  return ctx.emitOnce(`add-constraint:${key}`, where.ids, () => {
    const table = qualified(c.schema, c.table);
    const node = nodeOf('constraint', key);
    const inUse = ctx.inUse(tableRef(c));
    const phase = phaseOf(c, false);
    const after = c.references ? [nodeOf('table', relationKey(c.references.schema, c.references.table))] : [];
    const keyword = c.type === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE';
    const made: DraftStatement[] = [];
    const existing = ctx.from.get({ kind: 'index', key });
    const toIndex = implementingIndex(ctx, 'to', c);
    const partitioned = ctx.to.get(tableRef(c))?.kind === 'partitioned';
    const takesOver = (c.type === 'primary key' || c.type === 'unique') && existing !== undefined && existing.constraint === null && !ctx.removes({ kind: 'index', key });
    if (takesOver) {
      made.push(
        statement(ctx, where, `ALTER TABLE ${table} ADD CONSTRAINT ${ident(c.name)} ${keyword} USING INDEX ${ident(c.name)}${deferrability(c)}`, {
          phase,
          node,
          operation: 'alter-table',
          inUse,
          note: `takes over the existing index ${c.name}`,
        }),
      );
    } else if ((c.type === 'primary key' || c.type === 'unique') && toIndex && inUse && !partitioned && ctx.options.concurrently(toIndex)) {
      made.push(
        statement(ctx, where, concurrentDefinition(toIndex.definition), { phase, node, operation: 'concurrently', inUse, note: 'if it fails it leaves an INVALID index: drop it and run again' }),
        statement(ctx, where, `ALTER TABLE ${table} ADD CONSTRAINT ${ident(c.name)} ${keyword} USING INDEX ${ident(c.name)}${deferrability(c)}`, {
          phase,
          node,
          operation: 'alter-table',
          inUse,
        }),
      );
    } else {
      const note =
        inUse && c.type === 'foreign key' && c.validated
          ? 'checks every row while writes wait: on a large table, add it NOT VALID and VALIDATE CONSTRAINT in a later transaction'
          : inUse && c.type === 'check' && c.validated
            ? 'checks every row under ACCESS EXCLUSIVE: on a large table, add it NOT VALID and VALIDATE CONSTRAINT in a later transaction'
            : null;
      made.push(statement(ctx, where, `ALTER TABLE ${table} ADD CONSTRAINT ${ident(c.name)} ${c.definition}`, { phase, node, after, operation: addOperation(c), inUse, note }));
    }
    ctx.setMain(constraintRef(c), made[made.length - 1] as DraftStatement);
    // pg_get_constraintdef leaves out the index's storage parameters and comment.
    if (toIndex && toIndex.options.length > 0 && !takesOver) {
      statement(ctx, where, `ALTER INDEX ${qualified(c.schema, c.name)} SET (${optionList(toIndex.options)})`, { phase, node, operation: 'light' });
    }
    if (toIndex) commentIfAny(ctx, where, `INDEX ${qualified(c.schema, c.name)}`, toIndex.comment, { phase, node });
    commentIfAny(ctx, where, `CONSTRAINT ${ident(c.name)} ON ${table}`, c.comment, { phase, node });
    return made;
  });
}

/**
 * DROP CONSTRAINT, once per constraint. When `to` keeps the constraint's index as a plain index
 * (a unique constraint dropped, its index kept), the index is built again right after.
 *
 * @example
 * dropConstraint(ctx, c, { ...where, recreate: false, reason: null }) // ALTER TABLE app.t DROP CONSTRAINT t_a_key; CREATE UNIQUE INDEX t_a_key …
 */
export function dropConstraint(ctx: PlanContext, c: Constraint, where: Where & { readonly recreate: boolean; readonly reason: string | null }): DraftStatement[] {
  const key = partKey(c.schema, c.table, c.name);
  return ctx.emitOnce(`drop-constraint:${key}`, where.ids, () => {
    const made = [
      statement(ctx, where, `ALTER TABLE ${qualified(c.schema, c.table)} DROP CONSTRAINT ${ident(c.name)}`, {
        phase: phaseOf(c, true),
        node: nodeOf('constraint', key),
        operation: 'alter-table',
        inUse: ctx.inUse(tableRef(c)),
        destructive: !where.recreate,
        note: where.reason,
      }),
    ];
    if (!where.recreate) ctx.setMain(constraintRef(c), made[0] as DraftStatement);
    const kept = ctx.to.get({ kind: 'index', key });
    if (kept && kept.constraint === null && !ctx.builds({ kind: 'index', key }) && implementingIndex(ctx, 'from', c)) {
      const intent = ctx.intent({ kind: 'index', key });
      if (intent) ctx.join(where.unit, intent.unit);
      indexPlanner.create(ctx, kept, { ...where, ids: [...where.ids, ...(intent?.ids ?? [])], recreate: true });
    }
    return made;
  });
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export const constraintPlanner: KindPlanner<'constraint'> = {
  recreateReason(_ctx, from, to, change) {
    const props = changedProperties(change);
    if (['definition', 'type', 'columns', 'references'].some((p) => props.has(p))) return 'a constraint cannot change its definition in place: it is dropped and added again';
    if (props.has('validated') && from.validated && !to.validated) return 'a validated constraint cannot become NOT VALID again: it is dropped and added NOT VALID';
    if ((props.has('deferrable') || props.has('initiallyDeferred')) && to.type !== 'foreign key') {
      return 'only foreign keys can change deferrability in place: the constraint is dropped and added again';
    }
    return null;
  },

  consequences(ctx, intent): Consequence[] {
    const out: Consequence[] = [];
    const from = ctx.from.get({ kind: 'constraint', key: intent.ref.key });
    if ((intent.fate === 'drop' || intent.fate === 'recreate') && from && (from.type === 'primary key' || from.type === 'unique')) {
      // Foreign keys depend on the unique index of the columns they reference.
      for (const fk of ctx.fromDeps.foreignKeysTo(relationKey(from.schema, from.table))) {
        if (fk.references && sameColumns(fk.references.columns, from.columns)) {
          out.push(dependent(ctx, constraintRef(fk), `it references the key ${from.name}, which is dropped`));
        }
      }
    }
    if ((intent.fate === 'drop' || intent.fate === 'recreate') && from) {
      const index = implementingIndex(ctx, 'from', from);
      if (index) out.push({ ref: { kind: 'index', key: intent.ref.key }, fate: 'drop', reason: `it implements ${from.name}`, implicit: true });
    }
    const to = ctx.to.get({ kind: 'constraint', key: intent.ref.key });
    if ((intent.fate === 'create' || intent.fate === 'recreate') && to && implementingIndex(ctx, 'to', to)) {
      out.push({ ref: { kind: 'index', key: intent.ref.key }, fate: 'create', reason: `it implements ${to.name}` });
    }
    return out;
  },

  create(ctx, c, where: CreateWhere) {
    addConstraint(ctx, c, where);
  },

  drop(ctx, c, where) {
    dropConstraint(ctx, c, where);
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const key = partKey(to.schema, to.table, to.name);
    const table = qualified(to.schema, to.table);
    const e = { phase: phaseOf(to, false), node: nodeOf('constraint', key), inUse: ctx.inUse(tableRef(to)) };
    if (props.has('validated') && !from.validated && to.validated) {
      statement(ctx, where, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${ident(to.name)}`, { ...e, operation: 'validate' });
    }
    if (props.has('deferrable') || props.has('initiallyDeferred')) {
      const clause = to.deferrable ? `DEFERRABLE INITIALLY ${to.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : 'NOT DEFERRABLE';
      statement(ctx, where, `ALTER TABLE ${table} ALTER CONSTRAINT ${ident(to.name)} ${clause}`, { ...e, operation: 'light' });
    }
    if (props.has('comment')) statement(ctx, where, commentSql(`CONSTRAINT ${ident(to.name)} ON ${table}`, to.comment), e);
  },
};
