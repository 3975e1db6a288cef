import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintMigrations } from '../../src/lint/lint.js';
import type { LintFinding } from '../../src/lint/finding.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { createTestDatabase, serverUrl } from '../helpers/db.js';
import { alembic, alembicAvailable, FIXTURE_APP, removeScratchProjects, scratchAlembicProject } from '../migrations/alembic-helpers.js';

/*
 * The oracle for `upgrade-run-fails`: real `alembic upgrade head` runs the new revisions in one
 * transaction (env.py leaves transaction_per_migration off) on PostgreSQL, on top of the
 * revisions already deployed; lint reports the finding exactly when that run fails. Each
 * revision passes on its own in every case.
 */

const available = await alembicAvailable();
if (!available) process.stderr.write('alembic-one-run-oracle: python3 with alembic, sqlalchemy and psycopg2 is not available; skipping\n');
const maybe = available ? describe : describe.skip;

function revision(id: string, parent: string | null, up: string, down = 'pass'): string {
  const body = (code: string) => code.split('\n').map((l) => `    ${l}`).join('\n');
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${parent ? `'${parent}'` : 'None'}\n\n\ndef upgrade():\n${body(up)}\n\n\ndef downgrade():\n${body(down)}\n`;
}

interface RunCase {
  readonly name: string;
  /** Revisions already deployed (committed to git before the new ones). */
  readonly deployed: readonly string[];
  /** The new revisions, linted with `--since HEAD`; with no deployed ones, a fresh install. */
  readonly added: readonly string[];
  readonly perMigration?: boolean;
  /** Whether real `alembic upgrade head` fails (stated, and checked against real Alembic). */
  readonly fails: boolean;
}

const ENUM_BASE = revision('a1', null, `op.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')")\nop.execute("CREATE TABLE person (id int PRIMARY KEY, m mood)")`, 'op.execute("DROP TABLE person")\nop.execute("DROP TYPE mood")');
const ADD_VALUE = revision('a2', 'a1', `op.execute("ALTER TYPE mood ADD VALUE 'happy'")`, 'pass  # pgdrift: allow downgrade-empty — enum values stay');
const ADD_VALUE_COMMITTED = revision('a2', 'a1', `with op.get_context().autocommit_block():\n    op.execute("ALTER TYPE mood ADD VALUE 'happy'")`, 'pass  # pgdrift: allow downgrade-empty — enum values stay');
const USE_VALUE = revision('b3', 'a2', `op.execute("ALTER TABLE person ALTER COLUMN m SET DEFAULT 'happy'")`, 'op.execute("ALTER TABLE person ALTER COLUMN m DROP DEFAULT")');
const FK_BASE = revision(
  'a1',
  null,
  'op.execute("CREATE TABLE p (id int PRIMARY KEY)")\nop.execute("CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p DEFERRABLE INITIALLY DEFERRED)")',
  'op.execute("DROP TABLE c")\nop.execute("DROP TABLE p")',
);
const INSERT_ROWS = revision('a2', 'a1', 'op.execute("INSERT INTO p VALUES (1)")\nop.execute("INSERT INTO c VALUES (1, 1)")', 'op.execute("DELETE FROM c")\nop.execute("DELETE FROM p")');
const ALTER_CHILD = revision('b3', 'a2', "op.add_column('c', sa.Column('note', sa.Text()))", "op.drop_column('c', 'note')");

const CASES: readonly RunCase[] = [
  { name: 'an enum value added, then used by the next revision of the same deploy', deployed: [ENUM_BASE], added: [ADD_VALUE, USE_VALUE], fails: true },
  { name: 'the same, the value added in autocommit_block()', deployed: [ENUM_BASE], added: [ADD_VALUE_COMMITTED, USE_VALUE], fails: false },
  { name: 'the same, env.py sets transaction_per_migration=True', deployed: [ENUM_BASE], added: [ADD_VALUE, USE_VALUE], perMigration: true, fails: false },
  { name: 'the value added by a deployed revision, used by the new one', deployed: [ENUM_BASE, ADD_VALUE], added: [USE_VALUE], fails: false },
  { name: 'rows changed under a deferred foreign key, then the table altered', deployed: [FK_BASE], added: [INSERT_ROWS, ALTER_CHILD], fails: true },
  { name: 'rows and table change, committed per revision', deployed: [FK_BASE], added: [INSERT_ROWS, ALTER_CHILD], perMigration: true, fails: false },
];

afterAll(removeScratchProjects);

const fileOf = (text: string) => `${/revision = '(\w+)'/.exec(text)?.[1]}.py`;

/** An Alembic project in a git repository: the deployed revisions committed, the new ones not. */
function project(c: RunCase): string {
  const root = scratchAlembicProject(FIXTURE_APP, Object.fromEntries(c.deployed.map((t) => [fileOf(t), t])), (env) => {
    const out = c.perMigration
      ? env.replace('context.configure(connection=connection, target_metadata=target_metadata)', 'context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=True)')
      : env;
    expect(out.includes('transaction_per_migration=True')).toBe(c.perMigration === true);
    return out;
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'deployed');
  for (const t of c.added) writeFileSync(join(root, 'migrations', 'versions', fileOf(t)), t);
  return root;
}

async function realRunFails(root: string, c: RunCase, url: string): Promise<boolean> {
  const deployedHead = /revision = '(\w+)'/.exec(c.deployed.at(-1) as string)?.[1] as string;
  await alembic(root, ['upgrade', deployedHead], url);
  try {
    await alembic(root, ['upgrade', 'head'], url);
    return false;
  } catch {
    return true;
  }
}

maybe('upgrade-run-fails equals real `alembic upgrade head` on PostgreSQL', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const root = project(c);
      const db = await createTestDatabase('pgdrift_onerun');
      try {
        expect(await realRunFails(root, c, db.url)).toBe(c.fails);
        // The shadow on the same server as real Alembic: the same PostgreSQL decides both.
        const result = await lintMigrations(await loadMigrationHistory(join(root, 'migrations')), { since: 'HEAD', shadowUrl: serverUrl() });
        const found = result.findings.filter((f) => f.rule === 'upgrade-run-fails');
        expect(found.length > 0).toBe(c.fails);
        expect(result.findings.filter((f) => !f.allowed && f.rule !== 'upgrade-run-fails' && f.severity === 'error')).toEqual([]);
        if (c.fails) {
          const f = found[0] as LintFinding;
          expect(f).toMatchObject({ revision: 'b3', severity: 'error', file: join(root, 'migrations', 'versions', 'b3.py') });
          expect(f.line).toBeGreaterThan(0);
        }
      } finally {
        await db.drop();
      }
    });
  }

  test('the embedded shadow (PGlite) reaches the same verdict on the enum deploy', async () => {
    const c = CASES[0] as RunCase;
    const result = await lintMigrations(await loadMigrationHistory(join(project(c), 'migrations')), { since: 'HEAD' });
    expect(result.findings.map((f) => f.rule)).toContain('upgrade-run-fails');
    expect(result.findings.find((f) => f.rule === 'upgrade-run-fails')?.fix).toMatch(/autocommit_block/);
  });
});
