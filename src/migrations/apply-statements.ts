import { ConnectionError, InputError } from '../errors.js';
import { parseScript, type ParsedScript } from '../shadow/parsed-script.js';
import type { Shadow } from '../shadow/shadow.js';
import { withShadowFor } from '../shadow/shadow-with-scripts.js';
import type { ApplyOptions } from './history.js';
import type { MigrationStatement } from './migration-statement.js';
import { progress } from '../progress.js';

/**
 * Applies migration statements to a fresh shadow database the way Alembic sends them: one
 * session for the whole run, transactional statements inside `BEGIN … COMMIT`, those of an
 * `autocommit_block()` outside any transaction. Then hands the shadow to `use` and closes it.
 *
 * The extensions and roles the statements need are found first (PGlite loads extensions only
 * when it starts), from the statements parsed at their own lines of the migration file, so that
 * a problem is reported as `versions/xyz.py:42:5`.
 *
 * @example
 * const snap = await withStatementsApplied(project.upgradeStatementsTo('head'), {}, (shadow) =>
 *   introspect(shadow.db, { ownersDeclared: false }, { kind: 'migrations', description: 'migrations at head' }));
 * @throws InputError `file:line: <PostgreSQL's message>` for the first statement that fails.
 */
export async function withStatementsApplied<T>(
  statements: readonly MigrationStatement[],
  options: ApplyOptions,
  use: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  return withShadowFor(await parseStatements(statements), options, async (shadow) => {
    await applyStatements(shadow, statements);
    return use(shadow);
  });
}

/**
 * Applies revisions' statements (one group per revision) to one shadow, one group at a time:
 * `step(n)` runs with the first `n` groups applied, for n = 0 to `groups.length`.
 *
 * @example
 * await withEachStatementGroupApplied(revisions.map((r) => () => r.upgradeStatements()), {}, async (n, shadow) => { … });
 * @throws InputError as `withStatementsApplied`.
 */
export async function withEachStatementGroupApplied(
  groups: readonly (() => readonly MigrationStatement[])[],
  options: ApplyOptions,
  step: (applied: number, shadow: Shadow) => Promise<void>,
): Promise<void> {
  // Every group is read before the shadow opens (it must load their extensions), but one that
  // cannot be read (Python the reader cannot follow) fails at its own step, after the steps before it.
  const ready: (readonly MigrationStatement[])[] = [];
  let unreadable: unknown = null;
  for (const group of groups) {
    try {
      ready.push(group());
    } catch (err) {
      unreadable = err;
      break;
    }
  }
  await withShadowFor(await parseStatements(ready.flat()), options, async (shadow) => {
    await step(0, shadow);
    for (let i = 0; i < ready.length; i++) {
      progress(`applying migration ${i + 1}/${ready.length}${ready[i]?.[0] ? ` (${ready[i]?.[0]?.file})` : ''}`);
      await applyStatements(shadow, ready[i] as readonly MigrationStatement[]);
      await step(i + 1, shadow);
    }
  });
  if (unreadable !== null) throw unreadable;
}

async function parseStatements(statements: readonly MigrationStatement[]): Promise<ParsedScript[]> {
  const parsed: ParsedScript[] = [];
  for (const s of statements) {
    // Leading newlines put the statement at its own line of the Python file in positions.
    parsed.push(await parseScript({ name: s.file, text: `${'\n'.repeat(Math.max(0, s.line - 1))}${s.sql}` }));
  }
  return parsed;
}

/** Runs the statements in one session, opening and committing transactions as Alembic does. */
export async function applyStatements(shadow: Shadow, statements: readonly MigrationStatement[]): Promise<void> {
  let inTransaction = false;
  for (const s of statements) {
    if (s.transactional && !inTransaction) {
      await shadow.exec('BEGIN');
      inTransaction = true;
    } else if (!s.transactional && inTransaction) {
      await shadow.exec('COMMIT');
      inTransaction = false;
    }
    try {
      await shadow.exec(s.sql);
    } catch (err) {
      throw statementError(shadow, s, err);
    }
  }
  if (inTransaction) await shadow.exec('COMMIT');
}

/** The error a failed statement ends a replay with: file:line, PostgreSQL's message, the statement. */
export function statementError(shadow: Shadow, s: MigrationStatement, err: unknown): Error {
  const code = (err as { code?: unknown } | null)?.code;
  const message = `${s.file}:${s.line}: ${(err as Error).message} (applying: ${firstLine(s.sql)})`;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
    return shadow.kind === 'server' ? new ConnectionError(`shadow database: ${message}`, { cause: err }) : (err as Error);
  }
  // The shadow server refusing (privileges, resources, connection) is not an error in the migration.
  if (shadow.kind === 'server' && (code === '42501' || ['08', '28', '53', '57', '58'].includes(code.slice(0, 2)))) {
    return new ConnectionError(message, { cause: err });
  }
  return new InputError(message, { cause: err });
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
