/** Migration histories of every supported tool: graphs, recorded state, expected schemas, checks. */
export { loadMigrationHistory, type LoadHistoryOptions } from './load-history.js';
export { detectTool } from './detect-tool.js';
export { MIGRATION_TOOLS, type MigrationHistory, type MigrationRevision, type MigrationTool } from './history.js';
export { computeStatus, STATE_PRIORITY, type MigrationState, type MigrationStatus, type StatusProblem } from './status.js';
export { readRecordedState, type RecordedState } from './version-table/recorded-state.js';
export { readDatabaseState } from './version-table/read-database.js';
export { expectedSchema, DEFAULT_CACHE_DIR, type ExpectedSchema, type ExpectedSchemaOptions } from './expected-schema.js';
export {
  checkMigrations,
  migrationStatus,
  type MigrationCheck,
  type MigrationCheckOptions,
  type MigrationStatusOptions,
  type StateFinding,
} from './check-migrations.js';
export { RevisionGraph, type RevisionNode } from './graph.js';
export { withOfflineSql } from './alembic/offline-sql-history.js';
export { withMigrateCommand } from './command-history.js';
export { runMigrateCommand, DEFAULT_MIGRATE_TIMEOUT_MS, type MigrateCommandOptions } from './migrate-command.js';
