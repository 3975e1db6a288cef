import type { DriftCase } from '../support/case.js';
import { changed } from '../support/expect.js';

/**
 * Canonicalising catalog text (so that versions print alike) must never erase a real difference:
 * constants, casts, operators, qualified names and set operations all matter.
 */
const T = 'CREATE TABLE t (id int, a text, n numeric, d date); CREATE SCHEMA {s}_o; CREATE TABLE {s}_o.t (id int, a text, n numeric, d date)';
const def = (name: string, from: string, to: string) => ({
  name: `column default: ${name}`,
  base: `CREATE TABLE t (x ${from})`,
  change: `ALTER TABLE t ALTER COLUMN x SET DEFAULT ${to}`,
  expect: [changed('column', 'column:{s}.t.x', 'default')],
});
const view = (name: string, from: string, to: string) => ({
  name: `view: ${name}`,
  base: `${T}; CREATE VIEW v AS ${from}`,
  change: `DROP VIEW v; CREATE VIEW v AS ${to}`,
  expect: [changed('view', 'view:{s}.v', 'definition')],
});
const check = (name: string, from: string, to: string) => ({
  name: `check: ${name}`,
  base: `${T}; ALTER TABLE t ADD CONSTRAINT c CHECK (${from})`,
  change: `ALTER TABLE t DROP CONSTRAINT c; ALTER TABLE t ADD CONSTRAINT c CHECK (${to})`,
  expect: [changed('constraint', 'constraint:{s}.t.c', 'definition')],
});

/**
 * Expressions that canonicalisation must keep apart: constants, casts, operators, qualified names.
 * Run by `changes-expressions.test.ts` (drift reports) and `test/ddl/round-trip-expressions.test.ts` (DDL round trips).
 */
