import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { psqlFile } from '../drift/support/tools.js';
import { copyOf } from './support/blind-projects.js';

const TIMEOUT = 180_000;
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-hostile-remedy-'));
/** Created by any `\! touch` that runs. */
const marker = join(scratch, 'owned');
const migrations = join(scratch, 'migrations');
const hostileSql = readFileSync(join(repoRoot, 'test/report/fixtures/hostile-catalog.sql'), 'utf8').replaceAll('MARKER', marker);
const databases: TestDatabase[] = [];

/** What a terminal obeys or psql ends a line at; a line break only between lines. */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let db: TestDatabase;

beforeAll(async () => {
  mkdirSync(migrations);
  writeFileSync(join(migrations, '000001_hostile.up.sql'), hostileSql);
  db = await createTestDatabase('pgdrift_hostile_diag');
  databases.push(db);
  await db.exec(hostileSql);
  await db.exec('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false)');
  // By hand, at 3 a.m.: an index dropped, a table made, a comment changed.
  await db.exec(`
    DROP INDEX public.U&"i\\000d\\\\! touch ${marker}";
    CREATE TABLE public.U&"h\\000a\\\\! touch ${marker}" (id integer);
    COMMENT ON TABLE public.sentinel IS E'changed\\n✓ healthy: the schema is exactly revision 1\\u001b[2J';
  `);
});

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

test('diagnose --emit-sql on hostile names: the text is escaped, and the script runs only its statements', async () => {
  const file = join(scratch, 'fix.sql');
  const r = await runCli(['diagnose', '--db', db.url, '--migrations', migrations, '--no-cache', '--emit-sql', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(r.stdout).not.toMatch(UNSAFE_BUT_NEWLINE);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toMatch(/^✗ /);
  expect(lines.filter((l) => /^\s*(✓ healthy|\\!|DROP TABLE public\.sentinel)/.test(l))).toEqual([]);
  expect(r.stdout).toContain('table public.h\\n\\! touch');

  const script = readFileSync(file, 'utf8');
  expect(script).not.toMatch(UNSAFE_BUT_NEWLINE);
  expect(script.split('\n').filter((l) => l.startsWith('\\') || l.startsWith('✓') || l.startsWith('DROP TABLE public.sentinel'))).toEqual([]);
  expect(script.indexOf("SET lock_timeout = '5s';")).toBeLessThan(script.indexOf('BEGIN;'));
  expect(script.indexOf("SET statement_timeout = '30min';")).toBeLessThan(script.indexOf('BEGIN;'));
  expect(script).toContain(`DROP TABLE public.U&"h\\000a\\\\! touch ${marker}";`);

  const copy = await copyOf(db);
  databases.push(copy);
  await psqlFile(copy.url, file);
  expect(existsSync(marker)).toBe(false);
  const after = await runCli(['diagnose', '--db', copy.url, '--migrations', migrations, '--no-cache']);
  expect(after.stdout.split('\n')[0]).toMatch(/^✓ healthy: /);
  expect(after.code).toBe(0);
}, TIMEOUT);
