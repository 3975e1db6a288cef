import type { Sequence } from '../../model/snapshot.js';
import { aclOfCreated } from '../acl.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { ident, qualified, role } from '../quote.js';
import { referencesIn } from '../references.js';
import { relationKey, type SnapshotIndex } from '../snapshot-index.js';
import { sequenceOptions } from './column.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type KindPlanner, type Where } from './kind.js';
import { tableNode, tableOwner } from './table.js';

/**
 * Sequences. A serial column's sequence is created before its table (the column's default calls
 * it) and tied to the column with OWNED BY once the table exists; its owner follows the table's.
 */

function ownedBySql(index: SnapshotIndex, s: Sequence): string {
  const owner = index.ownerColumn(s);
  if (owner === null) return 'NONE';
  const table = index.get({ kind: 'table', key: owner.table });
  return table ? `${qualified(table.schema, table.name)}.${ident(owner.column)}` : (s.ownedBy ?? 'NONE');
}

function ownedBy(ctx: PlanContext, s: Sequence, where: Where): void {
  const owner = ctx.to.ownerColumn(s);
  statement(ctx, where, `ALTER SEQUENCE ${qualified(s.schema, s.name)} OWNED BY ${ownedBySql(ctx.to, s)}`, {
    phase: Phase.sequenceOwnership,
    node: nodeOf('sequence', relationKey(s.schema, s.name)),
    after: owner ? [tableNode(owner.table)] : [],
  });
}

export const sequencePlanner: KindPlanner<'sequence'> = {
  recreateReason: () => null,

  consequences(ctx, intent) {
    // A default calling nextval() on it is dropped first (and set again from `to`).
    if (intent.fate !== 'drop') return [];
    for (const t of ctx.from.all('table')) {
      for (const c of t.columns) {
        if (referencesIn('expression', c.default).relations.has(intent.ref.key)) ctx.resetDefault({ table: relationKey(t.schema, t.name), column: c.name }, intent.unit, intent.ids);
      }
    }
    return [];
  },

  create(ctx, s, where) {
    const key = relationKey(s.schema, s.name);
    const name = qualified(s.schema, s.name);
    const node = nodeOf('sequence', key);
    const options = sequenceOptions(s, true);
    ctx.setMain({ kind: 'sequence', key }, statement(ctx, where, `CREATE SEQUENCE ${name}${options.length > 0 ? ` ${options.join(' ')}` : ''}`, { phase: Phase.sequences, node }));
    // Set before OWNED BY ties it to a table, which requires the same owner (and then moves it with the table).
    if (s.owner !== null) statement(ctx, where, `ALTER SEQUENCE ${name} OWNER TO ${role(s.owner)}`, { phase: Phase.sequences, node });
    commentIfAny(ctx, where, `SEQUENCE ${name}`, s.comment, { phase: Phase.sequences, node });
    aclOfCreated(ctx, { objectType: 'sequence', schema: s.schema, object: s.name, owner: s.owner }, `SEQUENCE ${name}`, { phase: Phase.sequences, unit: where.unit, ids: where.ids, node });
    if (s.ownedBy !== null) ownedBy(ctx, s, where);
  },

  drop(ctx, s, where) {
    const key = relationKey(s.schema, s.name);
    dropStatement(ctx, where, { kind: 'sequence', key }, `DROP SEQUENCE ${qualified(s.schema, s.name)}`, { phase: Phase.dropSequences, node: nodeOf('sequence', key), note: where.reason ?? 'its current value is lost' });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const node = nodeOf('sequence', relationKey(to.schema, to.name));
    const options: string[] = [];
    if (props.has('type')) options.push(`AS ${to.type}`);
    if (props.has('increment')) options.push(`INCREMENT BY ${to.increment}`);
    // A new type resets the bounds that were its defaults: they are restated.
    if (props.has('min') || props.has('type')) options.push(`MINVALUE ${to.min}`);
    if (props.has('max') || props.has('type')) options.push(`MAXVALUE ${to.max}`);
    if (props.has('start')) options.push(`START WITH ${to.start}`);
    if (props.has('cache')) options.push(`CACHE ${to.cache}`);
    if (props.has('cycle')) options.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
    if (options.length > 0) {
      statement(ctx, where, `ALTER SEQUENCE ${name} ${options.join(' ')}`, {
        phase: Phase.sequences,
        node,
        note: props.has('start') ? 'START WITH only matters for a later RESTART; the current value is kept' : null,
      });
    }
    if (props.has('ownedBy')) ownedBy(ctx, to, where);
    if (props.has('owner') && to.owner !== null) {
      const owner = ctx.to.ownerColumn(to) ?? ctx.from.ownerColumn(from);
      const table = owner ? ctx.to.get({ kind: 'table', key: owner.table }) : undefined;
      if (table && from.ownedBy !== null) {
        // A sequence tied to a table has the table's owner; ALTER TABLE … OWNER TO moves both.
        tableOwner(ctx, table, to.owner, where, Phase.tables);
      } else statement(ctx, where, `ALTER SEQUENCE ${name} OWNER TO ${role(to.owner)}`, { phase: Phase.sequences, node });
    }
    if (props.has('comment')) statement(ctx, where, commentSql(`SEQUENCE ${name}`, to.comment), { phase: Phase.sequences, node });
  },
};
