import { readAllowances } from '../../src/lint/suppress.js';
import { fileTransaction, needsNoTransaction } from '../../src/lint/transactions.js';
import { reusedIdFinding } from '../../src/lint/history-shape.js';
import { humanBytes, humanRows } from '../../src/lint/sizes.js';

describe('pgdrift: allow comments', () => {
  test('Python and SQL comments, several rules, the reason kept', () => {
    expect(readAllowances('x = 1\n# pgdrift: allow rewrite-table, set-not-null — message has 40 rows\n', 'v.py')).toEqual([
      { rules: ['rewrite-table', 'set-not-null'], line: 2, reason: 'message has 40 rows' },
    ]);
    expect(readAllowances('-- pgdrift: allow create-index -- off-hours deploy', 'x.sql')).toEqual([{ rules: ['create-index'], line: 1, reason: 'off-hours deploy' }]);
  });
  test('an unknown rule or a missing reason is bad input at file:line:col', () => {
    expect(() => readAllowances('\n  -- pgdrift: allow rewrite-tables — x', 'x.sql')).toThrow(/^x\.sql:2:3: 'pgdrift: allow' names unknown rule 'rewrite-tables' \(rules: .*rewrite-table/);
  });
});

test('an allow comment with no reason or no rule is refused', () => {
  expect(() => readAllowances('# pgdrift: allow create-index', 'v.py')).toThrow(/v\.py:1:1: 'pgdrift: allow create-index' gives no reason/);
  expect(() => readAllowances('# pgdrift: allow — why', 'v.py')).toThrow(/names no rule/);
});

test('what PostgreSQL refuses inside a transaction block', () => {
  expect(needsNoTransaction({ IndexStmt: { concurrent: true } }, 180000)).toBe('CREATE INDEX CONCURRENTLY');
  expect(needsNoTransaction({ IndexStmt: {} }, 180000)).toBeNull();
  expect(needsNoTransaction({ AlterEnumStmt: { newVal: 'x' } }, 180000)).toBeNull();
  expect(needsNoTransaction({ AlterEnumStmt: { newVal: 'x' } }, 110000)).toMatch(/ADD VALUE/);
});

test('how each SQL tool runs a file', () => {
  expect(fileTransaction('golang-migrate', { statements: 1, nonTransactional: 1 })).toBe(false);
  expect(fileTransaction('golang-migrate', { statements: 2, nonTransactional: 1 })).toBe(true);
  expect(fileTransaction('dbmate', { statements: 1, nonTransactional: 1 })).toBe(true);
  expect(fileTransaction('dbmate', { statements: 1, nonTransactional: 1, dbmateTransaction: 'false' })).toBe(false);
  expect(fileTransaction('dbmate', { statements: 2, nonTransactional: 1, dbmateTransaction: 'false' })).toBe(true);
  expect(fileTransaction('flyway', { statements: 1, nonTransactional: 1 })).toBe(false);
  expect(fileTransaction('flyway', { statements: 2, nonTransactional: 1 })).toBe(true);
  expect(fileTransaction('flyway', { statements: 2, nonTransactional: 1, flywayExecuteInTransaction: 'false' })).toBe(false);
});

test('a reused revision id is a finding at the second file', () => {
  expect(reusedIdFinding("duplicate revision id 'abc': declared by versions/a.py and versions/b.py")).toMatchObject({ rule: 'reused-revision-id', revision: 'abc', file: 'versions/b.py' });
  expect(reusedIdFinding('something else')).toBeNull();
});

test('sizes in words', () => {
  expect(humanRows(48_213_000)).toBe('48 M');
  expect(humanRows(950)).toBe('950');
  expect(humanBytes(31 * 1024 ** 3)).toBe('31 GB');
});
