import { InputError } from '../errors.js';
import { progress } from '../progress.js';
import { FORMAT_VERSION, type Snapshot, type SnapshotSource } from '../model/snapshot.js';
import { DEFAULT_BOOKKEEPING_TABLES } from './bookkeeping.js';
import { loadSql, type CatalogQueryName } from './load-sql.js';
import { mapContext } from './map/context.js';
import type { IntrospectHooks, IntrospectOptions, Queryable } from './queryable.js';
import { runQueries, type PlannedQuery, type QueryChain } from './run-queries.js';
import { snapshotLists } from './snapshot-lists.js';
import { sortSnapshot } from '../model/canonical-order.js';
import { CatalogChangedError, droppedWhileReading, leaveOutDropped } from './dropped-while-reading.js';

/** The oldest server whose catalog the queries read (pg_trigger.tgparentid is new in 13). */
export const MIN_SERVER_VERSION_NUM = 130000;

/** prosqlbody / pg_get_function_sqlbody (SQL-standard function bodies) exist from 14 on. */
const SQL_BODY_VERSION_NUM = 140000;

interface ServerRow {
  readonly server_version_num: number;
  readonly current_user: string;
  readonly search_path: string;
  readonly timezone: string;
  readonly datestyle: string;
  readonly intervalstyle: string;
  readonly extra_float_digits: string;
  readonly jit: string;
  readonly bytea_output: string;
  readonly standard_conforming_strings: string;
  readonly quote_all_identifiers: string;
}

/**
 * search_path, TimeZone, DateStyle, IntervalStyle, extra_float_digits, jit, bytea_output,
 * standard_conforming_strings, quote_all_identifiers while reading: every user object
 * schema-qualified, constants and names spelled the same whatever the server's defaults (a
 * server with `bytea_output = escape` prints `'\377'::bytea` where the PGlite shadow prints
 * `'\xff'::bytea`), and no JIT compilation (slower than the short catalog queries it would
 * compile). The order is pin-settings.sql's parameters.
 */
const PINNED_SETTINGS = ['', 'UTC', 'ISO, MDY', 'postgres', '1', 'off', 'hex', 'on', 'off'];

/** A session's own values of the pinned settings, in PINNED_SETTINGS order. */
function ownSettings(s: ServerRow): string[] {
  return [
    s.search_path,
    s.timezone,
    s.datestyle,
    s.intervalstyle,
    s.extra_float_digits,
    s.jit,
    s.bytea_output,
    s.standard_conforming_strings,
    s.quote_all_identifiers,
  ];
}

/**
 * Reads the schema of the database behind `db` into a Snapshot, in a fixed number of queries
 * whatever the number of objects. `db` must be one session (a `pg.Client` or PGlite, not a
 * pool): the settings that shape catalog text (search_path, TimeZone, DateStyle,
 * IntervalStyle, extra_float_digits, bytea_output, standard_conforming_strings,
 * quote_all_identifiers) are pinned while reading, so that the same schema prints
 * the same on every server, and restored afterwards.
 *
 * `db` may also be several sessions that see one and the same state of the database (a
 * snapshot exported by the first with `pg_export_snapshot()` and imported by the others with
 * `SET TRANSACTION SNAPSHOT`): the catalog queries are then spread over them and run at the
 * same time on the server. The number of round trips still does not depend on the schema.
 *
 * It only reads; run it inside a `REPEATABLE READ READ ONLY` transaction for a consistent
 * picture of a live database (as `snapshotDatabase` does). `hooks.sessionDone` hands each
 * session back as soon as its part is read, so that the caller can close it early.
 *
 * @example
 * const client = new pg.Client({ connectionString: url });
 * await client.connect();
 * const snap = await introspect(client, { ownersDeclared: true, schemas: ['public'] },
 *   { kind: 'postgres', description: redactUrl(url) });
 */
