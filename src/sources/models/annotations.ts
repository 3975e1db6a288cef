import type { SyntaxNode } from '@lezer/common';
import { CannotInterpret } from '../../python/errors.js';
import { builtinValue } from '../../python/builtins.js';
import type { Runtime } from '../../python/runtime.js';
import { PythonSource, childrenOf, decodeStringLiteral } from '../../python/source.js';
import { PyBuiltin, PyClass, PyRef, typeExpressionKey, type ClassAnnotation, type PyValue } from '../../python/values.js';
import { ANNOTATION_ENUM, isTypeValue } from '../../migrations/alembic/sa-types.js';
import { enumFromClass, isEnumClass } from './python-enum.js';

/** What a class-body annotation says about a column. */
export type AnnotatedColumn =
  /** `type()` reads the SQLAlchemy type only when the column gives none (`Mapped[dict] = mapped_column(JSONB)` needs none). */
  | { readonly kind: 'column'; readonly type: () => PyValue; readonly nullable: boolean }
  /** Not `Mapped[…]` (a ClassVar, a plain hint), or `Mapped[…]` of a mapped class (a relationship). */
  | { readonly kind: 'other' };

/** SQLAlchemy's default `type_annotation_map`, by the Python type's path. */
const DEFAULT_TYPES: Readonly<Record<string, string>> = {
  'builtins.int': 'sqlalchemy.Integer',
  'builtins.str': 'sqlalchemy.String',
  'builtins.bool': 'sqlalchemy.Boolean',
  'builtins.float': 'sqlalchemy.Float',
  'builtins.bytes': 'sqlalchemy.LargeBinary',
  'datetime.datetime': 'sqlalchemy.DateTime',
  'datetime.date': 'sqlalchemy.Date',
  'datetime.time': 'sqlalchemy.Time',
  'datetime.timedelta': 'sqlalchemy.Interval',
  'decimal.Decimal': 'sqlalchemy.Numeric',
  'uuid.UUID': 'sqlalchemy.Uuid',
};

/** Builtin types an annotation may name that the subset has no value for. */
const BUILTIN_TYPES = new Set(['bytes', 'bytearray', 'dict', 'list', 'set', 'frozenset', 'tuple', 'object', 'type', 'complex']);

const OPTIONAL = new Set(['typing.Optional', 'typing_extensions.Optional']);
const UNION = new Set(['typing.Union', 'typing_extensions.Union']);
const MAPPED = /^sqlalchemy\.orm(\.[a-z_.]+)?\.Mapped$/;

/**
 * Reads `Mapped[Optional[str]]` and its spellings (`Mapped[str | None]`, `"Mapped[str]"` under
 * `from __future__ import annotations`, `Union[…, None]`) as SQLAlchemy's declarative scan does:
 * the column type from the type map (the base's `type_annotation_map` first), and nullability
 * from whether `None` is allowed.
 *
 * @example annotatedColumn(ann, new Map(), rt) // { kind: 'column', type: PyRef('sqlalchemy.String'), nullable: true }
 */
export function annotatedColumn(annotation: ClassAnnotation, typeMap: ReadonlyMap<string, PyValue>, rt: Runtime): AnnotatedColumn {
  const reader = new AnnotationReader(annotation, rt);
  const top = reader.expression(annotation.node);
  if (top.kind !== 'subscript' || !MAPPED.test(top.path)) return { kind: 'other' };
  const inner = top.args[0];
  if (!inner) return reader.fail('Mapped[] without a type');
  const { node, nullable } = reader.unwrapOptional(inner);
  const resolved = reader.resolve(node);
  if (resolved instanceof PyClass && !isEnumClass(resolved) && resolved.externalBases().some((b) => /^sqlalchemy\.orm/.test(b) || b.endsWith('DeclarativeBase'))) return { kind: 'other' };
  if (resolved === 'relationship') return { kind: 'other' };
  return { kind: 'column', type: () => reader.sqlType(node, resolved, typeMap), nullable };
}

type Read = { readonly kind: 'subscript'; readonly path: string; readonly args: readonly SyntaxNode[] } | { readonly kind: 'plain' };

class AnnotationReader {
  /** The text nodes belong to: the file, or a string annotation's parsed text. */
  private source: PythonSource;

  constructor(
    private readonly annotation: ClassAnnotation,
    private readonly rt: Runtime,
  ) {
    this.source = annotation.source;
  }

  fail(construct: string): never {
    throw new CannotInterpret(this.annotation.source.where(this.annotation.node), `the annotation ${construct}`);
  }

  /** The annotation's outer shape; a string annotation is parsed first. */
  expression(node: SyntaxNode): Read {
    const n = this.unquote(node);
    if (n.name !== 'MemberExpression' || !childrenOf(n).some((c) => c.name === '[')) return { kind: 'plain' };
    const parts = childrenOf(n);
    const target = this.resolve(parts[0] as SyntaxNode);
    const path = target instanceof PyRef ? target.path : '';
    const args = parts.slice(2, -1).filter((c) => c.name !== ',');
    // `Mapped[A, B]` parses as one TupleExpression inside the brackets.
    const flat = args.length === 1 && args[0]?.name === 'TupleExpression' ? childrenOf(args[0]).filter((c) => c.name !== ',' && c.name !== '(' && c.name !== ')') : args;
    return { kind: 'subscript', path, args: flat };
  }

