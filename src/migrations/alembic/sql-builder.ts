import { HostObject, PyDict, PyFloat, PyInstance, PySequence, type PyValue } from '../../python/values.js';
import { qualifiedName, quoteIdentifier } from './identifiers.js';
import { sqlLiteral, sqlString } from './literals.js';
import { SaObject } from './python-value.js';
import { compileType } from './sa-types.js';
import { NotSql, renderSqlExpression } from './sql-expression.js';

/**
 * SQLAlchemy Core as data migrations use it — `sa.table()`/`sa.column()`, `select`, `insert`,
 * `update`, `delete`, column operators — compiled to PostgreSQL with `$n` parameters, so that
 * the shadow runs them exactly as the database would.
 */

/** Collects bound parameters while compiling. */
export class Compiler {
  readonly params: unknown[] = [];
  /** The same parameters as Python values, to write the statement out with literal values. */
  readonly values: PyValue[] = [];
  /** Inside INSERT column lists and UPDATE … SET, columns are written without their table. */
  bare = false;

  param(value: PyValue): string {
    this.params.push(toDriverValue(value));
    this.values.push(value);
    return `$${this.params.length}`;
  }

  /**
   * The statement with its parameters written as literals, as `alembic --sql` renders it: what
   * is recorded for attribution and reports (the shadow itself runs the parameterized form).
   */
  inline(sql: string): string {
    return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (all, n: string | undefined) => {
      if (n === undefined) return all;
      const value = this.values[Number(n) - 1] as PyValue;
      return sqlLiteral(value) ?? sqlString(JSON.stringify(toJson(value)));
    });
  }
}

/** A Python value as the driver parameter psycopg2 would send (dicts and lists as JSON when not arrays). */
export function toDriverValue(value: PyValue): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyDict) return JSON.stringify(toJson(value));
  if (value instanceof PySequence) return value.items.map(toDriverValue);
  if (value instanceof PyInstance) {
    const text = value.attrs.get('_sql');
    if (typeof text === 'string') return text;
    const hex = value.attrs.get('hex_text');
    if (typeof hex === 'string') return hex;
  }
  throw new NotSql(value);
}

function toJson(value: PyValue): unknown {
  if (value instanceof PyDict) return Object.fromEntries(value.entries.map(([k, v]) => [String(k), toJson(v)]));
  if (value instanceof PySequence) return value.items.map(toJson);
  if (value instanceof PyFloat) return value.value;
  return value;
}

/** Something that compiles to SQL. */
export abstract class SqlElement extends HostObject {
  abstract compile(c: Compiler): string;
}

export class TableExpr extends SqlElement {
  readonly columns = new Map<string, ColumnExpr>();
  constructor(
    readonly name: string,
    readonly schema: string | null,
    columns: ReadonlyArray<{ readonly name: string; readonly type: PyValue | null }>,
  ) {
    super();
    for (const col of columns) this.columns.set(col.name, new ColumnExpr(this, col.name, col.type));
  }

  compile(): string {
    return qualifiedName(this.name, this.schema);
  }

  describe(): string {
    return `the table ${this.name}`;
  }
}

/** `table.c`: columns by attribute or key. */
export class ColumnCollection extends HostObject {
  constructor(readonly table: TableExpr) {
    super();
  }

  describe(): string {
    return `${this.table.name}.c`;
  }
}

export class ColumnExpr extends SqlElement {
  constructor(
    readonly table: TableExpr | null,
    readonly name: string,
    readonly type: PyValue | null,
  ) {
    super();
  }

  compile(c: Compiler): string {
    return this.table && !c.bare ? `${this.table.compile()}.${quoteIdentifier(this.name)}` : quoteIdentifier(this.name);
  }

  /** Whether values bound against this column are JSON documents. */
  isJson(): boolean {
    if (this.type === null) return false;
    try {
      return /^JSONB?$/.test(compileType(this.type).sql);
    } catch {
      return false;
    }
  }

  describe(): string {
    return `the column ${this.table ? `${this.table.name}.` : ''}${this.name}`;
  }
}

export class BinaryExpr extends SqlElement {
  constructor(
    readonly op: string,
    readonly left: PyValue,
    readonly right: PyValue,
  ) {
    super();
  }

