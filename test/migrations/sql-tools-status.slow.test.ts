import { readFile, writeFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, FileMigrationProvider } from 'kysely';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkMigrations, migrationStatus } from '../../src/migrations/check-migrations.js';
import { detectTool } from '../../src/migrations/detect-tool.js';
import { upSection } from '../../src/migrations/sql-tools/dbmate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { scratch, statusValidator } from './status-helpers.js';

const FIXTURES = join(repoRoot, 'fixtures', 'migrations');
const dir = (tool: string) => join(FIXTURES, tool);
const TIMEOUT = 180_000;

const databases: TestDatabase[] = [];
async function fresh(): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_sqltools');
  databases.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

/** Runs migration files as the tool would (whole file, one statement at a time is not needed here). */
async function runFiles(db: TestDatabase, files: readonly string[], transform: (text: string) => string = (t) => t): Promise<void> {
  for (const f of files) await db.exec(transform(await readFile(f, 'utf8')));
}

test('detects each tool from its folder', async () => {
  expect(await detectTool(dir('golang-migrate'))).toBe('golang-migrate');
  expect(await detectTool(dir('dbmate'))).toBe('dbmate');
  expect(await detectTool(dir('flyway'))).toBe('flyway');
  expect(await detectTool(dir('kysely'))).toBe('kysely');
  expect(await detectTool(join(repoRoot, 'fixtures', 'alembic', 'app'))).toBe('alembic');
  expect(await detectTool(join(repoRoot, 'fixtures', 'alembic', 'app', 'migrations', 'versions'))).toBe('alembic');
  await expect(detectTool(join(repoRoot, 'fixtures', 'demo'))).rejects.toThrow(/cannot tell which migration tool/);
});

test("dbmate: only the up section runs, at the file's own lines", () => {
  const text = '-- migrate:up\nCREATE TABLE t ();\n-- migrate:down\nDROP TABLE t;\n';
  const up = upSection(text, 'x.sql');
  expect(up).toHaveLength(text.length);
  expect(up.split('\n')[1]).toBe('CREATE TABLE t ();');
  expect(up).not.toContain('DROP');
  expect(() => upSection('CREATE TABLE t ();', 'x.sql')).toThrow(/x.sql: no '-- migrate:up'/);
});

describe('golang-migrate', () => {
  const ups = ['000001_create_users', '000002_add_posts', '000003_users_display_name'].map((n) => join(dir('golang-migrate'), `${n}.up.sql`));
  const table = 'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)';

  test('behind at version 2: pending 3, schema compared at 2, exit 0 (1 with --require-head)', async () => {
    const db = await fresh();
    await runFiles(db, ups.slice(0, 2));
    await db.exec(`${table}; INSERT INTO schema_migrations VALUES (2, false)`);
    const result = await checkMigrations(db.url, dir('golang-migrate'), { cacheDir: null });
    expect(result.migrations).toMatchObject({ tool: 'golang-migrate', state: 'behind', current: ['2'], pending: ['3'], heads: ['3'] });
    expect(result.schema?.summary.total).toBe(0);
    expect(result.status).toBe('ok');
    expect((await checkMigrations(db.url, dir('golang-migrate'), { cacheDir: null, requireHead: true })).status).toBe('drift');
  }, TIMEOUT);

  test('dirty flag: state dirty, an error, and the half-applied version shows as schema drift', async () => {
    const db = await fresh();
    await runFiles(db, ups.slice(0, 2));
    await db.exec(`${table}; INSERT INTO schema_migrations VALUES (3, true)`);
    const result = await checkMigrations(db.url, dir('golang-migrate'), { cacheDir: null });
    expect(result.migrations.state).toBe('dirty');
    expect(result.findings[0]).toMatchObject({ state: 'dirty', severity: 'error', revisions: ['3'] });
    expect(result.schema?.changes.map((c) => c.id)).toEqual(['column:public.users.display_name']);
    expect(result.migrations.next[0]).toMatch(/force/);
  }, TIMEOUT);

  test('a version beyond the files: ahead', async () => {
    const db = await fresh();
    await runFiles(db, ups);
    await db.exec(`${table}; INSERT INTO schema_migrations VALUES (7, false)`);
    const { status } = await migrationStatus(db.url, dir('golang-migrate'));
    expect(status.state).toBe('ahead');
  }, TIMEOUT);
});

