import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/db.js';
import { execAdmin, roleName } from '../catalog/fixture.js';

/*
 * Connecting from the command line as psql would: keyword connection strings, the libpq
 * variables, the password file — and no password in any output, errors and --debug included.
 */

const server = new URL(serverUrl());
const host = server.hostname;
const port = server.port;
const adminPassword = decodeURIComponent(server.password);
const role = roleName('conn');
const rolePassword = `Pw-${Date.now().toString(36)}-x`;
const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-conn-'));
const home = mkdtempSync(join(tmpdir(), 'pgdrift-home-'));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_conn');
  await db.exec(readFileSync(join(repoRoot, 'fixtures/demo/schema.sql'), 'utf8'));
  await execAdmin(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD '${rolePassword}'`);
});

afterAll(async () => {
  for (const dir of [tmp, home]) rmSync(dir, { recursive: true, force: true });
  await db?.drop();
  await execAdmin(`DROP ROLE IF EXISTS ${role}`);
});

/** Nothing the run printed holds either password. */
function expectNoPassword(r: { stdout: string; stderr: string }): void {
  for (const secret of [rolePassword, adminPassword]) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  }
}

const quoted = (s: string) => `'${s.replace(/['\\]/g, '\\$&')}'`;

describe('keyword connection strings', () => {
  test('snapshot and check take `host=… dbname=…` where they take a URL, and never show its password', async () => {
    const spec = `host=${host} port=${port} user=${server.username} password=${quoted(adminPassword)} dbname=${db.name}`;
    const out = join(tmp, 'kw.json');
    const snap = await runCli(['snapshot', spec, '-o', out], { HOME: home });
    expect(snap.stderr).toBe('');
    expect(snap.code).toBe(0);
    expect(snap.stdout).toContain(`snapshot of host=${host} port=${port} user=${server.username} password=*** dbname=${db.name}:`);
    expect(JSON.parse(readFileSync(out, 'utf8')).source.description).toBe(`host=${host} port=${port} user=${server.username} password=*** dbname=${db.name}`);
    const check = await runCli(['check', '--db', spec, '--expected', out, '--format', 'json'], { HOME: home });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).status).toBe('ok');
    expectNoPassword(snap);
    expectNoPassword(check);
  });

  test('a mistyped keyword is bad input naming it (exit 2)', async () => {
    const r = await runCli(['snapshot', `host=${host} port=${port} dbnmae=x password=${quoted(adminPassword)}`], { HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`pgdrift: invalid connection string host=${host} port=${port} dbnmae=x password=***: unknown connection option "dbnmae"\n`);
  });

  test('--shadow-url takes the keyword form too', async () => {
    const shadow = `host=${host} port=${port} user=${server.username} password=${quoted(adminPassword)} dbname=postgres`;
    const r = await runCli(['check', '--db', db.url, '--expected', join(repoRoot, 'fixtures/demo/schema.sql'), '--shadow-url', shadow], { HOME: home });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^✓ no drift/);
    expect(r.code).toBe(0);
  });
});

describe('the password file and PGPASSWORD', () => {
  const url = () => `postgres://${role}@${host}:${port}/${db.name}`;

  test('PGPASSFILE gives the password when the URL has none', async () => {
    const file = join(tmp, 'pgpass');
    writeFileSync(file, `# a comment\n${host}:${port}:*:${role}:${rolePassword}\n`, { mode: 0o600 });
    const r = await runCli(['snapshot', url(), '--schema', 'public', '-o', join(tmp, 'pgpass.json')], { HOME: home, PGPASSFILE: file });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`snapshot of ${url()}:`);
  });

  test('~/.pgpass is read when PGPASSFILE is not set; wildcards and escapes as libpq reads them', async () => {
    const own = mkdtempSync(join(tmp, 'home-'));
    writeFileSync(join(own, '.pgpass'), `otherhost:*:*:*:nope\n*:${port}:${db.name}:${role}:${rolePassword.replace(/[:\\]/g, '\\$&')}\n`, { mode: 0o600 });
    const r = await runCli(['snapshot', url(), '--schema', 'public'], { HOME: own });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('a password file others can read is not used, and the failure says why (exit 3)', async () => {
    const file = join(tmp, 'pgpass-open');
    writeFileSync(file, `*:*:*:${role}:${rolePassword}\n`);
    chmodSync(file, 0o644);
    const r = await runCli(['snapshot', url()], { HOME: home, PGPASSFILE: file });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `pgdrift: cannot connect to ${url()}: authentication failed: the server asks for a password and none was given (not in the connection string, PGPASSWORD or the password file ${file}); password file "${file}" was not used: it has group or world access (chmod 0600 it)\n`,
    );
  });

  test('PGPASSWORD comes before the password file, as in libpq, and is never printed', async () => {
    const file = join(tmp, 'pgpass-right');
    writeFileSync(file, `*:*:*:${role}:${rolePassword}\n`, { mode: 0o600 });
    const wrong = 'Wr0ng-Env-Passw0rd';
    const r = await runCli(['snapshot', url(), '--debug'], { HOME: home, PGPASSFILE: file, PGPASSWORD: wrong });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^pgdrift: cannot connect to ${url().replace(/[.]/g, '\\.')}: authentication failed: password authentication failed for user "${role}"\n`));
    expect(r.stderr).not.toContain(wrong);
    expectNoPassword(r);
  });

  test('the libpq variables name the database when --db is absent, and the password stays out of the report', async () => {
    const r = await runCli(['snapshot', '--schema', 'public'], { HOME: home, PGHOST: host, PGPORT: port, PGUSER: role, PGDATABASE: db.name, PGPASSWORD: rolePassword });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source.description).toBe(`postgres://${role}@${host}:${port}/${db.name}`);
    expectNoPassword(r);
  });
});

describe('passwords never printed, whatever they spell', () => {
  test('a wrong password "postgres" leaves "postgres://" and the user name readable', async () => {
    const url = `postgres://postgres:postgres@${host}:${port}/postgres`;
    const r = await runCli(['snapshot', url], { HOME: home });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `pgdrift: cannot connect to postgres://postgres:***@${host}:${port}/postgres: authentication failed: password authentication failed for user "postgres"\n`,
    );
  });

  test('--debug prints the stack of an error without the password of a keyword string', async () => {
    const spec = `host=${host} port=1 user=app password='Deb ug-Secret'`;
    const r = await runCli(['snapshot', spec, '--debug'], { HOME: home });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/Deb|ug-Secret/);
  });

  test('an argument yargs does not know is echoed without its password', async () => {
    const r = await runCli(['check', 'postgres://app:Echo3dSecret@db/app', 'host=db password=Echo3dSecret']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pgdrift: Unknown arguments?: postgres:\/\/app:\*\*\*@db\/app, host=db password=\*\*\*\n/);
    expect(r.stderr).not.toContain('Echo3dSecret');
  });

  test('a source that is no database nor file is named without its password', async () => {
    const r = await runCli(['snapshot', 'mysql://root:Hunter2Secret@db/app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pgdrift: mysql://root:***@db/app: no such file or folder (expected a postgres:// URL, a .json snapshot, a .sql file or a folder of .sql files)\n');
  });
});
