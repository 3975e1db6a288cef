import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { applyScript } from '../../src/shadow/apply-script.js';
import { openEmbeddedShadow } from '../../src/shadow/embedded.js';
import { ensureRoles } from '../../src/shadow/ensure-roles.js';
import { parseScript } from '../../src/shadow/parsed-script.js';
import { scriptRequirements } from '../../src/shadow/script-requirements.js';
import type { Shadow } from '../../src/shadow/shadow.js';
import type { SqlScript } from '../../src/shadow/source-text.js';

const fixture = (name: string): SqlScript => ({ name: `fixtures/sql/${name}`, text: readFileSync(`fixtures/sql/${name}`, 'utf8') });

/** The error an async call throws (fails the test when it does not throw). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

async function tableNames(shadow: Shadow, schema = 'public'): Promise<string[]> {
  const { rows } = await shadow.db.query<{ relname: string }>(
    "SELECT c.relname FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'v') ORDER BY 1",
    [schema],
  );
  return rows.map((r) => r.relname);
}

// PGlite takes seconds to start: one instance serves the tests that each use their own objects.
let shadow: Shadow;
beforeAll(async () => {
  shadow = await openEmbeddedShadow([]);
});
afterAll(async () => {
  await shadow.close();
});

describe('embedded shadow (PGlite)', () => {
  it('runs PostgreSQL 18 and applies a multi-file script in order', async () => {
    const { rows } = await shadow.db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(180000);
    expect(shadow.kind).toBe('embedded');
    expect(shadow.url).toBeUndefined();
    for (const name of ['01-tables.sql', '02-indexes.sql']) await applyScript(shadow, await parseScript(fixture(`two-files/${name}`)));
    expect(await tableNames(shadow)).toEqual(expect.arrayContaining(['author', 'book']));
    const { rows: indexes } = await shadow.db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'book' ORDER BY 1",
    );
    expect(indexes.map((r) => r.indexname)).toEqual(['book_author_id_idx', 'book_pkey']);
  });

  it('gives the event loop turns while a long script runs (a live read beside it must not starve)', async () => {
    // 600 statements: well over the 25 ms slice on any machine. Without the yield, PGlite's
    // promises settle as microtasks and no timer fires until the script is done.
    const text = Array.from({ length: 300 }, (_, i) => `CREATE TABLE turn_${i} (id int PRIMARY KEY, v text);\nCREATE INDEX turn_${i}_v ON turn_${i} (v);`).join('\n');
    let ticks = 0;
    let applying = true;
    const tick = (): void => {
      ticks++;
      if (applying) setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const started = performance.now();
    await applyScript(shadow, await parseScript({ name: 'turns.sql', text }));
    const elapsed = performance.now() - started;
    applying = false;
    // At least one turn for every 100 ms the script took (a yield comes every 25 ms).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 100));
    expect(ticks).toBeGreaterThan(0);
  });

  it('cites file:line:col of a syntax error, counting characters, and applies nothing of that file', async () => {
    const err = await failure(applyScript(shadow, await parseScript(fixture('syntax-error.sql'))));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('fixtures/sql/syntax-error.sql:7:24: syntax error at or near "TABL"');
    expect((err as InputError).exitCode).toBe(2);
    expect(await tableNames(shadow)).not.toContain('café');
  });

  it('cites the position PostgreSQL reports for an error that is not a syntax error', async () => {
    await shadow.exec('CREATE SCHEMA semantic; SET search_path = semantic');
    const err = await failure(applyScript(shadow, await parseScript(fixture('semantic-error.sql'))));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('fixtures/sql/semantic-error.sql:5:48: relation "nope" does not exist');
    // Statements run one by one, as psql -f runs them: those before the error were applied.
    expect(await tableNames(shadow, 'semantic')).toEqual(['ok']);
    await shadow.exec('RESET search_path');
  });

  it('cites the start of the statement when PostgreSQL gives no position', async () => {
    await shadow.exec('CREATE SCHEMA folder_error; SET search_path = folder_error');
    await applyScript(shadow, await parseScript(fixture('folder-error/01-tables.sql')));
    await shadow.exec('SET search_path = folder_error');
    const err = await failure(applyScript(shadow, await parseScript(fixture('folder-error/02-alter.sql'))));
    expect(err.message).toBe('fixtures/sql/folder-error/02-alter.sql:3:1: relation "acount" does not exist');
    await shadow.exec('RESET search_path');
  });

  it('runs statements outside a transaction block (CREATE INDEX CONCURRENTLY) and honours BEGIN … COMMIT', async () => {
    const text = [
      'CREATE TABLE conc (id int);',
      'CREATE INDEX CONCURRENTLY conc_id_idx ON conc (id);',
      'BEGIN;',
      'CREATE TABLE in_tx (id int);',
      'COMMIT;',
    ].join('\n');
    await applyScript(shadow, await parseScript({ name: 'c.sql', text }));
    expect(await tableNames(shadow)).toEqual(expect.arrayContaining(['conc', 'in_tx']));
  });

  it('starts each script with a fresh session: SET ROLE and search_path do not leak into the next', async () => {
    await applyScript(shadow, await parseScript({ name: 'a.sql', text: "CREATE ROLE leaky NOLOGIN; SET search_path = ''; SET ROLE leaky;" }));
    await applyScript(shadow, await parseScript({ name: 'b.sql', text: 'CREATE TABLE after_reset (id int);' }));
    const { rows } = await shadow.db.query<{ owner: string; who: string }>(
      "SELECT pg_get_userbyid(relowner) AS owner, current_user AS who FROM pg_class WHERE relname = 'after_reset'",
    );
    expect(rows).toEqual([{ owner: 'postgres', who: 'postgres' }]);
  });

  it('creates the roles the SQL names, so owners, grants and policies apply as declared', async () => {
    const roles = await parseScript(fixture('roles.sql'));
    const needs = scriptRequirements([roles]);
    expect([...(await ensureRoles(shadow, needs.roles))].sort()).toEqual(
      ['Billing Admin', 'app_user', 'auditors', 'billing_owner', 'reporting'].sort(),
    );
    expect(await ensureRoles(shadow, needs.roles)).toEqual([]);
    await applyScript(shadow, roles);
    const { rows } = await shadow.db.query<{ owner: string; rolcanlogin: boolean; policy_roles: string }>(
      `SELECT pg_get_userbyid(c.relowner) AS owner,
              (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'reporting') AS rolcanlogin,
              (SELECT array_to_string(roles, ',') FROM pg_policies WHERE policyname = 'invoice_by_customer') AS policy_roles
       FROM pg_class c WHERE c.oid = 'billing.invoice'::regclass`,
    );
    expect(rows).toEqual([{ owner: 'Billing Admin', rolcanlogin: false, policy_roles: 'app_user,postgres' }]);
  });

  it('skips CREATE ROLE for a role that exists already: roles are not part of the schema', async () => {
    await applyScript(shadow, await parseScript({ name: 'r.sql', text: 'CREATE ROLE twice; CREATE ROLE twice;' }));
    const err = await failure(applyScript(shadow, await parseScript({ name: 's.sql', text: 'CREATE SCHEMA twice; CREATE SCHEMA twice;' })));
    expect(err.message).toBe('s.sql:1:22: schema "twice" already exists');
  });
});

describe('embedded shadow extensions', () => {
  it('loads the extensions the SQL creates', async () => {
    const script = await parseScript(fixture('extension.sql'));
    const withExtensions = await openEmbeddedShadow(scriptRequirements([script]).extensions);
    try {
      await applyScript(withExtensions, script);
      const { rows } = await withExtensions.db.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY 1');
      expect(rows.map((r) => r.extname)).toEqual(['citext', 'pg_trgm', 'plpgsql']);
      await withExtensions.exec("INSERT INTO member VALUES (1, 'A@example.com')");
      const dup = await failure(withExtensions.exec("INSERT INTO member VALUES (2, 'a@EXAMPLE.com')"));
      expect(dup.message).toMatch(/duplicate key/);
    } finally {
      await withExtensions.close();
    }
  });

  it('creates extensions that come from shared bundles or need another (CASCADE)', async () => {
    const script = await parseScript({
      name: 'more.sql',
      text: 'CREATE EXTENSION "uuid-ossp";\nCREATE EXTENSION earthdistance CASCADE;\nCREATE EXTENSION autoinc;\nCREATE EXTENSION moddatetime;',
    });
    const more = await openEmbeddedShadow(scriptRequirements([script]).extensions);
    try {
      await applyScript(more, script);
      const { rows } = await more.db.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY 1');
      expect(rows.map((r) => r.extname)).toEqual(['autoinc', 'cube', 'earthdistance', 'moddatetime', 'plpgsql', 'uuid-ossp']);
    } finally {
      await more.close();
    }
  });

  it('refuses an extension PGlite lacks, before starting, and recommends --shadow-url', async () => {
    const needs = scriptRequirements([await parseScript(fixture('missing-extension.sql'))]);
    const started = Date.now();
    const err = await failure(openEmbeddedShadow(needs.extensions));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      'extension "postgis" is not available in the embedded shadow database (fixtures/sql/missing-extension.sql:3:3); ' +
        'use --shadow-url postgres://… to apply the schema on a real server',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('close() can be called twice', async () => {
    const s = await openEmbeddedShadow([]);
    await s.close();
    await expect(s.close()).resolves.toBeUndefined();
  });
});
