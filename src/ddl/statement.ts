import type { Index } from '../model/snapshot.js';

/**
 * What a reviewer must know before running a statement on a live database. Words for each are
 * in `report/sql-script.ts`; which statement gets which is decided in `hazards.ts`.
 */
export type Hazard =
  /** Drops an object or data (DROP TABLE/COLUMN, a type change that can lose data, …). */
  | 'destructive'
  /** Takes ACCESS EXCLUSIVE on a table in use (most ALTER TABLE forms). */
  | 'access-exclusive-lock'
  /** Rewrites the table and its indexes (ALTER COLUMN TYPE mostly, SET LOGGED, a volatile default on ADD COLUMN …). */
  | 'rewrites-table'
  /** Reads every row while holding a lock (ADD CHECK/FK without NOT VALID, SET NOT NULL, VALIDATE CONSTRAINT, CREATE UNIQUE …). */
  | 'scans-table'
  /** CREATE INDEX without CONCURRENTLY (SHARE lock). */
  | 'blocks-writes'
  /** Cannot run inside a transaction block (CREATE/DROP INDEX CONCURRENTLY, …). */
  | 'non-transactional';

/** Every hazard, in the order scripts name them (the gravest first). */
export const HAZARDS: readonly Hazard[] = ['destructive', 'rewrites-table', 'access-exclusive-lock', 'blocks-writes', 'scans-table', 'non-transactional'];

export interface DdlStatement {
  /** One complete statement, without the trailing semicolon. */
  readonly sql: string;
  /** `Change.id`s this statement serves (usually one). */
  readonly changeIds: readonly string[];
  readonly hazards: readonly Hazard[];
  /** False when it must run outside a transaction block. */
  readonly transactional: boolean;
  /** Optional one-line explanation for a reviewer (e.g. why drop+create instead of ALTER). */
  readonly note?: string;
}

export interface DdlPlan {
  /** In an order that applies cleanly: dependents dropped first, types before tables, tables before views … */
  readonly statements: readonly DdlStatement[];
  /** Destructive statements left out because `unsafe` was not set — what they would be, in order. */
  readonly withheld: readonly DdlStatement[];
  /** Changes no statement can make (e.g. an aggregate's definition is not in the model), with why. */
  readonly manual: readonly ManualChange[];
}

export interface ManualChange {
  readonly changeId: string;
  readonly reason: string;
}

export interface PlanOptions {
  /** Include destructive statements (default false: they go to `withheld`). */
  readonly unsafe?: boolean;
  /** Build indexes with CREATE INDEX CONCURRENTLY (non-transactional); a function decides per index. Default false. */
  readonly concurrently?: boolean | ((index: Index) => boolean);
  /** server_version_num of the database the SQL will run on, when known (e.g. ALTER COLUMN SET EXPRESSION needs 17). */
  readonly serverVersionNum?: number | null;
}
