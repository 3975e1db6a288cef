import type { IgnoreRule } from './rules.js';

const tables = (...names: string[]): IgnoreRule[] => names.map((name) => ({ kind: 'table', name }));

/**
 * The tables other tools keep in an application's database, by the name `ignore-presets` takes.
 * Some are left out anyway (`src/catalog/bookkeeping.ts` lists those): they are here too, so that
 * a preset says all its tool keeps, whatever the defaults become.
 */
export const IGNORE_PRESETS: Readonly<Record<string, readonly IgnoreRule[]>> = {
  alembic: tables('alembic_version'),
  dbmate: tables('schema_migrations'),
  django: tables('django_migrations'),
  flyway: tables('flyway_schema_history'),
  'golang-migrate': tables('schema_migrations'),
  knex: tables('knex_migrations', 'knex_migrations_lock'),
  kysely: tables('kysely_migration', 'kysely_migration_lock'),
  liquibase: tables('databasechangelog', 'databasechangeloglock'),
  'node-pg-migrate': tables('pgmigrations'),
  // The table and the views PostGIS creates; a restore without the extension leaves them as plain objects.
  postgis: [
    ...tables('spatial_ref_sys'),
    ...['geometry_columns', 'geography_columns', 'raster_columns', 'raster_overviews'].map((name): IgnoreRule => ({ kind: 'view', name })),
  ],
  prisma: tables('_prisma_migrations'),
  rails: tables('schema_migrations', 'ar_internal_metadata'),
  sequelize: tables('SequelizeMeta'),
};

export const PRESET_NAMES: readonly string[] = Object.keys(IGNORE_PRESETS);
