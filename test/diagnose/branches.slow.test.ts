import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { Diagnosis } from '../../src/diagnose/diagnosis.js';
import { checkMigrations } from '../../src/migrations/check-migrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { alembicAvailable } from './support/incidents.js';
import { applyRemedy, diagnosisValidator } from './support/remedies.js';
import { alembicFails, alembicSucceeds } from './support/tool-run.js';

// A branched history in a second schema, with a mixed-case table and a data-only revision
// (fixtures/alembic/branches): a1 → b2 → c3 (data only) → d4a | d4b → e5 (merge, a rename) → f6 (a view).
// The cases a fresh-eyes review found diagnose getting wrong: a nearer-looking empty schema, a
// branch taken first that no single replay order reaches, a revision broken on any database,
// a stamp that skips a data migration, version rows below one another, heads never merged.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the branched-history diagnose tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;
const PROJECT = join(repoRoot, 'fixtures', 'alembic', 'branches');
const MIGRATIONS = join(PROJECT, 'migrations');
const TIMEOUT = 240_000;
const validate = diagnosisValidator();
const databases: TestDatabase[] = [];
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

async function at(revision: string, sql = '', project = PROJECT): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_branches');
  databases.push(db);
  await alembicSucceeds(project, ['upgrade', revision], db.url);
  if (sql !== '') await db.exec(sql);
  return db;
}

async function diagnosed(db: TestDatabase, migrations = MIGRATIONS): Promise<Diagnosis> {
  const d = await diagnose(db.url, migrations, { cacheDir: null });
  expect(validate(d)).toBeNull();
  return d;
}

/** A copy of the project with one more revision g7 (on f6), whose upgrade() and downgrade() are given. */
async function projectWithG7(file: string, message: string, upgrade: string, downgrade: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-g7-'));
  scratch.push(dir);
  await cp(PROJECT, dir, { recursive: true });
  await writeFile(
    join(dir, 'migrations', 'versions', file),
    `"""${message}

Revision ID: g7
Revises: f6
"""
from alembic import op
import sqlalchemy as sa

revision = 'g7'
down_revision = 'f6'
branch_labels = None
depends_on = None


def upgrade():
${upgrade}

def downgrade():
${downgrade}
`,
  );
  return dir;
}

const ids = (d: Diagnosis) => d.drift.map((c) => `${c.kind} ${c.id}`).sort();

async function expectClean(db: TestDatabase, current: readonly string[], migrations = MIGRATIONS): Promise<void> {
  const check = await checkMigrations(db.url, migrations, { cacheDir: null });
  expect({ current: [...check.migrations.current].sort(), findings: check.findings.filter((f) => f.state !== 'behind'), changes: check.schema?.changes }).toEqual({
    current: [...current].sort(),
    findings: [],
    changes: [],
  });
}

