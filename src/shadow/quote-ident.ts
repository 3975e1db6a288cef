/**
 * Quotes an SQL identifier unconditionally, doubling embedded quotes (role and database names
 * are case-sensitive and may contain anything; quoting always is the only safe choice).
 *
 * @example
 * quoteIdent('Ops "team"') // → '"Ops ""team"""'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
