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
 * another database that has come to use them), and an existing role is never altered.
 *
 * @example
 * await ensureRoles(shadow, [{ name: 'app_owner', where: 'db/schema.sql:3:30' }]); // → ['app_owner']
 */
export async function ensureRoles(shadow: Shadow, roles: readonly NameUse[]): Promise<readonly string[]> {
  if (roles.length === 0) return [];
  const { rows } = await shadow.db.query<{ rolname: string }>(shadowSql('existing-roles.sql'), [roles.map((r) => r.name)]);
  const existing = new Set(rows.map((r) => r.rolname));
  const created: string[] = [];
  for (const role of roles) {
    if (existing.has(role.name)) continue;
    try {
      await shadow.exec(`CREATE ROLE ${quoteIdent(role.name)} NOLOGIN`);
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
  return created;
}