  /** `Optional[X]`, `X | None`, `Union[X, None]` → X and nullable; anything else as is. */
  unwrapOptional(node: SyntaxNode): { node: SyntaxNode; nullable: boolean } {
    const n = this.unquote(node);
    if (n.name === 'BinaryExpression') {
      const [left, op, right] = childrenOf(n);
      if (op && this.source.textOf(op) === '|' && left && right) {
        if (this.isNone(right)) return { node: this.unwrapOptional(left).node, nullable: true };
        if (this.isNone(left)) return { node: this.unwrapOptional(right).node, nullable: true };
        return this.fail(`\`${this.source.textOf(n)}\` (a union of types)`);
      }
    }
    const read = this.expression(n);
    if (read.kind === 'subscript' && OPTIONAL.has(read.path) && read.args.length === 1) return { node: this.unwrapOptional(read.args[0] as SyntaxNode).node, nullable: true };
    if (read.kind === 'subscript' && UNION.has(read.path)) {
      const rest = read.args.filter((a) => !this.isNone(a));
      if (rest.length === 1) return { node: this.unwrapOptional(rest[0] as SyntaxNode).node, nullable: rest.length < read.args.length };
      return this.fail(`\`${this.source.textOf(n)}\` (a union of types)`);
    }
    return { node: n, nullable: false };
  }

  private isNone(node: SyntaxNode): boolean {
    const n = this.unquote(node);
    return n.name === 'None' || this.source.textOf(n) === 'None';
  }

  /** A string annotation's expression, parsed; other nodes as they are. */
  private unquote(node: SyntaxNode): SyntaxNode {
    if (node.name !== 'String') return node;
    const text = decodeStringLiteral(this.source.textOf(node));
    let parsed: PythonSource;
    try {
      parsed = PythonSource.parse(this.source.file, text);
    } catch {
      return this.fail(`'${text}'`);
    }
    const stmt = childrenOf(parsed.tree.topNode)[0];
    const expr = stmt?.name === 'ExpressionStatement' ? stmt.firstChild : null;
    if (!expr) return this.fail(`'${text}'`);
    // Later reads use the parsed text's own source.
    this.source = parsed;
    return expr;
  }

  /**
   * What a name in the annotation stands for: a library path (PyRef), a class, a builtin type;
   * 'relationship' for a collection or a quoted class name (`list["Tag"]`, `"Tag"`).
   */
  resolve(node: SyntaxNode): PyValue | 'relationship' {
    const n = this.unquote(node);
    if (n.name === 'VariableName') {
      const name = this.source.textOf(n);
      const bound = this.annotation.module.globals.get(name);
      if (bound !== undefined) return bound;
      const builtin = builtinValue(name);
      if (builtin !== undefined) return builtin;
      if (BUILTIN_TYPES.has(name)) return new PyRef(`builtins.${name}`);
      // A name defined later in the module, or only for type checkers: a mapped class, read as a relationship target.
      return /^[A-Z]/.test(name) ? 'relationship' : this.fail(`name '${name}'`);
    }
    if (n.name === 'MemberExpression' && !childrenOf(n).some((c) => c.name === '[')) {
      const [object, , property] = childrenOf(n);
      const base = this.resolve(object as SyntaxNode);
      if (base === 'relationship') return base;
      return this.rt.getAttr(base, this.source.textOf(property as SyntaxNode), { source: this.source, node: n });
    }
    if (n.name === 'MemberExpression') {
      const read = this.expression(n);
      if (read.kind !== 'subscript') return this.fail(`\`${this.source.textOf(n)}\``);
      const base = this.resolve(childrenOf(n)[0] as SyntaxNode);
      if (base === 'relationship') return base;
      const args = read.args.map((a) => this.resolve(a));
      // `list["Tag"]`, `List[Tag]`: a collection of mapped objects, a relationship.
      if (/^(builtins\.(list|set)|typing\.(List|Set|Sequence|Iterable|Collection)|sqlalchemy\.orm(\.\w+)*\.(WriteOnlyMapped|DynamicMapped))$/.test(typeExpressionKey(base))) return 'relationship';
      if (args.includes('relationship')) return 'relationship';
      // Named as the interpreter names a generic alias, so that a type map's key matches it.
      return new PyRef(`${typeExpressionKey(base)}[${(args as PyValue[]).map(typeExpressionKey).join(', ')}]`);
    }
    return this.fail(`\`${this.source.textOf(n)}\``);
  }

  /** The SQLAlchemy type a Python type maps to, as the declarative scan finds it. */
  sqlType(node: SyntaxNode, resolved: PyValue | 'relationship', typeMap: ReadonlyMap<string, PyValue>): PyValue {
    if (resolved === 'relationship') return this.fail(`\`${this.source.textOf(node)}\` (not a column type)`);
    const key = typeKey(resolved);
    if (key !== null && typeMap.has(key)) return typeMap.get(key) as PyValue;
    if (key !== null && key in DEFAULT_TYPES) return new PyRef(DEFAULT_TYPES[key] as string);
    if (resolved instanceof PyClass && isEnumClass(resolved)) return enumFromClass(resolved, null, new Map([[ANNOTATION_ENUM, true]]), node);
    if (isTypeValue(resolved)) return resolved;
    return this.fail(`\`${this.source.textOf(node)}\` (no SQLAlchemy type for it in the type_annotation_map)`);
  }
}

/** The key a Python type has in a `type_annotation_map`: its module path. */
export function typeKey(value: PyValue): string | null {
  if (value instanceof PyBuiltin || value instanceof PyClass || value instanceof PyRef) return typeExpressionKey(value);
  return null;
}
