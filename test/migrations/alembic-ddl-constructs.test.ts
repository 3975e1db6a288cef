import type { SyntaxNode } from '@lezer/common';
import { ddlConstructSql } from '../../src/migrations/alembic/ddl-constructs.js';
import { SaObject } from '../../src/migrations/alembic/python-value.js';
import type { PyValue } from '../../src/python/values.js';

// The SQL SQLAlchemy 2.1's PostgreSQL compiler prints for each construct (checked with
// `str(construct.compile(dialect=postgresql.dialect()))`); the idioms oracle runs them for real.
const node = {} as SyntaxNode;
const sa = (name: string, args: PyValue[] = [], kwargs: Record<string, PyValue> = {}) => new SaObject(name, args, new Map(Object.entries(kwargs)), node);
const where = () => 'r.py:3:5';
const sql = (o: SaObject) => ddlConstructSql(o, where);

test('sequences, schemas and DDL text as SQLAlchemy prints them', () => {
  expect(sql(sa('sa.CreateSequence', [sa('sa.Sequence', ['s'], { start: 100, increment: 5 })], { if_not_exists: true }))).toBe('CREATE SEQUENCE IF NOT EXISTS s INCREMENT BY 5 START WITH 100');
  expect(sql(sa('sa.DropSequence', [sa('sa.Sequence', ['s'], { schema: 'x' })], { if_exists: true }))).toBe('DROP SEQUENCE IF EXISTS x.s');
  expect(sql(sa('sa.DropSequence', [sa('sa.Sequence', ['Seq'])]))).toBe('DROP SEQUENCE "Seq"');
  expect(sql(sa('sa.CreateSchema', ['Arch'], { if_not_exists: true }))).toBe('CREATE SCHEMA IF NOT EXISTS "Arch"');
  expect(sql(sa('sa.DropSchema', ['arch'], { cascade: true, if_exists: true }))).toBe('DROP SCHEMA IF EXISTS arch CASCADE');
  expect(sql(sa('sa.DDL', ["CREATE TABLE t (s text CHECK (s LIKE 'a%%'));"]))).toBe("CREATE TABLE t (s text CHECK (s LIKE 'a%'))");
  // Flags given by position, in SQLAlchemy's parameter order.
  expect(sql(sa('sa.DropSchema', ['x', true]))).toBe('DROP SCHEMA x CASCADE');
  expect(sql(sa('sa.DropSchema', ['x', false, true]))).toBe('DROP SCHEMA IF EXISTS x');
  expect(sql(sa('sa.CreateSchema', ['x', true]))).toBe('CREATE SCHEMA IF NOT EXISTS x');
  expect(sql(sa('sa.DropSequence', [sa('sa.Sequence', ['s']), true]))).toBe('DROP SEQUENCE IF EXISTS s');
  expect(sql(sa('sa.DropSequence', [sa('sa.Sequence', ['s'], { quote: false })]))).toBe('DROP SEQUENCE s');
  expect(sql(sa('sa.Column', ['id']))).toBeUndefined();
});

test('what SQLAlchemy would substitute or pgdrift does not follow is refused at the line', () => {
  expect(() => sql(sa('sa.DDL', ['ALTER TABLE %(table)s ADD x int']))).toThrow(/^r\.py:3:5: .*DDL\(\) text with % substitutions/);
  expect(() => sql(sa('sa.DDL', ['SELECT 1'], { context: 'x' }))).toThrow(/sa\.DDL\(context=…\)/);
  expect(() => sql(sa('sa.CreateSequence', [sa('sa.Sequence', ['s'], { metadata: 'md' })]))).toThrow(/a Sequence bound to a MetaData/);
  expect(() => sql(sa('sa.DropSequence', ['s']))).toThrow(/other than a Sequence/);
  expect(() => sql(sa('sa.CreateSchema', []))).toThrow(/without a schema name/);
  expect(() => sql(sa('sa.CreateSchema', ['x', true, 'extra']))).toThrow(/sa\.CreateSchema\(\) with 3 positional arguments/);
  expect(() => sql(sa('sa.DropSequence', [sa('sa.Sequence', ['S'], { quote: false })]))).toThrow(/quote=False/);
});
