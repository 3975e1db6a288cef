import type { Change } from '../compare/change.js';
import type { MigrationTool } from '../migrations/history.js';
import type { Origin } from './attribution.js';
import type { Remedy, WithheldRemedy } from './remedy.js';

/**
 * The verdict of `pgdrift diagnose`, the problem to act on first:
 * - `healthy`: the schema is exactly the recorded revision's, and that is the head
 * - `behind`: exactly the recorded revision's, with revisions pending
 * - `half_applied`: the schema is a revision plus part of the next one
 * - `wrong_stamp`: the schema is another revision's than the one recorded
 * - `drift`: the recorded revision's, with differences no revision explains
 * - `failed_run`: the tool recorded a failed run (golang-migrate `dirty`, Flyway `success = false`) but the schema is whole
 * - `unknown_revision`: the version table names a revision the code does not have
 * - `uninitialized`: no version table
 */
export type DiagnosisState = 'healthy' | 'behind' | 'half_applied' | 'wrong_stamp' | 'drift' | 'failed_run' | 'unknown_revision' | 'uninitialized';

/** One object of the half-applied revision, named as in the change format. */
export interface RevisionObjectFinding {
  readonly id: string;
  readonly objectType: Change['objectType'];
  readonly schema: string | null;
  readonly table: string | null;
  readonly name: string;
  /** Where the revision's file creates, changes or drops it (the last place), when known. */
  readonly file: string | null;
  readonly line: number | null;
  /** Built `CONCURRENTLY` by the revision. */
  readonly concurrently: boolean;
}

export interface PartialRevision {
  readonly revision: string;
  readonly file: string;
  readonly message: string | null;
  readonly applied: readonly RevisionObjectFinding[];
  readonly missing: readonly RevisionObjectFinding[];
  readonly invalid: readonly RevisionObjectFinding[];
  /** What the tool itself recorded about the run, e.g. golang-migrate's dirty flag; null when nothing. */
  readonly toolFailure: string | null;
  /** The version table counts the revision as applied (a dirty golang-migrate version, an INVALID index a re-run skipped). */
  readonly recorded: boolean;
  /** The revision does not apply even on an empty shadow: its objects are judged from its statements alone. */
  readonly unreplayable: boolean;
}

/** A difference no revision explains, and where the object comes from. */
export interface DriftFinding extends Change {
  /** The revision that introduced or last changed the object; null when no revision ever made it (hand-made). */
  readonly origin: Origin | null;
}

/** The result of `pgdrift diagnose`. Its JSON form is described by `schemas/diagnose.schema.json`. */
export interface Diagnosis {
  readonly formatVersion: 1;
  readonly tool: MigrationTool;
  readonly migrations: string;
  /** The database, password redacted. */
  readonly database: string;
  /** `schema.table` of the version table found, or null. */
  readonly versionTable: string | null;
  readonly state: DiagnosisState;
  /** `ok` exits 0; `action` exits 1 (something needs doing). */
  readonly status: 'ok' | 'action';
  /** The first line of the text report: what is wrong, in one sentence. */
  readonly verdict: string;
  /** What the version table records (Alembic's rows, golang-migrate's version). */
  readonly recorded: readonly string[];
  readonly heads: readonly string[];
  /** Revisions after `bestMatch`, in apply order (a half-applied one among them). */
  readonly pending: readonly string[];
  /**
   * The revision the schema is complete through — every revision up to it is wholly there; a
   * half-applied one comes after it — (null: none, the empty schema) and how many differences
   * there are between its schema and the live one.
   */
  readonly bestMatch: {
    readonly revision: string | null;
    /** The revisions a version table of tips records for that state (several when branches are applied side by side). */
    readonly tips: readonly string[];
    /** Objects that differ, a whole table counting for each of its parts (see weight.ts). */
    readonly distance: number;
  };
  readonly partial: PartialRevision | null;
  /** Differences no revision explains, each with its origin. */
  readonly drift: readonly DriftFinding[];
  /** A revision that does not apply even on an empty database (the migration itself is broken), with PostgreSQL's message; null when all apply. */
  readonly replayFailure: { readonly revision: string; readonly message: string } | null;
  /** Ways out, the recommended one first; never run by pgdrift. */
  readonly remedies: readonly Remedy[];
  /** Remedies whose scripts failed on a copy of the live schema: never offered, only named with why. */
  readonly withheldRemedies: readonly WithheldRemedy[];
  /** What to do, in order. */
  readonly next: readonly string[];
}
