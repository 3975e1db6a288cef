import { readFileSync } from 'node:fs';
import type { SyntaxNode } from '@lezer/common';
import { CannotInterpret } from '../../python/errors.js';
import { unreadableError } from '../../python/interpreter.js';
import { parseImport } from '../../python/modules.js';
import { childrenOf, type PythonSource } from '../../python/source.js';
import { HostObject, PyClass, PyFunction, PyModule, PyRef, type PyValue } from '../../python/values.js';
import type { ModelRegistry } from './metadata.js';

/** Words without which Python code cannot declare a table or give a model columns. */
const SCHEMA_WORDS = /sqlalchemy|__table(name|_args)?__|\bColumn\b|\bTable\b|\bBase\b|\bModel\b|mapped_column|Mapped\[|declarative/;

/** Statements whose nested statements run (or may) when they do. */
const COMPOUND = new Set(['IfStatement', 'TryStatement', 'ForStatement', 'WhileStatement', 'WithStatement', 'MatchStatement']);

/**
 * Whether a top-level statement that could not be followed may have declared schema, so that
 * models read without it would be incomplete. It may when it, or a project function or
 * constructor it calls, mentions SQLAlchemy or a name bound to a model, a base, a MetaData or a
 * table; when it is a class statement that says so; when it imports a module pgdrift cannot
 * parse whose text mentions SQLAlchemy; and when a statement nested in it (an import inside
 * `try`, a call inside `if`) may. A constant computed by another library (`bcrypt.gensalt()`),
 * a service object whose constructor needs the environment, or logging set-up may not.
 *
 * @example mayDeclareSchema(source, node, error, module, registry) // true for `audit_table("user_audit")`
 */
export function mayDeclareSchema(source: PythonSource, node: SyntaxNode, error: Error, module: PyModule, registry: ModelRegistry): boolean {
  const judge = new Judge(module, registry);
  return judge.statement(source, node, error);
}

class Judge {
  private readonly seen = new Set<object>();

  constructor(
    private readonly module: PyModule,
    private readonly registry: ModelRegistry,
  ) {}

  statement(source: PythonSource, node: SyntaxNode, error: Error): boolean {
    // An import is judged by its own failure; one that ran is harmless (what it bound is judged where used).
    if (node.name === 'ImportStatement') return failedHere(source, node, error) && importMayDeclare(error);
    if (COMPOUND.has(node.name)) return nested(node).some((s) => this.statement(source, s, error)) || this.mentions(source, node, this.module);
    return SCHEMA_WORDS.test(code(source, node)) || this.mentions(source, node, this.module);
  }

  /** Whether the code under `node` uses a name (or `a.b` chain) bound to something that declares schema. */
  private mentions(source: PythonSource, node: SyntaxNode, module: PyModule, depth = 0): boolean {
    let found = false;
    // A function's own names (parameters, imports, assignments) are not the module's.
    const local = node.name === 'FunctionDefinition' ? localNames(source, node) : new Set<string>();
    node.cursor().iterate((n) => {
      if (found) return false;
      if (n.name !== 'VariableName' || local.has(source.textOf(n.node))) return undefined;
      const value = this.chain(source, n.node, module);
      if (value !== undefined && this.declares(value, depth)) found = true;
      return undefined;
    });
    return found;
  }

  /** `a` or `a.b.c` from the module's globals, following project modules' attributes. */
  private chain(source: PythonSource, name: SyntaxNode, module: PyModule): PyValue | undefined {
    let value = module.globals.get(source.textOf(name));
    if (value === undefined || unreadableError(value)) return undefined;
    for (let n = name.parent; n?.name === 'MemberExpression' && n.firstChild?.from === name.from; n = n.parent) {
      const prop = n.getChild('PropertyName');
      if (!prop || !(value instanceof PyModule)) break;
      value = value.globals.get(source.textOf(prop));
      if (value === undefined || unreadableError(value)) return undefined;
    }
    return value;
  }

  /** Whether a value is, or runs code that makes, a table, a column or a model. */
  private declares(value: PyValue, depth: number): boolean {
    if (value instanceof PyRef) return declaresSchemaByName(value.path);
    if (value instanceof HostObject) return true;
    if (value instanceof PyClass) {
      // Subclassing a base makes a table; querying a model (`db.query(Config)`) makes none.
      if (this.registry.bases.has(value)) return true;
      if (this.registry.tableOf(value) !== null) return false;
      if (this.registry.baseOf(value) !== null) return true;
      const init = value.lookup('__init__');
      return init instanceof PyFunction ? this.body(init, depth) : false;
    }
    if (value instanceof PyFunction) return this.body(value, depth);
    return false;
  }

  /** A project function's body: its words, and (three calls deep) the names it uses. */
  private body(fn: PyFunction, depth: number): boolean {
    if (this.seen.has(fn)) return false;
    this.seen.add(fn);
    const { source, node, module } = fn.definition;
    if (SCHEMA_WORDS.test(code(source, node))) return true;
    return depth < 3 && this.mentions(source, node, module, depth + 1);
  }
}

/** Names a function binds itself: parameters, names it imports or assigns, loop variables. */
function localNames(source: PythonSource, fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const params = fn.getChild('ParamList');
  if (params) for (const p of childrenOf(params)) if (p.name === 'VariableName') out.add(source.textOf(p));
  fn.cursor().iterate((n) => {
    if (n.name === 'ImportStatement') {
      for (const imp of parseImport(source, n.node)) for (const [name, alias] of imp.bindings) out.add(alias ?? (imp.from ? name : (name.split('.')[0] as string)));
      return false;
    }
    if (n.name === 'AssignStatement' || n.name === 'ForStatement') {
      for (const c of childrenOf(n.node)) {
        if (c.name === 'AssignOp' || c.name === 'in') break;
        if (c.name === 'VariableName') out.add(source.textOf(c));
      }
    }
    return undefined;
  });
  return out;
}

/** SQLAlchemy names that make tables, columns or what create_all creates (not engines, sessions, queries). */
const SCHEMA_NAMES = new Set([
  'Table', 'Column', 'Index', 'UniqueConstraint', 'CheckConstraint', 'ForeignKeyConstraint', 'PrimaryKeyConstraint', 'ExcludeConstraint',
  'MetaData', 'ForeignKey', 'Sequence', 'Enum', 'ENUM', 'DDL', 'Computed', 'Identity', 'mapped_column', 'declarative_base', 'registry',
  'DeclarativeBase', 'DeclarativeBaseNoMeta', 'declared_attr', 'column_property', 'deferred', 'as_declarative',
]);

function declaresSchemaByName(path: string): boolean {
  if (/^(flask_sqlalchemy|sqlmodel)\b/.test(path)) return true;
  if (!/^sqlalchemy\b/.test(path)) return false;
  return path.split('.').some((part) => SCHEMA_NAMES.has(part));
}

/** The statements directly inside a compound statement's bodies (and `else`/`except`/`finally`). */
function nested(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of childrenOf(node)) {
    if (c.name === 'Body' || c.name === 'MatchBody' || c.name === 'MatchClause') {
      for (const s of childrenOf(c)) if (s.name !== ':' && s.name !== 'Body') out.push(s);
      for (const b of childrenOf(c).filter((x) => x.name === 'Body')) out.push(...childrenOf(b).filter((s) => s.name !== ':'));
    }
  }
  return out;
}

