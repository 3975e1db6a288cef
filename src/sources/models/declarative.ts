import { CannotInterpret } from '../../python/errors.js';
import { unreadableError } from '../../python/interpreter.js';
import type { Runtime, Site } from '../../python/runtime.js';
import { HostObject, PyClass, PyDict, PySequence, type ClassAnnotation, type PyFunction, type PyValue } from '../../python/values.js';
import { SaObject } from '../../migrations/alembic/python-value.js';
import { annotatedColumn } from './annotations.js';
import { snakeCaseTableName } from './flask-sqlalchemy.js';
import { typeInstance } from './type-instance.js';
import { BoundColumn, TableObject, columnNames, namedColumn, type DeclarativeBase, type ModelRegistry, type ModelTable } from './metadata.js';

/** `@declared_attr`: a function of the class, called when the class is mapped. */
export class DeclaredAttr extends HostObject {
  constructor(readonly fn: PyFunction) {
    super();
  }

  describe(): string {
    return `the declared_attr ${this.fn.name}()`;
  }
}

/** An ORM attribute that is no column (`relationship()`, `synonym()`, a hybrid property…). */
export class OrmAttribute extends HostObject {
  constructor(readonly kind: string) {
    super();
  }

  describe(): string {
    return `sqlalchemy.orm.${this.kind}(…)`;
  }
}

/** Keyword arguments of `mapped_column()` that only the ORM reads: no part of the table. */
const ORM_ONLY = new Set([
  'init', 'repr', 'default_factory', 'compare', 'kw_only', 'hash', 'sort_order', 'deferred', 'deferred_group',
  'deferred_raiseload', 'active_history', 'use_existing_column', 'doc', 'dataclass_metadata',
]);

interface Attribute {
  readonly key: string;
  readonly value: PyValue | undefined;
  readonly owner: PyClass;
}

/**
 * Maps a class of a declarative base as SQLAlchemy's declarative scan does when the class
 * statement ends: its table (`__tablename__`, columns of the class and its mixins,
 * `Mapped[…]` annotations, `__table_args__`) joins the base's MetaData, and the class's column
 * attributes become the table's columns (`Chat.user_id` in a later `Index(…)`).
 * Single-table inheritance adds the subclass's columns to the parent's table.
 *
 * @throws CannotInterpret for a class it cannot map completely (an attribute it could not read).
 */
export async function mapClass(cls: PyClass, base: DeclarativeBase, registry: ModelRegistry, at: Site, rt: Runtime): Promise<void> {
  if (cls.attrs.get('__abstract__') === true) return;
  // A class hook may rename the table or add columns as each model is defined: not followed.
  const hooked = cls.mro().find((c) => c.attrs.has('__init_subclass__'));
  if (hooked) throw new CannotInterpret(at.source.where(at.node), `the model class ${cls.name}: ${hooked.name}.__init_subclass__ may change its table (pgdrift does not run it)`);
  const parent = mappedParent(cls, registry);
  const scanned = scannedClasses(cls, registry);
  // A model (or a class giving it columns) is read whole or not at all: a statement of its body
  // that could not be followed may have been a column, whatever name it binds or not.
  for (const c of scanned) {
    for (const [key, value] of c.attrs) {
      const error = unreadableError(value);
      if (error) throw error instanceof CannotInterpret ? new CannotInterpret(error.where, `${error.construct}, in the model class ${cls.name} (attribute ${key})`) : error;
    }
    const failed = c.failures[0]?.error;
    if (failed) throw failed instanceof CannotInterpret ? new CannotInterpret(failed.where, `${failed.construct}, in the model class ${cls.name}`) : failed;
  }
  const own = cls.attrs.get('__table__');
  if (own instanceof TableObject) {
    registry.mapTo(cls, own.table);
    return;
  }
  let tablename = await classLevel(cls, '__tablename__', scanned, rt, at);
  // Flask-SQLAlchemy names the table after the class, unless the class only extends its
  // mapped parent (no primary key of its own: single-table inheritance).
  if (tablename === undefined && base.autoTablename && (parent === null || declaresPrimaryKey(cls))) tablename = snakeCaseTableName(cls.name);
  if (tablename === undefined || tablename === null) {
    if (parent === null) {
      if (tablename === null) return;
      throw new CannotInterpret(at.source.where(at.node), `the model class ${cls.name}: it has no __tablename__ or __table__ (SQLAlchemy refuses it too)`);
    }
    // Single-table inheritance: the subclass's own columns join the parent's table.
    const existing = new Set(columnNames(parent));
    // `use_existing_column=True`: a column another subclass already put on the table is that one.
    const all = await columnsOf(cls, [cls], base, rt, at);
    const columns = all.filter((c) => !(c.useExisting && existing.has(c.name)));
    parent.items.push(...columns.map((c) => c.column));
    bind(cls, parent, all, at);
    registry.mapTo(cls, parent);
    return;
  }
  if (typeof tablename !== 'string') throw new CannotInterpret(at.source.where(at.node), `the __tablename__ of ${cls.name} (${rt.repr(tablename, at)})`);
  const columns = await columnsOf(cls, scanned, base, rt, at);
  const { items, kwargs } = await tableArgs(cls, scanned, rt, at);
  const schemaArg = kwargs.get('schema');
  kwargs.delete('schema');
  const schema = typeof schemaArg === 'string' ? schemaArg : base.metadata.schema;
  if (base.metadata.table(tablename, schema)) {
    throw new CannotInterpret(at.source.where(at.node), `the model class ${cls.name}: table '${tablename}' is already defined for this MetaData`);
  }
  const table: ModelTable = { name: tablename, schema, items: [...columns.map((c) => c.column), ...items], kwargs, origin: at, cls };
  base.metadata.tables.push(table);
  registry.mapTo(cls, table);
  bind(cls, table, columns, at);
  cls.attrs.set('__table__', new TableObject(table));
}

