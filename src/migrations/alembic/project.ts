import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { RevisionGraph } from '../graph.js';
import type { MigrationStatement } from '../migration-statement.js';
import { interpretFunction } from './interpreter.js';
import { listRevisionFiles, resolveAlembicLayout, type AlembicLayout } from './project-layout.js';
import { PythonModule } from './python-module.js';
import { PythonSource } from './python-source.js';
import { readRevisionMetadata, type AlembicRevisionMetadata } from './revision-metadata.js';

/** One Alembic revision: its metadata and, interpreted on first use, its SQL. */
export interface AlembicRevision extends AlembicRevisionMetadata {
  /**
   * What `upgrade()` sends to PostgreSQL, in order.
   * @throws InputError naming file:line for Python the reader cannot interpret.
   */
  upgradeStatements(): readonly MigrationStatement[];
  /** What `downgrade()` sends; InputError as above, or when there is no downgrade(). */
  downgradeStatements(): readonly MigrationStatement[];
}

export interface AlembicProject {
  readonly tool: 'alembic';
  readonly layout: AlembicLayout;
  readonly graph: RevisionGraph<AlembicRevision>;
  /**
   * Statements that take an empty database to `targets` (default: the single head), in
   * topological order of the revisions. InputError when the history has several heads and
   * no target is given.
   */
  upgradeStatementsTo(targets?: string | readonly string[]): readonly MigrationStatement[];
}

class Revision implements AlembicRevision {
  readonly id: string;
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string | null;
  readonly file: string;
  private upgrade: readonly MigrationStatement[] | null = null;
  private downgrade: readonly MigrationStatement[] | null = null;

  constructor(
    private readonly module: PythonModule,
    meta: AlembicRevisionMetadata,
  ) {
    this.id = meta.id;
    this.parents = meta.parents;
    this.branchLabels = meta.branchLabels;
    this.dependsOn = meta.dependsOn;
    this.message = meta.message;
    this.file = meta.file;
  }

  upgradeStatements(): readonly MigrationStatement[] {
    this.upgrade ??= this.interpret('upgrade');
    return this.upgrade;
  }

  downgradeStatements(): readonly MigrationStatement[] {
    this.downgrade ??= this.interpret('downgrade');
    return this.downgrade;
  }

  private interpret(fn: 'upgrade' | 'downgrade'): readonly MigrationStatement[] {
    const statements = interpretFunction(this.module, fn);
    if (statements === null) throw new InputError(`${this.file}: revision '${this.id}' has no ${fn}() function`);
    return statements;
  }
}

/**
 * Parses the revision files of an Alembic project, without Python, and builds its revision graph.
 * Every file is parsed (syntax errors and metadata problems surface here); `upgrade()` and
 * `downgrade()` bodies are interpreted when their statements are first asked for.
 *
 * @param dir the script folder (env.py + versions/), the versions folder, or a folder with alembic.ini
 * @example
 * const project = await loadAlembicProject('backend/app/migrations');
 * project.graph.heads();                    // ['d6e7f8091a2b']
 * project.graph.get('1a2b3c4d5e6f').upgradeStatements()[0]?.sql; // 'CREATE TYPE user_role AS ENUM (…)'
 * @throws InputError (exit 2): syntax error (file:line:col), missing or malformed revision
 *   fields, duplicate revision ids, unknown down_revision, cycles — each naming the files.
 */
export async function loadAlembicProject(dir: string): Promise<AlembicProject> {
  const layout = await resolveAlembicLayout(dir);
  const files = await listRevisionFiles(layout);
  const revisions = await Promise.all(
    files.map(async (file) => {
      const module = new PythonModule(PythonSource.parse(file, await readFile(file, 'utf8')));
      return new Revision(module, readRevisionMetadata(module));
    }),
  );
  const graph = RevisionGraph.build<AlembicRevision>(revisions);
  return {
    tool: 'alembic',
    layout,
    graph,
    upgradeStatementsTo(targets) {
      const goal = targets ?? graph.resolve('head').id;
      return graph.pathTo(goal).flatMap((r) => r.upgradeStatements());
    },
  };
}
