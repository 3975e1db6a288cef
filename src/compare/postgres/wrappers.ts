/**
 * How each kind of catalog text becomes a complete statement the parser accepts, in one place.
 * A fragment such as a default (`nextval('s'::regclass)`) or a constraint definition
 * (`CHECK ((a > 0))`) is not a statement on its own; wrapping it in the same constant text on
 * both sides of a comparison leaves only the fragment to differ.
 *
 * `adjust` then removes from the tree what is compared elsewhere or is the object's identity
 * (an index's own name, a constraint's validity), so a definition differs only in substance.
 */

/** The kinds of catalog text pgdrift canonicalises with the parser. */
export type FragmentKind =
  /** `pg_get_expr` output: defaults, generated columns, index predicates, policy and trigger conditions. */
  | 'expression'
  /** `pg_get_constraintdef` of a table or domain constraint. */
  | 'constraint'
  /** `pg_get_indexdef`, a whole `CREATE INDEX`. */
  | 'index'
  /** `pg_get_triggerdef`, a whole `CREATE TRIGGER`. */
  | 'trigger'
  /** `pg_get_viewdef`, a query. */
  | 'view'
  /** `pg_get_partkeydef`, e.g. `RANGE (created_at)`. */
  | 'partition key'
  /** `pg_get_expr(relpartbound)`, e.g. `FOR VALUES IN ('a')` or `DEFAULT`. */
  | 'partition bound'
  /** `pg_get_function_arguments`, e.g. `a integer, b integer DEFAULT 1`. */
  | 'function arguments'
  /** The body of a `LANGUAGE sql` routine: `prosrc` statements, or a `RETURN …` / `BEGIN ATOMIC … END` body. */
  | 'sql body';

/** Placeholder names used by the wrappers; never compared, identical on both sides. */
const WRAPPER = 'pgdrift_wrapper';

/** True for the SQL-standard bodies `pg_get_function_sqlbody` prints (PostgreSQL 14+). */
const STANDARD_BODY = /^\s*(RETURN\b|BEGIN\s+ATOMIC\b)/i;

/** The statement to parse for a fragment of the given kind. */
export function wrap(kind: FragmentKind, text: string): string {
  switch (kind) {
    case 'expression':
      return `SELECT ${text}`;
    case 'constraint':
      return `ALTER TABLE ${WRAPPER} ADD ${text}`;
    case 'index':
    case 'trigger':
    case 'view':
      return text;
    case 'partition key':
      return `CREATE TABLE ${WRAPPER} () PARTITION BY ${text}`;
    case 'partition bound':
      return `CREATE TABLE ${WRAPPER} PARTITION OF ${WRAPPER}_parent ${text}`;
    case 'function arguments':
      return `CREATE FUNCTION ${WRAPPER}(${text}) RETURNS void LANGUAGE sql AS ''`;
    case 'sql body':
      return STANDARD_BODY.test(text) ? `CREATE FUNCTION ${WRAPPER}() RETURNS void LANGUAGE sql ${text}` : text;
  }
}

type Json = Record<string, unknown>;

/**
 * Removes from a parsed fragment what is not its substance:
 * - an index's or trigger's own name (its identity, compared by key; blanking it also lets the
 *   rename hint compare definitions of differently named objects);
 * - an index's storage parameters (`WITH (fillfactor=70)`), compared as `Index.options`;
 * - a constraint's validity and deferrability (`NOT VALID`, `DEFERRABLE INITIALLY DEFERRED`),
 *   compared as `validated`, `deferrable`, `initiallyDeferred`.
 * Mutates and returns the tree.
 */
export function adjust(kind: FragmentKind, tree: unknown): unknown {
  for (const stmt of statements(tree)) {
    if (kind === 'index' && isObject(stmt.IndexStmt)) {
      delete stmt.IndexStmt.idxname;
      delete stmt.IndexStmt.options;
    }
    if (kind === 'trigger' && isObject(stmt.CreateTrigStmt)) delete stmt.CreateTrigStmt.trigname;
    if (kind === 'constraint' && isObject(stmt.AlterTableStmt)) {
      for (const cmd of asArray(stmt.AlterTableStmt.cmds)) {
        const def = isObject(cmd) && isObject(cmd.AlterTableCmd) && isObject(cmd.AlterTableCmd.def) ? cmd.AlterTableCmd.def : null;
        if (def && isObject(def.Constraint)) {
          for (const field of ['skip_validation', 'initially_valid', 'deferrable', 'initdeferred']) delete def.Constraint[field];
        }
      }
    }
  }
  return tree;
}

function statements(tree: unknown): Json[] {
  if (!isObject(tree)) return [];
  return asArray(tree.stmts).flatMap((s) => (isObject(s) && isObject(s.stmt) ? [s.stmt] : []));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
