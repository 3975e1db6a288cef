import { loadSql, type CatalogQueryName } from './load-sql.js';
import type { Queryable } from './queryable.js';

/** One catalog query to run: its `.sql` file and the values of its parameters. */
export interface PlannedQuery {
  readonly name: CatalogQueryName;
  readonly params: readonly unknown[];
}

/**
 * Queries that run one after another on one session. A session keeps what its queries loaded
 * into its catalog caches: PostgreSQL builds a table's relation cache entry (~25 µs a table)
 * the first time a deparse function of that session opens the table, so queries that open the
 * same tables share one chain and pay for that once.
 */
export type QueryChain = readonly PlannedQuery[];

/** What the caller of `runQueries` does with the results, while other sessions are still reading. */
export interface RunHooks {
  /** Each query's rows, as soon as they have arrived. */
  readonly rows: (name: CatalogQueryName, rows: unknown[]) => void;
  /** A session that has no query left to run; awaited before `runQueries` returns. */
  readonly sessionDone?: (session: Queryable) => Promise<void>;
}

/**
 * Runs every query once, spread over `sessions`, and hands each query's rows to `hooks.rows`
 * as soon as they arrive. A session takes the next chain of the list as soon as it is free and
 * runs its queries in order, so a list that starts with the most expensive chains finishes
 * soonest; with one session the chains simply run in list order. Each query is one round trip
 * whatever the number of sessions.
 *
 * The sessions must see the same state of the database (one exported snapshot) for the result
 * to be one consistent picture. After a failure (a query, or a hook that throws) no further
 * query is started and no further session is reported done; the queries already running are
 * awaited (a session is never left busy) and the first error is thrown.
 *
 * @example
 * const rows = new Map();
 * await runQueries([client], [[{ name: 'tables', params: [null, null, ['alembic_version']] }]], {
 *   rows: (name, r) => rows.set(name, r),
 * });
 * rows.get('tables'); // [{ schema: 'public', name: 'users', … }]
 */
export async function runQueries(sessions: readonly Queryable[], chains: readonly QueryChain[], hooks: RunHooks): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | null = null;
  const work = async (session: Queryable): Promise<void> => {
    while (failure === null && next < chains.length) {
      for (const query of chains[next++] as QueryChain) {
        if (failure !== null) return;
        try {
          const result = await session.query(await loadSql(query.name), [...query.params]);
          hooks.rows(query.name, result.rows);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
    if (failure !== null || !hooks.sessionDone) return;
    try {
      await hooks.sessionDone(session);
    } catch (error) {
      failure ??= { error };
    }
  };
  await Promise.all(sessions.map(work));
  if (failure !== null) throw (failure as { readonly error: unknown }).error;
}
