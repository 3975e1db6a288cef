import type { Queryable } from '../catalog/queryable.js';
import { ConnectionError } from '../errors.js';
import { quoteIdent } from './quote-ident.js';
import type { NameUse } from './script-requirements.js';
import type { Shadow } from './shadow.js';
import { shadowSql } from './sql-text.js';

/**
 * Creates, as `NOLOGIN` roles, those of `roles` that do not exist yet, so that `OWNER TO`,
 * `GRANT … TO`, policies and `SET ROLE` in the SQL work in the shadow. Returns the names created.
 *
 * Roles belong to the whole cluster, not to a database: on a server shadow the roles created
 * here outlive the temporary database and are left in place (dropping them could break
 * another database that has come to use them), and an existing role is never altered. They
 * are created by pgdrift's own session; the throwaway role the SQL runs as is made a member
 * of those it created and of existing ones that can do nothing outside shadow databases
 * (`inert-roles.sql`), so that `OWNER TO` them works — never of a role with power elsewhere
 * (a superuser, a role owning another database's tables): the server then refuses the SQL.
 *
 * @example
 * await ensureRoles(shadow, [{ name: 'app_owner', where: 'db/schema.sql:3:30' }]); // → ['app_owner']
 */
export async function ensureRoles(shadow: Shadow, roles: readonly NameUse[]): Promise<readonly string[]> {
  if (roles.length === 0) return [];
  const host = shadow.admin ?? shadow.db;
  const { rows } = await host.query<{ rolname: string }>(shadowSql('existing-roles.sql'), [roles.map((r) => r.name)]);
  const existing = new Set(rows.map((r) => r.rolname));
  const created: string[] = [];
  for (const role of roles) {
    if (existing.has(role.name)) continue;
    try {
      await host.query(`CREATE ROLE ${quoteIdent(role.name)} NOLOGIN`);
      created.push(role.name);
    } catch (err) {
      // Another pgdrift run on the same server may have created it in the meantime.
      if ((err as { code?: string }).code === '42710') continue;
      throw new ConnectionError(
        `cannot create role "${role.name}" (named at ${role.where}) in the shadow database: ${(err as Error).message}` +
          (shadow.kind === 'server' ? ' (the --shadow-url role needs CREATEROLE, or create the role beforehand)' : ''),
        { cause: err },
      );
    }
  }
  if (shadow.sandboxRole) await adopt(shadow, host, shadow.sandboxRole, roles.map((r) => r.name));
  return created;
}

/** Makes the throwaway role a member of those of `names` that have no power outside shadow databases. */
async function adopt(shadow: Shadow, host: Queryable, sandbox: string, names: readonly string[]): Promise<void> {
  const { rows } = await host.query<{ rolname: string }>(shadowSql('inert-roles.sql'), [names]);
  for (const { rolname } of rows) {
    try {
      await host.query(`GRANT ${quoteIdent(rolname)} TO ${quoteIdent(sandbox)}`);
    } catch {
      // The --shadow-url role may not grant it: the server refuses what the SQL does as that role.
    }
  }
}
