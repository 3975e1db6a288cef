import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable, removeScratchProjects, scratchAlembicProject } from './alembic-helpers.js';

// `try: op.add_column(…) except ProgrammingError: pass` inside Alembic's transaction: PostgreSQL
// aborted the transaction with the failed statement, so whatever runs next in it fails, down to
// Alembic's own version-table update. pgdrift used to commit such a revision (which rolled it
// back in silence) and go on, expecting a schema real Alembic never builds.
const available = await alembicAvailable();
if (!available) process.stderr.write('alembic-aborted-transaction: python3 with alembic, sqlalchemy and psycopg2 is not available; skipping\n');
const maybe = available ? test : test.skip;
const CONSTRUCTS = join(FIXTURE_APP, '..', 'constructs');
afterAll(removeScratchProjects);

function project(body: string): string {
  const revision = [
    'import sqlalchemy as sa',
    'from alembic import op',
    'from sqlalchemy.exc import ProgrammingError',
    "revision = 'ab0001'",
    'down_revision = None',
    'def upgrade():',
    '    op.create_table("kept", sa.Column("id", sa.Integer, primary_key=True))',
    ...body.split('\n').map((l) => `    ${l}`),
    'def downgrade():',
    '    op.drop_table("kept")',
    '',
  ].join('\n');
  return scratchAlembicProject(CONSTRUCTS, { '0001_kept.py': revision });
}

maybe('a failed statement caught by except: real Alembic fails on the aborted transaction, and so does pgdrift, at the statement', async () => {
  const root = project('try:\n    op.add_column("missing", sa.Column("x", sa.Integer))\nexcept ProgrammingError:\n    pass');
  const db = await createTestDatabase('pgdrift_aborted');
  try {
    const real = await alembic(root, ['upgrade', 'head'], db.url).then(
      () => 'succeeded',
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(real).toMatch(/InFailedSqlTransaction|current transaction is aborted/);
    const ours = await runCli(['snapshot', '--migrations', join(root, 'migrations'), '--no-cache']);
    expect(ours.stderr).toMatch(/^pgdrift: \S*0001_kept\.py:9: relation "missing" does not exist .*upgrade\(\) of revision ab0001 caught the error and went on, but PostgreSQL had aborted the transaction/);
    expect(ours.stderr.trim().split('\n')).toHaveLength(1);
    expect(ours.code).toBe(2);
  } finally {
    await db.drop();
  }
}, 120_000);

maybe('the same statement in a savepoint (begin_nested): the transaction stays usable, and pgdrift expects what real Alembic builds', async () => {
  const root = project('try:\n    with op.get_bind().begin_nested():\n        op.add_column("missing", sa.Column("x", sa.Integer))\nexcept ProgrammingError:\n    pass');
  const db = await createTestDatabase('pgdrift_savepoint');
  try {
    await alembic(root, ['upgrade', 'head'], db.url);
    const check = await runCli(['check', '--db', db.url, '--migrations', join(root, 'migrations'), '--no-cache']);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^✓/);
    expect(check.code).toBe(0);
  } finally {
    await db.drop();
  }
}, 120_000);

maybe('the same, then an autocommit_block(): its COMMIT rolls the aborted run back without an error; Alembic fails on the version table it lost, pgdrift refuses', async () => {
  const root = project(
    'try:\n    op.add_column("missing", sa.Column("x", sa.Integer))\nexcept ProgrammingError:\n    pass\nwith op.get_context().autocommit_block():\n    op.create_table("after", sa.Column("id", sa.Integer, primary_key=True))',
  );
  const db = await createTestDatabase('pgdrift_autocommit');
  try {
    const real = await alembic(root, ['upgrade', 'head'], db.url).then(
      () => 'succeeded',
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(real).toMatch(/relation "alembic_version" does not exist/);
    const ours = await runCli(['snapshot', '--migrations', join(root, 'migrations'), '--no-cache']);
    expect(ours.stderr).toMatch(/^pgdrift: \S*0001_kept\.py:9: relation "missing" does not exist .*the autocommit_block\(\) that follows COMMITs the aborted transaction, which PostgreSQL rolls back instead/);
    expect(ours.stderr.trim().split('\n')).toHaveLength(1);
    expect(ours.code).toBe(2);
  } finally {
    await db.drop();
  }
}, 120_000);
