import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** The text of one of lint's queries, `sql/<name>.sql` beside this module (the build copies them). */
export function lintSql(name: 'relfilenodes' | 'relation' | 'not-null-proof' | 'table-sizes' | 'existing'): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}
