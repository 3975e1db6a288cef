// Saves a freshly initialised PGlite data directory so that every embedded shadow starts from
// it instead of running initdb (seconds in WebAssembly). Run by `npm run build`, after tsc.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplatePath } from '../dist/shadow/pglite-template.js';
import { SMALL_INITDB } from '../dist/shadow/embedded.js';

const target = pgliteTemplatePath();
const db = await PGlite.create({ initDbStartParams: [...SMALL_INITDB] });
const blob = await db.dumpDataDir('gzip');
await db.close();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, Buffer.from(await blob.arrayBuffer()));