  compile(c: Compiler): string {
    if ((this.op === '=' || this.op === '!=') && this.right === null) return `${operand(this.left, c, null)} ${this.op === '=' ? 'IS' : 'IS NOT'} NULL`;
    // IS takes only NULL, TRUE or FALSE, written out; SQLAlchemy never binds them.
    if ((this.op === 'IS' || this.op === 'IS NOT') && (this.right === null || typeof this.right === 'boolean')) {
      return `${operand(this.left, c, null)} ${this.op} ${this.right === null ? 'NULL' : this.right ? 'true' : 'false'}`;
    }
    if ((this.op === 'IN' || this.op === 'NOT IN') && this.right instanceof SelectExpr) return `${operand(this.left, c, null)} ${this.op} (${this.right.compile(c)})`;
    if (this.op === 'IN' || this.op === 'NOT IN') {
      const items = this.right instanceof PySequence ? this.right.items : [];
      // SQLAlchemy renders an empty IN as a condition that is never (or always) true.
      if (items.length === 0) return this.op === 'IN' ? '1 != 1' : '1 = 1';
      return `${operand(this.left, c, null)} ${this.op} (${items.map((i) => operand(i, c, this.left)).join(', ')})`;
    }
    return `${operand(this.left, c, this.right)} ${this.op} ${operand(this.right, c, this.left)}`;
  }

  describe(): string {
    return 'a SQL expression';
  }
}

export class BoolExpr extends SqlElement {
  constructor(
    readonly op: 'AND' | 'OR',
    readonly items: readonly PyValue[],
  ) {
    super();
  }

  compile(c: Compiler): string {
    if (this.items.length === 0) return this.op === 'AND' ? 'true' : 'false';
    return this.items.map((i) => `(${operand(i, c, null)})`).join(` ${this.op} `);
  }

  describe(): string {
    return 'a SQL expression';
  }
}

export class UnaryExpr extends SqlElement {
  constructor(
    readonly prefix: string,
    readonly operand: PyValue,
    readonly suffix = '',
  ) {
    super();
  }

  compile(c: Compiler): string {
    return `${this.prefix}${this.prefix ? '(' : ''}${operand(this.operand, c, null)}${this.prefix ? ')' : ''}${this.suffix}`;
  }

  describe(): string {
    return 'a SQL expression';
  }
}

export class LabelExpr extends SqlElement {
  constructor(
    readonly expr: PyValue,
    readonly name: string,
  ) {
    super();
  }

  compile(c: Compiler): string {
    return `${operand(this.expr, c, null)} AS ${quoteIdentifier(this.name)}`;
  }

  describe(): string {
    return `the label ${this.name}`;
  }
}

export interface SelectParts {
  readonly columns: readonly PyValue[];
  readonly from: readonly TableExpr[];
  readonly where: readonly PyValue[];
  readonly orderBy: readonly PyValue[];
  readonly groupBy: readonly PyValue[];
  readonly limit: number | null;
  readonly offset: number | null;
  readonly distinct: boolean;
}

export class SelectExpr extends SqlElement {
  constructor(readonly parts: SelectParts) {
    super();
  }

  with(change: Partial<SelectParts>): SelectExpr {
    return new SelectExpr({ ...this.parts, ...change });
  }

  /** The tables the statement reads: named in FROM, or those its columns belong to. */
  froms(): TableExpr[] {
    const out = [...this.parts.from];
    const visit = (v: PyValue) => {
      if (v instanceof ColumnExpr && v.table && !out.includes(v.table)) out.push(v.table);
      else if (v instanceof TableExpr && !out.includes(v)) out.push(v);
      else if (v instanceof BinaryExpr) (visit(v.left), visit(v.right));
      else if (v instanceof LabelExpr) visit(v.expr);
      else if (v instanceof SaObject) v.args.forEach(visit);
    };
    this.parts.columns.forEach(visit);
    return out;
  }

  /** Output column names, as rows will carry them. */
  columnNames(): string[] {
    return this.parts.columns.flatMap((col) => (col instanceof TableExpr ? [...col.columns.keys()] : [col instanceof LabelExpr ? col.name : col instanceof ColumnExpr ? col.name : '?']));
  }

