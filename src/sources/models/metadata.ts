import type { SyntaxNode } from '@lezer/common';
import type { Site } from '../../python/runtime.js';
import type { PythonSource } from '../../python/source.js';
import { HostObject, PyClass, PyDict, PyRef, type PyValue } from '../../python/values.js';
import { canonicalName } from '../../migrations/alembic/canonical-name.js';
import { SaObject } from '../../migrations/alembic/python-value.js';

/** Where a model declares something: for messages and for attributing differences to a file:line. */
export interface Origin {
  readonly source: PythonSource;
  readonly node: SyntaxNode;
}

/** Convention keys given as classes (`{Index: "ix_%(column_0_label)s"}`). */
const CONVENTION_KEYS: Readonly<Record<string, string>> = {
  Index: 'ix', UniqueConstraint: 'uq', CheckConstraint: 'ck', ForeignKeyConstraint: 'fk', PrimaryKeyConstraint: 'pk',
};

/** A naming convention entry pgdrift does not read (a callable token, a non-string template). */
export class ConventionValueError extends Error {
  constructor(
    readonly key: PyValue,
    readonly value: PyValue,
  ) {
    super('a naming_convention entry that is not a string template');
  }
}

/** One table of a MetaData, as the models declare it: its arguments, still SQLAlchemy objects. */
export interface ModelTable {
  readonly name: string;
  readonly schema: string | null;
  /** `Column`s, constraints and `Index`es, in the order SQLAlchemy attaches them. */
  readonly items: PyValue[];
  readonly kwargs: Map<string, PyValue>;
  readonly origin: Origin;
  /** The mapped class, when a class declared it. */
  readonly cls: PyClass | null;
}

/**
 * A `MetaData()`: the tables and indexes declared on it, its default schema and its naming
 * convention. `create_all()` builds exactly what it holds.
 */
export class MetaDataObject extends HostObject {
  readonly tables: ModelTable[] = [];
  /** Enum types and sequences made on the MetaData itself (`Enum(…, metadata=Base.metadata)`). */
  readonly standalone: Array<{ readonly object: SaObject; readonly origin: Origin }> = [];

  constructor(
    readonly schema: string | null,
    /**
     * `naming_convention` as the program sees it (`ix`, `uq`, `ck`, `fk`, `pk` → template): a
     * dict it may still change (`Base.metadata.naming_convention["uq"] = …`), read when the
     * tables are built.
     */
    readonly conventionDict: PyDict,
    readonly origin: Origin,
  ) {
    super();
  }

  /** The naming convention as it stands now. */
  get namingConvention(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const [k, v] of this.conventionDict.entries) {
      const key = typeof k === 'string' ? k : k instanceof PyRef ? CONVENTION_KEYS[(canonicalName(k.path) ?? '').slice(3)] : undefined;
      if (key === undefined || typeof v !== 'string') throw new ConventionValueError(k, v);
      out.set(key, v);
    }
    return out;
  }

  table(name: string, schema: string | null): ModelTable | undefined {
    return this.tables.find((t) => t.name === name && t.schema === schema);
  }

  describe(): string {
    return 'a MetaData';
  }
}

/** The names of a table's columns, from its `Column(…)` arguments. */
export function columnNames(table: ModelTable): string[] {
  return table.items.flatMap((i) => (i instanceof SaObject && i.name === 'sa.Column' && typeof i.args[0] === 'string' ? [i.args[0]] : []));
}

/** A `Column(…)` of a class attribute: its own name if given, else the attribute's (as declarative names it). */
export function namedColumn(column: SaObject, key: string): { readonly name: string; readonly column: SaObject } {
  const given = typeof column.args[0] === 'string' ? column.args[0] : column.kw('name');
  if (typeof given === 'string') return { name: given, column };
  return { name: key, column: new SaObject('sa.Column', [key, ...column.args], column.kwargs, column.node) };
}

/** A table object (`Table(…)`, `Model.__table__`): `.c.<column>`, `.name`, `.schema`. */
export class TableObject extends HostObject {
  constructor(readonly table: ModelTable) {
    super();
  }

  describe(): string {
    return `the Table '${this.table.name}'`;
  }
}

/** `table.c`: the columns of a table object. */
export class TableColumns extends HostObject {
  constructor(readonly table: ModelTable) {
    super();
  }

  describe(): string {
    return `the columns of '${this.table.name}'`;
  }
}

/**
 * A mapped column as the mapped class (or `table.c`) exposes it after mapping: `Chat.user_id`
 * is the column `user_id` of table `chat`, usable in `Index(…)`, `ForeignKey(…)`, constraints.
 */
export class BoundColumn extends SaObject {
  constructor(
    readonly table: ModelTable,
    readonly column: string,
    node: SyntaxNode,
  ) {
    super('sa.column', [column], new Map(), node);
  }

  override describe(): string {
    return `the column ${this.table.name}.${this.column}`;
  }
}

/** `Chat.updated_at.desc()`: an index element that still knows its table. */
export class BoundOrdering extends SaObject {
  constructor(
    readonly table: ModelTable,
    column: string,
    direction: 'asc' | 'desc',
    node: SyntaxNode,
  ) {
    super(`sa.${direction}`, [column], new Map(), node);
  }
}

/** A declarative base: the MetaData its classes map to and its `type_annotation_map`. */
export interface DeclarativeBase {
  readonly metadata: MetaDataObject;
  readonly typeAnnotationMap: ReadonlyMap<string, PyValue>;
  /** Flask-SQLAlchemy's `db.Model`: a class without `__tablename__` gets one from its name. */
  readonly autoTablename?: boolean;
}

/** What reading the models found: every MetaData, in the order they were made. */
export class ModelRegistry {
  readonly metadatas: MetaDataObject[] = [];
  readonly bases = new Map<PyClass, DeclarativeBase>();
  /** A class the reader could not map completely: reading the models fails with this. */
  readonly failures: Error[] = [];

  metadata(schema: string | null, namingConvention: PyDict, at: Site): MetaDataObject {
    const md = new MetaDataObject(schema, namingConvention, at);
    this.metadatas.push(md);
    return md;
  }

  /** The declarative base a class derives from (the nearest), or null. */
  baseOf(cls: PyClass): DeclarativeBase | null {
    for (const c of cls.mro()) {
      const base = this.bases.get(c);
      if (base) return base;
    }
    return null;
  }

  private readonly classTables = new Map<PyClass, ModelTable>();

  mapTo(cls: PyClass, table: ModelTable): void {
    this.classTables.set(cls, table);
  }

  /** The table a class is mapped to, if it is. */
  tableOf(cls: PyClass): ModelTable | null {
    return this.classTables.get(cls) ?? null;
  }

  /** Every mapped class with its table, in the order they were mapped. */
  mappedClasses(): ReadonlyArray<readonly [PyClass, ModelTable]> {
    return [...this.classTables];
  }
}
