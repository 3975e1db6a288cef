import { parse, type Node } from 'libpg-query';
import { InputError } from '../errors.js';
import { byteToIndexMap, whereIn, type SqlScript } from './source-text.js';

/** One statement of a script, as the PostgreSQL parser delimited it. */
export interface ScriptStatement {
  /** The statement text, without its terminating semicolon. */
  readonly text: string;
  /** UTF-16 index of `text` in the script. */
  readonly index: number;
  readonly tree: Node;
  /** UTF-16 index in the script of a parse-tree `location` (a UTF-8 byte offset). */
  readonly indexOfLocation: (location: number) => number;
}

export interface ParsedScript {
  readonly script: SqlScript;
  /** The text sent to the database: the script's, with dump guards blanked (same positions). */
  readonly text: string;
  /**
   * Null when the parser rejected the script: the shadow database is then sent the whole text,
   * so the error the user sees is the server's own message at the server's own position.
   */
  readonly statements: readonly ScriptStatement[] | null;
}

/**
 * psql meta-commands that `pg_dump` (17.6 and later) writes around every plain dump. They only
 * guard psql against a malicious dump and mean nothing for the schema; blanking them (same
 * length, newlines kept) lets a fresh `pg_dump --schema-only` be used as is without moving
 * any position. Every other meta-command is left in place and reported as the error it is.
 */
const DUMP_GUARD = /^\\(?:un)?restrict\b[^\n]*/gm;

/**
 * Splits a script into statements with the real PostgreSQL parser.
 *
 * @example
 * const parsed = await parseScript({ name: 'db/schema.sql', text: 'CREATE TABLE t (id int); CREATE INDEX ON t (id);' });
 * parsed.statements?.map((s) => s.text) // → ['CREATE TABLE t (id int)', 'CREATE INDEX ON t (id)']
 */
export async function parseScript(script: SqlScript): Promise<ParsedScript> {
  const nul = script.text.indexOf('\0');
  // The parser and the server read text up to a NUL: what follows would silently not count.
  if (nul >= 0) throw new InputError(`${whereIn(script, nul)}: NUL byte in SQL text (binary or damaged); nothing after it would be read`);
  const text = script.text.replace(DUMP_GUARD, (line) => ' '.repeat(line.length));
  let result;
  try {
    result = await parse(text);
  } catch {
    return { script, text, statements: null };
  }
  const indexOf = byteToIndexMap(text);
  const statements: ScriptStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (!raw.stmt) continue;
    const start = indexOf(raw.stmt_location ?? 0);
    // stmt_len 0 means "up to the end of the text" (the last statement, with no semicolon).
    const end = raw.stmt_len ? indexOf((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
    statements.push({ text: text.slice(start, end), index: start, tree: raw.stmt, indexOfLocation: indexOf });
  }
  return { script, text, statements };
}
