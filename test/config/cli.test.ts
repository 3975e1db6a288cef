import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { jsonValidator } from '../../src/model/schema-validation.js';
import { PRESET_NAMES } from '../../src/config/presets.js';

/** The schema the code declares, and a database that drifted from it in the ways issue 13 names. */
const SCHEMA = 'CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);';
const DRIFT = [
  // PostGIS's table, restored without its extension.
  'CREATE TABLE spatial_ref_sys (srid integer PRIMARY KEY, auth_name varchar(256), srtext varchar(2048));',
  // Another tool's schema.
  'CREATE SCHEMA partman; CREATE TABLE partman.part_config (parent_table text PRIMARY KEY);',
  'CREATE EXTENSION pgcrypto;',
  // Known drift: a hotfix column the next migration adopts.
  'ALTER TABLE account ADD COLUMN plan text;',
].join('\n');

let expected: TestDatabase;
let drifted: TestDatabase;
let work: string;

beforeAll(async () => {
  [expected, drifted] = await Promise.all([createTestDatabase('pgdrift_cfg_exp'), createTestDatabase('pgdrift_cfg_db')]);
  await Promise.all([expected.exec(SCHEMA), drifted.exec(`${SCHEMA}\n${DRIFT}`)]);
  work = mkdtempSync(join(tmpdir(), 'pgdrift-config-'));
});

afterAll(async () => {
  await Promise.all([expected?.drop(), drifted?.drop()]);
});

