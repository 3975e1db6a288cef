import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/** Each bad input is exit 2 with one line naming the file and why; never an empty expected schema. */
describe('SQL sources fail closed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-fail-closed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function refused(source: string): Promise<string> {
    const result = await runCli(['snapshot', source]);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    return result.stderr.trim();
  }

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\n   \n'],
    ['a file of comments only', '-- the schema\n/* nothing\n yet */\n'],
  ])('%s', async (_what, text) => {
    const file = join(dir, `empty-${Math.random().toString(36).slice(2)}.sql`);
    writeFileSync(file, text);
    expect(await refused(file)).toBe(`pgdrift: ${file}: no SQL statement (the file is empty or holds only comments); an empty expected schema would match nothing`);
  });

  it('a folder with an empty file among others', async () => {
    const folder = join(dir, 'folder-with-empty');
    mkdirSync(folder);
    writeFileSync(join(folder, '01-tables.sql'), 'CREATE TABLE t (id int);');
    writeFileSync(join(folder, '02-indexes.sql'), '-- truncated by a bad merge\n');
    expect(await refused(folder)).toMatch(/02-indexes\.sql: no SQL statement/);
  });

  it('a folder without .sql files', async () => {
    const folder = join(dir, 'no-sql');
    mkdirSync(folder);
    writeFileSync(join(folder, 'README.md'), '# schema');
    expect(await refused(folder)).toBe(`pgdrift: ${folder}: no .sql files in this folder`);
  });

  it('a NUL byte, which would silently end the text', async () => {
    const file = join(dir, 'nul.sql');
    writeFileSync(file, 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\0\nCREATE TABLE c (id int);\n');
    expect(await refused(file)).toBe(`pgdrift: ${file}:2:25: NUL byte in an SQL file (binary or damaged); nothing after it would be read`);
  });

  it('a symlink to /dev/zero', async () => {
    const link = join(dir, 'zero.sql');
    symlinkSync('/dev/zero', link);
    expect(await refused(link)).toMatch(new RegExp(`^pgdrift: ${link}: (not a regular file \\(a device\\)|a symbolic link to /dev/zero, outside the project)`));
  });

  it('a symlink in a schema folder that leads outside the project', async () => {
    const folder = join(dir, 'linked');
    mkdirSync(folder);
    writeFileSync(join(dir, 'secret.sql'), 'CREATE TABLE leaked (id int);');
    writeFileSync(join(folder, '01-tables.sql'), 'CREATE TABLE t (id int);');
    symlinkSync(join(dir, 'secret.sql'), join(folder, '02-secret.sql'));
    expect(await refused(folder)).toMatch(/02-secret\.sql: a symbolic link to .*secret\.sql, outside the project/);
  });

  it('a symlink inside the folder given is fine', async () => {
    const folder = join(dir, 'inner-link');
    mkdirSync(join(folder, 'parts'), { recursive: true });
    writeFileSync(join(folder, 'parts', 'tables.sql'), 'CREATE TABLE t (id int);');
    symlinkSync(join(folder, 'parts', 'tables.sql'), join(folder, '01-tables.sql'));
    const result = await runCli(['snapshot', folder]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('a FIFO, which would block the read forever', async () => {
    const fifo = join(dir, 'pipe.sql');
    execFileSync('mkfifo', [fifo]);
    expect(await refused(fifo)).toBe(`pgdrift: ${fifo}: not a regular file (a FIFO); pgdrift reads SQL from files only`);
  });

  it('a huge file', async () => {
    const file = join(dir, 'huge.sql');
    writeFileSync(file, '');
    truncateSync(file, 65 * 1024 * 1024); // sparse: no disk used
    expect(await refused(file)).toBe(`pgdrift: ${file}: 65 MiB, larger than the 64 MiB an SQL file may be`);
  });
});

describe('the expected-schema cache fails closed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-cache-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '20240101000000_users.sql'), '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, email text);\n\n-- migrate:down\nDROP TABLE users;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const snapshot = () => runCli(['snapshot', '--migrations', join(dir, 'migrations'), '--cache-dir', join(dir, 'cache')]);
  const cacheFiles = () => readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'));
  const tables = (json: string) => (JSON.parse(json) as { tables: { name: string }[] }).tables.map((t) => t.name);

  it.each([
    ['hand-edited to an empty schema', (text: string) => text.replace(/"tables":\[[\s\S]*?\]\s*,\s*"views"/, '"tables":[],"views"').replace(/"tables": \[[\s\S]*?\n  \]/, '"tables": []')],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['replaced by a bare snapshot without its header', (text: string) => text.slice(text.indexOf('\n') + 1).replace(/"name": "users"/g, '"name": "other"')],
  ])('an entry %s is a miss, recomputed', async (_what, damage) => {
    const first = await snapshot();
    expect(first.code).toBe(0);
    expect(tables(first.stdout)).toEqual(['users']);
    const [entry] = cacheFiles();
    const path = join(dir, 'cache', entry!);
    const damaged = damage(readFileSync(path, 'utf8'));
    expect(damaged).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, damaged);
    const second = await snapshot();
    expect(second.code).toBe(0);
    expect(tables(second.stdout)).toEqual(['users']);
    expect(second.stdout).toBe(first.stdout);
  });
});
