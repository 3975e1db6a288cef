import { InputError } from '../errors.js';
import { redactText, redactUrl } from '../redact.js';
import { openShadow, type Shadow } from '../shadow/shadow.js';
import type { ApplyOptions, MigrationHistory, MigrationRevision } from './history.js';
import { runMigrateCommand, type MigrateCommandOptions } from './migrate-command.js';
import { readRecordedState } from './version-table/recorded-state.js';

/**
 * A history whose revisions are replayed by the project's real migration command
 * (`--migrate-cmd`) on a temporary database of the `--shadow-url` server, instead of by
 * pgdrift's reader. The graph, version table and input files stay the history's own; the
 * command line joins the cache key.
 *
 * The command runs once per tip of the revisions wanted (once, for a linear history), with
 * `{revision}` set to that tip. Afterwards the shadow's version table must record exactly those
 * tips: a command that migrated some other database is caught, not read as an empty schema.
 *
 * @example
 * const history = withMigrateCommand(await loadMigrationHistory('migrations'), { command: 'alembic upgrade {revision}' });
 * await expectedSchema(history, history.graph.pathTo('head'), 'head', { shadowUrl: 'postgres://postgres:pw@localhost/postgres' });
 * @throws InputError (exit 2) when replaying: no `shadowUrl`, a command that fails or times out,
 *   a shadow not at the revisions wanted afterwards.
 */
export function withMigrateCommand(history: MigrationHistory, command: MigrateCommandOptions): MigrationHistory {
  return {
    ...history,
    // Revisions are no longer interpreted: nothing is left that the reader could fail to follow.
    interpreted: false,
    cacheIdentity: { migrateCommand: command.command },
    // Only the command replays: the reader's stepwise replay would not be what the command does.
    withEachApplied: undefined,
    async withApplied<T>(revisions: readonly MigrationRevision[], options: ApplyOptions, use: (shadow: Shadow) => Promise<T>): Promise<T> {
      const shadowUrl = options.shadowUrl;
      if (!shadowUrl) {
        throw new InputError(
          '--migrate-cmd needs --shadow-url: the command connects to the shadow database by URL, and the embedded shadow (PGlite, inside pgdrift) has none',
        );
      }
      // The command line may spell out a URL itself; its password never reaches a message.
      const shown = redactText(command.command, [shadowUrl]);
      const tips = tipsOf(revisions);
      const all = history.graph.heads();
      const atHeads = tips.length === all.length && tips.every((t) => all.includes(t));
      // Nothing to apply (the schema at base): the command is not run at all.
      if (tips.length > 0 && !atHeads && !/\{revision\}|PGDRIFT_REVISION/.test(command.command)) {
        throw new InputError(
          `--migrate-cmd "${shown}" names no {revision}, so it can only build the schema at head; the schema at ${tips.join(', ')} is wanted (e.g. --migrate-cmd "alembic upgrade {revision}")`,
        );
      }
      const shadow = await openShadow({ shadowUrl });
      let result: T;
      try {
        const url = shadow.url as string;
        for (const tip of tips) await runMigrateCommand(command, url, tip, [shadowUrl]);
        await expectRecorded(shadow, history, revisions, tips, shown);
        result = await use(shadow);
      } catch (err) {
        await shadow.close().catch(() => {});
        throw err;
      }
      await shadow.close();
      return result;
    },
  };
}

/** The revisions no other one of the set builds on, in apply order. */
function tipsOf(revisions: readonly MigrationRevision[]): string[] {
  const below = new Set(revisions.flatMap((r) => r.parents));
  return revisions.filter((r) => !below.has(r.id)).map((r) => r.id);
}

async function expectRecorded(shadow: Shadow, history: MigrationHistory, revisions: readonly MigrationRevision[], tips: readonly string[], command: string): Promise<void> {
  if (revisions.length === 0) return;
  const recorded = await readRecordedState(shadow.db, history.tool, history.versionTable);
  const where = `the shadow database ${redactUrl(shadow.url ?? '')}`;
  if (recorded.table === null) {
    throw new InputError(
      `--migrate-cmd "${command}" succeeded but ${where} has no ${history.versionTable} table: does the command migrate the database in $DATABASE_URL (or {url})?`,
    );
  }
  // Tools recording each revision (dbmate, Flyway, Kysely) list more than the tips; Alembic and golang-migrate list the tips.
  const wanted = history.records === 'tips' ? tips : revisions.map((r) => r.id);
  const got = new Set(recorded.versions);
  const same = got.size === wanted.length && wanted.every((id) => got.has(id));
  if (history.records === 'tips' ? !same : wanted.some((id) => !got.has(id))) {
    throw new InputError(
      `--migrate-cmd "${command}" succeeded but ${where} records ${recorded.versions.join(', ') || 'no revision'} instead of ${wanted.join(', ')}`,
    );
  }
}
