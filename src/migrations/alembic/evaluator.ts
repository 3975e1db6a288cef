import type { SyntaxNode } from '@lezer/common';
import { canonicalName } from './canonical-name.js';
import type { PythonModule } from './python-module.js';
import { childrenOf, decodeStringLiteral, meaningfulChildren, type PythonSource } from './python-source.js';
import { PyDict, PyFloat, PyObject, PyRef, PySequence, SaObject, describeValue, type PyValue } from './python-value.js';
import { cannotInterpret, snippet } from './uninterpretable.js';

/** Arguments of a call, evaluated, with `*seq` and `**dict` spread. */
export interface CallArgs {
  readonly args: readonly PyValue[];
  readonly kwargs: ReadonlyMap<string, PyValue>;
}

/** What the evaluator asks the interpreter for: the migration environment (`op`, connections…). */
export interface EvaluatorHost {
  /**
   * A call the evaluator does not know itself: `op.*`, methods of environment objects,
   * methods of SQLAlchemy objects. Returns undefined when it cannot handle it either.
   */
  call(callee: PyValue, call: CallArgs, node: SyntaxNode): PyValue | undefined;
}

export type Locals = Map<string, PyValue>;

/**
 * Evaluates Python expressions of a migration file: literals, names, attribute access,
 * calls of SQLAlchemy constructors, containers, f-strings and simple operators. Anything else
 * is an InputError naming file:line and the construct (see `cannotInterpret`).
 */
