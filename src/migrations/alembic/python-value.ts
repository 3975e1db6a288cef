import type { SyntaxNode } from '@lezer/common';
import { HostObject, type PyValue } from '../../python/values.js';

export { PyDict, PyFloat, PyRef, PySequence, PySet, PyInstance, PyClass, HostObject, describeValue, type PyValue } from '../../python/values.js';

let creationCounter = 0;

/**
 * The result of calling a SQLAlchemy constructor or function (`sa.Column(...)`, `sa.String(50)`,
 * `sa.text(...)`): its canonical name (`sa.Column`, `pg.JSONB`, `func.now`) and arguments.
 * `order` mirrors SQLAlchemy's creation order, which decides the order of constraints in DDL.
 */
export class SaObject extends HostObject {
  readonly order = ++creationCounter;

  constructor(
    readonly name: string,
    readonly args: readonly PyValue[],
    readonly kwargs: ReadonlyMap<string, PyValue>,
    readonly node: SyntaxNode,
  ) {
    super();
  }

  kw(name: string): PyValue | undefined {
    return this.kwargs.get(name);
  }

  describe(): string {
    return `${this.name}(…)`;
  }
}

/** A new creation order number, for objects SQLAlchemy creates implicitly (column flags). */
export function nextCreationOrder(): number {
  return ++creationCounter;
}

/**
 * A runtime object of the migration environment: a batch operations object, the connection
 * from `op.get_bind()`, the migration context, an inspector, a result…; `kind` says which.
 */
export class PyObject extends HostObject {
  constructor(
    readonly kind: string,
    readonly data: Readonly<Record<string, unknown>> = {},
  ) {
    super();
  }

  describe(): string {
    return OBJECT_WORDS[this.kind] ?? `the ${this.kind} object`;
  }
}

const OBJECT_WORDS: Record<string, string> = {
  bind: 'the connection (op.get_bind())',
  engine: 'the engine (op.get_bind().engine)',
  batch: 'the batch operations object',
  context: 'the migration context',
  'context-opts': 'op.get_context().opts',
  inspector: 'the inspector',
};
