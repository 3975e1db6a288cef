import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { jsonValidator } from '../../src/model/schema-validation.js';
import { readModels } from '../../src/sources/models/read-models.js';

const MODELS = 'fixtures/models/classic/shop/models';
const MIGRATIONS = 'fixtures/models/classic/migrations';
const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-models-cli-'));
const cache = ['--cache-dir', join(tmp, 'cache')];

let db: TestDatabase;

beforeAll(async () => {
  // A database built from the models themselves (the DDL create_all runs).
  db = await createTestDatabase('pgdrift_models_cli');
  const { statements } = await readModels(MODELS);
  await db.exec(statements.map((s) => `${s.sql};`).join('\n'));
});

afterAll(async () => {
  await db?.drop();
});

// check --models runs replays and shadows per case: with the slow corpora (npm run test:slow).
test('check --models --migrations: the verdict first, each difference once with where it comes from, exit 1', async () => {
  const r = await runCli(['check', '--models', MODELS, '--migrations', MIGRATIONS, ...cache]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toBe(`✗ drift: 5 differences (4 errors, 1 warning, 0 info) — models ${MODELS} · migrations ${MIGRATIONS} at head (0002)`);
  expect(lines[1]).toMatch(/^not compared \(models cannot declare them\): schemas, extensions, views, .*grants and owners/);
  expect(r.stdout).toContain('✗ error    column public.user.name: models ≠ migrations');
  expect(r.stdout).toMatch(/models {6}nullable {3}fixtures\/models\/classic\/shop\/models\/users\.py:26:12/);
  expect(r.stdout).toMatch(/migrations {2}NOT NULL {3}created by revision 0001 \(fixtures\/models\/classic\/migrations\/versions\/0001_init\.py:17\)/);
});

test('the JSON form validates against schemas/models-check.schema.json; markdown is a table', async () => {
  const json = await runCli(['check', '--models', MODELS, '--migrations', MIGRATIONS, '--format', 'json', ...cache]);
  expect(json.code).toBe(1);
  const parsed = JSON.parse(json.stdout);
  expect(jsonValidator('models-check.schema.json')(parsed)).toBeNull();
  expect(parsed.summary).toEqual({ total: 5, error: 4, warning: 1, info: 0 });
  const md = await runCli(['check', '--models', MODELS, '--migrations', MIGRATIONS, '--format', 'markdown', ...cache]);
  expect(md.stdout).toMatch(/^✗ \*\*drift\*\*: 5 differences/);
  expect(md.stdout).toContain('| | object | disagree | models | migrations |');
});

test('check --models --db: a database built from the models is consistent; a dropped index is drift', async () => {
  const ok = await runCli(['check', '--models', MODELS, '--db', db.url]);
  expect(ok.stderr).toBe('');
  expect(ok.stdout.split('\n')[0]).toMatch(/^✓ consistent: 0 differences/);
  expect(ok.code).toBe(0);
  const other = await createTestDatabase('pgdrift_models_cli');
  try {
    const { statements } = await readModels(MODELS);
    await other.exec(statements.map((s) => `${s.sql};`).join('\n'));
    await other.exec('DROP INDEX ix_user_name; GRANT SELECT ON "order" TO PUBLIC; CREATE VIEW active AS SELECT id FROM "user"');
    const r = await runCli(['check', '--models', MODELS, '--db', other.url]);
    expect(r.code).toBe(1);
    // The view and the grant are nothing models can declare: not reported.
    expect(r.stdout.split('\n')[0]).toMatch(/^✗ drift: 1 difference \(1 error/);
    expect(r.stdout).toContain('index public.user.ix_user_name: models ≠ database');
  } finally {
    await other.drop();
  }
});

test('three sources: the migrations stand apart from the models and a database built from them', async () => {
  const r = await runCli(['check', '--models', MODELS, '--migrations', MIGRATIONS, '--db', db.url, ...cache]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('✗ error    column public.user.name: migrations ≠ models, database');
  // The database was never migrated: said, since differences from the head may come from that.
  expect(r.stdout.split('\n')[2]).toBe('note: database: no alembic_version table: alembic has never run on this database');
  expect(r.stdout).not.toContain(new URL(db.url).password);
});

