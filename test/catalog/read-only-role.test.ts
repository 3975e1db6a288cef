import pg from 'pg';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createRoles, dropRoles, execAdmin, fixtureSql, roleName } from './fixture.js';

const PASSWORD = 'ro-Pa55word';
const ro = roleName('ro');
let db: TestDatabase;

beforeAll(async () => {
  await createRoles('reader', 'owner');
  db = await createTestDatabase('pgdrift_ro');
  await db.exec(fixtureSql());
  await execAdmin(`DROP ROLE IF EXISTS ${ro}; CREATE ROLE ${ro} LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_read_all_data`);
  await execAdmin(`ALTER ROLE ${ro} SET default_transaction_read_only = on`);
});

afterAll(async () => {
  await db?.drop();
  await execAdmin(`DROP ROLE IF EXISTS ${ro}`);
  await dropRoles('reader', 'owner');
});

function asReadOnlyRole(url: string): string {
  const u = new URL(url);
  u.username = ro;
  u.password = PASSWORD;
  return u.toString();
}

it('the role really cannot write', async () => {
  const c = new pg.Client({ connectionString: asReadOnlyRole(db.url) });
  await c.connect();
  try {
    await expect(c.query('CREATE TABLE nope (id integer)')).rejects.toThrow(/read-only transaction/);
  } finally {
    await c.end();
  }
});

it('a read-only role sees exactly what the owner sees', async () => {
  const asOwner = await snapshotDatabase(db.url);
  const asReader = await snapshotDatabase(asReadOnlyRole(db.url));
  expect(asReader.source.description).toContain(`${ro}:***@`);
  expect({ ...asReader, source: null }).toEqual({ ...asOwner, source: null });
  expect(asReader.tables.length).toBeGreaterThan(5);
  expect(asReader.grants.length).toBeGreaterThan(5);
});
