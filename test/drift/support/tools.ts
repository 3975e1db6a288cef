import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Major version of a PostgreSQL client program on PATH (`pg_dump`, `psql`), or null when absent. */
export async function clientMajor(program: string): Promise<number | null> {
  try {
    const { stdout } = await run(program, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** `pg_dump --schema-only` of one database, as SQL text. */
export async function dumpSchema(url: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-password', '--dbname', url], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs an SQL file through psql, stopping at the first error. */
export async function psqlFile(url: string, file: string): Promise<void> {
  await run('psql', ['--no-password', '--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '--dbname', url, '--file', file]);
}
