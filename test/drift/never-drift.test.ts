import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../../src/compare/change.js';
import { compare } from '../../src/compare/compare.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { snapshotSqlSource } from '../../src/sources/sql-files.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runSilentCorpus } from './support/corpus.js';
import { summarise } from './support/match.js';
import { richSchemaSql } from './support/rich-schema.js';
import { corpusRoles, execAdmin, serverVersionNum } from './support/server.js';
import { clientMajor, dumpSchema, psqlFile } from './support/tools.js';

const T = 'CREATE TABLE t (id serial PRIMARY KEY, a text NOT NULL, b int)';
/** Both sides run `base`; the actual side then runs `harmless`. */
const harmless = (name: string, base: string, ops: string | readonly string[]) => ({
  name,
  expected: base,
  actual: [base, ...(typeof ops === 'string' ? [ops] : ops)],
});
const BOOKKEEPING = `
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL CONSTRAINT alembic_version_pkc PRIMARY KEY);
CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
CREATE TABLE flyway_schema_history (installed_rank int NOT NULL PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL,
  script varchar(1000) NOT NULL, checksum int, installed_on timestamp NOT NULL DEFAULT now(), success boolean NOT NULL);
CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL);
CREATE TABLE kysely_migration_lock (id varchar(255) NOT NULL PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0);
CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, migration_name varchar(255) NOT NULL,
  applied_steps_count integer NOT NULL DEFAULT 0, started_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255), batch integer, migration_time timestamptz);
CREATE TABLE pgmigrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
GRANT SELECT ON alembic_version, knex_migrations TO {r1};
GRANT USAGE ON SEQUENCE knex_migrations_id_seq TO {r1};
INSERT INTO alembic_version VALUES ('abc123')`;
const extension = (...names: string[]) => (c: Change) => names.some((n) => c.id === `extension:${n}`);

