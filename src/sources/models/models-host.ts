import type { SyntaxNode } from '@lezer/common';
import { CannotInterpret } from '../../python/errors.js';
import { unreadableError } from '../../python/interpreter.js';
import type { PythonSource } from '../../python/source.js';
import type { CallArgs, Host, Runtime, Site } from '../../python/runtime.js';
import { HostObject, PyBoundMethod, PyBuiltin, PyClass, PyDict, PyFunction, PyRef, PySequence, type PyValue } from '../../python/values.js';
import { canonicalName } from '../../migrations/alembic/canonical-name.js';
import { AlembicHost } from '../../migrations/alembic/host.js';
import { PyObject, SaObject } from '../../migrations/alembic/python-value.js';
import { typeKey } from './annotations.js';
import { DeclaredAttr, OrmAttribute, mapClass } from './declarative.js';
import { BoundColumn, BoundOrdering, MetaDataObject, columnNames, ModelRegistry, TableColumns, TableObject, type ModelTable } from './metadata.js';
import { FlaskSqlAlchemy } from './flask-sqlalchemy.js';
import { typeInstance } from './type-instance.js';
import { enumFromClass, isEnumClass, memberObjects } from './python-enum.js';

/** ORM names that declare nothing in the database (relationships, properties, loaders). */
const NOT_COLUMNS = new Set([
  'relationship', 'backref', 'synonym', 'association_proxy', 'query_expression', 'dynamic_loader', 'foreign', 'remote',
  'column_property', 'deferred', 'composite', 'with_expression', 'aliased',
  // Collection factories for relationship(collection_class=…).
  'ordering_list', 'attribute_keyed_dict', 'attribute_mapped_collection', 'column_keyed_dict', 'column_mapped_collection', 'keyfunc_mapping', 'mapped_collection',
]);
/** Decorators of the ORM that leave the function as it is, for what pgdrift reads. */
const PASS_THROUGH_DECORATORS = new Set(['validates', 'reconstructor', 'hybrid_property', 'hybrid_method']);
/** Events whose listeners may change what create_all builds. */
const SCHEMA_EVENTS = new Set(['before_create', 'after_create', 'before_drop', 'after_drop', 'before_parent_attach', 'after_parent_attach', 'column_reflect']);

/** Constraint and index constructors that attach to the table of the columns they are given. */
const ATTACHING = new Set(['sa.Index', 'sa.UniqueConstraint', 'sa.CheckConstraint', 'sa.PrimaryKeyConstraint', 'sa.ForeignKeyConstraint']);

/**
 * SQLAlchemy's declarative layer as the Python subset sees it: `declarative_base()`,
 * `DeclarativeBase`, `registry`, `MetaData`, `Table`, `mapped_column`, `Mapped[…]`, mixins,
 * `__table_args__`, Python enums. Classes are mapped when their class statement ends, into the
 * registry's MetaData objects. Core SQLAlchemy (types, `Column`, constraints, `text()`,
 * `func`) is the Alembic reader's, without a database: a model that queries one is refused.
 */
export class ModelsHost implements Host {
  readonly registry = new ModelRegistry();
  private readonly core = new AlembicHost(null, { xArguments: new Map(), ini: null });
  private readonly sources = new WeakMap<SyntaxNode, PythonSource>();

  resolve(path: string): PyValue | undefined {
    if (path.startsWith('alembic')) return undefined;
    return this.core.resolve(path);
  }

  has(path: string): boolean | undefined {
    return this.core.has(path);
  }

  getAttr(value: PyValue, name: string, at: Site, rt: Runtime): PyValue | undefined {
    if (value instanceof MetaDataObject) {
      if (name === 'schema') return value.schema;
      if (name === 'tables') return new PyDict(value.tables.map((t) => [t.schema ? `${t.schema}.${t.name}` : t.name, new TableObject(t)]));
      if (name === 'sorted_tables') return new PySequence('list', value.tables.map((t) => new TableObject(t)));
      if (name === 'naming_convention') return value.conventionDict;
      return undefined;
    }
    if (value instanceof TableObject) {
      if (name === 'c' || name === 'columns') return new TableColumns(value.table);
      if (name === 'name') return value.table.name;
      if (name === 'schema') return value.table.schema;
      if (name === 'fullname') return value.table.schema ? `${value.table.schema}.${value.table.name}` : value.table.name;
      return undefined;
    }
    if (value instanceof TableColumns) {
      const column = columnNames(value.table).find((c) => c === name);
      if (column === undefined) throw rt.raise('AttributeError', name, at);
      return new BoundColumn(value.table, column, at.node);
    }
    if (value instanceof BoundColumn && (name === 'desc' || name === 'asc')) return new PyBuiltin(name, () => new BoundOrdering(value.table, value.column, name, at.node));
    if (value instanceof OrmAttribute) return new PyBuiltin(name, () => value);
    if (value instanceof FlaskSqlAlchemy) return value.attribute(name);
    if (value instanceof DeclaredAttr) return undefined;
    if (value instanceof PyObject && !(value.kind === 'dialect' && (name === 'name' || name === 'driver' || name === 'type_descriptor'))) return undefined;
    return this.core.getAttr(value, name, at, rt);
  }

