import type { Constraint, ConstraintType } from '../../model/snapshot.js';

export interface ConstraintRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: string;
  readonly definition: string;
  readonly columns: readonly string[];
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly initially_deferred: boolean;
  readonly ref_schema: string | null;
  readonly ref_table: string | null;
  readonly ref_columns: readonly string[] | null;
  readonly match: string;
  readonly on_update: string;
  readonly on_delete: string;
  readonly comment: string | null;
}

const TYPES: Readonly<Record<string, ConstraintType>> = {
  p: 'primary key',
  f: 'foreign key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
};

const ACTIONS: Readonly<Record<string, string>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const MATCH: Readonly<Record<string, string>> = { f: 'full', p: 'partial', s: 'simple' };

/**
 * @example
 * mapConstraint({ type: 'f', ref_table: 'users', on_delete: 'c', … }).references
 * // { schema: 'public', table: 'users', columns: ['id'], match: 'simple', onUpdate: 'no action', onDelete: 'cascade' }
 */
export function mapConstraint(row: ConstraintRow): Constraint {
  const type = TYPES[row.type];
  if (!type) throw new Error(`constraint ${row.schema}.${row.table}.${row.name}: unknown contype ${row.type}`);
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    type,
    definition: row.definition,
    columns: row.columns,
    validated: row.validated,
    deferrable: row.deferrable,
    initiallyDeferred: row.initially_deferred,
    references:
      type === 'foreign key' && row.ref_schema !== null && row.ref_table !== null
        ? {
            schema: row.ref_schema,
            table: row.ref_table,
            columns: row.ref_columns ?? [],
            match: MATCH[row.match] ?? row.match,
            onUpdate: ACTIONS[row.on_update] ?? row.on_update,
            onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
          }
        : null,
    comment: row.comment,
  };
}
