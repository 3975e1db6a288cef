import { InputError } from '../../errors.js';
import type { MigrationHistory } from '../history.js';
import { linearSqlHistory, type SqlMigration } from './linear-history.js';
import { listFolder, readText } from './read-files.js';

/** `V1_2__add_users.sql` → version `1.2`; `R__views.sql` is repeatable. */
const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;

/**
 * Orders Flyway versions part by part, numerically (`1.10` after `1.9`; `1` equals `1.0`).
 *
 * @example compareFlywayVersions('1.10', '1.9') // 1
 */
export function compareFlywayVersions(a: string, b: string): number {
  const x = a.split('.').map(BigInt);
  const y = b.split('.').map(BigInt);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0n;
    const q = y[i] ?? 0n;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * A Flyway folder (scanned recursively, as Flyway scans its locations): versioned `V…__…sql`
 * files in version order, then the repeatable `R__…sql` files in description order, as
 * `flyway migrate` runs them. `flyway_schema_history` records every run with `success`.
 *
 * @example (await flywayHistory('sql')).graph.heads() // ['2.1']
 */
export async function flywayHistory(dir: string, options: { readonly versionTable?: string } = {}): Promise<MigrationHistory> {
  const versioned: SqlMigration[] = [];
  const repeatable: SqlMigration[] = [];
  for (const entry of await listFolder(dir, true)) {
    const v = VERSIONED.exec(entry.name);
    const r = REPEATABLE.exec(entry.name);
    if (!v && !r) continue;
    const migration = {
      id: v ? (v[1] as string).replace(/_/g, '.') : `R:${r?.[1] ?? ''}`,
      file: entry.path,
      message: ((v ? v[2] : r?.[1]) ?? '').replace(/_/g, ' ') || null,
      up: { name: entry.path, text: await readText(entry.path) },
    };
    (v ? versioned : repeatable).push(migration);
  }
  if (versioned.length === 0) throw new InputError(`${dir}: no Flyway migrations (V<version>__<description>.sql)`);
  versioned.sort((a, b) => compareFlywayVersions(a.id, b.id));
  for (let i = 1; i < versioned.length; i++) {
    const [a, b] = [versioned[i - 1] as SqlMigration, versioned[i] as SqlMigration];
    if (compareFlywayVersions(a.id, b.id) === 0) throw new InputError(`Flyway version ${b.id} is declared by both ${a.file} and ${b.file}`);
  }
  repeatable.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return linearSqlHistory('flyway', dir, options.versionTable ?? 'flyway_schema_history', 'each', versioned, repeatable);
}
