import { readFileSync } from 'node:fs';
import { PyRaise } from '../../python/errors.js';
import type { CallArgs, Site } from '../../python/runtime.js';
import { HostObject, PyDict, PyInstance, PySequence, type PyValue } from '../../python/values.js';
import type { QueryResult } from './results.js';
import { SA_EXCEPTIONS, type ShadowSession } from './session.js';

const sqlCache = new Map<string, string>();

/** The text of one of the `.sql` files beside this module, in `sql/`. */
export function alembicSql(file: string): string {
  let text = sqlCache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
    sqlCache.set(file, text);
  }
  return text;
}

/**
 * A reflected column type: prints and compares as the SQLAlchemy type the PostgreSQL dialect
 * reflects (`VARCHAR(255)`, `TEXT`, `TIMESTAMP`…).
 */
export class ReflectedType extends HostObject {
  constructor(
    /** `format_type()` text, e.g. `character varying(255)`. */
    readonly formatted: string,
  ) {
    super();
  }

  /** The SQLAlchemy class name and what `str()` prints. */
  get reflected(): { readonly classes: readonly string[]; readonly text: string } {
    return reflectType(this.formatted);
  }

  describe(): string {
    return `the reflected type ${this.reflected.text}`;
  }
}

const SIMPLE: Record<string, [string, string[]]> = {
  text: ['TEXT', ['TEXT', 'Text', 'String']],
  integer: ['INTEGER', ['INTEGER', 'Integer']],
  bigint: ['BIGINT', ['BIGINT', 'BigInteger', 'Integer']],
  smallint: ['SMALLINT', ['SMALLINT', 'SmallInteger', 'Integer']],
  boolean: ['BOOLEAN', ['BOOLEAN', 'Boolean']],
  date: ['DATE', ['DATE', 'Date']],
  json: ['JSON', ['JSON']],
  jsonb: ['JSONB', ['JSONB', 'JSON']],
  uuid: ['UUID', ['UUID', 'Uuid']],
  bytea: ['BYTEA', ['BYTEA', 'LargeBinary']],
  real: ['REAL', ['REAL', 'Float']],
  'double precision': ['DOUBLE PRECISION', ['DOUBLE_PRECISION', 'Double', 'Float']],
  interval: ['INTERVAL', ['INTERVAL', 'Interval']],
  inet: ['INET', ['INET']],
  tsvector: ['TSVECTOR', ['TSVECTOR']],
  citext: ['CITEXT', ['CITEXT']],
};

function reflectType(formatted: string): { classes: string[]; text: string } {
  const array = formatted.endsWith('[]');
  const base = array ? formatted.slice(0, -2) : formatted;
  let out: { classes: string[]; text: string };
  const m = /^(character varying|character|numeric|timestamp|time)(?:\(([^)]*)\))?(.*)$/.exec(base);
  if (SIMPLE[base]) out = { text: SIMPLE[base][0], classes: SIMPLE[base][1] };
  else if (m) {
    const [, kind, args, rest] = m;
    const suffix = args !== undefined ? `(${args.split(',').map((a) => a.trim()).join(', ')})` : '';
    if (kind === 'character varying') out = { text: `VARCHAR${suffix}`, classes: ['VARCHAR', 'String'] };
    else if (kind === 'character') out = { text: `CHAR${suffix}`, classes: ['CHAR', 'String'] };
    else if (kind === 'numeric') out = { text: `NUMERIC${suffix}`, classes: ['NUMERIC', 'Numeric'] };
    else if (kind === 'timestamp') out = { text: 'TIMESTAMP', classes: ['TIMESTAMP', 'DateTime'], ...(rest?.includes('with time zone') ? {} : {}) };
    else out = { text: 'TIME', classes: ['TIME', 'Time'] };
  } else out = { text: base.toUpperCase(), classes: [] };
  if (array) return { text: `${out.text}[]`, classes: ['ARRAY'] };
  return { classes: [...out.classes, 'TypeEngine'], text: out.text };
}

/**
 * SQLAlchemy's `Inspector` on the shadow as it stands at this point of the replay. Like the
 * real one, it caches each answer until `clear_cache()`: a migration that inspects, creates a
 * table and inspects again through the same inspector sees what SQLAlchemy would show it.
 */
export class Inspector extends HostObject {
  private readonly cache = new Map<string, PyValue>();

  constructor(private readonly session: ShadowSession) {
    super();
  }

  describe(): string {
    return 'the inspector';
  }

