import type { SyntaxNode } from '@lezer/common';
import { CannotInterpret } from '../../python/errors.js';
import type { PythonSource } from '../../python/source.js';
import type { PyValue } from '../../python/values.js';
import { renderAddConstraint, renderColumnComment, renderCreateEnum, renderCreateIndex, renderCreateTable, renderTableComment } from '../../migrations/alembic/ddl-render.js';
import { renderCreateSequence } from '../../migrations/alembic/ddl-constructs.js';
import { SaObject } from '../../migrations/alembic/python-value.js';
import { qualifiedName, quoteIdentifier } from '../../migrations/alembic/identifiers.js';
import { compileType, isTypeValue } from '../../migrations/alembic/sa-types.js';
import { buildTable, type ColumnDef, type ForeignKeyDef, type TableDef } from '../../migrations/alembic/table-model.js';
import { ConventionValueError, columnNames, type MetaDataObject, type ModelRegistry, type ModelTable, type Origin } from './metadata.js';
import { ConventionError, indexNamer, withConventionNames } from './naming.js';

/** One statement of `metadata.create_all()`, with the model that declares what it creates. */
export interface ModelStatement {
  readonly sql: string;
  readonly origin: Origin;
}

/** The server create_all runs on, as far as it changes the DDL. */
export interface CreateAllTarget {
  /** `server_version_num`; a `Computed` without `persisted` is VIRTUAL from 180000 on. Default: before 18. */
  readonly serverVersionNum?: number;
}

/** Finds the file a node of a SQLAlchemy object was written in (mixins live in other modules). */
export type SourceOf = (node: SyntaxNode) => PythonSource | undefined;

/**
 * The DDL `metadata.create_all()` runs on an empty PostgreSQL database, in its order: tables
 * sorted so that a table comes after those it references (ties by name), each with its enum
 * types first and its indexes and comments after; foreign keys in a cycle and `use_alter` ones
 * are added once every table exists.
 *
 * @throws CannotInterpret naming the model's file:line for what SQLAlchemy would reject (a
 *   foreign key to a table the metadata does not have) or pgdrift cannot render.
 */
