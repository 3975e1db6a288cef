import { introspect } from '../catalog/introspect.js';
import { InputError } from '../errors.js';
import { UnreadableHistory } from './unreadable.js';
import { DEFAULT_BOOKKEEPING_TABLES } from '../catalog/bookkeeping.js';
import type { IntrospectOptions } from '../catalog/queryable.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Shadow } from '../shadow/shadow.js';
import type { MigrationHistory, MigrationRevision } from './history.js';
import { cacheFile, cacheKey, readCached, writeCached, type FileDigests } from './expected-cache.js';

export interface ExpectedSchemaOptions {
  /** A server for the shadow database instead of the embedded PGlite. */
  readonly shadowUrl?: string;
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  /** Folder of cached expected schemas (default `.pgdrift-cache`); null turns the cache off. */
  readonly cacheDir?: string | null;
  /**
   * The cache entries this run has written so far (filled in as they are): one read back later in
   * the same run was still built by it, and is reported as `miss`, not as `hit`.
   */
  readonly builtThisRun?: Set<string>;
  /**
   * Expected schemas already built in this process, by revisions: a fleet check of many
   * databases at the same revision builds (or reads from the cache) each schema once.
   */
  readonly memo?: Map<string, Promise<ExpectedSchema>>;
}

export interface ExpectedSchema {
  readonly snapshot: Snapshot;
  /** `hit`: read from the cache, nothing applied · `miss`: applied and stored · `off`: no cache. */
  readonly cache: 'hit' | 'miss' | 'off';
  /** The cache entry read or written. */
  readonly cacheFile: string | null;
  /** The revisions applied, in order. */
  readonly revisions: readonly string[];
}

export const DEFAULT_CACHE_DIR = '.pgdrift-cache';

/**
 * The schema a database has once exactly `revisions` are applied, in apply order: they are
 * replayed on a shadow database and read back from its catalog (owners not declared). A result
 * is cached under a hash of the files those revisions come from, so an unchanged history is not
 * replayed again.
 *
 * @param label how the revisions are named in `source.description`, e.g. `head` or `c5d6e7f8091a`
 * @example
 * const history = await loadMigrationHistory('backend/app/migrations');
 * const [head] = history.graph.heads();
 * const { snapshot, cache } = await expectedSchema(history, history.graph.pathTo(head), 'head');
 */
export async function expectedSchema(
  history: MigrationHistory,
  revisions: readonly MigrationRevision[],
  label: string,
  options: ExpectedSchemaOptions = {},
): Promise<ExpectedSchema> {
  if (options.memo) {
    const key = `${label}\u0000${revisions.map((r) => r.id).join(' ')}`;
    let built = options.memo.get(key);
    if (!built) {
      built = expectedSchema(history, revisions, label, { ...options, memo: undefined });
      options.memo.set(key, built);
    }
    return built;
  }
  const slot = await cacheSlot(history, revisions, options);
  const cached = await slot.read(label);
  if (cached) return cached;
  try {
    return slot.store(await history.withApplied(revisions, { shadowUrl: options.shadowUrl }, (shadow) => readExpected(shadow, history, label, options)));
  } catch (err) {
    throw withBaseHint(err, revisions, history.tool);
  }
}

/**
 * SQLSTATEs of a statement naming a table, column or schema that does not exist (not 42704,
 * which is also a type or operator class an extension not loaded would have made).
 */
const MISSING_OBJECT = new Set(['42P01', '42703', '3F000']);

/** How each tool's histories usually start from a schema made elsewhere. */
const MADE_ELSEWHERE: Readonly<Record<string, string>> = {
  alembic: 'create_all() and `alembic stamp`',
  flyway: 'a baseline (baselineVersion)',
};

/**
 * A first revision (no parent) that changes what no revision created: the history starts from a
 * schema made some other way (`create_all()`, then `alembic stamp`; a dump), which an empty
 * shadow cannot have. Said, since the bare "does not exist" reads like a broken revision.
 */
function withBaseHint(err: unknown, revisions: readonly MigrationRevision[], tool: string): unknown {
  const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const failing = revisions.find((r) => err instanceof Error && err.message.startsWith(`${r.file}:`));
  if (!(err instanceof InputError) || typeof code !== 'string' || !MISSING_OBJECT.has(code) || !failing || failing.parents.length > 0) return err;
  return new InputError(
    `${err.message}; this is a first revision of the history, so what it changes was made before the history starts (${MADE_ELSEWHERE[tool] ?? 'by hand'}, a restored dump?), which pgdrift cannot replay from an empty database: use --migrate-cmd with the command that builds it`,
    { cause: err.cause },
  );
}

