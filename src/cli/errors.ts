import { PgdriftError } from '../errors.js';
import { writeErr } from '../report/output.js';
import { redactText } from '../redact.js';
import { defaultDatabaseUrl } from '../sources/connection-url.js';

/** Every connection string the user gave, so that no message can echo one of its passwords. */
function knownUrls(): string[] {
  const given = process.argv.flatMap((a) => (a.includes('=') && a.startsWith('--') ? [a.slice(a.indexOf('=') + 1)] : [a]));
  const fromEnv = defaultDatabaseUrl(process.env);
  return [...given, ...(fromEnv ? [fromEnv] : [])].filter((a) => /^postgres(ql)?:\/\//i.test(a));
}

function clean(text: string): string {
  return redactText(text, knownUrls());
}

/**
 * Ends the process for an error: one line on stderr and the documented exit code.
 * Known errors carry their code; anything else is a bug, still one line unless --debug.
 */
export function exitWithError(err: unknown, debug: boolean): never {
  if (err instanceof PgdriftError) {
    writeErr(`pgdrift: ${clean(err.message)}`);
    if (debug && err.stack) for (const line of clean(err.stack).split('\n')) writeErr(line);
    process.exit(err.exitCode);
  }
  const message = err instanceof Error ? err.message : String(err);
  writeErr(`pgdrift: internal error: ${clean(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}`);
  if (debug && err instanceof Error && err.stack) for (const line of clean(err.stack).split('\n')) writeErr(line);
  process.exit(2);
}
