import { readFile } from 'node:fs/promises';
import { PythonSource } from '../../python/source.js';
import { RevisionGraph } from '../graph.js';
import { listRevisionFiles, resolveAlembicLayout, type AlembicLayout } from './project-layout.js';
import { readRevisionMetadata, type AlembicRevisionMetadata } from './revision-metadata.js';

/** One Alembic revision: what its file declares. Its statements come from a replay (`AlembicReplayer`). */
export type AlembicRevision = AlembicRevisionMetadata;

export interface AlembicProject {
  readonly tool: 'alembic';
  readonly layout: AlembicLayout;
  readonly graph: RevisionGraph<AlembicRevision>;
}

/**
 * Parses the revision files of an Alembic project, without Python, and builds its revision graph.
 * Every file is parsed (syntax errors and metadata problems surface here); `upgrade()` and
 * `downgrade()` run only when a replay asks for them.
 *
 * @param dir the script folder (env.py + versions/), the versions folder, or a folder with alembic.ini
 * @example
 * const project = await loadAlembicProject('backend/app/migrations');
 * project.graph.heads(); // ['d6e7f8091a2b']
 * @throws InputError (exit 2): syntax error (file:line:col), missing or malformed revision
 *   fields, duplicate revision ids, unknown down_revision, cycles — each naming the files.
 */
export async function loadAlembicProject(dir: string): Promise<AlembicProject> {
  const layout = await resolveAlembicLayout(dir);
  const files = await listRevisionFiles(layout);
  const revisions = await Promise.all(files.map(async (file) => readRevisionMetadata(PythonSource.parse(file, await readFile(file, 'utf8')))));
  return { tool: 'alembic', layout, graph: RevisionGraph.build<AlembicRevision>(revisions) };
}
