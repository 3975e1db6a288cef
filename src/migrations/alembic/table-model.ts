import type { SyntaxNode } from '@lezer/common';
import { isOtherDialectOption } from './dialect-options.js';
import { conventionName, quoteIdentifier } from './identifiers.js';
import { PyDict, PySequence, SaObject, describeValue, nextCreationOrder, type PyValue } from './python-value.js';
import { compileType, isTypeValue, type SqlType } from './sa-types.js';
import { renderServerDefault, renderSqlText } from './sql-expression.js';

/** Reports a construct the reader cannot follow; never returns. */
export type Fail = (node: SyntaxNode, construct: string) => never;

export interface ForeignKeyDef {
  readonly kind: 'foreign key';
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly refSchema: string | null;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: string | null;
  readonly onUpdate: string | null;
  readonly deferrable: boolean | null;
  readonly initially: string | null;
  readonly match: string | null;
  /**
   * `use_alter=True`: SQLAlchemy leaves it out of CREATE TABLE on a database that has ALTER,
   * for metadata.create_all to add afterwards; Alembic's create_table never adds it.
   */
  readonly useAlter?: boolean;
  readonly order: number;
}

export interface KeyDef {
  readonly kind: 'primary key' | 'unique';
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly deferrable: boolean | null;
  readonly initially: string | null;
  readonly nullsNotDistinct: boolean;
  readonly order: number;
}

export interface CheckDef {
  readonly kind: 'check';
  readonly name: string | null;
  readonly sql: string;
  readonly deferrable: boolean | null;
  readonly initially: string | null;
  readonly order: number;
}

export type ConstraintDef = ForeignKeyDef | KeyDef | CheckDef;

/** An index element: a column name (quoted when rendered) or raw SQL. */
export type IndexElement = { readonly column: string } | { readonly sql: string };

export interface IndexDef {
  readonly name: string | null;
  readonly schema: string | null;
  readonly table: string;
  readonly unique: boolean;
  readonly elements: readonly IndexElement[];
  readonly using: string | null;
  readonly where: string | null;
  readonly include: readonly string[];
  readonly ops: ReadonlyMap<string, string>;
  readonly with: ReadonlyArray<readonly [string, string]>;
  readonly tablespace: string | null;
  readonly nullsNotDistinct: boolean;
  readonly concurrently: boolean;
  readonly ifNotExists: boolean;
  readonly order: number;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  /** As given; null when not given (then it follows primary_key). */
  readonly nullableGiven: boolean | null;
  readonly primaryKey: boolean;
  readonly serverDefault: string | null;
  readonly hasPythonDefault: boolean;
  readonly unique: boolean | null;
  readonly index: boolean | null;
  readonly comment: string | null;
  readonly autoincrement: boolean | 'auto' | 'ignore_fk';
  readonly foreignKeys: readonly ForeignKeyDef[];
  /** Column-level CHECK constraints, rendered inline after the column. */
  readonly checks: readonly CheckDef[];
  /** `GENERATED … AS IDENTITY (…)`. */
  readonly identity: string | null;
  /** `GENERATED ALWAYS AS (…) STORED`. */
  readonly computed: string | null;
  /**
   * `Computed(…)` without `persisted`: SQLAlchemy then says neither STORED nor VIRTUAL, and the
   * server decides (STORED before PostgreSQL 18, VIRTUAL from 18). Rendered STORED unless a
   * reader knows its target is 18 or later.
   */
  readonly computedUnsaid?: boolean;
}

export interface TableDef {
  readonly name: string;
  readonly schema: string | null;
  readonly columns: readonly ColumnDef[];
  /** Primary key first (when there is one), then the others in SQLAlchemy's creation order. */
  readonly constraints: readonly ConstraintDef[];
  readonly indexes: readonly IndexDef[];
  readonly comment: string | null;
  readonly primaryKey: KeyDef | null;
  /** Whether the primary key came from column flags (then the autoincrement column goes first). */
  readonly implicitPrimaryKey: boolean;
  readonly autoincrementColumn: string | null;
  readonly partitionBy: string | null;
  readonly prefixes: readonly string[];
  /** `use_alter=True` foreign keys: left out of CREATE TABLE, for metadata.create_all to add afterwards. */
  readonly alterForeignKeys: readonly ForeignKeyDef[];
}