export const expressionCases: readonly DriftCase[] = [
  def('string case', "text DEFAULT 'Draft'", "'draft'"),
  def('string whitespace', "text DEFAULT 'a b'", "'a  b'"),
  def('negative number', 'int DEFAULT 1', '-1'),
  def('boolean', 'boolean DEFAULT true', 'false'),
  def('numeric scale of a constant', 'numeric DEFAULT 1.5', '1.50'),
  def('date constant', "date DEFAULT '2024-01-01'", "'2024-01-02'"),
  def('interval', "interval DEFAULT '1 day'", "'2 days'"),
  def('jsonb', "jsonb DEFAULT '{}'", "'[]'"),
  def('array', "text[] DEFAULT '{}'", "'{a}'"),
  def('now() vs statement_timestamp()', 'timestamptz DEFAULT now()', 'statement_timestamp()'),
  def('CURRENT_DATE vs a constant', 'date DEFAULT CURRENT_DATE', "'2024-01-01'"),
  def('NULL vs empty string', "text DEFAULT ''", "NULL::text"),
  {
    name: 'column default: nextval of another sequence',
    base: "CREATE SEQUENCE q1; CREATE SEQUENCE q2; CREATE TABLE t (x bigint DEFAULT nextval('q1'))",
    change: "ALTER TABLE t ALTER COLUMN x SET DEFAULT nextval('q2')",
    expect: [changed('column', 'column:{s}.t.x', 'default')],
  },
  {
    name: 'column default: function in another schema',
    base: `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE SCHEMA {s}_o; CREATE FUNCTION {s}_o.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (x int DEFAULT {s}.f())`,
    change: 'ALTER TABLE t ALTER COLUMN x SET DEFAULT {s}_o.f()',
    expect: [changed('column', 'column:{s}.t.x', 'default')],
  },
  view('table in another schema', 'SELECT id FROM t', 'SELECT id FROM {s}_o.t'),
  view('UNION vs UNION ALL', 'SELECT id FROM t UNION SELECT id FROM {s}_o.t', 'SELECT id FROM t UNION ALL SELECT id FROM {s}_o.t'),
  view('DISTINCT added', 'SELECT a FROM t', 'SELECT DISTINCT a FROM t'),
  view('ORDER BY direction', 'SELECT a FROM t ORDER BY a', 'SELECT a FROM t ORDER BY a DESC'),
  view('LIMIT', 'SELECT a FROM t LIMIT 10', 'SELECT a FROM t LIMIT 20'),
  view('string constant case', "SELECT id FROM t WHERE a = 'X'", "SELECT id FROM t WHERE a = 'x'"),
  view('column alias', 'SELECT id AS x FROM t', 'SELECT id AS y FROM t'),
  view('cast target', 'SELECT id::text AS x FROM t', 'SELECT id::varchar AS x FROM t'),
  view('operator', 'SELECT id FROM t WHERE id > 1', 'SELECT id FROM t WHERE id >= 1'),
  view('join kind', 'SELECT t.id FROM t JOIN {s}_o.t o ON o.id = t.id', 'SELECT t.id FROM t LEFT JOIN {s}_o.t o ON o.id = t.id'),
  view('AND vs OR', 'SELECT id FROM t WHERE id > 1 AND n > 1', 'SELECT id FROM t WHERE id > 1 OR n > 1'),
  view('numeric constant', 'SELECT id FROM t WHERE n > 1.5', 'SELECT id FROM t WHERE n > 1.50'),
  view('quoted identifier case', 'SELECT id AS "Total" FROM t', 'SELECT id AS total FROM t'),
  check('constant', 'id > 0', 'id > 1'),
  check('operator', 'id > 0', 'id >= 0'),
  check('regex case sensitivity', "a ~ '^[a-z]+$'", "a ~* '^[a-z]+$'"),
  check('LIKE pattern', "a LIKE 'a%'", "a LIKE 'A%'"),
  check('IS NULL vs IS NOT NULL', 'a IS NULL OR id > 0', 'a IS NOT NULL OR id > 0'),
  check('BETWEEN bounds', 'n BETWEEN 0 AND 10', 'n BETWEEN 0 AND 100'),
  check('date constant', "d > '2020-01-01'", "d > '2021-01-01'"),
  {
    name: 'index predicate string case',
    base: `${T}; CREATE INDEX i ON t (id) WHERE a = 'A'`,
    change: "DROP INDEX i; CREATE INDEX i ON t (id) WHERE a = 'a'",
    expect: [changed('index', 'index:{s}.t.i', 'definition')],
  },
  {
    name: 'index expression with a constant',
    base: `${T}; CREATE INDEX i ON t ((id + 1))`,
    change: 'DROP INDEX i; CREATE INDEX i ON t ((id + 2))',
    expect: [changed('index', 'index:{s}.t.i', 'definition')],
  },
  {
    name: 'policy USING string case',
    base: `${T}; CREATE POLICY p ON t USING (a = 'Admin')`,
    change: "ALTER POLICY p ON t USING (a = 'admin')",
    expect: [changed('policy', 'policy:{s}.t.p', 'using')],
  },
  {
    name: 'trigger WHEN constant',
    base: `${T}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.id > 1) EXECUTE FUNCTION tf()`,
    change: 'DROP TRIGGER tr ON t; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.id > 2) EXECUTE FUNCTION tf()',
    expect: [changed('trigger', 'trigger:{s}.t.tr', 'definition')],
  },
  {
    name: 'generated expression constant',
    base: 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED)',
    change: 'ALTER TABLE t DROP COLUMN b; ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 2) STORED',
    expect: [changed('column', 'column:{s}.t.b', 'generated')],
  },
  {
    name: 'domain default string case',
    base: "CREATE DOMAIN d AS text DEFAULT 'A'",
    change: "ALTER DOMAIN d SET DEFAULT 'a'",
    expect: [changed('domain', 'domain:{s}.d', 'default')],
  },
  {
    name: 'function body: string constant case (plpgsql)',
    base: "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'Hello'; END $$",
    change: "CREATE OR REPLACE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'hello'; END $$",
    expect: [changed('function', 'function:{s}.f()', 'body')],
  },
  {
    name: 'function body: table in another schema (sql)',
    base: `${T}; CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM {s}.t $$`,
    change: 'CREATE OR REPLACE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM {s}_o.t $$',
    expect: [changed('function', 'function:{s}.f()', 'body')],
  },
  {
    name: 'partition bound MINVALUE vs a date',
    base: "CREATE TABLE p (d date) PARTITION BY RANGE (d); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO ('2024-01-01')",
    change: "ALTER TABLE p DETACH PARTITION p1; ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')",
    expect: [changed('table', 'table:{s}.p1', 'partitionBound')],
  },
];
