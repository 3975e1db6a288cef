// Saves a freshly initialised PGlite data directory so that every embedded shadow starts from
// it instead of running initdb (seconds in WebAssembly). Run by `npm run build`, after tsc.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplatePath } from '../dist/shadow/pglite-template.js';
import { SMALL_FOOTPRINT, SMALL_INITDB } from '../dist/shadow/embedded.js';

const target = pgliteTemplatePath();
const db = await PGlite.create({ initDbStartParams: [...SMALL_INITDB], postgresqlconf: [...SMALL_FOOTPRINT] });
// Every shadow holds its whole data directory in memory. A shadow works in the database
// "postgres" only (CREATE DATABASE is refused in it), so the template databases, 7 MB each,
// go; and switching segments and checkpointing leaves pg_wal five 1 MB segments instead of seven.
// One statement per call: DROP DATABASE may not run in the implicit transaction of several.
for (const template of ['template0', 'template1']) {
  await db.exec(`ALTER DATABASE ${template} WITH IS_TEMPLATE false`);
  await db.exec(`DROP DATABASE ${template}`);
}
for (let i = 0; i < 2; i++) await db.exec('SELECT pg_switch_wal(); CHECKPOINT');
// Not compressed: PGlite would unpack a gzip into three copies of the directory at once.
const blob = await db.dumpDataDir('none');
await db.close();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, Buffer.from(await blob.arrayBuffer()));
