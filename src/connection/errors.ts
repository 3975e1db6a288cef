import { ConnectionError } from '../errors.js';
import { redactConnectionStrings } from '../redact.js';

/*
 * Turning driver errors into one-line ConnectionErrors (exit 3) that say why in an operator's
 * words and never carry the password: shared by every reader of a live database.
 */

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
  // Raised by openClient: no TLS where sslmode requires it, an untrusted certificate, no password.
  'PGDRIFT_NO_TLS',
  'PGDRIFT_BAD_CERTIFICATE',
  'PGDRIFT_NO_PASSWORD',
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

export function isConnectionFailure(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || isServerRefusal(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout/i.test(message);
}

/**
 * The ConnectionError (exit 3) for a driver error: what failed, the redacted connection string,
 * why in an operator's words, and `detail` (e.g. which table is locked).
 *
 * @example connectionError('cannot connect to', 'postgres://app:***@db/app', err, url)
 */
export function connectionError(what: string, description: string, error: unknown, url: string, detail = ''): ConnectionError {
  return new ConnectionError(`${what} ${description}: ${reason(error, url)}${detail}`, { cause: safeCause(error, url) });
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
    case 'PGDRIFT_NO_PASSWORD':
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

export function safeMessage(error: unknown, url: string): string {
  // Not `instanceof Error`: errors from another realm (vm contexts, test runners) fail that test.
  const message = (error as ErrorLike | null)?.message;
  const raw = typeof message === 'string' ? message : String(error);
  return redactConnectionStrings(raw, [url]).replace(/\s+/g, ' ').trim();
}

/**
 * A stand-in for the driver's error carrying only redacted text and the error code: the
 * original may hold the connection parameters, password included.
 */
export function safeCause(error: unknown, url: string): Error {
  const cause = new Error(safeMessage(error, url));
  const code = (error as ErrorLike | null)?.code;
  if (typeof code === 'string') Object.assign(cause, { code });
  return cause;
}
