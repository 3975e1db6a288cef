/**
 * The Snapshot: one database schema, whatever source it came from (live catalog, JSON file,
 * SQL files or migrations applied to a shadow database). Pure data, no I/O.
 *
 * Every list is sorted by identity key (see `keys.ts`) so that serialised snapshots are
 * deterministic and diff cleanly in git. Text that PostgreSQL renders (defaults, definitions,
 * bodies) is kept verbatim as the catalog printed it; `compare/` canonicalises it.
 *
 * `owner` is `null` when the source does not declare owners: a shadow database records
 * the role that applied the SQL, which says nothing about the owner the schema intends.
 */

export const FORMAT_VERSION = 1;

export interface Snapshot {
  readonly formatVersion: typeof FORMAT_VERSION;
  /** Where the snapshot came from; informative only, never compared. */
  readonly source: SnapshotSource;
  readonly schemas: readonly SchemaObject[];
  readonly extensions: readonly Extension[];
  readonly tables: readonly Table[];
  readonly constraints: readonly Constraint[];
  readonly indexes: readonly Index[];
  readonly sequences: readonly Sequence[];
  readonly views: readonly View[];
  readonly functions: readonly Routine[];
  readonly triggers: readonly Trigger[];
  readonly enums: readonly EnumType[];
  readonly domains: readonly Domain[];
  readonly compositeTypes: readonly CompositeType[];
  readonly policies: readonly Policy[];
  readonly grants: readonly Grant[];
}

export interface SnapshotSource {
  /** `postgres`, `json`, `sql`, `migrations`… */
  readonly kind: string;
  /** A human description with any password redacted, e.g. `postgres://app@db:5432/app`. */
  readonly description: string;
  /** `server_version_num` of the server that produced the catalog text, e.g. 180004. */
  readonly serverVersionNum: number | null;
}

export interface SchemaObject {
  readonly name: string;
  readonly owner: string | null;
  readonly comment: string | null;
}

export interface Extension {
  readonly name: string;
  /**
   * Installed version; null when the source does not declare one (SQL applied to a shadow
   * installs the shadow's default version, which says nothing about the one intended).
   */
  readonly version: string | null;
  readonly schema: string;
}

export type Persistence = 'permanent' | 'unlogged' | 'temporary';

export interface Table {
  readonly schema: string;
  readonly name: string;
  /** `partitioned` for a partitioned parent (relkind `p`). */
  readonly kind: 'table' | 'partitioned';
  readonly persistence: Persistence;
  /** `pg_get_partkeydef`, e.g. `RANGE (created_at)`; null unless partitioned. */
  readonly partitionKey: string | null;
  /** Parent of a partition, `schema.name`; null otherwise. */
  readonly partitionOf: string | null;
  /** `pg_get_expr(relpartbound)`, e.g. `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`. */
  readonly partitionBound: string | null;
  /**
   * Parents by plain inheritance (`INHERITS` / `ALTER TABLE … INHERIT`), `schema.name` in
   * `inhseqno` order; a partition's parent is `partitionOf`, not here.
   */
  readonly inherits: readonly string[];
  /** Storage parameters (`reloptions`), sorted, e.g. `["fillfactor=70"]`. */
  readonly options: readonly string[];
  readonly rlsEnabled: boolean;
  readonly rlsForced: boolean;
  readonly owner: string | null;
  readonly comment: string | null;
  /** In attnum order, dropped columns left out. */
  readonly columns: readonly Column[];
}