runSilentCorpus('never drift', 'nd', [
  harmless('data inserted, updated and deleted', T, "INSERT INTO t (a, b) SELECT 'x' || g, g FROM generate_series(1, 500) g; UPDATE t SET b = b + 1; DELETE FROM t WHERE b % 2 = 0"),
  harmless('TRUNCATE', T, "INSERT INTO t (a) VALUES ('x'); TRUNCATE t RESTART IDENTITY"),
  harmless('nextval advanced', 'CREATE SEQUENCE q', "SELECT nextval('q'), nextval('q'), nextval('q')"),
  harmless('setval', 'CREATE SEQUENCE q', "SELECT setval('q', 1000), setval('q', 5, false)"),
  harmless('sequence RESTART', 'CREATE SEQUENCE q START 10', 'ALTER SEQUENCE q RESTART WITH 500'),
  harmless('identity sequence advanced and restarted', 'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, a int)', 'INSERT INTO t (a) VALUES (1), (2); ALTER TABLE t ALTER COLUMN id RESTART WITH 90'),
  harmless('serial sequence advanced', T, "INSERT INTO t (a) VALUES ('x'), ('y'); SELECT setval('t_id_seq', 77)"),
  harmless('ANALYZE', T, ["INSERT INTO t (a) SELECT 'x' FROM generate_series(1, 100)", 'ANALYZE t']),
  harmless('REINDEX TABLE', `${T}; CREATE INDEX t_a ON t (a)`, 'REINDEX TABLE t'),
  harmless('REINDEX INDEX CONCURRENTLY', `${T}; CREATE INDEX t_a ON t (a)`, ['REINDEX INDEX CONCURRENTLY t_a']),
  harmless('CLUSTER', `${T}; CREATE INDEX t_a ON t (a)`, 'CLUSTER t USING t_a'),
  harmless('VACUUM FULL', T, ["INSERT INTO t (a) VALUES ('x')", 'VACUUM FULL t', 'VACUUM (FREEZE, ANALYZE) t']),
  harmless('materialized view refreshed', `${T}; CREATE MATERIALIZED VIEW m AS SELECT a FROM t`, "INSERT INTO t (a) VALUES ('x'); REFRESH MATERIALIZED VIEW m"),
  {
    name: 'a dropped column leaves a gap',
    expected: 'CREATE TABLE t (a int, c text NOT NULL)',
    actual: 'CREATE TABLE t (a int, b int, c text NOT NULL); ALTER TABLE t DROP COLUMN b',
  },
  {
    name: 'a dropped attribute leaves a gap in a composite type',
    expected: 'CREATE TYPE ct AS (a int, c text)',
    actual: 'CREATE TYPE ct AS (a int, b int, c text); ALTER TYPE ct DROP ATTRIBUTE b',
  },
  harmless('index dropped and re-created identically', `${T}; CREATE INDEX t_a ON t (a) WHERE b > 0`, 'DROP INDEX t_a; CREATE INDEX t_a ON t (a) WHERE b > 0'),
  {
    name: 'CREATE INDEX CONCURRENTLY that succeeded',
    expected: `${T}; CREATE INDEX t_a ON t (a)`,
    actual: [T, 'CREATE INDEX CONCURRENTLY t_a ON t (a)'],
  },
  harmless(
    'constraints dropped and re-created identically',
    'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int CONSTRAINT c_pk PRIMARY KEY, pid int CONSTRAINT c_fk REFERENCES p ON DELETE CASCADE, CONSTRAINT c_chk CHECK (pid > 0), CONSTRAINT c_uq UNIQUE (pid))',
    `ALTER TABLE c DROP CONSTRAINT c_fk, DROP CONSTRAINT c_chk, DROP CONSTRAINT c_uq, DROP CONSTRAINT c_pk;
     ALTER TABLE c ADD CONSTRAINT c_pk PRIMARY KEY (id), ADD CONSTRAINT c_fk FOREIGN KEY (pid) REFERENCES p ON DELETE CASCADE,
       ADD CONSTRAINT c_chk CHECK (pid > 0), ADD CONSTRAINT c_uq UNIQUE (pid)`,
  ),
  harmless('NOT VALID constraint validated twice', 'CREATE TABLE t (a int CONSTRAINT t_chk CHECK (a > 0))', 'ALTER TABLE t VALIDATE CONSTRAINT t_chk'),
  {
    name: 'columns in one statement vs ADD COLUMN steps (other order)',
    expected: "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a text NOT NULL DEFAULT 'x', b numeric(10, 2), c timestamptz DEFAULT now())",
    actual: `CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY);
      ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();
      ALTER TABLE t ADD COLUMN b numeric(10, 2);
      ALTER TABLE t ADD COLUMN a text;
      ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x';
      UPDATE t SET a = 'x';
      ALTER TABLE t ALTER COLUMN a SET NOT NULL;
      ALTER TABLE t ADD PRIMARY KEY (id)`,
  },
  {
    name: 'type spellings: int/int4/integer, varchar/character varying, timestamptz, bool',
    expected: 'CREATE TABLE t (a int, b varchar(10), c timestamptz, d bool, e float8, f decimal(5, 1), g char)',
    actual: 'CREATE TABLE t (a int4, b character varying(10), c timestamp with time zone, d boolean, e double precision, f numeric(5, 1), g character(1))',
  },
  {
    name: 'serial vs integer + sequence + default + OWNED BY',
    expected: 'CREATE TABLE t (id serial)',
    actual: "CREATE SEQUENCE t_id_seq AS integer; CREATE TABLE t (id integer NOT NULL DEFAULT nextval('t_id_seq')); ALTER SEQUENCE t_id_seq OWNED BY t.id",
  },
  {
    name: 'constraints inline vs table-level vs ALTER TABLE',
    expected: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p, n int CHECK (n > 0) UNIQUE)',
    actual: `CREATE TABLE p (id int, CONSTRAINT p_pkey PRIMARY KEY (id)); CREATE TABLE c (id int NOT NULL, pid int, n int);
      ALTER TABLE c ADD CONSTRAINT c_n_check CHECK (n > 0);
      CREATE UNIQUE INDEX c_pkey ON c (id); ALTER TABLE c ADD CONSTRAINT c_pkey PRIMARY KEY USING INDEX c_pkey;
      ALTER TABLE c ADD CONSTRAINT c_n_key UNIQUE (n);
      ALTER TABLE c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES p (id)`,
  },
  {
    name: 'spelled-out defaults: MATCH SIMPLE, NO ACTION, NOT DEFERRABLE, ASC, btree, default opclass',
    expected: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (pid int CONSTRAINT c_fk REFERENCES p); CREATE INDEX c_i ON c (pid)',
    actual: `CREATE TABLE p (id int PRIMARY KEY);
      CREATE TABLE c (pid int CONSTRAINT c_fk REFERENCES p (id) MATCH SIMPLE ON UPDATE NO ACTION ON DELETE NO ACTION NOT DEFERRABLE INITIALLY IMMEDIATE);
      CREATE INDEX c_i ON c USING btree (pid int4_ops ASC NULLS LAST)`,
  },
  {
    name: 'storage parameters and function settings in another order',
    expected: "CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_enabled = false); CREATE FUNCTION f() RETURNS int LANGUAGE sql SET work_mem = '64MB' SET search_path = pg_catalog AS 'SELECT 1'",
    actual: "CREATE TABLE t (a int) WITH (autovacuum_enabled = false, fillfactor = 70); CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = pg_catalog SET work_mem = '64MB' AS $$SELECT 1$$",
  },
  harmless('storage parameter set and reset', 'CREATE TABLE t (a int); CREATE INDEX t_a ON t (a)', 'ALTER TABLE t SET (fillfactor = 50); ALTER TABLE t RESET (fillfactor); ALTER INDEX t_a SET (fillfactor = 50); ALTER INDEX t_a RESET (fillfactor)'),
  harmless('UNLOGGED and back', T, 'ALTER TABLE t SET UNLOGGED; ALTER TABLE t SET LOGGED'),
  harmless('renamed and renamed back', `${T}; CREATE INDEX t_a ON t (a)`, 'ALTER TABLE t RENAME TO t2; ALTER TABLE t2 RENAME COLUMN a TO z; ALTER INDEX t_a RENAME TO t_z; ALTER TABLE t2 RENAME TO t; ALTER TABLE t RENAME COLUMN z TO a; ALTER INDEX t_z RENAME TO t_a'),
  harmless('column type changed and changed back', T, 'ALTER TABLE t ALTER COLUMN b TYPE bigint; ALTER TABLE t ALTER COLUMN b TYPE int'),
  harmless('trigger disabled and enabled again', "CREATE TABLE t (a int); CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()", 'ALTER TABLE t DISABLE TRIGGER tr; ALTER TABLE t ENABLE TRIGGER tr'),
  harmless('grant given and revoked (explicit ACL equal to the default)', `${T}; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`, 'GRANT SELECT ON t TO {r1}; REVOKE SELECT ON t FROM {r1}; GRANT USAGE ON SCHEMA {s} TO {r1}; REVOKE USAGE ON SCHEMA {s} FROM {r1}; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC; GRANT EXECUTE ON FUNCTION f() TO PUBLIC'),
  {
    name: 'GRANT ALL vs every privilege listed',
    expected: `${T}; GRANT ALL ON t TO {r1}`,
    actual: `${T}; GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON t TO {r1}; GRANT ALL ON t TO {r1}`,
  },
  {
    name: 'policy roles listed in another order',
    expected: 'CREATE TABLE t (a int); CREATE POLICY p ON t TO {r1}, {r2} USING (a > 0)',
    actual: 'CREATE TABLE t (a int); CREATE POLICY p ON t TO {r2}, {r1} USING (a > 0)',
  },
  {
    name: 'enum built with ADD VALUE vs in one statement',
    expected: "CREATE TYPE e AS ENUM ('a', 'b', 'c', 'd')",
    actual: ["CREATE TYPE e AS ENUM ('b', 'd')", "ALTER TYPE e ADD VALUE 'a' BEFORE 'b'", "ALTER TYPE e ADD VALUE 'c' AFTER 'b'"],
  },
  {
    name: 'domain checks inline vs ALTER DOMAIN',
    expected: 'CREATE DOMAIN d AS int NOT NULL DEFAULT 1 CONSTRAINT d_pos CHECK (VALUE > 0)',
    actual: 'CREATE DOMAIN d AS integer; ALTER DOMAIN d SET DEFAULT 1; ALTER DOMAIN d SET NOT NULL; ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0)',
  },
  {
    name: 'view written differently, printed the same',
    expected: 'CREATE TABLE t (id int, a text); CREATE VIEW v AS SELECT t.id, t.a AS x FROM t WHERE t.id > 0',
    actual: 'CREATE TABLE t (id int, a text); CREATE VIEW v (id, x) AS select   *\n from t   where id>0',
  },
  harmless('view replaced by an identical definition', 'CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t', 'CREATE OR REPLACE VIEW v AS SELECT id FROM t'),
  {
    name: 'function body quoted with $$ vs with a string',
    expected: "CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN a * 2; END'",
    actual: 'CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $body$BEGIN RETURN a * 2; END$body$',
  },
  {
    name: 'partition attached vs created as partition',
    expected: "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); CREATE INDEX p_d ON p (d)",
    actual: "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d); CREATE INDEX p_d ON p (d); CREATE TABLE p1 (id int, d date); ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
  },
  {
    name: 'the same schema applied in a different statement order',
    expected: `CREATE TYPE kind AS ENUM ('a', 'b');
      CREATE TABLE parent (id int PRIMARY KEY, k kind NOT NULL DEFAULT 'a');
      CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE CASCADE, note text);
      CREATE INDEX child_parent ON child (parent_id);
      CREATE VIEW both_v AS SELECT c.id, p.k FROM child c JOIN parent p ON p.id = c.parent_id;
      CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM child';
      COMMENT ON TABLE child IS 'kids';
      GRANT SELECT ON both_v TO {r1}`,
    actual: `CREATE TYPE kind AS ENUM ('a', 'b');
      CREATE TABLE child (id int PRIMARY KEY, parent_id int, note text);
      COMMENT ON TABLE child IS 'kids';
      CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM child';
      CREATE INDEX child_parent ON child (parent_id);
      CREATE TABLE parent (id int PRIMARY KEY, k kind NOT NULL DEFAULT 'a');
      CREATE VIEW both_v AS SELECT c.id, p.k FROM child c JOIN parent p ON p.id = c.parent_id;
      GRANT SELECT ON both_v TO {r1};
      ALTER TABLE child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent ON DELETE CASCADE`,
  },
  harmless('owner set to the owner it already has', T, 'ALTER TABLE t OWNER TO CURRENT_USER'),
  harmless('privilege revoked from the owner and given back', T, 'REVOKE DELETE ON t FROM CURRENT_USER; GRANT DELETE ON t TO CURRENT_USER'),
  harmless(
    "a partition's clone of a trigger disabled and enabled again",
    "CREATE TABLE p (d date) PARTITION BY RANGE (d); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tr AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf()",
    'ALTER TABLE p1 DISABLE TRIGGER tr; ALTER TABLE p1 ENABLE TRIGGER tr',
  ),
  {
    name: 'inheritance declared with INHERITS vs ALTER TABLE … INHERIT',
    expected: 'CREATE TABLE parent (a int); CREATE TABLE child (b int) INHERITS (parent)',
    actual: 'CREATE TABLE parent (a int); CREATE TABLE child (a int, b int); ALTER TABLE child INHERIT parent',
  },
  harmless('empty comment vs no comment', T, "COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS ''"),
  harmless('temporary objects created and dropped', T, 'CREATE TABLE scratch (a int); CREATE INDEX scratch_a ON scratch (a); DROP TABLE scratch; CREATE TEMP TABLE tmp (a int)'),
  {
    name: 'objects owned by extensions are left out',
    expected: 'CREATE EXTENSION pg_trgm; CREATE EXTENSION hstore; CREATE TABLE t (a text, h hstore); CREATE INDEX t_a ON t USING gin (a gin_trgm_ops)',
    actual: [
      'CREATE EXTENSION hstore; CREATE TABLE t (a text, h hstore)',
      'CREATE EXTENSION pg_trgm; CREATE INDEX t_a ON t USING gin (a gin_trgm_ops)',
      "SELECT set_limit(0.5); INSERT INTO t VALUES ('abc', 'a=>1')",
    ],
    claims: extension('pg_trgm', 'hstore'),
  },
  { name: 'bookkeeping tables on one side only', expected: T, actual: [T, BOOKKEEPING] },
]);

