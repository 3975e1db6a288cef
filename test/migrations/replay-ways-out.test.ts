import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectedSchema } from '../../src/migrations/expected-schema.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { runMigrateCommand, shellWord } from '../../src/migrations/migrate-command.js';
import { InputError } from '../../src/errors.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/db.js';
import { FIXTURE_APP } from './alembic-helpers.js';
import { scratch } from './status-helpers.js';

// `--alembic-sql` and `--migrate-cmd` without Python: a hand-written offline SQL file and a
// stand-in migration tool (Node + pg) exercise the replay, the checks and the cache keys.

const FIRST = '1a2b3c4d5e6f';
const SECOND = '2b3c4d5e6f70';
const PASSWORD = 'test-secret';

/** A stand-in for `alembic upgrade REV`: records REV in alembic_version and creates one table. */
const FAKE_TOOL = `const pg = require(${JSON.stringify(join(repoRoot, 'node_modules', 'pg'))});
const revision = process.argv[2];
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
(async () => {
  await client.connect();
  await client.query('CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)');
  await client.query('INSERT INTO alembic_version VALUES ($1)', [revision]);
  await client.query('CREATE TABLE "made_at_' + revision + '" (id int PRIMARY KEY, url_seen text)');
  await client.end();
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Offline SQL for the first revision only, as `alembic upgrade … --sql` lays it out. */
const FIRST_ONLY_SQL = `BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> ${FIRST}

CREATE TABLE from_sql_file (id integer PRIMARY KEY, note text);

INSERT INTO alembic_version (version_num) VALUES ('${FIRST}') RETURNING alembic_version.version_num;

