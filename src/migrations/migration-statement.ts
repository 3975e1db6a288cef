/**
 * One SQL statement of a migration, as the migration tool would send it to PostgreSQL.
 * Tool-independent: Alembic, plain SQL and Kysely readers all produce these.
 */
export interface MigrationStatement {
  /** The complete statement, without a trailing semicolon. */
  readonly sql: string;
  /** The migration file the statement comes from. */
  readonly file: string;
  /** 1-based line in `file` of the call that produced it. */
  readonly line: number;
  /** `data` for statements that move rows (INSERT, UPDATE, DELETE, bulk inserts, SELECT). */
  readonly kind: 'schema' | 'data';
  /** False when the tool runs it outside a transaction (Alembic's `autocommit_block()`). */
  readonly transactional: boolean;
}

const DATA_KEYWORDS = new Set(['insert', 'update', 'delete', 'select', 'merge', 'copy', 'with', 'values', 'truncate']);

/**
 * Whether SQL text written by hand moves data rather than changing the schema, judged by its
 * first keyword (comments skipped). `TRUNCATE` counts as data: it never changes the catalog.
 *
 * @example statementKind("UPDATE users SET x = 1") // 'data'
 */
export function statementKind(sql: string): 'schema' | 'data' {
  const stripped = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  const word = /^[A-Za-z]+/.exec(stripped)?.[0]?.toLowerCase() ?? '';
  return DATA_KEYWORDS.has(word) ? 'data' : 'schema';
}
