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
  const up = dbmateSection(text, 'up');
  if (up === null) throw new InputError(`${file}: no '-- migrate:up' line (dbmate migrations need one)`);
  return up;
}

/**
 * One section of a dbmate file (`up` or `down`), everything else blanked as in `upSection`;
 * null when the file has no such marker line.
 *
 * @example dbmateSection('-- migrate:up\nCREATE TABLE t ();\n-- migrate:down\nDROP TABLE t;', 'down') // '\n\n\nDROP TABLE t;'
 */
export function dbmateSection(text: string, direction: 'up' | 'down'): string | null {
  const markers = [...text.matchAll(MARKER)].map((m) => ({ direction: m[1] as string, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  if (!markers.some((m) => m.direction === direction)) return null;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = '';
  let at = 0;
  let keep = false;
  for (const m of markers) {
    out += keep ? text.slice(at, m.start) : blank(text.slice(at, m.start));
    out += blank(text.slice(m.start, m.end));
    at = m.end;
    keep = m.direction === direction;
  }
  out += keep ? text.slice(at) : blank(text.slice(at));
  return out;
}

/**
 * The options on a dbmate marker line (`-- migrate:up transaction:false`), with its 1-based line;
 * null without the marker.
 *
 * @example dbmateMarker('-- migrate:up transaction:false\n…', 'up') // { line: 1, options: Map { 'transaction' => 'false' } }
 */
export function dbmateMarker(text: string, direction: 'up' | 'down'): { readonly line: number; readonly options: ReadonlyMap<string, string> } | null {
  for (const m of text.matchAll(MARKER)) {
    if (m[1] !== direction) continue;
    const options = new Map<string, string>();
    for (const o of m[0].slice(m[0].indexOf(direction) + direction.length).matchAll(/(\S+?):(\S+)/g)) options.set(o[1] as string, o[2] as string);
    return { line: text.slice(0, m.index ?? 0).split('\n').length, options };
  }
  return null;
}

/**
 * What dbmate itself refuses to run (its parser's errors, in its words): a file without an up
 * or a down marker, the down marker first, a statement before the up marker. Replaying such a
 * file would describe a schema dbmate never builds.
 *
 * @throws InputError naming file:line.
 */
export function refuseWhatDbmateRefuses(text: string, file: string): void {
  const markers = [...text.matchAll(MARKER)];
  const first = markers[0];
  const refuse = (line: number, why: string) => {
    throw new InputError(`${file}:${line}: dbmate refuses to run this migration: ${why}`);
  };
  const up = markers.find((m) => m[1] === 'up');
  const down = markers.find((m) => m[1] === 'down');
  if (!up) refuse(1, "dbmate requires each migration to define an up block with '-- migrate:up'");
  const lineOf = (at: number) => text.slice(0, at).split('\n').length;
  const before = text.slice(0, first?.index ?? 0).split('\n').findIndex((l) => l.trim() !== '' && !/^\s*--/.test(l));
  if (before >= 0) refuse(before + 1, "dbmate does not support statements preceding the '-- migrate:up' block");
  // Where the down block would go: the file's last line.
  if (!down) refuse(text.replace(/\s+$/, '').split('\n').length, "dbmate requires each migration to define a down block with '-- migrate:down'");
  if (first?.[1] === 'down') refuse(lineOf(first.index ?? 0), "dbmate requires '-- migrate:up' to appear before '-- migrate:down'");
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
    refuseWhatDbmateRefuses(text, entry.path);
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
