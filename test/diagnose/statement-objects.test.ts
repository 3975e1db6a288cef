import { loadModule, parseSync } from 'pgsql-parser';
import { guardedDdl } from '../../src/diagnose/guarded-ddl.js';
import { touchedObjects, type TouchedObject } from '../../src/diagnose/statement-objects.js';

beforeAll(async () => {
  await loadModule();
});

const touched = (sql: string): readonly TouchedObject[] => touchedObjects((parseSync(sql) as { stmts: { stmt: unknown }[] }).stmts[0]?.stmt);
const o = (objectType: TouchedObject['objectType'], schema: string | null, table: string | null, name: string, action: TouchedObject['action']): TouchedObject => ({
  objectType,
  schema,
  table,
  name,
  action,
});

test.each<[string, readonly TouchedObject[]]>([
  ['CREATE TABLE app.users (id int PRIMARY KEY)', [o('table', 'app', null, 'users', 'create')]],
  ['CREATE UNLOGGED TABLE t (LIKE u)', [o('table', null, null, 't', 'create')]],
  ['CREATE MATERIALIZED VIEW mv AS SELECT 1', [o('materialized view', null, null, 'mv', 'create')]],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', [o('view', null, null, 'v', 'alter')]],
  ['CREATE VIEW s.v AS SELECT 1', [o('view', 's', null, 'v', 'create')]],
  ['CREATE SEQUENCE s.q', [o('sequence', 's', null, 'q', 'create')]],
  ['ALTER SEQUENCE q RESTART', [o('sequence', null, null, 'q', 'alter')]],
  ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON public.t (a)', [o('index', 'public', 't', 'ix', 'create')]],
  ['CREATE INDEX ON t (a)', []],
  [
    'ALTER TABLE t ADD COLUMN b int, ALTER COLUMN c SET NOT NULL, ALTER COLUMN e TYPE text, ALTER COLUMN f SET DEFAULT 1, DROP COLUMN d',
    [o('column', null, 't', 'b', 'create'), o('column', null, 't', 'c', 'alter'), o('column', null, 't', 'e', 'alter'), o('column', null, 't', 'f', 'alter'), o('column', null, 't', 'd', 'drop')],
  ],
  [
    'ALTER TABLE s.t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID, VALIDATE CONSTRAINT x, DROP CONSTRAINT y',
    [o('constraint', 's', 't', 'ck', 'create'), o('constraint', 's', 't', 'x', 'alter'), o('constraint', 's', 't', 'y', 'drop')],
  ],
  ['ALTER TABLE t ADD PRIMARY KEY (id)', []],
  ['ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE', [o('constraint', null, 't', 'fk', 'alter')]],
  ['ALTER TABLE t DISABLE TRIGGER tr', [o('trigger', null, 't', 'tr', 'alter')]],
  ['ALTER TABLE t ENABLE ROW LEVEL SECURITY', [o('table', null, null, 't', 'alter')]],
  ['ALTER INDEX s.i SET (fillfactor = 50)', [o('index', 's', null, 'i', 'alter')]],
  ['ALTER TABLE t RENAME COLUMN a TO b', [o('column', null, 't', 'a', 'drop'), o('column', null, 't', 'b', 'create')]],
  ['ALTER TABLE t RENAME TO u', [o('table', null, null, 't', 'drop'), o('table', null, null, 'u', 'create')]],
  ['ALTER INDEX i RENAME TO j', [o('index', null, null, 'i', 'drop'), o('index', null, null, 'j', 'create')]],
  ['ALTER TABLE t RENAME CONSTRAINT a TO b', [o('constraint', null, 't', 'a', 'drop'), o('constraint', null, 't', 'b', 'create')]],
  ['ALTER TYPE mood RENAME TO feeling', [o('enum', null, null, 'mood', 'drop'), o('enum', null, null, 'feeling', 'create')]],
  ['DROP INDEX CONCURRENTLY IF EXISTS s.ix, ix2', [o('index', 's', null, 'ix', 'drop'), o('index', null, null, 'ix2', 'drop')]],
  ['DROP TABLE a, s.b CASCADE', [o('table', null, null, 'a', 'drop'), o('table', 's', null, 'b', 'drop')]],
  ['DROP VIEW v', [o('view', null, null, 'v', 'drop')]],
  ['DROP TYPE s.e', [o('enum', 's', null, 'e', 'drop')]],
  ['DROP DOMAIN d', [o('domain', null, null, 'd', 'drop')]],
  ['DROP FUNCTION s.f(int)', [o('function', 's', null, 'f', 'drop')]],
  ['DROP PROCEDURE p()', [o('procedure', null, null, 'p', 'drop')]],
  ['DROP TRIGGER tr ON s.t', [o('trigger', 's', 't', 'tr', 'drop')]],
  ['DROP POLICY p ON t', [o('policy', null, 't', 'p', 'drop')]],
  ['DROP SCHEMA app', [o('schema', 'app', null, 'app', 'drop')]],
  ['DROP EXTENSION citext', [o('extension', null, null, 'citext', 'drop')]],
  ["CREATE TYPE mood AS ENUM ('ok')", [o('enum', null, null, 'mood', 'create')]],
  ["ALTER TYPE s.mood ADD VALUE 'sad'", [o('enum', 's', null, 'mood', 'alter')]],
  ['CREATE DOMAIN pos AS int CHECK (VALUE > 0)', [o('domain', null, null, 'pos', 'create')]],
  ['ALTER DOMAIN pos SET NOT NULL', [o('domain', null, null, 'pos', 'alter')]],
  ['CREATE TYPE pair AS (a int, b int)', [o('composite type', null, null, 'pair', 'create')]],
  ["CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select 1'", [o('function', null, null, 'f', 'create')]],
  ["CREATE OR REPLACE PROCEDURE s.p() LANGUAGE sql AS 'select 1'", [o('procedure', 's', null, 'p', 'alter')]],
  ['CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', [o('trigger', null, 't', 'tr', 'create')]],
  ['CREATE POLICY p ON s.t USING (true)', [o('policy', 's', 't', 'p', 'create')]],
  ['ALTER POLICY p ON t USING (false)', [o('policy', null, 't', 'p', 'alter')]],
  ['CREATE SCHEMA app', [o('schema', 'app', null, 'app', 'create')]],
  ['CREATE EXTENSION IF NOT EXISTS citext', [o('extension', null, null, 'citext', 'create')]],
  ["COMMENT ON COLUMN s.t.c IS 'x'", [o('column', 's', 't', 'c', 'alter')]],
  ["COMMENT ON TABLE t IS 'x'", [o('table', null, null, 't', 'alter')]],
  ['UPDATE t SET a = 1', []],
  ['GRANT SELECT ON t TO app', []],
  ["DO $$ BEGIN EXECUTE 'CREATE TABLE x ()'; END $$", []],
])('%s', (sql, expected) => {
  expect(touched(sql)).toEqual(expected);
});