  /** The methods this inspector answers. */
  static readonly METHODS = new Set([
    'get_table_names', 'get_view_names', 'get_materialized_view_names', 'get_sequence_names', 'get_schema_names',
    'get_columns', 'get_indexes', 'get_unique_constraints', 'get_foreign_keys', 'get_pk_constraint',
    'get_check_constraints', 'has_table', 'has_index', 'has_sequence', 'has_schema', 'get_enums', 'get_table_comment',
    'clear_cache',
  ]);

  async call(method: string, call: CallArgs, at: Site): Promise<PyValue> {
    if (method === 'clear_cache') {
      this.cache.clear();
      return null;
    }
    const arg = (i: number, name: string): PyValue => call.kwargs.get(name) ?? call.args[i] ?? null;
    const key = JSON.stringify([method, call.args.map(String), [...call.kwargs].map(([k, v]) => [k, String(v)])]);
    if (this.cache.has(key)) return this.cache.get(key) as PyValue;
    let value: PyValue;
    switch (method) {
      case 'get_table_names':
        value = await this.relations(schemaOf(arg(0, 'schema')), ['r', 'p'], at);
        break;
      case 'get_view_names':
        value = await this.relations(schemaOf(arg(0, 'schema')), ['v'], at);
        break;
      case 'get_materialized_view_names':
        value = await this.relations(schemaOf(arg(0, 'schema')), ['m'], at);
        break;
      case 'get_sequence_names':
        value = await this.relations(schemaOf(arg(0, 'schema')), ['S'], at);
        break;
      case 'get_schema_names':
        value = list((await this.query('inspector-schemas.sql', [], at)).rows.map((r) => r.values[0] as PyValue));
        break;
      case 'has_table': {
        const names = await this.relations(schemaOf(arg(1, 'schema')), ['r', 'p', 'v', 'm', 'f'], at);
        value = names.items.includes(String(arg(0, 'table_name')));
        break;
      }
      case 'has_sequence': {
        const names = await this.relations(schemaOf(arg(1, 'schema')), ['S'], at);
        value = names.items.includes(String(arg(0, 'sequence_name')));
        break;
      }
      case 'has_schema':
        value = (await this.query('inspector-schemas.sql', [], at)).rows.some((r) => r.values[0] === arg(0, 'schema_name'));
        break;
      case 'has_index': {
        const indexes = await this.indexes(String(arg(0, 'table_name')), schemaOf(arg(2, 'schema')), at);
        value = indexes.items.some((i) => (i as PyDict).get('name') === arg(1, 'index_name'));
        break;
      }
      case 'get_columns':
        value = await this.columns(String(arg(0, 'table_name')), schemaOf(arg(1, 'schema')), at);
        break;
      case 'get_indexes':
        value = await this.indexes(String(arg(0, 'table_name')), schemaOf(arg(1, 'schema')), at);
        break;
      case 'get_pk_constraint':
      case 'get_unique_constraints':
      case 'get_foreign_keys':
      case 'get_check_constraints':
        value = await this.constraints(method, String(arg(0, 'table_name')), schemaOf(arg(1, 'schema')), at);
        break;
      case 'get_enums': {
        const rows = (await this.query('inspector-enums.sql', [schemaOf(arg(0, 'schema')) ?? 'public'], at)).rows;
        value = list(rows.map((r) => dict({ name: r.values[0] as PyValue, schema: r.values[1] as PyValue, visible: r.values[2] as PyValue, labels: r.values[3] as PyValue })));
        break;
      }
      case 'get_table_comment': {
        const rows = (await this.query('inspector-table-comment.sql', [schemaOf(arg(1, 'schema')) ?? 'public', String(arg(0, 'table_name'))], at)).rows;
        if (rows.length === 0) throw this.noSuchTable(String(arg(0, 'table_name')), at);
        value = dict({ text: rows[0]?.values[0] ?? null });
        break;
      }
      default:
        throw new Error(`inspector method ${method}`);
    }
    this.cache.set(key, value);
    return value;
  }

  private async query(file: string, params: readonly unknown[], at: Site): Promise<QueryResult> {
    return this.session.execute(alembicSql(file), at, 'query', params);
  }

  private async relations(schema: string | null, kinds: readonly string[], at: Site): Promise<PySequence> {
    const rows = (await this.query('inspector-relations.sql', [schema ?? 'public', kinds], at)).rows;
    return list(rows.map((r) => r.values[0] as PyValue));
  }

  private async exists(table: string, schema: string | null, at: Site): Promise<boolean> {
    return (await this.relations(schema, ['r', 'p', 'v', 'm', 'f'], at)).items.includes(table);
  }

  private noSuchTable(table: string, at: Site): PyRaise {
    return new PyRaise(new PyInstance(SA_EXCEPTIONS.get('NoSuchTableError') as never, [table]), at.source.where(at.node));
  }