  compile(c: Compiler): string {
    const cols = this.parts.columns.map((col) => (col instanceof TableExpr ? [...col.columns.values()].map((x) => x.compile(c)).join(', ') : operand(col, c, null)));
    let sql = `SELECT ${this.parts.distinct ? 'DISTINCT ' : ''}${cols.join(', ')}`;
    const froms = this.froms();
    if (froms.length > 0) sql += ` FROM ${froms.map((t) => t.compile()).join(', ')}`;
    if (this.parts.where.length > 0) sql += ` WHERE ${new BoolExpr('AND', this.parts.where).compile(c)}`;
    if (this.parts.groupBy.length > 0) sql += ` GROUP BY ${this.parts.groupBy.map((g) => operand(g, c, null)).join(', ')}`;
    if (this.parts.orderBy.length > 0) sql += ` ORDER BY ${this.parts.orderBy.map((o) => operand(o, c, null)).join(', ')}`;
    if (this.parts.limit !== null) sql += ` LIMIT ${c.param(this.parts.limit)}`;
    if (this.parts.offset !== null) sql += ` OFFSET ${c.param(this.parts.offset)}`;
    return sql;
  }

  describe(): string {
    return 'a select()';
  }
}

/** INSERT, UPDATE or DELETE of one table. */
export class DmlExpr extends SqlElement {
  constructor(
    readonly kind: 'insert' | 'update' | 'delete',
    readonly table: TableExpr,
    readonly values: PyDict | PySequence | null = null,
    readonly where: readonly PyValue[] = [],
    readonly fromSelect: { readonly names: readonly string[]; readonly select: SelectExpr } | null = null,
  ) {
    super();
  }

  with(change: { values?: PyDict | PySequence | null; where?: readonly PyValue[]; fromSelect?: DmlExpr['fromSelect'] }): DmlExpr {
    return new DmlExpr(this.kind, this.table, change.values === undefined ? this.values : change.values, change.where ?? this.where, change.fromSelect === undefined ? this.fromSelect : change.fromSelect);
  }

  /** Compiles for one row of parameters (`conn.execute(stmt, {...})` or `.values(...)`). */
  compileWith(c: Compiler, row: PyDict | null): string {
    const column = (key: PyValue) => (key instanceof ColumnExpr ? key.name : String(key));
    // SQLAlchemy writes the columns in the table's order, whatever order the dict has.
    const order = [...this.table.columns.keys()];
    const rank = (key: PyValue) => (order.includes(column(key)) ? order.indexOf(column(key)) : order.length);
    const values = new PyDict(
      [...(this.values instanceof PyDict ? this.values.entries : []), ...(row?.entries ?? [])].sort((a, b) => rank(a[0]) - rank(b[0])),
    );
    const target = this.table.compile();
    const bind = (key: PyValue, v: PyValue) => {
      const col = this.table.columns.get(column(key));
      if (v instanceof SqlElement || v instanceof SaObject) return operand(v, c, null);
      // SQLAlchemy's JSON type serializes every value, None and strings included.
      return col?.isJson() ? c.param(JSON.stringify(toJson(v))) : c.param(v);
    };
    switch (this.kind) {
      case 'insert': {
        if (this.fromSelect) return `INSERT INTO ${target} (${this.fromSelect.names.map(quoteIdentifier).join(', ')}) ${this.fromSelect.select.compile(c)}`;
        const keys = values.entries.map(([k]) => k);
        if (keys.length === 0) return `INSERT INTO ${target} DEFAULT VALUES`;
        return `INSERT INTO ${target} (${keys.map((k) => quoteIdentifier(column(k))).join(', ')}) VALUES (${values.entries.map(([k, v]) => bind(k, v)).join(', ')})`;
      }
      case 'update': {
        c.bare = true;
        const sets = values.entries.map(([k, v]) => `${quoteIdentifier(column(k))}=${bind(k, v)}`);
        c.bare = false;
        const where = this.where.length > 0 ? ` WHERE ${new BoolExpr('AND', this.where).compile(c)}` : '';
        return `UPDATE ${target} SET ${sets.join(', ')}${where}`;
      }
      case 'delete':
        return `DELETE FROM ${target}${this.where.length > 0 ? ` WHERE ${new BoolExpr('AND', this.where).compile(c)}` : ''}`;
    }
  }

