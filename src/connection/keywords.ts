/*
 * The libpq connection keywords pgdrift knows, the environment variable libpq reads for each,
 * and what pgdrift does with them. A keyword that asks libpq for a guarantee pgdrift cannot give
 * (channel binding, a CRL, a service file) is refused rather than ignored: ignoring it would
 * connect with less protection than the user asked for.
 */

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

interface KeywordRule {
  /** The variable libpq reads when the connection string does not give the keyword. */
  readonly env?: string;
  /** Why a value is not accepted, or null. Only called for non-secret keywords' values. */
  readonly check?: (value: string) => string | null;
  /** The value must never be printed. */
  readonly secret?: boolean;
}

const oneOf =
  (...allowed: string[]) =>
  (value: string): string | null =>
    allowed.includes(value) ? null : `must be ${allowed.join(', ')}`;

const integer = (value: string): string | null => (/^\s*-?\d+\s*$/.test(value) ? null : 'must be a whole number');

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Not supported: refused with this reason whatever the value. */
const REFUSED: Record<string, string> = {
  service: 'pgdrift does not read pg_service.conf; give the host, port, dbname and user directly',
  sslcrl: 'pgdrift cannot check certificate revocation lists',
  sslcrldir: 'pgdrift cannot check certificate revocation lists',
  requirepeer: 'pgdrift cannot check the server process user',
  require_auth: 'pgdrift cannot restrict the authentication methods',
  replication: 'pgdrift reads the catalog over an ordinary connection',
  sslcertmode: 'pgdrift cannot enforce a client certificate mode',
  sslkeylogfile: 'pgdrift does not write TLS key logs',
};

export const KEYWORDS: Readonly<Record<string, KeywordRule>> = {
  host: { env: 'PGHOST' },
  hostaddr: { env: 'PGHOSTADDR' },
  port: { env: 'PGPORT', check: (v) => (/^\d{1,5}$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? null : 'must be a port number') },
  dbname: { env: 'PGDATABASE' },
  user: { env: 'PGUSER' },
  password: { env: 'PGPASSWORD', secret: true },
  passfile: { env: 'PGPASSFILE' },
  connect_timeout: { env: 'PGCONNECT_TIMEOUT', check: integer },
  client_encoding: { env: 'PGCLIENTENCODING' },
  options: { env: 'PGOPTIONS' },
  application_name: { env: 'PGAPPNAME' },
  fallback_application_name: {},
  sslmode: { env: 'PGSSLMODE', check: oneOf(...SSL_MODES) },
  sslrootcert: { env: 'PGSSLROOTCERT' },
  sslcert: { env: 'PGSSLCERT' },
  sslkey: { env: 'PGSSLKEY' },
  sslpassword: { secret: true },
  sslnegotiation: { env: 'PGSSLNEGOTIATION', check: oneOf('postgres', 'direct') },
  ssl_min_protocol_version: { env: 'PGSSLMINPROTOCOLVERSION', check: oneOf(...TLS_VERSIONS) },
  ssl_max_protocol_version: { env: 'PGSSLMAXPROTOCOLVERSION', check: oneOf(...TLS_VERSIONS) },
  keepalives: { check: oneOf('0', '1') },
  keepalives_idle: { check: integer },
  // Accepted without effect: tuning, or choices that only matter for what pgdrift never does.
  keepalives_interval: { check: integer },
  keepalives_count: { check: integer },
  tcp_user_timeout: { check: integer },
  sslcompression: { env: 'PGSSLCOMPRESSION', check: oneOf('0', '1') },
  sslsni: { env: 'PGSSLSNI', check: oneOf('0', '1') },
  krbsrvname: { env: 'PGKRBSRVNAME' },
  gsslib: { env: 'PGGSSLIB' },
  load_balance_hosts: { env: 'PGLOADBALANCEHOSTS', check: oneOf('disable') },
  // A guarantee pgdrift cannot give is refused; the default and "prefer" are what it does.
  gssencmode: { env: 'PGGSSENCMODE', check: oneOf('disable', 'prefer') },
  channel_binding: { env: 'PGCHANNELBINDING', check: oneOf('disable', 'prefer') },
  target_session_attrs: { env: 'PGTARGETSESSIONATTRS', check: oneOf('any') },
  ...Object.fromEntries(Object.keys(REFUSED).map((k) => [k, {}])),
  service: { env: 'PGSERVICE' },
  sslcrl: { env: 'PGSSLCRL' },
  sslcrldir: { env: 'PGSSLCRLDIR' },
  requirepeer: { env: 'PGREQUIREPEER' },
  require_auth: { env: 'PGREQUIREAUTH' },
};

/** Why pgdrift refuses `keyword` (whatever its value), or null. */
export function refusal(keyword: string): string | null {
  return REFUSED[keyword] ?? null;
}

/** True for keywords whose value is a secret: `password`, `sslpassword`. */
export function isSecretKeyword(keyword: string): boolean {
  return KEYWORDS[keyword]?.secret === true;
}