describeIf('a branched history', () => {
  test(
    'hand-made changes at head are drift at head, not "the empty schema": a whole table counts for all its parts',
    async () => {
      const db = await at(
        'head',
        'CREATE INDEX ix_hand ON billing.invoices (paid_at); ALTER TABLE "Customers" RENAME COLUMN phone TO "PhoneNumber"; DROP TABLE audit_log; CREATE INDEX "IX_Mixed" ON "Customers" (lower(email))',
      );
      const d = await diagnosed(db);
      expect(d.state).toBe('drift');
      expect(d.bestMatch.revision).toBe('f6');
      expect(ids(d)).toEqual([
        'missing column:public.Customers.phone',
        'missing table:public.audit_log',
        'unexpected column:public.Customers.PhoneNumber',
        'unexpected index:billing.invoices.ix_hand',
        'unexpected index:public.Customers.IX_Mixed',
      ]);
      expect(d.drift.find((c) => c.id === 'table:public.audit_log')?.origin).toMatchObject({ action: 'created', revision: 'd4b', pending: false });
    },
    TIMEOUT,
  );

  test(
    'columns added by hand to the table the recorded revision created: drift there, not a wrong stamp',
    async () => {
      const db = await at('d4b', "INSERT INTO audit_log (what) VALUES ('x'); ALTER TABLE audit_log ADD COLUMN actor text, ADD COLUMN ip inet, ADD COLUMN details jsonb");
      const d = await diagnosed(db);
      expect(d.state).toBe('drift');
      expect(d.bestMatch.revision).toBe('d4b');
      expect(ids(d)).toEqual(['unexpected column:public.audit_log.actor', 'unexpected column:public.audit_log.details', 'unexpected column:public.audit_log.ip']);
    },
    TIMEOUT,
  );

  test(
    'Alembic runs the d4b branch first and its concurrent index fails: d4b is half-applied, finished, then recorded',
    async () => {
      const db = await at('c3', `INSERT INTO "Customers" (id, email) VALUES (1, 'a@x'), (2, 'a@x')`);
      await alembicFails(PROJECT, ['upgrade', 'head'], db.url, 'CREATE UNIQUE INDEX CONCURRENTLY uq_customers_email');
      const d = await diagnosed(db);
      expect(d.state).toBe('half_applied');
      expect(d.partial).toMatchObject({ revision: 'd4b', applied: [{ id: 'table:public.audit_log' }], missing: [], invalid: [{ id: 'index:public.Customers.uq_customers_email', concurrently: true }] });
      expect(d.drift).toEqual([]);
      await db.exec(`DELETE FROM "Customers" WHERE id = 2`);
      await applyRemedy(db, d, 'finish');
      await expectClean(db, ['d4b']);
      await alembicSucceeds(PROJECT, ['upgrade', 'head'], db.url);
      expect((await diagnosed(db)).state).toBe('healthy');
    },
    TIMEOUT,
  );

  test(
    'stamped on the other branch: the schema is d4a, and the stamp replaces the row (--purge, a row on another branch stays otherwise)',
    async () => {
      const db = await at('d4a');
      await alembicSucceeds(PROJECT, ['stamp', '--purge', 'd4b'], db.url);
      const d = await diagnosed(db);
      expect(d.state).toBe('wrong_stamp');
      expect(d.drift).toEqual([]);
      expect(d.bestMatch).toMatchObject({ revision: 'd4a', tips: ['d4a'], distance: 0 });
      expect(d.remedies.map((r) => [r.kind, r.versionTable?.command])).toEqual([['stamp', 'alembic stamp --purge d4a']]);
      await applyRemedy(db, d, 'stamp');
      await expectClean(db, ['d4a']);
    },
    TIMEOUT,
  );

  test(
    'an object a pending revision creates, made by hand ahead of it, is named after that revision',
    async () => {
      const db = await at('c3', 'CREATE TABLE audit_log (id bigint PRIMARY KEY, note text)');
      const d = await diagnosed(db);
      expect(d.state).toBe('drift');
      expect(d.drift.map((c) => [c.id, c.origin?.revision, c.origin?.pending])).toEqual([['table:public.audit_log', 'd4b', true]]);
    },
    TIMEOUT,
  );

  test(
    'stamped back to b2: the stamp forward notes the data migration it skips',
    async () => {
      const db = await at('head');
      await alembicSucceeds(PROJECT, ['stamp', '--purge', 'b2'], db.url);
      const d = await diagnosed(db);
      expect(d.state).toBe('wrong_stamp');
      const stamp = d.remedies.find((r) => r.kind === 'stamp');
      expect(stamp?.versionTable?.command).toBe('alembic stamp f6');
      expect(stamp?.notes).toEqual([expect.stringMatching(/0003_backfill\.py:\d+ moves data \(UPDATE billing\.invoices SET status = 'open'/)]);
    },
    TIMEOUT,
  );

  test(
    'a version row below another: alembic refuses to upgrade, so it is a wrong stamp, not consistent',
    async () => {
      const db = await at('d4a', "INSERT INTO alembic_version VALUES ('c3')");
      const d = await diagnosed(db);
      expect(d.state).toBe('wrong_stamp');
      expect(d.status).toBe('action');
      expect(d.verdict).toMatch(/^wrong stamp: the version table records c3 beside revisions built on it/);
      const stamp = d.remedies.find((r) => r.kind === 'stamp');
      expect(stamp?.versionTable).toEqual({ command: 'alembic stamp --purge d4a', sql: [`DELETE FROM public.alembic_version WHERE version_num IN ('c3')`] });
      await applyRemedy(db, d, 'stamp');
      await alembicSucceeds(PROJECT, ['upgrade', 'head'], db.url);
      expect((await diagnosed(db)).state).toBe('healthy');
    },
    TIMEOUT,
  );

  test(
    'no version table: the stamp has no SQL, so --emit-sql refuses and names the command',
    async () => {
      const db = await at('c3', 'DROP TABLE alembic_version');
      const d = await diagnosed(db);
      expect(d.state).toBe('uninitialized');
      // Of identical schemas (c3 moves data only), the earliest: upgrading then runs the backfill.
      expect(d.bestMatch.revision).toBe('b2');
      const r = await runCli(['diagnose', '--db', db.url, '--migrations', MIGRATIONS, '--no-cache', '--emit-sql', join(tmpdir(), 'never-written.sql')]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe('pgdrift: the stamp remedy has no SQL to write: run `alembic stamp b2` (the tool creates its own version table)');
    },
    TIMEOUT,
  );

  test(
    'a pending revision broken on any database: judged from its statements, and the revert recommended',
    async () => {
      const dir = await projectWithG7(
        '0007_broken.py',
        'vip customers',
        `    op.add_column('Customers', sa.Column('vip', sa.Boolean(), nullable=True))
    op.execute('COMMIT')
    op.create_index('ix_customers_vip', 'customer', ['vip'])
`,
        "    op.drop_column('Customers', 'vip')",
      );
      const migrations = join(dir, 'migrations');
      const db = await at('f6', '', dir);
      await alembicFails(dir, ['upgrade', 'head'], db.url, 'CREATE INDEX ix_customers_vip ON customer');
      const d = await diagnosed(db, migrations);
      expect(d.state).toBe('half_applied');
      expect(d.replayFailure).toMatchObject({ revision: 'g7', message: expect.stringMatching(/0007_broken\.py:18: relation "customer" does not exist/) });
      expect(d.partial).toMatchObject({ revision: 'g7', unreplayable: true, applied: [{ id: 'column:public.Customers.vip' }], missing: [{ id: 'index:public.customer.ix_customers_vip' }] });
      expect(d.remedies.map((r) => [r.kind, r.recommended])).toEqual([['revert', true]]);
      await applyRemedy(db, d, 'revert');
      // g7 itself still fails to replay; the database is honestly at f6.
      expect((await diagnose(db.url, migrations, { cacheDir: null })).state).toBe('behind');
    },
    TIMEOUT,
  );

  test(
    'a pending revision the reader cannot interpret: no verdict and no remedy, whatever the steps before it say',
    async () => {
      const dir = await projectWithG7(
        '0007_exec.py',
        'audit columns everywhere',
        `    exec("op.add_column('audit_log', sa.Column('touched_at', sa.DateTime(timezone=True)))")
`,
        '    pass',
      );
      const db = await at('f6', 'ALTER TABLE audit_log ADD COLUMN hotfix boolean', dir);
      // Issue 10: a history not read to the end gives exit 2, never a diagnosis built on part of it.
      await expect(diagnose(db.url, join(dir, 'migrations'), { cacheDir: null })).rejects.toThrow(
        /0007_exec\.py:16:5: cannot interpret the call to exec\(\) in upgrade\(\) of revision g7; pgdrift's Python-free reader stops here/,
      );
    },
    TIMEOUT,
  );

  test(
    'two heads applied side by side and never merged: healthy, but the verdict says so',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pgdrift-heads-'));
      scratch.push(dir);
      await cp(PROJECT, dir, { recursive: true });
      await rm(join(dir, 'migrations', 'versions', '0005_merge.py'));
      await rm(join(dir, 'migrations', 'versions', '0006_view.py'));
      const db = await at('heads', '', dir);
      const d = await diagnosed(db, join(dir, 'migrations'));
      expect(d.state).toBe('healthy');
      expect(d.bestMatch.tips).toEqual(['d4a', 'd4b']);
      expect(d.verdict).toMatch(/^healthy: the schema is exactly revisions d4a .* \+ d4b .* as recorded; the code has 2 heads, never merged$/);
      expect(await readFile(join(dir, 'migrations', 'versions', '0004a_paid.py'), 'utf8')).toContain("revision = 'd4a'");
    },
    TIMEOUT,
  );
});
