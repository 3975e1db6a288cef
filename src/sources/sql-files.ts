import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { InputError } from '../errors.js';
import { introspect } from '../catalog/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import { parseScript, type ParsedScript } from '../shadow/parsed-script.js';
import { withParsedScriptsApplied } from '../shadow/shadow-with-scripts.js';
import { whereIn, type SqlScript } from '../shadow/source-text.js';

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
  const snap = await withParsedScriptsApplied(await readParsedScripts(path), { shadowUrl: options.shadowUrl }, (shadow) =>
    introspect(
      shadow.db,
      { ownersDeclared: false, schemas: options.schemas, excludeSchemas: options.excludeSchemas },
      { kind: 'sql', description: path },
    ),
  );
  // The shadow installs its own default version of each extension; the SQL declares none.
  return { ...snap, extensions: snap.extensions.map((x) => ({ ...x, version: null })) };
}

/** The largest SQL file pgdrift reads: far beyond any schema, well below what would exhaust memory. */
export const MAX_SQL_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The scripts `path` stands for, in the order they are applied. Fails closed (an `InputError`
 * naming the file) on anything that could leave the expected schema silently incomplete or
 * read what is not the project's SQL: a folder without `.sql` files, a file without a single
 * statement, a NUL byte, a FIFO or device (a symlink to /dev/zero), a symlink leading outside
 * the project (the current folder) and the folder given, a file over `MAX_SQL_FILE_BYTES`.
 *
 * @example await readScripts('db/schema') // → [{ name: 'db/schema/01-types.sql', text: … }, …]
 */
export async function readScripts(path: string): Promise<readonly SqlScript[]> {
  return (await readParsedScripts(path)).map((parsed) => parsed.script);
}

/** `readScripts`, parsed: each file is parsed once, to tell that it holds a statement and to apply it. */
async function readParsedScripts(path: string): Promise<ParsedScript[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  const roots = [await realpath(process.cwd())];
  if (!isFolder) return [await readScript(path, roots)];
  roots.push(await realpath(path));

  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  const names = entries
    .filter((e) => !e.isDirectory() && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new InputError(`${path}: no .sql files in this folder`);
  const scripts: ParsedScript[] = [];
  for (const name of names) scripts.push(await readScript(join(path, name), roots));
  return scripts;
}

async function readScript(path: string, roots: readonly string[]): Promise<ParsedScript> {
  let bytes: Buffer;
  try {
    await refuseOutsideLink(path, roots);
    // Non-blocking, so that opening a FIFO does not wait for a writer; checked before reading.
    const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new InputError(`${path}: not a regular file (${kindOf(info)}); pgdrift reads SQL from files only`);
      if (info.size > MAX_SQL_FILE_BYTES) throw new InputError(`${path}: ${sizeOf(info.size)}, larger than the ${sizeOf(MAX_SQL_FILE_BYTES)} an SQL file may be`);
      bytes = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: ${describeFsError(err)}`, { cause: err });
  }
  // A file that grew while it was read.
  if (bytes.length > MAX_SQL_FILE_BYTES) throw new InputError(`${path}: larger than the ${sizeOf(MAX_SQL_FILE_BYTES)} an SQL file may be`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new InputError(`${path}: not valid UTF-8 text`, { cause: err });
  }
  // The decoder drops a byte-order mark, which keeps the columns of line 1 right.
  const script = { name: path, text };
  const nul = text.indexOf('\0');
  // PostgreSQL and its parser read text up to a NUL: whatever follows would silently not count.
  if (nul >= 0) throw new InputError(`${whereIn(script, nul)}: NUL byte in an SQL file (binary or damaged); nothing after it would be read`);
  const parsed = await parseScript(script);
  // (The parser rejects an empty text outright, so that counts as no statement too.)
  if (text.trim() === '' || parsed.statements?.length === 0) {
    throw new InputError(`${path}: no SQL statement (the file is empty or holds only comments); an empty expected schema would match nothing`);
  }
  return parsed;
}

/** A symlink must lead into the project (the current folder) or the folder given, not anywhere on the machine. */
async function refuseOutsideLink(path: string, roots: readonly string[]): Promise<void> {
  if (!(await lstat(path)).isSymbolicLink()) return;
  const target = await realpath(path);
  if (roots.some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep))) return;
  throw new InputError(`${path}: a symbolic link to ${target}, outside the project (${roots.join(', ')}); copy the file in instead`);
}

function kindOf(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
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
    case 'ELOOP':
      return 'a symbolic link that leads to itself';
    default:
      return (err as Error).message;
  }
}
