import { PGlite, type Extensions } from '@electric-sql/pglite';
import { InputError } from '../errors.js';
import type { Queryable } from '../catalog/queryable.js';
import { embeddedExtensionAvailable, loadEmbeddedExtensions } from './pglite-extensions.js';
import type { NameUse } from './script-requirements.js';
import type { Shadow } from './shadow.js';

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in memory with the extensions the SQL
 * creates. Nothing to install, nothing left behind; an extension PGlite lacks is bad input for
 * this shadow, and the message says how to use a real server instead.
 *
 * @example
 * const shadow = await openEmbeddedShadow([{ name: 'citext', where: 'db/schema.sql:1:1' }]);
 */
export async function openEmbeddedShadow(extensions: readonly NameUse[]): Promise<Shadow> {
  const missing = extensions.find((e) => !embeddedExtensionAvailable(e.name));
  if (missing) {
    throw new InputError(
      `extension "${missing.name}" is not available in the embedded shadow database (${missing.where}); ` +
        'use --shadow-url postgres://… to apply the schema on a real server',
    );
  }
  const pglite = await startPGlite(await loadEmbeddedExtensions(extensions.map((e) => e.name)));
  let closed = false;
  return {
    kind: 'embedded',
    db: pglite as unknown as Queryable,
    async exec(sql: string) {
      await pglite.exec(sql);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pglite.close();
    },
  };
}

let started = 0;
let pristineDataDir: Promise<Blob | undefined> | undefined;

/**
 * Most of PGlite's start-up time is `initdb`. A process that opens several shadows (tests, a
 * migration history replayed revision by revision) starts the later ones from a copy of a
 * pristine data directory instead, taken from its second shadow on: one-shot CLI runs never pay
 * for the copy. The data directory holds no extension files (those are installed per start), so
 * one copy serves every set of extensions.
 */
async function startPGlite(extensions: Extensions): Promise<PGlite> {
  started++;
  const dataDir = await pristineDataDir;
  if (dataDir) return PGlite.create({ extensions, loadDataDir: dataDir });
  const pglite = await PGlite.create({ extensions });
  if (started >= 2 && !pristineDataDir) {
    pristineDataDir = pglite.dumpDataDir('none').catch(() => undefined);
    await pristineDataDir;
  }
  return pglite;
}
