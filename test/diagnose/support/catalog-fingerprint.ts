import { readFileSync } from 'node:fs';
import { withClient } from './with-client.js';

/** One object as the catalog shows it. */
export interface ObjectPrint {
  /** Text that is equal for equal objects in two databases of one server. */
  readonly definition: string;
  /** False for an INVALID (or not ready) index and a NOT VALID constraint. */
  readonly valid: boolean;
}

/** Every object of the public schema, by pgdrift-style id (`index:public.payments.ix_payments_invoice_id`). */
export type CatalogPrint = ReadonlyMap<string, ObjectPrint>;

const QUERY = readFileSync(new URL('./catalog-fingerprint.sql', import.meta.url), 'utf8');

/**
 * Reads the catalog of the database at `url` straight from pg_catalog — no pgdrift code — so
 * that it can check what pgdrift is tested on.
 *
 * @example (await catalogPrint(db.url)).get('index:public.payments.uq_payments_provider_external_ref')
 * // { definition: 'CREATE UNIQUE INDEX … USING btree (provider, external_ref)', valid: false }
 */
export async function catalogPrint(url: string): Promise<CatalogPrint> {
  const { rows } = await withClient(url, (c) => c.query<{ id: string; definition: string; valid: boolean }>(QUERY));
  return new Map(rows.map((r) => [r.id, { definition: r.definition, valid: r.valid }]));
}

/** Whether two prints (absent = undefined) are the same object in the same state. */
export function samePrint(a: ObjectPrint | undefined, b: ObjectPrint | undefined): boolean {
  return a?.definition === b?.definition && a?.valid === b?.valid;
}

/** A print in a sentence: `absent`, or its definition, marked when unusable. */
export function describePrint(p: ObjectPrint | undefined): string {
  if (!p) return 'absent';
  return `${p.definition.replace(/\s+/g, ' ').slice(0, 160)}${p.valid ? '' : ' (INVALID / NOT VALID)'}`;
}
