import { parse as parseUrlBase } from 'pg-connection-string';

/*
 * Connection strings as libpq reads them, in both of its forms: a URL
 * (`postgres://user:password@host:port/dbname?key=value`) and keyword/value pairs
 * (`host=db user=app password='s3 cret'`). Parsing only: nothing here connects, reads a file
 * or looks at the environment, so redaction can use it on any text.
 */

/** One `keyword = value` of a connection string, with where its value is spelled in the text. */
export interface ConnParam {
  /** The libpq keyword: `host`, `port`, `user`, `password`, `dbname`, `sslmode`, … */
  readonly keyword: string;
  readonly value: string;
  /** Keyword form only: the value as written, quotes included (`[start, end)` of the text). */
  readonly span?: { readonly start: number; readonly end: number };
}

export interface ConnInfo {
  readonly form: 'url' | 'keywords';
  /** In the order written; for a URL, the parts before the query come first. */
  readonly params: readonly ConnParam[];
}

/**
 * Why a connection string cannot be read. The message names keywords and positions, never a
 * value: the value may be a password.
 */
export class ConnInfoError extends Error {}

const URL_START = /^postgres(?:ql)?:\/\//i;
const KEYWORD_START = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/;

/** True for `postgres://…` and `postgresql://…`. */
export function isConnectionUrl(spec: string): boolean {
  return URL_START.test(spec);
}

/**
 * True for what libpq would read as a connection string: a `postgres(ql)://` URL, or text that
 * starts with `keyword=`.
 *
 * @example
 * isConnectionString('host=db dbname=app') // true
 * isConnectionString('schemas/app.snapshot.json') // false
 */
export function isConnectionString(spec: string): boolean {
  return isConnectionUrl(spec) || KEYWORD_START.test(spec);
}

/**
 * Reads a connection string into its keywords, as libpq does; a later keyword overrides an
 * earlier one (see `lastValues`).
 *
 * @throws ConnInfoError for text that is neither form, a keyword without `=`, an unterminated
 *   quote, bad percent-encoding; never with a value in the message.
 * @example
 * parseConnInfo("host=db password='s3 cret'").params
 * // [{ keyword: 'host', value: 'db', … }, { keyword: 'password', value: 's3 cret', … }]
 */
export function parseConnInfo(spec: string): ConnInfo {
  if (isConnectionUrl(spec)) return { form: 'url', params: parseUrl(spec) };
  if (KEYWORD_START.test(spec)) return { form: 'keywords', params: parseKeywords(spec) };
  throw new ConnInfoError('not a connection string (expected postgres://… or keyword=value pairs)');
}

/** keyword → value, the last one written winning (libpq reads them in order). */
export function lastValues(info: ConnInfo): ReadonlyMap<string, string> {
  return new Map(info.params.map((p) => [p.keyword, p.value]));
}

/**
 * The URL's authority and path through pg-connection-string (user info, host, IPv6 brackets,
 * percent-encoded socket directories); the query by hand, because pg-connection-string acts on
 * some parameters (it reads the `sslrootcert` file, warns about `sslmode`), and because libpq
 * decodes only percent signs, where URLSearchParams also turns `+` into a space.
 */
function parseUrl(spec: string): ConnParam[] {
  const queryAt = spec.indexOf('?');
  const base = queryAt < 0 ? spec : spec.slice(0, queryAt);
  const query = queryAt < 0 ? '' : spec.slice(queryAt + 1).split('#')[0] ?? '';
  let parts: ReturnType<typeof parseUrlBase>;
  try {
    parts = parseUrlBase(base);
  } catch {
    throw new ConnInfoError('not a valid URL');
  }
  const params: ConnParam[] = [];
  const add = (keyword: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') params.push({ keyword, value });
  };
  add('host', parts.host);
  add('port', parts.port);
  add('user', parts.user);
  add('password', parts.password);
  add('dbname', parts.database);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // Not named: a password with an unencoded "&" in it breaks into such pieces.
    if (eq < 0) throw new ConnInfoError('a URL query parameter has no "=value"');
    const keyword = decode(pair.slice(0, eq), 'a URL query parameter name');
    params.push({ keyword, value: decode(pair.slice(eq + 1), `the value of URL query parameter "${keyword}"`) });
  }
  return params;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnInfoError(`bad percent-encoding in ${what}`);
  }
}

/**
 * libpq's keyword/value syntax: `keyword = value` separated by white space; a value is either
 * single-quoted (`\'` and `\\` inside) or runs to the next white space (a backslash escapes the
 * next character).
 */
function parseKeywords(spec: string): ConnParam[] {
  const params: ConnParam[] = [];
  let i = 0;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  const skipSpace = () => {
    while (isSpace(spec[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= spec.length) return params;
    const keywordStart = i;
    while (i < spec.length && spec[i] !== '=' && !isSpace(spec[i])) i++;
    const keyword = spec.slice(keywordStart, i);
    skipSpace();
    // Not named: an unquoted value with a space in it (a password) breaks into such words.
    if (spec[i] !== '=') throw new ConnInfoError(`a word without "=value" at character ${keywordStart + 1} of the connection string (a value with spaces needs quotes)`);
    i++;
    skipSpace();
    const start = i;
    let value = '';
    if (spec[i] === "'") {
      i++;
      for (;;) {
        if (i >= spec.length) throw new ConnInfoError(`unterminated quoted value of "${keyword}" in the connection string`);
        const c = spec[i] as string;
        if (c === '\\' && i + 1 < spec.length) {
          value += spec[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < spec.length && !isSpace(spec[i])) {
        if (spec[i] === '\\' && i + 1 < spec.length) i++;
        value += spec[i];
        i++;
      }
    }
    params.push({ keyword, value, span: { start, end: i } });
  }
}
