import { HostObject, PyDict, PyFloat, PySequence, type PyValue } from '../../python/values.js';

/** A value read from the shadow, as psycopg2 hands it to Python. */
export function fromDriverValue(value: unknown): PyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value : new PyFloat(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return new PySequence('list', value.map(fromDriverValue));
  if (typeof value === 'object') return new PyDict(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromDriverValue(v)] as [PyValue, PyValue]));
  return String(value);
}

/** One row of a result: a tuple that also answers `row.name` and `row._mapping`. */
export class ResultRow extends HostObject {
  constructor(
    readonly names: readonly string[],
    readonly values: readonly PyValue[],
  ) {
    super();
  }

  mapping(): PyDict {
    return new PyDict(this.names.map((n, i) => [n, this.values[i] as PyValue] as [PyValue, PyValue]));
  }

  describe(): string {
    return 'a result row';
  }
}

/** What `connection.execute(…)` returns: rows read once, in order, and the row count. */
export class QueryResult extends HostObject {
  private position = 0;

  constructor(
    readonly names: readonly string[],
    readonly rows: readonly ResultRow[],
    readonly rowcount: number,
    /** `scalars()` and `mappings()` views over the same rows. */
    readonly view: 'rows' | 'scalars' | 'mappings' = 'rows',
  ) {
    super();
  }

  /** The rows not yet fetched, as this view hands them out. */
  take(n: number): PyValue[] {
    const out = this.rows.slice(this.position, this.position + n).map((r) => this.shape(r));
    this.position += out.length;
    return out;
  }

  shape(row: ResultRow): PyValue {
    if (this.view === 'scalars') return row.values[0] ?? null;
    if (this.view === 'mappings') return row.mapping();
    return row;
  }

  as(view: 'scalars' | 'mappings'): QueryResult {
    const r = new QueryResult(this.names, this.rows.slice(this.position), this.rowcount, view);
    this.position = this.rows.length;
    return r;
  }

  describe(): string {
    return 'a query result';
  }
}
