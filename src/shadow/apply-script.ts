import { ConnectionError, InputError } from '../errors.js';
import type { ScriptToApply } from './parsed-script.js';
import type { Shadow } from './shadow.js';
import { shadowSql } from './sql-text.js';
import { indexOfCharPosition, whereIn } from './source-text.js';

/**
 * Applies a script to a shadow database one statement at a time, the way `psql -f` does (so
 * `CREATE INDEX CONCURRENTLY` and explicit `BEGIN … COMMIT` behave as they would there), then
 * resets the session so that the next script starts clean.
 *
 * The first failing statement stops everything with an error citing `file:line:col`, computed
 * from the position PostgreSQL reports (in characters of the text it was sent) or, for errors
 * without one (`ALTER TABLE missing …`), the start of the statement.
 *
 * @example
 * await applyScript(shadow, await parseScript({ name: 'db/schema.sql', text }));
 * // throws InputError('db/schema.sql:14:8: syntax error at or near "TABL"')
 */
export async function applyScript(shadow: Shadow, parsed: ScriptToApply): Promise<void> {
  if (parsed.statements === null) {
    // The parser rejected the text: let the server parse it whole. A multi-statement query is
    // parsed entirely before anything runs, so this reports the server's error and applies nothing.
    await run(shadow, parsed, parsed.text, 0, false);
  } else {
    for (const statement of parsed.statements) {
      await run(shadow, parsed, statement.text, statement.index, statement.createsRole);
    }
  }
  await shadow.exec(shadowSql('reset-session.sql'));
  if (shadow.applier) await policiesToApplier(shadow, shadow.applier);
}

/** See `policy-roles-of-applier.sql`: `TO CURRENT_USER` names the --shadow-url role, not the throwaway one. */
async function policiesToApplier(shadow: Shadow, applier: string): Promise<void> {
  const { rows } = await shadow.db.query<{ sql: string }>(shadowSql('policy-roles-of-applier.sql'), [applier]);
  for (const { sql } of rows) await shadow.exec(sql);
}

async function run(shadow: Shadow, parsed: ScriptToApply, text: string, index: number, createsRole: boolean): Promise<void> {
  try {
    await shadow.exec(text);
  } catch (err) {
    const code = sqlState(err);
    // Roles are cluster-wide and never part of a snapshot: on a server shadow a role the SQL
    // creates may well exist already (an earlier run created it), which says nothing about the schema.
    if (createsRole && code === '42710') return;
    throw sqlError(shadow, parsed, text, index, err, code);
  }
}

function sqlError(shadow: Shadow, parsed: ScriptToApply, text: string, index: number, err: unknown, code: string | undefined): unknown {
  const position = Number((err as { position?: unknown }).position);
  const at = whereIn(parsed.script, index + (position > 0 ? indexOfCharPosition(text, position) : 0));
  const message = `${at}: ${(err as Error).message}`;
  if (code === undefined) {
    // No SQLSTATE: not an error in the SQL. For a server that is a lost connection; in PGlite a bug.
    return shadow.kind === 'server' ? new ConnectionError(`shadow database: ${message}`, { cause: err }) : err;
  }
  if (shadow.kind === 'server' && refusedByServer(code)) return new ConnectionError(message, { cause: err });
  return new InputError(message, { cause: err });
}

/**
 * SQLSTATE classes that say the shadow server refused or failed, not that the SQL is wrong:
 * connection exceptions, authorization, resources, operator intervention, and privileges
 * (a `--shadow-url` role that may not `CREATE EXTENSION`, say).
 */
function refusedByServer(code: string): boolean {
  return code === '42501' || ['08', '28', '53', '57', '58'].includes(code.slice(0, 2));
}

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
