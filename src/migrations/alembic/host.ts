import type { SyntaxNode } from '@lezer/common';
import { CannotInterpret, PyRaise, pyError, snippet } from '../../python/errors.js';
import type { CallArgs, Host, Runtime, Site } from '../../python/runtime.js';
import { HostObject, PyBoundMethod, PyClass, PyDict, PyInstance, PyRef, PySequence, type PyValue } from '../../python/values.js';
import { statementKind } from '../migration-statement.js';
import { canonicalName } from './canonical-name.js';
import type { StaticValue } from '../../python/static-value.js';
import type { ConfigureOption } from './env-settings.js';
import type { AlembicIni } from './ini.js';
import { Inspector, ReflectedType, alembicSql } from './inspector.js';
import { Operations, Params } from './operations.js';
import { ddlConstructSql } from './ddl-constructs.js';
import { sqlModelType } from './sqlmodel-types.js';
import { PyObject, SaObject } from './python-value.js';
import { QueryResult, ResultRow } from './results.js';
import { DIALECT_IMPL, compileType, isTypeDecorator, isTypeValue, typeDecoratorImpl } from './sa-types.js';
import { SA_EXCEPTIONS, type ShadowSession } from './session.js';
import { NotSql } from './sql-expression.js';
import { sqlCall, sqlMethod, sqlOperator, sqlUnary, isSql } from './sql-calls.js';
import { BoolExpr, ColumnCollection, Compiler, DmlExpr, MissingBind, SelectExpr, SqlElement, TableExpr, bindText, tableFrom } from './sql-builder.js';