export async function introspect(
  db: Queryable | readonly Queryable[],
  options: IntrospectOptions,
  source: Omit<SnapshotSource, 'serverVersionNum'>,
  hooks: IntrospectHooks = {},
): Promise<Snapshot> {
  const sessions: readonly Queryable[] = isSessionList(db) ? db : [db];
  if (sessions.length === 0) throw new Error('introspect needs at least one session');
  // Each session's own settings, to restore them afterwards; the first one's facts decide.
  const servers = await Promise.all(sessions.map(async (s) => (await s.query<ServerRow>(await loadSql('server'))).rows[0]));
  const server = servers[0];
  if (!server || servers.some((s) => s === undefined)) throw new Error('server.sql returned no row');
  const version = Number(server.server_version_num);
  if (version < MIN_SERVER_VERSION_NUM) {
    throw new InputError(
      `${source.description}: PostgreSQL server_version_num ${version} is not supported (13 or later is needed)`,
    );
  }

  const pin = await loadSql('pin-settings');
  await Promise.all(sessions.map((s) => s.query(pin, PINNED_SETTINGS)));
  const restore = (i: number): Promise<unknown> => {
    const own = servers[i] as ServerRow;
    return (sessions[i] as Queryable).query(pin, ownSettings(own));
  };
  // Sessions handed back early: their settings are restored already.
  const released = new Set<Queryable>();
  const sessionDone = async (session: Queryable): Promise<void> => {
    await restore(sessions.indexOf(session));
    released.add(session);
    await hooks.sessionDone?.(session);
  };
  let failed = false;
  try {
    return await readCatalog(sessions, options, source, server, version, sessionDone);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const restored = await Promise.allSettled(sessions.map((s, i) => (released.has(s) ? null : restore(i))));
    const rejected = restored.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // After a failed query inside a transaction the restore fails too; the first error is
    // the one worth reporting.
    if (rejected && !failed) throw rejected.reason;
  }
}

function isSessionList(db: Queryable | readonly Queryable[]): db is readonly Queryable[] {
  return Array.isArray(db);
}

async function readCatalog(
  sessions: readonly Queryable[],
  options: IntrospectOptions,
  source: Omit<SnapshotSource, 'serverVersionNum'>,
  server: ServerRow,
  version: number,
  sessionDone: (session: Queryable) => Promise<void>,
): Promise<Snapshot> {
  const filter = [options.schemas ? [...options.schemas] : null, options.excludeSchemas ? [...options.excludeSchemas] : null];
  const filterAndTables = [...filter, [...(options.bookkeepingTables ?? DEFAULT_BOOKKEEPING_TABLES)]];

  const q = (name: CatalogQueryName, params: readonly unknown[]): PlannedQuery => ({ name, params });
  // Most expensive chain first (at 2,000 tables on PostgreSQL 15, server CPU: indexes ~220 ms,
  // constraints ~90, columns ~120, grants ~30, triggers ~30), so that several sessions finish
  // together; one session runs them all in this order.
  const chains: QueryChain[] = [
    // Index expressions and predicates, CHECK constraints and policy expressions are deparsed
    // with their table opened: in one session, each table's relation cache entry is built once.
    [q('indexes', filterAndTables), q('constraints', filterAndTables), q('policies', filterAndTables)],
    [
      q('columns', filterAndTables),
      q('tables', filterAndTables),
      q('sequences', filterAndTables),
      q('enums', filter),
      q('domains', filter),
      q('composite-types', filter),
    ],
    [
      q('grants', filterAndTables),
      q('triggers', filterAndTables),
      q('views', filter),
      q('functions', filter),
      ...(version >= SQL_BODY_VERSION_NUM ? [q('function-sql-bodies', filter)] : []),
      q('schemas', filter),
      q('extensions', filter),
    ],
  ];
  const collector = snapshotLists(mapContext(options.ownersDeclared, server.current_user), version >= SQL_BODY_VERSION_NUM);
  const check = options.droppedWhileReading;
  const primary = sessions[0] as Queryable;
  // The check for objects dropped meanwhile runs once every other query has ended, on the
  // first session, which is kept until then.
  const done = check ? (s: Queryable) => (s === primary ? Promise.resolve() : sessionDone(s)) : sessionDone;
  const reading = `reading the catalog of ${source.description}`;
  progress(reading);
  const rows = (name: CatalogQueryName, r: unknown[]): void => {
    if (name === 'tables') progress(`${reading}: ${r.length.toLocaleString('en-US')} tables`);
    collector.add(name, r);
  };
  await runQueries(sessions, chains, { rows, sessionDone: done });
  let lists = collector.lists();
  if (check) {
    const dropped = await droppedWhileReading(primary, filter);
    if (dropped.length > 0 && check === 'throw') throw new CatalogChangedError(dropped);
    await sessionDone(primary);
    if (dropped.length > 0) lists = leaveOutDropped(lists, dropped);
  }

  // One definition of the canonical order (model/canonical-order.ts) serves every source.
  return sortSnapshot({
    formatVersion: FORMAT_VERSION,
    source: { ...source, serverVersionNum: version },
    schemas: lists.schemas,
    extensions: lists.extensions,
    tables: lists.tables,
    constraints: lists.constraints,
    indexes: lists.indexes,
    sequences: lists.sequences,
    views: lists.views,
    functions: lists.functions,
    triggers: lists.triggers,
    enums: lists.enums,
    domains: lists.domains,
    compositeTypes: lists.compositeTypes,
    policies: lists.policies,
    grants: lists.grants,
  });
}
