import { hostname } from 'node:os';
import type pg from 'pg';
import { quoteIdent } from './quote-ident.js';
import { shadowSql } from './sql-text.js';

/** What every pgdrift shadow database and throwaway role carries in its comment. */
export const SHADOW_MARKER_PREFIX = 'pgdrift-shadow ';

/**
 * Marks a database or role as a pgdrift shadow: `COMMENT ON … IS 'pgdrift-shadow {"created":…,
 * "pid":…,"host":…}'`, the time on the server's clock. Only what carries this marker is ever
 * dropped by a later run (`dropStaleShadows`); a database merely named like a shadow is not.
 *
 * @example await markShadow(admin, 'DATABASE', 'pgdrift_shadow_3f9a0c1b2d4e');
 */
export async function markShadow(admin: pg.Client, kind: 'DATABASE' | 'ROLE', name: string): Promise<void> {
  const { rows } = await admin.query<{ sql: string }>(shadowSql('mark.sql'), [kind, name, process.pid, hostname()]);
  await admin.query(rows[0]!.sql);
}

/** The creation time a marker records, or null when the comment is not pgdrift's marker. */
export function markedAt(comment: string | null): Date | null {
  if (!comment?.startsWith(SHADOW_MARKER_PREFIX)) return null;
  try {
    const created = (JSON.parse(comment.slice(SHADOW_MARKER_PREFIX.length)) as { created?: unknown }).created;
    const at = typeof created === 'string' ? new Date(created) : null;
    return at && !Number.isNaN(at.getTime()) ? at : null;
  } catch {
    return null;
  }
}

/**
 * Drops what earlier pgdrift runs left behind when they could not clean up (SIGKILL, a lost
 * connection, a power cut): shadow databases, then throwaway roles, that carry pgdrift's
 * marker, were created before `before` (this run's start, on the server's clock) and that
 * nothing uses any more. A live run — one still connected, or announcing its shadow in
 * `application_name` — keeps its shadow, whenever it started. Best effort: what cannot be
 * dropped now (another session connected in between, a role without the right) is left for
 * a later run. Returns the names dropped.
 *
 * @example await dropStaleShadows(admin, new Date()); // → ['pgdrift_shadow_0a1b2c3d4e5f']
 */
export async function dropStaleShadows(admin: pg.Client, before: Date): Promise<readonly string[]> {
  const dropped: string[] = [];
  for (const kind of ['database', 'role'] as const) {
    // Roles after databases: a throwaway role owns its database, and is in use while that exists.
    const { rows } = await admin.query<{ kind: string; name: string; marker: string | null; in_use: boolean }>(shadowSql('shadow-candidates.sql'));
    for (const row of rows) {
      if (row.kind !== kind || row.in_use) continue;
      const created = markedAt(row.marker);
      if (created === null || created >= before) continue;
      try {
        await admin.query(`DROP ${kind === 'database' ? 'DATABASE' : 'ROLE'} IF EXISTS ${quoteIdent(row.name)}`);
        dropped.push(row.name);
      } catch {
        // Someone connected in between, or this role may not drop it: a later run tries again.
      }
    }
  }
  return dropped;
}