export interface Column {
  readonly name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(255)`, `integer[]`. */
  readonly type: string;
  /** Only when it differs from the type's default collation. */
  readonly collation: string | null;
  readonly notNull: boolean;
  /** `pg_get_expr(adbin)`; null when none or when the column is generated. */
  readonly default: string | null;
  readonly identity: Identity | null;
  /** Expression of a `GENERATED ALWAYS AS (…) STORED` (or VIRTUAL) column. */
  readonly generated: string | null;
  /** How a generated column is kept: `stored`, or `virtual` (PostgreSQL 18 computes it on read); null when not generated. */
  readonly generatedStorage: 'stored' | 'virtual' | null;
  readonly comment: string | null;
}

export interface Identity {
  readonly generation: 'always' | 'by default';
  readonly sequence: SequenceOptions;
}

export interface SequenceOptions {
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export type ConstraintType = 'primary key' | 'foreign key' | 'unique' | 'check' | 'exclusion';

export interface Constraint {
  readonly schema: string;
  /** Table (or domain-less relation) the constraint belongs to. */
  readonly table: string;
  readonly name: string;
  readonly type: ConstraintType;
  /** `pg_get_constraintdef`, e.g. `FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE`. */
  readonly definition: string;
  readonly columns: readonly string[];
  /** False for a constraint added `NOT VALID` and not yet validated. */
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** Foreign keys only. */
  readonly references: ForeignKeyTarget | null;
  readonly comment: string | null;
}

export interface ForeignKeyTarget {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** `full` | `partial` | `simple` */
  readonly match: string;
  /** `no action` | `restrict` | `cascade` | `set null` | `set default` */
  readonly onUpdate: string;
  readonly onDelete: string;
}

export interface Index {
  readonly schema: string;
  /** Table or materialized view the index is on. */
  readonly table: string;
  readonly name: string;
  /** `pg_get_indexdef`, the complete CREATE INDEX statement. */
  readonly definition: string;
  readonly method: string;
  readonly unique: boolean;
  /** Key columns or expressions in order, with opclass / ordering when not the default. */
  readonly keys: readonly string[];
  readonly include: readonly string[];
  readonly predicate: string | null;
  /** False for an index left INVALID, e.g. by a failed `CREATE INDEX CONCURRENTLY`. */
  readonly valid: boolean;
  /** Name of the constraint this index implements (primary key, unique, exclusion), if any. */
  readonly constraint: string | null;
  readonly options: readonly string[];
  readonly comment: string | null;
}

export interface Sequence extends SequenceOptions {
  readonly schema: string;
  readonly name: string;
  /** `schema.table.column` of an `OWNED BY` column (serial), else null. */
  readonly ownedBy: string | null;
  readonly owner: string | null;
  readonly comment: string | null;
}

export interface View {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** `pg_get_viewdef(oid, true)`. */
  readonly definition: string;
  /** `reloptions`, e.g. `["security_barrier=true"]`, and `check_option=…`. */
  readonly options: readonly string[];
  readonly owner: string | null;
  readonly comment: string | null;
  /** Comments on the view's columns, only the columns that have one, in attnum order. */
  readonly columnComments: readonly ViewColumnComment[];
}

export interface ViewColumnComment {
  readonly name: string;
  readonly comment: string;
}

export interface Routine {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** `pg_get_function_identity_arguments`; part of the identity (overloads). */
  readonly identityArguments: string;
  /** `pg_get_function_arguments`, including defaults and modes. */
  readonly arguments: string;
  /** `pg_get_function_result`; null for procedures. */
  readonly returns: string | null;
  readonly language: string;
  /** `prosrc` (the body), or the SQL-standard body from `pg_get_function_sqlbody`. */
  readonly body: string;
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly strict: boolean;
  readonly securityDefiner: boolean;
  readonly leakproof: boolean;
  readonly parallel: 'safe' | 'restricted' | 'unsafe';
  /** `proconfig`, e.g. `["search_path=public"]`. */
  readonly config: readonly string[];
  readonly owner: string | null;
  readonly comment: string | null;
}

/**
 * A trigger a partition inherits from its parent's (a clone) is listed only when its enabled
 * state differs from that parent trigger's: otherwise it follows from the parent's.
 */
export interface Trigger {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `pg_get_triggerdef`. */
  readonly definition: string;
  readonly timing: 'before' | 'after' | 'instead of';
  /** Sorted: `delete`, `insert`, `truncate`, `update`. */
  readonly events: readonly string[];
  readonly level: 'row' | 'statement';
  /** `schema.function`. */
  readonly function: string;
  readonly condition: string | null;
  /** `origin` (the default, enabled), `disabled`, `replica`, `always`. */
  readonly enabled: 'origin' | 'disabled' | 'replica' | 'always';
  readonly comment: string | null;
}

export interface EnumType {
  readonly schema: string;
  readonly name: string;
  /** In sort order (`enumsortorder`). */
  readonly labels: readonly string[];
  readonly owner: string | null;
  readonly comment: string | null;
}

export interface Domain {
  readonly schema: string;
  readonly name: string;
  readonly baseType: string;
  readonly collation: string | null;
  readonly default: string | null;
  readonly notNull: boolean;
  readonly checks: readonly DomainCheck[];
  readonly owner: string | null;
  readonly comment: string | null;
}

export interface DomainCheck {
  readonly name: string;
  readonly definition: string;
  readonly validated: boolean;
  readonly comment: string | null;
}

export interface CompositeType {
  readonly schema: string;
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly type: string; readonly collation: string | null }[];
  readonly owner: string | null;
  readonly comment: string | null;
}

export interface Policy {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `all` | `select` | `insert` | `update` | `delete` */
  readonly command: string;
  readonly permissive: boolean;
  /** Sorted role names; `public` for PUBLIC. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
  readonly comment: string | null;
}

export type GrantObjectType = 'schema' | 'table' | 'column' | 'sequence' | 'function';

/**
 * One privilege granted to one grantee on one object. The owner's own rights are left out while
 * they are the built-in full set (`acldefault`); once something was revoked from the owner, the
 * owner's remaining privileges are listed like anyone else's.
 */
export interface Grant {
  readonly objectType: GrantObjectType;
  readonly schema: string;
  /** Table/view/sequence name, or the function's `name(identity arguments)`; the schema name for `schema` grants. */
  readonly object: string;
  /** Column grants only. */
  readonly column: string | null;
  /** Role name, or `public`. */
  readonly grantee: string;
  /** `SELECT`, `INSERT`, `USAGE`, `EXECUTE`… */
  readonly privilege: string;
  readonly grantable: boolean;
}

/** The object kinds a snapshot holds, as named in change ids and `objectType`. */
export type ObjectType =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'sequence'
  | 'view'
  | 'materialized view'
  | 'function'
  | 'procedure'
  | 'trigger'
  | 'enum'
  | 'domain'
  | 'composite type'
  | 'policy'
  | 'grant';

/** An empty snapshot, the starting point for builders and tests. */
export function emptySnapshot(source: SnapshotSource): Snapshot {
  return {
    formatVersion: FORMAT_VERSION,
    source,
    schemas: [],
    extensions: [],
    tables: [],
    constraints: [],
    indexes: [],
    sequences: [],
    views: [],
    functions: [],
    triggers: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    policies: [],
    grants: [],
  };
}
