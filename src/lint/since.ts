import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new InputError('--since needs git, which is not on PATH');
    const why = (e.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new InputError(`--since: git ${args[0]} failed in ${cwd}${why ? `: ${why}` : ''}`);
  }
}

/**
 * The files under `dir` added or changed since `ref` — committed, staged, in the work tree, or
 * new and not ignored — as absolute paths: what `lint --since origin/main` lints.
 *
 * @example changedSince('backend/app/migrations', 'origin/main') // Set { '/repo/backend/app/migrations/versions/abc.py' }
 * @throws InputError (exit 2) outside a git repository or for a ref git does not know.
 */
export function changedSince(dir: string, ref: string): Set<string> {
  if (ref.startsWith('-')) throw new InputError(`--since ${ref}: not a git ref`);
  const top = git(dir, ['rev-parse', '--show-toplevel']).trim();
  try {
    execFileSync('git', ['-C', dir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new InputError(`--since ${ref}: no such commit in the git repository at ${top}`);
  }
  const where = resolve(dir);
  const changed = git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', ref, '--', where]);
  const untracked = git(top, ['ls-files', '--others', '--exclude-standard', '-z', '--', where]);
  return new Set(
    `${changed}\0${untracked}`
      .split('\0')
      .filter((p) => p !== '')
      .map((p) => resolve(top, p)),
  );
}
