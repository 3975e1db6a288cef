import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { runCli } from '../helpers/cli.js';

/*
 * dbmate's parser refuses these files before running anything (its own messages, checked
 * against the real dbmate binary in test/lint/dbmate-round-trip-oracle.slow.test.ts for the
 * missing down block): pgdrift refuses them too, naming file and line, instead of replaying a
 * migration dbmate never runs.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function history(second: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-dbmate-'));
  dirs.push(dir);
  writeFileSync(join(dir, '20240101000000_base.sql'), '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n');
  writeFileSync(join(dir, '20240102000000_next.sql'), second);
  return dir;
}

test.each([
  ['no down block', '-- migrate:up\nALTER TABLE t ADD COLUMN a int;\n', 2, "dbmate requires each migration to define a down block with '-- migrate:down'"],
  ['no up block', '-- a comment\n-- migrate:down\nALTER TABLE t DROP COLUMN a;\n', 1, "dbmate requires each migration to define an up block with '-- migrate:up'"],
  ['a statement before the up block', '-- leading comments are fine\n\nALTER TABLE t ADD COLUMN b int;\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n', 3, "dbmate does not support statements preceding the '-- migrate:up' block"],
  ['down before up', '-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 1;\n', 1, "dbmate requires '-- migrate:up' to appear before '-- migrate:down'"],
])('%s: refused at file:line in dbmate words', async (_name, text, line, words) => {
  const dir = history(text);
  const file = join(dir, '20240102000000_next.sql');
  await expect(loadMigrationHistory(dir)).rejects.toThrow(`${file}:${line}: dbmate refuses to run this migration: ${words}`);
});

test('the CLI: exit 2, one line, for check, snapshot and lint alike', async () => {
  const dir = history('-- migrate:up\nALTER TABLE t ADD COLUMN a int;\n');
  for (const args of [['snapshot', '--migrations', dir], ['lint', '--migrations', dir], ['heads', '--migrations', dir]]) {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/20240102000000_next\.sql:2: dbmate refuses to run this migration: dbmate requires each migration to define a down block/)]);
  }
});

test('comments and blank lines before the up block, and an empty down block, are what dbmate accepts', async () => {
  const dir = history('-- why: notes\n\n-- migrate:up\nALTER TABLE t ADD COLUMN a int;\n\n-- migrate:down\n');
  expect((await loadMigrationHistory(dir)).graph.topologicalOrder().map((r) => r.id)).toEqual(['20240101000000', '20240102000000']);
});
