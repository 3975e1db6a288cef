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
import { byIdentity } from './sort.js';

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
}

/**
 * search_path, TimeZone, DateStyle, IntervalStyle, extra_float_digits while reading: every
 * user object schema-qualified, constants spelled the same whatever the server's defaults.
 */
const PINNED_SETTINGS = ['', 'UTC', 'ISO, MDY', 'postgres', '1'];

/**
 * Reads the schema of the database behind `db` into a Snapshot, in a fixed number of queries
 * whatever the number of objects. `db` must be one session (a `pg.Client` or PGlite, not a
 * pool): the settings that shape catalog text (search_path, TimeZone, DateStyle,
 * IntervalStyle, extra_float_digits) are pinned while reading, so that the same schema prints
 * the same on every server, and restored afterwards.
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
  db: Queryable,
  options: IntrospectOptions,
  source: Omit<SnapshotSource, 'serverVersionNum'>,
): Promise<Snapshot> {
  const server = (await db.query<ServerRow>(await loadSql('server'))).rows[0];
  if (!server) throw new Error('server.sql returned no row');
  const version = Number(server.server_version_num);
  if (version < MIN_SERVER_VERSION_NUM) {
    throw new InputError(
      `${source.description}: PostgreSQL server_version_num ${version} is not supported (13 or later is needed)`,
    );
  }

  await db.query(await loadSql('pin-settings'), PINNED_SETTINGS);
  let failed = false;
  try {
    return await readCatalog(db, options, source, server, version);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    try {
      await db.query(await loadSql('pin-settings'), [
        server.search_path,
        server.timezone,
        server.datestyle,
        server.intervalstyle,
        server.extra_float_digits,
      ]);
    } catch (error) {
      // After a failed query inside a transaction the restore fails too; the first error is
      // the one worth reporting.
      if (!failed) throw error;
    }
  }
}

async function readCatalog(
  db: Queryable,
  options: IntrospectOptions,
  source: Omit<SnapshotSource, 'serverVersionNum'>,
  server: ServerRow,
  version: number,
): Promise<Snapshot> {
  const filter = [options.schemas ? [...options.schemas] : null, options.excludeSchemas ? [...options.excludeSchemas] : null];
  const filterAndTables = [...filter, [...(options.bookkeepingTables ?? DEFAULT_BOOKKEEPING_TABLES)]];
  const run = async <R>(name: CatalogQueryName, params: unknown[]): Promise<R[]> =>
    (await db.query<R>(await loadSql(name), params)).rows;

  // One after the other: a single session runs one query at a time anyway.
  const schemaRows = await run<SchemaRow>('schemas', filter);
  const extensionRows = await run<ExtensionRow>('extensions', filter);
  const tableRows = await run<TableRow>('tables', filterAndTables);
  const columnRows = await run<ColumnRow>('columns', filterAndTables);
  const constraintRows = await run<ConstraintRow>('constraints', filterAndTables);
  const indexRows = await run<IndexRow>('indexes', filterAndTables);
  const sequenceRows = await run<SequenceRow>('sequences', filterAndTables);
  const viewRows = await run<ViewRow>('views', filter);
  const functionRows = await run<FunctionRow>('functions', filter);
  const sqlBodyRows =
    version >= SQL_BODY_VERSION_NUM ? await run<FunctionSqlBodyRow>('function-sql-bodies', filter) : [];
  const triggerRows = await run<TriggerRow>('triggers', filterAndTables);
  const enumRows = await run<EnumRow>('enums', filter);
  const domainRows = await run<DomainRow>('domains', filter);
  const compositeRows = await run<CompositeTypeRow>('composite-types', filter);
  const policyRows = await run<PolicyRow>('policies', filterAndTables);
  const grantRows = await run<GrantRow>('grants', filterAndTables);

  const ctx = mapContext(options.ownersDeclared, server.current_user);
  const columns = groupColumns(columnRows);
  const sqlBodies = new Map(sqlBodyRows.map((r) => [routineKey(r.schema, r.name, r.identity_arguments), r.body]));

  return {
    formatVersion: FORMAT_VERSION,
    source: { ...source, serverVersionNum: version },
    schemas: schemaRows.map((r) => mapSchema(r, ctx)).sort(byIdentity((s) => [s.name])),
    extensions: extensionRows.map(mapExtension).sort(byIdentity((e) => [e.name])),
    tables: tableRows.map((r) => mapTable(r, columns, ctx)).sort(byIdentity((t) => [t.schema, t.name])),
    constraints: constraintRows.map(mapConstraint).sort(byIdentity((c) => [c.schema, c.table, c.name])),
    indexes: indexRows.map(mapIndex).sort(byIdentity((i) => [i.schema, i.table, i.name])),
    sequences: sequenceRows.map((r) => mapSequence(r, ctx)).sort(byIdentity((s) => [s.schema, s.name])),
    views: viewRows.map((r) => mapView(r, ctx)).sort(byIdentity((v) => [v.schema, v.name])),
    functions: functionRows
      .map((r) => mapRoutine(r, sqlBodies, ctx))
      .sort(byIdentity((f) => [f.schema, f.name, f.identityArguments])),
    triggers: triggerRows.map(mapTrigger).sort(byIdentity((t) => [t.schema, t.table, t.name])),
    enums: enumRows.map((r) => mapEnum(r, ctx)).sort(byIdentity((e) => [e.schema, e.name])),
    domains: domainRows.map((r) => mapDomain(r, ctx)).sort(byIdentity((d) => [d.schema, d.name])),
    compositeTypes: compositeRows
      .map((r) => mapCompositeType(r, ctx))
      .sort(byIdentity((t) => [t.schema, t.name])),
    policies: policyRows.map(mapPolicy).sort(byIdentity((p) => [p.schema, p.table, p.name])),
    grants: grantRows
      .map(mapGrant)
      .sort(
        byIdentity((g) => [g.objectType, g.schema, g.object, g.column ?? '', g.grantee, g.privilege]),
      ),
  };
}
