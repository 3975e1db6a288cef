import type { SyntaxNode } from '@lezer/common';
import { basename } from 'node:path';
import { builtinValue, callBuiltin, isBuiltinFunction } from './builtins.js';
import { CannotInterpret, PyRaise, cannotInterpret, exceptionMatches, pyError, snippet } from './errors.js';
import { formatSpec, percentFormat, pyRepr, pyStr } from './format.js';
import { callBuiltinMethod, hasBuiltinMethod } from './methods.js';
import { ModuleFinder, isNamespace, parseImport } from './modules.js';
import type { CallArgs, Host, Runtime, Site } from './runtime.js';
import { childrenOf, decodeStringLiteral, meaningfulChildren, PythonSyntaxError, type PythonSource } from './source.js';
import { stdlibModule, typingCall, type StdlibOptions } from './stdlib.js';
import {
  HostObject,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyDict,
  PyFloat,
  PyFunction,
  PyInstance,
  PyModule,
  PyRef,
  PySequence,
  PySet,
  typeName,
  valueKey,
  typeExpressionKey,
  NOT_IMPLEMENTED,
  type Param,
  type PyValue,
} from './values.js';

/** Builtin types that take type arguments in annotations (`dict[str, int]`). */
const GENERIC_BUILTINS = new Set(['dict', 'list', 'tuple', 'set', 'frozenset', 'type']);

const ARITHMETIC_METHODS: Readonly<Record<string, string>> = { '+': 'add', '-': 'sub' };

/** A name whose defining statement could not be followed: using it is what fails. */
class Unreadable {
  constructor(readonly error: Error) {}
}

type Binding = PyValue | Unreadable;

/**
 * Why a name (a module global, a class attribute) could not be read, or null when it was: for
 * a library that must refuse rather than skip what it did not see (a model's columns).
 */
export function unreadableError(value: unknown): Error | null {
  return value instanceof Unreadable ? value.error : null;
}

/** How a block ended: normally (undefined), by break/continue, or by return. */
type Signal = undefined | 'break' | 'continue' | { readonly value: PyValue };

class Scope {
  readonly vars: Map<string, Binding>;
  readonly globalNames = new Set<string>();
  readonly nonlocalNames = new Set<string>();
  /** The function a function scope runs (for `super()`). */
  fn: PyFunction | null = null;

  constructor(
    readonly module: PyModule,
    readonly source: PythonSource,
    /** The enclosing function scope (closures) or, for comprehensions, the scope they are in. */
    readonly parent: Scope | null,
    readonly kind: 'module' | 'function' | 'class' | 'comprehension',
    vars?: Map<string, Binding>,
  ) {
    this.vars = vars ?? (kind === 'module' ? (module.globals as Map<string, Binding>) : new Map());
  }
}

/** Modules that are never the project's own, whatever files lie around. */
const LIBRARY_ROOTS = new Set([
  'sqlalchemy', 'alembic', 'typing', 'typing_extensions', '__future__', 're', 'sys', 'enum', 'collections', 'functools',
  'itertools', 'pathlib', 'decimal', 'hashlib', 'base64', 'secrets', 'string', 'textwrap', 'warnings', 'contextlib',
  'dataclasses', 'copy', 'math', 'random', 'csv', 'io', 'traceback', 'inspect', 'importlib', 'abc', 'os', 'json', 'uuid',
  'logging', 'datetime', 'time', 'subprocess', 'shutil', 'tempfile', 'socket', 'pickle', 'zoneinfo', 'pydantic', 'sqlmodel',
  'flask_sqlalchemy',
]);

export interface InterpreterOptions {
  readonly host: Host;
  readonly stdlib: StdlibOptions;
  /** Finds and parses the project's own modules; share one across runs to parse each file once. */
  readonly finder?: ModuleFinder;
  /** Evaluation steps before a program counts as endless (default 5 million). */
  readonly stepLimit?: number;
}

/**
 * The Python subset: statements, expressions, functions and classes, exceptions, imports of
 * the project's own modules. Library objects are the host's (see `Host`). Every construct it
 * does not implement is a `CannotInterpret` naming file:line:column — never a guess, and never
 * something an `except` clause could swallow.
 *
 * @example
 * const py = new Interpreter({ host, stdlib: { environ: new Map() } });
 * const module = await py.loadModule('versions/0001_init.py', '0001_init');
 * await py.callFunction(module.globals.get('upgrade'), { args: [], kwargs: new Map() });
 */
export class Interpreter implements Runtime {
  readonly finder: ModuleFinder;
  private readonly host: Host;
  private readonly modules = new Map<string, PyModule>();
  private readonly handling: PyRaise[] = [];
  private steps = 0;
  /** Imported names neither implemented here nor found in the project: said when their use fails. */
  private readonly unfound = new Set<string>();
  private depth = 0;
  private readonly stepLimit: number;

  constructor(private readonly options: InterpreterOptions) {
    this.host = options.host;
    this.finder = options.finder ?? new ModuleFinder();
    this.stepLimit = options.stepLimit ?? 5_000_000;
  }

  /**
   * Runs a file's top level once (later calls return the same module). A top-level statement
   * it cannot follow does not stop the module: the names that statement binds become unusable,
   * and only code that uses them fails — as a module constant nobody reads may be anything.
   */
  async loadModule(file: string, name: string = basename(file, '.py')): Promise<PyModule> {
    const known = this.modules.get(file);
    if (known) return known;
    if (isNamespace(file)) {
      const namespace = new PyModule(name, file);
      this.modules.set(file, namespace);
      return namespace;
    }
    let source: PythonSource;
    try {
      source = this.finder.parse(file);
    } catch (err) {
      // The history ran under Python, so Python read this module: what the parser rejects is
      // a gap in the reader, never a verdict on the migration.
      if (!(err instanceof PythonSyntaxError)) throw err;
      throw new CannotInterpret(err.where, `the Python syntax near '${err.near}' in module ${name}, which pgdrift's Python parser does not accept`);
    }
    const module = new PyModule(name, file);
    module.globals.set('__name__', name);
    module.globals.set('__file__', file);
    this.modules.set(file, module);
    const scope = new Scope(module, source, null, 'module');
    for (const stmt of childrenOf(source.tree.topNode)) {
      try {
        await this.statement(stmt, scope);
      } catch (err) {
        if (!(err instanceof CannotInterpret || err instanceof PyRaise)) throw err;
        const error = err instanceof PyRaise ? cannotInterpret(source, stmt, `the module-level statement \`${snippet(source, stmt)}\`, which raises ${err.message}`) : err;
        module.failures.push({ node: stmt, error });
        if (isStarImport(stmt, source)) {
          // `from m import *` could have rebound any public name bound before it (a library's
          // `JSON` over SQLAlchemy's): none of them is known any more, modules apart.
          for (const [n, v] of scope.vars) if (!n.startsWith('_') && !(v instanceof PyModule)) scope.vars.set(n, new Unreadable(error));
        }
        const assigned = this.boundNames(stmt, source, false);
        for (const n of this.boundNames(stmt, source)) {
          // `os.rename(…)` in a failed statement calls a module; it does not change what `os` is.
          const current = scope.vars.get(n);
          if ((current instanceof PyModule || current instanceof PyRef) && !assigned.includes(n)) continue;
          scope.vars.set(n, new Unreadable(error));
        }
      }
    }
    return module;
  }

  /** Every module read so far, the project's own files only. */
  loadedModules(): PyModule[] {
    return [...this.modules.values()].filter((m) => m.file !== null);
  }

  /** Calls a Python callable with evaluated arguments. */
  async call(callee: PyValue, call: CallArgs, at: Site): Promise<PyValue> {
    if (callee instanceof PyFunction) return this.callFunction(callee, call, at);
    if (callee instanceof PyBuiltin) {
      if (isBuiltinFunction(callee)) return callBuiltin(callee.name, call.args, call.kwargs, this, at);
      return callee.fn(call.args, call.kwargs, this, at);
    }
    if (callee instanceof PyBoundMethod) {
      if (callee.fn instanceof PyFunction) return this.callFunction(callee.fn, { args: [callee.self, ...call.args], kwargs: call.kwargs }, at);
      if (callee.fn instanceof PyBuiltin) return callee.fn.fn([callee.self, ...call.args], call.kwargs, this, at);
      if (!(callee.self instanceof HostObject) && !(callee.self instanceof PyRef) && !(callee.self instanceof PyInstance)) {
        return callBuiltinMethod(callee.self, callee.name, call, this, at);
      }
    }
    if (callee instanceof PyClass) return this.instantiate(callee, call, at);
    const typed = callee instanceof PyRef ? typingCall(callee.path, call.args) : undefined;
    if (typed !== undefined) return typed;
    const handled = await this.host.call(callee, call, at, this);
    if (handled !== undefined) return handled;
    if (callee instanceof PyRef) throw this.cannot(`the call to ${callee.path}() (\`${snippet(at.source, at.node)}\`)${this.unfoundNote(callee.path)}`, at);
    if (callee instanceof PyBoundMethod) throw this.cannot(`the method .${callee.name}() of ${this.describe(callee.self)}`, at);
    throw this.raise('TypeError', `'${typeName(callee)}' object is not callable`, at);
  }

  /** Calls a function defined in Python source. */
  async callFunction(fn: PyFunction, call: CallArgs, at: Site): Promise<PyValue> {
    if (++this.depth > 200) throw this.cannot(`a call chain deeper than 200 (recursion in ${fn.name}())`, at);
    try {
      const { source, module } = fn.definition;
      const scope = new Scope(module, source, fn.closure as Scope | null, 'function');
      scope.fn = fn;
      this.bindParams(fn, call, scope, at);
      if (fn.isLambda) return await this.evaluate(fn.body, scope);
      const signal = await this.block(fn.body, scope);
      return typeof signal === 'object' ? signal.value : null;
    } finally {
      this.depth--;
    }
  }