function declaresPrimaryKey(cls: PyClass): boolean {
  return [...cls.attrs.values()].some((v) => v instanceof SaObject && (v.name === 'sa.Column' || v.name === 'orm.mapped_column') && v.kw('primary_key') === true);
}

/** The mapped class a class inherits from (joined or single-table inheritance), or null. */
function mappedParent(cls: PyClass, registry: ModelRegistry): ModelTable | null {
  for (const c of cls.mro().slice(1)) {
    const t = registry.tableOf(c);
    if (t) return t;
  }
  return null;
}

/**
 * The class and the classes whose attributes it inherits into its own table: its mixins and
 * abstract bases, but not a mapped parent (its columns are in the parent's table) nor anything
 * that class inherits.
 */
function scannedClasses(cls: PyClass, registry: ModelRegistry): PyClass[] {
  // The declarative base's own body is scanned like a mixin's (`class Base(DeclarativeBase): id = …`).
  const mapped = cls.mro().slice(1).filter((c) => registry.tableOf(c) !== null);
  const excluded = new Set(mapped.flatMap((c) => c.mro()));
  return cls.mro().filter((c) => c === cls || !excluded.has(c));
}

/** `__tablename__` / `__table_args__`: the nearest scanned class's, a declared_attr called with the class. */
async function classLevel(cls: PyClass, name: string, scanned: readonly PyClass[], rt: Runtime, at: Site): Promise<PyValue | undefined> {
  for (const c of scanned) {
    if (!c.attrs.has(name)) continue;
    const value = c.attrs.get(name) as PyValue;
    return value instanceof DeclaredAttr ? rt.call(value.fn, { args: [cls], kwargs: new Map() }, at) : value;
  }
  return undefined;
}

async function tableArgs(cls: PyClass, scanned: readonly PyClass[], rt: Runtime, at: Site): Promise<{ items: PyValue[]; kwargs: Map<string, PyValue> }> {
  const value = await classLevel(cls, '__table_args__', scanned, rt, at);
  if (value === undefined || value === null) return { items: [], kwargs: new Map() };
  if (value instanceof PyDict) return { items: [], kwargs: dictOf(value, cls, at) };
  if (value instanceof PySequence) {
    const items = [...value.items];
    const last = items[items.length - 1];
    const kwargs = last instanceof PyDict ? (items.pop(), dictOf(last, cls, at)) : new Map<string, PyValue>();
    return { items, kwargs };
  }
  throw new CannotInterpret(at.source.where(at.node), `the __table_args__ of ${cls.name} (${rt.repr(value, at)})`);
}

function dictOf(d: PyDict, cls: PyClass, at: Site): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  for (const [k, v] of d.entries) {
    if (typeof k !== 'string') throw new CannotInterpret(at.source.where(at.node), `a __table_args__ key that is not a string in ${cls.name}`);
    out.set(k, v);
  }
  return out;
}

interface MappedColumn {
  readonly key: string;
  readonly name: string;
  readonly column: SaObject;
  readonly useExisting?: boolean;
}

/**
 * The columns a class contributes, in SQLAlchemy's order: the class's own in the order they are
 * written, then those of its mixins and abstract bases (nearest first); a name defined twice
 * keeps the nearest definition.
 */
async function columnsOf(cls: PyClass, scanned: readonly PyClass[], base: DeclarativeBase, rt: Runtime, at: Site): Promise<MappedColumn[]> {
  const seen = new Set<string>();
  const out: MappedColumn[] = [];
  for (const c of scanned) {
    for (const attr of attributesInOrder(c)) {
      if (seen.has(attr.key)) continue;
      seen.add(attr.key);
      const column = await columnFor(cls, attr, base, rt, at);
      if (column) out.push(column);
    }
  }
  return out;
}

