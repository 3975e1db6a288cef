import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ConnectionError, InputError } from '../errors.js';
import { isConnectionString } from '../connection/conninfo.js';
import { openClient } from '../connection/connect.js';
import { withDatabase } from '../connection/settings.js';
import { redactUrl } from '../redact.js';
import type { Queryable } from '../catalog/queryable.js';
import { quoteIdent } from './quote-ident.js';
import { onInterrupt } from './signal-cleanup.js';
import { shadowSql } from './sql-text.js';
import type { Shadow } from './shadow.js';

/**
 * Creates a uniquely named temporary database (`pgdrift_shadow_<random>`) on the server at
 * `shadowUrl` and connects to it. The database is dropped on `close()`, when opening fails
 * half-way, and when the process is interrupted (SIGINT/SIGTERM). It is created from
 * `template0` so that whatever a cluster installs into `template1` does not appear as declared.
 *
 * @example
 * const shadow = await openServerShadow('postgres://postgres:secret@localhost:5432/postgres');
 * // shadow.url → 'postgres://postgres:secret@localhost:5432/pgdrift_shadow_3f9a…'
 */
export async function openServerShadow(shadowUrl: string): Promise<Shadow> {
  // The keyword form (`host=… dbname=…`) is read too; anything else is a usage error.
  if (!isConnectionString(shadowUrl)) throw new InputError(`--shadow-url must be a postgres:// URL, not ${redactUrl(shadowUrl)}`);
  const admin = await connect(shadowUrl, 'cannot connect to the shadow server');
  const name = `pgdrift_shadow_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } catch (err) {
    await admin.end().catch(() => {});
    throw new ConnectionError(
      `cannot create a shadow database on ${redactUrl(shadowUrl)}: ${messageOf(err)} (the role needs CREATEDB)`,
      { cause: err },
    );
  }

  let client: pg.Client | undefined;
  let closing: Promise<void> | undefined;
  // Also what an interrupt runs, possibly while a statement is still running in the shadow
  // session: the drop (WITH FORCE) does not wait for that session to end by itself.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unregister();
      const ended = client?.end().catch(() => {});
      await dropDatabase(admin, name);
      await ended;
    })());
  const unregister = onInterrupt(close);

  const databaseUrl = withDatabase(shadowUrl, name);
  try {
    client = await connect(databaseUrl, 'cannot connect to the shadow database');
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  const session = client;
  return {
    kind: 'server',
    db: { query: (sql, params) => session.query(sql, params) } as Queryable,
    url: databaseUrl,
    async exec(sql: string) {
      await session.query(sql);
    },
    close,
  };
}

/**
 * A connection as libpq would open it (sslmode, password file, keyword form), within the
 * string's `connect_timeout` (the CLI puts --connect-timeout there) or 10 s.
 */
async function connect(connectionString: string, failure: string): Promise<pg.Client> {
  return openClient(connectionString, { failure });
}

/**
 * Drops the shadow database and ends the admin connection. `WITH (FORCE)` (PostgreSQL 13+)
 * ends any session still connected to it, e.g. one a `--migrate-cmd` tool left behind.
 */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  try {
    const { rows } = await admin.query<{ server_version_num: number }>(shadowSql('server-version-num.sql'));
    const force = (rows[0]?.server_version_num ?? 0) >= 130000 ? ' WITH (FORCE)' : '';
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  } catch (err) {
    throw new ConnectionError(`cannot drop the shadow database ${name}: ${messageOf(err)}; drop it by hand`, { cause: err });
  } finally {
    await admin.end().catch(() => {});
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
}
