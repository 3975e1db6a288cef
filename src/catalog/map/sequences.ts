import type { Sequence } from '../../model/snapshot.js';
import type { MapContext } from './context.js';

export interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owned_by: string | null;
  readonly owner: string;
  readonly comment: string | null;
}

/** @example mapSequence({ name: 'users_id_seq', owned_by: 'public.users.id', … }, ctx) */
export function mapSequence(row: SequenceRow, ctx: MapContext): Sequence {
  return {
    schema: row.schema,
    name: row.name,
    type: row.type,
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cache: row.cache,
    cycle: row.cycle,
    ownedBy: row.owned_by,
    owner: ctx.owner(row.owner),
    comment: row.comment,
  };
}
