import pg from 'pg';
import { ConnectionError, InputError } from '../errors.js';
import { introspect } from '../catalog/introspect.js';
import { loadSql } from '../catalog/load-sql.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactText, redactUrl } from '../redact.js';

export interface DatabaseSnapshotOptions {
  /** Only these schemas (default: every non-system schema). */
  readonly schemas?: readonly string[];
  /** Leave these schemas out. */
  readonly excludeSchemas?: readonly string[];
  /** Bookkeeping tables to leave out (default: `DEFAULT_BOOKKEEPING_TABLES`). */
  readonly bookkeepingTables?: readonly string[];
  /** How long to wait for a lock held by concurrent DDL (default 5000). */
  readonly lockTimeoutMs?: number;
  /** How long one catalog query may run (default 60000). */
  readonly statementTimeoutMs?: number;
  /** How long connecting and authenticating may take (default 10000). */
  readonly connectTimeoutMs?: number;
}

/**
 * Snapshots a live database. Reads only, inside one `REPEATABLE READ READ ONLY` transaction
 * with a lock and a statement timeout, and always closes the connection. Needs nothing but
 * the right to connect: the catalog is readable by every role.
 *
 * @throws ConnectionError (exit 3) when the server cannot be reached or refuses: wrong
 *   password, nothing listening, unknown host, missing database, timeout, permission denied.
 *   The message names the URL with its password redacted.
 * @throws InputError (exit 2) when the URL cannot be parsed.
 * @example
 * const snap = await snapshotDatabase('postgres://app:secret@db:5432/app', { schemas: ['public'] });
 * snap.source.description; // 'postgres://app:***@db:5432/app'
 */
export async function snapshotDatabase(url: string, options: DatabaseSnapshotOptions = {}): Promise<Snapshot> {
  const description = redactUrl(url);
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 60000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10000;

  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: connectTimeoutMs,
      // statement_timeout ends a slow query on the server; this ends the wait when the
      // network itself stops answering.
      query_timeout: statementTimeoutMs + connectTimeoutMs,
      application_name: 'pgdrift',
    });
  } catch (error) {
    throw new InputError(`invalid database URL ${description}: ${safeMessage(error, url)}`, {
      cause: safeCause(error, url),
    });
  }
  // A server that goes away between queries is reported by the failing query; without a
  // listener the client's 'error' event would crash the process instead.
  client.on('error', () => {});

  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError('cannot connect to', description, error, url);
  }

  let began = false;
  try {
    await client.query(await loadSql('begin-read-only'));
    began = true;
    await client.query(await loadSql('set-timeouts'), [`${lockTimeoutMs}ms`, `${statementTimeoutMs}ms`]);
    const snapshot = await introspect(
      client,
      {
        ownersDeclared: true,
        ...(options.schemas ? { schemas: options.schemas } : {}),
        ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
        ...(options.bookkeepingTables ? { bookkeepingTables: options.bookkeepingTables } : {}),
      },
      { kind: 'postgres', description },
    );
    await client.query('COMMIT');
    return snapshot;
  } catch (error) {
    if (began) await client.query('ROLLBACK').catch(() => {});
    if (isConnectionFailure(error)) throw connectionError('cannot read', description, error, url);
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

interface ErrorLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly hostname?: unknown;
  readonly syscall?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * SQLSTATEs (or classes) meaning the server cannot be used, as opposed to a query being wrong:
 * connection exceptions (08), authorization (28), missing database (3D000), privileges
 * (42501), resources (53), operator intervention incl. statement timeout (57), lock timeout
 * (55P03).
 */
function isServerRefusal(code: string): boolean {
  return (
    /^(08|28|53|57)/.test(code) || code === '3D000' || code === '42501' || code === '55P03'
  );
}

function isConnectionFailure(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || isServerRefusal(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout/i.test(message);
}

function connectionError(what: string, description: string, error: unknown, url: string): ConnectionError {
  return new ConnectionError(`${what} ${description}: ${reason(error, url)}`, { cause: safeCause(error, url) });
}

/** One short clause saying why, in the words an operator would search for. */
function reason(error: unknown, url: string): string {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = safeMessage(error, url);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused, nothing is listening on ${String(e.address ?? '?')}:${String(e.port ?? '?')}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `unknown host ${String(e.hostname ?? '')}`.trimEnd();
    case 'ETIMEDOUT':
      return `timed out connecting (${message})`;
    case '28P01':
    case '28000':
      return `authentication failed: ${message}`;
    case '3D000':
      return `missing database: ${message}`;
    case '42501':
      return `permission denied: ${message}`;
    case '55P03':
      return `timed out waiting for a lock (lock timeout): ${message}`;
    case '57014':
      return `timed out (statement timeout): ${message}`;
  }
  if (/timeout/i.test(message)) return `timed out: ${message}`;
  return message || 'unknown error';
}

function safeMessage(error: unknown, url: string): string {
  // Not `instanceof Error`: errors from another realm (vm contexts, test runners) fail that test.
  const message = (error as ErrorLike | null)?.message;
  const raw = typeof message === 'string' ? message : String(error);
  return redactText(raw, [url]).replace(/\s+/g, ' ').trim();
}

/**
 * A stand-in for the driver's error carrying only redacted text and the error code: the
 * original may hold the connection parameters, password included.
 */
function safeCause(error: unknown, url: string): Error {
  const cause = new Error(safeMessage(error, url));
  const code = (error as ErrorLike | null)?.code;
  if (typeof code === 'string') Object.assign(cause, { code });
  return cause;
}
