import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { diagnosisValidator } from './support/remedies.js';

const TIMEOUT = 120_000;
const GOLANG = join('fixtures', 'migrations', 'golang-migrate');
const validate = diagnosisValidator();
const databases: TestDatabase[] = [];
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pgdrift-diagnose-cli-'));
});
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  await rm(scratch, { recursive: true, force: true });
});

/** golang-migrate fixture applied up to `version`, the way the tool records it. */
async function atVersion(version: number, dirty = false): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_diag_cli');
  databases.push(db);
  const names = ['000001_create_users', '000002_add_posts', '000003_users_display_name'].slice(0, version);
  for (const n of names) await db.exec(await readFile(join(repoRoot, GOLANG, `${n}.up.sql`), 'utf8'));
  await db.exec(`CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (${version}, ${dirty})`);
  return db;
}

test('a healthy database: exit 0, the verdict first, nothing to do', async () => {
  const db = await atVersion(3);
  const r = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('✓ healthy: the schema is exactly revision 3 (users display name) as recorded, the head');
  expect(r.stdout).not.toContain('what to do');
  const json = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'json']);
  expect(json.code).toBe(0);
  const d = JSON.parse(json.stdout);
  expect(validate(d)).toBeNull();
  expect(d).toMatchObject({ state: 'healthy', status: 'ok', partial: null, drift: [], remedies: [], next: [], bestMatch: { revision: '3', distance: 0 } });
}, TIMEOUT);

test('consistent but behind: exit 0, and 1 with --require-head', async () => {
  const db = await atVersion(2);
  const r = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('✓ consistent: the schema is exactly revision 2 (add posts) as recorded; 1 revision pending');
  expect(r.stdout).toContain(`migrate -path ${GOLANG} -database "$DATABASE_URL" up`);
  expect((await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--require-head'])).code).toBe(1);
}, TIMEOUT);

test('--emit-sql on a healthy database writes nothing and says so; asking for a remedy it does not offer is bad usage', async () => {
  const db = await atVersion(3);
  const file = join(scratch, 'nothing.sql');
  const r = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--emit-sql', file]);
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n').at(-1)).toBe('no script written: nothing to fix');
  await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  const revert = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--emit-sql', file, '--remedy', 'revert']);
  expect(revert.code).toBe(2);
  expect(revert.stderr.trim().split('\n')).toEqual([`pgdrift: no revert remedy to write: nothing needs fixing (healthy: the schema is exactly revision 3 (users display name) as recorded, the head)`]);
}, TIMEOUT);

test.each<[string, readonly string[], RegExp]>([
  ['no --migrations', ['diagnose', '--db', 'postgres://x@127.0.0.1:1/x'], /^pgdrift: Missing required argument: migrations$/m],
  ['--remedy without --emit-sql', ['diagnose', '--db', 'postgres://x@127.0.0.1:1/x', '--migrations', GOLANG, '--remedy', 'revert'], /^pgdrift: --remedy chooses what --emit-sql writes: give --emit-sql FILE too$/m],
  ['an unknown remedy', ['diagnose', '--migrations', GOLANG, '--emit-sql', 'x.sql', '--remedy', 'undo'], /^pgdrift: Invalid values: Argument: remedy, Given: "undo", Choices: .*$/m],
  ['a flag without its value', ['diagnose', '--migrations', GOLANG, '--emit-sql'], /^pgdrift: Not enough arguments following: emit-sql$/m],
  ['a folder that does not exist', ['diagnose', '--db', 'postgres://x@127.0.0.1:1/x', '--migrations', 'no/such/folder'], /^pgdrift: no\/such\/folder: /],
])('bad input, %s: exit 2, one line', async (_name, args, message) => {
  const r = await runCli(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('nothing listening: exit 3, the password never printed', async () => {
  const r = await runCli(['diagnose', '--db', 'postgres://app:s3cret-pw@127.0.0.1:1/app', '--migrations', GOLANG, '--no-cache', '--connect-timeout', '2s']);
  expect(r.code).toBe(3);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('postgres://app:***@127.0.0.1:1/app');
  expect(r.stderr).not.toContain('s3cret-pw');
});

test('--help teaches the command with examples', async () => {
  const r = await runCli(['diagnose', '--help']);
  expect(r.code).toBe(0);
  for (const flag of ['--emit-sql', '--remedy', '--require-head', '--fail-on', '--format']) expect(r.stdout).toContain(flag);
  expect(r.stdout).toContain('pgdrift diagnose --migrations migrations --emit-sql fix.sql');
});
