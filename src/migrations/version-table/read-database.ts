import { ConnectionError, InputError } from '../../errors.js';
import { loadSql } from '../../catalog/load-sql.js';
import { redactUrl } from '../../redact.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, openClient } from '../../connection/connect.js';
import { safeMessage } from '../../connection/errors.js';
import type { MigrationTool } from '../history.js';
import { readRecordedState, type RecordedState } from './recorded-state.js';

export interface ReadStateOptions {
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * Reads a live database's version table inside one `REPEATABLE READ READ ONLY` transaction
 * with lock and statement timeouts, as the catalog is read: never a write, and a role that
 * can only connect and read is enough (it needs SELECT on the version table).
 *
 * @example await readDatabaseState('postgres://app@db/app', 'alembic', 'alembic_version')
 * @throws ConnectionError (exit 3) when the server cannot be reached or refuses (auth, missing
 *   database, permission, timeout); the URL's password is never in the message.
 */
export async function readDatabaseState(url: string, tool: MigrationTool, versionTable: string, options: ReadStateOptions = {}): Promise<RecordedState> {
  const description = redactUrl(url);
  const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
  const client = await openClient(url, {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    queryTimeoutMs: statementTimeoutMs + (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
  });
  try {
    await client.query(await loadSql('begin-read-only'));
    await client.query(await loadSql('set-timeouts'), [`${options.lockTimeoutMs ?? 5000}ms`, `${statementTimeoutMs}ms`]);
    const state = await readRecordedState(client, tool, versionTable);
    await client.query('COMMIT');
    return state;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as { code?: unknown }).code;
    // Any other failure reading a table means the server refused: privileges, timeouts, a lost connection.
    throw new ConnectionError(`cannot read the version table in ${description}: ${safeMessage(err, url)}${code === '42501' ? ' (grant SELECT on it to this role)' : ''}`);
  } finally {
    await client.end().catch(() => {});
  }
}
