import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/ci-formats.js';
import { jsonValidator } from '../../src/model/schema-validation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * `pgdrift lint` against a real database and real repositories: sizes from --db raise a hazard
 * on a large table to an error; --since lints only what git says is new; the config file's
 * `lint` section bans autogenerate; a reused revision id is a finding; hostile names stay inert.
 */

const RISKY = join(repoRoot, 'fixtures', 'lint', 'golang-migrate', 'risky');
const SAFE = join(repoRoot, 'fixtures', 'lint', 'golang-migrate', 'safe');
const APP = join(repoRoot, 'fixtures', 'alembic', 'app');
/** A fixture as the user types it, relative to the repository (the working folder of runCli). */
const rel = (name: string): string => join('fixtures', 'lint', 'golang-migrate', name);
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-lint-slow-'));
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

test('a risky revision: exit 1, JSON valid against schemas/lint.schema.json, SARIF, JUnit and markdown from the same run', async () => {
  const sarif = join(scratch, 'lint.sarif');
  const junit = join(scratch, 'lint.xml');
  const md = join(scratch, 'lint.md');
  const r = await runCli(['lint', '--migrations', rel('risky'), '--fail-on', 'info', '--format', 'json', '--format-file', `sarif=${sarif}`, '--format-file', `junit=${junit}`, '--format-file', `markdown=${md}`]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(jsonValidator('lint.schema.json')(json)).toBeNull();
  expect(json.status).toBe('fail');
  expect(json.findings.map((f: { rule: string; line: number }) => `${f.rule}@${f.line}`).sort()).toEqual([
    'downgrade-mismatch@1',
    'downgrade-mismatch@1',
    'non-transactional-in-transaction@2',
    'rewrite-table@3',
    'set-not-null@4',
  ]);
  expect(json.findings.find((f: { rule: string }) => f.rule === 'rewrite-table')).toMatchObject({ lock: 'ACCESS EXCLUSIVE', rewrites: true, table: { schema: 'public', name: 'message' } });
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  expect(sarifValidator()(log)).toBeNull();
  expect(JSON.stringify(log)).toContain('lint/rewrite-table');
  expect(readFileSync(junit, 'utf8')).toContain('name="set-not-null"');
  expect(readFileSync(md, 'utf8')).toContain('| ✗ error |');
});

test('the safe pattern (a nullable column; CONCURRENTLY alone in its file) has no finding at all, even at --fail-on info', async () => {
  const r = await runCli(['lint', '--migrations', rel('safe'), '--fail-on', 'info']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('✓ lint passed at or above info: 0 errors, 0 warnings, 0 info — 3 revisions of fixtures/lint/golang-migrate/safe (golang-migrate)\n');
});

test('a finding accepted by a pgdrift: allow comment shows its reason and does not fail', async () => {
  const r = await runCli(['lint', '--migrations', rel('allowed'), '--fail-on', 'info']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('· allowed  fixtures/lint/golang-migrate/allowed/2_index_chat_title.up.sql:2  create-index');
  expect(r.stdout).toContain('allowed at line 1: chat has a few hundred rows; the lock lasts milliseconds');
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
  const flag = await runCli(['lint', '--migrations', 'migrations', '--no-autogenerate'], {}, root);
  expect(flag.code).toBe(1);
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

test('--models: dropping a column the models still declare is an error; dropping one they do not is not', async () => {
  const dir = join(scratch, 'drop');
  mkdirSync(dir);
  writeFileSync(join(dir, '1_t.up.sql'), 'CREATE TABLE message (id int PRIMARY KEY, body text, legacy text);\n');
  writeFileSync(join(dir, '1_t.down.sql'), 'DROP TABLE message;\n');
  writeFileSync(join(dir, '2_drop.up.sql'), 'ALTER TABLE message DROP COLUMN body;\nALTER TABLE message DROP COLUMN legacy;\n');
  writeFileSync(join(dir, '2_drop.down.sql'), 'ALTER TABLE message ADD COLUMN body text;\nALTER TABLE message ADD COLUMN legacy text;\n');
  const models = join(scratch, 'models.py');
  writeFileSync(
    models,
    'from sqlalchemy import Column, Integer, Text\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Message(Base):\n    __tablename__ = "message"\n    id = Column(Integer, primary_key=True)\n    body = Column(Text)\n',
  );
  const r = await runCli(['lint', '--migrations', dir, '--models', models, '--format', 'json']);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout);
  expect(json.findings.map((f: { rule: string; line: number; message: string }) => `${f.rule}@${f.line}: ${f.message}`)).toEqual([
    'drop-column-in-models@1: drops column `message.body`, which the models still declare: the application selects it and fails',
  ]);
  expect(r.code).toBe(1);
  // Without --models: nothing to say about the drops.
  expect((await runCli(['lint', '--migrations', dir, '--fail-on', 'info'])).code).toBe(0);
});