describe('dbmate', () => {
  test('every version applied: up_to_date, CLI check exit 0, status JSON valid', async () => {
    const db = await fresh();
    const files = ['20240101120000_create_users', '20240215093000_add_posts', '20240320170000_posts_published'].map((n) => join(dir('dbmate'), `${n}.sql`));
    // dbmate sends a section as one query (transaction:false: no BEGIN around it); the real
    // binary runs this fixture in dbmate-round-trip-oracle.slow.test.ts.
    for (const f of files) await db.exec(upSection(await readFile(f, 'utf8'), f));
    await db.exec("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101120000'), ('20240215093000'), ('20240320170000')");
    const cli = await runCli(['check', '--db', db.url, '--migrations', dir('dbmate'), '--no-cache']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const st = await runCli(['status', '--db', db.url, '--migrations', dir('dbmate'), '--format', 'json']);
    expect(st.code).toBe(0);
    const json = JSON.parse(st.stdout) as { state: string; current: string[] };
    expect(json).toMatchObject({ state: 'up_to_date', current: ['20240320170000'] });
    expect(statusValidator('status')(json)).toBeNull();
  }, TIMEOUT);
});

describe('Flyway', () => {
  test('a failed run recorded (success = false): dirty, exit 1', async () => {
    const db = await fresh();
    await runFiles(db, ['V1__create_users.sql', 'V1_1__add_posts.sql'].map((f) => join(dir('flyway'), f)));
    await db.exec(`CREATE TABLE flyway_schema_history (
      installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
      script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
      installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL);
      INSERT INTO flyway_schema_history VALUES
        (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'app', now(), 5, true),
        (2, '1.1', 'add posts', 'SQL', 'V1_1__add_posts.sql', 1, 'app', now(), 5, true),
        (3, '2', 'post status', 'SQL', 'V2__post_status.sql', 1, 'app', now(), 5, false)`);
    const { status } = await migrationStatus(db.url, dir('flyway'));
    expect(status).toMatchObject({ tool: 'flyway', state: 'dirty', current: ['1.1'], pending: ['2'] });
    expect(status.problems.map((p) => p.state)).toEqual(['dirty', 'behind']);
    const cli = await runCli(['check', '--db', db.url, '--migrations', dir('flyway'), '--no-cache']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('dirty: version 2: failed run of "post status" recorded');
    // Compared at 1.1, what the database has: repeatable scripts count only at the newest version.
    expect(cli.stdout).toContain('✓ no drift: 0 errors');
  }, TIMEOUT);
});

describe('Kysely', () => {
  test("migrated by Kysely's own Migrator up to a version: behind, schema equal at that version", async () => {
    const db = await fresh();
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) });
    const migrator = new Migrator({ db: kysely, provider: new FileMigrationProvider({ fs, path, migrationFolder: dir('kysely') }) });
    const { error } = await migrator.migrateTo('2024_02_01_add_posts');
    await kysely.destroy();
    expect(error).toBeUndefined();

    const result = await checkMigrations(db.url, dir('kysely'), { cacheDir: null });
    expect(result.migrations).toMatchObject({ tool: 'kysely', state: 'behind', current: ['2024_02_01_add_posts'], pending: ['2024_03_01_posts_body'] });
    expect(result.schema?.summary.total).toBe(0);
    expect(result.expected?.revisions).toEqual(['2024_01_01_create_users', '2024_02_01_add_posts']);
    expect(result.status).toBe('ok');
  }, TIMEOUT);

  test('the same expected schema on the embedded shadow and on a server shadow', async () => {
    const tmp = await scratch('pgdrift-kysely-');
    try {
      const a = await runCli(['snapshot', '--migrations', dir('kysely'), '--no-cache', '-o', join(tmp.dir, 'a.json')]);
      const b = await runCli(['snapshot', '--migrations', dir('kysely'), '--no-cache', '--shadow-url', process.env.PGDRIFT_TEST_URL as string, '-o', join(tmp.dir, 'b.json')]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
      const diff = await runCli(['diff', join(tmp.dir, 'a.json'), join(tmp.dir, 'b.json')]);
      expect(diff.code).toBe(0);
      const snap = JSON.parse(await readFile(join(tmp.dir, 'a.json'), 'utf8')) as { tables: Array<{ name: string; columns: Array<{ name: string; comment: string | null }> }> };
      expect(snap.tables.map((t) => t.name)).toEqual(['posts', 'users']);
      expect(snap.tables[0]?.columns.find((c) => c.name === 'body')?.comment).toBe('markdown');
    } finally {
      await tmp.remove();
    }
  }, TIMEOUT);
});

describe('bad input', () => {
  test('an unknown --revision and a revision cycle exit 2 naming them', async () => {
    const bad = await runCli(['snapshot', '--migrations', dir('golang-migrate'), '--revision', '9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown revision '9'");

    const tmp = await scratch('pgdrift-cycle-');
    try {
      const project = join(tmp.dir, 'versions');
      await cp(join(repoRoot, 'fixtures', 'alembic', 'app', 'migrations', 'versions'), project, { recursive: true });
      const first = join(project, '1a2b3c4d5e6f_create_users.py');
      await writeFile(first, (await readFile(first, 'utf8')).replace(/^down_revision(.*)= None$/m, "down_revision$1= 'd6e7f8091a2b'"));
      const r = await runCli(['heads', '--migrations', project]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/revision cycle: .*1a2b3c4d5e6f \(.*1a2b3c4d5e6f_create_users\.py\)/);
    } finally {
      await tmp.remove();
    }
  }, TIMEOUT);

  test('an unreachable database exits 3', async () => {
    const r = await runCli(['status', '--db', 'postgres://nobody:secret@127.0.0.1:1/x', '--migrations', dir('dbmate')]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('secret');
  }, TIMEOUT);
});
