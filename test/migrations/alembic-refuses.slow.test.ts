import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotDatabase } from '../../src/sources/database.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';

// A revision the reader deliberately does not follow (`exec` of code built at run time) on a
// database real Alembic migrated without trouble: every command must refuse in one line naming
// where and what, and never turn its own limit into a verdict on a healthy database (a
// migration that "cannot be replayed", a wrong stamp, a remedy that drops the column `exec` made).
const available = await alembicAvailable();
if (!available) console.warn('Skipping the Alembic refusal tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const FIXTURE = join(FIXTURE_APP, '..', 'uninterpretable');
const REVISION_FILE = join(FIXTURE, 'migrations', 'versions', '0003_generated_columns.py');
const TIMEOUT = 300_000;

/** `line:col` (1-based) of the first `exec(` call in the revision: what the refusal must name. */
async function execPosition(): Promise<string> {
  const lines = (await readFile(REVISION_FILE, 'utf8')).split('\n');
  const line = lines.findIndex((l) => /^\s+exec\(/.test(l));
  return `${line + 1}:${(lines[line] as string).indexOf('exec(') + 1}`;
}

describeIf('a revision pgdrift will not interpret, on a healthy database real Alembic migrated (live PostgreSQL)', () => {
  let db: TestDatabase;
  let scratch: string;
  let where: RegExp;

  beforeAll(async () => {
    db = await createTestDatabase('pgdrift_refuses');
    scratch = await mkdtemp(join(tmpdir(), 'pgdrift-refuses-'));
    await alembic(FIXTURE, ['upgrade', 'head'], db.url);
    const position = await execPosition();
    where = new RegExp(`^pgdrift: \\S*migrations/versions/0003_generated_columns\\.py:${position}: .*\\bexec\\b`);
  }, TIMEOUT);

  afterAll(async () => {
    await db?.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  test('real Alembic ran the revision: the database has what exec() added, and what came after', async () => {
    expect(await execPosition()).toBe('21:5');
    const snapshot = await snapshotDatabase(db.url);
    const account = snapshot.tables.find((t) => t.name === 'account');
    expect(account?.columns.map((c) => c.name)).toEqual(['id', 'email', 'nickname']);
    expect(snapshot.tables.map((t) => t.name).sort()).toEqual(['account', 'session']);
    expect((await alembic(FIXTURE, ['current'], db.url)).trim()).toBe('7e5a00000004 (head)');
  });

  const CASES: { name: string; args: (url: string, file: string) => string[]; writes: boolean }[] = [
    { name: 'check', args: (url) => ['check', '--migrations', FIXTURE, '--db', url, '--no-cache'], writes: false },
    { name: 'status', args: (url) => ['status', '--migrations', FIXTURE, '--db', url], writes: false },
    { name: 'snapshot --migrations', args: () => ['snapshot', '--migrations', FIXTURE, '--no-cache'], writes: false },
    { name: 'diagnose', args: (url) => ['diagnose', '--migrations', FIXTURE, '--db', url, '--no-cache'], writes: false },
    { name: 'diagnose --emit-sql', args: (url, file) => ['diagnose', '--migrations', FIXTURE, '--db', url, '--no-cache', '--emit-sql', file], writes: true },
    {
      name: 'diagnose --remedy restore --emit-sql',
      args: (url, file) => ['diagnose', '--migrations', FIXTURE, '--db', url, '--no-cache', '--remedy', 'restore', '--emit-sql', file],
      writes: true,
    },
  ];

  test.each(CASES)('$name: exit 2, one line naming file:line:col and exec, no verdict on the database', async ({ name, args, writes }) => {
    const remedy = join(scratch, `${name.replace(/\W+/g, '-')}.sql`);
    const result = await runCli(args(db.url, remedy));
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(where);
    // pgdrift's own limit, not a broken migration nor a wrong database.
    expect(result.stderr).not.toMatch(/cannot be replayed|wrong stamp|not expected/);
    expect(result.stderr + result.stdout).not.toMatch(/\bDROP\b/i);
    if (writes) expect(existsSync(remedy)).toBe(false);
  }, TIMEOUT);
});
