import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isConnectionString } from '../connection/conninfo.js';
import { InputError } from '../errors.js';
import { redactConnectionString, redactText } from '../redact.js';

/** Where the databases of a fleet check come from, as the flags give them. */
export interface TargetSpecs {
  /** `--db`, each given. */
  readonly db?: readonly string[];
  /** `--db-list FILE` (`-` for standard input). */
  readonly dbList?: string;
  /** `--db-list-cmd "…"`: a shell command that prints the list. Run only when given. */
  readonly dbListCommand?: string;
  /** How long the command may run (default 60 s). */
  readonly commandTimeoutMs?: number;
}

/** The most a `--db-list-cmd` may print: a list of databases, not a data dump. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;
export const DEFAULT_LIST_COMMAND_TIMEOUT_MS = 60_000;

/**
 * Reads a list of databases: one connection string per line (`postgres://…` or libpq's
 * `host=… dbname=…`); blank lines and lines starting with `#` are skipped, surrounding spaces
 * dropped. `where` names the list in messages (`dbs.txt`, `--db-list-cmd`).
 *
 * @example parseTargetList('# staging\npostgres://db1/app\n\npostgres://db2/app\n', 'dbs.txt') // ['postgres://db1/app', 'postgres://db2/app']
 * @throws InputError (exit 2) naming `where:line` for a line that is no connection string, or one given twice; the line's password redacted
 */
export function parseTargetList(text: string, where: string): string[] {
  const out: string[] = [];
  const lineOf = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = `${where}:${i + 1}`;
    if (!isConnectionString(line)) throw new InputError(`${at}: not a postgres:// URL or "host=… dbname=…" connection string: "${redactConnectionString(line).slice(0, 200)}"`);
    const earlier = lineOf.get(line);
    if (earlier !== undefined) throw new InputError(`${at}: ${redactConnectionString(line)} is already on line ${earlier}; give each database once`);
    lineOf.set(line, i + 1);
    out.push(line);
  }
  return out;
}

/**
 * Every database a fleet check covers, from `--db`, `--db-list` and `--db-list-cmd` together,
 * each once. The command runs only when `dbListCommand` is given: a file never makes pgdrift
 * run anything.
 *
 * @throws InputError (exit 2) for an unreadable file, a failing command, a bad line, a database
 *   given twice, or no database at all
 */
export async function collectTargets(specs: TargetSpecs): Promise<string[]> {
  const all: { url: string; where: string }[] = [];
  for (const url of specs.db ?? []) {
    if (!isConnectionString(url)) throw new InputError(`--db must be a postgres:// URL or a "host=… dbname=…" connection string, got "${redactConnectionString(url)}"`);
    all.push({ url, where: '--db' });
  }
  if (specs.dbList !== undefined) {
    const where = specs.dbList === '-' ? 'standard input' : specs.dbList;
    let text: string;
    try {
      text = readFileSync(specs.dbList === '-' ? 0 : specs.dbList, 'utf8');
    } catch (err) {
      throw new InputError(`--db-list ${where}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const urls = parseTargetList(text, where);
    if (urls.length === 0) throw new InputError(`--db-list ${where}: no database in it (one connection string per line; # comments and blank lines are skipped)`);
    all.push(...urls.map((url) => ({ url, where })));
  }
  if (specs.dbListCommand !== undefined) {
    const text = await runListCommand(specs.dbListCommand, specs.commandTimeoutMs ?? DEFAULT_LIST_COMMAND_TIMEOUT_MS);
    const urls = parseTargetList(text, '--db-list-cmd output');
    if (urls.length === 0) throw new InputError('--db-list-cmd printed no database (one connection string per line; # comments and blank lines are skipped)');
    all.push(...urls.map((url) => ({ url, where: '--db-list-cmd' })));
  }
  const seen = new Map<string, string>();
  for (const { url, where } of all) {
    const first = seen.get(url);
    if (first !== undefined) throw new InputError(`${redactConnectionString(url)} is given twice (${first} and ${where}); give each database once`);
    seen.set(url, where);
  }
  return [...seen.keys()];
}

/**
 * Runs the `--db-list-cmd` through the shell, in pgdrift's environment (a cloud CLI needs its
 * credentials), stdin closed, and returns what it printed. Killed (its whole process group)
 * after `timeoutMs`.
 *
 * @throws InputError (exit 2) when it cannot start, fails, is killed, times out or prints too much;
 *   the message quotes the last line of its stderr, passwords masked
 */
export async function runListCommand(command: string, timeoutMs: number): Promise<string> {
  const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: Buffer[] = [];
  let outBytes = 0;
  let tooMuch = false;
  let err = '';
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    outBytes += chunk.length;
    if (outBytes > MAX_LIST_BYTES) {
      tooMuch = true;
      killGroup();
    } else out.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-8192);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
    child.once('error', (error) => done({ code: null, signal: null, error }));
    child.once('close', (code, signal) => done({ code, signal }));
  });
  clearTimeout(timer);
  const text = Buffer.concat(out).toString('utf8');
  const clean = (s: string) => redactText(s, parseLoosely(text));
  const last = clean(err.trim().split('\n').pop() ?? '').slice(0, 300);
  const said = last === '' ? '' : `: ${last}`;
  if (outcome.error) throw new InputError(`--db-list-cmd could not be started: ${clean(outcome.error.message)}`);
  if (tooMuch) throw new InputError(`--db-list-cmd printed more than ${MAX_LIST_BYTES / 1024 / 1024} MB; it should print one connection string per line`);
  if (timedOut) throw new InputError(`--db-list-cmd timed out after ${Math.round(timeoutMs / 1000)} s${said}`);
  if (outcome.code !== 0) {
    const status = outcome.code === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `failed with exit code ${outcome.code}`;
    throw new InputError(`--db-list-cmd ${status}${said}`);
  }
  return text;
}

/** The connection strings among a command's output lines, so that its stderr cannot echo their passwords. */
function parseLoosely(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && isConnectionString(l));
}
