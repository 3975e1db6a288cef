import type { SyntaxNode } from '@lezer/common';
import { statementKind } from '../migration-statement.js';
import type { CallArgs } from '../../python/runtime.js';
import { isOtherDialectOption } from './dialect-options.js';
import { renderAddExclude } from './exclude-constraint.js';
import { conventionName, qualifiedName, quoteIdentifier } from './identifiers.js';
import { sqlLiteral } from './literals.js';
import { PyDict, PyObject, PySequence, SaObject, describeValue, nextCreationOrder, type PyValue } from './python-value.js';
import { compileType } from './sa-types.js';
import { renderServerDefault, renderSqlText } from './sql-expression.js';
import {
  buildTable,
  columnFrom,
  foreignKeyFrom,
  indexDef,
  indexElements,
  indexOptions,
  stringList,
  str,
  type ConstraintDef,
  type Fail,
  type TableDef,
} from './table-model.js';
import {
  renderAddConstraint,
  renderColumn,
  renderColumnComment,
  renderCreateEnum,
  renderCreateIndex,
  renderCreateTable,
  renderDropEnum,
  renderTableComment,
} from './ddl-render.js';

/** Where generated statements go. */
export interface StatementSink {
  emit(sql: string, node: SyntaxNode, kind: 'schema' | 'data'): void;
}

/** A table object a migration holds (from `op.create_table`, `sa.table`, `sa.Table`) for bulk_insert. */
export interface TableHandle {
  readonly name: string;
  readonly schema: string | null;
  readonly columns: readonly string[];
}

/** Positional and keyword arguments bound to parameter names, as Python binds them. */
export class Params {
  private readonly values = new Map<string, PyValue>();
  readonly rest: PyValue[] = [];
  readonly extra = new Map<string, PyValue>();

  constructor(call: CallArgs, names: readonly string[], restAfter = Infinity) {
    call.args.forEach((value, i) => {
      const name = names[i];
      if (i >= restAfter || name === undefined) this.rest.push(value);
      else this.values.set(name, value);
    });
    for (const [k, v] of call.kwargs) {
      if (names.includes(k)) this.values.set(k, v);
      else this.extra.set(k, v);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): PyValue | undefined {
    return this.values.get(name);
  }
}

/**
 * Alembic's `op.*` operations, producing the statements Alembic 1.20 emits on PostgreSQL
 * (DefaultImpl / PostgresqlImpl and SQLAlchemy's PG DDL compiler).
 */
export class Operations {
  /** `schema.name` of the enum types create_table has created in this run (SQLAlchemy's DDL memo). */
  private readonly enumsCreatedWithTables = new Set<string>();

  constructor(
    private readonly sink: StatementSink,
    private readonly fail: Fail,
  ) {}

  /** A new `alembic` command run: SQLAlchemy's DDL memo starts empty again. */
  newRun(): void {
    this.enumsCreatedWithTables.clear();
  }

  private text(value: PyValue | undefined, node: SyntaxNode, what: string): string {
    if (typeof value === 'string') return value;
    return this.fail(node, `${describeValue(value ?? null)} as ${what}`);
  }

  private schema(p: Params, key = 'schema'): string | null {
    return str(p.get(key) ?? p.extra.get(key) ?? null);
  }

