import type { SyntaxNode } from '@lezer/common';

/**
 * Values the interpreter computes from migration source. Plain JS values stand for Python
 * `None` (null), `bool`, `int` (number) and `str`; classes stand for the rest.
 */
export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PySequence
  | PyDict
  | PyRef
  | SaObject
  | PyObject;

/** A Python float, kept apart from int because SQL literals print them differently (`1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export class PySequence {
  constructor(readonly kind: 'list' | 'tuple', readonly items: readonly PyValue[]) {}
}

export class PyDict {
  constructor(readonly entries: ReadonlyArray<readonly [PyValue, PyValue]>) {}

  get(key: string): PyValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}

/**
 * A name reached through imports, not yet called: a module (`sqlalchemy`), a class
 * (`sqlalchemy.Integer`) or a function (`sqlalchemy.text`), by its full dotted path.
 */
export class PyRef {
  constructor(readonly path: string) {}
}

let creationCounter = 0;

/**
 * The result of calling a SQLAlchemy constructor or function (`sa.Column(...)`, `sa.String(50)`,
 * `sa.text(...)`): its canonical name (`sa.Column`, `pg.JSONB`, `func.now`) and arguments.
 * `order` mirrors SQLAlchemy's creation order, which decides the order of constraints in DDL.
 */
export class SaObject {
  readonly order = ++creationCounter;

  constructor(
    readonly name: string,
    readonly args: readonly PyValue[],
    readonly kwargs: ReadonlyMap<string, PyValue>,
    readonly node: SyntaxNode,
  ) {}

  kw(name: string): PyValue | undefined {
    return this.kwargs.get(name);
  }
}

/** A new creation order number, for objects SQLAlchemy creates implicitly (column flags). */
export function nextCreationOrder(): number {
  return ++creationCounter;
}

/**
 * A runtime object of the migration environment: `op`, a batch operations object, the
 * connection from `op.get_bind()`, a table object, a bound method…
 */
export class PyObject {
  constructor(
    readonly kind: string,
    readonly data: Readonly<Record<string, unknown>> = {},
  ) {}
}

/** A short Python-like rendering of a value for error messages. */
export function describeValue(value: PyValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof PyFloat) return String(value.value);
  if (value instanceof PySequence) return value.kind === 'list' ? '[…]' : '(…)';
  if (value instanceof PyDict) return '{…}';
  if (value instanceof PyRef) return value.path;
  if (value instanceof SaObject) return `${value.name}(…)`;
  return value.kind;
}
