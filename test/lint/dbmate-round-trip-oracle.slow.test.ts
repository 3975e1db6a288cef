import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compare } from '../../src/compare/compare.js';
import type { RuleId } from '../../src/lint/finding.js';
import { lintMigrations } from '../../src/lint/lint.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';
import { pgdriftVerdict, type RoundTripVerdict, SQL_CASES, type LintCase } from './lint-cases.js';

/*
 * The oracle for lint on dbmate histories: the real dbmate binary (the `dbmate` npm package, a
 * dev dependency) runs each case's new migration up, rolls it back and runs it up again on
 * PostgreSQL, and the verdict it leads to must be the one pgdrift reached without it.
 */

const run = promisify(execFile);
const DBMATE = join(repoRoot, 'node_modules', '.bin', 'dbmate');
const available = existsSync(DBMATE);
if (!available) process.stderr.write('dbmate-round-trip-oracle: node_modules/.bin/dbmate is missing (npm ci installs it); skipping the real-dbmate round trips\n');
const maybe = available ? describe : describe.skip;

const BASE = '20240101000000_base.sql';
const NEW = '20240102000000_new.sql';
const BASE_FILE = `-- migrate:up
CREATE TABLE chat (id int PRIMARY KEY);
CREATE TABLE message (id int PRIMARY KEY, body text, chat_id int, title varchar(20));

-- migrate:down
DROP TABLE message;
DROP TABLE chat;
`;

const dbmateCase = (name: string, expect: RuleId[], file: string): LintCase => ({ name: `dbmate: ${name}`, tool: 'dbmate', expect, files: { [BASE]: BASE_FILE, [NEW]: file }, newFiles: [NEW] });

/** The corpus' dbmate cases, and round-trip shapes the corpus has for other tools only. */
const CASES: readonly LintCase[] = [
  ...SQL_CASES.filter((c) => c.tool === 'dbmate'),
  dbmateCase('transaction:false with two statements, one CONCURRENTLY', ['non-transactional-in-transaction'], '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY ix_m ON message (chat_id);\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\nDROP INDEX ix_m;\nALTER TABLE message DROP COLUMN note;\n'),
  dbmateCase('a clean round trip', [], '-- migrate:up\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE message DROP COLUMN note;\n'),
  dbmateCase('a downgrade that leaves an index', ['create-index', 'downgrade-mismatch'], '-- migrate:up\nCREATE TABLE tag (id int PRIMARY KEY, name text);\nCREATE INDEX ix_message_title ON message (title);\n\n-- migrate:down\nDROP TABLE tag;\n'),
  dbmateCase('a downgrade that fails', ['downgrade-fails'], '-- migrate:up\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE message DROP COLUMN notes;\n'),
  dbmateCase('an upgrade that cannot run again (its row stays)', ['upgrade-again-fails'], '-- migrate:up\nINSERT INTO chat VALUES (1);\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE message DROP COLUMN note;\n'),
  dbmateCase('a down section with its marker line only', ['downgrade-empty'], '-- migrate:up\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\n-- nothing to undo\n'),
  dbmateCase('an upgrade that fails', ['upgrade-fails'], '-- migrate:up\nALTER TABLE messages ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE messages DROP COLUMN note;\n'),
];

async function dbmate(dir: string, url: string, command: 'up' | 'rollback'): Promise<boolean> {
  try {
    // sslmode=disable: dbmate's driver (lib/pq) asks for TLS by default; the test server has none.
    const u = new URL(url);
    u.searchParams.set('sslmode', 'disable');
    await run(DBMATE, ['--url', u.toString(), '--migrations-dir', dir, '--no-dump-schema', command], { timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** What real dbmate does with the new migration: up, rollback, up again, with the schemas compared. */
async function realVerdict(c: LintCase, url: string): Promise<RoundTripVerdict> {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-dbmate-oracle-'));
  try {
    writeFileSync(join(dir, BASE), c.files[BASE] as string);
    if (!(await dbmate(dir, url, 'up'))) throw new Error('the base migration failed under real dbmate');
    const before = await snapshotDatabase(url);
    writeFileSync(join(dir, NEW), c.files[NEW] as string);
    if (!(await dbmate(dir, url, 'up'))) return 'upgrade fails';
    const applied = await snapshotDatabase(url);
    const after = applied;
    if (!(await dbmate(dir, url, 'rollback'))) return 'downgrade fails';
    if ((await compare(before, await snapshotDatabase(url), { renameHints: false })).changes.length > 0) return 'downgrade leaves a difference';
    if (!(await dbmate(dir, url, 'up'))) return 'upgrade again fails';
    return (await compare(after, await snapshotDatabase(url), { renameHints: false })).changes.length > 0 ? 'upgrade again differs' : 'clean';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

maybe('lint on dbmate histories equals real dbmate up / rollback / up on PostgreSQL', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(Object.keys(c.files).sort()).toEqual([BASE, NEW]);
    const db = await createTestDatabase('pgdrift_dbmate_oracle');
    const dir = mkdtempSync(join(tmpdir(), 'pgdrift-dbmate-lint-'));
    try {
      const real = await realVerdict(c, db.url);
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
      const result = await lintMigrations(await loadMigrationHistory(dir));
      const rules = new Set(result.findings.filter((f) => f.file.endsWith(NEW)).map((f) => f.rule));
      expect([...rules].sort()).toEqual([...c.expect].sort());
      expect(pgdriftVerdict(rules)).toBe(real);
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file without a down block: real dbmate refuses to run it, and pgdrift refuses to read it', async () => {
    const db = await createTestDatabase('pgdrift_dbmate_oracle');
    const dir = mkdtempSync(join(tmpdir(), 'pgdrift-dbmate-lint-'));
    try {
      writeFileSync(join(dir, BASE), BASE_FILE);
      writeFileSync(join(dir, NEW), '-- migrate:up\nALTER TABLE message ADD COLUMN note text;\n');
      const u = new URL(db.url);
      u.searchParams.set('sslmode', 'disable');
      const real = await run(DBMATE, ['--url', u.toString(), '--migrations-dir', dir, '--no-dump-schema', 'up']).then(
        () => '',
        (err: { stderr?: string }) => err.stderr ?? '',
      );
      expect(real).toContain("dbmate requires each migration to define a down block with '-- migrate:down'");
      await expect(loadMigrationHistory(dir)).rejects.toThrow("dbmate refuses to run this migration: dbmate requires each migration to define a down block with '-- migrate:down'");
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the fixture history applied by real dbmate: status at head, check exit 0 with the schema it expects', async () => {
    const db = await createTestDatabase('pgdrift_dbmate_oracle');
    try {
      const dir = join(repoRoot, 'fixtures', 'migrations', 'dbmate');
      expect(await dbmate(dir, db.url, 'up')).toBe(true);
      const status = await runCli(['status', '--db', db.url, '--migrations', dir, '--format', 'json']);
      expect(status.code).toBe(0);
      expect((JSON.parse(status.stdout) as { current: unknown }).current).toEqual(['20240320170000']);
      const check = await runCli(['check', '--db', db.url, '--migrations', dir, '-q']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