  // ── Runtime ────────────────────────────────────────────────────────────────────────────

  async iterate(value: PyValue, at: Site): Promise<PyValue[]> {
    if (typeof value === 'string') return [...value];
    if (value instanceof PySequence) return [...value.items];
    if (value instanceof PyDict) return value.entries.map(([k]) => k);
    if (value instanceof PySet) return value.items;
    const hosted = await this.host.iterate(value, at, this);
    if (hosted !== undefined) return hosted;
    if (value instanceof HostObject || value instanceof PyRef) throw this.cannot(`iterating over ${this.describe(value)}`, at);
    throw this.raise('TypeError', `'${typeName(value)}' object is not iterable`, at);
  }

  truthy(value: PyValue, at: Site): boolean {
    if (value === null || value === false || value === 0 || value === '') return false;
    if (value === true || typeof value === 'number' || typeof value === 'string') return true;
    if (value instanceof PyFloat) return value.value !== 0;
    if (value instanceof PySequence) return value.items.length > 0;
    if (value instanceof PyDict) return value.size > 0;
    if (value instanceof PySet) return value.items.length > 0;
    if (value instanceof HostObject || value instanceof PyRef) {
      const t = this.host.truthy(value, at, this);
      if (t === undefined) throw this.cannot(`the truth value of ${this.describe(value)}`, at);
      return t;
    }
    return true;
  }

  equals(a: PyValue, b: PyValue, at: Site): boolean {
    const x = numeric(a);
    const y = numeric(b);
    if (x !== null && y !== null) return x === y;
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    if (a === null || b === null) return a === b;
    if (a instanceof PySequence && b instanceof PySequence) {
      return a.kind === b.kind && a.items.length === b.items.length && a.items.every((v, i) => this.equals(v, b.items[i] as PyValue, at));
    }
    if (a instanceof PyDict && b instanceof PyDict) {
      return a.size === b.size && a.entries.every(([k, v]) => b.has(k) && this.equals(v, b.get(k) as PyValue, at));
    }
    if (a instanceof PySet && b instanceof PySet) return a.items.length === b.items.length && a.items.every((v) => b.has(v));
    if (a instanceof PyRef && b instanceof PyRef) return a.path === b.path;
    const key = valueKey(a);
    if (key !== undefined) return key === valueKey(b);
    return a === b;
  }

