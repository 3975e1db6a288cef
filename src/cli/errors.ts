import { isConnectionString } from '../connection/conninfo.js';
import { PgdriftError } from '../errors.js';
import { writeErr } from '../report/output.js';
import { redactConnectionStrings } from '../redact.js';
import { defaultDatabaseUrl } from '../sources/connection-url.js';

/** Every connection string the user gave, as typed, so that no message can echo one of its passwords. */
function knownConnectionStrings(): string[] {
  const given = process.argv.flatMap((a) => (a.startsWith('--') && a.includes('=') ? [a, a.slice(a.indexOf('=') + 1)] : [a]));
  const fromEnv = [process.env.DATABASE_URL, defaultDatabaseUrl(process.env)].filter((u): u is string => u !== undefined);
  return [...given, ...fromEnv].filter((a) => isConnectionString(a) || /^[a-z][a-z0-9+.-]*:\/\//i.test(a));
}

/**
 * `text` with every password taken out: the connection strings the user gave wherever they
 * occur whole, and any other URL or `password=` in it by its structure.
 *
 * @example redactForOutput('Unknown argument: postgres://app:pw@db/app') // 'Unknown argument: postgres://app:***@db/app'
 */
export function redactForOutput(text: string): string {
  return redactConnectionStrings(text, knownConnectionStrings());
}

/** Run before a failing exit: writes `--metrics-file` (set by main.ts only when that flag is given). */
let beforeFailingExit: ((code: number) => void) | null = null;

/** Registers what must happen before the process ends with exit 2 or 3. */
export function onFailingExit(hook: (code: number) => void): void {
  beforeFailingExit = hook;
}

/** Ends the process with a failing exit code, after the registered hook (whose own failure changes nothing). */
export function exitFailing(code: number): never {
  try {
    beforeFailingExit?.(code);
  } catch {
    // The exit code and the error line already say what failed.
  }
  process.exit(code);
}

/**
 * Ends the process for an error: one line on stderr and the documented exit code.
 * Known errors carry their code; anything else is a bug, still one line unless --debug.
 */
export function exitWithError(err: unknown, debug: boolean): never {
  if (err instanceof PgdriftError) {
    writeErr(`pgdrift: ${redactForOutput(err.message)}`);
    if (debug && err.stack) for (const line of redactForOutput(err.stack).split('\n')) writeErr(line);
    exitFailing(err.exitCode);
  }
  const message = err instanceof Error ? err.message : String(err);
  writeErr(`pgdrift: internal error: ${redactForOutput(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}`);
  if (debug && err instanceof Error && err.stack) for (const line of redactForOutput(err.stack).split('\n')) writeErr(line);
  exitFailing(2);
}
