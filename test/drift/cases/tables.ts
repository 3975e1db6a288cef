import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const PARTITIONED = `
CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);
CREATE TABLE p_2024 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;

/**
 * Tables: persistence, storage parameters, RLS, owners, comments, partitions, inheritance.
 * Run by `changes-tables.test.ts` (drift reports) and `test/ddl/round-trip-tables.test.ts` (DDL round trips).
 */
export const tableCases: readonly DriftCase[] = [
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
  {
    name: 'trigger on a partitioned table added',
    base: `${PARTITIONED}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`,
    change: 'CREATE TRIGGER tr AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf()',
    // The partitions' clones follow from the parent's trigger (pg_dump leaves them out too).
    expect: [unexpected('trigger', 'trigger:{s}.p.tr')],
  },
  {
    name: "a partition's clone of a trigger disabled",
    base: `${PARTITIONED}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tr AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf()`,
    change: 'ALTER TABLE p_2024 DISABLE TRIGGER tr',
    // Inserts routed to that partition no longer fire it: reported as the partition's own trigger.
    expect: [changed('trigger', 'trigger:{s}.p_2024.tr', 'enabled')],
  },
  {
    name: "a partition's clone of a trigger disabled on both sides, the parent's trigger dropped",
    base: `${PARTITIONED}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tr AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE p_2024 DISABLE TRIGGER tr`,
    change: 'DROP TRIGGER tr ON p',
    // The clones go with the parent's trigger: one change.
    expect: [missing('trigger', 'trigger:{s}.p.tr')],
  },
  {
    name: "a trigger added on a partitioned table whose clone is disabled",
    base: `${PARTITIONED}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`,
    change: 'CREATE TRIGGER tr AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE p_2024 DISABLE TRIGGER tr',
    expect: [unexpected('trigger', 'trigger:{s}.p.tr')],
  },
  {
    name: 'foreign key on a partitioned table added',
    base: `${PARTITIONED}; CREATE TABLE r (id int PRIMARY KEY)`,
    change: 'ALTER TABLE p ADD CONSTRAINT p_id_fkey FOREIGN KEY (id) REFERENCES r (id)',
    // As with triggers, the partitions' clones are not reported on their own.
    expect: [unexpected('constraint', 'constraint:{s}.p.p_id_fkey')],
  },
  {
    name: 'table inheritance added (INHERIT)',
    base: 'CREATE TABLE parent (a int); CREATE TABLE child (a int)',
    change: 'ALTER TABLE child INHERIT parent',
    // SELECT FROM parent now returns child's rows too.
    expect: [changed('table', 'table:{s}.child', 'inherits')],
  },
  {
    name: 'table inheritance removed (NO INHERIT)',
    base: 'CREATE TABLE parent (a int); CREATE TABLE child () INHERITS (parent)',
    change: 'ALTER TABLE child NO INHERIT parent',
    expect: [changed('table', 'table:{s}.child', 'inherits')],
  },
  {
    name: 'second parent in another order',
    base: 'CREATE TABLE p1 (a int); CREATE TABLE p2 (b int); CREATE TABLE child () INHERITS (p1, p2)',
    change: 'DROP TABLE child; CREATE TABLE child () INHERITS (p2, p1)',
    expect: [changed('table', 'table:{s}.child', 'inherits')],
  },
  {
    name: 'owner of a table with a serial column',
    base: 'CREATE TABLE t (id serial)',
    change: 'ALTER TABLE t OWNER TO {r1}',
    // ALTER TABLE moves the owned sequence along with the table.
    expect: [changed('table', 'table:{s}.t', 'owner'), changed('sequence', 'sequence:{s}.t_id_seq', 'owner')],
  },
];
