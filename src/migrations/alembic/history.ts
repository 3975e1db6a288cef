import type { MigrationHistory, MigrationRevision } from '../history.js';
import { withEachStatementGroupApplied, withStatementsApplied } from '../apply-statements.js';
import { loadAlembicProject, type AlembicProject } from './project.js';

/**
 * An Alembic project as a tool-independent migration history: revisions from the files, the
 * `alembic_version` table, statements from pgdrift's Python-free reader.
 *
 * @example
 * const history = await alembicHistory('backend/app/migrations');
 * history.graph.heads(); // ['d6e7f8091a2b']
 * @throws InputError as `loadAlembicProject` does (syntax errors, cycles, unknown down_revision…).
 */
export async function alembicHistory(dir: string, options: { readonly versionTable?: string } = {}): Promise<MigrationHistory & { readonly project: AlembicProject }> {
  const project = await loadAlembicProject(dir);
  return {
    tool: 'alembic',
    dir,
    project,
    graph: project.graph,
    versionTable: options.versionTable ?? 'alembic_version',
    records: 'tips',
    inputFiles: (revisions: readonly MigrationRevision[]) => revisions.map((r) => r.file),
    withApplied(revisions, applyOptions, use) {
      // Interpreting happens here, so a construct pgdrift cannot read is reported before any shadow opens.
      const statements = revisions.flatMap((r) => project.graph.get(r.id).upgradeStatements());
      return withStatementsApplied(statements, applyOptions, use);
    },
    withEachApplied(revisions, applyOptions, step) {
      return withEachStatementGroupApplied(
        revisions.map((r) => () => project.graph.get(r.id).upgradeStatements()),
        applyOptions,
        step,
      );
    },
    async statementsOf(revision) {
      return project.graph.get(revision.id).upgradeStatements();
    },
  };
}
