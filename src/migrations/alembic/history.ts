import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationHistory, MigrationRevision } from '../history.js';
import { ModuleFinder } from '../../python/modules.js';
import { envVersionTable, readEnvSettings, type AlembicEnvSettings } from './env-settings.js';
import { loadAlembicProject, type AlembicProject } from './project.js';
import { AlembicReplayer, type ReplayEnvironment } from './replay.js';

/**
 * An Alembic project as a tool-independent migration history: revisions from the files, the
 * `alembic_version` table, statements from pgdrift's Python-free replay.
 *
 * @example
 * const history = await alembicHistory('backend/app/migrations');
 * history.graph.heads(); // ['d6e7f8091a2b']
 * @throws InputError as `loadAlembicProject` does (syntax errors, cycles, unknown down_revision…).
 */
export async function alembicHistory(
  dir: string,
  options: ReplayEnvironment = {},
): Promise<MigrationHistory & { readonly project: AlembicProject; readonly replayer: AlembicReplayer; readonly env: AlembicEnvSettings }> {
  const project = await loadAlembicProject(dir);
  const env = await readEnvSettings(project.layout.scriptDir);
  const envFile = join(project.layout.scriptDir, 'env.py');
  // --version-table wins; else the name env.py gives it, read without running env.py. Looked
  // up only by what reads or replays the table: `heads` and `history` need no name, so an
  // env.py that builds it from the application's settings does not stop them.
  let resolved: string | undefined;
  const versionTable = (): string => (resolved ??= options.versionTable ?? envVersionTable(env) ?? 'alembic_version');
  const replayer = new AlembicReplayer(project, {
    ...options,
    get versionTable() {
      return versionTable();
    },
    configureOption: (name) => env.option(name),
  });
  const finder = new ModuleFinder();
  return {
    tool: 'alembic',
    dir,
    project,
    replayer,
    env,
    graph: project.graph,
    get versionTable() {
      return versionTable();
    },
    records: 'tips',
    interpreted: true,
    // The project's own modules a revision imports, and the alembic.ini options it may read,
    // decide what it does as much as the revision.
    inputFiles: (revisions: readonly MigrationRevision[]) => {
      const files = revisions.map((r) => r.file);
      const imported = new Set<string>();
      for (const f of files) for (const i of finder.importedFiles(f)) imported.add(i);
      // env.py too: revisions read what it passes to context.configure() (get_context().opts).
      return [...files, ...[...imported].sort(), ...(project.layout.iniFile ? [project.layout.iniFile] : []), ...(existsSync(envFile) ? [envFile] : [])];
    },
    // What revisions read from os.environ and -x decides what they do: part of the cache key.
    ...((options.environ?.size ?? 0) + (options.xArguments?.size ?? 0) > 0
      ? { cacheIdentity: { environ: [...(options.environ ?? [])].sort(), x: [...(options.xArguments ?? [])].sort() } }
      : {}),
    async withApplied(revisions, applyOptions, use) {
      let result: unknown;
      await replayer.replay(revisions, applyOptions, async (n, shadow) => {
        if (n === revisions.length) result = await use(shadow);
      });
      return result as Awaited<ReturnType<typeof use>>;
    },
    async withEachApplied(revisions, applyOptions, step) {
      await replayer.replay(revisions, applyOptions, step);
    },
    statementsOf(revision) {
      return replayer.upgradeStatements(revision.id);
    },
  };
}
