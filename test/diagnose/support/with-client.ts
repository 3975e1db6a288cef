import pg from 'pg';

/**
 * Runs `use` on a new connection to `url` and closes the connection, however `use` ends.
 *
 * @example const n = await withClient(db.url, async (c) => (await c.query('SELECT 1 AS n')).rows[0].n) // 1
 */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
