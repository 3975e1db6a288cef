import type { RevisionGraph, RevisionNode } from './graph.js';
import type { Shadow } from '../shadow/shadow.js';
import type { MigrationStatement } from './migration-statement.js';

/** The migration tools pgdrift reads. */
export type MigrationTool = 'alembic' | 'golang-migrate' | 'dbmate' | 'flyway' | 'kysely';

export const MIGRATION_TOOLS: readonly MigrationTool[] = ['alembic', 'golang-migrate', 'dbmate', 'flyway', 'kysely'];

/** One revision of any tool: an Alembic revision, a numbered SQL file, a Kysely module. */
export interface MigrationRevision extends RevisionNode {
  /** What `history` shows: the Alembic docstring's first line, the SQL file's title, the Kysely module name. */
  readonly message: string | null;
  /**
   * Alembic: the module docstring as Python evaluates it (`__doc__`, escapes decoded, not
   * stripped), null when the file has none; `history --verbose` prints it whole and `history`
   * its first paragraph, as Alembic does. Absent for tools without docstrings.
   */
  readonly docstring?: string | null;
}

/** Options for applying revisions to a shadow database. */
export interface ApplyOptions {
  /** A server for the shadow database instead of the embedded PGlite. */
  readonly shadowUrl?: string;
}

/**
 * A migration history read from a folder, whatever the tool: its revision graph, where the tool
 * records what it applied, and how to replay revisions on a shadow database.
 */
export interface MigrationHistory {
  readonly tool: MigrationTool;
  /** The folder as the user gave it. */
  readonly dir: string;
  readonly graph: RevisionGraph<MigrationRevision>;
  /** The tool's bookkeeping table, unqualified (`alembic_version`, `schema_migrations`, …). */
  readonly versionTable: string;
  /**
   * Whether the tool records every applied revision (dbmate, Flyway, Kysely) or only the tips of
   * what is applied, everything below them being applied too (Alembic, golang-migrate).
   */
  readonly records: 'tips' | 'each';
  /**
   * Every file whose content decides the schema the revisions produce, in a stable order
   * (what the expected-schema cache hashes).
   */
  inputFiles(revisions: readonly MigrationRevision[]): readonly string[];
  /**
   * How revisions are replayed, when that is more than the input files say (e.g. the
   * `--migrate-cmd` command line): part of the expected-schema cache key. Absent for the
   * tool's own reader.
   */
  readonly cacheIdentity?: unknown;
  /**
   * True where pgdrift's own reader interprets the revisions' code (Alembic without
   * --alembic-sql or --migrate-cmd): a revision may then be one it cannot follow, so commands
   * read the whole history before any verdict (see `ensureHistoryRead`).
   */
  readonly interpreted?: boolean;
  /**
   * Applies `revisions` (in the order given) to a fresh shadow database, hands it to `use`, and
   * always closes the shadow.
   * @throws InputError naming file:line when a migration fails to apply.
   */
  withApplied<T>(revisions: readonly MigrationRevision[], options: ApplyOptions, use: (shadow: Shadow) => Promise<T>): Promise<T>;
  /**
   * Applies `revisions` one at a time to one fresh shadow: `step(n)` runs with the first `n`
   * applied, for n = 0 (nothing yet) to `revisions.length`. Absent where only the tool itself can
   * replay (Kysely's Migrator, `--migrate-cmd`): callers then replay each prefix on its own.
   * @throws InputError as `withApplied`.
   */
  withEachApplied?(revisions: readonly MigrationRevision[], options: ApplyOptions, step: (applied: number, shadow: Shadow) => Promise<void>): Promise<void>;
  /**
   * The statements a revision runs, with file:line, where pgdrift's reader knows them (Alembic,
   * `--alembic-sql`, SQL-file tools); absent for tools whose code only they can run (Kysely).
   * @throws InputError for a revision the reader cannot interpret.
   */
  statementsOf?(revision: MigrationRevision): Promise<readonly MigrationStatement[]>;
}
