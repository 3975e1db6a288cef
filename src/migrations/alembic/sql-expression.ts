import { canonicalName } from './canonical-name.js';
import { quoteIdentifier } from './identifiers.js';
import { sqlLiteral, sqlString } from './literals.js';
import { PyRef, SaObject, describeValue, type PyValue } from './python-value.js';

/** SQL functions SQLAlchemy renders without parentheses (ANSI niladic functions). */
const NILADIC = new Set([
  'current_date', 'current_time', 'current_timestamp', 'current_user', 'localtime', 'localtimestamp',
  'session_user', 'user',
]);

/** Thrown when a value is no SQL expression the reader knows; callers turn it into an InputError. */
export class NotSql extends Error {
  constructor(readonly value: PyValue) {
    super(`the SQL expression ${describeValue(value)}`);
  }
}

/**
 * A SQL expression element (`sa.text`, `sa.func.*`, `sa.true()`, `sa.literal_column`…) as
 * SQLAlchemy compiles it with literal binds. Plain strings are NOT accepted here: what a
 * string means depends on where it is (a quoted default, a column name, raw SQL).
 *
 * @example renderSqlExpression(funcNow) // 'now()'
 * @throws NotSql for anything else.
 */
export function renderSqlExpression(value: PyValue): string {
  if (value instanceof PyRef) {
    const name = canonicalName(value.path);
    if (name?.startsWith('func.')) throw new NotSql(value);
  }
  if (!(value instanceof SaObject)) throw new NotSql(value);
  const [first] = value.args;
  switch (value.name) {
    case 'sa.text':
    case 'sa.literal_column':
      if (typeof first === 'string') return first;
      break;
    case 'sa.true':
      return 'true';
    case 'sa.false':
      return 'false';
    case 'sa.null':
      return 'NULL';
    case 'sa.literal': {
      const literal = first === undefined ? null : sqlLiteral(first);
      if (literal !== null) return literal;
      break;
    }
    case 'sa.DefaultClause':
      if (first !== undefined) return renderServerDefault(first);
      break;
    case 'sa.column':
    case 'sa.Column':
      break;
    default:
      if (value.name.startsWith('func.')) {
        const fn = value.name.slice('func.'.length);
        if (NILADIC.has(fn.toLowerCase()) && value.args.length === 0) return fn.toUpperCase();
        const args = value.args.map((a) => {
          if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean' || a === null) return sqlLiteral(a) as string;
          // A column inside a function (`func.lower(sa.Column('email'))`) is written by its name.
          if (a instanceof SaObject && (a.name === 'sa.column' || a.name === 'sa.Column') && typeof a.args[0] === 'string') return quoteIdentifier(a.args[0]);
          return renderSqlExpression(a);
        });
        return `${fn}(${args.join(', ')})`;
      }
  }
  throw new NotSql(value);
}

/**
 * A `server_default` as SQLAlchemy renders it: a string becomes a quoted literal, an SQL
 * element is compiled.
 *
 * @example renderServerDefault('member') // "'member'"
 */
export function renderServerDefault(value: PyValue): string {
  if (typeof value === 'string') return sqlString(value);
  return renderSqlExpression(value);
}

/** Raw SQL given as a string or `sa.text(...)` (check conditions, index predicates, op.execute). */
export function renderSqlText(value: PyValue): string {
  if (typeof value === 'string') return value;
  return renderSqlExpression(value);
}