const serverMajor = Math.floor(serverVersionNum / 10000);
const dumpMajor = await clientMajor('pg_dump');
const psqlMajor = await clientMajor('psql');
// pg_dump refuses a server newer than itself ("aborting because of server version mismatch").
const dumpSkip =
  dumpMajor === null || psqlMajor === null
    ? 'pg_dump or psql is not on PATH'
    : dumpMajor < serverMajor
      ? `pg_dump ${dumpMajor} cannot dump a PostgreSQL ${serverMajor} server; run with PGDRIFT_TEST_URL naming a server of major ${dumpMajor} or older`
      : null;

describe('never drift: whole databases', () => {
  const tag = 'rs';
  const roles = corpusRoles(tag);
  const databases: TestDatabase[] = [];
  let source: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    await execAdmin(Object.values(roles).map((r) => `DROP ROLE IF EXISTS ${r}; CREATE ROLE ${r};`).join('\n'));
    dir = await mkdtemp(join(tmpdir(), 'pgdrift-drift-'));
    source = await createTestDatabase('pgdrift_drift');
    databases.push(source);
    await source.exec(await richSchemaSql(tag));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
    await execAdmin(Object.values(roles).map((r) => `DROP ROLE IF EXISTS ${r};`).join('\n'));
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  (dumpSkip === null ? test : test.skip)(
    `pg_dump --schema-only restored into a new database${dumpSkip === null ? '' : ` (skipped: ${dumpSkip})`}`,
    async () => {
      const restored = await createTestDatabase('pgdrift_drift');
      databases.push(restored);
      const file = join(dir, 'dump.sql');
      await writeFile(file, await dumpSchema(source.url));
      await psqlFile(restored.url, file);
      const [expected, actual] = await Promise.all([snapshotDatabase(source.url), snapshotDatabase(restored.url)]);
      expect(expected.tables.length).toBeGreaterThan(5);
      expect((await compare(expected, actual)).changes.map(summarise)).toEqual([]);
    },
    120_000,
  );

  test('the same SQL through the embedded PGlite shadow and on the live server', async () => {
    const file = join(dir, 'schema.sql');
    await writeFile(file, await richSchemaSql(tag));
    const [declared, live] = await Promise.all([snapshotSqlSource(file), snapshotDatabase(source.url)]);
    expect(declared.tables.length).toBe(live.tables.length);
    expect((await compare(declared, live)).changes.map(summarise)).toEqual([]);
  }, 120_000);

  test('a drifted copy is not silent (the comparisons above can fail)', async () => {
    const copy = await createTestDatabase('pgdrift_drift');
    databases.push(copy);
    await copy.exec(await richSchemaSql(tag));
    await copy.exec('ALTER TABLE app.orders ALTER COLUMN note TYPE varchar(300)');
    const [expected, actual] = await Promise.all([snapshotDatabase(source.url), snapshotDatabase(copy.url)]);
    expect((await compare(expected, actual)).changes.map((c) => [c.kind, c.id])).toEqual([['changed', 'column:app.orders.note']]);
  }, 120_000);
});
