import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** How a migration tool's run ended. */
export interface ToolRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The error a failed migration run stopped on, as PostgreSQL worded it. */
export interface ToolFailure {
  /** PostgreSQL's message, e.g. `column "issued_at" of relation "invoices" contains null values`. */
  readonly message: string;
  /** The statement that failed, when the tool says. */
  readonly statement: string | null;
}

/**
 * Runs the real `alembic` CLI of `project` (the folder of `alembic.ini`) against `url` and
 * resolves however it exits: incidents need the failing runs as much as the good ones.
 * PG* variables of the developer's shell are left out, so only `env` sets libpq options.
 *
 * @example await runAlembic(BILLING_PROJECT, ['upgrade', 'head'], db.url, { PGOPTIONS: '-c lock_timeout=2000' })
 * // { code: 1, stdout: '', stderr: 'INFO  [alembic.runtime.migration] …' }
 */
export function runAlembic(project: string, args: readonly string[], url: string, env: Readonly<Record<string, string>> = {}): Promise<ToolRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-m', 'alembic', '-c', join(project, 'alembic.ini'), ...args],
      { cwd: project, env: { ...inherited, DATABASE_URL: url, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') reject(err);
        else resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Runs alembic and insists that it succeeds.
 *
 * @example await alembicSucceeds(BILLING_PROJECT, ['stamp', 'head'], db.url)
 * @throws Error with alembic's output otherwise.
 */
export async function alembicSucceeds(project: string, args: readonly string[], url: string): Promise<void> {
  const run = await runAlembic(project, args, url);
  if (run.code !== 0) throw new Error(`alembic ${args.join(' ')} failed (${run.code}):\n${run.stderr}`);
}

/**
 * Runs alembic and insists that it fails on `statement` (a prefix of the SQL psycopg2 reports):
 * an incident that did not fail where it was designed to is no incident.
 *
 * @example await alembicFails(BILLING_PROJECT, ['upgrade', 'head'], db.url, 'ALTER TABLE invoices ALTER COLUMN issued_at')
 * // { message: 'column "issued_at" of relation "invoices" contains null values', statement: 'ALTER TABLE …' }
 * @throws Error when alembic succeeds or fails elsewhere.
 */
export async function alembicFails(
  project: string,
  args: readonly string[],
  url: string,
  statement: string,
  env: Readonly<Record<string, string>> = {},
): Promise<ToolFailure> {
  const run = await runAlembic(project, args, url, env);
  const failure = alembicFailure(run);
  if (run.code === 0 || !failure.statement?.startsWith(statement)) {
    throw new Error(`alembic ${args.join(' ')} was to fail on ${statement}; exit ${run.code}:\n${run.stderr}`);
  }
  return failure;
}

/**
 * The PostgreSQL error at the end of a failed alembic run's traceback (psycopg2 names it and
 * SQLAlchemy prints the statement in `[SQL: …]`).
 *
 * @example alembicFailure({ code: 1, stdout: '', stderr: '…psycopg2.errors.CheckViolation: check … violated by some row\n…[SQL: ALTER …]\n' })
 * // { message: 'check … violated by some row', statement: 'ALTER …' }
 */
export function alembicFailure(run: ToolRun): ToolFailure {
  const message = /^psycopg2\.errors\.\w+: (.*)$/m.exec(run.stderr)?.[1] ?? run.stderr.trim().split('\n').pop() ?? '';
  const statement = /^\[SQL: ([\s\S]*?)\]$/m.exec(run.stderr)?.[1] ?? null;
  return { message, statement };
}