export function createAllStatements(registry: ModelRegistry, sourceOf: SourceOf, target: CreateAllTarget = {}): ModelStatement[] {
  const virtualByDefault = (target.serverVersionNum ?? 0) >= 180000;
  const out: ModelStatement[] = [];
  const enums = new Set<string>();
  // create_all expects the schemas to exist (the database's owner made them); the shadow makes them.
  const schemas = new Map<string, Origin>();
  for (const md of registry.metadatas) for (const t of md.tables) if (t.schema !== null && !schemas.has(t.schema)) schemas.set(t.schema, t.origin);
  for (const [schema, origin] of schemas) out.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`, origin });
  for (const metadata of registry.metadatas) {
    try {
      void metadata.namingConvention;
    } catch (err) {
      if (!(err instanceof ConventionValueError)) throw err;
      throw new CannotInterpret(metadata.origin.source.where(metadata.origin.node), 'a naming_convention entry that is not a string template (a callable token?)');
    }
    for (const { object, origin } of metadata.standalone) {
      const where = () => origin.source.where(origin.node);
      if (object.name === 'sa.Sequence') {
        out.push({ sql: renderCreateSequence(object, metadata.schema, where), origin });
        continue;
      }
      let type;
      try {
        type = compileType(object);
      } catch (err) {
        throw new CannotInterpret(where(), (err as Error).message);
      }
      for (const e of type.enums) {
        const placed = e.schema === null && metadata.schema !== null ? { ...e, schema: metadata.schema } : e;
        const key = `${placed.schema ?? ''}.${placed.name}`;
        if (enums.has(key)) continue;
        enums.add(key);
        out.push({ sql: renderCreateEnum(placed), origin });
      }
    }
    const built = metadata.tables.map((t) => {
      const def = tableDef(t, metadata, sourceOf);
      // Unsaid, the server decides: VIRTUAL from PostgreSQL 18 on.
      const columns = virtualByDefault ? def.columns.map((c) => (c.computedUnsaid && c.computed ? { ...c, computed: c.computed.replace(/ STORED$/, '') } : c)) : def.columns;
      return { model: t, def: { ...def, columns } };
    });
    for (const { model, def } of built) checkReferences(model, def, registry);
    const { order, deferred } = sortTables(built.map((b) => b.def));
    const later: Array<{ fk: ForeignKeyDef; table: TableDef; origin: Origin }> = [];
    for (const def of order) {
      const model = built.find((b) => b.def === def)?.model as ModelTable;
      const emit = (sql: string) => out.push({ sql, origin: model.origin });
      for (const column of def.columns) {
        for (const e of column.type.enums) {
          const key = `${e.schema ?? ''}.${e.name}`;
          if (!e.createWithTable || enums.has(key)) continue;
          enums.add(key);
          emit(renderCreateEnum(e));
        }
      }
      const cut = deferred.get(def) ?? new Set<ForeignKeyDef>();
      emit(renderCreateTable({ ...def, constraints: def.constraints.filter((c) => !(c.kind === 'foreign key' && cut.has(c))) }));
      for (const index of def.indexes) emit(renderCreateIndex(index));
      if (def.comment !== null) emit(renderTableComment(def.name, def.schema, def.comment));
      for (const column of def.columns) if (column.comment !== null) emit(renderColumnComment(def.name, def.schema, column.name, column.comment));
      for (const fk of [...cut, ...def.alterForeignKeys]) later.push({ fk, table: def, origin: model.origin });
    }
    for (const { fk, table, origin } of later) out.push({ sql: renderAddConstraint(table.name, table.schema, fk), origin });
  }
  return out;
}

function tableDef(model: ModelTable, metadata: MetaDataObject, sourceOf: SourceOf): TableDef {
  const fail = (node: SyntaxNode | null | undefined, construct: string): never => {
    const source = (node && sourceOf(node)) ?? model.origin.source;
    throw new CannotInterpret(source.where(node ?? model.origin.node), `${construct} (table '${model.name}')`);
  };
  const items = model.items
    // SQLAlchemy creates neither a system column (`xmin`, system=True) nor a constraint of no columns.
    .filter((i) => !(i instanceof SaObject && i.name === 'sa.Column' && i.kw('system') === true))
    .filter((i) => !(i instanceof SaObject && i.name === 'sa.UniqueConstraint' && i.args.length === 0))
    .map((i) => withReferencedType(i, model, metadata, fail));
  try {
    const def = buildTable(model.name, model.schema, items, model.kwargs, model.origin.node, fail, indexNamer(metadata.namingConvention));
    // A foreign key written without a schema targets the MetaData's default schema.
    const schemaOf = <C extends TableDef['constraints'][number]>(c: C): C => (c.kind === 'foreign key' && c.refSchema === null ? { ...c, refSchema: metadata.schema } : c);
    const defaulted = { ...def, columns: def.columns.map((c) => withEnumSchema(c, metadata.schema)), constraints: def.constraints.map(schemaOf), alterForeignKeys: def.alterForeignKeys.map(schemaOf) };
    return withConventionNames(defaulted, metadata.namingConvention);
  } catch (err) {
    if (err instanceof ConventionError) return fail(model.origin.node, err.message);
    throw err;
  }
}

/** An enum type without a schema of its own lives in the MetaData's default schema, as SQLAlchemy puts it. */
function withEnumSchema(column: ColumnDef, schema: string | null): ColumnDef {
  const bare = column.type.enums.filter((e) => e.schema === null && !e.fromAnnotation);
  if (schema === null || bare.length === 0) return column;
  let sql = column.type.sql;
  for (const e of bare) if (sql.startsWith(quoteIdentifier(e.name))) sql = qualifiedName(e.name, schema) + sql.slice(quoteIdentifier(e.name).length);
  return { ...column, type: { ...column.type, sql, enums: column.type.enums.map((e) => (bare.includes(e) ? { ...e, schema } : e)) } };
}

/**
 * A `Column(ForeignKey('user.id'))` without a type has the referenced column's type, as
 * SQLAlchemy resolves it once both tables exist.
 */
function withReferencedType(item: PyValue, model: ModelTable, metadata: MetaDataObject, fail: (node: SyntaxNode | null, construct: string) => never): PyValue {
  if (!(item instanceof SaObject) || item.name !== 'sa.Column' || item.kwargs.has('type_') || item.args.some((a) => isTypeValue(a))) return item;
  const fk = item.args.find((a): a is SaObject => a instanceof SaObject && a.name === 'sa.ForeignKey');
  const target = fk?.args[0] ?? fk?.kw('column');
  if (typeof target !== 'string') return item;
  const parts = target.split('.');
  const table = metadata.table(parts[parts.length - 2] ?? '', parts.length === 3 ? (parts[0] as string) : metadata.schema);
  const column = table?.items.find((c): c is SaObject => c instanceof SaObject && c.name === 'sa.Column' && c.args[0] === parts[parts.length - 1]);
  const type = column?.args.find((a) => isTypeValue(a)) ?? column?.kw('type_');
  if (type === undefined) return fail(item.node, `the column '${String(item.args[0])}' of '${model.name}' takes its type from '${target}', which the metadata does not declare`);
  const [name, ...rest] = item.args;
  return new SaObject('sa.Column', [name as PyValue, type, ...rest], item.kwargs, item.node);
}

/** Every foreign key must reach a table and columns the MetaData holds, as create_all demands. */
function checkReferences(model: ModelTable, def: TableDef, registry: ModelRegistry): void {
  const fks = [...def.constraints, ...def.alterForeignKeys].filter((c): c is ForeignKeyDef => c.kind === 'foreign key');
  for (const fk of fks) {
    const target = registry.metadatas.flatMap((m) => m.tables).find((t) => t.name === fk.refTable && t.schema === fk.refSchema);
    const where = `${fk.refSchema ? `${fk.refSchema}.` : ''}${fk.refTable}`;
    if (!target) throw new CannotInterpret(model.origin.source.where(model.origin.node), `the foreign key of '${model.name}' (${fk.columns.join(', ')}) to '${where}', a table no model declares (SQLAlchemy's create_all fails on it too)`);
    const names = columnNames(target);
    const missing = fk.refColumns.find((c) => !names.includes(c));
    if (missing !== undefined) throw new CannotInterpret(model.origin.source.where(model.origin.node), `the foreign key of '${model.name}' to '${where}.${missing}', a column '${where}' does not declare`);
  }
}

