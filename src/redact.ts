import { isConnectionString, parseConnInfo } from './connection/conninfo.js';
import { isSecretKeyword } from './connection/keywords.js';

/*
 * Passwords never reach an output. Redaction works on the structure of connection strings —
 * the password in a URL's user info, a `password=` (or `sslpassword=`) parameter or keyword —
 * and never replaces a password's text wherever it happens to occur: a password "postgres"
 * must not turn "postgres://" into "***://", nor "x" turn "unexpectedly" into "une***pectedly".
 */

const MASK = '***';
const ANY_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]*/gi;
/**
 * A secret keyword (password, sslpassword, PGPASSWORD) and its value, quoted or not — unless the
 * value is already the mask, followed by what ends a word or a message's "…: " separator.
 */
const SECRET_PAIR = /(\b[a-z_]*password\s*=\s*)(?!\*\*\*(?:$|[\s"'),;&#]|:(?:\s|$)))('(?:[^'\\]|\\.)*'?|(?:\\.|[^\s&#])+)/gi;

/**
 * The connection string with every password replaced by `***`: in a URL's user info and its
 * `password=` / `sslpassword=` query parameters, or as the value of those keywords in libpq's
 * keyword form. Everything else is kept as written.
 *
 * @example
 * redactConnectionString('postgres://app:s3cret@db:5432/app?sslmode=require') // 'postgres://app:***@db:5432/app?sslmode=require'
 * redactConnectionString("host=db password='s3 cret' dbname=app") // 'host=db password=*** dbname=app'
 */
export function redactConnectionString(spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return redactUrlText(spec);
  if (!isConnectionString(spec)) return spec;
  let info;
  try {
    info = parseConnInfo(spec);
  } catch {
    // Unreadable (an unterminated quote…): hide everything from the first secret on.
    const at = /[a-z_]*password\s*=\s*/i.exec(spec);
    return at ? spec.slice(0, at.index + at[0].length) + MASK : spec;
  }
  let out = spec;
  // From the end, so that earlier spans keep their offsets.
  for (const p of [...info.params].reverse()) {
    if (p.span && isSecretKeyword(p.keyword)) out = out.slice(0, p.span.start) + MASK + out.slice(p.span.end);
  }
  return out;
}

/** The name callers used before keyword connection strings were read; same function. */
export const redactUrl = redactConnectionString;

/**
 * `text` with the connection strings in `specs` redacted where they occur whole, and every
 * other URL and `password=` pair in it redacted by its structure: for messages that may quote
 * a connection string (pgdrift's own, the driver's, the server's).
 *
 * @example
 * redactConnectionStrings('Unknown argument: postgres://u:pw@h/db', []) // 'Unknown argument: postgres://u:***@h/db'
 */
export function redactConnectionStrings(text: string, specs: readonly string[]): string {
  let out = text;
  for (const spec of [...specs].sort((a, b) => b.length - a.length)) {
    if (spec === '') continue;
    const redacted = redactConnectionString(spec);
    if (redacted !== spec) out = out.split(spec).join(redacted);
  }
  out = out.replace(ANY_URL, (url) => redactUrlText(url));
  return out.replace(SECRET_PAIR, (_m, key: string) => `${key}${MASK}`);
}

/**
 * As `redactConnectionStrings`, and also each password of `specs` (and `PGPASSWORD`) where it
 * stands alone as a word: for text pgdrift did not write, such as a migration command's output,
 * which may print a password by itself. A password inside a longer word, or inside a URL, is
 * not touched.
 *
 * @example
 * redactText('login as x with x failed unexpectedly', ['postgres://x:x@h/db'])
 * // 'login as *** with *** failed unexpectedly'
 */
export function redactText(text: string, specs: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const structural = redactConnectionStrings(text, specs);
  const secrets = new Set<string>();
  for (const spec of specs) for (const s of passwordsOf(spec)) secrets.add(s);
  if (env.PGPASSWORD) secrets.add(env.PGPASSWORD);
  const ordered = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return structural;
  // URLs were redacted by their structure: their scheme, user and host stay as written.
  let out = '';
  let last = 0;
  for (const m of structural.matchAll(ANY_URL)) {
    out += maskWords(structural.slice(last, m.index), ordered) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + maskWords(structural.slice(last), ordered);
}

/** Every spelling of the passwords a connection string holds: as given, percent-encoded, decoded. */
function passwordsOf(spec: string): string[] {
  const found: string[] = [];
  try {
    for (const p of parseConnInfo(spec).params) if (isSecretKeyword(p.keyword)) found.push(p.value, encodeURIComponent(p.value));
  } catch {
    // Unreadable: the user info of a URL is still the password's likely place.
  }
  const span = userinfoPasswordSpan(spec);
  if (span) {
    const raw = spec.slice(span.start, span.end);
    found.push(raw);
    try {
      found.push(decodeURIComponent(raw));
    } catch {
      // Not valid percent-encoding: the raw spelling is the only one.
    }
  }
  return found;
}

/** Masks each occurrence of a secret that is not part of a longer word. */
function maskWords(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    let from = 0;
    for (;;) {
      const at = out.indexOf(secret, from);
      if (at < 0) break;
      const end = at + secret.length;
      const inWord = (isWordChar(secret[0]) && isWordChar(out[at - 1])) || (isWordChar(secret[secret.length - 1]) && isWordChar(out[end]));
      if (inWord) {
        from = at + 1;
      } else {
        out = out.slice(0, at) + MASK + out.slice(end);
        from = at + MASK.length;
      }
    }
  }
  return out;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

function redactUrlText(url: string): string {
  const span = userinfoPasswordSpan(url);
  const out = span ? url.slice(0, span.start) + MASK + url.slice(span.end) : url;
  return out.replace(/([?&][a-z_]*password=)[^&#]*/gi, `$1${MASK}`);
}

/**
 * Where the password sits in a URL's user info. The user info ends at the last `@`: a password
 * may itself hold `@`, `/` or `?` when the user did not percent-encode it, so no earlier `@` can
 * be trusted to end it. An `@` in the query string then hides more than the password, which
 * beats showing it.
 */
function userinfoPasswordSpan(url: string): { start: number; end: number } | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return null;
  const offset = scheme[0].length;
  const rest = url.slice(offset);
  const at = rest.lastIndexOf('@');
  if (at < 0) return null;
  const colon = rest.slice(0, at).indexOf(':');
  if (colon < 0) return null;
  return { start: offset + colon + 1, end: offset + at };
}