  compare(a: PyValue, b: PyValue, at: Site): number {
    const x = numeric(a);
    const y = numeric(b);
    if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof PySequence && b instanceof PySequence) {
      for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
        const c = this.compare(a.items[i] as PyValue, b.items[i] as PyValue, at);
        if (c !== 0) return c;
      }
      return a.items.length - b.items.length;
    }
    const rank = (v: PyValue) => (v instanceof PyInstance ? v.attrs.get('__rank__') : undefined);
    if (a instanceof PyInstance && b instanceof PyInstance && a.cls === b.cls && typeof rank(a) === 'number') return (rank(a) as number) - (rank(b) as number);
    throw this.raise('TypeError', `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`, at);
  }

  str(value: PyValue, at: Site): string {
    if (value instanceof PyInstance) {
      const custom = value.cls.lookup('__str__');
      if (custom instanceof PyBuiltin) return String(custom.fn([value], new Map(), this, at));
      if (custom !== undefined) throw this.cannot(`str() of a ${value.cls.name} object with its own __str__`, at);
    }
    if (value instanceof HostObject || (value instanceof PyInstance && value.cls.externalBases().length > 0)) {
      const s = this.host.str(value, at, this);
      if (s === undefined) throw this.cannot(`str() of ${this.describe(value)}`, at);
      return s;
    }
    return pyStr(value, this, at);
  }

  repr(value: PyValue, at: Site): string {
    return pyRepr(value, this, at);
  }

  getAttr(value: PyValue, name: string, at: Site): PyValue {
    if (value instanceof PyRef && /^typing(_extensions)?$/.test(value.path) && name === 'TYPE_CHECKING') return false;
    if (value instanceof PyModule) {
      const v = value.globals.get(name) as Binding | undefined;
      if (v instanceof Unreadable) throw v.error;
      if (v !== undefined) return v;
      throw this.cannot(`the name ${name} of module ${value.name} (not defined there)`, at);
    }
    if (value instanceof PyRef) {
      const path = `${value.path}.${name}`;
      return this.host.resolve(path) ?? new PyRef(path);
    }
    if (value instanceof PyInstance) return this.instanceAttr(value, name, at);
    if (value instanceof PyClass) {
      if (name === '__name__') return value.name;
      const v = value.lookup(name);
      if (v !== undefined) return v instanceof PyFunction && v.kind === 'classmethod' ? new PyBoundMethod(value, name, v) : v;
      const hosted = value.externalBases().length > 0 ? this.host.getAttr(value, name, at, this) : undefined;
      if (hosted !== undefined) return hosted;
      throw this.raise('AttributeError', `type object '${value.name}' has no attribute '${name}'`, at);
    }
    if (value instanceof PyFunction && name === '__name__') return value.name;
    // `@x.setter`: the property stays what the getter makes it, for what this subset reads.
    if (value instanceof PyFunction && value.kind === 'property' && (name === 'setter' || name === 'getter' || name === 'deleter')) return new PyBuiltin(name, () => value);
    if (value instanceof HostObject) {
      const v = this.host.getAttr(value, name, at, this);
      if (v === undefined) throw this.cannot(`the attribute .${name} of ${this.describe(value)}`, at);
      return v;
    }
    if (hasBuiltinMethod(value, name)) return new PyBoundMethod(value, name, null);
    if (value instanceof PyFloat && (name === 'real')) return value;
    throw this.cannot(`the attribute .${name} of ${this.describe(value)}`, at);
  }

  libraryHas(path: string): boolean | undefined {
    return this.host.has(path);
  }

  libraryIsInstance(value: PyValue, cls: PyValue, at: Site): boolean | undefined {
    return this.host.isInstance(value, cls, at, this);
  }

  raise(className: string, message: PyValue, at: Site): Error {
    return pyError(className, message, at.source.where(at.node));
  }

  cannot(construct: string, at: Site): Error {
    return cannotInterpret(at.source, at.node, construct);
  }

  // ── Statements ─────────────────────────────────────────────────────────────────────────

  private async block(body: SyntaxNode, scope: Scope): Promise<Signal> {
    for (const stmt of childrenOf(body)) {
      if (stmt.name === ':') continue;
      const signal = await this.statement(stmt, scope);
      if (signal !== undefined) return signal;
    }
    return undefined;
  }

  private async statement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const at = { source: scope.source, node: stmt };
    this.tick(at);
    switch (stmt.name) {
      case 'PassStatement':
        return undefined;
      case 'StatementGroup':
        // `a(); b()` on one line.
        for (const inner of childrenOf(stmt)) {
          if (inner.name === ';') continue;
          const signal = await this.statement(inner, scope);
          if (signal !== undefined) return signal;
        }
        return undefined;
      case 'BreakStatement':
        return 'break';
      case 'ContinueStatement':
        return 'continue';
      case 'ExpressionStatement': {
        const expr = stmt.firstChild;
        if (expr && expr.name !== 'String') await this.evaluate(expr, scope);
        return undefined;
      }
      case 'AssignStatement':
        await this.assignStatement(stmt, scope);
        return undefined;
      case 'UpdateStatement':
        await this.updateStatement(stmt, scope);
        return undefined;
      case 'ReturnStatement': {
        const parts = meaningfulChildren(stmt).filter((c) => c.name !== 'return');
        return { value: parts.length === 0 ? null : await this.tupleOrValue(parts, scope) };
      }
      case 'IfStatement':
        return this.ifStatement(stmt, scope);
      case 'ForStatement':
        return this.forStatement(stmt, scope);
      case 'WhileStatement':
        return this.whileStatement(stmt, scope);
      case 'TryStatement':
        return this.tryStatement(stmt, scope);
      case 'WithStatement':
        return this.withStatement(stmt, scope);
      case 'RaiseStatement':
        throw await this.raiseStatement(stmt, scope);
      case 'AssertStatement': {
        const [test, message] = meaningfulChildren(stmt).filter((c) => c.name !== 'assert');
        if (test && !this.truthy(await this.evaluate(test, scope), at)) {
          throw new PyRaise(new PyInstance(builtinValue('AssertionError') as PyClass, message ? [await this.evaluate(message, scope)] : []), at.source.where(stmt));
        }
        return undefined;
      }
      case 'FunctionDefinition': {
        const fn = await this.withDefaults(this.defineFunction(stmt, scope), scope);
        if (scope.kind === 'class') fn.ownerClass = (scope as Scope & { cls?: PyClass }).cls ?? null;
        this.assign(scope, this.nameOf(stmt, scope), fn);
        return undefined;
      }
      case 'DecoratedStatement':
        await this.decorated(stmt, scope);
        return undefined;
      case 'ClassDefinition':
        await this.classDefinition(stmt, scope);
        return undefined;
      case 'ImportStatement':
        await this.importStatement(stmt, scope);
        return undefined;
      case 'ScopeStatement': {
        const [keyword, ...names] = childrenOf(stmt).filter((c) => c.name !== ',');
        const target = keyword?.name === 'global' ? scope.globalNames : scope.nonlocalNames;
        for (const n of names) target.add(scope.source.textOf(n));
        return undefined;
      }
      case 'DeleteStatement':
        for (const target of meaningfulChildren(stmt).filter((c) => c.name !== 'del')) await this.deleteTarget(target, scope);
        return undefined;
      default:
        throw this.cannot(`${STATEMENT_WORDS[stmt.name] ?? 'the statement'} \`${snippet(scope.source, stmt)}\``, at);
    }
  }

  private async assignStatement(stmt: SyntaxNode, scope: Scope): Promise<void> {
    // `a = b = value`, `a, b = value`, `x: int = value`; a bare annotation binds nothing.
    const groups: SyntaxNode[][] = [[]];
    for (const c of childrenOf(stmt)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name !== 'TypeDef') (groups[groups.length - 1] as SyntaxNode[]).push(c);
    }
    const annotation = childrenOf(stmt).find((c) => c.name === 'TypeDef');
    const cls = (scope as Scope & { cls?: PyClass }).cls;
    if (annotation && scope.kind === 'class' && cls && groups.length <= 2 && groups[0]?.length === 1 && groups[0][0]?.name === 'VariableName') {
      const typeNode = childrenOf(annotation).find((c) => c.name !== ':');
      if (typeNode) cls.annotations.set(scope.source.textOf(groups[0][0]), { source: scope.source, node: typeNode, module: scope.module });
    }
    if (groups.length === 1) return;
    const valueNodes = (groups.pop() as SyntaxNode[]).filter((c) => c.name !== ',');
    const value = await this.tupleOrValue(valueNodes, scope);
    for (const group of groups) await this.assignTarget(group, value, scope);
  }

  private async updateStatement(stmt: SyntaxNode, scope: Scope): Promise<void> {
    const [target, op, valueNode] = childrenOf(stmt);
    const at = { source: scope.source, node: stmt };
    const current = await this.evaluate(target as SyntaxNode, scope);
    const value = await this.evaluate(valueNode as SyntaxNode, scope);
    const symbol = scope.source.textOf(op as SyntaxNode).slice(0, -1);
    if (symbol === '+' && current instanceof PySequence && current.kind === 'list') {
      current.items.push(...(await this.iterate(value, at)));
      return;
    }
    if (symbol === '|' && current instanceof PySet && value instanceof PySet) {
      for (const v of value.items) current.add(v);
      return;
    }
    if (symbol === '|' && current instanceof PyDict && value instanceof PyDict) {
      for (const [k, v] of value.entries) current.set(k, v);
      return;
    }
    await this.assignTarget([target as SyntaxNode], this.arithmetic(symbol, current, value, at), scope);
  }

  /** Assigns to a target group: a name, `obj.attr`, `obj[key]`, or several (unpacking). */
  private async assignTarget(group: readonly SyntaxNode[], value: PyValue, scope: Scope): Promise<void> {
    const targets = group.filter((c) => c.name !== ',');
    const at = { source: scope.source, node: targets[0] ?? group[0] ?? scope.source.tree.topNode };
    if (targets.length === 1 && !group.some((c) => c.name === ',')) {
      const t = targets[0] as SyntaxNode;
      if (t.name === 'TupleExpression' || t.name === 'ArrayExpression' || t.name === 'ParenthesizedExpression') {
        const inner = childrenOf(t).filter((c) => !['(', ')', '[', ']'].includes(c.name));
        return this.assignTarget(inner, value, scope);
      }
      return this.assignOne(t, value, scope);
    }
    const items = await this.iterate(value, at);
    const star = targets.findIndex((t) => t.name === '*' );
    if (star >= 0) {
      // `a, *rest = …` parses as '*' followed by the name.
      const names = targets.filter((_t, i) => i !== star);
      const before = star;
      const after = names.length - before;
      if (items.length < names.length - 1) throw this.raise('ValueError', 'not enough values to unpack', at);
      for (let i = 0; i < before; i++) await this.assignTarget([names[i] as SyntaxNode], items[i] as PyValue, scope);
      await this.assignOne(names[before] as SyntaxNode, new PySequence('list', items.slice(before, items.length - (after - 1))), scope);
      for (let i = 1; i < after; i++) await this.assignTarget([names[before + i] as SyntaxNode], items[items.length - after + i] as PyValue, scope);
      return;
    }
    if (items.length !== targets.length) {
      throw this.raise('ValueError', items.length > targets.length ? `too many values to unpack (expected ${targets.length})` : `not enough values to unpack (expected ${targets.length}, got ${items.length})`, at);
    }
    for (let i = 0; i < targets.length; i++) await this.assignTarget([targets[i] as SyntaxNode], items[i] as PyValue, scope);
  }

  private async assignOne(target: SyntaxNode, value: PyValue, scope: Scope): Promise<void> {
    const at = { source: scope.source, node: target };
    if (target.name === 'VariableName') {
      this.assign(scope, scope.source.textOf(target), value);
      return;
    }
    if (target.name === 'MemberExpression') {
      const parts = childrenOf(target);
      const object = await this.evaluate(parts[0] as SyntaxNode, scope);
      if (parts[1]?.name === '[') {
        const index = await this.subscriptIndex(parts, scope);
        if (object instanceof PySequence && object.kind === 'list' && typeof index === 'number') {
          const i = index < 0 ? object.items.length + index : index;
          if (i < 0 || i >= object.items.length) throw this.raise('IndexError', 'list assignment index out of range', at);
          object.items[i] = value;
          return;
        }
        if (object instanceof PyDict) {
          object.set(index, value);
          return;
        }
        throw this.cannot(`assigning to \`${snippet(scope.source, target)}\``, at);
      }
      const property = parts.find((p) => p.name === 'PropertyName');
      if (object instanceof PyInstance && property) {
        object.attrs.set(scope.source.textOf(property), value);
        return;
      }
      if (object instanceof PyClass && property) {
        object.attrs.set(scope.source.textOf(property), value);
        return;
      }
    }
    throw this.cannot(`assigning to \`${snippet(scope.source, target)}\``, at);
  }

  private assign(scope: Scope, name: string, value: PyValue): void {
    if (scope.globalNames.has(name)) {
      scope.module.globals.set(name, value);
      return;
    }
    if (scope.nonlocalNames.has(name)) {
      for (let s = scope.parent; s; s = s.parent) {
        if (s.kind === 'function' && s.vars.has(name)) {
          s.vars.set(name, value);
          return;
        }
      }
    }
    scope.vars.set(name, value);
  }

  private async deleteTarget(target: SyntaxNode, scope: Scope): Promise<void> {
    const at = { source: scope.source, node: target };
    if (target.name === 'VariableName') {
      scope.vars.delete(scope.source.textOf(target));
      return;
    }
    const parts = childrenOf(target);
    if (target.name === 'MemberExpression' && parts[1]?.name === '[') {
      const object = await this.evaluate(parts[0] as SyntaxNode, scope);
      const index = await this.subscriptIndex(parts, scope);
      if (object instanceof PyDict) {
        if (!object.delete(index)) throw this.raise('KeyError', index, at);
        return;
      }
      if (object instanceof PySequence && object.kind === 'list' && typeof index === 'number') {
        object.items.splice(index < 0 ? object.items.length + index : index, 1);
        return;
      }
    }
    throw this.cannot(`the del statement \`${snippet(scope.source, target)}\``, at);
  }

  private async ifStatement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const parts = childrenOf(stmt);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === 'if' || p.name === 'elif') {
        const test = parts[i + 1] as SyntaxNode;
        if (this.truthy(await this.evaluate(test, scope), { source: scope.source, node: test })) return this.block(parts[i + 2] as SyntaxNode, scope);
        i += 2;
      } else if (p.name === 'else') {
        return this.block(parts[i + 1] as SyntaxNode, scope);
      }
    }
    return undefined;
  }

  private async forStatement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const parts = childrenOf(stmt);
    const inAt = parts.findIndex((p) => p.name === 'in');
    const targets = parts.slice(1, inAt);
    const bodyAt = parts.findIndex((p) => p.name === 'Body');
    const iterable = await this.tupleOrValue(parts.slice(inAt + 1, bodyAt).filter((c) => c.name !== ','), scope);
    const items = await this.iterate(iterable, { source: scope.source, node: stmt });
    for (const item of items) {
      await this.assignTarget(targets, item, scope);
      const signal = await this.block(parts[bodyAt] as SyntaxNode, scope);
      if (signal === 'break') return undefined;
      if (typeof signal === 'object') return signal;
    }
    const elseBody = parts.slice(bodyAt + 1).find((p) => p.name === 'Body');
    return elseBody ? this.block(elseBody, scope) : undefined;
  }

  private async whileStatement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const parts = childrenOf(stmt);
    const test = parts[1] as SyntaxNode;
    const body = parts[2] as SyntaxNode;
    const at = { source: scope.source, node: stmt };
    while (this.truthy(await this.evaluate(test, scope), at)) {
      this.tick(at);
      const signal = await this.block(body, scope);
      if (signal === 'break') return undefined;
      if (typeof signal === 'object') return signal;
    }
    const elseBody = parts.slice(3).find((p) => p.name === 'Body');
    return elseBody ? this.block(elseBody, scope) : undefined;
  }

  private async tryStatement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const parts = childrenOf(stmt);
    const body = parts[1] as SyntaxNode;
    const handlers: Array<{ types: SyntaxNode | null; name: string | null; body: SyntaxNode }> = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    for (let i = 2; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === 'except') {
        let j = i + 1;
        let types: SyntaxNode | null = null;
        let name: string | null = null;
        if (parts[j]?.name !== 'Body') types = parts[j++] as SyntaxNode;
        if (parts[j]?.name === 'as') {
          name = scope.source.textOf(parts[j + 1] as SyntaxNode);
          j += 2;
        }
        handlers.push({ types, name, body: parts[j] as SyntaxNode });
        i = j;
      } else if (p.name === 'else') elseBody = parts[++i] as SyntaxNode;
      else if (p.name === 'finally') finallyBody = parts[++i] as SyntaxNode;
    }
    let signal: Signal;
    try {
      try {
        signal = await this.block(body, scope);
      } catch (err) {
        if (!(err instanceof PyRaise)) throw err;
        const handler = await this.findHandler(handlers, err, scope);
        if (!handler) throw err;
        if (handler.name) this.assign(scope, handler.name, err.exception);
        this.handling.push(err);
        try {
          return await this.block(handler.body, scope);
        } finally {
          this.handling.pop();
        }
      }
      if (signal === undefined && elseBody) signal = await this.block(elseBody, scope);
      return signal;
    } finally {
      if (finallyBody) {
        const after = await this.block(finallyBody, scope);
        if (after !== undefined) signal = after;
      }
    }
  }

  private async findHandler<H extends { types: SyntaxNode | null }>(handlers: readonly H[], err: PyRaise, scope: Scope): Promise<H | null> {
    for (const h of handlers) {
      if (h.types === null) return h;
      const at = { source: scope.source, node: h.types };
      const value = await this.evaluate(h.types, scope);
      const classes = value instanceof PySequence ? value.items : [value];
      for (const c of classes) {
        const cls = c instanceof PyClass ? c : this.host.exceptionClass(c);
        if (cls === undefined) throw this.cannot(`the exception class ${this.describe(c)}`, at);
        if (exceptionMatches(err.exception, cls)) return h;
      }
    }
    return null;
  }

  private async raiseStatement(stmt: SyntaxNode, scope: Scope): Promise<Error> {
    const at = { source: scope.source, node: stmt };
    const [value] = meaningfulChildren(stmt).filter((c) => c.name !== 'raise');
    if (!value) {
      const current = this.handling[this.handling.length - 1];
      return current ?? this.raise('RuntimeError', 'No active exception to reraise', at);
    }
    let exc = await this.evaluate(value, scope);
    if (exc instanceof PyClass) exc = await this.instantiate(exc, { args: [], kwargs: new Map() }, at);
    if (!(exc instanceof PyInstance)) {
      const cls = this.host.exceptionClass(exc);
      if (cls instanceof PyClass) return new PyRaise(new PyInstance(cls, []), at.source.where(stmt));
      throw this.cannot(`raising ${this.describe(exc)}`, at);
    }
    return new PyRaise(exc, at.source.where(stmt));
  }

  private async withStatement(stmt: SyntaxNode, scope: Scope): Promise<Signal> {
    const parts = childrenOf(stmt);
    const bodyAt = parts.findIndex((p) => p.name === 'Body');
    // Items: expr [as target] separated by commas.
    const items: Array<{ expr: SyntaxNode; target: SyntaxNode | null }> = [];
    for (let i = 1; i < bodyAt; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === ',') continue;
      if (parts[i + 1]?.name === 'as') {
        items.push({ expr: p, target: parts[i + 2] as SyntaxNode });
        i += 2;
      } else items.push({ expr: p, target: null });
    }
    const exits: Array<(failed: boolean) => Promise<void>> = [];
    let failed = false;
    try {
      for (const item of items) {
        const at = { source: scope.source, node: item.expr };
        const context = await this.evaluate(item.expr, scope);
        const entered = await this.enter(context, at);
        exits.push(entered.exit);
        if (item.target) await this.assignTarget([item.target], entered.value, scope);
      }
      return await this.block(parts[bodyAt] as SyntaxNode, scope);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      for (const exit of exits.reverse()) await exit(failed);
    }
  }

  private async enter(context: PyValue, at: Site): Promise<{ value: PyValue; exit(failed: boolean): Promise<void> }> {
    if (context instanceof PyInstance && context.cls.lookup('__enter__') instanceof PyFunction) {
      const value = await this.call(this.getAttr(context, '__enter__', at), { args: [], kwargs: new Map() }, at);
      return {
        value,
        exit: async () => {
          await this.call(this.getAttr(context, '__exit__', at), { args: [null, null, null], kwargs: new Map() }, at);
        },
      };
    }
    const hosted = await this.host.enter(context, at, this);
    if (hosted) return hosted;
    throw this.cannot(`the with statement on ${this.describe(context)}`, at);
  }

  private async importStatement(stmt: SyntaxNode, scope: Scope): Promise<void> {
    const at = { source: scope.source, node: stmt };
    for (const imp of parseImport(scope.source, stmt)) {
      if (!imp.from) {
        for (const [dotted, alias] of imp.bindings) {
          const module = await this.importModule(dotted, 0, at);
          if (alias !== null) this.assign(scope, alias, module);
          else {
            const head = dotted.split('.')[0] as string;
            const top = await this.importModule(head, 0, at);
            // `import a.b` binds `a`; `a.b` must then reach the submodule.
            let parent = top;
            const names = dotted.split('.');
            for (let i = 1; i < names.length; i++) {
              const child = await this.importModule(names.slice(0, i + 1).join('.'), 0, at);
              if (parent instanceof PyModule && !parent.globals.has(names[i] as string)) parent.globals.set(names[i] as string, child);
              parent = child;
            }
            this.assign(scope, head, top);
          }
        }
        continue;
      }
      const module = await this.importModule(imp.module, imp.level, at);
      for (const [name, alias] of imp.bindings) {
        if (name === '*') {
          await this.importStar(module, imp.module, imp.level, scope, at);
          continue;
        }
        let value: Binding | undefined;
        if (module instanceof PyModule) {
          value = module.globals.get(name) as Binding | undefined;
          if (value === undefined && module.file !== null) {
            const sub = await this.importModule(`${imp.module}${imp.module ? '.' : ''}${name}`, imp.level, at, true);
            if (sub !== null) value = sub;
          }
          if (value === undefined) value = new Unreadable(this.cannot(`the import of ${name} from ${module.name} (not defined there)`, at));
        } else value = this.getAttr(module, name, at);
        scope.vars.set(alias ?? name, value as PyValue);
      }
    }
  }

  /**
   * `from m import *`: the names `__all__` lists (a submodule it names is imported), else every
   * global not starting with `_`. A library's names cannot be listed without the library.
   */
  private async importStar(module: PyValue, name: string, level: number, scope: Scope, at: Site): Promise<void> {
    const shown = `\`from ${'.'.repeat(level)}${name} import *\``;
    if (!(module instanceof PyModule)) throw this.cannot(`${shown} (a library's names are not known without running it)`, at);
    const all = module.globals.get('__all__');
    if (all === undefined) {
      for (const [k, v] of module.globals) if (!k.startsWith('_')) scope.vars.set(k, v);
      return;
    }
    if (!(all instanceof PySequence) || !all.items.every((n): n is string => typeof n === 'string')) throw this.cannot(`${shown} with an __all__ that is not a list of names`, at);
    for (const k of all.items) {
      // A global may hold None; only an absent one is looked for as a submodule.
      let v: Binding | undefined = module.globals.get(k) as Binding | undefined;
      if (v === undefined && module.file !== null) v = (await this.importModule(`${name}${name ? '.' : ''}${k}`, level, at, true)) ?? undefined;
      if (v === undefined) throw this.cannot(`${shown}: __all__ names ${k}, which ${module.name} does not define`, at);
      scope.vars.set(k, v);
    }
  }

  /** A module by name: implemented here, the project's own (read from source), or a library's (symbolic). */
  private async importModule(name: string, level: number, at: Site, optional: true): Promise<PyValue | null>;
  private async importModule(name: string, level: number, at: Site, optional?: false): Promise<PyValue>;
  private async importModule(name: string, level: number, at: Site, optional = false): Promise<PyValue | null> {
    if (level > 0) {
      const file = this.finder.findRelative(name, level, at.source.file);
      if (file) return this.loadModule(file, name || basename(file, '.py'));
      if (optional) return null;
      throw this.cannot(`the relative import of '${'.'.repeat(level)}${name}' (no such file next to ${basename(at.source.file)})`, at);
    }
    const cached = this.modules.get(`std:${name}`);
    if (cached) return cached;
    const std = stdlibModule(name, this.options.stdlib);
    if (std) {
      this.modules.set(`std:${name}`, std);
      return std;
    }
    if (!LIBRARY_ROOTS.has(name.split('.')[0] as string)) {
      const file = this.finder.find(name, at.source.file);
      if (file) return this.loadModule(file, name);
    }
    if (optional) return null;
    const hosted = this.host.resolve(name);
    if (hosted !== undefined) return hosted;
    if (!LIBRARY_ROOTS.has(name.split('.')[0] as string)) this.unfound.add(name);
    return new PyRef(name);
  }

  /** Why a name from an unfound module means nothing here: said with what could not be interpreted. */
  private unfoundNote(path: string): string {
    const module = [...this.unfound].find((m) => path === m || path.startsWith(`${m}.`));
    if (module === undefined) return '';
    const file = module.replaceAll('.', '/');
    return `; module ${module} is not a library pgdrift knows, and no ${file}.py or ${file}/__init__.py is in the importing file's folder or any folder above it`;
  }

  private defineFunction(stmt: SyntaxNode, scope: Scope): PyFunction {
    const params = stmt.getChild('ParamList');
    const body = stmt.getChild('Body');
    if (!body) throw this.cannot('a function without a body', { source: scope.source, node: stmt });
    const closure = scope.kind === 'class' ? scope.parent : scope.kind === 'module' ? null : scope;
    const fn = new PyFunction(this.nameOf(stmt, scope), params ? this.params(params, scope) : [], body, false, { node: stmt, module: scope.module, source: scope.source }, closure);
    // Generators are not in the subset: the function exists, calling it is refused.
    if (this.containsYield(body)) Object.assign(fn, { generatorError: this.cannot(`the generator function ${fn.name}() (yield)`, { source: scope.source, node: stmt }) });
    return fn;
  }

  private containsYield(body: SyntaxNode): boolean {
    let found = false;
    const visit = (n: SyntaxNode) => {
      for (let c = n.firstChild; c && !found; c = c.nextSibling) {
        if (c.name === 'yield' || c.name === 'YieldExpression') found = true;
        else if (c.name !== 'FunctionDefinition' && c.name !== 'ClassDefinition' && c.name !== 'LambdaExpression') visit(c);
      }
    };
    visit(body);
    return found;
  }

  /** Parameters with their defaults, evaluated now (as Python does at def time). */
  private params(list: SyntaxNode, scope: Scope): Param[] {
    const out: Param[] = [];
    const parts = childrenOf(list).filter((c) => c.name !== '(' && c.name !== ')');
    let keywordOnly = false;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === ',' || p.name === '/') continue;
      if (p.name === '*' || p.name === '**') {
        const next = parts[i + 1];
        if (next?.name === 'VariableName') {
          out.push({ name: scope.source.textOf(next), kind: p.name === '*' ? 'star' : 'starstar', keywordOnly: false });
          i++;
          if (parts[i + 1]?.name === 'TypeDef') i++;
        }
        if (p.name === '*') keywordOnly = true;
        continue;
      }
      if (p.name !== 'VariableName') throw this.cannot(`the parameter \`${scope.source.textOf(p)}\``, { source: scope.source, node: p });
      let j = i + 1;
      if (parts[j]?.name === 'TypeDef') j++;
      if (parts[j]?.name === 'AssignOp') {
        out.push({ name: scope.source.textOf(p), kind: 'plain', keywordOnly, defaultNode: parts[j + 1] } as Param & { defaultNode: SyntaxNode });
        j += 2;
      } else out.push({ name: scope.source.textOf(p), kind: 'plain', keywordOnly });
      i = j - 1;
    }
    return out;
  }

  private bindParams(fn: PyFunction, call: CallArgs, scope: Scope, at: Site): void {
    const generatorError = (fn as PyFunction & { generatorError?: Error }).generatorError;
    if (generatorError) throw generatorError;
    const positional = [...call.args];
    const kwargs = new Map(call.kwargs);
    for (const p of fn.params) {
      if (p.kind === 'star') {
        scope.vars.set(p.name, new PySequence('tuple', positional.splice(0)));
        continue;
      }
      if (p.kind === 'starstar') {
        scope.vars.set(p.name, new PyDict([...kwargs]));
        kwargs.clear();
        continue;
      }
      if (!p.keywordOnly && positional.length > 0) {
        if (kwargs.has(p.name)) throw this.raise('TypeError', `${fn.name}() got multiple values for argument '${p.name}'`, at);
        scope.vars.set(p.name, positional.shift() as PyValue);
      } else if (kwargs.has(p.name)) {
        scope.vars.set(p.name, kwargs.get(p.name) as PyValue);
        kwargs.delete(p.name);
      } else if (p.default !== undefined) scope.vars.set(p.name, p.default);
      else throw this.raise('TypeError', `${fn.name}() missing required argument: '${p.name}'`, at);
    }
    if (positional.length > 0) throw this.raise('TypeError', `${fn.name}() takes ${fn.params.length} positional arguments but more were given`, at);
    if (kwargs.size > 0) throw this.raise('TypeError', `${fn.name}() got an unexpected keyword argument '${[...kwargs.keys()][0] as string}'`, at);
  }

  private async withDefaults(fn: PyFunction, scope: Scope): Promise<PyFunction> {
    const params = [];
    for (const p of fn.params as Array<Param & { defaultNode?: SyntaxNode }>) {
      if (p.defaultNode) params.push({ name: p.name, kind: p.kind, keywordOnly: p.keywordOnly, default: await this.evaluate(p.defaultNode, scope) });
      else params.push(p);
    }
    const out = new PyFunction(fn.name, params, fn.body, fn.isLambda, fn.definition, fn.closure, fn.kind);
    out.ownerClass = fn.ownerClass;
    const generatorError = (fn as PyFunction & { generatorError?: Error }).generatorError;
    return generatorError ? Object.assign(out, { generatorError }) : out;
  }

  private async decorated(stmt: SyntaxNode, scope: Scope): Promise<void> {
    const decorators = childrenOf(stmt).filter((c) => c.name === 'Decorator');
    const target = childrenOf(stmt).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') as SyntaxNode;
    if (target.name === 'ClassDefinition') {
      await this.classDefinition(target, scope);
      const name = this.nameOf(target, scope);
      let value = scope.vars.get(name) as PyValue;
      for (const d of decorators.reverse()) value = await this.applyDecorator(d, value, scope);
      this.assign(scope, name, value);
      return;
    }
    let value: PyValue = await this.withDefaults(this.defineFunction(target, scope), scope);
    if (scope.kind === 'class') (value as PyFunction).ownerClass = (scope as Scope & { cls?: PyClass }).cls ?? null;
    for (const d of decorators.reverse()) value = await this.applyDecorator(d, value, scope);
    this.assign(scope, this.nameOf(target, scope), value);
  }

  /** `@name`, `@a.b`, `@a.b(args)`: the decorator's dotted name, called with its arguments first if any. */
  private async applyDecorator(decorator: SyntaxNode, value: PyValue, scope: Scope): Promise<PyValue> {
    const at = { source: scope.source, node: decorator };
    const parts = childrenOf(decorator).filter((c) => c.name !== 'At');
    const names = parts.filter((c) => c.name === 'VariableName');
    const argList = parts.find((c) => c.name === 'ArgList');
    const text = names.map((n) => scope.source.textOf(n)).join('.');
    if (value instanceof PyFunction && !argList && (text === 'property' || text === 'staticmethod' || text === 'classmethod')) return value.withKind(text);
    if (/^(functools\.)?(lru_cache|cache|wraps)$|^(contextlib\.)?(async)?contextmanager$/.test(text)) return value;
    const [first, ...rest] = names;
    if (!first) throw this.cannot(`the decorator \`${snippet(scope.source, decorator)}\``, at);
    let fn = await this.evaluate(first, scope);
    for (const n of rest) fn = this.getAttr(fn, scope.source.textOf(n), { source: scope.source, node: n });
    if (argList) fn = await this.call(fn, await this.callArgs(argList, scope), at);
    return this.call(fn, { args: [value], kwargs: new Map() }, at);
  }

  private async classDefinition(stmt: SyntaxNode, scope: Scope): Promise<void> {
    const name = this.nameOf(stmt, scope);
    const argList = stmt.getChild('ArgList');
    const bases = argList ? (await this.callArgs(argList, scope)).args : [];
    const cls = new PyClass(name, bases, scope.module.name);
    const classScope = new Scope(scope.module, scope.source, scope.kind === 'class' ? scope.parent : scope, 'class', cls.attrs as Map<string, Binding>);
    (classScope as Scope & { cls?: PyClass }).cls = cls;
    const body = stmt.getChild('Body');
    if (body) {
      for (const s of childrenOf(body)) {
        if (s.name === ':') continue;
        try {
          await this.statement(s, classScope);
        } catch (err) {
          if (!(err instanceof CannotInterpret)) throw err;
          cls.failures.push({ node: s, error: err });
          for (const n of this.boundNames(s, scope.source)) cls.attrs.set(n, new Unreadable(err) as unknown as PyValue);
        }
      }
    }
    for (const v of cls.attrs.values()) if (v instanceof PyFunction) v.ownerClass ??= cls;
    if (this.host.classDefined) await this.host.classDefined(cls, { source: scope.source, node: stmt }, this);
    this.assign(scope, name, cls);
  }

  private async instantiate(cls: PyClass, call: CallArgs, at: Site): Promise<PyValue> {
    const instance = new PyInstance(cls, call.args, call.kwargs);
    const init = cls.lookup('__init__');
    if (init instanceof PyFunction) await this.callFunction(init, { args: [instance, ...call.args], kwargs: call.kwargs }, at);
    else if (init instanceof PyBuiltin) await init.fn([instance, ...call.args], call.kwargs, this, at);
    else if (init !== undefined) throw this.cannot(`the constructor of ${cls.name}`, at);
    if (cls.externalBases().length > 0) await this.host.constructed(instance, at, this);
    return instance;
  }

  private instanceAttr(value: PyInstance, name: string, at: Site): PyValue {
    if (value.cls.name === 'super' && value.cls.module === 'builtins') {
      // Methods found through super() act on self, not on the proxy.
      const self = value.attrs.get('__self__') as PyInstance;
      const found = value.cls.attrs.get(name);
      if (found instanceof PyFunction || found instanceof PyBuiltin) return new PyBoundMethod(self, name, found);
      if (found !== undefined) return found;
      throw this.raise('AttributeError', `'super' object has no attribute '${name}'`, at);
    }
    const own = value.attrs.get(name) as Binding | undefined;
    if (own instanceof Unreadable) throw own.error;
    if (own !== undefined) return own;
    if (name === '__class__') return value.cls;
    if (name === 'args' && value.cls.mro().some((c) => c.name === 'BaseException')) return new PySequence('tuple', value.args);
    const v = value.cls.lookup(name) as Binding | undefined;
    if (v instanceof Unreadable) throw v.error;
    if (v instanceof PyFunction) {
      if (v.kind === 'staticmethod') return v;
      if (v.kind === 'classmethod') return new PyBoundMethod(value.cls, name, v);
      if (v.kind === 'property') throw this.cannot(`the property ${value.cls.name}.${name}`, at);
      return new PyBoundMethod(value, name, v);
    }
    if (v instanceof PyBuiltin) return new PyBoundMethod(value, name, v);
    if (v !== undefined) return v;
    if (value.cls.externalBases().length > 0) {
      const hosted = this.host.getAttr(value, name, at, this);
      if (hosted !== undefined) return hosted;
      throw this.cannot(`the attribute .${name} of a ${value.cls.name} object (inherited from ${value.cls.externalBases().join(', ')})`, at);
    }
    throw this.raise('AttributeError', `'${value.cls.name}' object has no attribute '${name}'`, at);
  }

  // ── Expressions ────────────────────────────────────────────────────────────────────────

  async evaluate(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const source = scope.source;
    const at = { source, node };
    this.tick(at);
    switch (node.name) {
      case 'String':
        return decodeStringLiteral(source.textOf(node));
      case 'FormatString':
        return this.formatString(node, scope);
      case 'ContinuedString': {
        let out = '';
        for (const part of childrenOf(node)) out += (await this.evaluate(part, scope)) as string;
        return out;
      }
      case 'Number':
        return this.number(node, scope);
      case 'Boolean':
        return source.textOf(node) === 'True';
      case 'None':
        return null;
      case 'Ellipsis':
        return null;
      case 'VariableName':
        return this.lookup(source.textOf(node), scope, at);
      case 'ParenthesizedExpression': {
        const inner = meaningfulChildren(node);
        if (inner.length !== 1) throw this.cannot(`\`${snippet(source, node)}\``, at);
        return this.evaluate(inner[0] as SyntaxNode, scope);
      }
      case 'TupleExpression':
        return new PySequence('tuple', await this.items(node, scope));
      case 'ArrayExpression':
        return new PySequence('list', await this.items(node, scope));
      case 'SetExpression':
        return new PySet(await this.items(node, scope));
      case 'DictionaryExpression':
        return this.dictionary(node, scope);
      case 'ArrayComprehensionExpression':
        return new PySequence('list', await this.comprehension(node, scope, 'list') as PyValue[]);
      case 'SetComprehensionExpression':
        return new PySet(await this.comprehension(node, scope, 'list') as PyValue[]);
      case 'ComprehensionExpression':
        return new PySequence('list', await this.comprehension(node, scope, 'list') as PyValue[]);
      case 'DictionaryComprehensionExpression': {
        const pairs = (await this.comprehension(node, scope, 'dict')) as Array<[PyValue, PyValue]>;
        return new PyDict(pairs);
      }
      case 'MemberExpression':
        return this.member(node, scope);
      case 'CallExpression':
        return this.callExpression(node, scope);
      case 'UnaryExpression':
        return this.unary(node, scope);
      case 'BinaryExpression':
        return this.binary(node, scope);
      case 'ConditionalExpression': {
        const [then, test, otherwise] = meaningfulChildren(node).filter((c) => c.name !== 'if' && c.name !== 'else');
        return this.truthy(await this.evaluate(test as SyntaxNode, scope), at) ? this.evaluate(then as SyntaxNode, scope) : this.evaluate(otherwise as SyntaxNode, scope);
      }
      case 'LambdaExpression': {
        const params = node.getChild('ParamList');
        const body = childrenOf(node).at(-1) as SyntaxNode;
        const fn = new PyFunction('<lambda>', params ? this.params(params, scope) : [], body, true, { node, module: scope.module, source }, scope.kind === 'module' ? null : scope);
        return this.withDefaults(fn, scope);
      }
      default:
        throw this.cannot(`${EXPRESSION_WORDS[node.name] ?? 'the expression'} \`${snippet(source, node)}\``, at);
    }
  }

  private lookup(name: string, scope: Scope, at: Site): PyValue {
    if (scope.kind === 'class' && scope.vars.has(name)) return this.unwrap(scope.vars.get(name) as Binding);
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.kind === 'class') continue;
      if (s.globalNames.has(name)) break;
      if (s.vars.has(name)) return this.unwrap(s.vars.get(name) as Binding);
    }
    if (scope.module.globals.has(name)) return this.unwrap(scope.module.globals.get(name) as Binding);
    const builtin = builtinValue(name);
    if (builtin !== undefined || name === 'None') return builtin ?? null;
    // A `from m import *` that could not be followed may have been what binds it: say that.
    const star = scope.module.failures.find((f) => isStarImport(f.node, scope.source));
    if (star) throw star.error;
    throw this.cannot(`the name '${name}' (not defined)`, at);
  }

  private unwrap(b: Binding): PyValue {
    if (b instanceof Unreadable) throw b.error;
    return b;
  }

  private async tupleOrValue(nodes: readonly SyntaxNode[], scope: Scope): Promise<PyValue> {
    if (nodes.length === 1 && (nodes[0] as SyntaxNode).name !== '*') return this.evaluate(nodes[0] as SyntaxNode, scope);
    const values: PyValue[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as SyntaxNode;
      if (n.name === '*') values.push(...(await this.iterate(await this.evaluate(nodes[++i] as SyntaxNode, scope), { source: scope.source, node: n })));
      else values.push(await this.evaluate(n, scope));
    }
    return new PySequence('tuple', values);
  }

  private async items(node: SyntaxNode, scope: Scope): Promise<PyValue[]> {
    const parts = childrenOf(node).filter((c) => !['(', ')', '[', ']', '{', '}', ','].includes(c.name));
    const out: PyValue[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as SyntaxNode;
      if (part.name === '*') out.push(...(await this.iterate(await this.evaluate(parts[++i] as SyntaxNode, scope), { source: scope.source, node: part })));
      else out.push(await this.evaluate(part, scope));
    }
    return out;
  }

  private async dictionary(node: SyntaxNode, scope: Scope): Promise<PyDict> {
    const parts = childrenOf(node).filter((c) => !['{', '}', ','].includes(c.name));
    const out = new PyDict();
    for (let i = 0; i < parts.length; ) {
      const part = parts[i] as SyntaxNode;
      if (part.name === '**') {
        const spread = await this.evaluate(parts[i + 1] as SyntaxNode, scope);
        if (!(spread instanceof PyDict)) throw this.cannot(`unpacking ${this.describe(spread)} into a dict`, { source: scope.source, node: part });
        for (const [k, v] of spread.entries) out.set(k, v);
        i += 2;
      } else {
        const key = await this.evaluate(part, scope);
        out.set(key, await this.evaluate(parts[i + 2] as SyntaxNode, scope));
        i += 3;
      }
    }
    return out;
  }

  /** Comprehensions and generator expressions, evaluated eagerly into a list (or pairs). */
  private async comprehension(node: SyntaxNode, scope: Scope, kind: 'list' | 'dict'): Promise<PyValue[] | Array<[PyValue, PyValue]>> {
    const parts = childrenOf(node).filter((c) => !['(', ')', '[', ']', '{', '}'].includes(c.name));
    const firstFor = parts.findIndex((p) => p.name === 'for');
    const head = parts.slice(0, firstFor);
    type Clause = { kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode } | { kind: 'if'; test: SyntaxNode };
    const clauses: Clause[] = [];
    for (let i = firstFor; i < parts.length; ) {
      const p = parts[i] as SyntaxNode;
      if (p.name === 'for') {
        const inAt = parts.findIndex((x, j) => j > i && x.name === 'in');
        clauses.push({ kind: 'for', targets: parts.slice(i + 1, inAt), iter: parts[inAt + 1] as SyntaxNode });
        i = inAt + 2;
      } else if (p.name === 'if') {
        clauses.push({ kind: 'if', test: parts[i + 1] as SyntaxNode });
        i += 2;
      } else if (p.name === 'async') {
        throw this.cannot('an async comprehension', { source: scope.source, node: p });
      } else i++;
    }
    const inner = new Scope(scope.module, scope.source, scope, 'comprehension');
    const out: unknown[] = [];
    const run = async (c: number): Promise<void> => {
      const clause = clauses[c];
      if (!clause) {
        if (kind === 'dict') out.push([await this.evaluate(head[0] as SyntaxNode, inner), await this.evaluate(head[2] as SyntaxNode, inner)]);
        else out.push(await this.evaluate(head[0] as SyntaxNode, inner));
        return;
      }
      if (clause.kind === 'if') {
        if (this.truthy(await this.evaluate(clause.test, inner), { source: scope.source, node: clause.test })) await run(c + 1);
        return;
      }
      // The first iterable is evaluated in the enclosing scope, as Python does.
      const iterable = await this.evaluate(clause.iter, c === 0 ? scope : inner);
      for (const item of await this.iterate(iterable, { source: scope.source, node: clause.iter })) {
        await this.assignTarget(clause.targets, item, inner);
        await run(c + 1);
      }
    };
    await run(0);
    return out as PyValue[];
  }

  private async number(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const text = scope.source.textOf(node).replace(/_/g, '');
    if (/^0[xob]/i.test(text)) return Number(text.toLowerCase());
    if (/^\d+$/.test(text)) return Number(text);
    if (/[jJ]$/.test(text)) throw this.cannot(`the complex number ${text}`, { source: scope.source, node });
    return new PyFloat(Number(text));
  }

  private async formatString(node: SyntaxNode, scope: Scope): Promise<string> {
    const source = scope.source;
    const text = source.textOf(node);
    const prefix = /^[A-Za-z]*/.exec(text)?.[0] ?? '';
    const rest = text.slice(prefix.length);
    const quote = rest.startsWith('"""') || rest.startsWith("'''") ? 3 : 1;
    const raw = /r/i.test(prefix);
    let out = '';
    let pos = node.from + prefix.length + quote;
    const literal = (from: number, to: number) => {
      const piece = source.text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      return raw ? piece : decodeStringLiteral(`'''${piece.replace(/'/g, "\\'")}'''`);
    };
    for (const part of childrenOf(node)) {
      if (part.name !== 'FormatReplacement') continue;
      out += literal(pos, part.from);
      const inner = meaningfulChildren(part);
      const expr = inner[0] as SyntaxNode;
      const conversion = inner.find((c) => c.name === 'FormatConversion');
      const spec = inner.find((c) => c.name === 'FormatSpec');
      const at = { source, node: part };
      let value = await this.evaluate(expr, scope);
      const conv = conversion ? source.textOf(conversion) : '';
      if (conv === '!r') value = this.repr(value, at);
      else if (conv === '!s') value = this.str(value, at);
      const specText = spec ? source.textOf(spec).slice(1) : '';
      if (specText.includes('{')) throw this.cannot(`the nested format spec \`${source.textOf(part)}\``, at);
      out += specText === '' ? this.str(value, at) : formatSpec(value, specText, this, at);
      pos = part.to;
    }
    return out + literal(pos, node.to - quote);
  }

  private async subscriptIndex(parts: readonly SyntaxNode[], scope: Scope): Promise<PyValue> {
    const inside = parts.slice(2, parts.findIndex((p, i) => i > 1 && p.name === ']'));
    if (inside.some((p) => p.name === ':')) {
      const slots: Array<PyValue> = [null, null, null];
      let slot = 0;
      for (const p of inside) {
        if (p.name === ':') slot++;
        else slots[slot] = await this.evaluate(p, scope);
      }
      return new PyDict([['__slice__', new PySequence('tuple', slots)]]);
    }
    const items = inside.filter((p) => p.name !== ',');
    if (items.length === 1 && !inside.some((p) => p.name === ',')) return this.evaluate(items[0] as SyntaxNode, scope);
    return new PySequence('tuple', await Promise.all(items.map((p) => this.evaluate(p, scope))));
  }

  private async member(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const parts = childrenOf(node);
    const at = { source: scope.source, node };
    const object = await this.evaluate(parts[0] as SyntaxNode, scope);
    if (parts[1]?.name === '[') return this.subscript(object, await this.subscriptIndex(parts, scope), at);
    const property = parts.find((p) => p.name === 'PropertyName');
    if (!property) throw this.cannot(`\`${snippet(scope.source, node)}\``, at);
    const name = scope.source.textOf(property);
    // `import pkg` then `pkg.sub.x`: the submodule was imported by someone; import it now.
    if (object instanceof PyModule && object.file !== null && !object.globals.has(name) && (isNamespace(object.file) || basename(object.file) === '__init__.py')) {
      const sub = await this.importModule(`${object.name}.${name}`, 0, at, true);
      if (sub !== null) object.globals.set(name, sub);
    }
    return this.getAttr(object, name, at);
  }

  private subscript(object: PyValue, index: PyValue, at: Site): PyValue {
    const slice = index instanceof PyDict && index.has('__slice__') ? (index.get('__slice__') as PySequence).items : null;
    if (slice && (typeof object === 'string' || object instanceof PySequence)) {
      const items = typeof object === 'string' ? [...object] : object.items;
      const n = items.length;
      const step = (slice[2] ?? 1) as number;
      const norm = (v: PyValue, dflt: number) => (v === null ? dflt : Math.max(step > 0 ? 0 : -1, Math.min(n, (v as number) < 0 ? n + (v as number) : (v as number))));
      const start = norm(slice[0] as PyValue, step > 0 ? 0 : n - 1);
      const stop = norm(slice[1] as PyValue, step > 0 ? n : -1);
      const out: PyValue[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(items[i] as PyValue);
      return typeof object === 'string' ? (out as string[]).join('') : new PySequence(object.kind, out);
    }
    if ((object instanceof PySequence || typeof object === 'string') && (typeof index === 'number' || typeof index === 'boolean')) {
      const items = typeof object === 'string' ? [...object] : object.items;
      const i = Number(index) < 0 ? items.length + Number(index) : Number(index);
      const item = items[i];
      if (item === undefined) throw this.raise('IndexError', `${typeof object === 'string' ? 'string' : object.kind} index out of range`, at);
      return item;
    }
    if (object instanceof PyDict) {
      const v = object.get(index);
      if (v === undefined) throw this.raise('KeyError', index, at);
      return v;
    }
    // `dict[str, Any]`, `Dict[str, int]`: a generic alias, named with its arguments (a library's
    // type map may key on it); `Optional[str]` on a class of the program: the class.
    if (object instanceof PyRef || (object instanceof PyBuiltin && GENERIC_BUILTINS.has(object.name))) {
      const args = index instanceof PySequence && index.kind === 'tuple' ? index.items : [index];
      return new PyRef(`${typeExpressionKey(object)}[${args.map(typeExpressionKey).join(', ')}]`);
    }
    if (object instanceof PyClass) return object;
    const hosted = this.host.subscript(object, index, at, this);
    if (hosted !== undefined) return hosted;
    throw this.cannot(`the subscript of ${this.describe(object)}`, at);
  }

  private async callExpression(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const parts = childrenOf(node);
    const calleeNode = parts[0] as SyntaxNode;
    const argList = parts.find((p) => p.name === 'ArgList') as SyntaxNode;
    const at = { source: scope.source, node };
    if (calleeNode.name === 'VariableName' && scope.source.textOf(calleeNode) === 'super') return this.superProxy(scope, at);
    if (calleeNode.name === 'VariableName' && ['exec', 'eval', 'compile', '__import__', 'open', 'globals', 'locals', 'vars', 'input', 'breakpoint'].includes(scope.source.textOf(calleeNode))) {
      throw this.cannot(`the call to ${scope.source.textOf(calleeNode)}()`, at);
    }
    const callee = await this.evaluate(calleeNode, scope);
    return this.call(callee, await this.callArgs(argList, scope), at);
  }

  /** `super()` inside a method: the attributes of the classes after the method's own in self's MRO, bound to self. */
  private superProxy(scope: Scope, at: Site): PyValue {
    let fnScope: Scope | null = scope;
    while (fnScope && fnScope.kind !== 'function') fnScope = fnScope.parent;
    const self = fnScope ? [...fnScope.vars.values()][0] : undefined;
    const owner = fnScope?.fn?.ownerClass ?? null;
    if (!(self instanceof PyInstance) || owner === null) throw this.cannot('super() outside a method', at);
    const mro = self.cls.mro();
    const after = mro.slice(mro.indexOf(owner) + 1);
    const proxy = new PyClass('super', [], 'builtins');
    for (const cls of [...after].reverse()) for (const [name, value] of cls.attrs) proxy.attrs.set(name, value);
    if (!proxy.attrs.has('__init__')) {
      // A library base (TypeDecorator…) keeps the arguments for the host to read.
      proxy.attrs.set('__init__', new PyBuiltin('__init__', (args, kwargs) => {
        self.args = args.slice(1);
        self.kwargs = kwargs;
        return null;
      }));
    }
    const view = new PyInstance(proxy);
    view.attrs.set('__self__', self);
    return view;
  }

  async callArgs(argList: SyntaxNode, scope: Scope): Promise<CallArgs> {
    const parts = childrenOf(argList).filter((c) => c.name !== '(' && c.name !== ')');
    if (parts.some((p) => p.name === 'for')) {
      // A generator expression as the only argument: `any(x for x in y)`.
      return { args: [new PySequence('list', (await this.comprehension(argList, scope, 'list')) as PyValue[])], kwargs: new Map() };
    }
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    for (let i = 0; i < parts.length; ) {
      const part = parts[i] as SyntaxNode;
      const at = { source: scope.source, node: part };
      if (part.name === ',') {
        i++;
      } else if (part.name === '*' || part.name === '**') {
        const value = await this.evaluate(parts[i + 1] as SyntaxNode, scope);
        if (part.name === '*') args.push(...(await this.iterate(value, at)));
        else if (value instanceof PyDict) for (const [k, v] of value.entries) kwargs.set(String(k), v);
        else throw this.cannot(`unpacking ${this.describe(value)} as keyword arguments`, at);
        i += 2;
      } else if (parts[i + 1]?.name === 'AssignOp') {
        kwargs.set(scope.source.textOf(part), await this.evaluate(parts[i + 2] as SyntaxNode, scope));
        i += 3;
      } else {
        args.push(await this.evaluate(part, scope));
        i++;
      }
    }
    return { args, kwargs };
  }

  private async unary(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const [op, operand] = childrenOf(node);
    const at = { source: scope.source, node };
    const value = await this.evaluate(operand as SyntaxNode, scope);
    const symbol = scope.source.textOf(op as SyntaxNode);
    if (symbol === 'not') {
      if (value instanceof HostObject) {
        const hosted = this.host.unary('not', value, at, this);
        if (hosted !== undefined) return hosted;
      }
      return !this.truthy(value, at);
    }
    if (value instanceof HostObject) {
      const hosted = this.host.unary(symbol, value, at, this);
      if (hosted !== undefined) return hosted;
    }
    if (symbol === '-' && value instanceof PyFloat) return new PyFloat(-value.value);
    const n = numeric(value);
    if (n !== null && symbol === '-') return -n;
    if (n !== null && symbol === '+') return n;
    if (n !== null && symbol === '~') return ~n;
    throw this.raise('TypeError', `bad operand type for unary ${symbol}: '${typeName(value)}'`, at);
  }

  private async binary(node: SyntaxNode, scope: Scope): Promise<PyValue> {
    const children = childrenOf(node);
    const at = { source: scope.source, node };
    const left = await this.evaluate(children[0] as SyntaxNode, scope);
    const opNodes = children.slice(1, -1);
    const symbol = opNodes.map((o) => scope.source.textOf(o)).join(' ');
    if (symbol === 'and') return this.truthy(left, at) ? this.evaluate(children.at(-1) as SyntaxNode, scope) : left;
    if (symbol === 'or') return this.truthy(left, at) ? left : this.evaluate(children.at(-1) as SyntaxNode, scope);
    const right = await this.evaluate(children.at(-1) as SyntaxNode, scope);
    return this.operate(symbol, left, right, at);
  }

  private operate(symbol: string, left: PyValue, right: PyValue, at: Site): PyValue {
    if (left instanceof HostObject || right instanceof HostObject || (left instanceof PyInstance && left.cls.externalBases().length > 0)) {
      const hosted = this.host.operator(symbol, left, right, at, this);
      if (hosted !== undefined) return hosted;
    }
    switch (symbol) {
      case '==':
        return this.equals(left, right, at);
      case '!=':
        return !this.equals(left, right, at);
      case 'is':
        return left === right || (left instanceof PyRef && right instanceof PyRef && left.path === right.path);
      case 'is not':
        return !(left === right || (left instanceof PyRef && right instanceof PyRef && left.path === right.path));
      case 'in':
        return this.contains(right, left, at);
      case 'not in':
        return !this.contains(right, left, at);
      case '<':
        return this.compare(left, right, at) < 0;
      case '>':
        return this.compare(left, right, at) > 0;
      case '<=':
        return this.compare(left, right, at) <= 0;
      case '>=':
        return this.compare(left, right, at) >= 0;
      default:
        return this.arithmetic(symbol, left, right, at);
    }
  }

  private contains(container: PyValue, item: PyValue, at: Site): boolean {
    if (typeof container === 'string') {
      if (typeof item !== 'string') throw this.raise('TypeError', "'in <string>' requires string as left operand", at);
      return container.includes(item);
    }
    if (container instanceof PySequence) return container.items.some((x) => this.equals(x, item, at));
    if (container instanceof PyDict) return container.has(item);
    if (container instanceof PySet) return container.has(item);
    throw this.cannot(`\`in\` on ${this.describe(container)}`, at);
  }

  private arithmetic(symbol: string, left: PyValue, right: PyValue, at: Site): PyValue {
    const l = numeric(left);
    const r = numeric(right);
    const isFloat = left instanceof PyFloat || right instanceof PyFloat;
    const wrap = (v: number) => (isFloat ? new PyFloat(v) : v);
    switch (symbol) {
      case '+':
        if (typeof left === 'string' && typeof right === 'string') return left + right;
        if (left instanceof PySequence && right instanceof PySequence && left.kind === right.kind) return new PySequence(left.kind, [...left.items, ...right.items]);
        if (l !== null && r !== null) return wrap(l + r);
        break;
      case '-':
        if (left instanceof PySet && right instanceof PySet) return new PySet(left.items.filter((v) => !right.has(v)));
        if (l !== null && r !== null) return wrap(l - r);
        break;
      case '*':
        if (typeof left === 'string' && typeof right === 'number') return left.repeat(Math.max(0, right));
        if (left instanceof PySequence && typeof right === 'number') return new PySequence(left.kind, Array.from({ length: Math.max(0, right) }, () => left.items).flat());
        if (l !== null && r !== null) return wrap(l * r);
        break;
      case '/':
        if (l !== null && r !== null) {
          if (r === 0) throw this.raise('ZeroDivisionError', 'division by zero', at);
          return new PyFloat(l / r);
        }
        break;
      case '//':
        if (l !== null && r !== null) {
          if (r === 0) throw this.raise('ZeroDivisionError', 'integer division or modulo by zero', at);
          return wrap(Math.floor(l / r));
        }
        break;
      case '%':
        if (typeof left === 'string') return percentFormat(left, right, this, at);
        if (l !== null && r !== null) {
          if (r === 0) throw this.raise('ZeroDivisionError', 'integer division or modulo by zero', at);
          return wrap(((l % r) + r) % r);
        }
        break;
      case '**':
        if (l !== null && r !== null) return r < 0 && !isFloat ? new PyFloat(l ** r) : wrap(l ** r);
        break;
      case '|':
        if (left instanceof PySet && right instanceof PySet) return new PySet([...left.items, ...right.items]);
        if (left instanceof PyDict && right instanceof PyDict) return new PyDict([...left.entries, ...right.entries]);
        if (typeof left === 'number' && typeof right === 'number') return left | right;
        break;
      case '&':
        if (left instanceof PySet && right instanceof PySet) return new PySet(left.items.filter((v) => right.has(v)));
        if (typeof left === 'number' && typeof right === 'number') return left & right;
        break;
      case '^':
        if (left instanceof PySet && right instanceof PySet) return new PySet([...left.items.filter((v) => !right.has(v)), ...right.items.filter((v) => !left.has(v))]);
        break;
      default:
        break;
    }
    const dunder = ARITHMETIC_METHODS[symbol];
    if (dunder) {
      // Standard-library value types (datetime, timedelta) define their operators as builtins.
      for (const [self, other, name] of [[left, right, `__${dunder}__`], [right, left, `__r${dunder}__`]] as const) {
        const method = self instanceof PyInstance ? self.cls.lookup(name) : undefined;
        if (!(method instanceof PyBuiltin)) continue;
        const result = method.fn([self, other], new Map(), this, at);
        if (result instanceof Promise) throw this.cannot(`the operator ${symbol} on ${this.describe(left)}`, at);
        if (result !== NOT_IMPLEMENTED) return result;
      }
    }
    if (left instanceof HostObject || right instanceof HostObject || left instanceof PyRef || right instanceof PyRef) {
      throw this.cannot(`the operator ${symbol} on ${this.describe(left)} and ${this.describe(right)}`, at);
    }
    throw this.raise('TypeError', `unsupported operand type(s) for ${symbol}: '${typeName(left)}' and '${typeName(right)}'`, at);
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  private nameOf(stmt: SyntaxNode, scope: Scope): string {
    const n = stmt.getChild('VariableName');
    return n ? scope.source.textOf(n) : '?';
  }

  private describe(value: PyValue): string {
    if (value instanceof HostObject) return value.describe();
    if (value instanceof PyRef) return `${value.path}${this.unfoundNote(value.path)}`;
    return typeName(value) === 'object' ? 'this value' : `a ${typeName(value)}`;
  }

  private tick(at: Site): void {
    if (++this.steps > this.stepLimit) throw this.cannot(`a program of more than ${this.stepLimit.toLocaleString('en')} steps (an endless loop?)`, at);
  }

  /** Names a statement binds at its level: assignment targets, defs, imports, loop variables. */
  private boundNames(stmt: SyntaxNode, source: PythonSource, mutations = true): string[] {
    const out = new Set<string>();
    const targetNames = (n: SyntaxNode) => {
      if (n.name === 'VariableName') out.add(source.textOf(n));
      else if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(n.name)) for (const c of childrenOf(n)) targetNames(c);
      else if (n.name === 'MemberExpression' && mutations) {
        // Mutating an object: the object itself is no longer known.
        let root: SyntaxNode | null = n;
        while (root && root.name === 'MemberExpression') root = root.firstChild;
        if (root?.name === 'VariableName') out.add(source.textOf(root));
      }
    };
    const visit = (s: SyntaxNode) => {
      switch (s.name) {
        case 'AssignStatement': {
          const parts = childrenOf(s);
          const lastOp = parts.map((p) => p.name).lastIndexOf('AssignOp');
          for (const p of parts.slice(0, lastOp)) if (p.name !== 'AssignOp' && p.name !== 'TypeDef') targetNames(p);
          break;
        }
        case 'UpdateStatement':
          targetNames(s.firstChild as SyntaxNode);
          break;
        case 'FunctionDefinition':
        case 'ClassDefinition':
          out.add(this.nameOf(s, { source } as Scope));
          break;
        case 'DecoratedStatement':
          for (const c of childrenOf(s)) if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') visit(c);
          break;
        case 'ImportStatement':
          for (const imp of parseImport(source, s)) for (const [name, alias] of imp.bindings) out.add(alias ?? (imp.from ? name : (name.split('.')[0] as string)));
          break;
        case 'ExpressionStatement': {
          const call = s.firstChild;
          if (call?.name === 'CallExpression' && call.firstChild?.name === 'MemberExpression') targetNames(call.firstChild);
          break;
        }
        default:
          for (const c of childrenOf(s)) {
            if (c.name === 'Body') for (const b of childrenOf(c)) visit(b);
            else if (s.name === 'ForStatement' && c.name === 'VariableName') out.add(source.textOf(c));
          }
      }
    };
    visit(stmt);
    return [...out];
  }
}

function numeric(v: PyValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return null;
}


const STATEMENT_WORDS: Record<string, string> = {
  MatchStatement: 'the match statement',
  PrintStatement: 'the print statement',
};

const EXPRESSION_WORDS: Record<string, string> = {
  AwaitExpression: 'an await expression',
  YieldExpression: 'a yield expression',
  NamedExpression: 'an assignment expression (:=)',
};

/** `from m import *`. */
function isStarImport(node: SyntaxNode, source: PythonSource): boolean {
  return node.name === 'ImportStatement' && parseImport(source, node).some((imp) => imp.from && imp.bindings.some(([name]) => name === '*'));
}
