import type { Severity } from '../compare/change.js';

/** Every rule `pgdrift lint` has, by id (docs/lint.md describes each). */
export const RULES = {
  // Round trip (upgrade, downgrade, upgrade again on the shadow).
  'upgrade-fails': 'the upgrade fails on PostgreSQL',
  'downgrade-missing': 'the revision has no downgrade',
  'downgrade-empty': 'the downgrade does nothing although the upgrade changes the schema',
  'downgrade-fails': 'the downgrade fails on PostgreSQL',
  'downgrade-mismatch': 'the downgrade does not give back the schema before the upgrade',
  'upgrade-again-fails': 'upgrading again after the downgrade fails',
  'upgrade-again-mismatch': 'upgrading again after the downgrade gives another schema',
  'upgrade-run-fails': 'the upgrade fails when `alembic upgrade` runs it in one transaction with the revisions before it',
  // Transactions, as the tool runs the file.
  'non-transactional-in-transaction': 'a statement PostgreSQL refuses inside a transaction runs inside one',
  'multi-statement-split': "golang-migrate's x-multi-statement cuts a statement at a `;` inside it, or finds one over its size limit",
  // Locks, rewrites, scans.
  'rewrite-table': 'a table in use is rewritten under ACCESS EXCLUSIVE',
  'set-not-null': 'SET NOT NULL scans a table in use under ACCESS EXCLUSIVE',
  'add-column-not-null': 'a NOT NULL column without a default fails on a table with rows',
  'add-check': 'a validated CHECK scans a table in use under ACCESS EXCLUSIVE',
  'add-foreign-key': 'a validated FOREIGN KEY scans a table in use, blocking writes on both tables',
  'validate-in-same-transaction': 'VALIDATE CONSTRAINT in the transaction that added it keeps the strong lock during the scan',
  'add-unique-key': 'a PRIMARY KEY, UNIQUE or EXCLUDE constraint builds its index under ACCESS EXCLUSIVE',
  'create-index': 'CREATE INDEX without CONCURRENTLY blocks writes to a table in use',
  'rename-column': 'renaming a column breaks the application version still running',
  'rename-table': 'renaming a table breaks the application version still running',
  'enum-rename-value': 'renaming an enum value breaks the application version still running',
  'drop-column-in-models': 'a column dropped while the models (--models) still declare it',
  // History shape.
  'multiple-heads': 'the history has more than one head',
  'reused-revision-id': 'two files declare one revision id',
  'empty-upgrade': 'the upgrade does nothing',
  autogenerate: 'autogenerate marker comments in a project that bans autogenerate',
} as const;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** A table a finding is about, with its size on the `--db` database when given. */
export interface FindingTable {
  readonly schema: string;
  readonly name: string;
  /** Estimated rows and total bytes on the `--db` database; absent without `--db` or when the table is not there. */
  readonly rows?: number;
  readonly bytes?: number;
}

/** With `--db`: above this many estimated rows a hazard on the table is an error. */
export const DEFAULT_LARGE_TABLE_ROWS = 10_000_000;

/** What a rule says about a statement, before it is placed in a revision. */
export interface LintHazard {
  readonly rule: RuleId;
  /** One line, complete on its own. */
  readonly message: string;
  /** One line: what to do instead. Never a destructive step. */
  readonly fix: string;
  /** The lock the statement takes, when the finding is about one (`ACCESS EXCLUSIVE`). */
  readonly lock?: string;
  /** Whether the statement rewrites (new storage) or reads every row of the table. */
  readonly rewrites?: boolean;
  readonly scans?: boolean;
  readonly table?: FindingTable;
}

/** One thing `lint` found in one revision. */
export interface LintFinding extends LintHazard {
  readonly severity: Severity;
  /** The revision id (Alembic revision, SQL file version). */
  readonly revision: string;
  readonly file: string;
  /** 1-based line in `file`; null when the finding is about the file as a whole. */
  readonly line: number | null;
  /** The `pgdrift: allow` comment that accepts this finding, with its reason. */
  readonly allowed?: { readonly line: number; readonly reason: string };
}

/** The result of `lintMigrations`. */
export interface LintResult {
  readonly tool: string;
  readonly migrations: string;
  /** The revisions linted, in apply order. */
  readonly revisions: readonly string[];
  /** The database sizes came from (password redacted), when `--db` was given. */
  readonly database: string | null;
  readonly findings: readonly LintFinding[];
}
