import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { jsonValidator } from '../../src/model/schema-validation.js';

const schemaSql = readFileSync(join(repoRoot, 'fixtures/demo/schema.sql'), 'utf8');
const driftSql = readFileSync(join(repoRoot, 'fixtures/demo/drift.sql'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-cmd-'));

let healthy: TestDatabase;
let drifted: TestDatabase;
let snapshotFile: string;

beforeAll(async () => {
  [healthy, drifted] = await Promise.all([createTestDatabase('pgdrift_cli_ok'), createTestDatabase('pgdrift_cli_drift')]);
  await Promise.all([healthy.exec(schemaSql), drifted.exec(schemaSql)]);
  await drifted.exec(driftSql);
  snapshotFile = join(tmp, 'app.snapshot.json');
  const r = await runCli(['snapshot', '--db', healthy.url, '-o', snapshotFile]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

afterAll(async () => {
  await Promise.all([healthy?.drop(), drifted?.drop()]);
});

test('snapshot -o writes a valid snapshot and says what it wrote, without the password', async () => {
  const text = readFileSync(snapshotFile, 'utf8');
  expect(jsonValidator('snapshot.schema.json')(JSON.parse(text))).toBeNull();
  const r = await runCli(['snapshot', '--db', healthy.url, '-o', join(tmp, 'again.json')]);
  expect(r.stdout).toMatch(/6 tables/);
  expect(r.stdout).toContain('again.json');
  expect(r.stdout).not.toContain(new URL(healthy.url).password);
  // Deterministic: the same database gives the same bytes.
  expect(readFileSync(join(tmp, 'again.json'), 'utf8')).toBe(text);
});

test('check of a healthy database against its snapshot exits 0', async () => {
  const r = await runCli(['check', '--db', healthy.url, '--expected', snapshotFile]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^✓ no drift/);
});

test('check of a drifted database lists the three hand-made changes and exits 1', async () => {
  const r = await runCli(['check', '--db', drifted.url, '--expected', snapshotFile]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^✗ drift: 1 error, 2 warnings/);
  expect(r.stdout).toContain('column public.users.legacy_sso_id is not expected');
  expect(r.stdout).toContain('index public.tasks.tasks_open_due_idx is missing');
  expect(r.stdout).toContain('column public.tasks.priority: default 2 expected, 3 found');
});

test('--fail-on error ignores warnings but still fails on the missing index', async () => {
  const r = await runCli(['check', '--db', drifted.url, '--expected', snapshotFile, '--fail-on', 'error']);
  expect(r.code).toBe(1);
  const warnOnly = await runCli(['check', '--db', drifted.url, '--expected', snapshotFile, '--fail-on', 'error', '--exclude-schema', 'public']);
  expect(warnOnly.code).toBe(0);
});

test('the JSON report validates against schemas/report.schema.json', async () => {
  const r = await runCli(['check', '--db', drifted.url, '--expected', snapshotFile, '--format', 'json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(jsonValidator('report.schema.json')(report)).toBeNull();
  expect(report.status).toBe('drift');
  expect(report.summary).toMatchObject({ total: 3, missing: 1, unexpected: 1, changed: 1 });
  expect(report.changes.map((c: { id: string }) => c.id).sort()).toEqual([
    'column:public.tasks.priority',
    'column:public.users.legacy_sso_id',
    'index:public.tasks.tasks_open_due_idx',
  ]);
  expect(r.stdout).not.toContain(new URL(drifted.url).password);
});

test('check against declarative SQL through the embedded shadow', async () => {
  const ok = await runCli(['check', '--db', healthy.url, '--expected', join(repoRoot, 'fixtures/demo/schema.sql')]);
  expect(ok.stdout).toMatch(/^✓ no drift/);
  expect(ok.code).toBe(0);
  const bad = await runCli(['check', '--db', drifted.url, '--expected', join(repoRoot, 'fixtures/demo/schema.sql'), '--format', 'json']);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.stdout).summary.total).toBe(3);
});

test('DATABASE_URL stands in for --db', async () => {
  const r = await runCli(['check', '--expected', snapshotFile], { DATABASE_URL: drifted.url });
  expect(r.code).toBe(1);
});

test('diff of two databases in markdown, <to> being the expected side', async () => {
  const r = await runCli(['diff', drifted.url, healthy.url, '--format', 'markdown']);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^## ✗ pgdrift: schema drift/);
  expect(r.stdout).toMatch(/\| ✗ error \| missing \| index tasks\.tasks\\_open\\_due\\_idx \|/);
  const same = await runCli(['diff', healthy.url, snapshotFile]);
  expect(same.code).toBe(0);
});

test('a snapshot filtered by --schema keeps only that schema', async () => {
  const out = join(tmp, 'none.json');
  const r = await runCli(['snapshot', healthy.url, '--schema', 'nonexistent', '-o', out]);
  expect(r.code).toBe(0);
  const snap = JSON.parse(readFileSync(out, 'utf8'));
  expect(snap.tables).toEqual([]);
});

test('snapshot to stdout is the JSON itself', async () => {
  const r = await runCli(['snapshot', healthy.url]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).formatVersion).toBe(1);
  writeFileSync(join(tmp, 'stdout.json'), r.stdout);
  const again = await runCli(['check', '--db', healthy.url, '--expected', join(tmp, 'stdout.json')]);
  expect(again.code).toBe(0);
});

test('demo shows the drift and exits 1', async () => {
  const r = await runCli(['demo']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('pgdrift demo');
  expect(r.stdout).toContain('legacy_sso_id');
  expect(r.stdout).toContain('tasks_open_due_idx');
  expect(r.stdout).toContain('On your own database:');
});