  /** The file a call was written in, for messages about the objects it built. */
  sourceOf(node: SyntaxNode): PythonSource | undefined {
    return this.sources.get(node);
  }

  async call(callee: PyValue, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    this.sources.set(at.node, at.source);
    if (callee instanceof PyRef) return this.callRef(callee.path, call, at, rt);
    if (callee instanceof PyBoundMethod && callee.self instanceof PyObject) {
      // `dialect.type_descriptor(UUID())` in load_dialect_impl(): the type itself.
      if (callee.self.kind === 'dialect' && callee.name === 'type_descriptor') return call.args[0] ?? null;
      if (callee.self.kind !== 'registry') return undefined;
      if (callee.name === 'generate_base') return this.declarativeBase(callee.self.data.metadata as MetaDataObject, callee.self.data.typeMap as PyDict | null, call, at);
      return undefined;
    }
    if (callee instanceof PyBoundMethod && (callee.self instanceof MetaDataObject || callee.self instanceof TableObject)) return undefined;
    return this.core.call(callee, call, at, rt);
  }

  private async callRef(path: string, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    if (/^flask_sqlalchemy(\.extension)?\.SQLAlchemy$/.test(path)) return this.flaskSqlAlchemy(call, at, rt);
    const listen = /^sqlalchemy\.event(?:\.api)?\.(listens_for|listen)$/.exec(path);
    if (listen) {
      // An ORM or session event (after_insert, set…) changes no schema; a DDL event may: refused.
      const event = call.args[1];
      if (typeof event !== 'string' || SCHEMA_EVENTS.has(event)) return undefined;
      return listen[1] === 'listens_for' ? new PyBuiltin('listens_for', ([fn]) => fn ?? null) : null;
    }
    const orm = /^sqlalchemy\.(?:orm|ext\.declarative|ext\.hybrid|ext\.associationproxy|ext\.orderinglist)(?:\.\w+)*\.(\w+)((?:\.\w+)*)$/.exec(path);
    if (orm) return this.ormCall(orm[1] as string, orm[2] as string, call, at, rt, path);
    if (/^sqlalchemy\.ext\.mutable\.Mutable\w+\.as_mutable$/.test(path)) return call.args[0] ?? call.kwargs.get('sqltype') ?? null;
    if (path.startsWith('alembic') || path.startsWith('sqlmodel')) return undefined;
    // pydantic's settings on a model class (`model_config = ConfigDict(…)`, as Mealie's models
    // carry): a TypedDict, so a plain dict of its keywords, which declarative mapping ignores.
    if (/^pydantic(\.config)?\.ConfigDict$/.test(path) && call.args.length === 0) return new PyDict([...call.kwargs]);
    const name = canonicalName(path);
    if (name === 'sa.inspect' || name === 'sa.create_engine' || name === 'sa.event.listen') return undefined;
    if (name === 'sa.MetaData') return this.metadata(call, at, rt);
    if (name === 'sa.Table' && call.args[1] instanceof MetaDataObject) return this.table(call, at);
    if ((name === 'sa.Enum' || name === 'pg.ENUM') && call.args[0] instanceof PyClass && isEnumClass(call.args[0])) return this.standalone(await this.enumType(call.args[0], call, at, rt), at);
    if (name === 'sa.Enum' || name === 'pg.ENUM' || name === 'sa.Sequence') {
      const built = await this.core.call(callee(path), call, at, rt);
      return built instanceof SaObject ? this.standalone(built, at) : built;
    }
    if (name === 'sa.ForeignKey' || name === 'sa.ForeignKeyConstraint') return this.core.call(callee(path), referencesByName(call), at, rt);
    if (name === 'sa.Column') return this.core.call(callee(path), await withTypeInstances(call, at, rt), at, rt);
    if (name !== null && ATTACHING.has(name)) {
      const built = await this.core.call(callee(path), call, at, rt);
      if (built instanceof SaObject) this.attach(built);
      return built;
    }
    return this.core.call(callee(path), call, at, rt);
  }

