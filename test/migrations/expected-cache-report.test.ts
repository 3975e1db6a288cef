import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_APP } from './alembic-helpers.js';
import { scratch } from './status-helpers.js';

// check --migrations reads the history to every head before it compares the schema at the
// recorded revision; at head that is the entry it has just stored. A first run must not say its
// expected schema came "from the cache" (a user trying the tool took that for a stale result).
const PROJECT = join(FIXTURE_APP, '..', 'constructs');
const HEAD = '0002bbbb0002';
const TIMEOUT = 120_000;

let db: TestDatabase;
let work: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase('pgdrift_cachereport');
  await db.exec(`CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('${HEAD}')`);
  work = await scratch('pgdrift-cache-report-');
}, TIMEOUT);
afterAll(async () => {
  await db?.drop();
  await work?.remove();
});

test('the run that builds the expected schema at head does not call it cached; the next run reads it from the cache', async () => {
  const args = ['check', '--migrations', PROJECT, '--db', db.url, '--cache-dir', join(work.dir, 'cache')];
  // The database has none of the tables: drift (exit 1), whatever the cache did.
  const first = await runCli(args);
  expect([first.code, first.stderr]).toEqual([1, '']);
  expect(first.stdout).toContain('schema at the recorded revision:');
  expect(first.stdout).not.toContain('from the cache');
  const second = await runCli([...args, '--format', 'json']);
  expect([second.code, second.stderr]).toEqual([1, '']);
  expect((JSON.parse(second.stdout) as { expected: { cache: string } }).expected.cache).toBe('hit');
}, TIMEOUT);

test('status takes the cache flags check takes: --no-cache writes nothing, --cache-dir is where it writes', async () => {
  const base = ['status', '--migrations', PROJECT, '--db', db.url];
  const off = await runCli([...base, '--no-cache'], {}, work.dir);
  expect([off.code, off.stderr]).toEqual([0, '']);
  expect(existsSync(join(work.dir, '.pgdrift-cache'))).toBe(false);
  const dir = join(work.dir, 'status-cache');
  const on = await runCli([...base, '--cache-dir', dir], {}, work.dir);
  expect([on.code, on.stderr]).toEqual([0, '']);
  expect(existsSync(dir)).toBe(true);
}, TIMEOUT);
