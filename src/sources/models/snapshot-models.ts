import { InputError } from '../../errors.js';
import { openClient } from '../../connection/connect.js';
import { introspect } from '../../catalog/introspect.js';
import type { Snapshot } from '../../model/snapshot.js';
import { withScriptsApplied } from '../../shadow/shadow-with-scripts.js';
import type { ModelStatement } from './create-all.js';
import { readModels, type ReadModelsOptions } from './read-models.js';

export interface ModelsSnapshotOptions extends ReadModelsOptions {
  /** Run `create_all`'s DDL on this server (a temporary database) instead of the embedded PGlite. */
  readonly shadowUrl?: string;
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
}

/**
 * The schema SQLAlchemy models declare: the DDL `metadata.create_all()` would run, applied to a
 * shadow database and introspected, so it compares with a live database object for object.
 *
 * @example const declared = await snapshotModels('backend/app/models');
 */
export async function snapshotModels(path: string, options: ModelsSnapshotOptions = {}): Promise<Snapshot> {
  return (await modelsSnapshot(path, options)).snapshot;
}

/** `snapshotModels`, with where each table and column is declared (see `ModelsRead.origins`). */
export async function modelsSnapshot(path: string, options: ModelsSnapshotOptions = {}): Promise<{ readonly snapshot: Snapshot; readonly origins: ReadonlyMap<string, string> }> {
  // create_all's DDL depends a little on the server (a Computed column's storage): the one the
  // schema is meant for when known, else the shadow's.
  const serverVersionNum = options.serverVersionNum ?? (options.shadowUrl ? await serverVersion(options.shadowUrl) : EMBEDDED_SHADOW_VERSION);
  const { statements, origins } = await readModels(path, { ...options, serverVersionNum });
  const name = `${path} (create_all)`;
  const { text, lines } = script(statements);
  try {
    const snapshot = await withScriptsApplied([{ name, text }], { shadowUrl: options.shadowUrl }, (shadow) =>
      introspect(shadow.db, { ownersDeclared: false, schemas: options.schemas, excludeSchemas: options.excludeSchemas }, { kind: 'models', description: `models ${path}` }),
    );
    return { snapshot, origins };
  } catch (err) {
    throw atModel(err, name, statements, lines);
  }
}

/** The embedded shadow's PostgreSQL (PGlite), as `server_version_num`. */
const EMBEDDED_SHADOW_VERSION = 180000;

async function serverVersion(url: string): Promise<number> {
  const client = await openClient(url);
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Number(rows[0]?.v ?? 0);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The statements as one script, and the line each starts on. */
function script(statements: readonly ModelStatement[]): { text: string; lines: number[] } {
  const lines: number[] = [];
  let line = 1;
  const parts: string[] = [];
  for (const s of statements) {
    lines.push(line);
    const text = `${s.sql};`;
    parts.push(text);
    line += text.split('\n').length;
  }
  return { text: parts.join('\n'), lines };
}

/**
 * A statement PostgreSQL refuses is cited at the model that declares it: the DDL is pgdrift's
 * rendering, the model is what the user can change.
 */
function atModel(err: unknown, name: string, statements: readonly ModelStatement[], lines: readonly number[]): unknown {
  if (!(err instanceof InputError) || !err.message.startsWith(`${name}:`)) return err;
  const m = /^:(\d+):\d+: (.*)$/s.exec(err.message.slice(name.length));
  if (!m) return err;
  const line = Number(m[1]);
  let i = 0;
  while (i + 1 < lines.length && (lines[i + 1] as number) <= line) i++;
  const statement = statements[i];
  if (!statement) return err;
  const where = statement.origin.source.where(statement.origin.node);
  return new InputError(`${where}: PostgreSQL refuses what this model declares (${m[2]}) in: ${statement.sql.split('\n')[0]}`, { cause: err });
}
