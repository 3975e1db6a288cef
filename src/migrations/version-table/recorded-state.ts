import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Queryable } from '../../catalog/queryable.js';
import { quoteIdent } from '../../shadow/quote-ident.js';
import type { MigrationTool } from '../history.js';

/** What a database's version table says was applied. */
export interface RecordedState {
  /** The version table found, or null: the tool never ran here (`uninitialized`). */
  readonly table: { readonly schema: string; readonly name: string } | null;
  /**
   * Revisions recorded as applied: Alembic's heads, golang-migrate's single version, every
   * successful version for dbmate, Flyway and Kysely. In the table's order.
   */
  readonly versions: readonly string[];
  /** Runs the tool recorded as failed half-way: golang-migrate's `dirty`, Flyway's `success = false`. */
  readonly failed: readonly FailedRun[];
  /** Flyway only: the baseline version; every version up to it counts as applied. */
  readonly baseline: string | null;
}

export interface FailedRun {
  readonly version: string;
  readonly detail: string;
}

const cache = new Map<string, string>();
function query(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./queries/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}

interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
}

const REQUIRED_COLUMNS: Readonly<Record<MigrationTool, readonly string[]>> = {
  alembic: ['version_num'],
  'golang-migrate': ['version', 'dirty'],
  dbmate: ['version'],
  flyway: ['version', 'type', 'description', 'success'],
  kysely: ['name'],
};

/**
 * Reads the version table of `tool` through `db`. Only `SELECT`s: run it inside the read-only
 * transaction that reads the catalog. `versionTable` may be `schema.table` to pin the schema.
 *
 * @example
 * await readRecordedState(client, 'alembic', 'alembic_version');
 * // { table: { schema: 'public', name: 'alembic_version' }, versions: ['c5d6e7f8091a'], failed: [], baseline: null }
 * @throws InputError when the table exists but is not the tool's (a column is missing).
 */
export async function readRecordedState(db: Queryable, tool: MigrationTool, versionTable: string): Promise<RecordedState> {
  const dot = versionTable.indexOf('.');
  const [schema, name] = dot > 0 ? [versionTable.slice(0, dot), versionTable.slice(dot + 1)] : [null, versionTable];
  const found = (await db.query<TableRow>(query('find-version-table'), [name, schema])).rows[0];
  if (!found) return { table: null, versions: [], failed: [], baseline: null };
  const table = { schema: found.schema, name: found.name };
  const missing = REQUIRED_COLUMNS[tool].filter((c) => !found.columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${found.schema}.${found.name} is not ${tool}'s version table (no column ${missing.join(', ')}); is --tool right?`,
    );
  }
  const sql = query(tool).replace('{{table}}', `${quoteIdent(found.schema)}.${quoteIdent(found.name)}`);
  const rows = (await db.query<{ version: string | null; dirty?: boolean; type?: string; description?: string; success?: boolean }>(sql)).rows;
  switch (tool) {
    case 'golang-migrate': {
      const versions = rows.map((r) => r.version as string);
      const failed = rows.filter((r) => r.dirty).map((r) => ({ version: r.version as string, detail: 'dirty: the last run of this migration failed half-way' }));
      return { table, versions, failed, baseline: null };
    }
    case 'flyway': {
      const versioned = rows.filter((r) => r.version !== null && r.type !== 'SCHEMA' && r.type !== 'DELETE');
      const baselineRow = [...versioned].reverse().find((r) => r.type === 'BASELINE');
      const succeeded = versioned.filter((r) => r.success && r.type !== 'BASELINE').map((r) => r.version as string);
      const failed = versioned
        .filter((r) => !r.success)
        .map((r) => ({ version: r.version as string, detail: `failed run of "${r.description ?? ''}" recorded (success = false)` }));
      return { table, versions: [...new Set(succeeded)], failed, baseline: baselineRow?.version ?? null };
    }
    default:
      return { table, versions: rows.map((r) => r.version as string), failed: [], baseline: null };
  }
}
