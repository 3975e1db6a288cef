import pg from 'pg';

/**
 * The second server the version tests compare with: PGDRIFT_DRIFT_OTHER_URL, or Debian's
 * PostgreSQL 15 as the CI sets it up.
 */
export const OTHER_URL = process.env.PGDRIFT_DRIFT_OTHER_URL ?? 'postgres://postgres:pgdrift-ci@127.0.0.1:5432/postgres';

/** The server's major version, or why it cannot be had (the reason a test is skipped for). */
export async function majorOf(url: string): Promise<number | string> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => {});
  try {
    await c.connect();
    const r = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(r.rows[0]?.v) / 10000);
  } catch (error) {
    return `no second server at ${new URL(url).host}: ${(error as Error).message}`;
  } finally {
    await c.end().catch(() => {});
  }
}

/** The same server's URL for another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs SQL (one or more statements) in a session of its own. */
export async function runSql(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
