import type { Index } from '../../model/snapshot.js';
import { sortedStrings } from '../../model/canonical-order.js';

export interface IndexRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  readonly method: string;
  readonly unique: boolean;
  readonly keys: readonly string[];
  readonly include: readonly string[];
  readonly predicate: string | null;
  readonly valid: boolean;
  readonly constraint: string | null;
  readonly options: readonly string[];
  readonly comment: string | null;
}

/** @example mapIndex({ name: 'users_email_key', keys: ['lower(email)'], … }) */
export function mapIndex(row: IndexRow): Index {
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: row.definition,
    method: row.method,
    unique: row.unique,
    keys: row.keys,
    include: row.include,
    predicate: row.predicate,
    valid: row.valid,
    constraint: row.constraint,
    options: sortedStrings(row.options),
    comment: row.comment,
  };
}