describe('the DO block the Alembic reader writes for enum.create(bind, checkfirst=True)', () => {
  const stmt = (sql: string): unknown => (parseSync(sql) as { stmts: { stmt: unknown }[] }).stmts[0]?.stmt;
  test('gives the CREATE or DROP TYPE inside it, so that the type is named with its line', () => {
    expect(guardedDdl(stmt(`DO $$BEGIN IF to_regtype('app.entry_state') IS NULL THEN CREATE TYPE app.entry_state AS ENUM ('a', 'b'); END IF; END$$`))).toBe(
      "CREATE TYPE app.entry_state AS ENUM ('a', 'b')",
    );
    expect(guardedDdl(stmt(`DO $$BEGIN IF to_regtype('s') IS NOT NULL THEN DROP TYPE s; END IF; END$$`))).toBe('DROP TYPE s');
  });
  test('and nothing for other DO blocks or statements', () => {
    expect(guardedDdl(stmt(`DO $$BEGIN PERFORM 1; END$$`))).toBeNull();
    expect(guardedDdl(stmt(`DO $$BEGIN IF to_regtype('s') IS NULL THEN UPDATE t SET a = 1; END IF; END$$`))).toBeNull();
    expect(guardedDdl(stmt('CREATE TYPE s AS ENUM (\'a\')'))).toBeNull();
  });
});
