import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent } from './quote-ident.js';
import { markShadow } from './stale-shadows.js';

/** The throwaway role a server shadow runs the SQL as, logged in to the shadow database. */
export interface Sandbox {
  readonly role: string;
  /** The shadow database's URL with the throwaway role's name and password. */
  readonly url: string;
  readonly client: pg.Client;
}

/** A backstop should every cleanup fail: the role cannot log in after this. */
const VALID_FOR_MS = 7 * 24 * 3600_000;

/**
 * Creates the throwaway role a server shadow's SQL runs as, named like the database: LOGIN with
 * a random password only pgdrift knows, no superuser, no CREATEDB, no CREATEROLE, no
 * replication, member of no role, owner of the shadow database and of nothing else — then logs
 * in as it. Being logged in as the role (not `SET ROLE` to it) is what a DO block cannot undo.
 *
 * Returns null when the server does not allow it (the --shadow-url role lacks CREATEROLE, or
 * pg_hba.conf lets the role not log in by password): the SQL then runs as the --shadow-url
 * role, confined by the statement filter alone. `connect` logs in; the role and its ownership
 * are undone when it fails.
 *
 * @example
 * const sandbox = await openSandbox(admin, new URL(shadowUrl), 'pgdrift_shadow_3f9a0c1b2d4e', true, connect);
 */
export async function openSandbox(
  admin: pg.Client,
  adminUrl: URL,
  database: string,
  superuser: boolean,
  connect: (url: string) => Promise<pg.Client>,
): Promise<Sandbox | null> {
  const role = database;
  const password = randomBytes(24).toString('base64url');
  const validUntil = new Date(Date.now() + VALID_FOR_MS).toISOString();
  try {
    await admin.query(
      `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT VALID UNTIL '${validUntil}'`,
    );
  } catch {
    return null;
  }
  const q = quoteIdent(role);
  try {
    await markShadow(admin, 'ROLE', role);
    // A --shadow-url role that is not a superuser may only hand its database to a role it is a
    // member of, and must stay able to drop both afterwards.
    if (!superuser) await admin.query(`GRANT ${q} TO CURRENT_USER`);
    await admin.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${q}`);
    const url = new URL(adminUrl.toString());
    url.username = encodeURIComponent(role);
    url.password = encodeURIComponent(password);
    url.pathname = `/${encodeURIComponent(database)}`;
    url.searchParams.delete('password');
    url.searchParams.delete('user');
    const client = await connect(url.toString());
    return { role, url: url.toString(), client };
  } catch {
    await admin.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO CURRENT_USER`).catch(() => {});
    await admin.query(`DROP ROLE IF EXISTS ${q}`).catch(() => {});
    return null;
  }
}
