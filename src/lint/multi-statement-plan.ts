import { parseSync } from 'pgsql-parser';
import { loadParser } from '../compare/postgres/parser.js';
import { statementKind, type MigrationStatement } from '../migrations/migration-statement.js';
import { lineColumn } from '../shadow/source-text.js';
import type { LintHazard } from './finding.js';
import { GOLANG_MIGRATE_DEFAULT_MAX_SIZE, splitLikeGolangMigrate, tooLongForGolangMigrate } from './golang-migrate-split.js';

/** Where golang-migrate stops on a file it cannot split: the piece it fails on, and why. */
export interface MultiStatementStop extends LintHazard {
  readonly statement: MigrationStatement;
}

/** What golang-migrate with `x-multi-statement=true` runs of a file: its queries in order, up to where it stops. */
export interface MultiStatementPlan {
  readonly statements: readonly MigrationStatement[];
  /** Null when every piece runs. */
  readonly stop: MultiStatementStop | null;
}

const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

type Tree = Record<string, unknown>;

/**
 * The queries golang-migrate sends for one file in multi-statement mode, as statements lint can
 * watch: each outside any transaction, unless the file opens one itself (`BEGIN;` … `COMMIT;`,
 * each its own query, so the server keeps the transaction open between them). Stops at the first
 * piece that is over the size limit or is not whole SQL (a `;` inside a string, a comment or a
 * dollar-quoted body cut it): golang-migrate sends what came before, then fails there.
 *
 * @example
 * (await multiStatementPlan('CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;', 'x.up.sql', 0)).stop?.rule
 * // 'multi-statement-split'
 */
export async function multiStatementPlan(text: string, file: string, maxSize: number): Promise<MultiStatementPlan> {
  await loadParser();
  const statements: MigrationStatement[] = [];
  let inTransaction = false;
  for (const piece of splitLikeGolangMigrate(text)) {
    const lead = LEADING.exec(piece.text)?.[0].length ?? 0;
    const sql = piece.text.slice(lead).replace(/;$/, '');
    const from = lineColumn(text, piece.index + Math.min(lead, piece.text.length - 1)).line;
    const statement: MigrationStatement = { sql: sql === '' ? piece.text.trim() : sql, file, line: from, kind: statementKind(sql), transactional: inTransaction };
    if (tooLongForGolangMigrate(piece, maxSize)) {
      const limit = maxSize > 0 ? maxSize : GOLANG_MIGRATE_DEFAULT_MAX_SIZE;
      const holds = Math.max(4096, limit);
      return {
        statements,
        stop: {
          statement,
          rule: 'multi-statement-split',
          message: `golang-migrate stops here with "bufio.Scanner: token too long": this statement is ${piece.bytes} bytes, more than its scanner holds (${holds} bytes, from x-multi-statement-max-size ${limit}); what ran before it stays applied`,
          fix: 'raise x-multi-statement-max-size on the database URL given to migrate, or make the statement smaller',
        },
      };
    }
    // Go's strings.TrimSpace: a piece of only whitespace is not sent.
    if (piece.text.trim() === '') continue;
    let trees: Tree[];
    try {
      trees = (((parseSync(piece.text) as { stmts?: { stmt?: Tree }[] }).stmts ?? []).map((s) => s.stmt).filter((s): s is Tree => s !== undefined));
    } catch (err) {
      const to = lineColumn(text, piece.index + piece.text.length - 1).line;
      const first = (sql.split('\n')[0] ?? '').slice(0, 60);
      return {
        statements,
        stop: {
          statement,
          rule: 'multi-statement-split',
          message: `golang-migrate's x-multi-statement cuts the file after every \`;\`, even one inside a string, comment or dollar-quoted body: the query it sends from line ${from} to ${to} (\`${first}…\`) is not whole SQL and PostgreSQL refuses it (${(err as Error).message.replace(/\s*\n\s*/g, ' ')}); what ran before it stays applied`,
          fix: 'keep `;` out of strings, comments and function bodies in migrations run with x-multi-statement, or run them without it (a CONCURRENTLY statement alone in its file needs no multi-statement mode)',
        },
      };
    }
    // Only comments: golang-migrate sends it, and the server answers with an empty query.
    if (trees.length === 0) continue;
    statements.push(statement);
    for (const t of trees) {
      const kind = (t.TransactionStmt as Tree | undefined)?.kind;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') inTransaction = true;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') inTransaction = false;
    }
  }
  return { statements, stop: null };
}
