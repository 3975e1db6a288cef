/**
 * What introspection needs from a connection: both `pg.Client` and PGlite satisfy it, so the
 * live database and the embedded shadow are read by the very same queries.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface IntrospectOptions {
  /** Only these schemas (default: every non-system schema). */
  readonly schemas?: readonly string[];
  /** Leave these schemas out. */
  readonly excludeSchemas?: readonly string[];
  /**
   * False for a shadow database: owners there are whoever applied the SQL, so `owner`
   * fields are set to null unless the SQL changed them explicitly (owner ≠ current_user).
   */
  readonly ownersDeclared: boolean;
  /**
   * Migration-tool bookkeeping tables to leave out, in any schema (default:
   * `DEFAULT_BOOKKEEPING_TABLES`, e.g. `alembic_version`). Give the full list, e.g. to add an
   * Alembic `version_table` with a custom name.
   */
  readonly bookkeepingTables?: readonly string[];
  /**
   * A live database, which other sessions may change while it is read: once everything is read,
   * check whether another session dropped some of the objects read (the deparse functions see
   * the server's current catalog, not the read transaction's snapshot). `'throw'` a
   * `CatalogChangedError` so that the caller reads again in a new transaction; `'leave-out'`
   * those objects, each whole. The check ends the first session's transaction (it needs a new
   * one to see the drops). Unset (a shadow database, which nothing else changes): no check.
   */
  readonly droppedWhileReading?: 'throw' | 'leave-out';
}

/** What introspect tells its caller while it reads (all optional). */
export interface IntrospectHooks {
  /**
   * A session introspection no longer needs (its queries done, its settings restored) while
   * other sessions may still be reading and rows still being mapped: the caller can end its
   * transaction and close it now instead of after the whole snapshot (closing a session whose
   * caches hold a large catalog takes the server ~15 ms). Awaited before introspect returns;
   * after a failure no further session is handed back.
   */
  readonly sessionDone?: (session: Queryable) => Promise<void>;
}
