import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ConnectionError, InputError } from '../errors.js';
import { redactUrl } from '../redact.js';
import type { Queryable } from '../catalog/queryable.js';
import { loadModule, parseSync } from 'libpg-query';
import { ensureRoles } from './ensure-roles.js';
import { quoteIdent } from './quote-ident.js';
import { refusedExtension } from './refused-statements.js';
import { openSandbox, type Sandbox } from './sandbox-role.js';
import { onInterrupt } from './signal-cleanup.js';
import { shadowSql } from './sql-text.js';
import type { Shadow } from './shadow.js';
import { dropStaleShadows, markShadow } from './stale-shadows.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Creates a uniquely named temporary database (`pgdrift_shadow_<random>`) on the server at
 * `shadowUrl` and connects to it. It is created from `template0` so that whatever a cluster
 * installs into `template1` does not appear as declared.
 *
 * The SQL is untrusted, so it runs as a throwaway role of the same name (see `openSandbox`)
 * that owns the database and nothing else, where the server allows; `shadow.sandboxRole` says
 * so. The database and the role carry a marker comment and are dropped on `close()`, when
 * opening fails half-way, and when the process is interrupted (SIGINT/SIGTERM); what a killed
 * run left behind is dropped by the next run (`dropStaleShadows`).
 *
 * @example
 * const shadow = await openServerShadow('postgres://postgres:secret@localhost:5432/postgres');
 * // shadow.url → 'postgres://pgdrift_shadow_3f9a…:…@localhost:5432/pgdrift_shadow_3f9a…'
 */
export async function openServerShadow(shadowUrl: string): Promise<Shadow> {
  const url = parseUrl(shadowUrl);
  // Routing statements below parses them synchronously.
  await loadModule();
  const name = `pgdrift_shadow_${randomBytes(6).toString('hex')}`;
  // The admin session announces the shadow for the whole run: a concurrent run's stale sweep keeps it.
  const admin = await connect(shadowUrl, `cannot connect to the shadow server ${redactUrl(shadowUrl)}`, name);
  let state: OpenState;
  try {
    state = (await admin.query<OpenState>(shadowSql('open-state.sql'))).rows[0]!;
  } catch (err) {
    await admin.end().catch(() => {});
    throw new ConnectionError(`cannot use the shadow server ${redactUrl(shadowUrl)}: ${messageOf(err)}`, { cause: err });
  }
  await dropStaleShadows(admin, state.started).catch(() => {});
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } catch (err) {
    await admin.end().catch(() => {});
    throw new ConnectionError(
      `cannot create a shadow database on ${redactUrl(shadowUrl)}: ${messageOf(err)} (the role needs CREATEDB)`,
      { cause: err },
    );
  }

  let sandbox: Sandbox | null = null;
  let client: pg.Client | undefined;
  let privileged: Promise<pg.Client> | undefined;
  let closing: Promise<void> | undefined;
  // Also what an interrupt runs, possibly while a statement is still running in the shadow
  // session: the drop (WITH FORCE) does not wait for that session to end by itself.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unregister();
      const ended = Promise.all([client?.end(), privileged?.then((p) => p.end())].map((p) => p?.catch(() => {})));
      try {
        await dropDatabase(admin, name, state.server_version_num);
        if (sandbox) await dropRole(admin, sandbox.role);
      } finally {
        await admin.end().catch(() => {});
        await ended;
      }
    })());
  const unregister = onInterrupt(close);

  const adminUrl = new URL(url.toString());
  adminUrl.pathname = `/${encodeURIComponent(name)}`;
  let databaseUrl = adminUrl.toString();
  try {
    await markShadow(admin, 'DATABASE', name);
    // Only the throwaway role (its owner) and pgdrift connect to it; PUBLIC may otherwise connect to any database.
    await admin.query(`REVOKE ALL ON DATABASE ${quoteIdent(name)} FROM PUBLIC`);
    sandbox = await openSandbox(admin, url, name, state.superuser, (u) => connect(u, 'cannot log in as the throwaway role'));
    if (sandbox) {
      client = sandbox.client;
      databaseUrl = sandbox.url;
    } else {
      client = await connect(databaseUrl, `cannot connect to the shadow database ${redactUrl(databaseUrl)}`);
    }
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  const session = client;
  const asAdmin = (): Promise<pg.Client> => (privileged ??= connect(adminUrl.toString(), `cannot connect to the shadow database ${redactUrl(adminUrl.toString())}`));
  const shadow: Shadow = {
    kind: 'server',
    db: { query: (sql, params) => session.query(sql, params) } as Queryable,
    url: databaseUrl,
    ...(sandbox ? { sandboxRole: sandbox.role, applier: state.current_user } : {}),
    admin: { query: (sql, params) => admin.query(sql, params) } as Queryable,
    async exec(sql: string) {
      if (!sandbox) {
        await session.query(sql);
        return;
      }
      await execConfined(shadow, session, asAdmin, sql);
    },
    close,
  };
  return shadow;
}

interface OpenState {
  readonly started: Date;
  readonly server_version_num: number;
  readonly superuser: boolean;
  readonly current_user: string;
}

