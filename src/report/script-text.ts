import { escapeControls, hexCode, UNSAFE_CHARACTER, visibleEscape } from './escape.js';

/**
 * The text of an SQL script that psql runs and a person reviews. psql ends a `--` comment at a
 * newline *or* a carriage return, and whatever starts the next line runs: SQL, or a meta-command
 * such as `\! rm -rf ~`. So no line of a script may start with text from outside: comments
 * carry names with their control characters escaped, a statement left as a comment is commented
 * line by line, and the quoted names and strings of a statement that hold control characters
 * are written in PostgreSQL's escape forms, which mean the same and keep one line.
 */

/**
 * One comment line; every control character of `text` is shown escaped, so it stays one line.
 *
 * @example
 * commentLine('[1] change table:public.x\nDROP TABLE users; --') // '-- [1] change table:public.x\\nDROP TABLE users; --'
 */
export function commentLine(text: string, prefix = '-- '): string {
  return `${prefix}${escapeControls(text)}`.trimEnd();
}

/**
 * A statement as comment lines (a withheld one: what it would be), one `-- ` per line of its
 * guarded text, so that removing the `-- ` gives the statement back.
 *
 * @example
 * commentedStatement('DROP TABLE public."x\nDROP TABLE users; --"') // ['-- DROP TABLE public.U&"x\\000aDROP TABLE users; --";']
 */
export function commentedStatement(sql: string): string[] {
  return `${guardedSql(sql)};`.split('\n').map((line) => commentLine(line));
}

const IDENTIFIER_CHARACTER = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const SPECIAL = /['"$]|--|\/\*/g;
const UNSAFE = new RegExp(UNSAFE_CHARACTER.source, 'g');
/** In a function body a line break is what it is; only the others are unsafe. */
const UNSAFE_IN_BODY = new RegExp(`(?!\\r\\n|\\n)${UNSAFE_CHARACTER.source}`);

const IN_ESCAPE_STRING = new RegExp(`[\\\\']|${UNSAFE_CHARACTER.source}`, 'g');

/** Raw text as the inside of an escape string `E'…'`, whose escapes are those `visibleEscape` writes. */
function escapeString(raw: string): string {
  return raw.replace(IN_ESCAPE_STRING, (c) => (c === '\\' ? '\\\\' : c === "'" ? "''" : visibleEscape(c)));
}

/** The end of a quoted token that started at `start` (after its closing quote). */
function quotedEnd(sql: string, start: number, quote: string, backslashes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

/** The end of a block comment (they nest) that started at `start`. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/**
 * `sql` with every quoted name, string and comment that holds a control character (or a
 * bidirectional one) rewritten to mean the same on one line: `"…"` becomes `U&"…\000a…"`, `'…'`
 * becomes `E'…\n…'`, an `E'…'` string gets escapes in place, a dollar-quoted body holding more
 * than line breaks and tabs becomes an `E'…'` string on one line, and a comment shows the
 * escapes. A dollar-quoted body keeps its lines otherwise: a line of a function body may start
 * with anything, and psql reads it as part of the string. Any other
 * text is returned as it is; statements without such characters are unchanged.
 *
 * @example
 * guardedSql('CREATE TABLE public."x\nDROP TABLE users; --" (id integer)')
 * // 'CREATE TABLE public.U&"x\\000aDROP TABLE users; --" (id integer)'
 * guardedSql("COMMENT ON TABLE public.t IS 'a\n\\! rm -rf ~'") // "COMMENT ON TABLE public.t IS E'a\\n\\\\! rm -rf ~'"
 */
export function guardedSql(sql: string): string {
  if (!UNSAFE_CHARACTER.test(sql)) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const before = sql[i - 1] ?? ' ';
    const prefixed = (p: string): boolean => sql.slice(i - p.length, i).toLowerCase() === p && !IDENTIFIER_CHARACTER.test(sql[i - p.length - 1] ?? ' ');
    if (c === "'") {
      const escapes = prefixed('e');
      const end = quotedEnd(sql, i, "'", escapes);
      const token = sql.slice(i, end);
      if (!UNSAFE_CHARACTER.test(token) || prefixed('u&') || !token.endsWith("'") || token.length < 2) out += token;
      // In place, a backslash and the character it escapes taken together (`\` and a newline is a newline).
      else if (escapes) out += token.replace(/\\?[^]/g, (pair) => (UNSAFE_CHARACTER.test(pair.slice(-1)) ? visibleEscape(pair.slice(-1)) : pair));
      else if (IDENTIFIER_CHARACTER.test(before)) out += token;
      else out += `E'${escapeString(token.slice(1, -1).replaceAll("''", "'"))}'`;
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(sql, i, '"', false);
      const token = sql.slice(i, end);
      out += !UNSAFE_CHARACTER.test(token) || prefixed('u&') ? token : `U&${token.replace(/\\/g, '\\\\').replace(UNSAFE, (u) => `\\${hexCode(u, 4)}`)}`;
      i = end;
    } else if (c === '$' && !IDENTIFIER_CHARACTER.test(before)) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql)?.[0];
      const close = tag === undefined ? -1 : sql.indexOf(tag, i + tag.length);
      if (tag === undefined || close < 0) {
        out += c;
        i++;
        continue;
      }
      const body = sql.slice(i + tag.length, close);
      out += UNSAFE_IN_BODY.test(body) ? `E'${escapeString(body)}'` : `${tag}${body}${tag}`;
      i = close + tag.length;
    } else if (sql.startsWith('--', i)) {
      const stop = Math.min(...['\n', '\r'].map((b) => sql.indexOf(b, i)).filter((at) => at >= 0), sql.length);
      out += escapeControls(sql.slice(i, stop));
      i = stop;
    } else if (sql.startsWith('/*', i)) {
      const end = blockCommentEnd(sql, i);
      out += escapeControls(sql.slice(i, end));
      i = end;
    } else {
      // Plain text up to the next character that may start a quote or a comment.
      SPECIAL.lastIndex = i + 1;
      const next = SPECIAL.exec(sql)?.index ?? sql.length;
      out += sql.slice(i, next);
      i = next;
    }
  }
  return out;
}
