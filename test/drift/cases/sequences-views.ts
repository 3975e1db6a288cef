import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const S = 'CREATE SEQUENCE q';
const seq = (...props: string[]) => changed('sequence', 'sequence:{s}.q', ...props);
const V = 'CREATE TABLE t (id int, a text); CREATE VIEW v AS SELECT id, a FROM t';
const view = (...props: string[]) => changed('view', 'view:{s}.v', ...props);
const MV = 'CREATE TABLE t (id int, a text); CREATE MATERIALIZED VIEW m AS SELECT id, a FROM t';

/**
 * Sequences, views and materialized views.
 * Run by `changes-sequences-views.test.ts` (drift reports) and `test/ddl/round-trip-sequences-views.test.ts` (DDL round trips).
 */
export const sequenceViewCases: readonly DriftCase[] = [
  { name: 'sequence added', base: '', change: S, expect: [unexpected('sequence', 'sequence:{s}.q')] },
  { name: 'sequence dropped', base: S, change: 'DROP SEQUENCE q', expect: [missing('sequence', 'sequence:{s}.q')] },
  { name: 'sequence increment', base: S, change: 'ALTER SEQUENCE q INCREMENT BY 10', expect: [seq('increment')] },
  { name: 'sequence minvalue', base: S, change: 'ALTER SEQUENCE q MINVALUE 0', expect: [seq('min')] },
  { name: 'sequence maxvalue', base: S, change: 'ALTER SEQUENCE q MAXVALUE 1000', expect: [seq('max')] },
  { name: 'sequence cache', base: S, change: 'ALTER SEQUENCE q CACHE 50', expect: [seq('cache')] },
  { name: 'sequence cycle', base: S, change: 'ALTER SEQUENCE q CYCLE', expect: [seq('cycle')] },
  { name: 'sequence start', base: S, change: 'ALTER SEQUENCE q START WITH 100', expect: [seq('start')] },
  { name: 'sequence type', base: S, change: 'ALTER SEQUENCE q AS integer', expect: [seq('type', 'max')] },
  {
    name: 'sequence owned by a column',
    base: `CREATE TABLE t (a int); ${S}`,
    change: 'ALTER SEQUENCE q OWNED BY t.a',
    expect: [seq('ownedBy')],
  },
  {
    name: 'sequence no longer owned by its column',
    base: `CREATE TABLE t (a int); ${S} OWNED BY t.a`,
    change: 'ALTER SEQUENCE q OWNED BY NONE',
    expect: [seq('ownedBy')],
  },
  { name: 'view added', base: 'CREATE TABLE t (id int, a text)', change: 'CREATE VIEW v AS SELECT id FROM t', expect: [unexpected('view', 'view:{s}.v')] },
  { name: 'view dropped', base: V, change: 'DROP VIEW v', expect: [missing('view', 'view:{s}.v')] },
  { name: 'view definition: WHERE added', base: V, change: 'CREATE OR REPLACE VIEW v AS SELECT id, a FROM t WHERE id > 0', expect: [view('definition')] },
  { name: 'view definition: column added', base: V, change: 'CREATE OR REPLACE VIEW v AS SELECT id, a, 1 AS one FROM t', expect: [view('definition')] },
  { name: 'view definition: constant changed', base: `${V}; CREATE VIEW w AS SELECT id FROM t WHERE a = 'x'`, change: "CREATE OR REPLACE VIEW w AS SELECT id FROM t WHERE a = 'y'", expect: [changed('view', 'view:{s}.w', 'definition')] },
  { name: 'view security_barrier', base: V, change: 'ALTER VIEW v SET (security_barrier = true)', expect: [view('options')] },
  { name: 'view security_invoker', minVersion: 150000, base: V, change: 'ALTER VIEW v SET (security_invoker = true)', expect: [view('options')] },
  { name: 'view WITH CHECK OPTION', base: V, change: 'CREATE OR REPLACE VIEW v AS SELECT id, a FROM t WITH CHECK OPTION', expect: [view('options')] },
  {
    name: 'view LOCAL instead of CASCADED CHECK OPTION',
    base: `${V} WITH CASCADED CHECK OPTION`,
    change: 'ALTER VIEW v SET (check_option = local)',
    expect: [view('options')],
  },
  { name: 'materialized view added', base: 'CREATE TABLE t (id int, a text)', change: 'CREATE MATERIALIZED VIEW m AS SELECT id FROM t', expect: [unexpected('materialized view', 'materialized view:{s}.m')] },
  { name: 'materialized view dropped', base: MV, change: 'DROP MATERIALIZED VIEW m', expect: [missing('materialized view', 'materialized view:{s}.m')] },
  {
    name: 'materialized view definition',
    base: MV,
    change: 'DROP MATERIALIZED VIEW m; CREATE MATERIALIZED VIEW m AS SELECT id, a FROM t WHERE id > 0',
    expect: [changed('materialized view', 'materialized view:{s}.m', 'definition')],
  },
  { name: 'materialized view index added', base: MV, change: 'CREATE UNIQUE INDEX m_id ON m (id)', expect: [unexpected('index', 'index:{s}.m.m_id')] },
  {
    name: 'materialized view index changed',
    base: `${MV}; CREATE INDEX m_id ON m (id)`,
    change: 'DROP INDEX m_id; CREATE INDEX m_id ON m (id DESC)',
    expect: [changed('index', 'index:{s}.m.m_id', 'definition')],
  },
  {
    name: 'view became materialized view',
    base: V,
    change: 'DROP VIEW v; CREATE MATERIALIZED VIEW v AS SELECT id, a FROM t',
    // Reported under the expected kind: one change, not a missing view and an unexpected materialized view.
    expect: [changed('view', 'view:{s}.v', 'materialized')],
  },
];
