import type { Runtime, Site } from '../../python/runtime.js';
import { PyBoundMethod, PyDict, PySequence, type PyValue } from '../../python/values.js';
import { SaObject } from './python-value.js';
import { BinaryExpr, BoolExpr, ColumnExpr, DmlExpr, LabelExpr, SelectExpr, SqlElement, TableExpr, UnaryExpr } from './sql-builder.js';

/** SQL elements and the SQLAlchemy objects that act as columns or expressions in a statement. */
export function isSql(value: PyValue): value is SqlElement | SaObject {
  if (value instanceof SqlElement) return true;
  return value instanceof SaObject && (value.name === 'sa.column' || value.name.startsWith('func.') || ['sa.literal', 'sa.cast', 'sa.null', 'sa.true', 'sa.false', 'sa.literal_column'].includes(value.name));
}

const ELEMENT_METHODS = new Set(['in_', 'not_in', 'notin_', 'is_', 'is_not', 'isnot', 'like', 'ilike', 'not_like', 'notlike', 'not_ilike', 'startswith', 'endswith', 'contains', 'label', 'desc', 'asc', 'between', 'distinct', 'isnot_distinct_from', 'is_distinct_from', 'cast', 'op']);
const SELECT_METHODS = new Set(['where', 'filter', 'order_by', 'limit', 'offset', 'select_from', 'distinct', 'group_by', 'execution_options', 'with_only_columns', 'add_columns']);
const DML_METHODS = new Set(['values', 'where', 'filter', 'execution_options', 'from_select', 'inline', 'returning']);

/** An attribute of a SQL element: its methods, and `name`/`key`/`table`/`type` of a column. */
export function sqlMethod(value: SqlElement | SaObject, name: string): PyValue | undefined {
  if (value instanceof ColumnExpr) {
    if (name === 'name' || name === 'key') return value.name;
    if (name === 'table') return value.table;
    if (name === 'type') return value.type;
  }
  if (value instanceof LabelExpr && name === 'name') return value.name;
  const methods = value instanceof SelectExpr ? SELECT_METHODS : value instanceof DmlExpr ? DML_METHODS : ELEMENT_METHODS;
  return methods.has(name) ? new PyBoundMethod(value, name, null) : undefined;
}

const OPERATORS: Record<string, string> = { '==': '=', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '+': '+', '-': '-', '*': '*', '/': '/', '%': '%' };

/** Python operators on SQL elements build SQL expressions, as SQLAlchemy's operator overloading does. */
export function sqlOperator(op: string, left: PyValue, right: PyValue, _at: Site, _rt: Runtime): PyValue | undefined {
  if (!isSql(left) && !isSql(right)) return undefined;
  if (op === '&') return new BoolExpr('AND', [left, right]);
  if (op === '|') return new BoolExpr('OR', [left, right]);
  const sql = OPERATORS[op];
  if (sql === undefined) return undefined;
  if (op === '+' && (typeof left === 'string' || typeof right === 'string')) return new BinaryExpr('||', left, right);
  return isSql(left) ? new BinaryExpr(sql, left, right) : new BinaryExpr(sql === '<' ? '>' : sql === '>' ? '<' : sql === '<=' ? '>=' : sql === '>=' ? '<=' : sql, right, left);
}

export function sqlUnary(op: string, value: PyValue): PyValue | undefined {
  if (!isSql(value)) return undefined;
  if (op === '~' || op === 'not') return new UnaryExpr('NOT ', value);
  if (op === '-') return new UnaryExpr('-', value);
  return undefined;
}

function seq(value: PyValue | undefined): PyValue[] {
  if (value === undefined) return [];
  return value instanceof PySequence ? value.items : [value];
}

function emptySelect(columns: readonly PyValue[]): SelectExpr {
  return new SelectExpr({ columns, from: [], where: [], orderBy: [], groupBy: [], limit: null, offset: null, distinct: false });
}

/**
 * Builds statements and expressions: `sa.select(…)`, `sa.insert(t)`, `sa.and_(…)`,
 * `table.update()`, and the chained methods of elements and statements (`.where()`,
 * `.values()`, `.in_()`…). Returns undefined for names it does not build.
 */
