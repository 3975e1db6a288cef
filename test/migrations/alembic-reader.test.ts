import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { interpretFunction } from '../../src/migrations/alembic/interpreter.js';
import { parseOfflineSql } from '../../src/migrations/alembic/offline-sql.js';
import { loadAlembicProject } from '../../src/migrations/alembic/project.js';
import { PythonModule } from '../../src/migrations/alembic/python-module.js';
import { PythonSource } from '../../src/python/source.js';
import { readRevisionMetadata } from '../../src/migrations/alembic/revision-metadata.js';
import { FIXTURE_APP } from './alembic-helpers.js';

const HEADER = `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = 'r1'\ndown_revision = None\n`;

function moduleOf(text: string, file = 'versions/r1.py'): PythonModule {
  return new PythonModule(PythonSource.parse(file, text));
}

/** SQL of upgrade() for a body (indented by the caller) after the standard header. */
function upgradeSql(body: string, preamble = ''): string[] {
  const statements = interpretFunction(moduleOf(`${HEADER}${preamble}\n\ndef upgrade():\n${body}\n`), 'upgrade');
  return (statements ?? []).map((s) => s.sql);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('revision metadata', () => {
  test('plain assignments, a docstring message and None', () => {
    const meta = readRevisionMetadata(moduleOf(`"""Add users table\n\nRevision ID: abc\n"""\n${HEADER}branch_labels = None\n`));
    expect(meta).toEqual({ id: 'r1', parents: [], branchLabels: [], dependsOn: [], message: 'Add users table', file: 'versions/r1.py' });
  });

  test('annotated assignments, tuples, lists and constants', () => {
    const meta = readRevisionMetadata(
      moduleOf(
        `from typing import Sequence, Union\nPARENT = 'p1'\nrevision: str = 'r2'\n` +
          `down_revision: Union[str, Sequence[str], None] = (PARENT, 'p2')\n` +
          `branch_labels: Union[str, Sequence[str], None] = ['feature']\ndepends_on: Union[str, None] = 'lib1'\n`,
      ),
    );
    expect(meta).toMatchObject({ id: 'r2', parents: ['p1', 'p2'], branchLabels: ['feature'], dependsOn: ['lib1'], message: null });
  });

  test('a docstring starting with the Revision ID header gives no message', () => {
    expect(readRevisionMetadata(moduleOf(`"""\nRevision ID: r1\nRevises:\n"""\n${HEADER}`)).message).toBeNull();
  });

  test('a file without revision, or with a non-string one, is an error naming it', () => {
    expect(inputError(() => readRevisionMetadata(moduleOf('x = 1\n', 'v/helpers.py'))).message).toMatch(/^v\/helpers\.py: not an Alembic revision/);
    expect(inputError(() => readRevisionMetadata(moduleOf('revision = 42\n', 'v/a.py'))).message).toBe(
      'v/a.py:1: revision must be a non-empty string, found 42',
    );
    expect(inputError(() => readRevisionMetadata(moduleOf("revision = 'a'\ndown_revision = 3\n", 'v/a.py'))).message).toMatch(
      /^v\/a\.py:2: down_revision must be None, a string/,
    );
  });

  test('a Python syntax error is an InputError with file:line:col', () => {
    const e = inputError(() => PythonSource.parse('versions/bad.py', "revision = 'a'\ndef upgrade(:\n    pass\n"));
    expect(e.message).toMatch(/^versions\/bad\.py:2:13: Python syntax error/);
    expect(e.exitCode).toBe(2);
  });
});

describe('interpreting upgrade()', () => {
  test('types, SERIAL, defaults, inline UNIQUE and index=True', () => {
    const sql = upgradeSql(
      `    op.create_table('t',\n` +
        `        sa.Column('id', sa.Integer, primary_key=True),\n` +
        `        sa.Column('a', sa.String(), unique=True),\n` +
        `        sa.Column('b', sa.DateTime(timezone=True), server_default=sa.text('now()')),\n` +
        `        sa.Column('c', sa.Float, index=True),\n` +
        `        sa.Column('d', sa.Numeric(10, 2), server_default='0'),\n` +
        `        sa.Column('e', postgresql.ARRAY(sa.Integer(), dimensions=2)),\n` +
        `        sa.Column('select', sa.Boolean(), nullable=False, server_default=sa.false()),\n` +
        `    )`,
    );
    expect(sql).toEqual([
      'CREATE TABLE t (\n    id SERIAL NOT NULL, \n    a VARCHAR, \n    b TIMESTAMP WITH TIME ZONE DEFAULT now(), \n    c FLOAT, \n' +
        "    d NUMERIC(10, 2) DEFAULT '0', \n    e INTEGER[][], \n    \"select\" BOOLEAN DEFAULT false NOT NULL, \n    PRIMARY KEY (id), \n    UNIQUE (a)\n)",
      'CREATE INDEX ix_t_c ON t (c)',
    ]);
  });

  test('an enum is created before its table; constants, f-strings and starred tuples are evaluated', () => {
    const sql = upgradeSql(
      `    op.create_table(TABLE, sa.Column('s', STATUS, nullable=False), sa.Column('n', sa.String(LEN * 2)))\n` +
        `    op.create_index(f'ix_{TABLE}_s', TABLE, ['s'], postgresql_where=sa.text(f"s <> '{STATES[0]}'"))`,
      `TABLE = 'jobs'\nLEN = 16\nSTATES = ('new', 'done')\nSTATUS = sa.Enum(*STATES, name='job_status')`,
    );
    expect(sql).toEqual([
      "CREATE TYPE job_status AS ENUM ('new', 'done')",
      'CREATE TABLE jobs (\n    s job_status NOT NULL, \n    n VARCHAR(32)\n)',
      "CREATE INDEX ix_jobs_s ON jobs (s) WHERE s <> 'new'",
    ]);
  });

  test('statements carry file, line, kind and transactional', () => {
    const statements = interpretFunction(
      moduleOf(
        `${HEADER}\ndef upgrade():\n    op.execute("UPDATE t SET a = 1")\n    with op.get_context().autocommit_block():\n` +
          `        op.create_index('ix', 't', ['a'], postgresql_concurrently=True)\n    op.get_bind().execute(sa.text('ALTER TABLE t ADD b int'))\n`,
      ),
      'upgrade',
    );
    expect(statements).toEqual([
      { sql: 'UPDATE t SET a = 1', file: 'versions/r1.py', line: 9, kind: 'data', transactional: true },
      { sql: 'CREATE INDEX CONCURRENTLY ix ON t (a)', file: 'versions/r1.py', line: 11, kind: 'schema', transactional: false },
      { sql: 'ALTER TABLE t ADD b int', file: 'versions/r1.py', line: 12, kind: 'schema', transactional: true },
    ]);
  });

  test('bulk_insert into sa.table renders one INSERT per row, marked data', () => {
    const statements = interpretFunction(
      moduleOf(
        `${HEADER}\nt = sa.table('plans', sa.column('id', sa.Integer), sa.column('code', sa.String), sa.column('price', sa.Numeric))\n\n` +
          `def upgrade():\n    op.bulk_insert(t, [{'id': 1, 'code': "it's", 'price': 1.5}, {'code': None, 'id': 2}])\n`,
      ),
      'upgrade',
    );
    expect(statements?.map((s) => [s.sql, s.kind])).toEqual([
      ["INSERT INTO plans (id, code, price) VALUES (1, 'it''s', 1.5)", 'data'],
      ['INSERT INTO plans (id, code) VALUES (2, NULL)', 'data'],
    ]);
  });

  test('enum.create(bind) with checkfirst becomes a guarded statement', () => {
    expect(upgradeSql(`    postgresql.ENUM('a', name='e').create(op.get_bind())`)).toEqual([
      "DO $$BEGIN IF to_regtype('e') IS NULL THEN CREATE TYPE e AS ENUM ('a'); END IF; END$$",
    ]);
    expect(upgradeSql(`    sa.Enum('a', name='e').create(op.get_bind())`)).toEqual(["CREATE TYPE e AS ENUM ('a')"]);
  });

  test('imports inside the function and local variables work', () => {
    expect(upgradeSql(`    from sqlalchemy.dialects.postgresql import JSONB\n    col = sa.Column('j', JSONB())\n    op.add_column('t', col)`)).toEqual([
      'ALTER TABLE t ADD COLUMN j JSONB',
    ]);
  });
});

describe('constructs the interpreter refuses, naming file:line and the ways out', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['an if statement', '    if True:\n        op.drop_table("t")', '', /versions\/r1\.py:10: cannot interpret the if statement `if True:`/],
    ['a for loop', '    for t in TABLES:\n        op.drop_table(t)', "TABLES = ['a']", /versions\/r1\.py:10: cannot interpret the for loop/],
    ['a helper function', '    add_timestamps("users")', 'def add_timestamps(t):\n    pass', /versions\/r1\.py:11: cannot interpret the call to the helper function add_timestamps\(\)/],
    ['an imported helper', '    audit.install("users")', 'from app.db import audit', /versions\/r1\.py:10: cannot interpret the call to app\.db\.audit\.install\(\) \(`audit\.install\("users"\)`\), which is not SQLAlchemy or Alembic/],
    ['an unknown column type', "    op.add_column('t', sa.Column('x', MyType()))", 'from app.types import MyType', /versions\/r1\.py:10: cannot interpret the call to app\.types\.MyType\(\)/],
    ['a comprehension', "    op.create_table('t', *[sa.Column(c, sa.Text) for c in 'ab'])", '', /versions\/r1\.py:10: cannot interpret a list comprehension/],
    ['an undefined name', "    op.drop_table(NAME)", '', /versions\/r1\.py:10: cannot interpret the name 'NAME'/],
    ['execute with parameters', "    op.get_bind().execute(sa.text('UPDATE t SET a = :a'), {'a': 1})", '', /versions\/r1\.py:10: cannot interpret execute\(\) with bound parameters/],
    ['an unknown op', "    op.invoke(thing)", 'thing = 1', /versions\/r1\.py:10: cannot interpret op\.invoke\(\)/],
  ];
  test.each(cases)('%s', (_label, body, preamble, message) => {
    const e = inputError(() => upgradeSql(body, preamble));
    expect(e.message).toMatch(message);
    expect(e.message).toContain('--alembic-sql FILE');
    expect(e.message).toContain('--migrate-cmd');
    expect(e.exitCode).toBe(2);
  });

  test('a module constant that cannot be evaluated is only an error when used', () => {
    expect(upgradeSql("    op.drop_table('t')", 'UNUSED = compute()')).toEqual(['DROP TABLE t']);
    expect(inputError(() => upgradeSql('    op.drop_table(USED)', 'USED = compute()')).message).toMatch(/^versions\/r1\.py:7: cannot interpret the name 'compute'/);
  });
});

