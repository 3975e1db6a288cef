import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolFailure } from './tool-run.js';
import { withClient } from './with-client.js';

/** How golang-migrate is run. */
export interface GolangMigrateOptions {
  /** The last version to apply (`migrate goto N`); every file when absent (`migrate up`). */
  readonly to?: number;
  /**
   * The postgres driver's `x-multi-statement=true`: each `;`-terminated piece of a file is sent
   * on its own, so the pieces before a failing one stay applied. Without it the file goes as one
   * query string, which PostgreSQL runs as one implicit transaction.
   */
  readonly multiStatement: boolean;
}

interface UpFile {
  readonly version: number;
  readonly path: string;
}

/** golang-migrate's `{version}_{title}.up.sql` files of `dir`, in version order. */
export function golangMigrateUpFiles(dir: string): UpFile[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const m = /^(\d+)_.*\.up\.sql$/.exec(name);
      return m ? [{ version: Number(m[1]), path: join(dir, name) }] : [];
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies up files the way golang-migrate v4 with its postgres driver does (golang-migrate itself
 * is not installed here): create `schema_migrations (version bigint, dirty boolean)` if absent,
 * refuse a dirty database, and for each file record `(version, dirty = true)`, run the file,
 * then record `(version, dirty = false)` — each record a `TRUNCATE` + `INSERT` transaction.
 * The first error stops the run and leaves the version dirty. (The advisory lock the driver
 * takes around this changes nothing in the database and is left out.)
 *
 * @example await golangMigrateUp(db.url, GOLANG_BILLING, { multiStatement: true })
 * // { message: 'could not create unique index "invoices_reference_key"', statement: 'CREATE UNIQUE INDEX CONCURRENTLY …;' }
 * @returns the failure, or null when every file applied.
 * @throws Error for a dirty database, as `migrate` refuses to run on one.
 */
export function golangMigrateUp(url: string, dir: string, options: GolangMigrateOptions): Promise<ToolFailure | null> {
  return withClient(url, async (client) => {
    const table = '"public"."schema_migrations"';
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version bigint not null primary key, dirty boolean not null)`);
    const current = (await client.query<{ version: string; dirty: boolean }>(`SELECT version, dirty FROM ${table} LIMIT 1`)).rows[0];
    if (current?.dirty) throw new Error(`Dirty database version ${current.version}. Fix and force version.`);
    const from = current ? Number(current.version) : -1;
    const setVersion = (version: number, dirty: boolean) =>
      client.query(`BEGIN; TRUNCATE ${table}; INSERT INTO ${table} (version, dirty) VALUES (${version}, ${dirty}); COMMIT`);
    for (const file of golangMigrateUpFiles(dir).filter((f) => f.version > from && f.version <= (options.to ?? Infinity))) {
      await setVersion(file.version, true);
      const text = readFileSync(file.path, 'utf8');
      for (const statement of options.multiStatement ? splitOnSemicolons(text) : [text]) {
        if (statement.trim() === '') continue;
        try {
          await client.query(statement);
        } catch (err) {
          return { message: (err as Error).message, statement: statement.trim() };
        }
      }
      await setVersion(file.version, false);
    }
    return null;
  });
}

/**
 * The driver's multi-statement split: at every `;`, which stays with its statement; quotes and
 * comments are not looked at (the fixture files have no `;` inside either).
 */
function splitOnSemicolons(text: string): string[] {
  const pieces = text.split(';');
  return pieces.map((p, i) => (i < pieces.length - 1 ? `${p};` : p));
}