  private async ormCall(name: string, member: string, call: CallArgs, at: Site, rt: Runtime, path: string): Promise<PyValue | undefined> {
    switch (name) {
      case 'declarative_base': {
        const p = new Map(call.kwargs);
        const md = p.get('metadata');
        const metadata = md instanceof MetaDataObject ? md : this.registry.metadata(null, new PyDict(), at);
        return this.declarativeBase(metadata, (p.get('type_annotation_map') as PyDict | undefined) ?? null, call, at);
      }
      case 'registry': {
        const md = call.kwargs.get('metadata');
        const metadata = md instanceof MetaDataObject ? md : this.registry.metadata(null, new PyDict(), at);
        return new PyObject('registry', { metadata, typeMap: (call.kwargs.get('type_annotation_map') as PyDict | undefined) ?? null });
      }
      case 'mapped_column': {
        const typed = await withTypeInstances(call, at, rt);
        return new SaObject('orm.mapped_column', typed.args, typed.kwargs, at.node);
      }
      case 'directive':
      case 'cascading': {
        // `@declared_attr.directive` is a declared_attr for what pgdrift reads.
        if (!/\.declared_attr$/.test(path.slice(0, path.lastIndexOf('.')))) return undefined;
        const fn = call.args[0];
        return fn instanceof PyFunction ? new DeclaredAttr(fn) : undefined;
      }
      case 'declared_attr': {
        const fn = call.args[0];
        return fn instanceof PyFunction ? new DeclaredAttr(fn) : undefined;
      }
      default:
        break;
    }
    if (member === '' && PASS_THROUGH_DECORATORS.has(name)) {
      // `@hybrid_property def x(…)` is the function; `@validates('a')` returns the decorator.
      const fn = call.args[0];
      if (fn instanceof PyFunction) return name.startsWith('hybrid') ? new OrmAttribute(name) : fn;
      return new PyBuiltin(name, ([f]) => f ?? null);
    }
    if (member === '' && NOT_COLUMNS.has(name)) {
      const inner = call.args[0];
      // `deferred(Column(…))`, `column_property(Column(…))`: the column is the table's.
      if ((name === 'deferred' || name === 'column_property') && inner instanceof SaObject && (inner.name === 'sa.Column' || inner.name === 'orm.mapped_column')) return inner;
      if (name === 'composite' && call.args.some((a) => a instanceof SaObject && (a.name === 'sa.Column' || a.name === 'orm.mapped_column'))) {
        throw new CannotInterpret(at.source.where(at.node), 'composite() declaring its own columns');
      }
      return new OrmAttribute(name);
    }
    return undefined;
  }

  /** `db = SQLAlchemy(metadata=…, model_class=…)` of Flask-SQLAlchemy. */
  private flaskSqlAlchemy(call: CallArgs, at: Site, rt: Runtime): FlaskSqlAlchemy {
    const given = call.kwargs.get('metadata');
    const modelClass = call.kwargs.get('model_class');
    const baseOfModelClass = modelClass instanceof PyClass ? this.registry.bases.get(modelClass) : undefined;
    const metadata = baseOfModelClass?.metadata ?? (given instanceof MetaDataObject ? given : this.registry.metadata(null, new PyDict(), at));
    let model: PyClass | null = null;
    const db: FlaskSqlAlchemy = new FlaskSqlAlchemy(
      metadata,
      () => {
        if (model) return model;
        const bases = modelClass instanceof PyClass ? [modelClass] : [new PyRef('sqlalchemy.orm.DeclarativeBase')];
        model = new PyClass('Model', bases, at.source.file);
        model.attrs.set('metadata', metadata);
        this.registry.bases.set(model, { metadata, typeAnnotationMap: baseOfModelClass?.typeAnnotationMap ?? new Map(), autoTablename: true });
        return model;
      },
      new PyBuiltin('Table', (args, kwargs) => {
        const rest = args[1] instanceof MetaDataObject ? args.slice(1) : [metadata, ...args.slice(1)];
        return this.table({ args: [args[0] ?? null, ...rest], kwargs }, at);
      }),
    );
    if (modelClass !== undefined && modelClass !== null && !baseOfModelClass) throw rt.cannot(`SQLAlchemy(model_class=${rt.repr(modelClass, at)}) (a model class that is no declarative base)`, at);
    return db;
  }

