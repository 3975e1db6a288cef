import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';

/*
 * `pgdrift … | head -c1`: the reader goes away after one byte. pgdrift must end quietly with
 * exit 0 rather than die of the write error with a stack trace.
 */

const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-epipe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs `pgdrift ARGS | head -c1` in the shell: a real pipe from pgdrift to head. Returns
 * pgdrift's own exit code and stderr, and what head printed.
 */
function intoHead(args: readonly string[]): { code: string; stderr: string; head: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cli = [process.execPath, join(repoRoot, 'dist', 'cli', 'main.js'), ...args].map(quote).join(' ');
  const [err, code, out] = ['stderr', 'code', 'head'].map((f) => join(tmp, f)) as [string, string, string];
  const r = spawnSync('sh', ['-c', `{ ${cli} 2>${quote(err)}; echo $? >${quote(code)}; } | head -c1 >${quote(out)}`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`sh failed: ${r.stderr}`);
  return { code: readFileSync(code, 'utf8').trim(), stderr: readFileSync(err, 'utf8'), head: readFileSync(out, 'utf8') };
}

test('a snapshot written into `head -c1` ends quietly with exit 0', async () => {
  // A snapshot of a megabyte or more: far more than a pipe holds, so the write meets the closed pipe.
  const small = await runCli(['snapshot', join(repoRoot, 'fixtures/demo/schema.sql')]);
  expect(small.code).toBe(0);
  const snap = JSON.parse(small.stdout) as { tables: { name: string }[] };
  const [table] = snap.tables;
  snap.tables = Array.from({ length: 1000 }, (_, i) => ({ ...table, name: `t${String(i).padStart(4, '0')}` })) as typeof snap.tables;
  const big = join(tmp, 'big.json');
  writeFileSync(big, JSON.stringify(snap));

  const r = intoHead(['snapshot', big]);
  expect(r.head).toBe('{');
  expect(r.stderr).toBe('');
  expect(r.code).toBe('0');
});