  private async columns(table: string, schema: string | null, at: Site): Promise<PySequence> {
    const rows = (await this.query('inspector-columns.sql', [schema ?? 'public', table], at)).rows;
    if (rows.length === 0 && !(await this.exists(table, schema, at))) throw this.noSuchTable(table, at);
    return list(
      rows.map((r) => {
        const [name, type, , nullable, dflt, computed, identity, comment] = r.values;
        const d = dict({
          name: name as PyValue,
          type: new ReflectedType(String(type)),
          nullable: nullable as PyValue,
          default: dflt as PyValue,
          autoincrement: typeof dflt === 'string' && dflt.startsWith('nextval(') ? true : identity !== '' && identity !== null,
          comment: comment as PyValue,
        });
        if (computed !== null) d.set('computed', dict({ sqltext: computed as PyValue, persisted: true }));
        if (identity === 'a' || identity === 'd') d.set('identity', dict({ always: identity === 'a' }));
        return d;
      }),
    );
  }

  private async indexes(table: string, schema: string | null, at: Site): Promise<PySequence> {
    if (!(await this.exists(table, schema, at))) throw this.noSuchTable(table, at);
    const rows = (await this.query('inspector-indexes.sql', [schema ?? 'public', table], at)).rows;
    return list(
      rows.map((r) => {
        const [name, unique, columns, include, expressions, method, predicate, constraint] = r.values;
        const cols = (columns as PySequence).items;
        const options = new PyDict();
        if (method !== 'btree') options.set('postgresql_using', method as PyValue);
        if (predicate !== null) options.set('postgresql_where', predicate as PyValue);
        if ((include as PySequence).items.length > 0) options.set('postgresql_include', include as PyValue);
        const d = dict({ name: name as PyValue, unique: unique as PyValue, column_names: list(cols), include_columns: include as PyValue, dialect_options: options });
        if (cols.some((c) => c === null)) d.set('expressions', expressions as PyValue);
        if (constraint !== null) d.set('duplicates_constraint', constraint as PyValue);
        return d;
      }),
    );
  }

  private async constraints(method: string, table: string, schema: string | null, at: Site): Promise<PyValue> {
    if (!(await this.exists(table, schema, at))) throw this.noSuchTable(table, at);
    const rows = (await this.query('inspector-constraints.sql', [schema ?? 'public', table], at)).rows;
    const of = (kind: string) => rows.filter((r) => r.values[1] === kind).map((r) => r.values);
    switch (method) {
      case 'get_pk_constraint': {
        const pk = of('p')[0];
        return dict({ constrained_columns: pk ? (pk[2] as PyValue) : list([]), name: pk ? (pk[0] as PyValue) : null, comment: pk ? (pk[11] as PyValue) : null });
      }
      case 'get_unique_constraints':
        return list(of('u').map((v) => dict({ name: v[0] as PyValue, column_names: v[2] as PyValue, comment: v[11] as PyValue })));
      case 'get_check_constraints':
        return list(of('c').map((v) => dict({ name: v[0] as PyValue, sqltext: checkText(String(v[10])), comment: v[11] as PyValue })));
      default:
        return list(
          of('f').map((v) => {
            const options = new PyDict();
            const action = (c: PyValue) => ({ c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT', r: 'RESTRICT' } as Record<string, string>)[String(c)];
            if (action(v[6] as PyValue)) options.set('onupdate', action(v[6] as PyValue) as string);
            if (action(v[7] as PyValue)) options.set('ondelete', action(v[7] as PyValue) as string);
            if (v[8] === true) options.set('deferrable', true);
            if (v[9] === true) options.set('initially', 'DEFERRED');
            const referredSchema = v[3] === (schema ?? 'public') && schema === null ? null : (v[3] as PyValue);
            return dict({ name: v[0] as PyValue, constrained_columns: v[2] as PyValue, referred_schema: referredSchema, referred_table: v[4] as PyValue, referred_columns: v[5] as PyValue, options, comment: v[11] as PyValue });
          }),
        );
    }
  }
}

/** `CHECK ((x > 0))` → `x > 0`, the text SQLAlchemy reflects. */
function checkText(definition: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(definition);
  let inner = m ? (m[1] as string) : definition;
  if (inner.startsWith('(') && inner.endsWith(')')) inner = inner.slice(1, -1);
  return inner;
}

function schemaOf(value: PyValue): string | null {
  return typeof value === 'string' ? value : null;
}

function list(items: readonly PyValue[]): PySequence {
  return new PySequence('list', items);
}

function dict(entries: Record<string, PyValue>): PyDict {
  return new PyDict(Object.entries(entries));
}