/** Methods of Alembic's batch operations object and the `op` call each one maps to. */
const BATCH_METHODS: Record<string, { op: string; params: readonly string[] }> = {
  add_column: { op: 'add_column', params: ['column'] },
  drop_column: { op: 'drop_column', params: ['column_name'] },
  alter_column: { op: 'alter_column', params: ['column_name'] },
  create_index: { op: 'create_index', params: ['index_name', 'columns'] },
  drop_index: { op: 'drop_index', params: ['index_name'] },
  create_unique_constraint: { op: 'create_unique_constraint', params: ['constraint_name', 'columns'] },
  create_primary_key: { op: 'create_primary_key', params: ['constraint_name', 'columns'] },
  create_foreign_key: { op: 'create_foreign_key', params: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'] },
  create_check_constraint: { op: 'create_check_constraint', params: ['constraint_name', 'condition'] },
  drop_constraint: { op: 'drop_constraint', params: ['constraint_name', 'type_'] },
  create_table_comment: { op: 'create_table_comment', params: ['comment'] },
  drop_table_comment: { op: 'drop_table_comment', params: [] },
  execute: { op: 'execute', params: ['sqltext'] },
};

const SCHEMA_CLASSES = new Set(['Column', 'Table', 'MetaData', 'Index', 'ForeignKey', 'ForeignKeyConstraint', 'PrimaryKeyConstraint', 'UniqueConstraint', 'CheckConstraint', 'Identity', 'Computed', 'Sequence', 'Enum', 'ENUM', 'DefaultClause', 'FetchedValue', 'TypeDecorator', 'ExcludeConstraint']);
const BIND_METHODS = new Set(['execute', 'exec_driver_sql', 'scalar', 'scalars', 'begin', 'begin_nested', 'commit', 'rollback', 'close', 'in_transaction', 'in_nested_transaction', 'connect']);
const CONTEXT_METHODS = new Set(['autocommit_block', 'is_offline_mode', 'get_context', 'get_bind', 'get_x_argument', 'begin_transaction', 'execute']);
const RESULT_METHODS = new Set(['fetchall', 'fetchone', 'fetchmany', 'first', 'scalar', 'scalar_one', 'scalar_one_or_none', 'one', 'one_or_none', 'all', 'scalars', 'mappings', 'keys', 'close']);

/** What the migration sees of its environment: the `-x` arguments and the project's `alembic.ini`. */
export interface AlembicEnvironment {
  readonly xArguments: ReadonlyMap<string, string>;
  readonly ini: AlembicIni | null;
  /** What env.py passes to `context.configure()`, read without running it (`op.get_context().opts`). */
  readonly configureOption?: (name: string) => ConfigureOption<StaticValue>;
}

/**
 * Alembic and SQLAlchemy as the Python subset sees them: `op.*` operations sent to the shadow
 * the moment they run, the connection, inspection of the shadow as it stands, SQL expressions
 * and results. What is not here is refused by the interpreter with the construct's location.
 */
export class AlembicHost implements Host {
  private site: Site | null = null;
  /** Whether a revision read anything from the database (then Alembic's offline mode cannot render it). */
  inspected = false;
  private readonly operations: Operations;
  private pending: Array<{ sql: string; node: SyntaxNode; kind: 'schema' | 'data' }> = [];

  constructor(
    /** The shadow the migration runs on; null where there is none (models are read without a database). */
    private readonly session: ShadowSession | null,
    private readonly environment: AlembicEnvironment,
  ) {
    this.operations = new Operations(
      { emit: (sql, node, kind) => void this.pending.push({ sql, node, kind }) },
      (node, construct) => {
        const source = this.site?.source;
        throw new CannotInterpret(source ? source.where(node) : '?', construct);
      },
    );
  }

  private get db(): ShadowSession {
    if (this.session) return this.session;
    const source = this.site?.source;
    throw new CannotInterpret(source && this.site ? source.where(this.site.node) : '?', 'a use of the database (models are read without one)');
  }

  /**
   * Whether SQLAlchemy has a class name: types and schema items pgdrift knows are there; another
   * capitalised name in sqlalchemy's type modules is taken as absent (as `getattr(sa, "X", None)`
   * probes for a type); anything else cannot be told.
   */
  has(path: string): boolean | undefined {
    const name = canonicalName(path);
    if (name === null || !/^(sa|pg)\.[A-Z]/.test(name)) return undefined;
    return isTypeValue(new PyRef(path)) || SCHEMA_CLASSES.has(name.slice(3));
  }

  resolve(path: string): PyValue | undefined {
    if (path === 'alembic.context') return new PyObject('context');
    if (path.startsWith('sqlalchemy.exc.')) return SA_EXCEPTIONS.get(path.slice('sqlalchemy.exc.'.length));
    return undefined;
  }

  getAttr(value: PyValue, name: string, at: Site, rt: Runtime): PyValue | undefined {
    const method = () => new PyBoundMethod(value, name, null);
    if (value instanceof PyObject) {
      switch (value.kind) {
        case 'bind':
          if (name === 'dialect') return new PyObject('dialect');
          if (name === 'engine') return new PyObject('engine');
          if (name === 'connection') return value;
          if (name === 'info') return new PyDict();
          return BIND_METHODS.has(name) ? method() : undefined;
        case 'engine':
          // `bind.engine.name == "sqlite"`; otherwise the engine is used as the migration's
          // connection, as it was before it had a name of its own.
          if (name === 'name') return 'postgresql';
          return this.getAttr(new PyObject('bind'), name, at, rt);
        case 'dialect':
          if (name === 'name') return 'postgresql';
          if (name === 'driver') return 'psycopg2';
          if (name === 'server_version_info') return new PySequence('tuple', this.db.serverVersion);
          if (['type_descriptor', 'has_type', 'has_table', 'has_sequence', 'has_schema', 'has_index'].includes(name)) return method();
          return undefined;
        case 'context':
          if (name === 'config') return new PyObject('config');
          if (name === 'dialect') return new PyObject('dialect');
          if (name === 'bind' || name === 'connection') return new PyObject('bind');
          if (name === 'opts') return new PyObject('context-opts');
          // The replay is Alembic online: a live connection, no SQL script being written.
          if (name === 'as_sql') return false;
          return CONTEXT_METHODS.has(name) ? method() : undefined;
        case 'config':
          if (name === 'attributes') return new PyDict();
          if (name === 'config_file_name') return this.environment.ini?.file ?? null;
          if (name === 'config_ini_section') return 'alembic';
          return ['get_main_option', 'get_section_option', 'get_section'].includes(name) ? method() : undefined;
        case 'context-opts':
          return name === 'get' ? method() : undefined;
        case 'batch':
          return name === 'f' || Object.hasOwn(BATCH_METHODS, name) ? method() : undefined;
        case 'transaction':
          return ['commit', 'rollback', 'close'].includes(name) ? method() : name === 'is_active' ? true : undefined;
        default:
          return undefined;
      }
    }
    if (value instanceof Inspector) {
      if (name === 'default_schema_name') return 'public';
      if (name === 'bind' || name === 'engine') return new PyObject('bind');
      if (name === 'dialect') return new PyObject('dialect');
      return Inspector.METHODS.has(name) ? method() : undefined;
    }
    if (value instanceof QueryResult) {
      if (name === 'rowcount') return value.rowcount;
      if (name === 'returns_rows') return value.names.length > 0;
      return RESULT_METHODS.has(name) ? method() : undefined;
    }
    if (value instanceof ResultRow) {
      if (name === '_mapping') return value.mapping();
      if (name === '_fields') return new PySequence('tuple', value.names);
      if (name === '_asdict' || name === '_tuple') return method();
      const i = value.names.indexOf(name);
      if (i >= 0) return value.values[i] as PyValue;
      throw rt.raise('AttributeError', `Could not locate column in row for column '${name}'`, at);
    }
    if (value instanceof ReflectedType) {
      if (name === 'length') return /\((\d+)\)/.exec(value.formatted)?.[1] !== undefined ? Number(/\((\d+)\)/.exec(value.formatted)?.[1]) : null;
      if (name === 'python_type') return undefined;
      return undefined;
    }
    if (value instanceof TableExpr) {
      if (name === 'c' || name === 'columns') return new ColumnCollection(value);
      if (name === 'name') return value.name;
      if (name === 'schema') return value.schema;
      if (name === 'fullname') return value.schema ? `${value.schema}.${value.name}` : value.name;
      return ['insert', 'update', 'delete', 'select'].includes(name) ? method() : undefined;
    }
    if (value instanceof ColumnCollection) {
      const col = value.table.columns.get(name);
      if (col) return col;
      if (name === 'keys') return method();
      throw rt.raise('AttributeError', `${name}`, at);
    }
    if (isSql(value)) return sqlMethod(value, name);
    if (value instanceof SaObject) {
      if (value.name === 'sa.text' && ['bindparams', 'columns', 'params', 'execution_options'].includes(name)) return method();
      if (['create', 'drop', 'with_variant', 'label', 'desc', 'asc', 'in_', 'is_', 'is_not', 'isnot'].includes(name)) return method();
      if ((value.name === 'sa.Column' || value.name === 'sa.column') && name === 'name') return value.args[0] ?? null;
      if (name === 'length' && isTypeValue(value)) return value.kwargs.get('length') ?? value.args[0] ?? null;
      return undefined;
    }
    if (value instanceof PyInstance && isTypeDecorator(value.cls)) {
      if (name === 'impl') return typeDecoratorImpl(value);
      return undefined;
    }
    if (value instanceof PyClass && isTypeDecorator(value)) return undefined;
    return undefined;
  }

  async call(callee: PyValue, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    this.site = at;
    if (callee instanceof PyRef) return this.callRef(callee, call, at, rt);
    if (!(callee instanceof PyBoundMethod)) return undefined;
    const self = callee.self;
    const name = callee.name;
    if (self instanceof PyObject) return this.callObjectMethod(self, name, call, at, rt);
    if (self instanceof Inspector) return self.call(name, call, at);
    if (self instanceof QueryResult) return this.resultMethod(self, name, at, rt);
    if (self instanceof ResultRow) return name === '_asdict' ? self.mapping() : new PySequence('tuple', self.values);
    if (self instanceof TableExpr) return sqlCall(`table.${name}`, [self, ...call.args], call.kwargs, at, rt);
    if (self instanceof ColumnCollection) return new PySequence('list', [...self.table.columns.keys()]);
    if (isSql(self)) return sqlCall(`method.${name}`, [self, ...call.args], call.kwargs, at, rt);
    if (self instanceof SaObject) return this.saMethod(self, name, call, at, rt);
    return undefined;
  }

  private async callRef(ref: PyRef, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    if (ref.path.endsWith('Inspector.from_engine') || ref.path === 'sqlalchemy.inspect' || canonicalName(ref.path) === 'sa.inspect') {
      const target = call.args[0];
      this.inspected = true;
      if (target instanceof PyObject && (target.kind === 'bind' || target.kind === 'engine')) return new Inspector(this.db);
      if (target instanceof Inspector) return target;
      throw rt.cannot(`inspecting ${target === undefined ? 'nothing' : rt.repr(target, at)} (only the migration's connection can be inspected)`, at);
    }
    const sqlModel = sqlModelType(ref.path, call, at, rt);
    if (sqlModel) return sqlModel;
    const name = canonicalName(ref.path);
    if (name === null) return undefined;
    if (name.startsWith('op.')) return this.op(name.slice(3), call, at, rt);
    if (['sa.table', 'sa.Table'].includes(name)) {
      const table = tableFrom(call.args, call.kwargs);
      if (table) return table;
      if (call.kwargs.has('autoload_with') || call.kwargs.has('autoload')) throw rt.cannot(`a reflected sa.Table (autoload) in \`${snippet(at.source, at.node)}\``, at);
    }
    const built = await sqlCall(name, call.args, call.kwargs, at, rt);
    if (built !== undefined) return built;
    if (name.startsWith('sa.') || name.startsWith('pg.') || name.startsWith('func.')) return new SaObject(name, call.args, call.kwargs, at.node);
    return undefined;
  }

  /** A new `alembic` command run (lint's round trip runs each step as one): per-run memos start empty. */
  newRun(): void {
    this.operations.newRun();
  }

  /** `op.<name>(…)`: DDL through the operations library, run on the shadow before returning. */
  private async op(name: string, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue> {
    switch (name) {
      case 'get_bind':
        return new PyObject('bind');
      case 'get_context':
        return new PyObject('context');
      case 'batch_alter_table': {
        const p = new Params(call, ['table_name', 'schema', 'recreate']);
        const table = p.get('table_name');
        const recreate = p.get('recreate') ?? 'auto';
        if (typeof table !== 'string') throw rt.cannot('batch_alter_table without a table name', at);
        // On PostgreSQL "auto" never copies the table: every batch operation is a plain ALTER.
        if (recreate !== 'auto' && recreate !== 'never') throw rt.cannot(`batch_alter_table(recreate=${String(recreate)})`, at);
        return new PyObject('batch', { table, schema: p.get('schema') ?? null });
      }
      case 'execute': {
        const p = new Params(call, ['sqltext', 'execution_options']);
        await this.execute(p.get('sqltext') ?? null, null, at, rt, 'op');
        return null;
      }
      case 'bulk_insert': {
        const p = new Params(call, ['table', 'rows', 'multiinsert']);
        const table = p.get('table');
        const rows = p.get('rows');
        if (!(table instanceof TableExpr)) throw rt.cannot(`bulk_insert into ${rt.repr(table ?? null, at)}`, at);
        if (!(rows instanceof PySequence)) throw rt.cannot('bulk_insert rows that are not a list', at);
        for (const row of rows.items) {
          if (!(row instanceof PyDict)) throw rt.cannot('a bulk_insert row that is not a dict', at);
          for (const [k] of row.entries) if (!table.columns.has(String(k))) throw rt.raise('KeyError', String(k), at);
          await this.runDml(new DmlExpr('insert', table), row, at);
        }
        return null;
      }
      case 'create_table': {
        const result = this.operations.run(name, call, at.node);
        await this.flush(at);
        const handle = result instanceof PyObject ? (result.data.handle as { name: string; schema: string | null; columns: readonly string[] }) : null;
        if (!handle) return result;
        const types = new Map<string, PyValue>();
        for (const a of call.args) if (a instanceof SaObject && a.name === 'sa.Column' && typeof a.args[0] === 'string') types.set(a.args[0], a.args[1] ?? null);
        return new TableExpr(handle.name, handle.schema, handle.columns.map((c) => ({ name: c, type: types.get(c) ?? null })));
      }
      case 'f':
        return this.operations.run('f', call, at.node);
      case 'get_context_opts':
        return new PyDict();
      default: {
        const result = this.operations.run(name, call, at.node);
        await this.flush(at);
        return result;
      }
    }
  }

  /** Sends what the operations library produced for the call at `at`, in order. */
  private async flush(at: Site): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) await this.db.execute(p.sql, { source: at.source, node: p.node }, p.kind);
  }

  private async callObjectMethod(self: PyObject, name: string, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    switch (self.kind) {
      case 'bind':
        switch (name) {
          case 'execute':
          case 'exec_driver_sql':
            return this.execute(call.args[0] ?? null, call.args[1] ?? call.kwargs.get('parameters') ?? null, at, rt, name === 'exec_driver_sql' ? 'driver' : 'conn');
          case 'scalar':
            return this.resultMethod(await this.execute(call.args[0] ?? null, call.args[1] ?? null, at, rt, 'conn'), 'scalar', at, rt);
          case 'scalars':
            return (await this.execute(call.args[0] ?? null, call.args[1] ?? null, at, rt, 'conn')).as('scalars');
          case 'begin':
            return new PyObject('transaction', { nested: null });
          case 'begin_nested':
            return new PyObject('transaction', { nested: await this.db.savepoint(at) });
          case 'commit':
            // Alembic's connection is inside its own transaction; committing it ends that one early.
            await this.db.commit();
            return null;
          case 'rollback':
            await this.db.rollback();
            return null;
          case 'close':
            return null;
          case 'in_transaction':
          case 'in_nested_transaction':
            return true;
          case 'connect':
            return self;
          default:
            return undefined;
        }
      case 'context':
        switch (name) {
          case 'autocommit_block':
            return new PyObject('autocommit-block');
          case 'is_offline_mode':
            return false;
          case 'get_context':
            return self;
          case 'get_bind':
            return new PyObject('bind');
          case 'begin_transaction':
            return new PyObject('transaction', { nested: null });
          case 'execute':
            await this.execute(call.args[0] ?? null, null, at, rt, 'op');
            return null;
          case 'get_x_argument':
            if (call.kwargs.get('as_dictionary') === true) return new PyDict([...this.environment.xArguments]);
            return new PySequence('list', [...this.environment.xArguments].map(([k, v]) => (v === '' ? k : `${k}=${v}`)));
          default:
            return undefined;
        }
      case 'context-opts':
        return name === 'get' ? this.contextOption(call.args[0] ?? null, { fallback: call.args[1] ?? call.kwargs.get('default') ?? null }, at, rt) : undefined;
      case 'config':
        return this.configOption(name, call, at);
      case 'batch':
        return this.batch(self, name, call, at, rt);
      case 'dialect': {
        // type_descriptor() adapts a type to the dialect: for the types migrations use, itself.
        if (name === 'type_descriptor') return call.args[0] ?? null;
        this.inspected = true;
        // The dialect's has_*(connection, name, …) ask what the inspector's do, without its cache.
        const rest: CallArgs = { args: call.args.slice(1), kwargs: call.kwargs };
        if (name === 'has_type') {
          const schema = call.args[2] ?? call.kwargs.get('schema') ?? null;
          const { rows } = await this.db.execute(alembicSql('dialect-has-type.sql'), at, 'query', [String(call.args[1]), typeof schema === 'string' ? schema : null]);
          return rows[0]?.values[0] === true;
        }
        return new Inspector(this.db).call(name, rest, at);
      }
      case 'transaction': {
        const nested = self.data.nested as { release(): Promise<void>; rollback(): Promise<void> } | null;
        if (name === 'commit') await (nested ? nested.release() : this.db.commit());
        else if (name === 'rollback') await (nested ? nested.rollback() : this.db.rollback());
        return null;
      }
      default:
        return undefined;
    }
  }

  /** `context.config`'s readers, answered from the project's alembic.ini as Alembic's `Config` does. */
  private configOption(name: string, call: CallArgs, at: Site): PyValue {
    const ini = this.environment.ini;
    const arg = (n: number, kw: string): PyValue | undefined => call.args[n] ?? call.kwargs.get(kw);
    const text = (v: PyValue | undefined, what: string): string => {
      if (typeof v === 'string') return v;
      throw new CannotInterpret(at.source.where(at.node), `config.${name}() with a ${what} that is not a string`);
    };
    if (name === 'get_section') {
      const options = ini?.section(text(arg(0, 'name'), 'section name'));
      return options ? new PyDict([...options]) : (arg(1, 'default') ?? null);
    }
    const section = name === 'get_main_option' ? 'alembic' : text(arg(0, 'section'), 'section name');
    const option = text(arg(name === 'get_main_option' ? 0 : 1, 'name'), 'option name');
    const dflt = arg(name === 'get_main_option' ? 1 : 2, 'default') ?? null;
    if (ini && section !== 'alembic' && !ini.hasSection(section)) {
      throw pyError('Exception', `No config file ${JSON.stringify(ini.file)} found, or file has no '[${section}]' section`, at.source.where(at.node));
    }
    return ini?.get(section, option) ?? dflt;
  }

  private async batch(batch: PyObject, method: string, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue> {
    if (method === 'f') return this.operations.run('f', call, at.node);
    const spec = BATCH_METHODS[method] as (typeof BATCH_METHODS)[string];
    const p = new Params(call, spec.params);
    const table = batch.data.table as string;
    const schema = batch.data.schema as PyValue;
    const kwargs = new Map<string, PyValue>(p.extra);
    for (const param of spec.params) if (p.has(param)) kwargs.set(param, p.get(param) as PyValue);
    if (spec.op === 'create_foreign_key') kwargs.set('source_table', table);
    else if (spec.op !== 'execute') kwargs.set('table_name', table);
    if (schema !== null && spec.op !== 'execute') kwargs.set(spec.op === 'create_foreign_key' ? 'source_schema' : 'schema', schema);
    if (spec.op === 'add_column') {
      kwargs.delete('insert_before');
      kwargs.delete('insert_after');
    }
    return this.op(spec.op, { args: [], kwargs }, at, rt);
  }

  /**
   * Runs what `op.execute` / `connection.execute` / `exec_driver_sql` is given: SQL text, a
   * `sa.text()` with bound parameters, or a SQLAlchemy statement; several parameter sets run it
   * once per set.
   */
  private async execute(statement: PyValue, parameters: PyValue, at: Site, rt: Runtime, via: 'op' | 'conn' | 'driver'): Promise<QueryResult> {
    const sets = parameters instanceof PySequence ? parameters.items : parameters === null ? [null] : [parameters];
    if (parameters instanceof PySequence && via === 'driver') throw rt.cannot('exec_driver_sql() with positional parameters', at);
    let result: QueryResult | null = null;
    for (const set of sets) {
      if (set !== null && !(set instanceof PyDict)) throw rt.cannot(`execute() parameters given as ${rt.repr(set, at)}`, at);
      result = await this.executeOne(statement, set, at, rt, via);
    }
    return result ?? new QueryResult([], [], 0);
  }

  private async executeOne(statement: PyValue, params: PyDict | null, at: Site, rt: Runtime, via: 'op' | 'conn' | 'driver'): Promise<QueryResult> {
    if (typeof statement === 'string' || (statement instanceof SaObject && ['sa.text', 'sa.literal_column'].includes(statement.name))) {
      const text = typeof statement === 'string' ? statement : String(statement.args[0]);
      const boundBefore = statement instanceof SaObject ? (statement.kwargs.get('__binds__') as PyDict | undefined) : undefined;
      const binds = new PyDict([...(boundBefore?.entries ?? []), ...(params?.entries ?? [])]);
      const plain = typeof statement === 'string' && via !== 'driver';
      if (plain || (binds.size === 0 && !/(^|[^:\w\\]):[A-Za-z_]/.test(text))) {
        const sql = text.trim().replace(/;\s*$/, '');
        return this.db.execute(sql, at, statementKind(sql));
      }
      if (via === 'driver') throw rt.cannot('exec_driver_sql() with parameters', at);
      const c = new Compiler();
      let sql: string;
      try {
        sql = bindText(text, binds, c);
      } catch (err) {
        if (err instanceof MissingBind) throw new PyRaise(new PyInstance(SA_EXCEPTIONS.get('StatementError') as PyClass, [err.message]), at.source.where(at.node));
        throw err;
      }
      const trimmed = sql.trim().replace(/;\s*$/, '');
      return this.db.execute(trimmed, at, statementKind(sql), c.params, c.inline(trimmed));
    }
    if (statement instanceof SelectExpr) {
      const c = new Compiler();
      return this.db.execute(statement.compile(c), at, 'query', c.params);
    }
    if (statement instanceof DmlExpr) return this.runDml(statement, params, at);
    const ddl = statement instanceof SaObject ? ddlConstructSql(statement, () => at.source.where(at.node)) : undefined;
    if (ddl !== undefined) {
      if (params !== null) throw rt.cannot(`executing ${(statement as SaObject).describe()} with parameters`, at);
      return this.db.execute(ddl, at, statementKind(ddl));
    }
    if (statement instanceof SqlElement || statement instanceof SaObject) {
      const c = new Compiler();
      try {
        return await this.db.execute(`SELECT ${sqlOperand(statement, c)}`, at, 'query', c.params);
      } catch (err) {
        if (err instanceof NotSql) throw rt.cannot(`executing ${rt.repr(statement, at)}`, at);
        throw err;
      }
    }
    throw rt.cannot(`executing ${statement instanceof HostObject ? statement.describe() : rt.repr(statement, at)}`, at);
  }

  private async runDml(dml: DmlExpr, row: PyDict | null, at: Site): Promise<QueryResult> {
    const c = new Compiler();
    const sql = dml.compileWith(c, row);
    return this.db.execute(sql, at, 'data', c.params, c.inline(sql));
  }

  private resultMethod(result: QueryResult, name: string, at: Site, rt: Runtime): PyValue {
    // Reading rows is what Alembic's offline mode cannot do.
    this.inspected = true;
    const noResult = (what: string) => new PyRaise(new PyInstance(SA_EXCEPTIONS.get(what) as PyClass, []), at.source.where(at.node));
    switch (name) {
      case 'fetchall':
      case 'all':
        return new PySequence('list', result.take(Infinity));
      case 'fetchone':
        return result.take(1)[0] ?? null;
      case 'fetchmany':
        return new PySequence('list', result.take(1));
      case 'first': {
        const first = result.take(1)[0] ?? null;
        result.take(Infinity);
        return first;
      }
      case 'scalar': {
        const row = result.rows[0];
        result.take(Infinity);
        return row ? (row.values[0] ?? null) : null;
      }
      case 'one':
      case 'scalar_one':
      case 'one_or_none':
      case 'scalar_one_or_none': {
        const rows = result.take(Infinity);
        if (rows.length > 1) throw noResult('MultipleResultsFound');
        if (rows.length === 0) {
          if (name.endsWith('or_none')) return null;
          throw noResult('NoResultFound');
        }
        const only = rows[0] as PyValue;
        return name.startsWith('scalar') && only instanceof ResultRow ? (only.values[0] ?? null) : only;
      }
      case 'scalars':
        return result.as('scalars');
      case 'mappings':
        return result.as('mappings');
      case 'keys':
        return new PySequence('list', result.names);
      case 'close':
        return null;
      default:
        throw rt.cannot(`the result method .${name}()`, at);
    }
  }

  private async saMethod(self: SaObject, name: string, call: CallArgs, at: Site, rt: Runtime): Promise<PyValue | undefined> {
    if ((name === 'create' || name === 'drop') && (self.name === 'sa.Enum' || self.name === 'pg.ENUM')) {
      const bind = call.args[0] ?? call.kwargs.get('bind');
      if (!(bind instanceof PyObject && (bind.kind === 'bind' || bind.kind === 'engine'))) return undefined;
      this.operations.enumDdl(name, self, call, at.node);
      await this.flush(at);
      return null;
    }
    if (name === 'with_variant') return call.args[1] === 'postgresql' ? (call.args[0] as PyValue) : self;
    if (self.name === 'sa.text') {
      if (name === 'bindparams' || name === 'params') {
        const binds = new PyDict([...((self.kwargs.get('__binds__') as PyDict | undefined)?.entries ?? []), ...call.kwargs]);
        return new SaObject(self.name, self.args, new Map([...self.kwargs, ['__binds__', binds]]), self.node);
      }
      return self;
    }
    return sqlCall(`method.${name}`, [self, ...call.args], call.kwargs, at, rt);
  }

  operator(op: string, left: PyValue, right: PyValue, at: Site, rt: Runtime): PyValue | undefined {
    return sqlOperator(op, left, right, at, rt);
  }

  unary(op: string, value: PyValue): PyValue | undefined {
    return sqlUnary(op, value);
  }

  async iterate(value: PyValue): Promise<PyValue[] | undefined> {
    if (value instanceof QueryResult) {
      this.inspected = true;
      return value.take(Infinity);
    }
    if (value instanceof ResultRow) return [...value.values];
    if (value instanceof ColumnCollection) return [...value.table.columns.values()];
    return undefined;
  }

  /**
   * `op.get_context().opts[name]` / `.get(name, default)`: what env.py passes to
   * `context.configure()`. A value only running env.py would give is refused, never guessed:
   * an empty dict would send `.get(name, default)` down the wrong branch without a word.
   */
  private contextOption(name: PyValue, missing: { fallback: PyValue } | null, at: Site, rt: Runtime): PyValue {
    const key = typeof name === 'string' ? name : rt.repr(name, at);
    const o = this.environment.configureOption?.(key) ?? { state: 'no-env' as const, where: 'no env.py read' };
    const fromStatic = (v: StaticValue): PyValue => (Array.isArray(v) ? new PySequence('list', v.map(fromStatic)) : (v ?? null));
    if (o.state === 'set') return fromStatic(o.value);
    if (o.state === 'absent') {
      if (missing) return missing.fallback;
      throw rt.raise('KeyError', key, at);
    }
    const why =
      o.state === 'unreadable'
        ? `env.py passes it to context.configure() from what only running env.py tells (${o.where})`
        : o.state === 'spread'
          ? `env.py may pass it to context.configure() in a **mapping (${o.where})`
          : `its value comes from env.py, and ${o.where}`;
    throw rt.cannot(`op.get_context().opts[${JSON.stringify(key)}]: ${why}`, at);
  }

  subscript(value: PyValue, index: PyValue, at: Site, rt: Runtime): PyValue | undefined {
    if (value instanceof PyObject && value.kind === 'context-opts') return this.contextOption(index, null, at, rt);
    if (value instanceof ResultRow) {
      if (typeof index === 'number') {
        const v = value.values[index < 0 ? value.values.length + index : index];
        if (v === undefined) throw rt.raise('IndexError', 'tuple index out of range', at);
        return v;
      }
      if (typeof index === 'string') {
        const i = value.names.indexOf(index);
        if (i < 0) throw rt.raise('KeyError', index, at);
        return value.values[i] as PyValue;
      }
    }
    if (value instanceof ColumnCollection && typeof index === 'string') {
      const col = value.table.columns.get(index);
      if (!col) throw rt.raise('KeyError', index, at);
      return col;
    }
    return undefined;
  }

  truthy(value: PyValue): boolean | undefined {
    if (value instanceof ResultRow) return value.values.length > 0;
    if (isSql(value) && !(value instanceof TableExpr)) return undefined;
    return true;
  }

  str(value: PyValue, _at: Site): string | undefined {
    if (value instanceof ReflectedType) return value.reflected.text;
    if (value instanceof PyInstance && isTypeDecorator(value.cls)) {
      const impl = typeDecoratorImpl(value);
      return impl === null ? undefined : this.str(impl, _at);
    }
    if (isTypeValue(value)) {
      try {
        return compileType(value).sql;
      } catch {
        return undefined;
      }
    }
    if (value instanceof SaObject && value.name === 'sa.text') return String(value.args[0]);
    return undefined;
  }

  isInstance(value: PyValue, cls: PyValue): boolean | undefined {
    if (!(cls instanceof PyRef)) return undefined;
    const short = (canonicalName(cls.path) ?? cls.path).replace(/^(sa|pg)\./, '');
    if (value instanceof ReflectedType) return value.reflected.classes.includes(short);
    if (value instanceof SaObject) return value.name.replace(/^(sa|pg)\./, '') === short;
    if (value instanceof PyInstance) return value.cls.externalBases().some((b) => b === cls.path || canonicalName(b) === canonicalName(cls.path));
    return false;
  }

  async enter(value: PyValue): Promise<{ readonly value: PyValue; exit(failed: boolean): Promise<void> } | undefined> {
    if (!(value instanceof PyObject)) return undefined;
    switch (value.kind) {
      case 'batch':
      case 'bind':
      case 'engine':
        return { value, exit: async () => {} };
      case 'autocommit-block': {
        // Alembic commits the transaction so far, runs the block outside any, and begins anew.
        const before = this.db.transactional;
        this.db.transactional = false;
        return {
          value: null,
          exit: async () => {
            this.db.transactional = before;
          },
        };
      }
      case 'transaction': {
        const nested = value.data.nested as { release(): Promise<void>; rollback(): Promise<void> } | null;
        return {
          value,
          exit: async (failed) => {
            if (nested) await (failed ? nested.rollback() : nested.release());
          },
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * A TypeDecorator whose `load_dialect_impl()` picks the type per dialect (a UUID on
   * PostgreSQL, CHAR(36) elsewhere): asked once, for PostgreSQL, as SQLAlchemy does.
   */
  async constructed(instance: PyValue, at: Site, rt: Runtime): Promise<void> {
    if (!(instance instanceof PyInstance) || !isTypeDecorator(instance.cls)) return;
    const load = instance.cls.lookup('load_dialect_impl');
    if (load === undefined) return;
    const chosen = await rt.call(rt.getAttr(instance, 'load_dialect_impl', at), { args: [new PyObject('dialect')], kwargs: new Map() }, at);
    instance.attrs.set(DIALECT_IMPL, chosen);
  }

  exceptionClass(value: PyValue): PyValue | undefined {
    if (value instanceof PyRef && value.path.startsWith('sqlalchemy.exc.')) return SA_EXCEPTIONS.get(value.path.slice('sqlalchemy.exc.'.length));
    return undefined;
  }
}

function sqlOperand(value: PyValue, c: Compiler): string {
  if (value instanceof SqlElement) return value.compile(c);
  return new BoolExpr('AND', [value]).compile(c).replace(/^\((.*)\)$/s, '$1');
}