  compile(c: Compiler): string {
    return this.compileWith(c, null);
  }

  describe(): string {
    return `an ${this.kind}() of ${this.table.name}`;
  }
}

/** An operand: a SQL element, a SQLAlchemy function/text object, or a Python value (bound). */
export function operand(value: PyValue, c: Compiler, against: PyValue | null): string {
  if (value instanceof SqlElement) return value.compile(c);
  if (value instanceof SaObject) {
    if ((value.name === 'sa.column' || value.name === 'sa.Column') && typeof value.args[0] === 'string') return quoteIdentifier(value.args[0]);
    if (value.name.startsWith('func.')) {
      const fn = value.name.slice('func.'.length);
      if (value.args.length === 0 && /^(current_date|current_time|current_timestamp|localtime|localtimestamp|current_user|session_user|user)$/i.test(fn)) return fn.toUpperCase();
      // SQLAlchemy's func.count() with no argument counts rows.
      if (value.args.length === 0 && fn.toLowerCase() === 'count') return 'count(*)';
      return `${fn}(${value.args.map((a) => operand(a, c, null)).join(', ')})`;
    }
    if (value.name === 'sa.cast') return `CAST(${operand(value.args[0] ?? null, c, null)} AS ${compileType(value.args[1] ?? null).sql})`;
    if (value.name === 'sa.literal') return c.param(value.args[0] ?? null);
    if (value.name === 'sa.text') return bindText(String(value.args[0]), value.kwargs.get('__binds__') as PyDict | undefined, c);
    try {
      return renderSqlExpression(value);
    } catch {
      throw new NotSql(value);
    }
  }
  if (against instanceof ColumnExpr && against.isJson() && (value instanceof PyDict || value instanceof PySequence)) return c.param(JSON.stringify(toJson(value)));
  return c.param(value);
}

/**
 * `sa.text()` with `:name` bind parameters turned into `$n`; `::casts` and quoted text are
 * left alone, as SQLAlchemy's TextClause does.
 */
export function bindText(sql: string, binds: PyDict | undefined | null, c: Compiler): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '\\' && sql[i + 1] === ':') {
      out += ':';
      i += 2;
      continue;
    }
    if (ch === ':' && sql[i + 1] === ':') {
      out += '::';
      i += 2;
      continue;
    }
    const m = ch === ':' && (i === 0 || !/[\w:]/.test(sql[i - 1] as string)) ? /^:([A-Za-z_]\w*)/.exec(sql.slice(i)) : null;
    if (m) {
      const name = m[1] as string;
      const value = binds?.get(name);
      if (value === undefined) throw new MissingBind(name);
      out += c.param(value);
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A `:name` in text SQL with no value given; SQLAlchemy raises StatementError for it. */
export class MissingBind extends Error {
  constructor(readonly bind: string) {
    super(`A value is required for bind parameter '${bind}'`);
  }
}

/** The table behind `sa.table()`/`sa.Table()` arguments: columns and their types. */
export function tableFrom(args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>): TableExpr | null {
  const [name, ...rest] = args;
  if (typeof name !== 'string') return null;
  const columns: Array<{ name: string; type: PyValue | null }> = [];
  for (const item of rest) {
    if (item instanceof SaObject && (item.name === 'sa.column' || item.name === 'sa.Column') && typeof item.args[0] === 'string') {
      columns.push({ name: item.args[0], type: item.args[1] ?? item.kwargs.get('type_') ?? null });
    } else if (item instanceof ColumnExpr) columns.push({ name: item.name, type: item.type });
    else if (!(item instanceof SaObject && item.name === 'sa.MetaData') && !(item instanceof SaObject && /Constraint$|^sa\.Index$/.test(item.name))) return null;
  }
  const schema = kwargs.get('schema');
  return new TableExpr(name, typeof schema === 'string' ? schema : null, columns);
}
