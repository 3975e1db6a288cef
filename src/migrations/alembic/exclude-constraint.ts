import type { SyntaxNode } from '@lezer/common';
import { isOtherDialectOption } from './dialect-options.js';
import { qualifiedName, quoteIdentifier } from './identifiers.js';
import { PyDict, PySequence, SaObject, describeValue, type PyValue } from './python-value.js';
import { renderSqlText } from './sql-expression.js';
import type { Fail } from './table-model.js';

/**
 * `op.create_exclude_constraint(name, table, *elements, **kw)` as Alembic sends it on
 * PostgreSQL: an `ALTER TABLE … ADD CONSTRAINT … EXCLUDE USING …`, worded the way SQLAlchemy's
 * PG compiler words an ExcludeConstraint (method lower-cased, gist when none is given, each
 * element followed by its opclass from `ops=` and `WITH operator`, the predicate in parentheses).
 *
 * @example renderAddExclude('excl_slot', 'pickups', 'shop', [('slot', '&&')], {}) // 'ALTER TABLE shop.pickups ADD CONSTRAINT excl_slot EXCLUDE USING gist (slot WITH &&)'
 */
export function renderAddExclude(
  name: string | null,
  table: string,
  schema: string | null,
  elements: readonly PyValue[],
  kwargs: ReadonlyMap<string, PyValue>,
  node: SyntaxNode,
  fail: Fail,
): string {
  const known = new Set(['using', 'where', 'ops', 'deferrable', 'initially', 'schema']);
  for (const key of kwargs.keys()) if (!known.has(key) && !isOtherDialectOption(key)) return fail(node, `the create_exclude_constraint option ${key}=`);
  if (elements.length === 0) return fail(node, 'create_exclude_constraint without elements');
  const ops = opclasses(kwargs.get('ops'), node, fail);
  const parts = elements.map((element) => {
    if (!(element instanceof PySequence) || element.items.length !== 2 || typeof element.items[1] !== 'string') {
      return fail(node, `the exclude element ${describeValue(element)} (a (column, operator) tuple is read)`);
    }
    const [expr, operator] = element.items as [PyValue, string];
    const column = columnName(expr);
    let sql: string;
    if (column !== null) sql = quoteIdentifier(column);
    else {
      try {
        sql = renderSqlText(expr);
      } catch {
        return fail(node, `the exclude element ${describeValue(expr)}`);
      }
    }
    const opclass = column !== null ? ops.get(column) : undefined;
    return `${sql}${opclass ? ` ${opclass}` : ''} WITH ${operator}`;
  });
  const using = kwargs.get('using') ?? 'gist';
  if (typeof using !== 'string') return fail(node, `using=${describeValue(using)}`);
  let sql = `ALTER TABLE ${qualifiedName(table, schema)} ADD ${name !== null ? `CONSTRAINT ${quoteIdentifier(name)} ` : ''}EXCLUDE USING ${using.toLowerCase()} (${parts.join(', ')})`;
  const where = kwargs.get('where');
  if (where !== undefined && where !== null) {
    try {
      sql += ` WHERE (${renderSqlText(where)})`;
    } catch {
      return fail(node, `the exclude predicate ${describeValue(where)}`);
    }
  }
  const deferrable = kwargs.get('deferrable');
  if (typeof deferrable === 'boolean') sql += deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  const initially = kwargs.get('initially');
  if (typeof initially === 'string') sql += ` INITIALLY ${initially}`;
  return sql;
}

/** A column an exclude element names: a string, or `sa.column('x')`. */
function columnName(expr: PyValue): string | null {
  if (typeof expr === 'string') return expr;
  if (expr instanceof SaObject && (expr.name === 'sa.column' || expr.name === 'sa.Column') && typeof expr.args[0] === 'string') return expr.args[0];
  return null;
}

function opclasses(value: PyValue | undefined, node: SyntaxNode, fail: Fail): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === null) return out;
  if (!(value instanceof PyDict)) return fail(node, `ops=${describeValue(value)}`);
  for (const [k, v] of value.entries) {
    if (typeof k !== 'string' || typeof v !== 'string') return fail(node, `ops=${describeValue(value)}`);
    out.set(k, v);
  }
  return out;
}