/**
 * Runs SQL as the throwaway role, with exceptions for what it may not do itself. `CREATE ROLE`
 * makes the role exist (as NOLOGIN, whatever options the SQL gave) through pgdrift's own
 * session; a role membership (`GRANT role TO …`) is cluster-wide and no part of a schema, so it
 * is not applied. Two statements the role is refused are run by pgdrift's session on the
 * shadow database instead, outside a transaction only (a transaction the refusal aborted stays
 * failed): an extension it may not create (not a trusted one) — or alter or comment on, once
 * created — unless the filter refuses that extension; and a change of owner to a role it is a
 * member of (a superuser skips the check that the new owner may create in the schema). Neither
 * runs code of the SQL's: the extension's script comes from the server, and an owner change
 * only writes the catalog; an owner it is not a member of (a superuser, say) stays refused, or
 * a SECURITY DEFINER function could be handed to it.
 */
async function execConfined(shadow: Shadow, session: pg.Client, asAdmin: () => Promise<pg.Client>, sql: string): Promise<void> {
  const single = singleStatement(sql);
  const createRole = single?.CreateRoleStmt as { role?: string } | undefined;
  if (createRole?.role) {
    await ensureRoles(shadow, [{ name: createRole.role, where: 'CREATE ROLE' }]);
    return;
  }
  if (single?.GrantRoleStmt) return;
  try {
    await session.query(sql);
  } catch (err) {
    if ((err as { code?: string }).code !== '42501' || !single || session.getTransactionStatus() !== 'I') throw err;
    if (!(await adminMayRun(session, single))) throw err;
    await (await asAdmin()).query(sql);
  }
}

function singleStatement(sql: string): Record<string, unknown> | null {
  try {
    const stmts = parseSync(sql).stmts ?? [];
    return stmts.length === 1 ? ((stmts[0]!.stmt ?? null) as Record<string, unknown> | null) : null;
  } catch {
    return null;
  }
}

async function adminMayRun(session: pg.Client, tree: Record<string, unknown>): Promise<boolean> {
  const extension = extensionNamed(tree);
  if (extension !== null) return refusedExtension(extension) === null;
  const owner = newOwnerOf(tree);
  if (owner === null) return false;
  const { rows } = await session.query<{ member: boolean }>(shadowSql('is-member.sql'), [owner]);
  return rows[0]?.member === true;
}

/** The role an `ALTER … OWNER TO role` statement (one change, a role by name) hands the object to, or null. */
function newOwnerOf(tree: Record<string, unknown>): string | null {
  type Spec = { roletype?: string; rolename?: string } | undefined;
  const named = (spec: Spec) => (spec?.roletype === 'ROLESPEC_CSTRING' ? (spec.rolename ?? null) : null);
  const owner = tree.AlterOwnerStmt as { newowner?: Spec } | undefined;
  if (owner) return named(owner.newowner);
  const cmds = (tree.AlterTableStmt as { cmds?: { AlterTableCmd?: { subtype?: string; newowner?: Spec } }[] } | undefined)?.cmds;
  const cmd = cmds?.length === 1 ? cmds[0]?.AlterTableCmd : undefined;
  return cmd?.subtype === 'AT_ChangeOwner' ? named(cmd.newowner) : null;
}

/** The extension a CREATE/ALTER EXTENSION or COMMENT ON EXTENSION statement names, or null. */
function extensionNamed(tree: Record<string, unknown>): string | null {
  const create = tree.CreateExtensionStmt as { extname?: string } | undefined;
  if (create?.extname) return create.extname;
  const alter = tree.AlterExtensionStmt as { extname?: string } | undefined;
  if (alter?.extname) return alter.extname;
  const comment = tree.CommentStmt as { objtype?: string; object?: { String?: { sval?: string } } } | undefined;
  if (comment?.objtype === 'OBJECT_EXTENSION') return comment.object?.String?.sval ?? null;
  return null;
}

function parseUrl(shadowUrl: string): URL {
  let url: URL;
  try {
    url = new URL(shadowUrl);
  } catch {
    throw new InputError(`--shadow-url is not a URL: ${redactUrl(shadowUrl)} (expected postgres://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InputError(`--shadow-url must be a postgres:// URL, not ${redactUrl(shadowUrl)}`);
  }
  return url;
}

async function connect(connectionString: string, failure: string, shadowName?: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(shadowName ? { application_name: `pgdrift ${shadowName}` } : {}),
  });
  // An idle connection the server drops later would otherwise crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new ConnectionError(`${failure}: ${messageOf(err)}`, { cause: err });
  }
  return client;
}

/**
 * Drops the shadow database. `WITH (FORCE)` (PostgreSQL 13+) ends any session still connected
 * to it, e.g. one a `--migrate-cmd` tool left behind.
 */
async function dropDatabase(admin: pg.Client, name: string, serverVersionNum: number): Promise<void> {
  try {
    const force = serverVersionNum >= 130000 ? ' WITH (FORCE)' : '';
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  } catch (err) {
    throw new ConnectionError(`cannot drop the shadow database ${name}: ${messageOf(err)}; drop it by hand (or the next run on this server drops it)`, { cause: err });
  }
}

/** Drops the throwaway role, once its database is gone (memberships it was given go with it). */
async function dropRole(admin: pg.Client, role: string): Promise<void> {
  try {
    await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  } catch (err) {
    throw new ConnectionError(`cannot drop the shadow role ${role}: ${messageOf(err)}; drop it by hand (or the next run on this server drops it)`, { cause: err });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
}
