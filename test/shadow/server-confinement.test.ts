import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ConnectionError } from '../../src/errors.js';
import { applyScript } from '../../src/shadow/apply-script.js';
import { parseScript } from '../../src/shadow/parsed-script.js';
import { openServerShadow } from '../../src/shadow/server.js';
import { dropStaleShadows } from '../../src/shadow/stale-shadows.js';
import { repoRoot } from '../helpers/cli.js';
import { serverUrl } from '../helpers/db.js';

async function onServer<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const databaseExists = async (name: string) => (await onServer('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
const roleExists = async (name: string) => (await onServer('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length > 0;

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

const marker = (created: Date) => `pgdrift-shadow ${JSON.stringify({ created: created.toISOString(), pid: 1, host: hostname() })}`;

describe('a server shadow runs the SQL as a throwaway role', () => {
  it('that is no superuser, owns the database, may not undo itself from a DO block, and is dropped with it', async () => {
    const shadow = await openServerShadow(serverUrl());
    const role = shadow.sandboxRole!;
    try {
      expect(role).toBe(decodeURIComponent(new URL(shadow.url!).pathname.slice(1)));
      const { rows } = await shadow.db.query<{ me: string; superuser: boolean; owner: string }>(
        "SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()",
      );
      expect(rows[0]).toEqual({ me: role, superuser: false, owner: role });
      // What the statement filter cannot see: SQL built at run time. Logged in as the role, there is nothing to reset to.
      await applyScript(shadow, await parseScript({ name: 'do.sql', text: "DO $$ BEGIN EXECUTE 'RE' || 'SET ROLE'; EXECUTE 'RESET SESSION ' || 'AUTHORIZATION'; END $$" }));
      const after = await shadow.db.query<{ me: string }>('SELECT current_user AS me');
      expect(after.rows[0]!.me).toBe(role);
      const copy = await failure(
        applyScript(shadow, await parseScript({ name: 'do.sql', text: "CREATE TABLE t (x text);\nDO $$ BEGIN EXECUTE 'CO' || 'PY t TO PRO' || 'GRAM ''id'''; END $$" })),
      );
      expect(copy).toBeInstanceOf(ConnectionError);
      expect(copy.message).toMatch(/^do\.sql:2:1: .*(must be superuser|permission denied).*external program/);
      const file = await failure(applyScript(shadow, await parseScript({ name: 'do.sql', text: "DO $$ BEGIN PERFORM pg_catalog.pg_ls_dir('.' || ''); END $$" })));
      expect(file.message).toMatch(/^do\.sql:1:1: permission denied for function pg_ls_dir/);
      const superuser = await failure(applyScript(shadow, await parseScript({ name: 'do.sql', text: "DO $$ BEGIN EXECUTE 'CREATE ROLE x' || ' SUPERUSER'; END $$" })));
      expect(superuser.message).toMatch(/^do\.sql:1:1: (permission denied to create role|must be superuser)/);
    } finally {
      await shadow.close();
    }
    expect(await databaseExists(role)).toBe(false);
    expect(await roleExists(role)).toBe(false);
  });

  it('is made a member of roles the SQL names only when they have no power elsewhere: OWNER TO a superuser is refused', async () => {
    const shadow = await openServerShadow(serverUrl());
    try {
      const owner = (await onServer<{ u: string }>('SELECT current_user AS u'))[0]!.u;
      const err = await failure(applyScript(shadow, await parseScript({ name: 'own.sql', text: `CREATE TABLE t (id int);\nALTER TABLE t OWNER TO "${owner}";` })));
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err.message).toMatch(/^own\.sql:2:1: must be (able to SET ROLE|member of role)/);
    } finally {
      await shadow.close();
    }
  });
});

describe('stale shadows', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await onServer(`DROP DATABASE IF EXISTS "${name}"`);
  });

  async function makeDatabase(name: string, comment: string | null): Promise<void> {
    created.push(name);
    await onServer(`CREATE DATABASE "${name}" TEMPLATE template0`);
    if (comment !== null) await onServer(`COMMENT ON DATABASE "${name}" IS '${comment.replaceAll("'", "''")}'`);
  }

  it('drops marked shadows made before this run that nothing uses; keeps unmarked ones, newer ones and ones in use', async () => {
    const suffix = Date.now().toString(36);
    // This run "starts" an hour from now, so that the runs of other test files, which clean up
    // with their own start as the limit, leave the stale shadows here to this test.
    const start = new Date(Date.now() + 3600_000);
    const unmarked = `pgdrift_shadow_x${suffix}`;
    const forged = `pgdrift_shadow_f${suffix}`;
    const stale = `pgdrift_shadow_s${suffix}`;
    const newer = `pgdrift_shadow_n${suffix}`;
    const busy = `pgdrift_shadow_b${suffix}`;
    await makeDatabase(unmarked, null);
    await makeDatabase(forged, 'pgdrift-shadow not json');
    await makeDatabase(stale, marker(new Date(start.getTime() - 1800_000)));
    await makeDatabase(newer, marker(new Date(start.getTime() + 3600_000)));
    await makeDatabase(busy, marker(new Date(start.getTime() - 1800_000)));
    const user = new pg.Client({ connectionString: new URL(`/${busy}`, serverUrl()).toString() });
    await user.connect();
    try {
      const admin = new pg.Client({ connectionString: serverUrl() });
      await admin.connect();
      const dropped = await dropStaleShadows(admin, start).finally(() => admin.end());
      expect(dropped).toContain(stale);
      expect(dropped).not.toContain(unmarked);
    } finally {
      await user.end();
    }
    expect(await databaseExists(stale)).toBe(false);
    expect(await databaseExists(unmarked)).toBe(true);
    expect(await databaseExists(forged)).toBe(true);
    expect(await databaseExists(newer)).toBe(true);
    expect(await databaseExists(busy)).toBe(true);
  });

  it('drops what a SIGKILLed run left behind, database and role, when the next run opens its shadow', async () => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `const { openServerShadow } = await import(${JSON.stringify(join(repoRoot, 'dist', 'shadow', 'server.js'))}); const s = await openServerShadow(process.env.SHADOW_URL); process.stdout.write(s.sandboxRole + '\\n'); setInterval(() => {}, 1000);`],
      { env: { ...process.env, SHADOW_URL: serverUrl() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const name = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error(`child exited early: ${err}`)));
    });
    expect(name).toMatch(/^pgdrift_shadow_[0-9a-f]{12}$/);
    child.kill('SIGKILL');
    await exited;
    expect(await databaseExists(name)).toBe(true);
    expect(await roleExists(name)).toBe(true);
    // The server notices the killed client's connections closed on its own; until then they are in use.
    while ((await onServer('SELECT 1 FROM pg_stat_activity WHERE datname = $1 OR usename = $1 OR application_name = $2', [name, `pgdrift ${name}`])).length > 0) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const next = await openServerShadow(serverUrl());
    await next.close();
    expect(await databaseExists(name)).toBe(false);
    expect(await roleExists(name)).toBe(false);
  });
});