describe('offline SQL (`alembic upgrade --sql` output)', () => {
  const text = [
    'BEGIN;',
    '',
    'CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);',
    '',
    '-- Running upgrade  -> a1',
    '',
    "CREATE TABLE t (a text DEFAULT 'x;y');",
    '',
    "INSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING alembic_version.version_num;",
    '',
    '-- Running upgrade a1 -> b2',
    '',
    'COMMIT;',
    '',
    'CREATE INDEX CONCURRENTLY ix ON t (a);',
    '',
    'BEGIN;',
    '',
    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
    '',
    "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = 'a1';",
    '',
    'COMMIT;',
    '',
  ].join('\n');

  test('splits per revision, drops bookkeeping, keeps lines and transactions', () => {
    const script = parseOfflineSql(text, 'up.sql');
    expect(script.steps.map((s) => [s.direction, s.from, s.to, s.revision])).toEqual([
      ['upgrade', [], ['a1'], 'a1'],
      ['upgrade', ['a1'], ['b2'], 'b2'],
    ]);
    expect(script.steps[0]?.statements).toEqual([{ sql: "CREATE TABLE t (a text DEFAULT 'x;y')", file: 'up.sql', line: 10, kind: 'schema', transactional: true }]);
    expect(script.steps[1]?.statements.map((s) => [s.sql, s.line, s.transactional])).toEqual([
      ['CREATE INDEX CONCURRENTLY ix ON t (a)', 18, false],
      ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', 22, true],
    ]);
  });

  test('SQL before any revision marker is an error naming the line', () => {
    expect(inputError(() => parseOfflineSql('CREATE TABLE x (a int);\n', 'x.sql')).message).toMatch(/^x\.sql:1: SQL before any '-- Running upgrade' marker/);
  });
});

