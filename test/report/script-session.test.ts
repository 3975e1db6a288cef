import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-script-session-'));
let live: TestDatabase;
let wanted: TestDatabase;
let holder: pg.Client | null = null;

beforeAll(async () => {
  [live, wanted] = await Promise.all([createTestDatabase('pgdrift_lock_live'), createTestDatabase('pgdrift_lock_wanted')]);
  await Promise.all([live.exec('CREATE TABLE public.orders (id integer)'), wanted.exec('CREATE TABLE public.orders (id integer, note text)')]);
});

afterAll(async () => {
  await holder?.end();
  await Promise.all([live?.drop(), wanted?.drop()]);
  rmSync(scratch, { recursive: true, force: true });
});

test('a statement that needs ACCESS EXCLUSIVE says so, and gives up after lock_timeout instead of queueing every query behind it', async () => {
  const file = join(scratch, 'add-note.sql');
  const r = await runCli(['diff', live.url, wanted.url, '--sql', '-o', file]);
  expect(r.code).toBe(1);
  const script = readFileSync(file, 'utf8');
  const lines = script.split('\n');
  const alter = lines.indexOf('ALTER TABLE public.orders ADD COLUMN note text;');
  expect(lines[alter - 1]).toBe('--     takes an ACCESS EXCLUSIVE lock: no reads or writes of the table until the transaction ends (waits at most lock_timeout for it)');
  expect(lines.indexOf("SET lock_timeout = '5s';")).toBeLessThan(lines.indexOf('BEGIN;'));

  // A long report transaction reads the table, as production traffic does.
  holder = new pg.Client({ connectionString: live.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT count(*) FROM public.orders');
  const failed = await run('psql', ['--no-password', '--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '--dbname', live.url, '--file', file]).then(
    () => null,
    (err: { stderr?: string }) => err.stderr ?? String(err),
  );
  expect(failed).toMatch(/canceling statement due to lock timeout/);
  await holder.query('COMMIT');
  const columns = await holder.query("SELECT attname FROM pg_attribute WHERE attrelid = 'public.orders'::regclass AND attnum > 0 ORDER BY attnum");
  expect(columns.rows.map((row: { attname: string }) => row.attname)).toEqual(['id']);
});
