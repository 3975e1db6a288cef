import type { Node } from 'libpg-query';
import { InputError } from '../errors.js';
import { parseInChunks } from './parse-in-chunks.js';
import { whereIn, type SqlScript } from './source-text.js';

/** What applying a statement needs of it: its text, its place, whether it creates a role. */
export interface StatementToApply {
  /** The statement text, without its terminating semicolon. */
  readonly text: string;
  /** UTF-16 index of `text` in the script. */
  readonly index: number;
  /** A `CREATE ROLE`, which may find its role already made on a server shadow. */
  readonly createsRole: boolean;
}

/** One statement of a script, as the PostgreSQL parser delimited it. */
export interface ScriptStatement extends StatementToApply {
  /** Its `location`s are UTF-8 byte offsets in the piece parsed: read them with `indexOfLocation`. */
  readonly tree: Node;
  /** UTF-16 index in the script of a parse-tree `location`. */
  readonly indexOfLocation: (location: number) => number;
}

/** A script as `applyScript` needs it: no parse trees. */
export interface ScriptToApply {
  readonly script: SqlScript;
  /** The text sent to the database: the script's, with dump guards blanked (same positions). */
  readonly text: string;
  /**
   * Null when the parser rejected the script: the shadow database is then sent the whole text,
   * so the error the user sees is the server's own message at the server's own position.
   */
  readonly statements: readonly StatementToApply[] | null;
}

export interface ParsedScript extends ScriptToApply {
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
  const parsed = await parseInChunks(text);
  if (parsed === null) return { script, text, statements: null };
  const statements = parsed.map(({ tree, start, end, indexOfLocation }) => ({
    text: text.slice(start, end),
    index: start,
    createsRole: 'CreateRoleStmt' in tree,
    tree,
    indexOfLocation,
  }));
  return { script, text, statements };
}

/**
 * `parsed` without its parse trees, for a caller that keeps the statements while the shadow
 * runs: the trees of a 2,000-table schema are about 35 MB of heap, and the position maps
 * behind `indexOfLocation` 4 bytes per byte of SQL.
 */
export function withoutTrees(parsed: ScriptToApply): ScriptToApply {
  const statements = parsed.statements?.map(({ text, index, createsRole }) => ({ text, index, createsRole })) ?? null;
  return { script: parsed.script, text: parsed.text, statements };
}
