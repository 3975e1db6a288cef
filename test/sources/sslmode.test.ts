import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openClient } from '../../src/connection/connect.js';
import { ConnectionError, InputError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/db.js';
import { CERTS, startProxy, type PostgresProxy, type ProxyMode } from './support/postgres-proxy.js';

/*
 * sslmode with libpq's meaning, against a proxy that plays a server without TLS, with TLS, or
 * with TLS only, in front of the test server. HOME is an empty folder: no ~/.postgresql/root.crt
 * changes what require and prefer do.
 */

const server = new URL(serverUrl());
const password = decodeURIComponent(server.password);
const home = mkdtempSync(join(tmpdir(), 'pgdrift-home-'));
const env = { HOME: home };
const proxies: PostgresProxy[] = [];

async function proxy(mode: ProxyMode): Promise<PostgresProxy> {
  const p = await startProxy({ host: server.hostname, port: Number(server.port) }, mode);
  proxies.push(p);
  return p;
}

afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await Promise.all(proxies.map((p) => p.close()));
});

/** Keyword form, so the password (which may need quoting) is in quotes. */
function conninfo(port: number, extra: string, host = '127.0.0.1'): string {
  return `host=${host} port=${port} user=${server.username} password='${password.replace(/['\\]/g, '\\$&')}' dbname=postgres ${extra}`;
}

async function connects(spec: string): Promise<boolean> {
  const client = await openClient(spec, { env, connectTimeoutMs: 20_000 });
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one === 1;
  } finally {
    await client.end();
  }
}

async function failure(spec: string): Promise<Error> {
  const outcome = await openClient(spec, { env, connectTimeoutMs: 20_000 }).then(
    async (c) => {
      await c.end();
      return null;
    },
    (e: Error) => e,
  );
  if (outcome === null) throw new Error(`connected with ${spec.replace(password, '***')}`);
  expect(outcome.message).not.toContain(password);
  return outcome;
}

