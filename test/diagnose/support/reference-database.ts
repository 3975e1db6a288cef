import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTestDatabase } from '../../helpers/db.js';
import { catalogPrint, type CatalogPrint } from './catalog-fingerprint.js';
import { golangMigrateUp, golangMigrateUpFiles } from './golang-migrate-run.js';
import type { Incident } from './incidents.js';
import { revisionFile } from './revision-file.js';
import { alembicSucceeds } from './tool-run.js';

type Source = Pick<Incident, 'tool' | 'migrations'>;

const prints = new Map<string, Promise<CatalogPrint>>();

/**
 * The catalog of a fresh, empty database that the incident's own tool migrated cleanly to
 * `revision` (null: base) — what the schema is at that revision when nothing goes wrong.
 * Cached per folder and revision; the database is dropped once read.
 *
 * @example (await referencePrint(incident, '5e7a2b9c0d68')).has('column:public.customers.tax_id') // true
 */
export function referencePrint(source: Source, revision: string | null): Promise<CatalogPrint> {
  if (revision === null) return Promise.resolve(new Map());
  const key = `${source.migrations}@${revision}`;
  let print = prints.get(key);
  if (!print) {
    print = (async () => {
      const db = await createTestDatabase('pgdrift_reference');
      try {
        if (source.tool === 'alembic') {
          await alembicSucceeds(dirname(source.migrations), ['upgrade', revision], db.url);
        } else {
          const failure = await golangMigrateUp(db.url, source.migrations, { to: Number(revision), multiStatement: true });
          if (failure) throw new Error(`golang-migrate up to ${revision} failed on an empty database: ${failure.message}`);
        }
        return await catalogPrint(db.url);
      } finally {
        await db.drop();
      }
    })();
    prints.set(key, print);
  }
  return print;
}

/**
 * The revision before `revision` in a linear history: Alembic's `down_revision`, or
 * golang-migrate's previous version; null at base.
 *
 * @example parentRevision(incident, 'a96c3f1e8d05') // '5e7a2b9c0d68'
 * @throws Error for a merge revision or an unknown version.
 */
export function parentRevision(source: Source, revision: string): string | null {
  if (source.tool === 'alembic') {
    const text = readFileSync(revisionFile(source.migrations, revision), 'utf8');
    const m = /^down_revision\b[^=\n]*=\s*(?:'([0-9a-f]+)'|(None))\s*$/m.exec(text);
    if (!m) throw new Error(`revision ${revision}: no single down_revision`);
    return m[1] ?? null;
  }
  const versions = golangMigrateUpFiles(source.migrations).map((f) => String(f.version));
  const at = versions.indexOf(revision);
  if (at < 0) throw new Error(`${source.migrations}: no version ${revision}`);
  return at === 0 ? null : (versions[at - 1] as string);
}
