import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseScript } from '../../src/shadow/parsed-script.js';
import { refuseUnsafeStatements, type ShadowKind } from '../../src/shadow/refused-statements.js';
import { runCli } from '../helpers/cli.js';

async function refusal(text: string, kind: ShadowKind = 'server'): Promise<string | null> {
  try {
    refuseUnsafeStatements([await parseScript({ name: 'evil.sql', text })], kind);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
}

describe('refuseUnsafeStatements', () => {
  it.each([
    ["COPY t TO PROGRAM 'curl evil'", 'evil.sql:1:1: COPY … TO PROGRAM is refused in a shadow database (runs a program on the server)'],
    ["COPY t FROM PROGRAM 'id'", 'evil.sql:1:1: COPY … FROM PROGRAM is refused'],
    ["COPY t TO '/tmp/out'", "evil.sql:1:1: COPY … TO '/tmp/out' is refused in a shadow database (writes a file on the server)"],
    ["COPY t FROM '/etc/passwd'", "COPY … FROM '/etc/passwd' is refused"],
    ['ALTER ROLE postgres PASSWORD NULL', 'ALTER ROLE is refused'],
    ['ALTER ROLE app SET search_path = x', 'ALTER ROLE is refused'],
    ['DROP ROLE app', 'DROP ROLE is refused'],
    ['CREATE ROLE boss SUPERUSER', 'CREATE ROLE … SUPERUSER is refused'],
    ['CREATE ROLE boss CREATEROLE', 'CREATE ROLE … CREATEROLE is refused'],
    ['CREATE ROLE boss IN ROLE pg_execute_server_program', 'CREATE ROLE … IN ROLE is refused'],
    ["ALTER SYSTEM SET archive_command = 'curl evil'", 'ALTER SYSTEM is refused'],
    ['DROP DATABASE production', 'DROP DATABASE is refused'],
    ['CREATE DATABASE other', 'CREATE DATABASE is refused'],
    ['ALTER DATABASE production OWNER TO me', 'ALTER DATABASE is refused'],
    ["CREATE TABLESPACE t LOCATION '/tmp'", 'CREATE TABLESPACE is refused'],
    ["SELECT pg_read_file('/etc/passwd')", "evil.sql:1:8: pg_read_file() is refused in a shadow database (reads files on the server)"],
    ["SELECT pg_catalog.pg_read_binary_file('x')", 'pg_read_binary_file() is refused'],
    ["CREATE TABLE t AS SELECT lo_import('/etc/passwd') AS o", 'lo_import() is refused'],
    ["SELECT lo_export(1, '/tmp/x')", 'lo_export() is refused'],
    ["CREATE VIEW v AS SELECT * FROM pg_ls_dir('.') d", 'pg_ls_dir() is refused'],
    ["SELECT dblink_connect('host=prod')", 'dblink_connect() is refused'],
    ['SELECT pg_terminate_backend(1)', 'pg_terminate_backend() is refused'],
    ["LOAD 'auto_explain'", 'LOAD is refused'],
    ['CREATE EXTENSION adminpack', 'CREATE EXTENSION adminpack is refused'],
    ['CREATE EXTENSION IF NOT EXISTS dblink', 'CREATE EXTENSION dblink is refused'],
    ['CREATE EXTENSION postgres_fdw', 'CREATE EXTENSION postgres_fdw is refused'],
    ['CREATE EXTENSION file_fdw', 'CREATE EXTENSION file_fdw is refused'],
    ['CREATE EXTENSION plpython3u', 'CREATE EXTENSION plpython3u is refused'],
    ["CREATE SERVER prod FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'prod')", 'CREATE SERVER is refused'],
    ['CREATE USER MAPPING FOR CURRENT_USER SERVER prod', 'CREATE USER MAPPING is refused'],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=prod' PUBLICATION p", 'CREATE SUBSCRIPTION is refused'],
    ['SET ROLE postgres', 'evil.sql:1:10: SET ROLE is refused'],
    ['SET LOCAL ROLE postgres', 'SET ROLE is refused'],
    ['SET SESSION AUTHORIZATION postgres', 'SET SESSION AUTHORIZATION is refused'],
    ["SELECT set_config('role', 'postgres', false)", 'set_config() of the role is refused'],
    ['GRANT pg_read_server_files TO app', 'GRANT pg_read_server_files is refused'],
    ['GRANT CONNECT ON DATABASE production TO app', 'GRANT … ON DATABASE is refused'],
    ["COMMENT ON ROLE postgres IS 'x'", 'COMMENT ON ROLE is refused'],
    ['REASSIGN OWNED BY postgres TO app', 'REASSIGN OWNED is refused'],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'libc', 'system'", 'CREATE FUNCTION in LANGUAGE c is refused'],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE plperlu AS 'system(1)'", 'CREATE FUNCTION in LANGUAGE plperlu is refused'],
    ["DO $$ BEGIN EXECUTE 'COPY t TO PROGRAM ''id'''; END $$", 'DO block running COPY … PROGRAM is refused'],
    ["DO $$ BEGIN EXECUTE 'ALTER SYSTEM SET x = 1'; END $$", 'DO block running ALTER SYSTEM is refused'],
    ["DO $$ BEGIN PERFORM pg_read_file('/etc/passwd'); END $$", 'DO block calling pg_read_file() is refused'],
    ["DO $$ BEGIN EXECUTE 'SET ROLE postgres'; END $$", 'DO block running SET ROLE is refused'],
    ["DO $$ BEGIN EXECUTE 'CREATE ROLE x SUPERUSER'; END $$", 'DO block running a role, database or tablespace statement is refused'],
    ["CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT pg_read_file('x') $$", 'CREATE FUNCTION calling pg_read_file() is refused'],
    ["CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT pg_read_file('x'); END", 'pg_read_file() is refused'],
  ])('%s', async (sql, expected) => {
    expect(await refusal(sql)).toContain(expected);
  });

  it.each([
    'CREATE TABLE t (id int PRIMARY KEY, body text)',
    'COPY t TO STDOUT',
    'CREATE ROLE reader NOLOGIN NOSUPERUSER NOCREATEDB',
    'CREATE EXTENSION citext',
    'GRANT SELECT ON t TO reader',
    'ALTER TABLE t OWNER TO app_owner',
    'RESET ROLE',
    'SET ROLE NONE',
    "SELECT set_config('search_path', '', false)",
    // Comments in a body mention what the code must not do.
    'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN -- never SET ROLE or COPY … TO PROGRAM here\n RETURN NEW; END $$',
    "DO $$ BEGIN EXECUTE format('CREATE INDEX ON %I (id)', 't'); END $$",
  ])('lets %s run', async (sql) => {
    expect(await refusal(sql)).toBeNull();
  });

  it('lets SET ROLE run in the embedded shadow, where no server role is at stake, but refuses what reaches the host there too', async () => {
    expect(await refusal('SET ROLE app', 'embedded')).toBeNull();
    expect(await refusal("COPY t TO '/tmp/x'", 'embedded')).toContain('is refused');
    expect(await refusal("SELECT pg_read_file('/etc/passwd')", 'embedded')).toContain('is refused');
  });

  it('cites the line and column of the refused statement in a longer script', async () => {
    const text = 'CREATE TABLE t (id int);\n\n  -- harmless so far\n  SELECT 1, lo_import(\'/etc/shadow\');\n';
    expect(await refusal(text)).toBe('evil.sql:4:13: lo_import() is refused in a shadow database (reads files on the server)');
  });
});

describe('the CLI refuses untrusted SQL before running any of it', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-refused-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 naming file:line:col and what was refused, in the embedded shadow', async () => {
    const file = join(dir, 'schema.sql');
    writeFileSync(file, "CREATE TABLE t (id int);\nCOPY t TO PROGRAM 'touch /tmp/pgdrift-owned';\n");
    const result = await runCli(['snapshot', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`pgdrift: ${file}:2:1: COPY … TO PROGRAM is refused in a shadow database (runs a program on the server)`);
  });

  it('says what is refused in --help', async () => {
    const result = await runCli(['snapshot', '--help']);
    expect(result.stdout.replace(/\s+/g, ' ')).toMatch(/throwaway role.*COPY to\/from files or programs.*SET ROLE/);
  });
});
