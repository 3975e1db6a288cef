import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/**
 * The text of one of the `.sql` files beside this module, in `sql/` (kept in files so that a
 * reviewer can paste them into psql).
 *
 * @example
 * await db.query(shadowSql('existing-roles.sql'), [['app', 'reader']]);
 */
export function shadowSql(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
    cache.set(file, text);
  }
  return text;
}
