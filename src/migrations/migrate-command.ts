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
 * Runs the migration command once through the shell, with `DATABASE_URL`, `PGDRIFT_SHADOW_URL`
 * (both `url`) and `PGDRIFT_REVISION` in its environment and `{url}` / `{revision}` in the
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
    env: { ...process.env, DATABASE_URL: url, PGDRIFT_SHADOW_URL: url, PGDRIFT_REVISION: revision },
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
