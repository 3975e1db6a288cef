import type { Severity } from '../../compare/change.js';
import type { MigrationTool } from '../../migrations/history.js';
import type { MigrationStatement } from '../../migrations/migration-statement.js';
import type { FindingTable, LintHazard } from '../finding.js';

export type Tree = Record<string, unknown>;

/** A relation a statement names, as the shadow knew it just before the statement ran. */
export interface RelationFact {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** `r` table, `p` partitioned table, `m` materialized view, … (pg_class.relkind). */
  readonly kind: string;
  /** Whether it existed before the revision began: only then is it in use by the application. */
  readonly existed: boolean;
}

/** What a statement rule sees: the statement, its parse tree, and what the shadow said around it. */
export interface StatementContext {
  readonly tool: MigrationTool;
  readonly statement: MigrationStatement;
  /** One parsed statement, `{ AlterTableStmt: {…} }`. */
  readonly tree: Tree;
  /** The relation a RangeVar of the tree names, resolved before the statement ran; null when there was none. */
  relation(rangeVar: unknown): RelationFact | null;
  /** For SET NOT NULL: whether the column already was NOT NULL, or a validated CHECK (col IS NOT NULL) proves it. */
  notNull(relationOid: number, column: string): { readonly notNull: boolean; readonly proven: boolean } | undefined;
  /** Whether an enum type the tree names existed before the revision. */
  enumExisted(typeName: unknown): boolean;
  /** Tables (oids) the statement gave new storage: rewritten. Observed on the shadow. */
  readonly rewritten: ReadonlySet<number>;
  /** With `--models`: whether the models declare this column of this table. Always false without. */
  declaredByModels(schema: string, table: string, column: string): boolean;
  /** Constraints added NOT VALID in the transaction still open (`oid:name`). */
  readonly addedNotValid: Set<string>;
}

/** One hazard a rule found in a statement; its severity when not the rule's own. */
export interface Hit extends LintHazard {
  readonly severity?: Severity;
  /**
   * The column name a rename takes away. When the same revision adds a column of that name
   * back (a type swap: rename, add, backfill, drop), the application still finds the name and
   * the rename is no finding; known only once the revision has run.
   */
  readonly renamedAway?: { readonly table: FindingTable; readonly column: string };
}

export type StatementRule = (context: StatementContext) => readonly Hit[];

/** `ALTER TABLE` sub-commands of a tree, `[]` for other statements. */
export function alterTableCommands(tree: Tree): Tree[] {
  const stmt = tree.AlterTableStmt as Tree | undefined;
  if (!stmt || stmt.objtype !== 'OBJECT_TABLE') return [];
  return ((stmt.cmds ?? []) as Tree[]).map((c) => (c.AlterTableCmd ?? {}) as Tree);
}

/** A table as findings name it: `schema.name`. */
export const tableOf = (r: RelationFact): FindingTable => ({ schema: r.schema, name: r.name });

/** `public.message` for messages (the schema left out when it is `public`). */
export const shown = (r: RelationFact): string => (r.schema === 'public' ? r.name : `${r.schema}.${r.name}`);
