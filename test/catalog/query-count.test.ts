import pg from 'pg';
import { introspect } from '../../src/catalog/introspect.js';
import type { Queryable } from '../../src/catalog/queryable.js';
import { InputError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** A Queryable that counts round trips and can pretend to be another server version. */
function counting(client: pg.Client, fakeVersion?: number): Queryable & { readonly sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    async query<R>(text: string, params?: unknown[]) {
      sql.push(text);
      const result = await client.query(text, params);
      if (fakeVersion !== undefined && 'server_version_num' in (result.rows[0] ?? {})) {
        result.rows[0].server_version_num = fakeVersion;
      }
      return { rows: result.rows as R[] };
    },
  };
}

/** `n` tables, each with a serial key, a foreign key, an index, a check, a trigger and a view. */
function schemaOf(n: number): string {
  const parts = [
    'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;',
    'CREATE TABLE t0 (id serial PRIMARY KEY);',
  ];
  for (let i = 1; i <= n; i++) {
    parts.push(
      `CREATE TABLE t${i} (id serial PRIMARY KEY, parent integer REFERENCES t${i - 1} (id), name text CHECK (name <> ''), at timestamptz DEFAULT now());`,
      `CREATE INDEX t${i}_name ON t${i} (lower(name)) WHERE name IS NOT NULL;`,
      `CREATE TRIGGER t${i}_f BEFORE INSERT ON t${i} FOR EACH ROW EXECUTE FUNCTION f();`,
      `CREATE VIEW v${i} AS SELECT id, name FROM t${i};`,
      `COMMENT ON TABLE t${i} IS 'table ${i}';`,
    );
  }
  return parts.join('\n');
}

async function withDatabase<T>(sql: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const db: TestDatabase = await createTestDatabase('pgdrift_count');
  try {
    await db.exec(sql);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
  }
}

const source = { kind: 'postgres', description: 'test' };

it('uses the same number of queries for 5 and for 50 tables', async () => {
  const run = (n: number) =>
    withDatabase(schemaOf(n), async (client) => {
      const db = counting(client);
      const snap = await introspect(db, { ownersDeclared: true }, source);
      return { queries: db.sql.length, tables: snap.tables.length, triggers: snap.triggers.length, views: snap.views.length };
    });
  const small = await run(5);
  const large = await run(50);
  expect(small).toEqual({ queries: small.queries, tables: 6, triggers: 5, views: 5 });
  expect(large).toEqual({ queries: small.queries, tables: 51, triggers: 50, views: 50 });
  // server facts, pin settings, 16 object queries, restore settings
  expect(small.queries).toBe(19);
});

it('restores the session settings it pins while reading', async () => {
  await withDatabase('CREATE TABLE t (at timestamptz DEFAULT now())', async (client) => {
    await client.query("SET search_path = pg_catalog, public; SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'SQL, DMY'");
    const snap = await introspect(client, { ownersDeclared: true }, source);
    expect(snap.tables.map((t) => t.name)).toEqual(['t']);
    const after = await client.query<{ sp: string; tz: string; ds: string }>(
      "SELECT current_setting('search_path') AS sp, current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds",
    );
    expect(after.rows[0]).toEqual({ sp: 'pg_catalog, public', tz: 'Asia/Tokyo', ds: 'SQL, DMY' });
  });
});

it('skips SQL-standard bodies before PostgreSQL 14 and refuses servers older than 13', async () => {
  await withDatabase('CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS $$SELECT 1$$', async (client) => {
    const on13 = counting(client, 130000);
    const snap = await introspect(on13, { ownersDeclared: true }, source);
    expect(snap.source.serverVersionNum).toBe(130000);
    expect(on13.sql.some((s) => s.includes('pg_get_function_sqlbody'))).toBe(false);
    expect(on13.sql).toHaveLength(18);
    expect(snap.functions.map((f) => [f.name, f.body])).toEqual([['one', 'SELECT 1']]);

    const on12 = introspect(counting(client, 120000), { ownersDeclared: true }, source);
    await expect(on12).rejects.toBeInstanceOf(InputError);
    await expect(on12).rejects.toThrow('test: PostgreSQL server_version_num 120000 is not supported (13 or later is needed)');
  });
});
