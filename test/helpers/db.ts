import pg from 'pg';

/** URL of the test server: started by global-setup, or given as PGDRIFT_TEST_URL. */
export function serverUrl(): string {
  const url = process.env.PGDRIFT_TEST_URL;
  if (!url) throw new Error('PGDRIFT_TEST_URL is not set: run the tests through jest (global-setup starts a server)');
  return url;
}

/** The server URL with another database name. */
export function urlFor(database: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

let counter = 0;

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs SQL (several statements allowed) in this database. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/** Creates a fresh, uniquely named database on the test server. */
export async function createTestDatabase(prefix = 'pgdrift_t'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    // template0: server.test.ts marks template1 for a moment, and files run in parallel.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  return {
    name,
    url,
    async exec(sql: string) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
