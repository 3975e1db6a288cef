import { execFile } from 'node:child_process';
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
  try {
    await run('python3', ['-c', 'import alembic, sqlalchemy, psycopg2']);
    return true;
  } catch {
    return false;
  }
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
