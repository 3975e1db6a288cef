const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const MASK = '***';

/** Where the password sits in a URL's userinfo, if it has one. */
function passwordSpan(url: string): { start: number; end: number } | null {
  const scheme = SCHEME.exec(url);
  if (!scheme) return null;
  const offset = scheme[0].length;
  const rest = url.slice(offset);
  // The userinfo ends at the last '@'. A password may itself contain '@', '/' or '?' when the
  // user forgot to percent-encode it, so no earlier '@' can be trusted to end it; an '@' in
  // the query string then hides more than the password, which beats leaking it.
  const at = rest.lastIndexOf('@');
  if (at < 0) return null;
  const colon = rest.slice(0, at).indexOf(':');
  if (colon < 0) return null;
  return { start: offset + colon + 1, end: offset + at };
}

/**
 * The URL with any password replaced by `***`: in the userinfo and in `password=` parameters
 * (also in a libpq `key=value` connection string).
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/app?sslmode=require&password=x');
 * // 'postgres://app:***@db:5432/app?sslmode=require&password=***'
 */
export function redactUrl(url: string): string {
  const span = passwordSpan(url);
  let out = span ? url.slice(0, span.start) + MASK + url.slice(span.end) : url;
  out = out.replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`);
  if (!SCHEME.test(out)) out = out.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, `$1${MASK}`);
  return out;
}

/** Every spelling of the passwords in `urls` that could show up in a message. */
function secretsOf(url: string): string[] {
  const found: string[] = [];
  const span = passwordSpan(url);
  if (span) found.push(url.slice(span.start, span.end));
  for (const m of url.matchAll(/[?&]password=([^&#]*)/gi)) found.push(m[1] ?? '');
  for (const m of url.matchAll(/\bpassword\s*=\s*'((?:[^'\\]|\\.)*)'/gi)) found.push(m[1] ?? '');
  for (const m of url.matchAll(/\bpassword\s*=\s*([^'\s&#]\S*)/gi)) found.push(m[1] ?? '');
  const all = new Set<string>();
  for (const secret of found) {
    if (secret === '') continue;
    all.add(secret);
    try {
      all.add(decodeURIComponent(secret));
    } catch {
      // Not valid percent-encoding: the raw spelling is the only one.
    }
  }
  return [...all];
}

/**
 * `text` with each URL in `urls` redacted and any password they contain masked wherever it
 * appears, raw or percent-decoded: for error messages that echo a connection string.
 *
 * @example
 * redactText('connect failed for postgres://u:pw@h/db (pw)', ['postgres://u:pw@h/db']);
 * // 'connect failed for postgres://u:***@h/db (***)'
 */
export function redactText(text: string, urls: readonly string[]): string {
  let out = text;
  for (const url of urls) {
    out = out.split(url).join(redactUrl(url));
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of secretsOf(url).sort((a, b) => b.length - a.length)) {
      if (secret.length > 0) out = out.split(secret).join(MASK);
    }
  }
  return out;
}
