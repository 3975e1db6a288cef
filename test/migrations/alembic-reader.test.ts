import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnreadableHistory } from '../../src/migrations/unreadable.js';
import { InputError } from '../../src/errors.js';
import { parseOfflineSql } from '../../src/migrations/alembic/offline-sql.js';
import { loadAlembicProject } from '../../src/migrations/alembic/project.js';
import { AlembicReplayer } from '../../src/migrations/alembic/replay.js';
import type { MigrationStatement } from '../../src/migrations/migration-statement.js';
import { PythonSource } from '../../src/python/source.js';
import { readRevisionMetadata } from '../../src/migrations/alembic/revision-metadata.js';
import { serverUrl } from '../helpers/db.js';
import { FIXTURE_APP } from './alembic-helpers.js';

const HEADER = `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = 'r1'\ndown_revision = None\n`;

function sourceOf(text: string, file = 'versions/r1.py'): PythonSource {
  return PythonSource.parse(file, text);
}

/** Replays a one-revision project on an embedded shadow; its files are given relative to the project. */
async function replayFiles(files: Record<string, string>): Promise<{ dir: string; statements: readonly MigrationStatement[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-reader-'));
  try {
    await mkdir(join(dir, 'versions'));
    await writeFile(join(dir, 'env.py'), '');
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const project = await loadAlembicProject(dir);
    // The test server as shadow: one temporary database per replay, no embedded start-up each time.
    return { dir, statements: await new AlembicReplayer(project).upgradeStatements('r1', { shadowUrl: serverUrl() }) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The statements upgrade() runs, for a body (indented by the caller) after the standard header. */
async function upgrade(body: string, preamble = ''): Promise<readonly MigrationStatement[]> {
  return (await replayFiles({ 'versions/r1.py': `${HEADER}${preamble}\n\ndef upgrade():\n${body}\n` })).statements;
}

async function upgradeSql(body: string, preamble = ''): Promise<string[]> {
  return (await upgrade(body, preamble)).map((s) => s.sql);
}

async function inputError(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

function syncInputError(fn: () => unknown): InputError {
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
    const meta = readRevisionMetadata(sourceOf(`"""Add users table\n\nRevision ID: abc\n"""\n${HEADER}branch_labels = None\n`));
    expect(meta).toEqual({ id: 'r1', parents: [], branchLabels: [], dependsOn: [], message: 'Add users table', docstring: 'Add users table\n\nRevision ID: abc\n', file: 'versions/r1.py' });
  });

  test('annotated assignments, tuples, lists and constants', () => {
    const meta = readRevisionMetadata(
      sourceOf(
        `from typing import Sequence, Union\nPARENT = 'p1'\nrevision: str = 'r2'\n` +
          `down_revision: Union[str, Sequence[str], None] = (PARENT, 'p2')\n` +
          `branch_labels: Union[str, Sequence[str], None] = ['feature']\ndepends_on: Union[str, None] = 'lib1'\n`,
      ),
    );
    expect(meta).toMatchObject({ id: 'r2', parents: ['p1', 'p2'], branchLabels: ['feature'], dependsOn: ['lib1'], message: null });
  });

  test('a docstring starting with the Revision ID header gives no message', () => {
    expect(readRevisionMetadata(sourceOf(`"""\nRevision ID: r1\nRevises:\n"""\n${HEADER}`)).message).toBeNull();
  });

  test('a file without revision, or with a non-string one, is an error naming it', () => {
    expect(syncInputError(() => readRevisionMetadata(sourceOf('x = 1\n', 'v/helpers.py'))).message).toMatch(/^v\/helpers\.py: not an Alembic revision/);
    expect(syncInputError(() => readRevisionMetadata(sourceOf('revision = 42\n', 'v/a.py'))).message).toBe(
      'v/a.py:1:12: revision must be a non-empty string, found 42',
    );
    expect(syncInputError(() => readRevisionMetadata(sourceOf("revision = 'a'\ndown_revision = 3\n", 'v/a.py'))).message).toMatch(
      /^v\/a\.py:2:17: down_revision must be None, a string/,
    );
  });

  test('a Python syntax error is an InputError with file:line:col', () => {
    const e = syncInputError(() => PythonSource.parse('versions/bad.py', "revision = 'a'\ndef upgrade(:\n    pass\n"));
    expect(e.message).toMatch(/^versions\/bad\.py:2:13: Python syntax error/);
    expect(e.exitCode).toBe(2);
  });
});

describe('interpreting upgrade()', () => {
  test('types, SERIAL, defaults, inline UNIQUE and index=True', async () => {
    const sql = await upgradeSql(
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

  test('an enum is created before its table; constants, f-strings and starred tuples are evaluated', async () => {
    const sql = await upgradeSql(
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

  test('statements carry file, line, kind and transactional', async () => {
    const statements = await upgrade(
      `    op.create_table('t', sa.Column('a', sa.Integer))\n    op.execute("UPDATE t SET a = 1")\n    with op.get_context().autocommit_block():\n` +
        `        op.create_index('ix', 't', ['a'], postgresql_concurrently=True)\n    op.get_bind().execute(sa.text('ALTER TABLE t ADD b int'))`,
    );
    expect(statements.slice(1)).toEqual([
      { sql: 'UPDATE t SET a = 1', file: expect.stringMatching(/versions\/r1\.py$/), line: 11, kind: 'data', transactional: true },
      { sql: 'CREATE INDEX CONCURRENTLY ix ON t (a)', file: expect.stringMatching(/versions\/r1\.py$/), line: 13, kind: 'schema', transactional: false },
      { sql: 'ALTER TABLE t ADD b int', file: expect.stringMatching(/versions\/r1\.py$/), line: 14, kind: 'schema', transactional: true },
    ]);
  });

  test('bulk_insert into sa.table inserts each row, recorded with literal values and marked data', async () => {
    const statements = await upgrade(
      `    op.create_table('plans', sa.Column('id', sa.Integer), sa.Column('code', sa.String), sa.Column('price', sa.Numeric))\n` +
        `    op.bulk_insert(t, [{'id': 1, 'code': "it's", 'price': 1.5}, {'code': None, 'id': 2}])\n` +
        `    n = op.get_bind().execute(sa.text("SELECT count(*) FROM plans WHERE code IS NULL")).scalar()\n` +
        `    op.add_column('plans', sa.Column(f'nulls_{n}', sa.Integer))`,
      `t = sa.table('plans', sa.column('id', sa.Integer), sa.column('code', sa.String), sa.column('price', sa.Numeric))`,
    );
    expect(statements.map((s) => [s.sql, s.kind])).toEqual([
      ['CREATE TABLE plans (\n    id INTEGER, \n    code VARCHAR, \n    price NUMERIC\n)', 'schema'],
      ["INSERT INTO plans (id, code, price) VALUES (1, 'it''s', 1.5)", 'data'],
      ['INSERT INTO plans (id, code) VALUES (2, NULL)', 'data'],
      ['SELECT count(*) FROM plans WHERE code IS NULL', 'data'],
      ['ALTER TABLE plans ADD COLUMN nulls_1 INTEGER', 'schema'],
    ]);
  });

  test('enum.create(bind) with checkfirst becomes a guarded statement', async () => {
    expect(await upgradeSql(`    postgresql.ENUM('a', name='e').create(op.get_bind())`)).toEqual([
      "DO $$BEGIN IF to_regtype('e') IS NULL THEN CREATE TYPE e AS ENUM ('a'); END IF; END$$",
    ]);
    expect(await upgradeSql(`    sa.Enum('a', name='e').create(op.get_bind())`)).toEqual(["CREATE TYPE e AS ENUM ('a')"]);
  });

  test('imports inside the function and local variables work', async () => {
    expect(await upgradeSql(`    from sqlalchemy.dialects.postgresql import JSONB\n    op.create_table('t')\n    col = sa.Column('j', JSONB())\n    op.add_column('t', col)`)).toEqual([
      'CREATE TABLE t (\n    \n)',
      'ALTER TABLE t ADD COLUMN j JSONB',
    ]);
  });

  test('inspection answers from the schema built so far, statements of the same revision included', async () => {
    const sql = await upgradeSql(
      `    inspector = sa.inspect(op.get_bind())\n` +
        `    if 'users' not in inspector.get_table_names():\n` +
        `        op.create_table('users', sa.Column('id', sa.Integer, primary_key=True), sa.Column('email', sa.String(255)))\n` +
        `    # Cached until clear_cache(), as SQLAlchemy's inspector is.\n` +
        `    assert 'users' not in inspector.get_table_names()\n` +
        `    inspector.clear_cache()\n` +
        `    columns = {c['name']: c for c in inspector.get_columns('users')}\n` +
        `    if 'created_at' not in columns and str(columns['email']['type']) == 'VARCHAR(255)':\n` +
        `        op.add_column('users', sa.Column('created_at', sa.DateTime()))\n` +
        `    for ix in inspector.get_indexes('users'):\n` +
        `        op.drop_index(ix['name'])\n` +
        `    if not any(u['column_names'] == ['email'] for u in inspector.get_unique_constraints('users')):\n` +
        `        op.create_unique_constraint('uq_email', 'users', ['email'])`,
    );
    expect(sql).toEqual([
      'CREATE TABLE users (\n    id SERIAL NOT NULL, \n    email VARCHAR(255), \n    PRIMARY KEY (id)\n)',
      'ALTER TABLE users ADD COLUMN created_at TIMESTAMP WITHOUT TIME ZONE',
      'ALTER TABLE users ADD CONSTRAINT uq_email UNIQUE (email)',
    ]);
  });

  test('list-valued answers are lists on a server shadow too (column names, INCLUDE, keys, enum labels)', async () => {
    const sql = await upgradeSql(
      `    op.create_table('p', sa.Column('id', sa.Integer, primary_key=True))\n` +
        `    op.create_table('c', sa.Column('id', sa.Integer, primary_key=True), sa.Column('p_id', sa.Integer, sa.ForeignKey('p.id')), sa.Column('note', sa.Text), sa.UniqueConstraint('note', 'p_id', name='uq_c'))\n` +
        `    op.create_index('ix_c', 'c', ['p_id', sa.text('lower(note)')], postgresql_include=['id'])\n` +
        `    op.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')")\n` +
        `    i = sa.inspect(op.get_bind())\n` +
        `    got = [[ix['name'], ix['column_names'], ix.get('expressions')] for ix in i.get_indexes('c')]\n` +
        `    got += [i.get_indexes('c')[0]['dialect_options']['postgresql_include']]\n` +
        `    got += [[u['name'], u['column_names']] for u in i.get_unique_constraints('c')]\n` +
        `    got += [[f['constrained_columns'], f['referred_columns']] for f in i.get_foreign_keys('c')]\n` +
        `    got += [[i.get_pk_constraint('c')['constrained_columns']], [e['labels'] for e in i.get_enums()]]\n` +
        `    op.execute('COMMENT ON TABLE c IS ' + repr(repr(got).replace(chr(39), '')))`,
    );
    expect(sql.at(-1)).toBe(
      "COMMENT ON TABLE c IS '[[ix_c, [p_id, None], [p_id, lower(note)]], [uq_c, [note, p_id], None], [id], [uq_c, [note, p_id]], [[p_id], [id]], [[id]], [[ok, sad]]]'",
    );
  });

  test("other databases' options (sqlite_where=, mysql_engine=, …) change nothing, as on PostgreSQL; an unknown postgresql_ one is still refused", async () => {
    expect(
      await upgradeSql(
        `    op.create_table('t', sa.Column('id', sa.Integer), sa.Column('e', sa.Text), mysql_engine='InnoDB', sqlite_autoincrement=True)\n` +
          `    op.create_index('ix', 't', ['e'], unique=True, postgresql_where=sa.text('id > 0'), sqlite_where=sa.text('id > 0'), mysql_length=10)\n` +
          `    op.alter_column('t', 'id', existing_type=sa.Integer, nullable=False, mssql_collation='x')`,
      ),
    ).toEqual(['CREATE TABLE t (\n    id INTEGER, \n    e TEXT\n)', 'CREATE UNIQUE INDEX ix ON t (e) WHERE id > 0', 'ALTER TABLE t ALTER COLUMN id SET NOT NULL']);
    const e = await inputError(() => upgradeSql("    op.create_index('ix', 't', ['e'], postgresql_frobnicate=True)"));
    expect(e.message).toMatch(/versions\/r1\.py:10:5: cannot interpret the index option postgresql_frobnicate=/);
  });

  test("use_alter foreign keys stay out of create_table (SQLAlchemy leaves them to create_all); add_column still adds its own", async () => {
    expect(
      await upgradeSql(
        `    op.create_table('c', sa.Column('id', sa.Integer, primary_key=True))\n` +
          `    op.create_table('p', sa.Column('id', sa.Integer, primary_key=True), sa.Column('c_id', sa.Integer, sa.ForeignKey('c.id', use_alter=True, name='fk_a')),\n` +
          `        sa.Column('c2', sa.Integer), sa.ForeignKeyConstraint(['c2'], ['c.id'], name='fk_b', use_alter=True), sa.ForeignKeyConstraint(['c2'], ['c.id'], name='fk_c'))\n` +
          `    op.add_column('c', sa.Column('p_id', sa.Integer, sa.ForeignKey('p.id', use_alter=True, name='fk_d')))`,
      ),
    ).toEqual([
      'CREATE TABLE c (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n)',
      'CREATE TABLE p (\n    id SERIAL NOT NULL, \n    c_id INTEGER, \n    c2 INTEGER, \n    PRIMARY KEY (id), \n    CONSTRAINT fk_c FOREIGN KEY(c2) REFERENCES c (id)\n)',
      'ALTER TABLE c ADD COLUMN p_id INTEGER',
      'ALTER TABLE c ADD CONSTRAINT fk_d FOREIGN KEY(p_id) REFERENCES p (id)',
    ]);
  });

  test('the migration context says it is online (as_sql False, is_offline_mode() False)', async () => {
    expect(await upgradeSql("    if not op.get_context().as_sql and not context.is_offline_mode():\n        op.create_table('online')", 'from alembic import context')).toEqual(['CREATE TABLE online (\n    \n)']);
  });

  test('an enum type declared in two create_table calls is created once (SQLAlchemy memo for the run)', async () => {
    const sql = await upgradeSql(
      `    op.create_table('a', sa.Column('s', sa.Enum('new', 'done', name='status')))\n    op.create_table('b', sa.Column('s', sa.Enum('new', 'done', name='status')))`,
    );
    expect(sql.filter((s) => s.startsWith('CREATE TYPE'))).toEqual(["CREATE TYPE status AS ENUM ('new', 'done')"]);
    expect(sql.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(2);
  });

  test('op.f() names past 63 characters are shortened as SQLAlchemy shortens them, not cut by PostgreSQL', async () => {
    const sql = await upgradeSql(
      `    op.create_table('c', sa.Column('id', sa.Integer, primary_key=True), sa.Column('p_id', sa.Integer))\n` +
        `    op.create_index(op.f('ix_a_very_long_index_name_on_the_children_table_for_the_parent_id_column'), 'c', ['p_id'])\n` +
        `    op.create_index(op.f('ix_short'), 'c', ['id'])`,
    );
    expect(sql.slice(1)).toEqual(['CREATE INDEX ix_a_very_long_index_name_on_the_children_table_for_the_76b0 ON c (p_id)', 'CREATE INDEX ix_short ON c (id)']);
  });

  test('helpers, loops, comprehensions and exceptions as Python runs them', async () => {
    const sql = await upgradeSql(
      `    for name, kind in TABLES:\n` +
        `        make(name, kind=kind)\n` +
        `    try:\n` +
        `        {}['missing']\n` +
        `    except KeyError as e:\n` +
        `        op.create_index(f'ix_{str(e).strip(chr(39))}', 'a', ['id'])\n` +
        `    names = sorted({t for t, _k in TABLES if t != 'b'}, reverse=True)\n` +
        `    op.execute('COMMENT ON TABLE a IS ' + repr(','.join(names)))`,
      `TABLES = [('a', 'INTEGER'), ('b', 'TEXT')]\n\ndef make(name, kind='TEXT', *, pk=True):\n    op.create_table(name, sa.Column('id', getattr(sa, kind), primary_key=pk))`,
    );
    expect(sql).toEqual([
      'CREATE TABLE a (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n)',
      'CREATE TABLE b (\n    id TEXT NOT NULL, \n    PRIMARY KEY (id)\n)',
      'CREATE INDEX ix_missing ON a (id)',
      "COMMENT ON TABLE a IS 'a'",
    ]);
  });

  test('a type from the project\'s own module compiles to its impl', async () => {
    const { statements } = await replayFiles({
      'app_pkg/__init__.py': '',
      'app_pkg/types.py': 'import sqlalchemy\nfrom app_missing import heavy  # never used by the type\n\nclass JSONField(sqlalchemy.types.TypeDecorator):\n    impl = sqlalchemy.types.Text\n    cache_ok = True\n',
      'versions/r1.py': `${HEADER}from app_pkg.types import JSONField\n\ndef upgrade():\n    op.create_table('t', sa.Column('meta', JSONField()))\n`,
    });
    expect(statements.map((s) => s.sql)).toEqual(['CREATE TABLE t (\n    meta TEXT\n)']);
  });
});

describe('constructs the reader refuses, naming file:line:column and the ways out', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['an imported helper from outside the project', '    audit.install("users")', 'from app.db import audit', /versions\/r1\.py:10:5: cannot interpret the call to app\.db\.audit\.install\(\) \(`audit\.install\("users"\)`\); module app\.db is not a library pgdrift knows, and no app\/db\.py or app\/db\/__init__\.py is in the importing file's folder or any folder above it/],
    ['an unknown column type', "    op.add_column('t', sa.Column('x', MyType()))", 'from app.types import MyType', /versions\/r1\.py:10:39: cannot interpret the call to app\.types\.MyType\(\) \(`MyType\(\)`\); module app\.types is not a library/],
    ['a third-party type', "    op.add_column('t', sa.Column('x', sqlalchemy_utils.UUIDType()))", 'import sqlalchemy_utils', /versions\/r1\.py:10:39: cannot interpret the call to sqlalchemy_utils\.UUIDType\(\) .*; module sqlalchemy_utils is not a library pgdrift knows/],
    ['a name of a library pgdrift knows but does not implement', "    op.add_column('t', sa.Column('x', sa.Frobnicate()))", '', /versions\/r1\.py:10:24: cannot interpret the sa\.Column argument sa\.Frobnicate\(…\) in upgrade\(\) of revision r1; pgdrift's/],
    ['an undefined name', '    op.drop_table(NAME)', '', /versions\/r1\.py:10:19: cannot interpret the name 'NAME'/],
    ['exec()', "    exec('import os')", '', /versions\/r1\.py:10:5: cannot interpret the call to exec\(\)/],
    ['an unknown op', '    op.invoke(thing)', 'thing = 1', /versions\/r1\.py:10:5: cannot interpret op\.invoke\(\)/],
    ['a generator function', '    list(gen())', 'def gen():\n    yield 1', /versions\/r1\.py:7:1: cannot interpret the generator function gen\(\)/],
  ];
  test.each(cases)('%s', async (_label, body, preamble, message) => {
    const e = await inputError(() => upgradeSql(body, preamble));
    expect(e.message).toMatch(message);
    expect(e.message).toContain("pgdrift's Python-free reader stops here");
    expect(e.message).toContain('--migrate-cmd');
    expect(e.exitCode).toBe(2);
  });

  test("a project module the parser rejects stops the reader as its own gap (Python imported it), with the ways out", async () => {
    const e = await inputError(() =>
      replayFiles({
        'app_pkg/__init__.py': '',
        'app_pkg/util.py': 'import contextlib\n\n@contextlib.contextmanager\ndef noop():\n    yield\n',
        'versions/r1.py': `${HEADER}from app_pkg.util import noop\n\ndef upgrade():\n    with noop():\n        op.create_table('t')\n`,
      }),
    );
    expect(e).toBeInstanceOf(UnreadableHistory);
    expect(e.message).toMatch(/app_pkg\/util\.py:5:10: cannot interpret the Python syntax near 'yield' in module app_pkg\.util, which pgdrift's Python parser does not accept/);
    expect(e.message).toContain('--migrate-cmd');
  });

  test('once a revision inspected the database, --alembic-sql is not offered (offline mode cannot inspect)', async () => {
    const e = await inputError(() => upgradeSql("    sa.inspect(op.get_bind()).get_table_names()\n    exec('x')"));
    expect(e.message).not.toContain('--alembic-sql');
    const plain = await inputError(() => upgradeSql("    exec('x')"));
    expect(plain.message).toContain('--alembic-sql');
  });

  test('an exception the migration raises on the replayed schema is an error naming where', async () => {
    const e = await inputError(() => upgradeSql("    cols = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('nope')}"));
    expect(e.message).toMatch(/versions\/r1\.py:10:\d+: upgrade\(\) of revision r1 raised NoSuchTableError: nope/);
  });

  test('a module constant that cannot be evaluated is only an error when used', async () => {
    expect(await upgradeSql("    op.create_table('t')\n    op.drop_table('t')", 'UNUSED = compute()')).toEqual(['CREATE TABLE t (\n    \n)', 'DROP TABLE t']);
    expect((await inputError(() => upgradeSql('    op.drop_table(USED)', 'USED = compute()'))).message).toMatch(/versions\/r1\.py:7:8: cannot interpret the name 'compute'/);
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
    expect(syncInputError(() => parseOfflineSql('CREATE TABLE x (a int);\n', 'x.sql')).message).toMatch(/^x\.sql:1: SQL before any '-- Running upgrade' marker/);
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
    expect((await new AlembicReplayer(project).upgradeStatements('d6e7f8091a2b')).length).toBeGreaterThan(0);
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
