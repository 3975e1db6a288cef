import type { DriftCase } from '../../drift/support/case.js';

/**
 * Round-trip pairs the drift corpus does not exercise well: whole objects created with
 * everything on them (A→B) and dropped again (B→A), and changes whose dependents must be
 * dropped and created again around them. `expect` is unused: only the round trip counts.
 * Placeholders as in the corpus: `{s}` the case's schema, `{r1}`, `{r2}` roles.
 */

const APPLICATION = `
CREATE TYPE {s}.task_state AS ENUM ('todo', 'doing', 'done', 'it''s complicated');
CREATE DOMAIN {s}.priority AS smallint DEFAULT 3 NOT NULL CONSTRAINT priority_range CHECK (VALUE BETWEEN 1 AND 5);
COMMENT ON DOMAIN {s}.priority IS 'one is urgent';

CREATE TABLE {s}.teams (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  lead_id bigint
);
CREATE TABLE {s}."user" (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 5) PRIMARY KEY,
  "Display Name" varchar(80) COLLATE "C" NOT NULL DEFAULT '',
  "from" text,
  team_id integer REFERENCES {s}.teams (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  mentor_id bigint REFERENCES {s}."user" (id),
  email text NOT NULL,
  email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
  CONSTRAINT "user email ""lower""" CHECK (email = lower(email)) NOT VALID
) WITH (fillfactor = 80);
-- The two new tables refer to each other.
ALTER TABLE {s}.teams ADD CONSTRAINT teams_lead_fkey FOREIGN KEY (lead_id) REFERENCES {s}."user" (id);
CREATE UNIQUE INDEX "User Email" ON {s}."user" (email_lower);
COMMENT ON TABLE {s}."user" IS 'people, with a backslash \\ and a quote '' in the comment';
COMMENT ON COLUMN {s}."user"."Display Name" IS 'shown';
COMMENT ON CONSTRAINT "user email ""lower""" ON {s}."user" IS 'not validated yet';

CREATE TABLE {s}.tasks (
  id bigserial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES {s}.teams (id) ON DELETE CASCADE,
  assignee_id bigint REFERENCES {s}."user" (id),
  state {s}.task_state NOT NULL DEFAULT 'todo',
  priority {s}.priority,
  title text NOT NULL,
  done_at timestamptz,
  CONSTRAINT tasks_done CHECK ((state = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX tasks_open ON {s}.tasks (team_id, priority) INCLUDE (title) WHERE state <> 'done';

CREATE TABLE {s}.events (
  id bigint NOT NULL,
  at date NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE {s}.events_2024 PARTITION OF {s}.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE {s}.events_2025 PARTITION OF {s}.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY RANGE (at);
CREATE TABLE {s}.events_2025_h1 PARTITION OF {s}.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
CREATE TABLE {s}.events_other PARTITION OF {s}.events DEFAULT;
CREATE INDEX events_kind ON {s}.events (kind);

CREATE FUNCTION {s}.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.done_at := CASE WHEN NEW.state = 'done' THEN coalesce(NEW.done_at, now()) END;
  RETURN NEW;
END
$$;
CREATE FUNCTION {s}.open_count(team integer) RETURNS bigint LANGUAGE sql STABLE
  RETURN (SELECT count(*) FROM {s}.tasks WHERE team_id = team AND state <> 'done');
CREATE FUNCTION {s}."Team Size"(t {s}.teams) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM {s}."user" u WHERE u.team_id = t.id $$;
CREATE TRIGGER tasks_touch BEFORE INSERT OR UPDATE OF state ON {s}.tasks FOR EACH ROW EXECUTE FUNCTION {s}.touch();
CREATE TRIGGER events_touch BEFORE INSERT ON {s}.events FOR EACH ROW EXECUTE FUNCTION {s}.touch();
ALTER TABLE {s}.events_2024 DISABLE TRIGGER events_touch;

CREATE VIEW {s}.open_tasks AS SELECT id, team_id, title, priority FROM {s}.tasks WHERE state <> 'done';
CREATE VIEW {s}.urgent_tasks WITH (security_barrier = true) AS SELECT id, title FROM {s}.open_tasks WHERE priority = 1;
CREATE VIEW {s}.team_load AS SELECT t.id, t.name, {s}.open_count(t.id) AS open FROM {s}.teams t;
CREATE MATERIALIZED VIEW {s}.team_totals AS SELECT team_id, count(*) AS n FROM {s}.open_tasks GROUP BY team_id;
CREATE UNIQUE INDEX team_totals_team ON {s}.team_totals (team_id);
COMMENT ON COLUMN {s}.open_tasks.title IS 'what to do';

ALTER TABLE {s}.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks_team ON {s}.tasks FOR SELECT TO {r1} USING (team_id = current_setting('app.team')::integer);
CREATE POLICY tasks_insert ON {s}.tasks AS RESTRICTIVE FOR INSERT TO {r1}, {r2} WITH CHECK (state = 'todo');

GRANT SELECT, INSERT ON {s}.tasks TO {r1};
GRANT SELECT ON {s}.open_tasks TO {r2} WITH GRANT OPTION;
GRANT UPDATE ("Display Name") ON {s}."user" TO {r2};
GRANT USAGE ON SEQUENCE {s}.tasks_id_seq TO {r1};
REVOKE EXECUTE ON FUNCTION {s}.open_count(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {s}.open_count(integer) TO {r1};
REVOKE TRUNCATE ON {s}.teams FROM CURRENT_USER;
ALTER TABLE {s}.teams OWNER TO {r1};
`;

