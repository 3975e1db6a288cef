import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * `pgdrift lint` against a real database and real repositories: sizes from --db raise a hazard
 * on a large table to an error; --since lints only what git says is new; the config file's
 * `lint` section bans autogenerate; a reused revision id is a finding; hostile names stay inert.
 */

const RISKY = join(repoRoot, 'fixtures', 'lint', 'golang-migrate', 'risky');
const SAFE = join(repoRoot, 'fixtures', 'lint', 'golang-migrate', 'safe');
const APP = join(repoRoot, 'fixtures', 'alembic', 'app');
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-lint-slow-'));
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

test('--db: each hazard carries the live table size; above --large-table-rows it is an error', async () => {
  const db = await createTestDatabase('pgdrift_lint');
  databases.push(db);
  await db.exec(`${readFileSync(join(RISKY, '1_create_chat.up.sql'), 'utf8')}
    INSERT INTO chat SELECT g, 'c' FROM generate_series(1, 10) g;
    INSERT INTO message SELECT g, 1 + g % 10, 'hello' FROM generate_series(1, 5000) g;
    ANALYZE chat; ANALYZE message;`);
  const r = await runCli(['lint', '--migrations', RISKY, '--db', db.url, '--large-table-rows', '1000', '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(json.database).not.toContain('test-secret');
  const rewrite = json.findings.find((f: { rule: string }) => f.rule === 'rewrite-table');
  expect(rewrite).toMatchObject({ severity: 'error', table: { schema: 'public', name: 'message', rows: 5000 } });
  expect(rewrite.table.bytes).toBeGreaterThan(0);
  expect(rewrite.message).toMatch(/\(5\.0 k rows, \d+ kB\)$/);
  // Below the threshold the severity stays.
  const calm = JSON.parse((await runCli(['lint', '--migrations', RISKY, '--db', db.url, '--format', 'json'])).stdout);
  expect(calm.findings.find((f: { rule: string }) => f.rule === 'rewrite-table').severity).toBe('warning');
});

test('--db that cannot be reached is exit 3', async () => {
  const r = await runCli(['lint', '--migrations', RISKY, '--db', 'postgres://nobody:secret@127.0.0.1:1/x', '--connect-timeout', '2s']);
  expect(r.code).toBe(3);
  expect(r.stderr).not.toContain('secret');
});

test('--since lints only the revisions git says were added or changed', async () => {
  const repo = join(scratch, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
  git('init', '-q');
  cpSync(join(RISKY, '1_create_chat.up.sql'), join(repo, 'db', '1_create_chat.up.sql'), { recursive: true });
  cpSync(join(RISKY, '1_create_chat.down.sql'), join(repo, 'db', '1_create_chat.down.sql'));
  // An old revision with a hazard: not linted with --since.
  writeFileSync(join(repo, 'db', '2_old.up.sql'), 'CREATE INDEX ix_old ON message (body);\n');
  writeFileSync(join(repo, 'db', '2_old.down.sql'), 'DROP INDEX ix_old;\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  writeFileSync(join(repo, 'db', '3_new.up.sql'), 'ALTER TABLE message ADD COLUMN note text;\nCREATE INDEX ix_note ON message (note);\n');
  writeFileSync(join(repo, 'db', '3_new.down.sql'), 'ALTER TABLE message DROP COLUMN note;\n');
  const r = await runCli(['lint', '--migrations', join(repo, 'db'), '--since', 'HEAD', '--format', 'json']);
  const json = JSON.parse(r.stdout);
  expect(json.revisions).toEqual(['3']);
  expect(json.findings.map((f: { rule: string; revision: string }) => `${f.revision}:${f.rule}`)).toEqual(['3:create-index']);
  // Nothing new: nothing to lint, exit 0.
  git('add', '.');
  git('commit', '-qm', 'new');
  const none = await runCli(['lint', '--migrations', join(repo, 'db'), '--since', 'HEAD', '--fail-on', 'info']);
  expect(none.code).toBe(0);
  expect(none.stdout).toContain('no revision to lint');
});

function alembicProject(name: string, revisions: Record<string, string>): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'migrations', 'versions'), { recursive: true });
  for (const f of ['alembic.ini', 'migrations/env.py', 'migrations/script.py.mako']) cpSync(join(APP, f), join(root, f));
  for (const [file, text] of Object.entries(revisions)) writeFileSync(join(root, 'migrations', 'versions', file), text);
  return root;
}

const rev = (id: string, parent: string | null, up: string, down: string) =>
  `from alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${parent ? `'${parent}'` : 'None'}\n\n\ndef upgrade():\n${up}\n\n\ndef downgrade():\n${down}\n`;

test('the config file bans autogenerate: its marker comments are a finding; without the key they are not', async () => {
  const root = alembicProject('autogen', {
    'a1.py': rev('a1', null, "    # ### commands auto generated by Alembic - please adjust! ###\n    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\n    # ### end Alembic commands ###", "    op.drop_table('t')"),
  });
  const plain = await runCli(['lint', '--migrations', 'migrations', '--fail-on', 'info'], {}, root);
  expect(plain.code).toBe(0);
  writeFileSync(join(root, 'pgdrift.config.json'), JSON.stringify({ lint: { 'no-autogenerate': true } }));
  const banned = await runCli(['lint', '--migrations', 'migrations', '--fail-on', 'info'], {}, root);
  expect(banned.code).toBe(1);
  expect(banned.stdout).toContain('migrations/versions/a1.py:9  autogenerate  autogenerate marker comments');
});

test('a revision id reused by a new file is a finding at that file', async () => {
  const root = alembicProject('reused', {
    'a1_first.py': rev('a1', null, "    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))", "    op.drop_table('t')"),
    'a1_copy.py': rev('a1', null, "    op.create_table('u', sa.Column('id', sa.Integer(), primary_key=True))", "    op.drop_table('u')"),
  });
  const r = await runCli(['lint', '--migrations', 'migrations', '--format', 'json'], {}, root);
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(json.findings).toHaveLength(1);
  expect(json.findings[0]).toMatchObject({ rule: 'reused-revision-id', revision: 'a1', severity: 'error' });
});

test('hostile names from a migration are shown escaped, never obeyed', async () => {
  const dir = join(scratch, 'hostile');
  mkdirSync(dir);
  writeFileSync(join(dir, '1_t.up.sql'), 'CREATE TABLE "evil\x1b[2J|<b>" (id int);\n');
  writeFileSync(join(dir, '1_t.down.sql'), 'DROP TABLE "evil\x1b[2J|<b>";\n');
  writeFileSync(join(dir, '2_i.up.sql'), 'CREATE INDEX "ix\x07" ON "evil\x1b[2J|<b>" (id);\n');
  writeFileSync(join(dir, '2_i.down.sql'), 'DROP INDEX "ix\x07";\n');
  const text = await runCli(['lint', '--migrations', dir]);
  expect(text.code).toBe(1);
  expect(text.stdout).not.toMatch(/[\x07\x1b]/);
  expect(text.stdout).toContain('evil\\x1b[2J|<b>');
  const md = await runCli(['lint', '--migrations', dir, '--format', 'markdown']);
  expect(md.stdout).not.toMatch(/[\x07\x1b]|<b>/);
  const gh = await runCli(['lint', '--migrations', dir, '--format', 'github']);
  expect(gh.stdout.split('\n').filter((l) => l.startsWith('::')).length).toBe(1);
  expect(gh.stdout).not.toMatch(/[\x07\x1b]/);
});

test('SAFE fixture passes with the shadow on a real server too', async () => {
  const { serverUrl } = await import('../helpers/db.js');
  const r = await runCli(['lint', '--migrations', SAFE, '--fail-on', 'info', '--shadow-url', serverUrl()]);
  expect(r.code).toBe(0);
});
