import type { Trigger } from '../../model/snapshot.js';

export interface TriggerRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  /** tgtype bit mask (TRIGGER_TYPE_* in PostgreSQL's pg_trigger.h). */
  readonly type: number;
  readonly function: string;
  readonly condition: string | null;
  readonly enabled: string;
  readonly comment: string | null;
}

const ROW = 1 << 0;
const BEFORE = 1 << 1;
const INSERT = 1 << 2;
const DELETE = 1 << 3;
const UPDATE = 1 << 4;
const TRUNCATE = 1 << 5;
const INSTEAD = 1 << 6;

const ENABLED: Readonly<Record<string, Trigger['enabled']>> = {
  O: 'origin',
  D: 'disabled',
  R: 'replica',
  A: 'always',
};

/**
 * @example
 * mapTrigger({ type: 4 | 16 | 1 | 2, enabled: 'D', … })
 * // { timing: 'before', events: ['insert', 'update'], level: 'row', enabled: 'disabled', … }
 */
export function mapTrigger(row: TriggerRow): Trigger {
  const events: string[] = [];
  // Listed in alphabetical order, which is the order the model promises.
  if (row.type & DELETE) events.push('delete');
  if (row.type & INSERT) events.push('insert');
  if (row.type & TRUNCATE) events.push('truncate');
  if (row.type & UPDATE) events.push('update');
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: row.definition,
    timing: row.type & INSTEAD ? 'instead of' : row.type & BEFORE ? 'before' : 'after',
    events,
    level: row.type & ROW ? 'row' : 'statement',
    function: row.function,
    condition: row.condition,
    enabled: ENABLED[row.enabled] ?? 'origin',
    comment: row.comment,
  };
}
