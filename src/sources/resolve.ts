import { statSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactConnectionString } from '../redact.js';
import { isConnectionString, isConnectionUrl } from '../connection/conninfo.js';

export interface SourceOptions {
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  /** A server for the shadow database instead of the embedded PGlite. */
  readonly shadowUrl?: string;
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/** The kinds of source pgdrift reads, as `source.kind` names them. */
export type SourceKind = 'postgres' | 'json' | 'sql';

/**
 * Tells what a source argument names: a database (URL or `host=… dbname=…`), a JSON snapshot,
 * or declarative SQL.
 *
 * @example sourceKind('db/schema.sql') // 'sql'
 */
export function sourceKind(spec: string): SourceKind {
  if (isConnectionUrl(spec)) return 'postgres';
  let isDir = false;
  try {
    isDir = statSync(spec).isDirectory();
  } catch {
    // A file of that name wins over libpq's keyword form (`host=db dbname=app`).
    if (isConnectionString(spec)) return 'postgres';
    if (/\.(json|sql)$/i.test(spec)) throw new InputError(`${spec}: no such file`);
    throw new InputError(`${redactConnectionString(spec)}: no such file or folder (expected a postgres:// URL, a .json snapshot, a .sql file or a folder of .sql files)`);
  }
  if (isDir) return 'sql';
  if (/\.json$/i.test(spec)) return 'json';
  if (/\.sql$/i.test(spec)) return 'sql';
  throw new InputError(`${redactConnectionString(spec)}: cannot tell what kind of source this is (expected a postgres:// URL, a .json snapshot, a .sql file or a folder of .sql files)`);
}

/**
 * Turns any source into a Snapshot: the one entry point the CLI and the library share.
 *
 * @example
 * const expected = await snapshot('db/schema.sql');
 * const actual = await snapshot('postgres://app@localhost/app', { schemas: ['public'] });
 */
export async function snapshot(spec: string, options: SourceOptions = {}): Promise<Snapshot> {
  // Each reader loads only what it needs (pg, ajv, PGlite are costly to import for a one-shot CLI).
  switch (sourceKind(spec)) {
    case 'postgres':
      return (await import('./database.js')).snapshotDatabase(spec, options);
    case 'json':
      return asFile(spec, filterSchemas(await (await import('../model/json.js')).readSnapshotFile(spec), options));
    case 'sql':
      return (await import('./sql-files.js')).snapshotSqlSource(spec, options);
  }
}

/** Reports name the file the user gave, and still say where its snapshot was taken. */
function asFile(spec: string, s: Snapshot): Snapshot {
  return { ...s, source: { ...s.source, kind: 'json', description: `${spec} (snapshot of ${s.source.description})` } };
}

/** A JSON snapshot holds every schema it was taken with; apply the same filters as a live read. */
function filterSchemas(s: Snapshot, options: SourceOptions): Snapshot {
  const keep = (schema: string): boolean =>
    (!options.schemas?.length || options.schemas.includes(schema)) && !options.excludeSchemas?.includes(schema);
  if (!options.schemas?.length && !options.excludeSchemas?.length) return s;
  return {
    ...s,
    schemas: s.schemas.filter((o) => keep(o.name)),
    extensions: s.extensions.filter((o) => keep(o.schema)),
    tables: s.tables.filter((o) => keep(o.schema)),
    constraints: s.constraints.filter((o) => keep(o.schema)),
    indexes: s.indexes.filter((o) => keep(o.schema)),
    sequences: s.sequences.filter((o) => keep(o.schema)),
    views: s.views.filter((o) => keep(o.schema)),
    functions: s.functions.filter((o) => keep(o.schema)),
    triggers: s.triggers.filter((o) => keep(o.schema)),
    enums: s.enums.filter((o) => keep(o.schema)),
    domains: s.domains.filter((o) => keep(o.schema)),
    compositeTypes: s.compositeTypes.filter((o) => keep(o.schema)),
    policies: s.policies.filter((o) => keep(o.schema)),
    grants: s.grants.filter((o) => keep(o.schema)),
  };
}
