import type { SyntaxNode } from '@lezer/common';
import type { PythonSource } from './source.js';
import type { PyValue } from './values.js';

/** Where something happens: the file and node, for messages and for statements' line numbers. */
export interface Site {
  readonly source: PythonSource;
  readonly node: SyntaxNode;
}

/** Arguments of a call, evaluated, with `*seq` and `**dict` spread. */
export interface CallArgs {
  readonly args: readonly PyValue[];
  readonly kwargs: ReadonlyMap<string, PyValue>;
}

/**
 * What builtins, methods and the host library need from the interpreter: Python's own
 * semantics of calling, iterating, comparing and printing values.
 */
export interface Runtime {
  call(callee: PyValue, args: CallArgs, at: Site): Promise<PyValue>;
  iterate(value: PyValue, at: Site): Promise<PyValue[]>;
  truthy(value: PyValue, at: Site): boolean;
  equals(a: PyValue, b: PyValue, at: Site): boolean;
  compare(a: PyValue, b: PyValue, at: Site): number;
  str(value: PyValue, at: Site): string;
  repr(value: PyValue, at: Site): string;
  getAttr(value: PyValue, name: string, at: Site): PyValue;
  /** Whether a library module has this name (`getattr(sa, 'X', None)`): the host's answer, undefined when it cannot tell. */
  libraryHas(path: string): boolean | undefined;
  /** `isinstance()` against a library class (the host's answer), undefined when it has none. */
  libraryIsInstance(value: PyValue, cls: PyValue, at: Site): boolean | undefined;
  /** A Python exception of a builtin class, raised at `at`. */
  raise(className: string, message: PyValue, at: Site): Error;
  /** The subset cannot follow this: exit 2 naming file:line:column and the construct. */
  cannot(construct: string, at: Site): Error;
}

/**
 * The library a program runs against, for what the subset does not implement itself
 * (SQLAlchemy, Alembic): names imported from it, attributes and calls of its objects,
 * operators on them. Every method may return undefined: "not mine", and the interpreter then
 * refuses with the construct's location.
 */
export interface Host {
  /** An imported library name (`sqlalchemy.inspect`): a value, or undefined to keep it symbolic. */
  resolve(path: string): PyValue | undefined;
  getAttr(value: PyValue, name: string, at: Site, rt: Runtime): PyValue | undefined;
  call(callee: PyValue, args: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined>;
  /** Binary operators where an operand is a library object (`table.c.id == 5`, `a & b`). */
  operator(op: string, left: PyValue, right: PyValue, at: Site, rt: Runtime): PyValue | undefined;
  /** Unary `~x`, `-x` on library objects. */
  unary(op: string, value: PyValue, at: Site, rt: Runtime): PyValue | undefined;
  iterate(value: PyValue, at: Site, rt: Runtime): Promise<PyValue[] | undefined>;
  subscript(value: PyValue, index: PyValue, at: Site, rt: Runtime): PyValue | undefined;
  truthy(value: PyValue, at: Site, rt: Runtime): boolean | undefined;
  str(value: PyValue, at: Site, rt: Runtime): string | undefined;
  /** `isinstance(value, cls)` where cls is a library class. */
  isInstance(value: PyValue, cls: PyValue, at: Site, rt: Runtime): boolean | undefined;
  /** Whether a library module has this name; undefined when the host cannot tell. */
  has(path: string): boolean | undefined;
  /** A `with` block on a library object: what `as` binds, and what runs on the way out. */
  enter(value: PyValue, at: Site, rt: Runtime): Promise<{ readonly value: PyValue; exit(failed: boolean): Promise<void> } | undefined>;
  /**
   * After a class statement's body ran (before its decorators): a library whose classes act on
   * their subclasses (a declarative base mapping a table) does so here, as its metaclass would.
   */
  classDefined?(cls: PyValue, at: Site, rt: Runtime): Promise<void>;
  /** After an instance of a class with library bases is built: the host may complete it (a TypeDecorator's dialect type). */
  constructed(instance: PyValue, at: Site, rt: Runtime): Promise<void>;
  /** Python exception classes of the library (`sqlalchemy.exc.ProgrammingError`), for `except`. */
  exceptionClass(value: PyValue): PyValue | undefined;
}
