import { qualifiedName, quoteIdentifier } from './identifiers.js';
import { sqlString } from './literals.js';
import type { CheckDef, ColumnDef, ConstraintDef, ForeignKeyDef, IndexDef, TableDef } from './table-model.js';
import type { EnumType } from './sa-types.js';

/*
 * DDL text exactly as SQLAlchemy's PostgreSQL compiler prints it and Alembic writes it in
 * offline mode (tabs turned into four spaces, outer whitespace stripped), so the output can be
 * compared with `alembic upgrade --sql` verbatim.
 */

const names = (columns: readonly string[]) => columns.map(quoteIdentifier).join(', ');

function deferrability(c: { deferrable: boolean | null; initially: string | null }): string {
  let out = '';
  if (c.deferrable !== null) out += c.deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  if (c.initially !== null) out += ` INITIALLY ${c.initially}`;
  return out;
}

function named(c: { name: string | null }): string {
  return c.name !== null ? `CONSTRAINT ${quoteIdentifier(c.name)} ` : '';
}

/** A constraint clause, as inside CREATE TABLE or after `ALTER TABLE … ADD `. */
export function renderConstraint(c: ConstraintDef): string {
  switch (c.kind) {
    case 'primary key':
      return `${named(c)}PRIMARY KEY (${names(c.columns)})${deferrability(c)}`;
    case 'unique':
      return `${named(c)}UNIQUE ${c.nullsNotDistinct ? 'NULLS NOT DISTINCT ' : ''}(${names(c.columns)})${deferrability(c)}`;
    case 'check':
      return renderCheck(c);
    case 'foreign key':
      return renderForeignKey(c);
  }
}

function renderCheck(c: CheckDef): string {
  return `${named(c)}CHECK (${c.sql})${deferrability(c)}`;
}

function renderForeignKey(c: ForeignKeyDef): string {
  let out = `${named(c)}FOREIGN KEY(${names(c.columns)}) REFERENCES ${qualifiedName(c.refTable, c.refSchema)} (${names(c.refColumns)})`;
  if (c.match !== null) out += ` MATCH ${c.match}`;
  if (c.onDelete !== null) out += ` ON DELETE ${c.onDelete}`;
  if (c.onUpdate !== null) out += ` ON UPDATE ${c.onUpdate}`;
  return out + deferrability(c);
}

/** A column as inside CREATE TABLE or after `ADD COLUMN`. */
export function renderColumn(column: ColumnDef, table: Pick<TableDef, 'autoincrementColumn'>): string {
  const nullable = column.nullableGiven ?? !column.primaryKey;
  const serial =
    column.primaryKey && table.autoincrementColumn === column.name && column.identity === null && !column.hasPythonDefault
      ? column.type.serial
      : null;
  let out = `${quoteIdentifier(column.name)} ${serial ?? column.type.sql}`;
  if (column.serverDefault !== null) out += ` DEFAULT ${column.serverDefault}`;
  if (column.computed !== null) out += ` ${column.computed}`;
  if (column.identity !== null) out += ` ${column.identity}`;
  if (!nullable && column.identity === null) out += ' NOT NULL';
  for (const check of column.checks) out += ` ${renderCheck(check)}`;
  return out;
}

/** `CREATE TABLE …` */
export function renderCreateTable(table: TableDef): string {
  const lines = [
    ...table.columns.map((c) => renderColumn(c, table)),
    ...table.constraints.map(renderConstraint),
  ];
  const prefix = table.prefixes.length > 0 ? `${table.prefixes.join(' ')} ` : '';
  let out = `CREATE ${prefix}TABLE ${qualifiedName(table.name, table.schema)} (\n    ${lines.join(', \n    ')}\n)`;
  if (table.partitionBy !== null) out += `\n PARTITION BY ${table.partitionBy}`;
  return out;
}

/** `CREATE [UNIQUE] INDEX …` */
export function renderCreateIndex(index: IndexDef): string {
  let out = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.concurrently ? 'CONCURRENTLY ' : ''}`;
  out += `${index.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(index.name ?? '')} ON ${qualifiedName(index.table, index.schema)} `;
  if (index.using !== null) out += `USING ${index.using} `;
  const elements = index.elements.map((e) => {
    const text = 'column' in e ? quoteIdentifier(e.column) : e.sql;
    const op = 'column' in e ? index.ops.get(e.column) : undefined;
    return op ? `${text} ${op}` : text;
  });
  out += `(${elements.join(', ')})`;
  if (index.include.length > 0) out += ` INCLUDE (${names(index.include)})`;
  if (index.nullsNotDistinct) out += ' NULLS NOT DISTINCT';
  if (index.with.length > 0) out += ` WITH (${index.with.map(([k, v]) => `${k} = ${v}`).join(', ')})`;
  if (index.tablespace !== null) out += ` TABLESPACE ${quoteIdentifier(index.tablespace)}`;
  if (index.where !== null) out += ` WHERE ${index.where}`;
  return out;
}

export function renderCreateEnum(e: EnumType): string {
  return `CREATE TYPE ${qualifiedName(e.name, e.schema)} AS ENUM (${e.values.map(sqlString).join(', ')})`;
}

export function renderDropEnum(e: Pick<EnumType, 'name' | 'schema'>): string {
  return `DROP TYPE ${qualifiedName(e.name, e.schema)}`;
}

export function renderTableComment(table: string, schema: string | null, comment: string | null): string {
  return `COMMENT ON TABLE ${qualifiedName(table, schema)} IS ${comment === null ? 'NULL' : sqlString(comment)}`;
}

export function renderColumnComment(table: string, schema: string | null, column: string, comment: string | null): string {
  return `COMMENT ON COLUMN ${qualifiedName(table, schema)}.${quoteIdentifier(column)} IS ${comment === null ? 'NULL' : sqlString(comment)}`;
}

/** `ALTER TABLE t ADD <constraint>` */
export function renderAddConstraint(table: string, schema: string | null, c: ConstraintDef): string {
  return `ALTER TABLE ${qualifiedName(table, schema)} ADD ${renderConstraint(c)}`;
}