/** A class's own attributes and bare annotations, in the order the class body writes them. */
function attributesInOrder(c: PyClass): Attribute[] {
  const position = (key: string): number => {
    const ann = c.annotations.get(key);
    if (ann) return ann.node.from;
    const v = c.attrs.get(key);
    return v instanceof SaObject && v.node ? v.node.from : Number.MAX_SAFE_INTEGER;
  };
  const keys = [...new Set([...c.attrs.keys(), ...c.annotations.keys()])].filter((k) => !k.startsWith('__'));
  const indexed = keys.map((key, i) => ({ key, i, pos: position(key) }));
  indexed.sort((a, b) => a.pos - b.pos || a.i - b.i);
  return indexed.map(({ key }) => ({ key, value: c.attrs.get(key), owner: c }));
}

async function columnFor(cls: PyClass, attr: Attribute, base: DeclarativeBase, rt: Runtime, at: Site): Promise<MappedColumn | null> {
  let value = attr.value;
  // A declared_attr's return annotation (`def tag_id(cls) -> Mapped[int]`) is the attribute's.
  let annotation = attr.owner.annotations.get(attr.key);
  if (value instanceof DeclaredAttr) {
    annotation ??= returnAnnotation(value.fn);
    value = await rt.call(value.fn, { args: [cls], kwargs: new Map() }, at);
  }
  const annotated = annotation ? annotatedColumn(annotation, base.typeAnnotationMap, rt) : null;
  if (value === undefined) {
    // A bare `name: Mapped[str]` is a column; any other bare annotation is nothing to the table.
    if (annotated?.kind !== 'column') return null;
    value = new SaObject('orm.mapped_column', [], new Map(), annotation?.node as never);
  }
  if (value instanceof BoundColumn) return null;
  if (!(value instanceof SaObject)) return null;
  if (value.name === 'sa.Column') {
    return { key: attr.key, ...namedColumn(value, attr.key) };
  }
  if (value.name !== 'orm.mapped_column') return null;
  const args = [...value.args];
  const kwargs = new Map(value.kwargs);
  const useExisting = kwargs.get('use_existing_column') === true;
  const name = typeof args[0] === 'string' ? (args.shift() as string) : typeof kwargs.get('name') === 'string' ? (kwargs.get('name') as string) : attr.key;
  kwargs.delete('name');
  for (const k of ORM_ONLY) kwargs.delete(k);
  if (kwargs.has('insert_default')) {
    kwargs.set('default', kwargs.get('insert_default') as PyValue);
    kwargs.delete('insert_default');
  }
  const hasType = args.some((a) => !(a instanceof SaObject && ['sa.ForeignKey', 'sa.Identity', 'sa.Computed', 'sa.CheckConstraint', 'sa.Sequence'].includes(a.name)));
  // With a foreign key and no type, the referenced column's type wins over the annotation's.
  const referencing = args.some((a) => a instanceof SaObject && a.name === 'sa.ForeignKey');
  if (!hasType && !kwargs.has('type_') && !referencing) {
    if (annotated?.kind !== 'column') {
      throw new CannotInterpret(at.source.where(value.node ?? at.node), `mapped_column() '${attr.key}' of ${cls.name} without a type or a Mapped[…] annotation`);
    }
    args.unshift(await typeInstance(annotated.type(), at, rt));
  }
  if (!kwargs.has('nullable') && annotated?.kind === 'column' && kwargs.get('primary_key') !== true) kwargs.set('nullable', annotated.nullable);
  return { key: attr.key, name, column: new SaObject('sa.Column', [name, ...args], kwargs, value.node), ...(useExisting ? { useExisting } : {}) };
}

function returnAnnotation(fn: PyFunction): ClassAnnotation | undefined {
  const node = fn.definition.node.getChild('TypeDef')?.firstChild;
  return node ? { source: fn.definition.source, node, module: fn.definition.module } : undefined;
}

/** After mapping: `Cls.attr` is the table's column, as the ORM's instrumented attribute is. */
function bind(cls: PyClass, table: ModelTable, columns: readonly MappedColumn[], at: Site): void {
  for (const c of columns) cls.attrs.set(c.key, new BoundColumn(table, c.name, at.node));
}

/**
 * Columns assigned to a mapped class after its class statement (`User.email = Column(…)`):
 * the declarative class adds them to its table, as SQLAlchemy's does.
 *
 * @throws CannotInterpret for a `mapped_column()` assigned so (its annotation is gone).
 */
export function addLateColumns(registry: ModelRegistry): void {
  for (const [cls, table] of registry.mappedClasses()) {
    for (const [key, value] of cls.attrs) {
      if (!(value instanceof SaObject) || value instanceof BoundColumn) continue;
      if (value.name === 'orm.mapped_column') throw new CannotInterpret(table.origin.source.where(value.node ?? table.origin.node), `mapped_column() assigned to ${cls.name}.${key} after the class statement`);
      if (value.name !== 'sa.Column') continue;
      const { name, column } = namedColumn(value, key);
      table.items.push(column);
      cls.attrs.set(key, new BoundColumn(table, name, value.node));
    }
  }
}