export class Evaluator {
  readonly source: PythonSource;
  private readonly moduleValues = new Map<string, PyValue>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly module: PythonModule,
    private readonly host: EvaluatorHost,
  ) {
    this.source = module.source;
  }

  /** The value of a module-level name, evaluated once on first use. */
  moduleValue(name: string, at: SyntaxNode): PyValue {
    if (this.moduleValues.has(name)) return this.moduleValues.get(name) as PyValue;
    const binding = this.module.bindings.get(name);
    if (!binding) throw cannotInterpret(this.source, at, `the name '${name}' (not defined at module level)`);
    let value: PyValue;
    if (binding.kind === 'value') value = binding.value;
    else if (binding.kind === 'function') value = new PyObject('function', { name, node: binding.node });
    else {
      if (this.evaluating.has(name)) throw cannotInterpret(this.source, at, `the recursive definition of '${name}'`);
      this.evaluating.add(name);
      try {
        value = this.evaluate(binding.valueNode, new Map());
      } finally {
        this.evaluating.delete(name);
      }
    }
    this.moduleValues.set(name, value);
    return value;
  }

  evaluate(node: SyntaxNode, locals: Locals): PyValue {
    switch (node.name) {
      case 'String':
        return decodeStringLiteral(this.source.textOf(node));
      case 'FormatString':
        return this.formatString(node, locals);
      case 'ContinuedString':
        return childrenOf(node).map((part) => this.evaluate(part, locals)).join('');
      case 'Number':
        return this.number(node);
      case 'Boolean':
        return this.source.textOf(node) === 'True';
      case 'None':
        return null;
      case 'VariableName': {
        const name = this.source.textOf(node);
        if (locals.has(name)) return locals.get(name) as PyValue;
        return this.moduleValue(name, node);
      }
      case 'ParenthesizedExpression': {
        const inner = meaningfulChildren(node);
        if (inner.length !== 1) throw this.unsupported(node);
        return this.evaluate(inner[0] as SyntaxNode, locals);
      }
      case 'TupleExpression':
        return new PySequence('tuple', this.items(node, locals));
      case 'ArrayExpression':
        return new PySequence('list', this.items(node, locals));
      case 'DictionaryExpression':
        return this.dictionary(node, locals);
      case 'MemberExpression':
        return this.member(node, locals);
      case 'CallExpression':
        return this.callExpression(node, locals);
      case 'UnaryExpression':
        return this.unary(node, locals);
      case 'BinaryExpression':
        return this.binary(node, locals);
      case 'ConditionalExpression': {
        const [then, test, otherwise] = meaningfulChildren(node).filter((c) => c.name !== 'if' && c.name !== 'else');
        if (!then || !test || !otherwise) throw this.unsupported(node);
        return truthy(this.evaluate(test, locals)) ? this.evaluate(then, locals) : this.evaluate(otherwise, locals);
      }
      default:
        throw this.unsupported(node);
    }
  }

  unsupported(node: SyntaxNode, what?: string): Error {
    return cannotInterpret(this.source, node, what ?? `${describeNode(node.name)} \`${snippet(this.source, node)}\``);
  }

  /** Evaluated arguments of a call's ArgList. */
  callArgs(argList: SyntaxNode, locals: Locals): CallArgs {
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    const parts = childrenOf(argList).filter((c) => c.name !== '(' && c.name !== ')');
    let i = 0;
    while (i < parts.length) {
      const part = parts[i] as SyntaxNode;
      const next = parts[i + 1];
      if (part.name === ',') {
        i++;
      } else if (part.name === '*' || part.name === '**') {
        const value = this.evaluate(parts[i + 1] as SyntaxNode, locals);
        if (part.name === '*' && value instanceof PySequence) args.push(...value.items);
        else if (part.name === '**' && value instanceof PyDict) {
          for (const [k, v] of value.entries) if (typeof k === 'string') kwargs.set(k, v);
        } else throw this.unsupported(part, `unpacking of ${describeValue(value)}`);
        i += 2;
      } else if (next?.name === 'AssignOp') {
        kwargs.set(this.source.textOf(part), this.evaluate(parts[i + 2] as SyntaxNode, locals));
        i += 3;
      } else if (part.name === 'for' || next?.name === 'for') {
        throw this.unsupported(argList, `a generator expression \`${snippet(this.source, argList)}\``);
      } else {
        args.push(this.evaluate(part, locals));
        i++;
      }
    }
    return { args, kwargs };
  }

  private items(node: SyntaxNode, locals: Locals): PyValue[] {
    const parts = childrenOf(node).filter((c) => !['(', ')', '[', ']', ','].includes(c.name));
    if (parts.some((p) => p.name === 'for')) throw this.unsupported(node, `a comprehension \`${snippet(this.source, node)}\``);
    const out: PyValue[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as SyntaxNode;
      if (part.name === '*') {
        const spread = this.evaluate(parts[++i] as SyntaxNode, locals);
        if (!(spread instanceof PySequence)) throw this.unsupported(part, `unpacking of ${describeValue(spread)}`);
        out.push(...spread.items);
      } else out.push(this.evaluate(part, locals));
    }
    return out;
  }

  private dictionary(node: SyntaxNode, locals: Locals): PyDict {
    const parts = childrenOf(node).filter((c) => !['{', '}', ','].includes(c.name));
    if (parts.some((p) => p.name === 'for')) throw this.unsupported(node, `a comprehension \`${snippet(this.source, node)}\``);
    const entries: Array<[PyValue, PyValue]> = [];
    for (let i = 0; i < parts.length; ) {
      const part = parts[i] as SyntaxNode;
      if (part.name === '**') {
        const spread = this.evaluate(parts[i + 1] as SyntaxNode, locals);
        if (!(spread instanceof PyDict)) throw this.unsupported(part, `unpacking of ${describeValue(spread)}`);
        entries.push(...spread.entries.map(([k, v]) => [k, v] as [PyValue, PyValue]));
        i += 2;
      } else {
        // key ':' value
        entries.push([this.evaluate(part, locals), this.evaluate(parts[i + 2] as SyntaxNode, locals)]);
        i += 3;
      }
    }
    return new PyDict(entries);
  }

  private number(node: SyntaxNode): PyValue {
    const text = this.source.textOf(node).replace(/_/g, '');
    if (/^0[xob]/i.test(text)) return Number(text.toLowerCase());
    if (/^\d+$/.test(text)) return Number(text);
    if (/[jJ]$/.test(text)) throw this.unsupported(node, `the complex number ${text}`);
    return new PyFloat(Number(text));
  }

  private formatString(node: SyntaxNode, locals: Locals): string {
    const text = this.source.textOf(node);
    const prefix = /^[A-Za-z]*/.exec(text)?.[0] ?? '';
    const quote = text.slice(prefix.length).startsWith('"""') || text.slice(prefix.length).startsWith("'''") ? 3 : 1;
    const bodyStart = node.from + prefix.length + quote;
    const bodyEnd = node.to - quote;
    const raw = /r/i.test(prefix);
    let out = '';
    let at = bodyStart;
    const literal = (from: number, to: number) => {
      const piece = this.source.text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      return raw ? piece : decodeStringLiteral(`'${piece.replace(/'/g, "\\'")}'`);
    };
    for (const part of childrenOf(node)) {
      if (part.name !== 'FormatReplacement') continue;
      out += literal(at, part.from);
      const inner = meaningfulChildren(part);
      const expr = inner[0];
      if (!expr || inner.some((c) => c.name === 'FormatSpec')) throw this.unsupported(part, `the f-string field \`${this.source.textOf(part)}\``);
      const conversion = inner.find((c) => c.name === 'FormatConversion');
      const value = this.evaluate(expr, locals);
      out += conversion && this.source.textOf(conversion) === '!r' ? pythonRepr(value, part, this) : pythonStr(value, part, this);
      at = part.to;
    }
    return out + literal(at, bodyEnd);
  }

  private member(node: SyntaxNode, locals: Locals): PyValue {
    const parts = childrenOf(node);
    const object = this.evaluate(parts[0] as SyntaxNode, locals);
    if (parts[1]?.name === '[') {
      const index = this.evaluate(parts[2] as SyntaxNode, locals);
      if (object instanceof PySequence && typeof index === 'number') {
        const item = object.items[index < 0 ? object.items.length + index : index];
        if (item === undefined) throw this.unsupported(node, `the out-of-range index \`${snippet(this.source, node)}\``);
        return item;
      }
      if (object instanceof PyDict) {
        const entry = object.entries.find(([k]) => k === index);
        if (entry) return entry[1];
      }
      if (typeof object === 'string' && typeof index === 'number') {
        const ch = object[index < 0 ? object.length + index : index];
        if (ch !== undefined) return ch;
      }
      throw this.unsupported(node, `the subscript \`${snippet(this.source, node)}\``);
    }
    const property = parts.find((p) => p.name === 'PropertyName');
    if (!property) throw this.unsupported(node);
    const name = this.source.textOf(property);
    // Imported names stay symbolic until called: `sa.types.Integer` is just a longer path.
    if (object instanceof PyRef) return new PyRef(`${object.path}.${name}`);
    // Attribute of a value or runtime object: a method to call, resolved by the call.
    return new PyObject('method', { self: object, name, node });
  }

  private callExpression(node: SyntaxNode, locals: Locals): PyValue {
    const parts = childrenOf(node);
    const calleeNode = parts[0] as SyntaxNode;
    const argList = parts.find((p) => p.name === 'ArgList');
    if (!argList) throw this.unsupported(node);
    const callee = this.evaluate(calleeNode, locals);
    const call = this.callArgs(argList, locals);
    return this.call(callee, call, node);
  }

  /** Calls a value: SQLAlchemy constructors, a few builtins, string methods, or the host. */
  call(callee: PyValue, call: CallArgs, node: SyntaxNode): PyValue {
    if (callee instanceof PyRef) {
      const name = canonicalName(callee.path);
      if (name && (name.startsWith('sa.') || name.startsWith('pg.') || name.startsWith('func.'))) {
        return new SaObject(name, call.args, call.kwargs, node);
      }
      if (name === null && !callee.path.includes('.')) {
        const builtin = this.builtin(callee.path, call, node);
        if (builtin !== undefined) return builtin;
      }
      const handled = this.host.call(callee, call, node);
      if (handled !== undefined) return handled;
      throw this.unsupported(node, `the call to ${callee.path}() (\`${snippet(this.source, node)}\`), which is not SQLAlchemy or Alembic`);
    }
    if (callee instanceof PyObject && callee.kind === 'method') {
      const self = callee.data.self as PyValue;
      if (typeof self === 'string') return this.stringMethod(self, callee.data.name as string, call, node);
    }
    const handled = this.host.call(callee, call, node);
    if (handled !== undefined) return handled;
    if (callee instanceof PyObject && callee.kind === 'function') {
      throw this.unsupported(node, `the call to the helper function ${callee.data.name as string}() (\`${snippet(this.source, node)}\`)`);
    }
    throw this.unsupported(node, `the call \`${snippet(this.source, node)}\``);
  }

  private builtin(name: string, call: CallArgs, node: SyntaxNode): PyValue | undefined {
    const [first] = call.args;
    switch (name) {
      case 'str':
        return pythonStr(first ?? '', node, this);
      case 'len':
        if (first instanceof PySequence) return first.items.length;
        if (typeof first === 'string') return first.length;
        return undefined;
      case 'list':
      case 'tuple':
        if (first instanceof PySequence) return new PySequence(name, first.items);
        if (first === undefined) return new PySequence(name, []);
        return undefined;
      case 'dict':
        return new PyDict([...call.kwargs.entries()]);
      default:
        return undefined;
    }
  }

  private stringMethod(self: string, method: string, call: CallArgs, node: SyntaxNode): PyValue {
    const [a, b] = call.args;
    switch (method) {
      case 'upper':
        return self.toUpperCase();
      case 'lower':
        return self.toLowerCase();
      case 'strip':
        return typeof a === 'string' ? trimChars(self, a) : self.trim();
      case 'replace':
        if (typeof a === 'string' && typeof b === 'string') return self.split(a).join(b);
        break;
      case 'join':
        if (a instanceof PySequence && a.items.every((i) => typeof i === 'string')) return a.items.join(self);
        break;
      case 'format': {
        let auto = 0;
        return self.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, field: string | undefined) => {
          if (all === '{{') return '{';
          if (all === '}}') return '}';
          const key = field ?? '';
          if (/[:!]/.test(key)) throw this.unsupported(node, `the format field {${key}}`);
          const value = key === '' ? call.args[auto++] : /^\d+$/.test(key) ? call.args[Number(key)] : call.kwargs.get(key);
          if (value === undefined) throw this.unsupported(node, `the format field {${key}}`);
          return pythonStr(value, node, this);
        });
      }
      default:
        break;
    }
    throw this.unsupported(node, `the string method .${method}() (\`${snippet(this.source, node)}\`)`);
  }

  private unary(node: SyntaxNode, locals: Locals): PyValue {
    const [op, operand] = childrenOf(node);
    const value = this.evaluate(operand as SyntaxNode, locals);
    const symbol = this.source.textOf(op as SyntaxNode);
    if (symbol === 'not') return !truthy(value);
    if (symbol === '-' && typeof value === 'number') return -value;
    if (symbol === '-' && value instanceof PyFloat) return new PyFloat(-value.value);
    if (symbol === '+' && (typeof value === 'number' || value instanceof PyFloat)) return value;
    throw this.unsupported(node);
  }

  private binary(node: SyntaxNode, locals: Locals): PyValue {
    const [leftNode, opNode, rightNode] = childrenOf(node);
    const symbol = this.source.textOf(opNode as SyntaxNode);
    const left = this.evaluate(leftNode as SyntaxNode, locals);
    if (symbol === 'and') return truthy(left) ? this.evaluate(rightNode as SyntaxNode, locals) : left;
    if (symbol === 'or') return truthy(left) ? left : this.evaluate(rightNode as SyntaxNode, locals);
    const right = this.evaluate(rightNode as SyntaxNode, locals);
    const num = (v: PyValue) => (typeof v === 'number' ? v : v instanceof PyFloat ? v.value : undefined);
    const l = num(left);
    const r = num(right);
    const isFloat = left instanceof PyFloat || right instanceof PyFloat;
    const wrap = (v: number) => (isFloat ? new PyFloat(v) : v);
    switch (symbol) {
      case '+':
        if (typeof left === 'string' && typeof right === 'string') return left + right;
        if (left instanceof PySequence && right instanceof PySequence && left.kind === right.kind) {
          return new PySequence(left.kind, [...left.items, ...right.items]);
        }
        if (l !== undefined && r !== undefined) return wrap(l + r);
        break;
      case '-':
        if (l !== undefined && r !== undefined) return wrap(l - r);
        break;
      case '*':
        if (typeof left === 'string' && typeof right === 'number') return left.repeat(right);
        if (l !== undefined && r !== undefined) return wrap(l * r);
        break;
      case '//':
        if (typeof left === 'number' && typeof right === 'number' && right !== 0) return Math.floor(left / right);
        break;
      case '%':
        if (typeof left === 'string') return this.percentFormat(left, right, node);
        break;
      case '==':
        return equal(left, right);
      case '!=':
        return !equal(left, right);
      case 'is':
        return left === right;
      default:
        break;
    }
    throw this.unsupported(node, `the expression \`${snippet(this.source, node)}\``);
  }

  private percentFormat(template: string, values: PyValue, node: SyntaxNode): string {
    const list = values instanceof PySequence && values.kind === 'tuple' ? values.items : [values];
    let i = 0;
    return template.replace(/%(%|s|d|r)/g, (_all, code: string) => {
      if (code === '%') return '%';
      const value = list[i++];
      if (value === undefined) throw this.unsupported(node, 'a %-format with too few values');
      return code === 'r' ? pythonRepr(value, node, this) : pythonStr(value, node, this);
    });
  }
}

function trimChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start] as string)) start++;
  while (end > start && chars.includes(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

function equal(a: PyValue, b: PyValue): boolean {
  if (a instanceof PyFloat || b instanceof PyFloat) {
    const x = a instanceof PyFloat ? a.value : a;
    const y = b instanceof PyFloat ? b.value : b;
    return x === y;
  }
  return a === b;
}

/** Python truthiness of a computed value. */
export function truthy(value: PyValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof PySequence) return value.items.length > 0;
  if (value instanceof PyDict) return value.entries.length > 0;
  return true;
}

/** `str(value)` for the values an f-string or format may hold. */
export function pythonStr(value: PyValue, node: SyntaxNode, ev: Evaluator): string {
  if (typeof value === 'string') return value;
  return pythonRepr(value, node, ev);
}

/** `repr(value)` for plain values. */
export function pythonRepr(value: PyValue, node: SyntaxNode, ev: Evaluator): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'string') return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value instanceof PySequence) {
    const inner = value.items.map((i) => pythonRepr(i, node, ev)).join(', ');
    return value.kind === 'list' ? `[${inner}]` : value.items.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  throw ev.unsupported(node, `formatting ${describeValue(value)} as text`);
}

/** Python's repr of a float: always with a decimal point or exponent. */
export function floatRepr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

const NODE_WORDS: Record<string, string> = {
  ArrayComprehensionExpression: 'a list comprehension',
  DictionaryComprehensionExpression: 'a dict comprehension',
  SetComprehensionExpression: 'a set comprehension',
  ComprehensionExpression: 'a generator expression',
  LambdaExpression: 'a lambda',
  AwaitExpression: 'an await expression',
  SetExpression: 'a set',
  ConditionalExpression: 'a conditional expression',
};

function describeNode(name: string): string {
  return NODE_WORDS[name] ?? 'the expression';
}
