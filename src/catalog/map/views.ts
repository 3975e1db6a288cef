import type { View } from '../../model/snapshot.js';
import { sortedStrings } from '../sort.js';
import type { MapContext } from './context.js';

export interface ViewRow {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly options: readonly string[];
  readonly owner: string;
  readonly comment: string | null;
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
  };
}