  /** A new declarative base class (`declarative_base()`, `registry.generate_base()`). */
  private declarativeBase(metadata: MetaDataObject, typeMap: PyDict | null, call: CallArgs, at: Site): PyClass {
    const mixin = call.kwargs.get('cls');
    const name = call.kwargs.get('name');
    const cls = new PyClass(typeof name === 'string' ? name : 'Base', [...(mixin instanceof PyClass ? [mixin] : []), new PyRef('sqlalchemy.orm.DeclarativeBase')], at.source.file);
    cls.attrs.set('metadata', metadata);
    this.registry.bases.set(cls, { metadata, typeAnnotationMap: typeMapOf(typeMap) });
    return cls;
  }

  private metadata(call: CallArgs, at: Site, rt: Runtime): MetaDataObject {
    const schema = call.kwargs.get('schema') ?? null;
    if (schema !== null && typeof schema !== 'string') throw rt.cannot(`MetaData(schema=${rt.repr(schema, at)})`, at);
    const convention = call.kwargs.get('naming_convention') ?? null;
    if (convention !== null && !(convention instanceof PyDict)) throw rt.cannot(`naming_convention=${rt.repr(convention, at)}`, at);
    // The program's own dict: changed later, it changes the convention (as in SQLAlchemy).
    return this.registry.metadata(schema, convention ?? new PyDict(), at);
  }

  /** `Table(name, metadata, *columns_and_constraints, **kw)`: joins the MetaData. */
  private table(call: CallArgs, at: Site): TableObject {
    const [name, md, ...items] = call.args;
    const metadata = md as MetaDataObject;
    if (typeof name !== 'string') throw new CannotInterpret(at.source.where(at.node), 'a Table without a name');
    const kwargs = new Map(call.kwargs);
    if (kwargs.has('autoload_with') || kwargs.get('autoload') === true) throw new CannotInterpret(at.source.where(at.node), `the reflected Table '${name}' (autoload_with)`);
    const schemaArg = kwargs.get('schema');
    kwargs.delete('schema');
    const schema = typeof schemaArg === 'string' ? schemaArg : metadata.schema;
    if (metadata.table(name, schema)) throw new CannotInterpret(at.source.where(at.node), `the Table '${name}': already defined for this MetaData`);
    const table: ModelTable = { name, schema, items: [...items], kwargs, origin: at, cls: null };
    metadata.tables.push(table);
    return new TableObject(table);
  }

  /** An enum type or sequence made on a MetaData (`metadata=`): create_all makes it too. */
  private standalone(obj: SaObject, at: Site): SaObject {
    const md = obj.kw('metadata');
    if (md instanceof MetaDataObject) md.standalone.push({ object: obj, origin: at });
    return obj;
  }

  private async enumType(cls: PyClass, call: CallArgs, at: Site, rt: Runtime): Promise<SaObject> {
    const valuesCallable = call.kwargs.get('values_callable');
    let labels: PyValue[] | null = null;
    if (valuesCallable !== undefined && valuesCallable !== null) {
      labels = await rt.iterate(await rt.call(valuesCallable, { args: [new PySequence('list', memberObjects(cls))], kwargs: new Map() }, at), at);
    }
    return enumFromClass(cls, labels, call.kwargs, at.node);
  }

  /**
   * An index or constraint built from mapped columns (`Index('ix', Chat.user_id)`) belongs to
   * their table, as SQLAlchemy attaches it; one built from names waits for `__table_args__`.
   */
  private attach(obj: SaObject): void {
    const tables = new Set(obj.args.filter((a): a is BoundColumn | BoundOrdering => a instanceof BoundColumn || a instanceof BoundOrdering).map((a) => a.table));
    const [table] = tables;
    if (tables.size !== 1 || !table) return;
    table.items.push(obj);
  }

  async classDefined(cls: PyValue, at: Site, rt: Runtime): Promise<void> {
    if (!(cls instanceof PyClass)) return;
    if (cls.bases.some((b) => b instanceof PyRef && b.path.startsWith('sqlmodel'))) {
      const refused = new CannotInterpret(at.source.where(at.node), `the SQLModel class ${cls.name} (SQLModel models are not read)`);
      this.registry.failures.push(refused);
      throw refused;
    }
    if (cls.bases.some((b) => b instanceof PyRef && /^sqlalchemy\.orm(\.\w+)*\.(DeclarativeBase|DeclarativeBaseNoMeta)$/.test(b.path))) {
      this.declaredBase(cls, at);
      return;
    }
    const base = this.registry.baseOf(cls);
    if (!base) return;
    try {
      await mapClass(cls, base, this.registry, at, rt);
    } catch (err) {
      // The class statement fails at module level, which would only make its name unusable:
      // the reader must refuse instead, so the failure is kept.
      this.registry.failures.push(err as Error);
      throw err;
    }
  }

