import pg from 'pg';
import { ConnectionError, InputError } from '../errors.js';
import { redactConnectionString } from '../redact.js';
import { connectionError } from './errors.js';
import { ConnInfoError, isConnectionUrl } from './conninfo.js';
import { passwordFromFile } from './password-file.js';
import { connectionSettings, type ConnectionSettings } from './settings.js';
import { CertificateFileError, connectionAttempts, type Attempt } from './tls.js';

/** How long connecting may take when neither the caller nor `connect_timeout` says. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface OpenClientOptions {
  /**
   * How long connecting and authenticating may take in all, every attempt `sslmode` makes
   * included. Overrides `connect_timeout` / `PGCONNECT_TIMEOUT`; default 10 s.
   */
  readonly connectTimeoutMs?: number;
  /** pg's `query_timeout`: how long the client waits for any one query's answer. */
  readonly queryTimeoutMs?: number;
  /** The start of the failure message (default "cannot connect to"); the redacted connection string follows. */
  readonly failure?: string;
  /** The session's application_name, over the connection string's (default: its, else `pgdrift`). */
  readonly applicationName?: string;
  /** Where the libpq variables come from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Opens a connection the way libpq would for the same connection string (URL or keyword form)
 * and environment: its `sslmode` with libpq's meaning (see `connectionAttempts`), the password
 * from the string, else `PGPASSWORD`, else the password file — read only when the server asks
 * for a password. The client is connected and has an `error` listener (a server that goes away
 * later is reported by the next query instead of crashing the process).
 *
 * @throws InputError (exit 2) for a connection string that cannot be read, an unknown or
 *   unsupported option, an unreadable certificate file.
 * @throws ConnectionError (exit 3) when every attempt failed, saying why: refused, timed out,
 *   no TLS where `sslmode` requires it, an untrusted certificate, authentication.
 *   No message ever holds a password.
 * @example
 * const client = await openClient('host=db dbname=app sslmode=require', { connectTimeoutMs: 5000 });
 */
export async function openClient(spec: string, options: OpenClientOptions = {}): Promise<pg.Client> {
  const description = redactConnectionString(spec);
  let settings: ConnectionSettings;
  let attempts: Attempt[];
  try {
    settings = connectionSettings(spec, options.env ?? process.env);
    attempts = connectionAttempts(settings);
  } catch (err) {
    if (err instanceof ConnInfoError || err instanceof CertificateFileError) {
      throw new InputError(`invalid ${isConnectionUrl(spec) ? 'database URL' : 'connection string'} ${description}: ${err.message}`);
    }
    throw err;
  }
  const timeoutMs = options.connectTimeoutMs ?? settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  const failure = options.failure ?? 'cannot connect to';
  for (const [i, attempt] of attempts.entries()) {
    const left = deadline - Date.now();
    const named = options.applicationName === undefined ? settings : { ...settings, applicationName: options.applicationName };
    const client = newClient(named, attempt, Number.isFinite(left) ? Math.max(1, left) : 0, options.queryTimeoutMs);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      const last = i === attempts.length - 1;
      if (!last && mayTryNext(err)) continue;
      throw connectionError(failure, description, explain(err, attempt, settings), spec);
    }
  }
  // Unreachable: there is always at least one attempt.
  throw new ConnectionError(`${failure} ${description}`);
}

function newClient(s: ConnectionSettings, attempt: Attempt, timeoutMs: number, queryTimeoutMs: number | undefined): pg.Client {
  const client = new pg.Client({
    host: s.hostaddr ?? s.host,
    port: s.port,
    user: s.user,
    database: s.dbname,
    // Asked only when the server wants a password, as libpq reads its password file.
    password: async () => passwordFor(s),
    ssl: attempt.tls ? attempt.options : false,
    ...(attempt.tls && s.sslnegotiation === 'direct' ? { sslnegotiation: 'direct' } : {}),
    connectionTimeoutMillis: timeoutMs,
    ...(queryTimeoutMs !== undefined ? { query_timeout: queryTimeoutMs } : {}),
    application_name: s.applicationName,
    ...(s.options !== undefined ? { options: s.options } : {}),
    ...(s.clientEncoding !== undefined ? { client_encoding: s.clientEncoding } : {}),
    keepAlive: s.keepalives,
    ...(s.keepalivesIdleMs !== undefined ? { keepAliveInitialDelayMillis: s.keepalivesIdleMs } : {}),
  } as pg.ClientConfig);
  client.on('error', () => {});
  return client;
}

function passwordFor(s: ConnectionSettings): string {
  if (s.password !== undefined) return s.password;
  const found = passwordFromFile(s.passfile, s);
  if (found.password !== undefined) return found.password;
  throw Object.assign(
    new Error(`the server asks for a password and none was given (not in the connection string, PGPASSWORD or the password file ${s.passfile})${found.note ? `; ${found.note}` : ''}`),
    { code: 'PGDRIFT_NO_PASSWORD' },
  );
}

/** Failures after which libpq would try the next attempt: not a network failure, nor a missing password. */
function mayTryNext(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const message = String((err as { message?: unknown } | null)?.message ?? '');
  if (code === 'PGDRIFT_NO_PASSWORD') return false;
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)/.test(code)) return false;
  return !/timeout/i.test(message);
}

/** The driver's error, said in sslmode's terms when TLS is why it failed. */
function explain(err: unknown, attempt: Attempt, s: ConnectionSettings): unknown {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = String(e?.message ?? '');
  if (attempt.tls && /does not support SSL/.test(message)) {
    return Object.assign(new Error(`the server does not accept TLS connections, and sslmode=${s.sslmode} requires TLS`), { code: 'PGDRIFT_NO_TLS' });
  }
  if (attempt.tls && isCertificateError(e?.code, message)) {
    return Object.assign(new Error(`the server's certificate is not accepted (sslmode=${s.sslmode}): ${message}`), { code: 'PGDRIFT_BAD_CERTIFICATE' });
  }
  return err;
}

function isCertificateError(code: unknown, message: string): boolean {
  return (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT/.test(code)) || /certificate/i.test(message);
}
