import type { DdlStatement } from './statement.js';

/**
 * The session a plan's statements are written for; a script sets these first (and whoever runs
 * a plan's statements some other way should too).
 */
export interface SessionSetting {
  readonly name: string;
  readonly value: string;
  /** Why, for the script's comment. */
  readonly why: string;
}

export const SESSION_SETTINGS: readonly SessionSetting[] = [
  {
    name: 'check_function_bodies',
    value: 'false',
    why: 'function bodies are checked when called, not when created: a function may be created before the tables it reads (as pg_dump does)',
  },
  {
    name: 'search_path',
    value: "''",
    why: 'every name below is schema-qualified: nothing may resolve to an object of the same name elsewhere',
  },
  { name: 'standard_conforming_strings', value: 'on', why: "backslashes in string literals are literal ('a\\b' is three characters)" },
  { name: 'client_encoding', value: "'UTF8'", why: 'this file is UTF-8' },
];

/**
 * How long a script's statements may wait and run, set at the top of every script pgdrift
 * writes (`diff --sql`, `diagnose --emit-sql`) before its first statement. A reviewer who knows
 * a statement needs longer (an index built CONCURRENTLY on a very large table) raises them in the
 * script; tests and other runners of a plan's statements need not set them.
 */
export const SCRIPT_TIMEOUTS: readonly SessionSetting[] = [
  {
    name: 'lock_timeout',
    value: "'5s'",
    why: 'wait at most 5 s for a lock, then fail and roll back: while a statement waits for ACCESS EXCLUSIVE, every other query on that table queues behind it. Run the script again when the table is quieter',
  },
  {
    name: 'statement_timeout',
    value: "'30min'",
    why: 'cancel (and roll back) any statement running longer than 30 minutes, rather than hold its locks for hours on a table larger than expected',
  },
];

/**
 * `SET name = value` for each setting (the session settings when none are given).
 *
 * @example
 * sessionStatements()[0] // "SET check_function_bodies = false"
 */
export function sessionStatements(settings: readonly SessionSetting[] = SESSION_SETTINGS): string[] {
  return settings.map((s) => `SET ${s.name} = ${s.value}`);
}

/** Statements that run together: in one transaction, or one statement alone outside any. */
export interface Batch {
  readonly transactional: boolean;
  readonly statements: readonly DdlStatement[];
}

/**
 * Consecutive transactional statements form one batch (one transaction); each statement that
 * cannot run in a transaction block is a batch of its own.
 *
 * @example
 * batches([alter1, alter2, createIndexConcurrently, alter3]).map((b) => b.statements.length) // [2, 1, 1]
 */
export function batches(statements: readonly DdlStatement[]): Batch[] {
  const out: { transactional: boolean; statements: DdlStatement[] }[] = [];
  for (const s of statements) {
    const last = out[out.length - 1];
    if (s.transactional && last?.transactional) last.statements.push(s);
    else out.push({ transactional: s.transactional, statements: [s] });
  }
  return out;
}
