import type { Hazard } from './statement.js';

/**
 * Which hazards each kind of statement carries, in one table a reviewer can check against the
 * PostgreSQL documentation's lock levels. Statements on a table the same plan creates (or
 * re-creates) carry none of the lock, scan and rewrite hazards: nothing uses that table yet.
 */
export type Operation =
  /** A new object (table, view, type, routine, sequence, schema…), or anything catalog-only: comments, grants, owners of non-tables, ALTER TYPE … RENAME VALUE. */
  | 'create'
  /** Most ALTER TABLE forms: SET/DROP DEFAULT, DROP NOT NULL, identity, RLS, OWNER TO, INHERIT, DETACH PARTITION, ADD CHECK … NOT VALID, policies, DROP TRIGGER/CONSTRAINT/INDEX. */
  | 'alter-table'
  /** ALTER COLUMN TYPE, SET LOGGED/UNLOGGED, ADD COLUMN with a volatile default, identity or stored expression. */
  | 'rewrite-table'
  /** SET NOT NULL, ADD CHECK (validated): the whole table is read under ACCESS EXCLUSIVE. */
  | 'check-rows'
  /** ADD PRIMARY KEY / UNIQUE / EXCLUDE building its index under ACCESS EXCLUSIVE. */
  | 'add-key'
  /** ADD FOREIGN KEY, validated: SHARE ROW EXCLUSIVE on both tables while every row is checked. */
  | 'add-foreign-key'
  /** VALIDATE CONSTRAINT, ATTACH PARTITION, a domain check on data in use: reads every row, writes go on. */
  | 'validate'
  /** CREATE INDEX: SHARE lock while the index builds. */
  | 'create-index'
  | 'create-unique-index'
  /** CREATE/DROP INDEX CONCURRENTLY. */
  | 'concurrently'
  /** ALTER TYPE … ADD VALUE: run on its own so later statements may use the label. */
  | 'enum-add-value'
  /** Light locks only: CREATE TRIGGER, ENABLE/DISABLE TRIGGER, ALTER TABLE/INDEX SET (storage parameters), ALTER CONSTRAINT, foreign key NOT VALID. */
  | 'light';

const HAZARDS: Readonly<Record<Operation, readonly Hazard[]>> = {
  create: [],
  'alter-table': ['access-exclusive-lock'],
  'rewrite-table': ['rewrites-table', 'access-exclusive-lock'],
  'check-rows': ['access-exclusive-lock', 'scans-table'],
  'add-key': ['access-exclusive-lock', 'blocks-writes', 'scans-table'],
  'add-foreign-key': ['blocks-writes', 'scans-table'],
  validate: ['scans-table'],
  'create-index': ['blocks-writes'],
  'create-unique-index': ['blocks-writes', 'scans-table'],
  concurrently: ['non-transactional'],
  'enum-add-value': ['non-transactional'],
  light: [],
};

/** Hazards that only matter on a table in use. */
const IN_USE_ONLY = new Set<Hazard>(['access-exclusive-lock', 'rewrites-table', 'scans-table', 'blocks-writes']);

/**
 * The hazards of one statement.
 *
 * @example
 * hazardsOf('rewrite-table', { inUse: true })  // ['rewrites-table', 'access-exclusive-lock']
 * hazardsOf('rewrite-table', { inUse: false }) // []
 * hazardsOf('alter-table', { inUse: true, destructive: true }) // ['destructive', 'access-exclusive-lock']
 */
export function hazardsOf(operation: Operation, context: { readonly inUse: boolean; readonly destructive?: boolean }): Hazard[] {
  const own = HAZARDS[operation].filter((h) => context.inUse || !IN_USE_ONLY.has(h));
  return context.destructive ? ['destructive', ...own] : [...own];
}