/**
 * The name SQLAlchemy gives an index that has none (`index=True`, `Index(None, …)`): by default
 * `ix_%(column_0_label)s`; a MetaData naming convention may say otherwise.
 */
export type IndexNamer = (table: string, schema: string | null, column: string) => string;

const defaultIndexName: IndexNamer = (table, schema, column) => conventionName(`ix_${schema ? `${schema.replace(/\./g, '_')}_` : ''}${table}_${column}`);

/** A helper reading keyword-or-positional arguments of a SQLAlchemy call. */
export function argOf(obj: SaObject, index: number, kw: string): PyValue | undefined {
  return obj.kwargs.has(kw) ? obj.kwargs.get(kw) : obj.args[index];
}

export function str(value: PyValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function bool(value: PyValue | undefined): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Column names (or SQL elements) given as a list, a tuple or a single string. */
export function stringList(value: PyValue | undefined, at: SyntaxNode, fail: Fail, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (value instanceof PySequence) {
    return value.items.map((item) => {
      if (typeof item === 'string') return item;
      if (item instanceof SaObject && (item.name === 'sa.Column' || item.name === 'sa.column')) {
        const n = item.args[0];
        if (typeof n === 'string') return n;
      }
      return fail(at, `${describeValue(item)} in ${what}`);
    });
  }
  return fail(at, `${describeValue(value)} as ${what}`);
}

/**
 * Parses `sa.ForeignKey('users.id', ondelete=…)` or `sa.ForeignKeyConstraint(['a'], ['t.b'], …)`.
 */
export function foreignKeyFrom(obj: SaObject, localColumns: readonly string[], fail: Fail, order: number): ForeignKeyDef {
  const targets =
    obj.name === 'sa.ForeignKey'
      ? [argOf(obj, 0, 'column')]
      : stringList(argOf(obj, 1, 'refcolumns'), obj.node, fail, 'refcolumns');
  const parsed = targets.map((t) => {
    if (typeof t !== 'string') return fail(obj.node, `the foreign key target ${describeValue(t ?? null)}`);
    const parts = t.split('.');
    if (parts.length < 2 || parts.length > 3) return fail(obj.node, `the foreign key target '${t}'`);
    return { schema: parts.length === 3 ? (parts[0] as string) : null, table: parts[parts.length - 2] as string, column: parts[parts.length - 1] as string };
  });
  const first = parsed[0];
  if (!first) return fail(obj.node, 'a foreign key without a target');
  return {
    kind: 'foreign key',
    name: str(obj.kw('name')),
    columns: localColumns,
    refSchema: first.schema,
    refTable: first.table,
    refColumns: parsed.map((p) => p.column),
    onDelete: str(obj.kw('ondelete')),
    onUpdate: str(obj.kw('onupdate')),
    deferrable: bool(obj.kw('deferrable')),
    initially: str(obj.kw('initially')),
    match: str(obj.kw('match')),
    ...(obj.kw('use_alter') === true ? { useAlter: true } : {}),
    order,
  };
}

function checkFrom(obj: SaObject, fail: Fail, order: number): CheckDef {
  const condition = argOf(obj, 0, 'sqltext');
  let sql: string;
  try {
    sql = renderSqlText(condition ?? null);
  } catch {
    return fail(obj.node, `the check condition ${describeValue(condition ?? null)}`);
  }
  return {
    kind: 'check',
    name: str(obj.kw('name')),
    sql,
    deferrable: bool(obj.kw('deferrable')),
    initially: str(obj.kw('initially')),
    order,
  };
}

function identityFrom(obj: SaObject): string {
  const always = obj.kw('always') === true;
  const num = (k: string) => {
    const v = obj.kw(k);
    return typeof v === 'number' ? v : null;
  };
  const options: string[] = [];
  const increment = num('increment');
  const start = num('start');
  const minvalue = num('minvalue');
  const maxvalue = num('maxvalue');
  const cache = num('cache');
  if (increment !== null) options.push(`INCREMENT BY ${increment}`);
  if (start !== null) options.push(`START WITH ${start}`);
  if (minvalue !== null) options.push(`MINVALUE ${minvalue}`);
  if (maxvalue !== null) options.push(`MAXVALUE ${maxvalue}`);
  if (obj.kw('nominvalue') === true) options.push('NO MINVALUE');
  if (obj.kw('nomaxvalue') === true) options.push('NO MAXVALUE');
  if (cache !== null) options.push(`CACHE ${cache}`);
  const cycle = obj.kw('cycle');
  if (typeof cycle === 'boolean') options.push(cycle ? 'CYCLE' : 'NO CYCLE');
  const head = `GENERATED ${always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  return options.length > 0 ? `${head} (${options.join(' ')})` : head;
}

/**
 * Reads `sa.Column(...)`: name, type, flags, server default, ForeignKey/Identity/Computed/
 * CheckConstraint arguments.
 */
export function columnFrom(value: PyValue, at: SyntaxNode, fail: Fail): ColumnDef {
  if (!(value instanceof SaObject) || value.name !== 'sa.Column') return fail(at, `${describeValue(value)} where a sa.Column was expected`);
  const obj = value;
  let name: string | null = str(obj.kw('name'));
  let typeValue: PyValue | undefined = obj.kw('type_');
  const foreignKeys: SaObject[] = [];
  const checks: SaObject[] = [];
  let identity: string | null = null;
  let computed: string | null = null;
  let computedUnsaid = false;
  for (const a of obj.args) {
    if (typeof a === 'string' && name === null) name = a;
    else if (a instanceof SaObject && a.name === 'sa.ForeignKey') foreignKeys.push(a);
    else if (a instanceof SaObject && a.name === 'sa.Identity') identity = identityFrom(a);
    else if (a instanceof SaObject && a.name === 'sa.Computed') {
      const text = a.args[0] ?? a.kw('sqltext');
      try {
        computed = `GENERATED ALWAYS AS (${renderSqlText(text ?? null)})`;
      } catch {
        return fail(a.node, `the Computed expression ${describeValue(text ?? null)}`);
      }
      // Unsaid, SQLAlchemy makes it STORED on a server before PostgreSQL 18 (which had no
      // other kind): the servers databases run on; the embedded shadow (18) would make it VIRTUAL.
      const persisted = a.kw('persisted');
      computed += persisted === false ? ' VIRTUAL' : ' STORED';
      if (persisted === undefined || persisted === null) computedUnsaid = true;
    } else if (a instanceof SaObject && a.name === 'sa.CheckConstraint') checks.push(a);
    else if (typeValue === undefined && isTypeValue(a)) typeValue = a;
    else if (a instanceof SaObject && a.name === 'sa.Sequence') return fail(a.node, 'a sa.Sequence column default');
    else return fail(obj.node, `the sa.Column argument ${describeValue(a)}`);
  }
  if (name === null) return fail(obj.node, 'a sa.Column without a name');
  if (typeValue === undefined) {
    // A column with a ForeignKey and no type takes the referenced column's type, which
    // only the live metadata knows.
    return fail(obj.node, `the sa.Column '${name}' without a type`);
  }
  let type: SqlType;
  try {
    type = compileType(typeValue);
  } catch (e) {
    const node = (e as { node?: SyntaxNode | null }).node ?? obj.node;
    return fail(node, (e as Error).message);
  }
  const serverDefaultValue = obj.kw('server_default');
  let serverDefault: string | null = null;
  if (serverDefaultValue !== undefined && serverDefaultValue !== null) {
    if (serverDefaultValue instanceof SaObject && serverDefaultValue.name === 'sa.FetchedValue') serverDefault = null;
    else {
      try {
        serverDefault = renderServerDefault(serverDefaultValue);
      } catch {
        return fail(obj.node, `the server_default ${describeValue(serverDefaultValue)}`);
      }
    }
  }
  const autoincrement = obj.kw('autoincrement');
  return {
    name,
    type,
    nullableGiven: bool(obj.kw('nullable')),
    primaryKey: obj.kw('primary_key') === true,
    serverDefault,
    hasPythonDefault: obj.kwargs.has('default') && obj.kw('default') !== null,
    unique: bool(obj.kw('unique')),
    index: bool(obj.kw('index')),
    comment: str(obj.kw('comment')),
    autoincrement: autoincrement === true || autoincrement === false ? autoincrement : autoincrement === 'ignore_fk' ? 'ignore_fk' : 'auto',
    foreignKeys: foreignKeys.map((fk) => foreignKeyFrom(fk, [name as string], fail, fk.order)),
    checks: checks.map((c) => checkFrom(c, fail, c.order)),
    identity,
    computed,
    ...(computedUnsaid ? { computedUnsaid } : {}),
  };
}

/** Whether SQLAlchemy would accept this column as the table's autoincrement column. */
function autoincrementEligible(column: ColumnDef, explicit: boolean): boolean {
  if (column.type.serial === null) return false;
  if (explicit) return true;
  if (column.type.serialOnlyWhenAsked) return false;
  if (column.hasPythonDefault) return false;
  if (column.serverDefault !== null && column.identity === null) return false;
  if (column.foreignKeys.length > 0 && column.autoincrement !== 'ignore_fk') return false;
  return true;
}

/**
 * Builds the table SQLAlchemy would build from `op.create_table(name, *items, **kw)` (or from
 * a single column, for `add_column`), including the constraints and indexes that column
 * flags imply, in SQLAlchemy's order.
 */
export function buildTable(
  name: string,
  schema: string | null,
  items: readonly PyValue[],
  kwargs: ReadonlyMap<string, PyValue>,
  at: SyntaxNode,
  fail: Fail,
  indexName: IndexNamer = defaultIndexName,
): TableDef {
  const columns: ColumnDef[] = [];
  const alterForeignKeys: ForeignKeyDef[] = [];
  const explicit: ConstraintDef[] = [];
  const explicitIndexes: Array<{ obj: SaObject }> = [];
  let explicitPk: KeyDef | null = null;
  for (const item of items) {
    if (!(item instanceof SaObject)) return fail(at, `${describeValue(item)} in create_table`);
    switch (item.name) {
      case 'sa.Column':
        columns.push(columnFrom(item, at, fail));
        break;
      case 'sa.PrimaryKeyConstraint':
        explicitPk = keyFrom('primary key', item, fail);
        break;
      case 'sa.UniqueConstraint':
        explicit.push(keyFrom('unique', item, fail));
        break;
      case 'sa.ForeignKeyConstraint':
        {
          const fk = foreignKeyFrom(item, stringList(argOf(item, 0, 'columns'), item.node, fail, 'columns'), fail, item.order);
          (fk.useAlter ? alterForeignKeys : explicit).push(fk);
        }
        break;
      case 'sa.CheckConstraint':
        explicit.push(checkFrom(item, fail, item.order));
        break;
      case 'sa.Index':
        explicitIndexes.push({ obj: item });
        break;
      default:
        return fail(item.node, `${item.name}(…) in create_table`);
    }
  }
  // Column flags become constraints and indexes when the Table is built, i.e. after every
  // argument object was created: they sort after the explicit ones.
  const implied: ConstraintDef[] = [];
  const impliedIndexes: IndexDef[] = [];
  // `PrimaryKeyConstraint(name=…)` without columns names the key the column flags make.
  const pkColumns = explicitPk && explicitPk.columns.length > 0 ? [...explicitPk.columns] : columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (explicitPk && explicitPk.columns.length === 0) explicitPk = pkColumns.length > 0 ? { ...explicitPk, columns: pkColumns } : null;
  const finalColumns = columns.map((c) => ({ ...c, primaryKey: c.primaryKey || pkColumns.includes(c.name) }));
  for (const column of finalColumns) {
    if (column.index === true) {
      impliedIndexes.push(
        indexDef({
          name: indexName(name, schema, column.name),
          schema,
          table: name,
          unique: column.unique === true,
          elements: [{ column: column.name }],
          order: nextCreationOrder(),
        }),
      );
    } else if (column.unique === true) {
      implied.push({ kind: 'unique', name: null, columns: [column.name], deferrable: null, initially: null, nullsNotDistinct: false, order: nextCreationOrder() });
    }
    for (const fk of column.foreignKeys) {
      const order = nextCreationOrder();
      (fk.useAlter ? alterForeignKeys : implied).push({ ...fk, order });
    }
  }
  let primaryKey: KeyDef | null = explicitPk;
  if (!primaryKey && pkColumns.length > 0) {
    primaryKey = { kind: 'primary key', name: null, columns: pkColumns, deferrable: null, initially: null, nullsNotDistinct: false, order: 0 };
  }
  const autoincrementColumn = findAutoincrement(finalColumns, pkColumns);
  if (primaryKey && !explicitPk && autoincrementColumn) {
    primaryKey = { ...primaryKey, columns: [autoincrementColumn, ...pkColumns.filter((c) => c !== autoincrementColumn)] };
  }
  for (const column of finalColumns) {
    if (column.type.enumCheck) {
      const values = column.type.enumCheck.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
      implied.push({ kind: 'check', name: column.type.enumCheck.name, sql: `${quoteIdentifier(column.name)} IN (${values})`, deferrable: null, initially: null, order: nextCreationOrder() });
    }
  }
  const indexes = [
    ...explicitIndexes.map(({ obj }) => indexFromSa(obj, name, schema, fail, indexName)),
    ...impliedIndexes,
  ].sort((a, b) => a.order - b.order);
  const others = [...explicit, ...implied].sort((a, b) => a.order - b.order);
  const partitionBy = str(kwargs.get('postgresql_partition_by'));
  const prefixes = kwargs.get('prefixes');
  for (const key of kwargs.keys()) {
    // postgresql_ignore_search_path only steers reflection (autogenerate writes it into the
    // create_table of a downgrade): CREATE TABLE is the same with it.
    if (!['schema', 'comment', 'postgresql_partition_by', 'postgresql_ignore_search_path', 'prefixes', 'info', 'keep_existing', 'extend_existing', 'if_not_exists'].includes(key) && !isOtherDialectOption(key)) {
      return fail(at, `the create_table option ${key}=`);
    }
  }
  return {
    name,
    schema,
    columns: finalColumns,
    constraints: primaryKey && primaryKey.columns.length > 0 ? [primaryKey, ...others] : others,
    indexes,
    comment: str(kwargs.get('comment')),
    primaryKey,
    implicitPrimaryKey: !explicitPk,
    autoincrementColumn,
    partitionBy,
    prefixes: prefixes instanceof PySequence ? prefixes.items.filter((p): p is string => typeof p === 'string') : [],
    alterForeignKeys,
  };
}

function findAutoincrement(columns: readonly ColumnDef[], pkColumns: readonly string[]): string | null {
  const pk = pkColumns.map((n) => columns.find((c) => c.name === n)).filter((c): c is ColumnDef => c !== undefined);
  if (pk.length === 1) {
    const only = pk[0] as ColumnDef;
    if (only.autoincrement === true) return only.type.serial !== null ? only.name : null;
    if ((only.autoincrement === 'auto' || only.autoincrement === 'ignore_fk') && autoincrementEligible(only, false)) return only.name;
    return null;
  }
  const flagged = pk.find((c) => c.autoincrement === true && c.type.serial !== null);
  return flagged ? flagged.name : null;
}

function keyFrom(kind: 'primary key' | 'unique', obj: SaObject, fail: Fail): KeyDef {
  const columns = obj.args.map((a) => {
    if (typeof a === 'string') return a;
    if (a instanceof SaObject && (a.name === 'sa.Column' || a.name === 'sa.column') && typeof a.args[0] === 'string') return a.args[0];
    return fail(obj.node, `${describeValue(a)} in ${obj.name}`);
  });
  return {
    kind,
    name: str(obj.kw('name')),
    columns,
    deferrable: bool(obj.kw('deferrable')),
    initially: str(obj.kw('initially')),
    nullsNotDistinct: obj.kw('postgresql_nulls_not_distinct') === true,
    order: obj.order,
  };
}

/** Fills an IndexDef's optional parts with their defaults. */
export function indexDef(partial: Partial<IndexDef> & Pick<IndexDef, 'name' | 'table' | 'elements' | 'order'>): IndexDef {
  return {
    schema: null,
    unique: false,
    using: null,
    where: null,
    include: [],
    ops: new Map(),
    with: [],
    tablespace: null,
    nullsNotDistinct: false,
    concurrently: false,
    ifNotExists: false,
    ...partial,
  };
}

/** Index elements from column names, `sa.text(...)` and `sa.column(...)`. */
export function indexElements(values: readonly PyValue[], at: SyntaxNode, fail: Fail): IndexElement[] {
  return values.map((v) => {
    if (typeof v === 'string') return { column: v };
    if (v instanceof SaObject && (v.name === 'sa.column' || v.name === 'sa.Column') && typeof v.args[0] === 'string') return { column: v.args[0] };
    if (v instanceof SaObject && (v.name === 'sa.desc' || v.name === 'sa.asc') && typeof v.args[0] === 'string') {
      return { sql: `${v.args[0]} ${v.name === 'sa.desc' ? 'DESC' : 'ASC'}` };
    }
    try {
      return { sql: renderSqlText(v) };
    } catch {
      return fail(at, `the index element ${describeValue(v)}`);
    }
  });
}

/** The `postgresql_*` and generic keyword options of an index. */
export function indexOptions(kwargs: ReadonlyMap<string, PyValue>, at: SyntaxNode, fail: Fail): Partial<IndexDef> {
  const out: { -readonly [K in keyof IndexDef]?: IndexDef[K] } = {};
  for (const [key, value] of kwargs) {
    switch (key) {
      case 'unique':
        out.unique = value === true;
        break;
      case 'postgresql_using':
        out.using = str(value)?.toLowerCase() ?? null;
        break;
      case 'postgresql_where':
        if (value !== null) {
          try {
            out.where = renderSqlText(value);
          } catch {
            return fail(at, `the postgresql_where ${describeValue(value)}`);
          }
        }
        break;
      case 'postgresql_include':
        out.include = stringList(value, at, fail, 'postgresql_include');
        break;
      case 'postgresql_ops':
        if (!(value instanceof PyDict)) return fail(at, 'postgresql_ops that is not a dict');
        out.ops = new Map(value.entries.filter((e): e is [string, string] => typeof e[0] === 'string' && typeof e[1] === 'string'));
        break;
      case 'postgresql_with':
        if (!(value instanceof PyDict)) return fail(at, 'postgresql_with that is not a dict');
        out.with = value.entries.map(([k, v]) => [String(k), v instanceof Object ? describeValue(v) : String(v)] as const);
        break;
      case 'postgresql_tablespace':
        out.tablespace = str(value);
        break;
      case 'postgresql_nulls_not_distinct':
        out.nullsNotDistinct = value === true;
        break;
      case 'postgresql_concurrently':
        out.concurrently = value === true;
        break;
      case 'if_not_exists':
        out.ifNotExists = value === true;
        break;
      case 'schema':
      case 'info':
      case 'quote':
      case 'table_name':
      case '_table':
        break;
      default:
        if (!isOtherDialectOption(key)) return fail(at, `the index option ${key}=`);
    }
  }
  return out;
}

function indexFromSa(obj: SaObject, table: string, schema: string | null, fail: Fail, indexName: IndexNamer): IndexDef {
  const [nameValue, ...exprs] = obj.args;
  const elements = indexElements(exprs, obj.node, fail);
  const first = elements[0];
  let name = str(nameValue ?? null);
  if (name === null) {
    if (!first || !('column' in first)) return fail(obj.node, 'an unnamed sa.Index on an expression');
    name = indexName(table, schema, first.column);
  }
  return indexDef({ name, schema, table, elements, order: obj.order, ...indexOptions(obj.kwargs, obj.node, fail) });
}