COMMIT;
`;

let work: { dir: string; remove: () => Promise<void> };
let fakeTool: string;

beforeAll(async () => {
  work = await scratch('pgdrift-ways-out-');
  fakeTool = join(work.dir, 'fake-migrate.cjs');
  await writeFile(fakeTool, FAKE_TOOL);
});
afterAll(async () => work.remove());

describe('--alembic-sql without Python', () => {
  test('replays the file instead of the Python, keeps FILE:line, and caches by its content', async () => {
    const file = join(work.dir, 'first.sql');
    await writeFile(file, FIRST_ONLY_SQL);
    const cacheDir = join(work.dir, 'cache-sql');
    const history = await loadMigrationHistory(FIXTURE_APP, { alembicSql: file });
    const path = history.graph.pathTo(FIRST);
    const first = await expectedSchema(history, path, FIRST, { cacheDir });
    // The fixture's Python creates `users`; the file creates `from_sql_file`: the file won.
    expect(first.snapshot.tables.map((t) => t.name)).toEqual(['from_sql_file']);
    expect(first.cache).toBe('miss');
    expect((await expectedSchema(history, path, FIRST, { cacheDir })).cache).toBe('hit');

    // Python-read and SQL-file histories never share a cache entry.
    const python = await loadMigrationHistory(FIXTURE_APP);
    const fromPython = await expectedSchema(python, python.graph.pathTo(FIRST), FIRST, { cacheDir });
    expect(fromPython.cache).toBe('miss');
    expect(fromPython.snapshot.tables.map((t) => t.name)).toEqual(['users']);

    await writeFile(file, FIRST_ONLY_SQL.replace('note text', 'note text, extra int'));
    const changed = await expectedSchema(await loadMigrationHistory(FIXTURE_APP, { alembicSql: file }), path, FIRST, { cacheDir });
    expect(changed.cache).toBe('miss');
    expect(changed.snapshot.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'note', 'extra']);

    // A statement that fails on the shadow is reported at its line of the SQL file.
    await writeFile(file, FIRST_ONLY_SQL.replace('CREATE TABLE from_sql_file', 'CREATE TABLE from_sql_file (id int REFERENCES nowhere); CREATE TABLE x'));
    const broken = await loadMigrationHistory(FIXTURE_APP, { alembicSql: file });
    await expect(expectedSchema(broken, path, FIRST, { cacheDir: null })).rejects.toThrow(new RegExp(`^${file}:10: .*nowhere`));
  });

  test('a revision of the graph absent from the file: InputError naming both', async () => {
    const file = join(work.dir, 'first-only.sql');
    await writeFile(file, FIRST_ONLY_SQL);
    const history = await loadMigrationHistory(FIXTURE_APP, { alembicSql: file });
    const err = await expectedSchema(history, history.graph.pathTo(SECOND), SECOND, { cacheDir: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(`revision ${SECOND}`);
    expect((err as Error).message).toContain(`absent from the --alembic-sql file ${file}`);
    expect((err as Error).message).toMatch(/2b3c4d5e6f70_organizations_and_memberships\.py/);
  });

  test('the file must belong to this history and hold upgrade steps', async () => {
    const foreign = join(work.dir, 'foreign.sql');
    await writeFile(foreign, FIRST_ONLY_SQL.replace(`-> ${FIRST}`, '-> 0badc0ffee00'));
    await expect(loadMigrationHistory(FIXTURE_APP, { alembicSql: foreign })).rejects.toThrow(
      `${foreign}: revision 0badc0ffee00 is not in the migrations folder ${FIXTURE_APP}`,
    );
    const downgrade = join(work.dir, 'downgrade.sql');
    await writeFile(downgrade, `BEGIN;\n\n-- Running downgrade ${FIRST} -> \n\nDROP TABLE users;\n\nCOMMIT;\n`);
    await expect(loadMigrationHistory(FIXTURE_APP, { alembicSql: downgrade })).rejects.toThrow('only downgrade steps');
    const golang = join(repoRoot, 'fixtures', 'migrations', 'golang-migrate');
    await expect(loadMigrationHistory(golang, { alembicSql: foreign })).rejects.toThrow(`--alembic-sql is for Alembic migrations; ${golang} holds golang-migrate migrations`);
  });

  test('CLI: a missing file is exit 2 naming it, before anything is applied', async () => {
    const missing = join(work.dir, 'nope.sql');
    const cli = await runCli(['snapshot', '--migrations', FIXTURE_APP, '--alembic-sql', missing, '--no-cache']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`pgdrift: ${missing}: cannot read the --alembic-sql file (ENOENT)\n`);
    const both = await runCli(['snapshot', '--migrations', FIXTURE_APP, '--alembic-sql', missing, '--migrate-cmd', 'true', '--no-cache']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/mutually exclusive|not both/);
  });
});

describe('--migrate-cmd without Python (a stand-in migration tool)', () => {
  test('runs the command at the wanted revision on a server shadow, leaves the version table out, caches by command', async () => {
    const cacheDir = join(work.dir, 'cache-cmd');
    const command = `node ${shellWord(fakeTool)} {revision}`;
    const history = await loadMigrationHistory(FIXTURE_APP, { migrateCommand: { command } });
    const path = history.graph.pathTo(SECOND);
    const result = await expectedSchema(history, path, SECOND, { cacheDir, shadowUrl: serverUrl() });
    expect(result.snapshot.tables.map((t) => t.name)).toEqual([`made_at_${SECOND}`]);
    expect(result.cache).toBe('miss');
    expect((await expectedSchema(history, path, SECOND, { cacheDir, shadowUrl: serverUrl() })).cache).toBe('hit');
    const other = await loadMigrationHistory(FIXTURE_APP, { migrateCommand: { command: `${command} ` } });
    expect((await expectedSchema(other, path, SECOND, { cacheDir, shadowUrl: serverUrl() })).cache).toBe('miss');
  });

  test('without a server shadow: InputError saying --shadow-url is needed', async () => {
    const history = await loadMigrationHistory(FIXTURE_APP, { migrateCommand: { command: 'true' } });
    await expect(expectedSchema(history, history.graph.pathTo(FIRST), FIRST, { cacheDir: null })).rejects.toThrow(/--migrate-cmd needs --shadow-url/);
    const cli = await runCli(['snapshot', '--migrations', FIXTURE_APP, '--migrate-cmd', 'alembic upgrade {revision}', '--no-cache']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^pgdrift: --migrate-cmd needs --shadow-url: .*PGlite/);
  });

  test('a command that migrates nothing, or only to head without {revision}: caught', async () => {
    const nothing = await loadMigrationHistory(FIXTURE_APP, { migrateCommand: { command: 'true' } });
    await expect(expectedSchema(nothing, nothing.graph.pathTo(nothing.graph.heads()), 'head', { cacheDir: null, shadowUrl: serverUrl() })).rejects.toThrow(
      /succeeded but the shadow database postgres:\/\/pgdrift_shadow_\w+:\*\*\*@.* has no alembic_version table/,
    );
    await expect(expectedSchema(nothing, nothing.graph.pathTo(FIRST), FIRST, { cacheDir: null, shadowUrl: serverUrl() })).rejects.toThrow(
      /names no \{revision\}, so it can only build the schema at head; the schema at 1a2b3c4d5e6f is wanted/,
    );
    // At base nothing is applied, so nothing is run: an empty schema.
    const atBase = await expectedSchema(nothing, [], 'base', { cacheDir: null, shadowUrl: serverUrl() });
    expect(atBase.snapshot.tables).toEqual([]);
  });

  test('CLI: a failing command is exit 2 with its last stderr line and exit code, password masked', async () => {
    const cli = await runCli([
      'snapshot',
      '--migrations',
      FIXTURE_APP,
      '--shadow-url',
      serverUrl(),
      '--no-cache',
      '--migrate-cmd',
      'echo "connecting to $DATABASE_URL" >&2; echo "fatal: password {url} rejected" >&2; exit 3',
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^pgdrift: --migrate-cmd ".*" \(revision d6e7f8091a2b\) failed with exit code 3: fatal: password postgres:\/\/pgdrift_shadow_\w+:\*\*\*@127\.0\.0\.1:\d+\/pgdrift_shadow_\w+ rejected\n$/);
    expect(cli.stderr).not.toContain(PASSWORD);
    expect(cli.stdout).toBe('');
  });

  test('the runner: substitution, environment, timeout', async () => {
    const url = `postgres://u:${PASSWORD}@h:1/db?x=1&y=2`;
    const file = join(work.dir, 'seen.txt');
    await runMigrateCommand({ command: `printf '%s|%s|%s|%s' {url} {revision} "$PGDRIFT_SHADOW_URL" "$PGDRIFT_REVISION" > ${shellWord(file)}` }, url, 'a b', []);
    expect(await readFile(file, 'utf8')).toBe(`${url}|a b|${url}|a b`);
    // After a Python traceback, the exception line says more than SQLAlchemy's trailing link.
    const traceback = 'Traceback (most recent call last):\\n  File "x.py", line 1\\nsqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "t" does not exist\\n\\n[SQL: ALTER TABLE t]\\n(Background on this error at: https://sqlalche.me/e/20/f405)\\n';
    await expect(runMigrateCommand({ command: `printf '${traceback}' >&2; exit 1` }, url, 'r1', [])).rejects.toThrow(
      /failed with exit code 1: sqlalchemy\.exc\.ProgrammingError: \(psycopg2\.errors\.UndefinedTable\) relation "t" does not exist$/,
    );
    await expect(runMigrateCommand({ command: 'echo out; echo "last words" >&2; echo >&2; exit 4' }, url, 'r1', [])).rejects.toThrow(/failed with exit code 4: last words$/);
    await expect(runMigrateCommand({ command: `echo "waiting on ${'$'}DATABASE_URL" >&2; sleep 30`, timeoutMs: 300 }, url, 'r1', [])).rejects.toThrow(
      /^--migrate-cmd ".*" \(revision r1\) timed out after 300ms: waiting on postgres:\/\/u:\*\*\*@h:1\/db\?x=1&y=2$/,
    );
    // Without the timeout, the 30 s sleep outlasts this test's own 20 s limit.
  }, 20_000);
});
