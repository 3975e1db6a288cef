import { InputError } from '../../errors.js';
import type { MigrationHistory } from '../history.js';
import { linearSqlHistory, type SqlMigration } from './linear-history.js';
import { compareNumeric, listFolder, readText } from './read-files.js';

/** golang-migrate's file names: `{version}_{title}.up.sql` and `{version}_{title}.down.sql`. */
export const GOLANG_MIGRATE_FILE = /^(\d+)_(.*)\.(up|down)\.sql$/;

/**
 * A golang-migrate folder. Versions are numbers (golang-migrate stores them as `bigint`, so
 * `0003` is recorded as `3`); the table `schema_migrations` holds one row, the version and
 * whether the last run failed half-way (`dirty`).
 *
 * @example (await golangMigrateHistory('db/migrations')).graph.heads() // ['3']
 * @throws InputError for two up files with one version.
 */
export async function golangMigrateHistory(dir: string, options: { readonly versionTable?: string } = {}): Promise<MigrationHistory> {
  const migrations: SqlMigration[] = [];
  for (const entry of await listFolder(dir, false)) {
    const m = GOLANG_MIGRATE_FILE.exec(entry.name);
    if (!m || m[3] !== 'up') continue;
    migrations.push({
      id: BigInt(m[1] as string).toString(),
      file: entry.path,
      message: (m[2] as string).replace(/_/g, ' ') || null,
      up: { name: entry.path, text: await readText(entry.path) },
    });
  }
  if (migrations.length === 0) throw new InputError(`${dir}: no golang-migrate files (NNN_name.up.sql)`);
  migrations.sort((a, b) => compareNumeric(a.id, b.id));
  return linearSqlHistory('golang-migrate', dir, options.versionTable ?? 'schema_migrations', 'tips', migrations, []);
}
