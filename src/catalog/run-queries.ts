import { loadSql, type CatalogQueryName } from './load-sql.js';
import type { Queryable } from './queryable.js';

/** One catalog query to run: its `.sql` file and the values of its parameters. */
export interface PlannedQuery {
  readonly name: CatalogQueryName;
  readonly params: readonly unknown[];
}

/**
 * Runs every query once, spread over `sessions`, and returns the rows of each by name. A
 * session takes the next query of the list as soon as it is free, so a list that starts with
 * the most expensive queries finishes soonest; with one session the queries simply run in list
 * order. Each query is one round trip whatever the number of sessions.
 *
 * The sessions must see the same state of the database (one exported snapshot) for the result
 * to be one consistent picture. After a failure no further query is started; the queries
 * already running are awaited (a session is never left busy) and the first error is thrown.
 *
 * @example
 * const rows = await runQueries([client], [{ name: 'tables', params: [null, null, ['alembic_version']] }]);
 * rows.get('tables'); // [{ schema: 'public', name: 'users', … }]
 */
export async function runQueries(
  sessions: readonly Queryable[],
  queries: readonly PlannedQuery[],
): Promise<Map<CatalogQueryName, unknown[]>> {
  const rows = new Map<CatalogQueryName, unknown[]>();
  let next = 0;
  let failure: { readonly error: unknown } | null = null;
  const work = async (session: Queryable): Promise<void> => {
    while (failure === null && next < queries.length) {
      const query = queries[next++] as PlannedQuery;
      try {
        const result = await session.query(await loadSql(query.name), [...query.params]);
        rows.set(query.name, result.rows);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(sessions.map(work));
  if (failure !== null) throw (failure as { readonly error: unknown }).error;
  return rows;
}
