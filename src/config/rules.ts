import type { ObjectType } from '../model/snapshot.js';

/**
 * One `ignore` rule of the config file: the objects it names are left out of the report. Every
 * field given must match; `schema`, `table` and `name` are globs (`*`, `?`).
 *
 * @example { kind: 'table', name: 'spatial_ref_sys' } // that table in any schema, with all on it
 * @example { schema: 'partman' }                       // the schema and everything in it
 */
export interface IgnoreRule {
  readonly kind?: ObjectType;
  readonly schema?: string;
  /** The table (or view) a column, constraint, index, trigger or policy is on. */
  readonly table?: string;
  readonly name?: string;
}

/**
 * Known drift, by change id: it does not fail the check while `until` (a `YYYY-MM-DD` date,
 * inclusive, UTC) has not passed, and the report lists it with its reason.
 */
export interface Acceptance {
  readonly id: string;
  readonly reason: string;
  readonly until: string | null;
}

/** What the report leaves out or lets pass, and the day acceptances are judged on. */
export interface ReportPolicy {
  readonly ignore: readonly IgnoreRule[];
  readonly accept: readonly Acceptance[];
  /** `YYYY-MM-DD` (UTC); default: the day the check runs. */
  readonly today?: string;
}

/** Today's date in UTC as `YYYY-MM-DD`, the form `until` is written in. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
