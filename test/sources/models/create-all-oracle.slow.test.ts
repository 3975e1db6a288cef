import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkModels } from '../../../src/check-models/check-models.js';
import { compare } from '../../../src/compare/compare.js';
import { inModelScope } from '../../../src/compare/model-scope.js';
import { snapshotDatabase } from '../../../src/sources/database.js';
import { snapshotModels } from '../../../src/sources/models/snapshot-models.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { repoRoot } from '../../helpers/cli.js';
import { alembic, alembicAvailable, pythonHas } from '../../migrations/alembic-helpers.js';

const run = promisify(execFile);

// The oracle is real SQLAlchemy: the schema pgdrift reads from model files must be, object for
// object, what metadata.create_all() builds on PostgreSQL.
// The fixture models import pydantic and Flask-SQLAlchemy, as real apps do.
const available = (await alembicAvailable()) && (await pythonHas('pydantic', 'flask_sqlalchemy'));
if (!available) console.warn('Skipping the create_all oracle tests: python3 with sqlalchemy, alembic, psycopg2, pydantic and flask-sqlalchemy is not installed');
const describeIf = available ? describe : describe.skip;
const TIMEOUT = 120_000;

const FIXTURES = join(repoRoot, 'fixtures', 'models');

/** Real create_all of every MetaData the models declare, on `db`. */
async function createAll(project: string, models: string, db: TestDatabase, env: Record<string, string> = {}): Promise<number> {
  const { stdout } = await run('python3', [join(repoRoot, 'test', 'helpers', 'create_all.py'), project, models, db.url], { env: { ...process.env, ...env } });
  return Number(stdout.trim());
}

const CASES: ReadonlyArray<{ name: string; project: string; models: string; tables: number; env: Record<string, string> }> = [
  { name: 'classic (declarative_base, Column, mixins, TypeDecorators, Table, module-level Index)', project: 'classic', models: 'classic/shop/models', tables: 5, env: {} },
  { name: 'classic in a schema named by the environment', project: 'classic', models: 'classic/shop/models', tables: 5, env: { SHOP_SCHEMA: 'shop' } },
  { name: 'typed (DeclarativeBase, Mapped, naming convention, inheritance, declared_attr, use_alter, star imports, pydantic settings, ordering_list)', project: 'typed', models: 'typed/blog', tables: 9, env: {} },
  { name: 'typed in a schema named by the environment', project: 'typed', models: 'typed/blog', tables: 9, env: { BLOG_SCHEMA: 'content' } },
  { name: 'Flask-SQLAlchemy (db.Model, automatic table names, db.Table, single-table inheritance)', project: 'flask', models: 'flask/blog', tables: 4, env: {} },
];

describeIf('models read without Python equal what real SQLAlchemy create_all builds', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  test.each(CASES)('$name', async ({ project, models, tables, env }) => {
    const db = await createTestDatabase('pgdrift_models');
    databases.push(db);
    for (const schema of Object.values(env)) await db.exec(`CREATE SCHEMA ${schema}`);
    expect(await createAll(join(FIXTURES, project), join(FIXTURES, models), db, env)).toBe(tables);
    const real = await snapshotDatabase(db.url);
    // What create_all builds depends a little on the server (a Computed column's storage): this one's.
    const ours = await snapshotModels(join(FIXTURES, models), { environ: new Map(Object.entries(env)), serverVersionNum: real.source.serverVersionNum ?? 0 });
    const diff = await compare(real, ours);
    expect(diff.changes.map((c) => c.message)).toEqual([]);
    // The comparison saw the tables, in the schema asked for, not two empty databases.
    expect(ours.tables.map((t) => t.schema)).toEqual(Array(tables).fill(Object.values(env)[0] ?? 'public'));
  }, TIMEOUT);

  test('models against migrations: exactly the differences between create_all and alembic upgrade head, each once', async () => {
    const [fromModels, fromMigrations] = [await createTestDatabase('pgdrift_models'), await createTestDatabase('pgdrift_models')];
    databases.push(fromModels, fromMigrations);
    await createAll(join(FIXTURES, 'classic'), join(FIXTURES, 'classic/shop/models'), fromModels);
    await alembic(join(FIXTURES, 'classic'), ['upgrade', 'head'], fromMigrations.url);
    const scoped = inModelScope(await snapshotDatabase(fromModels.url), await snapshotDatabase(fromMigrations.url));
    const real = (await compare(scoped.expected, scoped.actual)).changes;

    const result = await checkModels(join(FIXTURES, 'classic/shop/models'), { migrations: join(FIXTURES, 'classic/migrations'), cacheDir: null });
    expect(result.findings.flatMap((f) => f.ids).sort()).toEqual(real.map((c) => c.id).sort());
    expect(result.findings.map((f) => [f.ids.join(' / '), f.groups.map((g) => g.join(', ')).join(' ≠ '), f.states])).toEqual([
      ['table:public.coupon', 'models ≠ migrations', { models: 'absent', migrations: 'present' }],
      ['index:public.order.ix_order_user_id', 'models ≠ migrations', { models: 'CREATE INDEX ix_order_user_id ON public."order" USING btree (user_id)', migrations: 'absent' }],
      [
        'constraint:public.order_line.order_line_sku_uq / constraint:public.order_line.uq_order_line_sku',
        'models ≠ migrations',
        { models: 'order_line_sku_uq: UNIQUE (order_id, sku)', migrations: 'uq_order_line_sku: UNIQUE (order_id, sku)' },
      ],
      ['column:public.user.name', 'models ≠ migrations', { models: 'nullable', migrations: 'NOT NULL' }],
      [
        'constraint:public.user.user_email_key / index:public.user.uq_user_email_lower',
        'models ≠ migrations',
        { models: 'user_email_key: UNIQUE (email)', migrations: 'uq_user_email_lower: CREATE UNIQUE INDEX uq_user_email_lower ON public."user" USING btree (lower((email)::text))' },
      ],
    ]);
    expect(result.findings.map((f) => [f.model, f.revision?.revision ?? null])).toEqual([
      [null, '0001'],
      [expect.stringMatching(/shop\/models\/orders\.py:23:1$/), null],
      [expect.stringMatching(/shop\/models\/orders\.py:42:1$/), '0001'],
      [expect.stringMatching(/shop\/models\/users\.py:26:12$/), '0001'],
      [expect.stringMatching(/shop\/models\/users\.py:21:1$/), '0001'],
    ]);
  }, TIMEOUT);

  test('three sources: the one that disagrees stands apart', async () => {
    const db = await createTestDatabase('pgdrift_models');
    databases.push(db);
    await createAll(join(FIXTURES, 'classic'), join(FIXTURES, 'classic/shop/models'), db);
    const result = await checkModels(join(FIXTURES, 'classic/shop/models'), { migrations: join(FIXTURES, 'classic/migrations'), databaseUrl: db.url, cacheDir: null, attribution: false });
    expect(result.findings).toHaveLength(5);
    // The database was built from the models: the migrations are the odd one out every time.
    expect(new Set(result.findings.map((f) => f.groups.map((g) => g.join(', ')).join(' ≠ ')))).toEqual(new Set(['migrations ≠ models, database']));
    expect(result.findings.find((f) => f.ids[0] === 'column:public.user.name')?.states).toEqual({ models: 'nullable', migrations: 'NOT NULL', database: 'nullable' });
  }, TIMEOUT);
});