describe('loadAlembicProject', () => {
  test('accepts the folder with alembic.ini, the script folder and the versions folder', async () => {
    for (const dir of [FIXTURE_APP, join(FIXTURE_APP, 'migrations'), join(FIXTURE_APP, 'migrations', 'versions')]) {
      const project = await loadAlembicProject(dir);
      expect(project.graph.size).toBe(13);
      expect(project.graph.heads()).toEqual(['d6e7f8091a2b']);
      expect(project.graph.bases()).toEqual(['1a2b3c4d5e6f']);
      expect(project.graph.merges()).toEqual(['a3b4c5d6e7f8']);
      expect(project.graph.branchPoints()).toEqual(['708192a3b4c5']);
    }
    const project = await loadAlembicProject(FIXTURE_APP);
    expect(project.graph.get('2b3c4d5e6f70')).toMatchObject({ message: 'organizations and memberships', parents: ['1a2b3c4d5e6f'] });
    expect(project.graph.get('92a3b4c5d6e7').branchLabels).toEqual(['audit']);
    expect(project.upgradeStatementsTo().length).toBeGreaterThan(60);
  });

  test('errors name the files: duplicate ids, syntax errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgdrift-alembic-'));
    try {
      await mkdir(join(dir, 'versions'));
      await writeFile(join(dir, 'env.py'), '');
      await writeFile(join(dir, 'versions', 'a.py'), "revision = 'x'\ndown_revision = None\n");
      await writeFile(join(dir, 'versions', 'b.py'), "revision = 'x'\ndown_revision = None\n");
      await expect(loadAlembicProject(dir)).rejects.toThrow(/duplicate revision id 'x': declared by .*versions\/a\.py and .*versions\/b\.py/);
      await writeFile(join(dir, 'versions', 'b.py'), "revision = 'y'\ndown_revision = 'x'\ndef upgrade(:\n");
      await expect(loadAlembicProject(dir)).rejects.toThrow(/versions\/b\.py:3:13: Python syntax error/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
