import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';
import ts from 'typescript';
import { ConnectionError, InputError } from '../../src/errors.js';
import { applyScript } from '../../src/shadow/apply-script.js';
import { ensureRoles } from '../../src/shadow/ensure-roles.js';
import { parseScript } from '../../src/shadow/parsed-script.js';
import { openServerShadow } from '../../src/shadow/server.js';
import { openShadow } from '../../src/shadow/shadow.js';
import { withScriptsApplied } from '../../src/shadow/shadow-with-scripts.js';
import type { SqlScript } from '../../src/shadow/source-text.js';
import { serverUrl } from '../helpers/db.js';

const fixture = (name: string): SqlScript => ({ name: `fixtures/sql/${name}`, text: readFileSync(`fixtures/sql/${name}`, 'utf8') });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** Runs one query on the test server's maintenance database. */
async function onServer<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return (await onServer('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

let childScript: string | undefined;
let childDir: string | undefined;
afterAll(() => {
  if (childDir) rmSync(childDir, { recursive: true, force: true });
});

/**
 * A script that opens a server shadow, prints its URL and waits to be killed. It runs pgdrift's
 * sources transpiled to JavaScript (no type check needed here) in a temporary folder whose
 * node_modules points at the project's.
 */
async function interruptibleShadowScript(): Promise<string> {
  if (childScript) return childScript;
  const dir = (childDir = mkdtempSync(join(tmpdir(), 'pgdrift-signal-')));
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(folder, e.name)) : [join(folder, e.name)]));
  for (const file of walk('src')) {
    const out = join(dir, relative('.', file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    if (!file.endsWith('.ts')) {
      copyFileSync(file, out); // the .sql files read at run time
      continue;
    }
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(out, js);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
  childScript = join(dir, 'child.js');
  writeFileSync(
    childScript,
    [
      "import { openServerShadow } from './src/shadow/server.js';",
      'const shadow = await openServerShadow(process.env.SHADOW_URL);',
      "process.stdout.write(shadow.url + '\\n');",
      'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  return childScript;
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

describe('server shadow', () => {
  it('creates a temporary database, reports its URL, and drops it on close even with a session left on it', async () => {
    const shadow = await openShadow({ shadowUrl: serverUrl() });
    const name = nameOf(shadow.url!);
    expect(shadow.kind).toBe('server');
    expect(name).toMatch(/^pgdrift_shadow_[0-9a-f]{12}$/);
    expect(await databaseExists(name)).toBe(true);

    for (const file of ['01-tables.sql', '02-indexes.sql']) await applyScript(shadow, await parseScript(fixture(`two-files/${file}`)));
    // What --migrate-cmd will do: connect to the URL on its own.
    const tool = new pg.Client({ connectionString: shadow.url });
    tool.on('error', () => {});
    await tool.connect();
    const { rows } = await tool.query("SELECT indexname FROM pg_indexes WHERE tablename = 'book' ORDER BY 1");
    expect(rows.map((r) => r.indexname)).toEqual(['book_author_id_idx', 'book_pkey']);

    await shadow.close();
    await tool.end().catch(() => {});
    expect(await databaseExists(name)).toBe(false);
    await expect(shadow.close()).resolves.toBeUndefined();
  });

  it('starts from template0: what the cluster put into template1 is not in the shadow', async () => {
    const t1 = new pg.Client({ connectionString: new URL('/template1', serverUrl()).toString() });
    await t1.connect();
    try {
      await t1.query('CREATE TABLE IF NOT EXISTS template1_marker (id int)');
    } finally {
      await t1.end();
    }
    const shadow = await openServerShadow(serverUrl());
    try {
      const { rows } = await shadow.db.query("SELECT 1 FROM pg_class WHERE relname = 'template1_marker'");
      expect(rows).toEqual([]);
    } finally {
      await shadow.close();
      const t1again = new pg.Client({ connectionString: new URL('/template1', serverUrl()).toString() });
      await t1again.connect();
      await t1again.query('DROP TABLE IF EXISTS template1_marker').finally(() => t1again.end());
    }
  });

  it('cites the same file:line:col as the embedded shadow, for syntax and semantic errors', async () => {
    const shadow = await openServerShadow(serverUrl());
    try {
      const syntax = await failure(applyScript(shadow, await parseScript(fixture('syntax-error.sql'))));
      expect(syntax).toBeInstanceOf(InputError);
      expect(syntax.message).toBe('fixtures/sql/syntax-error.sql:7:24: syntax error at or near "TABL"');
      const semantic = await failure(applyScript(shadow, await parseScript(fixture('semantic-error.sql'))));
      expect(semantic).toBeInstanceOf(InputError);
      expect(semantic.message).toBe('fixtures/sql/semantic-error.sql:5:48: relation "nope" does not exist');
      await applyScript(shadow, await parseScript(fixture('folder-error/01-tables.sql')));
      const noPosition = await failure(applyScript(shadow, await parseScript(fixture('folder-error/02-alter.sql'))));
      expect(noPosition.message).toBe('fixtures/sql/folder-error/02-alter.sql:3:1: relation "acount" does not exist');
    } finally {
      await shadow.close();
    }
  });

  it('drops the database when the SQL fails', async () => {
    // The failing statement names its own database in the error, so the test knows which one to look for.
    const script = {
      name: 'fail.sql',
      text: "CREATE TABLE t (id int);\nDO $$ BEGIN RAISE EXCEPTION 'in %', current_database(); END $$;",
    };
    const err = await failure(withScriptsApplied([script], { shadowUrl: serverUrl() }, async () => 'unreachable'));
    expect(err).toBeInstanceOf(InputError);
    const match = /^fail\.sql:2:1: in (pgdrift_shadow_[0-9a-f]{12})$/.exec(err.message);
    expect(match).not.toBeNull();
    expect(await databaseExists(match![1]!)).toBe(false);
  });

  // A real signal to a real process: pgdrift's own code, transpiled, run as a child that is killed.
  it.each(['SIGTERM', 'SIGINT'] as const)('drops the database when the process is interrupted (%s)', async (signal) => {
    const child = spawn(process.execPath, [await interruptibleShadowScript()], {
      env: { ...process.env, SHADOW_URL: serverUrl() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    const name = nameOf(url);
    expect(await databaseExists(name)).toBe(true);
    child.kill(signal);
    // The cleanup re-raises the signal once done, so the process ends the way that signal ends it.
    expect(await exited).toEqual({ code: null, signal });
    expect(await databaseExists(name)).toBe(false);
  });

  it('creates only the missing roles, cluster-wide, and leaves existing ones as they are', async () => {
    const suffix = Date.now().toString(36);
    await onServer(`CREATE ROLE "existing_${suffix}" LOGIN CONNECTION LIMIT 7`);
    const shadow = await openServerShadow(serverUrl());
    try {
      const created = await ensureRoles(shadow, [
        { name: `existing_${suffix}`, where: 'x.sql:1:1' },
        { name: `new_${suffix}`, where: 'x.sql:2:1' },
      ]);
      expect(created).toEqual([`new_${suffix}`]);
    } finally {
      await shadow.close();
    }
    const roles = await onServer<{ rolname: string; rolcanlogin: boolean; rolconnlimit: number }>(
      'SELECT rolname, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1',
      [`%_${suffix}`],
    );
    expect(roles).toEqual([
      { rolname: `existing_${suffix}`, rolcanlogin: true, rolconnlimit: 7 },
      { rolname: `new_${suffix}`, rolcanlogin: false, rolconnlimit: -1 },
    ]);
    // The test server may be a long-lived cluster (PGDRIFT_TEST_URL): leave no test roles behind.
    await onServer(`DROP ROLE "existing_${suffix}"; DROP ROLE "new_${suffix}"`);
  });

  it('applies SQL with roles twice on the same cluster: a role the SQL creates may already exist', async () => {
    for (let run = 0; run < 2; run++) {
      const owner = await withScriptsApplied([fixture('roles.sql')], { shadowUrl: serverUrl() }, async (shadow) => {
        const { rows } = await shadow.db.query<{ owner: string }>(
          "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'billing.invoice'::regclass",
        );
        return rows[0]?.owner;
      });
      expect(owner).toBe('Billing Admin');
    }
  });

  it('fails to connect with a ConnectionError (exit 3) that never shows the password', async () => {
    const err = await failure(openServerShadow('postgres://app:hunter2@127.0.0.1:1/postgres'));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).exitCode).toBe(3);
    expect(err.message).toMatch(/^cannot connect to the shadow server postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/postgres: /);
    expect(err.message).not.toContain('hunter2');
  });

  it('reports a role without CREATEDB as refused (exit 3)', async () => {
    const role = `nocreatedb_${Date.now().toString(36)}`;
    await onServer(`CREATE ROLE "${role}" LOGIN PASSWORD 'pw-secret'`);
    const url = new URL(serverUrl());
    url.username = role;
    url.password = 'pw-secret';
    const err = await failure(openServerShadow(url.toString()));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/^cannot create a shadow database on postgres:\/\/nocreatedb_\w+:\*\*\*@.*: permission denied to create database \(the role needs CREATEDB\)$/);
    expect(err.message).not.toContain('pw-secret');
    await onServer(`DROP ROLE "${role}"`);
  });

  it('rejects a --shadow-url that is not a postgres URL as bad input (exit 2)', async () => {
    const err = await failure(openServerShadow('mysql://root:pw@localhost/db'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('--shadow-url must be a postgres:// URL, not mysql://root:***@localhost/db');
  });
});
