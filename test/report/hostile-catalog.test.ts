import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { copyOf } from '../diagnose/support/blind-projects.js';
import { psqlFile } from '../drift/support/tools.js';

const TIMEOUT = 120_000;
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-hostile-'));
/** Created by any `\! touch` that runs. */
const marker = join(scratch, 'owned');
const hostileSql = readFileSync(join(repoRoot, 'test/report/fixtures/hostile-catalog.sql'), 'utf8').replaceAll('MARKER', marker);
const databases: TestDatabase[] = [];

/** What a terminal obeys or psql ends a line at; a line break only between lines. */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TABLE = 'x\nDROP TABLE public.sentinel; --';

let plain: TestDatabase;
let hostile: TestDatabase;

beforeAll(async () => {
  [plain, hostile] = await Promise.all([createTestDatabase('pgdrift_plain'), createTestDatabase('pgdrift_hostile')]);
  databases.push(plain, hostile);
  await Promise.all([plain.exec('CREATE TABLE public.sentinel (id integer)'), hostile.exec(hostileSql)]);
});

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

async function copy(db: TestDatabase): Promise<TestDatabase> {
  const c = await copyOf(db);
  databases.push(c);
  return c;
}

async function tables(db: TestDatabase): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const r = await client.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relname");
    return r.rows.map((row) => row.relname);
  } finally {
    await client.end();
  }
}

/** `diff --sql` written to a file, checked line by line, then run with psql on a copy of `from`. */
async function runScript(from: TestDatabase, to: TestDatabase, extra: readonly string[] = []): Promise<{ script: string; copy: TestDatabase }> {
  const file = join(scratch, `script-${databases.length}.sql`);
  const r = await runCli(['diff', from.url, to.url, '--sql', '-o', file, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const script = readFileSync(file, 'utf8');
  expect(script).not.toMatch(UNSAFE_BUT_NEWLINE);
  const lines = script.split('\n');
  expect(lines.filter((l) => l.startsWith('DROP TABLE public.sentinel'))).toEqual([]);
  // The one line starting with a meta-command is the body line of public.f, inside its dollar quotes.
  const meta = lines.flatMap((l, i) => (l.startsWith('\\') ? [i] : []));
  for (const i of meta) expect(lines.slice(i - 1, i + 3)).toEqual(["  RETURN '", `\\! touch ${marker}`, "';", 'END;']);
  const target = await copy(from);
  await psqlFile(target.url, file);
  return { script, copy: target };
}

test('diff --sql creating every hostile object: psql runs only the statements, and the copy then matches', async () => {
  const { script, copy: made } = await runScript(plain, hostile);
  expect(script).toContain('CREATE TABLE public.U&"x\\000aDROP TABLE public.sentinel; --" (');
  expect(script).toContain(`-- [`);
  expect(existsSync(marker)).toBe(false);
  expect(await tables(made)).toEqual(['sentinel', TABLE]);
  // The escaped forms meant exactly the names, strings and bodies of the original.
  const check = await runCli(['diff', made.url, hostile.url]);
  expect(check.stdout.split('\n')[0]).toMatch(/^✓ no drift: 0 errors, 0 warnings, 0 info/);
  expect(check.code).toBe(0);
}, TIMEOUT);

test('diff --sql dropping them, withheld: the commented-out statements stay comments', async () => {
  const { script, copy: kept } = await runScript(hostile, plain);
  expect(script).toContain('-- DROP TABLE public.U&"x\\000aDROP TABLE public.sentinel; --";');
  expect(existsSync(marker)).toBe(false);
  expect(await tables(kept)).toEqual(['sentinel', TABLE]);
}, TIMEOUT);

test('diff --sql --unsafe dropping them: only what the script says is dropped', async () => {
  const { copy: emptied } = await runScript(hostile, plain, ['--unsafe']);
  expect(existsSync(marker)).toBe(false);
  expect(await tables(emptied)).toEqual(['sentinel']);
  expect((await runCli(['diff', emptied.url, plain.url])).code).toBe(0);
}, TIMEOUT);

test('the text report shows every control character escaped, and no name forges a line', async () => {
  const environments: Record<string, string>[] = [{}, { FORCE_COLOR: '1', NO_COLOR: '' }];
  for (const env of environments) {
    const r = await runCli(['diff', plain.url, hostile.url], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // With colour, ESC only starts the colours pgdrift paints.
    expect(r.stdout.replace(/\u001b\[(1|2|22|31|32|33|36|39)m/g, '')).not.toMatch(UNSAFE_BUT_NEWLINE);
    const lines = r.stdout.replace(/\u001b\[\d+m/g, '').split('\n');
    expect(lines[0]).toMatch(/^✗ drift: /);
    expect(lines.filter((l) => /^\s*(✓|\\!|DROP|## )/.test(l))).toEqual([]);
    expect(r.stdout).toContain("comment 'guards\\n✓ consistent\\n\\x1b]0;owned\\x07\\x1b[2J\\u202eevil @octocat <b>' expected");
    expect(r.stdout).toContain('table x\\nDROP TABLE public.sentinel; --');
  }
}, TIMEOUT);

test('markdown keeps every name in its cell and line; JSON stays exact', async () => {
  const md = await runCli(['diff', plain.url, hostile.url, '--format', 'markdown']);
  expect(md.code).toBe(1);
  expect(md.stdout).not.toMatch(UNSAFE_BUT_NEWLINE);
  const lines = md.stdout.split('\n');
  expect(lines.filter((l) => /^(✓|\\!|DROP|## owned)/.test(l))).toEqual([]);
  for (const row of lines.filter((l) => l.startsWith('| ✗') || l.startsWith('| ⚠') || l.startsWith('| ℹ'))) {
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
  }
  expect(md.stdout).toContain('@&#8203;octocat &lt;b&gt;');

  const json = await runCli(['diff', plain.url, hostile.url, '--format', 'json']);
  expect(json.stdout).not.toMatch(UNSAFE_BUT_NEWLINE);
  const report = JSON.parse(json.stdout) as { changes: { name: string; table: string | null }[] };
  expect(report.changes.map((c) => c.name)).toContain(TABLE);
  expect(report.changes.map((c) => c.name)).toContain('mood\n\\! touch ' + marker);
}, TIMEOUT);

test('an error message naming a hostile object is one escaped line on stderr', async () => {
  const file = join(scratch, 'bad.sql');
  writeFileSync(file, 'CREATE VIEW v AS SELECT U&"a\\000a✓ consistent\\001b[2J";\n');
  const r = await runCli(['check', '--db', plain.url, '--expected', file]);
  expect(r.code).toBe(2);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(UNSAFE_BUT_NEWLINE);
  expect(r.stderr).toContain('a\\n✓ consistent\\x1b[2J');
}, TIMEOUT);