/**
 * For histories pgdrift interprets: reads every revision up to every head (each head's
 * expected schema, from the cache when the files are unchanged), so that no verdict, status
 * or remedy ever rests on a history the reader could not follow to the end.
 *
 * @example await ensureHistoryRead(history, { cacheDir: '.pgdrift-cache' });
 * @throws UnreadableHistory naming file:line:column and the construct not understood.
 */
export async function ensureHistoryRead(history: MigrationHistory, options: ExpectedSchemaOptions = {}): Promise<void> {
  if (!history.interpreted) return;
  for (const head of history.graph.heads()) {
    try {
      await expectedSchema(history, history.graph.pathTo(head), head, options);
    } catch (err) {
      // A revision whose SQL fails on any database is the history's own fault, a finding of its
      // own (diagnose judges it); only what the reader could not follow stops everything here.
      if (err instanceof UnreadableHistory) throw err;
      if (!(err instanceof InputError)) throw err;
    }
  }
}

/**
 * The cache entry of the schema at one set of revisions: what `expectedSchema` reads and
 * writes, shared with the stepwise replay of `expectedSchemasAlong` so that both hit the same entries.
 */
export interface CacheSlot {
  /** The cached schema, described as `<dir> at <label>`, or null (a miss, or no cache). */
  read(label: string): Promise<ExpectedSchema | null>;
  /** Stores a freshly read schema (a failed write costs speed, never the answer). */
  store(snapshot: Snapshot): Promise<ExpectedSchema>;
}

/** The cache slot of the schema at exactly `revisions`. */
export async function cacheSlot(history: MigrationHistory, revisions: readonly MigrationRevision[], options: ExpectedSchemaOptions, digests?: FileDigests): Promise<CacheSlot> {
  const ids = revisions.map((r) => r.id);
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const key =
    cacheDir === null
      ? null
      : await cacheKey({
          tool: history.tool,
          revisions: ids,
          files: history.inputFiles(revisions),
          root: history.dir,
          shadow: shadowIdentity(options.shadowUrl),
          options: { ...introspectOptions(history, options), versionTable: history.versionTable, ...(history.cacheIdentity !== undefined ? { via: history.cacheIdentity } : {}) },
          ...(digests ? { digests } : {}),
        });
  return {
    async read(label) {
      if (cacheDir === null || key === null) return null;
      const cached = await readCached(cacheDir, key);
      if (!cached) return null;
      const description = `${history.dir} at ${label}`;
      return { snapshot: { ...cached, source: { ...cached.source, description } }, cache: options.builtThisRun?.has(key) ? 'miss' : 'hit', cacheFile: cacheFile(cacheDir, key), revisions: ids };
    },
    async store(snapshot) {
      if (cacheDir === null || key === null) return { snapshot, cache: 'off', cacheFile: null, revisions: ids };
      let file: string | null = null;
      try {
        file = await writeCached(cacheDir, key, snapshot);
        options.builtThisRun?.add(key);
      } catch {
        // A read-only checkout or a full disk costs speed, never the answer.
      }
      return { snapshot, cache: 'miss', cacheFile: file, revisions: ids };
    },
  };
}

/** Reads the expected schema out of a shadow the revisions were applied to. */
export async function readExpected(shadow: Shadow, history: MigrationHistory, label: string, options: ExpectedSchemaOptions): Promise<Snapshot> {
  const raw = await introspect(shadow.db, introspectOptions(history, options), { kind: 'migrations', description: `${history.dir} at ${label}` });
  // The shadow installs its own default version of each extension; migrations rarely pin one.
  return { ...raw, extensions: raw.extensions.map((x) => ({ ...x, version: null })) };
}

function introspectOptions(history: MigrationHistory, options: ExpectedSchemaOptions): IntrospectOptions {
  const bookkeepingTables = [...new Set([...DEFAULT_BOOKKEEPING_TABLES, history.versionTable.split('.').pop() as string])];
  return {
    ownersDeclared: false,
    bookkeepingTables,
    ...(options.schemas ? { schemas: options.schemas } : {}),
    ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
  };
}

function shadowIdentity(shadowUrl: string | undefined): string {
  if (!shadowUrl) return 'embedded';
  try {
    const u = new URL(shadowUrl);
    return `server:${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'server';
  }
}
