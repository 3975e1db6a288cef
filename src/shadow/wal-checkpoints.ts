import type { PGlite } from '@electric-sql/pglite';
import { shadowSql } from './sql-text.js';

/**
 * PGlite runs PostgreSQL as a single-user backend, where no checkpoint is ever triggered by WAL
 * volume (PostgreSQL requests those only under a postmaster), so `max_wal_size` bounds nothing
 * and every byte of WAL stays in the in-memory pg_wal: 126 MB for a 2,000-table schema.
 * After this many bytes since the last checkpoint, the shadow runs one itself.
 */
const WAL_BYTES_PER_CHECKPOINT = 8 * 1024 * 1024;

/** How often (ms of shadow work) to look at the WAL position: one small query each time. */
const LOOK_EVERY_MS = 100;

/**
 * Keeps the embedded shadow's WAL to a few megabytes: call `afterStatement` after every
 * statement; now and then it checks how much WAL the statements wrote and checkpoints when
 * that passes WAL_BYTES_PER_CHECKPOINT. A checkpoint takes tens of milliseconds, with
 * shared_buffers at 16 MB, against seconds of applying between two; never inside the
 * script's own transaction block, which an error may have left unable to run anything.
 *
 * @example
 * const wal = walCheckpoints(pglite);
 * await pglite.exec(sql);
 * await wal.afterStatement();
 */
export function walCheckpoints(pglite: PGlite): { afterStatement(): Promise<void> } {
  let lastLook = performance.now();
  let enabled = true;
  return {
    async afterStatement() {
      if (!enabled || performance.now() - lastLook < LOOK_EVERY_MS || pglite.isInTransaction()) return;
      try {
        const { rows } = await pglite.query<{ bytes: number }>(shadowSql('wal-since-checkpoint.sql'));
        if ((rows[0]?.bytes ?? 0) >= WAL_BYTES_PER_CHECKPOINT) await pglite.exec('CHECKPOINT');
      } catch {
        // The script took away the right to (SET ROLE to a role without pg_checkpoint): the
        // shadow is then only larger, the schema the same.
        enabled = false;
      }
      lastLook = performance.now();
    },
  };
}
