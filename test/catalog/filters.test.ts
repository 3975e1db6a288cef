import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_filter');
  await db.exec(`
    CREATE SCHEMA a; CREATE SCHEMA b; CREATE SCHEMA c; CREATE SCHEMA ext;
    CREATE EXTENSION citext SCHEMA ext;
    CREATE TABLE a.t (id serial PRIMARY KEY, v ext.citext);
    CREATE TABLE b.t (id integer PRIMARY KEY);
    CREATE TABLE c.t (id integer);
    CREATE FUNCTION b.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
    CREATE TYPE c.e AS ENUM ('x');
    CREATE TABLE a.schema_migrations (version text PRIMARY KEY);
    CREATE TABLE b.flyway_schema_history (installed_rank integer PRIMARY KEY);
    CREATE TABLE c.my_versions (id serial PRIMARY KEY);
  `);
});

afterAll(async () => {
  await db?.drop();
});

const names = (list: readonly { schema: string; name: string }[]) => list.map((x) => `${x.schema}.${x.name}`);

it('reads every non-system schema by default, without bookkeeping tables and extension members', async () => {
  const snap = await snapshotDatabase(db.url);
  expect(snap.schemas.map((s) => s.name)).toEqual(['a', 'b', 'c', 'ext', 'public']);
  expect(names(snap.tables)).toEqual(['a.t', 'b.t', 'c.my_versions', 'c.t']);
  expect(snap.extensions.map((e) => [e.name, e.schema])).toEqual([['citext', 'ext']]);
  expect(names(snap.functions)).toEqual(['b.f']);
  expect(snap.enums.map((e) => e.name)).toEqual(['e']);
  expect(snap.grants.filter((g) => g.schema === 'ext' && g.objectType !== 'schema')).toEqual([]);
});

it('keeps only the included schemas', async () => {
  const snap = await snapshotDatabase(db.url, { schemas: ['a', 'b'] });
  expect(snap.schemas.map((s) => s.name)).toEqual(['a', 'b']);
  expect(names(snap.tables)).toEqual(['a.t', 'b.t']);
  expect(names(snap.functions)).toEqual(['b.f']);
  expect(snap.enums).toEqual([]);
  expect(snap.extensions).toEqual([]);
  expect(snap.sequences.map((s) => s.name)).toEqual(['t_id_seq']);
  expect(new Set(snap.constraints.map((c) => c.schema))).toEqual(new Set(['a', 'b']));
  expect(new Set(snap.grants.map((g) => g.schema))).toEqual(new Set(['b']));
});

it('leaves out excluded schemas, also combined with an include list', async () => {
  const excluded = await snapshotDatabase(db.url, { excludeSchemas: ['a', 'ext', 'public'] });
  expect(excluded.schemas.map((s) => s.name)).toEqual(['b', 'c']);
  expect(names(excluded.tables)).toEqual(['b.t', 'c.my_versions', 'c.t']);
  expect(excluded.extensions).toEqual([]);
  const both = await snapshotDatabase(db.url, { schemas: ['a', 'b'], excludeSchemas: ['b'] });
  expect(names(both.tables)).toEqual(['a.t']);
  expect(names(both.indexes)).toEqual(['a.t_pkey']);
});

it('takes a custom list of bookkeeping tables', async () => {
  const snap = await snapshotDatabase(db.url, { bookkeepingTables: ['my_versions'] });
  expect(names(snap.tables)).toEqual(['a.schema_migrations', 'a.t', 'b.flyway_schema_history', 'b.t', 'c.t']);
  // The serial sequence of a bookkeeping table goes with it.
  expect(names(snap.sequences)).toEqual(['a.t_id_seq']);
});
