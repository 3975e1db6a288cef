import type { SyntaxNode } from '@lezer/common';
import type { Site } from '../../python/runtime.js';
import type { PythonSource } from '../../python/source.js';
import { HostObject, PyClass, type PyValue } from '../../python/values.js';
import { SaObject } from '../../migrations/alembic/python-value.js';

/** Where a model declares something: for messages and for attributing differences to a file:line. */
export interface Origin {
  readonly source: PythonSource;
  readonly node: SyntaxNode;
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

  constructor(
    readonly schema: string | null,
    /** `naming_convention`: `ix`, `uq`, `ck`, `fk`, `pk` → template. */
    readonly namingConvention: ReadonlyMap<string, string>,
    readonly origin: Origin,
  ) {
    super();
  }

  table(name: string, schema: string | null): ModelTable | undefined {
    return this.tables.find((t) => t.name === name && t.schema === schema);
  }

  describe(): string {
    return 'a MetaData';
  }
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

  metadata(schema: string | null, namingConvention: ReadonlyMap<string, string>, at: Site): MetaDataObject {
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
}
