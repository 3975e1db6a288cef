import type { MigrationRevision } from './history.js';

/**
 * The progress step of replaying one revision, e.g.
 * `replaying revision 31/48 (a1b2c3d4e5f6: add chat tags)`.
 */
export function replayStep(index: number, count: number, revision: MigrationRevision): string {
  const what = revision.message ? `${revision.id}: ${revision.message}` : revision.id;
  return `replaying revision ${index + 1}/${count} (${what})`;
}
