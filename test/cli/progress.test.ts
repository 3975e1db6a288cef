import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedSchema } from '../../src/migrations/expected-schema.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { withProgress } from '../../src/progress.js';
import { snapshot } from '../../src/sources/resolve.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const TIMEOUT = 120_000;
const APP = join(repoRoot, 'fixtures', 'alembic', 'app');
const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-progress-'));
  dirs.push(dir);
  return dir;
}

/** One revision whose message carries an OSC sequence (sets the window title) and a bell. */
function hostileHistory(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'versions'));
  writeFileSync(
    join(dir, 'versions', 'a1_notes.py'),
    [
      '"""add \\x1b]0;pwned\\x07 notes"""',
      'from alembic import op',
      'import sqlalchemy as sa',
      'revision = "a1"',
      'down_revision = None',
      'def upgrade():',
      '    op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True))',
      'def downgrade():',
      '    op.drop_table("notes")',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('withProgress: the steps of a run, told to the caller that asked', () => {
  test('a replay names each revision in turn, then the catalog it reads', async () => {
    const steps: string[] = [];
    await withProgress(
      (s) => steps.push(s),
      async () => {
        const history = await loadMigrationHistory(APP);
        const [head] = history.graph.heads();
        return expectedSchema(history, history.graph.pathTo(head as string), 'head', { cacheDir: null });
      },
    );
    expect(steps[0]).toBe(`reading the migration history in ${APP}`);
    expect(steps).toContain('starting the embedded shadow database (PGlite)');
    expect(steps).toContain('replaying revision 1/13 (1a2b3c4d5e6f: create users table)');
    expect(steps).toContain('replaying revision 13/13 (d6e7f8091a2b: invoices with a reused enum)');
    const replays = steps.filter((s) => s.startsWith('replaying'));
    expect(replays.map((s) => Number(/(\d+)\//.exec(s)?.[1]))).toEqual([...Array(13).keys()].map((i) => i + 1));
    expect(steps.at(-1)).toMatch(/^reading the catalog of .*: 8 tables$/);
  }, TIMEOUT);

  test('a listener that throws changes nothing; a call outside withProgress tells no one', async () => {
    const sql = join(repoRoot, 'fixtures', 'demo', 'schema.sql');
    const quiet = await snapshot(sql);
    const told = await withProgress(() => {
      throw new Error('listener bug');
    }, () => snapshot(sql));
    expect(told.tables.length).toBe(quiet.tables.length);
  }, TIMEOUT);
});

// A pseudo-terminal from util-linux's script(1): stderr is a terminal, stdout a file, as when
// a user redirects a report.
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('Skipping the terminal progress tests: script(1) from util-linux is not installed');
const describeTty = hasScript ? describe : describe.skip;

function onTerminal(args: readonly string[], env: Record<string, string | undefined> = {}): { terminal: string; stdout: string; code: number | null } {
  const out = join(scratch(), 'stdout');
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = `${[process.execPath, cli, ...args].map(quote).join(' ')} > ${quote(out)}`;
  const base = { ...process.env, NO_COLOR: '1' } as Record<string, string | undefined>;
  delete base.CI;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...base, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: TIMEOUT });
  return { terminal: r.stdout, stdout: readFileSync(out, 'utf8'), code: r.status };
}

describeTty('the progress line on a terminal', () => {
  test('stderr shows each step, is cleared with the cursor shown again, and stdout holds the report alone', async () => {
    const snapArgs = ['snapshot', '--migrations', APP, '--no-cache'];
    const tty = onTerminal(snapArgs);
    expect(tty.code).toBe(0);
    expect(tty.terminal).toContain('replaying revision 13/13 (d6e7f8091a2b: invoices with a reused enum)');
    // The last thing drawn is the erase of the line and the cursor shown again.
    expect(tty.terminal).toContain('\u001b[?25h');
    expect(tty.terminal.trimEnd()).toMatch(/\u001b\[0K$/);
    const piped = await runCli(snapArgs);
    expect(tty.stdout).toBe(piped.stdout);
    expect(piped.stderr).toBe('');
    // That a quick command never draws the line is tested in progress-line.test.ts, without
    // depending on how fast this machine runs a command.
  }, TIMEOUT);

  test('--quiet, -q, CI and TERM=dumb keep the terminal silent', () => {
    // A shadow build of the demo schema: long enough (over 300 ms) for the line to be due.
    const args = ['snapshot', join(repoRoot, 'fixtures', 'demo', 'schema.sql')];
    expect(onTerminal(args).terminal).toContain('applying');
    expect(onTerminal([...args, '--quiet']).terminal).toBe('');
    expect(onTerminal(['-q', ...args]).terminal).toBe('');
    expect(onTerminal(args, { CI: 'true' }).terminal).toBe('');
    expect(onTerminal(args, { TERM: 'dumb' }).terminal).toBe('');
  }, TIMEOUT);

  test("a revision message's terminal controls are shown escaped, never sent raw", () => {
    const tty = onTerminal(['snapshot', '--migrations', hostileHistory(), '--no-cache']);
    expect(tty.code).toBe(0);
    expect(tty.terminal).toContain('replaying revision 1/1 (a1: add \\x1b]0;pwned\\x07 notes)');
    expect(tty.terminal).not.toContain('\u001b]0;');
    expect(tty.terminal).not.toContain('\u0007');
  }, TIMEOUT);
});
