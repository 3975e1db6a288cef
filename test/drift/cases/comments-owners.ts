import type { DriftCase } from '../support/case.js';
import { changed } from '../support/expect.js';
import type { ObjectType } from '../../../src/model/snapshot.js';

const OBJECTS = `CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0));
CREATE INDEX t_a ON t (a);
CREATE VIEW v AS SELECT a FROM t;
CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
CREATE SEQUENCE q;
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;
CREATE PROCEDURE pr() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
CREATE TYPE e AS ENUM ('a');
CREATE DOMAIN d AS integer CONSTRAINT d_pos CHECK (VALUE > 0);
CREATE TYPE ct AS (x integer);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (true)`;

/** `property`: where the comment shows (a view column's in `columnComments`, a domain check's in `checks`). */
const commented = (name: string, target: string, objectType: ObjectType, id: string, property = 'comment') => ({
  name: `comment on ${name}`,
  base: OBJECTS,
  change: `COMMENT ON ${target} IS 'documented'`,
  expect: [changed(objectType, id, property)],
});
const owned = (name: string, target: string, objectType: ObjectType, id: string) => ({
  name: `owner of ${name}`,
  base: OBJECTS,
  change: `ALTER ${target} OWNER TO {r1}`,
  expect: [changed(objectType, id, 'owner')],
});

/**
 * Comments and owners on every kind of object.
 * Run by `changes-comments-owners.test.ts` (drift reports) and `test/ddl/round-trip-comments-owners.test.ts` (DDL round trips).
 */
export const commentOwnerCases: readonly DriftCase[] = [
  commented('a view', 'VIEW v', 'view', 'view:{s}.v'),
  commented('a materialized view', 'MATERIALIZED VIEW m', 'materialized view', 'materialized view:{s}.m'),
  commented('a sequence', 'SEQUENCE q', 'sequence', 'sequence:{s}.q'),
  commented('a function', 'FUNCTION f(integer)', 'function', 'function:{s}.f(x integer)'),
  commented('a procedure', 'PROCEDURE pr()', 'procedure', 'procedure:{s}.pr()'),
  commented('a trigger', 'TRIGGER tr ON t', 'trigger', 'trigger:{s}.t.tr'),
  commented('an enum', 'TYPE e', 'enum', 'enum:{s}.e'),
  commented('a domain', 'DOMAIN d', 'domain', 'domain:{s}.d'),
  commented('a composite type', 'TYPE ct', 'composite type', 'composite type:{s}.ct'),
  commented('an index', 'INDEX t_a', 'index', 'index:{s}.t.t_a'),
  commented('a constraint', 'CONSTRAINT t_a_check ON t', 'constraint', 'constraint:{s}.t.t_a_check'),
  commented('a policy', 'POLICY p ON t', 'policy', 'policy:{s}.t.p'),
  commented('a view column', 'COLUMN v.a', 'view', 'view:{s}.v', 'columnComments'),
  commented('a materialized view column', 'COLUMN m.a', 'materialized view', 'materialized view:{s}.m', 'columnComments'),
  commented('a domain constraint', 'CONSTRAINT d_pos ON DOMAIN d', 'domain', 'domain:{s}.d', 'checks'),
  {
    name: 'comment on a view column changed',
    base: `${OBJECTS}; COMMENT ON COLUMN v.a IS 'before'`,
    change: "COMMENT ON COLUMN v.a IS 'after'",
    expect: [changed('view', 'view:{s}.v', 'columnComments')],
  },
  {
    name: 'comment on a domain constraint removed',
    base: `${OBJECTS}; COMMENT ON CONSTRAINT d_pos ON DOMAIN d IS 'positive'`,
    change: 'COMMENT ON CONSTRAINT d_pos ON DOMAIN d IS NULL',
    expect: [changed('domain', 'domain:{s}.d', 'checks')],
  },
  owned('a view', 'VIEW v', 'view', 'view:{s}.v'),
  owned('a materialized view', 'MATERIALIZED VIEW m', 'materialized view', 'materialized view:{s}.m'),
  owned('a sequence', 'SEQUENCE q', 'sequence', 'sequence:{s}.q'),
  owned('a function', 'FUNCTION f(integer)', 'function', 'function:{s}.f(x integer)'),
  owned('a procedure', 'PROCEDURE pr()', 'procedure', 'procedure:{s}.pr()'),
  owned('an enum', 'TYPE e', 'enum', 'enum:{s}.e'),
  owned('a domain', 'DOMAIN d', 'domain', 'domain:{s}.d'),
  owned('a composite type', 'TYPE ct', 'composite type', 'composite type:{s}.ct'),
];
