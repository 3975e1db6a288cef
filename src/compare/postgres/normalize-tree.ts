/**
 * Rewrites of a parse tree that make the same object print-equal across PostgreSQL versions.
 * Each rewrite is justified by a difference the catalog functions really show between major
 * versions, and none makes two different expressions equal:
 *
 * - positions (`location`, `stmt_len`, `list_start`… see POSITION_KEYS) and the parser's version go: they
 *   describe the text, not the object. Redundant parentheses never reach the tree at all.
 * - a function called with SQL-standard syntax (`SUBSTRING(x FROM 1 FOR 2)`, `x AT TIME ZONE 'UTC'`,
 *   `TRIM(BOTH FROM x)`, `POSITION(a IN b)`) parses to `pg_catalog.substring(...)` etc. with
 *   `funcformat` COERCE_SQL_SYNTAX, while PostgreSQL 13 prints the plain call
 *   (`"substring"(x, 1, 2)`, `timezone('UTC', x)`, `btrim(x)`): the `pg_catalog.` qualifier and
 *   the call syntax are dropped, leaving the same function and arguments. pg_catalog is searched
 *   first unless a search_path says otherwise, so both spellings name the same function.
 * - type names the parser qualifies (`character varying` → `pg_catalog.varchar`) lose the
 *   `pg_catalog.` qualifier for the same reason.
 * - a query whose FROM clause has a single relation: PostgreSQL 16 dropped the OLD/NEW
 *   placeholders from view range tables, so from 16 on `pg_get_viewdef` prints its columns
 *   unqualified (`SELECT id FROM app.users`) where 15 and older printed `SELECT users.id …`.
 *   With one relation in scope, `users.id` and `id` are the same column, so the qualifier is
 *   dropped in that query's own clauses (not in nested subqueries, which may see outer names).
 *   A sampled table (`FROM app.users TABLESAMPLE system (10)`) is such a single relation too.
 */

type Json = Record<string, unknown>;

/** Every field of a libpg-query 18 tree that is an offset into the text rather than part of the query. */
const POSITION_KEYS = new Set([
  'location',
  'stmt_location',
  'stmt_len',
  'list_start',
  'list_end',
  'rexpr_list_start',
  'rexpr_list_end',
  'name_location',
]);

/**
 * Returns a normalised copy of a parse tree.
 *
 * @example
 * normalizeTree(parseOrNull('SELECT users.id FROM app.users'))
 * // equals normalizeTree(parseOrNull('SELECT id FROM app.users'))
 */
export function normalizeTree(tree: unknown): unknown {
  const copy = strip(tree);
  if (isObject(copy)) delete copy.version;
  visit(copy);
  return copy;
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) if (!POSITION_KEYS.has(k)) out[k] = strip(v);
  return out;
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n);
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.FuncCall)) {
    delete node.FuncCall.funcformat;
    node.FuncCall.funcname = dropCatalog(node.FuncCall.funcname);
  }
  if (Array.isArray(node.names) && 'typemod' in node) node.names = dropCatalog(node.names);
  if (isObject(node.SelectStmt)) unqualifySingleRelation(node.SelectStmt);
  for (const v of Object.values(node)) visit(v);
}

function dropCatalog(names: unknown): unknown {
  if (Array.isArray(names) && names.length === 2 && stringValue(names[0]) === 'pg_catalog') return names.slice(1);
  return names;
}

function unqualifySingleRelation(select: Json): void {
  const from = select.fromClause;
  if (!Array.isArray(from) || from.length !== 1) return;
  const qualifier = relationName(from[0]);
  if (qualifier === null) return;
  for (const [key, value] of Object.entries(select)) {
    if (key !== 'fromClause') unqualify(value, qualifier);
  }
}

/**
 * The name a lone FROM item is referred to by: its alias, else a plain table's own name. A
 * table read with `TABLESAMPLE` is a RangeTableSample around the RangeVar that names it.
 */
function relationName(item: unknown): string | null {
  if (!isObject(item)) return null;
  if (isObject(item.RangeTableSample)) return relationName(item.RangeTableSample.relation);
  for (const kind of ['RangeVar', 'RangeSubselect', 'RangeFunction']) {
    const range = item[kind];
    if (!isObject(range)) continue;
    const alias = isObject(range.alias) && typeof range.alias.aliasname === 'string' ? range.alias.aliasname : null;
    if (alias !== null) return alias;
    if (kind === 'RangeVar' && typeof range.relname === 'string') return range.relname;
  }
  return null;
}

function unqualify(node: unknown, qualifier: string): void {
  if (Array.isArray(node)) {
    for (const n of node) unqualify(n, qualifier);
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.SelectStmt)) return; // a nested query has its own scope
  if (isObject(node.ColumnRef) && Array.isArray(node.ColumnRef.fields)) {
    const fields = node.ColumnRef.fields;
    if (fields.length === 2 && stringValue(fields[0]) === qualifier) node.ColumnRef.fields = fields.slice(1);
    return;
  }
  for (const v of Object.values(node)) unqualify(v, qualifier);
}

function stringValue(node: unknown): string | null {
  return isObject(node) && isObject(node.String) && typeof node.String.sval === 'string' ? node.String.sval : null;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