/**
 * SQLAlchemy's `sort_tables_and_constraints`: layers of tables whose referenced tables are all
 * created, each layer in name order; the foreign keys of tables left in a cycle are cut out of
 * CREATE TABLE and added afterwards.
 */
function sortTables(defs: readonly TableDef[]): { order: TableDef[]; deferred: Map<TableDef, Set<ForeignKeyDef>> } {
  const key = (d: { name: string; schema: string | null }) => (d.schema ? `${d.schema}.${d.name}` : d.name);
  const byKey = new Map(defs.map((d) => [key(d), d]));
  const todo = [...defs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const deferred = new Map<TableDef, Set<ForeignKeyDef>>();
  const dependsOn = (d: TableDef): TableDef[] =>
    d.constraints.flatMap((c) => {
      if (c.kind !== 'foreign key' || deferred.get(d)?.has(c)) return [];
      const target = byKey.get(c.refSchema ? `${c.refSchema}.${c.refTable}` : c.refTable);
      return target && target !== d ? [target] : [];
    });
  const order: TableDef[] = [];
  const done = new Set<TableDef>();
  while (done.size < todo.length) {
    const layer = todo.filter((d) => !done.has(d) && dependsOn(d).every((t) => done.has(t)));
    if (layer.length === 0) {
      // A cycle: every remaining table's foreign keys to other remaining tables wait for ALTER.
      for (const d of todo.filter((t) => !done.has(t))) {
        const cut = new Set(d.constraints.filter((c): c is ForeignKeyDef => c.kind === 'foreign key' && dependsOn(d).some((t) => key(t) === (c.refSchema ? `${c.refSchema}.${c.refTable}` : c.refTable))));
        deferred.set(d, new Set([...(deferred.get(d) ?? []), ...cut]));
      }
      continue;
    }
    for (const d of layer) {
      done.add(d);
      order.push(d);
    }
  }
  return { order, deferred };
}
