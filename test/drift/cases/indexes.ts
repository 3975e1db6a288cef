import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const T = 'CREATE TABLE t (a int, b text, c int)';
const idx = (name: string, ...props: string[]) => changed('index', `index:{s}.t.${name}`, ...props);
/** The base has index `i` as `definition`; the change re-creates it as `replacement`. */
const recreate = (name: string, definition: string, replacement: string, ...props: string[]) => ({
  name,
  base: `${T}; CREATE INDEX i ON t ${definition}`,
  change: `DROP INDEX i; CREATE INDEX i ON t ${replacement}`,
  expect: [idx('i', ...props)],
});

/**
 * Indexes: method, keys, order, operator class, predicate, INCLUDE, uniqueness, validity.
 * Run by `changes-indexes.test.ts` (drift reports) and `test/ddl/round-trip-indexes.test.ts` (DDL round trips).
 */
export const indexCases: readonly DriftCase[] = [
  { name: 'index added', base: T, change: 'CREATE INDEX i ON t (a)', expect: [unexpected('index', 'index:{s}.t.i')] },
  { name: 'index dropped', base: `${T}; CREATE INDEX i ON t (a)`, change: 'DROP INDEX i', expect: [missing('index', 'index:{s}.t.i')] },
  {
    name: 'index renamed',
    base: `${T}; CREATE INDEX i ON t (a)`,
    change: 'ALTER INDEX i RENAME TO j',
    expect: [missing('index', 'index:{s}.t.i'), unexpected('index', 'index:{s}.t.j')],
  },
  recreate('method btree to hash', '(a)', 'USING hash (a)', 'definition', 'method'),
  recreate('method btree to brin', '(a)', 'USING brin (a)', 'definition', 'method'),
  recreate('column order', '(a, c)', '(c, a)', 'definition', 'keys'),
  recreate('column added to the key', '(a)', '(a, c)', 'definition', 'keys'),
  recreate('key column replaced', '(a)', '(c)', 'definition', 'keys'),
  recreate('DESC', '(a)', '(a DESC)', 'definition', 'keys'),
  recreate('NULLS FIRST', '(a)', '(a NULLS FIRST)', 'definition', 'keys'),
  recreate('DESC NULLS LAST', '(a DESC)', '(a DESC NULLS LAST)', 'definition', 'keys'),
  recreate('opclass text_pattern_ops', '(b)', '(b text_pattern_ops)', 'definition', 'keys'),
  recreate('collation of a key', '(b)', '(b COLLATE "C")', 'definition', 'keys'),
  recreate('partial index: predicate added', '(a)', '(a) WHERE c > 0', 'definition', 'predicate'),
  recreate('partial index: predicate changed', '(a) WHERE c > 0', '(a) WHERE c > 1', 'definition', 'predicate'),
  recreate('partial index: predicate removed', '(a) WHERE b IS NOT NULL', '(a)', 'definition', 'predicate'),
  recreate('INCLUDE added', '(a)', '(a) INCLUDE (b)', 'definition', 'include'),
  recreate('INCLUDE column changed', '(a) INCLUDE (b)', '(a) INCLUDE (c)', 'definition', 'include'),
  {
    name: 'unique',
    base: `${T}; CREATE INDEX i ON t (a)`,
    change: 'DROP INDEX i; CREATE UNIQUE INDEX i ON t (a)',
    expect: [idx('i', 'definition', 'unique')],
  },
  {
    name: 'unique NULLS NOT DISTINCT',
    minVersion: 150000,
    base: `${T}; CREATE UNIQUE INDEX i ON t (a)`,
    change: 'DROP INDEX i; CREATE UNIQUE INDEX i ON t (a) NULLS NOT DISTINCT',
    expect: [idx('i', 'definition')],
  },
  recreate('expression changed', '(lower(b))', '(upper(b))', 'definition', 'keys'),
  recreate('expression instead of column', '(b)', '(lower(b))', 'definition', 'keys'),
  recreate('gin opclass', 'USING gin (to_tsvector(\'simple\', b))', 'USING gin (to_tsvector(\'english\', b))', 'definition'),
  {
    name: 'INVALID index (failed CREATE INDEX CONCURRENTLY)',
    base: `${T}; CREATE INDEX i ON t (a)`,
    change: "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'i'::regclass",
    expect: [idx('i', 'valid')],
  },
  {
    name: 'storage parameter fillfactor',
    base: `${T}; CREATE INDEX i ON t (a)`,
    change: 'ALTER INDEX i SET (fillfactor = 70)',
    expect: [idx('i', 'options')],
  },
  {
    name: 'comment',
    base: `${T}; CREATE INDEX i ON t (a)`,
    change: "COMMENT ON INDEX i IS 'lookups by a'",
    expect: [idx('i', 'comment')],
  },
  {
    name: 'index on a partitioned table added',
    base: 'CREATE TABLE p (id int, d date) PARTITION BY RANGE (d); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\')',
    change: 'CREATE INDEX p_d ON p (d)',
    expect: [unexpected('index', 'index:{s}.p.p_d'), unexpected('index', 'index:{s}.p1.')],
  },
];
