import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { clientMajor, psqlFile } from '../drift/support/tools.js';

const schemaSql = readFileSync(join(repoRoot, 'fixtures/demo/schema.sql'), 'utf8');
const driftSql = readFileSync(join(repoRoot, 'fixtures/demo/drift.sql'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-diff-sql-'));
const psql = await clientMajor('psql');

let healthy: TestDatabase;
let drifted: TestDatabase;

beforeAll(async () => {
  [healthy, drifted] = await Promise.all([createTestDatabase('pgdrift_sql_ok'), createTestDatabase('pgdrift_sql_drift')]);
  await Promise.all([healthy.exec(schemaSql), drifted.exec(schemaSql)]);
  await drifted.exec(driftSql);
});

afterAll(async () => {
  await Promise.all([healthy?.drop(), drifted?.drop()]);
});

/** The lines of a script that would run (not comments, not blank). */
const runnable = (script: string): string[] => script.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('--'));

test('diff --sql prints the script turning <from> into <to>, destructive statements withheld, and exits 1', async () => {
  const r = await runCli(['diff', drifted.url, healthy.url, '--sql']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^-- pgdrift [\d.]+ diff --sql\n-- turns: {3}postgres:\/\/postgres:\*\*\*@/);
  expect(r.stdout).not.toContain(new URL(drifted.url).password);
  expect(runnable(r.stdout).filter((l) => !l.startsWith('SET '))).toEqual([
    'BEGIN;',
    'ALTER TABLE public.tasks ALTER COLUMN priority SET DEFAULT 2;',
    "CREATE INDEX tasks_open_due_idx ON public.tasks USING btree (due_on) WHERE (status <> 'done'::public.task_status);",
    'COMMIT;',
  ]);
  expect(r.stdout).toContain('-- withheld (destructive): pass --unsafe to include');
  expect(r.stdout).toContain('-- ALTER TABLE public.users DROP COLUMN legacy_sso_id;');
});

test('--concurrently builds the index outside the transaction', async () => {
  const r = await runCli(['diff', drifted.url, healthy.url, '--sql', '--concurrently']);
  expect(r.code).toBe(1);
  expect(runnable(r.stdout).filter((l) => !l.startsWith('SET '))).toEqual([
    'BEGIN;',
    'ALTER TABLE public.tasks ALTER COLUMN priority SET DEFAULT 2;',
    'COMMIT;',
    "CREATE INDEX CONCURRENTLY tasks_open_due_idx ON public.tasks USING btree (due_on) WHERE (status <> 'done'::public.task_status);",
  ]);
});

test('-o writes the script to a file and says what it wrote', async () => {
  const file = join(tmp, 'migrate.sql');
  const r = await runCli(['diff', drifted.url, healthy.url, '--sql', '-o', file]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(`wrote 2 statements to ${file}; 1 withheld (destructive): pass --unsafe to include\n`);
  expect(readFileSync(file, 'utf8')).toContain('CREATE INDEX tasks_open_due_idx');
});

test('two sources that match: a script that says there is nothing to do, exit 0', async () => {
  const r = await runCli(['diff', healthy.url, join(repoRoot, 'fixtures/demo/schema.sql'), '--sql']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('-- Nothing to do: the two schemas already match.');
  expect(runnable(r.stdout)).toEqual([]);
});

test('usage errors exit 2 with one line', async () => {
  const json = await runCli(['diff', drifted.url, healthy.url, '--sql', '--format', 'json']);
  expect(json.code).toBe(2);
  expect(json.stderr).toBe('pgdrift: --sql prints a SQL script: --format json applies to the report, without --sql\n');
  const unsafe = await runCli(['diff', drifted.url, healthy.url, '--unsafe', '-o', join(tmp, 'x.sql')]);
  expect(unsafe.code).toBe(2);
  expect(unsafe.stderr).toBe('pgdrift: --unsafe, --output go with --sql\n');
  const unwritable = await runCli(['diff', drifted.url, healthy.url, '--sql', '-o', join(tmp, 'no', 'such', 'dir.sql')]);
  expect(unwritable.code).toBe(2);
  expect(unwritable.stderr).toMatch(/^pgdrift: .*dir\.sql: cannot write \(ENOENT\)\n$/);
});

test('--help documents --sql with an example', async () => {
  const r = await runCli(['diff', '--help']);
  expect(r.code).toBe(0);
  for (const flag of ['--sql', '--unsafe', '--concurrently', '--output']) expect(r.stdout).toContain(flag);
  expect(r.stdout).toContain('pgdrift diff postgres://…/prod db/schema.sql --sql ');
});

// Last: it changes the drifted database.
(psql === null ? test.skip : test)('the --unsafe script, run by psql, makes the database match (psql on PATH)', async () => {
  const file = join(tmp, 'unsafe.sql');
  const r = await runCli(['diff', drifted.url, healthy.url, '--sql', '--unsafe', '-o', file]);
  expect(r.stdout).toBe(`wrote 3 statements to ${file}\n`);
  expect(readFileSync(file, 'utf8')).toMatch(/^ALTER TABLE public.users DROP COLUMN legacy_sso_id;$/m);
  await psqlFile(drifted.url, file);
  const after = await runCli(['diff', drifted.url, healthy.url]);
  expect(after.stdout).toMatch(/^✓ no drift/);
  expect(after.code).toBe(0);
});
