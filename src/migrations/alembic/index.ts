/** The Alembic reader: revision files to a revision graph and PostgreSQL statements, without Python. */
export { loadAlembicProject, type AlembicProject, type AlembicRevision } from './project.js';
export { resolveAlembicLayout, type AlembicLayout } from './project-layout.js';
export { parseOfflineSql, type OfflineRevisionStep, type OfflineSqlScript } from './offline-sql.js';
export type { AlembicRevisionMetadata } from './revision-metadata.js';
export { AlembicReplayer, type ReplayEnvironment } from './replay.js';
