import type { ApplyOptions, MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { AlembicEnvSettings } from '../migrations/alembic/env-settings.js';
import { progress } from '../progress.js';
import { withLintDriver } from './driver.js';
import type { LintFinding } from './finding.js';
import { migrationFailure, placeOfMessage, withoutPlace } from './round-trip.js';

/** What to do about a run that fails only in one transaction, by SQLSTATE. */
function fixFor(code: string | undefined): string {
  const perMigration = "set transaction_per_migration=True in env.py's context.configure()";
  // "unsafe use of new value": an enum value added in this transaction.
  if (code === '55P04') return `add the enum value inside \`with op.get_context().autocommit_block():\`, so that it is committed before a later revision uses it, or ${perMigration}`;
  // "cannot ALTER TABLE … because it has pending trigger events": rows changed earlier in the transaction.
  if (code === '55006') return `${perMigration}, so that the rows an earlier revision changed are committed before this one alters the table`;
  return `${perMigration}, or make the revision run in the transaction of the revisions before it`;
}

/**
 * Alembic runs all the revisions of one `alembic upgrade` in a single transaction unless env.py
 * sets `transaction_per_migration=True`. Revisions that each pass on their own can then fail
 * together: an enum value added by one and used by the next (55P04), rows changed by one and
 * the table altered by the next (55006). This replays the linted revisions — all of them on a
 * fresh database, or those new since `--since` on top of the ones before — as that one run on
 * a fresh shadow, and reports where it fails. Nothing when env.py commits per revision, or when
 * fewer than two revisions run together.
 */
export async function oneRunFindings(history: MigrationHistory, lint: ReadonlySet<string>, options: ApplyOptions): Promise<LintFinding[]> {
  // What env.py says, as the history read it (absent for --alembic-sql and --migrate-cmd).
  const env = (history as { env?: AlembicEnvSettings }).env;
  if (history.tool !== 'alembic' || !env) return [];
  const order = history.graph.topologicalOrder();
  const first = order.findIndex((r) => lint.has(r.id));
  const last = order.reduce((at, r, i) => (lint.has(r.id) ? i : at), -1);
  if (first < 0 || last - first < 1) return [];
  const setting = env.transactionPerMigration;
  if (setting.state === 'set' && setting.value === true) return [];
  const together = order.slice(first, last + 1);
  progress(`running ${together.length} revisions together, in one transaction as \`alembic upgrade\` does`);
  return withLintDriver(history, options, order.slice(0, last + 1), async (driver) => {
    for (const r of order.slice(0, first)) await driver.upgrade(r, null);
    try {
      await driver.upgradeInOneTransaction?.(together);
      return [];
    } catch (err) {
      const failure = migrationFailure(err);
      if (failure === null) throw err;
      const revision = together.find((r) => failure.startsWith(`${r.file}:`)) ?? (together[0] as MigrationRevision);
      const place = placeOfMessage(failure, revision);
      const reason = withoutPlace(failure, place);
      const unknown = setting.state !== 'set' && setting.state !== 'absent';
      const code = (err as { cause?: { code?: string } }).cause?.code;
      return [
        {
          rule: 'upgrade-run-fails',
          severity: unknown ? 'warning' : 'error',
          revision: revision.id,
          file: place.file,
          line: place.line,
          message:
            `\`alembic upgrade\` fails running revisions ${together[0]?.id}…${together.at(-1)?.id} in one transaction on PostgreSQL: ${reason}` +
            (unknown ? ` (if env.py runs them in one transaction: pgdrift could not read transaction_per_migration, ${setting.where})` : ''),
          fix: fixFor(code),
        },
      ];
    }
  });
}
