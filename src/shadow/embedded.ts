import { PGlite, type Extensions } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { pgliteTemplatePath } from './pglite-template.js';
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
 * Most of PGlite's start-up time (seconds) is `initdb`. `npm run build` saves a pristine data
 * directory once (scripts/build-pglite-template.mjs) and every shadow starts from it; without
 * that file, a process that opens several shadows copies its second one for the later ones.
 * The data directory holds no extension files (those are installed per start), so one copy
 * serves every set of extensions.
 */
async function startPGlite(extensions: Extensions): Promise<PGlite> {
  started++;
  pristineDataDir ??= readTemplate();
  const dataDir = await pristineDataDir;
  if (dataDir) {
    try {
      return await PGlite.create({ extensions, loadDataDir: dataDir });
    } catch {
      // A template from another PGlite build: fall back to initdb and stop using it.
      pristineDataDir = Promise.resolve(undefined);
    }
  }
  const pglite = await PGlite.create({ extensions });
  if (started >= 2 && !(await pristineDataDir)) {
    pristineDataDir = pglite.dumpDataDir('none').catch(() => undefined);
    await pristineDataDir;
  }
  return pglite;
}

/** The build's saved data directory, if this installation has one. */
async function readTemplate(): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(pgliteTemplatePath())]);
  } catch {
    return undefined;
  }
}
