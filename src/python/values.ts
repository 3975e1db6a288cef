import type { SyntaxNode } from '@lezer/common';
import type { Runtime, Site } from './runtime.js';
import type { PythonSource } from './source.js';

/**
 * Values of the Python subset. Plain JS values stand for `None` (null), `bool`, `int` (number)
 * and `str`; classes stand for the rest. Objects of a library the subset does not implement
 * itself (SQLAlchemy, Alembic) are `HostObject`s: the host answers their attributes and calls.
 */
export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PySequence
  | PyDict
  | PySet
  | PyRef
  | PyFunction
  | PyBuiltin
  | PyClass
  | PyInstance
  | PyModule
  | PyBoundMethod
  | HostObject;

/** A Python float, kept apart from int because SQL literals and repr print them differently (`1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A list (mutable) or a tuple. */
export class PySequence {
  readonly items: PyValue[];
  constructor(
    readonly kind: 'list' | 'tuple',
    items: readonly PyValue[],
  ) {
    this.items = [...items];
  }
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/**
 * The identity of a standard-library value object (a `uuid.UUID`): instances whose `__key__`
 * attributes are equal are equal and hash alike, as Python's `__eq__`/`__hash__` make them.
 */
export function valueKey(value: PyValue): string | undefined {
  if (!(value instanceof PyInstance)) return undefined;
  const key = value.attrs.get('__key__');
  return typeof key === 'string' ? `${value.cls.module}.${value.cls.name}:${key}` : undefined;
}

/** A key that is equal for values Python treats as the same dict key (1 == True == 1.0). */
export function hashKey(value: PyValue): string {
  if (value === null) return 'N';
  if (typeof value === 'boolean') return `n${value ? 1 : 0}`;
  if (typeof value === 'number') return `n${value}`;
  if (value instanceof PyFloat) return `n${value.value}`;
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof PySequence && value.kind === 'tuple') return `t(${value.items.map(hashKey).join(',')})`;
  if (value instanceof PyRef) return `r${value.path}`;
  const key = valueKey(value);
  if (key !== undefined) return `v${key}`;
  let id = objectIds.get(value);
  if (id === undefined) objectIds.set(value, (id = ++nextObjectId));
  return `o${id}`;
}

/** A dict: insertion-ordered, keyed by Python equality. */
export class PyDict {
  private readonly map = new Map<string, [PyValue, PyValue]>();

  constructor(entries: Iterable<readonly [PyValue, PyValue]> = []) {
    for (const [k, v] of entries) this.set(k, v);
  }

  get entries(): Array<[PyValue, PyValue]> {
    return [...this.map.values()];
  }

  get size(): number {
    return this.map.size;
  }

  get(key: PyValue): PyValue | undefined {
    return this.map.get(hashKey(key))?.[1];
  }

  has(key: PyValue): boolean {
    return this.map.has(hashKey(key));
  }

  set(key: PyValue, value: PyValue): void {
    const h = hashKey(key);
    const existing = this.map.get(h);
    if (existing) existing[1] = value;
    else this.map.set(h, [key, value]);
  }

  delete(key: PyValue): boolean {
    return this.map.delete(hashKey(key));
  }

  clear(): void {
    this.map.clear();
  }
}

/** A set or frozenset, insertion-ordered (Python's order is arbitrary; any order is a valid one). */
export class PySet {
  private readonly map = new Map<string, PyValue>();

  constructor(
    items: Iterable<PyValue> = [],
    readonly frozen = false,
  ) {
    for (const i of items) this.add(i);
  }

  get items(): PyValue[] {
    return [...this.map.values()];
  }

  has(value: PyValue): boolean {
    return this.map.has(hashKey(value));
  }

  add(value: PyValue): void {
    this.map.set(hashKey(value), value);
  }

  delete(value: PyValue): boolean {
    return this.map.delete(hashKey(value));
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * A name of a module the subset does not read from source (SQLAlchemy, Alembic, a third-party
 * package), not yet resolved: its full dotted path. The host decides what it means when it is
 * called, read or compared.
 */
export class PyRef {
  constructor(readonly path: string) {}
}

/** Where a function or class was defined, and the globals it sees. */
export interface Definition {
  readonly node: SyntaxNode;
  readonly module: PyModule;
  readonly source: PythonSource;
}

/** One parameter of a def or lambda. */
export interface Param {
  readonly name: string;
  readonly kind: 'plain' | 'star' | 'starstar';
  /** Only after `*` or `*args`. */
  readonly keywordOnly: boolean;
  readonly default?: PyValue;
}

/** A function or lambda defined in Python source, with its closure. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly params: readonly Param[],
    /** The Body of a def, or the expression of a lambda. */
    readonly body: SyntaxNode,
    readonly isLambda: boolean,
    readonly definition: Definition,
    /** The enclosing function's scope (closures), null at module level. */
    readonly closure: unknown,
    /** `property`, `staticmethod` or `classmethod` when so decorated. */
    readonly kind: 'function' | 'property' | 'staticmethod' | 'classmethod' = 'function',
  ) {}

  /** The class whose body defined it (for `super()`). */
  ownerClass: PyClass | null = null;

  withKind(kind: PyFunction['kind']): PyFunction {
    const f = new PyFunction(this.name, this.params, this.body, this.isLambda, this.definition, this.closure, kind);
    f.ownerClass = this.ownerClass;
    return f;
  }
}

/** A function implemented here (a builtin or a standard-library function). */
export class PyBuiltin {
  constructor(
    readonly name: string,
    readonly fn: (args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site) => PyValue | Promise<PyValue>,
  ) {}
}

