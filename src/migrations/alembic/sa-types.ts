import type { SyntaxNode } from '@lezer/common';
import { canonicalName } from './canonical-name.js';
import { qualifiedName } from './identifiers.js';
import { PyClass, PyInstance, PyRef, SaObject, describeValue, type PyValue } from './python-value.js';

/** A native PostgreSQL enum a column uses (SQLAlchemy `Enum` / `postgresql.ENUM`). */
export interface EnumType {
  readonly name: string;
  readonly schema: string | null;
  readonly values: readonly string[];
  /** False for `postgresql.ENUM(..., create_type=False)`: tables do not create it. */
  readonly createWithTable: boolean;
  /**
   * Made by the declarative scan from a `Mapped[MyEnum]` annotation: unlike an `Enum(…)` the
   * model constructs, it does not take the MetaData's default schema.
   */
  readonly fromAnnotation?: boolean;
}

/** The keyword the models reader marks an annotation's Enum with (see `EnumType.fromAnnotation`). */
export const ANNOTATION_ENUM = '__pgdrift_from_annotation__';

/** A column type as SQLAlchemy's PostgreSQL dialect compiles it. */
export interface SqlType {
  /** The DDL text, e.g. `VARCHAR(255)`, `TIMESTAMP WITH TIME ZONE`, `post_status`. */
  readonly sql: string;
  /** Which SERIAL an autoincrement primary key of this type becomes; null when it cannot. */
  readonly serial: 'SERIAL' | 'BIGSERIAL' | 'SMALLSERIAL' | null;
  /** Numeric: SERIAL only with `autoincrement=True`, never by default. */
  readonly serialOnlyWhenAsked?: boolean;
  /** Enums to create with a table (an ARRAY of enums included). */
  readonly enums: readonly EnumType[];
  /** A non-native enum with `create_constraint=True`: its CHECK constraint. */
  readonly enumCheck: { readonly name: string | null; readonly values: readonly string[] } | null;
}

/** A type the reader does not know; the caller turns it into an InputError naming file:line. */
export class UnknownTypeError extends Error {
  constructor(
    readonly node: SyntaxNode | null,
    message: string,
  ) {
    super(message);
  }
}

const SIMPLE: Record<string, string> = {
  Integer: 'INTEGER', INTEGER: 'INTEGER', INT: 'INTEGER',
  BigInteger: 'BIGINT', BIGINT: 'BIGINT',
  SmallInteger: 'SMALLINT', SMALLINT: 'SMALLINT',
  Boolean: 'BOOLEAN', BOOLEAN: 'BOOLEAN',
  Date: 'DATE', DATE: 'DATE', DATETIME: 'DATETIME',
  JSON: 'JSON', JSONB: 'JSONB', JSONPATH: 'JSONPATH',
  Uuid: 'UUID', UUID: 'UUID',
  LargeBinary: 'BYTEA', BYTEA: 'BYTEA', PickleType: 'BYTEA', BINARY: 'BINARY', VARBINARY: 'VARBINARY', BLOB: 'BLOB',
  REAL: 'REAL', Double: 'DOUBLE PRECISION', DOUBLE_PRECISION: 'DOUBLE PRECISION', DOUBLE: 'DOUBLE',
  INET: 'INET', CIDR: 'CIDR', MACADDR: 'MACADDR', MACADDR8: 'MACADDR8', MONEY: 'MONEY', OID: 'OID',
  REGCLASS: 'REGCLASS', REGCONFIG: 'REGCONFIG', TSVECTOR: 'TSVECTOR', TSQUERY: 'TSQUERY', HSTORE: 'HSTORE',
  CITEXT: 'CITEXT', INT4RANGE: 'INT4RANGE', INT8RANGE: 'INT8RANGE', NUMRANGE: 'NUMRANGE', DATERANGE: 'DATERANGE',
  TSRANGE: 'TSRANGE', TSTZRANGE: 'TSTZRANGE', INT4MULTIRANGE: 'INT4MULTIRANGE', INT8MULTIRANGE: 'INT8MULTIRANGE',
  NUMMULTIRANGE: 'NUMMULTIRANGE', DATEMULTIRANGE: 'DATEMULTIRANGE', TSMULTIRANGE: 'TSMULTIRANGE',
  TSTZMULTIRANGE: 'TSTZMULTIRANGE',
};

