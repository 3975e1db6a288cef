import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ConnInfoError, isConnectionUrl, lastValues, parseConnInfo, type ConnInfo, type ConnParam } from './conninfo.js';
import { isSecretKeyword, KEYWORDS, refusal, type SslMode } from './keywords.js';

/** Everything needed to open one connection, after the connection string and the environment. */
export interface ConnectionSettings {
  /** A host name, an IP address, or the directory of a Unix socket. */
  readonly host: string;
  /** The address to connect to instead of resolving `host` (libpq `hostaddr`). */
  readonly hostaddr?: string;
  readonly port: number;
  readonly user: string;
  readonly dbname: string;
  /** From the connection string or `PGPASSWORD`; otherwise the password file is asked. */
  readonly password?: string;
  readonly passfile: string;
  readonly sslmode: SslMode;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly sslpassword?: string;
  readonly sslnegotiation: 'postgres' | 'direct';
  readonly sslMinProtocolVersion?: string;
  readonly sslMaxProtocolVersion?: string;
  /** `connect_timeout` / `PGCONNECT_TIMEOUT` in milliseconds; absent for none given (or 0: wait forever). */
  readonly connectTimeoutMs?: number;
  readonly applicationName: string;
  readonly options?: string;
  readonly clientEncoding?: string;
  readonly keepalives: boolean;
  readonly keepalivesIdleMs?: number;
  /** The user's home directory, where libpq looks for `.pgpass` and `.postgresql/`. */
  readonly home: string;
}

/** Where libpq builds look for a server's socket when no host is given, in this order. */
const SOCKET_DIRECTORIES = ['/var/run/postgresql', '/tmp'];

/**
 * The settings a connection string stands for, as libpq would use them: what the string gives,
 * else the libpq environment variable (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`,
 * `PGSSLMODE`, …), else libpq's default — a local Unix socket when one exists, port 5432, the
 * operating-system user, a database named after the user, `sslmode=prefer`.
 *
 * @throws ConnInfoError for an unknown keyword, a refused one, a bad value, several hosts;
 *   naming the keyword or variable, never a secret value.
 * @example
 * resolveSettings(parseConnInfo('postgres://app@db/shop'), { PGSSLMODE: 'require' }).sslmode // 'require'
 */
export function resolveSettings(info: ConnInfo, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  info.params.forEach((p, i) => checkParam(p, info.form, info.params[i - 1]));
  const given = lastValues(info);
  const value = (keyword: string): string | undefined => {
    const own = given.get(keyword);
    if (own !== undefined && own !== '') return own;
    const variable = KEYWORDS[keyword]?.env;
    const fromEnv = variable === undefined ? undefined : env[variable];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    checkValue(keyword, fromEnv, variable as string);
    return fromEnv;
  };
  // Variables of refused keywords are refused too: they ask for something pgdrift cannot do.
  for (const keyword of Object.keys(KEYWORDS)) if (refusal(keyword)) value(keyword);

  const port = Number(value('port') ?? 5432);
  const hostaddr = value('hostaddr');
  const host = value('host') ?? (hostaddr === undefined ? defaultHost(port) : hostaddr);
  if (host.includes(',') || hostaddr?.includes(',') || value('port')?.includes(',')) {
    throw new ConnInfoError('several hosts are not supported: pgdrift connects to one server');
  }
  const user = value('user') ?? osUser(env);
  const home = env.HOME || homedir();
  const timeout = value('connect_timeout');
  const idle = value('keepalives_idle');
  return {
    host,
    ...(hostaddr !== undefined ? { hostaddr } : {}),
    port,
    user,
    dbname: value('dbname') ?? user,
    ...optional('password', value('password')),
    passfile: value('passfile') ?? join(home, '.pgpass'),
    sslmode: (value('sslmode') ?? 'prefer') as SslMode,
    ...optional('sslrootcert', value('sslrootcert')),
    ...optional('sslcert', value('sslcert')),
    ...optional('sslkey', value('sslkey')),
    ...optional('sslpassword', value('sslpassword')),
    sslnegotiation: (value('sslnegotiation') ?? 'postgres') as 'postgres' | 'direct',
    ...optional('sslMinProtocolVersion', value('ssl_min_protocol_version')),
    ...optional('sslMaxProtocolVersion', value('ssl_max_protocol_version')),
    // libpq: zero or less waits forever, and anything under two seconds means two.
    ...(timeout !== undefined && Number(timeout) > 0 ? { connectTimeoutMs: Math.max(2, Number(timeout)) * 1000 } : {}),
    applicationName: value('application_name') ?? value('fallback_application_name') ?? 'pgdrift',
    ...optional('options', value('options')),
    ...optional('clientEncoding', value('client_encoding')),
    keepalives: value('keepalives') !== '0',
    ...(idle !== undefined ? { keepalivesIdleMs: Number(idle) * 1000 } : {}),
    home,
  };
}

