import { readFile } from 'node:fs/promises';
import { openClient } from '../connection/connect.js';

/** Shown at most; a migration holding more locks than this is named by its first ones. */
const SHOWN = 5;

/**
 * What other sessions hold an ACCESS EXCLUSIVE lock on in the database at `url` — what a catalog
 * read that ran into its lock timeout waited for — as a clause for the error message, or `''`
 * when nothing is locked any more (the lock was released meanwhile) or the question itself
 * fails. Asked over a new connection: the one that timed out is in an aborted transaction.
 *
 * @example
 * await lockedObjectsClause(url, { connectTimeoutMs: 5000 })
 * // '; table public.orders (pid 4711) is locked by another session'
 */
export async function lockedObjectsClause(url: string, options: { readonly connectTimeoutMs?: number } = {}): Promise<string> {
  try {
    const client = await openClient(url, options);
    try {
      const sql = await readFile(new URL('./sql/locked-objects.sql', import.meta.url), 'utf8');
      const { rows } = await client.query<{ object: string; pid: number }>(sql);
      if (rows.length === 0) return '';
      const shown = rows.slice(0, SHOWN).map((r) => `${r.object} (pid ${r.pid})`);
      const more = rows.length > SHOWN ? ` and more` : '';
      return `; ${shown.join(', ')}${more} ${rows.length === 1 ? 'is' : 'are'} locked by another session`;
    } finally {
      await client.end().catch(() => {});
    }
  } catch {
    // Only an explanation: the lock timeout is reported either way.
    return '';
  }
}
