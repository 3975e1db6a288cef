import { PGlite, type Extensions } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { pgliteTemplatePath } from './pglite-template.js';
import type { Queryable } from '../catalog/queryable.js';
import { embeddedExtensionAvailable, loadEmbeddedExtensions } from './pglite-extensions.js';
import type { NameUse } from './script-requirements.js';
import type { Shadow } from './shadow.js';
import { walCheckpoints } from './wal-checkpoints.js';

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
  const wal = walCheckpoints(pglite);
  let closed = false;
  return {
    kind: 'embedded',
    db: pglite as unknown as Queryable,
    async exec(sql: string) {
      await pglite.exec(sql);
      await wal.afterStatement();
      await letOthersRun();
    },
    async close() {
      if (closed) return;
      closed = true;
      await pglite.close();
    },
  };
}

/**
 * The shadow's whole cluster lives in this process's memory (PGlite keeps its files in memory
 * too), and a shadow only runs DDL on empty tables. So: 16 MB of shared buffers instead of 128
 * (the pages spill to the in-memory files, at no cost in time measured), and 1 MB WAL segments,
 * of which 2–16 MB are kept (see wal-checkpoints.ts), instead of 16 MB segments and up to 1 GB.
 * A 150-table schema's shadow peaked at 442 MB with PGlite's defaults, 265 MB with these.
 */
export const SMALL_FOOTPRINT: readonly string[] = ['shared_buffers = 16MB', 'min_wal_size = 2MB', 'max_wal_size = 16MB'];

/** initdb's options for a shadow cluster (the build's template is made with them too). */
export const SMALL_INITDB: readonly string[] = ['--wal-segsize=1'];

/** How long PGlite may hold the event loop before other work gets a turn. */
const SLICE_MS = 25;
let sliceStart = performance.now();

/**
 * PGlite runs in this thread and its promises settle without a turn of the event loop: a long
 * script would starve a live database read running beside it (`check --expected schema.sql`),
 * whose replies then wait unread until its query timeout fires. Every SLICE_MS, wait one turn.
 */
async function letOthersRun(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}

let started = 0;
let templateFailed = false;
let copiedDataDir: Promise<Blob | undefined> | undefined;

/**
 * Most of PGlite's start-up time (seconds) is `initdb`. `npm run build` saves a pristine data
 * directory once (scripts/build-pglite-template.mjs) and every shadow starts from it, read
 * again for each (14 MB, from the page cache; not kept in memory between shadows);
 * without that file, a process that opens several shadows copies its second one for the later
 * ones. The data directory holds no extension files (those are installed per start), so one
 * copy serves every set of extensions.
 */
async function startPGlite(extensions: Extensions): Promise<PGlite> {
  started++;
  const dataDir = (templateFailed ? undefined : await readTemplate()) ?? (await copiedDataDir);
  if (dataDir) {
    try {
      return await PGlite.create({ extensions, loadDataDir: dataDir, postgresqlconf: [...SMALL_FOOTPRINT] });
    } catch {
      // A template from another PGlite build: fall back to initdb and stop using it.
      templateFailed = true;
      copiedDataDir = undefined;
    }
  }
  const pglite = await PGlite.create({ extensions, initDbStartParams: [...SMALL_INITDB], postgresqlconf: [...SMALL_FOOTPRINT] });
  if (started >= 2 && !(await copiedDataDir)) {
    copiedDataDir = pglite.dumpDataDir('none').catch(() => undefined);
    await copiedDataDir;
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
