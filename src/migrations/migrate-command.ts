import { spawn } from 'node:child_process';
import { InputError } from '../errors.js';
import { redactText } from '../redact.js';
import { onInterrupt } from '../shadow/signal-cleanup.js';

/** The project's own migration command, run against a server shadow database (`--migrate-cmd`). */
export interface MigrateCommandOptions {
  /** Shell command line; `{url}` and `{revision}` are substituted, e.g. `alembic upgrade {revision}`. */
  readonly command: string;
  /** Folder to run it in (default: the current one). */
  readonly cwd?: string;
  /** Killed after this long (default `DEFAULT_MIGRATE_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
}

export const DEFAULT_MIGRATE_TIMEOUT_MS = 10 * 60_000;

/** Kept of each output stream, for the error message: the end is what explains a failure. */
const KEEP_BYTES = 64 * 1024;
const KILL_GRACE_MS = 3_000;

/**
 * Runs the migration command once through the shell, in the environment `migrateEnvironment`
 * gives (the shadow database and nothing else to connect to), with `{url}` / `{revision}` in the
 * command line replaced (shell-quoted when needed). Its output is captured, never printed.
 *
 * @param secrets connection strings whose passwords must not appear in a message
 * @example await runMigrateCommand({ command: 'alembic upgrade {revision}' }, shadow.url, 'c5d6e7f8091a', [shadow.url])
 * @throws InputError (exit 2) when the command exits non-zero, is killed or times out, with
 *   the last line it wrote to stderr and its exit code; passwords masked.
 */
export async function runMigrateCommand(options: MigrateCommandOptions, url: string, revision: string, secrets: readonly string[]): Promise<void> {
  const line = options.command.replaceAll('{url}', shellWord(url)).replaceAll('{revision}', shellWord(revision));
  const timeoutMs = options.timeoutMs ?? DEFAULT_MIGRATE_TIMEOUT_MS;
  const clean = (text: string) => redactText(text, [url, ...secrets]);
  const what = `--migrate-cmd "${clean(options.command)}" (revision ${revision})`;
  const child = spawn(line, {
    shell: true,
    cwd: options.cwd ?? process.cwd(),
    env: migrateEnvironment(process.env, url, revision),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a timeout or an interrupt stops whatever the shell started.
    detached: true,
  });
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  let grace: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    grace = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
  }, timeoutMs);
  const unregister = onInterrupt(async () => killGroup('SIGTERM'));
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
    child.once('error', (error) => done({ code: null, signal: null, error }));
    child.once('close', (code, signal) => done({ code, signal }));
  });
  clearTimeout(timer);
  if (grace) clearTimeout(grace);
  unregister();
  if (outcome.error) throw new InputError(`${what} could not be started: ${clean(outcome.error.message)}`);
  if (timedOut) throw new InputError(`${what} timed out after ${formatMs(timeoutMs)}${lastLine(clean(stderr()), clean(stdout()))}`);
  if (outcome.code === 0) return;
  const status = outcome.code === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `failed with exit code ${outcome.code}`;
  throw new InputError(`${what} ${status}${lastLine(clean(stderr()), clean(stdout()))}`);
}

/**
 * Variables of pgdrift's own environment that could point a tool at another database: every
 * libpq variable (`PG…`: PGHOST, PGSERVICE, PGPASSFILE, PGSSLMODE…), `DATABASE_URL` and its
 * cousins (`…DATABASE_URL`, `…DATABASE_URI`, `…DB_URL`, `…DB_URI`, `…_DSN`), `POSTGRES…`
 * (what container images read), and pgdrift's own `PGDRIFT_…`.
 */
const CONNECTION_VARIABLE = /^(PG|POSTGRES)|DATABASE_UR[LI]$|DB_UR[LI]$|_DSN$/i;

/**
 * The environment a `--migrate-cmd` runs in: pgdrift's own, without any variable that could
 * lead a tool to another database (`CONNECTION_VARIABLE`), and with the shadow database set in
 * every way tools look for one: `DATABASE_URL` and `PGDRIFT_SHADOW_URL` (the URL), `PGHOST`,
 * `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD` (its parts; `PGSSLMODE` too when the URL
 * names one), `PGDRIFT_REVISION`. So `psql`, `alembic` reading `DATABASE_URL`, or a tool that
 * only knows libpq's variables all reach the shadow, and never the database in the caller's
 * PGHOST or DATABASE_URL.
 *
 * @example
 * migrateEnvironment({ PATH: '/bin', PGHOST: 'prod' }, 'postgres://u:p@127.0.0.1:5432/pgdrift_shadow_1', 'a1')
 * // → { PATH: '/bin', DATABASE_URL: 'postgres://u:p@…', PGHOST: '127.0.0.1', PGPORT: '5432', PGDATABASE: 'pgdrift_shadow_1', PGUSER: 'u', PGPASSWORD: 'p', … }
 */
export function migrateEnvironment(env: NodeJS.ProcessEnv, url: string, revision: string): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !CONNECTION_VARIABLE.test(name)) kept[name] = value;
  }
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    ...kept,
    DATABASE_URL: url,
    PGDRIFT_SHADOW_URL: url,
    PGDRIFT_REVISION: revision,
    PGHOST: host,
    PGPORT: parsed.port || '5432',
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
    ...(parsed.username ? { PGUSER: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
    ...(sslmode ? { PGSSLMODE: sslmode } : {}),
  };
}

/**
 * A word the shell reads literally: as is when it holds nothing special, single-quoted otherwise
 * (a URL's `&` or `$` must not reach the shell as syntax).
 *
 * @example shellWord("postgres://u:p@h/db?a=1&b=2") // "'postgres://u:p@h/db?a=1&b=2'"
 */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function tail(stream: NodeJS.ReadableStream): () => string {
  let kept = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    kept = Buffer.concat([kept, chunk]);
    if (kept.length > KEEP_BYTES) kept = kept.subarray(kept.length - KEEP_BYTES);
  });
  return () => kept.toString('utf8');
}

/**
 * `: <line>` saying why the command failed, or nothing: the last non-blank line of stderr
 * (stdout when stderr is empty) — except after a Python traceback, where the exception line
 * explains more than what follows it (SQLAlchemy appends `[SQL: …]` and a documentation link).
 */
function lastLine(stderr: string, stdout: string): string {
  for (const text of [stderr, stdout]) {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const traceback = lines.lastIndexOf('Traceback (most recent call last):');
    const exception = traceback < 0 ? undefined : lines.slice(traceback + 1).filter((l) => PYTHON_EXCEPTION.test(l)).pop();
    const line = exception ?? lines.pop();
    if (line !== undefined) return `: ${line.length > 300 ? `${line.slice(0, 297)}…` : line}`;
  }
  return '';
}

/** `sqlalchemy.exc.ProgrammingError: …`, `KeyError: 'x'` — the last line of a Python traceback. */
const PYTHON_EXCEPTION = /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b[^:\s]*:/;

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
