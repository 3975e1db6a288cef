import type { Runtime, Site } from '../../python/runtime.js';
import { PyClass, type PyValue } from '../../python/values.js';
import { isTypeDecorator } from '../../migrations/alembic/sa-types.js';

/**
 * A TypeDecorator class given as a column's type is instantiated, as SQLAlchemy does: its
 * `load_dialect_impl()` then picks the PostgreSQL type (a GUID class is UUID there, not its CHAR impl).
 */
export async function typeInstance(value: PyValue, at: Site, rt: Runtime): Promise<PyValue> {
  return value instanceof PyClass && isTypeDecorator(value) ? rt.call(value, { args: [], kwargs: new Map() }, at) : value;
}

