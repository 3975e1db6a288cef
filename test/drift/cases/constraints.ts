import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const FK_BASE = 'CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE); CREATE TABLE c (id int, pid int)';
const FK = `${FK_BASE}; ALTER TABLE c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES p (id)`;
const con = (table: string, name: string, ...props: string[]) => changed('constraint', `constraint:{s}.${table}.${name}`, ...props);
/** Drops c_pid_fkey and adds it back as `definition`. */
const refk = (definition: string) => `ALTER TABLE c DROP CONSTRAINT c_pid_fkey; ALTER TABLE c ADD CONSTRAINT c_pid_fkey ${definition}`;
/**
 * A primary key, unique or exclusion constraint added or dropped is one change: the index that
 * implements it comes and goes with it and is not reported on its own.
 */
const withIndex = (kind: 'missing' | 'unexpected', table: string, name: string) =>
  kind === 'missing' ? [missing('constraint', `constraint:{s}.${table}.${name}`)] : [unexpected('constraint', `constraint:{s}.${table}.${name}`)];

/**
 * Table constraints: primary key, foreign key, unique, check, exclusion.
 * Run by `changes-constraints.test.ts` (drift reports) and `test/ddl/round-trip-constraints.test.ts` (DDL round trips).
 */
export const constraintCases: readonly DriftCase[] = [
  {
    name: 'primary key added',
    base: 'CREATE TABLE t (id int NOT NULL)',
    change: 'ALTER TABLE t ADD PRIMARY KEY (id)',
    expect: withIndex('unexpected', 't', 't_pkey'),
  },
  {
    name: 'primary key dropped',
    base: 'CREATE TABLE t (id int NOT NULL PRIMARY KEY)',
    change: 'ALTER TABLE t DROP CONSTRAINT t_pkey',
    expect: withIndex('missing', 't', 't_pkey'),
  },
  {
    name: 'primary key columns changed',
    base: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a))',
    change: 'ALTER TABLE t DROP CONSTRAINT t_pkey; ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (a, b)',
    // The index follows its constraint: one change.
    expect: [con('t', 't_pkey', 'definition')],
  },
  { name: 'foreign key added', base: FK_BASE, change: 'ALTER TABLE c ADD FOREIGN KEY (pid) REFERENCES p (id)', expect: [unexpected('constraint', 'constraint:{s}.c.c_pid_fkey')] },
  { name: 'foreign key dropped', base: FK, change: 'ALTER TABLE c DROP CONSTRAINT c_pid_fkey', expect: [missing('constraint', 'constraint:{s}.c.c_pid_fkey')] },
  { name: 'foreign key ON DELETE CASCADE', base: FK, change: refk('FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE'), expect: [con('c', 'c_pid_fkey', 'definition')] },
  {
    name: 'foreign key ON DELETE CASCADE to SET NULL',
    base: refk('FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE').replace(/^/, `${FK}; `),
    change: refk('FOREIGN KEY (pid) REFERENCES p (id) ON DELETE SET NULL'),
    expect: [con('c', 'c_pid_fkey', 'definition')],
  },
  {
    name: 'foreign key ON DELETE SET NULL (column list)',
    minVersion: 150000,
    base: 'CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (a int, b int, CONSTRAINT c_fk FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL)',
    change: 'ALTER TABLE c DROP CONSTRAINT c_fk; ALTER TABLE c ADD CONSTRAINT c_fk FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b)',
    expect: [con('c', 'c_fk', 'definition')],
  },
  { name: 'foreign key ON UPDATE CASCADE', base: FK, change: refk('FOREIGN KEY (pid) REFERENCES p (id) ON UPDATE CASCADE'), expect: [con('c', 'c_pid_fkey', 'definition')] },
  { name: 'foreign key ON DELETE RESTRICT', base: FK, change: refk('FOREIGN KEY (pid) REFERENCES p (id) ON DELETE RESTRICT'), expect: [con('c', 'c_pid_fkey', 'definition')] },
  { name: 'foreign key DEFERRABLE', base: FK, change: 'ALTER TABLE c ALTER CONSTRAINT c_pid_fkey DEFERRABLE', expect: [con('c', 'c_pid_fkey', 'deferrable')] },
  {
    name: 'foreign key INITIALLY DEFERRED',
    base: `${FK}; ALTER TABLE c ALTER CONSTRAINT c_pid_fkey DEFERRABLE`,
    change: 'ALTER TABLE c ALTER CONSTRAINT c_pid_fkey DEFERRABLE INITIALLY DEFERRED',
    expect: [con('c', 'c_pid_fkey', 'initiallyDeferred')],
  },
  { name: 'foreign key MATCH FULL', base: FK, change: refk('FOREIGN KEY (pid) REFERENCES p (id) MATCH FULL'), expect: [con('c', 'c_pid_fkey', 'definition')] },
  { name: 'foreign key target column changed', base: FK, change: refk('FOREIGN KEY (pid) REFERENCES p (code)'), expect: [con('c', 'c_pid_fkey', 'definition')] },
  {
    name: 'foreign key NOT VALID',
    base: FK,
    change: refk('FOREIGN KEY (pid) REFERENCES p (id) NOT VALID'),
    expect: [con('c', 'c_pid_fkey', 'validated')],
  },
  { name: 'unique added', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a)', expect: withIndex('unexpected', 't', 't_a_key') },
  { name: 'unique dropped', base: 'CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE)', change: 'ALTER TABLE t DROP CONSTRAINT t_a_key', expect: withIndex('missing', 't', 't_a_key') },
  {
    name: 'unique NULLS NOT DISTINCT',
    minVersion: 150000,
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE)',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_key; ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a)',
    expect: [con('t', 't_a_key', 'definition')],
  },
  {
    name: 'unique DEFERRABLE',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE)',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_key; ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a) DEFERRABLE',
    expect: [con('t', 't_a_key', 'deferrable')],
  },
  { name: 'check added', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0)', expect: [unexpected('constraint', 'constraint:{s}.t.t_a_check')] },
  { name: 'check dropped', base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))', change: 'ALTER TABLE t DROP CONSTRAINT t_a_check', expect: [missing('constraint', 'constraint:{s}.t.t_a_check')] },
  {
    name: 'check expression changed',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_check; ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a >= 0)',
    expect: [con('t', 't_a_check', 'definition')],
  },
  {
    name: 'check expression changed: IN list',
    base: "CREATE TABLE t (s text CONSTRAINT t_s_check CHECK (s IN ('a', 'b')))",
    change: "ALTER TABLE t DROP CONSTRAINT t_s_check; ALTER TABLE t ADD CONSTRAINT t_s_check CHECK (s IN ('a', 'b', 'c'))",
    expect: [con('t', 't_s_check', 'definition')],
  },
  {
    name: 'check NOT VALID instead of validated',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_check; ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID',
    expect: [con('t', 't_a_check', 'validated')],
  },
  {
    name: 'check validated instead of NOT VALID',
    base: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID',
    change: 'ALTER TABLE t VALIDATE CONSTRAINT t_a_check',
    expect: [con('t', 't_a_check', 'validated')],
  },
  {
    name: 'check NO INHERIT',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_check; ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NO INHERIT',
    expect: [con('t', 't_a_check', 'definition')],
  },
  {
    name: 'exclusion added',
    base: 'CREATE TABLE r (during tsrange)',
    change: 'ALTER TABLE r ADD CONSTRAINT r_no_overlap EXCLUDE USING gist (during WITH &&)',
    expect: withIndex('unexpected', 'r', 'r_no_overlap'),
  },
  {
    name: 'exclusion operator changed',
    base: 'CREATE TABLE r (during tsrange, CONSTRAINT r_x EXCLUDE USING gist (during WITH &&))',
    change: 'ALTER TABLE r DROP CONSTRAINT r_x; ALTER TABLE r ADD CONSTRAINT r_x EXCLUDE USING gist (during WITH =)',
    // The operators live in the constraint only: the index itself is the same.
    expect: [con('r', 'r_x', 'definition')],
  },
  {
    name: 'exclusion predicate added',
    base: 'CREATE TABLE r (during tsrange, live bool, CONSTRAINT r_x EXCLUDE USING gist (during WITH &&))',
    change: 'ALTER TABLE r DROP CONSTRAINT r_x; ALTER TABLE r ADD CONSTRAINT r_x EXCLUDE USING gist (during WITH &&) WHERE (live)',
    expect: [con('r', 'r_x', 'definition')],
  },
  {
    name: 'unique constraint dropped, its index kept',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE)',
    change: 'ALTER TABLE t DROP CONSTRAINT t_a_key; CREATE UNIQUE INDEX t_a_key ON t (a)',
    // The index is there on both sides, no longer implementing the constraint: both are said.
    expect: [missing('constraint', 'constraint:{s}.t.t_a_key'), changed('index', 'index:{s}.t.t_a_key', 'constraint')],
  },
  {
    name: 'unique constraint renamed',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_key UNIQUE)',
    change: 'ALTER TABLE t RENAME CONSTRAINT t_a_key TO t_a_uniq',
    expect: [missing('constraint', 'constraint:{s}.t.t_a_key'), unexpected('constraint', 'constraint:{s}.t.t_a_uniq')],
  },
  {
    name: 'constraint renamed',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))',
    change: 'ALTER TABLE t RENAME CONSTRAINT t_a_check TO t_a_positive',
    expect: [missing('constraint', 'constraint:{s}.t.t_a_check'), unexpected('constraint', 'constraint:{s}.t.t_a_positive')],
  },
  {
    name: 'constraint comment',
    base: 'CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0))',
    change: "COMMENT ON CONSTRAINT t_a_check ON t IS 'must be positive'",
    expect: [con('t', 't_a_check', 'comment')],
  },
];
