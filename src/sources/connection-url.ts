import { isConnectionString, isConnectionUrl } from '../connection/conninfo.js';
import { InputError } from '../errors.js';
import { redactConnectionString } from '../redact.js';

/**
 * The database to inspect when `--db` is not given: `DATABASE_URL`, else a URL naming what the
 * libpq variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`) say, as psql would use them. The
 * password stays out of the URL — the connection reads `PGPASSWORD` (or the password file)
 * itself — so the URL can be shown as the source.
 *
 * @example defaultDatabaseUrl({ PGHOST: 'db', PGDATABASE: 'app', PGPASSWORD: 'x' }) // 'postgres://db/app'
 */
export function defaultDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.PGHOST && !env.PGDATABASE && !env.PGUSER && !env.PGPORT) return undefined;
  const url = new URL('postgres://localhost');
  if (env.PGHOST) {
    // A socket directory (libpq allows PGHOST=/var/run/postgresql) goes in the host query parameter.
    if (env.PGHOST.startsWith('/')) url.searchParams.set('host', env.PGHOST);
    else url.hostname = env.PGHOST;
  } else {
    // No host in the URL: the connection picks libpq's default (a local socket, else localhost).
    url.hostname = '';
  }
  if (env.PGPORT) url.port = env.PGPORT;
  if (env.PGUSER) url.username = encodeURIComponent(env.PGUSER);
  url.pathname = `/${encodeURIComponent(env.PGDATABASE ?? env.PGUSER ?? 'postgres')}`;
  return url.toString();
}

/** True for `postgres://…` and `postgresql://…`. */
export function isDatabaseUrl(spec: string): boolean {
  return isConnectionUrl(spec);
}

/**
 * The `--db` value, or the environment's, or a usage error saying how to give one. A URL and
 * libpq's keyword form (`host=db dbname=app`) are both accepted.
 */
export function requireDatabaseUrl(db: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = db ?? defaultDatabaseUrl(env);
  if (!url) throw new InputError('no database given: pass --db postgres://user@host/dbname, or set DATABASE_URL (or PGHOST/PGDATABASE)');
  if (!isConnectionString(url)) {
    throw new InputError(`--db must be a postgres:// URL or a "host=… dbname=…" connection string, got "${redactConnectionString(url)}"`);
  }
  return url;
}
