import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { introspect } from '../catalog/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import { withScriptsApplied } from '../shadow/shadow-with-scripts.js';
import type { SqlScript } from '../shadow/source-text.js';

export interface SqlSourceOptions {
  /** Apply the SQL on this server (in a temporary database) instead of the embedded PGlite. */
  readonly shadowUrl?: string;
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
}

/**
 * The schema declared by SQL: `path` is one `.sql` file, or a folder whose `.sql` files (top
 * level only, not subfolders) are applied in lexical order of their names (`01-types.sql`
 * before `02-tables.sql`; comparison by code unit, independent of the locale). The SQL is applied
 * to a shadow database, which is then introspected; owners count only where the SQL sets them.
 *
 * An SQL error ends with an `InputError` citing `file:line:col`, e.g.
 * `db/schema.sql:14:8: syntax error at or near "TABL"`.
 *
 * @example
 * const declared = await snapshotSqlSource('db/schema.sql');
 * const onServer = await snapshotSqlSource('db/schema/', { shadowUrl: 'postgres://postgres@localhost/postgres' });
 */
export async function snapshotSqlSource(path: string, options: SqlSourceOptions = {}): Promise<Snapshot> {
  const scripts = await readScripts(path);
  const snap = await withScriptsApplied(scripts, { shadowUrl: options.shadowUrl }, (shadow) =>
    introspect(
      shadow.db,
      { ownersDeclared: false, schemas: options.schemas, excludeSchemas: options.excludeSchemas },
      { kind: 'sql', description: path },
    ),
  );
  // The shadow installs its own default version of each extension; the SQL declares none.
  return { ...snap, extensions: snap.extensions.map((x) => ({ ...x, version: null })) };
}

/** The scripts `path` stands for, in the order they are applied. */
export async function readScripts(path: string): Promise<readonly SqlScript[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  if (!isFolder) return [await readScript(path)];

  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new InputError(`${path}: no .sql files in this folder`);
  const scripts: SqlScript[] = [];
  for (const name of names) scripts.push(await readScript(join(path, name)));
  return scripts;
}

async function readScript(path: string): Promise<SqlScript> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new InputError(`${path}: not valid UTF-8 text`, { cause: err });
  }
  // The decoder drops a byte-order mark, which keeps the columns of line 1 right.
  return { name: path, text };
}

function describeFsError(err: unknown): string {
  switch ((err as { code?: string }).code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return (err as Error).message;
  }
}