const STRINGS: Record<string, string> = {
  String: 'VARCHAR', VARCHAR: 'VARCHAR', Unicode: 'VARCHAR', NVARCHAR: 'NVARCHAR', CHAR: 'CHAR', NCHAR: 'NCHAR',
  Text: 'TEXT', TEXT: 'TEXT', UnicodeText: 'TEXT', CLOB: 'CLOB',
};

const SERIALS: Record<string, SqlType['serial']> = {
  Integer: 'SERIAL', INTEGER: 'SERIAL', INT: 'SERIAL',
  BigInteger: 'BIGSERIAL', BIGINT: 'BIGSERIAL',
  SmallInteger: 'SMALLSERIAL', SMALLINT: 'SMALLSERIAL',
};

function arg(obj: SaObject | null, index: number, kw: string): PyValue | undefined {
  if (!obj) return undefined;
  return obj.kwargs.has(kw) ? obj.kwargs.get(kw) : obj.args[index];
}

/**
 * Compiles a SQLAlchemy type (a class like `sa.Integer` or an instance like `sa.String(50)`)
 * as the PostgreSQL dialect does.
 *
 * @example compileType(new PyRef('sqlalchemy.Text')).sql // 'TEXT'
 * @throws UnknownTypeError for a type it does not know (an application's TypeDecorator…).
 */
export function compileType(value: PyValue): SqlType {
  const { name, obj, node } = typeParts(value);
  const plain = (sql: string, serial: SqlType['serial'] = null): SqlType => ({ sql, serial, enums: [], enumCheck: null });
  const short = name.replace(/^(sa|pg)\./, '');
  if (short in SIMPLE) return plain(SIMPLE[short] as string, SERIALS[short] ?? null);
  if (short in STRINGS) {
    const length = arg(obj, 0, 'length');
    const collation = arg(obj, 1, 'collation');
    let sql = STRINGS[short] as string;
    if (typeof length === 'number' && sql !== 'TEXT') sql += `(${length})`;
    if (typeof collation === 'string') sql += ` COLLATE "${collation}"`;
    return plain(sql);
  }
  switch (short) {
    case 'Float':
    case 'FLOAT': {
      const precision = arg(obj, 0, 'precision');
      return plain(typeof precision === 'number' ? `FLOAT(${precision})` : 'FLOAT');
    }
    case 'Numeric':
    case 'NUMERIC':
    case 'DECIMAL': {
      const precision = arg(obj, 0, 'precision');
      const scale = arg(obj, 1, 'scale');
      const base = short === 'DECIMAL' ? 'DECIMAL' : 'NUMERIC';
      const sql =
        typeof precision === 'number'
          ? typeof scale === 'number'
            ? `${base}(${precision}, ${scale})`
            : `${base}(${precision})`
          : base;
      // SQLAlchemy 2.1 makes a numeric key SERIAL only when told (autoincrement=True), and then
      // only with scale 0.
      return { ...plain(sql, typeof scale === 'number' && scale !== 0 ? null : 'SERIAL'), serialOnlyWhenAsked: true };
    }
    case 'DateTime':
    case 'TIMESTAMP':
    case 'Time':
    case 'TIME': {
      const timezone = arg(obj, 0, 'timezone') === true;
      const precision = short === 'DateTime' || short === 'Time' ? undefined : arg(obj, 1, 'precision');
      const base = short === 'DateTime' || short === 'TIMESTAMP' ? 'TIMESTAMP' : 'TIME';
      const p = typeof precision === 'number' ? `(${precision})` : '';
      return plain(`${base}${p} ${timezone ? 'WITH' : 'WITHOUT'} TIME ZONE`);
    }
    case 'Interval':
    case 'INTERVAL': {
      const precision = short === 'Interval' ? arg(obj, 1, 'second_precision') : arg(obj, 0, 'precision');
      const fields = short === 'INTERVAL' ? arg(obj, 1, 'fields') : undefined;
      let sql = 'INTERVAL';
      if (typeof fields === 'string') sql += ` ${fields}`;
      if (typeof precision === 'number') sql += ` (${precision})`;
      return plain(sql);
    }
    case 'BIT': {
      const length = arg(obj, 0, 'length');
      const varying = arg(obj, 1, 'varying') === true;
      const base = varying ? 'BIT VARYING' : 'BIT';
      return plain(typeof length === 'number' ? `${base}(${length})` : varying ? base : 'BIT(1)');
    }
    case 'ARRAY': {
      const item = arg(obj, 0, 'item_type');
      if (item === undefined) throw new UnknownTypeError(node, 'ARRAY without an item type');
      const dimensions = arg(obj, 2, 'dimensions');
      const inner = compileType(item);
      const count = typeof dimensions === 'number' && dimensions > 0 ? dimensions : 1;
      return { sql: inner.sql + '[]'.repeat(count), serial: null, enums: inner.enums, enumCheck: null };
    }
    case 'Enum':
    case 'ENUM':
      return compileEnum(short, obj, node);
    default:
      throw new UnknownTypeError(node, `the column type ${name === '?' ? describeValue(value) : name}`);
  }
}

