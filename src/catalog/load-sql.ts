import { readFile } from 'node:fs/promises';

/** The catalog queries, one `.sql` file each under `sql/`. */
export type CatalogQueryName =
  | 'server'
  | 'pin-settings'
  | 'begin-read-only'
  | 'export-snapshot'
  | 'import-snapshot'
  | 'set-timeouts'
  | 'schemas'
  | 'extensions'
  | 'tables'
  | 'columns'
  | 'constraints'
  | 'indexes'
  | 'sequences'
  | 'views'
  | 'functions'
  | 'function-sql-bodies'
  | 'triggers'
  | 'enums'
  | 'domains'
  | 'composite-types'
  | 'policies'
  | 'grants'
  | 'read-oids'
  | 'dropped-while-reading';

const cache = new Map<CatalogQueryName, Promise<string>>();

/**
 * The text of one catalog query. The files sit next to the compiled module (the build copies
 * `src/catalog/sql` to `dist/catalog/sql`), so they are found the same way from `src` under
 * the tests and from `dist` once installed.
 *
 * @example
 * const sql = await loadSql('tables');
 */
export function loadSql(name: CatalogQueryName): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    text = readFile(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
    // A failed read must not stay cached: the next call should see the real state of the disk.
    text.catch(() => cache.delete(name));
  }
  return text;
}
