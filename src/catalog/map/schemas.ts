import type { Extension, SchemaObject } from '../../model/snapshot.js';
import type { MapContext } from './context.js';

export interface SchemaRow {
  readonly name: string;
  readonly owner: string;
  readonly comment: string | null;
}

export interface ExtensionRow {
  readonly name: string;
  readonly version: string;
  readonly schema: string;
}

/** @example mapSchema({ name: 'app', owner: 'app', comment: null }, ctx) */
export function mapSchema(row: SchemaRow, ctx: MapContext): SchemaObject {
  return { name: row.name, owner: ctx.owner(row.owner), comment: row.comment };
}

/** @example mapExtension({ name: 'citext', version: '1.6', schema: 'public' }) */
export function mapExtension(row: ExtensionRow): Extension {
  return { name: row.name, version: row.version, schema: row.schema };
}