const PARTITIONED = `CREATE TABLE p (id int NOT NULL, d date NOT NULL, note text, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);
CREATE INDEX p_note ON p (note);
CREATE INDEX p_lower_note ON p (lower(note));
CREATE TABLE p_2024 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`;

export const wholeObjectCases: readonly DriftCase[] = [
  { name: 'an application schema: tables with everything on them, views, routines, policies, grants', base: '', change: APPLICATION, expect: [] },
  {
    name: 'a partition added under a parent with indexes and a primary key',
    base: PARTITIONED,
    change: "CREATE TABLE p_2025 PARTITION OF p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    expect: [],
  },
  {
    name: 'an index added on a partitioned table with partitions',
    base: PARTITIONED,
    change: 'CREATE INDEX p_id_note ON p (id, note)',
    expect: [],
  },
  {
    name: 'a view under another view changes: both are re-created',
    base: 'CREATE TABLE t (a int, b int); CREATE VIEW v1 AS SELECT a, b FROM t; CREATE VIEW v2 AS SELECT a FROM v1 WHERE b > 0; GRANT SELECT ON v2 TO {r1}',
    change: 'CREATE OR REPLACE VIEW v1 AS SELECT a, b FROM t WHERE a > 10',
    expect: [],
  },
  {
    name: 'a column retyped under a view, a policy and a trigger',
    base: `CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t;
      CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER tr BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION tf();
      ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (b > 0)`,
    change: 'DROP VIEW v; DROP POLICY p ON t; DROP TRIGGER tr ON t; ALTER TABLE t ALTER COLUMN b TYPE bigint; CREATE VIEW v AS SELECT a, b FROM t; CREATE TRIGGER tr BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION tf(); CREATE POLICY p ON t USING (b > 0)',
    expect: [],
  },
  {
    name: 'an enum loses a label while a column, its default, a view and an index use it',
    base: "CREATE TYPE e AS ENUM ('a', 'b', 'c'); CREATE TABLE t (x e NOT NULL DEFAULT 'a', xs e[]); CREATE VIEW v AS SELECT x FROM t; CREATE INDEX t_x ON t (x) WHERE x <> 'b'",
    change:
      "DROP VIEW v; DROP INDEX t_x; ALTER TABLE t ALTER COLUMN x DROP DEFAULT, ALTER COLUMN x TYPE text, ALTER COLUMN xs TYPE text[]; DROP TYPE e; CREATE TYPE e AS ENUM ('a', 'b'); ALTER TABLE t ALTER COLUMN x TYPE e USING x::e, ALTER COLUMN x SET DEFAULT 'a', ALTER COLUMN xs TYPE e[] USING xs::e[]; CREATE VIEW v AS SELECT x FROM t; CREATE INDEX t_x ON t (x) WHERE x <> 'b'",
    expect: [],
  },
  {
    name: 'a domain changes its base type under a column',
    base: 'CREATE DOMAIN d AS integer CHECK (VALUE > 0); CREATE TABLE t (x d DEFAULT 1)',
    change: 'ALTER TABLE t ALTER COLUMN x TYPE integer, ALTER COLUMN x DROP DEFAULT; DROP DOMAIN d; CREATE DOMAIN d AS bigint CHECK (VALUE > 0); ALTER TABLE t ALTER COLUMN x TYPE d, ALTER COLUMN x SET DEFAULT 1',
    expect: [],
  },
  {
    name: 'a function changes its result type under a view, a trigger-free default and a check',
    base: 'CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x $$; CREATE TABLE t (a int DEFAULT f(1), CONSTRAINT t_a CHECK (f(a) > 0)); CREATE VIEW v AS SELECT f(a) AS fa FROM t',
    change: 'DROP FUNCTION f(int) CASCADE; CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT x::bigint $$; ALTER TABLE t ALTER COLUMN a SET DEFAULT f(1), ADD CONSTRAINT t_a CHECK (f(a) > 0); CREATE VIEW v AS SELECT f(a) AS fa FROM t',
    expect: [],
  },
  {
    name: 'a primary key re-created under a foreign key',
    base: 'CREATE TABLE p (id int PRIMARY KEY, name text); CREATE TABLE c (pid int CONSTRAINT c_pid_fkey REFERENCES p (id))',
    change: 'ALTER TABLE c DROP CONSTRAINT c_pid_fkey; ALTER TABLE p DROP CONSTRAINT p_pkey; ALTER TABLE p ADD CONSTRAINT p_pkey PRIMARY KEY (id) INCLUDE (name); ALTER TABLE c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES p (id)',
    expect: [],
  },
  {
    name: 'a partitioned table re-created with a new key, its partitions and a foreign key to it',
    base: "CREATE TABLE p (id int, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); CREATE TABLE c (pid int, pd date, FOREIGN KEY (pid, pd) REFERENCES p)",
    change: "DROP TABLE p CASCADE; CREATE TABLE p (id int, d date, PRIMARY KEY (id, d)) PARTITION BY LIST (d); CREATE TABLE p1 PARTITION OF p FOR VALUES IN ('2024-01-01'); ALTER TABLE c ADD CONSTRAINT c_pid_pd_fkey FOREIGN KEY (pid, pd) REFERENCES p",
    expect: [],
  },
  {
    name: 'tables that inherit, created with their own columns and defaults, and dropped',
    base: '',
    change: `CREATE TABLE parent (a int DEFAULT 1, b text NOT NULL, c int);
      CREATE TABLE other (x int);
      CREATE TABLE child (d date, b text NOT NULL DEFAULT 'b') INHERITS (parent, other);
      ALTER TABLE child ALTER COLUMN a SET DEFAULT 2;
      COMMENT ON COLUMN child.a IS 'inherited, with its own default'`,
    expect: [],
  },
  {
    name: 'a parent table dropped while the table inheriting from it stays',
    base: 'CREATE TABLE parent (a int); CREATE TABLE child (b int) INHERITS (parent)',
    change: 'ALTER TABLE child NO INHERIT parent; DROP TABLE parent',
    expect: [],
  },
  {
    name: 'a serial column becomes an identity column: its sequence goes after its default',
    base: 'CREATE TABLE t (id serial PRIMARY KEY, a text)',
    change: 'ALTER TABLE t ALTER COLUMN id DROP DEFAULT; DROP SEQUENCE t_id_seq; ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY',
    expect: [],
  },
  {
    name: 'tables that refer to each other dropped together',
    base: 'CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b; CREATE TABLE keep (a_id int REFERENCES a)',
    change: 'ALTER TABLE keep DROP CONSTRAINT keep_a_id_fkey; DROP TABLE a, b CASCADE',
    expect: [],
  },
];