/** A class: defined in source, or one of the builtin exception classes. */
export class PyClass {
  readonly attrs = new Map<string, PyValue>();
  /**
   * The class body's annotations (`name: Mapped[int]`), unevaluated as under
   * `from __future__ import annotations`: the node, and the module whose names it uses.
   */
  readonly annotations = new Map<string, ClassAnnotation>();
  /** Statements of the class body that could not be followed (their names are unusable), in order. */
  readonly failures: Array<{ readonly node: SyntaxNode; readonly error: Error }> = [];
  constructor(
    readonly name: string,
    /** Bases: classes of the subset, or PyRefs to library classes (e.g. `sqlalchemy.types.TypeDecorator`). */
    readonly bases: readonly PyValue[],
    readonly module: string,
  ) {}

  /** The class and its bases, depth first, each once (a simplified MRO). */
  mro(): PyClass[] {
    const out: PyClass[] = [];
    const visit = (c: PyClass) => {
      if (out.includes(c)) return;
      out.push(c);
      for (const b of c.bases) if (b instanceof PyClass) visit(b);
    };
    visit(this);
    return out;
  }

  /** Library classes anywhere among the bases, by dotted path. */
  externalBases(): string[] {
    const out: string[] = [];
    for (const c of this.mro()) for (const b of c.bases) if (b instanceof PyRef) out.push(b.path);
    return out;
  }

  lookup(name: string): PyValue | undefined {
    for (const c of this.mro()) if (c.attrs.has(name)) return c.attrs.get(name);
    return undefined;
  }

  isSubclassOf(other: PyClass): boolean {
    return this.mro().includes(other);
  }
}

/** One class-body annotation, as source: what a library that reads annotations interprets. */
export interface ClassAnnotation {
  readonly source: PythonSource;
  readonly node: SyntaxNode;
  readonly module: PyModule;
}

/** An instance of a PyClass (exceptions included: their arguments are in `args`). */
export class PyInstance {
  readonly attrs = new Map<string, PyValue>();
  constructor(
    readonly cls: PyClass,
    /** The constructor's arguments: an exception's message, a library base class's parameters. */
    public args: readonly PyValue[] = [],
    public kwargs: ReadonlyMap<string, PyValue> = new Map(),
  ) {}
}

/** A module read from Python source (the project's own code), or one implemented here. */
export class PyModule {
  readonly globals = new Map<string, PyValue>();
  /** Top-level statements that could not be followed (their names are unusable), in order. */
  readonly failures: Array<{ readonly node: SyntaxNode; readonly error: Error }> = [];
  constructor(
    readonly name: string,
    /** The file it was read from; null for modules implemented here (`os`, `json`…). */
    readonly file: string | null,
  ) {}
}

/** A method bound to its object: `items.append`, `'x'.join`, `obj.method`. */
export class PyBoundMethod {
  constructor(
    readonly self: PyValue,
    readonly name: string,
    /** The function behind it, for methods of PyClass instances; null for builtin types' methods. */
    readonly fn: PyFunction | PyBuiltin | null,
  ) {}
}

/** An object of the host library (SQLAlchemy/Alembic): the host answers for it. */
export abstract class HostObject {
  /** What error messages call it, e.g. `sa.Column(…)` or `the connection`. */
  abstract describe(): string;
}

/** A short Python-like rendering of a value for error messages. */
export function describeValue(value: PyValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}…` : value}'`;
  if (value instanceof PyFloat) return String(value.value);
  if (value instanceof PySequence) return value.kind === 'list' ? 'a list' : 'a tuple';
  if (value instanceof PyDict) return 'a dict';
  if (value instanceof PySet) return 'a set';
  if (value instanceof PyRef) return value.path;
  if (value instanceof PyFunction) return `the function ${value.name}()`;
  if (value instanceof PyBuiltin) return `${value.name}()`;
  if (value instanceof PyClass) return `the class ${value.name}`;
  if (value instanceof PyInstance) return `a ${value.cls.name} object`;
  if (value instanceof PyModule) return `the module ${value.name}`;
  if (value instanceof PyBoundMethod) return `the method .${value.name}()`;
  return value.describe();
}

/**
 * A type in an annotation or a type map, named by its module path: `builtins.str`,
 * `datetime.datetime`, `typing.Any`, `builtins.dict[builtins.str, typing.Any]`.
 */
export function typeExpressionKey(value: PyValue): string {
  if (value instanceof PyBuiltin) return `builtins.${value.name}`;
  if (value instanceof PyClass) return `${value.module}.${value.name}`;
  if (value instanceof PyRef) return value.path;
  if (value === null) return 'builtins.None';
  return `?${typeName(value)}`;
}

/** Python's type name of a value, for TypeError messages and isinstance. */
export function typeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'string') return 'str';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof PySequence) return value.kind;
  if (value instanceof PyDict) return 'dict';
  if (value instanceof PySet) return value.frozen ? 'frozenset' : 'set';
  if (value instanceof PyInstance) return value.cls.name;
  if (value instanceof PyClass) return 'type';
  if (value instanceof PyModule) return 'module';
  if (value instanceof PyFunction || value instanceof PyBuiltin || value instanceof PyBoundMethod) return 'function';
  return 'object';
}

/** Returned by a binary-operator method that does not apply, as Python's NotImplemented. */
export const NOT_IMPLEMENTED = new PyInstance(new PyClass('NotImplementedType', [], 'builtins'));