let n = 0;
/** A fresh folder holding `config` as pgdrift.config.json (or under `name`). */
function folder(config: unknown, name = 'pgdrift.config.json'): string {
  const dir = join(work, `case-${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

const check = (dir: string, ...extra: string[]) => runCli(['check', '--db', drifted.url, '--expected', expected.url, ...extra], {}, dir);
const ids = (stdout: string): string[] => (JSON.parse(stdout) as { changes: { id: string }[] }).changes.map((c) => c.id).sort();

const GREEN = (until: string) => ({
  'ignore-presets': ['postgis'],
  ignore: [{ schema: 'partman' }, { kind: 'extension' }],
  accept: [{ id: 'column:public.account.plan', reason: 'hotfix INC-42; the next migration adopts it', until }],
});

describe('issue 13: a database with tool tables and known drift', () => {
  test('without a config it is red with every difference', async () => {
    const r = await check(folder({}), '--format', 'json');
    expect(r.code).toBe(1);
    expect(ids(r.stdout)).toEqual(['column:public.account.plan', 'extension:pgcrypto', 'schema:partman', 'table:partman.part_config', 'table:public.spatial_ref_sys']);
  });

  test('green with a config that ignores the tool tables and accepts the hotfix', async () => {
    const dir = folder(GREEN('2999-12-31'));
    const r = await check(dir);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^✓ no drift: 0 errors, 0 warnings, 0 info; 1 accepted, 4 ignored/);
    expect(r.stdout).toContain('✓ accepted  column public.account.plan is not expected (text)');
    expect(r.stdout).toContain('reason: hotfix INC-42; the next migration adopts it (until 2999-12-31)');
    expect(r.stdout).toContain("4 changes ignored by the config's ignore rules");
    expect(r.stdout).not.toContain('spatial_ref_sys');
    const json = await check(dir, '--format', 'json');
    const report = JSON.parse(json.stdout);
    expect(jsonValidator('report.schema.json')(report)).toBeNull();
    expect(report.summary).toMatchObject({ total: 0, ignored: 4, accepted: 1 });
    expect(report.accepted[0]).toMatchObject({ id: 'column:public.account.plan', acceptance: { reason: 'hotfix INC-42; the next migration adopts it', until: '2999-12-31' } });
    const md = await check(dir, '--format', 'markdown');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| column account.plan | column public.account.plan is not expected (text) | hotfix INC-42; the next migration adopts it | 2999-12-31 |');
  });

  test('red again once the acceptance has expired, and the report says so', async () => {
    const dir = folder(GREEN('2020-01-31'));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ drift: 0 errors, 1 warning, 0 info; 4 ignored/);
    expect(r.stdout).toContain('✗ expired  column:public.account.plan: accepted until 2020-01-31');
    const report = JSON.parse((await check(dir, '--format', 'json')).stdout);
    expect(jsonValidator('report.schema.json')(report)).toBeNull();
    expect(report.acceptanceNotes).toEqual([{ id: 'column:public.account.plan', state: 'expired', reason: 'hotfix INC-42; the next migration adopts it', until: '2020-01-31' }]);
  });

  test('an acceptance that matches nothing is a note, not a failure', async () => {
    const r = await check(folder({ ...GREEN('2999-12-31'), accept: [...GREEN('2999-12-31').accept, { id: 'index:public.account.gone_idx', reason: 'dropped' }] }), '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).acceptanceNotes).toEqual([{ id: 'index:public.account.gone_idx', state: 'stale', reason: 'dropped', until: null }]);
  });

  test('ignore by schema leaves the rest', async () => {
    const r = await check(folder({ ignore: [{ schema: 'partman' }] }), '--format', 'json');
    expect(r.code).toBe(1);
    expect(ids(r.stdout)).toEqual(['column:public.account.plan', 'extension:pgcrypto', 'table:public.spatial_ref_sys']);
    expect(JSON.parse(r.stdout).summary.ignored).toBe(2);
  });

  test('ignore of an extension, by kind or by name', async () => {
    for (const rule of [{ kind: 'extension' }, { kind: 'extension', name: 'pg*' }]) {
      const r = await check(folder({ ignore: [rule] }), '--format', 'json');
      expect(ids(r.stdout)).toEqual(['column:public.account.plan', 'schema:partman', 'table:partman.part_config', 'table:public.spatial_ref_sys']);
    }
    const other = await check(folder({ ignore: [{ kind: 'extension', name: 'postgis' }] }), '--format', 'json');
    expect(ids(other.stdout)).toContain('extension:pgcrypto');
  });

  test('diff applies the same rules', async () => {
    const dir = folder(GREEN('2999-12-31'));
    const r = await runCli(['diff', drifted.url, expected.url, '--format', 'json'], {}, dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ total: 0, ignored: 4, accepted: 1 });
  });
});

describe('flags and the file', () => {
  test('a flag wins over the file; the file wins over the default', async () => {
    const dir = folder({ 'fail-on': 'error', check: { format: 'json' } });
    const fromFile = await check(dir);
    // Only warnings and info: fail-on error from the file passes; format json from the file.
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).failOn).toBe('error');
    const flags = await check(dir, '--fail-on', 'warning', '--format', 'text');
    expect(flags.code).toBe(1);
    expect(flags.stdout).toMatch(/^✗ drift/);
  });

  test('a section value wins over a top-level one, for its command only', async () => {
    const dir = folder({ format: 'json', check: { format: 'markdown' } });
    expect((await check(dir)).stdout).toMatch(/^## ✗ pgdrift: schema drift/);
    const diff = await runCli(['diff', drifted.url, expected.url], {}, dir);
    expect(JSON.parse(diff.stdout).status).toBe('drift');
  });

  test('--expected on the command line sets aside the migrations the file names', async () => {
    const r = await check(folder({ check: { migrations: 'no/such/folder' } }), '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  test('the file is found from a folder below it; .pgdriftrc.json too; --config names another; --no-config reads none', async () => {
    const dir = folder({ check: { format: 'json' } });
    const below = join(dir, 'backend', 'app');
    mkdirSync(below, { recursive: true });
    expect(JSON.parse((await check(below)).stdout).failOn).toBe('warning');
    const rc = folder({ check: { format: 'json' } }, '.pgdriftrc.json');
    expect(JSON.parse((await check(rc)).stdout).failOn).toBe('warning');
    const other = join(work, 'elsewhere.json');
    writeFileSync(other, JSON.stringify({ check: { format: 'markdown' } }));
    expect((await check(dir, '--config', other)).stdout).toMatch(/^## /);
    expect((await check(dir, `--config=${other}`)).stdout).toMatch(/^## /);
    expect((await check(dir, '--no-config')).stdout).toMatch(/^✗ drift/);
    // Options may come before the command.
    const before = await runCli(['--config', other, 'check', '--db', drifted.url, '--expected', expected.url], {}, dir);
    expect(before.stdout).toMatch(/^## /);
  });

  test('pgdrift config says which file and where each value comes from, without the password', async () => {
    const dir = folder({ db: drifted.url, 'fail-on': 'error', check: { 'lock-timeout': '2min' }, ...GREEN('2999-12-31') });
    const r = await runCli(['config', '--statement-timeout', '30s'], {}, dir);
    expect(r.code).toBe(0);
    const password = new URL(drifted.url).password;
    expect(password).not.toBe('');
    expect(r.stdout).not.toContain(password);
    expect(r.stdout).toMatch(/^config file: pgdrift\.config\.json\n/);
    expect(r.stdout).toContain('"error"  (file /fail-on)');
    expect(r.stdout).toContain('"2min"  (file /check/lock-timeout)');
    expect(r.stdout).toContain('"30s"  (flag)');
    expect(r.stdout).toContain('"text"  (default)');
    const json = await runCli(['config', 'diff', '--format', 'json'], {}, dir);
    const shown = JSON.parse(json.stdout);
    expect(shown.file).toBe('pgdrift.config.json');
    expect(shown.options['fail-on']).toEqual({ value: 'error', from: 'file', path: '/fail-on' });
    expect(shown.options['lock-timeout']).toEqual({ value: '5s', from: 'default' });
    expect(shown.options.db).toBeUndefined(); // diff takes no --db
    expect(json.stdout).not.toContain(password);
    // The file's database is used, as --db would be.
    expect((await runCli(['check', '--expected', expected.url], {}, dir)).code).toBe(0);
  });

  test('--version and --help do not read the config file', async () => {
    const dir = folder('{ broken');
    expect((await runCli(['--version'], {}, dir)).code).toBe(0);
    expect((await runCli(['check', '--help'], {}, dir)).code).toBe(0);
    expect((await runCli(['check', '--db', drifted.url, '--expected', expected.url], {}, dir)).code).toBe(2);
  });
});

describe('bad config: exit 2, one line naming the file and the JSON path', () => {
  const bad: [string, unknown, string][] = [
    ['invalid JSON', '{\n  "fail-on": "error",\n}', 'pgdrift: pgdrift.config.json:3:1: invalid JSON: unexpected character "}"; expected a double-quoted property name'],
    ['an unknown key', { 'fail-onn': 'error' }, 'pgdrift: pgdrift.config.json: /fail-onn is not an allowed property'],
    ['an unknown key in a section', { check: { colour: true } }, 'pgdrift: pgdrift.config.json: /check/colour is not an allowed property'],
    ['an unknown kind', { ignore: [{ kind: 'tabel' }] }, 'pgdrift: pgdrift.config.json: /ignore/0/kind must be one of "schema", "extension", "table",'],
    ['an empty rule', { ignore: [{}] }, 'pgdrift: pgdrift.config.json: /ignore/0 must NOT have fewer than 1 properties'],
    ['a rule that matches everything', { ignore: [{ schema: '*' }] }, 'pgdrift: pgdrift.config.json: /ignore/0 matches every object, so no drift could ever be found'],
    ['another rule that matches everything', { ignore: [{ name: '**', table: '*' }] }, 'pgdrift: pgdrift.config.json: /ignore/0 matches every object'],
    ['a table on a kind that has none', { ignore: [{ kind: 'extension', table: 'x' }] }, 'pgdrift: pgdrift.config.json: /ignore/0/table cannot match a extension'],
    ['an unknown preset', { 'ignore-presets': ['djangoo'] }, 'pgdrift: pgdrift.config.json: /ignore-presets/0 must be one of "alembic",'],
    ['an acceptance without reason', { accept: [{ id: 'table:public.x' }] }, 'pgdrift: pgdrift.config.json: /accept/0 is missing property "reason"'],
    ['a date that is no date', { accept: [{ id: 'table:public.x', reason: 'r', until: '2026-02-30' }] }, 'pgdrift: pgdrift.config.json: /accept/0/until is not a date (YYYY-MM-DD), found "2026-02-30"'],
    ['a date in another form', { accept: [{ id: 'table:public.x', reason: 'r', until: '01/03/2026' }] }, 'pgdrift: pgdrift.config.json: /accept/0/until must match pattern'],
    ['one id accepted twice', { accept: [{ id: 'a', reason: 'r' }, { id: 'a', reason: 's' }] }, 'pgdrift: pgdrift.config.json: /accept/1/id accepts a again (first at /accept/0)'],
    ['a duration that is none', { 'lock-timeout': '5 seconds' }, 'pgdrift: pgdrift.config.json: /lock-timeout must match pattern'],
    ['a wrong type', { schema: 'public' }, 'pgdrift: pgdrift.config.json: /schema must be array, found "public"'],
    ['a format the command does not have', { check: { format: 'xml' } }, 'pgdrift: pgdrift.config.json: /check/format must be one of "text", "json", "markdown"'],
  ];
  test.each(bad)('%s', async (_what, config, message) => {
    const r = await check(folder(config));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("an option another command's section has is refused for that command", async () => {
    const dir = folder({ diff: { migrations: 'migrations' } });
    const r = await runCli(['diff', drifted.url, expected.url], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pgdrift: pgdrift.config.json: /diff/migrations is not an option of pgdrift diff\n');
  });

  test('a top-level format one command lacks is refused for that command only', async () => {
    const dir = folder({ format: 'markdown', migrations: join(repoRoot, 'fixtures/migrations/golang-migrate') });
    const r = await runCli(['diagnose', '--db', drifted.url], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pgdrift: pgdrift.config.json: /format must be one of "text", "json", "github", "sarif", "junit" for pgdrift diagnose, found "markdown"\n');
  });

  test('--config naming a missing file', async () => {
    const r = await check(folder({}), '--config', 'nope.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pgdrift: nope.json: cannot read the config file (no such file)\n');
  });

  test('two config files in one folder', async () => {
    const dir = folder({});
    writeFileSync(join(dir, '.pgdriftrc.json'), '{}');
    const r = await check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pgdrift\.config\.json and .*\.pgdriftrc\.json: two config files in one folder; keep one\n$/);
  });

  test('a password in a bad config value is not printed', async () => {
    const r = await check(folder({ 'shadow-url': 42, db: 'postgres://app:hunter2@db/app' }));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('hunter2');
    const bad = await check(folder({ 'fail-on': 'postgres://app:hunter2@db/app' }));
    expect(bad.stderr).toContain('/fail-on must be one of');
    expect(bad.stderr).not.toContain('hunter2');
  });
});

test('schemas/config.schema.json names exactly the presets and object kinds the code knows', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/config.schema.json'), 'utf8'));
  expect([...schema.properties['ignore-presets'].items.enum].sort()).toEqual([...PRESET_NAMES].sort());
  const report = JSON.parse(readFileSync(join(repoRoot, 'schemas/report.schema.json'), 'utf8'));
  expect(schema.definitions.ignoreRule.properties.kind.enum).toEqual(report.definitions.change.properties.objectType.enum);
});

describe('the other comparisons', () => {
  const MIGRATIONS = join(repoRoot, 'fixtures/migrations/golang-migrate');
  let migrated: TestDatabase;

  beforeAll(async () => {
    migrated = await createTestDatabase('pgdrift_cfg_mig');
    const ups = ['000001_create_users', '000002_add_posts', '000003_users_display_name'].map((f) => readFileSync(join(MIGRATIONS, `${f}.up.sql`), 'utf8'));
    await migrated.exec(ups.join('\n'));
    await migrated.exec('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, false);');
    await migrated.exec('CREATE TABLE spatial_ref_sys (srid integer PRIMARY KEY); ALTER TABLE posts ADD COLUMN draft boolean;');
  });

  afterAll(async () => {
    await migrated?.drop();
  });

  test('check --migrations: the rules apply to the schema part', async () => {
    const args = ['check', '--db', migrated.url, '--migrations', MIGRATIONS, '--format', 'json'];
    const red = await runCli(args, {}, folder({}));
    expect(red.code).toBe(1);
    const dir = folder({ 'ignore-presets': ['postgis'], accept: [{ id: 'column:public.posts.draft', reason: 'feature flag, dropped in 000004' }] });
    const green = await runCli(args, {}, dir);
    expect({ code: green.code, stderr: green.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(green.stdout);
    expect(result.schema.summary).toMatchObject({ total: 0, ignored: 1, accepted: 1 });
    expect(result.schema.accepted[0].acceptance.reason).toBe('feature flag, dropped in 000004');
    const text = await runCli(args.slice(0, -2), {}, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('reason: feature flag, dropped in 000004');
  });

  test('status and diagnose still run with a config file', async () => {
    const dir = folder({ migrations: MIGRATIONS, 'ignore-presets': ['postgis'] });
    const status = await runCli(['status', '--db', migrated.url], {}, dir);
    expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
    const diagnose = await runCli(['diagnose', '--db', migrated.url, '--format', 'json'], {}, dir);
    expect(diagnose.stderr).toBe('');
    expect([0, 1]).toContain(diagnose.code);
  });
});

test('check --models: ignored differences and accepted findings are said in its notes', async () => {
  const models = join(repoRoot, 'fixtures/models/classic');
  const args = ['check', '--models', join(models, 'shop'), '--migrations', join(models, 'migrations'), '--format', 'json'];
  const dir = folder({
    ignore: [{ kind: 'table', name: 'coupon' }],
    accept: [
      { id: 'index:public.order.ix_order_user_id', reason: 'the index comes with 0003' },
      { id: 'column:public.user.name', reason: 'renamed in 0003', until: '2020-01-01' },
    ],
  });
  const r = await runCli(args, {}, dir);
  expect(r.stderr).toBe('');
  const result = JSON.parse(r.stdout);
  expect(jsonValidator('models-check.schema.json')(result)).toBeNull();
  expect(result.findings.map((f: { ids: string[] }) => f.ids[0])).toEqual([
    'constraint:public.order_line.order_line_sku_uq',
    'column:public.user.name',
    'constraint:public.user.user_email_key',
  ]);
  expect(result.notes).toEqual([
    'accepted index:public.order.ix_order_user_id: the index comes with 0003',
    'acceptance of column:public.user.name expired on 2020-01-01: it counts again (renamed in 0003)',
    "1 difference ignored by the config's ignore rules",
  ]);
});
