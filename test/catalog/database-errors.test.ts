import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { ConnectionError, InputError, PgdriftError } from '../../src/errors.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, serverUrl, urlFor } from '../helpers/db.js';
import { execAdmin, roleName } from './fixture.js';

const SECRET = 'Sup3r-Secret-Pw';

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

/** The error snapshotDatabase throws for `url`, checked to be a password-free ConnectionError. */
async function connectionFailure(url: string, options: Parameters<typeof snapshotDatabase>[1] = {}): Promise<ConnectionError> {
  const error = await snapshotDatabase(url, options).then(
    () => {
      throw new Error('snapshotDatabase succeeded');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  const e = error as ConnectionError;
  expect(e.exitCode).toBe(3);
  expect(e.message).not.toContain('\n');
  const printable = [e.message, e.stack, String(e.cause), (e.cause as Error | undefined)?.stack, JSON.stringify(e)].join(' ');
  expect(printable).not.toContain(SECRET);
  return e;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

it('reports a wrong password without printing it', async () => {
  const url = withPassword(serverUrl(), SECRET);
  const e = await connectionFailure(url);
  const host = new URL(url).host;
  expect(e.message).toBe(
    `cannot connect to postgres://postgres:***@${host}/postgres: authentication failed: password authentication failed for user "postgres"`,
  );
});

it('reports nothing listening on the port', async () => {
  const port = await freePort();
  const e = await connectionFailure(`postgres://app:${SECRET}@127.0.0.1:${port}/app`);
  expect(e.message).toBe(
    `cannot connect to postgres://app:***@127.0.0.1:${port}/app: connection refused, nothing is listening on 127.0.0.1:${port}`,
  );
});

it('reports an unknown host', async () => {
  const e = await connectionFailure(`postgres://app:${SECRET}@pgdrift-no-such-host.invalid:5432/app`);
  expect(e.message).toBe(
    'cannot connect to postgres://app:***@pgdrift-no-such-host.invalid:5432/app: unknown host pgdrift-no-such-host.invalid',
  );
});

it('reports a missing database', async () => {
  const url = urlFor('pgdrift_no_such_database');
  const e = await connectionFailure(url);
  const u = new URL(url);
  const redacted = u.password ? `${u.protocol}//${u.username}:***@${u.host}` : `${u.protocol}//${u.username}@${u.host}`;
  expect(e.message).toBe(
    `cannot connect to ${redacted}/pgdrift_no_such_database: missing database: database "pgdrift_no_such_database" does not exist`,
  );
  expect(e.message).not.toContain(decodeURIComponent(u.password || '\u0000'));
});

it('reports a server that accepts but never answers as a timeout', async () => {
  const sockets: Socket[] = [];
  const silent: Server = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const e = await connectionFailure(`postgres://app:${SECRET}@127.0.0.1:${port}/app`, { connectTimeoutMs: 300 });
    expect(e.message).toMatch(new RegExp(`^cannot connect to postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/app: timed out`));
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

it('reports a role without CONNECT privilege as permission denied', async () => {
  const db = await createTestDatabase('pgdrift_perm');
  const role = roleName('noconnect');
  try {
    await execAdmin(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}'`);
    await execAdmin(`REVOKE CONNECT ON DATABASE "${db.name}" FROM PUBLIC`);
    const u = new URL(db.url);
    u.username = role;
    u.password = SECRET;
    const e = await connectionFailure(u.toString());
    // PostgreSQL 16 started quoting the database name in this message.
    expect(e.message).toMatch(
      new RegExp(`^cannot connect to postgres://${role}:\\*\\*\\*@${u.host}/${db.name}: permission denied: permission denied for database "?${db.name}"?$`),
    );
  } finally {
    await db.drop();
    await execAdmin(`DROP ROLE IF EXISTS ${role}`);
  }
});

it('gives up on a lock held by concurrent DDL after lockTimeoutMs', async () => {
  const db = await createTestDatabase('pgdrift_lock');
  const holder = new pg.Client({ connectionString: db.url });
  try {
    await db.exec('CREATE TABLE t (id integer DEFAULT 1); CREATE VIEW v AS SELECT id FROM t;');
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const e = await connectionFailure(db.url, { lockTimeoutMs: 200 });
    // The message names what is locked, and who holds it: the table and the view on it.
    expect(e.message).toMatch(
      new RegExp(
        `^cannot read postgres://postgres:\\*\\*\\*@.*: timed out waiting for a lock \\(lock timeout\\): canceling statement due to lock timeout; table public\\.t \\(pid ${pid}\\) is locked by another session$`,
      ),
    );
  } finally {
    await holder.end().catch(() => {});
    await db.drop();
  }
});

it('reports an unparsable URL as bad input (exit 2) without its password', async () => {
  const error = await snapshotDatabase(`postgres://app:${SECRET}@db:notaport/app`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  const e = error as PgdriftError;
  expect(e.exitCode).toBe(2);
  expect(e.message).toBe('invalid database URL postgres://app:***@db:notaport/app: not a valid URL');
  expect(`${e.message} ${String(e.cause)} ${JSON.stringify(e.cause)}`).not.toContain(SECRET);
});
