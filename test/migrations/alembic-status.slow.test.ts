import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkMigrations, migrationStatus } from '../../src/migrations/check-migrations.js';
import { expectedSchema } from '../../src/migrations/expected-schema.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { createTestDatabase, urlFor, type TestDatabase } from '../helpers/db.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';
import { alembicCopyWithSecondHead, scratch, statusValidator } from './status-helpers.js';

// Real Alembic brings databases to known states; pgdrift must tell those states apart and
// compare the schema at the recorded revision, without Python.
const available = await alembicAvailable();
if (!available) console.warn('Skipping Alembic status/check tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const HEAD = 'd6e7f8091a2b';
const BEFORE_HEAD = 'c5d6e7f8091a';
const TIMEOUT = 300_000;
const run = promisify(execFile);

describeIf('status and check --migrations against databases real Alembic migrated', () => {
  const databases: TestDatabase[] = [];
  let atHead: TestDatabase;
  let behind: TestDatabase;
  let cache: { dir: string; remove: () => Promise<void> };

  const fresh = async () => {
    const db = await createTestDatabase('pgdrift_status');
    databases.push(db);
    return db;
  };

  beforeAll(async () => {
    cache = await scratch('pgdrift-status-cache-');
    atHead = await fresh();
    behind = await fresh();
    await Promise.all([alembic(FIXTURE_APP, ['upgrade', 'head'], atHead.url), alembic(FIXTURE_APP, ['upgrade', BEFORE_HEAD], behind.url)]);
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
    await cache.remove();
  });

  test('a database upgraded to head: up_to_date, check passes (library and CLI)', async () => {
    const { status } = await migrationStatus(atHead.url, FIXTURE_APP);
    expect(status).toMatchObject({ tool: 'alembic', state: 'up_to_date', current: [HEAD], heads: [HEAD], pending: [], problems: [] });
    expect(status.versionTable).toBe('public.alembic_version');
    const result = await checkMigrations(atHead.url, FIXTURE_APP, { cacheDir: cache.dir });
    expect(result.status).toBe('ok');
    expect(result.schema?.summary.total).toBe(0);
    // The comparison saw the real schema: every fixture table is in the expected side.
    expect(result.expected?.revisions).toHaveLength(13);

    const cli = await runCli(['check', '--db', atHead.url, '--migrations', FIXTURE_APP, '--cache-dir', cache.dir]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^✓ consistent/);
    const st = await runCli(['status', '--db', atHead.url, '--migrations', FIXTURE_APP]);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain(`current  ${HEAD}  invoices with a reused enum  (head)`);
  }, TIMEOUT);

  test('a database behind: pending listed as info, exit 0 unless --require-head', async () => {
    const { status } = await migrationStatus(behind.url, FIXTURE_APP);
    expect(status).toMatchObject({ state: 'behind', current: [BEFORE_HEAD], pending: [HEAD] });
    expect(status.next).toEqual(['`alembic upgrade head`']);

    const result = await checkMigrations(behind.url, FIXTURE_APP, { cacheDir: cache.dir });
    expect(result.findings).toEqual([expect.objectContaining({ state: 'behind', severity: 'info', revisions: [HEAD] })]);
    // Compared at the recorded revision, the schema has no drift: no pile of missing columns.
    expect(result.schema?.summary.total).toBe(0);
    expect(result.status).toBe('ok');

    const lenient = await runCli(['check', '--db', behind.url, '--migrations', FIXTURE_APP, '--cache-dir', cache.dir]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('behind: 1 revision pending');
    const strict = await runCli(['check', '--db', behind.url, '--migrations', FIXTURE_APP, '--cache-dir', cache.dir, '--require-head']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/✗ error\s+behind: 1 revision pending/);
    const st = await runCli(['status', '--db', behind.url, '--migrations', FIXTURE_APP]);
    expect(st.code).toBe(1);
    expect(st.stdout).toContain('next: `alembic upgrade head`');
  }, TIMEOUT);

  test('a column dropped by hand at head: schema drift error', async () => {
    const db = await fresh();
    await alembic(FIXTURE_APP, ['upgrade', 'head'], db.url);
    await db.exec('ALTER TABLE invoices DROP COLUMN status');
    const result = await checkMigrations(db.url, FIXTURE_APP, { cacheDir: cache.dir });
    expect(result.migrations.state).toBe('up_to_date');
    expect(result.status).toBe('drift');
    expect(result.schema?.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'column:public.invoices.status', kind: 'missing', severity: 'error' })]),
    );
    const cli = await runCli(['check', '--db', db.url, '--migrations', FIXTURE_APP, '--cache-dir', cache.dir, '--format', 'json']);
    expect(cli.code).toBe(1);
    expect(statusValidator('check')(JSON.parse(cli.stdout))).toBeNull();
  }, TIMEOUT);

  test('two heads in the code: multiple_heads comes first, even for a database also behind', async () => {
    const tmp = await scratch('pgdrift-two-heads-');
    try {
      const project = await alembicCopyWithSecondHead(FIXTURE_APP, tmp.dir, BEFORE_HEAD);
      const { status } = await migrationStatus(atHead.url, project);
      expect(status.state).toBe('multiple_heads');
      expect(status.heads).toEqual([HEAD, 'eeee00000001']);
      expect(status.problems.map((p) => p.state)).toEqual(['multiple_heads', 'behind']);
      expect(status.pending).toEqual(['eeee00000001']);
      expect(status.next[0]).toContain('alembic merge heads');
      const result = await checkMigrations(atHead.url, project, { cacheDir: null });
      expect(result.findings[0]).toMatchObject({ state: 'multiple_heads', severity: 'error' });
      expect(result.status).toBe('drift');
      const heads = await runCli(['heads', '--migrations', project]);
      expect(heads.stdout).toBe(`${HEAD} (audit, comments) (head)\neeee00000001 (audit, comments) (head)\n`);
    } finally {
      await tmp.remove();
    }
  }, TIMEOUT);

  test('a revision the code does not have: unknown_revision, schema not compared, exit 1', async () => {
    const db = await fresh();
    await alembic(FIXTURE_APP, ['upgrade', 'head'], db.url);
    await db.exec("UPDATE alembic_version SET version_num = 'ffff00000000'");
    const result = await checkMigrations(db.url, FIXTURE_APP, { cacheDir: cache.dir });
    expect(result.migrations).toMatchObject({ state: 'unknown_revision', current: ['ffff00000000'] });
    expect(result.schema).toBeNull();
    expect(result.schemaSkipped).toMatch(/does not have/);
    expect(result.status).toBe('drift');
    const current = await runCli(['current', '--db', db.url, '--migrations', FIXTURE_APP]);
    expect(current.stdout).toBe('ffff00000000 (unknown to this code)\n');
    expect(current.code).toBe(1);
  }, TIMEOUT);

  test('no version table: uninitialized, everything pending', async () => {
    const db = await fresh();
    const { status } = await migrationStatus(db.url, FIXTURE_APP);
    expect(status).toMatchObject({ state: 'uninitialized', versionTable: null, current: [] });
    expect(status.pending).toHaveLength(13);
    const st = await runCli(['status', '--db', db.url, '--migrations', FIXTURE_APP, '--format', 'json']);
    expect(st.code).toBe(1);
    const json = JSON.parse(st.stdout) as { state: string };
    expect(json.state).toBe('uninitialized');
    expect(statusValidator('status')(json)).toBeNull();
  }, TIMEOUT);

  test('status JSON validates against schemas/status.schema.json, and the schema rejects a wrong state', async () => {
    const st = await runCli(['status', '--db', behind.url, '--migrations', FIXTURE_APP, '--format', 'json']);
    const json = JSON.parse(st.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ tool: 'alembic', state: 'behind', current: [BEFORE_HEAD], heads: [HEAD], pending: [HEAD] });
    const validate = statusValidator('status');
    expect(validate(json)).toBeNull();
    expect(validate({ ...json, state: 'fine' })).not.toBeNull();
  }, TIMEOUT);

  test('history, heads and current print what Alembic prints', async () => {
    // Alembic prints branch names from a Python set (their order varies between runs), and
    // orders two parallel branches its own way: compare lines with names sorted, as sets.
    const normal = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/\(([\w, ]+)\)/g, (_, names: string) => `(${names.split(', ').sort().join(', ')})`));
    const [ours, theirs] = await Promise.all([runCli(['history', '--migrations', FIXTURE_APP]), alembic(FIXTURE_APP, ['history'], behind.url)]);
    expect(normal(ours.stdout).sort()).toEqual(normal(theirs).sort());
    expect(normal(ours.stdout)[0]).toBe(normal(theirs)[0]);
    expect(normal(ours.stdout).slice(-6)).toEqual(normal(theirs).slice(-6));
    const [oursHeads, theirHeads] = await Promise.all([runCli(['heads', '--migrations', FIXTURE_APP]), alembic(FIXTURE_APP, ['heads'], behind.url)]);
    expect(normal(oursHeads.stdout)).toEqual(normal(theirHeads));
    const [oursCurrent, theirCurrent] = await Promise.all([
      runCli(['current', '--db', behind.url, '--migrations', FIXTURE_APP]),
      alembic(FIXTURE_APP, ['current'], behind.url),
    ]);
    expect(oursCurrent.stdout).toBe(theirCurrent);
  }, TIMEOUT);

  test('the expected schema is cached by content: a hit on the second run, a miss when a file changes', async () => {
    const tmp = await scratch('pgdrift-cache-');
    try {
      const history = await loadMigrationHistory(FIXTURE_APP);
      const path = history.graph.pathTo(HEAD);
      const first = await expectedSchema(history, path, 'head', { cacheDir: join(tmp.dir, 'c') });
      const second = await expectedSchema(history, path, 'head', { cacheDir: join(tmp.dir, 'c') });
      expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
      expect(second.cacheFile).toBe(first.cacheFile);
      expect(second.snapshot.tables).toEqual(first.snapshot.tables);
      const off = await expectedSchema(history, path, 'head', { cacheDir: null });
      expect(off.cache).toBe('off');

      const project = await alembicCopyWithSecondHead(FIXTURE_APP, tmp.dir, HEAD);
      const changed = await loadMigrationHistory(project);
      const third = await expectedSchema(changed, changed.graph.pathTo(HEAD), 'head', { cacheDir: join(tmp.dir, 'c') });
      // Same revisions, same content, another checkout: the same entry.
      expect(third.cache).toBe('hit');
      const withNew = await expectedSchema(changed, changed.graph.pathTo('eeee00000001'), 'head', { cacheDir: join(tmp.dir, 'c') });
      expect(withNew.cache).toBe('miss');
      expect(withNew.snapshot.tables.map((t) => t.name)).toContain('feature_flags');
    } finally {
      await tmp.remove();
    }
  }, TIMEOUT);

  test('scripts/check-status.sh passes the exit code through', async () => {
    const script = join(repoRoot, 'scripts', 'check-status.sh');
    const env = (url: string) => ({ ...process.env, DATABASE_URL: url, PGDRIFT: `node ${join(repoRoot, 'dist', 'cli', 'main.js')}`, NO_COLOR: '1' });
    const ok = await run('sh', [script, FIXTURE_APP, '--cache-dir', cache.dir], { env: env(atHead.url) });
    expect(ok.stdout).toMatch(/^✓ consistent/);
    const code = async (url: string, args: string[]) => {
      try {
        await run('sh', [script, ...args], { env: env(url) });
        return 0;
      } catch (err) {
        return (err as { code: number }).code;
      }
    };
    expect(await code(behind.url, [FIXTURE_APP, '--cache-dir', cache.dir, '--require-head'])).toBe(1);
    expect(await code(urlFor('pgdrift_no_such_database'), [FIXTURE_APP])).toBe(3);
    expect(await code(atHead.url, [join(repoRoot, 'fixtures', 'no-such-folder')])).toBe(2);
  }, TIMEOUT);
});
