import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { checkMigrations } from '../../src/migrations/check-migrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { repoRoot } from '../helpers/cli.js';
import { applyRemedy, diagnosisValidator } from './support/remedies.js';

const FIXTURES = join(repoRoot, 'fixtures', 'migrations');
const TIMEOUT = 180_000;
const databases: TestDatabase[] = [];
async function fresh(): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_diag_sql');
  databases.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

const validate = diagnosisValidator();

/** The statements of a migration file, split as golang-migrate's multi-statement mode does. */
async function statementsOf(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('golang-migrate: a dirty version', () => {
  const dir = join(FIXTURES, 'golang-migrate');
  const up = (n: string) => join(dir, `${n}.up.sql`);
  const table = 'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)';

  /** Version 1 applied; version 2 run by golang-migrate until its second statement failed. */
  async function halfway(): Promise<TestDatabase> {
    const db = await fresh();
    for (const s of await statementsOf(up('000001_create_users'))) await db.exec(s);
    const second = await statementsOf(up('000002_add_posts'));
    await db.exec(second[0] as string);
    await db.exec(`${table}; INSERT INTO schema_migrations VALUES (2, true)`);
    return db;
  }

  test('names version 2 half-applied: posts created, its index missing, the dirty flag reported', async () => {
    const db = await halfway();
    const d = await diagnose(db.url, dir, { cacheDir: null });
    expect(validate(d)).toBeNull();
    expect(d.state).toBe('half_applied');
    expect(d.verdict).toBe('revision 2 (add posts) is half-applied: 1 of 2 objects missing');
    expect(d.recorded).toEqual(['2']);
    expect(d.partial).toMatchObject({
      revision: '2',
      applied: [{ id: 'table:public.posts', line: 1 }],
      missing: [{ id: 'index:public.posts.posts_user_id_idx', line: 7 }],
      invalid: [],
      toolFailure: 'dirty: the last run of this migration failed half-way',
    });
    expect(d.drift).toEqual([]);
    expect(d.status).toBe('action');
  }, TIMEOUT);

  test('the finish remedy, applied with psql, leaves a clean database at version 2, and so does the revert at 1', async () => {
    for (const kind of ['finish', 'revert'] as const) {
      const db = await halfway();
      const d = await diagnose(db.url, dir, { cacheDir: null });
      const remedy = d.remedies.find((r) => r.kind === kind);
      expect(remedy?.versionTable?.command).toBe(`migrate -path ${dir} -database "$DATABASE_URL" force ${kind === 'finish' ? 2 : 1}`);
      await applyRemedy(db, d, kind);
      const check = await checkMigrations(db.url, dir, { cacheDir: null });
      expect(check.migrations.current).toEqual([kind === 'finish' ? '2' : '1']);
      expect(check.findings.filter((f) => f.state !== 'behind')).toEqual([]);
      expect(check.schema?.changes).toEqual([]);
    }
  }, TIMEOUT);

  test('dirty, but every statement of the version had run: the schema is whole, only the flag needs clearing', async () => {
    const db = await fresh();
    for (const n of ['000001_create_users', '000002_add_posts', '000003_users_display_name']) {
      for (const s of await statementsOf(up(n))) await db.exec(s);
    }
    await db.exec(`${table}; INSERT INTO schema_migrations VALUES (3, true)`);
    const d = await diagnose(db.url, dir, { cacheDir: null });
    expect(d.state).toBe('failed_run');
    expect(d.verdict).toBe('version 3 is recorded as a failed run, but the schema is all of it');
    expect(d.remedies.map((r) => [r.kind, r.versionTable?.sql])).toEqual([['stamp', ['UPDATE public.schema_migrations SET version = 3, dirty = false']]]);
  }, TIMEOUT);
});

test('golang-migrate never recorded a run, yet the schema is whole: uninitialized, stamp with migrate force', async () => {
  const dir = join(FIXTURES, 'golang-migrate');
  const db = await fresh();
  for (const n of ['000001_create_users', '000002_add_posts']) for (const st of await statementsOf(join(dir, `${n}.up.sql`))) await db.exec(st);
  const d = await diagnose(db.url, dir, { cacheDir: null });
  expect(validate(d)).toBeNull();
  expect(d.state).toBe('uninitialized');
  expect(d.verdict).toBe('no schema_migrations table: golang-migrate has never recorded a run here; the schema is revision 2 (add posts)');
  expect(d.bestMatch).toEqual({ revision: '2', tips: ['2'], distance: 0 });
  expect(d.remedies.map((r) => [r.kind, r.versionTable])).toEqual([['stamp', { command: `migrate -path ${dir} -database "$DATABASE_URL" force 2`, sql: [] }]]);
  expect(d.next.at(-1)).toBe(`then \`migrate -path ${dir} -database "$DATABASE_URL" up\`: 1 revision to apply`);
}, TIMEOUT);

describe('Flyway: a failed run recorded (success = false)', () => {
  const dir = join(FIXTURES, 'flyway');
  test('V2 half-applied: its enum exists, the column using it does not', async () => {
    const db = await fresh();
    for (const f of ['V1__create_users.sql', 'V1_1__add_posts.sql']) await db.exec(await readFile(join(dir, f), 'utf8'));
    const v2 = (await readFile(join(dir, 'V2__post_status.sql'), 'utf8')).split(';')[0] as string;
    await db.exec(v2);
    await db.exec(`CREATE TABLE flyway_schema_history (
      installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
      script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
      installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL);
      INSERT INTO flyway_schema_history VALUES
        (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'app', now(), 5, true),
        (2, '1.1', 'add posts', 'SQL', 'V1_1__add_posts.sql', 1, 'app', now(), 5, true),
        (3, '2', 'post status', 'SQL', 'V2__post_status.sql', 1, 'app', now(), 5, false)`);
    const d = await diagnose(db.url, dir, { cacheDir: null });
    expect(validate(d)).toBeNull();
    expect(d.state).toBe('half_applied');
    expect(d.partial).toMatchObject({
      revision: '2',
      applied: [{ id: 'enum:public.post_status' }],
      // The repeatable R__views.sql runs after the newest version, which failed: its view is missing too.
      missing: [{ id: 'column:public.posts.status', line: 2 }, { id: 'view:public.published_posts', file: join('fixtures', 'migrations', 'flyway', 'R__views.sql'), line: 1 }],
      toolFailure: 'failed run of "post status" recorded (success = false)',
    });
    const revert = d.remedies.find((r) => r.kind === 'revert');
    expect(revert?.versionTable).toEqual({
      command: `flyway -locations=filesystem:${dir} repair`,
      sql: [`DELETE FROM public.flyway_schema_history WHERE NOT success AND version IN ('2')`],
    });
  }, TIMEOUT);
});
