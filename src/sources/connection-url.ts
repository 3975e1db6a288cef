import { InputError } from '../errors.js';

/**
 * The database to inspect when `--db` is not given: `DATABASE_URL`, else a URL built from the
 * libpq variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`) as psql would use them.
 *
 * @example defaultDatabaseUrl({ PGHOST: 'db', PGDATABASE: 'app' }) // 'postgres://db/app'
 */
export function defaultDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.PGHOST && !env.PGDATABASE && !env.PGUSER && !env.PGPORT) return undefined;
  const url = new URL('postgres://localhost');
  if (env.PGHOST) {
    // A socket directory (libpq allows PGHOST=/var/run/postgresql) goes in the host query parameter.
    if (env.PGHOST.startsWith('/')) url.searchParams.set('host', env.PGHOST);
    else url.hostname = env.PGHOST;
  }
  if (env.PGPORT) url.port = env.PGPORT;
  if (env.PGUSER) url.username = encodeURIComponent(env.PGUSER);
  if (env.PGPASSWORD) url.password = encodeURIComponent(env.PGPASSWORD);
  url.pathname = `/${encodeURIComponent(env.PGDATABASE ?? env.PGUSER ?? 'postgres')}`;
  return url.toString();
}

/** True for `postgres://…` and `postgresql://…`. */
export function isDatabaseUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** The `--db` value, or the environment's, or a usage error saying how to give one. */
export function requireDatabaseUrl(db: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = db ?? defaultDatabaseUrl(env);
  if (!url) throw new InputError('no database given: pass --db postgres://user@host/dbname, or set DATABASE_URL (or PGHOST/PGDATABASE)');
  if (!isDatabaseUrl(url)) throw new InputError(`--db must be a postgres:// or postgresql:// URL, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  return url;
}