/**
 * Whether the statement's failure comes from this import: the error is inside it, or it is the
 * syntax of a module it imports that pgdrift cannot parse.
 */
function failedHere(source: PythonSource, node: SyntaxNode, error: Error): boolean {
  if (!(error instanceof CannotInterpret)) return true;
  const syntax = /Python syntax near .* in module ([\w.]+)/.exec(error.construct);
  if (syntax) return parseImport(source, node).some((i) => [i.module, ...i.names.map((n) => `${i.module}.${n}`)].some((m) => m === syntax[1] || (m !== '' && (syntax[1] as string).endsWith(`.${m}`)) || (syntax[1] as string).endsWith(m)));
  const m = /^(.*):(\d+):\d+$/.exec(error.where);
  if (!m || m[1] !== source.file) return false;
  const line = Number(m[2]);
  return line >= source.line(node) && line <= source.line(node) + source.textOf(node).split('\n').length - 1;
}

/**
 * A failed import may have declared schema unless what failed is a module pgdrift cannot parse
 * whose text never mentions SQLAlchemy (a settings file with syntax the subset's parser lacks).
 */
function importMayDeclare(error: Error): boolean {
  const unparsed = error instanceof CannotInterpret && /Python syntax/.test(error.construct) ? /^(.*):\d+:\d+$/.exec(error.where)?.[1] : undefined;
  if (unparsed === undefined) return true;
  try {
    return SCHEMA_WORDS.test(withoutLiterals(readFileSync(unparsed, 'utf8')));
  } catch {
    return true;
  }
}

/** A node's code without string literals and comments, for a word test ('Arena Model' is no model). */
function code(source: PythonSource, node: SyntaxNode): string {
  return withoutLiterals(source.textOf(node));
}

function withoutLiterals(text: string): string {
  return text.replace(/("""|''')[\s\S]*?\1|(["'])(?:\\.|(?!\2)[^\\\n])*\2|#.*$/gm, '');
}
