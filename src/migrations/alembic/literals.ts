import { PyFloat, type PyValue } from './python-value.js';
import { floatRepr } from '../../python/format.js';

/**
 * A SQL string literal as SQLAlchemy's PostgreSQL dialect renders it: single quotes doubled.
 *
 * @example sqlString("it's") // "'it''s'"
 */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A Python value as a SQL literal, for rendered inserts and function arguments.
 * @returns null when the value has no literal form here.
 */
export function sqlLiteral(value: PyValue): string | null {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'string') return sqlString(value);
  return null;
}
