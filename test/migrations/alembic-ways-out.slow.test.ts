import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compare } from '../../src/compare/compare.js';
import { readSnapshotFile } from '../../src/model/json.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, serverUrl } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';
import { scratch } from './status-helpers.js';

// The two ways out for migrations the Python-free reader cannot follow, against real Alembic:
// its offline SQL (`--alembic-sql`) and its own `upgrade` run on a server shadow (`--migrate-cmd`).
const available = await alembicAvailable();
if (!available) console.warn('Skipping --alembic-sql / --migrate-cmd tests with real Alembic: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const HEAD = 'd6e7f8091a2b';
/** On the audit branch, before the merge: its path leaves the comments branch out. */
const MIDDLE = '92a3b4c5d6e7';
const HELPER_REVISION = 'e7f8091a2b3c';
const OFFLINE_URL = 'postgresql://offline@localhost/offline';
const TIMEOUT = 300_000;
const run = promisify(execFile);

/** A revision real Alembic runs and the reader cannot: a module helper called in a for loop. */
const HELPER_REVISION_FILE = `"""audit columns added by a helper

Revision ID: ${HELPER_REVISION}
Revises: ${HEAD}
"""
from alembic import op
import sqlalchemy as sa

revision = "${HELPER_REVISION}"
down_revision = "${HEAD}"
branch_labels = None
depends_on = None

import textwrap

AUDITED = ("users", "posts")


def add_audit_columns(table):
    op.add_column(table, sa.Column("updated_by", sa.Text(), nullable=True))
    op.add_column(table, sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def upgrade():
    # textwrap is a module the Python-free reader does not implement: Alembic runs it, pgdrift refuses.
    for table in AUDITED:
        add_audit_columns(textwrap.dedent(table))


def downgrade():
    for table in AUDITED:
        op.drop_column(table, "updated_at")
        op.drop_column(table, "updated_by")
`;

/** The snapshot a `snapshot` run wrote, without `source` (where it came from is informative only). */
async function schemaOf(file: string): Promise<unknown> {
  const { source: _source, ...rest } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  return rest;
}

/**
 * The changes between two snapshot files. A server shadow and the embedded one may be different
 * major versions (CI runs the suite on PostgreSQL 15 too), so the files are compared the way
 * pgdrift compares schemas, not byte for byte.
 */
async function changesBetween(expectedFile: string, actualFile: string): Promise<string[]> {
  const [expected, actual] = await Promise.all([readSnapshotFile(expectedFile), readSnapshotFile(actualFile)]);
  return (await compare(expected, actual)).changes.map((c) => c.message);
}

function ok(cli: { code: number | null; stderr: string }): void {
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
}

describeIf('--alembic-sql and --migrate-cmd with real Alembic', () => {
  let work: { dir: string; remove: () => Promise<void> };
  let project: string;
  let fixtureSql: string;
  let projectSql: string;
  let alembicCommand: string;

  beforeAll(async () => {
    work = await scratch('pgdrift-alembic-ways-out-');
    project = join(work.dir, 'project');
    await cp(FIXTURE_APP, project, { recursive: true });
    await writeFile(join(project, 'migrations', 'versions', `${HELPER_REVISION}_audit_columns_by_helper.py`), HELPER_REVISION_FILE);
    fixtureSql = join(work.dir, 'fixture-upgrade.sql');
    projectSql = join(work.dir, 'project-upgrade.sql');
    await writeFile(fixtureSql, await alembic(FIXTURE_APP, ['upgrade', 'base:heads', '--sql'], OFFLINE_URL));
    await writeFile(projectSql, await alembic(project, ['upgrade', 'base:heads', '--sql'], OFFLINE_URL));
    // The `alembic` script where pip put it on PATH, else the module.
    alembicCommand = await run('alembic', ['--version']).then(
      () => 'alembic',
      () => 'python3 -m alembic',
    );
  }, TIMEOUT);

  afterAll(async () => work?.remove());

  test.each([
    ['head', HEAD],
    ['a middle revision', MIDDLE],
  ])('snapshot --alembic-sql equals the Python-free reader at %s', async (_label, revision) => {
    const fromSql = join(work.dir, `sql-${revision}.json`);
    const fromReader = join(work.dir, `reader-${revision}.json`);
    ok(await runCli(['snapshot', '--migrations', FIXTURE_APP, '--revision', revision, '--alembic-sql', fixtureSql, '--no-cache', '-o', fromSql]));
    ok(await runCli(['snapshot', '--migrations', FIXTURE_APP, '--revision', revision, '--no-cache', '-o', fromReader]));
    const expected = await schemaOf(fromReader);
    expect(await schemaOf(fromSql)).toEqual(expected);
    expect((expected as { tables: unknown[] }).tables.length).toBeGreaterThan(3);
  }, TIMEOUT);

  test('a revision the reader cannot interpret: the error names file:line and both ways out', async () => {
    const cli = await runCli(['snapshot', '--migrations', project, '--no-cache']);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toMatch(new RegExp(`^pgdrift: \\S+${HELPER_REVISION}_audit_columns_by_helper\\.py:\\d+:\\d+: cannot interpret the call to textwrap\\.dedent\\(\\)`));
    expect(cli.stderr).toContain('--alembic-sql FILE');
    expect(cli.stderr).toContain('--migrate-cmd');
  }, TIMEOUT);

  test('… read with --alembic-sql, and with --migrate-cmd "alembic upgrade {revision}": the same schema, with the helper columns', async () => {
    const fromSql = join(work.dir, 'project-sql.json');
    const fromCommand = join(work.dir, 'project-cmd.json');
    ok(await runCli(['snapshot', '--migrations', project, '--alembic-sql', projectSql, '--no-cache', '-o', fromSql]));
    ok(
      await runCli(
        ['snapshot', '--migrations', join(project, 'migrations'), '--shadow-url', serverUrl(), '--migrate-cmd', `${alembicCommand} upgrade {revision}`, '--no-cache', '-o', fromCommand],
        {},
        project,
      ),
    );
    const sqlSchema = (await schemaOf(fromSql)) as { tables: Array<{ name: string; columns: Array<{ name: string }> }> };
    for (const table of ['users', 'posts']) {
      expect(sqlSchema.tables.find((t) => t.name === table)?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['updated_by', 'updated_at']));
    }
    expect(sqlSchema.tables.map((t) => t.name)).not.toContain('alembic_version');
    expect(await changesBetween(fromSql, fromCommand)).toEqual([]);
  }, TIMEOUT);

  test('--migrate-cmd at a middle revision equals the reader there ({revision} substituted)', async () => {
    const fromCommand = join(work.dir, 'project-cmd-middle.json');
    const fromReader = join(work.dir, 'reader-middle-project.json');
    ok(
      await runCli(
        ['snapshot', '--migrations', project, '--revision', MIDDLE, '--shadow-url', serverUrl(), '--migrate-cmd', `${alembicCommand} upgrade {revision}`, '--no-cache', '-o', fromCommand],
        {},
        project,
      ),
    );
    ok(await runCli(['snapshot', '--migrations', FIXTURE_APP, '--revision', MIDDLE, '--no-cache', '-o', fromReader]));
    expect(await changesBetween(fromReader, fromCommand)).toEqual([]);
  }, TIMEOUT);

  test('--migrate-cmd: real Alembic failing is exit 2 with its exception line and exit code, password masked', async () => {
    const cli = await runCli(
      ['snapshot', '--migrations', project, '--shadow-url', serverUrl(), '--migrate-cmd', `DATABASE_URL={url}_gone ${alembicCommand} upgrade {revision}`, '--no-cache'],
      {},
      project,
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(
      new RegExp(`^pgdrift: --migrate-cmd ".*" \\(revision ${HELPER_REVISION}\\) failed with exit code 1: sqlalchemy\\.exc\\.OperationalError: .*pgdrift_shadow_\\w+_gone.*\n$`),
    );
    expect(cli.stderr).not.toContain(new URL(serverUrl()).password);
  }, TIMEOUT);

  test('check --migrations --alembic-sql: a database real Alembic brought to head is consistent', async () => {
    const db = await createTestDatabase('pgdrift_ways_out');
    try {
      await alembic(project, ['upgrade', 'head'], db.url);
      const reader = await runCli(['check', '--db', db.url, '--migrations', project, '--no-cache']);
      expect(reader.code).toBe(2);
      const cli = await runCli(['check', '--db', db.url, '--migrations', project, '--alembic-sql', projectSql, '--no-cache']);
      ok(cli);
      expect(cli.stdout).toMatch(/^✓ consistent/);
      expect(cli.stdout).toContain(HELPER_REVISION);
    } finally {
      await db.drop();
    }
  }, TIMEOUT);
});
