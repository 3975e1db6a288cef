import pg from 'pg';
import { introspect } from '../../src/catalog/introspect.js';
import { compare } from '../../src/compare/compare.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * Session settings that change how the catalog prints constants and names: a server (or one
 * database, or one role) configured with them must read the same as the PGlite shadow, which
 * keeps the defaults. `bytea_output = escape` survives in legacy setups; the others are rarer but
 * settable by any user.
 */
const SCHEMA = String.raw`
CREATE SCHEMA "Sch";
CREATE TYPE "Sch"."Mood" AS ENUM ('ok');
CREATE DOMAIN "Sch".code AS text CHECK (VALUE !~ '\s');
CREATE TABLE "Sch".t (
  token bytea DEFAULT '\xdeadbeef'::bytea,
  path text DEFAULT 'C:\temp' CHECK (path <> '\\'),
  mood "Sch"."Mood",
  code "Sch".code,
  n numeric(5, 2)
);
CREATE VIEW "Sch".v AS SELECT '\xff'::bytea AS b, 'a\b'::text AS s, mood FROM "Sch".t;
CREATE INDEX t_path ON "Sch".t (path) WHERE path <> 'x\y';
`;

const SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['bytea_output', 'escape'],
  ['standard_conforming_strings', 'off'],
  ['quote_all_identifiers', 'on'],
];

let db: TestDatabase;
let client: pg.Client;

async function read(): Promise<Snapshot> {
  return introspect(client, { ownersDeclared: true }, { kind: 'postgres', description: 'test' });
}

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_pin');
  await db.exec(SCHEMA);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

test.each(SETTINGS)('%s = %s does not change the snapshot, and is restored afterwards', async (name, value) => {
  const plain = await read();
  await client.query(`SELECT set_config($1, $2, false)`, [name, value]);
  try {
    const changes = (await compare(plain, await read())).changes;
    expect(changes.map((c) => `${c.kind} ${c.id} ${JSON.stringify(c.actual)}`)).toEqual([]);
    const after = await client.query<{ v: string }>('SELECT current_setting($1) AS v', [name]);
    expect(after.rows[0]?.v).toBe(value);
  } finally {
    await client.query(`RESET ${name}`);
  }
});
