import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, runCli } from '../helpers/cli.js';
import { loadedModules } from '../helpers/loaded-modules.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { parsePrometheusText, sarifValidator, workflowCommands } from '../helpers/ci-formats.js';
import { elements, parseXml } from '../helpers/xml.js';

/*
 * The CI formats end to end, against a real PostgreSQL: annotations at the migration file and
 * line attribution knows, SARIF valid against the official schema, JUnit well-formed, the
 * metrics file in the text format — also for a failed run — and hostile catalog names that
 * must not become a workflow command, an XML element or a metric line.
 */

const TIMEOUT = 120_000;
const GOLANG = join('fixtures', 'migrations', 'golang-migrate');
const validateSarif = sarifValidator();
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-ci-formats-'));
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_ci');
  databases.push(db);
  if (sql) await db.exec(sql);
  return db;
}

/** golang-migrate fixture applied up to `version`, recorded as the tool records it, then `after`. */
async function atVersion(version: number, after = ''): Promise<TestDatabase> {
  const names = ['000001_create_users', '000002_add_posts', '000003_users_display_name'].slice(0, version);
  const sql = names.map((n) => readFileSync(join(repoRoot, GOLANG, `${n}.up.sql`), 'utf8')).join('\n');
  return database(`${sql}\nCREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (${version}, false);\n${after}`);
}

const file = (name: string): string => join(scratch, name);

