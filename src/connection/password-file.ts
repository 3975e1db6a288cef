import { readFileSync, statSync } from 'node:fs';

/** What a password file lookup found: the password, or why the file was not used. */
export type PasswordFileResult = { readonly password: string } | { readonly password?: undefined; readonly note?: string };

export interface PasswordFileQuery {
  readonly host: string;
  readonly hostaddr?: string;
  readonly port: number;
  readonly dbname: string;
  readonly user: string;
}

/**
 * Looks the password up in a libpq password file (`~/.pgpass`, `PGPASSFILE`, `passfile=`):
 * lines of `hostname:port:database:username:password`, `*` matching anything, `\` escaping
 * `:` and `\`, `#` starting a comment, the first matching line winning. As libpq does, a file
 * that others can read (any group or world permission) is not used; the result then says why,
 * so that a failed login can tell the user.
 *
 * @example
 * passwordFromFile('/home/app/.pgpass', { host: 'db', port: 5432, dbname: 'shop', user: 'app' })
 * // { password: 's3cret' } for the line "db:5432:*:app:s3cret"
 */
export function passwordFromFile(file: string, query: PasswordFileQuery): PasswordFileResult {
  let text: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return { note: `password file "${file}" is not a plain file` };
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      return { note: `password file "${file}" was not used: it has group or world access (chmod 0600 it)` };
    }
    text = readFileSync(file, 'utf8');
  } catch {
    // No file is the usual case, and libpq ignores an unreadable one the same way.
    return {};
  }
  // libpq matches a socket connection, or one without a host, against "localhost".
  const hosts = [query.host, ...(query.host.startsWith('/') ? ['localhost'] : []), ...(query.hostaddr ? [query.hostaddr] : [])];
  const wanted = [hosts, [String(query.port)], [query.dbname], [query.user]];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    const matches = wanted.every((candidates, i) => fields[i] === '*' || candidates.includes(fields[i] as string));
    if (matches) return { password: fields.slice(4).join(':') };
  }
  return {};
}

/** A line's fields: `:` separates, a backslash makes the next character literal. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (c === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}
