import { InputError } from '../errors.js';
import { FORMAT_VERSION, type Snapshot, type SnapshotSource } from '../model/snapshot.js';
import { DEFAULT_BOOKKEEPING_TABLES } from './bookkeeping.js';
import { loadSql, type CatalogQueryName } from './load-sql.js';
import { mapContext } from './map/context.js';
import { mapConstraint, type ConstraintRow } from './map/constraints.js';
import { mapRoutine, routineKey, type FunctionRow, type FunctionSqlBodyRow } from './map/functions.js';
import { mapIndex, type IndexRow } from './map/indexes.js';
import { mapExtension, mapSchema, type ExtensionRow, type SchemaRow } from './map/schemas.js';
import { mapGrant, mapPolicy, type GrantRow, type PolicyRow } from './map/security.js';
import { mapSequence, type SequenceRow } from './map/sequences.js';
import { groupColumns, mapTable, type ColumnRow, type TableRow } from './map/tables.js';
import { mapTrigger, type TriggerRow } from './map/triggers.js';
import { mapCompositeType, mapDomain, mapEnum, type CompositeTypeRow, type DomainRow, type EnumRow } from './map/types.js';
import { mapView, type ViewRow } from './map/views.js';
import type { IntrospectOptions, Queryable } from './queryable.js';
import { runQueries, type PlannedQuery, type QueryChain } from './run-queries.js';
import { sortSnapshot } from '../model/canonical-order.js';

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
}

/**
 * search_path, TimeZone, DateStyle, IntervalStyle, extra_float_digits, jit while reading:
 * every user object schema-qualified, constants spelled the same whatever the server's
 * defaults, and no JIT compilation (slower than the short catalog queries it would compile).
 */
const PINNED_SETTINGS = ['', 'UTC', 'ISO, MDY', 'postgres', '1', 'off'];

/**
 * Reads the schema of the database behind `db` into a Snapshot, in a fixed number of queries
 * whatever the number of objects. `db` must be one session (a `pg.Client` or PGlite, not a
 * pool): the settings that shape catalog text (search_path, TimeZone, DateStyle,
 * IntervalStyle, extra_float_digits) are pinned while reading, so that the same schema prints
 * the same on every server, and restored afterwards.
 *
 * `db` may also be several sessions that see one and the same state of the database (a
 * snapshot exported by the first with `pg_export_snapshot()` and imported by the others with
 * `SET TRANSACTION SNAPSHOT`): the catalog queries are then spread over them and run at the
 * same time on the server. The number of round trips still does not depend on the schema.
 *
 * It only reads; run it inside a `REPEATABLE READ READ ONLY` transaction for a consistent
 * picture of a live database (as `snapshotDatabase` does).
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
  let failed = false;
  try {
    return await readCatalog(sessions, options, source, server, version);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const restored = await Promise.allSettled(
      sessions.map((s, i) => {
        const own = servers[i] as ServerRow;
        return s.query(pin, [own.search_path, own.timezone, own.datestyle, own.intervalstyle, own.extra_float_digits, own.jit]);
      }),
    );
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
  const results = await runQueries(sessions, chains);
  const rows = <R>(name: CatalogQueryName): R[] => (results.get(name) ?? []) as R[];
  const schemaRows = rows<SchemaRow>('schemas');
  const extensionRows = rows<ExtensionRow>('extensions');
  const tableRows = rows<TableRow>('tables');
  const columnRows = rows<ColumnRow>('columns');
  const constraintRows = rows<ConstraintRow>('constraints');
  const indexRows = rows<IndexRow>('indexes');
  const sequenceRows = rows<SequenceRow>('sequences');
  const viewRows = rows<ViewRow>('views');
  const functionRows = rows<FunctionRow>('functions');
  const sqlBodyRows = rows<FunctionSqlBodyRow>('function-sql-bodies');
  const triggerRows = rows<TriggerRow>('triggers');
  const enumRows = rows<EnumRow>('enums');
  const domainRows = rows<DomainRow>('domains');
  const compositeRows = rows<CompositeTypeRow>('composite-types');
  const policyRows = rows<PolicyRow>('policies');
  const grantRows = rows<GrantRow>('grants');

  const ctx = mapContext(options.ownersDeclared, server.current_user);
  const columns = groupColumns(columnRows);
  const sqlBodies = new Map(sqlBodyRows.map((r) => [routineKey(r.schema, r.name, r.identity_arguments), r.body]));

  // One definition of the canonical order (model/canonical-order.ts) serves every source.
  return sortSnapshot({
    formatVersion: FORMAT_VERSION,
    source: { ...source, serverVersionNum: version },
    schemas: schemaRows.map((r) => mapSchema(r, ctx)),
    extensions: extensionRows.map(mapExtension),
    tables: tableRows.map((r) => mapTable(r, columns, ctx)),
    constraints: constraintRows.map(mapConstraint),
    indexes: indexRows.map(mapIndex),
    sequences: sequenceRows.map((r) => mapSequence(r, ctx)),
    views: viewRows.map((r) => mapView(r, ctx)),
    functions: functionRows.map((r) => mapRoutine(r, sqlBodies, ctx)),
    triggers: triggerRows.map(mapTrigger),
    enums: enumRows.map((r) => mapEnum(r, ctx)),
    domains: domainRows.map((r) => mapDomain(r, ctx)),
    compositeTypes: compositeRows.map((r) => mapCompositeType(r, ctx)),
    policies: policyRows.map(mapPolicy),
    grants: grantRows.map(mapGrant),
  });
}
