import { QuoteUtils } from '@pgsql/quotes';

/**
 * Quoting of what the model holds raw: object and role names, comments, function bodies.
 * Catalog text (types from `format_type`, defaults, definitions) arrives already quoted and
 * schema-qualified, because pgdrift reads the catalog with `search_path = ''`.
 */

/**
 * An identifier as PostgreSQL's own `quote_identifier` prints it: bare when it is lower case
 * and no keyword, quoted otherwise (mixed case, reserved words, embedded quotes).
 *
 * @example
 * ident('users')  // users
 * ident('user')   // "user"
 * ident('Orders') // "Orders"
 * ident('a"b')    // "a""b"
 */
export function ident(name: string): string {
  return QuoteUtils.quoteIdentifier(name);
}

/**
 * A schema-qualified name.
 *
 * @example
 * qualified('app', 'user') // app."user"
 */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/**
 * A grantee or policy role: `public` is the PUBLIC pseudo-role, anything else a role name.
 *
 * @example
 * role('public')   // PUBLIC
 * role('Ops team') // "Ops team"
 */
export function role(name: string): string {
  return name === 'public' ? 'PUBLIC' : ident(name);
}

/**
 * A string literal; the script sets `standard_conforming_strings = on`, so backslashes are
 * literal and only quotes are doubled.
 *
 * @example
 * literal("it's") // 'it''s'
 */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A dollar-quoted body with a tag the body does not contain.
 *
 * @example
 * dollarQuote('SELECT 1')        // $$SELECT 1$$
 * dollarQuote('SELECT $$x$$')    // $body$SELECT $$x$$$body$
 */
export function dollarQuote(body: string): string {
  for (let i = 0; ; i++) {
    const tag = i === 0 ? '$$' : `$body${i === 1 ? '' : i}$`;
    // The body ends where the tag first occurs: that must be the closing tag itself (a body
    // ending in `$` would otherwise run into `$$`).
    if (`${body}${tag}`.indexOf(tag) === body.length) return `${tag}${body}${tag}`;
  }
}

/**
 * A name PostgreSQL will accept (at most 63 bytes), with a suffix that keeps it apart from the
 * original: used for the old copy of a type being replaced.
 *
 * @example
 * withSuffix('mood', '__pgdrift_old') // mood__pgdrift_old
 */
export function withSuffix(name: string, suffix: string): string {
  let base = name;
  while (Buffer.byteLength(base + suffix) > 63) base = base.slice(0, -1);
  return base + suffix;
}