function compileEnum(short: string, obj: SaObject | null, node: SyntaxNode | null): SqlType {
  const values: string[] = [];
  for (const v of obj?.args ?? []) {
    if (typeof v !== 'string') throw new UnknownTypeError(node, `an Enum built from ${describeValue(v)} (only string values are read)`);
    values.push(v);
  }
  const name = obj?.kw('name');
  const schema = obj?.kw('schema');
  const native = obj?.kw('native_enum') !== false;
  if (!native) {
    const length = obj?.kw('length');
    const width = typeof length === 'number' ? length : Math.max(0, ...values.map((v) => v.length));
    const check = obj?.kw('create_constraint') === true ? { name: typeof name === 'string' ? name : null, values } : null;
    return { sql: `VARCHAR(${width})`, serial: null, enums: [], enumCheck: check };
  }
  if (typeof name !== 'string') throw new UnknownTypeError(node, 'an Enum without name= (PostgreSQL needs a type name)');
  const enumType: EnumType = {
    name,
    schema: typeof schema === 'string' ? schema : null,
    values,
    createWithTable: !(short === 'ENUM' && obj?.kw('create_type') === false),
    ...(obj?.kw(ANNOTATION_ENUM) === true ? { fromAnnotation: true } : {}),
  };
  return { sql: qualifiedName(name, enumType.schema), serial: null, enums: [enumType], enumCheck: null };
}

function typeParts(value: PyValue): { name: string; obj: SaObject | null; node: SyntaxNode | null } {
  if (value instanceof PyInstance && isTypeDecorator(value.cls)) return typeParts(typeDecoratorImpl(value));
  if (value instanceof PyClass && isTypeDecorator(value)) return typeParts(value.lookup('impl') ?? null);
  if (value instanceof PyRef) return { name: canonicalName(value.path) ?? value.path, obj: null, node: null };
  if (value instanceof SaObject) return { name: value.name, obj: value, node: value.node };
  return { name: '?', obj: null, node: null };
}

/** Whether a value is (probably) a SQLAlchemy type rather than a constraint or option. */
export function isTypeValue(value: PyValue): boolean {
  if ((value instanceof PyInstance && isTypeDecorator(value.cls)) || (value instanceof PyClass && isTypeDecorator(value))) return true;
  const name = value instanceof PyRef ? canonicalName(value.path) : value instanceof SaObject ? value.name : null;
  if (!name || !/^(sa|pg)\./.test(name)) return false;
  const short = name.slice(3);
  return (
    short in SIMPLE ||
    short in STRINGS ||
    ['Float', 'FLOAT', 'Numeric', 'NUMERIC', 'DECIMAL', 'DateTime', 'TIMESTAMP', 'Time', 'TIME', 'Interval', 'INTERVAL', 'BIT', 'ARRAY', 'Enum', 'ENUM'].includes(short)
  );
}

/** Where a TypeDecorator instance keeps the type its `load_dialect_impl()` chose for PostgreSQL. */
export const DIALECT_IMPL = '__pgdrift_dialect_impl__';

/** Whether a class derives from SQLAlchemy's TypeDecorator (directly or through the project's classes). */
export function isTypeDecorator(cls: PyClass): boolean {
  return cls.externalBases().some((b) => /(^|\.)TypeDecorator$/.test(b));
}

/**
 * The type a TypeDecorator instance stands for: its class's `impl`, built with the instance's
 * arguments as `TypeDecorator.__init__` does (`JSONField()` → `Text`, `MyString(64)` → `String(64)`).
 */
export function typeDecoratorImpl(value: PyInstance): PyValue {
  const chosen = value.attrs.get(DIALECT_IMPL);
  if (chosen !== undefined) return chosen;
  const impl = value.cls.lookup('impl');
  if (impl === undefined || impl === null) return null;
  if (impl instanceof PyRef && value.args.length + value.kwargs.size > 0) {
    return new SaObject(canonicalName(impl.path) ?? impl.path, value.args, value.kwargs, undefined as never);
  }
  return impl;
}
