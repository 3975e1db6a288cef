import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSchema } from '../../scripts/bench/generate-schema.mjs';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// `check --expected schema.sql` reads the live database while the embedded shadow applies the
// file, in one thread. PGlite never yielded the event loop between statements, so the live
// read's replies sat unread until its query timeout (statement + connect timeout) fired: a
// 2,000-table schema file ended in exit 3 "Query read timeout". Here the timeouts are short
// (6 s in all: generous for a loaded CI machine) and the file takes seconds to apply; the
// mechanism itself is held exactly in test/shadow/embedded.test.ts (no timer fires without it).
const schema = generateSchema({ tables: 300, seed: 7 });
const sql = `${schema.preamble}\n${schema.batches.join('\n')}`;
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_beside');
  await db.exec(sql);
  dir = mkdtempSync(join(tmpdir(), 'pgdrift-beside-'));
  writeFileSync(join(dir, 'schema.sql'), sql);
}, 120_000);
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('a live read beside a long shadow build gets its turns and is not timed out', async () => {
  const r = await runCli(['check', '--db', db.url, '--expected', join(dir, 'schema.sql'), '--statement-timeout', '3s', '--connect-timeout', '3s']);
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n')[0]).toMatch(/^✓ no drift/);
  expect(r.code).toBe(0);
}, 120_000);