  /** Runs operation `name`; returns its Python return value (a table for create_table). */
  run(name: string, call: CallArgs, node: SyntaxNode): PyValue {
    switch (name) {
      case 'create_table':
        return this.createTable(call, node);
      case 'drop_table': {
        const p = new Params(call, ['table_name']);
        const table = this.text(p.get('table_name'), node, 'table name');
        if (p.rest.length > 0) return this.fail(node, 'drop_table with columns');
        const ifExists = p.extra.get('if_exists') === true ? 'IF EXISTS ' : '';
        this.sink.emit(`DROP TABLE ${ifExists}${qualifiedName(table, this.schema(p))}`, node, 'schema');
        return null;
      }
      case 'rename_table': {
        const p = new Params(call, ['old_table_name', 'new_table_name', 'schema']);
        const from = this.text(p.get('old_table_name'), node, 'table name');
        const to = this.text(p.get('new_table_name'), node, 'table name');
        this.sink.emit(`ALTER TABLE ${qualifiedName(from, this.schema(p))} RENAME TO ${quoteIdentifier(to)}`, node, 'schema');
        return null;
      }
      case 'add_column': {
        const p = new Params(call, ['table_name', 'column', 'schema']);
        this.addColumn(this.text(p.get('table_name'), node, 'table name'), this.schema(p), p.get('column') ?? null, p, node);
        return null;
      }
      case 'drop_column': {
        const p = new Params(call, ['table_name', 'column_name', 'schema']);
        this.dropColumn(this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'alter_column': {
        const p = new Params(call, ['table_name', 'column_name']);
        this.alterColumn(this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'create_index': {
        const p = new Params(call, ['index_name', 'table_name', 'columns', 'schema', 'unique']);
        this.createIndex(p.get('index_name') ?? null, this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'drop_index': {
        const p = new Params(call, ['index_name', 'table_name', 'schema']);
        this.dropIndex(this.text(p.get('index_name'), node, 'index name'), this.schema(p), p, node);
        return null;
      }
      case 'create_unique_constraint': {
        const p = new Params(call, ['constraint_name', 'table_name', 'columns', 'schema']);
        this.createKey('unique', this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'create_primary_key': {
        const p = new Params(call, ['constraint_name', 'table_name', 'columns', 'schema']);
        this.createKey('primary key', this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'create_foreign_key': {
        const p = new Params(call, ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols']);
        this.createForeignKey(this.text(p.get('source_table'), node, 'table name'), this.schema(p, 'source_schema'), p, node);
        return null;
      }
      case 'create_check_constraint': {
        const p = new Params(call, ['constraint_name', 'table_name', 'condition', 'schema']);
        this.createCheck(this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'create_exclude_constraint': {
        const [constraintName, tableName, ...elements] = call.args;
        const table = this.text(tableName ?? call.kwargs.get('table_name'), node, 'table name');
        const name = str(constraintName ?? call.kwargs.get('constraint_name') ?? null);
        const options = new Map([...call.kwargs].filter(([k]) => k !== 'table_name' && k !== 'constraint_name'));
        this.sink.emit(renderAddExclude(name, table, str(options.get('schema') ?? null), elements, options, node, this.fail), node, 'schema');
        return null;
      }
      case 'drop_constraint': {
        const p = new Params(call, ['constraint_name', 'table_name', 'type_', 'schema']);
        this.dropConstraint(this.text(p.get('table_name'), node, 'table name'), this.schema(p), p, node);
        return null;
      }
      case 'create_table_comment': {
        const p = new Params(call, ['table_name', 'comment']);
        const comment = p.get('comment');
        this.sink.emit(
          renderTableComment(this.text(p.get('table_name'), node, 'table name'), this.schema(p), typeof comment === 'string' ? comment : null),
          node,
          'schema',
        );
        return null;
      }
      case 'drop_table_comment': {
        const p = new Params(call, ['table_name']);
        this.sink.emit(renderTableComment(this.text(p.get('table_name'), node, 'table name'), this.schema(p), null), node, 'schema');
        return null;
      }
      case 'create_column_comment':
        return this.fail(node, 'op.create_column_comment');
      case 'execute': {
        const p = new Params(call, ['sqltext']);
        this.execute(p.get('sqltext') ?? null, node);
        return null;
      }
      case 'bulk_insert': {
        const p = new Params(call, ['table', 'rows', 'multiinsert']);
        this.bulkInsert(p.get('table') ?? null, p.get('rows') ?? null, node);
        return null;
      }
      case 'f': {
        // conv(name): SQLAlchemy shortens it past 63 characters, as a naming convention's names
        // (a plain string that long is refused there), rather than PostgreSQL cutting it at 63.
        const [first] = call.args;
        return conventionName(this.text(first, node, 'name'));
      }
      default:
        return this.fail(node, `op.${name}()`);
    }
  }

  /** Runs a SQL string or `sa.text()` given to `op.execute` / `connection.execute`. */
  execute(value: PyValue, node: SyntaxNode): void {
    let sql: string;
    try {
      sql = renderSqlText(value);
    } catch {
      return this.fail(node, `execute() of ${describeValue(value)} (only SQL strings and sa.text() are read)`);
    }
    const trimmed = sql.trim().replace(/;\s*$/, '');
    this.sink.emit(trimmed, node, statementKind(trimmed));
  }

  private createTable(call: CallArgs, node: SyntaxNode): PyValue {
    const [nameValue, ...items] = call.args;
    const name = this.text(nameValue, node, 'table name');
    const schema = str(call.kwargs.get('schema') ?? null);
    const table = buildTable(name, schema, items, call.kwargs, node, this.fail);
    this.emitCreateTable(table, node);
    return new PyObject('table', { handle: { name, schema, columns: table.columns.map((c) => c.name) } satisfies TableHandle });
  }

  private emitCreateTable(table: TableDef, node: SyntaxNode): void {
    // Enum types are created by the table's before_create event, once per type name and run:
    // SQLAlchemy remembers the names in the run's DDL memo, another table with one creates nothing.
    for (const column of table.columns) {
      for (const e of column.type.enums) {
        const key = `${e.schema ?? ''}.${e.name}`;
        if (!e.createWithTable || this.enumsCreatedWithTables.has(key)) continue;
        this.enumsCreatedWithTables.add(key);
        this.sink.emit(renderCreateEnum(e), node, 'schema');
      }
    }
    this.sink.emit(renderCreateTable(table), node, 'schema');
    for (const index of table.indexes) this.sink.emit(renderCreateIndex(index), node, 'schema');
    if (table.comment !== null) this.sink.emit(renderTableComment(table.name, table.schema, table.comment), node, 'schema');
    for (const column of table.columns) {
      if (column.comment !== null) this.sink.emit(renderColumnComment(table.name, table.schema, column.name, column.comment), node, 'schema');
    }
  }

  addColumn(tableName: string, schema: string | null, columnValue: PyValue, p: Params, node: SyntaxNode): void {
    const column = columnFrom(columnValue, node, this.fail);
    const table = buildTable(tableName, schema, [columnValue], new Map(), node, this.fail);
    const built = table.columns[0] ?? column;
    const ifNotExists = p.extra.get('if_not_exists') === true ? 'IF NOT EXISTS ' : '';
    this.sink.emit(`ALTER TABLE ${qualifiedName(tableName, schema)} ADD COLUMN ${ifNotExists}${renderColumn(built, table)}`, node, 'schema');
    // The primary key a column flag implies is not added (Alembic skips it), the rest is.
    for (const c of table.constraints) if (c.kind !== 'primary key') this.sink.emit(renderAddConstraint(tableName, schema, c), node, 'schema');
    // use_alter only keeps a foreign key out of CREATE TABLE: add_column adds it all the same.
    for (const fk of built.foreignKeys) if (fk.useAlter) this.sink.emit(renderAddConstraint(tableName, schema, fk), node, 'schema');
    for (const index of table.indexes) this.sink.emit(renderCreateIndex(index), node, 'schema');
    if (built.comment !== null) this.sink.emit(renderColumnComment(tableName, schema, built.name, built.comment), node, 'schema');
  }

  dropColumn(tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const column = this.text(p.get('column_name'), node, 'column name');
    const ifExists = p.extra.get('if_exists') === true ? 'IF EXISTS ' : '';
    this.sink.emit(`ALTER TABLE ${qualifiedName(tableName, schema)} DROP COLUMN ${ifExists}${quoteIdentifier(column)}`, node, 'schema');
  }

  alterColumn(tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const column = this.text(p.get('column_name'), node, 'column name');
    const prefix = `ALTER TABLE ${qualifiedName(tableName, schema)} ALTER COLUMN ${quoteIdentifier(column)}`;
    const kw = p.extra;
    const known = new Set([
      'nullable', 'comment', 'server_default', 'new_column_name', 'type_', 'existing_type', 'existing_server_default',
      'existing_nullable', 'existing_comment', 'existing_autoincrement', 'autoincrement', 'schema', 'postgresql_using',
    ]);
    for (const key of kw.keys()) if (!known.has(key) && !isOtherDialectOption(key)) return this.fail(node, `the alter_column option ${key}=`);
    const type = kw.get('type_');
    const using = kw.get('postgresql_using');
    if (type !== undefined && type !== null) {
      let sql: string;
      try {
        sql = compileType(type).sql;
      } catch (e) {
        return this.fail(node, (e as Error).message);
      }
      const usingSql = typeof using === 'string' ? ` USING ${using}` : '';
      this.sink.emit(`${prefix} TYPE ${sql}${usingSql}`, node, 'schema');
    }
    const nullable = kw.get('nullable');
    if (typeof nullable === 'boolean') this.sink.emit(`${prefix} ${nullable ? 'DROP NOT NULL' : 'SET NOT NULL'}`, node, 'schema');
    if (kw.has('server_default') && kw.get('server_default') !== false) {
      const value = kw.get('server_default') ?? null;
      if (value instanceof SaObject && (value.name === 'sa.Identity' || value.name === 'sa.Computed')) {
        return this.fail(node, `alter_column(server_default=${value.name}(…))`);
      }
      let rendered: string | null = null;
      if (value !== null) {
        try {
          rendered = renderServerDefault(value);
        } catch {
          return this.fail(node, `the server_default ${describeValue(value)}`);
        }
      }
      this.sink.emit(`${prefix} ${rendered === null ? 'DROP DEFAULT' : `SET DEFAULT ${rendered}`}`, node, 'schema');
    }
    if (kw.has('comment') && kw.get('comment') !== false) {
      const comment = kw.get('comment');
      this.sink.emit(renderColumnComment(tableName, schema, column, typeof comment === 'string' ? comment : null), node, 'schema');
    }
    const newName = kw.get('new_column_name');
    if (typeof newName === 'string') {
      this.sink.emit(`ALTER TABLE ${qualifiedName(tableName, schema)} RENAME ${quoteIdentifier(column)} TO ${quoteIdentifier(newName)}`, node, 'schema');
    }
  }

  createIndex(nameValue: PyValue, tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const columnsValue = p.get('columns');
    const columns = columnsValue instanceof PySequence ? columnsValue.items : columnsValue === undefined ? [] : [columnsValue];
    const elements = indexElements(columns, node, this.fail);
    const options = indexOptions(p.extra, node, this.fail);
    const first = elements[0];
    let name = str(nameValue);
    if (name === null) {
      if (!first || !('column' in first)) return this.fail(node, 'an unnamed index on an expression');
      name = `ix_${schema ? `${schema}_` : ''}${tableName}_${first.column}`;
    }
    const index = indexDef({ name, schema, table: tableName, elements, order: nextCreationOrder(), ...options, unique: p.get('unique') === true });
    this.sink.emit(renderCreateIndex(index), node, 'schema');
  }

  dropIndex(name: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const concurrently = p.extra.get('postgresql_concurrently') === true ? 'CONCURRENTLY ' : '';
    const ifExists = p.extra.get('if_exists') === true ? 'IF EXISTS ' : '';
    this.sink.emit(`DROP INDEX ${concurrently}${ifExists}${qualifiedName(name, schema)}`, node, 'schema');
  }

  createKey(kind: 'unique' | 'primary key', tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const c: ConstraintDef = {
      kind,
      name: str(p.get('constraint_name') ?? null),
      columns: stringList(p.get('columns'), node, this.fail, 'columns'),
      deferrable: typeof p.extra.get('deferrable') === 'boolean' ? (p.extra.get('deferrable') as boolean) : null,
      initially: str(p.extra.get('initially') ?? null),
      nullsNotDistinct: p.extra.get('postgresql_nulls_not_distinct') === true,
      order: 0,
    };
    this.sink.emit(`${renderAddConstraint(tableName, schema, c)}${notValid(p)}`, node, 'schema');
  }

  createForeignKey(tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const referent = this.text(p.get('referent_table'), node, 'referent table');
    const referentSchema = str(p.extra.get('referent_schema') ?? null);
    const remote = stringList(p.get('remote_cols'), node, this.fail, 'remote_cols');
    const fake = new SaObject(
      'sa.ForeignKeyConstraint',
      [p.get('local_cols') ?? null, new PySequence('list', remote.map((r) => `${referentSchema ? `${referentSchema}.` : ''}${referent}.${r}`))],
      new Map([...p.extra.entries(), ['name', p.get('constraint_name') ?? null]]),
      node,
    );
    const fk = foreignKeyFrom(fake, stringList(p.get('local_cols'), node, this.fail, 'local_cols'), this.fail, 0);
    this.sink.emit(`${renderAddConstraint(tableName, schema, fk)}${notValid(p)}`, node, 'schema');
  }

  createCheck(tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const condition = p.get('condition') ?? null;
    let sql: string;
    try {
      sql = renderSqlText(condition);
    } catch {
      return this.fail(node, `the check condition ${describeValue(condition)}`);
    }
    const c: ConstraintDef = {
      kind: 'check',
      name: str(p.get('constraint_name') ?? null),
      sql,
      deferrable: typeof p.extra.get('deferrable') === 'boolean' ? (p.extra.get('deferrable') as boolean) : null,
      initially: str(p.extra.get('initially') ?? null),
      order: 0,
    };
    this.sink.emit(`${renderAddConstraint(tableName, schema, c)}${notValid(p)}`, node, 'schema');
  }

  dropConstraint(tableName: string, schema: string | null, p: Params, node: SyntaxNode): void {
    const name = this.text(p.get('constraint_name'), node, 'constraint name');
    const ifExists = p.extra.get('if_exists') === true ? 'IF EXISTS ' : '';
    this.sink.emit(`ALTER TABLE ${qualifiedName(tableName, schema)} DROP CONSTRAINT ${ifExists}${quoteIdentifier(name)}`, node, 'schema');
  }

  /** `CREATE TYPE` / `DROP TYPE` for `enum.create(bind)` / `enum.drop(bind)`. */
  enumDdl(action: 'create' | 'drop', enumValue: SaObject, call: CallArgs, node: SyntaxNode): void {
    let t;
    try {
      t = compileType(enumValue);
    } catch (e) {
      return this.fail(node, (e as Error).message);
    }
    const e = t.enums[0];
    if (!e) return this.fail(node, `.${action}() of ${enumValue.name}(…), which is no native enum`);
    // postgresql.ENUM checks the catalog first unless told not to; sa.Enum does not.
    const checkfirst = call.kwargs.has('checkfirst') ? call.kwargs.get('checkfirst') === true : call.args[1] !== undefined ? call.args[1] === true : enumValue.name === 'pg.ENUM';
    const ddl = action === 'create' ? renderCreateEnum(e) : renderDropEnum(e);
    if (!checkfirst) {
      this.sink.emit(ddl, node, 'schema');
      return;
    }
    // Online, SQLAlchemy looks the type up and skips the statement; the guard does the same
    // inside the database, so applying the statements gives the same schema.
    const regtype = sqlLiteral(qualifiedName(e.name, e.schema)) as string;
    const test = action === 'create' ? 'IS NULL' : 'IS NOT NULL';
    this.sink.emit(`DO $$BEGIN IF to_regtype(${regtype}) ${test} THEN ${ddl}; END IF; END$$`, node, 'schema');
  }

  bulkInsert(tableValue: PyValue, rows: PyValue, node: SyntaxNode): void {
    const handle = tableHandle(tableValue);
    if (!handle) return this.fail(node, `bulk_insert into ${describeValue(tableValue)}`);
    if (!(rows instanceof PySequence)) return this.fail(node, `bulk_insert rows given as ${describeValue(rows)}`);
    for (const row of rows.items) {
      if (!(row instanceof PyDict)) return this.fail(node, `the bulk_insert row ${describeValue(row)}`);
      const keys = handle.columns.filter((c) => row.get(c) !== undefined);
      for (const [k] of row.entries) {
        if (typeof k !== 'string' || !handle.columns.includes(k)) return this.fail(node, `the bulk_insert key ${describeValue(k)} (not a column of ${handle.name})`);
      }
      const values = keys.map((k) => {
        const literal = sqlLiteral(row.get(k) ?? null);
        return literal ?? this.fail(node, `the bulk_insert value ${describeValue(row.get(k) ?? null)}`);
      });
      this.sink.emit(
        `INSERT INTO ${qualifiedName(handle.name, handle.schema)} (${keys.map(quoteIdentifier).join(', ')}) VALUES (${values.join(', ')})`,
        node,
        'data',
      );
    }
  }
}

/** The table behind `op.create_table(...)`'s result, `sa.table(...)` or `sa.Table(...)`. */
export function tableHandle(value: PyValue): TableHandle | null {
  if (value instanceof PyObject && value.kind === 'table') return value.data.handle as TableHandle;
  if (value instanceof SaObject && (value.name === 'sa.table' || value.name === 'sa.Table')) {
    const [name, ...rest] = value.args;
    if (typeof name !== 'string') return null;
    const columns: string[] = [];
    for (const item of rest) {
      if (item instanceof SaObject && (item.name === 'sa.column' || item.name === 'sa.Column') && typeof item.args[0] === 'string') {
        columns.push(item.args[0]);
      } else if (!(item instanceof SaObject && item.name === 'sa.MetaData')) return null;
    }
    return { name, schema: str(value.kw('schema') ?? null), columns };
  }
  return null;
}

/** SQLAlchemy's PostgreSQL dialect ends an added check or foreign key with NOT VALID for `postgresql_not_valid=True`. */
function notValid(p: Params): string {
  return p.extra.get('postgresql_not_valid') === true ? ' NOT VALID' : '';
}
