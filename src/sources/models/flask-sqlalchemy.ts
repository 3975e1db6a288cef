import { HostObject, PyBuiltin, PyClass, PyRef, type PyValue } from '../../python/values.js';
import type { MetaDataObject } from './metadata.js';

/** Names of `db` that are the ORM's (`db.relationship`); the rest are core's (`db.Column`). */
const ORM_NAMES = new Set([
  'relationship', 'backref', 'dynamic_loader', 'mapped_column', 'Mapped', 'declared_attr', 'synonym', 'column_property',
  'deferred', 'composite', 'validates', 'registry', 'DeclarativeBase',
]);

/**
 * Flask-SQLAlchemy's `db = SQLAlchemy(…)`: `db.Model` is a declarative base on `db.metadata`,
 * `db.Table(name, *columns)` takes that metadata itself, and `db.Column`, `db.String`,
 * `db.relationship`… are SQLAlchemy's own names.
 */
export class FlaskSqlAlchemy extends HostObject {
  constructor(
    readonly metadata: MetaDataObject,
    /** `db.Model`: made once, on first use. */
    readonly model: () => PyClass,
    /** `db.Table(…)` with the metadata put in as Flask-SQLAlchemy does. */
    readonly table: PyBuiltin,
  ) {
    super();
  }

  attribute(name: string): PyValue | undefined {
    if (name === 'Model') return this.model();
    if (name === 'metadata') return this.metadata;
    if (name === 'Table') return this.table;
    if (name === 'session' || name === 'engine' || name === 'engines' || name === 'init_app' || name === 'create_all') return undefined;
    if (ORM_NAMES.has(name)) return new PyRef(`sqlalchemy.orm.${name}`);
    return /^[A-Za-z_]\w*$/.test(name) ? new PyRef(`sqlalchemy.${name}`) : undefined;
  }

  describe(): string {
    return 'the Flask-SQLAlchemy object (db)';
  }
}

/**
 * Flask-SQLAlchemy's automatic table name: the class name in snake case
 * (`camel_to_snake_case`): `UserRole` → `user_role`, `HTTPLog` → `http_log`.
 */
export function snakeCaseTableName(name: string): string {
  return name
    .replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1')
    .toLowerCase()
    .replace(/^_+/, '');
}