/**
 * The settings of `spec`, a connection string in either form.
 *
 * @example connectionSettings('host=db dbname=app', {}).host // 'db'
 */
export function connectionSettings(spec: string, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  return resolveSettings(parseConnInfo(spec), env);
}

/**
 * `spec` in the URL form, whichever form it was given in, every keyword kept: what tools given
 * `DATABASE_URL` read, and what a URL can be derived from.
 *
 * @example
 * asUrl("host=db user=app password='p w' sslmode=require") // 'postgres://app:p%20w@db/?sslmode=require'
 */
export function asUrl(spec: string): string {
  return connectionUrl([...lastValues(parseConnInfo(spec))].map(([keyword, value]): ConnParam => ({ keyword, value })));
}

/**
 * `spec` with libpq's `connect_timeout` set to `ms` (rounded up to whole seconds, as libpq counts
 * them; 0 waits forever), replacing one it had, and otherwise as written. This is how a timeout
 * reaches connections opened far from the caller — a `--shadow-url` server and the tool
 * `--migrate-cmd` runs on it both read it from the string.
 *
 * @example withConnectTimeout('postgres://db/app?sslmode=require', 5000) // 'postgres://db/app?sslmode=require&connect_timeout=5'
 */
export function withConnectTimeout(spec: string, ms: number): string {
  const seconds = ms <= 0 ? 0 : Math.ceil(ms / 1000);
  // In the keyword form the last of a keyword wins; URL readers differ, so a URL keeps one.
  if (!isConnectionUrl(spec)) return `${spec.trimEnd()} connect_timeout=${seconds}`;
  const [base, fragment] = splitOnce(spec, '#');
  const [path, query] = splitOnce(base, '?');
  const params = (query ?? '').split('&').filter((p) => p !== '' && !/^connect_timeout=/i.test(p));
  return `${path}?${[...params, `connect_timeout=${seconds}`].join('&')}${fragment !== undefined ? `#${fragment}` : ''}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * The URL spelling of connection keywords: user, password, host, port and database in their
 * places, the rest as query parameters. A socket directory cannot be a URL's host, and a URL
 * without a host cannot hold a user: then all of them are query parameters.
 */
export function connectionUrl(params: readonly ConnParam[]): string {
  const get = (k: string) => params.find((p) => p.keyword === k)?.value;
  const enc = encodeURIComponent;
  const host = get('host');
  const inAuthority = host !== undefined && !host.startsWith('/');
  const user = inAuthority ? get('user') : undefined;
  const password = inAuthority ? get('password') : undefined;
  const userinfo = user === undefined && password === undefined ? '' : `${enc(user ?? '')}${password === undefined ? '' : `:${enc(password)}`}@`;
  const hostPart = inAuthority ? (host.includes(':') ? `[${host}]` : enc(host)) : '';
  const port = get('port');
  const dbname = get('dbname');
  const placed = new Set(['port', 'dbname', ...(inAuthority ? ['host', 'user', 'password'] : [])]);
  const query = params.filter((p) => !placed.has(p.keyword)).map((p) => `${enc(p.keyword)}=${enc(p.value)}`);
  return `postgres://${userinfo}${hostPart}${port ? `:${port}` : ''}/${dbname === undefined ? '' : enc(dbname)}${query.length ? `?${query.join('&')}` : ''}`;
}

function checkParam(p: ConnParam, form: ConnInfo['form'], previous: ConnParam | undefined): void {
  if (!(p.keyword in KEYWORDS)) {
    const what = form === 'url' ? 'URL query parameter' : 'connection option';
    // Right after a password, the "keyword" may be the rest of a password with a space or "&".
    if (previous && isSecretKeyword(previous.keyword)) throw new ConnInfoError(`unknown ${what} after "${previous.keyword}" (a value with spaces needs quotes)`);
    if (form === 'url' && p.keyword === 'ssl') throw new ConnInfoError('unknown URL query parameter "ssl" (libpq spells it sslmode=require)');
    throw new ConnInfoError(`unknown ${what} "${p.keyword}"`);
  }
  checkValue(p.keyword, p.value, `connection option "${p.keyword}"`);
}

function checkValue(keyword: string, value: string, where: string): void {
  const refused = refusal(keyword);
  if (refused) throw new ConnInfoError(`${where} is not supported: ${refused}`);
  const rule = KEYWORDS[keyword];
  const problem = rule?.check?.(value) ?? null;
  if (problem) throw new ConnInfoError(`${where} ${problem}${rule?.secret ? '' : `, not "${value}"`}`);
}

/** libpq's default: the local server's socket when there is one, else TCP to localhost. */
function defaultHost(port: number): string {
  return SOCKET_DIRECTORIES.find((dir) => existsSync(join(dir, `.s.PGSQL.${port}`))) ?? 'localhost';
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers).
    return env.USER ?? env.LOGNAME ?? 'postgres';
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