export async function sqlCall(name: string, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, at: Site, rt: Runtime): Promise<PyValue | undefined> {
  const [first, second] = args;
  switch (name) {
    case 'sa.select': {
      // 1.x style select([a, b]) and 2.x style select(a, b).
      const columns = args.length === 1 && first instanceof PySequence ? first.items : args;
      return emptySelect(columns);
    }
    case 'sa.insert':
    case 'table.insert':
      return first instanceof TableExpr ? new DmlExpr('insert', first, (second as PyDict | undefined) ?? (kwargs.get('values') as PyDict | undefined) ?? null) : undefined;
    case 'sa.update':
    case 'table.update':
      return first instanceof TableExpr ? new DmlExpr('update', first, (kwargs.get('values') as PyDict | undefined) ?? null, kwargs.has('whereclause') ? [kwargs.get('whereclause') as PyValue] : []) : undefined;
    case 'sa.delete':
    case 'table.delete':
      return first instanceof TableExpr ? new DmlExpr('delete', first, null, kwargs.has('whereclause') ? [kwargs.get('whereclause') as PyValue] : []) : undefined;
    case 'table.select':
      return first instanceof TableExpr ? emptySelect([first]).with(second !== undefined ? { where: [second] } : {}) : undefined;
    case 'sa.and_':
      return new BoolExpr('AND', args);
    case 'sa.or_':
      return new BoolExpr('OR', args);
    case 'sa.not_':
      return new UnaryExpr('NOT ', first ?? null);
    case 'sa.desc':
    case 'sa.asc':
      return typeof first === 'string' || first === undefined ? undefined : new UnaryExpr('', first, name === 'sa.desc' ? ' DESC' : ' ASC');
    case 'sa.exists':
      return first instanceof SelectExpr ? new UnaryExpr('EXISTS ', first) : undefined;
    default:
      break;
  }
  if (!name.startsWith('method.')) return undefined;
  const method = name.slice('method.'.length);
  const self = first as PyValue;
  const rest = args.slice(1);
  if (self instanceof SelectExpr) {
    const p = self.parts;
    switch (method) {
      case 'where':
      case 'filter':
        return self.with({ where: [...p.where, ...rest] });
      case 'order_by':
        return self.with({ orderBy: [...p.orderBy, ...rest] });
      case 'group_by':
        return self.with({ groupBy: [...p.groupBy, ...rest] });
      case 'limit':
        return self.with({ limit: rest[0] as number });
      case 'offset':
        return self.with({ offset: rest[0] as number });
      case 'select_from':
        return self.with({ from: [...p.from, ...rest.filter((t): t is TableExpr => t instanceof TableExpr)] });
      case 'distinct':
        return self.with({ distinct: true });
      case 'with_only_columns':
        return self.with({ columns: rest.length === 1 && rest[0] instanceof PySequence ? rest[0].items : rest });
      case 'add_columns':
        return self.with({ columns: [...p.columns, ...rest] });
      case 'execution_options':
        return self;
      default:
        return undefined;
    }
  }
  if (self instanceof DmlExpr) {
    switch (method) {
      case 'values': {
        const values = rest[0] instanceof PyDict ? new PyDict([...rest[0].entries, ...kwargs]) : rest[0] instanceof PySequence ? rest[0] : new PyDict([...kwargs]);
        if (values instanceof PySequence) throw rt.cannot('.values() with several rows', at);
        return self.with({ values: new PyDict([...(self.values instanceof PyDict ? self.values.entries : []), ...values.entries]) });
      }
      case 'where':
      case 'filter':
        return self.with({ where: [...self.where, ...rest] });
      case 'from_select': {
        const names = seq(rest[0]).map((n) => (n instanceof ColumnExpr ? n.name : String(n)));
        return rest[1] instanceof SelectExpr ? self.with({ fromSelect: { names, select: rest[1] } }) : undefined;
      }
      case 'execution_options':
      case 'inline':
        return self;
      default:
        return undefined;
    }
  }
  if (!isSql(self)) return undefined;
  const other = rest[0] ?? null;
  switch (method) {
    case 'in_':
      return new BinaryExpr('IN', self, other instanceof SelectExpr ? other : new PySequence('list', await rt.iterate(other, at)));
    case 'not_in':
    case 'notin_':
      return new BinaryExpr('NOT IN', self, other instanceof SelectExpr ? other : new PySequence('list', await rt.iterate(other, at)));
    case 'is_':
      return new BinaryExpr('IS', self, other);
    case 'is_not':
    case 'isnot':
      return new BinaryExpr('IS NOT', self, other);
    case 'like':
      return new BinaryExpr('LIKE', self, other);
    case 'ilike':
      return new BinaryExpr('ILIKE', self, other);
    case 'not_like':
    case 'notlike':
      return new BinaryExpr('NOT LIKE', self, other);
    case 'not_ilike':
      return new BinaryExpr('NOT ILIKE', self, other);
    case 'startswith':
      return new BinaryExpr('LIKE', self, `${String(other)}%`);
    case 'endswith':
      return new BinaryExpr('LIKE', self, `%${String(other)}`);
    case 'contains':
      return new BinaryExpr('LIKE', self, `%${String(other)}%`);
    case 'label':
      return new LabelExpr(self, String(other));
    case 'desc':
      return new UnaryExpr('', self, ' DESC');
    case 'asc':
      return new UnaryExpr('', self, ' ASC');
    case 'is_distinct_from':
      return new BinaryExpr('IS DISTINCT FROM', self, other);
    case 'isnot_distinct_from':
      return new BinaryExpr('IS NOT DISTINCT FROM', self, other);
    default:
      return undefined;
  }
}

export { SaObject };
