import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { alembic, alembicAvailable, FIXTURE_APP, removeScratchProjects, scratchAlembicProject } from './alembic-helpers.js';

/*
 * What env.py passes to `context.configure()`: the version table real Alembic records in, and
 * options revisions read through `op.get_context().opts`. pgdrift reads env.py without running
 * it, and refuses what only running it would tell.
 */

const available = await alembicAvailable();
if (!available) process.stderr.write('alembic-env-version-table: python3 with alembic, sqlalchemy and psycopg2 is not available; skipping\n');
const maybe = available ? describe : describe.skip;

afterAll(removeScratchProjects);

/** The fixture project with env.py's online configure() given `extra` arguments, and `revisions` added. */
function project(prelude: string, extra: string, revisions: Readonly<Record<string, string>> = {}): string {
  const versions = join(FIXTURE_APP, 'migrations', 'versions');
  const own = Object.fromEntries(readdirSync(versions).filter((n) => n.endsWith('.py')).map((f) => [f, readFileSync(join(versions, f), 'utf8')]));
  const online = 'context.configure(connection=connection, target_metadata=target_metadata)';
  return scratchAlembicProject(FIXTURE_APP, { ...own, ...revisions }, (env) => {
    expect(env).toContain(online);
    return `${prelude}\n${env.replace(online, online.replace(')', `, ${extra})`))}`;
  });
}

maybe('the version table env.py names', () => {
  test('a module constant: real Alembic records there, and status and check read it', async () => {
    const root = project('APP_VERSIONS = "app_versions"', 'version_table=APP_VERSIONS');
    const db = await createTestDatabase('pgdrift_envvt');
    try {
      await alembic(root, ['upgrade', 'head'], db.url);
      const status = await runCli(['status', '--db', db.url, '--migrations', join(root, 'migrations'), '--format', 'json']);
      expect(status.code).toBe(0);
      const json = JSON.parse(status.stdout) as { versionTable: unknown; current: unknown };
      expect(JSON.stringify(json.versionTable)).toContain('app_versions');
      const check = await runCli(['check', '--db', db.url, '--migrations', join(root, 'migrations'), '-q']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

test('set from the application: what reads or replays the table stops at env.py:line naming --version-table, which then works', async () => {
  const root = project('from app.settings import PREFIX', 'version_table=f"{PREFIX}alembic_version"');
  const migrations = join(root, 'migrations');
  for (const args of [
    ['status', '--db', 'postgres://nobody@127.0.0.1:1/none'],
    ['snapshot', '--migrations', migrations],
  ]) {
    const r = await runCli([...args, ...(args[0] === 'status' ? ['--migrations', migrations] : [])]);
    expect(r.stderr).toMatch(/env\.py:\d+: pgdrift cannot read the version_table env\.py gives context\.configure\(\) without running env\.py; pass --version-table \[schema\.\]table/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
  }
  const named = await runCli(['snapshot', '--migrations', migrations, '--version-table', 'app_alembic_version']);
  expect(named.stderr).toBe('');
  expect(named.code).toBe(0);
});

test('set from the application: heads and history, which never read the table, answer without its name', async () => {
  const root = project('from app.settings import PREFIX', 'version_table=f"{PREFIX}alembic_version"');
  const heads = await runCli(['heads', '--migrations', join(root, 'migrations')]);
  expect(heads.stderr).toBe('');
  expect(heads.stdout).toContain('d6e7f8091a2b');
  expect(heads.code).toBe(0);
  const history = await runCli(['history', '--migrations', join(root, 'migrations')]);
  expect(history.stderr).toBe('');
  expect(history.code).toBe(0);
});

/** A revision after the fixture's head that names its table from a context option. */
const PREFIXED = {
  'f0_prefixed.py': [
    'from alembic import op',
    'import sqlalchemy as sa',
    "revision = 'f0prefixed01'",
    "down_revision = 'd6e7f8091a2b'",
    'def upgrade():',
    '    prefix = op.get_context().opts.get("table_prefix", "")',
    '    op.create_table(f"{prefix}audit", sa.Column("id", sa.Integer, primary_key=True))',
    '    op.create_index(f"ix_{prefix}audit", f"{prefix}audit", ["id"])',
    'def downgrade():',
    '    op.drop_table(op.get_context().opts["table_prefix"] + "audit")',
    '',
  ].join('\n'),
};

maybe('options revisions read through op.get_context().opts', () => {
  test.each([
    ['a literal table_prefix', 'table_prefix="app_"'],
    ['no table_prefix: .get() falls back to its default', 'compare_type=True'],
  ])('%s: the schema real Alembic builds is the one pgdrift expects', async (_name, extra) => {
    const root = project('', extra, PREFIXED);
    const db = await createTestDatabase('pgdrift_envopts');
    try {
      await alembic(root, ['upgrade', 'head'], db.url);
      const check = await runCli(['check', '--db', db.url, '--migrations', join(root, 'migrations'), '--no-cache', '-q']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

test.each([
  ['set from the application', 'from app.settings import PREFIX', 'table_prefix=PREFIX', /env\.py:\d+\)/],
  ['maybe in a **mapping (Flask-Migrate)', 'conf_args = {}', '**conf_args', /may pass it to context\.configure\(\) in a \*\*mapping/],
])('an option %s: exit 2 at the revision line reading it, never a guess', async (_name, prelude, extra, why) => {
  const root = project(prelude, extra, PREFIXED);
  const r = await runCli(['snapshot', '--migrations', join(root, 'migrations'), '--no-cache']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/f0_prefixed\.py:6:\d+: cannot interpret op\.get_context\(\)\.opts\["table_prefix"\]: /);
  expect(r.stderr).toMatch(why);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
