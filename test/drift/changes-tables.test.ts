import { runDriftCorpus } from './support/corpus.js';
import { changed, missing, unexpected } from './support/expect.js';

const PARTITIONED = `
CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);
CREATE TABLE p_2024 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;

runDriftCorpus('drift: tables', 'tb', [
  { name: 'table added', base: '', change: 'CREATE TABLE t (a int)', expect: [unexpected('table', 'table:{s}.t')] },
  { name: 'table dropped', base: 'CREATE TABLE t (a int)', change: 'DROP TABLE t', expect: [missing('table', 'table:{s}.t')] },
  {
    name: 'table renamed',
    base: 'CREATE TABLE t (a int)',
    change: 'ALTER TABLE t RENAME TO t2',
    expect: [missing('table', 'table:{s}.t'), unexpected('table', 'table:{s}.t2')],
  },
  {
    name: 'table moved to another schema',
    base: 'CREATE TABLE t (a int)',
    change: 'CREATE SCHEMA {s}_x; ALTER TABLE t SET SCHEMA {s}_x',
    expect: [missing('table', 'table:{s}.t'), unexpected('schema', 'schema:{s}_x'), unexpected('table', 'table:{s}_x.t')],
  },
  { name: 'persistence: UNLOGGED', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t SET UNLOGGED', expect: [changed('table', 'table:{s}.t', 'persistence')] },
  { name: 'persistence: UNLOGGED to LOGGED', base: 'CREATE UNLOGGED TABLE t (a int)', change: 'ALTER TABLE t SET LOGGED', expect: [changed('table', 'table:{s}.t', 'persistence')] },
  { name: 'storage parameter fillfactor set', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t SET (fillfactor = 70)', expect: [changed('table', 'table:{s}.t', 'options')] },
  {
    name: 'storage parameter fillfactor changed',
    base: 'CREATE TABLE t (a int) WITH (fillfactor = 70)',
    change: 'ALTER TABLE t SET (fillfactor = 80)',
    expect: [changed('table', 'table:{s}.t', 'options')],
  },
  {
    name: 'storage parameter reset',
    base: 'CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_enabled = false)',
    change: 'ALTER TABLE t RESET (autovacuum_enabled)',
    expect: [changed('table', 'table:{s}.t', 'options')],
  },
  { name: 'RLS enabled', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t ENABLE ROW LEVEL SECURITY', expect: [changed('table', 'table:{s}.t', 'rlsEnabled')] },
  {
    name: 'RLS disabled',
    base: 'CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY',
    change: 'ALTER TABLE t DISABLE ROW LEVEL SECURITY',
    expect: [changed('table', 'table:{s}.t', 'rlsEnabled')],
  },
  {
    name: 'RLS forced',
    base: 'CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY',
    change: 'ALTER TABLE t FORCE ROW LEVEL SECURITY',
    expect: [changed('table', 'table:{s}.t', 'rlsForced')],
  },
  { name: 'owner changed to another role', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t OWNER TO {r1}', expect: [changed('table', 'table:{s}.t', 'owner')] },
  { name: 'comment added', base: 'CREATE TABLE t (a int)', change: "COMMENT ON TABLE t IS 'hello'", expect: [changed('table', 'table:{s}.t', 'comment')] },
  {
    name: 'comment changed',
    base: "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'hello'",
    change: "COMMENT ON TABLE t IS 'bye'",
    expect: [changed('table', 'table:{s}.t', 'comment')],
  },
  {
    name: 'comment removed',
    base: "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'hello'",
    change: 'COMMENT ON TABLE t IS NULL',
    expect: [changed('table', 'table:{s}.t', 'comment')],
  },
  {
    name: 'partition detached',
    base: PARTITIONED,
    change: 'ALTER TABLE p DETACH PARTITION p_2024',
    expect: [changed('table', 'table:{s}.p_2024', 'partitionOf', 'partitionBound')],
  },
  {
    name: 'partition added',
    base: PARTITIONED,
    change: "CREATE TABLE p_2025 PARTITION OF p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    expect: [unexpected('table', 'table:{s}.p_2025')],
  },
  {
    name: 'default partition added',
    base: PARTITIONED,
    change: 'CREATE TABLE p_default PARTITION OF p DEFAULT',
    expect: [unexpected('table', 'table:{s}.p_default')],
  },
  {
    name: 'partition dropped',
    base: PARTITIONED,
    change: 'DROP TABLE p_2024',
    expect: [missing('table', 'table:{s}.p_2024')],
  },
  {
    name: 'partition bound changed',
    base: PARTITIONED,
    change: "ALTER TABLE p DETACH PARTITION p_2024; ALTER TABLE p ATTACH PARTITION p_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')",
    expect: [changed('table', 'table:{s}.p_2024', 'partitionBound')],
  },
  {
    name: 'partition key changed',
    base: 'CREATE TABLE p (id int, d date) PARTITION BY RANGE (d)',
    change: 'DROP TABLE p; CREATE TABLE p (id int, d date) PARTITION BY LIST (id)',
    expect: [changed('table', 'table:{s}.p', 'partitionKey')],
  },
  {
    name: 'plain table became partitioned',
    base: 'CREATE TABLE p (id int, d date)',
    change: 'DROP TABLE p; CREATE TABLE p (id int, d date) PARTITION BY RANGE (d)',
    expect: [changed('table', 'table:{s}.p', 'kind', 'partitionKey')],
  },
  {
    name: 'list partition values changed',
    base: "CREATE TABLE p (id int, r text) PARTITION BY LIST (r); CREATE TABLE p_eu PARTITION OF p FOR VALUES IN ('de', 'fr')",
    change: "ALTER TABLE p DETACH PARTITION p_eu; ALTER TABLE p ATTACH PARTITION p_eu FOR VALUES IN ('de', 'fr', 'it')",
    expect: [changed('table', 'table:{s}.p_eu', 'partitionBound')],
  },
]);
