/**
 * Tables migration tools keep for themselves. They are never part of the schema the code
 * declares, so introspection leaves them out together with their sequences, indexes,
 * constraints, triggers, policies and grants.
 */
export const DEFAULT_BOOKKEEPING_TABLES: readonly string[] = [
  'alembic_version',
  'schema_migrations',
  'flyway_schema_history',
  'kysely_migration',
  'kysely_migration_lock',
  '_prisma_migrations',
  'knex_migrations',
  'knex_migrations_lock',
  'pgmigrations',
];
