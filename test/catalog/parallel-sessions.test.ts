import { availableParallelism } from 'node:os';
import pg from 'pg';
import { introspect } from '../../src/catalog/introspect.js';
import type { Queryable } from '../../src/catalog/queryable.js';
import { defaultConnections, snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createRoles, dropRoles, execAdmin, fixtureSql, roleName } from './fixture.js';

const PASSWORD = 'par-Pa55word';
const ro = roleName('par_ro');
let db: TestDatabase;

beforeAll(async () => {
  await createRoles('reader', 'owner');
  db = await createTestDatabase('pgdrift_par');
  await db.exec(fixtureSql());
  await execAdmin(`DROP ROLE IF EXISTS ${ro}; CREATE ROLE ${ro} LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_read_all_data`);
  await execAdmin(`ALTER ROLE ${ro} SET default_transaction_read_only = on`);
});

afterAll(async () => {
  await db?.drop();
  await execAdmin(`DROP ROLE IF EXISTS ${ro}`);
  await dropRoles('reader', 'owner');
});

/** Connections of this test's database that pgdrift still holds open. */
async function openPgdriftConnections(): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgdrift'",
    );
    return rows[0]?.n ?? -1;
  } finally {
    await c.end();
  }
}

it('reads the same snapshot over one connection and over three, and closes them all', async () => {
  const one = await snapshotDatabase(db.url, { connections: 1 });
  const three = await snapshotDatabase(db.url, { connections: 3 });
  expect(three).toEqual(one);
  expect(one.tables.length).toBeGreaterThan(5);
  expect(await openPgdriftConnections()).toBe(0);
});

it('works with several connections for a role that can only read', async () => {
  const u = new URL(db.url);
  u.username = ro;
  u.password = PASSWORD;
  const asReader = await snapshotDatabase(u.toString(), { connections: 3 });
  const asOwner = await snapshotDatabase(db.url, { connections: 1 });
  expect({ ...asReader, source: null }).toEqual({ ...asOwner, source: null });
});

/** Sessions that log the SQL they run, all inside one exported snapshot. */
async function sharedSnapshotSessions(n: number): Promise<{ sessions: (Queryable & { sql: string[] })[]; close: () => Promise<void> }> {
  const clients = await Promise.all(
    Array.from({ length: n }, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return c;
    }),
  );
  const [first, ...rest] = clients as [pg.Client, ...pg.Client[]];
  await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const id = (await first.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s;
  for (const c of rest) await c.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${id}'`);
  const sessions = clients.map((c) => {
    const sql: string[] = [];
    return {
      sql,
      async query<R>(text: string, params?: unknown[]) {
        sql.push(text);
        return { rows: (await c.query(text, params)).rows as R[] };
      },
    };
  });
  return {
    sessions,
    close: async () => {
      for (const c of clients) {
        await c.query('COMMIT');
        await c.end();
      }
    },
  };
}

it('spreads the catalog queries over the sessions it is given, each query once', async () => {
  const single = await sharedSnapshotSessions(1);
  const triple = await sharedSnapshotSessions(3);
  try {
    const source = { kind: 'postgres', description: 'test' };
    const alone = await introspect(single.sessions[0] as Queryable, { ownersDeclared: true }, source);
    const spread = await introspect(triple.sessions, { ownersDeclared: true }, source);
    expect(spread).toEqual(alone);

    const objectQueries = (s: { sql: string[] }[]) =>
      s.flatMap((x) => x.sql).filter((q) => !/set_config\('search_path'|current_setting\('server_version_num'\)/.test(q));
    // The same object queries, none twice; per session: server facts, pin, restore.
    expect(objectQueries(triple.sessions).sort()).toEqual(objectQueries(single.sessions).sort());
    expect(new Set(objectQueries(triple.sessions)).size).toBe(objectQueries(triple.sessions).length);
    expect(triple.sessions.map((s) => s.sql.length - objectQueries([s]).length)).toEqual([3, 3, 3]);
    expect(triple.sessions.every((s) => objectQueries([s]).length > 0)).toBe(true);
  } finally {
    await single.close();
    await triple.close();
  }
});

it('opens three sessions, or no more than this machine has cores when the server runs on it', () => {
  expect(defaultConnections('db.example.com')).toBe(3);
  expect(defaultConnections('10.0.0.7')).toBe(3);
  const local = Math.min(3, availableParallelism());
  expect(['localhost', '127.0.0.1', '::1', '/var/run/postgresql'].map(defaultConnections)).toEqual([local, local, local, local]);
});
