import type { MigrationTool } from '../migrations/history.js';

type Tree = Record<string, unknown>;

/**
 * What PostgreSQL refuses to run inside a transaction block, read from a statement's parse
 * tree: `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX … CONCURRENTLY`,
 * `DETACH PARTITION … CONCURRENTLY`, `VACUUM`, and `ALTER TYPE … ADD VALUE` before PostgreSQL 12.
 * Null for everything else.
 *
 * @example needsNoTransaction({ IndexStmt: { concurrent: true } }, 160000) // 'CREATE INDEX CONCURRENTLY'
 */
export function needsNoTransaction(tree: Tree, serverVersionNum: number): string | null {
  const [kind, node] = Object.entries(tree)[0] ?? [];
  const n = (node ?? {}) as Tree;
  switch (kind) {
    case 'IndexStmt':
      return n.concurrent === true ? 'CREATE INDEX CONCURRENTLY' : null;
    case 'DropStmt':
      return n.concurrent === true ? 'DROP INDEX CONCURRENTLY' : null;
    case 'ReindexStmt':
      return JSON.stringify(n.params ?? []).includes('"concurrently"') ? 'REINDEX CONCURRENTLY' : null;
    case 'VacuumStmt':
      return n.is_vacuumcmd === true ? 'VACUUM' : null;
    case 'AlterEnumStmt':
      return n.oldVal === undefined && serverVersionNum > 0 && serverVersionNum < 120000 ? 'ALTER TYPE … ADD VALUE (before PostgreSQL 12)' : null;
    case 'AlterTableStmt':
      return JSON.stringify(n.cmds ?? []).includes('"AT_DetachPartition"') && JSON.stringify(n.cmds ?? []).includes('"concurrent":true')
        ? 'DETACH PARTITION CONCURRENTLY'
        : null;
    default:
      return null;
  }
}

const FLYWAY_OUTSIDE_KINDS: ReadonlySet<string> = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'CreateSubscriptionStmt',
  'DropSubscriptionStmt',
  'AlterSystemStmt',
]);

/**
 * Whether Flyway itself knows a statement cannot run in a transaction: its PostgreSQL parser
 * (`PostgreSQLParser.detectCanExecuteInTransaction`) looks for `CREATE`/`DROP DATABASE`,
 * `TABLESPACE` or `SUBSCRIPTION`, `ALTER SYSTEM`, `CREATE [UNIQUE] INDEX CONCURRENTLY`, `DROP
 * INDEX CONCURRENTLY`, `REINDEX SCHEMA`/`DATABASE`/`SYSTEM`, `VACUUM`, `DISCARD ALL`, and `ALTER
 * TYPE … ADD VALUE` before PostgreSQL 12. Not `REINDEX INDEX … CONCURRENTLY` nor `DETACH PARTITION
 * … CONCURRENTLY`: PostgreSQL refuses those in a transaction, but Flyway opens one for them.
 *
 * @example flywayKnowsNonTransactional({ ReindexStmt: { kind: 'REINDEX_OBJECT_INDEX', params: [] } }, 160000) // false
 */
export function flywayKnowsNonTransactional(tree: Tree, serverVersionNum: number): boolean {
  const [kind, node] = Object.entries(tree)[0] ?? [];
  const n = (node ?? {}) as Tree;
  switch (kind) {
    case 'IndexStmt':
      return n.concurrent === true;
    case 'DropStmt':
      return n.concurrent === true && n.removeType === 'OBJECT_INDEX';
    case 'ReindexStmt':
      return ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(String(n.kind));
    case 'VacuumStmt':
      return n.is_vacuumcmd === true;
    case 'DiscardStmt':
      return n.target === 'DISCARD_ALL';
    case 'AlterEnumStmt':
      return n.oldVal === undefined && serverVersionNum > 0 && serverVersionNum < 120000;
    default:
      return kind !== undefined && FLYWAY_OUTSIDE_KINDS.has(kind);
  }
}

/**
 * How a SQL-file tool runs a migration file's statements: inside one transaction, or each on
 * its own. Alembic's statements carry this themselves (`autocommit_block()`). `nonTransactional`
 * counts what the tool itself takes for such statements (for Flyway, `flywayKnowsNonTransactional`).
 *
 * - golang-migrate sends the whole file as one query: PostgreSQL runs a multi-statement query
 *   as one implicit transaction, a single statement on its own.
 * - dbmate wraps each section in a transaction unless its marker says `transaction:false`;
 *   then it sends the section as one query, which PostgreSQL still runs as one implicit
 *   transaction when it holds several statements.
 * - Flyway runs a migration in a transaction unless its script config file says
 *   `executeInTransaction=false`; without one it runs a file holding a non-transactional
 *   statement outside a transaction — a file that mixes them only when `mixed` is set, else it
 *   refuses the file (ParserSqlScript.executeInTransaction and parse, in Flyway's source).
 *
 * golang-migrate's multi-statement mode is not a file-wide decision: see golang-migrate-split.ts.
 *
 * @example fileTransaction('golang-migrate', { statements: 2, nonTransactional: 1 }) // true
 */
export function fileTransaction(
  tool: MigrationTool,
  file: {
    readonly statements: number;
    readonly nonTransactional: number;
    readonly dbmateTransaction?: string;
    readonly flywayExecuteInTransaction?: string;
    readonly flywayMixed?: boolean;
  },
): boolean {
  switch (tool) {
    case 'golang-migrate':
      return file.statements > 1;
    case 'dbmate':
      // transaction:false sends the section as one query: several statements are still one (implicit) transaction.
      return file.dbmateTransaction !== 'false' || file.statements > 1;
    case 'flyway':
      if (file.flywayExecuteInTransaction !== undefined) return file.flywayExecuteInTransaction !== 'false';
      // Not mixed: a file that mixes both is refused; reported as the transaction its other statements need.
      return file.flywayMixed === true ? file.nonTransactional === 0 : file.nonTransactional < file.statements;
    default:
      return true;
  }
}

/** The fix for a statement that cannot run in the transaction the tool opens, in the tool's own terms. */
export function outsideTransactionFix(tool: MigrationTool): string {
  switch (tool) {
    case 'alembic':
      return 'run it inside `with op.get_context().autocommit_block():`';
    case 'golang-migrate':
      return 'put it alone in a migration file of its own (golang-migrate sends a file as one query, and PostgreSQL runs a multi-statement query as one transaction)';
    case 'dbmate':
      return 'mark the section `-- migrate:up transaction:false` (or put the statement in a migration of its own that is)';
    case 'flyway':
      return 'put it alone in a V file of its own, set executeInTransaction=false in the script config file (<file>.conf), or set mixed = true (the whole file then runs without a transaction)';
    case 'kysely':
      return "run it where Kysely's Migrator opens no transaction (`new Migrator({ …, disableTransactions: true })`, Kysely 0.28+), in a migration of its own";
  }
}