  /** `class Base(DeclarativeBase): metadata = MetaData(…)` (or a new MetaData). */
  private declaredBase(cls: PyClass, at: Site): void {
    for (const name of ['metadata', 'registry', 'type_annotation_map']) {
      const error = unreadableError(cls.attrs.get(name));
      if (error) throw error;
    }
    const own = cls.attrs.get('metadata');
    const registry = cls.attrs.get('registry');
    const fromRegistry = registry instanceof PyObject && registry.kind === 'registry' ? registry : null;
    const metadata = own instanceof MetaDataObject ? own : fromRegistry ? (fromRegistry.data.metadata as MetaDataObject) : this.registry.metadata(null, new PyDict(), at);
    cls.attrs.set('metadata', metadata);
    const typeMap = (cls.attrs.get('type_annotation_map') as PyDict | undefined) ?? (fromRegistry?.data.typeMap as PyDict | null) ?? null;
    this.registry.bases.set(cls, { metadata, typeAnnotationMap: typeMapOf(typeMap) });
  }

  operator(op: string, left: PyValue, right: PyValue, at: Site, rt: Runtime): PyValue | undefined {
    return this.core.operator(op, left, right, at, rt);
  }

  unary(op: string, value: PyValue, at: Site, rt: Runtime): PyValue | undefined {
    return this.core.unary(op, value);
  }

  async iterate(value: PyValue, at: Site, rt: Runtime): Promise<PyValue[] | undefined> {
    if (value instanceof TableColumns) return columnNames(value.table).map((c) => new BoundColumn(value.table, c, at.node));
    if (value instanceof HostObject && !(value instanceof SaObject)) return undefined;
    return this.core.iterate(value);
  }

  subscript(value: PyValue, index: PyValue, at: Site, rt: Runtime): PyValue | undefined {
    if (value instanceof TableColumns && typeof index === 'string') return this.getAttr(value, index, at, rt);
    return this.core.subscript(value, index, at, rt);
  }

  truthy(value: PyValue, at: Site, rt: Runtime): boolean | undefined {
    return this.core.truthy(value);
  }

  str(value: PyValue, at: Site, rt: Runtime): string | undefined {
    return this.core.str(value, at);
  }

  isInstance(value: PyValue, cls: PyValue, at: Site, rt: Runtime): boolean | undefined {
    return this.core.isInstance(value, cls);
  }

  async enter(): Promise<undefined> {
    return undefined;
  }

  async constructed(instance: PyValue, at: Site, rt: Runtime): Promise<void> {
    return this.core.constructed(instance, at, rt);
  }

  exceptionClass(value: PyValue): PyValue | undefined {
    return this.core.exceptionClass(value);
  }
}

async function withTypeInstances(call: CallArgs, at: Site, rt: Runtime): Promise<CallArgs> {
  const args: PyValue[] = [];
  for (const a of call.args) args.push(await typeInstance(a, at, rt));
  const kwargs = new Map(call.kwargs);
  const t = kwargs.get('type_');
  if (t !== undefined) kwargs.set('type_', await typeInstance(t, at, rt));
  return { args, kwargs };
}

function callee(path: string): PyRef {
  return new PyRef(path);
}

/** `ForeignKey(User.id)` is `ForeignKey('user.id')`: mapped columns given as targets, by name. */
function referencesByName(call: CallArgs): CallArgs {
  const named = (v: PyValue): PyValue => (v instanceof BoundColumn ? [v.table.schema, v.table.name, v.column].filter((p) => p !== null).join('.') : v);
  const args = call.args.map((a) => (a instanceof PySequence ? new PySequence(a.kind, a.items.map(named)) : named(a)));
  const kwargs = new Map([...call.kwargs].map(([k, v]) => [k, v instanceof PySequence ? new PySequence(v.kind, v.items.map(named)) : named(v)] as const));
  return { args, kwargs };
}

function typeMapOf(d: PyDict | null): ReadonlyMap<string, PyValue> {
  const out = new Map<string, PyValue>();
  for (const [k, v] of d?.entries ?? []) {
    const key = typeKey(k);
    if (key !== null) out.set(key, v);
  }
  return out;
}
