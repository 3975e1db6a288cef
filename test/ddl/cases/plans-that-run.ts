import type { DriftCase } from '../../drift/support/case.js';

/**
 * Round-trip pairs whose plans once failed when applied: the order of drops around a foreign
 * key on a unique index, a column moving from one enum type to another, columns of partitioned
 * tables and of inheritance parents, partitions attached and detached, and their neighbours.
 * Both directions are applied (A→B and B→A) and must leave nothing to report.
 * Placeholders as in the corpus: `{s}` the case's schema.
 */

export const plansThatRunCases: readonly DriftCase[] = [
  {
    name: 'a table whose foreign key references a unique index, dropped with that index',
    base: 'CREATE TABLE {s}.parent (id int, code text);',
    change: `CREATE UNIQUE INDEX parent_code ON {s}.parent (code);
             CREATE TABLE {s}.child (id int, parent_code text REFERENCES {s}.parent (code));`,
    expect: [],
  },
  {
    name: 'a foreign key on a unique constraint, dropped with the constraint',
    base: 'CREATE TABLE {s}.parent (id int, code text); CREATE TABLE {s}.child (id int, parent_code text);',
    change: `ALTER TABLE {s}.parent ADD CONSTRAINT parent_code_key UNIQUE (code);
             ALTER TABLE {s}.child ADD CONSTRAINT child_code_fkey FOREIGN KEY (parent_code) REFERENCES {s}.parent (code);`,
    expect: [],
  },
  {
    name: 'a foreign key on a unique index, the index dropped and the tables kept',
    base: 'CREATE TABLE {s}.parent (id int, code text); CREATE TABLE {s}.child (id int, parent_code text);',
    change: `CREATE UNIQUE INDEX parent_code ON {s}.parent (code);
             ALTER TABLE {s}.child ADD CONSTRAINT child_code_fkey FOREIGN KEY (parent_code) REFERENCES {s}.parent (code);`,
    expect: [],
  },
  {
    name: 'a column changed from one enum type to another, with a default',
    base: `CREATE TYPE {s}.mood AS ENUM ('sad', 'ok', 'happy'); CREATE TYPE {s}.feeling AS ENUM ('sad', 'ok', 'happy', 'elated');
           CREATE TABLE {s}.t (id int, m {s}.mood DEFAULT 'ok', ms {s}.mood[]);
           INSERT INTO {s}.t VALUES (1, 'happy', '{sad,ok}');`,
    change: `ALTER TABLE {s}.t ALTER COLUMN m DROP DEFAULT;
             ALTER TABLE {s}.t ALTER COLUMN m TYPE {s}.feeling USING m::text::{s}.feeling;
             ALTER TABLE {s}.t ALTER COLUMN m SET DEFAULT 'elated';
             ALTER TABLE {s}.t ALTER COLUMN ms TYPE {s}.feeling[] USING ms::text[]::{s}.feeling[];`,
    expect: [],
  },
  {
    name: 'a column changed from text to an enum type and back',
    base: `CREATE TYPE {s}.mood AS ENUM ('sad', 'ok'); CREATE TABLE {s}.t (id int, m text DEFAULT 'ok'); INSERT INTO {s}.t VALUES (1, 'sad');`,
    change: `ALTER TABLE {s}.t ALTER COLUMN m DROP DEFAULT;
             ALTER TABLE {s}.t ALTER COLUMN m TYPE {s}.mood USING m::{s}.mood;
             ALTER TABLE {s}.t ALTER COLUMN m SET DEFAULT 'ok';`,
    expect: [],
  },
  {
    name: 'a column added to a partitioned table with partitions',
    base: `CREATE TABLE {s}.p (id int, at date NOT NULL) PARTITION BY RANGE (at);
           CREATE TABLE {s}.p1 PARTITION OF {s}.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY RANGE (at);
           CREATE TABLE {s}.p1a PARTITION OF {s}.p1 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
           CREATE TABLE {s}.p2 PARTITION OF {s}.p DEFAULT;`,
    change: `ALTER TABLE {s}.p ADD COLUMN note text NOT NULL DEFAULT 'none';
             ALTER TABLE {s}.p ALTER COLUMN id SET DEFAULT 7;
             ALTER TABLE {s}.p ADD CONSTRAINT p_id_positive CHECK (id > 0);
             CREATE INDEX p_note ON {s}.p (note);
             ALTER TABLE {s}.p ADD PRIMARY KEY (id, at);`,
    expect: [],
  },
  {
    name: 'a partition attached and detached',
    base: `CREATE TABLE {s}.p (id int, at date NOT NULL) PARTITION BY RANGE (at);
           CREATE TABLE {s}.p1 PARTITION OF {s}.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
           CREATE TABLE {s}.loose (id int, at date NOT NULL);`,
    change: `ALTER TABLE {s}.p DETACH PARTITION {s}.p1;
             ALTER TABLE {s}.p ATTACH PARTITION {s}.loose FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    expect: [],
  },
  {
    name: 'a column added to and dropped from an inheritance parent',
    base: `CREATE TABLE {s}.parent (id int, gone text);
           CREATE TABLE {s}.child (extra int) INHERITS ({s}.parent);
           CREATE TABLE {s}.grandchild () INHERITS ({s}.child);`,
    change: `ALTER TABLE {s}.parent ADD COLUMN note text DEFAULT 'x';
             ALTER TABLE {s}.parent DROP COLUMN gone;
             ALTER TABLE {s}.parent ADD CONSTRAINT parent_id_positive CHECK (id > 0);`,
    expect: [],
  },
];
