import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The fixture Alembic project (alembic.ini at its root). */
export const FIXTURE_APP = fileURLToPath(new URL('../../fixtures/alembic/app', import.meta.url));

/** The fixture projects under fixtures/alembic, each with its own alembic.ini. */
export const FIXTURES = ['app', 'constructs'] as const;

/** Whether `python3` with Alembic is available (the oracle tests need it). */
export async function alembicAvailable(): Promise<boolean> {
  return pythonHas('alembic', 'sqlalchemy', 'psycopg2');
}

/**
 * Runs the real `alembic` CLI in a project folder.
 * @returns stdout (offline SQL goes there).
 */
export async function alembic(project: string, args: readonly string[], databaseUrl: string): Promise<string> {
  const { stdout } = await run('python3', ['-m', 'alembic', '-c', join(project, 'alembic.ini'), ...args], {
    cwd: project,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const scratchProjects: string[] = [];

/**
 * A scratch Alembic project made from a fixture project's `alembic.ini`, `script.py.mako` and
 * `env.py` (rewritten by `env` when given), with `revisions` (file name → text) in
 * `migrations/versions`. Call {@link removeScratchProjects} in `afterAll`.
 *
 * @example const root = scratchAlembicProject(FIXTURE_APP, { '0001.py': text });
 */
export function scratchAlembicProject(fixture: string, revisions: Readonly<Record<string, string>>, env: (text: string) => string = (t) => t): string {
  const root = mkdtempSync(join(tmpdir(), 'pgdrift-alembic-'));
  scratchProjects.push(root);
  mkdirSync(join(root, 'migrations', 'versions'), { recursive: true });
  copyFileSync(join(fixture, 'alembic.ini'), join(root, 'alembic.ini'));
  copyFileSync(join(fixture, 'migrations', 'script.py.mako'), join(root, 'migrations', 'script.py.mako'));
  writeFileSync(join(root, 'migrations', 'env.py'), env(readFileSync(join(fixture, 'migrations', 'env.py'), 'utf8')));
  for (const [name, text] of Object.entries(revisions)) writeFileSync(join(root, 'migrations', 'versions', name), text);
  return root;
}

/** Removes every project {@link scratchAlembicProject} made in this test file. */
export function removeScratchProjects(): void {
  for (const root of scratchProjects.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Whether `python3` can import every one of these modules (an oracle test skips without them). */
export async function pythonHas(...modules: string[]): Promise<boolean> {
  try {
    await run('python3', ['-c', `import ${modules.join(', ')}`]);
    return true;
  } catch {
    return false;
  }
}
