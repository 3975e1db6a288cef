import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * The GitHub Action's entry point (scripts/action-entry.mjs) run as the runner would run it:
 * INPUT_* variables, a $GITHUB_OUTPUT file, $RUNNER_TEMP — against a real database. The
 * outputs file must say drift, the exit code and where the JSON report is.
 */

const TIMEOUT = 120_000;
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-action-'));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_action');
  await db.exec('CREATE TABLE account (id integer PRIMARY KEY, email text NOT NULL, legacy text);');
  writeFileSync(join(scratch, 'schema.sql'), 'CREATE TABLE account (id integer PRIMARY KEY, email text NOT NULL);\n');
}, TIMEOUT);

afterAll(async () => {
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function runEntry(inputs: Record<string, string>, name: string): Promise<{ code: number | null; stdout: string; stderr: string; outputs: Record<string, string> }> {
  const outputFile = join(scratch, `${name}.output`);
  writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile, RUNNER_TEMP: scratch, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'action-entry.mjs')], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      resolve({ code, stdout, stderr, outputs });
    });
  });
}

test(
  'check with db and expected: annotations printed, outputs drift=true, exit-code=1, and the JSON report at report-path',
  async () => {
    const r = await runEntry({ command: 'check', db: db.url, expected: 'schema.sql', 'fail-on': 'warning', args: '--lock-timeout "5s"' }, 'drift');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::warning .*column public\.account\.legacy is not expected/m);
    expect(r.outputs).toEqual({ drift: 'true', 'exit-code': '1', 'report-path': expect.stringContaining(scratch) as string });
    const report = JSON.parse(readFileSync(r.outputs['report-path'] as string, 'utf8')) as { status: string; changes: { id: string }[] };
    expect(report.status).toBe('drift');
    expect(report.changes.map((c) => c.id)).toEqual(['column:public.account.legacy']);
  },
  TIMEOUT,
);

test(
  'a bad input: exit 2 and outputs drift=false, exit-code=2',
  async () => {
    const r = await runEntry({ command: 'drop-database' }, 'bad');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^::error title=pgdrift action::command must be one of check, diff, status, diagnose/);
    expect(r.outputs).toEqual({ drift: 'false', 'exit-code': '2' });
  },
  TIMEOUT,
);
