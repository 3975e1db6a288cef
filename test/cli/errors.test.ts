import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { serverUrl, urlFor } from '../helpers/db.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
    });
  });
}

function expectOneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines.length).toBeLessThanOrEqual(2); // the message, and at most a "run --help" hint
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-cli-'));

describe('usage errors exit 2 with one line', () => {
  test('unknown flag', async () => {
    const r = await runCli(['check', '--expected', 'x.json', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: frobnicate/);
    expectOneLine(r.stderr);
  });

  test('unknown command', async () => {
    const r = await runCli(['explode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: explode/);
  });

  test('no command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Name a command/);
  });

  test('check without --expected or --migrations', async () => {
    const r = await runCli(['check', '--db', serverUrl()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give the expected schema: --expected SOURCE or --migrations DIR/);
  });

  test('check without any database', async () => {
    const r = await runCli(['check', '--expected', 'fixtures/demo/schema.sql']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database given: pass --db/);
    expectOneLine(r.stderr);
  });

  test('bad duration', async () => {
    const r = await runCli(['snapshot', serverUrl(), '--lock-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lock-timeout: "soon" is not a duration/);
  });

  test.each([
    [['chekc'], "pgdrift: Unknown argument: chekc (did you mean 'check'?)"],
    [['check', '--formt', 'json'], "pgdrift: Unknown argument: formt (did you mean '--format'?)"],
    [['check', '--lock-timout', '5s'], "pgdrift: Unknown argument: lock-timout (did you mean '--lock-timeout'?)"],
    [['check', '--zzzzzz'], 'pgdrift: Unknown argument: zzzzzz'],
  ])('an unknown command or option: did you mean the nearest one (%j)', async (args, line) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(line);
  });

  test('bad --fail-on value', async () => {
    const r = await runCli(['check', '--db', serverUrl(), '--expected', 'x.json', '--fail-on', 'fatal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid values/);
  });
});

describe('bad input files exit 2 naming the file', () => {
  test('missing snapshot file', async () => {
    const r = await runCli(['check', '--db', serverUrl(), '--expected', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
    expectOneLine(r.stderr);
  });

  test('truncated JSON names line and column', async () => {
    const f = join(tmp, 'truncated.json');
    writeFileSync(f, '{\n  "formatVersion": 1,\n  "tables": [\n');
    const r = await runCli(['check', '--db', serverUrl(), '--expected', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/truncated\.json:\d+:\d+/);
    expectOneLine(r.stderr);
  });

  test('JSON of the wrong shape names the JSON path', async () => {
    const f = join(tmp, 'shape.json');
    writeFileSync(f, JSON.stringify({ formatVersion: 1, tables: 'no' }));
    const r = await runCli(['check', '--db', serverUrl(), '--expected', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shape\.json/);
    expectOneLine(r.stderr);
  });

  test('SQL syntax error names file:line:col', async () => {
    const f = join(tmp, 'bad.sql');
    writeFileSync(f, 'CREATE TABLE ok (id int);\n\nCREATE TABLE broken (id int,, name text);\n');
    const r = await runCli(['snapshot', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.sql:3:29: syntax error at or near ","/);
    expectOneLine(r.stderr);
  });

  test('a source of unknown kind', async () => {
    const f = join(tmp, 'schema.txt');
    writeFileSync(f, 'hello');
    const r = await runCli(['snapshot', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell what kind of source/);
  });
});

describe('connection failures exit 3 without the password', () => {
  test('wrong password', async () => {
    const u = new URL(serverUrl());
    u.password = 'Wr0ngHorseBattery';
    const r = await runCli(['snapshot', u.toString()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/password authentication failed/);
    expect(r.stderr).not.toContain('Wr0ngHorseBattery');
    expect(r.stderr).not.toContain(new URL(serverUrl()).password);
    expectOneLine(r.stderr);
  });

  test('nothing listening', async () => {
    const port = await closedPort();
    const r = await runCli(['check', '--db', `postgres://u:S3cretPw@127.0.0.1:${port}/app`, '--expected', 'fixtures/demo/schema.sql']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
    expect(r.stderr).not.toContain('S3cretPw');
    expectOneLine(r.stderr);
  });

  test('missing database', async () => {
    const r = await runCli(['snapshot', '--db', urlFor('pgdrift_no_such_db')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/pgdrift_no_such_db/);
    expect(r.stderr).not.toContain(new URL(serverUrl()).password);
    expectOneLine(r.stderr);
  });

  test('DATABASE_URL is used when --db is absent', async () => {
    const r = await runCli(['snapshot'], { DATABASE_URL: urlFor('pgdrift_no_such_db') });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/pgdrift_no_such_db/);
  });
});

describe('help and version', () => {
  test('--help lists every command and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['check', 'snapshot', 'diff', 'demo']) expect(r.stdout).toContain(`pgdrift ${c}`);
    expect(r.stdout).toMatch(/Exit codes: 0 consistent/);
  });

  test('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('help width', () => {
  test('piped help follows COLUMNS, between words, and stays readable when COLUMNS is odd', async () => {
    const narrow = await runCli(['status', '--help'], { COLUMNS: '60' });
    expect(narrow.code).toBe(0);
    const lines = narrow.stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(narrow.stdout).toMatch(/Migrations folder: Alembic \(script\n/);
    for (const odd of ['abc', '0', '5', '-3']) {
      const r = await runCli(['status', '--help'], { COLUMNS: odd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Migrations folder:');
    }
  });
});
