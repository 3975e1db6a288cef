import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { withEachStatementGroupApplied, withStatementsApplied } from '../apply-statements.js';
import type { MigrationHistory, MigrationRevision } from '../history.js';
import type { MigrationStatement } from '../migration-statement.js';
import { parseOfflineSql } from './offline-sql.js';


/**
 * An Alembic history whose revisions are replayed from the output of
 * `alembic upgrade base:heads --sql` instead of being interpreted: the way out for migrations
 * whose Python the reader cannot follow. The revision graph still comes from the revision files'
 * metadata, which is read without interpreting any `upgrade()`.
 *
 * Statements keep `FILE:line`, so a statement that fails on the shadow is reported there. The
 * SQL file is one of the history's input files: its content is part of the cache key.
 *
 * @example
 * const history = await withOfflineSql(await loadMigrationHistory('migrations'), 'upgrade.sql');
 * await expectedSchema(history, history.graph.pathTo('head'), 'head');
 * @throws InputError (exit 2): not an Alembic history, unreadable file, no upgrade steps, a
 *   revision the migrations folder does not have, a revision listed twice; when replaying, a
 *   revision of the graph absent from the file.
 */
export async function withOfflineSql(history: MigrationHistory, file: string): Promise<MigrationHistory> {
  if (history.tool !== 'alembic') throw new InputError(`--alembic-sql is for Alembic migrations; ${history.dir} holds ${history.tool} migrations`);
  // Alembic refuses `base:head` when there are several heads; `base:heads` always works.
  const regenerate = `regenerate it with \`alembic upgrade base:heads --sql > ${file}\``;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read the --alembic-sql file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const script = parseOfflineSql(text, file, { versionTable: history.versionTable.split('.').pop() as string });
  const upgrades = script.steps.filter((s) => s.direction === 'upgrade');
  if (upgrades.length === 0) {
    const what = script.steps.length > 0 ? 'only downgrade steps' : "no '-- Running upgrade' markers";
    throw new InputError(`${file}: ${what}: is this the output of \`alembic upgrade base:heads --sql\`?`);
  }
  const byRevision = new Map<string, readonly MigrationStatement[]>();
  for (const step of upgrades) {
    if (byRevision.has(step.revision)) throw new InputError(`${file}: revision ${step.revision} is upgraded twice; ${regenerate}`);
    if (!history.graph.has(step.revision)) {
      throw new InputError(`${file}: revision ${step.revision} is not in the migrations folder ${history.dir}: the file comes from other code; ${regenerate}`);
    }
    byRevision.set(step.revision, step.statements);
  }
  const statementsFor = (revision: MigrationRevision): readonly MigrationStatement[] => {
    const statements = byRevision.get(revision.id);
    if (statements === undefined) {
      throw new InputError(`revision ${revision.id} (${revision.file}) is absent from the --alembic-sql file ${file}; ${regenerate}`);
    }
    return statements;
  };
  return {
    ...history,
    // Revisions are no longer interpreted: nothing is left that the reader could fail to follow.
    interpreted: false,
    cacheIdentity: { alembicSql: true },
    inputFiles: (revisions) => [...history.inputFiles(revisions), resolve(file)],
    withApplied(revisions, options, use) {
      // Every revision is looked up before a shadow opens: a stale file fails fast.
      const statements = revisions.flatMap(statementsFor);
      return withStatementsApplied(statements, options, use);
    },
    withEachApplied(revisions, options, step) {
      return withEachStatementGroupApplied(revisions.map((r) => () => statementsFor(r)), options, step);
    },
    async statementsOf(revision) {
      return statementsFor(revision);
    },
  };
}
