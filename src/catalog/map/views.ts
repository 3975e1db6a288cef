import type { View, ViewColumnComment } from '../../model/snapshot.js';
import { sortedStrings } from '../../model/canonical-order.js';
import { parseJson, type MapContext } from './context.js';

export interface ViewRow {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly options: readonly string[];
  readonly owner: string;
  readonly comment: string | null;
  /** json array of { name, comment }, commented columns only, in attnum order. */
  readonly column_comments: unknown;
}

/** @example mapView({ name: 'active_users', materialized: false, … }, ctx) */
export function mapView(row: ViewRow, ctx: MapContext): View {
  return {
    schema: row.schema,
    name: row.name,
    materialized: row.materialized,
    definition: row.definition,
    options: sortedStrings(row.options),
    owner: ctx.owner(row.owner),
    comment: row.comment,
    columnComments: parseJson<ViewColumnComment[]>(row.column_comments).map((c) => ({ name: c.name, comment: c.comment })),
  };
}
