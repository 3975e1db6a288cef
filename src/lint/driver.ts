import { InputError } from '../errors.js';
import type { ApplyOptions, MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { MigrationStatement } from '../migrations/migration-statement.js';
import type { AlembicReplayer } from '../migrations/alembic/replay.js';
import { readText } from '../migrations/sql-tools/read-files.js';
import type { Shadow } from '../shadow/shadow.js';
import type { RevisionWatch } from './observe.js';
import type { LintRunOptions } from './tool-settings.js';
import { loadParser } from '../compare/postgres/parser.js';

/** Where a revision's downgrade is written: the `def downgrade` line, the down file, the `-- migrate:down` line. */
export interface Place {
  readonly file: string;
  readonly line: number | null;
}

/**
 * One shadow database on which `lint` runs revisions up and down, as the tool would, with a
 * `RevisionWatch` seeing each statement of the revisions it lints.
 */
export interface LintDriver {
  readonly shadow: Shadow;
  readonly serverVersionNum: number;
  /**
   * Runs a revision's upgrade; the statements it ran. Throws as the tool would fail. `alone`:
   * as a command run of its own (`alembic upgrade <rev>`), not as the next step of the history's run.
   */
  upgrade(revision: MigrationRevision, watch: RevisionWatch | null, alone?: boolean): Promise<readonly MigrationStatement[]>;
  /** Runs its downgrade; null when the revision has none. */
  downgrade(revision: MigrationRevision): Promise<readonly MigrationStatement[] | null>;
  /** Where its downgrade is (or would be) written. */
  downgradePlace(revision: MigrationRevision): Promise<Place>;
  /** True when a failed upgrade or downgrade leaves the shadow as it was before it (one transaction rolled back). */
  readonly rollsBack: boolean;
  /** Alembic only: the upgrades as one `alembic upgrade` run in one transaction (see one-run.ts). */
  upgradeInOneTransaction?(revisions: readonly MigrationRevision[]): Promise<void>;
}

/**
 * Opens a lint driver for the history's tool, runs `body` with it and always closes the shadow.
 *
 * @throws InputError for a tool lint cannot run (Kysely, `--alembic-sql`, `--migrate-cmd`).
 */
export async function withLintDriver<T>(history: MigrationHistory, options: LintRunOptions, revisions: readonly MigrationRevision[], body: (driver: LintDriver) => Promise<T>): Promise<T> {
  await loadParser();
  const replayer = (history as { replayer?: AlembicReplayer }).replayer;
  if (history.tool === 'alembic' && replayer && history.interpreted) return alembicDriver(replayer, options, body);
  if (history.tool === 'golang-migrate' || history.tool === 'dbmate' || history.tool === 'flyway') return (await import('./sql-driver.js')).sqlDriver(history.tool, history.dir, options, revisions, body);
  // Kysely's own import is the heaviest pgdrift has: only Kysely projects load it.
  if (history.tool === 'kysely' && history.cacheIdentity === undefined) return (await import('./kysely-driver.js')).kyselyDriver(options, revisions, body);
  throw new InputError(`${history.dir}: lint runs the tools' migrations itself; not with --alembic-sql or --migrate-cmd`);
}

export async function serverVersion(shadow: Shadow): Promise<number> {
  const { rows } = await shadow.db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]?.v ?? 0);
}

async function alembicDriver<T>(replayer: AlembicReplayer, options: ApplyOptions, body: (driver: LintDriver) => Promise<T>): Promise<T> {
  let watch: RevisionWatch | null = null;
  const observer = {
    before: async (s: MigrationStatement) => {
      watch?.checkTransaction(s);
      await watch?.before(s);
    },
    after: async (s: MigrationStatement) => watch?.after(s),
  };
  return replayer.drive(options, observer, async (control) => {
    const driver: LintDriver = {
      shadow: control.shadow,
      serverVersionNum: await serverVersion(control.shadow),
      rollsBack: true,
      async upgrade(revision, w, alone = false) {
        watch = w;
        try {
          return await control.run(revision, 'upgrade', alone);
        } finally {
          watch = null;
        }
      },
      async downgrade(revision) {
        if (!(await control.has(revision, 'downgrade'))) return null;
        return control.run(revision, 'downgrade', true);
      },
      upgradeInOneTransaction: (revisions) => control.runInOneTransaction(revisions),
      async downgradePlace(revision) {
        const text = await readText(revision.file);
        const at = /^def\s+downgrade\s*\(/m.exec(text);
        return { file: revision.file, line: at ? text.slice(0, at.index).split('\n').length : null };
      },
    };
    return body(driver);
  });
}

