import { InputError } from '../../errors.js';
import type { MigrationHistory } from '../history.js';
import { linearSqlHistory, type SqlMigration } from './linear-history.js';
import { compareNumeric, listFolder, readText } from './read-files.js';

const FILE = /^(\d+)_?(.*)\.sql$/;
const MARKER = /^--\s*migrate:(up|down)\b.*$/gm;

/**
 * The `-- migrate:up` section of a dbmate file, with everything else blanked out (newlines kept)
 * so that lines and columns in errors are those of the file.
 *
 * @example upSection('-- migrate:up\nCREATE TABLE t ();\n-- migrate:down\nDROP TABLE t;', 'x.sql')
 * // '\nCREATE TABLE t ();\n\n'
 * @throws InputError when the file has no `-- migrate:up` line.
 */
export function upSection(text: string, file: string): string {
  const markers = [...text.matchAll(MARKER)].map((m) => ({ direction: m[1] as string, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  if (!markers.some((m) => m.direction === 'up')) throw new InputError(`${file}: no '-- migrate:up' line (dbmate migrations need one)`);
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = '';
  let at = 0;
  let keep = false;
  for (const m of markers) {
    out += keep ? text.slice(at, m.start) : blank(text.slice(at, m.start));
    out += blank(text.slice(m.start, m.end));
    at = m.end;
    keep = m.direction === 'up';
  }
  out += keep ? text.slice(at) : blank(text.slice(at));
  return out;
}

/**
 * A dbmate folder: `{version}_{name}.sql` files with `-- migrate:up` / `-- migrate:down`
 * sections; `schema_migrations` holds one row per applied version (text).
 *
 * @example (await dbmateHistory('db/migrations')).graph.topologicalOrder()[0]?.id // '20240101120000'
 */
export async function dbmateHistory(dir: string, options: { readonly versionTable?: string } = {}): Promise<MigrationHistory> {
  const migrations: SqlMigration[] = [];
  for (const entry of await listFolder(dir, false)) {
    const m = FILE.exec(entry.name);
    if (!m) continue;
    const text = await readText(entry.path);
    migrations.push({
      id: m[1] as string,
      file: entry.path,
      message: (m[2] as string).replace(/_/g, ' ') || null,
      up: { name: entry.path, text: upSection(text, entry.path) },
    });
  }
  if (migrations.length === 0) throw new InputError(`${dir}: no dbmate migration files ({version}_{name}.sql)`);
  migrations.sort((a, b) => compareNumeric(a.id, b.id));
  return linearSqlHistory('dbmate', dir, options.versionTable ?? 'schema_migrations', 'each', migrations, []);
}