describe('a server without TLS (ssl=off)', () => {
  test('prefer, the default, falls back to plain text without a word', async () => {
    const p = await proxy('no-tls');
    expect(await connects(conninfo(p.port, ''))).toBe(true);
    expect(await connects(conninfo(p.port, 'sslmode=prefer'))).toBe(true);
    expect(p.sessions).toEqual(['plain', 'plain']);
  });

  test('disable and allow connect in plain text', async () => {
    const p = await proxy('no-tls');
    expect(await connects(conninfo(p.port, 'sslmode=disable'))).toBe(true);
    expect(await connects(conninfo(p.port, 'sslmode=allow'))).toBe(true);
    expect(p.sessions).toEqual(['plain', 'plain']);
  });

  test.each(['require', 'verify-full'])('%s fails (exit 3) saying the server has no TLS', async (mode) => {
    const p = await proxy('no-tls');
    const extra = mode === 'require' ? 'sslmode=require' : `sslmode=verify-full sslrootcert=${join(CERTS, 'ca.crt')}`;
    const e = await failure(conninfo(p.port, extra));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toMatch(new RegExp(`: the server does not accept TLS connections, and sslmode=${mode} requires TLS$`));
    expect(p.sessions).toEqual([]);
  });

  test('the CLI reports sslmode=require on it in one line, exit 3, the password hidden', async () => {
    const p = await proxy('no-tls');
    const url = new URL(serverUrl());
    url.port = String(p.port);
    url.searchParams.set('sslmode', 'require');
    const r = await runCli(['snapshot', url.toString()], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `pgdrift: cannot connect to postgres://${url.username}:***@127.0.0.1:${p.port}/postgres?sslmode=require: the server does not accept TLS connections, and sslmode=require requires TLS\n`,
    );
  });

  test('PGSSLMODE applies when the connection string names no sslmode', async () => {
    const p = await proxy('no-tls');
    const r = await runCli(['snapshot', `postgres://${server.username}:${server.password}@127.0.0.1:${p.port}/postgres`], { ...env, PGSSLMODE: 'require' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/sslmode=require requires TLS/);
    const own = await runCli(['snapshot', `postgres://${server.username}:${server.password}@127.0.0.1:${p.port}/postgres?sslmode=disable`, '--schema', 'none'], { ...env, PGSSLMODE: 'require' });
    expect(own.stderr).toBe('');
    expect(own.code).toBe(0);
  });
});

describe('a server with TLS', () => {
  test('prefer and require use TLS without checking the certificate', async () => {
    const p = await proxy('tls');
    expect(await connects(conninfo(p.port, 'sslmode=prefer'))).toBe(true);
    expect(await connects(conninfo(p.port, 'sslmode=require'))).toBe(true);
    expect(p.sessions).toEqual(['tls', 'tls']);
  });

  test('allow starts in plain text; disable never tries TLS', async () => {
    const p = await proxy('tls');
    expect(await connects(conninfo(p.port, 'sslmode=allow'))).toBe(true);
    expect(await connects(conninfo(p.port, 'sslmode=disable'))).toBe(true);
    expect(p.sessions).toEqual(['plain', 'plain']);
  });

  test('verify-ca accepts a certificate from the given root, whatever name it bears', async () => {
    const p = await proxy('tls');
    expect(await connects(conninfo(p.port, `sslmode=verify-ca sslrootcert=${join(CERTS, 'ca.crt')}`))).toBe(true);
    expect(p.sessions).toEqual(['tls']);
  });

  test('verify-ca and require with another root refuse the certificate', async () => {
    const p = await proxy('tls');
    for (const mode of ['verify-ca', 'require']) {
      const e = await failure(conninfo(p.port, `sslmode=${mode} sslrootcert=${join(CERTS, 'other-ca.crt')}`));
      expect(e).toBeInstanceOf(ConnectionError);
      expect(e.message).toMatch(new RegExp(`: the server's certificate is not accepted \\(sslmode=${mode}\\): `));
    }
  });

  test('prefer with a root certificate that does not match falls back to plain text, as libpq does', async () => {
    const p = await proxy('tls');
    expect(await connects(conninfo(p.port, `sslmode=prefer sslrootcert=${join(CERTS, 'other-ca.crt')}`))).toBe(true);
    expect(p.sessions).toEqual(['plain']);
  });

  test('verify-full checks the host name: localhost passes, 127.0.0.1 is not on the certificate', async () => {
    const p = await proxy('tls');
    const root = `sslrootcert=${join(CERTS, 'ca.crt')}`;
    expect(await connects(conninfo(p.port, `sslmode=verify-full ${root} hostaddr=127.0.0.1`, 'localhost'))).toBe(true);
    const e = await failure(conninfo(p.port, `sslmode=verify-full ${root}`, '127.0.0.1'));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toMatch(/the server's certificate is not accepted \(sslmode=verify-full\): .*127\.0\.0\.1/);
  });

  test('verify-ca without any root certificate is refused before connecting (exit 2), naming the file it looked for', async () => {
    const p = await proxy('tls');
    const e = await failure(conninfo(p.port, 'sslmode=verify-ca'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`sslmode=verify-ca needs a root certificate and "${join(home, '.postgresql', 'root.crt')}" does not exist`);
    expect(e.message).toContain('password=***');
    expect(p.sessions).toEqual([]);
  });

  test('an unreadable sslrootcert is bad input naming the file', async () => {
    const p = await proxy('tls');
    const e = await failure(conninfo(p.port, `sslmode=verify-full sslrootcert=${join(home, 'nope.crt')}`));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`cannot read the root certificate "${join(home, 'nope.crt')}" (ENOENT)`);
  });
});

describe('a server that takes TLS only', () => {
  test('allow retries with TLS after the plain-text login is refused', async () => {
    const p = await proxy('tls-only');
    expect(await connects(conninfo(p.port, 'sslmode=allow'))).toBe(true);
    expect(p.sessions).toEqual(['tls']);
  });

  test('disable reports the refusal (exit 3)', async () => {
    const p = await proxy('tls-only');
    const e = await failure(conninfo(p.port, 'sslmode=disable'));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toMatch(/no pg_hba\.conf entry for this host, no encryption$/);
  });
});