describe('--format github', () => {
  test('diagnose: a difference no revision explains is annotated at the line of the revision that made the object', async () => {
    const db = await atVersion(3, 'DROP INDEX posts_user_id_idx;');
    const summary = file('summary.md');
    writeFileSync(summary, 'an earlier step\n');
    const r = await runCli(['diagnose', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(workflowCommands(r.stdout)).toEqual([
      `::error file=${GOLANG}/000002_add_posts.up.sql,line=7,title=pgdrift%3A index public.posts.posts_user_id_idx missing::index public.posts.posts_user_id_idx is missing`,
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^pgdrift: drift: the schema is revision 3 \(users display name\) as recorded, with 1 difference no revision explains$/);
    // Appended to the job summary, after what earlier steps wrote.
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('an earlier step\n## ✗ pgdrift: drift')).toBe(true);
    expect(written).toContain(`\`${GOLANG}/000002_add_posts.up.sql:7\``);
  }, TIMEOUT);

  test('check --migrations: a pending revision is annotated on its file; --require-head makes it an error', async () => {
    const db = await atVersion(2);
    const r = await runCli(['check', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'github', '--require-head']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(workflowCommands(r.stdout)).toEqual([
      `::error file=${GOLANG}/000003_users_display_name.up.sql,title=pgdrift%3A migration state%3A behind::revision 3 (users display name) is pending`,
    ]);
    const lenient = await runCli(['check', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'github']);
    expect(lenient.code).toBe(0);
    expect(workflowCommands(lenient.stdout)).toEqual([
      `::notice file=${GOLANG}/000003_users_display_name.up.sql,title=pgdrift%3A migration state%3A behind::revision 3 (users display name) is pending`,
    ]);
  }, TIMEOUT);

  test('check --migrations: a schema change is annotated at the line of the revision that made the object; one no revision made, without a file', async () => {
    const db = await atVersion(3, 'DROP INDEX posts_user_id_idx; ALTER TABLE posts ADD COLUMN by_hand int;');
    const r = await runCli(['check', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'github', '--format-file', `sarif=${file('attributed.sarif')}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(workflowCommands(r.stdout)).toEqual([
      '::warning title=pgdrift%3A column public.posts.by_hand unexpected::column public.posts.by_hand is not expected (integer)',
      `::error file=${GOLANG}/000002_add_posts.up.sql,line=7,title=pgdrift%3A index public.posts.posts_user_id_idx missing::index public.posts.posts_user_id_idx is missing`,
    ]);
    const log = JSON.parse(readFileSync(file('attributed.sarif'), 'utf8'));
    expect(validateSarif(log)).toBeNull();
    const index = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'drift/index/missing');
    expect(index.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: `${GOLANG}/000002_add_posts.up.sql` }, region: { startLine: 7 } });
  }, TIMEOUT);

  test('status --format junit and sarif: the pending revision fails the migration-state suite, at its file', async () => {
    const db = await atVersion(2);
    const junit = await runCli(['status', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'junit']);
    expect(junit.code).toBe(1);
    const root = parseXml(junit.stdout);
    expect(elements(root, 'testsuite').map((t) => t.attributes.name)).toEqual(['migration state']);
    expect(elements(root, 'failure').map((f) => f.text)).toEqual([`warning: revision 3 (users display name) is pending (${GOLANG}/000003_users_display_name.up.sql)`]);
    const sarif = await runCli(['status', '--db', db.url, '--migrations', GOLANG, '--no-cache', '--format', 'sarif']);
    const log = JSON.parse(sarif.stdout);
    expect(validateSarif(log)).toBeNull();
    expect(log.runs[0].results).toMatchObject([
      { ruleId: 'migration/behind', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: `${GOLANG}/000003_users_display_name.up.sql` } } }] },
    ]);
  }, TIMEOUT);

  test('check --models: at the model file:line:column', async () => {
    const r = await runCli(['check', '--models', 'fixtures/models/classic/shop/models', '--migrations', 'fixtures/models/classic/migrations', '--no-cache', '--format', 'github']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(workflowCommands(r.stdout)).toContain(
      '::error file=fixtures/models/classic/shop/models/users.py,line=26,col=12,title=pgdrift%3A column public.user.name%3A models ≠ migrations::column public.user.name: models ≠ migrations (models: nullable; migrations: NOT NULL)',
    );
  }, TIMEOUT);
});

describe('hostile catalog names', () => {
  const marker = join(scratch, 'owned');
  const hostileSql = readFileSync(join(repoRoot, 'test/report/fixtures/hostile-catalog.sql'), 'utf8').replaceAll('MARKER', marker);
  // What a workflow-command or XML reader would obey, written as names.
  const forged = `
    CREATE TABLE public.U&"x\\000a::error file=forged.sql::forged" (id integer);
    CREATE TABLE public."::stop-commands::pgdrift" (id integer);
    CREATE TABLE public."%0A::warning::encoded" (id integer);
    CREATE TABLE public."</failure></testcase><testcase name=""forged""><failure>]]>" (id integer);
    CREATE TABLE public.U&"cr\\000d::error::cr\\001b[31m" (id integer);
    COMMENT ON TABLE public."::stop-commands::pgdrift" IS E'\\n::error::comment\\n# TYPE forged gauge';`;
  let plain: TestDatabase;
  let hostile: TestDatabase;

  beforeAll(async () => {
    [plain, hostile] = await Promise.all([database('CREATE TABLE public.sentinel (id integer)'), database(`${hostileSql}\n${forged}`)]);
  });

  test('--format github: one command per change, each well-formed; nothing forged', async () => {
    const r = await runCli(['check', '--db', hostile.url, '--expected', plain.url, '--format', 'github', '--fail-on', 'info']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse((await runCli(['check', '--db', hostile.url, '--expected', plain.url, '--format', 'json'])).stdout);
    const commands = workflowCommands(r.stdout);
    expect(commands).toHaveLength(json.changes.length);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(json.changes.length + 1);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) title=[^,:]*::.*$/);
    expect(r.stdout).not.toMatch(/[\r\u001b\u009b\u202e]/);
    expect(commands.some((c) => c.includes('table public.x\\n::error file=forged.sql::forged is not expected'))).toBe(true);
    expect(commands.some((c) => c.includes('%250A::warning::encoded'))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  }, TIMEOUT);

  test('--format junit and --format-file sarif=…: well-formed XML and a valid SARIF log, names kept as text', async () => {
    const sarif = file('hostile.sarif');
    const r = await runCli(['check', '--db', hostile.url, '--expected', plain.url, '--format', 'junit', '--format-file', `sarif=${sarif}`, '--fail-on', 'info']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const root = parseXml(r.stdout);
    expect(elements(root, 'testcase').every((t) => /^[a-z ]+$/.test(t.attributes.name ?? ''))).toBe(true);
    const text = elements(root, 'failure')
      .map((f) => f.text)
      .join('\n');
    expect(text).toContain('table public.</failure></testcase><testcase name="forged"><failure>]]> is not expected');
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(validateSarif(log)).toBeNull();
    expect(log.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['pgdriftFindingId/v1'])).toContain('table:public.::stop-commands::pgdrift');
  }, TIMEOUT);
});

describe('several formats in one run', () => {
  test('text printed, SARIF, JUnit and JSON written; SARIF points at the expected file', async () => {
    const db = await database('CREATE TABLE public.author (id integer PRIMARY KEY, name text)');
    const [sarif, junit, json] = [file('r.sarif'), file('r.xml'), file('r.json')];
    const r = await runCli(
      ['check', '--db', db.url, '--expected', 'fixtures/sql/two-files', '--format', 'text', '--format-file', `sarif=${sarif}`, '--format-file', `junit=${junit}`, '--format-file', `json=${json}`],
      {},
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^✗ drift: /);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(validateSarif(log)).toBeNull();
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(log.runs[0].results).toHaveLength(report.changes.length);
    for (const result of log.runs[0].results) expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'fixtures/sql/two-files', uriBaseId: '%SRCROOT%' });
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(Number(root.attributes.failures)).toBeGreaterThan(0);
  }, TIMEOUT);
});

describe('--metrics-file', () => {
  test('a completed run, then a failed one: pgdrift_up 0, the last success kept', async () => {
    const db = await database('CREATE TABLE public.author (id integer PRIMARY KEY)');
    const metrics = file('pgdrift.prom');
    const ok = await runCli(['check', '--db', db.url, '--expected', 'fixtures/sql/two-files', '--metrics-file', metrics]);
    expect(ok.code).toBe(1);
    const first = parsePrometheusText(readFileSync(metrics, 'utf8'));
    const value = (samples: typeof first, name: string) => samples.find((s) => s.name === name)?.value;
    expect(value(first, 'pgdrift_up')).toBe(1);
    expect(value(first, 'pgdrift_drift')).toBe(1);
    expect(first.find((s) => s.name === 'pgdrift_up')?.labels).toEqual({ target: db.url.replace(/:[^:@/]*@/, ':***@'), command: 'check' });
    expect(first.some((s) => s.name === 'pgdrift_changes' && s.labels.object_type === 'table' && s.labels.kind === 'missing' && s.labels.severity === 'error')).toBe(true);
    const success = value(first, 'pgdrift_last_success_timestamp_seconds') as number;
    expect(Math.abs(success - Date.now() / 1000)).toBeLessThan(120);

    // The same job, now failing: bad input, before anything is read.
    const bad = await runCli(['check', '--db', db.url, '--expected', 'fixtures/sql/no-such.sql', '--metrics-file', metrics]);
    expect(bad.code).toBe(2);
    const second = parsePrometheusText(readFileSync(metrics, 'utf8'));
    expect(value(second, 'pgdrift_up')).toBe(0);
    expect(value(second, 'pgdrift_exit_code')).toBe(2);
    expect(value(second, 'pgdrift_drift')).toBeUndefined();
    expect(value(second, 'pgdrift_last_success_timestamp_seconds')).toBe(success);
    expect(value(second, 'pgdrift_last_run_timestamp_seconds')).toBeGreaterThanOrEqual(success);

    // A usage error yargs reports itself (a bad --format) writes the file too.
    const usage = await runCli(['check', '--db', db.url, '--expected', 'x.sql', '--format', 'nosuch', '--metrics-file', metrics]);
    expect(usage.code).toBe(2);
    expect(value(parsePrometheusText(readFileSync(metrics, 'utf8')), 'pgdrift_exit_code')).toBe(2);
  }, TIMEOUT);

  test('cannot connect: exit 3 written, no last success when there was no previous file', async () => {
    const metrics = file('down.prom');
    const r = await runCli(['status', '--db', 'postgres://app:secret@127.0.0.1:1/app', '--migrations', GOLANG, '--no-cache', '--metrics-file', metrics]);
    expect(r.code).toBe(3);
    const text = readFileSync(metrics, 'utf8');
    expect(text).not.toContain('secret');
    const samples = parsePrometheusText(text);
    expect(samples.find((s) => s.name === 'pgdrift_exit_code')?.value).toBe(3);
    expect(samples.find((s) => s.name === 'pgdrift_up')?.labels).toEqual({ target: 'postgres://app:***@127.0.0.1:1/app', command: 'status' });
    expect(samples.some((s) => s.name === 'pgdrift_last_success_timestamp_seconds')).toBe(false);
  }, TIMEOUT);
});

describe('bad output options: exit 2, one line, nothing run', () => {
  const folder = file('a-folder');
  mkdirSync(folder, { recursive: true });
  test.each<[string, readonly string[], RegExp]>([
    ['no =', ['--format-file', 'sarif'], /^pgdrift: --format-file takes FORMAT=PATH \(FORMAT one of text, json, markdown, sarif, junit\), got 'sarif'$/],
    ['no format', ['--format-file', '=x'], /^pgdrift: --format-file takes FORMAT=PATH .*, got '=x'$/],
    ['no path', ['--format-file', 'json='], /^pgdrift: --format-file takes FORMAT=PATH .*, got 'json='$/],
    ['an unknown format', ['--format-file', 'nosuch=x'], /^pgdrift: --format-file nosuch=x: FORMAT is one of text, json, markdown, sarif, junit$/],
    ['github to a file', ['--format-file', 'github=x'], /^pgdrift: --format-file github=x: github workflow commands act only on the output of a step: use --format github$/],
    ['a folder that does not exist', ['--format-file', 'sarif=no/such/folder/x.sarif'], /^pgdrift: --format-file no\/such\/folder\/x\.sarif: no folder no\/such\/folder$/],
    ['a folder as the file', ['--format-file', `junit=${folder}`], /^pgdrift: --format-file .*a-folder: is a folder$/],
    ['one file twice', ['--format-file', 'json=x', '--format-file', 'sarif=x'], /^pgdrift: --format-file names x twice; give each file once$/],
    ['metrics in no folder', ['--metrics-file', 'no/such/m.prom'], /^pgdrift: --metrics-file no\/such\/m\.prom: no folder no\/such$/],
    ['metrics twice', ['--metrics-file', 'a.prom', '--metrics-file', 'b.prom'], /^pgdrift: --metrics-file is given 2 times; give each option once/],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(['check', '--db', 'postgres://x@127.0.0.1:1/x', '--expected', 'fixtures/demo/schema.sql', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  test('a file that cannot be written once the run is done: exit 2, one line', async () => {
    const db = await database('');
    // /proc exists, and nobody, root included, can create a file in it.
    const r = await runCli(['diff', db.url, db.url, '--format-file', 'junit=/proc/pgdrift-report.xml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(/^pgdrift: --format-file \/proc\/pgdrift-report\.xml: cannot write \([A-Z]+\)$/);
  }, TIMEOUT);
});

test('pgdrift --version loads none of the CI modules (start-up stays short)', () => {
  const { status, modules } = loadedModules(['--version']);
  expect(status).toBe(0);
  // The log works: main.js itself is in it.
  expect(modules.some((m) => m.endsWith('/dist/cli/main.js'))).toBe(true);
  expect(modules.filter((m) => /\/dist\/(report\/(github|sarif|junit|metrics|ci-findings|ci-result)|cli\/(outputs|metrics-file))\.js$/.test(m))).toEqual([]);
});
