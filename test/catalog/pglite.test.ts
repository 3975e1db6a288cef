import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { introspect } from '../../src/catalog/introspect.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { createTestDatabase } from '../helpers/db.js';
import { execAdmin, roleName } from './fixture.js';

const owner = roleName('pglite_owner');

/** Version-neutral DDL: no view text, whose spelling changed in PostgreSQL 16. */
const ddl = `
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('new', 'done');
CREATE DOMAIN app.code AS text CHECK (VALUE ~ '^[A-Z]+$');
CREATE TABLE app.items (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code app.code NOT NULL UNIQUE,
  status app.status NOT NULL DEFAULT 'new',
  price numeric(8, 2) CHECK (price > 0),
  total numeric GENERATED ALWAYS AS (price * 2) STORED,
  created_at timestamptz DEFAULT '2024-01-01 12:00:00+02'
);
CREATE TABLE app.lines (id bigserial PRIMARY KEY, item_id integer REFERENCES app.items ON DELETE CASCADE);
CREATE INDEX lines_item ON app.lines (item_id DESC) WHERE item_id IS NOT NULL;
CREATE FUNCTION app.bump() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER items_bump BEFORE UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.bump();
ALTER TABLE app.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_all ON app.items USING (status <> 'done');
CREATE TABLE app.owned (id integer);
ALTER TABLE app.owned OWNER TO ${owner};
CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
`;

let lite: PGlite;
let fromLite: Snapshot;

beforeAll(async () => {
  lite = new PGlite();
  await lite.exec(`CREATE ROLE ${owner}`);
  await lite.exec(ddl);
  fromLite = await introspect(lite, { ownersDeclared: false }, { kind: 'sql', description: 'schema.sql' });
});

afterAll(async () => {
  await lite?.close();
});

it('introspects the embedded shadow (PGlite) with the same queries', () => {
  expect(fromLite.source).toEqual({ kind: 'sql', description: 'schema.sql', serverVersionNum: expect.any(Number) });
  expect(fromLite.source.serverVersionNum).toBeGreaterThanOrEqual(180000);
  expect(fromLite.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['app.items', 'app.lines', 'app.owned']);
  const items = fromLite.tables[0];
  expect(items?.columns.map((c) => [c.name, c.type, c.default, c.generated])).toEqual([
    ['id', 'integer', null, null],
    ['code', 'app.code', null, null],
    ['status', 'app.status', "'new'::app.status", null],
    ['price', 'numeric(8,2)', null, null],
    ['total', 'numeric', null, '(price * (2)::numeric)'],
    // TimeZone pinned to UTC while reading.
    ['created_at', 'timestamp with time zone', "'2024-01-01 10:00:00+00'::timestamp with time zone", null],
  ]);
  expect(fromLite.sequences.map((s) => [s.name, s.ownedBy])).toEqual([['lines_id_seq', 'app.lines.id']]);
  expect(fromLite.indexes.find((i) => i.name === 'lines_item')?.keys).toEqual(['item_id DESC']);
  expect(fromLite.triggers.map((t) => t.name)).toEqual(['items_bump']);
  expect(fromLite.policies.map((p) => [p.name, p.roles])).toEqual([['items_all', ['public']]]);
});

it('reports owners as null unless the SQL set them explicitly', () => {
  expect(fromLite.schemas.find((s) => s.name === 'app')?.owner).toBeNull();
  expect(fromLite.tables.find((t) => t.name === 'items')?.owner).toBeNull();
  expect(fromLite.tables.find((t) => t.name === 'owned')?.owner).toBe(owner);
  expect(fromLite.functions.find((f) => f.name === 'bump')?.owner).toBeNull();
  expect(fromLite.enums[0]?.owner).toBeNull();
});

it('reads the same DDL on PGlite and on the test server identically', async () => {
  const db = await createTestDatabase('pgdrift_lite');
  await execAdmin(`DROP ROLE IF EXISTS ${owner}; CREATE ROLE ${owner}`);
  try {
    // Different session defaults on purpose: pinned settings make the text independent of them.
    await db.exec(`ALTER DATABASE "${db.name}" SET TimeZone = 'America/New_York'; ALTER DATABASE "${db.name}" SET DateStyle = 'German'`);
    await db.exec(ddl);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const fromServer = await introspect(client, { ownersDeclared: false }, { kind: 'sql', description: 'schema.sql' });
      expect({ ...fromServer, source: null }).toEqual({ ...fromLite, source: null });
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
    await execAdmin(`DROP ROLE IF EXISTS ${owner}`);
  }
});
